#include "sim/engine/trace_filter.h"

#include <algorithm>

namespace sim {

bool TraceFilter::KeepsKey(uint64_t key) const {
  if (keys.empty()) return true;
  return key != TraceNote::kNone && std::find(keys.begin(), keys.end(), key) != keys.end();
}

void FilteredTraceSink::Write(const TraceRecord& record, const TraceKindInfo& kind) {
  if (!filter_.Keeps(record)) return;
  for (TraceSink* target : targets_) target->Write(record, kind);
}

}  // namespace sim
