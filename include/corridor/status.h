// Status and diagnostics: how every corridor library call reports success or failure.
//
// The library never prints, exits or aborts, and no exception leaves a call that returns a
// Status (running out of memory is an IoError status). The functions that return text (the
// writers' std::string, the summaries' reports) throw std::bad_alloc where that text cannot
// be allocated, as any std::string does, and nothing else. A call returns a Status ("did
// the call work"); problems
// found in input files are collected as Diagnostics, each naming the file, line, element
// and rule, so that a reader can report every problem at once.
// Physical outcomes (converged / infeasible) are not errors: they live in a Summary.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor {

/// Outcome of a library call. Cheap to copy; ok() when the call did what was asked.
/// [[nodiscard]]: a dropped status warns (a library user's audit found `ValidateCase(...)`
/// compiling silently without it); write `(void)` where the diagnostics say it all.
class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  ///< an option or argument breaks a documented rule
    kNotFound,         ///< a file or element that was named does not exist
    kParseError,       ///< an input file could not be read; see the Diagnostics
    kInvalidInput,     ///< the input was read but is unusable; see the Diagnostics
    kIoError,          ///< the operating system refused a read or write, or memory
    kInternal,         ///< a bug in corridor: please report it
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status ParseError(std::string m) { return {Code::kParseError, std::move(m)}; }
  static Status InvalidInput(std::string m) { return {Code::kInvalidInput, std::move(m)}; }
  static Status IoError(std::string m) { return {Code::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  /// "OK" or "<code name>: <message>".
  std::string ToString() const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

/// One problem found in an input: where it is, which element, which rule it breaks.
struct Diagnostic {
  enum class Severity { kError, kWarning, kNote };
  Severity severity = Severity::kError;
  std::string file;     ///< path as given by the caller; empty if not from a file
  int line = 0;         ///< 1-based line; 0 if unknown
  std::string element;  ///< e.g. "pipe 'L04'" or "node 'N01'"; empty if none applies
  std::string rule;     ///< short rule id, e.g. "positive-length", "unknown-node"
  std::string message;  ///< human sentence with the offending value and its unit

  /// "file:line: error: pipe 'L04': length must be positive, got -3 km [positive-length]"
  std::string ToString() const;
};

/// Collects diagnostics up to a cap; counts (but does not store) the ones beyond it. A full
/// list keeps errors before warnings and notes: an error beyond the cap takes the place of
/// the last warning or note listed (which then counts as dropped), so that no error hides
/// behind warnings that came first. The counts are always of everything added.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t max_stored = 50) : max_stored_(max_stored) {}
  Diagnostics(const Diagnostics& o) { *this = o; }
  Diagnostics& operator=(const Diagnostics& o);
  /// A moved-from collection is empty with its cap, as a new one.
  Diagnostics(Diagnostics&& o) noexcept { *this = std::move(o); }
  Diagnostics& operator=(Diagnostics&& o) noexcept;

  void Add(Diagnostic d);
  void Error(std::string file, int line, std::string element, std::string rule,
             std::string message);
  void Warning(std::string file, int line, std::string element, std::string rule,
               std::string message);
  void Note(std::string file, int line, std::string element, std::string rule,
            std::string message);

  /// (A const call may tidy the list: errors that took warnings' places are put in at the
  /// end then, under a lock of the collection's own, so that const calls from several
  /// threads at once are safe, as for any const object; adding needs the caller's lock.)
  const std::vector<Diagnostic>& items() const {
    Settle();
    return items_;
  }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }
  /// Number of diagnostics not listed because the cap was reached (warnings and notes that
  /// gave their place to an error included).
  std::size_t dropped() const { return dropped_; }
  /// Of those, the warnings and notes that gave their place to an error.
  std::size_t displaced() const { return displaced_; }
  std::size_t max_stored() const { return max_stored_; }
  /// The dropped ones by severity (they sum to dropped()).
  struct DroppedCounts {
    std::size_t errors = 0, warnings = 0, notes = 0;
  };
  DroppedCounts dropped_counts() const;
  /// All stored diagnostics, one per line, plus a line saying how many were dropped and of
  /// which kinds (DroppedLine).
  std::string ToString() const;
  /// Makes the listed warnings and notes of `rule` errors (a command for which they are
  /// fatal: `convert --to gaslib` and text XML cannot hold); returns how many were listed.
  /// Those beyond the cap keep their severity in the counts, which cannot tell them apart.
  std::size_t Promote(std::string_view rule);
  /// Appends the items of another collection (respecting this one's cap, errors first) and
  /// adds its counts, the ones it dropped included.
  void Merge(const Diagnostics& other);

 private:
  // Takes the last `cut_` warnings and notes off items_ and appends tail_: done once for
  // all the errors that arrived with the list full (one at a time, each taking the last
  // warning's place, a check with 100 000 findings took minutes).
  void Settle() const;

  mutable std::mutex settle_;  // Settle's: two threads reading one collection corrupted it
  std::size_t max_stored_;
  mutable std::vector<Diagnostic> items_;
  mutable std::vector<Diagnostic> tail_;  // errors waiting for warnings' places
  mutable std::size_t cut_ = 0;           // warnings and notes they take, from the end
  std::size_t soft_ = 0;                  // warnings and notes in items_ before the cut
  std::size_t errors_ = 0, warnings_ = 0, dropped_ = 0;
  std::size_t displaced_ = 0;  // warnings and notes taken off the list for an error
};

/// The line that ends a capped list, without its newline: "... and 5 more (4 errors, 1 note;
/// only the first 3 are listed)", or with `displaced` (a warning or note gave its place to an
/// error) "... (...; only 3 are listed, errors before warnings)"; in the singular where
/// `listed` is 1.
std::string DroppedLine(std::size_t errors, std::size_t warnings, std::size_t notes,
                        std::size_t listed, bool displaced);

}  // namespace corridor
