// Hinted handoff's stand-in side against a queue Env: hints whose owner left the ring go to the
// key's current owner (or into the stand-in's own data when it now replicates the key).
#include "dynamo/hinted_handoff.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "dynamo/partition_assignment.h"
#include "gtest/gtest.h"
#include "tests/dynamo/queue_env.h"

namespace dynamo {
namespace {

TEST(HintedHandoffTest, HintsForANodeThatLeftGoToTheKeysCurrentOwner) {
  NodeConfig config;
  config.n = 2;
  const RingParams params{PartitionStrategy::kEqualPartitions, 4};
  // Node 1 has left: the ring is 0, 2, 0, 3. This node (3) holds hints for it.
  RingView view(std::make_shared<const Ring>(
      params, MembersFromPartitionOwners(std::vector<NodeId>{0, 2, 0, 3})));
  std::deque<Wire> queue;
  QueueEnv env(3, queue);
  DurableState disk;
  FailureDetector failure_detector(1'000'000);
  HintedHandoff handoff(3, config, env, disk, failure_detector, view);
  Version version;
  version.value = {7};
  version.clock = VectorClock{{ClockEntry{1, 1, 0}}};
  for (Key key = 0; key < 40; ++key) disk.hints[1].Put(key, version, ResolutionMode::kVectorClock);

  handoff.OnTimer();
  EXPECT_FALSE(disk.hints.contains(1));
  EXPECT_EQ(handoff.stats().hints_refiled, 40u);
  size_t own = 0;
  for (Key key = 0; key < 40; ++key) {
    Ring::NodeList top;
    view.ring().PreferenceList(key, 2, &top);
    if (std::find(top.begin(), top.end(), 3u) != top.end()) {
      EXPECT_TRUE(disk.data.Contains(key)) << "key " << key << ": this node replicates it now";
      ++own;
    } else {
      ASSERT_TRUE(disk.hints.contains(top.front()));
      EXPECT_TRUE(disk.hints.at(top.front()).Contains(key)) << "key " << key;
    }
  }
  EXPECT_GT(own, 0u);
  EXPECT_LT(own, 40u);
  // Offered to members only, never to the node that left.
  ASSERT_FALSE(queue.empty());
  for (const Wire& wire : queue) {
    EXPECT_EQ(wire.message.type(), MessageType::kHintedHandoff);
    EXPECT_NE(wire.to, 1u);
    EXPECT_TRUE(view.ring().HasNode(wire.to));
  }
}

TEST(HintedHandoffTest, WithTheHintToDepartedNodeBugHintsWaitForTheNodeThatLeft) {
  NodeConfig config;
  config.n = 2;
  config.bugs.hint_to_departed_node = true;
  const RingParams params{PartitionStrategy::kEqualPartitions, 4};
  RingView view(std::make_shared<const Ring>(
      params, MembersFromPartitionOwners(std::vector<NodeId>{0, 2, 0, 3})));
  std::deque<Wire> queue;
  QueueEnv env(3, queue);
  DurableState disk;
  FailureDetector failure_detector(1'000'000);
  HintedHandoff handoff(3, config, env, disk, failure_detector, view);
  Version version;
  version.value = {7};
  disk.hints[1].Put(5, version, ResolutionMode::kVectorClock);
  handoff.OnTimer();
  EXPECT_TRUE(disk.hints.contains(1));
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.front().to, 1u);
}

}  // namespace
}  // namespace dynamo
