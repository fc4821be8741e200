#include "tools/dynamo-sim/seed_range.h"

#include <fmt/format.h>

#include <charconv>

namespace sim::cli {
namespace {

// Plain decimal digits only (no sign, no spaces), within uint64_t.
bool ParseDigits(std::string_view text, uint64_t& value) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const std::from_chars_result parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  return parsed.ec == std::errc() && parsed.ptr == text.data() + text.size();
}

}  // namespace

absl::StatusOr<SeedRange> ParseSeedRange(std::string_view text) {
  const size_t dots = text.find("..");
  SeedRange range;
  if (dots == std::string_view::npos || !ParseDigits(text.substr(0, dots), range.first) ||
      !ParseDigits(text.substr(dots + 2), range.last)) {
    return absl::InvalidArgumentError(fmt::format(
        "--seeds needs A..B with unsigned integers A <= B (for example 1..100), got \"{}\"",
        text));
  }
  if (range.first > range.last) {
    return absl::InvalidArgumentError(
        fmt::format("--seeds {}: the first seed is larger than the last", text));
  }
  if (range.last - range.first >= kMaxSweepSeeds) {
    return absl::InvalidArgumentError(
        fmt::format("--seeds {}: more than {} seeds in one sweep; split it with --shard or "
                    "several ranges",
                    text, kMaxSweepSeeds));
  }
  return range;
}

absl::StatusOr<Shard> ParseShard(std::string_view text) {
  const size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !ParseDigits(text.substr(0, slash), shard.index) ||
      !ParseDigits(text.substr(slash + 1), shard.count) || shard.count == 0 ||
      shard.index >= shard.count) {
    return absl::InvalidArgumentError(fmt::format(
        "--shard needs I/N with 0 <= I < N (0-based: the shards of 4 are 0/4 1/4 2/4 3/4), "
        "got \"{}\"",
        text));
  }
  return shard;
}

std::vector<uint64_t> ShardSeeds(const SeedRange& range, const Shard& shard) {
  std::vector<uint64_t> seeds;
  const uint64_t count = range.last - range.first + 1;
  for (uint64_t index = shard.index; index < count; index += shard.count) {
    seeds.push_back(range.first + index);
  }
  return seeds;
}

}  // namespace sim::cli
