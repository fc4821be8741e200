#include "sim/engine/jsonl_trace_sink.h"

#include <fmt/format.h>

namespace sim {

void JsonlTraceSink::Write(const TraceRecord& record, const TraceKindInfo& kind) {
  std::string line = fmt::format("{{\"t_us\":{},\"actor\":", record.at_us);
  if (record.actor < actor_names_.size()) {
    line += fmt::format("\"{}\"", actor_names_[record.actor]);
  } else {
    line += fmt::format("{}", record.actor);
  }
  line += fmt::format(",\"kind\":\"{}\"", kind.name);
  for (int i = 0; i < 3; ++i) {
    if (kind.field_names[i].empty()) continue;
    line += fmt::format(",\"{}\":{}", kind.field_names[i], record.fields[i]);
  }
  if (record.note.key != TraceNote::kNone) line += fmt::format(",\"key\":{}", record.note.key);
  line += "}\n";
  std::fwrite(line.data(), 1, line.size(), file_);
}

}  // namespace sim
