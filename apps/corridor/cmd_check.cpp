// corridor check FILES...: load a case (GasLib .net/.scn/.cs/.cdf or corridor JSON, in
// any order, kinds detected from content), validate it, print every diagnostic on stderr
// and the one-screen summary on stdout. Exit 0 only when the case is usable.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "corridor/io.h"
#include "corridor/validate.h"

namespace corridor::cli {

// Shared with default_job.cpp (declared there too; commands.h is not this file's to edit).
int RunCheckFiles(const std::vector<std::string>& files, std::size_t max_messages, bool quiet);

int RunCheckFiles(const std::vector<std::string>& files, std::size_t max_messages, bool quiet) {
  // Everything found is kept (up to kAll) until the end, and capped only for printing: the
  // second pass below drops what the first already listed, which it can only do for items
  // it still holds (with the cap applied on the way, the totals changed with
  // --max-messages: 11 errors and 6 warnings, or 7 and 1 with --max-messages 3).
  constexpr std::size_t kAll = 100000;
  Diagnostics diag(std::max(max_messages, kAll));
  GasCase c;
  Status loaded = LoadCase(files, &c, &diag);
  ValidationSummary summary;
  bool validated = false;
  if (loaded.ok()) {
    Status v = ValidateCase(c, ValidateOptions(), &summary, &diag);
    if (!v.ok()) {
      std::fprintf(stderr, "corridor check: %s\n", v.ToString().c_str());
      return 2;
    }
    validated = true;
  }
  // One unreadable file (a .scn with a bad scenarioProbability) hid every finding of the
  // others: the files without a reader error are loaded and checked on their own, and what
  // that adds is listed too (the case stays not usable).
  std::string without;
  if (!loaded.ok() && files.size() > 1) {
    std::set<std::string> failed;
    for (const Diagnostic& d : diag.items())
      if (d.severity == Diagnostic::Severity::kError) failed.insert(d.file);
    std::vector<std::string> rest;
    for (const std::string& f : files)
      if (failed.count(f) == 0) rest.push_back(f);
    GasCase part;
    Diagnostics more(std::max(max_messages, kAll));
    ValidationSummary part_summary;
    if (!rest.empty() && rest.size() < files.size() && LoadCase(rest, &part, &more).ok() &&
        ValidateCase(part, ValidateOptions(), &part_summary, &more).ok()) {
      std::set<std::string> shown;
      for (const Diagnostic& d : diag.items()) shown.insert(d.ToString());
      for (const Diagnostic& d : more.items())
        if (shown.insert(d.ToString()).second) diag.Add(d);
      for (const std::string& f : files)
        if (failed.count(f)) without += (without.empty() ? "" : ", ") + f;
    }
  }
  Diagnostics listed(max_messages);
  listed.Merge(diag);
  std::string messages = listed.ToString();
  if (!messages.empty()) std::fputs(messages.c_str(), stderr);
  if (!without.empty())
    std::fprintf(stderr, "corridor check: the other files were checked without %s\n",
                 without.c_str());
  std::fprintf(stderr, "corridor check: %zu error%s, %zu warning%s\n", diag.error_count(),
               diag.error_count() == 1 ? "" : "s", diag.warning_count(),
               diag.warning_count() == 1 ? "" : "s");
  if (!validated) {
    std::printf("Verdict         : not usable (the input could not be read: %s)\n",
                loaded.message().c_str());
    return 1;
  }
  if (quiet) {
    std::printf("Verdict         : %s\n", summary.usable ? "usable" : "not usable");
  } else {
    std::fputs(summary.Report(c).c_str(), stdout);
  }
  return summary.usable ? 0 : 1;
}

Command RegisterCheck(CLI::App& app) {
  struct Args {
    std::vector<std::string> files;
    std::size_t max_messages = 50;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Read a case (GasLib .net [.scn] [.cs] [.cdf], or corridor JSON; any order), report "
      "every problem with file:line, element and rule, and print a summary. Exit 0 only when "
      "the case is usable.");
  sub->add_option("files", args->files, "input files (kinds are detected from their content)")
      ->required();
  sub->add_option("--max-messages", args->max_messages,
                  "list at most this many diagnostics (the rest are counted)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  sub->add_flag("--quiet", args->quiet,
                "print only the diagnostics, their count and the verdict line (no summary)");
  return {sub, [args]() { return RunCheckFiles(args->files, args->max_messages, args->quiet); }};
}

}  // namespace corridor::cli
