// Concat(...): string building for messages. Debian's Abseil is built with its own
// absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0), so absl::StrCat and friends reject
// std::string_view; this accepts strings, string views, C strings and numbers (numbers printed by
// fmt: shortest round-trip form, "0.5", "1", "4").
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fmt/format.h"

namespace sim::scenario {
namespace concat_internal {

inline void Append(std::string& out, std::string_view piece) { out.append(piece); }

template <typename Number>
requires std::is_arithmetic_v<Number>
void Append(std::string& out, Number number) { out += fmt::to_string(number); }

}  // namespace concat_internal

template <typename... Pieces>
std::string Concat(const Pieces&... pieces) {
  std::string out;
  (concat_internal::Append(out, pieces), ...);
  return out;
}

// The elements joined with `separator`.
inline std::string Join(const std::vector<std::string_view>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(separator);
    out.append(parts[i]);
  }
  return out;
}

}  // namespace sim::scenario
