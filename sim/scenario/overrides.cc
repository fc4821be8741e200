#include "sim/scenario/overrides.h"

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/json_depth.h"
#include "sim/scenario/json_reader.h"

namespace sim::scenario {
namespace {

// The array index `segment` spells, or -1 when it is not a plain decimal number.
int64_t IndexOf(std::string_view segment) {
  if (segment.empty() || segment.size() > 9) return -1;
  for (char c : segment) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return -1;
  }
  int64_t index = 0;
  for (char c : segment) index = index * 10 + (c - '0');
  return index;
}

// The child of `node` named by `segment`, created (as null) when `node` is an object or null
// without it. `path` is the pointer of `node`, for messages.
absl::StatusOr<nlohmann::json*> Step(nlohmann::json& node, std::string_view segment,
                                     const std::string& path) {
  const int64_t index = IndexOf(segment);
  if (node.is_array()) {
    if (index < 0) {
      return absl::InvalidArgumentError(Concat(path.empty() ? "(root)" : path, " is an array; \"",
                                               segment, "\" is not an index"));
    }
    if (static_cast<uint64_t>(index) >= node.size()) {
      return absl::InvalidArgumentError(
          Concat("index ", index, " is out of range: ", path, " has ", node.size(), " items"));
    }
    return &node[static_cast<size_t>(index)];
  }
  if (node.is_null()) {
    if (index >= 0) {
      return absl::InvalidArgumentError(
          Concat("index ", index, " is out of range: there is no array at ", path));
    }
    node = nlohmann::json::object();
  }
  if (!node.is_object()) {
    return absl::InvalidArgumentError(Concat(
        path, " is ", Describe(node), ", not an object or array, so it has no \"", segment, "\""));
  }
  return &node[std::string(segment)];
}

// VALUE as JSON, or as a plain string when it is not JSON. Too deep a JSON value is an error.
absl::StatusOr<nlohmann::json> ParseValue(std::string_view text) {
  if (const std::string too_deep = JsonDepthError(text); !too_deep.empty()) {
    return absl::InvalidArgumentError(Concat("VALUE is ", too_deep));
  }
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return nlohmann::json(std::string(text));
  return value;
}

absl::Status ApplyParsed(nlohmann::json& document, std::string_view path_text,
                         std::string_view value_text) {
  std::vector<std::string_view> segments;
  for (size_t start = 0;;) {
    const size_t dot = path_text.find('.', start);
    segments.push_back(path_text.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  nlohmann::json* node = &document;
  std::string path;
  for (std::string_view segment : segments) {
    if (segment.empty()) {
      return absl::InvalidArgumentError("PATH has an empty segment (expected a.b.c)");
    }
    absl::StatusOr<nlohmann::json*> child = Step(*node, segment, path);
    if (!child.ok()) return child.status();
    node = *child;
    path = ChildPath(path, segment);
  }
  absl::StatusOr<nlohmann::json> value = ParseValue(value_text);
  if (!value.ok()) return value.status();
  *node = *std::move(value);
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyOverride(nlohmann::json& document, std::string_view override_text) {
  const size_t equals = override_text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return absl::InvalidArgumentError("expected PATH=VALUE, such as cluster.replication.r=3");
  }
  return ApplyParsed(document, override_text.substr(0, equals), override_text.substr(equals + 1));
}

absl::Status ApplyOverrides(nlohmann::json& document, const std::vector<std::string>& overrides,
                            std::string_view file_label) {
  for (const std::string& override_text : overrides) {
    const absl::Status status = ApplyOverride(document, override_text);
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          Concat(file_label, ": --set ", override_text, ": ", std::string(status.message())));
    }
  }
  return absl::OkStatus();
}

}  // namespace sim::scenario
