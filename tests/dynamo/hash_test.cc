#include "dynamo/hash.h"

#include "gtest/gtest.h"

namespace dynamo {
namespace {

// SplitMix64 (Vigna's reference splitmix64.c) seeded with 0 outputs Mix64(0), Mix64(golden),
// ...; its first three outputs are well known.
TEST(HashTest, Mix64IsTheSplitMix64Output) {
  constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
  EXPECT_EQ(Mix64(0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(Mix64(kGolden), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(Mix64(2 * kGolden), 0x06c45d188009454fULL);
}

TEST(HashTest, CombineIsOrderDependentAndFixed) {
  EXPECT_NE(HashCombine(HashCombine(0, 1), 2), HashCombine(HashCombine(0, 2), 1));
  EXPECT_NE(HashCombine(0, 0), HashCombine(0, 1));
  // Regression pin: the combine must never change, or Merkle trees and digests of stored
  // results change with it.
  static_assert(HashCombine(0, 0) == Mix64(Mix64(0x6a09e667f3bcc909ULL)));
}

}  // namespace
}  // namespace dynamo
