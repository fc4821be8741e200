#include "dynamo/hinted_handoff.h"

namespace dynamo {

void HintedHandoff::Start() {
  if (config_.hinted_handoff) {
    env_.StartTimer(config_.hint_retry_interval_us, TimerTag{kTimerHintDelivery, 0});
  }
}

void HintedHandoff::OnTimer() {
  ++stats_.delivery_rounds;
  const TimeUs now_us = env_.NowUs();
  for (const auto& [owner, store] : durable_.hints) {
    if (failure_detector_.IsSuspected(owner, now_us)) continue;
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
