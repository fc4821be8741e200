// The keys the loader accepts, per object of the scenario format. Every reader takes its
// known-key list from here, so tests can enumerate every accepted key and check that
// docs/scenario-format.md and docs/scenario.schema.json list the same ones.
#pragma once

#include <string_view>
#include <vector>

namespace sim::scenario {

struct ObjectKeys {
  // The object's dotted path as docs/scenario-format.md writes it: "" for the top level,
  // "cluster.replication", "faults[]", "mixture.parts[]"; a distribution's own keys (besides
  // "distribution") are under its kind: "constant", "lognormal", ...
  std::string_view object;
  std::vector<std::string_view> keys;
};

// Every object of the format, in the order of docs/scenario-format.md.
const std::vector<ObjectKeys>& AllObjectKeys();

// The keys of `object`. REQUIRES: `object` is in AllObjectKeys() (checked).
const std::vector<std::string_view>& KeysOf(std::string_view object);

// The key every distribution object has besides its kind's keys.
inline constexpr std::string_view kDistributionKindKey = "distribution";

}  // namespace sim::scenario
