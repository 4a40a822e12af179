// corridor run SCENARIO [--out DIR] [--no-timings]: one scenario of the corridor case, its
// full report and, with --out, DIR/nodes.csv, arcs.csv, summary.json and network.geojson
// (each written atomically; nothing is written for a bad scenario name).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "commands.h"
#include "corridor/scenario.h"

namespace corridor::cli {


namespace {

struct RunArgs {
  std::string scenario;
  std::string out_dir;
  std::string data_dir;
  bool no_timings = false;
  bool no_headroom = false;
  bool one_gas = false;
  bool trace = false;
  std::size_t max_messages = 50;
  bool out_given = false;  // --out was given (possibly as ""), set after parsing
};

int RunScenario(const RunArgs& a, const std::vector<std::string>& usage) {
  // An empty --out wrote nothing and exited 0 unsaid: refused before any run, listed with
  // the options CLI11's checks refused.
  std::vector<std::string> problems = usage;
  if (a.out_given && a.out_dir.empty())
    problems.push_back("--out needs a folder name, got \"\" [missing-value]");
  // The others' rule (NonEmptyPath): the next option taken as its value ("run baseline --out
  // --no-timings" wrote into a folder "--no-timings", with the timings; "--out -h" into
  // "-h"), and "-" (a folder "-").
  if (!a.out_dir.empty()) {
    if (const std::string why = NonEmptyPath()(a.out_dir); !why.empty())
      problems.push_back(fmt::format("--out {} [missing-value]", Printable(why)));
    else if (const std::string not_folder = OutputFolder()(a.out_dir); !not_folder.empty())
      problems.push_back(fmt::format("--out: {} [not-a-folder]", Printable(not_folder)));
  }
  // A file given as --data: said as such ("FILE/annotations.json: no such file" before).
  if (std::error_code ec; !a.data_dir.empty() && std::filesystem::exists(a.data_dir, ec) &&
                          !std::filesystem::is_directory(a.data_dir, ec))
    problems.push_back(fmt::format("--data {} is not a folder (it names the case's folder) "
                                   "[not-a-folder]",
                                   Printable(a.data_dir)));
  // A folder beside the case's (the data folder above it, its scenarios folder below): the
  // case it names, where one of those holds it ("data/annotations.json: no such file" was
  // all that --data data said).
  if (std::error_code ec; !a.data_dir.empty() &&
                          std::filesystem::is_directory(a.data_dir, ec) &&
                          !std::filesystem::exists(
                              std::filesystem::path(a.data_dir) / "annotations.json", ec)) {
    std::filesystem::path given = std::filesystem::path(a.data_dir).lexically_normal();
    if (!given.has_filename()) given = given.parent_path();  // ("data/corridor/scenarios/")
    // (The folder above by "..": parent_path() of "scenarios" or "." is empty.)
    for (const std::filesystem::path& near :
         {given / "corridor", (given / "..").lexically_normal()}) {
      if (near.empty() || !std::filesystem::is_regular_file(near / "annotations.json", ec))
        continue;
      const std::filesystem::path named = near.has_filename() ? near : near.parent_path();
      problems.push_back(fmt::format(
          "--data {} holds no annotations.json: it names the case's folder (did you mean "
          "--data {}?) [file-not-found]",
          Printable(a.data_dir), Printable(named.empty() ? "." : named.string())));
      break;
    }
  }
  if (const int status = ListUsageProblems("run", problems, 1); status >= 0) return status;
  std::filesystem::path data_dir = a.data_dir;
  if (data_dir.empty()) {
    std::string why;
    const std::filesystem::path d = FindCorridorDataDir(&why);
    if (d.empty()) {
      std::fprintf(stderr, "corridor run: %s; or give --data DIR\n", why.c_str());
      return 1;
    }
    data_dir = d / "corridor";
  }
  ScenarioOptions opt;
  opt.data_dir = data_dir.string();
  opt.scenarios = {a.scenario};
  opt.headroom = !a.no_headroom;
  opt.gas_per_arc = !a.one_gas;
  opt.trace = a.trace;
  CorridorReport rep;
  Diagnostics diag(a.max_messages);
  Status s = RunCorridorScenarios(opt, &rep, &diag);
  PrintDiagnostics(diag);  // warnings too: the run goes on, but says what it assumed
  if (!s.ok()) {
    // Errors the diagnostics listed are not said again by the status (a missing data
    // folder's "no such file" came twice): their count then closes the list.
    if (diag.has_errors())
      std::fprintf(stderr, "corridor run: %s; nothing run\n", ErrorsListed(diag).c_str());
    else
      std::fprintf(stderr, "corridor run: %s\n", s.ToString().c_str());
    return 1;
  }
  const ScenarioSummary& sum = rep.scenarios.front();
  std::fputs(sum.FullReport(!a.no_timings).c_str(), stdout);
  std::printf("Model : %s\n", rep.model.c_str());
  if (!a.out_dir.empty()) {
    GasCase c;
    Diagnostics d2;
    std::vector<std::string> inputs;
    Status l = LoadCorridorNetwork(opt.data_dir, &c, &d2, &inputs);
    // An output that is one of the case's files (--out the case folder with a file of the
    // case named arcs.csv, or a link there) is refused as track and simulate refuse it:
    // the run overwrote the machine data and exited 0.
    inputs.push_back(sum.file);
    std::vector<std::string> outputs;
    for (const char* name : {"nodes.csv", "arcs.csv", "summary.json", "network.geojson"})
      outputs.push_back((std::filesystem::path(a.out_dir) / name).string());
    if (const std::string clash = OutputIsAnInput(inputs, outputs); !clash.empty()) {
      std::fprintf(stderr, "corridor run: %s; nothing written [output-clash]\n", clash.c_str());
      return 4;
    }
    std::string stale_note;
    if (l.ok()) l = WriteScenarioOutputs(sum, c.network, a.out_dir, &stale_note);
    if (!l.ok()) {
      std::fprintf(stderr, "corridor run: outputs not written: %s\n", l.ToString().c_str());
      return 4;
    }
    // (The folder as every message names a path, and once: "--out q3/" printed "q3//{".)
    std::printf("Output: %s{%ssummary.json, network.geojson}%s%s\n",
                Printable((std::filesystem::path(a.out_dir) / "").string()).c_str(),
                sum.steady.verdict == Verdict::kConverged ? "nodes.csv, arcs.csv, " : "",
                stale_note.empty() ? "" : "; ", stale_note.c_str());
  }
  return sum.feasible ? 0 : 2;
}

}  // namespace

Command RegisterRun(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "run",
      "Run one scenario of the corridor case (data/corridor/scenarios): report with border "
      "flows, pressures against limits, post-hoc compressor power and the transit headroom. "
      "Exit status: 0 within limits, 1 bad input, 2 limits violated or no solution, 4 outputs "
      "not written (whatever the verdict: the report still gives it).");
  sub->add_option("scenario", args->scenario,
                  "scenario name (baseline, ru-phase1, ru-10bcm, ru-55bcm, winter-peak, "
                  "swap-contract, swap-stopped)")
      ->required();
  CLI::Option* out = sub->add_option(
      "--out", args->out_dir, "folder for nodes.csv, arcs.csv, summary.json, network.geojson");
  Checked(sub->add_option("--data", args->data_dir,
                          "folder of the case (default: the bundled data/corridor)"),
          usage, {NonEmptyPath()});
  sub->add_flag("--no-timings", args->no_timings, "leave timings out (stable output)");
  sub->add_flag("--no-headroom", args->no_headroom, "skip the transit headroom search");
  sub->add_flag("--one-gas", args->one_gas,
                "give every pipe the entries' mean gas, not the gas it carries (the model of "
                "reports before 2026-12-07, for comparison)");
  sub->add_flag("--trace", args->trace,
                "list every pass of the operating policy among the notes: the reference's "
                "level, each active element's set-point and the solve's verdict "
                "(docs/corridor-report.md, \"Operating policy\")");
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "list at most this many diagnostics (the rest are counted; default 50)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  return {sub,
          [args, out, usage] {
            args->out_given = out->count() > 0;
            return RunScenario(*args, *usage);
          },
          1, usage};
}

}  // namespace corridor::cli
