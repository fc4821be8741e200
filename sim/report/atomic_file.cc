#include "sim/report/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

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

}  // namespace

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Open(const std::string& path) {
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    if (S_ISDIR(existing.st_mode)) return ErrorFor(path, "opening", EISDIR);
    std::FILE* file = std::fopen(path.c_str(), "wb");  // a device or FIFO: written in place
    if (file == nullptr) return ErrorFor(path, "opening", errno);
    return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(path, "", file));
  }
  std::string temporary = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) return ErrorFor(path, absl::StrCat("creating ", temporary), errno);
  ::fchmod(fd, 0644);  // mkstemp creates 0600; a report is as readable as any other output
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int error_number = errno;
    ::close(fd);
    std::remove(temporary.c_str());
    return ErrorFor(path, absl::StrCat("opening ", temporary), error_number);
  }
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(path, temporary, file));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr) std::fclose(file_);
  if (!temporary_.empty()) std::remove(temporary_.c_str());
}

absl::Status AtomicFileWriter::Commit() {
  const std::string written = temporary_.empty() ? path_ : temporary_;
  int error_number = std::ferror(file_) ? (errno != 0 ? errno : EIO) : 0;
  if (std::fclose(file_) != 0 && error_number == 0) error_number = errno != 0 ? errno : EIO;
  file_ = nullptr;
  if (error_number != 0) return ErrorFor(path_, absl::StrCat("writing ", written), error_number);
  if (temporary_.empty()) return absl::OkStatus();
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    return ErrorFor(path_, absl::StrCat("renaming ", temporary_), errno);
  }
  temporary_.clear();  // renamed: nothing left to remove
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Open(path);
  if (!writer.ok()) return writer.status();
  if (std::fwrite(contents.data(), 1, contents.size(), (*writer)->file()) != contents.size()) {
    const int error_number = errno != 0 ? errno : EIO;
    return ErrorFor(path, "writing", error_number);  // the destructor removes the temporary
  }
  return (*writer)->Commit();
}

}  // namespace sim
