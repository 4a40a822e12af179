#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace corridor {
namespace {

// Same compares words; every length up to three words and every position of a difference
// must still be seen, and nothing outside the views may count.
TEST(Ids, SameSeesEveryDifferenceAtEveryLength) {
  for (std::size_t n = 0; n <= 24; ++n) {
    std::string a(n, 'x'), b(n, 'x');
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + i);
    EXPECT_TRUE(ids::Same(a, b)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string c = b;
      c[i] = '#';
      EXPECT_FALSE(ids::Same(a, c)) << n << " at " << i;
    }
    EXPECT_FALSE(ids::Same(a, a + "z")) << n;
  }
  const std::string text = "innode_12innode_13";  // equal views inside different text
  EXPECT_TRUE(ids::Same(std::string_view(text).substr(0, 8), "innode_1"));
  EXPECT_FALSE(ids::Same(std::string_view(text).substr(0, 9), "innode_13"));
}

// The hash tables mask low bits: ids that differ in one digit must spread over them.
TEST(Ids, HashSpreadsSimilarIdsOverLowBits) {
  std::set<std::uint64_t> low;
  for (int i = 0; i < 4096; ++i) low.insert(ids::Hash("innode_" + std::to_string(i)) & 8191);
  EXPECT_GT(low.size(), 3000u);  // a uniform hash gives about 3 150 of 4 096 distinct
  EXPECT_EQ(ids::Hash("pipe_1"), ids::Hash(std::string("pipe_1")));
  EXPECT_NE(ids::Hash("a"), ids::Hash("b"));
  EXPECT_NE(ids::Hash(""), ids::Hash(std::string_view("\0", 1)));
}

}  // namespace
}  // namespace corridor
