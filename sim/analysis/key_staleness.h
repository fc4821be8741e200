// Per-key halves of the staleness checker (staleness.h has the definitions): how many puts each
// successful get of one key missed, for carts and for registers.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/analysis/history_by_key.h"
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

}  // namespace sim
