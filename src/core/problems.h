// The problems of something built in code (options, a case, an inflow), collected so that
// one Status lists them all: a caller who fixed the first and ran again met the next.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "corridor/status.h"

namespace corridor::internal {

// In the order the checks meet them. The Status lists the first kListed and counts the
// rest (a generated case broken everywhere has a problem per element); one problem reads
// alone, as when the first was the Status.
class Problems {
 public:
  static constexpr std::size_t kListed = 20;

  // `what` heads a list of several: "hydro case" -> "hydro case has 3 problems: ...".
  explicit Problems(std::string what, Status (*make)(std::string) = &Status::InvalidInput)
      : what_(std::move(what)), make_(make) {}

  void Add(std::string problem) {
    ++count_;
    if (listed_.size() < kListed) listed_.push_back(std::move(problem));
  }
  // Adds the message of a Status that is not Ok.
  void Add(const Status& s) {
    if (!s.ok()) Add(s.message());
  }
  bool empty() const { return count_ == 0; }

  // The problems listed, "; " between them, and the count of the rest.
  std::string List() const {
    std::string m;
    for (std::size_t k = 0; k < listed_.size(); ++k) {
      if (k > 0) m += "; ";
      m += listed_[k];
    }
    if (count_ > listed_.size())
      m += fmt::format("; ... and {} more (only the first {} are listed)",
                       count_ - listed_.size(), kListed);
    return m;
  }

  Status ToStatus() const {
    if (count_ == 0) return Status::Ok();
    if (count_ == 1) return make_(listed_.front());
    return make_(fmt::format("{} has {} problems: {}", what_, count_, List()));
  }

 private:
  std::string what_;
  Status (*make_)(std::string);
  std::size_t count_ = 0;
  std::vector<std::string> listed_;
};

}  // namespace corridor::internal
