// Internal: equality and hashing of ids (node, arc and JSON member names: a few to twenty
// bytes), inline and a word at a time. string_view's == calls memcmp through the PLT and
// std::hash calls _Hash_bytes, together some 10% of reading GasLib-4197's pandapipes case.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace corridor::ids {

inline std::uint64_t Load8(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

inline std::uint64_t Load4(const char* p) {
  std::uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

/// a == b. Compares words, the last one overlapping the one before, so that no byte
/// outside either view is read.
[[gnu::always_inline]] inline bool Same(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char *p = a.data(), *q = b.data();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (Load8(p + i) != Load8(q + i)) return false;
    return Load8(p + n - 8) == Load8(q + n - 8);
  }
  if (n >= 4) return Load4(p) == Load4(q) && Load4(p + n - 4) == Load4(q + n - 4);
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != q[i]) return false;
  return true;
}

/// A hash of `s` with well mixed low bits (tables index with a power-of-two mask).
[[gnu::always_inline]] inline std::uint64_t Hash(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ull * (n + 1);
  const auto mix = [&h](std::uint64_t w) {
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
  };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) mix(Load8(p + i));
  if (i < n) {  // the rest: the last 8 (overlapping), or all of a short id
    if (n >= 8) mix(Load8(p + n - 8));
    else if (n >= 4) mix(Load4(p) << 32 | Load4(p + n - 4));
    else mix(static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[n / 2]) << 8 |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
  }
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 32);
}

/// Starts loading the cache line of `p`. GCC 12 drops a __builtin_prefetch whose address
/// depends on a load (such as an id's hash), hence the asm on x86-64.
inline void Prefetch(const void* p) {
#if defined(__x86_64__) && defined(__GNUC__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

}  // namespace corridor::ids
