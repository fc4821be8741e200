// Outages: time-based availability figures (design.md, "Availability"), because the success
// fraction alone hides an outage when clients issue few ops while requests time out. Pure
// functions of a run's history, fault windows and timeline.
//
// Definitions (virtual time; every op of the stream counts, gets and puts alike; pending ops are
// ignored):
//   outage          over a stream of ops (one client's, or every client's for "overall"): for each
//                   op that did not succeed (kFailed, kTimeout), invoked at t, let n(t) be the
//                   first completion of a successful op of the stream strictly after t. The ops
//                   with the same n form one outage, [earliest of their invocations, n]; ops with
//                   no successful op after them form a last outage that ends at the latest of
//                   their completions. So an outage is a stretch of time in which ops were
//                   attempted and none succeeded, from the first request that went unanswered to
//                   the next success (or, if none came, the last failure). Outages are disjoint.
//   longest outage  the longest outage's length (0 when every op succeeded).
//   unavailable time in fault windows
//                   the length of (union of outages) intersected with (union of the fault
//                   windows that last, end > start).
//   recovery time   for each fault window that lasts (end > start): the bucket width B is the
//                   timeline's; availability per bucket is succeeded / attempted over every op
//                   invoked in the bucket. The pre-fault level L is the availability over the
//                   buckets that overlap no lasting fault window and lie wholly between the end
//                   of the latest other window that ended by this window's start (or time 0) and
//                   this window's start; if none of those buckets has an op, over every bucket
//                   that overlaps no lasting fault window; if none of those has an op either,
//                   there is no baseline and no recovery figure.
//                   The window has recovered at the start of the first bucket that begins at or
//                   after its end, has an op, and has availability >= L - kRecoveryTolerance;
//                   recovery time = that bucket's start - the window's end (so its resolution is
//                   one bucket; 0 when the first bucket after the heal is already back). When
//                   buckets with ops follow the window but none is back: not recovered. When no
//                   bucket after the end has an op (the workload stopped): not measured.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "sim/analysis/timeline.h"
#include "sim/engine/time.h"
#include "sim/history.h"
#include "sim/run_result.h"

namespace sim {

// Back to the pre-fault level means within one op in a hundred of it, so one unlucky op in a
// busy bucket does not count as not recovered.
inline constexpr double kRecoveryTolerance = 0.01;

struct TimeSpan {
  TimeUs start_us = 0;
  TimeUs end_us = 0;
  TimeUs length_us() const { return end_us - start_us; }
  bool operator==(const TimeSpan&) const = default;
};

struct ClientOutages {
  uint32_t client = 0;            // client index (c1 is 0)
  TimeSpan longest;               // the longest outage (the earliest of equal ones); 0..0 if none
  TimeUs unavailable_in_faults_us = 0;
};

enum class RecoveryState : uint8_t { kRecovered, kNotRecovered, kNotMeasured };

struct FaultRecovery {
  uint32_t fault_id = 0;  // FaultWindow::id
  std::string type;
  TimeUs heal_us = 0;     // the window's end
  RecoveryState state = RecoveryState::kNotMeasured;
  std::optional<double> pre_fault_availability;  // L; none: no baseline
  TimeUs recovery_us = 0;                         // kRecovered only
};

struct OutageReport {
  TimeSpan longest;                  // overall: every client's ops as one stream
  TimeUs unavailable_in_faults_us = 0;  // overall
  TimeUs fault_time_us = 0;          // length of the union of the lasting fault windows
  std::vector<ClientOutages> clients;  // by client index; only clients with ops
  // The longest outage any one client saw (the `availability` check's max_outage bounds it).
  TimeSpan worst_client_longest;
  uint32_t worst_client = 0;
  std::vector<FaultRecovery> recoveries;  // lasting windows, in window order
};

// The outages of one stream of ops (any order), sorted by start. Pure.
std::vector<TimeSpan> OutageSpans(absl::Span<const Op* const> ops);

// The longest of `spans` (the earliest of equal ones); 0..0 when empty.
TimeSpan LongestSpan(absl::Span<const TimeSpan> spans);

// Total length of the union of `a` intersected with the union of `b` (any order, may overlap).
TimeUs OverlapUs(std::vector<TimeSpan> a, std::vector<TimeSpan> b);

// Recovery after each lasting window (definitions above). REQUIRES: timeline.bucket_us > 0.
std::vector<FaultRecovery> ComputeRecoveries(absl::Span<const FaultWindow> faults,
                                             const Timeline& timeline);

// Everything above for a run. REQUIRES: `timeline` was computed from `result` (may be empty:
// then no recoveries).
OutageReport ComputeOutages(const RunResult& result, const Timeline& timeline);

// "recovered", "not recovered", "not measured".
const char* RecoveryStateName(RecoveryState state);

}  // namespace sim
