#include "tools/dynamo-sim/shrinker.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_names.h"

namespace sim::cli {
namespace {

using scenario::Fault;
using scenario::FormatDurationUs;
using scenario::Scenario;

bool FaultNames(const Fault& fault, const std::string& name) {
  const auto has = [&name](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  if (has(fault.nodes) || has(fault.from) || has(fault.to)) return true;
  return std::any_of(fault.groups.begin(), fault.groups.end(), has);
}

// The highest k such that a fault names client "ck" (clients are c1..cM), or 0.
int HighestClientNamed(const Scenario& scenario) {
  int highest = 0;
  for (const Fault& fault : scenario.faults) {
    for (const std::vector<std::string>& group : fault.groups) {
      for (const std::string& member : group) {
        int k = 0;
        if (member.size() > 1 && member[0] == 'c' && absl::SimpleAtoi(member.substr(1), &k) &&
            k <= scenario.workload.clients) {
          highest = std::max(highest, k);
        }
      }
    }
  }
  return highest;
}

// The time by which the last fault has happened or ended: duration may not go below it.
TimeUs LastFaultTimeUs(const Scenario& scenario) {
  TimeUs last_us = 0;
  for (const Fault& fault : scenario.faults) {
    last_us = std::max(last_us, fault.until_us.value_or(fault.at_us + 1));
  }
  return last_us;
}

}  // namespace

std::string DescribeFault(const Fault& fault) {
  std::string text(scenario::FaultTypeName(fault.type));
  std::vector<std::string> groups;
  for (const std::vector<std::string>& group : fault.groups) groups.push_back(absl::StrJoin(group, " "));
  if (!groups.empty()) text += " " + absl::StrJoin(groups, " | ");
  if (!fault.from.empty()) {
    text += fmt::format(" {} -> {}", absl::StrJoin(fault.from, " "), absl::StrJoin(fault.to, " "));
  }
  if (!fault.nodes.empty()) text += " " + absl::StrJoin(fault.nodes, " ");
  return text;
}

Shrinker::Shrinker(Scenario start, Evaluate evaluate, Report report, int max_runs)
    : current_(std::move(start)),
      evaluate_(std::move(evaluate)),
      report_(std::move(report)),
      max_runs_(max_runs) {
  for (size_t i = 0; i < current_.faults.size(); ++i) fault_origin_.push_back(i);
}

bool Shrinker::Try(const Scenario& candidate, const std::string& description) {
  if (budget_exhausted()) return false;
  const Verdict verdict = evaluate_(candidate);
  if (verdict == Verdict::kInvalid) return false;
  ++runs_used_;
  if (verdict != Verdict::kFails) return false;
  current_ = candidate;
  report_(description);
  return true;
}

Scenario Shrinker::Run() {
  // Each round must accept something to continue, and each acceptance makes the scenario
  // strictly smaller, but the run budget is the hard bound.
  bool progress = true;
  while (progress && !budget_exhausted()) {
    progress = false;
    for (bool (Shrinker::*pass)() :
         {&Shrinker::DropNemesis, &Shrinker::DropFaults, &Shrinker::ShortenFaultWindows,
          &Shrinker::ShortenDuration, &Shrinker::DropNodes,
          &Shrinker::ReduceClients, &Shrinker::ReduceKeys, &Shrinker::SimplifyWorkloadAndNetwork}) {
      if ((this->*pass)()) progress = true;
    }
  }
  return current_;
}

bool Shrinker::DropNemesis() {
  if (!current_.nemesis) return false;
  Scenario candidate = current_;
  candidate.nemesis.reset();
  return Try(candidate, "removed the nemesis");
}

bool Shrinker::DropFaults() {
  bool any = false;
  size_t chunks = 2;
  while (!current_.faults.empty() && !budget_exhausted()) {
    const size_t count = current_.faults.size();
    chunks = std::min(chunks, count);
    bool removed = false;
    for (size_t chunk = 0; chunk < chunks && !removed; ++chunk) {
      const size_t begin = chunk * count / chunks;
      const size_t end = (chunk + 1) * count / chunks;
      Scenario candidate = current_;
      candidate.faults.erase(candidate.faults.begin() + static_cast<ptrdiff_t>(begin),
                             candidate.faults.begin() + static_cast<ptrdiff_t>(end));
      std::vector<std::string> indexes;
      std::vector<std::string> what;
      for (size_t i = begin; i < end; ++i) {
        indexes.push_back(std::to_string(fault_origin_[i]));
        what.push_back(DescribeFault(current_.faults[i]));
      }
      const std::string description =
          fmt::format("removed fault{} {} ({})", end - begin > 1 ? "s" : "",
                      absl::StrJoin(indexes, ", "), absl::StrJoin(what, "; "));
      if (Try(candidate, description)) {
        fault_origin_.erase(fault_origin_.begin() + static_cast<ptrdiff_t>(begin),
                            fault_origin_.begin() + static_cast<ptrdiff_t>(end));
        chunks = std::max<size_t>(chunks - 1, 2);
        removed = any = true;
      }
    }
    if (!removed) {
      if (chunks >= count) break;
      chunks = std::min(count, chunks * 2);
    }
  }
  return any;
}

bool Shrinker::ShortenFaultWindows() {
  bool any = false;
  for (size_t i = 0; i < current_.faults.size(); ++i) {
    while (current_.faults[i].until_us && !budget_exhausted()) {
      const Fault& fault = current_.faults[i];
      const TimeUs window_us = *fault.until_us - fault.at_us;
      if (window_us < 2 * kMillisecond) break;
      Scenario candidate = current_;
      candidate.faults[i].until_us = fault.at_us + window_us / 2;
      if (!Try(candidate, fmt::format("fault {} ({}) lasts {} -> {}", fault_origin_[i],
                                      DescribeFault(fault), FormatDurationUs(window_us),
                                      FormatDurationUs(window_us / 2)))) {
        break;
      }
      any = true;
    }
  }
  return any;
}

bool Shrinker::ShortenDuration() {
  bool any = false;
  while (!budget_exhausted()) {
    const TimeUs duration_us = current_.duration_us;
    constexpr TimeUs kStepUs = 100 * kMillisecond;  // keeps the durations readable
    const TimeUs floor_us = (LastFaultTimeUs(current_) + kStepUs - 1) / kStepUs * kStepUs;
    const TimeUs shorter_us = std::max({duration_us / 2, floor_us, kStepUs});
    if (shorter_us >= duration_us) break;
    Scenario candidate = current_;
    candidate.duration_us = shorter_us;
    candidate.workload.stop_us = std::min(candidate.workload.stop_us, shorter_us);
    if (!Try(candidate, fmt::format("duration {} -> {}", FormatDurationUs(duration_us),
                                    FormatDurationUs(shorter_us)))) {
      break;
    }
    any = true;
  }
  return any;
}

bool Shrinker::DropNodes() {
  bool any = false;
  for (size_t i = current_.cluster.node_names.size(); i-- > 0 && !budget_exhausted();) {
    if (current_.cluster.nodes <= current_.cluster.replication.n) break;
    const std::string name = current_.cluster.node_names[i];
    const bool named = std::any_of(current_.faults.begin(), current_.faults.end(),
                                   [&name](const Fault& fault) { return FaultNames(fault, name); });
    std::vector<std::string> seeds = current_.cluster.gossip.seeds;
    std::erase(seeds, name);
    if (named || seeds.empty()) continue;
    Scenario candidate = current_;
    candidate.cluster.node_names.erase(candidate.cluster.node_names.begin() +
                                       static_cast<ptrdiff_t>(i));
    candidate.cluster.nodes -= 1;
    candidate.cluster.gossip.seeds = seeds;
    if (candidate.nemesis) {
      candidate.nemesis->max_down = std::min(candidate.nemesis->max_down, candidate.cluster.nodes);
    }
    any = Try(candidate, fmt::format("nodes {} -> {} (removed {})", current_.cluster.nodes,
                                     current_.cluster.nodes - 1, name)) ||
          any;
  }
  return any;
}

bool Shrinker::ReduceClients() {
  bool any = false;
  while (!budget_exhausted()) {
    const int clients = current_.workload.clients;
    const int fewer = std::max({clients / 2, HighestClientNamed(current_), 1});
    if (fewer >= clients) break;
    Scenario candidate = current_;
    candidate.workload.clients = fewer;
    if (!Try(candidate, fmt::format("clients {} -> {}", clients, fewer))) break;
    any = true;
  }
  return any;
}

bool Shrinker::ReduceKeys() {
  bool any = false;
  while (!budget_exhausted()) {
    const int64_t keys = current_.workload.keys;
    const int64_t fewer = std::max<int64_t>(keys / 2, 1);
    if (fewer >= keys) break;
    Scenario candidate = current_;
    candidate.workload.keys = fewer;
    if (!Try(candidate, fmt::format("keys {} -> {}", keys, fewer))) break;
    any = true;
  }
  return any;
}

bool Shrinker::SimplifyWorkloadAndNetwork() {
  bool any = false;
  if (current_.workload.mix.get > 0 && current_.workload.mix.put > 0) {
    Scenario candidate = current_;
    candidate.workload.mix = {.get = 0, .put = 1};
    any = Try(candidate, "workload mix -> puts only") || any;
  }
  if (current_.network.drop_rate > 0) {
    Scenario candidate = current_;
    candidate.network.drop_rate = 0;
    any = Try(candidate, "network drop_rate -> 0") || any;
  }
  if (current_.network.duplicate_rate > 0) {
    Scenario candidate = current_;
    candidate.network.duplicate_rate = 0;
    any = Try(candidate, "network duplicate_rate -> 0") || any;
  }
  if (!current_.network.by_message.empty()) {
    Scenario candidate = current_;
    candidate.network.by_message.clear();
    any = Try(candidate, "network by_message latencies removed") || any;
  }
  return any;
}

}  // namespace sim::cli
