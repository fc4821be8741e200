// Trace notes and filters: message records carry the message's number, send time and key
// outside the digest; a filter keeps a key's records and a time window; the digest is the same
// with or without a (filtered) sink.
#include "sim/engine/trace_filter.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/engine/ping_world.h"

namespace sim {
namespace {

class CollectingSink : public TraceSink {
 public:
  void Write(const TraceRecord& record, const TraceKindInfo& kind) override {
    records.push_back(record);
    names.push_back(kind.name);
  }
  std::vector<TraceRecord> records;
  std::vector<std::string> names;
};

TraceRecord At(TimeUs at_us, uint64_t key) {
  TraceRecord record;
  record.at_us = at_us;
  record.note.key = key;
  return record;
}

TEST(TraceFilterTest, KeepsChosenKeysInTheHalfOpenWindow) {
  TraceFilter filter;
  EXPECT_TRUE(filter.Keeps(At(0, TraceNote::kNone)));
  filter.keys = {3, 7};
  filter.from_us = 100;
  filter.until_us = 200;
  EXPECT_TRUE(filter.Keeps(At(100, 3)));
  EXPECT_TRUE(filter.Keeps(At(199, 7)));
  EXPECT_FALSE(filter.Keeps(At(200, 7)));  // until is exclusive
  EXPECT_FALSE(filter.Keeps(At(99, 3)));
  EXPECT_FALSE(filter.Keeps(At(150, 4)));
  EXPECT_FALSE(filter.Keeps(At(150, TraceNote::kNone)));  // no key: not about key 3 or 7
  EXPECT_TRUE(filter.KeepsSpan(50, 100));
  EXPECT_FALSE(filter.KeepsSpan(200, 300));
}

std::string RunPings(TraceSink* sink, bool keys) {
  PingWorld world(7, 4, Distribution::Lognormal(1 * kMillisecond, 10 * kMillisecond));
  world.model().SetDropRate(0.05);
  world.model().SetDuplicateRate(0.05);
  if (keys) {
    world.network().set_trace_key([](const PingMessage& m) { return m.sequence % 5; });
  }
  world.trace().set_sink(sink);
  world.StartPinging(3 * kMillisecond);
  world.scheduler().RunUntil(300 * kMillisecond);
  return world.trace().DigestHex();
}

TEST(TraceFilterTest, NotesPairSendsWithDeliveriesAndLeaveTheDigestAlone) {
  CollectingSink all;
  const std::string untraced = RunPings(nullptr, false);
  EXPECT_EQ(RunPings(&all, true), untraced);
  std::vector<TimeUs> sent_at;  // by message id
  int deliveries = 0;
  for (size_t i = 0; i < all.records.size(); ++i) {
    const TraceRecord& record = all.records[i];
    ASSERT_NE(record.note.message_id, TraceNote::kNone) << all.names[i];
    ASSERT_LT(record.note.key, 5u);
    if (all.names[i] == "message_send") {
      ASSERT_EQ(record.note.message_id, sent_at.size());  // numbered in send order
      sent_at.push_back(record.at_us);
    } else if (all.names[i] == "message_deliver") {
      ASSERT_LT(record.note.message_id, sent_at.size());
      EXPECT_EQ(record.note.sent_us, sent_at[record.note.message_id]);
      EXPECT_GE(record.at_us, record.note.sent_us);
      ++deliveries;
    }
  }
  EXPECT_GT(deliveries, 100);

  CollectingSink kept;
  TraceFilter filter;
  filter.keys = {2};
  filter.from_us = 100 * kMillisecond;
  filter.until_us = 200 * kMillisecond;
  FilteredTraceSink filtered(filter, {&kept});
  EXPECT_EQ(RunPings(&filtered, true), untraced);
  size_t expected = 0;
  for (const TraceRecord& record : all.records) expected += filter.Keeps(record);
  EXPECT_EQ(kept.records.size(), expected);
  EXPECT_GT(expected, 10u);
  for (const TraceRecord& record : kept.records) {
    EXPECT_EQ(record.note.key, 2u);
    EXPECT_GE(record.at_us, filter.from_us);
    EXPECT_LT(record.at_us, filter.until_us);
  }
}

}  // namespace
}  // namespace sim
