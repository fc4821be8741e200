// History: every client operation of a run, as the checkers and reports read it.
//
// An op is invoked by a client at invoke_us and completes at complete_us with a status. A get
// records the versions it returned (value and vector clock); a put records its item (the value
// it wrote and its context stay with the client while the put is in flight: nothing after the
// run reads them) and the version the coordinator acknowledged (with the clock it got). A cart
// add is two ops: the get that read the cart and the put that wrote it (`read_op` links them).
// Items are unique in the run: item = (client index + 1) << 32 | sequence. A cart remove is a
// get and, for a non-empty cart, a put that writes the cart without one item (`remove`,
// `removed_item`).
//
// Ops are stored in invocation order; `id` is the index. Appending never moves an op
// (chunked_log.h): references to ops stay valid and memory grows with the ops, not by doubling.
//
// Memory stays linear in the number of ops, whatever the cart sizes (a cart grows with every add,
// so copying it into every get would cost gets x cart size), and small per op (issue 12: a run's
// peak memory is mostly its history). The History numbers each key's puts 0, 1, 2... in
// invocation order (their "positions"), and keeps what a get returned as the union of its
// versions' items written as runs of those positions, plus any item no put of the key wrote
// ("foreign", kept literally). A get that saw every add but the in-flight ones is a handful of
// runs. Versions (a get's, a put's acknowledged one) are kept once each in a table of distinct
// versions and named by index: most gets return a version some put wrote, so a get costs a few
// bytes for its versions, not a copy of each. For carts the versions keep their clocks and dots
// but drop their values; registers (one item a version) keep them.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "dynamo/types.h"
#include "dynamo/version.h"
#include "sim/chunked_log.h"
#include "sim/engine/time.h"
#include "sim/version_table.h"

namespace sim {

enum class OpType : uint8_t { kGet, kPut };

enum class OpStatus : uint8_t {
  kPending,  // invoked, not completed (only while the run is in progress)
  kOk,       // the coordinator answered success
  kFailed,   // the coordinator answered failure (quorum not reached in time)
  kTimeout,  // no answer within the client timeout (counts as unavailable)
};

inline constexpr uint64_t kNoOp = UINT64_MAX;

// Positions [begin, end) of one key's puts (History's numbering).
struct PositionRun {
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const PositionRun&, const PositionRun&) = default;
};
// A get's runs. Two inline (the size of an empty vector): a register get, or a cart get that saw
// every add, is one run, and a heap block per get was an eighth of a long run's history.
using PositionRuns = absl::InlinedVector<PositionRun, 2>;

// Fields are ordered by size so that an op packs without padding: a run keeps one per op.
struct Op {
  uint64_t id = 0;
  dynamo::Key key = 0;
  TimeUs invoke_us = 0;
  TimeUs complete_us = 0;
  // How many ops had been invoked when this one completed: the run's exact order of a completion
  // against the invocations of the same microsecond (this op completed after ops 0 .. n-1 were
  // invoked and before op n was). kNoOp when not recorded (hand-built histories): readers then
  // take it as completed before the ops invoked at complete_us, as a closed-loop client's next
  // op is (history_by_key.h).
  uint64_t invoked_before_completion = kNoOp;
  // Put: the new item (carts: the item the add put in; registers: the value written).
  uint64_t item = 0;
  // Cart add: the get that read the cart (`add_read`), and the put that wrote it (`read_op` links
  // it to its get; with always_writeable after a failed get, it was written with an empty
  // context). The add succeeded when its put did.
  uint64_t read_op = kNoOp;
  // Cart remove (workload.mix.remove): the get that read the cart (`remove_read`; an empty cart
  // makes it the whole remove), then a put (`remove`, `read_op` its get) of the union of the
  // read's items minus `removed_item`, with the read's context. A remove's put writes no item of
  // its own: it has no position and History::SetPutItem is never called for it, so readers that
  // trace items to puts (history_by_key.h) leave it out.
  uint64_t removed_item = 0;
  uint32_t client = 0;             // client index, 0-based (client c1 is 0)
  dynamo::NodeId coordinator = 0;  // node that answered (kOk / kFailed)
  uint32_t position = 0;           // put: its number among its key's puts
  // Put, when kOk: the version the coordinator stored (its clock and LWW timestamp; for carts
  // without its value), in History::version; kNoVersion otherwise.
  VersionId written = kNoVersion;
  // Entry nodes tried (retries after a silent node); at most kMaxAttempts is recorded.
  uint16_t attempts = 0;
  static constexpr uint16_t kMaxAttempts = UINT16_MAX;
  OpType type = OpType::kGet;
  OpStatus status = OpStatus::kPending;
  bool add_read = false;
  bool remove_read = false;
  bool remove = false;
  // Get: the versions returned, in canonical order (History::version; for carts without their
  // values), and the union of their items as runs of put positions plus foreign items
  // (History::RecordRead; the rare foreign items are kept by the History: foreign_items()).
  absl::InlinedVector<VersionId, 4> read;
  PositionRuns returned;

  bool ok() const { return status == OpStatus::kOk; }
  TimeUs latency_us() const { return complete_us - invoke_us; }
};
// A long run's history is mostly ops: keep an op from growing unnoticed (the memory estimate,
// sim/scenario/memory_estimate.cc, counts on it).
static_assert(sizeof(Op) <= 136, "an Op grew past 136 bytes");

class History {
 public:
  // Appends an op at invocation; returns its id.
  uint64_t Invoke(uint32_t client, OpType type, dynamo::Key key, TimeUs now_us) {
    // Built in place: moving an Op trips g++ 12's false -Wmaybe-uninitialized inside Abseil.
    Op& op = ops_.emplace_back();
    op.id = ops_.size() - 1;
    op.client = client;
    op.type = type;
    op.key = key;
    op.invoke_us = now_us;
    return op.id;
  }
  // Gives put `op_id` its item and the next position among its key's puts. Puts of a key get
  // their items in invocation order (checked), so positions follow (invoke_us, id) order.
  void SetPutItem(uint64_t op_id, uint64_t item);

  // Records what get `op_id` returned: the versions, and the union of their items as runs of put
  // positions. `keep_values` false (carts) drops the versions' values once the runs hold them.
  void RecordRead(uint64_t op_id, absl::Span<const dynamo::Version> versions, bool keep_values);
  // Records the version put `op_id` was acknowledged with (`keep_value` false: without its value).
  void RecordWritten(uint64_t op_id, const dynamo::Version& version, bool keep_value);

  // A version of the table of distinct versions; `id` is an op's `written` or one of its `read`.
  // Decoded on each call (version_table.h): a reader that needs it twice keeps the copy.
  dynamo::Version version(VersionId id) const { return versions_.Get(id); }
  // The version put `op` was acknowledged with, or an empty version (no clock, no dot: trusted by
  // no checker) when none was recorded.
  dynamo::Version written(const Op& op) const {
    return op.written == kNoVersion ? dynamo::Version() : versions_.Get(op.written);
  }
  // The items get `op` returned that no put of its key wrote, sorted (usually none).
  const std::vector<uint64_t>& foreign_items(const Op& op) const;
  // Distinct versions kept (for tests and memory accounting).
  size_t distinct_versions() const { return versions_.size(); }

  // The items get `op` returned (the union of its versions' values), sorted: rebuilt from the
  // runs, for exports. Costs the size of the answer.
  std::vector<uint64_t> ReturnedItems(const Op& op) const;

  Op& at(uint64_t id) { return ops_[id]; }
  const Op& at(uint64_t id) const { return ops_[id]; }
  using Ops = ChunkedLog<Op>;
  const Ops& ops() const { return ops_; }
  Ops& mutable_ops() { return ops_; }

 private:
  static constexpr uint32_t kUnplaced = UINT32_MAX;  // a position no put can have (checked)
  struct ItemPlace {
    dynamo::Key key = 0;
    uint32_t position = kUnplaced;
    // The version the put of the item was acknowledged with, once it was: a get that returns a
    // version of this one item most often returns that one, so it is VersionTable::Intern's hint.
    VersionId written = kNoVersion;
  };
  static_assert(sizeof(ItemPlace) == 16, "the hint fits in the padding: no byte per put more");
  struct KeyPuts {
    std::vector<uint64_t> items;  // by position
    uint64_t last_op = 0;         // the latest put given an item
  };

  Ops ops_;
  VersionTable versions_;  // distinct versions, each once
  // Item -> the put that wrote it. The run's items ((client + 1) << 32 | sequence, each client's
  // sequences dense from 1) sit in a vector per client, so tracing a cart's sorted items reads
  // memory in order (a hash lookup per item made RecordRead 72% of a hot-key cart run); any other
  // item (hand-built histories) is in a map.
  ItemPlace* NewPlace(uint64_t item);
  // VersionTable::Intern's hint for a version a get of `key` returned: what the put of its newest
  // item (the highest position among its items) was acknowledged with. A version is most often
  // exactly what one put wrote, and that put added the newest of its items (a register's only
  // one, a cart's last add).
  VersionId InternHint(dynamo::Key key, const dynamo::Version& version) const;
  // Inlined: RecordRead calls it for every item of every version a get returns (out of line, a
  // call per item made a hot-key cart run about 8% slower).
  ABSL_ATTRIBUTE_ALWAYS_INLINE const ItemPlace* FindPlace(uint64_t item) const;
  std::vector<std::vector<ItemPlace>> places_by_client_;
  absl::flat_hash_map<uint64_t, ItemPlace> other_places_;  // lookups only, never iterated
  absl::flat_hash_map<dynamo::Key, KeyPuts> puts_;    // lookups only, never iterated
  // Get op id -> its foreign items, for the gets that have some (lookups only, never iterated).
  absl::flat_hash_map<uint64_t, std::vector<uint64_t>> foreign_items_;
};

}  // namespace sim
