// The coordinator's quorum logic against a fake Env: messages are captured, not delivered, so the
// test decides exactly which replica answers when.
#include "dynamo/coordinator.h"

#include <vector>

#include "dynamo/node.h"
#include "dynamo/partition_assignment.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

struct Sent {
  NodeId to;
  Message message;
};

class FakeEnv : public Env {
 public:
  TimeUs NowUs() const override { return now_us; }
  TimeUs WallClockUs() const override { return now_us; }
  void StartTimer(TimeUs, TimerTag tag) override { timers.push_back(tag); }
  void Send(NodeId to, Message message, TimeUs) override {
    sent.push_back(Sent{to, std::move(message)});
  }
  uint64_t Random() override { return 7; }
  TimeUs StorageReadLatencyUs() override { return 0; }
  TimeUs StorageWriteLatencyUs() override { return 0; }

  // Messages of `type` sent so far.
  std::vector<Sent> OfType(MessageType type) const {
    std::vector<Sent> out;
    for (const Sent& s : sent) {
      if (s.message.type == type) out.push_back(s);
    }
    return out;
  }

  TimeUs now_us = 1000;
  std::vector<Sent> sent;
  std::vector<TimerTag> timers;
};

constexpr NodeId kClient = 99;

class CoordinatorTest : public ::testing::Test {
 protected:
  CoordinatorTest()
      : ring_(RingParams{PartitionStrategy::kEqualPartitions, 8},
              MembersFromPartitionOwners(InitialPartitionOwners(8, std::vector<NodeId>{0, 1, 2, 3}))) {
    config_.n = 3;
    config_.r = 2;
    config_.w = 2;
    config_.ring_params = RingParams{PartitionStrategy::kEqualPartitions, 8};
    durable_.ring.epoch = 1;
    durable_.ring.members =
        MembersFromPartitionOwners(InitialPartitionOwners(8, std::vector<NodeId>{0, 1, 2, 3}));
  }

  // The key's top N, and a node among them to coordinate.
  Ring::NodeList TopN(Key key) const {
    Ring::NodeList top;
    ring_.PreferenceList(key, config_.n, &top);
    return top;
  }

  NodeConfig config_;
  Ring ring_;
  FakeEnv env_;
  DurableState durable_;
};

Message ClientPut(Key key, uint64_t item) {
  Message put;
  put.type = MessageType::kClientPut;
  put.request_id = 5;
  put.key = key;
  put.reply_to = kClient;
  put.value = {item};
  return put;
}

TEST_F(CoordinatorTest, PutIsAcknowledgedOnlyAfterWReplicasStoredIt) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  const std::vector<Sent> puts = env_.OfType(MessageType::kPut);
  // To the other two of the top N; the coordinator stored its own copy in place.
  ASSERT_EQ(puts.size(), 2u);
  ASSERT_EQ(durable_.data.Get(key).size(), 1u);
  EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());

  // The coordinator's own ack (to itself, after the storage latency) is the first store.
  const std::vector<Sent> local_acks = env_.OfType(MessageType::kPutAck);
  ASSERT_EQ(local_acks.size(), 1u);
  ASSERT_EQ(local_acks.front().to, top[0]);
  Message local_ack = local_acks.front().message;
  node.OnMessage(top[0], local_ack);
  int stored = 1;
  EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());
  // Each other replica stores the put and acks; count stores before the client hears back.
  for (const Sent& put : puts) {
    DurableState replica_disk;
    Replica replica(config_, env_, replica_disk);
    replica.Handle(top[0], put.message);
    ++stored;  // 2, then 3
    ASSERT_EQ(replica_disk.data.Get(key).size(), 1u);
    Message ack = env_.OfType(MessageType::kPutAck).back().message;
    node.OnMessage(put.to, ack);
    const size_t replies = env_.OfType(MessageType::kClientReply).size();
    EXPECT_EQ(replies, stored < 2 ? 0u : 1u) << "after " << stored << " replicas stored it";
  }
  const Message reply = env_.OfType(MessageType::kClientReply).front().message;
  EXPECT_TRUE(reply.ok);
  EXPECT_EQ(reply.request_id, 5u);
  EXPECT_EQ(reply.versions.front().clock.CounterOf(durable_.clock_actor), 1u);  // the disk's actor
}

TEST_F(CoordinatorTest, DuplicateAcksDoNotCountTwice) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  Message ack;
  ack.type = MessageType::kPutAck;
  ack.request_id = env_.OfType(MessageType::kPut).front().message.request_id;
  ack.ok = true;
  node.OnMessage(top[1], ack);
  node.OnMessage(top[1], ack);  // the network duplicated it
  EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());
  node.OnMessage(top[2], ack);
  EXPECT_EQ(env_.OfType(MessageType::kClientReply).size(), 1u);
}

TEST_F(CoordinatorTest, PutFailsWhenTooFewAcksArriveBeforeTheTimeout) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  // The node's hint-delivery and gossip rounds, and this put's timeout.
  ASSERT_EQ(env_.timers.size(), 3u);
  ASSERT_EQ(env_.timers.back().kind, kTimerPutTimeout);
  node.OnTimer(env_.timers.back());
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(replies.front().message.ok);
}

TEST_F(CoordinatorTest, NodeOutsideTopNForwardsToTheFirstOfTopN) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  NodeId outsider = 0;
  while (std::find(top.begin(), top.end(), outsider) != top.end()) ++outsider;
  Node node(outsider, config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  ASSERT_EQ(env_.sent.size(), 1u);
  EXPECT_EQ(env_.sent.front().to, top[0]);
  EXPECT_EQ(env_.sent.front().message.type, MessageType::kForwardPut);
  EXPECT_EQ(env_.sent.front().message.reply_to, kClient);
}

TEST_F(CoordinatorTest, GetAnswersAfterRRepliesWithReconciledVersionsThenRepairs) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request;
  request.type = MessageType::kClientGet;
  request.key = key;
  request.reply_to = kClient;
  request.request_id = 9;
  node.OnMessage(kClient, request);
  const uint64_t id = env_.OfType(MessageType::kGet).front().message.request_id;
  Version newer{{1, 2}, VectorClock({ClockEntry{top[0], 2, 10}}), 10, top[0]};
  Version older{{1}, VectorClock({ClockEntry{top[0], 1, 5}}), 5, top[0]};
  auto reply_from = [&](NodeId from, const Version* version) {
    Message reply;
    reply.type = MessageType::kGetReply;
    reply.request_id = id;
    reply.key = key;
    if (version != nullptr) reply.versions.push_back(*version);
    node.OnMessage(from, reply);
  };
  reply_from(top[1], &older);
  EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());
  reply_from(top[2], &newer);
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 1u);
  ASSERT_EQ(replies.front().message.versions.size(), 1u);
  EXPECT_EQ(replies.front().message.versions.front(), newer);
  EXPECT_EQ(replies.front().message.fastest_replica, top[1]);
  EXPECT_TRUE(env_.OfType(MessageType::kReadRepair).empty());  // still waiting for the third
  reply_from(top[0], nullptr);
  const std::vector<Sent> repairs = env_.OfType(MessageType::kReadRepair);
  ASSERT_EQ(repairs.size(), 2u);  // the stale replica and the empty one
  EXPECT_EQ(repairs[0].to, top[1]);
  EXPECT_EQ(repairs[1].to, top[0]);
  EXPECT_EQ(repairs[0].message.versions.front(), newer);
}

}  // namespace
}  // namespace dynamo
