#include "sim/engine/trace.h"

#include <fmt/format.h>

#include "sim/engine/check.h"

namespace sim {

Trace::Trace() {
  kMessageSend = RegisterKind("message_send", {"to", "message_kind", "bytes"});
  kMessageDeliver = RegisterKind("message_deliver", {"from", "message_kind", "copy"});
  kMessageDrop = RegisterKind("message_drop", {"to", "message_kind", "reason"});
  kCrash = RegisterKind("crash");
  kRestart = RegisterKind("restart");
  kWipe = RegisterKind("wipe");
}

TraceKind Trace::RegisterKind(std::string_view name, std::array<std::string, 3> field_names) {
  TraceKind existing;
  SIM_CHECK(!FindKind(name, &existing), "trace kind registered twice");
  SIM_CHECK(kinds_.size() < UINT16_MAX, "too many trace kinds");
  kinds_.push_back(TraceKindInfo{std::string(name), std::move(field_names)});
  return static_cast<TraceKind>(kinds_.size() - 1);
}

bool Trace::FindKind(std::string_view name, TraceKind* kind) const {
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    if (kinds_[i].name == name) {
      *kind = static_cast<TraceKind>(i);
      return true;
    }
  }
  return false;
}

std::string Trace::DigestHex() const { return fmt::format("{:016x}", digest_); }

void Trace::WriteToSink(const TraceRecord& record) {
  SIM_CHECK(record.kind < kinds_.size(), "unregistered trace kind");
  sink_->Write(record, kinds_[record.kind]);
}

}  // namespace sim
