#include "sim/scenario/duration_text.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sim::scenario {
namespace {

using ::testing::HasSubstr;

TEST(ScenarioDurationTextTest, ParsesTheContractSpellings) {
  EXPECT_EQ(*ParseDurationUs("150us"), 150);
  EXPECT_EQ(*ParseDurationUs("20ms"), 20 * kMillisecond);
  EXPECT_EQ(*ParseDurationUs("1.5s"), 1'500'000);
  EXPECT_EQ(*ParseDurationUs("2m"), 2 * kMinute);
  EXPECT_EQ(*ParseDurationUs("1h"), 60 * kMinute);
  EXPECT_EQ(*ParseDurationUs("1m30s"), 90 * kSecond);
  EXPECT_EQ(*ParseDurationUs("0s"), 0);
  EXPECT_EQ(*ParseDurationUs("-250ms"), -250 * kMillisecond);
  EXPECT_EQ(*ParseDurationUs("1000ns"), 1);
}

TEST(ScenarioDurationTextTest, RejectsMissingUnitsAndFractionsOfAMicrosecond) {
  for (const char* text : {"20", "0", "", "-5", "1.5"}) {
    EXPECT_THAT(std::string(ParseDurationUs(text).status().message()),
                HasSubstr("expected a duration string with a unit such as \"20ms\""))
        << text;
  }
  for (const char* text : {"1.5us", "10ns", "0.0000001s"}) {
    EXPECT_THAT(std::string(ParseDurationUs(text).status().message()),
                HasSubstr("microsecond resolution"))
        << text;
  }
  for (const char* text : {"inf", "-inf", "abc", "1 s", "5 days", "1d"}) {
    EXPECT_FALSE(ParseDurationUs(text).ok()) << text;
  }
  EXPECT_THAT(std::string(ParseDurationUs("1000000h").status().message()), HasSubstr("too large"));
}

TEST(ScenarioDurationTextTest, Formats) {
  EXPECT_EQ(FormatDurationUs(0), "0s");
  EXPECT_EQ(FormatDurationUs(150), "150us");
  EXPECT_EQ(FormatDurationUs(20 * kMillisecond), "20ms");
  EXPECT_EQ(FormatDurationUs(1'250), "1.25ms");
  EXPECT_EQ(FormatDurationUs(1'500'000), "1.5s");
  EXPECT_EQ(FormatDurationUs(1'000'001), "1.000001s");
  EXPECT_EQ(FormatDurationUs(60 * kSecond), "60s");
  EXPECT_EQ(FormatDurationUs(2 * kMinute), "120s");
  EXPECT_EQ(FormatDurationUs(-250 * kMillisecond), "-250ms");
}

TEST(ScenarioDurationTextTest, FormatParsesBackExactly) {
  std::vector<TimeUs> values = {1,
                                9,
                                999,
                                1000,
                                1001,
                                1010,
                                999'999,
                                1'000'000,
                                1'000'001,
                                59'999'999,
                                86'400'000'000,
                                kMaxDurationUs,
                                kMaxDurationUs - 1};
  // A spread of values with every number of digits and fractional parts.
  for (TimeUs value = 7; value < kMaxDurationUs / 13; value = value * 13 + 1) {
    values.push_back(value);
  }
  for (TimeUs value : values) {
    for (TimeUs signed_value : {value, -value}) {
      const std::string text = FormatDurationUs(signed_value);
      const absl::StatusOr<TimeUs> parsed = ParseDurationUs(text);
      ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
      EXPECT_EQ(*parsed, signed_value) << text;
    }
  }
}

}  // namespace
}  // namespace sim::scenario
