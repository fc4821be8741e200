#include "dynamo/versioned_store.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

#include "dynamo/check.h"
#include "dynamo/md5.h"

namespace dynamo {

PutOutcome VersionedStore::Put(Key key, const Version& version, ResolutionMode mode) {
  DYNAMO_CHECK(IsValidValue(version.value), "a value must be sorted without duplicates");
  auto [it, inserted] = slots_.try_emplace(key);
  Slot& slot = it->second;
  if (inserted) {
    slot.position = KeyPosition(key);
    by_position_.emplace(slot.position, key);
    keys_.insert(key);
  }
  const PutOutcome outcome = Reconcile(slot.versions, version, mode);
  DYNAMO_CHECK(!slot.versions.empty(), "a stored key keeps at least one version");
  if (outcome != PutOutcome::kIgnored) {
    ++changes_;
    NoteChangedKey(slot.position, key);
  }
  return outcome;
}

absl::Span<const Version> VersionedStore::Get(Key key) const {
  auto it = slots_.find(key);
  if (it == slots_.end()) return {};
  return it->second.versions;
}

bool VersionedStore::Erase(Key key) {
  auto it = slots_.find(key);
  if (it == slots_.end()) return false;
  const RingPosition position = it->second.position;
  slots_.erase(it);
  ++changes_;
  DYNAMO_CHECK(by_position_.erase({position, key}) == 1, "position index out of sync");
  DYNAMO_CHECK(keys_.erase(key) == 1, "key index out of sync");
  NoteChangedKey(position, key);
  return true;
}

void VersionedStore::NoteChangedKey(RingPosition position, Key key) {
  if (trees_.empty()) return;
  changed_keys_.emplace_back(position, key);
  // Bounds the list's memory when trees are read rarely: at most about two entries per key.
  if (changed_keys_.size() >= 2 * slots_.size() + 1024) ApplyChangedKeys();
}

void VersionedStore::ApplyChangedKeys() const {
  if (changed_keys_.empty()) return;
  // In ring order, so consecutive keys mostly fall in the tree of the key before.
  std::vector<std::pair<RingPosition, Key>> changed;
  changed.swap(changed_keys_);
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  // Each tree's changes in one batch (consecutive, as the ranges are disjoint and the keys in
  // ring order; a wrapping range's keys may come as two batches).
  std::vector<MerkleTree::Change> batch;
  MerkleTree* tree = nullptr;
  auto flush = [&] {
    if (tree != nullptr) tree->Apply(batch);
    batch.clear();
  };
  for (const auto& [position, key] : changed) {
    if (tree == nullptr || !tree->range().Contains(position)) {
      MerkleTree* holding = trees_.Holding(position);
      if (holding == nullptr) continue;
      flush();
      tree = holding;
    }
    const absl::Span<const Version> versions = Get(key);
    batch.push_back({position, key,
                     versions.empty() ? std::nullopt
                                      : std::optional<uint64_t>(SiblingsDigest(versions))});
  }
  flush();
}

const MerkleTree& VersionedStore::Tree(const KeyRange& range, int depth) {
  ApplyChangedKeys();
  if (const MerkleTree* kept = trees_.Find(range, depth)) return *kept;
  return trees_.Add(BuildTree(range, depth));
}

MerkleTree VersionedStore::BuildTree(const KeyRange& range, int depth) const {
  std::vector<MerkleTree::KeyDigest> keys;
  ForEachInRange(range, [&keys](Key key, absl::Span<const Version> versions) {
    keys.emplace_back(key, SiblingsDigest(versions));  // == Digest(key)
  });
  return MerkleTree::Build(range, depth, keys);
}

bool VersionedStore::TreesMatchRebuild() const {
  ApplyChangedKeys();
  for (const auto& [end, tree] : trees_.trees()) {
    if (tree != BuildTree(tree.range(), tree.depth())) return false;
  }
  return true;
}

void VersionedStore::VisitPositions(
    PositionIndex::const_iterator from, PositionIndex::const_iterator to,
    absl::FunctionRef<void(Key, absl::Span<const Version>)> visit) const {
  for (auto it = from; it != to; ++it) {
    auto slot = slots_.find(it->second);
    DYNAMO_CHECK(slot != slots_.end(), "position index out of sync");
    visit(it->second, slot->second.versions);
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
