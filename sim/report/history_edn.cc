#include "sim/report/history_edn.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "dynamo/reconcile.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

struct Event {
  TimeUs at_us = 0;
  bool invoke = false;  // completions sort first at equal times
  uint64_t op = 0;
  bool operator<(const Event& other) const {
    return std::tie(at_us, invoke, op) < std::tie(other.at_us, other.invoke, other.op);
  }
};

std::string ItemList(const dynamo::Value& items, const char* open, const char* close) {
  return fmt::format("{}{}{}", open, fmt::join(items, " "), close);
}

// A register version's value: its one item (a vector if it somehow holds several).
std::string RegisterValue(const dynamo::Version& version) {
  if (version.value.size() == 1) return fmt::format("{}", version.value.front());
  return ItemList(version.value, "[", "]");
}

std::string ReadValue(const Op& op, bool carts) {
  if (!op.ok()) return "nil";
  if (carts) return ItemList(dynamo::UnionOfValues(op.read), "#{", "}");
  if (op.read.empty()) return "nil";
  if (op.read.size() == 1) return RegisterValue(op.read.front());
  std::vector<std::string> values;
  for (const dynamo::Version& version : op.read) values.push_back(RegisterValue(version));
  return fmt::format("#{{{}}}", fmt::join(values, " "));
}

const char* CompletionType(const Op& op) {
  if (op.ok()) return ":ok";
  return op.type == OpType::kGet ? ":fail" : ":info";
}

}  // namespace

std::string HistoryEdn(const History& history, bool carts, uint32_t clients) {
  std::vector<Event> events;
  for (const Op& op : history.ops()) {
    SIM_CHECK(op.client < clients, "history op of an unknown client");
    events.push_back(Event{op.invoke_us, true, op.id});
    if (op.status != OpStatus::kPending) events.push_back(Event{op.complete_us, false, op.id});
  }
  std::sort(events.begin(), events.end());
  std::vector<uint64_t> process_of_client(clients);
  for (uint32_t c = 0; c < clients; ++c) process_of_client[c] = c;
  std::vector<uint64_t> process_of_op(history.ops().size(), 0);
  std::string text;
  uint64_t index = 0;
  for (const Event& event : events) {
    const Op& op = history.at(event.op);
    const char* f = op.type == OpType::kGet ? ":read" : (carts ? ":add" : ":write");
    std::string value = "nil";
    if (op.type == OpType::kPut) value = fmt::format("{}", op.item);
    if (op.type == OpType::kGet && !event.invoke) value = ReadValue(op, carts);
    std::string type = ":invoke";
    std::string error;
    if (event.invoke) {
      process_of_op[op.id] = process_of_client[op.client];
    } else {
      type = CompletionType(op);
      if (!op.ok()) {
        error = op.status == OpStatus::kTimeout ? ", :error :timeout" : ", :error :unavailable";
      }
      if (type == ":info") process_of_client[op.client] += clients;
    }
    text += fmt::format("{{:index {}, :type {}, :process {}, :f {}, :value [{} {}], :time {}{}}}\n",
                        index++, type, process_of_op[op.id], f, op.key, value,
                        event.at_us * 1000, error);
  }
  return text;
}

}  // namespace sim
