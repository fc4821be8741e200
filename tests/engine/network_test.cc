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
  world.model().AddPartition(1, {0, 1, 1});
  world.SendPing(0, 1);
  world.SendPing(1, 0);
  world.SendPing(1, 2);  // same side: gets through, and so does the pong
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.Delivered(1, 0), 0u);
  EXPECT_EQ(world.Delivered(1, 2), 1u);
  EXPECT_EQ(world.Delivered(2, 1), 1u);
  EXPECT_EQ(world.network().stats().dropped(DropReason::kPartition), 2u);
  EXPECT_TRUE(world.model().EndFault(1));
  world.SendPing(0, 1);
  world.scheduler().RunUntil(20 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  EXPECT_EQ(world.Delivered(1, 0), 1u);
}

TEST(NetworkTest, EndpointThatReachesAllCrossesPartitions) {
  PingWorld world = MakeWorld(3);
  world.model().AddPartition(1, {0, 1, kReachesAll});
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
  world.scheduler().ScheduleAt(kLatency / 2, [&] { world.model().AddPartition(1, {0, 1}); });
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
}

TEST(NetworkTest, OneWayCutBlocksOnlyOneDirection) {
  PingWorld world = MakeWorld(2);
  world.model().AddOneWayCuts(1, {{0, 1}});
  world.SendPing(0, 1);
  world.SendPing(1, 0);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.Delivered(1, 0), 1u);  // the ping from 1 arrives; its pong back is cut
  EXPECT_EQ(world.network().stats().dropped(DropReason::kPartition), 2u);
  EXPECT_TRUE(world.model().EndFault(1));
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
  world.model().AddExtraLatency(1, {2}, Distribution::Constant(2 * kMillisecond));
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
  world.model().AddLoss(1, {2}, 1.0);
  world.SendPing(0, 1);
  world.SendPing(0, 2);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  EXPECT_EQ(world.Delivered(0, 2), 0u);
}

// Faults compose: each has its own id, and ending one leaves the others in force.
TEST(NetworkTest, OverlappingPartitionsIntersectAndEndOneByOne) {
  PingWorld world = MakeWorld(4);
  NetworkModel& model = world.model();
  model.AddPartition(1, {0, 0, 1, 1});  // {0,1} | {2,3}
  model.AddPartition(2, {0, 1, 1, kReachesAll});  // {0} | {1,2}, 3 reaches all
  EXPECT_FALSE(model.CanReach(0, 1));  // separated by the second
  EXPECT_FALSE(model.CanReach(1, 2));  // separated by the first
  EXPECT_FALSE(model.CanReach(0, 3));  // separated by the first
  EXPECT_TRUE(model.CanReach(2, 3));   // together in both
  EXPECT_EQ(model.faults_in_force(), 2u);
  EXPECT_TRUE(model.EndFault(1));
  EXPECT_FALSE(model.CanReach(0, 1));  // the second still separates them
  EXPECT_TRUE(model.CanReach(1, 2));
  EXPECT_TRUE(model.CanReach(0, 3));
  EXPECT_FALSE(model.EndFault(1));  // already ended
  EXPECT_TRUE(model.EndFault(2));
  EXPECT_TRUE(model.CanReach(0, 1));
  EXPECT_EQ(model.faults_in_force(), 0u);
}

TEST(NetworkTest, EndingACutKeepsAPartitionAndTheOtherCuts) {
  PingWorld world = MakeWorld(3);
  NetworkModel& model = world.model();
  model.AddPartition(1, {0, 1, 1});
  model.AddOneWayCuts(2, {{1, 2}});
  model.AddOneWayCuts(3, {{1, 2}, {2, 1}});
  EXPECT_TRUE(model.EndFault(2));
  EXPECT_FALSE(model.CanReach(1, 2));  // the third fault cuts it too
  EXPECT_FALSE(model.CanReach(0, 1));  // the partition is still in force
  EXPECT_TRUE(model.EndFault(3));
  EXPECT_TRUE(model.CanReach(1, 2));
  EXPECT_FALSE(model.CanReach(1, 0));
  world.SendPing(0, 1);
  world.SendPing(1, 2);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  EXPECT_EQ(world.Delivered(1, 2), 1u);
  EXPECT_EQ(world.Delivered(2, 1), 1u);
}

TEST(NetworkTest, LossRatesDropIndependently) {
  PingWorld world = MakeWorld(3);
  NetworkModel& model = world.model();
  model.SetDropRate(0.5);
  EXPECT_EQ(model.LossProbability(0, 1), 0.5);
  model.AddLoss(1, {}, 0.5);      // every message
  model.AddLoss(2, {1, 2}, 0.5);  // messages of 1 or 2, once even between them
  EXPECT_EQ(model.LossProbability(0, 1), 0.875);  // 1 - 0.5^3
  EXPECT_EQ(model.LossProbability(1, 2), 0.875);
  EXPECT_EQ(model.LossProbability(0, 0), 0.75);
  EXPECT_TRUE(model.EndFault(1));
  EXPECT_EQ(model.LossProbability(0, 1), 0.75);
  model.SetDropRate(0);
  EXPECT_EQ(model.LossProbability(2, 1), 0.5);  // a single source is its rate exactly
  EXPECT_EQ(model.LossProbability(0, 0), 0.0);
  constexpr int kPings = 1000;
  for (int i = 0; i < kPings; ++i) world.SendPing(0, 0);
  world.scheduler().RunUntil(10 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 0), 2u * kPings);  // pings and pongs, none lost
}

TEST(NetworkTest, CombinedLossMatchesTheProductOfSurvivals) {
  PingWorld world = MakeWorld(2);
  world.model().AddLoss(1, {}, 0.2);
  world.model().AddLoss(2, {1}, 0.25);
  constexpr int kPings = 20000;
  for (int i = 0; i < kPings; ++i) world.SendPing(0, 1);
  world.scheduler().RunUntil(10 * kMillisecond);
  const double delivered_fraction = static_cast<double>(world.Delivered(0, 1)) / kPings;
  // Delivered with 0.8 * 0.75 = 0.6: standard deviation 0.0035; allow 5 of them.
  EXPECT_NEAR(delivered_fraction, 0.6, 0.018);
}

TEST(NetworkTest, ExtraLatenciesAddPerEndAndEndOneByOne) {
  PingWorld world = MakeWorld(3);
  NetworkModel& model = world.model();
  model.AddExtraLatency(1, {1}, Distribution::Constant(2 * kMillisecond));
  model.AddExtraLatency(2, {1, 2}, Distribution::Constant(3 * kMillisecond));
  EXPECT_EQ(model.ExtraLatencies(0, 1).size(), 2u);
  EXPECT_EQ(model.ExtraLatencies(1, 2).size(), 3u);  // 1's two and 2's one
  world.SendPing(0, 1);  // 1 + 2 + 3 ms
  world.scheduler().RunUntil(6 * kMillisecond - 1);
  EXPECT_EQ(world.Delivered(0, 1), 0u);
  world.scheduler().RunUntil(6 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 1u);
  EXPECT_TRUE(model.EndFault(2));
  world.SendPing(0, 1);  // 1 + 2 ms
  world.scheduler().RunUntil(9 * kMillisecond);
  EXPECT_EQ(world.Delivered(0, 1), 2u);
  EXPECT_TRUE(model.EndFault(1));
  EXPECT_TRUE(model.ExtraLatencies(0, 1).empty());
}

// Datacenters: endpoints 0, 1 in datacenter 0, endpoint 2 in 1, endpoint 3 in 2, endpoint 4 in
// none. A message between two datacenters takes its pair's latency on top of the base; inside
// one, or from an endpoint in none, only the base.
TEST(NetworkTest, DatacenterLatencyAddsPerPair) {
  PingWorld world = MakeWorld(5);
  NetworkModel& model = world.model();
  const Distribution ten = Distribution::Constant(10 * kMillisecond);
  const Distribution thirty = Distribution::Constant(30 * kMillisecond);
  const Distribution zero = Distribution::Constant(0);
  // 3 x 3, symmetric: 0-1 and 0-2 take 10 ms, 1-2 takes 30 ms.
  model.SetDatacenters({0, 0, 1, 2, kNoDatacenter}, 3,
                       {zero, ten, ten, ten, zero, thirty, ten, thirty, zero});
  EXPECT_EQ(model.DatacenterLatency(0, 1), nullptr);
  EXPECT_EQ(model.DatacenterLatency(0, 4), nullptr);
  EXPECT_EQ(model.DatacenterLatency(4, 3), nullptr);
  ASSERT_NE(model.DatacenterLatency(0, 2), nullptr);
  EXPECT_EQ(model.DatacenterLatency(0, 2)->value_us, 10 * kMillisecond);
  EXPECT_EQ(model.DatacenterLatency(3, 2)->value_us, 30 * kMillisecond);
  world.SendPing(1, 2);  // 1 + 10 ms
  world.SendPing(2, 3);  // 1 + 30 ms
  world.SendPing(0, 4);  // 1 ms
  world.scheduler().RunUntil(kLatency);
  EXPECT_EQ(world.Delivered(0, 4), 1u);
  world.scheduler().RunUntil(11 * kMillisecond - 1);
  EXPECT_EQ(world.Delivered(1, 2), 0u);
  world.scheduler().RunUntil(11 * kMillisecond);
  EXPECT_EQ(world.Delivered(1, 2), 1u);
  world.scheduler().RunUntil(31 * kMillisecond - 1);
  EXPECT_EQ(world.Delivered(2, 3), 0u);
  world.scheduler().RunUntil(31 * kMillisecond);
  EXPECT_EQ(world.Delivered(2, 3), 1u);
}

TEST(NetworkTest, EndAllFaultsKeepsTheBaseRates) {
  PingWorld world = MakeWorld(2);
  NetworkModel& model = world.model();
  model.SetDropRate(0.1);
  model.AddPartition(1, {0, 1});
  model.AddLoss(2, {}, 0.5);
  model.AddExtraLatency(3, {0}, Distribution::Constant(kMillisecond));
  model.EndAllFaults();
  EXPECT_EQ(model.faults_in_force(), 0u);
  EXPECT_TRUE(model.CanReach(0, 1));
  EXPECT_EQ(model.LossProbability(0, 1), 0.1);
  EXPECT_TRUE(model.ExtraLatencies(0, 1).empty());
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
