#include "dynamo/anti_entropy.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/check.h"

namespace dynamo {

bool IsAntiEntropyMessage(MessageType type) {
  return type == MessageType::kMerkleRoot || type == MessageType::kMerkleNodes ||
         type == MessageType::kMerkleKeys || type == MessageType::kRepairPush;
}

AntiEntropy::AntiEntropy(NodeId self, const NodeConfig& config, Env& env, const RingView& view,
                         DurableState& durable)
    : self_(self),
      config_(config),
      env_(env),
      view_(view),
      durable_(durable),
      exchange_id_base_(config.anti_entropy_enabled ? env.Random() << 24 : 0) {
  if (!config_.anti_entropy_enabled) return;
  DYNAMO_CHECK(config_.anti_entropy_interval_us > 0, "anti-entropy interval must be positive");
  next_range_ = env_.Random();
  const auto interval = static_cast<uint64_t>(config_.anti_entropy_interval_us);
  env_.StartTimer(static_cast<TimeUs>(env_.Random() % interval),
                  TimerTag{kTimerAntiEntropyTick, 0});
}

void AntiEntropy::OnTimer(TimerTag tag) {
  if (tag.kind == kTimerAntiEntropyTimeout) {
    if (!exchange_ || exchange_->id != tag.arg) return;  // finished meanwhile
    const TimeUs silent_us = env_.NowUs() - exchange_->last_heard_us;
    if (silent_us < config_.request_timeout_us) {
      // Heard from the peer since this timer was set: wait for the rest of the timeout.
      env_.StartTimer(config_.request_timeout_us - silent_us, tag);
      return;
    }
    if (exchange_->retransmits < kAntiEntropyMaxRetransmits) {
      // Lost on the way there or back: the stateless peer answers a copy as it would have.
      ++exchange_->retransmits;
      ++stats_.retransmits;
      exchange_->last_heard_us = env_.NowUs();
      env_.Send(exchange_->peer, Message(exchange_->last_sent), env_.StorageReadLatencyUs());
      env_.StartTimer(config_.request_timeout_us, tag);
      return;
    }
    ++stats_.exchanges_timed_out;
    exchange_.reset();
    return;
  }
  DYNAMO_CHECK(tag.kind == kTimerAntiEntropyTick, "unknown anti-entropy timer");
  // Every range once per interval: the interval is split evenly between the node's ranges.
  const size_t ranges = MyRanges().size();
  env_.StartTimer(std::max<TimeUs>(1, config_.anti_entropy_interval_us /
                                          static_cast<TimeUs>(std::max<size_t>(1, ranges))),
                  TimerTag{kTimerAntiEntropyTick, 0});
  Tick();
}

const std::vector<IndexedRange>& AntiEntropy::MyRanges() {
  if (view_.shared() != ranges_ring_) {
    ranges_ring_ = view_.shared();
    ranges_.clear();
    if (ranges_ring_ != nullptr) ranges_ = ranges_ring_->ReplicatedRanges(self_, config_.n);
  }
  return ranges_;
}

void AntiEntropy::Tick() {
  if (exchange_) return;  // at most one outstanding exchange; this range waits its next turn
  if (!view_.has_ring()) return;  // not joined yet, or a wiped disk waiting for gossip
  const std::vector<IndexedRange>& ranges = MyRanges();
  if (ranges.empty()) return;
  const uint32_t range = ranges[next_range_++ % ranges.size()].index;
  Ring::NodeList replicas;
  ring().PreferenceListOfRange(range, config_.n, &replicas);
  Ring::NodeList peers;
  for (NodeId node : replicas) {
    if (node != self_) peers.push_back(node);
  }
  if (peers.empty()) return;  // the only replica (n == 1 or a one-node ring)
  StartExchange(range, peers[env_.Random() % peers.size()]);
}

bool AntiEntropy::Replicates(uint32_t range) const {
  if (!view_.has_ring() || range >= ring().RangeCount()) return false;
  Ring::NodeList replicas;
  ring().PreferenceListOfRange(range, config_.n, &replicas);
  return std::find(replicas.begin(), replicas.end(), self_) != replicas.end();
}

MerkleTree AntiEntropy::BuildTree(uint32_t range) const {
  const KeyRange key_range = ring().RangeAt(range);
  std::vector<MerkleTree::KeyDigest> keys;
  durable_.data.ForEachInRange(key_range, [&keys](Key key, absl::Span<const Version> versions) {
    keys.emplace_back(key, SiblingsDigest(versions));  // == VersionedStore::Digest(key)
  });
  return MerkleTree::Build(key_range, MerkleTree::DepthFor(key_range, config_.merkle_depth), keys);
}

bool AntiEntropy::StartExchange(uint32_t range, NodeId peer) {
  if (!config_.anti_entropy_enabled || exchange_ || peer == self_ || !Replicates(range)) {
    return false;
  }
  if (config_.bugs.merkle_skips_last_range && range + 1 == ring().RangeCount()) return false;
  const uint64_t id = exchange_id_base_ + next_exchange_++;
  exchange_ = Exchange{id, peer, range, env_.NowUs(), Message{}, 0};
  ++stats_.exchanges_started;
  const MerkleTree tree = BuildTree(range);
  Message root;
  root.type = MessageType::kMerkleRoot;
  root.request_id = id;
  root.range = range;
  root.from_initiator = true;
  root.merkle_level = 0;
  root.merkle_nodes.emplace_back(0, tree.Root());
  Send(peer, std::move(root));
  env_.StartTimer(config_.request_timeout_us, TimerTag{kTimerAntiEntropyTimeout, id});
  return true;
}

void AntiEntropy::Send(NodeId to, Message message) {
  if (message.from_initiator && message.type != MessageType::kRepairPush) {
    DYNAMO_CHECK(exchange_ && exchange_->peer == to && exchange_->id == message.request_id,
                 "an initiator sends only within its outstanding exchange");
    exchange_->last_sent = message;
  }
  env_.Send(to, std::move(message), env_.StorageReadLatencyUs());
}

Message AntiEntropy::Reply(const Message& to, MessageType type) const {
  Message reply;
  reply.type = type;
  reply.request_id = to.request_id;
  reply.range = to.range;
  reply.from_initiator = !to.from_initiator;
  return reply;
}

void AntiEntropy::OnMessage(NodeId from, const Message& message) {
  DYNAMO_CHECK(IsAntiEntropyMessage(message.type), "not an anti-entropy message");
  if (!config_.anti_entropy_enabled) return;
  if (message.type == MessageType::kRepairPush) return OnRepairPush(message);
  if (!message.from_initiator) {
    // An answer to an exchange this node started: only the outstanding one counts.
    if (!exchange_ || exchange_->id != message.request_id || exchange_->peer != from ||
        exchange_->range != message.range) {
      return;
    }
    exchange_->last_heard_us = env_.NowUs();
  }
  bool done = true;
  if (Replicates(message.range)) {
    const MerkleTree tree = BuildTree(message.range);
    done = message.type == MessageType::kMerkleKeys ? OnKeys(from, message, tree)
                                                    : OnNodes(from, message, tree);
  }
  if (!message.from_initiator && done) exchange_.reset();
}

bool AntiEntropy::OnNodes(NodeId from, const Message& message, const MerkleTree& tree) {
  const int level = message.merkle_level;
  if (level < 0 || level > tree.depth()) return true;  // another tree shape: give up
  if (message.type == MessageType::kMerkleRoot) ++stats_.trees_compared;
  stats_.nodes_exchanged += message.merkle_nodes.size();
  std::vector<uint32_t> differing;
  for (const auto& [index, hash] : message.merkle_nodes) {
    if (index >= (uint64_t{1} << level)) return true;
    if (tree.NodeHash(level, index) != hash) differing.push_back(index);
  }
  if (differing.empty()) {
    // In sync below what was asked. The peer tells the initiator so; the initiator is done.
    if (message.from_initiator) {
      Send(from, Reply(message, MessageType::kMerkleNodes));
    }
    return true;
  }
  Message reply;
  if (level < tree.depth()) {
    reply = Reply(message, MessageType::kMerkleNodes);
    reply.merkle_level = level + 1;
    for (uint32_t index : differing) {
      const MerkleTree::ChildHashes children = tree.ChildrenOf(level, index);
      reply.merkle_nodes.emplace_back(2 * index, children[0]);
      reply.merkle_nodes.emplace_back(2 * index + 1, children[1]);
    }
  } else {
    reply = Reply(message, MessageType::kMerkleKeys);
    reply.merkle_level = level;
    reply.ok = false;  // a first list: answer with yours
    for (uint32_t leaf : differing) {
      reply.merkle_nodes.emplace_back(leaf, tree.NodeHash(level, leaf));
      const std::vector<MerkleTree::KeyDigest> keys = tree.KeysInLeaf(leaf);
      reply.merkle_keys.insert(reply.merkle_keys.end(), keys.begin(), keys.end());
    }
  }
  Send(from, std::move(reply));
  return false;
}

bool AntiEntropy::OnKeys(NodeId from, const Message& message, const MerkleTree& tree) {
  if (message.merkle_level != tree.depth()) return true;
  for (const auto& [leaf, hash] : message.merkle_nodes) {
    if (leaf >= tree.LeafCount()) return true;
  }
  absl::btree_map<Key, uint64_t> theirs(message.merkle_keys.begin(), message.merkle_keys.end());
  Message answer = Reply(message, MessageType::kMerkleKeys);
  answer.merkle_level = message.merkle_level;
  answer.ok = true;
  for (const auto& [leaf, hash] : message.merkle_nodes) {
    answer.merkle_nodes.emplace_back(leaf, tree.NodeHash(tree.depth(), leaf));
    for (const auto& [key, digest] : tree.KeysInLeaf(leaf)) {
      answer.merkle_keys.emplace_back(key, digest);
      auto it = theirs.find(key);
      if (it != theirs.end() && it->second == digest) continue;
      // The other side lacks the key or holds other versions: send ours.
      Message push;
      push.type = MessageType::kRepairPush;
      push.request_id = message.request_id;
      push.range = message.range;
      push.key = key;
      const absl::Span<const Version> versions = durable_.data.Get(key);
      push.versions.assign(versions.begin(), versions.end());
      ++stats_.keys_pushed;
      env_.Send(from, std::move(push), env_.StorageReadLatencyUs());
    }
  }
  // A first list is answered with this side's list, so the other side pushes what this side
  // lacks; an answer is not answered again.
  if (!message.ok) Send(from, std::move(answer));
  return true;
}

void AntiEntropy::OnRepairPush(const Message& message) {
  if (message.versions.empty() || !view_.has_ring()) return;
  Ring::NodeList replicas;
  ring().PreferenceList(message.key, config_.n, &replicas);
  if (std::find(replicas.begin(), replicas.end(), self_) == replicas.end()) return;
  const uint64_t before = durable_.data.Digest(message.key);
  for (const Version& version : message.versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
  if (durable_.data.Digest(message.key) != before) ++stats_.keys_repaired;
}

}  // namespace dynamo
