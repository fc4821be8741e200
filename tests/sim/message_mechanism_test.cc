// The kind -> mechanism table (sim/analysis/message_mechanism.h): every message type has exactly
// the mechanism the issue assigns it, names round-trip, and traffic is summed per mechanism.
#include "sim/analysis/message_mechanism.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace sim {
namespace {

using dynamo::MessageType;

TEST(MessageMechanismTest, EveryMessageTypeHasAMechanismWithAName) {
  std::set<std::string> used;
  for (int type = 0; type < dynamo::kMessageTypeCount; ++type) {
    const Mechanism mechanism = MechanismOf(static_cast<MessageType>(type));
    ASSERT_LT(static_cast<int>(mechanism), kMechanismCount) << type;
    used.emplace(MechanismName(mechanism));
    // Looking up by kind name gives the same mechanism.
    EXPECT_EQ(MechanismOfKind(dynamo::MessageTypeName(static_cast<MessageType>(type))), mechanism);
  }
  // Every mechanism sends something.
  EXPECT_EQ(used.size(), static_cast<size_t>(kMechanismCount));
}

TEST(MessageMechanismTest, TheTableIsExactlyTheIssuesGrouping) {
  const std::pair<const char*, const char*> expected[] = {
      {"client_get", "client"},           {"client_put", "client"},
      {"client_reply", "client"},         {"forward_get", "coordination"},
      {"forward_put", "coordination"},    {"get", "replication"},
      {"get_reply", "replication"},       {"put", "replication"},
      {"put_ack", "replication"},         {"read_repair", "read_repair"},
      {"hinted_handoff", "hinted_handoff"}, {"hinted_handoff_ack", "hinted_handoff"},
      {"merkle_root", "merkle"},          {"merkle_nodes", "merkle"},
      {"merkle_keys", "merkle"},          {"repair_push", "merkle"},
      {"gossip", "gossip"},               {"gossip_reply", "gossip"},
      {"membership_change", "gossip"},    {"membership_reply", "gossip"},
      {"range_transfer", "range_transfer"}, {"range_transfer_ack", "range_transfer"},
      {"forward_ack", "coordination"},    {"ping", "gossip"},
      {"ping_reply", "gossip"},
  };
  ASSERT_EQ(std::size(expected), static_cast<size_t>(dynamo::kMessageTypeCount));
  for (const auto& [kind, mechanism] : expected) {
    const std::optional<Mechanism> found = MechanismOfKind(kind);
    ASSERT_TRUE(found.has_value()) << kind;
    EXPECT_EQ(MechanismName(*found), mechanism) << kind;
  }
  EXPECT_FALSE(MechanismOfKind("telepathy").has_value());
  EXPECT_FALSE(MechanismOfKind("").has_value());
}

TEST(MessageMechanismTest, TrafficIsSummedPerMechanismInEnumOrder) {
  const std::vector<MessageTraffic> by_kind = {{"get", 10, 400},        {"put_ack", 5, 160},
                                               {"merkle_keys", 2, 90},  {"repair_push", 1, 60},
                                               {"client_reply", 7, 70}, {"odd", 1, 1}};
  const std::vector<MessageTraffic> totals = TrafficByMechanism(by_kind);
  ASSERT_EQ(totals.size(), static_cast<size_t>(kMechanismCount) + 1);
  EXPECT_EQ(totals[0].kind, "client");
  EXPECT_EQ(totals[0].count, 7u);
  EXPECT_EQ(totals[2].kind, "replication");
  EXPECT_EQ(totals[2].count, 15u);
  EXPECT_EQ(totals[2].bytes, 560u);
  EXPECT_EQ(totals[5].kind, "merkle");
  EXPECT_EQ(totals[5].count, 3u);
  EXPECT_EQ(totals[5].bytes, 150u);
  EXPECT_EQ(totals[7].kind, "range_transfer");
  EXPECT_EQ(totals[7].count, 0u);
  EXPECT_EQ(totals[8].kind, "other");
  EXPECT_EQ(totals[8].bytes, 1u);
  // Without unknown kinds there is no "other" entry.
  EXPECT_EQ(TrafficByMechanism({{"gossip", 1, 1}}).size(), static_cast<size_t>(kMechanismCount));
}

}  // namespace
}  // namespace sim
