// Carts: a get misses every put acknowledged before it began whose item is not in the union of
// the values it returned. So k = (puts acknowledged before the get) - (returned items written by
// one of those puts), with no per-put scan.
#include <algorithm>

#include "sim/analysis/key_staleness.h"
#include "sim/engine/check.h"

namespace sim {

void CartMissesOfKey(const KeyHistory& key, std::vector<GetMisses>* out) {
  std::vector<TimeUs> acked_us;  // completion times of the key's kOk puts, ascending
  for (const PutRecord& put : key.puts) {
    if (put.ok()) acked_us.push_back(put.complete_us);
  }
  std::sort(acked_us.begin(), acked_us.end());

  for (const GetRecord& get : key.gets) {
    const uint64_t before =
        std::lower_bound(acked_us.begin(), acked_us.end(), get.invoke_us) - acked_us.begin();
    uint64_t seen = 0;  // distinct returned items written by one of those puts
    if (before > 0) {
      key.ForEachReturnedPut(get, [&](size_t position) {
        const PutRecord& put = key.puts[position];
        if (put.ok() && put.complete_us < get.invoke_us) ++seen;
      });
    }
    SIM_CHECK(seen <= before, "counted a returned item twice");
    out->push_back(GetMisses{get.id, before - seen});
  }
}

}  // namespace sim
