// corridor check FILES...: load a case (GasLib .net/.scn/.cs/.cdf or corridor JSON, in
// any order, kinds detected from content), validate it, print every diagnostic on stderr
// and the one-screen summary on stdout. Exit 0 only when the case is usable.
#include <cstdio>
#include <memory>
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
  Diagnostics diag(max_messages);
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
  std::string messages = diag.ToString();
  if (!messages.empty()) std::fputs(messages.c_str(), stderr);
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
