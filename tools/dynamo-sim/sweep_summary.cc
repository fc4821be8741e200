#include "tools/dynamo-sim/sweep_summary.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "absl/strings/str_join.h"

namespace sim::cli {
namespace {

using Field = std::function<double(const SweepLine&)>;

struct Spread {
  double mean = 0;
  double median = 0;  // nearest rank: the lower middle of an even count
  double min = 0;
  uint64_t min_seed = 0;
  double max = 0;
  uint64_t max_seed = 0;
};

// REQUIRES: `lines` is non-empty and sorted by seed (ties of min and max name the lower seed).
Spread SpreadOf(const std::vector<SweepLine>& lines, const Field& field) {
  Spread spread;
  std::vector<double> values;
  double sum = 0;
  for (const SweepLine& line : lines) {
    const double value = field(line);
    if (values.empty() || value < spread.min) {
      spread.min = value;
      spread.min_seed = line.seed;
    }
    if (values.empty() || value > spread.max) {
      spread.max = value;
      spread.max_seed = line.seed;
    }
    values.push_back(value);
    sum += value;
  }
  spread.mean = sum / static_cast<double>(values.size());
  std::sort(values.begin(), values.end());
  spread.median = values[(values.size() - 1) / 2];
  return spread;
}

std::string AvailabilityLine(const char* op, const Spread& spread) {
  return fmt::format("  {} availability  mean {:.6f}  min {:.6f} (seed {})\n", op, spread.mean,
                     spread.min, spread.min_seed);
}

std::string LatencyLine(const char* name, const Spread& spread) {
  return fmt::format("  {:<12} median {:.3f}  max {:.3f} (seed {})\n", name, spread.median,
                     spread.max, spread.max_seed);
}

std::string Figures(const std::vector<SweepLine>& lines) {
  std::string text = "availability across seeds:\n";
  text += AvailabilityLine("get", SpreadOf(lines, &SweepLine::get_availability));
  text += AvailabilityLine("put", SpreadOf(lines, &SweepLine::put_availability));
  text += "latency across seeds (ms, each seed's percentile):\n";
  text += LatencyLine("get p50", SpreadOf(lines, &SweepLine::get_p50_ms));
  text += LatencyLine("get p99", SpreadOf(lines, &SweepLine::get_p99_ms));
  text += LatencyLine("put p50", SpreadOf(lines, &SweepLine::put_p50_ms));
  text += LatencyLine("put p99", SpreadOf(lines, &SweepLine::put_p99_ms));
  const Spread stale = SpreadOf(lines, &SweepLine::stale_read_fraction);
  text += fmt::format("stale read fraction: mean {:.6f}  max {:.6f} (seed {})\n", stale.mean,
                      stale.max, stale.max_seed);
  uint64_t lost = 0;
  size_t seeds_losing = 0;
  size_t converged = 0;
  for (const SweepLine& line : lines) {
    lost += line.lost_writes;
    seeds_losing += line.lost_writes > 0 ? 1 : 0;
    converged += line.converged ? 1 : 0;
  }
  text += fmt::format("lost writes: {} in total, in {} of {} seeds\n", lost, seeds_losing,
                      lines.size());
  text += fmt::format("converged: {} of {} seeds\n", converged, lines.size());
  return text;
}

}  // namespace

bool AllSeedsPassed(const std::vector<SweepLine>& lines) {
  return std::all_of(lines.begin(), lines.end(), [](const SweepLine& line) { return line.passed; });
}

std::string FormatSweepSummary(const std::vector<SweepLine>& unsorted) {
  std::vector<SweepLine> lines = unsorted;
  std::sort(lines.begin(), lines.end(),
            [](const SweepLine& a, const SweepLine& b) { return a.seed < b.seed; });
  const size_t failed = static_cast<size_t>(std::count_if(
      lines.begin(), lines.end(), [](const SweepLine& line) { return !line.passed; }));
  std::string text = fmt::format("sweep: scenario={} seeds={} passed={} failed={}\n",
                                 lines.empty() ? "-" : lines.front().scenario, lines.size(),
                                 lines.size() - failed, failed);
  if (lines.empty()) return text;
  text += Figures(lines);
  if (failed == 0) return text + "every seed passed\n";
  text += fmt::format("failing seeds ({}):\n", failed);
  for (const SweepLine& line : lines) {
    if (line.passed) continue;
    text += fmt::format("  seed {}: {}\n    reproduce: {}\n", line.seed,
                        absl::StrJoin(line.FailedChecks(), ", "), line.reproduce);
  }
  return text;
}

}  // namespace sim::cli
