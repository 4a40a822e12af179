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
