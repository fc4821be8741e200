// History: every client operation of a run, as the checkers and reports read it.
//
// An op is invoked by a client at invoke_us and completes at complete_us with a status. A get
// records the versions it returned (value and vector clock); a put records the value it wrote,
// the context it was written with, and the version the coordinator acknowledged (with the clock
// it got). A cart add is two ops: the get that read the cart and the put that wrote it
// (`read_op` links them). Items are unique in the run: item = (client index + 1) << 32 | sequence.
//
// Ops are stored in invocation order; `id` is the index.
#pragma once

#include <cstdint>
#include <vector>

#include "dynamo/types.h"
#include "dynamo/version.h"
#include "sim/engine/time.h"

namespace sim {

enum class OpType : uint8_t { kGet, kPut };

enum class OpStatus : uint8_t {
  kPending,  // invoked, not completed (only while the run is in progress)
  kOk,       // the coordinator answered success
  kFailed,   // the coordinator answered failure (quorum not reached in time)
  kTimeout,  // no answer within the client timeout (counts as unavailable)
};

inline constexpr uint64_t kNoOp = UINT64_MAX;

struct Op {
  uint64_t id = 0;
  uint32_t client = 0;  // client index, 0-based (client c1 is 0)
  OpType type = OpType::kGet;
  dynamo::Key key = 0;
  TimeUs invoke_us = 0;
  TimeUs complete_us = 0;
  OpStatus status = OpStatus::kPending;
  uint32_t attempts = 0;          // entry nodes tried (retries after a silent node)
  dynamo::NodeId coordinator = 0;  // node that answered (kOk / kFailed)
  // Get: the versions returned, in canonical order.
  std::vector<dynamo::Version> read;
  // Put: the new item (carts) or value (registers), the full value written, and the context.
  uint64_t item = 0;
  dynamo::Value value;
  dynamo::VectorClock context;
  std::vector<dynamo::Dot> context_dots;  // writes the read saw beyond the clock's ranges
  // Cart add: the get that read the cart (`add_read`), and the put that wrote it (`read_op` links
  // it to its get; with always_writeable after a failed get, it was written with an empty
  // context). The add succeeded when its put did.
  bool add_read = false;
  uint64_t read_op = kNoOp;
  // Put, when kOk: the version the coordinator stored (its clock and LWW timestamp).
  dynamo::Version written;

  bool ok() const { return status == OpStatus::kOk; }
  TimeUs latency_us() const { return complete_us - invoke_us; }
};

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
  Op& at(uint64_t id) { return ops_[id]; }
  const Op& at(uint64_t id) const { return ops_[id]; }
  const std::vector<Op>& ops() const { return ops_; }
  std::vector<Op>& mutable_ops() { return ops_; }

 private:
  std::vector<Op> ops_;
};

}  // namespace sim
