// HistoryByKey: a compact, per-key copy of the facts the staleness checker reads about each op
// (times, status, the item a put wrote, the puts whose items a get returned, as runs of
// positions: history.h), laid out contiguously. It is
// built in one pass over the history in op order and then a few sorts, O(n log n), so the checker
// walks small arrays instead of chasing ops across a history of millions. Clocks stay in the
// History (only the rare clock-dominance test needs them); records carry the op id to reach them.
// Keys come out ascending; nothing depends on a hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "dynamo/types.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim {

struct PutRecord {
  dynamo::Key key = 0;
  TimeUs invoke_us = 0;
  TimeUs complete_us = 0;
  uint64_t item = 0;
  uint64_t id = 0;
  OpStatus status = OpStatus::kPending;
  // Carts: the earliest invocation of a remove's put that took this put's item out (any
  // outcome: a failed or timed-out put may still be stored by some replica), in the records'
  // times; kNeverRemoved when no remove named the item.
  TimeUs removed_from = kNeverRemoved;
  static constexpr TimeUs kNeverRemoved = std::numeric_limits<TimeUs>::max();
  bool ok() const { return status == OpStatus::kOk; }
  bool removed() const { return removed_from != kNeverRemoved; }
};

struct GetRecord {
  dynamo::Key key = 0;
  TimeUs invoke_us = 0;
  TimeUs complete_us = 0;
  uint64_t id = 0;
  uint64_t versions = 0;  // versions returned
  // The puts of the key whose items the get returned, as runs of positions in KeyHistory::puts:
  // returned_runs[begin, end) of the owning HistoryByKey (KeyHistory::ReturnedRuns). Items no put
  // of the key wrote are left out: no check counts them.
  size_t runs_begin = 0;
  size_t runs_end = 0;
};

// The ops of one key.
struct KeyHistory {
  dynamo::Key key = 0;
  // every put of the key that wrote an item (not a cart remove's put), (invoke_us, id) ascending
  absl::Span<const PutRecord> puts;
  absl::Span<const GetRecord> gets;  // the key's successful gets, (invoke_us, id) ascending
  absl::Span<const PositionRun> returned_runs;  // of every get; see GetRecord

  // The runs of positions in `puts` of the puts `get` returned, ascending and disjoint.
  absl::Span<const PositionRun> ReturnedRuns(const GetRecord& get) const {
    return returned_runs.subspan(get.runs_begin, get.runs_end - get.runs_begin);
  }
  // Calls visit(position) for each put of the key that `get` returned, positions ascending.
  template <typename Visit>
  void ForEachReturnedPut(const GetRecord& get, Visit&& visit) const {
    for (const PositionRun& run : ReturnedRuns(get)) {
      for (size_t position = run.begin; position < run.end; ++position) visit(position);
    }
  }
  // Whether `get` returned the item of `put`, an element of `puts`.
  bool Returned(const GetRecord& get, const PutRecord& put) const;
};

// What the records' invoke_us and complete_us hold.
enum class RecordTimes {
  kMicroseconds,  // the ops' virtual times: a completion and an invocation of the same
                  // microsecond are simultaneous, so neither is before the other (strict <)
  // Stamps of the run's exact order instead of times: op i's invocation is 2i + 1, a completion
  // after n invocations (Op::invoked_before_completion) is 2n, so a completion and an invocation
  // never tie and "completed before invoked" is exact even within one microsecond (a client that
  // puts again, or reads, the instant its put is acknowledged). Order only: no durations.
  kEventOrder,
};

// Consecutive keys, first to last inclusive.
struct KeyInterval {
  dynamo::Key first = 0;
  dynamo::Key last = std::numeric_limits<dynamo::Key>::max();
  bool Contains(dynamo::Key key) const { return first <= key && key <= last; }
};

// The keys of `history`'s ops cut into ascending intervals of consecutive keys with at most
// `max_ops` ops each (a key with more is an interval of its own; none if there are no ops).
// A reader that builds one HistoryByKey per interval, and drops it before the next, visits the
// keys in the same order as one HistoryByKey of every key, while its copy of the history stays
// bounded however long the run (issue 12: the copy was a third of a long run's peak memory).
std::vector<KeyInterval> KeyIntervals(const History& history, uint64_t max_ops);
// The max_ops the analysis uses: about 60 MB of records per interval, and one pass over the
// history per interval (a run of 4M ops makes four).
inline constexpr uint64_t kOpsPerKeyInterval = uint64_t{1} << 20;

class HistoryByKey {
 public:
  // The ops of the keys in `keys` (every key by default). REQUIRES: every put got its item
  // through History::SetPutItem and every successful get its versions through
  // History::RecordRead (aborts otherwise). `history` may be discarded afterwards; the records
  // are copies.
  explicit HistoryByKey(const History& history, RecordTimes times = RecordTimes::kMicroseconds,
                        KeyInterval keys = KeyInterval());

  // Keys that have at least one successful get, ascending.
  size_t size() const { return keys_.size(); }
  KeyHistory key(size_t index) const;

 private:
  struct KeyRange {
    dynamo::Key key = 0;
    size_t puts_begin = 0, puts_end = 0;
    size_t gets_begin = 0, gets_end = 0;
  };

  std::vector<PutRecord> puts_;  // (key, invoke_us, id) ascending
  std::vector<GetRecord> gets_;  // successful gets, (key, invoke_us, id) ascending
  std::vector<PositionRun> returned_runs_;  // per successful get, in op order
  std::vector<KeyRange> keys_;
};

}  // namespace sim
