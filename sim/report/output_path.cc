#include "sim/report/output_path.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"

namespace sim {
namespace {

namespace fs = std::filesystem;

absl::Status Bad(const std::string& flag, const std::string& path, const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat(flag, " '", path, "': ", reason));
}

// The directory a relative or absolute `path` lives in ("." for a bare name).
fs::path ParentOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// OK when `dir` is an existing directory this process may create files in.
absl::Status CheckWritableDirectory(const std::string& flag, const std::string& path,
                                    const fs::path& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) {
    return Bad(flag, path, absl::StrCat("directory ", dir.string(), " does not exist"));
  }
  if (!fs::is_directory(dir, error)) {
    return Bad(flag, path, absl::StrCat(dir.string(), " is not a directory"));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return Bad(flag, path, absl::StrCat("cannot create files in ", dir.string()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckOutputFile(const std::string& flag, const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError(flag + " needs a non-empty path");
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::is_directory(status)) return Bad(flag, path, "is a directory, not a file");
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (::access(path.c_str(), W_OK) != 0) return Bad(flag, path, "is not writable");
    return absl::OkStatus();  // a device or FIFO: written in place
  }
  return CheckWritableDirectory(flag, path, ParentOf(path));
}

absl::Status CheckOutputDirectory(const std::string& flag, const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError(flag + " needs a non-empty directory");
  std::error_code error;
  fs::path existing = fs::path(dir);
  while (!fs::exists(existing, error)) {
    const fs::path parent = existing.parent_path();
    if (parent.empty() || parent == existing) {
      existing = ".";
      break;
    }
    existing = parent;
  }
  if (existing == fs::path(dir) && !fs::is_directory(existing, error)) {
    return Bad(flag, dir, "exists and is not a directory");
  }
  return CheckWritableDirectory(flag, dir, existing);
}

}  // namespace sim
