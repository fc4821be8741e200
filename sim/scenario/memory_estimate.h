// A conservative estimate of the memory a run of a scenario needs, so the loader can refuse one
// that would exhaust the machine (`keys: 2^40` with Zipf allocates an 8 TiB table; 20 nodes with
// 2^20 partitions hold a ring copy of several MB on every node and in every gossip message)
// with a message naming the keys to change, instead of dying in std::bad_alloc or swapping.
// The terms are the structures that grow with the scenario's sizes; their per-item costs were
// measured (peak RSS) and rounded up. Small scenarios are far below any budget.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sim/scenario/scenario.h"

namespace sim::scenario {

// The default budget of `run`, `sweep`, `shrink`, `ablate`, `validate` and `explain`
// (--memory-budget changes it).
inline constexpr uint64_t kDefaultMemoryBudgetBytes = uint64_t{4} << 30;

struct MemoryTerm {
  std::string what;                    // "Zipf key table"
  std::vector<std::string> key_paths;  // the keys that size it: "workload.keys"
  uint64_t bytes = 0;
};

// The terms of `scenario`'s estimate, largest first.
std::vector<MemoryTerm> EstimateMemory(const Scenario& scenario);

// The sum of the terms (saturating).
uint64_t EstimatedBytes(const std::vector<MemoryTerm>& terms);

// OK, or InvalidArgument "<label>: the run would need about X (estimated), more than the memory
// budget of Y (--memory-budget): <term> (about Z: <keys>); ..." naming the terms that exceed a
// tenth of the budget, so a user knows which keys to lower.
absl::Status CheckMemoryBudget(const Scenario& scenario, uint64_t budget_bytes,
                               const std::string& file_label);

// "1.5 GiB", "8 TiB", "512 MiB", "900 B": for messages.
std::string FormatBytes(uint64_t bytes);

// "4GiB", "512MiB", "1.5GiB", "2000000000" (bytes): the --memory-budget syntax (units B, KiB,
// MiB, GiB, TiB, and KB/MB/GB/TB as their decimal sizes). InvalidArgument when malformed or 0.
absl::StatusOr<uint64_t> ParseByteSize(const std::string& text);

}  // namespace sim::scenario
