// Primary quorums (cluster.replication.pr / pw, Riak's PR and PW) at a coordinator wired to a
// queue Env: a stand-in's answer counts towards R (W) but never towards PR (PW), and a request
// that cannot reach PR (PW) healthy primaries fails at once.
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "dynamo/coordinator.h"
#include "dynamo/partition_assignment.h"
#include "gtest/gtest.h"
#include "tests/dynamo/queue_env.h"

namespace dynamo {
namespace {

constexpr Key kKey = 11;
constexpr NodeId kClient = 100;

// Five nodes on an equal-partition ring; the coordinator is the key's first owner.
struct Wired {
  explicit Wired(size_t r, size_t pr, size_t w, size_t pw) {
    config.n = 3;
    config.r = r;
    config.pr = pr;
    config.w = w;
    config.pw = pw;
    view.ring().PreferenceList(kKey, 5, &walk);
    self = walk[0];
    env = std::make_unique<QueueEnv>(self, queue);
    disk.clock_actor = self + 1;
    replica = std::make_unique<Replica>(config, *env, disk);
    coordinator = std::make_unique<Coordinator>(self, config, *env, view, *replica, disk, detector);
  }

  // The first message in the queue from `from` to `to`, removed from it.
  std::optional<Wire> Take(NodeId from, NodeId to) {
    for (auto it = queue.begin(); it != queue.end(); ++it) {
      if (it->from == from && it->to == to) {
        Wire wire = std::move(*it);
        queue.erase(it);
        return wire;
      }
    }
    return std::nullopt;
  }

  // The coordinator's answers to the client so far.
  std::vector<msg::ClientReply> Answers() {
    std::vector<msg::ClientReply> answers;
    while (std::optional<Wire> wire = Take(self, kClient)) {
      answers.push_back(wire->message.As<msg::ClientReply>());
    }
    return answers;
  }

  NodeConfig config;
  RingView view{std::make_shared<const Ring>(
      RingParams{PartitionStrategy::kEqualPartitions, 10},
      MembersFromPartitionOwners(std::vector<NodeId>{0, 1, 2, 3, 4, 0, 1, 2, 3, 4}))};
  Ring::NodeList walk;  // every node, in preference order for kKey
  NodeId self = 0;
  std::deque<Wire> queue;
  std::unique_ptr<QueueEnv> env;
  DurableState disk;
  FailureDetector detector{1'000'000};
  std::unique_ptr<Replica> replica;
  std::unique_ptr<Coordinator> coordinator;
};

TEST(PrimaryQuorumTest, AStandInsReplyCountsTowardsRButNotPr) {
  Wired w(/*r=*/1, /*pr=*/2, /*w=*/1, /*pw=*/0);
  const NodeId primary = w.walk[1], suspected = w.walk[2], stand_in = w.walk[3];
  w.detector.Suspect(suspected, 0);
  w.coordinator->Start(1, kKey, msg::ClientGet{.reply_to = kClient});
  std::optional<Wire> to_primary = w.Take(w.self, primary);
  std::optional<Wire> to_stand_in = w.Take(w.self, stand_in);
  ASSERT_TRUE(to_primary && to_stand_in) << "legs to the other primary and the stand-in";
  EXPECT_FALSE(w.Take(w.self, suspected)) << "the suspected owner is replaced, not asked";
  // The coordinator's own (primary) answer: R = 1 is reached, PR = 2 is not.
  std::optional<Wire> local = w.Take(w.self, w.self);
  ASSERT_TRUE(local);
  w.coordinator->OnGetReply(w.self, local->message);
  EXPECT_TRUE(w.Answers().empty());
  // The stand-in's answer is a second reply but not a second primary.
  Message from_stand_in{to_stand_in->message.request_id, kKey, msg::GetReply{}};
  w.coordinator->OnGetReply(stand_in, from_stand_in);
  EXPECT_TRUE(w.Answers().empty());
  Message from_primary{to_primary->message.request_id, kKey, msg::GetReply{}};
  w.coordinator->OnGetReply(primary, from_primary);
  const std::vector<msg::ClientReply> answers = w.Answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_TRUE(answers[0].ok);
}

TEST(PrimaryQuorumTest, WithoutPrTheFirstReplyAnswers) {
  Wired w(/*r=*/1, /*pr=*/0, /*w=*/1, /*pw=*/0);
  w.detector.Suspect(w.walk[2], 0);
  w.coordinator->Start(1, kKey, msg::ClientGet{.reply_to = kClient});
  std::optional<Wire> to_stand_in = w.Take(w.self, w.walk[3]);
  ASSERT_TRUE(to_stand_in);
  Message from_stand_in{to_stand_in->message.request_id, kKey, msg::GetReply{}};
  w.coordinator->OnGetReply(w.walk[3], from_stand_in);
  const std::vector<msg::ClientReply> answers = w.Answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_TRUE(answers[0].ok);
}

TEST(PrimaryQuorumTest, APutShortOfPwHealthyPrimariesFailsAtOnceAndWritesNothing) {
  Wired w(/*r=*/1, /*pr=*/0, /*w=*/1, /*pw=*/2);
  w.detector.Suspect(w.walk[1], 0);
  w.detector.Suspect(w.walk[2], 0);
  w.coordinator->Start(7, kKey, msg::ClientPut{.reply_to = kClient, .value = {42}});
  const std::vector<msg::ClientReply> answers = w.Answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_FALSE(answers[0].ok);
  EXPECT_TRUE(w.queue.empty()) << "no leg is sent";
  EXPECT_EQ(w.coordinator->stats().failed_too_few_targets, 1u);
  EXPECT_EQ(w.coordinator->pending(), 0u);
  EXPECT_TRUE(w.replica->Read(kKey).empty());
}

TEST(PrimaryQuorumTest, APutWaitsForPwPrimaryAcknowledgements) {
  Wired w(/*r=*/1, /*pr=*/0, /*w=*/2, /*pw=*/2);
  const NodeId primary = w.walk[1], stand_in = w.walk[3];
  w.detector.Suspect(w.walk[2], 0);
  w.coordinator->Start(7, kKey, msg::ClientPut{.reply_to = kClient, .value = {42}});
  std::optional<Wire> local = w.Take(w.self, w.self);
  std::optional<Wire> to_primary = w.Take(w.self, primary);
  std::optional<Wire> to_stand_in = w.Take(w.self, stand_in);
  ASSERT_TRUE(local && to_primary && to_stand_in);
  w.coordinator->OnPutAck(w.self, local->message);
  w.coordinator->OnPutAck(stand_in, Message{to_stand_in->message.request_id, kKey, msg::PutAck{}});
  EXPECT_TRUE(w.Answers().empty()) << "W = 2 acknowledgements, one of them from a stand-in";
  w.coordinator->OnPutAck(primary, Message{to_primary->message.request_id, kKey, msg::PutAck{}});
  const std::vector<msg::ClientReply> answers = w.Answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_TRUE(answers[0].ok);
}

TEST(PrimaryQuorumTest, TrackerNeedsBothCounts) {
  QuorumTracker quorum(/*required=*/2, /*primaries_required=*/1, /*targets=*/3);
  EXPECT_TRUE(quorum.Add(5, /*primary=*/false));
  EXPECT_FALSE(quorum.Add(5, /*primary=*/true)) << "a duplicate answer is ignored";
  EXPECT_TRUE(quorum.Add(6, /*primary=*/false));
  EXPECT_FALSE(quorum.Reached());
  EXPECT_EQ(quorum.primaries_answered(), 0u);
  EXPECT_TRUE(quorum.Add(7, /*primary=*/true));
  EXPECT_TRUE(quorum.Reached());
  EXPECT_TRUE(quorum.AllAnswered());
}

}  // namespace
}  // namespace dynamo
