// Durations as scenario files write them: strings with a unit ("150us", "20ms", "1.5s", "2m"),
// in absl::ParseDuration syntax, at microsecond resolution.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "sim/engine/time.h"

namespace sim::scenario {

// The largest magnitude a scenario duration may have: 100 years, far below the int64 range, so
// sums such as duration + quiesce cannot overflow.
inline constexpr TimeUs kMaxDurationUs = kLongestDurationUs;

// Parses `text` into microseconds. Errors (message only, without file or path): no unit
// ("0", "20"), not a duration, infinite, finer than a microsecond ("1.5us", "10ns"), or larger in
// magnitude than kMaxDurationUs. Negative values are returned as parsed; callers decide.
absl::StatusOr<TimeUs> ParseDurationUs(std::string_view text);

// The shortest of our spellings that ParseDurationUs reads back exactly: "0s", "60s", "1.5s",
// "20ms", "1.25ms", "150us", "-2s". Whole seconds stay in seconds ("120s", not "2m").
std::string FormatDurationUs(TimeUs duration_us);

}  // namespace sim::scenario
