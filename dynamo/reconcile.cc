#include "dynamo/reconcile.h"

#include <algorithm>
#include <tuple>

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

PutOutcome ReconcileInto(Siblings& current, const Version& incoming) {
  if (current.empty()) {
    current.push_back(incoming);
    return PutOutcome::kStored;
  }
  for (const Version& kept : current) {
    const ClockOrder order = Compare(incoming.clock, kept.clock);
    if (order == ClockOrder::kBefore || order == ClockOrder::kEqual) return PutOutcome::kIgnored;
  }
  const size_t before = current.size();
  // Not dominated by any kept version, so each kept one is either dominated or concurrent.
  current.erase(std::remove_if(current.begin(), current.end(),
                               [&](const Version& kept) {
                                 return Compare(incoming.clock, kept.clock) == ClockOrder::kAfter;
                               }),
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

VectorClock MergedClock(absl::Span<const Version> versions) {
  VectorClock merged;
  for (const Version& version : versions) merged.Merge(version.clock);
  return merged;
}

}  // namespace dynamo
