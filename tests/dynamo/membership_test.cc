// Membership and range transfer between nodes wired by hand: every Env appends to one FIFO queue
// and the test delivers the messages, so each exchange can be followed step by step.
#include "dynamo/membership.h"

#include <deque>
#include <optional>
#include <memory>
#include <vector>

#include "dynamo/hash.h"
#include "dynamo/partition_assignment.h"
#include "dynamo/range_transfer.h"
#include "gtest/gtest.h"
#include "tests/dynamo/queue_env.h"

namespace dynamo {
namespace {

struct RecordingListener : Membership::Listener {
  void OnRingChanged(const Ring* before, const Ring&) override {
    changes.push_back(before != nullptr);
  }
  std::vector<bool> changes;  // whether there was a ring before
};

// One node: its disk, Env, failure detector and membership.
struct TestNode {
  TestNode(NodeId id, const NodeConfig& config, std::deque<Wire>& queue, RingState ring)
      : env(id, queue), failure_detector(config.suspect_after_us) {
    disk.ring = std::move(ring);
    membership = std::make_unique<Membership>(id, config, env, disk, failure_detector, listener);
  }
  DurableState disk;
  QueueEnv env;
  FailureDetector failure_detector;
  RecordingListener listener;
  std::unique_ptr<Membership> membership;
};

class MembershipTest : public ::testing::Test {
 protected:
  MembershipTest() {
    config_.n = 3;
    config_.ring_params = RingParams{PartitionStrategy::kEqualPartitions, 16};
    config_.seeds = {0};
  }

  RingState Strategy3Ring(std::vector<NodeId> nodes, uint64_t epoch) const {
    RingState state;
    state.epoch = epoch;
    state.members = MembersFromPartitionOwners(InitialPartitionOwners(16, nodes));
    return state;
  }

  TestNode& Add(NodeId id, RingState ring) {
    nodes_.push_back(std::make_unique<TestNode>(id, config_, queue_, std::move(ring)));
    return *nodes_.back();
  }
  // Delivers every queued message (and those they cause); returns how many.
  int DeliverAll() {
    int delivered = 0;
    while (!queue_.empty()) {
      Wire wire = std::move(queue_.front());
      queue_.pop_front();
      ++delivered;
      nodes_.at(wire.to)->membership->OnMessage(wire.from, wire.message);
    }
    return delivered;
  }

  NodeConfig config_;
  std::deque<Wire> queue_;
  std::vector<std::unique_ptr<TestNode>> nodes_;  // index == node id
};

TEST_F(MembershipTest, GossipPullsANewerRingInOneExchange) {
  Add(0, Strategy3Ring({0, 1, 2}, 1));
  Add(1, Strategy3Ring({0, 1, 2}, 1));
  RingState newer = Strategy3Ring({0, 1, 2}, 2);
  newer.author = 0;
  nodes_[0]->disk.ring = newer;  // node 0 learnt epoch 2 (installed by hand, no listener call)
  nodes_[1]->membership->GossipWith(0);
  // gossip (no ring) -> gossip_reply carrying node 0's newer ring.
  EXPECT_EQ(DeliverAll(), 2);
  EXPECT_EQ(nodes_[1]->membership->epoch(), 2u);
  EXPECT_EQ(nodes_[1]->env.installed, std::vector<uint64_t>{2});
  EXPECT_EQ(nodes_[1]->listener.changes, std::vector<bool>{true});
}

TEST_F(MembershipTest, GossipPushesANewerRingTheInitiatorHolds) {
  Add(0, Strategy3Ring({0, 1, 2}, 3));
  Add(1, Strategy3Ring({0, 1, 2}, 1));
  nodes_[0]->membership->GossipWith(1);
  // gossip -> gossip_reply (want_ring) -> gossip push (not answered).
  EXPECT_EQ(DeliverAll(), 3);
  EXPECT_EQ(nodes_[1]->membership->epoch(), 3u);
  EXPECT_EQ(nodes_[0]->membership->epoch(), 3u);
  EXPECT_TRUE(nodes_[0]->env.installed.empty());
}

TEST_F(MembershipTest, ANewerGenerationEndsTheSuspicionOfThatNode) {
  Add(0, Strategy3Ring({0, 1, 2}, 1));
  Add(1, Strategy3Ring({0, 1, 2}, 1));
  nodes_[0]->failure_detector.Suspect(1, 1000);
  ASSERT_TRUE(nodes_[0]->failure_detector.IsSuspected(1));
  nodes_[1]->env.now_us = 5000;
  nodes_[1]->membership->Start();  // generation 1, from the disk's counter, not the clock
  nodes_[1]->membership->GossipWith(0);
  DeliverAll();
  EXPECT_EQ(nodes_[0]->membership->generation_of(1), std::optional<uint64_t>(1));
  EXPECT_EQ(nodes_[1]->disk.generation, 1u);
  EXPECT_FALSE(nodes_[0]->failure_detector.IsSuspected(1));
}

TEST_F(MembershipTest, GenerationsComeFromADurableCounterAndAWipedDiskCatchesUp) {
  Add(0, Strategy3Ring({0, 1, 2}, 1));
  Add(1, Strategy3Ring({0, 1, 2}, 1));
  for (int start = 0; start < 3; ++start) nodes_[1]->membership->Start();
  EXPECT_EQ(nodes_[1]->disk.generation, 3u);
  nodes_[1]->membership->GossipWith(0);
  DeliverAll();
  ASSERT_EQ(nodes_[0]->membership->generation_of(1), std::optional<uint64_t>(3));
  // Node 1's disk is replaced: its counter starts again, and gossip tells it how far to jump.
  nodes_[1]->disk = DurableState();
  nodes_[1]->disk.ring = Strategy3Ring({0, 1, 2}, 1);
  nodes_[1]->membership->Start();
  EXPECT_EQ(nodes_[1]->disk.generation, 1u);
  nodes_[0]->membership->GossipWith(1);
  DeliverAll();
  EXPECT_EQ(nodes_[1]->disk.generation, 4u);
  EXPECT_EQ(nodes_[1]->membership->generation_of(1), std::optional<uint64_t>(4));
  nodes_[1]->membership->GossipWith(0);
  DeliverAll();
  EXPECT_EQ(nodes_[0]->membership->generation_of(1), std::optional<uint64_t>(4));
}

TEST_F(MembershipTest, ASeedServesAJoinWithFloorQOverSPlusOnePartitions) {
  Add(0, Strategy3Ring({0, 1, 2}, 1));
  Add(1, Strategy3Ring({0, 1, 2}, 1));
  Add(2, Strategy3Ring({0, 1, 2}, 1));
  TestNode& joiner = Add(3, RingState{});
  EXPECT_FALSE(joiner.membership->has_ring());
  joiner.membership->Start();
  ASSERT_EQ(joiner.env.timers.size(), 1u);
  joiner.membership->OnTimer(joiner.env.timers[0].tag);  // asks the seed, gossips with it
  DeliverAll();
  ASSERT_TRUE(joiner.membership->has_ring());
  EXPECT_TRUE(joiner.membership->IsMember());
  EXPECT_EQ(joiner.membership->epoch(), 2u);
  EXPECT_EQ(nodes_[0]->membership->stats().changes_served, 1u);
  const std::vector<NodeId> owners = PartitionOwnersOf(joiner.membership->ring());
  EXPECT_EQ(std::count(owners.begin(), owners.end(), 3u), 4);  // floor(16 / 4)
  for (NodeId node : {0u, 1u, 2u}) {
    EXPECT_EQ(std::count(owners.begin(), owners.end(), node), 4);
  }
  // A joiner has no ring before: its listener is told there was none (nothing to hand off).
  EXPECT_EQ(joiner.listener.changes, std::vector<bool>{false});
}

TEST_F(MembershipTest, AStrategyOneJoinAddsTheJoinersOwnTokens) {
  config_.ring_params = RingParams{PartitionStrategy::kRandomTokens, 0};
  config_.tokens_per_node = 4;
  RingState initial;
  initial.epoch = 1;
  initial.members = {RingMember{0, {10, 20}}, RingMember{1, {30, 40}}, RingMember{2, {50, 60}}};
  Add(0, initial);
  nodes_.push_back(nullptr);
  nodes_.push_back(nullptr);
  TestNode& joiner = Add(3, RingState{});
  joiner.membership->Start();
  joiner.membership->OnTimer(joiner.env.timers[0].tag);
  DeliverAll();
  ASSERT_EQ(joiner.membership->epoch(), 2u);
  const Ring& ring = joiner.membership->ring();
  ASSERT_TRUE(ring.HasNode(3));
  size_t tokens = 0;
  for (const Ring::Token& token : ring.tokens()) tokens += token.node == 3;
  EXPECT_EQ(tokens, 4u);
  EXPECT_EQ(ring.tokens().size(), 10u);
  EXPECT_EQ(joiner.disk.ring.members.back().tokens.size(), 4u);
}

TEST_F(MembershipTest, AWipedMemberAskingToJoinIsSentTheRingUnchanged) {
  Add(0, Strategy3Ring({0, 1, 2}, 1));
  TestNode& wiped = Add(1, RingState{});
  wiped.membership->Start();
  wiped.membership->OnTimer(wiped.env.timers[0].tag);
  DeliverAll();
  EXPECT_EQ(wiped.membership->epoch(), 1u);
  EXPECT_TRUE(wiped.membership->IsMember());
  EXPECT_EQ(nodes_[0]->membership->stats().changes_served, 0u);
}

TEST_F(MembershipTest, ALeaveIsRefusedWhenFewerThanNNodesWouldRemain) {
  Add(0, Strategy3Ring({0, 1, 2}, 1));
  TestNode& leaving = Add(1, Strategy3Ring({0, 1, 2}, 1));
  leaving.membership->Start();
  leaving.membership->RequestLeave();
  leaving.membership->OnTimer(TimerTag{TimerKind::kGossip, 0});
  DeliverAll();
  EXPECT_EQ(nodes_[0]->membership->epoch(), 1u);
  EXPECT_TRUE(leaving.membership->IsMember());
}

TEST_F(MembershipTest, ALeaveIsServedAndTheLeaverLearnsTheRingWithoutIt) {
  Add(0, Strategy3Ring({0, 1, 2, 3}, 1));
  TestNode& leaving = Add(1, Strategy3Ring({0, 1, 2, 3}, 1));
  leaving.membership->Start();
  leaving.membership->RequestLeave();
  leaving.membership->OnTimer(TimerTag{TimerKind::kGossip, 0});
  DeliverAll();
  EXPECT_EQ(leaving.membership->epoch(), 2u);
  EXPECT_FALSE(leaving.membership->IsMember());
  const std::vector<NodeId> owners = PartitionOwnersOf(leaving.membership->ring());
  EXPECT_EQ(std::count(owners.begin(), owners.end(), 1u), 0);
  EXPECT_EQ(owners.size(), 16u);
}

TEST(RangeTransferTest, ADisplacedReplicaSendsItsKeysToTheNewcomersOnlyUntilAcked) {
  NodeConfig config;
  config.n = 2;
  const RingParams params{PartitionStrategy::kEqualPartitions, 4};
  // Before: 4 partitions owned 0,1,0,1. After: node 2 took partition 1 from node 1.
  const Ring before(params, MembersFromPartitionOwners(std::vector<NodeId>{0, 1, 0, 1}));
  RingView view(std::make_shared<const Ring>(
      params, MembersFromPartitionOwners(std::vector<NodeId>{0, 2, 0, 1})));
  const Ring& after = view.ring();
  std::deque<Wire> queue;
  QueueEnv env(1, queue);
  DurableState disk;
  Replica replica(config, env, disk);
  RangeTransfer transfer(1, config, env, disk, replica, view);
  Version version;
  version.value = {7};
  version.clock = VectorClock{{ClockEntry{1, 1, 0}}};
  std::vector<Key> keys;
  for (Key key = 0; keys.size() < 40; ++key) {
    disk.data.Put(key, version, ResolutionMode::kVectorClock);
    keys.push_back(key);
  }
  transfer.OnRingChanged(&before, after);
  // Exactly the keys node 1 no longer replicates go to the nodes newly in their top 2.
  size_t expected = 0;
  for (Key key : keys) {
    Ring::NodeList old_top, new_top;
    before.PreferenceList(key, 2, &old_top);
    after.PreferenceList(key, 2, &new_top);
    const bool displaced = std::count(old_top.begin(), old_top.end(), 1u) == 1 &&
                           std::count(new_top.begin(), new_top.end(), 1u) == 0;
    if (!displaced) continue;
    for (NodeId node : new_top) expected += std::count(old_top.begin(), old_top.end(), node) == 0;
  }
  ASSERT_GT(expected, 0u);
  ASSERT_EQ(queue.size(), expected);
  EXPECT_EQ(transfer.pending(), expected);
  for (const Wire& wire : queue) {
    EXPECT_EQ(wire.message.type(), MessageType::kRangeTransfer);
    EXPECT_EQ(wire.to, 2u);  // the only newcomer
    ASSERT_EQ(wire.message.As<msg::RangeTransfer>().versions.size(), 1u);
  }
  // The newcomer stores and acknowledges; the sender is then idle.
  QueueEnv env2(2, queue);
  DurableState disk2;
  Replica replica2(config, env2, disk2);
  RangeTransfer receiver(2, config, env2, disk2, replica2, view);
  const size_t sent = queue.size();
  for (size_t i = 0; i < sent; ++i) {
    Wire wire = std::move(queue.front());
    queue.pop_front();
    receiver.OnMessage(wire.from, wire.message);
    EXPECT_TRUE(disk2.data.Contains(wire.message.key));
  }
  EXPECT_EQ(receiver.stats().keys_changed, sent);
  while (!queue.empty()) {
    transfer.OnMessage(2, queue.front().message);
    queue.pop_front();
  }
  EXPECT_TRUE(transfer.idle());
  EXPECT_EQ(transfer.stats().keys_acked, sent);
}

TEST(RangeTransferTest, ATransferToANodeThatLeftIsReTargetedToTheKeysCurrentReplicas) {
  NodeConfig config;
  config.n = 2;
  const RingParams params{PartitionStrategy::kEqualPartitions, 4};
  const Ring before(params, MembersFromPartitionOwners(std::vector<NodeId>{0, 1, 0, 1}));
  RingView view(std::make_shared<const Ring>(
      params, MembersFromPartitionOwners(std::vector<NodeId>{0, 2, 0, 3})));
  std::deque<Wire> queue;
  QueueEnv env(1, queue);
  DurableState disk;
  Replica replica(config, env, disk);
  RangeTransfer transfer(1, config, env, disk, replica, view);
  Version version;
  version.value = {7};
  version.clock = VectorClock{{ClockEntry{1, 1, 0}}};
  for (Key key = 0; key < 40; ++key) disk.data.Put(key, version, ResolutionMode::kVectorClock);
  transfer.OnRingChanged(&before, view.ring());
  ASSERT_GT(transfer.pending(), 0u);
  queue.clear();  // every transfer is lost; node 2 then leaves before acknowledging any
  const Ring with_two = view.ring();
  view.Set(std::make_shared<const Ring>(
      params, MembersFromPartitionOwners(std::vector<NodeId>{0, 3, 0, 3})));
  transfer.OnRingChanged(&with_two, view.ring());
  ASSERT_GT(transfer.pending(), 0u);
  for (const Wire& wire : queue) {
    EXPECT_NE(wire.to, 2u) << "sent to a node that left";
    EXPECT_TRUE(view.ring().HasNode(wire.to));
  }
  // The resend round sends to members only, and the acks of those members empty the queue.
  queue.clear();
  transfer.OnTimer(TimerTag{TimerKind::kRangeTransfer, 0});
  ASSERT_EQ(queue.size(), transfer.pending());
  while (!queue.empty()) {
    EXPECT_NE(queue.front().to, 2u);
    const Message ack{.key = queue.front().message.key, .payload = msg::RangeTransferAck{}};
    transfer.OnMessage(queue.front().to, ack);
    queue.pop_front();
  }
  EXPECT_TRUE(transfer.idle());
}

}  // namespace
}  // namespace dynamo
