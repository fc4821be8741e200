#include "tools/dynamo-sim/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace sim::cli {

std::string FormatEta(double seconds) {
  const auto whole = static_cast<uint64_t>(seconds + 0.5);
  if (whole >= 3600) return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
  if (whole >= 60) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}s", whole);
}

void DrawProgressLine(const std::string& line, bool terminal) {
  if (terminal) {
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void ClearProgressLine() {
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

ProgressLine::ProgressLine(uint64_t total, bool enabled, double plain_interval_s)
    : total_(total),
      enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) == 1),
      plain_interval_(plain_interval_s),
      start_(Clock::now()) {}

void ProgressLine::Update(uint64_t done, uint64_t failed) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  const auto interval = terminal_ ? std::chrono::duration<double>(0.1) : plain_interval_;
  if (drawn_ && done < total_ && now - last_draw_ < interval) return;
  // A log gets no line for a sweep that ends within its first interval.
  if (!terminal_ && !drawn_ && done < total_ && now - start_ < interval) return;
  if (!terminal_ && !drawn_ && done == total_ && plain_interval_.count() > 0) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  const std::string eta =
      rate > 0 ? FormatEta(static_cast<double>(total_ - done) / rate) : std::string("?");
  const std::string line = fmt::format("seeds {}/{}  failed {}  {:.1f} seeds/s  ETA {}", done,
                                       total_, failed, rate, eta);
  DrawProgressLine(line, terminal_);
}

void ProgressLine::Finish() {
  if (!enabled_ || !drawn_ || !terminal_) return;
  ClearProgressLine();
  drawn_ = false;
}

}  // namespace sim::cli
