// Helpers shared by the tests.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace corridor::test {

/// The shared data folder (../shared), as configured by CMake.
inline std::string SharedDir() { return CORRIDOR_SHARED_DIR; }
inline std::string GasLibDir() { return SharedDir() + "/data/gaslib"; }
inline std::string ReferenceDir() { return SharedDir() + "/data/reference"; }
inline std::string SourceDir() { return CORRIDOR_SOURCE_DIR; }
inline bool HaveShared() { return std::filesystem::is_directory(GasLibDir()); }

}  // namespace corridor::test

/// Skips the test, saying why, when ../shared is not there.
#define CORRIDOR_REQUIRE_SHARED()                                                     \
  do {                                                                                \
    if (!::corridor::test::HaveShared())                                              \
      GTEST_SKIP() << "shared data not found at " << ::corridor::test::SharedDir()    \
                   << " (configure with -DCORRIDOR_SHARED_DIR=...)";                  \
  } while (0)

#ifdef CORRIDOR_CLI
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "corridor/file.h"

namespace corridor::test {

/// What a run of the corridor program gave.
struct CliResult {
  int status = -1;  ///< exit status (-1 when it did not exit normally)
  std::string out, err;
};

/// Base fixture for tests that run the built `corridor` program: each test gets its own
/// scratch folder (removed afterwards), Run() captures exit status, stdout and stderr.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("corridor_cli_") + info->test_suite_name() + "_" + info->name() + "_" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string Quote(const std::string& s) { return "'" + s + "'"; }

  CliResult Run(const std::vector<std::string>& args) {
    std::string cmd = Quote(CORRIDOR_CLI);
    for (const std::string& a : args) cmd += " " + Quote(a);
    const std::string out = (dir_ / "stdout.txt").string(), err = (dir_ / "stderr.txt").string();
    cmd += " > " + Quote(out) + " 2> " + Quote(err);
    CliResult r;
    const int raw = std::system(cmd.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    EXPECT_TRUE(ReadFileToString(out, &r.out).ok());
    EXPECT_TRUE(ReadFileToString(err, &r.err).ok());
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return r;
  }

  /// Writes a scratch file and returns its path.
  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    EXPECT_TRUE(WriteFileAtomically(p, text).ok());
    return p;
  }

  std::filesystem::path dir_;
};

}  // namespace corridor::test
#endif  // CORRIDOR_CLI
