#include "sim/engine/network.h"

#include <cmath>

#include "gtest/gtest.h"
#include "tests/engine/ping_world.h"

namespace sim {
namespace {

constexpr TimeUs kLatency = 1 * kMillisecond;

PingWorld MakeWorld(int endpoints) {
  return PingWorld(/*seed=*/7, endpoints, Distribution::Constant(kLatency));
}

TEST(NetworkTest, DeliversAfterTheModelledLatency) {
  PingWorld world = MakeWorld(2);
  world.SendPing(0, 1);
  world.scheduler().RunUntil(kLatency - 1);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  world.scheduler().RunUntil(kLatency);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  world.scheduler().RunUntil(2 * kLatency);
  EXPECT_EQ(world.Delivered(1, 0), 1u);  // the pong
}

TEST(NetworkTest, PartitionBlocksBothWaysAndHealRestores) {
  PingWorld world = MakeWorld(3);
  world.model().SetPartition({0, 1, 1});
  world.SendPing(0, 1);
  world.SendPing(1, 0);
  world.SendPing(1, 2);  // same side: gets through, and so does the pong
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.Delivered(1, 0), 0u);
  EXPECT_EQ(world.Delivered(1, 2), 1u);
  EXPECT_EQ(world.Delivered(2, 1), 1u);
  EXPECT_EQ(world.network().stats().dropped(DropReason::kPartition), 2u);
  world.model().Heal();
  world.SendPing(0, 1);
  world.scheduler().RunUntil(20 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  EXPECT_EQ(world.Delivered(1, 0), 1u);
}

TEST(NetworkTest, EndpointThatReachesAllCrossesPartitions) {
  PingWorld world = MakeWorld(3);
  world.model().SetPartition({0, 1, kReachesAll});
  world.SendPing(2, 0);
  world.SendPing(2, 1);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(2, 0), 1u);
  EXPECT_EQ(world.Delivered(2, 1), 1u);
  EXPECT_EQ(world.Delivered(0, 2), 1u);
  EXPECT_EQ(world.Delivered(1, 2), 1u);
}

TEST(NetworkTest, PartitionStartingWhileInFlightLosesTheMessage) {
  PingWorld world = MakeWorld(2);
  world.SendPing(0, 1);
  world.scheduler().ScheduleAt(kLatency / 2, [&] { world.model().SetPartition({0, 1}); });
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
}

TEST(NetworkTest, OneWayCutBlocksOnlyOneDirection) {
  PingWorld world = MakeWorld(2);
  world.model().CutOneWay(0, 1);
  world.SendPing(0, 1);
  world.SendPing(1, 0);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.Delivered(1, 0), 1u);  // the ping from 1 arrives; its pong back is cut
  EXPECT_EQ(world.network().stats().dropped(DropReason::kPartition), 2u);
  world.model().Heal();
  world.SendPing(0, 1);
  world.scheduler().RunUntil(20 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
}

TEST(NetworkTest, LossRateMatchesTheSetRate) {
  PingWorld world = MakeWorld(2);
  world.model().RegisterMessageKind("unused");  // registering kinds does not disturb anything
  world.model().SetDropRate(0.2);
  constexpr int kPings = 20000;
  for (int i = 0; i < kPings; ++i) world.SendPing(0, 1);
  world.scheduler().RunUntil(10 * kMillisecond);
  const double delivered_fraction = static_cast<double>(world.Delivered(0, 1)) / kPings;
  // Binomial(20000, 0.8): standard deviation 0.0028; allow 5 of them.
  EXPECT_NEAR(delivered_fraction, 0.8, 0.014);
}

TEST(NetworkTest, DuplicationDeliversTwice) {
  PingWorld world = MakeWorld(2);
  world.model().SetDuplicateRate(1.0);
  world.SendPing(0, 1);
  world.scheduler().RunUntil(kLatency);
  EXPECT_EQ(world.Delivered(0, 1), 2u);
  // The ping, and each of the two pongs sent on its two deliveries, were duplicated.
  EXPECT_EQ(world.network().stats().duplicated(), 3u);
}

TEST(NetworkTest, CrashLosesInFlightMessagesAndRestartReceivesNewOnes) {
  PingWorld world = MakeWorld(2);
  world.SendPing(0, 1);
  world.scheduler().ScheduleAt(kLatency / 2, [&] { world.processes().Crash(1); });
  // Back before the message would have arrived: it is still lost (old incarnation).
  world.scheduler().ScheduleAt(kLatency * 3 / 4, [&] { world.processes().Restart(1); });
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.network().stats().dropped(DropReason::kDestinationDown), 1u);
  world.SendPing(0, 1);
  world.scheduler().RunUntil(20 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
}

TEST(NetworkTest, SendToADownProcessIsLost) {
  PingWorld world = MakeWorld(2);
  world.processes().Crash(1);
  world.SendPing(0, 1);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.network().in_flight(), 0u);
}

TEST(NetworkTest, PerKindAndExtraLatency) {
  PingWorld world = MakeWorld(3);
  MessageKind pong;
  ASSERT_TRUE(world.model().FindMessageKind("pong", &pong));
  world.model().SetKindLatency(pong, Distribution::Constant(5 * kMillisecond));
  world.model().SetExtraLatency(2, Distribution::Constant(2 * kMillisecond));
  world.SendPing(0, 1);
  world.SendPing(0, 2);
  world.scheduler().RunUntil(kLatency);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  EXPECT_EQ(world.Delivered(0, 2), 0u);
  world.scheduler().RunUntil(3 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 2), 1u);
  world.scheduler().RunUntil(6 * kMillisecond - 1);
  EXPECT_EQ(world.Delivered(1, 0), 0u);
  world.scheduler().RunUntil(6 * kMillisecond);
  EXPECT_EQ(world.Delivered(1, 0), 1u);  // pong: 1ms + 5ms
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(2, 0), 1u);  // 3ms + 5ms + 2ms
}

TEST(NetworkTest, EndpointDropRateAppliesToThatEndpointOnly) {
  PingWorld world = MakeWorld(3);
  world.model().SetEndpointDropRate(2, 1.0);
  world.SendPing(0, 1);
  world.SendPing(0, 2);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  EXPECT_EQ(world.Delivered(0, 2), 0u);
}

TEST(NetworkTest, StatsCountSendsAndBytesPerKind) {
  PingWorld world = MakeWorld(2);
  world.SendPing(0, 1);
  world.SendPing(0, 1);
  world.scheduler().RunUntil(10 * kMillisecond);
  MessageKind ping;
  MessageKind pong;
  ASSERT_TRUE(world.model().FindMessageKind("ping", &ping));
  ASSERT_TRUE(world.model().FindMessageKind("pong", &pong));
  EXPECT_EQ(world.network().stats().traffic(ping).count, 2u);
  EXPECT_EQ(world.network().stats().traffic(ping).bytes, 128u);
  EXPECT_EQ(world.network().stats().traffic(pong).count, 2u);
  EXPECT_EQ(world.network().stats().sent(), 4u);
  EXPECT_EQ(world.network().stats().delivered(), 4u);
}

}  // namespace
}  // namespace sim
