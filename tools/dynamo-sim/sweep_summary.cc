#include "tools/dynamo-sim/sweep_summary.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "absl/strings/str_join.h"

namespace sim::cli {
namespace {

std::string AvailabilityLine(const char* op, double mean, double min, uint64_t min_seed) {
  return fmt::format("  {} availability  mean {:.6f}  min {:.6f} (seed {})\n", op, mean, min,
                     min_seed);
}

std::string LatencyLine(const char* name, double median, double max, uint64_t max_seed) {
  return fmt::format("  {:<12} median {:.3f}  max {:.3f} (seed {})\n", name, median, max,
                     max_seed);
}

}  // namespace

void SweepSummary::Spread::Add(double value, uint64_t seed, bool first) {
  sum += value;
  if (first || value < min || (value == min && seed < min_seed)) {
    min = value;
    min_seed = seed;
  }
  if (first || value > max || (value == max && seed < max_seed)) {
    max = value;
    max_seed = seed;
  }
}

void SweepSummary::MedianSpread::Add(double value, uint64_t seed, bool first) {
  spread.Add(value, seed, first);
  ++counts[value];
}

double SweepSummary::MedianSpread::Median(uint64_t n) const {
  uint64_t rank = (n - 1) / 2;  // 0-based index into the sorted values
  for (const auto& [value, count] : counts) {
    if (rank < count) return value;
    rank -= count;
  }
  return 0;  // unreachable when n is the number of values added
}

void SweepSummary::Add(const SweepLine& line) {
  const bool first = seeds_ == 0;
  ++seeds_;
  if (line.seed < lowest_seed_) {
    lowest_seed_ = line.seed;
    scenario_ = line.scenario;
  }
  get_availability_.Add(line.get_availability, line.seed, first);
  put_availability_.Add(line.put_availability, line.seed, first);
  get_p50_ms_.Add(line.get_p50_ms, line.seed, first);
  get_p99_ms_.Add(line.get_p99_ms, line.seed, first);
  put_p50_ms_.Add(line.put_p50_ms, line.seed, first);
  put_p99_ms_.Add(line.put_p99_ms, line.seed, first);
  stale_read_fraction_.Add(line.stale_read_fraction, line.seed, first);
  lost_writes_ += line.lost_writes;
  seeds_losing_ += line.lost_writes > 0 ? 1 : 0;
  if (line.resurrected_items.has_value()) {
    ++seeds_with_removes_;
    resurrected_items_ += *line.resurrected_items;
    seeds_resurrecting_ += *line.resurrected_items > 0 ? 1 : 0;
  }
  converged_ += line.converged ? 1 : 0;
  if (line.passed) return;
  ++failed_;
  if (failing_.size() == kListedFailingSeeds) {
    if (line.seed > std::prev(failing_.end())->first) return;
    failing_.erase(std::prev(failing_.end()));
  }
  failing_[line.seed] = {absl::StrJoin(line.FailedChecks(), ", "), line.reproduce};
}

std::string SweepSummary::Format() const {
  std::string text = fmt::format("sweep: scenario={} seeds={} passed={} failed={}\n",
                                 seeds_ == 0 ? "-" : scenario_, seeds_, seeds_ - failed_,
                                 failed_);
  if (seeds_ == 0) return text;
  const double n = static_cast<double>(seeds_);
  text += "availability across seeds:\n";
  text += AvailabilityLine("get", get_availability_.sum / n, get_availability_.min,
                           get_availability_.min_seed);
  text += AvailabilityLine("put", put_availability_.sum / n, put_availability_.min,
                           put_availability_.min_seed);
  text += "latency across seeds (ms, each seed's percentile):\n";
  for (const auto& [name, latency] :
       {std::pair<const char*, const MedianSpread*>{"get p50", &get_p50_ms_},
        {"get p99", &get_p99_ms_}, {"put p50", &put_p50_ms_}, {"put p99", &put_p99_ms_}}) {
    text += LatencyLine(name, latency->Median(seeds_), latency->spread.max,
                        latency->spread.max_seed);
  }
  text += fmt::format("stale read fraction: mean {:.6f}  max {:.6f} (seed {})\n",
                      stale_read_fraction_.sum / n, stale_read_fraction_.max,
                      stale_read_fraction_.max_seed);
  text += fmt::format("lost writes: {} in total, in {} of {} seeds\n", lost_writes_,
                      seeds_losing_, seeds_);
  if (seeds_with_removes_ > 0) {
    text += fmt::format("resurrected items (cart removes): {} in total, in {} of {} seeds\n",
                        resurrected_items_, seeds_resurrecting_, seeds_with_removes_);
  }
  text += fmt::format("converged: {} of {} seeds\n", converged_, seeds_);
  if (failed_ == 0) return text + "every seed passed\n";
  text += fmt::format("failing seeds ({}):\n", failed_);
  for (const auto& [seed, failing] : failing_) {
    text += fmt::format("  seed {}: {}\n    reproduce: {}\n", seed, failing.failed_checks,
                        failing.reproduce);
  }
  if (failed_ > failing_.size()) {
    text += fmt::format(
        "  ... and {} more failing seeds, not listed (each seed's line has its failed checks and "
        "reproduce command)\n",
        failed_ - failing_.size());
  }
  return text;
}

void SweepSummary::AddInSeedOrder(const std::vector<SweepLine>& lines) {
  std::vector<const SweepLine*> sorted;
  sorted.reserve(lines.size());
  for (const SweepLine& line : lines) sorted.push_back(&line);
  std::sort(sorted.begin(), sorted.end(),
            [](const SweepLine* a, const SweepLine* b) { return a->seed < b->seed; });
  for (const SweepLine* line : sorted) Add(*line);
}

std::string FormatSweepSummary(const std::vector<SweepLine>& lines) {
  SweepSummary summary;
  summary.AddInSeedOrder(lines);
  return summary.Format();
}

bool AllSeedsPassed(const std::vector<SweepLine>& lines) {
  return std::all_of(lines.begin(), lines.end(), [](const SweepLine& line) { return line.passed; });
}

}  // namespace sim::cli
