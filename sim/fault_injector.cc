#include "sim/fault_injector.h"

#include "sim/engine/check.h"

namespace sim {

ProcessId FaultInjector::Resolve(const std::string& name) const {
  ProcessId id = 0;
  SIM_CHECK(cluster_.FindProcess(name, &id), "fault names an unknown process");
  return id;
}

void FaultInjector::ScheduleAll() {
  for (const scenario::Fault& fault : scenario_.faults) {
    const TimeUs end_us = fault.until_us.value_or(fault.at_us);
    windows_.push_back(Window{fault.type, fault.at_us, end_us});
    cluster_.scheduler().ScheduleAt(fault.at_us, [this, &fault] { Apply(fault); });
    if (fault.until_us) {
      cluster_.scheduler().ScheduleAt(*fault.until_us, [this, &fault] { End(fault); });
    }
  }
  cluster_.scheduler().ScheduleAt(scenario_.duration_us, [this] { Quiesce(); });
}

// Nodes not listed form one more group; a client not listed reaches every node.
void FaultInjector::ApplyPartition(const scenario::Fault& fault) {
  const size_t nodes = cluster_.node_count();
  std::vector<int32_t> group_of(cluster_.processes().size(), kReachesAll);
  const int32_t unlisted_group = static_cast<int32_t>(fault.groups.size());
  for (size_t i = 0; i < nodes; ++i) group_of[i] = unlisted_group;
  for (size_t g = 0; g < fault.groups.size(); ++g) {
    for (const std::string& name : fault.groups[g]) {
      group_of[Resolve(name)] = static_cast<int32_t>(g);
    }
  }
  cluster_.network_model().SetPartition(std::move(group_of));
}

void FaultInjector::Apply(const scenario::Fault& fault) {
  NetworkModel& model = cluster_.network_model();
  ProcessTable& processes = cluster_.processes();
  switch (fault.type) {
    case scenario::FaultType::kPartition:
      return ApplyPartition(fault);
    case scenario::FaultType::kOneWay:
      for (const std::string& from : fault.from) {
        for (const std::string& to : fault.to) model.CutOneWay(Resolve(from), Resolve(to));
      }
      return;
    case scenario::FaultType::kHeal:
      return model.Heal();
    case scenario::FaultType::kCrash:
      for (const std::string& name : fault.nodes) processes.Crash(Resolve(name));
      return;
    case scenario::FaultType::kRestart:
      for (const std::string& name : fault.nodes) Restart(Resolve(name));
      return;
    case scenario::FaultType::kWipe:
      // A replaced disk: the node goes down, loses its storage, and comes back empty.
      for (const std::string& name : fault.nodes) {
        const ProcessId id = Resolve(name);
        if (!cluster_.MayRun(id)) continue;
        processes.Crash(id);
        processes.Wipe(id);
        Restart(id);
      }
      return;
    case scenario::FaultType::kLatency:
      for (const std::string& name : fault.nodes) model.SetExtraLatency(Resolve(name), fault.extra);
      return;
    case scenario::FaultType::kDrop:
      if (fault.nodes.empty()) return model.SetDropRate(fault.rate);
      for (const std::string& name : fault.nodes) model.SetEndpointDropRate(Resolve(name), fault.rate);
      return;
    case scenario::FaultType::kClockSkew:
      for (const std::string& name : fault.nodes) {
        processes.SetClockOffset(Resolve(name), fault.offset_us);
      }
      return;
    case scenario::FaultType::kJoin:
      for (const std::string& name : fault.nodes) cluster_.Join(Resolve(name));
      return;
    case scenario::FaultType::kLeave:
      for (const std::string& name : fault.nodes) cluster_.Leave(Resolve(name));
      return;
  }
}

void FaultInjector::End(const scenario::Fault& fault) {
  NetworkModel& model = cluster_.network_model();
  switch (fault.type) {
    case scenario::FaultType::kPartition:
    case scenario::FaultType::kOneWay:
      return model.Heal();
    case scenario::FaultType::kCrash:
      for (const std::string& name : fault.nodes) Restart(Resolve(name));
      return;
    case scenario::FaultType::kLatency:
      for (const std::string& name : fault.nodes) model.SetExtraLatency(Resolve(name), std::nullopt);
      return;
    case scenario::FaultType::kDrop:
      if (fault.nodes.empty()) return model.SetDropRate(scenario_.network.drop_rate);
      for (const std::string& name : fault.nodes) model.SetEndpointDropRate(Resolve(name), 0);
      return;
    case scenario::FaultType::kClockSkew:
      for (const std::string& name : fault.nodes) cluster_.processes().SetClockOffset(Resolve(name), 0);
      return;
    default:
      return;  // instantaneous faults have nothing to end
  }
}

// Quiesce: every fault healed, crashed nodes restarted, no client load (clients stop at
// workload.stop <= duration); background repair gets the quiesce period.
void FaultInjector::Quiesce() {
  NetworkModel& model = cluster_.network_model();
  model.Heal();
  model.SetDropRate(scenario_.network.drop_rate);
  for (size_t i = 0; i < cluster_.node_count(); ++i) {
    const ProcessId id = cluster_.node_ids()[i];
    model.SetExtraLatency(id, std::nullopt);
    model.SetEndpointDropRate(id, 0);
    cluster_.processes().SetClockOffset(id, 0);
    Restart(id);
  }
}

// Nodes that have not joined yet, or have left, stay down.
void FaultInjector::Restart(ProcessId node) {
  if (cluster_.MayRun(node)) cluster_.processes().Restart(node);
}

}  // namespace sim
