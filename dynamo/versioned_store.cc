#include "dynamo/versioned_store.h"

#include <limits>

#include "dynamo/check.h"
#include "dynamo/md5.h"

namespace dynamo {

PutOutcome VersionedStore::Put(Key key, const Version& version, ResolutionMode mode) {
  DYNAMO_CHECK(IsValidValue(version.value), "a value must be sorted without duplicates");
  auto [it, inserted] = map_.try_emplace(key);
  if (inserted) by_position_.emplace(KeyPosition(key), key);
  const PutOutcome outcome = Reconcile(it->second, version, mode);
  DYNAMO_CHECK(!it->second.empty(), "a stored key keeps at least one version");
  if (outcome != PutOutcome::kIgnored) ++changes_;
  return outcome;
}

absl::Span<const Version> VersionedStore::Get(Key key) const {
  auto it = map_.find(key);
  if (it == map_.end()) return {};
  return it->second;
}

bool VersionedStore::Erase(Key key) {
  if (map_.erase(key) == 0) return false;
  ++changes_;
  DYNAMO_CHECK(by_position_.erase({KeyPosition(key), key}) == 1, "position index out of sync");
  return true;
}

void VersionedStore::VisitPositions(
    PositionIndex::const_iterator from, PositionIndex::const_iterator to,
    absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const {
  for (auto it = from; it != to; ++it) {
    auto entry = map_.find(it->second);
    DYNAMO_CHECK(entry != map_.end(), "position index out of sync");
    visit(entry->first, entry->second);
  }
}

void VersionedStore::ForEachInRange(
    const KeyRange& range, absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const {
  constexpr Key kMaxKey = std::numeric_limits<Key>::max();
  // First entry with position > p, and first with position > p for the inclusive end.
  auto after = [&](RingPosition p) { return by_position_.upper_bound({p, kMaxKey}); };
  if (range.start < range.end) {
    VisitPositions(after(range.start), after(range.end), visit);
    return;
  }
  // Wraps past the top of the ring (or is the whole ring when start == end).
  VisitPositions(after(range.start), by_position_.end(), visit);
  VisitPositions(by_position_.begin(), after(range.end), visit);
}

}  // namespace dynamo
