// Parsing the text of a JSON document without letting an exception escape.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace sim::scenario {

// Parses `text`. Errors (InvalidArgument) start with `file_label`: a syntax error gives its line
// and column ("x.json: invalid JSON: parse error at line 3, column 5: ..."); an object with the
// same key twice (which nlohmann would silently collapse) gives the key's pointer
// ("x.json: /cluster/nodes: duplicate key"); nesting deeper than kMaxJsonDepth is refused before
// parsing ("x.json: invalid JSON: nested more than 64 levels deep at line 1, column 65 ...").
absl::StatusOr<nlohmann::json> ParseJsonText(std::string_view text, std::string_view file_label);

}  // namespace sim::scenario
