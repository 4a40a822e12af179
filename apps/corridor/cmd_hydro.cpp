// corridor hydro: the Araz dams (reservoir cascade and hydropower), docs/hydro.md.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "commands.h"
#include "core/suggest.h"
#include "corridor/hydro.h"

namespace corridor::cli {

namespace {

struct HydroArgs {
  std::string case_path;  ///< empty: data/araz of the program's data folder
  int years = 1;
  bool years_given = false;  ///< --years was on the command line (not the default)
  int warmup = 3;
  std::string year_type = "all";
  std::string inflow;
  std::string out;
  double irrigation_scale = 1.0;
  bool no_timings = false;
  bool full = false;
  bool existing_units = false;
  std::size_t max_messages = 50;
};

// `problems`: the options' (CLI11's checks), listed with those of the files and of
// --year-type, which needs the case: one run says them all (a bad --years hid an unknown
// year type, and the inflow file's errors did too). `case_unnamed`: the case was given as
// "" (among the problems), so the bundled one is not read in its place.
int RunHydro(const HydroArgs& a, std::vector<std::string> problems, bool case_unnamed) {
  // One collection for the case and the inflow file, capped by --max-messages; its
  // warnings are printed also when the run goes on.
  Diagnostics diag(a.max_messages);
  auto refuse = [&](const Status& s) {
    PrintProblems("hydro", problems, diag, true);
    if (!s.ok()) std::fprintf(stderr, "corridor hydro: %s\n", s.ToString().c_str());
    return 1;
  };
  if (case_unnamed) return refuse(Status::Ok());
  // A folder means its case.json.
  std::string case_path = a.case_path;
  if (case_path.empty()) {
    std::string why;
    const std::filesystem::path data = FindCorridorDataDir(&why);
    if (data.empty()) {
      problems.push_back(why + "; or give the case: corridor hydro CASE");
      return refuse(Status::Ok());
    }
    case_path = (data / "araz" / "case.json").string();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(case_path, ec))
    case_path = (std::filesystem::path(case_path) / "case.json").string();

  HydroCase hc;
  Status s = ReadHydroCase(case_path, &hc, &diag);
  if (!s.ok()) {
    // What is read against the case waits for it; said, so that the next run's findings
    // there are not a surprise (an audit read the one case error as all there was).
    std::vector<std::string> waiting;
    if (!a.inflow.empty()) waiting.push_back("the inflow file " + Printable(a.inflow));
    if (a.year_type != "all") waiting.push_back("--year-type " + Printable(a.year_type));
    const int status = refuse(s);
    if (!waiting.empty())
      std::fprintf(stderr,
                   "corridor hydro: %s not checked: read against the case, which cannot be "
                   "used\n",
                   fmt::format("{}", fmt::join(waiting, " and ")).c_str());
    return status;
  }
  if (a.year_type != "all") {
    std::vector<std::string_view> names;
    for (const HydroYearType& y : hc.year_types) names.push_back(y.name);
    if (std::find(names.begin(), names.end(), a.year_type) == names.end())
      problems.push_back(fmt::format("--year-type '{}' is not a year type of the case{} "
                                     "(known: {}, or all) [unknown-choice]",
                                     Printable(a.year_type), DidYouMean(a.year_type, names),
                                     fmt::join(names, ", ")));
  }
  HydroOptions opt;
  opt.years = a.years;
  opt.warmup_years = a.warmup;
  opt.irrigation_scale = a.irrigation_scale;
  opt.existing_units_only = a.existing_units;
  if (a.year_type != "all") opt.year_types = {a.year_type};  // all: the case's own
  HydroInflow inflow;
  if (!a.inflow.empty()) {
    s = ReadHydroInflow(a.inflow, hc, &inflow, &diag);
    if (!s.ok()) return refuse(s);
    opt.inflow = &inflow;
  }
  if (!problems.empty()) return refuse(Status::Ok());
  PrintDiagnostics(diag);
  HydroSummary sum;
  s = SimulateHydro(hc, opt, &sum);
  if (!s.ok()) {
    std::fprintf(stderr, "corridor hydro: %s\n", s.ToString().c_str());
    return 1;
  }
  sum.show_timings = !a.no_timings;
  // Options the user gave that an inflow file overrides: said in the report rather than
  // dropped silently (and not said when they were not given).
  if (!a.inflow.empty() && a.year_type != "all")
    sum.notes.push_back(fmt::format("--year-type {} was not used: with --inflow there is one "
                                    "run, 'user'",
                                    a.year_type));
  if (!a.inflow.empty() && a.years_given && inflow.kind == HydroInflow::Kind::kDaily &&
      !sum.runs.empty() && sum.runs.front().years != a.years)
    sum.notes.push_back(fmt::format("--years {} was not used: the daily inflow file sets the "
                                    "reported years ({})",
                                    a.years, sum.runs.front().years));
  // The report first, as track's and run's: outputs that cannot be written (exit 4) lost
  // the whole simulation's report with them (helper-296).
  const std::string report = a.full ? sum.FullReport() : sum.BriefReport();
  std::fputs(report.c_str(), stdout);
  std::string stale_note;  // what became of an earlier run's files
  if (!a.out.empty()) {
    std::vector<std::string> outputs;
    for (const auto& [name, content] : RenderHydroOutputs(sum))
      outputs.push_back((std::filesystem::path(a.out) / name).string());
    // Neither written nor removed: an input among an earlier run's names (an inflow file
    // named daily_x.csv in the output folder). Its content would keep it now (only files
    // that begin as hydro writes them go), but an input in the output's place is refused
    // as simulate refuses one, before anything is judged or written.
    for (const std::string& old : HydroStaleOutputs(sum, a.out)) outputs.push_back(old);
    // (Exit 4 as the other commands: the outputs are what is not written.)
    if (const std::string clash = OutputIsAnInput({case_path, a.inflow}, outputs);
        !clash.empty()) {
      std::fprintf(stderr, "corridor hydro: %s; nothing written [output-clash]\n",
                   clash.c_str());
      return 4;
    }
    s = WriteHydroOutputs(sum, a.out, &stale_note);
    if (!s.ok()) {  // as the other commands: the run was fine, its outputs are not there
      const std::string why = s.ToString();  // (it may say so itself)
      const bool said = why.find("nothing was written") != std::string::npos ||
                        why.find("nothing written") != std::string::npos;
      std::fprintf(stderr, "corridor hydro: %s%s\n", why.c_str(), said ? "" : "; nothing written");
      return 4;
    }
  }
  if (!a.out.empty())
    std::printf("Output        : %s%s%s\n", a.out.c_str(), stale_note.empty() ? "" : "; ",
                stale_note.c_str());
  return 0;
}

}  // namespace

Command RegisterHydro(CLI::App& app) {
  auto args = std::make_shared<HydroArgs>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "hydro",
      "Simulate the Araz dams (reservoir cascade, hydropower, AZ/IR split). Exit status: 0 "
      "simulated, 1 unusable input or options, 4 outputs not written.");
  CLI::Option* case_option =
      Checked(sub->add_option("case", args->case_path,
                              "Case file or folder holding case.json (default: the bundled "
                              "data/araz)"),
              usage, {NonEmptyPath(PathUse::kPositional)});
  CLI::Option* years = Checked(sub->add_option("--years", args->years,
                                               "Years reported per run (default 1; a daily "
                                               "--inflow file sets them itself)"),
                               usage, {CLI::Range(1, 200)}, args->years);
  Checked(sub->add_option("--warmup-years", args->warmup,
                          "Years simulated first and not reported (default 3): the case's "
                          "pattern at factor 1 (not its year types' factors, the average's "
                          "either), or with --inflow the file's 12 months (monthly) or its "
                          "first year (daily)"),
          usage, {CLI::Range(0, 50)}, args->warmup);
  sub->add_option("--year-type", args->year_type,
                  "A year type of the case (the bundled one has average, dry and wet) or "
                  "all of them (default all); with --inflow it must still be one of the "
                  "case's, and is not run (one run, 'user')");
  Checked(sub->add_option("--inflow", args->inflow,
                          "CSV of local inflows, m3/s: 'month,<reservoir ids>' (12 rows) or "
                          "'day,<reservoir ids>' (whole 365-day years)"),
          usage, {NonEmptyPath()});
  Checked(sub->add_option("--irrigation-scale", args->irrigation_scale,
                          "Multiply every irrigation demand (default 1; 0 = none)"),
          usage, {FiniteNumber(), CLI::Range(0.0, 10.0)}, args->irrigation_scale);
  Checked(sub->add_option("--out", args->out,
                          "Folder for daily CSVs, annual.csv, SVG plots and report.txt"),
          usage, {NonEmptyPath(), OutputFolder()});
  sub->add_flag("--no-timings", args->no_timings, "Leave timings out of the report");
  sub->add_flag("--existing-units", args->existing_units,
                "Only units operating or built today (leave planned units out)");
  sub->add_flag("--full", args->full, "Print the full report");
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "List at most this many diagnostics (the rest are counted; default 50)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  return {sub,
          [args, years, case_option, usage]() {
            args->years_given = years->count() > 0;
            return RunHydro(*args, *usage, case_option->count() > 0 && args->case_path.empty());
          },
          1, usage};
}

}  // namespace corridor::cli
