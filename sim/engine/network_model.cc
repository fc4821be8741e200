#include "sim/engine/network_model.h"

#include <algorithm>

#include "sim/engine/check.h"

namespace sim {

NetworkModel::NetworkModel(Prng prng, Distribution base_latency)
    : prng_(prng), base_latency_(std::move(base_latency)) {}

MessageKind NetworkModel::RegisterMessageKind(std::string_view name) {
  MessageKind existing;
  SIM_CHECK(!FindMessageKind(name, &existing), "message kind registered twice");
  kind_names_.emplace_back(name);
  kind_latency_.emplace_back();
  return static_cast<MessageKind>(kind_names_.size() - 1);
}

bool NetworkModel::FindMessageKind(std::string_view name, MessageKind* kind) const {
  for (std::size_t i = 0; i < kind_names_.size(); ++i) {
    if (kind_names_[i] == name) {
      *kind = static_cast<MessageKind>(i);
      return true;
    }
  }
  return false;
}

void NetworkModel::SetKindLatency(MessageKind kind, Distribution latency) {
  SIM_CHECK(kind < kind_latency_.size(), "unknown message kind");
  kind_latency_[kind] = std::move(latency);
}

bool NetworkModel::EndpointFault::Names(ProcessId endpoint) const {
  return std::binary_search(endpoints.begin(), endpoints.end(), endpoint);
}

bool NetworkModel::InForce(NetworkFaultId id) const {
  auto has = [id](const auto& list) {
    return std::any_of(list.begin(), list.end(), [id](const auto& f) { return f.id == id; });
  };
  return has(partitions_) || has(one_way_cuts_) || has(losses_) || has(latencies_);
}

void NetworkModel::AddPartition(NetworkFaultId id, std::vector<int32_t> group_of) {
  SIM_CHECK(!InForce(id), "network fault id already in force");
  partitions_.push_back(Partition{id, std::move(group_of)});
}

void NetworkModel::AddOneWayCuts(NetworkFaultId id,
                                 std::vector<std::pair<ProcessId, ProcessId>> cuts) {
  SIM_CHECK(!InForce(id), "network fault id already in force");
  one_way_cuts_.push_back(OneWayCuts{id, {cuts.begin(), cuts.end()}});
}

void NetworkModel::AddLoss(NetworkFaultId id, std::vector<ProcessId> endpoints, double rate) {
  SIM_CHECK(!InForce(id), "network fault id already in force");
  SIM_CHECK(rate >= 0 && rate <= 1, "a loss rate is a probability");
  std::sort(endpoints.begin(), endpoints.end());
  losses_.push_back(EndpointFault{id, std::move(endpoints), rate, Distribution::Constant(0)});
}

void NetworkModel::AddExtraLatency(NetworkFaultId id, std::vector<ProcessId> endpoints,
                                   Distribution extra) {
  SIM_CHECK(!InForce(id), "network fault id already in force");
  SIM_CHECK(!endpoints.empty(), "extra latency names its endpoints");
  std::sort(endpoints.begin(), endpoints.end());
  latencies_.push_back(EndpointFault{id, std::move(endpoints), 0, std::move(extra)});
}

bool NetworkModel::EndFault(NetworkFaultId id) {
  auto erase = [id](auto& list) {
    return std::erase_if(list, [id](const auto& fault) { return fault.id == id; }) > 0;
  };
  // One id names one fault, so at most one list holds it.
  return erase(partitions_) || erase(one_way_cuts_) || erase(losses_) || erase(latencies_);
}

void NetworkModel::EndAllFaults() {
  partitions_.clear();
  one_way_cuts_.clear();
  losses_.clear();
  latencies_.clear();
}

std::size_t NetworkModel::faults_in_force() const {
  return partitions_.size() + one_way_cuts_.size() + losses_.size() + latencies_.size();
}

bool NetworkModel::CanReach(ProcessId from, ProcessId to) const {
  for (const Partition& partition : partitions_) {
    const std::vector<int32_t>& group_of = partition.group_of;
    const int32_t from_group = from < group_of.size() ? group_of[from] : kReachesAll;
    const int32_t to_group = to < group_of.size() ? group_of[to] : kReachesAll;
    if (from_group != kReachesAll && to_group != kReachesAll && from_group != to_group) {
      return false;
    }
  }
  for (const OneWayCuts& cuts : one_way_cuts_) {
    if (cuts.cuts.contains({from, to})) return false;
  }
  return true;
}

// Independent drops: each applicable source spares the message with probability (1 - rate).
// Folded as loss + rate - loss * rate, which is exactly `rate` when loss is 0, so a single
// source gives the same draws as a plain rate.
double NetworkModel::LossProbability(ProcessId from, ProcessId to) const {
  double loss = drop_rate_;
  for (const EndpointFault& fault : losses_) {
    if (fault.endpoints.empty() || fault.Names(from) || fault.Names(to)) {
      loss = loss + fault.rate - loss * fault.rate;
    }
  }
  return loss;
}

// The sender's end first, then the receiver's; within an end, in order of addition.
std::vector<const Distribution*> NetworkModel::ExtraLatencies(ProcessId from, ProcessId to) const {
  std::vector<const Distribution*> extras;
  for (ProcessId end : {from, to}) {
    for (const EndpointFault& fault : latencies_) {
      if (fault.Names(end)) extras.push_back(&fault.extra);
    }
  }
  return extras;
}

void NetworkModel::SetDatacenters(std::vector<int32_t> datacenter_of, uint32_t count,
                                  std::vector<Distribution> pair_latency) {
  SIM_CHECK(pair_latency.size() == size_t{count} * count, "one latency per datacenter pair");
  for (int32_t datacenter : datacenter_of) {
    SIM_CHECK(datacenter == kNoDatacenter ||
                  (datacenter >= 0 && static_cast<uint32_t>(datacenter) < count),
              "an endpoint's datacenter is out of range");
  }
  datacenter_of_ = std::move(datacenter_of);
  datacenter_count_ = count;
  datacenter_latency_ = std::move(pair_latency);
}

const Distribution* NetworkModel::DatacenterLatency(ProcessId from, ProcessId to) const {
  if (from >= datacenter_of_.size() || to >= datacenter_of_.size()) return nullptr;
  const int32_t a = datacenter_of_[from];
  const int32_t b = datacenter_of_[to];
  if (a == kNoDatacenter || b == kNoDatacenter || a == b) return nullptr;
  return &datacenter_latency_[static_cast<size_t>(a) * datacenter_count_ + static_cast<size_t>(b)];
}

TimeUs NetworkModel::SampleDelay(ProcessId from, ProcessId to, MessageKind kind) {
  const std::optional<Distribution>& by_kind = kind_latency_[kind];
  TimeUs delay_us = by_kind ? by_kind->SampleUs(prng_) : base_latency_.SampleUs(prng_);
  if (const Distribution* datacenter = DatacenterLatency(from, to)) {
    delay_us = SaturatingAdd(delay_us, datacenter->SampleUs(prng_));
  }
  if (latencies_.empty()) return delay_us;
  for (const Distribution* extra : ExtraLatencies(from, to)) {
    delay_us = SaturatingAdd(delay_us, extra->SampleUs(prng_));
  }
  return delay_us;
}

MessageFate NetworkModel::Decide(ProcessId from, ProcessId to, MessageKind kind) {
  SIM_CHECK(kind < kind_latency_.size(), "unknown message kind");
  MessageFate fate;
  if (!CanReach(from, to)) {
    fate.reason = DropReason::kPartition;
    return fate;
  }
  if (prng_.Bernoulli(LossProbability(from, to))) {
    fate.reason = DropReason::kLoss;
    return fate;
  }
  fate.copies = 1;
  fate.delay_us[0] = SampleDelay(from, to, kind);
  if (prng_.Bernoulli(duplicate_rate_)) {
    fate.copies = 2;
    fate.delay_us[1] = SampleDelay(from, to, kind);
  }
  return fate;
}

}  // namespace sim
