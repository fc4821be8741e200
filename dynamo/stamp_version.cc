#include "dynamo/stamp_version.h"

namespace dynamo {

Version StampVersion(const Value& value, const Context& context, NodeId actor, uint64_t counter,
                     uint64_t dot_past, TimeUs now_us, NodeId writer, size_t max_clock_entries) {
  Version version;
  version.value = value;
  version.clock = context.clock;
  version.extra_dots = context.dots;
  version.dot_node = actor;
  version.dot_counter = counter;
  version.dot_past = dot_past;
  version.clock.Merge(VectorClock({ClockEntry{actor, counter, now_us}}));
  version.clock.Truncate(max_clock_entries);
  version.lww_timestamp_us = now_us;
  version.writer = writer;
  return version;
}

}  // namespace dynamo
