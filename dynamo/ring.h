// The consistent-hashing ring with virtual nodes (paper sections 4.2, 4.3) under the three
// partitioning strategies of section 6.2. A Ring is an immutable snapshot of one membership
// view: build a new one when the membership changes.
//
// Every member owns tokens (positions on the ring). A walk starts at a token and goes clockwise,
// yielding each physical node the first time one of its tokens is passed; the first N nodes of
// the walk are the preference list. What differs between strategies is where the walk starts
// and what the unit of key range is:
//
// - Strategy 1 (kRandomTokens): T random tokens per node. Range i is (token[i-1], token[i]] in
//   sorted token order (range 0 wraps: (last token, first token]). A key's walk starts at the
//   first token at or after its position.
// - Strategy 2 (kRandomTokensEqualPartitions): T random tokens per node, Q equal partitions
//   (equal_partitions.h). Range i is partition i. Every key of partition p walks from the first
//   token at or after the partition's END (inclusive: a token exactly at the end is that first
//   token; for the last partition, whose end is 0, it is the smallest token). So tokens only
//   place partitions and never split them.
// - Strategy 3 (kEqualPartitions): Q equal partitions, each owned by one node; a member's tokens
//   are exactly the ends of the partitions it owns, so the Q tokens are the Q partition ends and
//   partition p's walk starts at its own owner, then the owners of p+1, p+2, ... skipping nodes
//   already seen. partition_assignment.h computes the owners and converts them to members.
//
// Datacenters (paper section 4.6: "the preference list of a key is constructed such that the
// storage nodes are spread across multiple data centers"): with a DatacenterPlacement of D >= 2,
// the walk first yields nodes of distinct datacenters until min(D, datacenters on the ring) are
// covered (a node whose datacenter is already covered is skipped for now), then every node
// skipped so far in ring order, then the rest of the ring in ring order. The order does not
// depend on N, so the top N (N >= D) span min(D, datacenters) datacenters, the extended walk of
// sloppy quorums is the same sequence continued, and the coordinator (the first node) is the
// same as without datacenters.
//
// Positions are 64-bit (md5.h). Lookups are O(log tokens) for strategy 1 and O(1) for 2 and 3;
// preference lists do not allocate when `count` fits NodeList's inline capacity, and one of at
// most four nodes is read from a per-range cache of each walk's first nodes, not walked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "dynamo/key_range.h"
#include "dynamo/types.h"

namespace dynamo {

enum class PartitionStrategy : uint8_t {
  kRandomTokens = 1,
  kRandomTokensEqualPartitions = 2,
  kEqualPartitions = 3,
};

struct RingParams {
  PartitionStrategy strategy = PartitionStrategy::kEqualPartitions;
  // Q, the number of equal partitions for strategies 2 and 3. Ignored by strategy 1.
  uint32_t partitions = 256;
};

// One physical node and its tokens.
struct RingMember {
  NodeId node = 0;
  std::vector<RingPosition> tokens;  // any order
};

// Which datacenter each node is in, and how many datacenters a preference list spans.
struct DatacenterPlacement {
  // Indexed by NodeId; empty = no datacenters (the plain ring walk). When not empty, every ring
  // member's id is below its size.
  std::vector<uint32_t> datacenter_of_node;
  // D: the walk yields nodes of min(D, datacenters of the ring's members) distinct datacenters
  // first. 1 = the plain ring walk.
  uint32_t min_datacenters = 1;
};

// A key range with its index (token range index for strategy 1, partition for 2 and 3).
struct IndexedRange {
  uint32_t index = 0;
  KeyRange range;
  friend bool operator==(const IndexedRange&, const IndexedRange&) = default;
};

// `count` distinct random tokens, sorted ascending, drawn from `random` (one call per token,
// more only on a collision). REQUIRES: random does not keep repeating the same values.
std::vector<RingPosition> RandomTokens(size_t count, absl::FunctionRef<uint64_t()> random);

class Ring {
 public:
  // Inline capacity covers N up to 8 without allocating.
  using NodeList = absl::InlinedVector<NodeId, 8>;

  struct Token {
    RingPosition position = 0;
    NodeId node = 0;
    uint32_t member = 0;  // index of `node` in nodes()
  };

  // True if `members` can build a ring: at least one member; members sorted by strictly
  // increasing node id; every member has at least one token; all tokens on the ring are
  // distinct; strategies 2 and 3 have partitions >= 1; strategy 3 has exactly the Q partition
  // ends as tokens.
  static bool IsValid(const RingParams& params, absl::Span<const RingMember> members);

  // REQUIRES: IsValid(params, members); every member has a datacenter when placement names any.
  Ring(const RingParams& params, absl::Span<const RingMember> members,
       const DatacenterPlacement& placement = {});

  PartitionStrategy strategy() const { return params_.strategy; }
  // Q for strategies 2 and 3; 0 for strategy 1.
  uint32_t partitions() const;
  // Member node ids, ascending.
  absl::Span<const NodeId> nodes() const { return nodes_; }
  // All tokens, ascending by position.
  absl::Span<const Token> tokens() const { return tokens_; }
  bool HasNode(NodeId node) const;
  // How many distinct datacenters the walk covers first: min(D, datacenters of the members);
  // 1 when the walk is the plain ring walk.
  uint32_t spread() const { return spread_; }

  // Number of key ranges: the token count (strategy 1) or Q (strategies 2 and 3).
  uint32_t RangeCount() const;
  // REQUIRES: range < RangeCount().
  KeyRange RangeAt(uint32_t range) const;
  // The index of the range holding `position`.
  uint32_t RangeOfPosition(RingPosition position) const;
  // The partition (strategies 2, 3) or token range (strategy 1) holding `key`.
  uint32_t PartitionOf(Key key) const;

  // The first node of the key's preference list.
  NodeId Coordinator(Key key) const;
  // REQUIRES: range < RangeCount().
  NodeId CoordinatorOfRange(uint32_t range) const;

  // Replaces *out with the first min(count, nodes().size()) distinct physical nodes of the
  // key's walk (the top N when count == N).
  void PreferenceList(Key key, size_t count, NodeList* out) const;
  void PreferenceListAt(RingPosition position, size_t count, NodeList* out) const;
  // REQUIRES: range < RangeCount().
  void PreferenceListOfRange(uint32_t range, size_t count, NodeList* out) const;

  // The extended walk for sloppy quorums: calls visit(node) for every distinct physical node in
  // ring order from the key's coordinator, until visit returns false or every node was visited.
  // The caller decides which nodes count (e.g. skips unreachable ones and stops after N healthy).
  void WalkPreferenceList(Key key, absl::FunctionRef<bool(NodeId)> visit) const;
  // REQUIRES: range < RangeCount().
  void WalkRange(uint32_t range, absl::FunctionRef<bool(NodeId)> visit) const;

  // The ranges whose first n distinct nodes include `node`, ascending by index: what `node`
  // replicates (anti-entropy, range transfer). Empty if node is not a member. Cost
  // O(RangeCount() * walk). REQUIRES: n >= 1.
  std::vector<IndexedRange> ReplicatedRanges(NodeId node, size_t n) const;

 private:
  uint32_t FirstTokenOfRange(uint32_t range) const;
  void Walk(uint32_t first_token, absl::FunctionRef<bool(NodeId)> visit) const;
  void WalkInRingOrder(uint32_t first_token, absl::FunctionRef<bool(NodeId)> visit) const;
  void WalkAcrossDatacenters(uint32_t first_token, absl::FunctionRef<bool(NodeId)> visit) const;
  // The walk of `range`: its cached head, then (only if the visitor goes on) the rest.
  void WalkFromRange(uint32_t range, absl::FunctionRef<bool(NodeId)> visit) const;
  void CollectRange(uint32_t range, size_t count, NodeList* out) const;
  // Fills walk_heads_ (the constructor's last step, once the walk is set up).
  void CacheWalkHeads();
  absl::Span<const NodeId> WalkHead(uint32_t range) const;
  bool UsesEqualPartitions() const;
  void SetUpDatacenters(const DatacenterPlacement& placement);

  // Constant after construction.
  RingParams params_;
  std::vector<NodeId> nodes_;
  std::vector<Token> tokens_;
  // Strategies 2 and 3: the token where partition p's walk starts.
  std::vector<uint32_t> first_token_of_partition_;
  // Datacenters: each member's datacenter, indexed like nodes_ (empty when spread_ == 1), and
  // the number of datacenters the walk covers first.
  std::vector<uint32_t> member_datacenter_;
  uint32_t datacenter_count_ = 0;  // 1 + the largest datacenter index of a member
  uint32_t spread_ = 1;
  // The first walk_head_size_ = min(kCachedWalk, members) nodes of every range's walk, range by
  // range: a preference list of up to that many nodes (the top N of every get and put, asked for
  // by the entry node, the coordinator and the replicas) is a copy instead of a walk of the
  // tokens. 16 bytes a range: 64 KiB at 4,096 partitions; none past kMaxCachedRanges ranges.
  // Immutable, and shared by the rings of this thread that have equal heads (every node's ring,
  // once membership has converged): one copy stays in cache where 64 nodes' copies of the same
  // table missed it on most client requests.
  static constexpr size_t kCachedWalk = 4;
  static constexpr uint32_t kMaxCachedRanges = 65536;  // 1 MiB of heads at most
  size_t walk_head_size_ = 0;
  std::shared_ptr<const std::vector<NodeId>> walk_heads_;
};

}  // namespace dynamo
