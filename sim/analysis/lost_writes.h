// Lost writes (design.md, "Values and checkers"): acknowledged puts whose effect is gone from the
// key's final versions after quiesce.
//
// Carts: an acknowledged item missing from the union of the key's final versions. Registers: an
// acknowledged value not among the final versions, unless a put that is not before it survives
// (its value is final, or with vector clocks a final version makes it obsolete), or a final
// version makes the lost one obsolete. This is exactly the stale-read rule (staleness.h) applied
// to one more read per key, at the end of the run, that returns the final versions and must
// reflect every acknowledged put; the checker reuses it so the two can never disagree.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/run_result.h"

namespace sim {

struct KeyLosses {
  dynamo::Key key = 0;
  uint64_t lost = 0;  // acknowledged puts of the key whose effect is gone
};

struct LostWritesReport {
  uint64_t acknowledged_puts = 0;
  uint64_t lost_writes = 0;
  std::vector<KeyLosses> by_key;  // keys with losses, ascending
};

// REQUIRES: result.final_versions holds the reconciled final versions of every key.
LostWritesReport ComputeLostWrites(const RunResult& result);

}  // namespace sim
