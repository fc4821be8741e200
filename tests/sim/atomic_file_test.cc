#include "sim/report/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sim {
namespace {

namespace fs = std::filesystem;

// A fresh, empty directory for one test.
fs::path FreshDirectory(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("atomic_file_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

TEST(WriteFileAtomicallyTest, WritesTheContentAndLeavesNoTemporary) {
  const fs::path dir = FreshDirectory("writes");
  const fs::path path = dir / "report.json";
  ASSERT_TRUE(WriteFileAtomically(path.string(), "{\"a\":1}\n").ok());
  EXPECT_EQ(ReadAll(path), "{\"a\":1}\n");
  EXPECT_FALSE(fs::exists(dir / "report.json.tmp"));
  // Overwrites, again leaving only the file.
  ASSERT_TRUE(WriteFileAtomically(path.string(), "second").ok());
  EXPECT_EQ(ReadAll(path), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(WriteFileAtomicallyTest, EmptyContent) {
  const fs::path dir = FreshDirectory("empty");
  ASSERT_TRUE(WriteFileAtomically((dir / "empty").string(), "").ok());
  EXPECT_TRUE(fs::exists(dir / "empty"));
  EXPECT_EQ(fs::file_size(dir / "empty"), 0u);
  fs::remove_all(dir);
}

TEST(WriteFileAtomicallyTest, MissingDirectoryFailsNamingThePath) {
  const fs::path dir = FreshDirectory("missing");
  const fs::path path = dir / "no_such_directory" / "report.json";
  const absl::Status status = WriteFileAtomically(path.string(), "content");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(path.string()));
  EXPECT_FALSE(fs::exists(path));
  fs::remove_all(dir);
}

TEST(WriteFileAtomicallyTest, FailedRenameKeepsTheOldFileAndRemovesTheTemporary) {
  const fs::path dir = FreshDirectory("rename");
  const fs::path path = dir / "target";
  fs::create_directories(path / "child");  // a non-empty directory cannot be renamed over
  const absl::Status status = WriteFileAtomically(path.string(), "content");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(path.string()));
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_FALSE(fs::exists(dir / "target.tmp"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sim
