// The simulator's own pseudo-random numbers. Library generators and distributions change between
// versions and compilers, so a seed would stop reproducing a run; these are fixed forever.
//
// - SplitMix64 expands one 64-bit seed into well-mixed state words.
// - Prng is xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
// - StreamSeed(run_seed, name) derives an independent seed per named stream, so adding a new
//   consumer of randomness never shifts the numbers another consumer sees.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim {

// SplitMix64 step: advances `state` and returns the next output.
uint64_t SplitMix64Next(uint64_t& state);

// A stable 64-bit hash of a stream name (FNV-1a, then SplitMix64 finalisation).
uint64_t StableHash64(std::string_view text);

// The seed of the stream called `name` under run seed `run_seed`.
uint64_t StreamSeed(uint64_t run_seed, std::string_view name);

class Prng {
 public:
  // Seeds the four state words from SplitMix64(seed).
  explicit Prng(uint64_t seed);
  // The stream `name` of run `run_seed` (see StreamSeed).
  Prng(uint64_t run_seed, std::string_view name) : Prng(StreamSeed(run_seed, name)) {}

  uint64_t NextU64();
  // Uniform in [0, 1) with 53 random bits.
  double NextDouble();
  // Uniform in (0, 1): never 0, for logarithms.
  double NextOpenDouble();
  // Uniform integer in [0, bound). REQUIRES: bound > 0. Unbiased (Lemire's method).
  uint64_t Below(uint64_t bound);
  // True with probability p (p <= 0 never, p >= 1 always; no random draw in those cases).
  bool Bernoulli(double p);

 private:
  uint64_t state_[4];
};

}  // namespace sim
