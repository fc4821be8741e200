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
    NoteChangedKey(slot.position, key, &slot.versions);
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
  NoteChangedKey(position, key, nullptr);
  return true;
}

void VersionedStore::NoteChangedKey(RingPosition position, Key key, const Siblings* versions) {
  if (trees_.empty()) return;
  const KeyRange* range = trees_.RangeHolding(position);
  if (range == nullptr) return;  // a tree built later reads the store
  // The digest now, while the versions are in cache: applying the change later needs no lookup.
  // Appended to one log, sorted to the trees' lists when a tree is read or the set of trees
  // changes: appending to the tree's own list found its tail (and the map's node) cold.
  unsorted_changes_.push_back(
      {range->end,
       {position, key,
        versions == nullptr ? std::nullopt : std::optional<uint64_t>(SiblingsDigest(*versions))}});
  // Bounds the notes' memory when trees are read rarely: at most about two entries per key.
  if (++changed_key_notes_ >= 2 * slots_.size() + 1024) ApplyChangedKeys();
}

void VersionedStore::SortChangesToTrees() const {
  for (auto& [end, change] : unsorted_changes_) changed_keys_[end].push_back(std::move(change));
  unsorted_changes_.clear();
}

void VersionedStore::ApplyChangedKeys() const {
  SortChangesToTrees();
  auto notes = std::move(changed_keys_);
  changed_keys_.clear();
  changed_key_notes_ = 0;
  for (auto& [end, changes] : notes) ApplyChanges(end, std::move(changes));
}

void VersionedStore::ApplyChangedKeysOf(RingPosition end) const {
  SortChangesToTrees();
  const auto it = changed_keys_.find(end);
  if (it == changed_keys_.end()) return;
  std::vector<MerkleTree::Change> changes = std::move(it->second);
  changed_keys_.erase(it);
  DYNAMO_CHECK(changed_key_notes_ >= changes.size(), "the note count covers every tree's notes");
  changed_key_notes_ -= changes.size();
  ApplyChanges(end, std::move(changes));
}

void VersionedStore::ApplyChanges(RingPosition end, std::vector<MerkleTree::Change> changes) const {
  MerkleTree* tree = trees_.Holding(end);
  DYNAMO_CHECK(tree != nullptr && tree->range().end == end,
               "changes are noted only with a kept tree, and dropped with it");
  // In ring order, so the changed leaves come ascending; a key noted more than once keeps its
  // last note (stable sort, then the last of each run), which is what the store holds now, as
  // every change of a key is noted.
  auto by_place = [](const MerkleTree::Change& a, const MerkleTree::Change& b) {
    return std::pair{a.position, a.key} < std::pair{b.position, b.key};
  };
  std::stable_sort(changes.begin(), changes.end(), by_place);
  size_t kept = 0;
  for (size_t i = 0; i < changes.size(); ++i) {
    const bool last_of_key = i + 1 == changes.size() || by_place(changes[i], changes[i + 1]);
    if (last_of_key) changes[kept++] = changes[i];
  }
  changes.resize(kept);
  tree->Apply(changes);
}

void VersionedStore::DropChangesOfDroppedTrees(std::optional<RingPosition> fresh_end) {
  // Each note names the range end of the tree that held its key when it was noted; whichever
  // tree was dropped since, its notes go here with the notes already sorted to it.
  SortChangesToTrees();
  for (auto it = changed_keys_.begin(); it != changed_keys_.end();) {
    if (it->first == fresh_end || !trees_.trees().contains(it->first)) {
      changed_key_notes_ -= it->second.size();
      it = changed_keys_.erase(it);
    } else {
      ++it;
    }
  }
}

const MerkleTree& VersionedStore::Tree(const KeyRange& range, int depth) {
  if (const MerkleTree* kept = trees_.Find(range, depth)) {
    ApplyChangedKeysOf(range.end);
    return *kept;
  }
  const MerkleTree& added = trees_.Add(BuildTree(range, depth));
  DropChangesOfDroppedTrees(range.end);
  return added;
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
