#include "tools/dynamo-sim/sweep_out_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace sim::cli {
namespace {

absl::Status SystemError(const std::string& path, const char* step) {
  return absl::InvalidArgumentError(
      fmt::format("{}: cannot {}: {}", path, step, std::strerror(errno)));
}

}  // namespace

absl::StatusOr<SweepOutFile> SweepOutFile::Open(const std::string& path, bool resume) {
  std::vector<SweepLine> resumed;
  std::error_code error;
  if (resume && std::filesystem::exists(path, error)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return SystemError(path, "read");
    std::stringstream text;
    text << in.rdbuf();
    const std::string contents = text.str();
    // Only whole lines count: a line without its newline was cut short by the interruption.
    const size_t whole = contents.rfind('\n') == std::string::npos ? 0 : contents.rfind('\n') + 1;
    size_t line_number = 0;
    for (size_t start = 0; start < whole;) {
      const size_t end = contents.find('\n', start);
      ++line_number;
      absl::StatusOr<SweepLine> line = ParseSweepLine(contents.substr(start, end - start),
                                                      fmt::format("{}:{}", path, line_number));
      if (!line.ok()) return line.status();
      resumed.push_back(*std::move(line));
      start = end + 1;
    }
    if (whole < contents.size()) {
      std::filesystem::resize_file(path, whole, error);
      if (error) {
        return absl::InvalidArgumentError(
            fmt::format("{}: cannot drop its cut last line: {}", path, error.message()));
      }
    }
  }
  std::FILE* file = std::fopen(path.c_str(), resume ? "ab" : "wb");
  if (file == nullptr) return SystemError(path, "write");
  SweepOutFile out(path, file);
  for (const SweepLine& line : resumed) out.done_.insert(line.seed);
  out.resumed_ = std::move(resumed);
  return out;
}

SweepOutFile::SweepOutFile(SweepOutFile&& other) noexcept
    : path_(std::move(other.path_)),
      file_(other.file_),
      resumed_(std::move(other.resumed_)),
      done_(std::move(other.done_)) {
  other.file_ = nullptr;
}

SweepOutFile::~SweepOutFile() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status SweepOutFile::Append(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0) {
    return SystemError(path_, "write");
  }
  return absl::OkStatus();
}

}  // namespace sim::cli
