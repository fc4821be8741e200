// Progress displays on stderr (off a terminal, as under ctest): plain lines with the position,
// rate and ETA, nothing with --quiet, nothing on stdout.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/dynamo-sim/progress_line.h"
#include "tools/dynamo-sim/run_progress.h"

namespace sim::cli {
namespace {

using ::testing::MatchesRegex;

TEST(ProgressTest, RunProgressPrintsPlainLinesOffATerminal) {
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  RunProgress progress(/*enabled=*/true, /*quiet_start_s=*/0);
  progress.Update(30 * kSecond, 120 * kSecond, 1000);
  progress.Update(31 * kSecond, 120 * kSecond, 2000);  // within the plain interval: no line
  progress.Finish();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_THAT(err, MatchesRegex("run: t=30\\.0s of 120\\.0s \\(25%\\)  [0-9.]+[kM]? events/s  "
                                "ETA [0-9]+s\n"));
}

TEST(ProgressTest, RunProgressIsSilentWhenQuietOrInItsFirstSecond) {
  testing::internal::CaptureStderr();
  RunProgress quiet(/*enabled=*/false, /*quiet_start_s=*/0);
  quiet.Update(30 * kSecond, 120 * kSecond, 1000);
  RunProgress short_run(/*enabled=*/true);  // a second has not passed yet
  short_run.Update(30 * kSecond, 120 * kSecond, 1000);
  short_run.Finish();
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(ProgressTest, SweepProgressPrintsPlainLinesOffATerminal) {
  testing::internal::CaptureStderr();
  ProgressLine progress(/*total=*/4, /*enabled=*/true, /*plain_interval_s=*/0);
  progress.Update(1, 0);
  progress.Update(4, 1);
  progress.Finish();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, MatchesRegex("seeds 1/4  failed 0  [0-9.]+ seeds/s  ETA [0-9hms?]+\n"
                                "seeds 4/4  failed 1  [0-9.]+ seeds/s  ETA 0s\n"));
  testing::internal::CaptureStderr();
  ProgressLine quiet(/*total=*/4, /*enabled=*/false, /*plain_interval_s=*/0);
  quiet.Update(1, 0);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(ProgressTest, FormatEta) {
  EXPECT_EQ(FormatEta(42), "42s");
  EXPECT_EQ(FormatEta(209), "3m29s");
  EXPECT_EQ(FormatEta(3900), "1h05m");
}

}  // namespace
}  // namespace sim::cli
