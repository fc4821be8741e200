// Reads the `network` and `storage` sections.
#include <algorithm>

#include "dynamo/message_kind_names.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/distribution_json.h"
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
