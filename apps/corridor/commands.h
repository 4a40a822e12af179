// The corridor CLI: one file per subcommand, each registering itself on the app.
#pragma once

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "corridor/controls.h"
#include "corridor/network.h"
#include "corridor/status.h"
#include "corridor/steady.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "io/text.h"
#include "io/xml_util.h"

namespace corridor::cli {

/// One --slack value NODE=BAR (bar absolute), as simulate and track take it: false with the
/// message, its rule in brackets, in *err (a value that is a file says so: FileAsValueHint).
bool ParseSlack(const std::string& text, SlackNode* out, std::string* err);

/// " (that is a file: ...)" where a --set or --slack value without '=' names a file (files
/// written after those options are read as their values), else "".
std::string FileAsValueHint(const std::string& value);

/// What simulate and track say of a --slack whose id names no node of `n`: an arc's id is
/// said to be one, with its ends; else the nearest node ids, if any are near.
std::string UnknownSlackNode(const Network& n, const std::string& id);

/// The usage problems CLI11's checks find on one command's line (a number out of its range
/// or not a number, a choice not offered, an empty path), each "NAME: what was wrong", as
/// CLI11 words it. Checked() collects them rather than letting CLI11 throw at the first (the
/// other bad options of the line went unsaid), and the command lists them all with its own.
using UsageProblems = std::shared_ptr<std::vector<std::string>>;

/// A registered subcommand: `run` is called when `sub` was chosen on the command line
/// and returns the process exit status.
struct Command {
  CLI::App* sub = nullptr;
  std::function<int()> run;
  /// The exit status of a usage error (an option CLI11 refuses) once `sub` was chosen: 1
  /// for most commands; validate says 2, its code for unusable input (1 is "a case failed").
  int usage_error_status = 1;
  /// What Checked() found on the line; main lists them also where CLI11 then refuses the
  /// line itself (an unknown option, a missing argument).
  UsageProblems usage;
  /// Where set: `usage` and every problem of the option values that the command finds
  /// before reading a file (simulate's temperatures, --set and --slack forms), listed by main
  /// in place of `usage` where CLI11 refuses the line (they went unsaid beside "--bogus").
  std::function<std::vector<std::string>()> option_problems = nullptr;
};

/// Removes the white space around an option's number in place, as the files' rule allows
/// it (CLI11's own conversion, run after the validators, refused " 15 ": "Could not
/// convert").
inline void TrimNumberText(std::string& text) {
  const std::size_t a = text.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return text.clear();
  text = text.substr(a, text.find_last_not_of(" \t\r\n") - a + 1);
}

/// CLI11 validator for whole-number options (counts, years, iterations): decimal digits with
/// an optional sign and white space around, leading zeros dropped. CLI11's own conversion
/// read "010" as octal 8 and "0x2" as 2, and said "Value 1.0 not in range" of a value that is
/// no whole number. Checked() puts it before an integer option's own checks.
inline CLI::Validator WholeNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string t = text;
        TrimNumberText(t);
        const std::size_t sign = !t.empty() && (t[0] == '+' || t[0] == '-') ? 1 : 0;
        if (t.size() == sign ||
            t.find_first_not_of("0123456789", sign) != std::string::npos)
          return "'" + text + "' is not a whole decimal number";
        const std::size_t first = std::min(t.find_first_not_of('0', sign), t.size() - 1);
        text = (t[0] == '-' ? "-" : "") + t.substr(first);
        return {};
      },
      "", "bad-number");
}

/// Adds `checks` to `opt` as one transform: each value is given to them in order (as to a
/// chain of ->transform()s, up to the first that refuses it). A refusal does not stop the
/// parse: "NAME: MESSAGE" is added to *problems (control characters as \xNN, invisible
/// spaces as <U+XXXX>), and with `replace` the text `harmless` stands in for the value, so
/// that CLI11's conversion takes it. The command must then list *problems and stop;
/// `harmless` (a number option's default: "not given") keeps its own checks from saying
/// more of the value. The help shows the checks' descriptions as ->check() showed them.
inline CLI::Option* CheckedAs(CLI::Option* opt, const UsageProblems& problems,
                              std::vector<CLI::Validator> checks, bool replace,
                              std::string harmless) {
  std::string description;
  for (const CLI::Validator& v : checks)
    if (std::string d = v.get_description(); !d.empty())
      description += (description.empty() ? "" : ":") + d;
  const std::string name = opt->get_name();
  return opt->transform(CLI::Validator(
      [problems, checks = std::move(checks), name, replace,
       harmless = std::move(harmless)](std::string& text) {
        for (const CLI::Validator& v : checks) {
          std::string message;
          try {
            message = v(text);
          } catch (const CLI::ValidationError& e) {
            message = e.what();
          }
          if (message.empty()) continue;
          // Each with its rule, as the commands' own problems: the check's name where it
          // has one (WholeNumber, FiniteNumber, NonEmptyPath), else CLI11's Range's.
          const std::string rule = v.get_name().empty() ? "out-of-range" : v.get_name();
          problems->push_back(
              Printable(io::MarkInvisible(name + ": " + message)) + " [" + rule + "]");
          if (replace) text = harmless;
          break;
        }
        return std::string();
      },
      description));
}

/// CheckedAs() for a text option (a path, a choice): a refused value is kept as given.
inline CLI::Option* Checked(CLI::Option* opt, const UsageProblems& problems,
                            std::vector<CLI::Validator> checks) {
  return CheckedAs(opt, problems, std::move(checks), false, std::string());
}

/// CheckedAs() for a number option: its default (`value`, what the option holds before the
/// parse) stands in for a refused value.
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
CLI::Option* Checked(CLI::Option* opt, const UsageProblems& problems,
                     std::vector<CLI::Validator> checks, const T& value) {
  std::string text;
  if constexpr (std::is_floating_point_v<T>) {
    text = std::isnan(value) ? std::string("nan") : CLI::detail::to_string(value);
  } else {
    text = std::to_string(value);
    checks.insert(checks.begin(), WholeNumber());
  }
  return CheckedAs(opt, problems, std::move(checks), true, std::move(text));
}

/// A --slack pressure in bar outside what a pressure reference may be (plausible::
/// kMinReferencePressure_Pa to kMaxPressure_Pa): "X bar is not a pressure a gas network has
/// (plausible: A to B bar)"; empty where it lies within (simulate's and track's --slack).
inline std::string SlackRangeProblem(double bar) {
  const double p = bar * units::kBar;
  if (p >= plausible::kMinReferencePressure_Pa && p <= plausible::kMaxPressure_Pa) return {};
  // (The value as given: {:g} showed 1000.0000001 as 1000, inside the range it names.)
  return fmt::format("{} bar is not a pressure a gas network has (plausible: {:g} to {:g} bar)",
                     bar, plausible::kMinReferencePressure_Pa / units::kBar,
                     plausible::kMaxPressure_Pa / units::kBar);
}

/// "9 errors (listed above)", or "(the first 3 listed above)" where --max-messages left some
/// out: the count line closing a list of a command's diagnostics.
inline std::string ErrorsListed(const Diagnostics& diag) {
  std::size_t listed = 0;
  for (const Diagnostic& d : diag.items()) listed += d.severity == Diagnostic::Severity::kError;
  const std::size_t n = diag.error_count();
  return fmt::format("{} error{} ({}listed above)", n, n == 1 ? "" : "s",
                     listed < n ? fmt::format("the first {} ", listed) : std::string());
}

/// Lists `problems` ("corridor NAME: PROBLEM" each) and returns `status`, the command's
/// usage-error status; returns -1 (and prints nothing) when there are none.
inline int ListUsageProblems(const char* command, const std::vector<std::string>& problems,
                             int status) {
  if (problems.empty()) return -1;
  for (const std::string& p : problems)
    std::fprintf(stderr, "corridor %s: %s\n", command, p.c_str());
  return status;
}

Command RegisterCheck(CLI::App& app);
Command RegisterConvert(CLI::App& app);
Command RegisterSimulate(CLI::App& app);
Command RegisterValidate(CLI::App& app);
Command RegisterHydro(CLI::App& app);
Command RegisterTrack(CLI::App& app);
Command RegisterRun(CLI::App& app);

/// What FiniteNumber() says of a text io::ParseFiniteDouble refuses.
inline std::string FiniteNumberMessage(const std::string& text) {
  return "'" + text + "' is not a finite decimal number within a double's range";
}

/// CLI11 validator for number options: rejects "nan", "inf" and values that overflow, which
/// CLI11's own range checks let through. Give it with ->transform(): it trims the text
/// (a ->check() validator's changes are dropped).
inline CLI::Validator FiniteNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        // The files' rule (io::ParseFiniteDouble): decimal only, '.' whatever the locale,
        // white space around allowed; std::stod took "0x10" as 16.
        double v = 0.0;
        if (!io::ParseFiniteDouble(text, &v)) return FiniteNumberMessage(text);
        TrimNumberText(text);
        return {};
      },
      "FINITE", "bad-number");
}

/// Where a path is given: an option's value, a positional argument (which CLI11 hands over
/// only as given: "-x" there follows "--", and is a file), or convert's -o, where "-" is
/// standard output.
enum class PathUse { kOption, kPositional, kOutputOrStandardOutput };

/// CLI11 validator for a file or folder name: an empty one is refused (an unset variable in
/// a script, `--out "$DIR"`, ran with the defaults or wrote nothing, and exited 0).
/// An option's value that starts with '-' is refused too: it is the next option, taken as
/// the value of one left without its own (`run baseline --out --no-timings` wrote into a
/// folder "--no-timings", `--out -h` into "-h"); a file so named is given as ./-name. So is
/// "-" alone, but where it means standard output (convert -o): no other option reads or
/// writes standard output, and "--out -" made a folder "-".
inline CLI::Validator NonEmptyPath(PathUse use = PathUse::kOption) {
  return CLI::Validator(
      [use](std::string& text) -> std::string {
        if (text.empty()) return "needs a file or folder name, got \"\"";
        if (use == PathUse::kPositional || text[0] != '-') return std::string();
        if (text == "-")
          return use == PathUse::kOutputOrStandardOutput
                     ? std::string()
                     : "needs a file or folder name, got '-' (standard input or output, "
                       "which this option does not take; a file so named is given as ./-)";
        return "needs a file or folder name, got the option '" + text +
               "' (a file so named is given as ./" + text + ")";
      },
      "PATH", "missing-value");
}

/// CLI11 validator for a short option's value (`-o`): CLI11 reads `-o=x.json` as the value
/// "=x.json", and convert wrote a file of that name. A value that begins with '=' is
/// refused (rule output-name); a file so named is given as ./=x.json.
inline CLI::Validator NoEqualsSign() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty() || text[0] != '=') return std::string();
        return "'" + text + "' begins with '=': a short option takes its value without one "
               "(-o " + text.substr(1) + ", or --output=" + text.substr(1) +
               "); a file so named is given as ./" + text;
      },
      "", "output-name");
}

/// CLI11 validator for an output folder (`--out`, `--plots`): one that cannot be made, a
/// file or a FIFO at its name or at a folder above it, is refused with the other options'
/// problems before anything runs (rule not-a-folder). It was found only when the files
/// were written, after the whole run: its report printed, exit 4.
inline CLI::Validator OutputFolder() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        namespace fs = std::filesystem;
        if (text.empty()) return std::string();  // (NonEmptyPath's)
        // (The walk WriteFilesIntoFolders makes where it fails.)
        const auto [p, type] = file_internal::NotAFolderOnTheWay(text);
        if (p.empty()) return std::string();
        // (A device was "'/dev/null' is not a folder, not a folder".)
        const std::string what = type == fs::file_type::regular     ? "a file"
                                 : type == fs::file_type::fifo      ? "a FIFO"
                                 : type == fs::file_type::character ? "a character device"
                                 : type == fs::file_type::block     ? "a block device"
                                 : type == fs::file_type::socket    ? "a socket"
                                 : type == fs::file_type::symlink   ? "a link to nothing"
                                                                    : "something else";
        return p == fs::path(text).lexically_normal()
                   ? "'" + text + "' is " + what + ", not a folder (it names the folder the "
                     "files go to)"
                   : "'" + text + "' lies under '" + p.string() + "', which is " + what +
                         ", not a folder";
      },
      "", "not-a-folder");
}

/// CLI11 validator for an option whose value is a list (`--gas`, `--cnga`): an empty one is
/// refused, as an empty path is (it ran with the defaults and exited 0).
inline CLI::Validator NonEmptyValue(const std::string& expected) {
  return CLI::Validator(
      [expected](std::string& text) -> std::string {
        return text.empty() ? "needs " + expected + ", got \"\"" : std::string();
      },
      "VALUE", "missing-value");
}

/// For an option given more than once as ID=VALUE (--slack, --set, --fuel): the entry of
/// `given` before `self` (an element of `given`) that names the same `id`, or nullptr when
/// `self` is the first to name it. Such a repetition is an error: the commands say which
/// entries clash instead of keeping one of them or adding them up.
/// The ids are indexed once (each entry searching those before it made 40 000 --set take
/// 4 s), as the commands read them: without white space at their ends, up to the first '='
/// (--set: the last, an id may hold one). " CS=bypass" before "CS=closed" went unsaid.
class FirstGiven {
 public:
  explicit FirstGiven(const std::vector<std::string>& given, bool id_to_last_equals = false) {
    for (const std::string& g : given)
      first_.try_emplace(std::string(io::TrimIdSpace(std::string_view(g).substr(
                             0, id_to_last_equals ? g.rfind('=') : g.find('=')))),
                         &g);
  }
  const std::string* operator()(const std::string& id, const std::string& self) const {
    const auto it = first_.find(id);
    return it != first_.end() && it->second < &self ? it->second : nullptr;
  }

 private:
  std::unordered_map<std::string, const std::string*> first_;
};

/// `corridor check FILES...`: prints every problem and the summary; exit 0 when usable.
int RunCheckFiles(const std::vector<std::string>& files, std::size_t max_messages, bool quiet);

/// The program's data folder (holding corridor/, araz/, examples/): the folder named by the
/// environment variable CORRIDOR_DATA_DIR when it is set, else the source tree's data/ when
/// present, else the installed share/corridor. Empty when none is found (or when
/// CORRIDOR_DATA_DIR names a folder without the corridor case); *why then says why.
std::filesystem::path FindCorridorDataDir(std::string* why);

/// A field of the CSV files the commands write (RFC 4180 quoting): the library's.
using io::CsvField;

/// Prints the diagnostics collected (errors, warnings and notes, up to the collection's
/// cap, then how many more there were) to stderr; nothing when there are none. Every command
/// that reads files prints its warnings with it, also when the run goes on.
void PrintDiagnostics(const Diagnostics& diag);

/// Prints a command's own problems of its options (`problems`, each an error, as "corridor
/// COMMAND: PROBLEM") with the diagnostics of its files (`diag`), before them or after, under
/// the one cap of --max-messages (diag.max_stored()): at most that many lines, the errors
/// taking the places of the last warnings, then a count of the rest. (simulate printed every
/// option problem beside the capped list: 6 lines and a count for --max-messages 2.)
void PrintProblems(const char* command, const std::vector<std::string>& problems,
                   const Diagnostics& diag, bool problems_first);

/// Empty when no path of `outputs` (files to be written or removed) is one of `inputs`, by
/// any name (a link, "./x"); else a message naming both ("convert x.net x.scn -o x.scn"
/// wrote GeoJSON over the nomination it had read, and exited 0). Outputs that do not exist
/// yet can be no input.
std::string OutputIsAnInput(const std::vector<std::string>& inputs,
                            const std::vector<std::string>& outputs);

/// Reads a controls file (docs/controls.md) against `network`, adding every diagnostic,
/// warnings included, to *diag (the command's one collection, so that --max-messages caps
/// them all). False when the file cannot be used; *problem then says why, for the
/// command's closing line.
bool ReadControlsInto(const std::string& path, const Network& network, Diagnostics* diag,
                      ControlsFile* out, std::string* problem);

/// The note a run gives where --slack replaced a controls file's pressure references
/// (`file` its path): which, the first three. Empty where the file gives none.
std::string ReplacedReferencesNote(const std::string& file, const std::vector<SlackNode>& refs);

/// The job `corridor` runs with no arguments (the README's main command).
int RunDefaultJob();

}  // namespace corridor::cli
