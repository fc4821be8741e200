// Writing result files so that an interrupted run never leaves half a file behind: the contents
// go to PATH.tmp, which is then renamed over PATH (atomic on POSIX within one file system). A
// reader sees the old file or the new one, never a prefix. No fsync: this protects against an
// interrupted process, not against a power cut.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace sim {

// Writes `contents` to `path` through `path` + ".tmp". On failure returns an error Status naming
// the path and the reason, and removes the temporary file if it was created; `path` itself is
// then unchanged. Overwrites an existing `path`. Not safe against two writers of one path.
absl::Status WriteFileAtomically(const std::string& path, const std::string& contents);

}  // namespace sim
