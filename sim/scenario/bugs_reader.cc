// Reads the `bugs` section: a list of deliberate defect names (bug_names.h).
#include "sim/scenario/bug_names.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {

std::vector<std::string> ReadBugs(ParseErrors& errors, const JsonAt& at) {
  std::vector<std::string> bugs;
  for (const JsonAt& item : ReadArray(errors, at, /*non_empty=*/false)) {
    bugs.push_back(ReadString(errors, item));
  }
  if (!errors.ok()) return bugs;
  if (const std::optional<BugNameError> error = ValidateBugNames(bugs)) {
    errors.Fail(IndexPath(at.path, error->index), error->message);
  }
  return bugs;
}

}  // namespace sim::scenario
