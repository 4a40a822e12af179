// What every fuzz entry point checks, and how it says that a check failed.
//
// An entry point (one per reader, `LLVMFuzzerTestOneInput`) calls the library only and
// checks the library's promises on arbitrary bytes:
//   - no crash and no exception escaping the call (status.h: "no exceptions across the API");
//   - a non-OK Status comes with at least one error Diagnostic, an OK Status with none;
//   - every stored Diagnostic names the file it was given and a rule;
//   - where a writer exists, a successful read written out and read again gives an equal
//     model.
// A broken promise calls Fail(). Under libFuzzer (CORRIDOR_LIBFUZZER) that prints and
// aborts, so that libFuzzer keeps the input as a crash-* file; under the GCC driver
// (fuzz_driver.cpp) it throws fuzz::Failure, which the driver records before going on.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "corridor/io.h"
#include "corridor/status.h"
#include "io/model_compare.h"

namespace corridor::fuzz {

/// A broken promise (driver mode only; libFuzzer mode aborts instead).
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void Fail(const std::string& what) {
#ifdef CORRIDOR_LIBFUZZER
  std::fprintf(stderr, "\n*** corridor fuzz check failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
#else
  throw Failure(what);
#endif
}

/// The input as the text a reader takes (readers take std::string, bytes as they are).
inline std::string AsText(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

/// Runs `call` (a library call); an exception escaping it is a failure naming `what`.
template <typename F>
auto Guard(const char* what, F&& call) -> decltype(call()) {
  std::string escaped;
  try {
    return call();
  } catch (const std::exception& e) {
    escaped = fmt::format("{} let an exception escape: {}", what, e.what());
  } catch (...) {
    escaped = fmt::format("{} let a non-standard exception escape", what);
  }
  Fail(escaped);
}

/// The Status / Diagnostics promises of one reader call that was given `file` as its name.
inline void CheckStatus(const char* what, const std::string& file, const Status& s,
                        const Diagnostics& d) {
  if (!s.ok() && d.error_count() == 0)
    Fail(fmt::format("{} returned '{}' without an error diagnostic; diagnostics:\n{}", what,
                     s.ToString(), d.ToString()));
  if (s.ok() && d.error_count() > 0)
    Fail(fmt::format("{} returned OK with {} error diagnostic(s):\n{}", what, d.error_count(),
                     d.ToString()));
  if (d.items().size() > d.max_stored())
    Fail(fmt::format("{} stored {} diagnostics, over the cap of {}", what, d.items().size(),
                     d.max_stored()));
  for (const Diagnostic& x : d.items()) {
    if (x.file != file)
      Fail(fmt::format("{}: a diagnostic names file '{}', not '{}': {}", what, x.file, file,
                       x.ToString()));
    if (x.rule.empty()) Fail(fmt::format("{}: a diagnostic has no rule: {}", what, x.ToString()));
    if (x.line < 0)
      Fail(fmt::format("{}: a diagnostic has line {}: {}", what, x.line, x.ToString()));
  }
}

/// "first differences" lines joined for a failure message.
inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "  " + l + "\n";
  return out;
}

/// The round trip of a reader with a writer: `read(text, file, GasCase*, Diagnostics*)`
/// on the input; when it succeeds, `write(const GasCase&)` and `read` again must give an
/// equal case (io::CompareCases, doubles within `rel_tol`). `reader`, `writer` and `what`
/// ("network", ".cs data", ...) name them in failures; inputs are named "fuzz<ext>" and
/// "written<ext>".
template <typename Read, typename Write>
void CheckRoundTrip(const std::string& text, const char* reader, const char* writer,
                    const char* what, const std::string& ext, Read read, Write write,
                    double rel_tol) {
  GasCase a;
  Diagnostics d;
  const Status s = Guard(reader, [&] { return read(text, "fuzz" + ext, &a, &d); });
  CheckStatus(reader, "fuzz" + ext, s, d);
  if (!s.ok()) return;
  const std::string again = Guard(writer, [&] { return write(a); });
  GasCase b;
  Diagnostics d2;
  const std::string reread = fmt::format("{} (written)", reader);
  const Status s2 = Guard(reread.c_str(), [&] { return read(again, "written" + ext, &b, &d2); });
  CheckStatus(reread.c_str(), "written" + ext, s2, d2);
  if (!s2.ok())
    Fail(fmt::format("the written {} does not read back: {}\n{}\nwritten text:\n{}", what,
                     s2.ToString(), d2.ToString(), again));
  const auto diff =
      Guard("CompareCases", [&] { return io::CompareCases(a, b, 10, rel_tol); });
  if (!diff.empty())
    Fail(fmt::format("the {} changed through {}:\n{}", what, writer, JoinLines(diff)));
}

}  // namespace corridor::fuzz
