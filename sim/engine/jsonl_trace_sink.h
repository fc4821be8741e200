// JsonlTraceSink: writes each trace record as one JSON object per line:
//   {"t_us":1500,"actor":"n1","kind":"message_send","to":2,"message_kind":0,"bytes":120}
// Actor ids are printed with the names the owner supplies (process id -> name). A record whose
// note names a workload key gets a last field "key" (the note is not part of the digest).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "sim/engine/trace.h"

namespace sim {

class JsonlTraceSink : public TraceSink {
 public:
  // Does not take ownership of `file`. `actor_names[i]` names process i (missing: the number).
  JsonlTraceSink(std::FILE* file, std::vector<std::string> actor_names)
      : file_(file), actor_names_(std::move(actor_names)) {}

  void Write(const TraceRecord& record, const TraceKindInfo& kind) override;

 private:
  std::FILE* file_;
  std::vector<std::string> actor_names_;
};

}  // namespace sim
