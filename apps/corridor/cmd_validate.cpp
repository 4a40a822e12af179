// corridor validate DIR: solve every reference case found under DIR (data/reference layout:
// gassteadysim/, gastransim/, pandapipes/cases + results/) with the physics the case
// prescribes, compare with the stored solution and re-check corridor's own solution
// against the case equations. One row per case; exit status 1 when any case fails, 2 when
// the cases could not be loaded.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "corridor/reference.h"
#include "corridor/units.h"
// Internal header (public headers only inside): the independent residual check. Included by
// path because the CLI target does not add src/ to its include path.
#include "reference/residual_check.h"

namespace corridor::cli {
namespace {

struct ValidateArgs {
  std::string dir;
  bool no_timings = false;
  std::string filter;
  std::size_t max_messages = 50;
};

std::string Shorten(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

int RunValidate(const ValidateArgs& args) {
  Diagnostics diag(args.max_messages);
  std::vector<ReferenceCase> cases;
  Status s = LoadReferenceCases(args.dir, &cases, &diag, args.filter);
  const std::string messages = diag.ToString();
  if (!messages.empty()) std::fputs(messages.c_str(), stderr);
  if (!s.ok()) {
    std::fprintf(stderr, "corridor validate: %s\n", s.ToString().c_str());
    return 2;
  }
  std::vector<const ReferenceCase*> selected;
  for (const ReferenceCase& rc : cases)
    if (args.filter.empty() || rc.name.find(args.filter) != std::string::npos)
      selected.push_back(&rc);
  if (selected.empty()) {
    std::fprintf(stderr, "corridor validate: no reference case under %s%s\n", args.dir.c_str(),
                 args.filter.empty() ? "" : (" matching '" + args.filter + "'").c_str());
    return 2;
  }

  // The model column is as wide as its longest text: cut at 52 characters, it hid the end
  // of GasTranSim's, the temperature used and why (docs/validation.md promises it shown).
  int model_width = 5;
  for (const ReferenceCase* rc : selected)
    model_width = std::max(model_width, static_cast<int>(rc->model.size()));
  std::printf("%-51s %-*s %12s %12s %5s %9s %-40s %s\n", "case", model_width, "model",
              "max|dp| bar", "max|dm| kg/s", "iter", "solve ms", "residual check", "result");
  // A case solved without a stored solution is not "passed": nothing was compared (only
  // GasLib-4197's results are documented as absent).
  int failed = 0, passed = 0, unreferenced = 0;
  std::vector<std::string> notes;
  for (const ReferenceCase* rc : selected) {
    reference::ReferenceRun run;
    Status r = reference::RunReferenceCaseDetailed(*rc, &run);
    const ReferenceComparison& c = run.comparison;
    const SteadySummary& sum = c.summary;
    std::string dp = "-", dm = "-", check = "-", result;
    if (!r.ok()) {
      result = "FAIL (" + r.ToString() + ")";
    } else {
      const bool converged = sum.verdict == Verdict::kConverged;
      if (converged) {
        check = fmt::format("{} {:.0e} kg/s {:.0e} Pa {}/{}", run.check.pass ? "ok" : "FAIL",
                            run.check.max_mass_imbalance_kg_per_s, run.check.max_law_residual_Pa,
                            run.check.checked_arcs,
                            run.check.checked_arcs + run.check.unchecked_arcs);
      }
      if (run.has_reference && converged) {
        dp = fmt::format("{:.2e}", c.max_abs_dp_Pa / units::kBar);
        dm = fmt::format("{:.2e}", c.max_abs_dm_kg_per_s);
      }
      if (run.has_reference) {
        result = c.pass ? "PASS" : fmt::format("FAIL ({})", VerdictName(sum.verdict));
      } else {
        result = fmt::format("{}, no reference: {}", c.pass ? "solved" : "FAIL",
                             VerdictName(sum.verdict));
      }
      if (!converged && !sum.reason.empty())
        notes.push_back(fmt::format("{}: {}", rc->name, sum.reason));
      if (converged && !run.check.pass)
        notes.push_back(fmt::format("{}: residual check: {}", rc->name, run.check.Brief()));
      if (run.has_reference && converged && !c.pass)
        notes.push_back(fmt::format("{}: worst pressure at {} ({:.3e} bar), worst flow on {} "
                                    "({:.3e} kg/s); tolerances {:.1e} bar, {:.1e} kg/s, rel {:.0e}",
                                    rc->name, c.worst_pressure_node, c.max_abs_dp_Pa / units::kBar,
                                    c.worst_flow_arc, c.max_abs_dm_kg_per_s,
                                    rc->pressure_abs_tol_Pa / units::kBar,
                                    rc->flow_abs_tol_kg_per_s, rc->rel_tol));
    }
    const bool ok = r.ok() && c.pass;
    (!ok ? failed : run.has_reference ? passed : unreferenced) += 1;
    const std::string ms =
        args.no_timings || !r.ok() ? "-" : fmt::format("{:.2f}", 1e3 * sum.solve_seconds);
    std::printf("%-51s %-*s %12s %12s %5s %9s %-40s %s\n", Shorten(rc->name, 51).c_str(),
                model_width, rc->model.c_str(), dp.c_str(), dm.c_str(),
                r.ok() ? std::to_string(sum.iterations).c_str() : "-", ms.c_str(), check.c_str(),
                result.c_str());
  }
  for (const std::string& n : notes) std::printf("  note: %s\n", n.c_str());
  const int total = passed + unreferenced + failed;
  std::printf("%d case%s: %d passed, %s%d failed\n", total, total == 1 ? "" : "s", passed,
              unreferenced > 0
                  ? fmt::format("{} solved without a reference, ", unreferenced).c_str()
                  : "",
              failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace

Command RegisterValidate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "validate",
      "Solve every reference case under DIR (e.g. ../shared/data/reference: gassteadysim/, "
      "gastransim/, pandapipes/cases+results) with the physics it prescribes, compare with "
      "the stored solution and re-check the solution against the case equations. One row "
      "per case. Exit status: 0 every case passes, 1 a case fails, 2 unusable input (no "
      "reference cases under DIR or none matching --filter, files or folders that cannot be "
      "read, a stored value given twice with different numbers, a case folder without a "
      "recognised solution, or a usage error: no DIR, an empty one, an unknown option, a bad "
      "option value).");
  Checked(sub->add_option("dir", args->dir, "folder holding the reference cases")->required(),
          usage, {NonEmptyPath()});
  sub->add_flag("--no-timings", args->no_timings,
                "print '-' instead of solve times (stable output for tests)");
  sub->add_option("--filter", args->filter, "only cases whose name contains this text (the others' files are not read)");
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "list at most this many load diagnostics (the rest are counted)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  return {sub,
          [args, usage]() {
            if (const int status = ListUsageProblems("validate", *usage, 2); status >= 0)
              return status;
            return RunValidate(*args);
          },
          2, usage};
}

}  // namespace corridor::cli
