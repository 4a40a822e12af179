// Memory for the solver's largest arrays on transparent huge pages where the system offers
// them (Linux with THP in "madvise" or "always" mode; elsewhere, or with THP off, plain
// memory).
//
// Why: a solve writes its arrays once on fresh memory, and on the 200 x 200 lattice (80k
// pipes, a 2.2e6-entry factor) that was ~75 MB a solve, 18,000 page faults of 4 KiB at
// ~2.4 us each: a third of the solve's time (docs/benchmarks.md). Arrays of 2 MiB and more
// (every one: large_buffer.cpp says why) are placed on 2 MiB boundaries and advised as huge
// pages (MADV_HUGEPAGE): one fault per 2 MiB.
//
// Arrays from 4 KiB up to the huge-page size are kept for the next solve on the same thread
// instead of being freed: blocks in size classes (four per power of two), each thread
// holding at most kKeptBytes of them. Why: glibc hands the top of its heap back to the
// system once more than its trim threshold is free there, so in a program that read
// GasLib-4197 once and solved it again and again each solve, whose ~2 MB of arrays all go
// at its end, faulted them in anew (about 450 faults of 4 KiB per solve: docs/benchmarks.md,
// eleventh round). Only memory is kept, never contents: an
// array taken from the cache is as uninitialised as a fresh one, and std::vector fills it.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace corridor::steady_internal {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Bytes from AllocateLarge / to FreeLarge: the same size both ways (it chooses the path).
void* AllocateLarge(std::size_t bytes);
void FreeLarge(void* p, std::size_t bytes) noexcept;

// The most a thread keeps (the blocks of its cache, not counting those in use).
inline constexpr std::size_t kKeptBytes = std::size_t{64} << 20;
// Bytes this thread's cache holds now, and frees them all (corridor::ReleaseSteadyMemory).
std::size_t KeptBytes() noexcept;
void ReleaseKept() noexcept;

// Fresh memory that another thread may fault in ahead of its first use (TouchPages).
struct FreshMemory {
  void* p = nullptr;
  std::size_t bytes = 0;
};
// Writes a zero to every 4 KiB page of m, whose contents must not matter: its page faults
// (the kernel clearing the pages) happen here rather than at the first real write.
void TouchPages(const FreshMemory& m) noexcept;

template <class T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <class U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}  // NOLINT: rebinding
  T* allocate(std::size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { FreeLarge(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const LargeAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using LargeVector = std::vector<T, LargeAllocator<T>>;

// An uninitialized array of n T (trivial T) on such memory.
template <class T>
struct LargeArrayDeleter {
  std::size_t bytes = 0;
  void operator()(T* p) const noexcept { FreeLarge(p, bytes); }
};
template <class T>
using LargeArray = std::unique_ptr<T[], LargeArrayDeleter<T>>;
template <class T>
LargeArray<T> MakeLargeArray(std::size_t n) {
  if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
  return LargeArray<T>(static_cast<T*>(AllocateLarge(n * sizeof(T))),
                       LargeArrayDeleter<T>{n * sizeof(T)});
}

}  // namespace corridor::steady_internal
