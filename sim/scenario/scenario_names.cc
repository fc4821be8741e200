#include "sim/scenario/scenario_names.h"

namespace sim::scenario {

const std::vector<EnumSpelling<ConflictResolution>>& ConflictResolutionSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<ConflictResolution>>{
      {ConflictResolution::kVectorClock, "vector_clock"},
      {ConflictResolution::kLastWriteWins, "last_write_wins"},
  };
  return *table;
}

const std::vector<EnumSpelling<Coordination>>& CoordinationSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<Coordination>>{
      {Coordination::kServer, "server"},
      {Coordination::kClient, "client"},
      {Coordination::kClientLibrary, "client_library"},
  };
  return *table;
}

const std::vector<EnumSpelling<Fanout>>& FanoutSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<Fanout>>{
      {Fanout::kAll, "all"},
      {Fanout::kQuorum, "quorum"},
  };
  return *table;
}

const std::vector<EnumSpelling<WriteCoordinator>>& WriteCoordinatorSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<WriteCoordinator>>{
      {WriteCoordinator::kAny, "any"},
      {WriteCoordinator::kFastestRead, "fastest_read"},
  };
  return *table;
}

const std::vector<EnumSpelling<EntryNode>>& EntryNodeSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<EntryNode>>{
      {EntryNode::kAny, "any"},
      {EntryNode::kBound, "bound"},
      {EntryNode::kDatacenter, "datacenter"},
  };
  return *table;
}

const std::vector<EnumSpelling<FaultType>>& FaultTypeSpellings() {
  static const auto* const table = new std::vector<EnumSpelling<FaultType>>{
      {FaultType::kPartition, "partition"},
      {FaultType::kOneWay, "one_way"},
      {FaultType::kHeal, "heal"},
      {FaultType::kCrash, "crash"},
      {FaultType::kRestart, "restart"},
      {FaultType::kWipe, "wipe"},
      {FaultType::kLatency, "latency"},
      {FaultType::kDrop, "drop"},
      {FaultType::kClockSkew, "clock_skew"},
      {FaultType::kJoin, "join"},
      {FaultType::kLeave, "leave"},
  };
  return *table;
}

}  // namespace sim::scenario
