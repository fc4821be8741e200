#include "dynamo/range_transfer.h"

#include <algorithm>

#include <vector>

#include "absl/container/btree_set.h"
#include "dynamo/check.h"
#include "dynamo/replica_versions.h"

namespace dynamo {
namespace {

bool Contains(const Ring::NodeList& nodes, NodeId node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

}  // namespace

RangeTransfer::RangeTransfer(NodeId self, const NodeConfig& config, Env& env,
                             DurableState& durable, const Replica& local, const RingView& view)
    : self_(self), config_(config), env_(env), durable_(durable), local_(local), view_(view) {}

void RangeTransfer::OnRingChanged(const Ring* before, const Ring& now) {
  DYNAMO_CHECK(view_.has_ring() && &now == &view_.ring(), "the new ring is the node's view");
  DYNAMO_CHECK(before != &now, "a ring change installs another ring");
  RetargetDeparted(now);
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
      // A hint goes to its owner, or, if the owner left too, to the key's current top N.
      const bool owner_departed = !now.HasNode(owner) && !config_.bugs.hint_to_departed_node;
      for (const auto& [key, versions] : hints.entries()) {
        if (owner_departed) {
          EnqueueToTopN(now, key);
        } else {
          Enqueue(owner, key);
        }
      }
    }
  }
}

void RangeTransfer::EnqueueToTopN(const Ring& ring, Key key) {
  Ring::NodeList top;
  ring.PreferenceList(key, config_.n, &top);
  DYNAMO_CHECK(!top.empty() && top.size() <= config_.n, "a key has between 1 and N replicas");
  if (Contains(top, self_)) return;
  for (NodeId node : top) Enqueue(node, key);
}

void RangeTransfer::RetargetDeparted(const Ring& ring) {
  if (config_.bugs.hint_to_departed_node) return;  // deliberate bug: resent to them forever
  std::vector<Key> orphaned;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (ring.HasNode(it->first)) {
      ++it;
      continue;
    }
    orphaned.push_back(it->second);
    it = pending_.erase(it);
  }
  for (Key key : orphaned) EnqueueToTopN(ring, key);
  for (const auto& [to, key] : pending_) {
    DYNAMO_CHECK(ring.HasNode(to), "no transfer waits for a node that left");
  }
}

void RangeTransfer::OnStrayWrite(const Ring& now, Key key) {
  DYNAMO_CHECK(&now == &view_.ring(), "stray writes are judged by the node's current ring");
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
  env_.StartTimer(config_.hint_retry_interval_us, TimerTag{TimerKind::kRangeTransfer, 0});
}

void RangeTransfer::Enqueue(NodeId to, Key key) {
  DYNAMO_CHECK(view_.has_ring(), "a transfer is queued only under a ring");
  DYNAMO_CHECK(view_.ring().HasNode(to) || config_.bugs.hint_to_departed_node,
               "a range transfer goes to a member of the current ring");
  if (to == self_ || !pending_.insert({to, key}).second) return;
  Send(to, key);
  ArmTimer();
}

Siblings RangeTransfer::LocalVersions(Key key) const {
  Siblings all = local_.Read(key);
  AddHintedVersions(durable_.hints, key, config_.resolution, all);
  return all;
}

void RangeTransfer::Send(NodeId to, Key key) {
  DYNAMO_CHECK(to != self_, "a node transfers keys to another node");
  ++stats_.keys_sent;
  env_.Send(to, Message{.key = key, .payload = msg::RangeTransfer{LocalVersions(key)}},
            env_.StorageReadLatencyUs());
}

void RangeTransfer::OnTimer(TimerTag tag) {
  DYNAMO_CHECK(tag.kind == TimerKind::kRangeTransfer, "not a range transfer timer");
  DYNAMO_CHECK(timer_armed_, "one resend timer at a time, armed before it fires");
  timer_armed_ = false;
  if (pending_.empty()) return;
  if (view_.has_ring()) RetargetDeparted(view_.ring());
  for (const auto& [to, key] : pending_) Send(to, key);
  ArmTimer();
}

void RangeTransfer::OnMessage(NodeId from, const Message& message) {
  DYNAMO_CHECK(message.type() == MessageType::kRangeTransfer ||
                   message.type() == MessageType::kRangeTransferAck,
               "not a range transfer message");
  DYNAMO_CHECK(from != self_, "range transfers travel between nodes");
  if (message.type() == MessageType::kRangeTransferAck) {
    if (pending_.erase({from, message.key}) > 0) ++stats_.keys_acked;
    return;
  }
  ++stats_.keys_received;
  const uint64_t before = durable_.data.Digest(message.key);
  for (const Version& version : message.As<msg::RangeTransfer>().versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
  if (durable_.data.Digest(message.key) != before) ++stats_.keys_changed;
  env_.Send(from, Message{.key = message.key, .payload = msg::RangeTransferAck{}},
            env_.StorageWriteLatencyUs());
}

}  // namespace dynamo
