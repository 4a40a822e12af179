// corridor check FILES...: load a case (GasLib .net/.scn/.cs/.cdf or corridor JSON, in
// any order, kinds detected from content), validate it, print every diagnostic on stderr
// and the one-screen summary on stdout. Exit 0 only when the case is usable.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "corridor/io.h"
#include "corridor/validate.h"

namespace corridor::cli {

// `controls`, where given: a controls file checked against the case's network as simulate
// --controls reads it (check could not check one: simulate refused what check called usable).
int RunCheckFiles(const std::vector<std::string>& files, std::size_t max_messages, bool quiet,
                  const std::string& controls = "") {
  // Everything found is kept (up to kAll) until the end, and capped only for printing, so
  // that the totals do not change with --max-messages.
  constexpr std::size_t kAll = 100000;
  Diagnostics diag(std::max(max_messages, kAll));
  GasCase c;
  // One unreadable value hid every finding of validation (a pipe's length of -5 km left an
  // isolated node and a part without pressure reference unreported until it was mended).
  // As a compiler goes on after a syntax error, the case is taken as far as it was read
  // and validated without what the readers refused (ValidateOptions::read_errors): the
  // elements they reported are checked for their ids and connections only, and what
  // follows from an element they could not build is not reported. A file that gave
  // nothing (not well-formed, the wrong root) is left out, and the others are checked
  // without it; without a network there is nothing to check.
  ReadErrors read;
  Status loaded = LoadCaseAsRead(files, &c, &read, &diag);
  ValidationSummary summary;
  const bool validated = loaded.ok() || read.network_read;
  if (validated) {
    ValidateOptions options;
    if (!loaded.ok()) options.read_errors = &read;
    Status v = ValidateCase(c, options, &summary, &diag);
    if (!v.ok()) {
      std::fprintf(stderr, "corridor check: %s\n", v.ToString().c_str());
      return 2;
    }
  }
  // As simulate reads it: against the network where one was read, else its form alone.
  std::string controls_problem, controls_line;
  if (!controls.empty()) {
    if (validated) {
      ControlsFile file;
      // (Where it cannot be used, its findings are in diag and the problem closes the run.)
      if (ReadControlsInto(controls, c.network, &diag, &file, &controls_problem))
        controls_line = fmt::format(
            "Controls        : {} ({} element setting{}, {} pressure reference{})\n", controls,
            file.settings.size(), file.settings.size() == 1 ? "" : "s", file.slacks.size(),
            file.slacks.size() == 1 ? "" : "s");
    } else if (Status cs = CheckControlsWithoutNetwork(controls, &diag); !cs.ok()) {
      controls_problem = cs.ToString();
    }
  }
  // A file left out is said once; one whose other copy was read (given twice, or under
  // another name) is said so ("checked without" it read as if it had not been checked).
  std::string without;
  std::vector<std::string> twice;
  if (!loaded.ok() && validated) {
    // (Spelled alike, or one file: a file that does not exist is equivalent to none.)
    auto same = [](const std::string& a, const std::string& b) {
      namespace fs = std::filesystem;
      std::error_code ec;
      return a == b || fs::path(a).lexically_normal() == fs::path(b).lexically_normal() ||
             fs::equivalent(a, b, ec);
    };
    std::vector<std::string> said;
    for (const std::string& f : read.unread_files) {
      if (std::any_of(said.begin(), said.end(), [&](const auto& s) { return same(s, f); }))
        continue;
      said.push_back(f);
      std::size_t given = 0, unread = 0;
      for (const std::string& g : files) given += same(g, f);
      for (const std::string& u : read.unread_files) unread += same(u, f);
      // The name its read copy was given under, where another: one given more often than
      // it was left unread.
      std::string other;
      for (const std::string& g : files)
        if (g != f && same(g, f) && other.empty() &&
            std::count(files.begin(), files.end(), g) >
                std::count(read.unread_files.begin(), read.unread_files.end(), g))
          other = g;
      // Every other name it was left out under ("L1.scn and L2.scn are a.scn again").
      std::vector<std::string> names;
      for (const std::string& u : read.unread_files)
        if (same(u, f) && u != other && std::find(names.begin(), names.end(), u) == names.end())
          names.push_back(u);
      std::string listed;
      for (std::size_t k = 0; k < names.size(); ++k)
        listed += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
      if (unread < given)
        twice.push_back(other.empty()
                            ? fmt::format("{} was given {} and checked once", f,
                                          given == 2 ? std::string("twice")
                                                     : fmt::format("{} times", given))
                            : fmt::format("{} {} {} again: the file was checked once", listed,
                                          names.size() == 1 ? "is" : "are", other));
      else
        without += (without.empty() ? "" : ", ") + f;
    }
  }
  Diagnostics listed(max_messages);
  listed.Merge(diag);
  std::string messages = listed.ToString();
  if (!messages.empty()) std::fputs(messages.c_str(), stderr);
  if (!without.empty())
    std::fprintf(stderr, "corridor check: the other files were checked without %s\n",
                 without.c_str());
  for (const std::string& t : twice) std::fprintf(stderr, "corridor check: %s\n", t.c_str());
  if (!controls_problem.empty())
    std::fprintf(stderr, "corridor check: %s\n", controls_problem.c_str());
  // Notes too, where there are any (a `not-checked` note was listed and not counted).
  std::size_t notes = diag.dropped_counts().notes;
  for (const Diagnostic& d : diag.items()) notes += d.severity == Diagnostic::Severity::kNote;
  std::fprintf(stderr, "corridor check: %zu error%s, %zu warning%s%s\n", diag.error_count(),
               diag.error_count() == 1 ? "" : "s", diag.warning_count(),
               diag.warning_count() == 1 ? "" : "s",
               notes == 0 ? "" : fmt::format(", {} note{}", notes, notes == 1 ? "" : "s").c_str());
  if (!loaded.ok()) {
    // The summary of a case read in part would count what happened to be read: only the
    // verdict.
    if (validated)
      std::printf("Verdict         : not usable (%s; the rest was checked as read)\n",
                  loaded.message().c_str());
    else
      std::printf("Verdict         : not usable (the input could not be read: %s)\n",
                  loaded.message().c_str());
    return 1;
  }
  const bool usable = summary.usable && controls_problem.empty();
  if (quiet) {
    std::printf("Verdict         : %s\n", usable ? "usable" : "not usable");
  } else {
    std::string report = summary.Report(c);
    // (The controls file's line before the verdict, which then says whether it is usable.)
    const std::size_t verdict = report.rfind("Verdict ");
    if (!controls_line.empty())
      report.insert(verdict == std::string::npos ? report.size() : verdict, controls_line);
    if (summary.usable && !controls_problem.empty() && verdict != std::string::npos)
      report = report.substr(0, verdict) +
               "Verdict         : not usable (see the errors above: the controls file)\n";
    std::fputs(report.c_str(), stdout);
  }
  return usable ? 0 : 1;
}

Command RegisterCheck(CLI::App& app) {
  struct Args {
    std::vector<std::string> files;
    std::size_t max_messages = 50;
    bool quiet = false;
    std::string controls;
  };
  auto args = std::make_shared<Args>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Read a case (GasLib .net [.scn] [.cs] [.cdf], or corridor JSON; any order), report "
      "every problem with file:line, element and rule, and print a summary. Exit 0 only when "
      "the case is usable.");
  Checked(sub->add_option("files", args->files,
                          "input files (kinds are detected from their content)")
              ->required(),
          usage, {NonEmptyPath(PathUse::kPositional)});
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "list at most this many diagnostics (the rest are counted; default 50)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  sub->add_flag("--quiet", args->quiet,
                "print only the diagnostics, their count and the verdict line (no summary)");
  Checked(sub->add_option("--controls", args->controls,
                          "a controls file (CSV id,mode,value or JSON; docs/controls.md) to check "
                          "against the case's network, as simulate --controls reads it"),
          usage, {NonEmptyPath()});
  return {sub,
          [args, usage]() {
            if (const int status = ListUsageProblems("check", *usage, 1); status >= 0)
              return status;
            return RunCheckFiles(args->files, args->max_messages, args->quiet, args->controls);
          },
          1, usage};
}

}  // namespace corridor::cli
