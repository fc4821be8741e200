#include "sim/key_chooser.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace sim {
namespace {

TEST(KeyChooserTest, UniformCoversTheKeySpaceEvenly) {
  const KeyChooser keys = KeyChooser::Uniform(10);
  Prng prng(1);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) ++counts[keys.Next(prng)];
  for (int count : counts) EXPECT_NEAR(count, 10000, 400);  // ~4 standard deviations
}

TEST(KeyChooserTest, ZipfFollowsItsLaw) {
  // s = 1 over 100 keys: P(rank r) = (1/(r+1)) / H_100, H_100 = 5.18738.
  const KeyChooser keys = KeyChooser::Zipf(100, 1.0);
  Prng prng(2);
  std::vector<int> counts(100, 0);
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) ++counts[keys.Next(prng)];
  const double harmonic = 5.187377517639621;
  for (int rank : {0, 1, 9, 99}) {
    const double expected = kDraws / (rank + 1.0) / harmonic;
    EXPECT_NEAR(counts[rank], expected, 5 * std::sqrt(expected)) << "rank " << rank;
  }
}

}  // namespace
}  // namespace sim
