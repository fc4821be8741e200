// Reads the `faults` array: per fault its type, times and the keys that type takes. The names a
// fault mentions are checked afterwards, in time order (fault_names.cc).
#include <algorithm>

#include "sim/scenario/concat.h"
#include "sim/scenario/distribution_json.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

// The keys a fault type takes besides "at", "type" and "until", and whether it lasts (accepts
// "until"). A lasting fault without "until" lasts until a heal/restart or the end of `duration`.
struct FaultShape {
  std::vector<std::string_view> keys;
  bool lasting;
};

FaultShape ShapeOf(FaultType type) {
  switch (type) {
    case FaultType::kPartition:
      return {{"groups"}, true};
    case FaultType::kOneWay:
      return {{"from", "to"}, true};
    case FaultType::kHeal:
      return {{}, false};
    case FaultType::kCrash:
      return {{"nodes"}, true};
    case FaultType::kRestart:
      return {{"nodes"}, false};
    case FaultType::kWipe:
      return {{"nodes"}, true};
    case FaultType::kLatency:
      return {{"nodes", "extra"}, true};
    case FaultType::kDrop:
      return {{"rate", "nodes"}, true};
    case FaultType::kClockSkew:
      return {{"nodes", "offset"}, true};
    case FaultType::kJoin:
      return {{"nodes"}, false};
    case FaultType::kLeave:
      return {{"nodes"}, false};
  }
  return {{}, false};
}

// Records an error for the first present key that `type` does not take.
void CheckKeysOfType(const ObjectReader& reader, const JsonAt& at, FaultType type) {
  const FaultShape shape = ShapeOf(type);
  const std::string type_name(FaultTypeName(type));
  for (const auto& [key, value] : at.value->items()) {
    if (key == "at" || key == "type") continue;
    if (key == "until" && !shape.lasting) {
      reader.errors().Fail(reader.PathOf(key), Concat("fault type \"", type_name,
                                                      "\" is instantaneous and takes no "
                                                      "\"until\""));
      return;
    }
    if (key == "until" ||
        std::find(shape.keys.begin(), shape.keys.end(), key) != shape.keys.end()) {
      continue;
    }
    const std::string takes =
        shape.keys.empty() ? "no other keys" : Concat("only ", Join(shape.keys, ", "));
    reader.errors().Fail(reader.PathOf(key),
                         Concat("fault type \"", type_name, "\" does not take \"", key,
                                "\" (it takes ", takes, ")"));
    return;
  }
}

void ReadTimes(const ObjectReader& reader, TimeUs duration_us, Fault& fault) {
  ParseErrors& errors = reader.errors();
  fault.at_us = reader.RequiredDuration("at", DurationSign::kNonNegative);
  if (errors.ok() && fault.at_us >= duration_us) {
    errors.Fail(reader.PathOf("at"), Concat("must be < duration (", FormatDurationUs(duration_us),
                                            "), got \"", FormatDurationUs(fault.at_us), "\""));
  }
  if (!reader.Has("until")) return;
  const TimeUs until_us = reader.Duration("until", 0, DurationSign::kNonNegative);
  fault.until_us = until_us;
  if (errors.ok() && until_us <= fault.at_us) {
    errors.Fail(reader.PathOf("until"), Concat("must be after at (", FormatDurationUs(fault.at_us),
                                               "), got \"", FormatDurationUs(until_us), "\""));
  } else if (errors.ok() && until_us > duration_us) {
    errors.Fail(reader.PathOf("until"),
                Concat("must be <= duration (", FormatDurationUs(duration_us),
                       "): every fault ends when quiesce begins; got \"",
                       FormatDurationUs(until_us), "\""));
  }
}

std::vector<std::vector<std::string>> ReadGroups(ParseErrors& errors, const JsonAt& at) {
  std::vector<std::vector<std::string>> groups;
  for (const JsonAt& group : ReadArray(errors, at, /*non_empty=*/true)) {
    groups.push_back(ReadNameList(errors, group));
  }
  return groups;
}

std::vector<std::string> RequiredNames(const ObjectReader& reader, std::string_view key) {
  const std::optional<JsonAt> at = reader.Required(key);
  return at ? ReadNameList(reader.errors(), *at) : std::vector<std::string>{};
}

void ReadTypeMembers(const ObjectReader& reader, Fault& fault) {
  ParseErrors& errors = reader.errors();
  switch (fault.type) {
    case FaultType::kPartition:
      if (const std::optional<JsonAt> at = reader.Required("groups")) {
        fault.groups = ReadGroups(errors, *at);
      }
      return;
    case FaultType::kOneWay:
      fault.from = RequiredNames(reader, "from");
      fault.to = RequiredNames(reader, "to");
      return;
    case FaultType::kHeal:
      return;
    case FaultType::kDrop:
      fault.rate = reader.RequiredDouble("rate", 0, 1);
      if (const std::optional<JsonAt> at = reader.Get("nodes")) {
        fault.nodes = ReadNameList(errors, *at);
      }
      return;
    default:
      break;
  }
  fault.nodes = RequiredNames(reader, "nodes");
  if (fault.type == FaultType::kLatency) {
    const std::optional<JsonAt> at = reader.Required("extra");
    if (at.has_value()) fault.extra = ReadDistributionOrDuration(errors, *at);
  } else if (fault.type == FaultType::kClockSkew) {
    fault.offset_us = reader.RequiredDuration("offset", DurationSign::kSigned);
  }
}

Fault ReadFault(ParseErrors& errors, const JsonAt& at, TimeUs duration_us) {
  const ObjectReader reader(errors, at, KeysOf("faults[]"));
  Fault fault;
  const std::optional<JsonAt> type_at = reader.Required("type");
  if (type_at.has_value()) fault.type = ReadEnum(errors, *type_at, FaultTypeSpellings());
  if (!errors.ok()) return fault;
  CheckKeysOfType(reader, at, fault.type);
  ReadTimes(reader, duration_us, fault);
  ReadTypeMembers(reader, fault);
  return fault;
}

}  // namespace

std::vector<Fault> ReadFaults(ParseErrors& errors, const JsonAt& at, const FaultContext& context) {
  std::vector<Fault> faults;
  for (const JsonAt& item : ReadArray(errors, at, /*non_empty=*/false)) {
    faults.push_back(ReadFault(errors, item, context.duration_us));
  }
  if (errors.ok()) ValidateFaultNames(errors, at.path, faults, context);
  return faults;
}

}  // namespace sim::scenario
