// The outputs of `run` that follow a run event by event, and their filters:
//   --trace FILE.jsonl      the trace, one JSON object per line (sim/engine/jsonl_trace_sink.h)
//   --perfetto FILE.json    Chrome trace-event JSON for ui.perfetto.dev
//   (sim/report/perfetto_trace.h)
//   --history FILE.edn      the client history for Jepsen's checkers (sim/report/history_edn.h)
//   --trace-key KEY         (repeatable) only events concerning these workload keys ("12", "k12")
//   --trace-from D, --trace-until D   only events in [D1, D2) of virtual time ("1.5s")
// The filters apply to --trace and --perfetto; the history is always whole (a checker needs every
// op), and the digest always covers the whole trace. Files are written to a unique temporary
// during the run and renamed into place only when the run succeeded (sim/report/atomic_file.h):
// nothing half-written is ever left.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sim/engine/jsonl_trace_sink.h"
#include "sim/engine/trace_filter.h"
#include "sim/report/atomic_file.h"
#include "sim/report/perfetto_trace.h"
#include "sim/run_result.h"
#include "sim/scenario/scenario.h"
#include "tools/dynamo-sim/args.h"

namespace sim::cli {

struct TraceExportOptions {
  std::string trace_path;
  std::string perfetto_path;
  std::string history_path;
  TraceFilter filter;
};

// InvalidArgument (message naming the flag) for a bad key or duration, or an empty window.
absl::StatusOr<TraceExportOptions> ParseTraceExportOptions(const ParsedArgs& parsed);

// Above this size a Perfetto file is more than chrome://tracing and ui.perfetto.dev load
// comfortably, so `run` warns and names the filters.
inline constexpr uint64_t kPerfettoWarnBytes = 100'000'000;

class TraceExports {
 public:
  // `perfetto_warn_bytes`: the size above which Commit adds a warning (tests pass a small one).
  explicit TraceExports(uint64_t perfetto_warn_bytes = kPerfettoWarnBytes)
      : perfetto_warn_bytes_(perfetto_warn_bytes) {}
  TraceExports(const TraceExports&) = delete;
  TraceExports& operator=(const TraceExports&) = delete;
  ~TraceExports() = default;  // the writers remove temporary files not committed

  // Checks the keys against the scenario's key space and opens the temporary files.
  absl::Status Open(const TraceExportOptions& options, const scenario::Scenario& scenario);
  // The sink to attach to the run; nullptr when neither --trace nor --perfetto was given.
  TraceSink* sink() { return filtered_.get(); }
  // Finishes every file with what the run produced and renames it into place.
  absl::Status Commit(const RunResult& result);
  // After Commit: messages for stderr (a Perfetto file above perfetto_warn_bytes, with the
  // filters that shrink it).
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  const uint64_t perfetto_warn_bytes_;
  std::vector<std::string> warnings_;
  TraceExportOptions options_;
  uint32_t clients_ = 0;
  std::unique_ptr<AtomicFileWriter> trace_file_;
  std::unique_ptr<AtomicFileWriter> perfetto_file_;
  // Opened early, so an unwritable path is refused before the run.
  std::unique_ptr<AtomicFileWriter> history_file_;
  // The sinks write into the files above, so they are declared after them (destroyed first).
  std::unique_ptr<JsonlTraceSink> jsonl_;
  std::unique_ptr<PerfettoTraceWriter> perfetto_;
  std::unique_ptr<FilteredTraceSink> filtered_;
};

}  // namespace sim::cli
