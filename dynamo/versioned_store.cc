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
  // The digest now, while the versions are in cache: applying the change later needs no lookup.
  changed_keys_.push_back(
      {position, key,
       versions == nullptr ? std::nullopt : std::optional<uint64_t>(SiblingsDigest(*versions))});
  // Bounds the list's memory when trees are read rarely: at most about two entries per key.
  if (changed_keys_.size() >= 2 * slots_.size() + 1024) ApplyChangedKeys();
}

void VersionedStore::ApplyChangedKeys() const {
  if (changed_keys_.empty()) return;
  // In ring order, so consecutive keys mostly fall in the tree of the key before; a key noted
  // more than once keeps its last note (stable sort, then the last of each run), which is what
  // the store holds now, as every change of a key is noted.
  std::vector<MerkleTree::Change> changed;
  changed.swap(changed_keys_);
  auto by_place = [](const MerkleTree::Change& a, const MerkleTree::Change& b) {
    return std::pair{a.position, a.key} < std::pair{b.position, b.key};
  };
  std::stable_sort(changed.begin(), changed.end(), by_place);
  size_t kept = 0;
  for (size_t i = 0; i < changed.size(); ++i) {
    const bool last_of_key = i + 1 == changed.size() || by_place(changed[i], changed[i + 1]);
    if (last_of_key) changed[kept++] = changed[i];
  }
  changed.resize(kept);
  // Each tree's changes in one batch (consecutive, as the ranges are disjoint and the keys in
  // ring order; a wrapping range's keys may come as two batches).
  MerkleTree* tree = nullptr;
  size_t batch_begin = 0;
  auto flush = [&](size_t end) {
    if (tree != nullptr) {
      tree->Apply(absl::MakeConstSpan(changed).subspan(batch_begin, end - batch_begin));
    }
    batch_begin = end;
  };
  for (size_t i = 0; i < changed.size(); ++i) {
    const RingPosition position = changed[i].position;
    if (tree == nullptr || !tree->range().Contains(position)) {
      flush(i);
      tree = trees_.Holding(position);  // a key of no kept tree: skipped with a null tree
    }
  }
  flush(changed.size());
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
