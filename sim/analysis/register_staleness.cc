// Registers. Clauses (a), (b) and (c) of staleness.h collapse into one test: let covered_us be the
// latest completion of a put G returned (by value, or under vector clocks by a dominating clock,
// with the eligibility rules of staleness.h). Then an acknowledged put P is excused exactly when
// P.invoke_us <= covered_us:
//  - if a returned put Q != P has Q.complete_us >= P.invoke_us, Q is not before P: clause (c);
//  - if P itself was returned ((a) or (b)), covered_us >= P.complete_us >= P.invoke_us;
//  - otherwise every returned put completed before P was invoked and P is missed.
// So k = the puts acknowledged before G began that were invoked after covered_us: a Fenwick count
// over the acknowledged puts, marked in completion order as the gets advance in invocation order.
// Clock dominance (clock_cover.h) is only worked out for the gets that values alone leave stale.
#include <algorithm>
#include <limits>

#include "sim/analysis/clock_cover.h"
#include "sim/analysis/key_staleness.h"
#include "sim/analysis/prefix_counter.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

constexpr TimeUs kNoTime = std::numeric_limits<TimeUs>::min();  // nothing returned
constexpr TimeUs kNever = std::numeric_limits<TimeUs>::max();   // a pending op's completion

// The key's kOk puts in (invoke_us, id) order (the order of KeyHistory::puts).
std::vector<const PutRecord*> AckedPuts(const KeyHistory& key) {
  std::vector<const PutRecord*> acked;
  for (const PutRecord& put : key.puts) {
    if (put.ok()) acked.push_back(&put);
  }
  return acked;
}

// The latest completion of a put of the key whose value `get` returned; kNoTime if none. A put
// counts when it is kOk or was invoked before the get completed.
TimeUs LatestReturnedByValueUs(const KeyHistory& key, const GetRecord& get) {
  TimeUs latest_us = kNoTime;
  key.ForEachReturnedPut(get, [&](size_t position) {
    const PutRecord& put = key.puts[position];
    if (!put.ok() && put.invoke_us >= get.complete_us) return;
    latest_us = std::max(latest_us, put.status == OpStatus::kPending ? kNever : put.complete_us);
  });
  return latest_us;
}

// For each get (in `gets` order, which is invocation order): of the puts in `acked` acknowledged
// before the get was invoked, how many were invoked after covered_us[get].
std::vector<uint64_t> CountMissed(absl::Span<const PutRecord* const> acked,
                                  absl::Span<const GetRecord> gets,
                                  const std::vector<TimeUs>& covered_us) {
  std::vector<TimeUs> invoke_us;    // of acked, ascending
  std::vector<size_t> by_complete;  // positions in acked, (complete_us, id) ascending
  for (size_t i = 0; i < acked.size(); ++i) {
    invoke_us.push_back(acked[i]->invoke_us);
    by_complete.push_back(i);
  }
  std::sort(by_complete.begin(), by_complete.end(), [&acked](size_t a, size_t b) {
    const PutRecord& x = *acked[a];
    const PutRecord& y = *acked[b];
    return x.complete_us != y.complete_us ? x.complete_us < y.complete_us : x.id < y.id;
  });
  PrefixCounter marked(acked.size());  // the puts acknowledged before the current get
  size_t acked_before = 0;
  std::vector<uint64_t> missed(gets.size(), 0);
  for (size_t g = 0; g < gets.size(); ++g) {
    while (acked_before < by_complete.size() &&
           acked[by_complete[acked_before]]->complete_us < gets[g].invoke_us) {
      marked.Mark(by_complete[acked_before]);
      ++acked_before;
    }
    const size_t covered_end =
        std::upper_bound(invoke_us.begin(), invoke_us.end(), covered_us[g]) - invoke_us.begin();
    missed[g] = acked_before - marked.CountBelow(covered_end);
  }
  return missed;
}

}  // namespace

std::vector<TimeUs> RegisterCoverOfKey(const History& history, const KeyHistory& key,
                                       bool last_write_wins) {
  const std::vector<const PutRecord*> acked = AckedPuts(key);
  std::vector<TimeUs> covered_us;
  for (const GetRecord& get : key.gets) covered_us.push_back(LatestReturnedByValueUs(key, get));
  if (last_write_wins) return covered_us;
  const std::vector<uint64_t> missed = CountMissed(acked, key.gets, covered_us);
  std::vector<size_t> stale_by_value;
  for (size_t g = 0; g < key.gets.size(); ++g) {
    if (missed[g] > 0 && key.gets[g].versions > 0) stale_by_value.push_back(g);
  }
  if (!stale_by_value.empty()) {
    RaiseCoverByClocks(history, acked, key.gets, std::move(stale_by_value), covered_us);
  }
  return covered_us;
}

void RegisterMissesOfKey(const History& history, const KeyHistory& key, bool last_write_wins,
                         std::vector<GetMisses>* out) {
  const std::vector<TimeUs> covered_us = RegisterCoverOfKey(history, key, last_write_wins);
  const std::vector<uint64_t> missed = CountMissed(AckedPuts(key), key.gets, covered_us);
  for (size_t g = 0; g < key.gets.size(); ++g) out->push_back(GetMisses{key.gets[g].id, missed[g]});
}

}  // namespace sim
