// The charts of report.html, each built from the report.json object alone (report_html.h).
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace sim::report {

// Availability of gets and puts per timeline bucket (buckets with ops only), fault windows shaded.
std::string AvailabilityChart(const nlohmann::json& report);
// Ops attempted and succeeded (gets and puts) per timeline bucket, fault windows shaded: beside
// the availability chart, it shows whether a dip is many failures or few ops.
std::string ThroughputChart(const nlohmann::json& report);
// p99 latency of gets and puts per timeline bucket, fault windows shaded.
std::string LatencyOverTimeChart(const nlohmann::json& report);
// Stale fraction of gets and messages sent per timeline bucket (two charts).
std::string StaleOverTimeChart(const nlohmann::json& report);
std::string MessagesOverTimeChart(const nlohmann::json& report);
// Latency CDF per op type from ops.*.latency_cdf_ms (log-scale latency).
std::string LatencyCdfChart(const nlohmann::json& report);
// t-visibility: probability against t (log scale), one point per bucket.
std::string TVisibilityChart(const nlohmann::json& report);
// Versions per get histogram.
std::string VersionsChart(const nlohmann::json& report);
// Per-node load: grouped bars.
std::string NodeLoadChart(const nlohmann::json& report);
// Bytes per mechanism (messages.by_mechanism), one bar each, in mechanism order.
std::string MechanismBytesChart(const nlohmann::json& report);

}  // namespace sim::report
