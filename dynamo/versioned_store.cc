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
  auto [it, inserted] = map_.try_emplace(key);
  if (inserted) by_position_.emplace(KeyPosition(key), key);
  const PutOutcome outcome = Reconcile(it->second, version, mode);
  DYNAMO_CHECK(!it->second.empty(), "a stored key keeps at least one version");
  if (outcome != PutOutcome::kIgnored) {
    ++changes_;
    NoteChangedKey(key);
  }
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
  NoteChangedKey(key);
  return true;
}

void VersionedStore::NoteChangedKey(Key key) {
  if (trees_.empty()) return;
  changed_keys_.push_back(key);
  // Bounds the list's memory when trees are read rarely: at most about two entries per key.
  if (changed_keys_.size() >= 2 * map_.size() + 1024) ApplyChangedKeys();
}

void VersionedStore::ApplyChangedKeys() const {
  if (changed_keys_.empty()) return;
  // In ring order, so consecutive keys mostly fall in the tree of the key before.
  std::vector<std::pair<RingPosition, Key>> changed;
  changed.reserve(changed_keys_.size());
  for (Key key : changed_keys_) changed.emplace_back(KeyPosition(key), key);
  changed_keys_.clear();
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
