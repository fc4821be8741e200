// Sloppy quorum and hinted handoff (paper section 4.6) across a whole cluster: one owner of a key
// crashes; puts keep reaching W through a stand-in that keeps hints; after the restart the hints
// reach the owner and are deleted. With hinted handoff off the owner never gets those writes
// (read repair and anti-entropy are off too, so nothing else repairs it).
#include "gtest/gtest.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// Registers on one key, written only while the owner is down (workload stops at 6s, the owner
// restarts at 7s). Client-driven coordination keeps the key's first owner as coordinator.
std::string Scenario(bool hinted_handoff) {
  return std::string(R"({"name": "hh", "duration": "8s", "quiesce": "10s",
    "cluster": {"nodes": 5, "coordination": "client", "read_repair": false,
                "anti_entropy": {"enabled": false},
                "hinted_handoff": {"enabled": )") +
         (hinted_handoff ? "true" : "false") + R"(}},
    "workload": {"clients": 2, "keys": 1, "read_modify_write": false, "start": "1500ms",
                 "stop": "6s", "think_time": "20ms"}})";
}

struct Owners {
  dynamo::NodeId first;
  dynamo::NodeId crashed;  // the third of the top N
};

Owners CrashThirdOwner(LiveCluster& live) {
  dynamo::Ring::NodeList top;
  live.cluster().ring().PreferenceList(0, 3, &top);
  const Owners owners{top[0], top[2]};
  live.cluster().scheduler().ScheduleAt(1 * kSecond,
                                        [&live, owners] { live.cluster().processes().Crash(owners.crashed); });
  live.cluster().scheduler().ScheduleAt(7 * kSecond,
                                        [&live, owners] { live.cluster().processes().Restart(owners.crashed); });
  return owners;
}

uint64_t HintsHeldFor(LiveCluster& live, dynamo::NodeId owner) {
  uint64_t held = 0;
  for (size_t node = 0; node < live.cluster().node_count(); ++node) {
    auto it = live.disk(node).hints.find(owner);
    if (it != live.disk(node).hints.end()) held += it->second.size();
  }
  return held;
}

TEST(HintedHandoffTest, StandInHoldsHintAndDeliversItAfterRestart) {
  LiveCluster live(ScenarioFromJson(Scenario(true)), 1);
  const Owners owners = CrashThirdOwner(live);
  live.RunUntil(6 * kSecond);
  // Every put succeeded although one of three owners was down (W = 2).
  uint64_t puts = 0;
  for (const Op& op : live.cluster().history().ops()) {
    if (op.type != OpType::kPut || op.status == OpStatus::kPending) continue;
    ++puts;
    EXPECT_EQ(op.status, OpStatus::kOk) << "put " << op.id;
  }
  EXPECT_GT(puts, 50u);
  EXPECT_EQ(HintsHeldFor(live, owners.crashed), 1u);  // one key, hinted by its stand-in
  EXPECT_TRUE(live.disk(owners.crashed).data.Get(0).empty());

  live.RunToEnd();
  EXPECT_EQ(HintsHeldFor(live, owners.crashed), 0u);  // delivered and deleted
  EXPECT_FALSE(live.disk(owners.crashed).data.Get(0).empty());
  EXPECT_EQ(live.disk(owners.crashed).data.Digest(0), live.disk(owners.first).data.Digest(0));
  uint64_t delivered = 0;
  for (size_t node = 0; node < live.cluster().node_count(); ++node) {
    delivered += live.cluster().host(node).node()->hinted_handoff().stats().hints_delivered;
  }
  EXPECT_GE(delivered, 1u);
}

TEST(HintedHandoffTest, WithoutHandoffTheOwnerNeverReceivesTheWrites) {
  LiveCluster live(ScenarioFromJson(Scenario(false)), 1);
  const Owners owners = CrashThirdOwner(live);
  live.RunToEnd();
  EXPECT_EQ(HintsHeldFor(live, owners.crashed), 1u);  // kept, never delivered
  EXPECT_TRUE(live.disk(owners.crashed).data.Get(0).empty());
  EXPECT_FALSE(live.disk(owners.first).data.Get(0).empty());
}

TEST(HintedHandoffTest, StrictQuorumAsksTheDownOwnerAndKeepsNoHints) {
  scenario::Scenario strict = ScenarioFromJson(Scenario(true));
  strict.cluster.sloppy_quorum = false;
  LiveCluster live(strict, 1);
  const Owners owners = CrashThirdOwner(live);
  live.RunToEnd();
  EXPECT_EQ(HintsHeldFor(live, owners.crashed), 0u);
  EXPECT_TRUE(live.disk(owners.crashed).data.Get(0).empty());
}

}  // namespace
}  // namespace sim
