// Fault windows in every output carry their parameters: report.json (fault_json.h), the tables
// of report.md and report.html (fault_text.h), the Perfetto trace's fault slices and the Jepsen
// history's :nemesis ops. Exact expected values for one window of each shape.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/analysis/summary.h"
#include "sim/report/fault_json.h"
#include "sim/report/fault_text.h"
#include "sim/report/history_edn.h"
#include "sim/report/perfetto_trace.h"
#include "sim/report/report_html.h"
#include "sim/report/report_json.h"
#include "sim/report/report_markdown.h"
#include "tests/sim/history_builder.h"
#include "tests/sim/run_result_fixture.h"

namespace sim {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using scenario::FaultType;

FaultWindow Window(FaultType type, const char* name, double start_s, double end_s, uint32_t id,
                   const char* source, const char* ended_by) {
  FaultWindow window{name,
                     static_cast<TimeUs>(start_s * kSecond),
                     static_cast<TimeUs>(end_s * kSecond),
                     id,
                     source,
                     ended_by,
                     {}};
  window.fault.type = type;
  return window;
}

// One window of each parameter shape, in order of start.
std::vector<FaultWindow> Windows() {
  FaultWindow partition = Window(FaultType::kPartition, "partition", 2, 12, 1, "scheduled", "heal");
  partition.fault.groups = {{"n1", "c1"}, {"n2", "n3"}};
  FaultWindow skew = Window(FaultType::kClockSkew, "clock_skew", 3, 8, 2, "scheduled", "until");
  skew.fault.nodes = {"n3"};
  skew.fault.offset_us = -2500 * kMillisecond;
  FaultWindow cut = Window(FaultType::kOneWay, "one_way", 4, 6, 3, "scheduled", "until");
  cut.fault.from = {"n3"};
  cut.fault.to = {"n1", "n2"};
  FaultWindow slow = Window(FaultType::kLatency, "latency", 6, 9, 4, "nemesis", "nemesis");
  slow.fault.nodes = {"n2"};
  slow.fault.extra = Distribution::Uniform(20 * kMillisecond, 200 * kMillisecond);
  FaultWindow crash = Window(FaultType::kCrash, "crash", 7, 9, 5, "scheduled", "restart");
  crash.fault.nodes = {"n1", "n2"};
  FaultWindow loss = Window(FaultType::kDrop, "drop", 9, 12, 6, "nemesis", "quiesce");
  loss.fault.rate = 0.125;
  FaultWindow wipe = Window(FaultType::kWipe, "wipe", 10, 10, 7, "nemesis", "");
  wipe.fault.nodes = {"n3"};
  FaultWindow heal = Window(FaultType::kHeal, "heal", 12, 12, 8, "scheduled", "");
  return {partition, skew, cut, slow, crash, loss, wipe, heal};
}

TEST(FaultWindowJsonTest, CarriesIdSourceEndAndParameters) {
  const std::vector<FaultWindow> windows = Windows();
  EXPECT_EQ(FaultWindowJson(windows[0]), json::parse(R"({"id": 1, "type": "partition",
      "source": "scheduled", "start_s": 2.0, "end_s": 12.0, "ended_by": "heal",
      "groups": [["n1", "c1"], ["n2", "n3"]]})"));
  EXPECT_EQ(FaultWindowJson(windows[1]), json::parse(R"({"id": 2, "type": "clock_skew",
      "source": "scheduled", "start_s": 3.0, "end_s": 8.0, "ended_by": "until",
      "nodes": ["n3"], "offset_s": -2.5})"));
  EXPECT_EQ(FaultParametersJson(windows[2]), json::parse(R"({"from": ["n3"], "to": ["n1", "n2"]})"));
  EXPECT_EQ(FaultParametersJson(windows[3]), json::parse(R"({"nodes": ["n2"],
      "extra": {"distribution": "uniform", "min": "20ms", "max": "200ms"}})"));
  EXPECT_EQ(FaultParametersJson(windows[4]), json::parse(R"({"nodes": ["n1", "n2"]})"));
  EXPECT_EQ(FaultWindowJson(windows[5]), json::parse(R"({"id": 6, "type": "drop",
      "source": "nemesis", "start_s": 9.0, "end_s": 12.0, "ended_by": "quiesce", "rate": 0.125})"));
  // Instantaneous: no ended_by; a heal has no parameters.
  EXPECT_EQ(FaultWindowJson(windows[6]), json::parse(R"({"id": 7, "type": "wipe",
      "source": "nemesis", "start_s": 10.0, "end_s": 10.0, "nodes": ["n3"]})"));
  EXPECT_EQ(FaultWindowJson(windows[7]), json::parse(R"({"id": 8, "type": "heal",
      "source": "scheduled", "start_s": 12.0, "end_s": 12.0})"));
}

TEST(FaultWindowJsonTest, DropOnNodesNamesThem) {
  FaultWindow loss = Window(FaultType::kDrop, "drop", 1, 2, 1, "scheduled", "until");
  loss.fault.rate = 0.5;
  loss.fault.nodes = {"n1"};
  EXPECT_EQ(FaultParametersJson(loss), json::parse(R"({"rate": 0.5, "nodes": ["n1"]})"));
  EXPECT_EQ(report::FaultParametersText(FaultWindowJson(loss)), "nodes n1; rate 0.5");
}

TEST(FaultParametersTextTest, OneLinePerShape) {
  std::vector<std::string> texts;
  for (const FaultWindow& window : Windows()) {
    texts.push_back(report::FaultParametersText(FaultWindowJson(window)));
  }
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "groups {n1, c1} | {n2, n3}", "nodes n3; offset -2.5 s",
                       "from n3; to n1, n2", "nodes n2; extra uniform(min 20ms, max 200ms)",
                       "nodes n1, n2", "rate 0.125 (every message)", "nodes n3", "-"}));
  FaultWindow constant = Window(FaultType::kLatency, "latency", 1, 2, 1, "scheduled", "until");
  constant.fault.nodes = {"n1"};
  constant.fault.extra = Distribution::Constant(50 * kMillisecond);
  EXPECT_EQ(report::FaultParametersText(FaultWindowJson(constant)), "nodes n1; extra 50ms");
  // A report from before parameters were written, or edited by hand.
  EXPECT_EQ(report::FaultParametersText(json::parse(R"({"type": "crash"})")), "-");
}

json ReportWithWindows() {
  RunResult result = testing::SmallRunResult();
  result.faults = Windows();
  return ReportJson(ComputeRunSummary(result), result);
}

TEST(FaultWindowReportTest, ReportJsonListsEveryWindowWithItsParameters) {
  const json report = ReportWithWindows();
  ASSERT_EQ(report["faults"].size(), Windows().size());
  for (size_t i = 0; i < Windows().size(); ++i) {
    EXPECT_EQ(report["faults"][i], FaultWindowJson(Windows()[i]));
  }
}

TEST(FaultWindowReportTest, MarkdownAndHtmlTablesShowTheParameters) {
  const json report = ReportWithWindows();
  const std::string markdown = report::RenderMarkdown(report);
  EXPECT_THAT(markdown, HasSubstr("| type | start (s) | end (s) | ended by | parameters | source | "
                                  "id |\n"));
  EXPECT_THAT(markdown, HasSubstr("| partition | 2 | 12 | heal | groups {n1, c1} \\| {n2, n3} | "
                                  "scheduled | 1 |\n"));
  EXPECT_THAT(markdown, HasSubstr("| latency | 6 | 9 | nemesis | nodes n2; extra uniform(min "
                                  "20ms, max 200ms) | nemesis | 4 |\n"));
  EXPECT_THAT(markdown, HasSubstr("| heal | 12 | 12 | - | - | scheduled | 8 |\n"));
  const std::string html = report::RenderHtml(report);
  EXPECT_THAT(html, HasSubstr("<td>clock_skew</td><td>3</td><td>8</td><td>until</td>"
                              "<td>nodes n3; offset -2.5 s</td><td>scheduled</td><td>2</td>"));
  EXPECT_THAT(html, HasSubstr("<td>rate 0.125 (every message)</td>"));
}

TEST(FaultWindowTraceTest, PerfettoFaultSlicesCarryTheWindowAsArgs) {
  RunResult result = testing::SmallRunResult();
  result.faults = Windows();
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    PerfettoTraceWriter writer(file, PerfettoNames{{"n1", "n2", "n3"}, {"c1"}, {"get"}},
                               TraceFilter{});
    writer.Finish(result);
  }
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  std::fclose(file);
  const json document = json::parse(text);
  std::vector<json> faults;
  for (const json& event : document["traceEvents"]) {
    if (event.value("cat", "") == "fault") faults.push_back(event);
  }
  ASSERT_EQ(faults.size(), Windows().size());
  for (size_t i = 0; i < faults.size(); ++i) {
    EXPECT_EQ(faults[i]["name"], Windows()[i].type);
    EXPECT_EQ(faults[i]["args"], FaultWindowJson(Windows()[i]));
  }
  EXPECT_EQ(faults[0]["dur"], 10 * kSecond);
  EXPECT_EQ(faults[6]["ph"], "i");  // the wipe lasted no time
}

TEST(FaultWindowHistoryTest, JepsenHistoryHasNemesisOpsWithParameters) {
  History history;
  Op& put = testing::AppendOp(history, OpType::kPut, 3, 4 * kSecond);
  put.client = 0;
  put.complete_us = 6 * kSecond;
  put.status = OpStatus::kOk;
  put.item = 11;
  const std::vector<FaultWindow> all = Windows();
  const std::vector<FaultWindow> windows = {all[2], all[6]};  // the one-way cut and the wipe
  EXPECT_EQ(
      HistoryEdn(history, /*carts=*/false, /*clients=*/1, windows),
      "{:index 0, :type :info, :process :nemesis, :f :start-one-way, :value {:from [\"n3\"], "
      ":id 3, :source \"scheduled\", :to [\"n1\" \"n2\"]}, :time 4000000000}\n"
      "{:index 1, :type :info, :process :nemesis, :f :start-one-way, :value {:from [\"n3\"], "
      ":id 3, :source \"scheduled\", :to [\"n1\" \"n2\"]}, :time 4000000000}\n"
      "{:index 2, :type :invoke, :process 0, :f :write, :value [3 11], :time 4000000000}\n"
      "{:index 3, :type :ok, :process 0, :f :write, :value [3 11], :time 6000000000}\n"
      "{:index 4, :type :info, :process :nemesis, :f :stop-one-way, :value {:ended-by \"until\", "
      ":from [\"n3\"], :id 3, :source \"scheduled\", :to [\"n1\" \"n2\"]}, :time 6000000000}\n"
      "{:index 5, :type :info, :process :nemesis, :f :stop-one-way, :value {:ended-by \"until\", "
      ":from [\"n3\"], :id 3, :source \"scheduled\", :to [\"n1\" \"n2\"]}, :time 6000000000}\n"
      "{:index 6, :type :info, :process :nemesis, :f :wipe, :value {:id 7, :nodes [\"n3\"], "
      ":source \"nemesis\"}, :time 10000000000}\n"
      "{:index 7, :type :info, :process :nemesis, :f :wipe, :value {:id 7, :nodes [\"n3\"], "
      ":source \"nemesis\"}, :time 10000000000}\n");
}

TEST(FaultWindowHistoryTest, EveryWindowBecomesNemesisOpsWithEdnValues) {
  const std::string edn = HistoryEdn(History{}, /*carts=*/true, /*clients=*/1, Windows());
  EXPECT_THAT(edn, HasSubstr(":f :start-partition, :value {:groups [[\"n1\" \"c1\"] [\"n2\" "
                             "\"n3\"]], :id 1, :source \"scheduled\"}, :time 2000000000}"));
  EXPECT_THAT(edn, HasSubstr(":f :start-clock-skew, :value {:id 2, :nodes [\"n3\"], :offset-s "
                             "-2.5, :source \"scheduled\"}"));
  EXPECT_THAT(edn, HasSubstr(":f :start-latency, :value {:extra {:distribution \"uniform\", :max "
                             "\"200ms\", :min \"20ms\"}, :id 4, :nodes [\"n2\"], :source "
                             "\"nemesis\"}"));
  EXPECT_THAT(edn, HasSubstr(":f :stop-drop, :value {:ended-by \"quiesce\", :id 6, :rate 0.125, "
                             ":source \"nemesis\"}, :time 12000000000}"));
  EXPECT_THAT(edn, HasSubstr(":f :heal, :value {:id 8, :source \"scheduled\"}"));
  // Two lines per start, stop or instant: 6 lasting windows and 2 instants.
  EXPECT_EQ(std::count(edn.begin(), edn.end(), '\n'), 2 * (2 * 6 + 2));
  // At 12 s the partition's and the drop's stops come before the heal (a start), by window id.
  EXPECT_LT(edn.find(":f :stop-partition"), edn.find(":f :stop-drop"));
  EXPECT_LT(edn.find(":f :stop-drop"), edn.find(":f :heal"));
}

}  // namespace
}  // namespace sim
