#include "tools/dynamo-sim/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace sim::cli {
namespace {

std::string FormatEta(double seconds) {
  const auto whole = static_cast<uint64_t>(seconds + 0.5);
  if (whole >= 3600) return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
  if (whole >= 60) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}s", whole);
}

}  // namespace

ProgressLine::ProgressLine(uint64_t total)
    : total_(total), enabled_(isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

void ProgressLine::Update(uint64_t done, uint64_t failed) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (drawn_ && done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  const std::string eta =
      rate > 0 ? FormatEta(static_cast<double>(total_ - done) / rate) : std::string("?");
  const std::string line = fmt::format("seeds {}/{}  failed {}  {:.1f} seeds/s  ETA {}", done,
                                       total_, failed, rate, eta);
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace sim::cli
