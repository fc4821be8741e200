// The final read that decides `no_lost_writes`: each key read from its replicas only (their data
// and write buffers, dynamo/replica_versions.h), merged as a get with R = N merges its replies.
// Hints and copies on nodes that are not replicas are not read, so an acknowledged item that lives
// only there is reported lost.
#include <algorithm>
#include <array>
#include <vector>

#include "dynamo/durable_state.h"
#include "dynamo/replica_versions.h"
#include "gtest/gtest.h"
#include "sim/analysis/key_replicas.h"
#include "sim/analysis/lost_writes.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::Clock;
using testing::HistoryBuilder;
using testing::MakeVersion;

constexpr dynamo::ResolutionMode kClocks = dynamo::ResolutionMode::kVectorClock;

// Four nodes; keys 1 and 2 are replicated on nodes 0, 1 and 2 (node 3 is not a replica).
struct Nodes {
  std::array<dynamo::DurableState, 4> disk;
  std::array<dynamo::VersionedStore, 4> buffer;

  absl::btree_map<dynamo::Key, dynamo::Siblings> FinalRead() const {
    std::vector<KeyReplicas> keys(2);
    keys[0].key = 1;
    keys[0].replicas = {0, 1, 2};
    keys[1].key = 2;
    keys[1].replicas = {0, 1, 2};
    return ReadEveryReplica(
        keys,
        [this](dynamo::NodeId node, dynamo::Key key, dynamo::Siblings& scratch) {
          return dynamo::ReplicaVersions(disk[node].data, &buffer[node], key, kClocks, scratch);
        },
        kClocks);
  }
};

std::vector<std::vector<uint64_t>> Values(const dynamo::Siblings& versions) {
  std::vector<std::vector<uint64_t>> values;
  for (const dynamo::Version& version : versions) {
    values.emplace_back(version.value.begin(), version.value.end());
  }
  std::sort(values.begin(), values.end());
  return values;
}

TEST(FinalReadTest, ReadsReplicasDataAndBuffersButNotHintsOrNonReplicas) {
  Nodes nodes;
  // Key 1: four concurrent cart adds, each acknowledged, each held in one place.
  nodes.disk[0].data.Put(1, MakeVersion({101}, Clock({{10, 1}})), kClocks);  // replica's data
  nodes.disk[3].data.Put(1, MakeVersion({102}, Clock({{11, 1}})), kClocks);  // non-replica
  nodes.disk[1].hints[2].Put(1, MakeVersion({103}, Clock({{12, 1}})), kClocks);  // hint on a replica
  nodes.buffer[2].Put(1, MakeVersion({104}, Clock({{13, 1}})), kClocks);  // replica's buffer
  // Key 2: its only copy is a hint a non-replica holds for replica 0.
  nodes.disk[3].hints[0].Put(2, MakeVersion({201}, Clock({{10, 1}})), kClocks);

  const absl::btree_map<dynamo::Key, dynamo::Siblings> final_read = nodes.FinalRead();
  ASSERT_EQ(final_read.size(), 1u);  // no replica holds key 2
  ASSERT_TRUE(final_read.contains(1));
  EXPECT_EQ(Values(final_read.at(1)),
            (std::vector<std::vector<uint64_t>>{{101}, {104}}));

  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 1, 6);
  b.Put(1, 103, 2, 7);
  b.Put(1, 104, 3, 8);
  b.Put(2, 201, 4, 9);
  RunResult result;
  result.history = b.history();
  result.carts = true;
  result.sim_time_us = 100 * kMillisecond;
  result.final_versions = final_read;
  const LostWritesReport report = ComputeLostWrites(result);
  EXPECT_EQ(report.acknowledged_puts, 5u);
  EXPECT_EQ(report.lost_writes, 3u);
  ASSERT_EQ(report.lost.size(), 3u);
  EXPECT_EQ(report.lost[0].key, 1u);
  EXPECT_EQ(report.lost[0].item, 102u);  // only on a non-replica
  EXPECT_EQ(report.lost[1].key, 1u);
  EXPECT_EQ(report.lost[1].item, 103u);  // only in a hint
  EXPECT_EQ(report.lost[2].key, 2u);
  EXPECT_EQ(report.lost[2].item, 201u);  // only in a hint on a non-replica

  // Once the protocol has moved them onto a replica (hinted handoff, range transfer), they count.
  nodes.disk[2].data.Put(1, MakeVersion({103}, Clock({{12, 1}})), kClocks);
  nodes.disk[0].data.Put(2, MakeVersion({201}, Clock({{10, 1}})), kClocks);
  nodes.buffer[1].Put(1, MakeVersion({102}, Clock({{11, 1}})), kClocks);
  result.final_versions = nodes.FinalRead();
  EXPECT_EQ(Values(result.final_versions.at(1)),
            (std::vector<std::vector<uint64_t>>{{101}, {102}, {103}, {104}}));
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FinalReadTest, MergesReplicasAsAGetDoesNewerVersionsReplaceOlderOnes) {
  Nodes nodes;
  // Replica 0 holds an older version durably, replica 1 a newer one in its buffer only: the read
  // returns the newer one alone, as the coordinator's syntactic reconciliation would.
  nodes.disk[0].data.Put(1, MakeVersion({101}, Clock({{10, 1}})), kClocks);
  nodes.buffer[1].Put(1, MakeVersion({101, 102}, Clock({{10, 2}})), kClocks);
  const auto final_read = nodes.FinalRead();
  ASSERT_TRUE(final_read.contains(1));
  EXPECT_EQ(Values(final_read.at(1)), (std::vector<std::vector<uint64_t>>{{101, 102}}));
  // A node's own versions: data and buffer reconciled, the buffer's newer one wins.
  nodes.buffer[0].Put(1, MakeVersion({101, 103}, Clock({{10, 3}})), kClocks);
  EXPECT_EQ(Values(dynamo::ReplicaVersions(nodes.disk[0].data, &nodes.buffer[0], 1, kClocks)),
            (std::vector<std::vector<uint64_t>>{{101, 103}}));
  EXPECT_EQ(Values(dynamo::ReplicaVersions(nodes.disk[0].data, nullptr, 1, kClocks)),
            (std::vector<std::vector<uint64_t>>{{101}}));
}

}  // namespace
}  // namespace sim
