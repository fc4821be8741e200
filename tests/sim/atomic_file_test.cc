#include "sim/report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

// The temporary has a unique name: a leftover at the old fixed name (PATH.tmp, here a directory
// no file can be written to) used to make every later write of PATH fail.
TEST(WriteFileAtomicallyTest, TemporaryNamesAreUnique) {
  const fs::path dir = FreshDirectory("unique");
  const fs::path path = dir / "report.json";
  fs::create_directories(dir / "report.json.tmp" / "child");
  ASSERT_TRUE(WriteFileAtomically(path.string(), "content").ok());
  EXPECT_EQ(ReadAll(path), "content");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
  fs::remove_all(dir);
}

// A non-regular file (a FIFO here, a device such as /dev/null on the command line) is written to
// in place: renaming a temporary over it would replace it with a regular file.
TEST(WriteFileAtomicallyTest, AFifoIsWrittenInPlaceNotReplaced) {
  const fs::path dir = FreshDirectory("fifo");
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // so the writer can open
  ASSERT_GE(reader, 0);
  ASSERT_TRUE(WriteFileAtomically(fifo.string(), "through the pipe").ok());
  char buffer[64] = {};
  const ssize_t read = ::read(reader, buffer, sizeof(buffer));
  ::close(reader);
  EXPECT_EQ(std::string(buffer, read > 0 ? static_cast<size_t>(read) : 0), "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sim
