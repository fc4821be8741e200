// Progress of a command that runs many seeds (`sweep`), on stderr: "seeds 120/1000  failed 3
// 4.2 seeds/s  ETA 3m29s". On a terminal the line is redrawn in place with a carriage return, at
// most about ten times a second, and cleared at the end; otherwise (stderr to a log file) one
// plain line every kPlainIntervalS seconds (and a last one at the end when any was printed), so
// `2>log` shows progress too.
// Progress never goes to stdout, and only the display reads the wall clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sim::cli {

// "42s", "3m29s", "1h05m".
std::string FormatEta(double seconds);

// Writes `line` to stderr: redrawn in place on a terminal, else as a line of its own.
void DrawProgressLine(const std::string& line, bool terminal);
// Clears a line drawn in place on a terminal.
void ClearProgressLine();

class ProgressLine {
 public:
  static constexpr double kPlainIntervalS = 10;

  // `total` units of work (seeds). Draws nothing when `enabled` is false (--quiet). Off a
  // terminal, a line every `plain_interval_s` seconds (tests pass 0: a line per update).
  ProgressLine(uint64_t total, bool enabled, double plain_interval_s = kPlainIntervalS);
  // Draws when enough time passed since the last draw (and always at done == total).
  void Update(uint64_t done, uint64_t failed);
  // Clears a terminal line so the next output starts on a clean line.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  const uint64_t total_;
  const bool enabled_;
  const bool terminal_;
  const std::chrono::duration<double> plain_interval_;
  const Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace sim::cli
