// PerfettoTraceWriter: a run as a Chrome trace-event JSON file, which ui.perfetto.dev and
// chrome://tracing open: {"displayTimeUnit":"ms","traceEvents":[...]}, timestamps in
// microseconds of virtual time.
//
// Tracks (pid/tid, named by "M" metadata events):
//   pid 1 "nodes":   one thread per node ("n1"...): message sends and deliveries as 1us slices
//                    ("X", named by message kind), drops and crash/restart/wipe as instants;
//   pid 2 "clients": per client a thread "c1" with its ops ("X" get/put, args key/status...)
//                    and a thread "c1 net" with its messages (ops and messages on one thread
//                    would not nest: a reply lands at the instant its op ends);
//   pid 3 "faults":  fault windows as "X" (instants when they last no time), on as many
//                    threads ("faults", "faults 2"...) as overlapping windows need; args are
//                    the window as report.json has it (id, source, ended_by, parameters).
// Each delivery is tied to its send by a flow: "s" at the send on the sender's thread and "f"
// (bp "e") at the delivery, with one id per delivered copy.
//
// The writer is a TraceSink: records stream to the file during the run (filter them upstream
// with a FilteredTraceSink); Finish() then appends the history's ops and the fault windows that
// `filter` keeps, and the track names, and closes the JSON.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/engine/trace.h"
#include "sim/engine/trace_filter.h"
#include "sim/run_result.h"

namespace sim {

struct PerfettoNames {
  std::vector<std::string> nodes;          // process ids 0..K-1
  std::vector<std::string> clients;        // process ids K..K+M-1 (client index order)
  std::vector<std::string> message_kinds;  // by message kind id
};

class PerfettoTraceWriter : public TraceSink {
 public:
  // Writes the opening of the JSON object to `file` (not owned; must outlive the writer).
  PerfettoTraceWriter(std::FILE* file, PerfettoNames names, TraceFilter filter);

  void Write(const TraceRecord& record, const TraceKindInfo& kind) override;

  // Appends the ops, fault windows and track names, and closes the JSON object. Call once.
  void Finish(const RunResult& result);

 private:
  enum class Role : uint8_t { kUnknown, kSend, kDeliver, kDrop, kOther };
  struct Track {
    int pid = 0;
    int tid = 0;
  };

  Role RoleOf(const TraceRecord& record, const TraceKindInfo& kind);
  Track ProcessTrack(uint64_t process) const;
  std::string ProcessName(uint64_t process) const;
  std::string KindName(uint64_t message_kind) const;
  void WriteDeliver(const TraceRecord& record);
  void WriteOps(const History& history, TimeUs end_us);
  void WriteFaults(const std::vector<FaultWindow>& faults);
  void WriteMetadata();
  void Emit(const std::string& event);

  std::FILE* file_;
  PerfettoNames names_;
  TraceFilter filter_;
  std::vector<Role> roles_;  // by trace kind, filled as kinds are met
  int fault_lanes_ = 1;
  bool first_event_ = true;
};

}  // namespace sim
