#include "sim/analysis/siblings_histogram.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using ::testing::ElementsAre;
using testing::HistoryBuilder;
using testing::MakeVersion;
using ::testing::Pair;

TEST(SiblingsHistogramTest, CountsVersionsPerSuccessfulGet) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5);
  b.Get(1, 10, 20, {});
  b.Get(1, 10, 20, {MakeVersion({100})});
  b.Get(1, 10, 20, {MakeVersion({100})});
  b.Get(2, 10, 20, {MakeVersion({1}), MakeVersion({2}), MakeVersion({3})});
  b.Get(2, 10, 20, {MakeVersion({1}), MakeVersion({2}), MakeVersion({3}), MakeVersion({4})},
        OpStatus::kFailed);
  const SiblingsHistogram histogram = ComputeSiblingsHistogram(b.history());
  EXPECT_THAT(histogram.gets_by_versions, ElementsAre(Pair(0, 1u), Pair(1, 2u), Pair(3, 1u)));
  EXPECT_EQ(histogram.max_versions, 3);
}

TEST(SiblingsHistogramTest, EmptyHistory) {
  const SiblingsHistogram histogram = ComputeSiblingsHistogram(History());
  EXPECT_TRUE(histogram.gets_by_versions.empty());
  EXPECT_EQ(histogram.max_versions, 0);
}

}  // namespace
}  // namespace sim
