// Ablation (sim/ablation.h) on the shipped disk-wipe scenario: n2's disk is wiped after the
// workload stops, so only repair can rebuild it. With anti-entropy and read repair both off the
// replicas never converge and no Merkle byte is sent; with everything on they converge and
// Merkle traffic is what did it. Also: each variant is the scenario plus exactly its overrides.
#include "sim/ablation.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace sim {
namespace {

const std::string kDiskWipe = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/disk-wipe.json";
const std::string kLwwSkew = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/lww-clock-skew.json";

const AblationPlan& Plan(const std::vector<AblationPlan>& plans, const std::string& id) {
  for (const AblationPlan& plan : plans) {
    if (plan.variant.id == id) return plan;
  }
  ADD_FAILURE() << "no variant " << id;
  return plans.front();
}

TEST(AblationTest, EveryVariantSwitchesOffExactlyItsMechanism) {
  const absl::StatusOr<std::vector<AblationPlan>> plans = LoadAblation(kDiskWipe, {});
  ASSERT_TRUE(plans.ok()) << plans.status();
  ASSERT_EQ(plans->size(), 7u);
  EXPECT_EQ(plans->front().variant.id, "full");
  const scenario::Cluster& full = plans->front().scenario.cluster;
  EXPECT_TRUE(full.sloppy_quorum && full.read_repair && full.anti_entropy.enabled &&
              full.hinted_handoff.enabled);
  EXPECT_FALSE(Plan(*plans, "no_sloppy_quorum").scenario.cluster.sloppy_quorum);
  EXPECT_FALSE(Plan(*plans, "no_hinted_handoff").scenario.cluster.hinted_handoff.enabled);
  EXPECT_FALSE(Plan(*plans, "no_read_repair").scenario.cluster.read_repair);
  EXPECT_TRUE(Plan(*plans, "no_read_repair").scenario.cluster.anti_entropy.enabled);
  EXPECT_FALSE(Plan(*plans, "no_anti_entropy").scenario.cluster.anti_entropy.enabled);
  EXPECT_TRUE(Plan(*plans, "no_anti_entropy").scenario.cluster.read_repair);
  const scenario::Cluster& both = Plan(*plans, "no_anti_entropy_read_repair").scenario.cluster;
  EXPECT_FALSE(both.anti_entropy.enabled);
  EXPECT_FALSE(both.read_repair);
  EXPECT_EQ(Plan(*plans, "last_write_wins").scenario.cluster.conflict_resolution,
            scenario::ConflictResolution::kLastWriteWins);
  for (const AblationPlan& plan : *plans) EXPECT_FALSE(plan.same_as_full) << plan.variant.id;
}

TEST(AblationTest, AVariantTheScenarioAlreadyHasIsMarkedSameAsFull) {
  // lww-clock-skew already resolves by last-write-wins.
  const absl::StatusOr<std::vector<AblationPlan>> plans = LoadAblation(kLwwSkew, {});
  ASSERT_TRUE(plans.ok()) << plans.status();
  EXPECT_TRUE(Plan(*plans, "last_write_wins").same_as_full);
  EXPECT_FALSE(Plan(*plans, "no_read_repair").same_as_full);
}

TEST(AblationTest, BadUserOverrideFailsBeforeAnythingRuns) {
  const absl::StatusOr<std::vector<AblationPlan>> plans =
      LoadAblation(kDiskWipe, {"cluster.replication.r=9"});
  ASSERT_FALSE(plans.ok());
  EXPECT_NE(plans.status().message().find("/cluster/replication/r"), std::string::npos)
      << plans.status();
  EXPECT_FALSE(LoadAblation("/nonexistent.json", {}).ok());
}

TEST(AblationTest, DiskWipeConvergesOnlyWithRepairAndMerkleBytesShowIt) {
  const absl::StatusOr<std::vector<AblationPlan>> plans = LoadAblation(kDiskWipe, {});
  ASSERT_TRUE(plans.ok()) << plans.status();
  const uint64_t seed = plans->front().scenario.seed;

  const absl::StatusOr<nlohmann::json> full =
      RunAblationVariant(Plan(*plans, "full").scenario, seed, {});
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_TRUE((*full)["consistency"]["converged"].get<bool>());
  EXPECT_TRUE((*full)["passed"].get<bool>());
  EXPECT_GT((*full)["messages"]["by_mechanism"]["merkle"]["bytes"].get<uint64_t>(), 0u);
  EXPECT_GT((*full)["repair"]["keys_repaired"].get<uint64_t>(), 0u);

  const absl::StatusOr<nlohmann::json> off =
      RunAblationVariant(Plan(*plans, "no_anti_entropy_read_repair").scenario, seed, {});
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_FALSE((*off)["consistency"]["converged"].get<bool>());
  EXPECT_FALSE((*off)["passed"].get<bool>());
  EXPECT_EQ((*off)["messages"]["by_mechanism"]["merkle"],
            nlohmann::json::parse(R"({"count": 0, "bytes": 0})"));
  EXPECT_EQ((*off)["messages"]["by_mechanism"]["read_repair"]["bytes"].get<uint64_t>(), 0u);
  // Nothing acknowledged is lost either way: the other replicas still hold every write.
  EXPECT_EQ((*off)["consistency"]["lost_writes"].get<uint64_t>(), 0u);
  // Same seed, different configuration: a different run.
  EXPECT_NE((*full)["digest"], (*off)["digest"]);
  EXPECT_EQ((*full)["wall_time_s"], 0.0);  // the library does not time runs
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// tools/make-results ablates partition-heal because, unlike disk-wipe, it exercises sloppy
// quorum and hinted handoff: a partition with clients on both sides puts writes on stand-ins,
// which hold hints until the heal. Switching either off must change the run (another digest),
// or the shipped ablation would again say nothing about them. Quiesce is shortened (hints are
// delivered within a few seconds of the heal); the partition window is the scenario's.
TEST(AblationTest, PartitionHealExercisesSloppyQuorumAndHintedHandoff) {
  const std::string path = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/partition-heal.json";
  const absl::StatusOr<std::vector<AblationPlan>> plans =
      LoadAblation(path, {"quiesce=5s"});
  ASSERT_TRUE(plans.ok()) << plans.status();
  const absl::StatusOr<nlohmann::json> full =
      RunAblationVariant(Plan(*plans, "full").scenario, 1, {});
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_GT((*full)["repair"]["hints_stored"].get<int>(), 0);
  EXPECT_GT((*full)["repair"]["hints_delivered"].get<int>(), 0);
  for (const char* id : {"no_sloppy_quorum", "no_hinted_handoff"}) {
    const absl::StatusOr<nlohmann::json> variant =
        RunAblationVariant(Plan(*plans, id).scenario, 1, {});
    ASSERT_TRUE(variant.ok()) << variant.status();
    EXPECT_NE((*variant)["digest"], (*full)["digest"]) << id;
    EXPECT_EQ((*variant)["repair"]["hints_delivered"], 0) << id;
  }
}

}  // namespace
}  // namespace sim
