// TraceFilter and FilteredTraceSink: which records reach trace files and viewers.
//
// A filter keeps a record when it concerns one of the chosen workload keys (if any are chosen:
// a record whose note has no key is then dropped) and its time lies in [from_us, until_us).
// Filtering happens downstream of the digest: the digest always covers the whole trace.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "sim/engine/time.h"
#include "sim/engine/trace.h"

namespace sim {

struct TraceFilter {
  std::vector<uint64_t> keys;  // empty: every record, with or without a key
  TimeUs from_us = 0;
  TimeUs until_us = std::numeric_limits<TimeUs>::max();  // exclusive

  bool KeepsKey(uint64_t key) const;  // key may be TraceNote::kNone
  bool KeepsTime(TimeUs at_us) const { return at_us >= from_us && at_us < until_us; }
  // Whether [start_us, end_us] meets the window (for things that last, such as client ops).
  bool KeepsSpan(TimeUs start_us, TimeUs end_us) const {
    return end_us >= from_us && start_us < until_us;
  }
  bool Keeps(const TraceRecord& record) const {
    return KeepsTime(record.at_us) && KeepsKey(record.note.key);
  }
};

// Passes the records a filter keeps on to every target, in order. Does not own the targets.
class FilteredTraceSink : public TraceSink {
 public:
  FilteredTraceSink(TraceFilter filter, std::vector<TraceSink*> targets)
      : filter_(std::move(filter)), targets_(std::move(targets)) {}

  void Write(const TraceRecord& record, const TraceKindInfo& kind) override;

 private:
  TraceFilter filter_;
  std::vector<TraceSink*> targets_;
};

}  // namespace sim
