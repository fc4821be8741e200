#include "sim/scenario/duration_text.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "sim/scenario/concat.h"

namespace sim::scenario {
namespace {

// The digits after the decimal point of `remainder` / 10^digits, trailing zeros trimmed.
std::string Fraction(TimeUs remainder, int digits) {
  std::string text = std::to_string(remainder);
  text.insert(0, static_cast<size_t>(digits) - text.size(), '0');
  while (!text.empty() && text.back() == '0') text.pop_back();
  return text;
}

// Formats a non-negative duration.
std::string FormatMagnitude(TimeUs us) {
  if (us == 0) return "0s";
  if (us % kSecond == 0) return Concat(us / kSecond, "s");
  if (us >= kSecond) return Concat(us / kSecond, ".", Fraction(us % kSecond, 6), "s");
  if (us % kMillisecond == 0) return Concat(us / kMillisecond, "ms");
  if (us >= kMillisecond) {
    return Concat(us / kMillisecond, ".", Fraction(us % kMillisecond, 3), "ms");
  }
  return Concat(us, "us");
}

}  // namespace

absl::StatusOr<TimeUs> ParseDurationUs(std::string_view text) {
  const std::string quoted = Concat("\"", text, "\"");
  if (text.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(text.back()))) {
    return absl::InvalidArgumentError(
        Concat("expected a duration string with a unit such as \"20ms\", got ", quoted));
  }
  absl::Duration duration;
  if (!absl::ParseDuration(absl::string_view(text.data(), text.size()), &duration) ||
      duration == absl::InfiniteDuration() || duration == -absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(Concat(
        "expected a duration such as \"150us\", \"20ms\", \"1.5s\" or \"2m\", got ", quoted));
  }
  if (absl::AbsDuration(duration) > absl::Microseconds(kMaxDurationUs)) {
    return absl::InvalidArgumentError(
        Concat("duration ", quoted, " is too large (the limit is 100 years)"));
  }
  absl::Duration remainder;
  const int64_t whole_us = absl::IDivDuration(duration, absl::Microseconds(1), &remainder);
  if (remainder != absl::ZeroDuration()) {
    return absl::InvalidArgumentError(Concat("virtual time has microsecond resolution; ", quoted,
                                             " is not a whole number of us"));
  }
  return whole_us;
}

std::string FormatDurationUs(TimeUs duration_us) {
  if (duration_us < 0) return Concat("-", FormatMagnitude(-duration_us));
  return FormatMagnitude(duration_us);
}

}  // namespace sim::scenario
