// The kind names (message_kind_names.h) are in MessageType order and distinct: the scenario
// loader accepts exactly them in network.by_message, and the network registers them by type.
#include <set>
#include <string_view>

#include "dynamo/message.h"
#include "dynamo/message_kind_names.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

TEST(MessageKindNamesTest, NameEveryTypeInEnumOrder) {
  EXPECT_EQ(MessageTypeName(MessageType::kClientGet), "client_get");
  EXPECT_EQ(MessageTypeName(MessageType::kGetReply), "get_reply");
  EXPECT_EQ(MessageTypeName(MessageType::kPutAck), "put_ack");
  EXPECT_EQ(MessageTypeName(MessageType::kHintedHandoffAck), "hinted_handoff_ack");
  EXPECT_EQ(MessageTypeName(MessageType::kGossip), "gossip");
  EXPECT_EQ(MessageTypeName(MessageType::kRangeTransferAck), "range_transfer_ack");
  EXPECT_EQ(MessageTypeName(MessageType::kCount), "unknown");
  std::set<std::string_view> distinct(kMessageKindNames.begin(), kMessageKindNames.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kMessageTypeCount));
  for (std::string_view name : kMessageKindNames) EXPECT_FALSE(name.empty());
}

}  // namespace
}  // namespace dynamo
