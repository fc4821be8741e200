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

void NetworkModel::EnsureEndpoints(std::size_t count) {
  if (endpoint_drop_rate_.size() < count) {
    endpoint_drop_rate_.resize(count, 0.0);
    extra_latency_.resize(count);
  }
}

void NetworkModel::SetKindLatency(MessageKind kind, Distribution latency) {
  SIM_CHECK(kind < kind_latency_.size(), "unknown message kind");
  kind_latency_[kind] = std::move(latency);
}

void NetworkModel::SetEndpointDropRate(ProcessId endpoint, double rate) {
  EnsureEndpoints(endpoint + 1);
  endpoint_drop_rate_[endpoint] = rate;
}

void NetworkModel::SetExtraLatency(ProcessId endpoint, std::optional<Distribution> extra) {
  EnsureEndpoints(endpoint + 1);
  extra_latency_[endpoint] = std::move(extra);
}

void NetworkModel::SetPartition(std::vector<int32_t> group_of) { group_of_ = std::move(group_of); }

void NetworkModel::CutOneWay(ProcessId from, ProcessId to) { one_way_cuts_.insert({from, to}); }

void NetworkModel::Heal() {
  group_of_.clear();
  one_way_cuts_.clear();
}

bool NetworkModel::CanReach(ProcessId from, ProcessId to) const {
  if (!group_of_.empty()) {
    const int32_t from_group = from < group_of_.size() ? group_of_[from] : kReachesAll;
    const int32_t to_group = to < group_of_.size() ? group_of_[to] : kReachesAll;
    if (from_group != kReachesAll && to_group != kReachesAll && from_group != to_group) {
      return false;
    }
  }
  return one_way_cuts_.empty() || !one_way_cuts_.contains({from, to});
}

TimeUs NetworkModel::SampleDelay(ProcessId from, ProcessId to, MessageKind kind) {
  const std::optional<Distribution>& by_kind = kind_latency_[kind];
  TimeUs delay_us = by_kind ? by_kind->SampleUs(prng_) : base_latency_.SampleUs(prng_);
  if (from < extra_latency_.size() && extra_latency_[from]) {
    delay_us += extra_latency_[from]->SampleUs(prng_);
  }
  if (to < extra_latency_.size() && extra_latency_[to]) {
    delay_us += extra_latency_[to]->SampleUs(prng_);
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
  double loss = drop_rate_;
  if (from < endpoint_drop_rate_.size()) loss = std::max(loss, endpoint_drop_rate_[from]);
  if (to < endpoint_drop_rate_.size()) loss = std::max(loss, endpoint_drop_rate_[to]);
  if (prng_.Bernoulli(loss)) {
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
