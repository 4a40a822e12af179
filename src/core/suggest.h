// Internal: the "did you mean" of messages about a name that is not known (an id, a
// scenario, an option). Not part of the public API.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor {

/// The candidates nearest to `wanted` by edit distance (insertions, deletions, substitutions
/// and swaps of two neighbours, letters compared without case), at most three of them, in
/// the order given, where the nearest lies within a third of `wanted`'s length (1 at least,
/// 3 at most); else, for a name of three characters or more, the candidates that begin with
/// it where at most three do ("CS01" finds "CS01_entry03_N01"); empty otherwise. "source27"
/// finds "source_27", "ru-10bcn" "ru-10bcm".
std::vector<std::string_view> NearestNames(std::string_view wanted,
                                           const std::vector<std::string_view>& candidates);

/// " (did you mean 'a'?)", " (did you mean 'a' or 'b'?)", or "" where NearestNames finds
/// none: to append to a message about `wanted`.
std::string DidYouMean(std::string_view wanted, const std::vector<std::string_view>& candidates);

/// DidYouMean for many unknown names against one list of candidates: the list is gathered
/// at the first question only, and only the first `limit` questions are answered, "" after
/// (each answer is a pass over every candidate: a .cs station with 48 000 compressors
/// naming unknown drives took minutes, the list rebuilt for each).
class NameHints {
 public:
  using Gather = std::function<void(std::vector<std::string_view>*)>;
  explicit NameHints(Gather gather, int limit = 100)
      : gather_(std::move(gather)), limit_(limit) {}
  std::string For(std::string_view wanted) {
    if (++asked_ > limit_) return {};
    if (!gathered_) {
      gather_(&names_);
      gathered_ = true;
    }
    return DidYouMean(wanted, names_);
  }

 private:
  Gather gather_;
  int limit_;
  int asked_ = 0;
  bool gathered_ = false;
  std::vector<std::string_view> names_;
};

}  // namespace corridor
