// Reads the `network` and `storage` sections.
#include <algorithm>
#include <set>
#include <utility>

#include "dynamo/message_kind_names.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/distribution_json.h"
#include "sim/scenario/node_names.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

// The node logic's message kinds (dynamo/message_kind_names.h), in its order.
const std::vector<std::string_view>& KnownMessageKinds() {
  static const auto* const kinds = new std::vector<std::string_view>(
      dynamo::kMessageKindNames.begin(), dynamo::kMessageKindNames.end());
  return *kinds;
}

// A message-kind -> distribution map; a kind the node logic does not send is an error (it would
// silently change nothing).
absl::btree_map<std::string, Distribution> ReadByMessage(ParseErrors& errors, const JsonAt& at) {
  absl::btree_map<std::string, Distribution> by_message;
  if (!at.value->is_object()) {
    errors.Fail(at.path,
                "expected an object from message kind to distribution, got " + Describe(*at.value));
    return by_message;
  }
  const std::vector<std::string_view>& known = KnownMessageKinds();
  for (const auto& [kind, value] : at.value->items()) {
    const JsonAt member{&value, ChildPath(at.path, kind)};
    if (std::find(known.begin(), known.end(), kind) == known.end()) {
      std::string hint = DidYouMeanSuffix(kind, known);
      if (hint.empty()) hint = Concat(" (known: ", Join(known, ", "), ")");
      errors.Fail(member.path, Concat("unknown message kind \"", kind, "\"", hint));
      return by_message;
    }
    by_message.emplace(kind, ReadDistribution(errors, member));
  }
  return by_message;
}

// network.datacenters: name -> {"nodes": [...], "clients": [...]}. Only the shape and the names'
// form here; which nodes exist is known once the faults (joins) are read (datacenter_checks.cc).
absl::btree_map<std::string, Datacenter> ReadDatacenters(ParseErrors& errors, const JsonAt& at) {
  absl::btree_map<std::string, Datacenter> datacenters;
  if (!at.value->is_object() || at.value->empty()) {
    errors.Fail(at.path, "expected a non-empty object from datacenter name to its nodes and "
                         "clients, got " + Describe(*at.value));
    return datacenters;
  }
  for (const auto& [name, value] : at.value->items()) {
    const JsonAt member{&value, ChildPath(at.path, name)};
    if (const std::string problem = NodeNameProblem(name); !problem.empty()) {
      errors.Fail(member.path,
                  Concat("datacenter names follow the rule of node names: ", problem));
      return datacenters;
    }
    const ObjectReader reader(errors, member, KeysOf("network.datacenters.NAME"));
    Datacenter datacenter;
    if (const std::optional<JsonAt> nodes = reader.Required("nodes")) {
      datacenter.nodes = ReadNameList(errors, *nodes);
    }
    if (const std::optional<JsonAt> clients = reader.Get("clients")) {
      datacenter.clients = ReadNameList(errors, *clients);
    }
    if (!errors.ok()) return datacenters;
    datacenters.emplace(name, std::move(datacenter));
  }
  return datacenters;
}

// network.datacenter_latency_by_pair: "a|b" -> distribution, a != b both datacenters, each
// unordered pair at most once.
absl::btree_map<std::string, Distribution> ReadLatencyByPair(
    ParseErrors& errors, const JsonAt& at,
    const absl::btree_map<std::string, Datacenter>& datacenters) {
  absl::btree_map<std::string, Distribution> by_pair;
  if (!at.value->is_object()) {
    errors.Fail(at.path, "expected an object from \"dc1|dc2\" to distribution, got " +
                             Describe(*at.value));
    return by_pair;
  }
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, value] : at.value->items()) {
    const JsonAt member{&value, ChildPath(at.path, key)};
    const size_t bar = key.find('|');
    const std::string first = key.substr(0, bar);
    const std::string second = bar == std::string::npos ? "" : key.substr(bar + 1);
    if (bar == std::string::npos || !datacenters.contains(first) ||
        !datacenters.contains(second)) {
      errors.Fail(member.path, Concat("expected \"dc1|dc2\", two datacenters of "
                                      "network.datacenters, got \"", key, "\""));
      return by_pair;
    }
    if (first == second) {
      errors.Fail(member.path, Concat("names datacenter \"", first, "\" twice; the latency "
                                      "inside a datacenter is network.latency"));
      return by_pair;
    }
    if (!pairs.insert(std::minmax(first, second)).second) {
      errors.Fail(member.path, Concat("the pair \"", first, "\" and \"", second,
                                      "\" is given twice"));
      return by_pair;
    }
    by_pair.emplace(key, ReadDistribution(errors, member));
  }
  return by_pair;
}

}  // namespace

Network ReadNetwork(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("network"));
  Network network;
  if (const std::optional<JsonAt> latency = reader.Get("latency")) {
    network.latency = ReadDistribution(errors, *latency);
  }
  network.drop_rate = reader.Double("drop_rate", network.drop_rate, 0, 1);
  network.duplicate_rate = reader.Double("duplicate_rate", network.duplicate_rate, 0, 1);
  if (const std::optional<JsonAt> by_message = reader.Get("by_message")) {
    network.by_message = ReadByMessage(errors, *by_message);
  }
  if (const std::optional<JsonAt> datacenters = reader.Get("datacenters")) {
    network.datacenters = ReadDatacenters(errors, *datacenters);
  }
  // The datacenter latencies mean nothing without datacenters: refused rather than ignored.
  for (std::string_view key : {"datacenter_latency", "datacenter_latency_by_pair"}) {
    if (errors.ok() && reader.Has(key) && network.datacenters.empty()) {
      errors.Fail(reader.PathOf(key), "needs network.datacenters");
    }
  }
  if (const std::optional<JsonAt> latency = reader.Get("datacenter_latency")) {
    network.datacenter_latency = ReadDistribution(errors, *latency);
  }
  if (const std::optional<JsonAt> by_pair = reader.Get("datacenter_latency_by_pair")) {
    network.datacenter_latency_by_pair =
        ReadLatencyByPair(errors, *by_pair, network.datacenters);
  }
  return network;
}

Storage ReadStorage(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("storage"));
  Storage storage;
  if (const std::optional<JsonAt> latency = reader.Get("read_latency")) {
    storage.read_latency = ReadDistribution(errors, *latency);
  }
  if (const std::optional<JsonAt> latency = reader.Get("write_latency")) {
    storage.write_latency = ReadDistribution(errors, *latency);
  }
  storage.buffered_writes = reader.Bool("buffered_writes", storage.buffered_writes);
  storage.flush_interval_us =
      reader.Duration("flush_interval", storage.flush_interval_us, DurationSign::kPositive);
  return storage;
}

}  // namespace sim::scenario
