#include "sim/scenario/json_text.h"

#include <exception>
#include <set>
#include <string>
#include <vector>

#include "sim/scenario/concat.h"
#include "sim/scenario/json_depth.h"
#include "sim/scenario/json_reader.h"

namespace sim::scenario {
namespace {

using ParseEvent = nlohmann::json::parse_event_t;

// Follows the parser's position to name the first duplicate key by its pointer.
class DuplicateKeyFinder {
 public:
  // The parser callback: always keeps the value.
  bool OnEvent(ParseEvent event, const nlohmann::json& parsed);
  const std::string& first_duplicate_path() const { return first_duplicate_path_; }

 private:
  struct Frame {
    bool is_object = false;
    std::string key;             // object: the current member
    size_t index = 0;            // array: the current element
    std::set<std::string> keys;  // object: members seen so far
  };

  std::string CurrentPath() const;
  void ElementDone();

  std::vector<Frame> stack_;
  std::string first_duplicate_path_;
};

bool DuplicateKeyFinder::OnEvent(ParseEvent event, const nlohmann::json& parsed) {
  switch (event) {
    case ParseEvent::object_start:
    case ParseEvent::array_start:
      stack_.push_back(Frame{event == ParseEvent::object_start, "", 0, {}});
      break;
    case ParseEvent::key:
      stack_.back().key = parsed.get<std::string>();
      if (!stack_.back().keys.insert(stack_.back().key).second && first_duplicate_path_.empty()) {
        first_duplicate_path_ = CurrentPath();
      }
      break;
    case ParseEvent::object_end:
    case ParseEvent::array_end:
      stack_.pop_back();
      ElementDone();
      break;
    case ParseEvent::value:
      ElementDone();
      break;
  }
  return true;
}

std::string DuplicateKeyFinder::CurrentPath() const {
  std::string path;
  for (const Frame& frame : stack_) {
    path = frame.is_object ? ChildPath(path, frame.key) : IndexPath(path, frame.index);
  }
  return path;
}

void DuplicateKeyFinder::ElementDone() {
  if (!stack_.empty() && !stack_.back().is_object) ++stack_.back().index;
}

// "[json.exception.parse_error.101] parse error at ..." without the bracketed prefix.
std::string WithoutExceptionId(std::string message) {
  if (message.starts_with("[json.exception.")) {
    const size_t end = message.find("] ");
    if (end != std::string::npos) message.erase(0, end + 2);
  }
  return message;
}

}  // namespace

absl::StatusOr<nlohmann::json> ParseJsonText(std::string_view text, std::string_view file_label) {
  if (const std::string too_deep = JsonDepthError(text); !too_deep.empty()) {
    return absl::InvalidArgumentError(Concat(file_label, ": invalid JSON: ", too_deep));
  }
  DuplicateKeyFinder finder;
  nlohmann::json document;
  try {
    document =
        nlohmann::json::parse(text, [&finder](int, ParseEvent event, nlohmann::json& parsed) {
          return finder.OnEvent(event, parsed);
        });
  } catch (const nlohmann::json::exception& error) {
    return absl::InvalidArgumentError(
        Concat(file_label, ": invalid JSON: ", WithoutExceptionId(error.what())));
  } catch (const std::exception& error) {
    return absl::InternalError(Concat(file_label, ": cannot parse: ", error.what()));
  }
  if (!finder.first_duplicate_path().empty()) {
    return absl::InvalidArgumentError(Concat(file_label, ": ", finder.first_duplicate_path(),
                                             ": duplicate key (JSON objects must not "
                                             "repeat a key)"));
  }
  return document;
}

}  // namespace sim::scenario
