#include "sim/report/perfetto_trace.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "nlohmann/json.hpp"
#include "sim/engine/check.h"
#include "sim/report/fault_json.h"

namespace sim {
namespace {

constexpr int kNodesPid = 1;
constexpr int kClientsPid = 2;
constexpr int kFaultsPid = 3;

// A JSON string literal (quoted and escaped): names come from scenario files.
std::string Quote(const std::string& text) { return nlohmann::json(text).dump(); }

const char* StatusName(OpStatus status) {
  switch (status) {
    case OpStatus::kOk:
      return "ok";
    case OpStatus::kFailed:
      return "fail";
    case OpStatus::kTimeout:
      return "timeout";
    case OpStatus::kPending:
      return "pending";
  }
  return "unknown";
}

// Flow ids: one per delivered copy of a message.
uint64_t FlowId(const TraceRecord& deliver) {
  return deliver.note.message_id * 2 + deliver.fields[2];
}

}  // namespace

PerfettoTraceWriter::PerfettoTraceWriter(std::FILE* file, PerfettoNames names, TraceFilter filter)
    : file_(file), names_(std::move(names)), filter_(std::move(filter)) {
  SIM_CHECK(file_ != nullptr, "PerfettoTraceWriter needs a file");
  std::fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n", file_);
}

PerfettoTraceWriter::Role PerfettoTraceWriter::RoleOf(const TraceRecord& record,
                                                      const TraceKindInfo& kind) {
  if (record.kind >= roles_.size()) roles_.resize(record.kind + 1, Role::kUnknown);
  Role& role = roles_[record.kind];
  if (role == Role::kUnknown) {
    role = kind.name == "message_send"      ? Role::kSend
           : kind.name == "message_deliver" ? Role::kDeliver
           : kind.name == "message_drop"    ? Role::kDrop
                                            : Role::kOther;
  }
  return role;
}

PerfettoTraceWriter::Track PerfettoTraceWriter::ProcessTrack(uint64_t process) const {
  const uint64_t nodes = names_.nodes.size();
  if (process >= nodes && process < nodes + names_.clients.size()) {
    return Track{kClientsPid, static_cast<int>(2 * (process - nodes) + 2)};  // "cN net"
  }
  return Track{kNodesPid, static_cast<int>(process + 1)};
}

std::string PerfettoTraceWriter::ProcessName(uint64_t process) const {
  const uint64_t nodes = names_.nodes.size();
  if (process < nodes) return Quote(names_.nodes[process]);
  if (process < nodes + names_.clients.size()) return Quote(names_.clients[process - nodes]);
  return fmt::format("\"{}\"", process);
}

std::string PerfettoTraceWriter::KindName(uint64_t message_kind) const {
  if (message_kind < names_.message_kinds.size()) return names_.message_kinds[message_kind];
  return fmt::format("kind {}", message_kind);
}

void PerfettoTraceWriter::Emit(const std::string& event) {
  if (!first_event_) std::fputs(",\n", file_);
  first_event_ = false;
  std::fwrite(event.data(), 1, event.size(), file_);
}

void PerfettoTraceWriter::Write(const TraceRecord& record, const TraceKindInfo& kind) {
  const Track track = ProcessTrack(record.actor);
  const std::string key =
      record.note.key == TraceNote::kNone ? "" : fmt::format(",\"key\":{}", record.note.key);
  switch (RoleOf(record, kind)) {
    case Role::kSend:
      return Emit(fmt::format(
          "{{\"name\":{},\"cat\":\"send\",\"ph\":\"X\",\"ts\":{},\"dur\":1,\"pid\":{},\"tid\":{},"
          "\"args\":{{\"to\":{},\"bytes\":{}{}}}}}",
          Quote(KindName(record.fields[1])), record.at_us, track.pid, track.tid,
          ProcessName(record.fields[0]), record.fields[2], key));
    case Role::kDeliver:
      return WriteDeliver(record);
    case Role::kDrop:
      return Emit(fmt::format(
          "{{\"name\":{},\"cat\":\"drop\",\"ph\":\"i\",\"s\":\"t\",\"ts\":{},\"pid\":{},"
          "\"tid\":{},\"args\":{{\"to\":{},\"reason\":{}{}}}}}",
          Quote("drop " + KindName(record.fields[1])), record.at_us, track.pid, track.tid,
          ProcessName(record.fields[0]), record.fields[2], key));
    case Role::kUnknown:
    case Role::kOther:
      break;
  }
  std::string args;
  for (int i = 0; i < 3; ++i) {
    if (kind.field_names[i].empty()) continue;
    args += fmt::format("{}{}:{}", args.empty() ? "" : ",", Quote(kind.field_names[i]),
                        record.fields[i]);
  }
  Emit(fmt::format(
      "{{\"name\":{},\"cat\":\"event\",\"ph\":\"i\",\"s\":\"t\",\"ts\":{},\"pid\":{},\"tid\":{},"
      "\"args\":{{{}{}}}}}",
      Quote(kind.name), record.at_us, track.pid, track.tid, args,
      args.empty() && !key.empty() ? key.substr(1) : key));
}

void PerfettoTraceWriter::WriteDeliver(const TraceRecord& record) {
  const Track to = ProcessTrack(record.actor);
  const std::string name = Quote(KindName(record.fields[1]));
  const std::string key =
      record.note.key == TraceNote::kNone ? "" : fmt::format(",\"key\":{}", record.note.key);
  Emit(fmt::format(
      "{{\"name\":{},\"cat\":\"deliver\",\"ph\":\"X\",\"ts\":{},\"dur\":1,\"pid\":{},"
      "\"tid\":{},\"args\":{{\"from\":{},\"copy\":{}{}}}}}",
      name, record.at_us, to.pid, to.tid, ProcessName(record.fields[0]), record.fields[2], key));
  if (record.note.message_id == TraceNote::kNone || record.note.sent_us < 0) return;
  const Track from = ProcessTrack(record.fields[0]);
  const uint64_t id = FlowId(record);
  Emit(
      fmt::format("{{\"name\":{},\"cat\":\"message\",\"ph\":\"s\",\"id\":{},\"ts\":{},\"pid\":{},"
                  "\"tid\":{}}}",
                  name, id, record.note.sent_us, from.pid, from.tid));
  Emit(
      fmt::format("{{\"name\":{},\"cat\":\"message\",\"ph\":\"f\",\"bp\":\"e\",\"id\":{},\"ts\":{},"
                  "\"pid\":{},\"tid\":{}}}",
                  name, id, record.at_us, to.pid, to.tid));
}

void PerfettoTraceWriter::WriteOps(const History& history, TimeUs end_us) {
  for (const Op& op : history.ops()) {
    const TimeUs complete_us = op.status == OpStatus::kPending ? end_us : op.complete_us;
    if (!filter_.KeepsKey(op.key) || !filter_.KeepsSpan(op.invoke_us, complete_us)) continue;
    std::string args = fmt::format("\"key\":{},\"status\":\"{}\",\"attempts\":{}", op.key,
                                   StatusName(op.status), op.attempts);
    if (op.status == OpStatus::kOk || op.status == OpStatus::kFailed) {
      args += fmt::format(",\"coordinator\":{}", ProcessName(op.coordinator));
    }
    if (op.type == OpType::kGet && op.ok()) args += fmt::format(",\"versions\":{}", op.read.size());
    if (op.type == OpType::kPut && !op.remove) args += fmt::format(",\"item\":{}", op.item);
    if (op.remove) args += fmt::format(",\"removed_item\":{}", op.removed_item);
    Emit(fmt::format(
        "{{\"name\":\"{}\",\"cat\":\"op\",\"ph\":\"X\",\"ts\":{},\"dur\":{},\"pid\":{},"
        "\"tid\":{},\"args\":{{{}}}}}",
        op.type == OpType::kGet ? "get" : "put", op.invoke_us,
        std::max<TimeUs>(0, complete_us - op.invoke_us), kClientsPid, 2 * op.client + 1, args));
  }
}

// Windows that overlap go on separate lanes (threads), so slices on one thread never cross.
void PerfettoTraceWriter::WriteFaults(const std::vector<FaultWindow>& faults) {
  std::vector<TimeUs> lane_free_at_us;
  for (const FaultWindow& fault : faults) {
    if (!filter_.KeepsSpan(fault.start_us, fault.end_us)) continue;
    size_t lane = 0;
    while (lane < lane_free_at_us.size() && lane_free_at_us[lane] > fault.start_us) ++lane;
    if (lane == lane_free_at_us.size()) lane_free_at_us.push_back(0);
    lane_free_at_us[lane] = fault.end_us;
    const TimeUs dur_us = fault.end_us - fault.start_us;
    const std::string phase =
        dur_us > 0 ? fmt::format("\"ph\":\"X\",\"dur\":{}", dur_us) : "\"ph\":\"i\",\"s\":\"t\"";
    // args: the window as report.json has it (id, source, ended_by, parameters).
    Emit(fmt::format(
        "{{\"name\":{},\"cat\":\"fault\",{},\"ts\":{},\"pid\":{},\"tid\":{},\"args\":{}}}",
        Quote(fault.type), phase, fault.start_us, kFaultsPid, lane + 1,
        FaultWindowJson(fault).dump()));
  }
  fault_lanes_ = std::max<int>(1, static_cast<int>(lane_free_at_us.size()));
}

void PerfettoTraceWriter::WriteMetadata() {
  auto process = [&](int pid, const std::string& name) {
    Emit(
        fmt::format("{{\"name\":\"process_name\",\"ph\":\"M\",\"ts\":0,\"pid\":{},\"tid\":0,"
                    "\"args\":{{\"name\":{}}}}}",
                    pid, Quote(name)));
    Emit(
        fmt::format("{{\"name\":\"process_sort_index\",\"ph\":\"M\",\"ts\":0,\"pid\":{},\"tid\":0,"
                    "\"args\":{{\"sort_index\":{}}}}}",
                    pid, pid));
  };
  auto thread = [&](int pid, int tid, const std::string& name) {
    Emit(
        fmt::format("{{\"name\":\"thread_name\",\"ph\":\"M\",\"ts\":0,\"pid\":{},\"tid\":{},"
                    "\"args\":{{\"name\":{}}}}}",
                    pid, tid, Quote(name)));
    Emit(
        fmt::format("{{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"ts\":0,\"pid\":{},\"tid\":{},"
                    "\"args\":{{\"sort_index\":{}}}}}",
                    pid, tid, tid));
  };
  process(kNodesPid, "nodes");
  for (size_t i = 0; i < names_.nodes.size(); ++i) {
    thread(kNodesPid, static_cast<int>(i + 1), names_.nodes[i]);
  }
  process(kClientsPid, "clients");
  for (size_t i = 0; i < names_.clients.size(); ++i) {
    thread(kClientsPid, static_cast<int>(2 * i + 1), names_.clients[i]);
    thread(kClientsPid, static_cast<int>(2 * i + 2), names_.clients[i] + " net");
  }
  process(kFaultsPid, "faults");
  for (int lane = 1; lane <= fault_lanes_; ++lane) {
    thread(kFaultsPid, lane, lane == 1 ? "faults" : fmt::format("faults {}", lane));
  }
}

void PerfettoTraceWriter::Finish(const RunResult& result) {
  WriteOps(result.history, result.sim_time_us);
  WriteFaults(result.faults);
  WriteMetadata();
  std::fputs("\n]}\n", file_);
}

}  // namespace sim
