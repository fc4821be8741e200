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
  // Handles are 1 + the timer's index in `timers`; a cancelled one is listed in `cancelled`.
  TimerHandle StartTimer(TimeUs, TimerTag tag) override {
    timers.push_back(tag);
    return timers.size();
  }
  void CancelTimer(TimerHandle handle) override {
    if (handle != kNoTimer) cancelled.push_back(timers.at(handle - 1));
  }
  void Send(NodeId to, Message&& message, TimeUs) override {
    sent.push_back(Sent{to, std::move(message)});
  }
  uint64_t Random() override { return 7; }
  TimeUs StorageReadLatencyUs() override { return 0; }
  TimeUs StorageWriteLatencyUs() override { return 0; }

  // Messages of `type` sent so far.
  std::vector<Sent> OfType(MessageType type) const {
    std::vector<Sent> out;
    for (const Sent& s : sent) {
      if (s.message.type() == type) out.push_back(s);
    }
    return out;
  }

  TimeUs now_us = 1000;
  std::vector<Sent> sent;
  std::vector<TimerTag> timers;
  std::vector<TimerTag> cancelled;  // tags of the timers cancelled, in order
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
  return Message{5, key, msg::ClientPut{.reply_to = kClient, .value = {item}}};
}

const msg::ClientReply& ReplyOf(const Message& message) {
  return message.As<msg::ClientReply>();
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
  EXPECT_TRUE(ReplyOf(reply).ok);
  EXPECT_EQ(reply.request_id, 5u);
  // Every replica answered, so the put is done and its timeout is cancelled (it would change
  // nothing, but would cost an event and a slot until it fired).
  ASSERT_EQ(env_.cancelled.size(), 1u);
  EXPECT_EQ(env_.cancelled[0].kind, TimerKind::kPutTimeout);
  EXPECT_EQ(env_.cancelled[0].arg, env_.timers.back().arg);
  EXPECT_EQ(env_.timers.back().kind, TimerKind::kPutTimeout);
  EXPECT_EQ(ReplyOf(reply).versions.front().clock.CounterOf(durable_.clock_actor), 1u);  // the disk's actor
}

TEST_F(CoordinatorTest, DuplicateAcksDoNotCountTwice) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  Message ack{.request_id = env_.OfType(MessageType::kPut).front().message.request_id,
                    .key = key,
                    .payload = msg::PutAck{}};
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
  // The node's hint-delivery, gossip and probe rounds, and this put's timeout.
  ASSERT_EQ(env_.timers.size(), 4u);
  ASSERT_EQ(env_.timers.back().kind, TimerKind::kPutTimeout);
  node.OnTimer(env_.timers.back());
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(ReplyOf(replies.front().message).ok);
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
  EXPECT_EQ(env_.sent.front().message.type(), MessageType::kForwardPut);
  EXPECT_EQ(ClientOf(env_.sent.front().message), kClient);
}

TEST_F(CoordinatorTest, GetAnswersAfterRRepliesWithReconciledVersionsThenRepairs) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request{9, key, msg::ClientGet{kClient}};
  node.OnMessage(kClient, request);
  const uint64_t id = env_.OfType(MessageType::kGet).front().message.request_id;
  Version newer{{1, 2}, VectorClock({ClockEntry{top[0], 2, 10}}), 10, top[0]};
  Version older{{1}, VectorClock({ClockEntry{top[0], 1, 5}}), 5, top[0]};
  auto reply_from = [&](NodeId from, const Version* version) {
    Message reply{id, key, msg::GetReply{}};
    if (version != nullptr) reply.As<msg::GetReply>().versions.push_back(*version);
    node.OnMessage(from, reply);
  };
  reply_from(top[1], &older);
  EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());
  reply_from(top[2], &newer);
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 1u);
  ASSERT_EQ(ReplyOf(replies.front().message).versions.size(), 1u);
  EXPECT_EQ(ReplyOf(replies.front().message).versions.front(), newer);
  EXPECT_EQ(ReplyOf(replies.front().message).fastest_replica, top[1]);
  EXPECT_TRUE(env_.OfType(MessageType::kReadRepair).empty());  // still waiting for the third
  EXPECT_TRUE(env_.cancelled.empty());  // answered, but still pending: its timeout stays
  reply_from(top[0], nullptr);
  // All three answered: the get is done and its timeout cancelled.
  ASSERT_EQ(env_.cancelled.size(), 1u);
  EXPECT_EQ(env_.cancelled[0].kind, TimerKind::kGetTimeout);
  EXPECT_EQ(env_.cancelled[0].arg, id);
  const std::vector<Sent> repairs = env_.OfType(MessageType::kReadRepair);
  ASSERT_EQ(repairs.size(), 2u);  // the stale replica and the empty one
  EXPECT_EQ(repairs[0].to, top[1]);
  EXPECT_EQ(repairs[1].to, top[0]);
  EXPECT_EQ(repairs[0].message.As<msg::ReadRepair>().versions.front(), newer);
}

TEST_F(CoordinatorTest, DotsComeFromTheDurableCounterNotFromTheStoredVersions) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  {
    Node node(top[0], config_, env_, durable_);
    Message request = ClientPut(key, 1);
    node.OnMessage(kClient, request);
  }
  ASSERT_EQ(durable_.data.Get(key).size(), 1u);
  EXPECT_EQ(durable_.data.Get(key).front().dot_counter, 1u);
  // The node's version was superseded elsewhere and is gone from its store (here: erased); a
  // restarted node still knows it issued counter 1 for the key.
  durable_.data = VersionedStore();
  Node restarted(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 2);
  restarted.OnMessage(kClient, request);
  ASSERT_EQ(durable_.data.Get(key).size(), 1u);
  EXPECT_EQ(durable_.data.Get(key).front().dot_counter, 2u);
  EXPECT_EQ(durable_.dot_counters.at(key), 2u);
}

TEST_F(CoordinatorTest, ADotBeyondTheDurableCounterIsCaughtBeforeItIsIssuedTwice) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  durable_.clock_actor = 0x80000001u;
  // A version of this actor's with counter 5, which the durable record never issued.
  Version stored{{1}, VectorClock({ClockEntry{durable_.clock_actor, 5, 10}}), 10, top[0]};
  stored.dot_node = durable_.clock_actor;
  stored.dot_counter = 5;
  durable_.data.Put(key, stored, ResolutionMode::kVectorClock);
  Node node(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 2);
  EXPECT_DEATH(node.OnMessage(kClient, request), "issued twice");
}

TEST_F(CoordinatorTest, FewerHealthyTargetsThanWFailAtOnceWithAReply) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  // Every other node is made suspect, so the coordinator alone is one healthy target, fewer
  // than W = 2. Suspicion comes from puts whose replicas stay silent until the timeout.
  Message first = ClientPut(key, 1);
  node.OnMessage(kClient, first);
  node.OnTimer(env_.timers.back());  // put timeout: the other two replicas are suspected
  ASSERT_EQ(env_.OfType(MessageType::kClientReply).size(), 1u);
  // The fourth node is the only stand-in left; make it silent too.
  NodeId fourth = 0;
  while (std::find(top.begin(), top.end(), fourth) != top.end()) ++fourth;
  Message second = ClientPut(key, 2);
  node.OnMessage(kClient, second);
  ASSERT_EQ(env_.OfType(MessageType::kPut).back().to, fourth);
  node.OnTimer(env_.timers.back());
  ASSERT_EQ(env_.OfType(MessageType::kClientReply).size(), 2u);
  // Now every other node is suspected: the next put fails at once, without a timer.
  const size_t timers = env_.timers.size();
  const size_t puts = env_.OfType(MessageType::kPut).size();
  Message third = ClientPut(key, 3);
  node.OnMessage(kClient, third);
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_FALSE(ReplyOf(replies.back().message).ok);
  EXPECT_EQ(replies.back().to, kClient);
  EXPECT_EQ(env_.timers.size(), timers);
  EXPECT_EQ(env_.OfType(MessageType::kPut).size(), puts);
  EXPECT_EQ(node.coordinator().stats().failed_too_few_targets, 1u);
  EXPECT_EQ(node.coordinator().pending(), 0u);
}

TEST_F(CoordinatorTest, AnUnacknowledgedForwardFallsBackToTheNextOfTheTopN) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  NodeId outsider = 0;
  while (std::find(top.begin(), top.end(), outsider) != top.end()) ++outsider;
  Node node(outsider, config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  ASSERT_EQ(env_.OfType(MessageType::kForwardPut).size(), 1u);
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut)[0].to, top[0]);
  ASSERT_EQ(env_.timers.back().kind, TimerKind::kForward);
  node.OnTimer(env_.timers.back());  // top[0] never acknowledged
  ASSERT_EQ(env_.OfType(MessageType::kForwardPut).size(), 2u);
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut)[1].to, top[1]);
  EXPECT_TRUE(node.failure_detector().IsSuspected(top[0]));
  // top[1] acknowledges: its timer then changes nothing.
  EXPECT_TRUE(env_.cancelled.empty());
  Message ack{.request_id = request.request_id, .payload = msg::ForwardAck{kClient}};
  node.OnMessage(top[1], ack);
  EXPECT_EQ(node.forwarder().pending(), 0u);
  // The acknowledged send's timer is cancelled (the first one fired; it is not cancelled again).
  ASSERT_EQ(env_.cancelled.size(), 1u);
  EXPECT_EQ(env_.cancelled[0].kind, TimerKind::kForward);
  EXPECT_EQ(env_.timers.back().kind, TimerKind::kForward);
  node.OnTimer(env_.timers.back());
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut).size(), 2u);
  EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());
  // A later request goes straight to top[1]: the forwarder remembers top[0] is suspected.
  Message next = ClientPut(key, 2);
  node.OnMessage(kClient, next);
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut).back().to, top[1]);
}

TEST_F(CoordinatorTest, AForwardNoCandidateAcknowledgesIsAnsweredWithAFailure) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  NodeId outsider = 0;
  while (std::find(top.begin(), top.end(), outsider) != top.end()) ++outsider;
  Node node(outsider, config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  for (size_t i = 0; i < top.size(); ++i) {
    EXPECT_TRUE(env_.OfType(MessageType::kClientReply).empty());
    node.OnTimer(env_.timers.back());
  }
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut).size(), top.size());
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(ReplyOf(replies.front().message).ok);
  EXPECT_EQ(replies.front().to, kClient);
  EXPECT_EQ(node.forwarder().pending(), 0u);
}

TEST_F(CoordinatorTest, AForwardReachingANodeOutsideTheTopNIsForwardedAgainUntilTheHopLimit) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  NodeId outsider = 0;
  while (std::find(top.begin(), top.end(), outsider) != top.end()) ++outsider;
  Node node(outsider, config_, env_, durable_);
  Message forwarded{5, key, msg::ForwardPut{msg::ClientPut{.reply_to = kClient, .value = {1}}, 1}};
  node.OnMessage(top[2], forwarded);  // a node whose view put `outsider` in the top N
  // Acknowledged to its sender, and forwarded on to the top N instead of coordinated here.
  ASSERT_EQ(env_.OfType(MessageType::kForwardAck).size(), 1u);
  EXPECT_EQ(env_.OfType(MessageType::kForwardAck)[0].to, top[2]);
  ASSERT_EQ(env_.OfType(MessageType::kForwardPut).size(), 1u);
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut)[0].message.As<msg::ForwardPut>().hops, 2u);
  EXPECT_TRUE(env_.OfType(MessageType::kPut).empty());
  EXPECT_TRUE(durable_.dot_counters.empty());
  // At the hop limit it is answered with a failure instead.
  Message exhausted{
      5, key, msg::ForwardPut{msg::ClientPut{.reply_to = kClient, .value = {2}}, kMaxForwardHops}};
  node.OnMessage(top[2], exhausted);
  EXPECT_EQ(env_.OfType(MessageType::kForwardPut).size(), 1u);
  const std::vector<Sent> replies = env_.OfType(MessageType::kClientReply);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(ReplyOf(replies.front().message).ok);
  EXPECT_EQ(replies.front().to, kClient);
  EXPECT_EQ(node.stats().forward_hops_exhausted, 1u);
}

TEST_F(CoordinatorTest, SuspectedNodesArePingedUntilTheyAnswer) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  Node node(top[0], config_, env_, durable_);
  Message request = ClientPut(key, 1);
  node.OnMessage(kClient, request);
  node.OnTimer(env_.timers.back());  // the put times out: top[1] and top[2] are suspected
  ASSERT_TRUE(node.failure_detector().IsSuspected(top[1]));
  // Suspicion does not lapse with time; the probe round pings both.
  env_.now_us += 100 * config_.suspect_after_us;
  EXPECT_TRUE(node.failure_detector().IsSuspected(top[1]));
  node.OnTimer(TimerTag{TimerKind::kProbe, 0});
  const std::vector<Sent> pings = env_.OfType(MessageType::kPing);
  ASSERT_EQ(pings.size(), 2u);
  EXPECT_EQ(pings[0].to, std::min(top[1], top[2]));
  EXPECT_EQ(pings[1].to, std::max(top[1], top[2]));
  Message pong{.payload = msg::PingReply{}};
  node.OnMessage(top[1], pong);
  EXPECT_FALSE(node.failure_detector().IsSuspected(top[1]));
  EXPECT_TRUE(node.failure_detector().IsSuspected(top[2]));
}

TEST_F(CoordinatorTest, AnAnswerFromANodeTheRequestWasNotSentToIsAProgramError) {
  const Key key = 42;
  const Ring::NodeList top = TopN(key);
  NodeId outsider = 0;
  while (std::find(top.begin(), top.end(), outsider) != top.end()) ++outsider;
  Node node(top[0], config_, env_, durable_);
  Message get{9, key, msg::ClientGet{kClient}};
  node.OnMessage(kClient, get);
  Message reply{env_.OfType(MessageType::kGet).front().message.request_id, key, msg::GetReply{}};
  EXPECT_DEATH(node.OnMessage(outsider, reply), "only a node the get was sent to answers it");
  Message put = ClientPut(key, 1);
  node.OnMessage(kClient, put);
  Message ack{env_.OfType(MessageType::kPut).front().message.request_id, key, msg::PutAck{}};
  EXPECT_DEATH(node.OnMessage(outsider, ack), "only a node the put was sent to acknowledges it");
}

}  // namespace
}  // namespace dynamo
