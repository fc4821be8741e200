// GetRound's answer and read repairs (dynamo/get_round.h) against their definitions: the answer
// is SyntacticReconcile over every reply's versions in arrival order, and a primary is repaired
// exactly when its reply's digest differs from that answer's. Replies that each hold the same
// single version take a shortcut (no copy of every reply, no reconciliation); these tests hold
// it to the same results, including versions that are equal but for their value, which
// reconciliation treats as one write (equal clocks, or an LWW tie).
#include "dynamo/get_round.h"

#include <vector>

#include "dynamo/bugs.h"
#include "dynamo/reconcile.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

Version Make(Value value, VectorClock clock, TimeUs lww_us, NodeId writer) {
  return Version{std::move(value), std::move(clock), lww_us, writer};
}

// Replies to pick from: one version alone (twice, as separate but equal copies), a concurrent
// one, both, none, and look-alikes that differ only in value (same clock and LWW stamp).
std::vector<Siblings> ReplyPool() {
  const Version a = Make({1}, VectorClock{{1, 1, 100}}, 100, 1);
  const Version a_copy = Make({1}, VectorClock{{1, 1, 100}}, 100, 1);
  const Version b = Make({2}, VectorClock{{2, 1, 200}}, 200, 2);
  const Version a_other_value = Make({3}, VectorClock{{1, 1, 100}}, 100, 1);
  const Version a_descendant = Make({4}, VectorClock{{1, 2, 300}}, 300, 1);
  return {Siblings{a},        Siblings{a_copy}, Siblings{b},
          SyntacticReconcile({a, b}, ResolutionMode::kVectorClock),
          Siblings{},         Siblings{a_other_value}, Siblings{a_descendant}};
}

TEST(GetRoundTest, AnswerAndRepairsAreTheirDefinitionsForEveryMixOfReplies) {
  const std::vector<Siblings> pool = ReplyPool();
  const ReplicaTargets targets = {{1, false, 1}, {2, false, 2}, {3, true, 9}};
  int rounds = 0;
  int shortcut_rounds = 0;
  for (ResolutionMode mode : {ResolutionMode::kVectorClock, ResolutionMode::kLastWriteWins}) {
    for (size_t i = 0; i < pool.size(); ++i) {
      for (size_t j = 0; j < pool.size(); ++j) {
        for (size_t k = 0; k < pool.size(); ++k) {
          const std::vector<Siblings> replies = {pool[i], pool[j], pool[k]};
          // LWW keeps one version a key: its replicas never hold two.
          bool valid = true;
          for (const Siblings& reply : replies) {
            valid = valid && !(mode == ResolutionMode::kLastWriteWins && reply.size() > 1);
          }
          if (!valid) continue;
          GetRound round(/*key=*/7, /*r=*/2, /*pr=*/1, targets);
          std::vector<Version> all;
          for (size_t t = 0; t < replies.size(); ++t) {
            ASSERT_TRUE(round.Add(targets[t].node, replies[t]));
            all.insert(all.end(), replies[t].begin(), replies[t].end());
          }
          const Siblings expected = SyntacticReconcile(all, mode);
          const msg::ClientReply answer = ReconciledAnswer(round, mode, Bugs{}, /*coordinator=*/1);
          EXPECT_EQ(answer.versions, expected) << i << " " << j << " " << k;
          const auto repairs = ReadRepairs(round, mode, Bugs{});
          std::vector<NodeId> repaired;
          for (const auto& [node, repair] : repairs) {
            repaired.push_back(node);
            EXPECT_EQ(repair.versions, expected);
          }
          std::vector<NodeId> owed;
          for (size_t t = 0; t < replies.size(); ++t) {
            if (!targets[t].stand_in && SiblingsDigest(replies[t]) != SiblingsDigest(expected)) {
              owed.push_back(targets[t].node);
            }
          }
          EXPECT_EQ(repaired, owed) << i << " " << j << " " << k;
          ++rounds;
          shortcut_rounds += replies[0].size() == 1 && replies[0] == replies[1] &&
                             replies[1] == replies[2];
        }
      }
    }
  }
  EXPECT_GT(rounds, 500);
  EXPECT_GT(shortcut_rounds, 10);  // the shortcut was taken, and checked
}

}  // namespace
}  // namespace dynamo
