#include "sim/fault_injector.h"

#include <algorithm>
#include <set>

#include "sim/datacenters.h"
#include "sim/engine/check.h"
#include "sim/scenario/scenario_names.h"

namespace sim {

using scenario::FaultType;

ProcessId FaultInjector::Resolve(const std::string& name) const {
  ProcessId id = 0;
  SIM_CHECK(cluster_.FindProcess(name, &id), "fault names an unknown process");
  return id;
}

std::vector<ProcessId> FaultInjector::ResolveAll(const std::vector<std::string>& names) const {
  std::vector<ProcessId> ids;
  for (const std::string& name : names) ids.push_back(Resolve(name));
  return ids;
}

void FaultInjector::ScheduleAll() {
  scheduled_ids_.assign(scenario_.faults.size(), 0);
  for (size_t i = 0; i < scenario_.faults.size(); ++i) {
    const scenario::Fault& fault = scenario_.faults[i];
    cluster_.scheduler().ScheduleAt(fault.at_us, [this, i] {
      scheduled_ids_[i] = Start(scenario_.faults[i], "scheduled");
    });
    if (fault.until_us) {
      cluster_.scheduler().ScheduleAt(*fault.until_us, [this, i] { End(scheduled_ids_[i], "until"); });
    }
  }
  cluster_.scheduler().ScheduleAt(scenario_.duration_us, [this] { Quiesce(); });
}

// A wipe lasts (the node stays down) only when it has an `until`; join, leave, heal and restart
// are instantaneous.
bool FaultInjector::Lasts(const scenario::Fault& fault) const {
  switch (fault.type) {
    case FaultType::kPartition:
    case FaultType::kOneWay:
    case FaultType::kCrash:
    case FaultType::kLatency:
    case FaultType::kDrop:
    case FaultType::kClockSkew:
      return true;
    case FaultType::kWipe:
      return fault.until_us.has_value();
    default:
      return false;
  }
}

uint32_t FaultInjector::Start(const scenario::Fault& fault, std::string_view source) {
  const TimeUs now_us = cluster_.scheduler().NowUs();
  const uint32_t id = static_cast<uint32_t>(windows_.size() + 1);
  FaultWindow window{std::string(scenario::FaultTypeName(fault.type)),
                     now_us,
                     now_us,
                     id,
                     std::string(source),
                     "",
                     fault};
  window.fault.at_us = now_us;
  if (fault.type == FaultType::kPartition) window.fault.groups = ResolvedGroups(fault);
  windows_.push_back(std::move(window));
  if (Lasts(fault)) active_[id] = Active{fault.type, {}, 0};
  Apply(id, fault);
  return id;
}

void FaultInjector::End(uint32_t id, std::string_view cause) {
  const auto it = active_.find(id);
  if (it == active_.end()) return;
  const Active ended = std::move(it->second);
  active_.erase(it);
  Close(id, cause);
  switch (ended.type) {
    case FaultType::kCrash:
    case FaultType::kWipe:
      for (ProcessId node : ended.nodes) {
        if (!HeldDown(node)) Restart(node);
      }
      return;
    case FaultType::kClockSkew:
      return UpdateClockOffsets(ended.nodes);
    default:
      SIM_CHECK(cluster_.network_model().EndFault(id), "a network fault in force was not found");
      return;
  }
}

void FaultInjector::Close(uint32_t id, std::string_view cause) {
  FaultWindow& window = windows_[id - 1];
  window.end_us = cluster_.scheduler().NowUs();
  window.ended_by = std::string(cause);
}

// The listed groups (a datacenter's name replaced by its nodes and clients), then the nodes no
// group lists (joiners included) as one more group.
std::vector<std::vector<std::string>> FaultInjector::ResolvedGroups(
    const scenario::Fault& fault) const {
  std::vector<std::vector<std::string>> groups;
  for (const std::vector<std::string>& group : fault.groups) {
    groups.push_back(ExpandDatacenterNames(scenario_, group));
  }
  std::set<std::string> listed;
  for (const std::vector<std::string>& group : groups) listed.insert(group.begin(), group.end());
  std::vector<std::string> unlisted;
  for (ProcessId node : cluster_.node_ids()) {
    const std::string& name = cluster_.process_names()[node];
    if (!listed.contains(name)) unlisted.push_back(name);
  }
  if (!unlisted.empty()) groups.push_back(std::move(unlisted));
  return groups;
}

// A client no group lists reaches every node.
void FaultInjector::ApplyPartition(uint32_t id,
                                   const std::vector<std::vector<std::string>>& groups) {
  std::vector<int32_t> group_of(cluster_.processes().size(), kReachesAll);
  for (size_t g = 0; g < groups.size(); ++g) {
    for (const std::string& name : groups[g]) group_of[Resolve(name)] = static_cast<int32_t>(g);
  }
  cluster_.network_model().AddPartition(id, std::move(group_of));
}

void FaultInjector::Apply(uint32_t id, const scenario::Fault& fault) {
  NetworkModel& model = cluster_.network_model();
  ProcessTable& processes = cluster_.processes();
  switch (fault.type) {
    case FaultType::kPartition:
      return ApplyPartition(id, windows_[id - 1].fault.groups);
    case FaultType::kOneWay: {
      std::vector<std::pair<ProcessId, ProcessId>> cuts;
      for (const std::string& from : fault.from) {
        for (const std::string& to : fault.to) cuts.emplace_back(Resolve(from), Resolve(to));
      }
      return model.AddOneWayCuts(id, std::move(cuts));
    }
    case FaultType::kHeal:
      return Heal();
    case FaultType::kCrash:
      for (const std::string& name : fault.nodes) {
        const ProcessId node = Resolve(name);
        processes.Crash(node);
        active_[id].nodes.push_back(node);
      }
      return;
    case FaultType::kRestart:
      for (const std::string& name : fault.nodes) RestartNode(Resolve(name));
      return;
    case FaultType::kWipe:
      // A replaced disk: the node goes down, loses its storage, and comes back empty: at once,
      // or at `until`, or when the last other fault holding it down ends.
      for (const std::string& name : fault.nodes) {
        const ProcessId node = Resolve(name);
        if (!cluster_.MayRun(node)) continue;
        processes.Crash(node);
        processes.Wipe(node);
        if (Lasts(fault)) {
          active_[id].nodes.push_back(node);
        } else if (!HeldDown(node)) {
          Restart(node);
        }
      }
      return;
    case FaultType::kLatency:
      return model.AddExtraLatency(id, ResolveAll(fault.nodes), fault.extra);
    case FaultType::kDrop:
      return model.AddLoss(id, ResolveAll(fault.nodes), fault.rate);
    case FaultType::kClockSkew: {
      Active& skew = active_[id];
      skew.nodes = ResolveAll(fault.nodes);
      skew.offset_us = fault.offset_us;
      return UpdateClockOffsets(skew.nodes);
    }
    case FaultType::kJoin:
      for (const std::string& name : fault.nodes) cluster_.Join(Resolve(name));
      return;
    case FaultType::kLeave:
      for (const std::string& name : fault.nodes) cluster_.Leave(Resolve(name));
      return;
  }
}

// Ends every partition and one-way cut in force.
void FaultInjector::Heal() {
  std::vector<uint32_t> healed;
  for (const auto& [id, active] : active_) {
    if (active.type == FaultType::kPartition || active.type == FaultType::kOneWay) {
      healed.push_back(id);
    }
  }
  for (uint32_t id : healed) End(id, "heal");
}

// A `restart`: the node is released from every crash and wipe holding it (a fault holding no
// node any more has ended), and comes back.
void FaultInjector::RestartNode(ProcessId node) {
  std::vector<uint32_t> released;
  for (auto& [id, active] : active_) {
    if (active.type != FaultType::kCrash && active.type != FaultType::kWipe) continue;
    if (std::erase(active.nodes, node) > 0 && active.nodes.empty()) released.push_back(id);
  }
  for (uint32_t id : released) End(id, "restart");
  Restart(node);
}

bool FaultInjector::HeldDown(ProcessId node) const {
  return std::any_of(active_.begin(), active_.end(), [node](const auto& entry) {
    const Active& active = entry.second;
    return (active.type == FaultType::kCrash || active.type == FaultType::kWipe) &&
           std::find(active.nodes.begin(), active.nodes.end(), node) != active.nodes.end();
  });
}

// A node's wall clock is off by the sum of the clock_skew offsets in force on it.
void FaultInjector::UpdateClockOffsets(const std::vector<ProcessId>& nodes) {
  for (ProcessId node : nodes) {
    TimeUs offset_us = 0;
    for (const auto& [id, active] : active_) {
      if (active.type != FaultType::kClockSkew) continue;
      for (ProcessId named : active.nodes) {
        if (named == node) offset_us = SaturatingAdd(offset_us, active.offset_us);
      }
    }
    cluster_.processes().SetClockOffset(node, offset_us);
  }
}

// Quiesce: every fault in force ends, crashed nodes restart (in node order), no client load
// (clients stop at workload.stop <= duration); background repair gets the quiesce period.
void FaultInjector::Quiesce() {
  for (const auto& [id, active] : active_) Close(id, "quiesce");
  active_.clear();
  cluster_.network_model().EndAllFaults();
  for (ProcessId node : cluster_.node_ids()) {
    cluster_.processes().SetClockOffset(node, 0);
    Restart(node);
  }
}

// Nodes that have not joined yet, or have left, stay down.
void FaultInjector::Restart(ProcessId node) {
  if (cluster_.MayRun(node)) cluster_.processes().Restart(node);
}

}  // namespace sim
