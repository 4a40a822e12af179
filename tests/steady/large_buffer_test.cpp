// The solver's large-array allocator (steady/large_buffer.h): arrays of 2 MiB and more on
// 2 MiB boundaries, advised as transparent huge pages; those from 4 KiB up kept per thread
// for the next solve.
#include "steady/large_buffer.h"

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/steady.h"

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
  // Every array of 2 MiB and more, however much of its last huge page it leaves unused:
  // the lattice's pattern entries (4.8 MB in three pages) went to glibc's heap, whose top
  // was handed back and faulted in again every solve (61 -> 81 ms).
  for (std::size_t bytes : {std::size_t{4776000}, kHugePage, kHugePage + 1}) {
    LargeVector<char> odd(bytes);
    EXPECT_TRUE(OnHugePageBoundary(odd.data())) << bytes;
  }
  // A size within a huge page of SIZE_MAX rounded up to 0 (a block of nothing returned).
  const std::size_t most = static_cast<std::size_t>(-1);
  for (std::size_t bytes : {most, most - kHugePage + 2})
    EXPECT_THROW(AllocateLarge(bytes), std::bad_alloc) << bytes;
  EXPECT_THROW(MakeLargeArray<double>(most / 4), std::bad_alloc);
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

// A freed array's block serves the next array of its size class on the same thread (and
// only then: another thread has its own), at most kKeptBytes are kept, and releasing frees
// them all.
TEST(LargeBuffer, ArraysOfAFewKiBAreKeptForTheNextOnTheirThread) {
  ReleaseKept();
  ASSERT_EQ(KeptBytes(), 0u);
  const double* first = nullptr;
  {
    LargeVector<double> v(10000, 1.0);  // 80 kB
    first = v.data();
  }
  EXPECT_GE(KeptBytes(), 80000u);
  EXPECT_LE(KeptBytes(), 80000u * 5 / 4);  // a class at most a quarter above the size
  // Another thread finds none of it.
  std::thread([] { EXPECT_EQ(KeptBytes(), 0u); }).join();
  {
    LargeVector<double> w(9500);  // 76 kB, the same class (64 to 80 KiB): the same block
    EXPECT_EQ(w.data(), first);
    EXPECT_EQ(KeptBytes(), 0u);
    w.assign(w.size(), 2.0);
  }
  {
    LargeVector<int> small(100, 7);  // under 4 KiB: not kept
    EXPECT_EQ(small[99], 7);
  }
  EXPECT_GE(KeptBytes(), 76000u);
  // Sizes on every class boundary round trip, each block within a quarter of its size.
  for (std::size_t bytes = 4096; bytes < kHugePage; bytes = bytes * 9 / 8 + 1) {
    void* p = AllocateLarge(bytes);
    static_cast<char*>(p)[bytes - 1] = 1;  // the whole size is usable
    FreeLarge(p, bytes);
    EXPECT_EQ(AllocateLarge(bytes), p) << bytes;  // back from the cache: its class' block
    FreeLarge(p, bytes);
  }
  // The cap: 40 arrays of 2 MiB - 8 kB (not on huge pages: kept if there is room).
  std::vector<LargeVector<char>> many;
  for (int k = 0; k < 40; ++k) many.emplace_back((std::size_t{2} << 20) - 8192);
  many.clear();
  EXPECT_LE(KeptBytes(), kKeptBytes);
  EXPECT_GE(KeptBytes(), kKeptBytes - (std::size_t{2} << 20));
  EXPECT_GT(ReleaseSteadyMemory(), 0u);
  EXPECT_EQ(KeptBytes(), 0u);
}

}  // namespace
}  // namespace corridor::steady_internal
