// The seeds of a sweep: "--seeds A..B" (inclusive, A <= B) and "--shard I/N", which keeps the
// seeds whose index in A..B (seed - A) is I modulo N. I is 0-based: 0 <= I < N, so the shards
// of a sweep are 0/N ... (N-1)/N and together hold every seed exactly once. N machines can thus
// split one sweep with no coordination (a Slurm array index or a Kubernetes completion index is
// I as it is).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace sim::cli {

struct SeedRange {
  uint64_t first = 0;  // A
  uint64_t last = 0;   // B, >= first
};

struct Shard {
  uint64_t index = 0;  // I, < count
  uint64_t count = 1;  // N, >= 1
};

// The largest number of seeds one sweep accepts (a bound on the loop and on memory).
inline constexpr uint64_t kMaxSweepSeeds = 10'000'000;

// Parses "A..B". InvalidArgument for anything else, for A > B, or more than kMaxSweepSeeds seeds.
absl::StatusOr<SeedRange> ParseSeedRange(std::string_view text);

// Parses "I/N" with 0 <= I < N. InvalidArgument otherwise.
absl::StatusOr<Shard> ParseShard(std::string_view text);

// The seeds of `range` in `shard`, ascending.
std::vector<uint64_t> ShardSeeds(const SeedRange& range, const Shard& shard);

}  // namespace sim::cli
