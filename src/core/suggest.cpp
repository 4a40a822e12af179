#include "core/suggest.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "core/printable.h"

namespace corridor {
namespace {

char Fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance, or a value above `limit` once every alignment exceeds
// it (the rows' minimum only grows).
int Distance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), row(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    row[0] = i;
    int best = row[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = Fold(a[i - 1]) == Fold(b[j - 1]) ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && Fold(a[i - 1]) == Fold(b[j - 2]) && Fold(a[i - 2]) == Fold(b[j - 1]))
        row[j] = std::min(row[j], prev2[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[m];
}

}  // namespace

std::vector<std::string_view> NearestNames(std::string_view wanted,
                                           const std::vector<std::string_view>& candidates) {
  const int limit = std::clamp(static_cast<int>(wanted.size()) / 3, 1, 3);
  int best = limit + 1;
  std::vector<std::string_view> out;
  for (std::string_view c : candidates) {
    if (c == wanted) continue;
    const int d = Distance(wanted, c, std::min(best, limit));
    if (d < best) {
      best = d;
      out.assign(1, c);
    } else if (d == best && d <= limit && out.size() < 3 &&
               std::find(out.begin(), out.end(), c) == out.end()) {
      out.push_back(c);
    }
  }
  return out;
}

std::string DidYouMean(std::string_view wanted, const std::vector<std::string_view>& candidates) {
  const std::vector<std::string_view> near = NearestNames(wanted, candidates);
  if (near.empty()) return {};
  std::string s = " (did you mean ";
  for (std::size_t k = 0; k < near.size(); ++k)
    s += fmt::format("{}'{}'", k == 0 ? "" : k + 1 == near.size() ? " or " : ", ",
                     Printable(near[k]));
  s += "?)";
  return s;
}

}  // namespace corridor
