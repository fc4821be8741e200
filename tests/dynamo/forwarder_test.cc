// The entry node's forwards (dynamo/forwarder.h), driven by hand through QueueEnv: each forward
// goes to its first unsuspected candidate, an acknowledgement ends the oldest matching forward,
// a timeout falls back to the next candidate (suspecting the silent one) and, with none left,
// answers the client with a failure; a late timer of an ended forward does nothing. Checked
// against a plain model of the forwards, over hundreds of forwards (the forwarder's buffer grows
// and wraps) whose acknowledgements and timeouts come in a scrambled order.
#include "dynamo/forwarder.h"

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "dynamo/coordinator.h"
#include "gtest/gtest.h"
#include "tests/dynamo/queue_env.h"

namespace dynamo {
namespace {

constexpr NodeId kSelf = 1;

Message Forward(uint64_t request_id, NodeId client) {
  return MakeMessage<msg::ForwardGet>(request_id, /*key=*/request_id % 7,
                                      msg::ClientGet{client}, uint32_t{1});
}

Message Ack(uint64_t request_id, NodeId client) {
  return MakeMessage<msg::ForwardAck>(request_id, /*key=*/request_id % 7, client);
}

class ForwarderTest : public ::testing::Test {
 protected:
  ForwarderTest()
      : env_(kSelf, wire_), detector_(1'000'000), forwarder_(kSelf, config_, env_, detector_) {}

  // The message just sent: pops it and checks where it went.
  Message Sent(NodeId to) {
    EXPECT_FALSE(wire_.empty());
    Wire wire = std::move(wire_.front());
    wire_.pop_front();
    EXPECT_EQ(wire.to, to);
    return std::move(wire.message);
  }

  std::deque<Wire> wire_;
  NodeConfig config_;
  QueueEnv env_;
  FailureDetector detector_;
  Forwarder forwarder_;
};

TEST_F(ForwarderTest, AckEndsAForwardAndATimeoutFallsBackThenFails) {
  forwarder_.Forward(Forward(10, 100), std::vector<NodeId>{2, 3});
  EXPECT_EQ(Sent(2).request_id, 10u);
  ASSERT_EQ(env_.timers.size(), 1u);
  EXPECT_EQ(env_.timers[0].delay_us, ForwardTimeoutUs(config_));
  forwarder_.Forward(Forward(11, 100), std::vector<NodeId>{2, 3});
  EXPECT_EQ(Sent(2).request_id, 11u);
  EXPECT_EQ(forwarder_.pending(), 2u);

  // 2 acknowledges request 11: that forward ends, its timer is cancelled.
  forwarder_.OnAck(2, Ack(11, 100));
  EXPECT_EQ(forwarder_.pending(), 1u);
  ASSERT_EQ(env_.cancelled.size(), 1u);
  EXPECT_EQ(env_.cancelled[0].arg, env_.timers[1].tag.arg);
  // Its timer, had it fired anyway, does nothing; an ack from a node it did not go to neither.
  forwarder_.OnTimer(env_.timers[1].tag);
  forwarder_.OnAck(3, Ack(10, 100));
  EXPECT_TRUE(wire_.empty());
  EXPECT_EQ(forwarder_.pending(), 1u);

  // Request 10 times out at 2: 2 is suspected, 3 gets it; then 3 times out: the client hears.
  forwarder_.OnTimer(env_.timers[0].tag);
  EXPECT_TRUE(detector_.IsSuspected(2));
  EXPECT_EQ(Sent(3).request_id, 10u);
  ASSERT_EQ(env_.timers.size(), 3u);
  forwarder_.OnTimer(env_.timers[2].tag);
  const Message failure = Sent(100);
  EXPECT_EQ(failure.request_id, 10u);
  EXPECT_FALSE(failure.As<msg::ClientReply>().ok);
  EXPECT_EQ(forwarder_.pending(), 0u);
  EXPECT_EQ(forwarder_.stats().forwards_sent, 3u);
  EXPECT_EQ(forwarder_.stats().fall_backs, 1u);
  EXPECT_EQ(forwarder_.stats().failed, 1u);
  // A suspected first candidate is passed over for a fresh forward; with every candidate
  // suspected, the first is tried.
  forwarder_.Forward(Forward(12, 101), std::vector<NodeId>{2, 3});
  EXPECT_EQ(Sent(2).request_id, 12u);
  detector_.Heard(3);
  forwarder_.Forward(Forward(13, 101), std::vector<NodeId>{2, 3});
  EXPECT_EQ(Sent(3).request_id, 13u);
}

// The same request forwarded twice to the same node (a client retried through this node): an
// ack ends the older forward first.
TEST_F(ForwarderTest, AnAckEndsTheOldestMatchingForward) {
  forwarder_.Forward(Forward(5, 100), std::vector<NodeId>{2, 3});
  forwarder_.Forward(Forward(5, 100), std::vector<NodeId>{2, 3});
  Sent(2);
  Sent(2);
  forwarder_.OnAck(2, Ack(5, 100));
  ASSERT_EQ(env_.cancelled.size(), 1u);
  EXPECT_EQ(env_.cancelled[0].arg, env_.timers[0].tag.arg);
  forwarder_.OnTimer(env_.timers[0].tag);  // ended: nothing
  EXPECT_TRUE(wire_.empty());
  forwarder_.OnTimer(env_.timers[1].tag);  // the younger one falls back
  EXPECT_EQ(Sent(3).request_id, 5u);
}

// Hundreds of forwards, each acknowledged, timed out (and then acknowledged by its fall-back, or
// failed) in a scrambled order while new ones keep coming: every event does exactly what the
// model says, and pending() is the model's count throughout.
TEST_F(ForwarderTest, ScrambledAcksAndTimeoutsOverAGrowingWindow) {
  struct Model {
    uint64_t request_id;
    std::vector<NodeId> tried;
    size_t timer;  // index in env_.timers of its latest send
    bool live = true;
  };
  std::vector<Model> model;
  uint64_t state = 3;
  auto random = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  const std::vector<NodeId> candidates{2, 3, 4};
  size_t live = 0;
  for (int step = 0; step < 3000; ++step) {
    const uint64_t choice = random() % 10;
    if (choice < 4 || live == 0) {
      const auto request_id = static_cast<uint64_t>(model.size());
      forwarder_.Forward(Forward(request_id, 100), candidates);
      // No node is suspected (each timeout's suspicion is lifted below): the first candidate.
      EXPECT_EQ(Sent(2).request_id, request_id);
      model.push_back({request_id, {2}, env_.timers.size() - 1});
      ++live;
      continue;
    }
    // A live forward, chosen at random.
    std::vector<size_t> alive;
    for (size_t i = 0; i < model.size(); ++i) {
      if (model[i].live) alive.push_back(i);
    }
    ASSERT_EQ(alive.size(), live);
    Model& m = model[alive[random() % alive.size()]];
    if (choice < 8) {
      forwarder_.OnAck(m.tried.back(), Ack(m.request_id, 100));
      EXPECT_EQ(env_.cancelled.back().arg, env_.timers[m.timer].tag.arg);
      m.live = false;
      --live;
    } else {
      forwarder_.OnTimer(env_.timers[m.timer].tag);
      if (m.tried.size() < candidates.size()) {
        const NodeId next = candidates[m.tried.size()];
        EXPECT_EQ(Sent(next).request_id, m.request_id);
        m.tried.push_back(next);
        m.timer = env_.timers.size() - 1;
      } else {
        EXPECT_EQ(Sent(100).request_id, m.request_id);
        m.live = false;
        --live;
      }
      for (NodeId node : candidates) detector_.Heard(node);
    }
    // A late timer of an ended forward does nothing.
    for (size_t i = 0; i < model.size(); i += 97) {
      if (!model[i].live) forwarder_.OnTimer(env_.timers[model[i].timer].tag);
    }
    EXPECT_TRUE(wire_.empty());
    ASSERT_EQ(forwarder_.pending(), live);
  }
  EXPECT_GT(model.size(), 1000u);
}

}  // namespace
}  // namespace dynamo
