// A fixed 64-bit integer hash for digests (Merkle leaves, sibling sets). It never changes between
// compilers, library versions or processes, unlike the standard library's and Abseil's hash
// functors, which must never decide behaviour or output.
#pragma once

#include <cstdint>

namespace dynamo {

// The SplitMix64 output function (Steele, Lea, Flood 2014) applied to x: a bijection on 64-bit
// integers with good avalanche. Mix64(0) == 0xe220a8397b1dcdaf (SplitMix64's first output for
// seed 0).
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Folds `value` into the running hash `seed`. Order-dependent: combining a then b differs from
// b then a. Callers that need order independence sort their inputs first.
constexpr uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return Mix64(seed ^ Mix64(value ^ 0x6a09e667f3bcc909ULL));
}

}  // namespace dynamo
