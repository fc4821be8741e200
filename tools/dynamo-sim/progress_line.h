// A one-line progress display for long commands, on stderr and only when stderr is a terminal
// (so logs and test captures never see it): "seeds 120/1000  failed 3  4.2 seeds/s  ETA 3m29s",
// redrawn in place with a carriage return, at most about ten times a second.
#pragma once

#include <chrono>
#include <cstdint>

namespace sim::cli {

class ProgressLine {
 public:
  // `total` units of work (seeds). Draws nothing unless stderr is a terminal.
  explicit ProgressLine(uint64_t total);
  // Redraws the line when enough time passed since the last draw (and always at done == total).
  void Update(uint64_t done, uint64_t failed);
  // Clears the line so the next output starts on a clean line.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  const uint64_t total_;
  const bool enabled_;
  const Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace sim::cli
