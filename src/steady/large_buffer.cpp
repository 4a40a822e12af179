#include "steady/large_buffer.h"

#include <array>
#include <bit>
#include <cstdlib>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace corridor::steady_internal {
namespace {

std::size_t WholeHugePages(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

// Huge pages for every array of 2 MiB and more. (Until 2026-12-01 only for those that
// wasted at most a quarter of their last page, the kernel clearing the whole page on first
// touch: lattice, min of 15, 88 ms against 91-93 for every array. The others went to
// glibc's heap, and a one-line change of a reservation, 3.8 to 4.8 MB of pattern entries,
// moved two arrays across that line: the heap's top was then handed back and faulted in
// again every solve, 45 000 more faults over six lattice solves, 61 to 81 ms, unseen by
// the instruction counts. Every array on huge pages: 37 000 faults, 67 to 70 ms against
// 65 to 66 ms for the old reservation; no cliff for the next array that grows.)
bool OnHugePages(std::size_t bytes) { return bytes >= kHugePage; }

// The kept blocks: size classes of four per power of two from 4 KiB to the huge-page size
// (a block is up to 19 % larger than asked for), each a stack of blocks of exactly its
// class' size from operator new.
constexpr std::size_t kSmallest = 4096;
constexpr int kClasses = 4 * 10;  // (2 KiB, 4 KiB] .. (1 MiB, 2 MiB]

// The class of a block of `bytes` (kSmallest <= bytes <= kHugePage) and its size.
int ClassOf(std::size_t bytes) {
  const int octave = std::bit_width(bytes - 1) - 1;  // 2^octave < bytes <= 2^(octave + 1)
  const std::size_t base = std::size_t{1} << octave, quarter = base / 4;
  const int step = static_cast<int>((bytes - base + quarter - 1) / quarter);  // 1 .. 4
  return 4 * (octave - 11) + step - 1;
}
std::size_t ClassBytes(int c) {
  const std::size_t base = std::size_t{1} << (c / 4 + 11);
  return base + (c % 4 + 1) * (base / 4);
}

// Set when this thread's cache is gone (thread exit): arrays freed later go straight back.
thread_local bool kept_gone = false;

struct Kept {
  std::array<std::vector<void*>, kClasses> blocks;
  std::size_t bytes = 0;
  void Release() noexcept {
    for (int c = 0; c < kClasses; ++c) {
      for (void* p : blocks[c]) ::operator delete(p);
      blocks[c].clear();
      blocks[c].shrink_to_fit();
    }
    bytes = 0;
  }
  ~Kept() {
    Release();
    kept_gone = true;
  }
};

Kept& ThreadKept() {
  thread_local Kept kept;
  return kept;
}

bool InClasses(std::size_t bytes) {
  return bytes >= kSmallest && bytes <= kHugePage && !kept_gone;
}

}  // namespace

std::size_t KeptBytes() noexcept { return kept_gone ? 0 : ThreadKept().bytes; }
void ReleaseKept() noexcept {
  if (!kept_gone) ThreadKept().Release();
}

void* AllocateLarge(std::size_t bytes) {
  if (!OnHugePages(bytes)) {
    if (!InClasses(bytes)) return ::operator new(bytes);
    const int c = ClassOf(bytes);
    Kept& kept = ThreadKept();
    if (std::vector<void*>& b = kept.blocks[c]; !b.empty()) {
      void* p = b.back();
      b.pop_back();
      kept.bytes -= ClassBytes(c);
      return p;
    }
    return ::operator new(ClassBytes(c));
  }
  // Whole huge pages on a huge-page boundary: the advice covers the array and nothing else
  // (a size within a huge page of SIZE_MAX would round up past it, to 0).
  if (bytes > static_cast<std::size_t>(-1) - kHugePage) throw std::bad_alloc();
  const std::size_t size = WholeHugePages(bytes);
  void* p = std::aligned_alloc(kHugePage, size);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, size, MADV_HUGEPAGE);  // advice only: ignored where THP is off
#endif
  return p;
}

void FreeLarge(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (!OnHugePages(bytes)) {
    if (InClasses(bytes)) {
      const int c = ClassOf(bytes);
      Kept& kept = ThreadKept();
      if (kept.bytes + ClassBytes(c) <= kKeptBytes) {
        try {
          kept.blocks[c].push_back(p);
          kept.bytes += ClassBytes(c);
          return;
        } catch (...) {  // no room for the pointer: free the block
        }
      }
    }
    ::operator delete(p);
  } else {
    std::free(p);
  }
}

void TouchPages(const FreshMemory& m) noexcept {
  // volatile: the stores must happen although nothing reads them here.
  volatile char* c = static_cast<char*>(m.p);
  for (std::size_t b = 0; b < m.bytes; b += 4096) c[b] = 0;
}

}  // namespace corridor::steady_internal
