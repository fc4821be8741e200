#include "dynamo/range_transfer.h"

#include <algorithm>

#include "absl/container/btree_set.h"
#include "dynamo/reconcile.h"

namespace dynamo {
namespace {

bool Contains(const Ring::NodeList& nodes, NodeId node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

}  // namespace

RangeTransfer::RangeTransfer(NodeId self, const NodeConfig& config, Env& env,
                             DurableState& durable, const Replica& local)
    : self_(self), config_(config), env_(env), durable_(durable), local_(local) {}

void RangeTransfer::OnRingChanged(const Ring* before, const Ring& now) {
  if (before == nullptr) return;  // nothing was replicated under no ring
  absl::btree_set<Key> keys;
  for (const auto& [key, versions] : durable_.data.entries()) keys.insert(key);
  for (const auto& [key, versions] : local_.buffer().entries()) keys.insert(key);
  Ring::NodeList old_top;
  Ring::NodeList new_top;
  for (Key key : keys) {
    before->PreferenceList(key, config_.n, &old_top);
    if (!Contains(old_top, self_)) continue;
    now.PreferenceList(key, config_.n, &new_top);
    if (Contains(new_top, self_)) continue;
    for (NodeId node : new_top) {
      if (!Contains(old_top, node)) Enqueue(node, key);
    }
  }
  if (!now.HasNode(self_)) {
    for (const auto& [owner, hints] : durable_.hints) {
      if (!now.HasNode(owner)) continue;
      for (const auto& [key, versions] : hints.entries()) Enqueue(owner, key);
    }
  }
}

void RangeTransfer::OnStrayWrite(const Ring& now, Key key) {
  Ring::NodeList top;
  now.PreferenceList(key, config_.n, &top);
  if (Contains(top, self_)) return;
  for (NodeId node : top) {
    // Already pending: the next resend carries what this node holds by then.
    if (!pending_.insert({node, key}).second) continue;
    Send(node, key);
  }
  ArmTimer();
}

void RangeTransfer::ArmTimer() {
  if (timer_armed_ || pending_.empty()) return;
  timer_armed_ = true;
  env_.StartTimer(config_.hint_retry_interval_us, TimerTag{kTimerRangeTransfer, 0});
}

void RangeTransfer::Enqueue(NodeId to, Key key) {
  if (to == self_ || !pending_.insert({to, key}).second) return;
  Send(to, key);
  ArmTimer();
}

Siblings RangeTransfer::LocalVersions(Key key) const {
  Siblings all = local_.Read(key);
  for (const auto& [owner, hints] : durable_.hints) {
    for (const Version& version : hints.Get(key)) Reconcile(all, version, config_.resolution);
  }
  return all;
}

void RangeTransfer::Send(NodeId to, Key key) {
  Message transfer;
  transfer.type = MessageType::kRangeTransfer;
  transfer.key = key;
  transfer.versions = LocalVersions(key);
  ++stats_.keys_sent;
  env_.Send(to, std::move(transfer), env_.StorageReadLatencyUs());
}

void RangeTransfer::OnTimer(TimerTag) {
  timer_armed_ = false;
  if (pending_.empty()) return;
  for (const auto& [to, key] : pending_) Send(to, key);
  ArmTimer();
}

void RangeTransfer::OnMessage(NodeId from, const Message& message) {
  if (message.type == MessageType::kRangeTransferAck) {
    if (pending_.erase({from, message.key}) > 0) ++stats_.keys_acked;
    return;
  }
  ++stats_.keys_received;
  const uint64_t before = durable_.data.Digest(message.key);
  for (const Version& version : message.versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
  if (durable_.data.Digest(message.key) != before) ++stats_.keys_changed;
  Message ack;
  ack.type = MessageType::kRangeTransferAck;
  ack.key = message.key;
  env_.Send(from, std::move(ack), env_.StorageWriteLatencyUs());
}

}  // namespace dynamo
