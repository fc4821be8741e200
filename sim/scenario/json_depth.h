// A bound on how deeply a JSON text nests, checked on the raw text before any parser sees it.
// nlohmann's parser is iterative, but copying, comparing, dumping and destroying a parsed value
// recurse once per level, so a document nested 50,000 deep overflows the stack. No scenario,
// report or sweep line needs more than a handful of levels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sim::scenario {

inline constexpr size_t kMaxJsonDepth = 64;

// Empty when no array or object in `text` is nested more than kMaxJsonDepth deep; otherwise
// "nested more than 64 levels deep at line L, column C (the limit of this format)". Brackets
// inside strings do not count. Does not validate anything else.
std::string JsonDepthError(std::string_view text);

}  // namespace sim::scenario
