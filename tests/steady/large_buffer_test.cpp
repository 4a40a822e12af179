// The solver's large-array allocator (steady/large_buffer.h): arrays of 2 MiB and more on
// 2 MiB boundaries, advised as transparent huge pages; smaller ones as usual.
#include "steady/large_buffer.h"

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace corridor::steady_internal {
namespace {

bool OnHugePageBoundary(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p) % kHugePage == 0;
}

TEST(LargeBuffer, LargeArraysSitOnHugePageBoundariesAndKeepTheirValues) {
  LargeVector<double> v(1 << 20);  // 8 MiB
  EXPECT_TRUE(OnHugePageBoundary(v.data()));
  std::iota(v.begin(), v.end(), 0.0);
  LargeVector<double> copy = v;
  EXPECT_TRUE(OnHugePageBoundary(copy.data()));
  EXPECT_EQ(copy[(1 << 20) - 1], static_cast<double>((1 << 20) - 1));
  v.resize(10);  // shrinking keeps the block; growing past it moves to a new one
  v.shrink_to_fit();
  EXPECT_EQ(v[9], 9.0);
  LargeArray<float> f = MakeLargeArray<float>(3 << 20);  // 12 MiB
  EXPECT_TRUE(OnHugePageBoundary(f.get()));
  f[(3 << 20) - 1] = 1.5f;
  EXPECT_EQ(f[(3 << 20) - 1], 1.5f);
  LargeVector<int> small(100, 7);  // plain memory
  EXPECT_EQ(small[99], 7);
}

// Where the kernel offers transparent huge pages on advice, a large array's mapping is
// eligible for them (/proc/self/smaps, "THPeligible"): the advice was given. Without it,
// in "madvise" mode, the mapping would not be eligible.
TEST(LargeBuffer, LargeArraysAreAdvisedAsHugePages) {
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!mode || !std::getline(mode, modes) || modes.find("[never]") != std::string::npos)
    GTEST_SKIP() << "transparent huge pages are not offered here";
  LargeVector<double> v(1 << 21, 1.0);  // 16 MiB, touched
  const auto at = reinterpret_cast<std::uintptr_t>(v.data());
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false, found = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= at && at < hi;
      continue;
    }
    if (inside && line.rfind("THPeligible:", 0) == 0) {
      found = true;
      EXPECT_NE(line.find('1'), std::string::npos) << line;
    }
  }
  if (!found) GTEST_SKIP() << "this kernel's smaps has no THPeligible field";
}

}  // namespace
}  // namespace corridor::steady_internal
