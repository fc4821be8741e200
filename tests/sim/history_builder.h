// Hand-built histories for the analysis tests: ops with explicit times (in milliseconds for
// readability), statuses, items and clocks, no cluster involved. Add ops in invocation order, as
// the real History stores them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "dynamo/vector_clock.h"
#include "dynamo/version.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim::testing {

// A version holding `items` (sorted by the caller) with `clock`.
// Clocks are taken by reference and copied: moving a default-constructed absl::InlinedVector also
// trips g++ 12's false -Wmaybe-uninitialized at -O2 (see AppendOp).
inline dynamo::Version MakeVersion(std::vector<uint64_t> items,
                                   const dynamo::VectorClock& clock = dynamo::VectorClock()) {
  dynamo::Version version;
  version.value = std::move(items);
  version.clock = clock;
  return version;
}

// A clock with the given entries (sorted by node).
inline dynamo::VectorClock Clock(std::initializer_list<dynamo::ClockEntry> entries) {
  return dynamo::VectorClock(entries);
}

// Appends an op as History::Invoke does (id = index, invocation order), but constructs it in place:
// g++ 12 at -O2 reports a false -Wmaybe-uninitialized on the absl::InlinedVector move inside
// History::Invoke, which would break -Werror release builds of these tests.
inline Op& AppendOp(History& history, OpType type, dynamo::Key key, TimeUs invoke_us) {
  History::Ops& ops = history.mutable_ops();
  Op& op = ops.emplace_back();
  op.id = ops.size() - 1;
  op.type = type;
  op.key = key;
  op.invoke_us = invoke_us;
  return op;
}

class HistoryBuilder {
 public:
  // A put of `item` on `key` over [invoke_ms, complete_ms]; when kOk, `clock` is the clock the
  // coordinator acknowledged. The value written is {item}. Returns the op id.
  uint64_t Put(dynamo::Key key, uint64_t item, TimeUs invoke_ms, TimeUs complete_ms,
               OpStatus status = OpStatus::kOk,
               const dynamo::VectorClock& clock = dynamo::VectorClock()) {
    Op& op = AppendOp(history_, OpType::kPut, key, invoke_ms * kMillisecond);
    op.complete_us = complete_ms * kMillisecond;
    op.status = status;
    const uint64_t id = op.id;
    if (status == OpStatus::kOk) history_.RecordWritten(id, MakeVersion({item}, clock), true);
    history_.SetPutItem(id, item);
    return id;
  }

  // A get of `key` over [invoke_ms, complete_ms] that returned `read` (recorded as the client
  // does, so its items must be those of puts added before it). Returns the op id.
  uint64_t Get(dynamo::Key key, TimeUs invoke_ms, TimeUs complete_ms,
               std::vector<dynamo::Version> read = {}, OpStatus status = OpStatus::kOk) {
    Op& op = AppendOp(history_, OpType::kGet, key, invoke_ms * kMillisecond);
    op.complete_us = complete_ms * kMillisecond;
    op.status = status;
    const uint64_t id = op.id;
    history_.RecordRead(id, read, /*keep_values=*/true);
    return id;
  }

  // The put of a cart remove of `item` on `key` over [invoke_ms, complete_ms] (its get left
  // out: the checkers judge removes by their puts). The value written is left empty.
  uint64_t RemovePut(dynamo::Key key, uint64_t item, TimeUs invoke_ms, TimeUs complete_ms,
                     OpStatus status = OpStatus::kOk) {
    Op& op = AppendOp(history_, OpType::kPut, key, invoke_ms * kMillisecond);
    op.complete_us = complete_ms * kMillisecond;
    op.status = status;
    op.remove = true;
    op.removed_item = item;
    return op.id;
  }

  // An op with a latency in microseconds (for the latency tests).
  uint64_t OpWithLatency(OpType type, TimeUs invoke_us, TimeUs latency_us, OpStatus status) {
    Op& op = AppendOp(history_, type, 0, invoke_us);
    op.complete_us = invoke_us + latency_us;
    op.status = status;
    const uint64_t id = op.id;
    if (type == OpType::kPut) history_.SetPutItem(id, id + 1);
    return id;
  }

  const History& history() const { return history_; }
  History& mutable_history() { return history_; }

 private:
  History history_;
};

}  // namespace sim::testing
