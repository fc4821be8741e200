// Virtual time: signed 64-bit microseconds since the start of the run. Names carry the unit
// (`at_us`, `delay_us`); these constants make literals readable.
#pragma once

#include <cstdint>

namespace sim {

using TimeUs = int64_t;

inline constexpr TimeUs kMicrosecond = 1;
inline constexpr TimeUs kMillisecond = 1000;
inline constexpr TimeUs kSecond = 1000 * 1000;
inline constexpr TimeUs kMinute = 60 * kSecond;

}  // namespace sim
