#include "sim/report/history_edn.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "absl/container/btree_set.h"
#include "dynamo/reconcile.h"
#include "nlohmann/json.hpp"
#include "sim/engine/check.h"
#include "sim/report/fault_json.h"

namespace sim {
namespace {

// At equal times: completions of ops invoked earlier, then the nemesis's ops (stops before
// starts, each in window order), then client invocations, then completions of ops invoked at
// that same instant (zero delays): an op's :invoke always comes before its completion, and ops
// that began and ended in one instant are shown concurrent, which every real order satisfies.
enum class Rank : uint8_t {
  kCompletion,
  kNemesisStop,
  kNemesisStart,
  kInvocation,
  kSameInstantCompletion
};

struct Event {
  TimeUs at_us = 0;
  Rank rank = Rank::kCompletion;
  uint64_t item = 0;  // op id, or index of the fault window
  bool operator<(const Event& other) const {
    return std::tie(at_us, rank, item) < std::tie(other.at_us, other.rank, other.item);
  }
};

// report.json's JSON as EDN: objects as maps with keyword keys ("ended_by" -> :ended-by), arrays
// as vectors, strings quoted, null as nil.
std::string JsonToEdn(const nlohmann::json& value) {
  if (value.is_object()) {
    std::vector<std::string> entries;
    for (const auto& [key, member] : value.items()) {
      std::string keyword = key;
      std::replace(keyword.begin(), keyword.end(), '_', '-');
      entries.push_back(fmt::format(":{} {}", keyword, JsonToEdn(member)));
    }
    return fmt::format("{{{}}}", fmt::join(entries, ", "));
  }
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const nlohmann::json& item : value) items.push_back(JsonToEdn(item));
    return fmt::format("[{}]", fmt::join(items, " "));
  }
  if (value.is_null()) return "nil";
  return value.dump();  // strings (JSON and EDN escape alike for these), numbers, booleans
}

// ":start-partition" / ":stop-clock-skew"; an instantaneous fault is named by its type (":heal").
std::string NemesisF(const FaultWindow& window, Rank rank) {
  std::string type = window.type;
  std::replace(type.begin(), type.end(), '_', '-');
  if (window.ended_by.empty()) return ":" + type;
  return (rank == Rank::kNemesisStart ? ":start-" : ":stop-") + type;
}

// The :value of a fault's ops: its id, source and parameters; a stop also says what ended it.
std::string NemesisValue(const FaultWindow& window, Rank rank) {
  nlohmann::json value = FaultParametersJson(window);
  value["id"] = window.id;
  value["source"] = window.source;
  if (rank == Rank::kNemesisStop) value["ended_by"] = window.ended_by;
  return JsonToEdn(value);
}

std::string ItemList(const dynamo::Value& items, const char* open, const char* close) {
  return fmt::format("{}{}{}", open, fmt::join(items, " "), close);
}

// A register version's value: its one item (a vector if it somehow holds several).
std::string RegisterValue(const dynamo::Version& version) {
  if (version.value.size() == 1) return fmt::format("{}", version.value.front());
  return ItemList(version.value, "[", "]");
}

std::string ReadValue(const History& history, const Op& op, bool carts) {
  if (!op.ok()) return "nil";
  if (carts) return ItemList(history.ReturnedItems(op), "#{", "}");
  if (op.read.empty()) return "nil";
  if (op.read.size() == 1) return RegisterValue(history.version(op.read.front()));
  std::vector<std::string> values;
  for (VersionId version : op.read) values.push_back(RegisterValue(history.version(version)));
  return fmt::format("#{{{}}}", fmt::join(values, " "));
}

const char* CompletionType(const Op& op) {
  if (op.ok()) return ":ok";
  return op.type == OpType::kGet ? ":fail" : ":info";
}

}  // namespace

std::string HistoryEdn(const History& history, bool carts, uint32_t clients,
                       const std::vector<FaultWindow>& faults) {
  std::vector<Event> events;
  for (const Op& op : history.ops()) {
    SIM_CHECK(op.client < clients, "history op of an unknown client");
    events.push_back(Event{op.invoke_us, Rank::kInvocation, op.id});
    if (op.status != OpStatus::kPending) {
      const Rank rank =
          op.complete_us == op.invoke_us ? Rank::kSameInstantCompletion : Rank::kCompletion;
      events.push_back(Event{op.complete_us, rank, op.id});
    }
  }
  for (size_t i = 0; i < faults.size(); ++i) {
    events.push_back(Event{faults[i].start_us, Rank::kNemesisStart, i});
    if (!faults[i].ended_by.empty()) {
      events.push_back(Event{faults[i].end_us, Rank::kNemesisStop, i});
    }
  }
  std::sort(events.begin(), events.end());
  // Each Jepsen process runs one op at a time. A client's op takes the lowest of the client's
  // idle processes; when none is idle (the client's earlier op is still outstanding, open loop)
  // or all are retired, a new one: client + k x clients, k = 0, 1, ... in order of need. After
  // :ok or :fail the process is idle again; after :info it is retired (its op may still be in
  // flight), as Jepsen does when a worker crashes.
  std::vector<absl::btree_set<uint64_t>> idle_processes(clients);
  std::vector<uint64_t> processes_made(clients, 0);
  std::vector<uint64_t> process_of_op(history.ops().size(), 0);
  std::string text;
  uint64_t index = 0;
  for (const Event& event : events) {
    if (event.rank == Rank::kNemesisStart || event.rank == Rank::kNemesisStop) {
      // Jepsen's nemesis invokes and completes with :info, the completion right after.
      const FaultWindow& window = faults[event.item];
      const std::string f = NemesisF(window, event.rank);
      const std::string value = NemesisValue(window, event.rank);
      for (int line = 0; line < 2; ++line) {
        text += fmt::format("{{:index {}, :type :info, :process :nemesis, :f {}, :value {}, "
                            ":time {}}}\n",
                            index++, f, value, event.at_us * 1000);
      }
      continue;
    }
    const bool invoke = event.rank == Rank::kInvocation;
    const Op& op = history.at(event.item);
    const char* f = op.type == OpType::kGet ? ":read"
                    : op.remove             ? ":remove"
                                            : (carts ? ":add" : ":write");
    std::string value = "nil";
    if (op.type == OpType::kPut) value = fmt::format("{}", op.remove ? op.removed_item : op.item);
    if (op.type == OpType::kGet && !invoke) value = ReadValue(history, op, carts);
    std::string type = ":invoke";
    std::string error;
    if (invoke) {
      absl::btree_set<uint64_t>& idle = idle_processes[op.client];
      if (idle.empty()) {
        process_of_op[op.id] = op.client + processes_made[op.client]++ * clients;
      } else {
        process_of_op[op.id] = *idle.begin();
        idle.erase(idle.begin());
      }
    } else {
      type = CompletionType(op);
      if (!op.ok()) {
        error = op.status == OpStatus::kTimeout ? ", :error :timeout" : ", :error :unavailable";
      }
      if (type != ":info") idle_processes[op.client].insert(process_of_op[op.id]);
    }
    text += fmt::format("{{:index {}, :type {}, :process {}, :f {}, :value [{} {}], :time {}{}}}\n",
                        index++, type, process_of_op[op.id], f, op.key, value,
                        event.at_us * 1000, error);
  }
  return text;
}

}  // namespace sim
