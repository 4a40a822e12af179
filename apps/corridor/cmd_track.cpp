// corridor track FILES... [--groups FILE] [--out DIR] [--slack NODE=BAR ...]: solve the steady
// state (SimulateSteady), then track the gas origins and quality (TrackGas; docs/tracking.md),
// print the tables (exits by origin, border points, swap balance) and write CSV/JSON outputs.
//
// Exit status: 0 tracked; 1 unusable input or options (nothing run, nothing written); 3 the
// steady state did not converge (nothing tracked), or its passes with the mixing did not
// settle (the last pass tracked and written); 4 the outputs could not be written (the
// report is printed, no file written), as simulate and run use it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "core/suggest.h"
#include "corridor/controls.h"
#include "corridor/io.h"
#include "corridor/steady.h"
#include "corridor/tracking.h"
#include "corridor/units.h"
#include "corridor/validate.h"

namespace corridor::cli {

namespace {

struct TrackArgs {
  std::vector<std::string> files;
  std::string groups;
  std::string out;
  std::vector<std::string> slacks;
  std::vector<std::string> fuel;
  std::string controls;
  double fee = -1.0;
  double swap_input_mcm_d = -1.0;
  bool strict_groups = false;
  bool no_couple = false;
  bool gas_per_arc = false;
  bool local_density = false;
  int max_outer = TrackSteadyOptions().max_outer_iterations;
  bool no_timings = false;
  std::size_t max_messages = 50;
};

// --fuel STATION=KG_S: empty when `f` has that form, else the problem.
std::string ParseFuel(const std::string& f, StationFuel* sf) {
  auto eq = f.rfind('=');  // (at the last: a station id may hold one, a number not)
  sf->station_id = eq == std::string::npos ? f : f.substr(0, eq);
  // The files' number rule (std::stod took "0x10" as 16), and a fuel flow a station can
  // burn: at most the largest plausible network flow (check.md, "Plausible ranges") at a
  // norm density of 1 kg/m3. 1e308 kg/s ended "failed: not finite at the initial guess",
  // 1e6 "infeasible", as if the network were at fault.
  constexpr double kMaxFuel_kg_per_s = plausible::kMaxFlow_m3_per_s * 1.0;
  if (eq == std::string::npos ||
      !io::ParseFiniteDouble(std::string_view(f).substr(eq + 1), &sf->mass_flow_kg_per_s) ||
      sf->mass_flow_kg_per_s < 0.0)
    return fmt::format("--fuel expects STATION=KG_S (fuel mass flow >= 0), got '{}' [bad-form]",
                       f);
  if (sf->mass_flow_kg_per_s > kMaxFuel_kg_per_s)
    return fmt::format(
        "--fuel '{}': {} kg/s is no fuel flow a station burns (plausible: at most {:.3g} "
        "kg/s, the largest plausible network flow) [out-of-range]",
        f, sf->mass_flow_kg_per_s, kMaxFuel_kg_per_s);
  return {};
}

// (Refused by the library too, in its words: "TrackSteadyOptions.gas_per_arc needs
// couple_hydraulics", with no rule, and only once the case was read.)
constexpr const char* kGasPerArcNeedsCoupling =
    "--gas-per-arc needs the coupled passes: each pipe's gas is the one tracked on the last "
    "pass's flows; leave out --no-couple [needs-coupling]";

// The problems of the option values that need no file (the forms of --slack and --fuel),
// after CLI11's: listed where CLI11 refuses the line (Command::option_problems).
std::vector<std::string> TrackOptionProblems(const TrackArgs& a,
                                             const std::vector<std::string>& usage) {
  std::vector<std::string> errors = usage;
  for (const std::string& sl : a.slacks) {
    SlackNode n;
    std::string err;
    if (!ParseSlack(sl, &n, &err)) errors.push_back(err);
  }
  for (const std::string& f : a.fuel) {
    StationFuel sf;
    if (std::string problem = ParseFuel(f, &sf); !problem.empty())
      errors.push_back(std::move(problem));
  }
  if (a.gas_per_arc && a.no_couple) errors.push_back(kGasPerArcNeedsCoupling);
  return errors;
}

int RunTrack(const TrackArgs& a, const std::vector<std::string>& usage) {
  Diagnostics diag(a.max_messages);
  GasCase c;
  // Every problem of the case, the groups file, the arguments and the controls file is
  // listed before the run is refused (errors: those of the arguments). A case that does not
  // load stops nothing but what needs its network: the groups file and the arguments are
  // still checked on their own (they were not looked at, so a second run found their errors).
  // Those CLI11's checks refused (a range, a number's form) open the list.
  std::vector<std::string> errors = usage;
  // The closing lines: what a file's diagnostics (in diag) add up to ("8 errors while
  // loading the case"). Printed after the list and outside --max-messages' count: among
  // errors they were counted as errors dropped, one more than there were.
  std::vector<std::string> closing;
  bool bad_files = false;
  // An empty file name (among the usage problems) leaves the case unread: the other files
  // alone are another case, with findings of their own.
  const bool unnamed = std::find(a.files.begin(), a.files.end(), std::string()) != a.files.end();
  // A case with reader errors is taken as far as it was read, as `check` and `simulate` take
  // it: validated without what the readers refused, and the groups file and the options
  // checked against its network, so that one run lists every problem. The run stops before
  // the solve all the same.
  ReadErrors read_errors;
  Status s = unnamed ? Status::InvalidInput("a file name is empty")
                     : LoadCaseAsRead(a.files, &c, &read_errors, &diag);
  const bool loaded = s.ok();
  const bool read = loaded || (!unnamed && read_errors.network_read);
  // A network read with errors in its nodes or arcs may lack elements the files name (ones
  // the reader could not build): the groups and controls files are then checked for their
  // form alone, and an id of the options it lacks is no finding where it may be one of them.
  const bool ids_judged = loaded || (read && read_errors.NetworkWhole());
  if (!loaded) {
    if (!unnamed)
      closing.push_back(s.ToString() + (read ? "; the rest was checked as read" : ""));
    bad_files = true;
  } else if (!c.nomination) {
    errors.push_back("no nomination (.scn) among the files: tracking needs the boundary flows "
                     "of a steady state [no-nomination]");
    bad_files = true;
  }
  // Groups: --groups, else annotations.json beside the network file, else one per source.
  // Without a loaded case, beside the input that holds a network.
  std::string network_file = c.network.info.source_file;
  if (!loaded)
    for (const std::string& f : a.files)
      if (const FileKind k = DetectFileKind(f);
          k == FileKind::kGasLibNetwork || k == FileKind::kCorridorJson)
        network_file = f;
  std::string groups_path = a.groups, groups_origin;
  if (groups_path.empty() && !network_file.empty()) {
    const auto cand = std::filesystem::path(network_file).parent_path() / "annotations.json";
    std::error_code ec;
    if (std::filesystem::is_regular_file(cand, ec)) {
      groups_path = cand.string();
      groups_origin = " (annotations.json beside the network)";
    }
  }
  if (read) {
    // The case as `corridor simulate` checks it (a nomination that does not balance ran,
    // its reference feeding the difference, and was tracked as if nominated).
    ValidationSummary vs;
    ValidateOptions vo;
    if (!loaded) vo.read_errors = &read_errors;
    // (track solves with the default friction law, which refuses smooth pipes)
    if (const FrictionLaw law = SteadyOptions().friction; FrictionLawRefusesSmoothPipes(law))
      vo.smooth_pipe_refused_by = FrictionLawName(law);
    const Status v = ValidateCase(c, vo, &vs, &diag);
    if (!v.ok()) {
      closing.push_back(v.ToString());
      bad_files = true;
    } else if (loaded && !vs.usable) {
      closing.push_back("the case has errors (listed above)");
      bad_files = true;
    }
  }
  OriginGroups groups;
  bool groups_read = true;  // a bad groups file is not also said to define no swap
  if (!groups_path.empty()) {
    GroupsReadOptions go;
    go.allow_ungrouped = !a.strict_groups;
    go.check_against_network = ids_judged;
    s = ReadOriginGroups(groups_path, c.network, go, &groups, &diag);
    // (As the controls file's: what was not judged is said.)
    if (!ids_judged && !unnamed)
      diag.Note(groups_path, 0, "groups", "not-checked",
                "checked without a network read whole: whether each id names a source, node "
                "or arc of the network is checked once the case loads");
    if (!s.ok()) {
      closing.push_back(s.ToString());
      bad_files = true;
      groups_read = false;
    }
  } else {
    groups = GroupPerSource(c.network);
    groups_origin = " (none given: one group per source)";
  }
  // The swap the run takes (--swap-input and --fee, else the scenario's own entry, else the
  // file's), as TrackSteady takes it (SwapForNomination); its refusal is listed with the rest.
  SwapGiven swap_given;
  if (a.fee >= 0.0) {
    swap_given.fee = a.fee;
    swap_given.fee_provenance = "--fee";
  }
  if (a.swap_input_mcm_d >= 0.0) {
    swap_given.input_m3_per_s = a.swap_input_mcm_d * 1e6 / 86400.0;
    swap_given.input_provenance = "--swap-input";
  }
  if (groups.swap && c.nomination && loaded) {
    SwapSpec swap;
    if (Status sw = SwapForNomination(groups, *c.nomination, swap_given, &swap); !sw.ok())
      errors.push_back(sw.message());
  } else if (!groups.swap && groups_read && (a.fee >= 0.0 || a.swap_input_mcm_d >= 0.0)) {
    errors.push_back(groups_path.empty()
                         ? "--fee/--swap-input given, but no groups file was given or found "
                           "(annotations.json beside the network), and only one defines a "
                           "swap [no-swap]"
                         : "--fee/--swap-input given but the groups file defines no swap "
                           "[no-swap]");
  }

  TrackSteadyOptions opt;
  opt.swap = swap_given;
  const FirstGiven first_slack(a.slacks);
  for (const auto& sl : a.slacks) {
    SlackNode n;
    std::string err;
    if (!ParseSlack(sl, &n, &err)) {
      errors.push_back(err);
      continue;
    }
    if (read && !c.network.FindNode(n.node_id) &&
        (loaded || !read_errors.MayHaveNode(n.node_id))) {
      errors.push_back(UnknownSlackNode(c.network, n.node_id) + " [unknown-id]");
      continue;
    }
    if (const std::string* first = first_slack(n.node_id, sl)) {
      errors.push_back(fmt::format("--slack names node '{}' twice ('{}' and '{}'); give each "
                                   "pressure reference once [duplicate-id]",
                                   n.node_id, *first, sl));
      continue;
    }
    opt.steady.slacks.push_back(n);
  }
  const FirstGiven first_fuel(a.fuel);
  for (const auto& f : a.fuel) {
    StationFuel sf;
    if (std::string problem = ParseFuel(f, &sf); !problem.empty()) {
      errors.push_back(std::move(problem));
      continue;
    }
    auto arc = c.network.FindArc(sf.station_id);
    if (read && (arc ? c.network.arcs[*arc].kind != ArcKind::kCompressorStation
                     : loaded || !read_errors.MayHaveArc(sf.station_id))) {
      std::vector<std::string_view> stations;
      for (const Arc& x : c.network.arcs)
        if (x.kind == ArcKind::kCompressorStation) stations.push_back(x.id);
      errors.push_back(fmt::format(
          "--fuel names '{}', which is not a compressor station of the network{} [unknown-id]",
          sf.station_id, DidYouMean(sf.station_id, stations)));
      continue;
    }
    if (const std::string* first = first_fuel(sf.station_id, f)) {
      errors.push_back(fmt::format("--fuel names station '{}' twice ('{}' and '{}'); give each "
                                   "station's fuel once [duplicate-id]",
                                   sf.station_id, *first, f));
      continue;
    }
    opt.tracking.fuel.push_back(sf);
  }
  std::string replaced_references;  // the controls file's, where --slack replaced them
  if (!a.controls.empty() && !ids_judged) {
    // Its form alone (no network to name its elements in), so that one run lists its
    // problems with the case's.
    if (Status cs = CheckControlsWithoutNetwork(a.controls, &diag); !cs.ok()) {
      closing.push_back(cs.ToString());
      bad_files = true;
    }
  } else if (!a.controls.empty()) {
    // Stations and control valves as in `corridor simulate --controls`; --slack replaces
    // the file's node pressures.
    ControlsFile file;
    std::string problem;
    if (!ReadControlsInto(a.controls, c.network, &diag, &file, &problem)) {
      closing.push_back(problem);
      bad_files = true;
    } else {
      opt.steady.settings = file.settings;
      if (a.slacks.empty())
        opt.steady.slacks = file.slacks;
      else  // (as simulate says it: the file's reference vanished without a word)
        replaced_references = ReplacedReferencesNote(a.controls, file.slacks);
    }
  }
  // Judged on what was given (a bad --slack or controls file is reported above already).
  // Where no controls file could have given node pressures, it holds whatever else failed
  // (a case that did not load hid it).
  const bool have_slack = !a.slacks.empty() || !opt.steady.slacks.empty();
  const bool judge = !bad_files || a.controls.empty();
  if (!a.fuel.empty() && !have_slack && judge)
    errors.push_back("--fuel needs a pressure reference (--slack NODE=BAR, or a pressure row "
                     "in --controls): it supplies the fuel, which the nomination does not "
                     "contain [needs-slack]");
  if (a.local_density && !have_slack && judge)
    errors.push_back("--local-density needs a pressure reference (--slack NODE=BAR, or a "
                     "pressure row in --controls): the solve then runs with explicit node "
                     "injections, balanced by it [needs-slack]");
  if (a.gas_per_arc && a.no_couple) errors.push_back(kGasPerArcNeedsCoupling);
  if (bad_files || !errors.empty()) {
    PrintProblems("track", errors, diag, false);  // (under --max-messages, as diag)
    for (const std::string& line : closing)
      std::fprintf(stderr, "corridor track: %s\n", line.c_str());
    return 1;
  }
  PrintDiagnostics(diag);  // warnings (ungrouped sources) do not stop the run
  opt.volumes_at_gas_density = a.local_density;
  opt.couple_hydraulics = !a.no_couple;
  opt.gas_per_arc = a.gas_per_arc;
  opt.max_outer_iterations = a.max_outer;
  Status v = opt.steady.Validate();
  if (!v.ok()) {
    std::fprintf(stderr, "corridor track: %s\n", v.ToString().c_str());
    return 1;
  }
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary ts;
  s = TrackSteady(c, groups, opt, &sol, &ss, &ts);
  if (!s.ok()) {
    std::fprintf(stderr, "corridor track: %s\n", s.ToString().c_str());
    return 1;
  }
  if (!replaced_references.empty()) ts.notes.push_back(replaced_references);
  // Every file of the case (a .cs and a .cdf given were left out of this line).
  // Each file once: a corridor JSON case holds them all ("case.json + case.json").
  std::string files = c.network.info.source_file;
  std::vector<std::string> named = {c.network.info.source_file};
  for (const std::string* f :
       {&c.nomination->source_file, c.stations ? &c.stations->source_file : nullptr,
        c.decisions ? &c.decisions->source_file : nullptr})
    if (f != nullptr && !f->empty() && std::find(named.begin(), named.end(), *f) == named.end()) {
      named.push_back(*f);
      files += " + " + *f;
    }
  std::printf("Case               : %s\n", files.c_str());
  // A .cdf is read and checked, and track applies no decision (it was dropped unsaid).
  if (c.decisions)
    std::printf("Decisions          : the .cdf's %zu decision group(s) were read and checked, "
                "not applied: track sets the active elements by --controls and the defaults\n",
                c.decisions->groups.size());
  std::printf("Groups             : %s%s\n",
              groups_path.empty() ? "-" : groups_path.c_str(), groups_origin.c_str());
  std::printf("Steady state       : %s, %d iterations%s, max mass imbalance %.3g kg/s%s\n",
              VerdictName(ss.verdict), ss.iterations,
              ss.verdict == Verdict::kConverged && ss.iterations == 0
                  ? " (the start met the tolerances)"
                  : "",
              ss.max_mass_imbalance_kg_per_s,
              ss.slack_rule.empty() ? "" : ("; " + ss.slack_rule).c_str());
  // The state tracked may break pressure bounds (the default reference rule put Saveh 4.6
  // bar above its own maximum on the corridor): said here, listed by simulate. Not for a
  // solve that did not converge: its last iterate is no state (ru-55bcm listed 15 nodes of
  // it as if they were).
  if (ss.verdict == Verdict::kConverged && !ss.bound_violations.empty()) {
    const BoundViolation& w = *FarthestBoundViolation(ss.bound_violations);
    std::printf("Pressure bounds    : %zu node(s) outside their bounds, the farthest %s at "
                "%.3f bar against %.3f (corridor simulate lists them all)\n",
                ss.bound_violations.size(), w.node_id.c_str(), w.pressure_Pa / units::kBar,
                w.bound_Pa / units::kBar);
  }
  // Pipes above their pressureMax and valves beyond their pressureDifferentialMax, as the
  // node bounds above (the tracked state's, TrackSteady judges them).
  if (ss.verdict == Verdict::kConverged && !ss.arc_pressure_violations.empty()) {
    const ArcPressureViolation& w = *std::max_element(
        ss.arc_pressure_violations.begin(), ss.arc_pressure_violations.end(),
        [](const ArcPressureViolation& x, const ArcPressureViolation& y) {
          return x.value_Pa - x.bound_Pa < y.value_Pa - y.bound_Pa;
        });
    std::printf("Arc pressure limits: %zu arc(s) beyond their pressureMax or "
                "pressureDifferentialMax, the farthest %s at %.3f bar against %.3f (corridor "
                "simulate lists them all)\n",
                ss.arc_pressure_violations.size(), w.arc_id.c_str(), w.value_Pa / units::kBar,
                w.bound_Pa / units::kBar);
  }
  // The outputs: on exit 3 as well, where the files have their headers alone and
  // track_summary.json the steady state's verdict (WriteTrackingOutputs of an empty
  // summary), as simulate writes summary.json alone: an earlier run's rows stood in the
  // folder unmarked, its summary saying "converged" (helper-296). Not written is exit 4, as
  // for simulate and run (1 says the input was bad).
  const bool tracked = ss.verdict == Verdict::kConverged;
  auto write_outputs = [&]() {
    if (a.out.empty()) return 0;
    std::vector<std::string> inputs = a.files, outputs;
    for (const std::string& in : {groups_path, a.controls}) inputs.push_back(in);
    for (const char* name : {"track_nodes.csv", "track_exits.csv", "track_points.csv",
                             "track_fuel.csv", "track_summary.json"})
      outputs.push_back((std::filesystem::path(a.out) / name).string());
    if (const std::string clash = OutputIsAnInput(inputs, outputs); !clash.empty()) {
      std::fprintf(stderr, "corridor track: %s; nothing written [output-clash]\n",
                   clash.c_str());
      return 4;
    }
    const TrackingSummary untracked;
    s = WriteTrackingOutputs(tracked ? ts : untracked, c.network, a.out, &ss);
    if (!s.ok()) {
      std::fprintf(stderr, "corridor track: outputs not written: %s\n", s.ToString().c_str());
      return 4;
    }
    std::printf("Output             : %s (%s)\n", a.out.c_str(),
                tracked ? "track_nodes.csv, track_exits.csv, track_points.csv, track_fuel.csv, "
                          "track_summary.json"
                        : "headers only, and track_summary.json with the steady state's "
                          "verdict: nothing tracked");
    return 0;
  };
  if (!tracked) {
    std::printf("Verdict            : not tracked (the steady state is %s: %s)\n",
                VerdictName(ss.verdict), ss.reason.c_str());
    const int written = write_outputs();
    return written != 0 ? written : 3;
  }
  std::fputs(ts.FullReport(!a.no_timings).c_str(), stdout);
  if (const int written = write_outputs(); written != 0) return written;
  // Passes that did not settle leave a state whose volumes and gas are the last pass's, not
  // a solution of the coupled equations: exit 3 (it read "tracked", exit 0, beside "NOT
  // converged" in the outer line).
  if (!ts.outer_converged) {
    std::printf("Verdict            : tracked, but not settled: the passes of the solve with "
                "the mixing did not converge in %d (--max-outer-iterations); the figures are "
                "the last pass's\n",
                ts.outer_iterations);
    return 3;
  }
  std::printf("Verdict            : tracked\n");
  return 0;
}

}  // namespace

Command RegisterTrack(CLI::App& app) {
  auto args = std::make_shared<TrackArgs>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "track",
      "Solve the steady state, then track whose gas goes where: origin shares and gas quality "
      "at every node, energy by origin at the exits, border points, fuel and the swap balance "
      "(docs/tracking.md). Exit status: 0 tracked, 1 unusable input or options, 3 the steady "
      "state did not converge, or its passes with the mixing did not settle, 4 outputs not "
      "written.");
  Checked(sub->add_option("files", args->files,
                          "network and nomination (GasLib .net .scn [.cs], or corridor JSON)")
              ->required(),
          usage, {NonEmptyPath(PathUse::kPositional)});
  Checked(sub->add_option("--groups", args->groups,
                          "groups file: JSON {\"groups\": {name: [source ids]}, optional "
                          "border_points, swap} or CSV source_id,group (default: "
                          "annotations.json beside the network, else one group per source)"),
          usage, {NonEmptyPath()});
  Checked(sub->add_option("--out", args->out,
                          "folder for track_nodes.csv, track_exits.csv, track_points.csv, "
                          "track_fuel.csv, track_summary.json"),
          usage, {NonEmptyPath(), OutputFolder()});
  sub->add_option("--slack", args->slacks,
                  "pressure reference NODE=BAR (bar absolute; repeatable, each node once)");
  Checked(sub->add_option("--controls", args->controls,
                          "controls file (docs/controls.md) setting stations, control valves "
                          "and node pressures; running stations with machine data (.cs) draw "
                          "their fuel, which is tracked as fuel"),
          usage, {NonEmptyPath()});
  sub->add_option("--fuel", args->fuel,
                  "fuel burnt by a compressor station, STATION=KG_S, drawn at its "
                  "fuelGasVertex, instead of the solver's fuel model (needs --slack or a "
                  "pressure row in --controls; repeatable, each station once)");
  // [0, 1), as the groups file and TrackGas take it (CLI::Range(0, 0.999) refused 0.9995).
  Checked(sub->add_option("--fee", args->fee,
                          "swap fee kept by the swapper, a share in [0, 1); overrides the file"),
          usage,
          // (The files' number rule first, its rule bad-number: std::stod threw out_of_range
          // at 1e-320, uncaught; then the share's range.)
          {FiniteNumber(), CLI::Validator(
                               [](std::string& text) -> std::string {
                                 double v = 0.0;
                                 io::ParseFiniteDouble(text, &v);
                                 // (after "--fee: ")
                                 return v >= 0.0 && v < 1.0 ? std::string()
                                                            : text + " is no share in [0, 1)";
                               },
                               "in [0, 1)", "out-of-range")},
          args->fee);
  Checked(sub->add_option("--swap-input", args->swap_input_mcm_d,
                          "swap input at the supplier's entries, mcm/d at 0 degC (overrides "
                          "the file)"),
          usage, {FiniteNumber(), CLI::Range(0.0, 1e6)}, args->swap_input_mcm_d);
  sub->add_flag("--strict-groups", args->strict_groups,
                "every source must be in a group (else sources in no group join 'other')");
  sub->add_flag("--no-couple", args->no_couple,
                "do not iterate the pipes' gas with the mixing (the sources' mean gas "
                "throughout; --local-density and --fuel still solve again)");
  sub->add_flag("--gas-per-arc", args->gas_per_arc,
                "couple each arc's own gas (its upstream end's tracked mix) rather than one "
                "gas for the network (the corridor scenarios' model; not with --no-couple)");
  sub->add_flag("--local-density", args->local_density,
                "convert nominated volumes with each node's own gas (injected: the gas "
                "injected; withdrawn: the tracked mix), iterated; needs --slack or a "
                "pressure row in --controls (default: the solver's one mean norm density)");
  Checked(sub->add_option("--max-outer-iterations", args->max_outer,
                          fmt::format("most passes of the solve with the mixing (the coupled "
                                      "gas, --local-density; default {})",
                                      TrackSteadyOptions().max_outer_iterations)),
          usage, {CLI::Range(1, 1000)}, args->max_outer);
  sub->add_flag("--no-timings", args->no_timings, "leave timings out of the report");
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "list at most this many diagnostics (the rest are counted; default 50)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  Command command{sub, [args, usage]() { return RunTrack(*args, *usage); }, 1, usage};
  command.option_problems = [args, usage]() { return TrackOptionProblems(*args, *usage); };
  return command;
}

}  // namespace corridor::cli
