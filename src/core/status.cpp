#include "corridor/status.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "core/guarded_call.h"
#include "core/printable.h"

namespace corridor {

namespace {
const char* CodeName(Status::Code c) {
  switch (c) {
    case Status::Code::kOk: return "OK";
    case Status::Code::kInvalidArgument: return "invalid argument";
    case Status::Code::kNotFound: return "not found";
    case Status::Code::kParseError: return "parse error";
    case Status::Code::kInvalidInput: return "invalid input";
    case Status::Code::kIoError: return "I/O error";
    case Status::Code::kInternal: return "internal error";
  }
  return "unknown";
}

const char* SeverityName(Diagnostic::Severity s) {
  switch (s) {
    case Diagnostic::Severity::kError: return "error";
    case Diagnostic::Severity::kWarning: return "warning";
    case Diagnostic::Severity::kNote: return "note";
  }
  return "error";
}
}  // namespace

std::string Status::ToString() const {
  if (ok()) return "OK";
  return fmt::format("{}: {}", CodeName(code_), message_);
}

namespace {
// The length of the well-formed UTF-8 sequence of more than one byte at s[i] (RFC 3629:
// no overlong form, no surrogate, nothing above U+10FFFF), or 0.
std::size_t Utf8SequenceAt(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                        : c >= 0xF0 && c <= 0xF4                          ? 4
                                                                          : 0;
  if (n == 0 || i + n > s.size()) return 0;
  // The second byte's range narrows after E0, ED, F0 and F4.
  const unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  const unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

// A finding is one line: control characters an id or a value brought in (a station id
// "CS\n1" split its finding in two; U+0001 was invisible) are shown as \xNN, and so is a
// byte that is no UTF-8 (an id built by a program, a file name in Latin-1: messages end up
// in terminals and in JSON that must be UTF-8); text beyond `cap` bytes is cut (a 20 MB id
// made a 20 MB line; the cut keeps UTF-8 whole).
void AppendPrintable(std::string* out, std::string_view s, std::size_t cap) {
  const std::size_t full = s.size();
  if (s.size() > cap) {
    std::size_t end = cap;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s = s.substr(0, end);
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t n = Utf8SequenceAt(s, i); n > 0) {
        out->append(s.substr(i, n));
        i += n - 1;
        continue;
      }
    }
    if (c < 0x20 || c >= 0x7F)
      *out += fmt::format("\\x{:02X}", static_cast<unsigned>(c));
    else
      *out += static_cast<char>(c);
  }
  if (s.size() < full) *out += fmt::format("... ({} bytes in all)", full);
}
}  // namespace

std::string Printable(std::string_view s) {
  std::string out;
  AppendPrintable(&out, s, s.size());
  return out;
}

std::string Diagnostic::ToString() const {
  std::string out;
  if (!file.empty()) {
    AppendPrintable(&out, file, 1000);
    if (line > 0) out += fmt::format(":{}", line);
    out += ": ";
  }
  out += SeverityName(severity);
  out += ": ";
  if (!element.empty()) {
    AppendPrintable(&out, element, 200);
    out += ": ";
  }
  AppendPrintable(&out, message, 2000);
  if (!rule.empty()) out += " [" + rule + "]";
  return out;
}

Diagnostics& Diagnostics::operator=(const Diagnostics& o) {
  if (this == &o) return *this;
  o.Settle();  // (then its lists stay as they are while only const calls read it)
  max_stored_ = o.max_stored_;
  items_ = o.items_;
  tail_.clear();
  cut_ = 0;
  soft_ = o.soft_;
  errors_ = o.errors_;
  warnings_ = o.warnings_;
  dropped_ = o.dropped_;
  displaced_ = o.displaced_;
  return *this;
}

Diagnostics& Diagnostics::operator=(Diagnostics&& o) noexcept {
  if (this == &o) return *this;
  max_stored_ = o.max_stored_;
  items_ = std::move(o.items_);
  tail_ = std::move(o.tail_);
  cut_ = o.cut_;
  soft_ = o.soft_;
  errors_ = o.errors_;
  warnings_ = o.warnings_;
  dropped_ = o.dropped_;
  displaced_ = o.displaced_;
  // (Its counters with its lists: a moved-from one reused kept a stale cut, and listed
  // more than its cap.)
  o.items_.clear();
  o.tail_.clear();
  o.cut_ = o.soft_ = o.errors_ = o.warnings_ = o.dropped_ = o.displaced_ = 0;
  return *this;
}

void Diagnostics::Add(Diagnostic d) {
  if (d.severity == Diagnostic::Severity::kError) ++errors_;
  if (d.severity == Diagnostic::Severity::kWarning) ++warnings_;
  if (items_.size() < max_stored_) {
    if (d.severity != Diagnostic::Severity::kError) ++soft_;
    items_.push_back(std::move(d));
    return;
  }
  ++dropped_;
  // A full list keeps errors before warnings and notes: fifty warnings that came first hid
  // the one error that made a case unusable, while the count line said "1 error". The
  // error takes the place of the last warning or note listed (put in by Settle).
  if (d.severity != Diagnostic::Severity::kError || soft_ == 0) return;
  --soft_;
  ++cut_;
  tail_.push_back(std::move(d));
  ++displaced_;
}

void Diagnostics::Settle() const {
  const std::lock_guard<std::mutex> lock(settle_);
  if (tail_.empty()) return;
  // The last cut_ warnings and notes go (soft_ of them stay); the rest keep their order,
  // the errors after them.
  std::size_t keep = soft_;
  std::vector<Diagnostic> out;
  out.reserve(items_.size());
  for (Diagnostic& d : items_) {
    if (d.severity != Diagnostic::Severity::kError) {
      if (keep == 0) continue;
      --keep;
    }
    out.push_back(std::move(d));
  }
  for (Diagnostic& d : tail_) out.push_back(std::move(d));
  items_ = std::move(out);
  tail_.clear();
  cut_ = 0;
}

void Diagnostics::Error(std::string file, int line, std::string element, std::string rule,
                        std::string message) {
  Add({Diagnostic::Severity::kError, std::move(file), line, std::move(element), std::move(rule),
       std::move(message)});
}
void Diagnostics::Warning(std::string file, int line, std::string element, std::string rule,
                          std::string message) {
  Add({Diagnostic::Severity::kWarning, std::move(file), line, std::move(element),
       std::move(rule), std::move(message)});
}
void Diagnostics::Note(std::string file, int line, std::string element, std::string rule,
                       std::string message) {
  Add({Diagnostic::Severity::kNote, std::move(file), line, std::move(element), std::move(rule),
       std::move(message)});
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const auto& d : items()) {
    out += d.ToString();
    out += '\n';
  }
  if (dropped_ > 0) {
    const DroppedCounts c = dropped_counts();
    // (The items listed, not the cap: merged from a list capped lower, 1 listed of a cap
    // of 5 read "only the first 5 are listed".)
    out += DroppedLine(c.errors, c.warnings, c.notes, items().size(), displaced_ > 0);
    out += '\n';
  }
  return out;
}

Diagnostics::DroppedCounts Diagnostics::dropped_counts() const {
  std::size_t listed_errors = 0, listed_warnings = 0;
  for (const auto& d : items()) {
    listed_errors += d.severity == Diagnostic::Severity::kError;
    listed_warnings += d.severity == Diagnostic::Severity::kWarning;
  }
  DroppedCounts c;
  c.errors = errors_ - std::min(errors_, listed_errors);
  c.warnings = warnings_ - std::min(warnings_, listed_warnings);
  c.notes = dropped_ - std::min(dropped_, c.errors + c.warnings);
  return c;
}

// What the unlisted ones are: "... and 4 more" beside "2 errors (listed above)" read as four
// more errors where they were warnings and notes; "only the first 1 are listed" is said in
// the singular.
std::string DroppedLine(std::size_t errors, std::size_t warnings, std::size_t notes,
                        std::size_t listed, bool displaced) {
  std::string kinds;
  for (const auto& [n, what] : {std::pair{errors, "error"}, std::pair{warnings, "warning"},
                                std::pair{notes, "note"}})
    if (n > 0) kinds += fmt::format("{}{} {}{}", kinds.empty() ? "" : ", ", n, what,
                                    n == 1 ? "" : "s");
  const std::string which =
      displaced ? fmt::format("only {} {} listed, errors before warnings", listed,
                              listed == 1 ? "is" : "are")
      : listed == 0 ? std::string("none is listed")
      : listed == 1 ? std::string("only the first is listed")
                    : fmt::format("only the first {} are listed", listed);
  return fmt::format("... and {} more ({}; {})", errors + warnings + notes, kinds, which);
}

std::size_t Diagnostics::Promote(std::string_view rule) {
  Settle();  // (the list in its final order, no errors waiting)
  std::size_t n = 0;
  for (Diagnostic& d : items_) {
    if (d.rule != rule || d.severity == Diagnostic::Severity::kError) continue;
    if (d.severity == Diagnostic::Severity::kWarning) --warnings_;
    d.severity = Diagnostic::Severity::kError;
    ++errors_;
    --soft_;
    ++n;
  }
  return n;
}

void Diagnostics::Merge(const Diagnostics& other) {
  // Into itself: from a copy (Add grows items_ while the loop reads it).
  if (&other == this) {
    const Diagnostics copy = other;
    Merge(copy);
    return;
  }
  const std::size_t errors = errors_, warnings = warnings_;
  for (const auto& d : other.items()) Add(d);
  // Dropped items of `other` were already counted there; carry their counts over (Add
  // counted only the listed ones, so a capped `other` lost its dropped errors' count).
  errors_ = errors + other.errors_;
  warnings_ = warnings + other.warnings_;
  dropped_ += other.dropped_;
  displaced_ += other.displaced_;
}

namespace internal {

Status OutOfMemoryIn(const char* function) noexcept {
  try {
    return Status::IoError(std::string(function) + ": not enough memory");
  } catch (...) {
    return Status::IoError("out of memory");  // (short enough to need no allocation)
  }
}

Status ExceptionIn(const char* function, const char* what) noexcept {
  try {
    return Status::Internal(std::string(function) + ": unexpected exception" +
                            (what != nullptr ? std::string(": ") + what : std::string()) +
                            " (a bug in corridor: please report it)");
  } catch (...) {
    return Status::Internal("exception");
  }
}

}  // namespace internal

}  // namespace corridor
