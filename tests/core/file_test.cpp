#include "corridor/file.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace corridor {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor_file_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t FilesIn(const fs::path& p) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(p), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(FileTest, WriteThenReadGivesTheSameBytes) {
  std::string path = (dir_ / "x.txt").string();
  std::string content("a\0b\r\nc", 6);
  ASSERT_TRUE(WriteFileAtomically(path, content).ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString(path, &back).ok());
  EXPECT_EQ(back, content);
  EXPECT_EQ(FilesIn(dir_), 1u) << "no temporary file may remain";
}

TEST_F(FileTest, OverwriteReplacesWholeFile) {
  std::string path = (dir_ / "x.txt").string();
  ASSERT_TRUE(WriteFileAtomically(path, "a long first version").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "short").ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString(path, &back).ok());
  EXPECT_EQ(back, "short");
}

TEST_F(FileTest, MissingFolderFailsAndLeavesNothing) {
  Status s = WriteFileAtomically((dir_ / "no" / "x.txt").string(), "x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not exist"), std::string::npos) << s.message();
  EXPECT_EQ(FilesIn(dir_), 0u);
}

// Regression: convert removed a user's existing file when a later write of the same run
// failed. A set of files is now written all or nothing, and old files keep their content.
TEST_F(FileTest, SeveralFilesAllOrNothing) {
  const std::string a = (dir_ / "case.net").string(), b = (dir_ / "case.scn").string();
  ASSERT_TRUE(WriteFileAtomically(a, "precious").ok());
  fs::create_directories(b);  // the second target is a folder: its write must fail
  Status s = WriteFilesAtomically({{a, "new net"}, {b, "new scn"}});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is a folder"), std::string::npos) << s.message();
  std::string back;
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "precious");
  EXPECT_EQ(FilesIn(dir_), 2u) << "no temporary file may remain";
  fs::remove_all(b);
  ASSERT_TRUE(WriteFilesAtomically({{a, "new net"}, {b, "new scn"}}).ok());
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "new net");
  ASSERT_TRUE(ReadFileToString(b, &back).ok());
  EXPECT_EQ(back, "new scn");
}

TEST_F(FileTest, ReadMissingFileIsNotFound) {
  std::string content;
  Status s = ReadFileToString((dir_ / "nope.net").string(), &content);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("nope.net"), std::string::npos);
}

TEST_F(FileTest, ReadDirectoryIsAnError) {
  std::string content;
  Status s = ReadFileToString(dir_.string(), &content);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace corridor
