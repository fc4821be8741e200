#include "dynamo/reconcile.h"

#include <algorithm>
#include <tuple>

#include "absl/container/inlined_vector.h"
#include "dynamo/check.h"

namespace dynamo {
namespace {

// Inserts keeping canonical order.
void InsertCanonical(Siblings& siblings, const Version& version) {
  auto at = std::lower_bound(siblings.begin(), siblings.end(), version, VersionLess);
  siblings.insert(at, version);
}

bool NewerForLastWriteWins(const Version& a, const Version& b) {
  return std::tie(a.lww_timestamp_us, a.writer) > std::tie(b.lww_timestamp_us, b.writer);
}

}  // namespace

bool Obsoletes(const Version& later, const Version& earlier) {
  if (later.dot_counter == 0 || earlier.dot_counter == 0) {
    const ClockOrder order = Compare(later.clock, earlier.clock);
    return order == ClockOrder::kAfter || order == ClockOrder::kEqual;
  }
  if (later.dot_node == earlier.dot_node && later.dot_counter == earlier.dot_counter) return true;
  const uint64_t past = later.dot_node == earlier.dot_node ? later.dot_past
                                                          : later.clock.CounterOf(earlier.dot_node);
  if (earlier.dot_counter <= past) return true;
  return std::binary_search(later.extra_dots.begin(), later.extra_dots.end(),
                            Dot{earlier.dot_node, earlier.dot_counter});
}

PutOutcome ReconcileInto(Siblings& current, const Version& incoming) {
  if (current.empty()) {
    current.push_back(incoming);
    return PutOutcome::kStored;
  }
  for (const Version& kept : current) {
    if (Obsoletes(kept, incoming)) return PutOutcome::kIgnored;
  }
  const size_t before = current.size();
  // Not obsoleted by any kept version, so each kept one is either obsoleted or concurrent.
  current.erase(std::remove_if(current.begin(), current.end(),
                               [&](const Version& kept) { return Obsoletes(incoming, kept); }),
                current.end());
  const bool replaced = current.size() < before;
  InsertCanonical(current, incoming);
  return replaced ? PutOutcome::kReplaced : PutOutcome::kAddedSibling;
}

PutOutcome ReconcileLastWriteWins(Siblings& current, const Version& incoming) {
  DYNAMO_CHECK(current.size() <= 1, "last-write-wins keeps a single version");
  if (current.empty()) {
    current.push_back(incoming);
    return PutOutcome::kStored;
  }
  if (!NewerForLastWriteWins(incoming, current.front())) return PutOutcome::kIgnored;
  current.front() = incoming;
  return PutOutcome::kReplaced;
}

PutOutcome Reconcile(Siblings& current, const Version& incoming, ResolutionMode mode) {
  return mode == ResolutionMode::kVectorClock ? ReconcileInto(current, incoming)
                                              : ReconcileLastWriteWins(current, incoming);
}

Siblings SyntacticReconcile(absl::Span<const Version> versions, ResolutionMode mode) {
  Siblings result;
  for (const Version& version : versions) Reconcile(result, version, mode);
  return result;
}

Context MergedContext(absl::Span<const Version> versions) {
  Context context;
  // Dots beyond the ranges, with their write time; a get's few versions fit inline.
  absl::InlinedVector<std::pair<Dot, TimeUs>, 4> seen;
  for (const Version& version : versions) {
    if (version.dot_counter == 0) {
      context.clock.Merge(version.clock);
      continue;
    }
    // The version's past as ranges: its clock with its own node's entry cut back to dot_past.
    VectorClock past;
    for (const ClockEntry& entry : version.clock.entries()) {
      const uint64_t counter = entry.node == version.dot_node ? version.dot_past : entry.counter;
      if (counter > 0) past.Merge(VectorClock({ClockEntry{entry.node, counter, entry.timestamp_us}}));
    }
    context.clock.Merge(past);
    seen.emplace_back(Dot{version.dot_node, version.dot_counter}, version.lww_timestamp_us);
    for (const Dot& dot : version.extra_dots) seen.emplace_back(dot, version.lww_timestamp_us);
  }
  // Ascending per node, so a run of consecutive dots extends a range one after another.
  std::sort(seen.begin(), seen.end());
  for (const auto& [dot, timestamp_us] : seen) {
    const uint64_t covered = context.clock.CounterOf(dot.node);
    if (dot.counter <= covered) continue;
    if (dot.counter == covered + 1) {
      context.clock.Merge(VectorClock({ClockEntry{dot.node, dot.counter, timestamp_us}}));
    } else if (context.dots.empty() || !(context.dots.back() == dot)) {
      context.dots.push_back(dot);
    }
  }
  // A later range extension may cover dots kept earlier for the same node.
  std::erase_if(context.dots,
                [&](const Dot& dot) { return dot.counter <= context.clock.CounterOf(dot.node); });
  return context;
}

bool ContextHas(const Context& context, const Dot& dot) {
  return dot.counter <= context.clock.CounterOf(dot.node) ||
         std::binary_search(context.dots.begin(), context.dots.end(), dot);
}

VectorClock MergedClock(absl::Span<const Version> versions) {
  VectorClock merged;
  for (const Version& version : versions) merged.Merge(version.clock);
  return merged;
}

}  // namespace dynamo
