// Typed messages: a message's kind is its payload's type, each kind's name is the one reports and
// network.by_message use, and the modelled size counts exactly the fields the kind carries
// (docs/size-model.md).
#include "dynamo/message.h"

#include "dynamo/message_kind_names.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

constexpr uint32_t kHeaderAndKey = 32 + 8;

Version TwoItemVersion() {
  Version version;
  version.value = {3, 7};
  version.clock = VectorClock({ClockEntry{1, 4, 100}});
  version.dot_node = 1;
  version.dot_counter = 4;
  return version;
}

TEST(MessageTest, TheKindIsThePayloadTypeAndNamesFollowTheEnum) {
  EXPECT_EQ(Message{.payload = msg::ClientGet{}}.type(), MessageType::kClientGet);
  EXPECT_EQ(Message{.payload = msg::Put{}}.type(), MessageType::kPut);
  EXPECT_EQ(Message{.payload = msg::MerkleKeys{}}.type(), MessageType::kMerkleKeys);
  EXPECT_EQ(Message{.payload = msg::PingReply{}}.type(), MessageType::kPingReply);
  EXPECT_EQ(Message{}.type(), MessageType::kClientGet);  // a default message is an empty get
  for (int type = 0; type < kMessageTypeCount; ++type) {
    EXPECT_EQ(MessageTypeName(static_cast<MessageType>(type)), kMessageKindNames[type]);
  }
  EXPECT_EQ(MessageTypeName(MessageType::kMerkleRoot), "merkle_root");
  EXPECT_EQ(MessageTypeName(MessageType::kForwardAck), "forward_ack");
}

TEST(MessageTest, ReadingAMessageAsAnotherKindIsAProgramError) {
  const Message put{.payload = msg::Put{}};
  EXPECT_EQ(put.As<msg::Put>().durable_write, false);
  EXPECT_DEATH(put.As<msg::Get>(), "message read as a kind it is not");
  // merkle_root and merkle_nodes share their fields but are distinct kinds.
  const Message root{.payload = msg::MerkleRoot{}};
  EXPECT_DEATH(root.As<msg::MerkleNodes>(), "message read as a kind it is not");
}

TEST(MessageTest, ClientOfFindsTheClientThroughForwards) {
  EXPECT_EQ(ClientOf(Message{.payload = msg::ClientGet{7}}), 7u);
  EXPECT_EQ(ClientOf(Message{.payload = msg::ClientPut{.reply_to = 8}}), 8u);
  EXPECT_EQ(ClientOf(Message{.payload = msg::ForwardGet{msg::ClientGet{9}, 2}}), 9u);
  EXPECT_EQ(ClientOf(Message{.payload = msg::ForwardPut{msg::ClientPut{.reply_to = 10}, 1}}),
            10u);
  EXPECT_DEATH(ClientOf(Message{.payload = msg::GetReply{}}), "only a client request");
}

TEST(MessageTest, ModelledBytesCountWhatEachKindCarries) {
  // Nothing beyond header and key.
  for (const Payload& payload :
       {Payload(msg::ClientGet{}), Payload(msg::PutAck{}), Payload(msg::Ping{}),
        Payload(msg::ForwardAck{}), Payload(msg::RangeTransferAck{}),
        Payload(msg::HintedHandoffAck{.digest = 5})}) {
    EXPECT_EQ(ModelledBytes(Message{.payload = payload}), kHeaderAndKey);
  }
  // A version: 8 per item, 16 per clock entry, 8 for its LWW timestamp.
  const uint32_t version = 2 * 8 + 16 + 8;
  EXPECT_EQ(ModelledBytes(Message{.payload = msg::Put{.version = TwoItemVersion()}}),
            kHeaderAndKey + version);
  // A hinted get or put names its intended owner: 8 more.
  EXPECT_EQ(ModelledBytes(Message{
                .payload = msg::Put{.version = TwoItemVersion(), .hint_for = NodeId{3}}}),
            kHeaderAndKey + version + 8);
  EXPECT_EQ(ModelledBytes(Message{.payload = msg::Get{.hint_for = NodeId{3}}}), kHeaderAndKey + 8);
  EXPECT_EQ(ModelledBytes(Message{.payload = msg::ReadRepair{{TwoItemVersion(), TwoItemVersion()}}}),
            kHeaderAndKey + 2 * version);
  // A put's read context: 16 per clock entry and per extra dot; a blind put has none.
  msg::ClientPut put{.reply_to = 1, .value = {1, 2, 3}};
  EXPECT_EQ(ModelledBytes(Message{.payload = put}), kHeaderAndKey + 3 * 8);
  put.context = Context{VectorClock({ClockEntry{1, 2, 0}, ClockEntry{2, 1, 0}}), {Dot{3, 5}}};
  EXPECT_EQ(ModelledBytes(Message{.payload = put}), kHeaderAndKey + 3 * 8 + 3 * 16);
  EXPECT_EQ(ModelledBytes(Message{.payload = msg::ForwardPut{put, 1}}),
            kHeaderAndKey + 3 * 8 + 3 * 16);
  // Membership: 12 per generation, 12 for a ring version, 4 per member and 8 per token.
  msg::Gossip gossip{{{1, 2}, {2, 1}}, RingState{3, 1, {}}};
  EXPECT_EQ(ModelledBytes(Message{.payload = gossip}), kHeaderAndKey + 2 * 12 + 12);
  gossip.ring.members = {RingMember{1, {10, 20}}, RingMember{2, {30}}};
  EXPECT_EQ(ModelledBytes(Message{.payload = gossip}),
            kHeaderAndKey + 2 * 12 + 12 + 2 * 4 + 3 * 8);
  EXPECT_EQ(ModelledBytes(Message{.payload = msg::MembershipChange{
                                      MembershipChangeKind::kJoin, RingMember{4, {5, 6}}}}),
            kHeaderAndKey + 4 + 2 * 8);
  EXPECT_EQ(ModelledBytes(Message{.payload = msg::MembershipChange{MembershipChangeKind::kLeave}}),
            kHeaderAndKey);
}

}  // namespace
}  // namespace dynamo
