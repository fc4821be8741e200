// Carts: a get misses every put acknowledged before it began whose item is not in the union of
// the values it returned, except items a remove may have taken out before it (staleness.h, "Cart
// removes"). So k = (puts acknowledged before the get) - (returned items written by one of those
// puts) - (absent items of those puts that a remove excuses), with no per-put scan: the excused
// ones are counted with a Fenwick tree over the removes' invocation times.
#include <algorithm>
#include <tuple>

#include "sim/analysis/key_staleness.h"
#include "sim/analysis/prefix_counter.h"
#include "sim/engine/check.h"

namespace sim {

void CartMissesOfKey(const KeyHistory& key, std::vector<GetMisses>* out) {
  std::vector<TimeUs> acked_us;  // completion times of the key's kOk puts, ascending
  std::vector<const PutRecord*> removed;  // kOk puts whose item a remove named
  for (const PutRecord& put : key.puts) {
    if (!put.ok()) continue;
    acked_us.push_back(put.complete_us);
    if (put.removed()) removed.push_back(&put);
  }
  std::sort(acked_us.begin(), acked_us.end());
  std::sort(removed.begin(), removed.end(), [](const PutRecord* a, const PutRecord* b) {
    return std::tie(a->complete_us, a->id) < std::tie(b->complete_us, b->id);
  });
  std::vector<TimeUs> removed_from_us;  // the removes' first invocations, ascending, distinct
  for (const PutRecord* put : removed) removed_from_us.push_back(put->removed_from);
  std::sort(removed_from_us.begin(), removed_from_us.end());
  removed_from_us.erase(std::unique(removed_from_us.begin(), removed_from_us.end()),
                        removed_from_us.end());
  // The removed puts acknowledged before the current get began, by their removal's rank. Gets
  // come in invocation order, so they are marked once each, in completion order.
  PrefixCounter acked_removed(removed_from_us.size());
  size_t next_removed = 0;

  for (const GetRecord& get : key.gets) {
    const uint64_t before =
        std::lower_bound(acked_us.begin(), acked_us.end(), get.invoke_us) - acked_us.begin();
    while (next_removed < removed.size() && removed[next_removed]->complete_us < get.invoke_us) {
      const TimeUs from = removed[next_removed++]->removed_from;
      acked_removed.Mark(std::lower_bound(removed_from_us.begin(), removed_from_us.end(), from) -
                         removed_from_us.begin());
    }
    // Of the puts acknowledged before the get, those a remove invoked by its completion excuses.
    const uint64_t excusable =
        removed.empty() ? 0
                        : acked_removed.CountBelow(std::upper_bound(removed_from_us.begin(),
                                                                    removed_from_us.end(),
                                                                    get.complete_us) -
                                                   removed_from_us.begin());
    uint64_t seen = 0;              // distinct returned items written by one of those puts
    uint64_t seen_excusable = 0;    // of them, returned although a remove may have taken them out
    if (before > 0) {
      key.ForEachReturnedPut(get, [&](size_t position) {
        const PutRecord& put = key.puts[position];
        if (!put.ok() || put.complete_us >= get.invoke_us) return;
        ++seen;
        if (MayBeRemovedBefore(put, get)) ++seen_excusable;
      });
    }
    SIM_CHECK(seen <= before, "counted a returned item twice");
    SIM_CHECK(seen_excusable <= excusable && excusable - seen_excusable <= before - seen,
              "excused more absent items than are absent");
    out->push_back(GetMisses{get.id, before - seen - (excusable - seen_excusable)});
  }
}

}  // namespace sim
