#include "sim/nemesis.h"

#include <algorithm>

#include "sim/engine/check.h"

namespace sim {

void Nemesis::Schedule() {
  SIM_CHECK(scenario_.nemesis.has_value(), "no nemesis in the scenario");
  const TimeUs interval_us = scenario_.nemesis->interval_us;
  for (TimeUs at_us = interval_us; at_us < scenario_.duration_us; at_us += interval_us) {
    cluster_.scheduler().ScheduleAt(at_us, [this] { Tick(); });
  }
  // The last fault lasts until quiesce, which heals everything.
}

void Nemesis::Tick() {
  if (active_id_ != 0) {
    injector_.End(active_id_, "nemesis");  // nothing if a scheduled heal or restart ended it
    active_id_ = 0;
  }
  std::optional<scenario::Fault> fault = Draw();
  if (!fault) return;
  fault->at_us = cluster_.scheduler().NowUs();
  const uint32_t id = injector_.Start(*fault, "nemesis");  // the window records the choices
  if (fault->type != scenario::FaultType::kWipe) active_id_ = id;  // a wipe is over at once
}

// `count` distinct node names, in random order.
std::vector<std::string> Nemesis::PickNodes(size_t count) {
  std::vector<std::string> names = scenario_.cluster.node_names;
  for (size_t i = 0; i < count && i < names.size(); ++i) {
    const size_t j = i + prng_.Below(names.size() - i);
    std::swap(names[i], names[j]);
  }
  names.resize(std::min(count, names.size()));
  return names;
}

std::optional<scenario::Fault> Nemesis::Draw() {
  const scenario::Nemesis& config = *scenario_.nemesis;
  std::vector<scenario::FaultType> allowed;
  for (scenario::FaultType type : config.faults) {
    const bool takes_nodes_down =
        type == scenario::FaultType::kCrash || type == scenario::FaultType::kWipe;
    if (!takes_nodes_down || config.max_down > 0) allowed.push_back(type);
  }
  if (allowed.empty()) return std::nullopt;
  scenario::Fault fault;
  fault.type = allowed[prng_.Below(allowed.size())];
  const size_t nodes = scenario_.cluster.node_names.size();
  switch (fault.type) {
    case scenario::FaultType::kPartition: {
      std::vector<std::string> shuffled = PickNodes(nodes);
      const size_t first = 1 + prng_.Below(std::max<size_t>(1, nodes - 1));
      fault.groups = {std::vector<std::string>(shuffled.begin(), shuffled.begin() + first),
                      std::vector<std::string>(shuffled.begin() + first, shuffled.end())};
      break;
    }
    case scenario::FaultType::kOneWay: {
      std::vector<std::string> picked = PickNodes(3);
      fault.from = {picked.front()};
      fault.to.assign(picked.begin() + 1, picked.end());
      break;
    }
    case scenario::FaultType::kCrash:
      fault.nodes = PickNodes(1 + prng_.Below(static_cast<uint64_t>(config.max_down)));
      break;
    case scenario::FaultType::kWipe:
      fault.nodes = PickNodes(1);
      break;
    case scenario::FaultType::kLatency:
      fault.nodes = PickNodes(1);
      fault.extra = Distribution::Uniform(20 * kMillisecond, 200 * kMillisecond);
      break;
    case scenario::FaultType::kDrop:
      fault.rate = 0.05 + 0.25 * prng_.NextDouble();
      break;
    case scenario::FaultType::kClockSkew:
      fault.nodes = PickNodes(1);
      fault.offset_us = static_cast<TimeUs>(prng_.Below(20 * kSecond + 1)) - 10 * kSecond;
      break;
    default:
      return std::nullopt;  // the loader admits no other type
  }
  return fault;
}

}  // namespace sim
