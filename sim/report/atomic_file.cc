#include "sim/report/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace sim {
namespace {

// An error naming `path`, the step that failed and the system's reason.
absl::Status ErrorFor(const std::string& path, const std::string& step, int error_number) {
  const std::string message =
      absl::StrCat("cannot write ", path, ": ", step, ": ", std::strerror(error_number));
  switch (error_number) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(message);
    default:
      return absl::InternalError(message);
  }
}

// Writes all of `contents` to a new file at `path`; on failure returns the errno, else 0.
int WriteWholeFile(const std::string& path, const std::string& contents) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return errno;
  const size_t written = std::fwrite(contents.data(), 1, contents.size(), file);
  int error_number = written == contents.size() ? 0 : errno;
  if (std::fclose(file) != 0 && error_number == 0) error_number = errno;
  // A short write with errno unset still failed.
  if (written != contents.size() && error_number == 0) error_number = EIO;
  return error_number;
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp";
  if (const int error_number = WriteWholeFile(temporary, contents); error_number != 0) {
    std::remove(temporary.c_str());
    return ErrorFor(path, absl::StrCat("writing ", temporary), error_number);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error_number = errno;
    std::remove(temporary.c_str());
    return ErrorFor(path, absl::StrCat("renaming ", temporary), error_number);
  }
  return absl::OkStatus();
}

}  // namespace sim
