#include "dynamo/hinted_handoff.h"

#include <algorithm>
#include <vector>

#include "dynamo/check.h"

namespace dynamo {

void HintedHandoff::Start() {
  if (config_.hinted_handoff) {
    env_.StartTimer(config_.hint_retry_interval_us, TimerTag{kTimerHintDelivery, 0});
  }
}

void HintedHandoff::RefileDeparted() {
  if (!view_.has_ring() || config_.bugs.hint_to_departed_node) return;
  const Ring& ring = view_.ring();
  std::vector<NodeId> departed;
  for (const auto& [owner, store] : durable_.hints) {
    if (!ring.HasNode(owner)) departed.push_back(owner);
  }
  Ring::NodeList top;
  for (NodeId owner : departed) {
    VersionedStore orphaned = std::move(durable_.hints.at(owner));
    durable_.hints.erase(owner);
    for (const auto& [key, versions] : orphaned.entries()) {
      ring.PreferenceList(key, config_.n, &top);
      DYNAMO_CHECK(!top.empty() && ring.HasNode(top.front()), "a key's owner is a ring member");
      const bool replica = std::find(top.begin(), top.end(), self_) != top.end();
      VersionedStore& into = replica ? durable_.data : durable_.hints[top.front()];
      for (const Version& version : versions) into.Put(key, version, config_.resolution);
      ++stats_.hints_refiled;
    }
  }
}

void HintedHandoff::OnTimer() {
  ++stats_.delivery_rounds;
  RefileDeparted();
  for (const auto& [owner, store] : durable_.hints) {
    if (failure_detector_.IsSuspected(owner)) continue;
    DYNAMO_CHECK(owner != self_, "a node holds no hints for itself");
    DYNAMO_CHECK(!view_.has_ring() || view_.ring().HasNode(owner) ||
                     config_.bugs.hint_to_departed_node,
                 "hints are delivered to ring members only");
    int offered = 0;
    for (const auto& [key, versions] : store.entries()) {
      if (offered++ == kMaxKeysPerOwnerPerRound) break;
      Message deliver;
      deliver.type = MessageType::kHintedHandoff;
      deliver.key = key;
      deliver.versions = versions;
      deliver.hint_digest = SiblingsDigest(versions);
      env_.Send(owner, std::move(deliver));
      ++stats_.hints_offered;
    }
  }
  env_.StartTimer(config_.hint_retry_interval_us, TimerTag{kTimerHintDelivery, 0});
}

void HintedHandoff::OnAck(NodeId owner, const Message& ack) {
  DYNAMO_CHECK(ack.type == MessageType::kHintedHandoffAck, "not a hint acknowledgement");
  auto it = durable_.hints.find(owner);
  if (it == durable_.hints.end()) return;
  VersionedStore& store = it->second;
  if (!store.Contains(ack.key) || store.Digest(ack.key) != ack.hint_digest) return;
  store.Erase(ack.key);
  ++stats_.hints_delivered;
  if (store.empty()) durable_.hints.erase(it);
}

uint64_t HintedHandoff::HintsHeld() const {
  uint64_t held = 0;
  for (const auto& [owner, store] : durable_.hints) held += store.size();
  return held;
}

}  // namespace dynamo
