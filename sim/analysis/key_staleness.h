// Per-key halves of the staleness checker (staleness.h has the definitions): how many puts each
// successful get of one key missed, for carts and for registers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/analysis/history_by_key.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim {

struct GetMisses {
  uint64_t get_op = 0;
  uint64_t missed_puts = 0;
};

// Appends one entry per successful get of `key` to `out`.
void CartMissesOfKey(const KeyHistory& key, std::vector<GetMisses>* out);

// As CartMissesOfKey, for registers; `last_write_wins` turns off clock dominance. `history` is
// read for clocks only. REQUIRES: `key` comes from a HistoryByKey of `history`.
void RegisterMissesOfKey(const History& history, const KeyHistory& key, bool last_write_wins,
                         std::vector<GetMisses>* out);

// Registers: for each get of `key` (in key.gets order), the latest completion of a put it
// returned, by value or (vector clocks) by a dominating clock, with the eligibility rules of
// staleness.h. A kOk put P acknowledged before the get began is missed exactly when
// P.invoke_us > cover (register_staleness.cc explains why). Values below every time mean nothing
// was returned. Same REQUIRES as RegisterMissesOfKey.
std::vector<TimeUs> RegisterCoverOfKey(const History& history, const KeyHistory& key,
                                       bool last_write_wins);

// Carts: whether a remove of `put`'s item may have taken it out before `get` read the key: a
// remove's put of the item, whatever its outcome (a failed or timed-out put may still be stored
// by some replica), invoked no later than the get completed (staleness.h, "Cart removes").
inline bool MayBeRemovedBefore(const PutRecord& put, const GetRecord& get) {
  return put.removed_from <= get.complete_us;
}

// Whether `get` (of `key`) missed the kOk put `put` (acknowledged before the get began), by the
// rules of staleness.h. `cover_us` is RegisterCoverOfKey's value for the get (ignored for carts).
// A cart item that a remove may have taken out before the get is not missed when absent.
inline bool MissedPut(const KeyHistory& key, const GetRecord& get, const PutRecord& put,
                      bool carts, TimeUs cover_us) {
  if (!carts) return put.invoke_us > cover_us;
  return !key.Returned(get, put) && !MayBeRemovedBefore(put, get);
}

}  // namespace sim
