// Reads the `workload` section.
#include <cmath>
#include <limits>

#include "sim/scenario/concat.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/scenario_names.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

constexpr double kMixTolerance = 1e-9;

// "uniform", {"type":"uniform"} or {"type":"zipf","s":x} with x > 0.
KeyDistribution ReadKeyDistribution(ParseErrors& errors, const JsonAt& at) {
  KeyDistribution keys;
  if (at.value->is_string()) {
    const std::string name = ReadString(errors, at);
    if (name == "uniform") return keys;
    errors.Fail(at.path,
                "must be \"uniform\" or an object such as {\"type\":\"zipf\",\"s\":0.99}, "
                "got " +
                    Describe(*at.value));
    return keys;
  }
  const ObjectReader reader(errors, at, KeysOf("workload.key_distribution"));
  const std::optional<JsonAt> type_at = reader.Required("type");
  const std::string type = type_at ? ReadString(errors, *type_at) : "uniform";
  if (type == "zipf") {
    keys.type = KeyDistribution::Type::kZipf;
    const std::optional<JsonAt> s_at = reader.Required("s");
    keys.s = s_at ? ReadPositiveDouble(errors, *s_at) : 1;
  } else if (type != "uniform") {
    errors.Fail(type_at->path, "must be \"uniform\" or \"zipf\", got " + Describe(*type_at->value));
  } else if (reader.Has("s")) {
    errors.Fail(reader.PathOf("s"), "only a zipf key distribution takes \"s\"");
  }
  return keys;
}

// Within a given mix object a missing fraction is 0, so {"get":1} means gets only.
Mix ReadMix(ParseErrors& errors, const JsonAt& at) {
  const ObjectReader reader(errors, at, KeysOf("workload.mix"));
  Mix mix;
  mix.get = reader.Double("get", 0, 0, 1);
  mix.put = reader.Double("put", 0, 0, 1);
  mix.remove = reader.Double("remove", 0, 0, 1);
  const double sum = mix.get + mix.put + mix.remove;
  if (errors.ok() && std::fabs(sum - 1.0) > kMixTolerance) {
    errors.Fail(at.path, mix.remove == 0
                             ? Concat("get + put must be 1, got ", mix.get, " + ", mix.put, " = ",
                                      sum)
                             : Concat("get + put + remove must be 1, got ", mix.get, " + ",
                                      mix.put, " + ", mix.remove, " = ", sum));
  }
  return mix;
}

// start and stop: 0 <= start <= stop <= duration.
void ReadWindow(const ObjectReader& reader, TimeUs duration_us, Workload& workload) {
  ParseErrors& errors = reader.errors();
  workload.start_us = reader.Duration("start", 0, DurationSign::kNonNegative);
  workload.stop_us = reader.Duration("stop", duration_us, DurationSign::kNonNegative);
  if (!errors.ok()) return;
  if (workload.stop_us > duration_us) {
    errors.Fail(reader.PathOf("stop"),
                Concat("must be <= duration (", FormatDurationUs(duration_us), "), got \"",
                       FormatDurationUs(workload.stop_us), "\""));
  } else if (workload.start_us > workload.stop_us) {
    errors.Fail(reader.PathOf("start"),
                Concat("must be <= stop (", FormatDurationUs(workload.stop_us), "), got \"",
                       FormatDurationUs(workload.start_us), "\""));
  }
}

}  // namespace

Workload ReadWorkload(ParseErrors& errors, const JsonAt& at, TimeUs duration_us,
                      const Cluster& cluster) {
  const ObjectReader reader(errors, at, KeysOf("workload"));
  Workload workload;
  workload.clients = static_cast<int>(reader.RequiredInt("clients", 1, kMaxClients));
  workload.keys = reader.RequiredInt("keys", 1, kMaxKeys);
  if (const std::optional<JsonAt> keys_at = reader.Get("key_distribution")) {
    workload.key_distribution = ReadKeyDistribution(errors, *keys_at);
  }
  if (const std::optional<JsonAt> rate_at = reader.Get("rate")) {
    workload.rate = ReadPositiveDouble(errors, *rate_at);
  }
  workload.think_time_us = reader.Duration("think_time", 0, DurationSign::kNonNegative);
  if (const std::optional<JsonAt> mix_at = reader.Get("mix")) {
    workload.mix = ReadMix(errors, *mix_at);
  }
  workload.read_modify_write = reader.Bool("read_modify_write", workload.read_modify_write);
  // A remove takes an item out of a cart; a register has no item to take out.
  if (errors.ok() && workload.mix.remove > 0 && !workload.read_modify_write) {
    errors.Fail(ChildPath(reader.PathOf("mix"), "remove"),
                Concat("removes need carts (workload.read_modify_write true), got ",
                       workload.mix.remove, " with read_modify_write false"));
  }
  workload.always_writeable = reader.Bool("always_writeable", workload.always_writeable);
  workload.client_timeout_us =
      reader.Duration("client_timeout", workload.client_timeout_us, DurationSign::kPositive);
  workload.retry = reader.Bool("retry", workload.retry);
  if (const std::optional<JsonAt> entry_at = reader.Get("entry")) {
    workload.entry = ReadEnum(errors, *entry_at, EntryNodeSpellings());
    if (errors.ok() && workload.entry != EntryNode::kAny &&
        cluster.coordination != Coordination::kServer) {
      errors.Fail(entry_at->path,
                  Concat("\"", SpellingOf(EntryNodeSpellings(), workload.entry),
                         "\" needs cluster.coordination \"server\" (the other "
                         "coordinations send to the key's replicas), got \"",
                         SpellingOf(CoordinationSpellings(), cluster.coordination), "\""));
    }
  }
  if (reader.Has("failure_backoff")) {
    workload.failure_backoff_us =
        reader.Duration("failure_backoff", 0, DurationSign::kNonNegative);
    if (errors.ok() && workload.rate.has_value()) {
      errors.Fail(reader.PathOf("failure_backoff"),
                  "applies to closed-loop clients only; an open-loop workload (rate) starts ops "
                  "on arrival");
    }
  }
  if (const std::optional<JsonAt> reads_at = reader.Get("reads_after_put")) {
    workload.reads_after_put_us = ReadAscendingDurations(errors, *reads_at);
  }
  ReadWindow(reader, duration_us, workload);
  return workload;
}

}  // namespace sim::scenario
