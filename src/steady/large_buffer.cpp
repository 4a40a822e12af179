#include "steady/large_buffer.h"

#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace corridor::steady_internal {
namespace {

std::size_t WholeHugePages(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

// Huge pages for arrays of 2 MiB and more that waste at most a quarter of their size in
// the last page (the kernel clears the whole page on first touch: an array of 2.5 MB on two
// pages cost more than it saved; lattice, min of 15: 91-93 ms for every array >= 2 MiB,
// 88 ms with this rule, 111 ms for arrays >= 8 MiB only, 122-128 ms without).
bool OnHugePages(std::size_t bytes) {
  return bytes >= kHugePage && WholeHugePages(bytes) - bytes <= bytes / 4;
}

}  // namespace

void* AllocateLarge(std::size_t bytes) {
  if (!OnHugePages(bytes)) return ::operator new(bytes);
  // Whole huge pages on a huge-page boundary: the advice covers the array and nothing else.
  const std::size_t size = WholeHugePages(bytes);
  void* p = std::aligned_alloc(kHugePage, size);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, size, MADV_HUGEPAGE);  // advice only: ignored where THP is off
#endif
  return p;
}

void FreeLarge(void* p, std::size_t bytes) noexcept {
  if (!OnHugePages(bytes)) {
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
