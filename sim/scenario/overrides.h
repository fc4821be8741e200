// `--set PATH=VALUE` overrides, applied to a scenario's JSON before it is validated, so the
// result is checked exactly like a file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace sim::scenario {

// Applies one override "PATH=VALUE" to `document`.
// - PATH is dotted ("cluster.replication.r", "faults.0.at"); a segment that is a decimal number
//   indexes an array when the value there is an array, and is an object key otherwise.
// - VALUE is parsed as JSON; text that is not valid JSON is taken as a string
//   ("last_write_wins", "20ms").
// - Missing intermediate objects are created. An index past the end of an array, a missing
//   array, or a path through a non-container value is an error naming the override.
// On error `document` may be partly changed; callers discard it.
absl::Status ApplyOverride(nlohmann::json& document, std::string_view override_text);

// Applies every override in order; the first error stops and is returned with `file_label`
// prefixed ("x.json: --set faults.5.at=1s: ...").
absl::Status ApplyOverrides(nlohmann::json& document, const std::vector<std::string>& overrides,
                            std::string_view file_label);

}  // namespace sim::scenario
