#include "dynamo/ring.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "dynamo/check.h"
#include "dynamo/equal_partitions.h"
#include "dynamo/hash.h"
#include "dynamo/md5.h"

namespace dynamo {
namespace {

bool TokenLess(const Ring::Token& a, const Ring::Token& b) { return a.position < b.position; }

// Strategy 3: the tokens must be exactly the Q partition ends (distinctness is checked apart).
bool TokensArePartitionEnds(uint32_t partitions, absl::Span<const RingMember> members) {
  size_t total = 0;
  for (const RingMember& member : members) {
    for (RingPosition token : member.tokens) {
      const uint32_t partition = PartitionOfPosition(token, partitions);
      if (PartitionRange(partition, partitions).end != token) return false;
    }
    total += member.tokens.size();
  }
  return total == partitions;
}

bool AllTokensDistinct(absl::Span<const RingMember> members) {
  std::vector<RingPosition> all;
  for (const RingMember& member : members) {
    all.insert(all.end(), member.tokens.begin(), member.tokens.end());
  }
  std::sort(all.begin(), all.end());
  return std::adjacent_find(all.begin(), all.end()) == all.end();
}

// The walk heads of the rings of this thread, each table once: a ring whose heads equal a live
// table's takes that table (compared in full: equal hashes decide nothing). Per thread, as a
// sweep runs one simulation a thread; shared tables are immutable. Sharing changes no answer,
// only where the same numbers lie.
std::shared_ptr<const std::vector<NodeId>> SharedWalkHeads(std::vector<NodeId> heads) {
  using Table = std::vector<NodeId>;
  struct Cache {
    absl::flat_hash_map<uint64_t, std::weak_ptr<const Table>> by_hash;
    size_t prune_at = 64;
  };
  static thread_local Cache cache;
  uint64_t hash = heads.size();
  for (NodeId node : heads) hash = HashCombine(hash, node);
  std::weak_ptr<const Table>& slot = cache.by_hash[hash];
  if (std::shared_ptr<const Table> shared = slot.lock(); shared != nullptr && *shared == heads) {
    return shared;
  }
  auto table = std::make_shared<const Table>(std::move(heads));
  // A colliding live table keeps its slot (this ring keeps its own copy); an expired one goes.
  if (slot.expired()) slot = table;
  // Tables no ring holds any more go when the map has doubled since the last sweep of it.
  if (cache.by_hash.size() >= cache.prune_at) {
    absl::erase_if(cache.by_hash, [](const auto& entry) { return entry.second.expired(); });
    cache.prune_at = std::max<size_t>(64, 2 * cache.by_hash.size());
  }
  return table;
}

}  // namespace

std::vector<RingPosition> RandomTokens(size_t count, absl::FunctionRef<uint64_t()> random) {
  std::vector<RingPosition> tokens;
  tokens.reserve(count);
  // Collisions of 64-bit draws are astronomically rare; the bound only stops a broken source.
  const size_t max_draws = count + 64;
  for (size_t draws = 0; tokens.size() < count; ++draws) {
    DYNAMO_CHECK(draws < max_draws, "random source keeps repeating token positions");
    const RingPosition token = random();
    auto at = std::lower_bound(tokens.begin(), tokens.end(), token);
    if (at == tokens.end() || *at != token) tokens.insert(at, token);
  }
  return tokens;
}

bool Ring::IsValid(const RingParams& params, absl::Span<const RingMember> members) {
  if (members.empty()) return false;
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].tokens.empty()) return false;
    if (i > 0 && members[i - 1].node >= members[i].node) return false;
  }
  if (!AllTokensDistinct(members)) return false;
  switch (params.strategy) {
    case PartitionStrategy::kRandomTokens:
      return true;
    case PartitionStrategy::kRandomTokensEqualPartitions:
      return params.partitions >= 1;
    case PartitionStrategy::kEqualPartitions:
      return params.partitions >= 1 && TokensArePartitionEnds(params.partitions, members);
  }
  return false;
}

Ring::Ring(const RingParams& params, absl::Span<const RingMember> members,
           const DatacenterPlacement& placement)
    : params_(params) {
  DYNAMO_CHECK(IsValid(params, members), "invalid ring membership");
  nodes_.reserve(members.size());
  for (const RingMember& member : members) {
    const auto member_index = static_cast<uint32_t>(nodes_.size());
    nodes_.push_back(member.node);
    for (RingPosition token : member.tokens) {
      tokens_.push_back(Token{token, member.node, member_index});
    }
  }
  SetUpDatacenters(placement);
  DYNAMO_CHECK(tokens_.size() < (uint64_t{1} << 32), "too many tokens");
  std::sort(tokens_.begin(), tokens_.end(), TokenLess);
  if (UsesEqualPartitions()) {
    first_token_of_partition_.resize(params_.partitions);
    for (uint32_t p = 0; p < params_.partitions; ++p) {
      const RingPosition end = PartitionRange(p, params_.partitions).end;
      auto at = std::lower_bound(tokens_.begin(), tokens_.end(), Token{end, 0, 0}, TokenLess);
      first_token_of_partition_[p] =
          at == tokens_.end() ? 0 : static_cast<uint32_t>(at - tokens_.begin());
    }
  }
  CacheWalkHeads();
}

void Ring::CacheWalkHeads() {
  const uint32_t ranges = RangeCount();
  // A ring with very many ranges (strategy 1, many tokens) walks instead of keeping megabytes of
  // heads (a table is shared only by rings whose heads are equal, so rings of differing views
  // each keep their own).
  walk_head_size_ = ranges <= kMaxCachedRanges ? std::min(kCachedWalk, nodes_.size()) : 0;
  walk_heads_.reset();
  if (walk_head_size_ == 0) return;
  std::vector<NodeId> heads;
  heads.reserve(size_t{ranges} * walk_head_size_);
  for (uint32_t range = 0; range < ranges; ++range) {
    size_t taken = 0;
    Walk(FirstTokenOfRange(range), [&](NodeId node) {
      heads.push_back(node);
      return ++taken < walk_head_size_;
    });
    DYNAMO_CHECK(taken == walk_head_size_, "a walk yields every member");
  }
  walk_heads_ = SharedWalkHeads(std::move(heads));
}

absl::Span<const NodeId> Ring::WalkHead(uint32_t range) const {
  DYNAMO_CHECK(range < RangeCount(), "range index out of range");
  if (walk_head_size_ == 0) return {};
  return absl::MakeConstSpan(*walk_heads_).subspan(size_t{range} * walk_head_size_,
                                                   walk_head_size_);
}

void Ring::SetUpDatacenters(const DatacenterPlacement& placement) {
  DYNAMO_CHECK(placement.min_datacenters >= 1, "a preference list spans at least 1 datacenter");
  if (placement.datacenter_of_node.empty() || placement.min_datacenters == 1) return;
  member_datacenter_.reserve(nodes_.size());
  for (NodeId node : nodes_) {
    DYNAMO_CHECK(node < placement.datacenter_of_node.size(), "a ring member has no datacenter");
    const uint32_t datacenter = placement.datacenter_of_node[node];
    member_datacenter_.push_back(datacenter);
    datacenter_count_ = std::max(datacenter_count_, datacenter + 1);
  }
  std::vector<uint32_t> distinct = member_datacenter_;
  std::sort(distinct.begin(), distinct.end());
  const auto present = static_cast<uint32_t>(
      std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  spread_ = std::min(placement.min_datacenters, present);
  if (spread_ == 1) member_datacenter_.clear();
}

bool Ring::UsesEqualPartitions() const {
  return params_.strategy != PartitionStrategy::kRandomTokens;
}

uint32_t Ring::partitions() const { return UsesEqualPartitions() ? params_.partitions : 0; }

bool Ring::HasNode(NodeId node) const {
  return std::binary_search(nodes_.begin(), nodes_.end(), node);
}

uint32_t Ring::RangeCount() const {
  return UsesEqualPartitions() ? params_.partitions : static_cast<uint32_t>(tokens_.size());
}

KeyRange Ring::RangeAt(uint32_t range) const {
  DYNAMO_CHECK(range < RangeCount(), "range index out of range");
  if (UsesEqualPartitions()) return PartitionRange(range, params_.partitions);
  const uint32_t previous = range == 0 ? static_cast<uint32_t>(tokens_.size() - 1) : range - 1;
  return KeyRange{tokens_[previous].position, tokens_[range].position};
}

uint32_t Ring::RangeOfPosition(RingPosition position) const {
  if (UsesEqualPartitions()) return PartitionOfPosition(position, params_.partitions);
  // Token range i is (token[i-1], token[i]]: the first token at or after the position.
  auto at = std::lower_bound(tokens_.begin(), tokens_.end(), Token{position, 0, 0}, TokenLess);
  return at == tokens_.end() ? 0 : static_cast<uint32_t>(at - tokens_.begin());
}

uint32_t Ring::PartitionOf(Key key) const { return RangeOfPosition(KeyPosition(key)); }

uint32_t Ring::FirstTokenOfRange(uint32_t range) const {
  DYNAMO_CHECK(range < RangeCount(), "range index out of range");
  return UsesEqualPartitions() ? first_token_of_partition_[range] : range;
}

NodeId Ring::Coordinator(Key key) const { return CoordinatorOfRange(PartitionOf(key)); }

NodeId Ring::CoordinatorOfRange(uint32_t range) const {
  return tokens_[FirstTokenOfRange(range)].node;
}

void Ring::Walk(uint32_t first_token, absl::FunctionRef<bool(NodeId)> visit) const {
  if (spread_ == 1) return WalkInRingOrder(first_token, visit);
  WalkAcrossDatacenters(first_token, visit);
}

void Ring::WalkInRingOrder(uint32_t first_token, absl::FunctionRef<bool(NodeId)> visit) const {
  // One bit per member; inline for up to 256 members, so the usual walk does not allocate.
  absl::InlinedVector<uint64_t, 4> seen((nodes_.size() + 63) / 64, 0);
  size_t distinct = 0;
  uint32_t index = first_token;
  for (size_t step = 0; step < tokens_.size(); ++step) {
    const Token& token = tokens_[index];
    index = index + 1 == tokens_.size() ? 0 : index + 1;
    uint64_t& word = seen[token.member / 64];
    const uint64_t bit = uint64_t{1} << (token.member % 64);
    if ((word & bit) != 0) continue;  // Another token of a node already walked past.
    word |= bit;
    ++distinct;
    if (!visit(token.node) || distinct == nodes_.size()) return;
  }
}

// Three legs over one pass of the tokens: (1) in ring order, yield each new node whose
// datacenter is not covered yet and defer the others, until spread_ datacenters are covered
// (always within one pass: spread_ <= the members' datacenters); (2) yield the deferred nodes in
// the order they were passed; (3) go on around the ring, yielding every node not seen yet.
void Ring::WalkAcrossDatacenters(uint32_t first_token,
                                 absl::FunctionRef<bool(NodeId)> visit) const {
  absl::InlinedVector<uint64_t, 4> seen((nodes_.size() + 63) / 64, 0);
  absl::InlinedVector<uint64_t, 1> covered_bits((datacenter_count_ + 63) / 64, 0);
  absl::InlinedVector<NodeId, 8> deferred;
  size_t visited = 0;
  uint32_t covered = 0;
  uint32_t index = first_token;
  size_t step = 0;
  const auto advance = [&]() -> const Token& {
    const Token& token = tokens_[index];
    index = index + 1 == tokens_.size() ? 0 : index + 1;
    ++step;
    return token;
  };
  const auto first_time = [&](const Token& token) {
    uint64_t& word = seen[token.member / 64];
    const uint64_t bit = uint64_t{1} << (token.member % 64);
    if ((word & bit) != 0) return false;  // Another token of a node already walked past.
    word |= bit;
    return true;
  };
  while (covered < spread_ && step < tokens_.size()) {
    const Token& token = advance();
    if (!first_time(token)) continue;
    const uint32_t datacenter = member_datacenter_[token.member];
    uint64_t& word = covered_bits[datacenter / 64];
    const uint64_t bit = uint64_t{1} << (datacenter % 64);
    if ((word & bit) != 0) {
      deferred.push_back(token.node);
      continue;
    }
    word |= bit;
    ++covered;
    ++visited;
    if (!visit(token.node) || visited == nodes_.size()) return;
  }
  DYNAMO_CHECK(covered == spread_, "a walk of the whole ring missed a datacenter");
  for (NodeId node : deferred) {
    ++visited;
    if (!visit(node) || visited == nodes_.size()) return;
  }
  while (step < tokens_.size()) {
    const Token& token = advance();
    if (!first_time(token)) continue;
    ++visited;
    if (!visit(token.node) || visited == nodes_.size()) return;
  }
}

void Ring::CollectRange(uint32_t range, size_t count, NodeList* out) const {
  out->clear();
  if (count == 0) return;
  const absl::Span<const NodeId> head = WalkHead(range);
  if (count <= head.size() || head.size() == nodes_.size()) {
    // resize and copy, not assign: InlinedVector::assign takes a generic path that cost more
    // than the walk it replaces.
    const size_t taken = std::min(count, head.size());
    out->resize(taken);
    std::copy_n(head.begin(), taken, out->begin());
    return;
  }
  Walk(FirstTokenOfRange(range), [&](NodeId node) {
    out->push_back(node);
    return out->size() < count;
  });
  DYNAMO_CHECK(out->size() == std::min(count, nodes_.size()), "walk missed distinct nodes");
}

void Ring::WalkFromRange(uint32_t range, absl::FunctionRef<bool(NodeId)> visit) const {
  const absl::Span<const NodeId> head = WalkHead(range);
  for (NodeId node : head) {
    if (!visit(node)) return;
  }
  if (head.size() == nodes_.size()) return;
  // Past the cached head: the same walk again, passing over the nodes already visited.
  size_t passed = 0;
  Walk(FirstTokenOfRange(range), [&](NodeId node) {
    if (passed < head.size()) {
      DYNAMO_CHECK(node == head[passed], "the cached walk head is the walk's start");
      ++passed;
      return true;
    }
    return visit(node);
  });
}

void Ring::PreferenceList(Key key, size_t count, NodeList* out) const {
  CollectRange(PartitionOf(key), count, out);
}

void Ring::PreferenceListAt(RingPosition position, size_t count, NodeList* out) const {
  CollectRange(RangeOfPosition(position), count, out);
}

void Ring::PreferenceListOfRange(uint32_t range, size_t count, NodeList* out) const {
  CollectRange(range, count, out);
}

void Ring::WalkPreferenceList(Key key, absl::FunctionRef<bool(NodeId)> visit) const {
  WalkFromRange(PartitionOf(key), visit);
}

void Ring::WalkRange(uint32_t range, absl::FunctionRef<bool(NodeId)> visit) const {
  WalkFromRange(range, visit);
}

std::vector<IndexedRange> Ring::ReplicatedRanges(NodeId node, size_t n) const {
  DYNAMO_CHECK(n >= 1, "replication factor must be at least 1");
  std::vector<IndexedRange> ranges;
  if (!HasNode(node)) return ranges;
  const uint32_t range_count = RangeCount();
  for (uint32_t range = 0; range < range_count; ++range) {
    size_t walked = 0;
    bool replicates = false;
    WalkFromRange(range, [&](NodeId visited) {
      replicates = visited == node;
      return !replicates && ++walked < n;
    });
    if (replicates) ranges.push_back(IndexedRange{range, RangeAt(range)});
  }
  return ranges;
}

}  // namespace dynamo
