#include "tools/dynamo-sim/run_progress.h"

#include <unistd.h>

#include <string>

#include <fmt/format.h>

#include "tools/dynamo-sim/progress_line.h"

namespace sim::cli {
namespace {

constexpr std::chrono::milliseconds kTerminalInterval(100);

std::string FormatRate(double events_per_s) {
  if (events_per_s >= 1e6) return fmt::format("{:.2f}M", events_per_s / 1e6);
  if (events_per_s >= 1e3) return fmt::format("{:.1f}k", events_per_s / 1e3);
  return fmt::format("{:.0f}", events_per_s);
}

// Virtual time in seconds with one decimal ("12.3s").
std::string FormatVirtual(TimeUs time_us) {
  return fmt::format("{:.1f}s", static_cast<double>(time_us) / static_cast<double>(kSecond));
}

}  // namespace

RunProgress::RunProgress(bool enabled, double quiet_start_s)
    : enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) == 1),
      quiet_start_(quiet_start_s),
      start_(Clock::now()) {}

void RunProgress::Update(TimeUs now_us, TimeUs end_us, uint64_t events) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (now - start_ < quiet_start_) return;
  const auto interval = terminal_ ? std::chrono::duration<double>(kTerminalInterval)
                                  : std::chrono::duration<double>(kPlainIntervalS);
  if (drawn_ && now - last_draw_ < interval) return;
  last_draw_ = now;
  drawn_ = true;
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  const double fraction =
      end_us > 0 ? static_cast<double>(now_us) / static_cast<double>(end_us) : 1.0;
  const std::string eta =
      fraction > 0 ? FormatEta(elapsed_s * (1 - fraction) / fraction) : std::string("?");
  const std::string line = fmt::format(
      "run: t={} of {} ({:.0f}%)  {} events/s  ETA {}", FormatVirtual(now_us),
      FormatVirtual(end_us), 100 * fraction,
      FormatRate(elapsed_s > 0 ? static_cast<double>(events) / elapsed_s : 0), eta);
  DrawProgressLine(line, terminal_);
}

void RunProgress::Finish() {
  if (!enabled_ || !drawn_ || !terminal_) return;
  ClearProgressLine();
  drawn_ = false;
}

}  // namespace sim::cli
