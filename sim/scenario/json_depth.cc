#include "sim/scenario/json_depth.h"

#include "sim/scenario/concat.h"

namespace sim::scenario {

std::string JsonDepthError(std::string_view text) {
  size_t depth = 0;
  size_t line = 1;
  size_t line_start = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '\n':
        ++line;
        line_start = i + 1;
        break;
      case '[':
      case '{':
        if (++depth > kMaxJsonDepth) {
          return Concat("nested more than ", kMaxJsonDepth, " levels deep at line ", line,
                        ", column ", i - line_start + 1, " (the limit of this format)");
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;  // an unbalanced bracket is the parser's error to report
        break;
      default:
        break;
    }
  }
  return "";
}

}  // namespace sim::scenario
