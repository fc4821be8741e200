// Virtual time: signed 64-bit microseconds since the start of the run. Names carry the unit
// (`at_us`, `delay_us`); these constants make literals readable.
#pragma once

#include <cstdint>
#include <limits>

namespace sim {

using TimeUs = int64_t;

inline constexpr TimeUs kMicrosecond = 1;
inline constexpr TimeUs kMillisecond = 1000;
inline constexpr TimeUs kSecond = 1000 * 1000;
inline constexpr TimeUs kMinute = 60 * kSecond;

// The longest duration the scenario format can write (100 years). A sampled delay is capped at
// it, so a heavy-tailed sample (a Pareto with a tiny shape) stays a time the run can add to.
inline constexpr TimeUs kLongestDurationUs = TimeUs{100} * 365 * 24 * 3600 * kSecond;

// a + b, clamped to the range of TimeUs instead of overflowing. Every sum of a time and a
// sampled or configured delay uses it: an event at the far end of time simply never runs.
constexpr TimeUs SaturatingAdd(TimeUs a, TimeUs b) {
  TimeUs sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b > 0 ? std::numeric_limits<TimeUs>::max() : std::numeric_limits<TimeUs>::min();
  }
  return sum;
}

}  // namespace sim
