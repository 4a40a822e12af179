// corridor validate DIR: solve every reference case found under DIR (data/reference layout:
// gassteadysim/, gastransim/, pandapipes/cases + results/) with the physics the case
// prescribes, compare with the stored solution and re-check corridor's own solution
// against the case equations. One row per case; exit status 1 when any case fails, 2 when
// the cases could not be loaded, 4 when --out cannot be written. --out DIR writes the table
// as DIR/validate.csv and DIR/validate.json, for scripts (CI) that track the comparison.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "corridor/file.h"
#include "corridor/reference.h"
#include "corridor/units.h"
// Internal header (public headers only inside): the independent residual check. Included by
// path because the CLI target does not add src/ to its include path.
#include "core/output_set.h"
#include "reference/residual_check.h"

namespace corridor::cli {
namespace {

struct ValidateArgs {
  std::string dir;
  bool no_timings = false;
  std::string filter;
  std::size_t max_messages = 50;
  std::string out_dir;
};

// One case's row, as the table prints it and the files write it (numbers unrounded; NaN
// where the table prints '-').
struct Row {
  std::string name, model, verdict, result, note;
  bool has_reference = false, pass = false;
  double max_dp_bar = NAN, max_dm_kg_per_s = NAN, solve_ms = NAN;
  // The largest relative differences (|d| / |stored|, over nonzero stored values): the
  // GasSteadySim and GasTranSim cases pass by them, and the table showed only the absolute.
  double max_rel_dp = NAN, max_rel_dm = NAN;
  double tol_dp_bar = NAN, tol_dm_kg_per_s = NAN, tol_rel = NAN;  // the case's rule
  int iterations = -1;
  bool check_run = false, check_pass = false;
  double check_mass_kg_per_s = NAN, check_residual_Pa = NAN;
  int checked_arcs = 0, arcs = 0;
};


// As the JSON's: the shortest text that reads back as the same double.
std::string CsvNumber(double v) { return std::isfinite(v) ? fmt::format("{}", v) : ""; }

nlohmann::ordered_json JsonNumber(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

std::string RowsCsv(const std::vector<Row>& rows) {
  std::string s =
      "case,model,verdict,has_reference,max_abs_dp_bar,max_abs_dm_kg_per_s,max_rel_dp,"
      "max_rel_dm,iterations,"
      "solve_ms,residual_check,check_max_mass_imbalance_kg_per_s,check_max_law_residual_Pa,"
      "checked_arcs,arcs,tolerance_dp_bar,tolerance_dm_kg_per_s,tolerance_rel,result,pass,"
      "note\n";
  for (const Row& r : rows)
    s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                     CsvField(r.name), CsvField(r.model), r.verdict, r.has_reference ? "yes" : "no",
                     CsvNumber(r.max_dp_bar), CsvNumber(r.max_dm_kg_per_s),
                     CsvNumber(r.max_rel_dp), CsvNumber(r.max_rel_dm),
                     r.iterations < 0 ? std::string() : std::to_string(r.iterations),
                     CsvNumber(r.solve_ms), !r.check_run ? "" : r.check_pass ? "ok" : "FAIL",
                     CsvNumber(r.check_mass_kg_per_s), CsvNumber(r.check_residual_Pa),
                     r.check_run ? std::to_string(r.checked_arcs) : std::string(),
                     r.check_run ? std::to_string(r.arcs) : std::string(),
                     CsvNumber(r.tol_dp_bar), CsvNumber(r.tol_dm_kg_per_s), CsvNumber(r.tol_rel),
                     CsvField(r.result),
                     // (Solved without a reference: nothing was compared, so no pass either.)
                     !r.has_reference && r.pass ? "" : r.pass ? "yes" : "no",
                     CsvField(r.note));
  return s;
}

std::string RowsJson(const std::string& dir, const std::vector<Row>& rows, int passed,
                     int unreferenced, int failed) {
  nlohmann::ordered_json j;
  j["dir"] = dir;
  j["cases"] = static_cast<int>(rows.size());
  j["passed"] = passed;
  j["solved_without_reference"] = unreferenced;
  j["failed"] = failed;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Row& r : rows) {
    nlohmann::ordered_json c;
    c["case"] = r.name;
    c["model"] = r.model;
    c["verdict"] = r.verdict;
    c["has_reference"] = r.has_reference;
    c["max_abs_dp_bar"] = JsonNumber(r.max_dp_bar);
    c["max_abs_dm_kg_per_s"] = JsonNumber(r.max_dm_kg_per_s);
    c["max_rel_dp"] = JsonNumber(r.max_rel_dp);
    c["max_rel_dm"] = JsonNumber(r.max_rel_dm);
    c["iterations"] = r.iterations < 0 ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(r.iterations);
    c["solve_ms"] = JsonNumber(r.solve_ms);
    if (r.check_run) {
      c["residual_check"] = {{"pass", r.check_pass},
                             {"max_mass_imbalance_kg_per_s", JsonNumber(r.check_mass_kg_per_s)},
                             {"max_law_residual_Pa", JsonNumber(r.check_residual_Pa)},
                             {"checked_arcs", r.checked_arcs},
                             {"arcs", r.arcs}};
    } else {
      c["residual_check"] = nullptr;
    }
    // The case's rule: |dp| <= max(tolerance_dp_bar, tolerance_rel |p|), the same for flows.
    c["tolerance"] = {{"dp_bar", JsonNumber(r.tol_dp_bar)},
                      {"dm_kg_per_s", JsonNumber(r.tol_dm_kg_per_s)},
                      {"rel", JsonNumber(r.tol_rel)}};
    c["result"] = r.result;
    // Null where nothing was compared (a script testing every "pass" counted a case solved
    // without a reference as validated); "result" is then "solved".
    c["pass"] = !r.has_reference && r.pass ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(r.pass);
    c["note"] = r.note;
    list.push_back(std::move(c));
  }
  j["results"] = std::move(list);
  return j.dump(2) + "\n";
}

std::string Shorten(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

// Empty when `out` lies outside `dir`; else why it may not be written there: validate.json in
// DIR/pandapipes/cases made the next run refuse the tree ("array member 'edges' is missing").
std::string OutInsideDir(const std::string& out, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code e1, e2;
  const fs::path o = fs::weakly_canonical(fs::absolute(out, e1), e1);
  const fs::path d = fs::weakly_canonical(fs::absolute(dir, e2), e2);
  if (e1 || e2) return {};
  auto oi = o.begin();
  for (auto di = d.begin(); di != d.end(); ++di, ++oi) {
    if (di->empty()) continue;  // a trailing separator
    if (oi == o.end() || *oi != *di) return {};
  }
  return fmt::format("--out '{}' lies inside '{}', the folder validate reads: its files would "
                     "be read as reference data by the next run; choose a folder outside it",
                     out, dir);
}

int RunValidate(const ValidateArgs& args) {
  if (!args.out_dir.empty())
    if (const std::string why = OutInsideDir(args.out_dir, args.dir); !why.empty()) {
      std::fprintf(stderr, "corridor validate: %s [output-clash]\n", why.c_str());
      return 2;
    }
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
    std::fprintf(stderr, "corridor validate: no reference case under %s%s [no-cases]\n",
                 args.dir.c_str(),
                 args.filter.empty() ? "" : (" matching '" + args.filter + "'").c_str());
    return 2;
  }

  // The model column is as wide as its longest text: cut at 52 characters, it hid the end
  // of GasTranSim's, the temperature used and why (docs/validation.md promises it shown).
  int model_width = 5;
  for (const ReferenceCase* rc : selected)
    model_width = std::max(model_width, static_cast<int>(rc->model.size()));
  std::printf("%-51s %-*s %12s %12s %8s %8s %5s %9s %-40s %s\n", "case", model_width, "model",
              "max|dp| bar", "max|dm| kg/s", "rel dp", "rel dm", "iter", "solve ms",
              "residual check", "result");
  // A case solved without a stored solution is not "passed": nothing was compared (only
  // GasLib-4197's results are documented as absent).
  int failed = 0, passed = 0, unreferenced = 0;
  std::vector<std::string> notes;
  std::vector<Row> rows;
  for (const ReferenceCase* rc : selected) {
    reference::ReferenceRun run;
    Status r = reference::RunReferenceCaseDetailed(*rc, &run);
    const ReferenceComparison& c = run.comparison;
    const SteadySummary& sum = c.summary;
    Row row;
    row.name = rc->name;
    row.model = rc->model;
    row.tol_dp_bar = rc->pressure_abs_tol_Pa / units::kBar;
    row.tol_dm_kg_per_s = rc->flow_abs_tol_kg_per_s;
    row.tol_rel = rc->rel_tol;
    std::string dp = "-", dm = "-", rel_dp = "-", rel_dm = "-", check = "-", result;
    if (!r.ok()) {
      result = "FAIL (" + r.ToString() + ")";
      row.verdict = "not solved";
      row.note = r.ToString();
    } else {
      const bool converged = sum.verdict == Verdict::kConverged;
      row.verdict = VerdictName(sum.verdict);
      row.has_reference = run.has_reference;
      row.iterations = sum.iterations;
      if (!args.no_timings) row.solve_ms = 1e3 * sum.solve_seconds;
      if (converged) {
        check = fmt::format("{} {:.0e} kg/s {:.0e} Pa {}/{}", run.check.pass ? "ok" : "FAIL",
                            run.check.max_mass_imbalance_kg_per_s, run.check.max_law_residual_Pa,
                            run.check.checked_arcs,
                            run.check.checked_arcs + run.check.unchecked_arcs);
        row.check_run = true;
        row.check_pass = run.check.pass;
        row.check_mass_kg_per_s = run.check.max_mass_imbalance_kg_per_s;
        row.check_residual_Pa = run.check.max_law_residual_Pa;
        row.checked_arcs = run.check.checked_arcs;
        row.arcs = run.check.checked_arcs + run.check.unchecked_arcs;
      }
      if (run.has_reference && converged) {
        dp = fmt::format("{:.2e}", c.max_abs_dp_Pa / units::kBar);
        dm = fmt::format("{:.2e}", c.max_abs_dm_kg_per_s);
        row.max_dp_bar = c.max_abs_dp_Pa / units::kBar;
        row.max_dm_kg_per_s = c.max_abs_dm_kg_per_s;
        // (Where the case's rule is relative: '-' for an absolute rule, pandapipes'.)
        if (rc->rel_tol > 0.0) {
          rel_dp = fmt::format("{:.1e}", c.max_rel_dp);
          rel_dm = fmt::format("{:.1e}", c.max_rel_dm);
          row.max_rel_dp = c.max_rel_dp;
          row.max_rel_dm = c.max_rel_dm;
        }
      }
      if (run.has_reference) {
        // Why it failed, in the result ("FAIL (converged)" read as a contradiction: the
        // parenthesis was the solver's verdict).
        std::string why;
        if (!converged)
          why = fmt::format("not converged ({})", VerdictName(sum.verdict));
        else if (!run.check.pass)
          why = "residual check";
        else
          why = "outside the tolerances";
        result = c.pass ? "PASS" : "FAIL: " + why;
      } else {
        result = fmt::format("{}, no reference: {}", c.pass ? "solved" : "FAIL",
                             VerdictName(sum.verdict));
      }
      const std::size_t first_note = notes.size();
      if (!converged && !sum.reason.empty())
        notes.push_back(fmt::format("{}: {}", rc->name, sum.reason));
      if (converged && !run.check.pass)
        notes.push_back(fmt::format("{}: residual check: {}", rc->name, run.check.Brief()));
      // (A zero part of the rule is none: "0.0e+00 bar" read as a zero tolerance.)
      const auto tol = [](double v, const char* unit) {
        return v > 0.0 ? fmt::format("{:.1e} {}", v, unit) : fmt::format("no {} floor", unit);
      };
      // (The largest relative differences where the rule is relative; they may lie elsewhere.)
      const auto rel = [&](double v) {
        return rc->rel_tol > 0.0 ? fmt::format("; largest relative {:.1e}", v) : std::string();
      };
      if (run.has_reference && converged && !c.pass)
        notes.push_back(fmt::format("{}: worst pressure at {} ({:.3e} bar{}), worst flow on {} "
                                    "({:.3e} kg/s{}); tolerances {}, {}, rel {}",
                                    rc->name, c.worst_pressure_node, c.max_abs_dp_Pa / units::kBar,
                                    rel(c.max_rel_dp), c.worst_flow_arc, c.max_abs_dm_kg_per_s,
                                    rel(c.max_rel_dm),
                                    tol(rc->pressure_abs_tol_Pa / units::kBar, "bar"),
                                    tol(rc->flow_abs_tol_kg_per_s, "kg/s"),
                                    rc->rel_tol > 0.0 ? fmt::format("{:.0e}", rc->rel_tol)
                                                      : std::string("none")));
      // The files' note: the same text without the case's name, which has its own column.
      for (std::size_t k = first_note; k < notes.size(); ++k)
        row.note += (row.note.empty() ? "" : "; ") + notes[k].substr(rc->name.size() + 2);
    }
    const bool ok = r.ok() && c.pass;
    (!ok ? failed : run.has_reference ? passed : unreferenced) += 1;
    row.pass = ok;
    row.result = !ok ? "FAIL" : run.has_reference ? "PASS" : "solved";
    rows.push_back(std::move(row));
    const std::string ms =
        args.no_timings || !r.ok() ? "-" : fmt::format("{:.2f}", 1e3 * sum.solve_seconds);
    std::printf("%-51s %-*s %12s %12s %8s %8s %5s %9s %-40s %s\n", Shorten(rc->name, 51).c_str(),
                model_width, rc->model.c_str(), dp.c_str(), dm.c_str(), rel_dp.c_str(),
                rel_dm.c_str(),
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
  if (!args.out_dir.empty()) {
    const std::vector<FileContent> files = {
        {args.out_dir + "/validate.csv", RowsCsv(rows)},
        {args.out_dir + "/validate.json",
         RowsJson(args.dir, rows, passed, unreferenced, failed)}};
    std::fflush(stdout);
    // A failed case outranks a failed write: exit 1 says what CI must see (4 hid it).
    if (Status w = WriteOutputSet({args.out_dir}, files, {}); !w.ok()) {
      std::fprintf(stderr, "corridor validate: %s\n", w.ToString().c_str());
      return failed == 0 ? 4 : 1;
    }
    std::printf("Output: %s (validate.csv, validate.json)\n", args.out_dir.c_str());
  }
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
      "option value, an --out inside DIR), 4 every case passed but --out cannot be written "
      "(with a failed case: 1).");
  Checked(sub->add_option("dir", args->dir, "folder holding the reference cases")->required(),
          usage, {NonEmptyPath(PathUse::kPositional)});
  sub->add_flag("--no-timings", args->no_timings,
                "print '-' instead of solve times (stable output for tests)");
  // (An empty text matched every case, and exited 0 as if filtered.)
  Checked(sub->add_option("--filter", args->filter,
                          "only cases whose name contains this text (the others' files are "
                          "not read, but for a pandapipes case without results, whose own "
                          "friction in its file decides where the text names a friction)"),
          usage, {NonEmptyValue("a part of a case's name")});
  Checked(sub->add_option("--out", args->out_dir,
                          "folder for validate.csv and validate.json: the table's rows, "
                          "numbers unrounded (docs/validation.md)"),
          usage, {NonEmptyPath(), OutputFolder()});
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "list at most this many load diagnostics (the rest are counted; "
                          "default 50)"),
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
