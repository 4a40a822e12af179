#include "core/suggest.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include <fmt/format.h>

#include "core/printable.h"

namespace corridor {
namespace {

// A-Z as a-z, whatever the locale.
char Fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance, or a value above `limit` once every alignment exceeds
// it (the rows' minimum only grows). Only the band of cells within `limit` of the diagonal
// is computed, the rest standing at limit + 1 (no alignment through them stays within it):
// an id of 30 000 characters beside one a character longer took 7.8 s, the whole table, and
// one of a million hours. The rows are the caller's, reused over the candidates: a controls
// file of 3 000 unknown ids against GasLib-4197's 8 663 took 24 s with three allocations per
// pair.
int Distance(std::string_view a, std::string_view b, int limit, std::vector<int>* rows) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  const int far = limit + 1;
  rows->assign(3 * static_cast<std::size_t>(m + 1), far);
  int* prev2 = rows->data();
  int* prev = prev2 + (m + 1);
  int* row = prev + (m + 1);
  for (int j = 0; j <= std::min(m, limit); ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - limit), hi = std::min(m, i + limit);
    row[lo - 1] = lo == 1 ? i : far;
    int best = row[lo - 1];
    for (int j = lo; j <= hi; ++j) {
      const int cost = Fold(a[i - 1]) == Fold(b[j - 1]) ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost, far});
      if (i > 1 && j > 1 && Fold(a[i - 1]) == Fold(b[j - 2]) && Fold(a[i - 2]) == Fold(b[j - 1]))
        row[j] = std::min(row[j], prev2[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (hi < m) row[hi + 1] = far;  // (the next row's band reaches one further)
    if (best > limit) return far;
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return std::min(prev[m], far);
}

// A lower bound of Distance from the letters alone (each edit changes at most one letter's
// count on each side; a swap none): the larger of the two surpluses. Cheap, and most
// candidates are farther than `limit` by it.
int LetterBound(std::array<int, 256>* counts, std::size_t a_size, std::string_view b,
                std::string* taken) {
  taken->clear();
  for (char ch : b) {
    int& k = (*counts)[static_cast<unsigned char>(Fold(ch))];
    if (k > 0) {
      --k;
      taken->push_back(Fold(ch));
    }
  }
  for (char ch : *taken) ++(*counts)[static_cast<unsigned char>(ch)];  // as they were
  const int matched = static_cast<int>(taken->size());
  return std::max(static_cast<int>(a_size) - matched, static_cast<int>(b.size()) - matched);
}

}  // namespace

std::vector<std::string_view> NearestNames(std::string_view wanted,
                                           const std::vector<std::string_view>& candidates) {
  std::vector<std::string_view> out;
  if (wanted.empty()) return out;  // (nothing to be near to: every short name would be)
  const int limit = std::clamp(static_cast<int>(wanted.size()) / 3, 1, 3);
  int best = limit + 1;
  std::array<int, 256> counts{};
  for (char ch : wanted) ++counts[static_cast<unsigned char>(Fold(ch))];
  std::vector<int> rows;
  std::string taken;
  for (std::string_view c : candidates) {
    if (c == wanted) continue;
    const int bound = std::min(best, limit);
    const int length_gap = std::abs(static_cast<int>(c.size()) - static_cast<int>(wanted.size()));
    if (length_gap > bound || LetterBound(&counts, wanted.size(), c, &taken) > bound) continue;
    const int d = Distance(wanted, c, bound, &rows);
    if (d < best) {
      best = d;
      out.assign(1, c);
    } else if (d == best && d <= limit && out.size() < 3 &&
               std::find(out.begin(), out.end(), c) == out.end()) {
      out.push_back(c);
    }
  }
  if (!out.empty() || wanted.size() < 3) return out;
  // None near by edits: the names that begin with it, where at most three do. GasLib's ids
  // carry their ends ("CS01_entry03_N01"), and "CS01" found nothing.
  for (std::string_view c : candidates) {
    if (c.size() <= wanted.size() ||
        !std::equal(wanted.begin(), wanted.end(), c.begin(),
                    [](char x, char y) { return Fold(x) == Fold(y); }))
      continue;
    if (out.size() == 3) return {};
    out.push_back(c);
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
