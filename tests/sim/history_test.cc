// The History's compact records (sim/history.h): what a get returned, kept as runs of its key's put
// positions plus foreign items, must give back exactly the items the versions held; versions are
// kept once each and named by index.
#include "sim/history.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "gtest/gtest.h"
#include "sim/engine/prng.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::AppendOp;
using testing::Clock;
using testing::MakeVersion;

// The positions a get's runs name, expanded.
std::vector<uint32_t> Positions(const Op& get) {
  std::vector<uint32_t> positions;
  for (const PositionRun& run : get.returned) {
    EXPECT_LT(run.begin, run.end);
    for (uint32_t p = run.begin; p < run.end; ++p) positions.push_back(p);
  }
  return positions;
}

// Random puts on three keys with items of the run's form ((client + 1) << 32 | sequence), small
// hand-made items, and items whose sequence lies far past their client's others (those take the
// History's map, not its per-client vectors); then gets that return random subsets, some large
// (the bitmap path) and some small (the sorting path), plus items no put of the key wrote.
// Checked against a plain map from item to (key, position).
TEST(HistoryTest, ReturnedRunsAndForeignItemsAreExactlyTheItemsRead) {
  Prng prng(12);
  History history;
  std::map<uint64_t, std::pair<dynamo::Key, uint32_t>> place;  // the reference
  std::map<dynamo::Key, std::vector<uint64_t>> items_of_key;
  std::vector<uint64_t> sequence_of_client(3, 1);
  uint64_t small_item = 1;
  for (int i = 0; i < 3000; ++i) {
    const dynamo::Key key = prng.Below(3);
    const uint64_t kind = prng.Below(10);
    uint64_t item = 0;
    if (kind < 7) {
      const uint64_t client = prng.Below(3);
      item = (client + 1) << 32 | sequence_of_client[client]++;
    } else if (kind < 9) {
      item = small_item++;
    } else {
      item = (uint64_t{2} << 32) | ((uint64_t{1} << 31) + static_cast<uint64_t>(i));
    }
    Op& put = AppendOp(history, OpType::kPut, key, i);
    history.SetPutItem(put.id, item);
    EXPECT_EQ(put.item, item);
    EXPECT_EQ(put.position, items_of_key[key].size());
    place[item] = {key, put.position};
    items_of_key[key].push_back(item);
  }
  for (int g = 0; g < 400; ++g) {
    const dynamo::Key key = prng.Below(3);
    const std::vector<uint64_t>& own = items_of_key[key];
    // Every 4th get returns most of the key's items (a cart), the others a few.
    const bool large = g % 4 == 0;
    std::vector<std::vector<uint64_t>> values(1 + prng.Below(3));
    std::set<uint64_t> read;
    for (std::vector<uint64_t>& value : values) {
      const uint64_t picks = large ? own.size() : prng.Below(6);
      for (uint64_t p = 0; p < picks; ++p) {
        if (large && prng.Below(10) == 0) continue;
        const uint64_t item = large ? own[p] : own[prng.Below(own.size())];
        value.push_back(item);
      }
      if (prng.Below(3) == 0) value.push_back(items_of_key[(key + 1) % 3].front());  // foreign
      if (prng.Below(3) == 0) value.push_back(uint64_t{9} << 40 | prng.Below(100));   // unwritten
      std::sort(value.begin(), value.end());
      value.erase(std::unique(value.begin(), value.end()), value.end());
      read.insert(value.begin(), value.end());
    }
    std::vector<dynamo::Version> versions;
    for (const std::vector<uint64_t>& value : values) versions.push_back(MakeVersion(value));
    Op& get = AppendOp(history, OpType::kGet, key, 10000 + g);
    get.status = OpStatus::kOk;
    history.RecordRead(get.id, versions, /*keep_values=*/g % 2 == 0);

    std::vector<uint32_t> positions;
    std::vector<uint64_t> foreign;
    for (uint64_t item : read) {
      const auto it = place.find(item);
      if (it != place.end() && it->second.first == key) {
        positions.push_back(it->second.second);
      } else {
        foreign.push_back(item);
      }
    }
    std::sort(positions.begin(), positions.end());
    EXPECT_EQ(Positions(get), positions) << "get " << g;
    EXPECT_EQ(history.foreign_items(get), foreign) << "get " << g;
    EXPECT_EQ(history.ReturnedItems(get), std::vector<uint64_t>(read.begin(), read.end()));
    // Runs are maximal: two runs never touch.
    for (size_t r = 1; r < get.returned.size(); ++r) {
      EXPECT_LT(get.returned[r - 1].end, get.returned[r].begin);
    }
    ASSERT_EQ(get.read.size(), versions.size());
    for (size_t v = 0; v < versions.size(); ++v) {
      const dynamo::Version kept = history.version(get.read[v]);
      EXPECT_EQ(kept.clock, versions[v].clock);
      EXPECT_EQ(kept.value, g % 2 == 0 ? versions[v].value : dynamo::Value());
    }
  }
}

// A key with more puts than a word of the bitmap holds, read whole but for a few: runs end and
// start at word boundaries and inside words.
TEST(HistoryTest, RunsAcrossBitmapWordsAreExact) {
  History history;
  std::vector<uint64_t> cart;
  for (uint64_t s = 1; s <= 200; ++s) {
    Op& put = AppendOp(history, OpType::kPut, 5, static_cast<TimeUs>(s));
    history.SetPutItem(put.id, uint64_t{1} << 32 | s);
    // Positions 63, 64, 127 and 190..199 missing.
    if (s - 1 != 63 && s - 1 != 64 && s - 1 != 127 && s - 1 < 190) cart.push_back(put.item);
  }
  Op& get = AppendOp(history, OpType::kGet, 5, 1000);
  get.status = OpStatus::kOk;
  history.RecordRead(get.id, {MakeVersion(cart)}, /*keep_values=*/false);
  EXPECT_EQ(get.returned,
            (PositionRuns{{0, 63}, {65, 127}, {128, 190}}));
  EXPECT_TRUE(history.foreign_items(get).empty());
}

// A get of up to 64 items sorts its positions without looking up its key's puts; a larger one
// may take the bitmap. Either side of that limit, a read of a whole key, of all but its last put
// and of every other put gives the same runs.
TEST(HistoryTest, RunsAreTheSameEitherSideOfTheSortingLimit) {
  for (uint64_t puts : {uint64_t{10}, uint64_t{64}, uint64_t{65}, uint64_t{130}}) {
    History history;
    std::vector<uint64_t> items;
    for (uint64_t s = 1; s <= puts; ++s) {
      Op& put = AppendOp(history, OpType::kPut, 7, static_cast<TimeUs>(s));
      history.SetPutItem(put.id, uint64_t{1} << 32 | s);
      items.push_back(put.item);
    }
    const auto n = static_cast<uint32_t>(puts);
    auto read = [&history](std::vector<uint64_t> value) {
      Op& get = AppendOp(history, OpType::kGet, 7, 1000);
      get.status = OpStatus::kOk;
      history.RecordRead(get.id, {MakeVersion(std::move(value))}, /*keep_values=*/false);
      return get.returned;
    };
    EXPECT_EQ(read(items), (PositionRuns{{0, n}})) << puts << " puts";
    EXPECT_EQ(read(std::vector<uint64_t>(items.begin(), items.end() - 1)),
              (PositionRuns{{0, n - 1}}))
        << puts << " puts";
    std::vector<uint64_t> every_other;
    PositionRuns expected;
    for (uint32_t p = 0; p < n; p += 2) {
      every_other.push_back(items[p]);
      expected.push_back({p, p + 1});
    }
    EXPECT_EQ(read(every_other), expected) << puts << " puts";
  }
}

TEST(HistoryTest, VersionsAreKeptOnceAndNamedByIndex) {
  History history;
  const dynamo::Version a = MakeVersion({1}, Clock({{1, 1, 0}}));
  dynamo::Version b = MakeVersion({2}, Clock({{1, 2, 0}}));
  b.dot_node = 1;
  b.dot_counter = 2;
  b.dot_past = 1;
  Op& put = AppendOp(history, OpType::kPut, 7, 0);
  history.SetPutItem(put.id, 1);
  put.status = OpStatus::kOk;
  EXPECT_EQ(history.written(put), dynamo::Version());  // none recorded: the empty version
  history.RecordWritten(put.id, a, /*keep_value=*/true);
  Op& get1 = AppendOp(history, OpType::kGet, 7, 1);
  history.RecordRead(get1.id, {a, b}, /*keep_values=*/true);
  Op& get2 = AppendOp(history, OpType::kGet, 7, 2);
  history.RecordRead(get2.id, {b}, /*keep_values=*/true);
  EXPECT_EQ(history.distinct_versions(), 2u);
  EXPECT_EQ(get1.read[0], put.written);
  EXPECT_EQ(get1.read[1], get2.read[0]);
  EXPECT_EQ(history.written(put), a);
  EXPECT_EQ(history.version(get2.read[0]), b);
  // Without values (carts), a version is another entry: it differs by its value.
  Op& get3 = AppendOp(history, OpType::kGet, 7, 3);
  history.RecordRead(get3.id, {b}, /*keep_values=*/false);
  EXPECT_EQ(history.distinct_versions(), 3u);
  EXPECT_TRUE(history.version(get3.read[0]).value.empty());
  EXPECT_EQ(history.version(get3.read[0]).dot_counter, 2u);
}

// A get names the version a put of its newest item was acknowledged with through that put's
// hint (history.h). A version that holds the item but is not what the put wrote (a merge of
// siblings, a read before the put was acknowledged, a cart remove's put with no item of its own)
// must still get its own entry, once, whatever the hint says.
TEST(HistoryTest, ReadsNameTheVersionTheyReturnedWhateverTheHint) {
  for (const bool keep_values : {true, false}) {
    History history;
    auto put = [&history](uint64_t item, TimeUs at) {
      Op& op = AppendOp(history, OpType::kPut, 7, at);
      history.SetPutItem(op.id, item);
      op.status = OpStatus::kOk;
      return op.id;
    };
    auto read = [&history, keep_values](std::vector<dynamo::Version> versions) {
      Op& get = AppendOp(history, OpType::kGet, 7, 100);
      get.status = OpStatus::kOk;
      history.RecordRead(get.id, versions, keep_values);
      return std::vector<VersionId>(get.read.begin(), get.read.end());
    };
    const uint64_t p1 = put(1, 1);
    const uint64_t p2 = put(2, 2);
    const dynamo::Version v1 = MakeVersion({1}, Clock({{1, 1, 0}}));
    const dynamo::Version v2 = MakeVersion({1, 2}, Clock({{1, 2, 0}}));
    // Read before p2 is acknowledged: no hint, a new entry.
    const std::vector<VersionId> early = read({v2});
    history.RecordWritten(p1, v1, keep_values);
    history.RecordWritten(p2, v2, keep_values);
    EXPECT_EQ(early[0], history.at(p2).written);
    EXPECT_EQ(read({v2})[0], history.at(p2).written);
    EXPECT_EQ(read({v1, v2}), (std::vector<VersionId>{history.at(p1).written,
                                                       history.at(p2).written}));
    // Holds item 2, whose put wrote v2, but is another version (merged siblings, another clock).
    const dynamo::Version merged = MakeVersion({1, 2}, Clock({{1, 2, 0}, {2, 1, 0}}));
    const size_t before = history.distinct_versions();
    const VersionId merged_id = read({merged})[0];
    EXPECT_NE(merged_id, history.at(p2).written);
    EXPECT_EQ(history.distinct_versions(), before + 1);
    EXPECT_EQ(read({merged})[0], merged_id);
    EXPECT_EQ(history.distinct_versions(), before + 1);
    // A remove's put writes no item: it gives no item a hint, and a read of it is its own entry.
    Op& remove = AppendOp(history, OpType::kPut, 7, 3);
    remove.remove = true;
    remove.status = OpStatus::kOk;
    const dynamo::Version without_1 = MakeVersion({2}, Clock({{1, 3, 0}}));
    history.RecordWritten(remove.id, without_1, keep_values);
    EXPECT_EQ(read({without_1})[0], remove.written);
    EXPECT_EQ(read({v2})[0], history.at(p2).written);
    for (const VersionId id : {history.at(p1).written, history.at(p2).written, merged_id}) {
      EXPECT_EQ(history.version(id).clock,
                id == merged_id ? merged.clock
                                : (id == history.at(p1).written ? v1.clock : v2.clock));
    }
  }
}

TEST(HistoryDeathTest, TheSameItemWrittenTwiceIsAnInternalError) {
  History history;
  const uint64_t first = AppendOp(history, OpType::kPut, 1, 0).id;
  history.SetPutItem(first, uint64_t{1} << 32 | 1);
  const uint64_t second = AppendOp(history, OpType::kPut, 2, 1).id;
  EXPECT_DEATH(history.SetPutItem(second, uint64_t{1} << 32 | 1), "same item");
  // Also for an item kept in the map (its sequence lies past what the client's vector took in
  // one step), after the vector has grown past it.
  const uint64_t far = uint64_t{1} << 32 | 5000;
  history.SetPutItem(second, far);
  for (uint64_t s = 2; s <= 5001; ++s) {
    if (s == 5000) continue;
    history.SetPutItem(AppendOp(history, OpType::kPut, 3, static_cast<TimeUs>(s)).id,
                       uint64_t{1} << 32 | s);
  }
  const uint64_t last = AppendOp(history, OpType::kPut, 4, 9000).id;
  EXPECT_DEATH(history.SetPutItem(last, far), "same item");
}

}  // namespace
}  // namespace sim
