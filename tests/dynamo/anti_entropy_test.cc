// Merkle anti-entropy between two nodes wired by hand: each node has a fake Env whose messages go
// into one shared FIFO queue, and the test delivers them (or drops them) one by one.
#include "dynamo/anti_entropy.h"

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "dynamo/hash.h"
#include "dynamo/partition_assignment.h"
#include "gtest/gtest.h"
#include "tests/dynamo/queue_env.h"

namespace dynamo {
namespace {

Version V(Value value, uint64_t counter) {
  Version version;
  version.value = std::move(value);
  version.clock = VectorClock{{ClockEntry{0, counter, 0}}};
  return version;
}

constexpr int kDepth = 4;

class AntiEntropyTest : public ::testing::Test {
 protected:
  AntiEntropyTest()
      : ring_(RingParams{PartitionStrategy::kEqualPartitions, 2},
              MembersFromPartitionOwners(InitialPartitionOwners(2, std::vector<NodeId>{0, 1}))) {
    config_.n = 2;
    config_.anti_entropy_enabled = true;
    config_.anti_entropy_interval_us = 1'000'000;
    config_.merkle_depth = kDepth;
    for (Key key = 0; keys_.size() < 40; ++key) {
      if (ring_.PartitionOf(key) == kRange) keys_.push_back(key);
    }
  }

  void Build() {
    env_a_ = std::make_unique<QueueEnv>(0, queue_);
    env_b_ = std::make_unique<QueueEnv>(1, queue_);
    a_ = std::make_unique<AntiEntropy>(0, config_, *env_a_, view_, disk_a_);
    b_ = std::make_unique<AntiEntropy>(1, config_, *env_b_, view_, disk_b_);
  }

  // Both stores hold every test key with one version.
  void FillBoth() {
    for (Key key : keys_) {
      disk_a_.data.Put(key, V({key}, 1), config_.resolution);
      disk_b_.data.Put(key, V({key}, 1), config_.resolution);
    }
  }

  AntiEntropy& Of(NodeId node) { return node == 0 ? *a_ : *b_; }

  // Delivers queued messages in order until none is left; `drop` may discard some. Returns the
  // messages delivered.
  std::vector<Wire> DeliverAll(const std::function<bool(const Wire&)>& drop = nullptr) {
    std::vector<Wire> delivered;
    while (!queue_.empty()) {
      Wire wire = std::move(queue_.front());
      queue_.pop_front();
      if (drop && drop(wire)) continue;
      Of(wire.to).OnMessage(wire.from, wire.message);
      delivered.push_back(std::move(wire));
    }
    return delivered;
  }

  static std::vector<Wire> OfType(const std::vector<Wire>& wires, MessageType type) {
    std::vector<Wire> out;
    for (const Wire& wire : wires) {
      if (wire.message.type() == type) out.push_back(wire);
    }
    return out;
  }

  uint64_t Sum(uint64_t AntiEntropyStats::*field) const {
    return a_->stats().*field + b_->stats().*field;
  }

  void ExpectStoresEqual() const {
    ASSERT_EQ(disk_a_.data.size(), disk_b_.data.size());
    for (const auto& [key, siblings] : disk_a_.data.entries()) {
      EXPECT_EQ(SiblingsDigest(siblings), disk_b_.data.Digest(key)) << "key " << key;
    }
  }

  static constexpr uint32_t kRange = 0;
  NodeConfig config_;
  Ring ring_;
  RingView view_{std::make_shared<const Ring>(ring_)};
  std::vector<Key> keys_;
  std::deque<Wire> queue_;
  DurableState disk_a_;
  DurableState disk_b_;
  std::unique_ptr<QueueEnv> env_a_;
  std::unique_ptr<QueueEnv> env_b_;
  std::unique_ptr<AntiEntropy> a_;
  std::unique_ptr<AntiEntropy> b_;
};

TEST_F(AntiEntropyTest, TreeDepthIsTheConfiguredOne) {
  EXPECT_EQ(MerkleTree::DepthFor(ring_.RangeAt(kRange), kDepth), kDepth);
}

TEST_F(AntiEntropyTest, EqualStoresCompareOneTreeAndPushNothing) {
  FillBoth();
  Build();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  EXPECT_TRUE(a_->exchange_outstanding());
  const std::vector<Wire> wires = DeliverAll();
  // The root, then the peer's empty "in sync" answer.
  ASSERT_EQ(wires.size(), 2u);
  EXPECT_EQ(wires[0].message.type(), MessageType::kMerkleRoot);
  EXPECT_EQ(wires[1].message.type(), MessageType::kMerkleNodes);
  EXPECT_TRUE(wires[1].message.As<msg::MerkleNodes>().nodes.empty());
  EXPECT_EQ(Sum(&AntiEntropyStats::trees_compared), 1u);
  EXPECT_EQ(b_->stats().trees_compared, 1u);
  EXPECT_EQ(Sum(&AntiEntropyStats::nodes_exchanged), 1u);
  EXPECT_EQ(Sum(&AntiEntropyStats::keys_pushed), 0u);
  EXPECT_EQ(Sum(&AntiEntropyStats::keys_repaired), 0u);
  EXPECT_EQ(a_->stats().exchanges_started, 1u);
  EXPECT_FALSE(a_->exchange_outstanding());
}

TEST_F(AntiEntropyTest, OneChangedKeyIsFoundByDescendingAndRepaired) {
  FillBoth();
  const Key changed = keys_[17];
  // A newer version at A, superseding B's.
  disk_a_.data.Put(changed, V({changed, changed + 1000}, 2), config_.resolution);
  Build();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  const std::vector<Wire> wires = DeliverAll();
  EXPECT_EQ(Sum(&AntiEntropyStats::trees_compared), 1u);
  // The root, then both children of one differing node on each of the kDepth levels below.
  EXPECT_EQ(Sum(&AntiEntropyStats::nodes_exchanged), 1u + 2u * kDepth);
  EXPECT_EQ(OfType(wires, MessageType::kMerkleNodes).size(), size_t{kDepth});
  // One list each way, for the one differing leaf.
  const std::vector<Wire> lists = OfType(wires, MessageType::kMerkleKeys);
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0].message.As<msg::MerkleKeys>().nodes.size(), 1u);
  EXPECT_FALSE(lists[0].message.As<msg::MerkleKeys>().is_answer);
  EXPECT_TRUE(lists[1].message.As<msg::MerkleKeys>().is_answer);
  // Exactly the changed key travels, once (B already holds A's versions when A's list arrives).
  const std::vector<Wire> pushes = OfType(wires, MessageType::kRepairPush);
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].message.key, changed);
  EXPECT_EQ(pushes[0].from, 0u);
  EXPECT_EQ(Sum(&AntiEntropyStats::keys_pushed), 1u);
  EXPECT_EQ(b_->stats().keys_repaired, 1u);
  EXPECT_EQ(a_->stats().keys_repaired, 0u);
  ASSERT_EQ(disk_b_.data.Get(changed).size(), 1u);
  EXPECT_EQ(disk_b_.data.Get(changed)[0].value, (Value{changed, changed + 1000}));
  ExpectStoresEqual();
  EXPECT_FALSE(a_->exchange_outstanding());
}

TEST_F(AntiEntropyTest, OlderVersionAtTheInitiatorIsRepairedFromThePeer) {
  FillBoth();
  const Key changed = keys_[5];
  disk_b_.data.Put(changed, V({changed, changed + 7}, 2), config_.resolution);
  Build();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  const std::vector<Wire> wires = DeliverAll();
  EXPECT_EQ(Sum(&AntiEntropyStats::nodes_exchanged), 1u + 2u * kDepth);
  // Both sides push the key (digests differ); only A's store changes.
  const std::vector<Wire> pushes = OfType(wires, MessageType::kRepairPush);
  ASSERT_EQ(pushes.size(), 2u);
  EXPECT_EQ(pushes[0].message.key, changed);
  EXPECT_EQ(pushes[1].message.key, changed);
  EXPECT_EQ(a_->stats().keys_repaired, 1u);
  EXPECT_EQ(b_->stats().keys_repaired, 0u);
  ExpectStoresEqual();
}

TEST_F(AntiEntropyTest, KeyMissingOnEitherSideIsCopied) {
  FillBoth();
  const Key only_at_a = keys_[3];
  const Key only_at_b = keys_[30];
  disk_b_.data.Erase(only_at_a);
  disk_a_.data.Erase(only_at_b);
  Build();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  const std::vector<Wire> wires = DeliverAll();
  const std::vector<Wire> pushes = OfType(wires, MessageType::kRepairPush);
  ASSERT_EQ(pushes.size(), 2u);
  EXPECT_EQ(Sum(&AntiEntropyStats::keys_repaired), 2u);
  EXPECT_TRUE(disk_a_.data.Contains(only_at_b));
  EXPECT_TRUE(disk_b_.data.Contains(only_at_a));
  ExpectStoresEqual();
}

TEST_F(AntiEntropyTest, EmptyReplicaIsRebuiltFromThePeer) {
  for (Key key : keys_) disk_a_.data.Put(key, V({key}, 1), config_.resolution);
  Build();
  ASSERT_TRUE(b_->StartExchange(kRange, 0));  // the wiped node asks
  DeliverAll();
  EXPECT_EQ(b_->stats().keys_repaired, keys_.size());
  ExpectStoresEqual();
}

TEST_F(AntiEntropyTest, LostAnswerIsRecoveredByRetransmittingTheLatestMessage) {
  FillBoth();
  disk_a_.data.Put(keys_[9], V({keys_[9], keys_[9] + 1}, 2), config_.resolution);
  Build();
  env_a_->timers.clear();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  ASSERT_EQ(env_a_->timers.size(), 1u);
  const TimerTag timeout = env_a_->timers[0].tag;
  EXPECT_EQ(timeout.kind, TimerKind::kAntiEntropyTimeout);
  // Descend two levels, then lose the peer's third answer: the exchange stalls mid-tree.
  for (int answered = 0; answered < 2; ++answered) {
    Wire to_b = std::move(queue_.front());
    queue_.pop_front();
    b_->OnMessage(to_b.from, to_b.message);
    Wire to_a = std::move(queue_.front());
    queue_.pop_front();
    a_->OnMessage(to_a.from, to_a.message);
  }
  ASSERT_EQ(queue_.size(), 1u);
  const Message stalled = queue_.front().message;  // A's latest: the one to send again
  DeliverAll([](const Wire& wire) { return wire.from == 1; });
  EXPECT_TRUE(a_->exchange_outstanding());
  EXPECT_FALSE(a_->StartExchange(kRange, 1));  // at most one outstanding
  env_a_->now_us += config_.request_timeout_us;
  a_->OnTimer(timeout);
  EXPECT_TRUE(a_->exchange_outstanding());
  EXPECT_EQ(a_->stats().retransmits, 1u);
  ASSERT_EQ(queue_.size(), 1u);
  ASSERT_EQ(queue_.front().message.type(), stalled.type());
  ASSERT_EQ(stalled.type(), MessageType::kMerkleNodes);
  EXPECT_EQ(queue_.front().message.As<msg::MerkleNodes>().level,
            stalled.As<msg::MerkleNodes>().level);
  EXPECT_EQ(queue_.front().message.As<msg::MerkleNodes>().nodes,
            stalled.As<msg::MerkleNodes>().nodes);
  DeliverAll();
  EXPECT_FALSE(a_->exchange_outstanding());
  EXPECT_EQ(a_->stats().exchanges_timed_out, 0u);
  EXPECT_EQ(b_->stats().keys_repaired, 1u);
  ExpectStoresEqual();
}

TEST_F(AntiEntropyTest, SilentPeerIsForgottenAfterTheLastRetransmission) {
  FillBoth();
  disk_a_.data.Put(keys_[9], V({keys_[9], keys_[9] + 1}, 2), config_.resolution);
  Build();
  env_a_->timers.clear();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  const TimerTag timeout = env_a_->timers[0].tag;
  for (int attempt = 1; attempt <= kAntiEntropyMaxRetransmits; ++attempt) {
    queue_.clear();  // B is down: everything sent to it is lost
    env_a_->now_us += config_.request_timeout_us;
    a_->OnTimer(timeout);
    EXPECT_TRUE(a_->exchange_outstanding());
    ASSERT_EQ(queue_.size(), 1u);
    EXPECT_EQ(queue_.front().message.type(), MessageType::kMerkleRoot);
    EXPECT_EQ(a_->stats().retransmits, static_cast<uint64_t>(attempt));
  }
  queue_.clear();
  env_a_->now_us += config_.request_timeout_us;
  a_->OnTimer(timeout);
  EXPECT_FALSE(a_->exchange_outstanding());
  EXPECT_TRUE(queue_.empty());
  EXPECT_EQ(a_->stats().exchanges_timed_out, 1u);
  ASSERT_TRUE(a_->StartExchange(kRange, 1));  // a fresh exchange may start
  DeliverAll();
  EXPECT_EQ(b_->stats().keys_repaired, 1u);
  ExpectStoresEqual();
}

TEST_F(AntiEntropyTest, StaleAnswersAreDropped) {
  FillBoth();
  disk_a_.data.Put(keys_[9], V({keys_[9], keys_[9] + 1}, 2), config_.resolution);
  Build();
  env_a_->timers.clear();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  const TimerTag timeout = env_a_->timers[0].tag;
  // B answers the root, but the answer is held back until A gave up.
  Wire root = std::move(queue_.front());
  queue_.pop_front();
  b_->OnMessage(root.from, root.message);
  ASSERT_EQ(queue_.size(), 1u);
  Wire answer = std::move(queue_.front());
  queue_.pop_front();
  for (int fired = 0; fired <= kAntiEntropyMaxRetransmits; ++fired) {
    queue_.clear();  // the retransmitted roots are lost too
    env_a_->now_us += config_.request_timeout_us;
    a_->OnTimer(timeout);
  }
  ASSERT_FALSE(a_->exchange_outstanding());
  queue_.clear();
  a_->OnMessage(answer.from, answer.message);
  EXPECT_TRUE(queue_.empty());  // nothing sent for a forgotten exchange
  EXPECT_EQ(a_->stats().nodes_exchanged, 0u);
}

TEST_F(AntiEntropyTest, TimeoutIsMeasuredFromTheLastAnswer) {
  FillBoth();
  disk_a_.data.Put(keys_[9], V({keys_[9], keys_[9] + 1}, 2), config_.resolution);
  Build();
  env_a_->timers.clear();
  ASSERT_TRUE(a_->StartExchange(kRange, 1));
  const TimerTag timeout = env_a_->timers[0].tag;
  // One round trip, 400 ms late; then the timer fires at 500 ms: the exchange is still live.
  Wire root = std::move(queue_.front());
  queue_.pop_front();
  b_->OnMessage(root.from, root.message);
  env_a_->now_us += 400'000;
  Wire answer = std::move(queue_.front());
  queue_.pop_front();
  a_->OnMessage(answer.from, answer.message);
  env_a_->now_us += 100'000;
  a_->OnTimer(timeout);
  EXPECT_TRUE(a_->exchange_outstanding());
  ASSERT_EQ(env_a_->timers.size(), 2u);
  EXPECT_EQ(env_a_->timers[1].delay_us, 400'000);
  DeliverAll();
  EXPECT_FALSE(a_->exchange_outstanding());
  ExpectStoresEqual();
}

TEST_F(AntiEntropyTest, TicksWalkTheReplicatedRangesRoundRobinEachOncePerInterval) {
  FillBoth();
  Build();
  // The first tick is scheduled at a random offset within the interval.
  ASSERT_EQ(env_a_->timers.size(), 1u);
  EXPECT_EQ(env_a_->timers[0].tag.kind, TimerKind::kAntiEntropyTick);
  EXPECT_GE(env_a_->timers[0].delay_us, 0);
  EXPECT_LT(env_a_->timers[0].delay_us, config_.anti_entropy_interval_us);
  std::vector<uint32_t> ranges;
  for (int tick = 0; tick < 4; ++tick) {
    const TimerTag tag = env_a_->timers.back().tag;
    a_->OnTimer(tag);
    ASSERT_EQ(env_a_->timers[env_a_->timers.size() - 2].tag.kind, TimerKind::kAntiEntropyTick);
    ASSERT_FALSE(queue_.empty());
    EXPECT_EQ(queue_.front().to, 1u);
    ranges.push_back(queue_.front().message.As<msg::MerkleRoot>().range);
    DeliverAll();
    // Keep only tick timers at the back (drop the exchange's timeout).
    std::vector<QueueEnv::Timer> ticks;
    for (const auto& timer : env_a_->timers) {
      if (timer.tag.kind == TimerKind::kAntiEntropyTick) ticks.push_back(timer);
    }
    env_a_->timers = ticks;
    // Node 0 replicates two ranges: each once per interval, so a tick every half interval.
    EXPECT_EQ(env_a_->timers.back().delay_us, config_.anti_entropy_interval_us / 2);
  }
  // Two ranges, alternating.
  EXPECT_NE(ranges[0], ranges[1]);
  EXPECT_EQ(ranges[0], ranges[2]);
  EXPECT_EQ(ranges[1], ranges[3]);
  EXPECT_EQ(a_->stats().exchanges_started, 4u);
}

TEST_F(AntiEntropyTest, DisabledSendsNothing) {
  config_.anti_entropy_enabled = false;
  FillBoth();
  disk_a_.data.Erase(keys_[0]);
  Build();
  EXPECT_TRUE(env_a_->timers.empty());
  EXPECT_FALSE(a_->StartExchange(kRange, 1));
  msg::MerkleRoot root;
  root.from_initiator = true;
  root.nodes.emplace_back(0, 12345);
  b_->OnMessage(0, Message{.payload = root});
  EXPECT_TRUE(queue_.empty());
}

TEST_F(AntiEntropyTest, PushForAKeyThisNodeDoesNotReplicateIsIgnored) {
  // A 3-node ring with n = 1: node 0 replicates only its own partitions.
  Ring ring(RingParams{PartitionStrategy::kEqualPartitions, 3},
            MembersFromPartitionOwners(InitialPartitionOwners(3, std::vector<NodeId>{0, 1, 2})));
  config_.n = 1;
  QueueEnv env(0, queue_);
  DurableState disk;
  const RingView view(std::make_shared<const Ring>(ring));
  AntiEntropy node(0, config_, env, view, disk);
  Key foreign = 0;
  while (ring.Coordinator(foreign) == 0) ++foreign;
  node.OnMessage(1, Message{.key = foreign, .payload = msg::RepairPush{0, {V({1}, 1)}}});
  EXPECT_FALSE(disk.data.Contains(foreign));
  EXPECT_EQ(node.stats().keys_repaired, 0u);
}

TEST_F(AntiEntropyTest, ModelledBytesCountTreeNodesAndKeyDigests) {
  Message message{.payload = msg::MerkleKeys{}};
  const uint32_t empty = ModelledBytes(message);
  EXPECT_EQ(empty, 32u + 8u);  // header and key
  msg::MerkleKeys& keys = message.As<msg::MerkleKeys>();
  keys.nodes.emplace_back(3, 99);
  keys.keys.emplace_back(1, 2);
  keys.keys.emplace_back(5, 6);
  EXPECT_EQ(ModelledBytes(message), empty + 12 + 2 * 16);
  EXPECT_EQ(MessageTypeName(MessageType::kMerkleRoot), "merkle_root");
  EXPECT_EQ(MessageTypeName(MessageType::kRepairPush), "repair_push");
}

}  // namespace
}  // namespace dynamo
