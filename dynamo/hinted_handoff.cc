#include "dynamo/hinted_handoff.h"

#include <algorithm>
#include <vector>

#include "dynamo/check.h"

namespace dynamo {

void HintedHandoff::Start() {
  DYNAMO_CHECK(!durable_.hints.contains(self_), "a node holds no hints for itself");
  if (config_.hinted_handoff) {
    DYNAMO_CHECK(config_.hint_retry_interval_us > 0, "hint delivery needs a positive interval");
    env_.StartTimer(config_.hint_retry_interval_us, TimerTag{TimerKind::kHintDelivery, 0});
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
  DYNAMO_CHECK(!durable_.hints.contains(self_), "a node holds no hints for itself");
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
      DYNAMO_CHECK(!versions.empty(), "a held hint has versions");
      env_.Send(owner, Message{.key = key,
                               .payload = msg::HintedHandoff{versions, SiblingsDigest(versions)}});
      ++stats_.hints_offered;
    }
  }
  env_.StartTimer(config_.hint_retry_interval_us, TimerTag{TimerKind::kHintDelivery, 0});
}

void HintedHandoff::OnAck(NodeId owner, const Message& ack) {
  DYNAMO_CHECK(owner != self_, "a node holds no hints for itself");
  const uint64_t delivered = ack.As<msg::HintedHandoffAck>().digest;
  auto it = durable_.hints.find(owner);
  if (it == durable_.hints.end()) return;
  VersionedStore& store = it->second;
  // Only what was delivered: a hint that changed since (a newer hinted write) stays held.
  if (!store.Contains(ack.key) || store.Digest(ack.key) != delivered) return;
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
