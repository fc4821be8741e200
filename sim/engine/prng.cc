#include "sim/engine/prng.h"

#include "sim/engine/check.h"

namespace sim {
namespace {

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t SplitMix64Next(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t StableHash64(std::string_view text) {
  uint64_t hash = 0xCBF29CE484222325ULL;  // FNV-1a offset basis
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001B3ULL;  // FNV-1a prime
  }
  return SplitMix64Next(hash);
}

uint64_t StreamSeed(uint64_t run_seed, std::string_view name) {
  uint64_t state = run_seed ^ StableHash64(name);
  return SplitMix64Next(state);
}

Prng::Prng(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& word : state_) word = SplitMix64Next(state);
}

uint64_t Prng::NextU64() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Prng::NextDouble() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

double Prng::NextOpenDouble() {
  // (k + 0.5) / 2^52 with k < 2^52 is exact in a double, so the result lies in [2^-53, 1 - 2^-53].
  // With 53 bits, k + 0.5 rounds to even at k >= 2^52 and k = 2^53 - 1 gave exactly 1.0.
  return (static_cast<double>(NextU64() >> 12) + 0.5) * 0x1.0p-52;
}

uint64_t Prng::Below(uint64_t bound) {
  SIM_CHECK(bound > 0, "Below needs a positive bound");
  unsigned __int128 product = static_cast<unsigned __int128>(NextU64()) * bound;
  uint64_t low = static_cast<uint64_t>(product);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(NextU64()) * bound;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

bool Prng::Bernoulli(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return NextDouble() < p;
}

}  // namespace sim
