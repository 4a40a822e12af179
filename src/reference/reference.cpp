// Discovery of the reference cases under data/reference (its README.md gives the layout)
// and RunReferenceCase. The GasSteadySim / GasTranSim loaders live in loaders.h (helper
// "steady"); the pandapipes loader in pandapipes.h.
#include "corridor/reference.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <unordered_map>
#include <utility>
#include <filesystem>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/problems.h"
#include "core/file_internal.h"
#include "corridor/units.h"
#include "reference/pandapipes.h"
#include "reference/residual_check.h"
#include "reference/loaders.h"
#include "core/guarded_call.h"

// ReferenceOptions' defaults are the residual check's own thresholds (validate's table and
// RunReferenceCase without options judge by these): kept in step here.
static_assert(corridor::ReferenceOptions{}.check_mass_tolerance_kg_per_s ==
              corridor::reference::kCheckMassTolerance_kg_per_s);
static_assert(corridor::ReferenceOptions{}.check_pressure_tolerance_Pa ==
              corridor::reference::kCheckPressureTolerance_Pa);

namespace corridor {
namespace {

namespace fs = std::filesystem;

// What a folder of the layout is: absent, a folder, or there but unreadable (reported).
enum class Folder { kAbsent, kPresent, kBroken };

Status LoadReferenceCasesInto(const std::string& dir, std::vector<ReferenceCase>* cases,
                              Diagnostics* diag, const std::string& filter) {
  auto wanted = [&](const std::string& name) {
    return filter.empty() || name.find(filter) != std::string::npos;
  };
  std::error_code ec;
  const fs::path root(dir);
  // What DIR is where it is no folder: "not found: x: not a folder" was said of a file that
  // exists, and of a path that does not.
  if (!fs::is_directory(root, ec)) {
    std::error_code sec;
    const fs::file_status st = fs::status(root, sec);
    if (st.type() == fs::file_type::not_found)
      return Status::NotFound(fmt::format("{}: no such file or folder [file-not-found]", dir));
    return Status::InvalidInput(fmt::format(
        "{}: {} [not-a-folder]", dir,
        st.type() == fs::file_type::regular ? "a file, not a folder: give the folder that holds "
                                              "the reference cases"
        : sec ? "cannot be read (" + sec.message() + ")"
              : "not a folder"));
  }
  cases->clear();
  const std::size_t errors_before = diag->error_count();
  Status first_error;
  auto note = [&](const Status& s) {
    if (!s.ok() && first_error.ok()) first_error = s;
  };
  bool any_layout = false;
  // A folder that cannot be read is an io-error naming it, never a folder without cases:
  // an unreadable gassteadysim/ (or gastransim/, pandapipes/, DIR itself) lost its cases
  // in silence, exit 0.
  auto io_error = [&](const fs::path& p, const std::string& why) {
    diag->Error(p.string(), 0, "", "io-error", why);
    note(Status::IoError(fmt::format("{}: {}", p.string(), why)));
  };
  {
    std::error_code list_ec;
    fs::directory_iterator probe(root, list_ec);
    if (list_ec) {
      io_error(root, fmt::format("cannot list the folder: {}", list_ec.message()));
      return Status::InvalidInput(fmt::format("1 error in the reference cases under {}", dir));
    }
  }
  // `p`: absent, a folder, something else (an io-error naming it), or one whose status
  // cannot be read (a parent without permission): then the nearest folder that cannot be
  // listed is named.
  auto probe = [&](const fs::path& p) {
    std::error_code pec;
    const fs::file_status st = fs::status(p, pec);
    if (st.type() == fs::file_type::directory) return Folder::kPresent;
    // A link to nothing where a folder of the layout goes is no absent folder: its cases
    // went missing from the table unsaid (a loop there was an io-error already).
    if (std::error_code lec; st.type() == fs::file_type::not_found &&
                             fs::is_symlink(fs::symlink_status(p, lec))) {
      io_error(p, "a link to nothing");
      return Folder::kBroken;
    }
    if (st.type() == fs::file_type::not_found) return Folder::kAbsent;
    // A file where the layout has a folder (pandapipes/cases, gassteadysim) is no absent
    // folder either: its cases went missing from the table, exit 0.
    if (!pec) {
      io_error(p, st.type() == fs::file_type::regular ? "a file, not a folder" : "not a folder");
      return Folder::kBroken;
    }
    fs::path at = p;
    for (fs::path up = p.parent_path(); !up.empty() && up != root && up != at;
         up = up.parent_path()) {
      std::error_code uec;
      fs::directory_iterator it(up, uec);
      if (uec) at = up;
    }
    io_error(at, at == p ? fmt::format("cannot be read: {}", pec.message())
                         : fmt::format("cannot list the folder: {}", pec.message()));
    return Folder::kBroken;
  };
  // The folders under `d`, sorted; one that cannot be listed is an io-error. `selects`
  // tells whether the filter takes a case folder of a name (an entry it leaves out is not
  // judged, as the rest of such a folder is not).
  auto subdirs = [&](const fs::path& d, const auto& selects) {
    std::vector<fs::path> out;
    std::error_code lec;
    // An entry whose kind cannot be told may be a case folder: a loop of links or a link
    // to nothing was skipped in silence, its cases missing from the table. (Not a hidden
    // entry: an editor's lock file is a link to nothing.)
    std::vector<std::pair<fs::path, std::string>> unreadable;
    // A file where case folders lie may be one that replaced a case folder: said, not
    // skipped in silence (gassteadysim/8-node as a file took its three cases out of the
    // table unsaid). Not a hidden file, nor what a folder of data carries beside its
    // cases (README, LICENSE, NOTICE, COPYING, notes as .md or .txt: gastransim/ has a
    // LICENSE).
    auto documentation = [](const std::string& name) {
      for (const char* head : {"README", "LICENSE", "LICENCE", "NOTICE", "COPYING"})
        if (name.rfind(head, 0) == 0) return true;
      for (const char* tail : {".md", ".txt"})
        if (name.size() > std::strlen(tail) &&
            name.compare(name.size() - std::strlen(tail), std::strlen(tail), tail) == 0)
          return true;
      return false;
    };
    std::vector<fs::path> files;
    for (fs::directory_iterator it(d, lec), end; !lec && it != end; it.increment(lec)) {
      std::error_code tec;
      const std::string name = it->path().filename().string();
      if (it->is_directory(tec)) {
        // A hidden folder (.git, an editor's or a sync tool's) holds no case: it was
        // "a case folder without a solution", an error, where hidden files were skipped.
        if (name.rfind('.', 0) != 0) out.push_back(it->path());
      } else if (!tec && name.rfind('.', 0) != 0 && !documentation(name) && selects(name)) {
        files.push_back(it->path());
      } else if (tec && it->path().filename().string().rfind('.', 0) != 0 &&
                 selects(it->path().filename().string())) {
        unreadable.emplace_back(
            it->path(), tec == std::errc::too_many_symbolic_link_levels
                            ? std::string("a symbolic link loop (too many levels of symbolic "
                                          "links)")
                        : tec == std::errc::no_such_file_or_directory
                            ? std::string("a link to nothing")
                            : fmt::format("cannot be read: {}", tec.message()));
      }
    }
    if (lec) io_error(d, fmt::format("cannot list the folder: {}", lec.message()));
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files)
      diag->Warning(f.string(), 0, "", "not-a-case-folder",
                    "a file where the case folders lie: skipped (a case is a folder with its "
                    "exact_sol_*.json)");
    std::sort(unreadable.begin(), unreadable.end());
    for (const auto& [p, why] : unreadable) io_error(p, why);
    std::sort(out.begin(), out.end());
    return out;
  };

  // The README layout: gassteadysim/<case>/exact_sol_<model>.json,
  // gastransim/<case>/exact_sol_.json, pandapipes/{cases,results}. `dir` may also be one
  // of these folders itself, told by its name (gassteadysim, gastransim; for pandapipes/
  // by its cases/ folder) when it holds no folder of that name.
  fs::path gss = root / "gassteadysim", gts = root / "gastransim";
  const fs::path pp = root / "pandapipes";
  Folder gss_state = probe(gss), gts_state = probe(gts);
  {
    std::error_code cec;
    fs::path name = fs::canonical(root, cec).filename();
    if (cec) name = root.filename();
    if (gss_state == Folder::kAbsent && name == "gassteadysim") {
      gss = root;
      gss_state = Folder::kPresent;
    }
    if (gts_state == Folder::kAbsent && name == "gastransim") {
      gts = root;
      gts_state = Folder::kPresent;
    }
  }
  // The solutions of one case folder by the part of their names after "exact_sol_" (the
  // names it accepts: `accepted`). A folder without one, or a solution file of another
  // name (exact_sol_Ideal.json), is an error naming the names accepted: both were skipped
  // in silence, and the case vanished from the table. `prefix`: "gassteadysim/CASE/" or
  // "gastransim/CASE", what the filter is matched with.
  auto solutions = [&](const fs::path& c, const std::vector<std::string>& accepted,
                       const std::string& prefix, bool model_in_name) {
    std::vector<std::string> found;
    std::vector<std::string> names;
    // (A folder that cannot be listed is an io-error, not "a case folder without a
    // solution"; increments with an error code: the range-for's would throw.)
    std::error_code list_ec;
    for (fs::directory_iterator it(c, list_ec), end; !list_ec && it != end;
         it.increment(list_ec))
      names.push_back(it->path().filename().string());
    if (list_ec) {
      diag->Error(c.string(), 0, "", "io-error",
                  fmt::format("cannot list the case folder: {}", list_ec.message()));
      note(Status::IoError(c.string()));
      return found;
    }
    std::sort(names.begin(), names.end());
    std::string list;
    for (std::size_t k = 0; k < accepted.size(); ++k)
      list += fmt::format("{}exact_sol_{}.json",
                          k == 0 ? "" : k + 1 == accepted.size() ? " or " : ", ", accepted[k]);
    bool any_wanted = false;
    for (const std::string& a : accepted) any_wanted |= wanted(prefix + (model_in_name ? a : ""));
    for (const std::string& n : names) {
      if (n.rfind("exact_sol", 0) != 0) continue;
      const bool json = n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0;
      const std::string model =
          n.rfind("exact_sol_", 0) == 0 && json ? n.substr(10, n.size() - 15) : std::string();
      if (json && n.rfind("exact_sol_", 0) == 0 &&
          std::find(accepted.begin(), accepted.end(), model) != accepted.end()) {
        found.push_back(model);
        continue;
      }
      // (With a filter: judged when the case its name gives is selected, or the file named.)
      if (!wanted(prefix + (model_in_name ? model : "")) && !wanted((c / n).string())) continue;
      diag->Error((c / n).string(), 0, "", "unknown-solution",
                  fmt::format("not a solution file of this case: the names accepted are {}",
                              list));
      note(Status::InvalidInput((c / n).string()));
    }
    if (found.empty() && any_wanted) {
      diag->Error(c.string(), 0, "", "missing-file",
                  fmt::format("a case folder without a solution: expected {}", list));
      note(Status::InvalidInput(c.string()));
    }
    return found;
  };
  // A source's folder without a case folder: its cases went out of the table in silence,
  // exit 0 (a folder that cannot be listed is an io-error above).
  auto no_cases = [&](const fs::path& d) {
    std::error_code lec;
    fs::directory_iterator listed(d, lec);
    if (filter.empty() && !lec)
      diag->Warning(d.string(), 0, "", "no-cases",
                    "no case folder here: none of this source's cases is compared");
  };
  any_layout = gss_state != Folder::kAbsent || gts_state != Folder::kAbsent;
  if (gss_state == Folder::kPresent) {
    auto gss_selects = [&](const std::string& name) {
      for (const char* model : {"ideal", "simple_cnga", "full_cnga"})
        if (wanted("gassteadysim/" + name + "/" + model)) return true;
      return false;
    };
    const std::vector<fs::path> gss_cases = subdirs(gss, gss_selects);
    if (gss_cases.empty()) no_cases(gss);
    for (const fs::path& c : gss_cases) {
      // The solutions present, loaded together: the files they share are read (and their
      // problems reported) once.
      const std::string prefix = fmt::format("gassteadysim/{}/", c.filename().string());
      const std::vector<std::string> present =
          solutions(c, {"ideal", "simple_cnga", "full_cnga"}, prefix, true);
      std::vector<std::string> models;
      for (const char* model : {"ideal", "simple_cnga", "full_cnga"})
        if (std::find(present.begin(), present.end(), model) != present.end() &&
            wanted(prefix + model))
          models.push_back(model);
      if (!models.empty()) note(reference::LoadGasSteadySimCases(c.string(), models, cases, diag));
    }
  }
  if (gts_state == Folder::kPresent) {
    auto gts_selects = [&](const std::string& name) { return wanted("gastransim/" + name); };
    const std::vector<fs::path> gts_cases = subdirs(gts, gts_selects);
    if (gts_cases.empty()) no_cases(gts);
    for (const fs::path& c : gts_cases) {
      const std::string name = "gastransim/" + c.filename().string();
      if (solutions(c, {""}, name, false).empty() || !wanted(name)) continue;
      ReferenceCase rc;
      Status s = reference::LoadGasTranSimCase(c.string(), &rc, diag);
      note(s);
      if (s.ok()) cases->push_back(std::move(rc));
    }
  }
  std::optional<std::size_t> first_layout_end;  // the cases of pandapipes/cases end there
  for (const fs::path& p : {pp, root}) {
    // (pandapipes/ itself a link to nothing: its cases went missing unsaid, as the other
    // sources' did.)
    if (p == pp && probe(pp) == Folder::kBroken) {
      any_layout = true;
      continue;
    }
    const Folder state = probe(p / "cases");
    if (state == Folder::kAbsent) {
      // Results without their cases: every file there belongs to no case (they passed
      // unsaid, "10 cases: 10 passed", where an empty cases/ names each one).
      if (probe(p / "results") != Folder::kAbsent) {
        any_layout = true;
        diag->Error((p / "results").string(), 0, "", "no-case",
                    fmt::format("pandapipes results without a cases folder beside them: "
                                "expected {} with each case's JSON, nothing of these results "
                                "is compared",
                                (p / "cases").string()));
        note(Status::InvalidInput((p / "results").string()));
      }
      continue;
    }
    any_layout = true;
    if (state == Folder::kBroken) continue;
    const std::size_t begin = cases->size();
    note(reference::LoadPandapipesCases(p.string(), cases, diag, filter));
    if (p == pp) {
      first_layout_end = cases->size();
      continue;
    }
    // Two pandapipes layouts (DIR/pandapipes/cases and DIR/cases) holding a case of one
    // name: two rows of it, one PASS and one FAIL where the copies differed.
    if (!first_layout_end) continue;
    std::set<std::string> first;
    for (std::size_t k = 0; k < *first_layout_end; ++k) first.insert((*cases)[k].name);
    std::vector<std::string> twice;
    for (std::size_t k = begin; k < cases->size(); ++k)
      if (first.count((*cases)[k].name)) twice.push_back((*cases)[k].name);
    if (twice.empty()) continue;
    diag->Error((p / "cases").string(), 0, "", "duplicate-case",
                fmt::format("{} case{} of this pandapipes layout {} also under {} ({}{}): "
                            "rows of one name could not be told apart; keep one of them",
                            twice.size(), twice.size() == 1 ? "" : "s",
                            twice.size() == 1 ? "is" : "are", (pp / "cases").string(),
                            twice.front(),
                            twice.size() > 1 ? fmt::format(" and {} more", twice.size() - 1)
                                             : std::string()));
    note(Status::InvalidInput((p / "cases").string()));
  }
  if (!any_layout)
    return Status::NotFound(fmt::format(
        "{}: no reference cases (expected gassteadysim/, gastransim/ or pandapipes/cases, "
        "see the README.md of the reference folder, e.g. ../shared/data/reference/README.md)",
        dir));
  // The count of what was reported, over every case (the first failing case's status
  // would count its own problems only).
  if (const std::size_t n = diag->error_count() - errors_before; n > 0 && !first_error.ok())
    return Status::InvalidInput(fmt::format("{} error{} in the reference cases under {}", n,
                                            n == 1 ? "" : "s", dir));
  return first_error;
}

}  // namespace

Status LoadReferenceCases(const std::string& dir, std::vector<ReferenceCase>* cases,
                          Diagnostics* diag, const std::string& filter) {
  return file_internal::GuardedRead("LoadReferenceCases", dir, cases, diag, [&] {
    return LoadReferenceCasesInto(dir, cases, diag, filter);
  });
}

namespace reference {

Status RunReferenceCaseDetailed(const ReferenceCase& rc, ReferenceRun* out,
                                const ReferenceOptions& options) {
  *out = ReferenceRun();
  if (Status v = options.Validate(); !v.ok()) return v;
  ReferenceComparison& cmp = out->comparison;
  cmp.case_name = rc.name;
  cmp.model = rc.model;
  out->has_reference = !rc.expected_pressure_Pa.empty() || !rc.expected_flow_kg_per_s.empty();
  cmp.has_reference = out->has_reference;
  const double rel_tol = options.rel_tol.value_or(rc.rel_tol);
  const double pressure_abs_tol_Pa = options.pressure_abs_tol_Pa.value_or(rc.pressure_abs_tol_Pa);
  const double flow_abs_tol_kg_per_s =
      options.flow_abs_tol_kg_per_s.value_or(rc.flow_abs_tol_kg_per_s);
  // The case's own rule and stored values as the options' are checked: an infinite
  // tolerance passed a 40 bar error, an expected flow of +inf passed ("Max |dm|: inf").
  {
    internal::Problems problems("ReferenceCase '" + rc.name + "'", &Status::InvalidArgument);
    for (const auto& [name, v] : {std::pair<const char*, double>{"rel_tol", rel_tol},
                                  {"pressure_abs_tol_Pa", pressure_abs_tol_Pa},
                                  {"flow_abs_tol_kg_per_s", flow_abs_tol_kg_per_s}})
      if (!(std::isfinite(v) && v >= 0.0))
        problems.Add(fmt::format("ReferenceCase.{} = {} must be finite and >= 0", name, v));
    for (const auto& [what, values] :
         {std::pair<const char*, const std::unordered_map<std::string, double>*>{
              "expected_pressure_Pa", &rc.expected_pressure_Pa},
          {"expected_flow_kg_per_s", &rc.expected_flow_kg_per_s}})
      for (const auto& [id, v] : *values)
        if (!std::isfinite(v))
          problems.Add(fmt::format("ReferenceCase.{}['{}'] = {} is not finite", what, id, v));
    if (Status p = problems.ToStatus(); !p.ok()) return p;
  }

  SteadySolution sol;
  Status s;
  if (options.threads) {
    SteadyOptions so = rc.options;
    so.threads = *options.threads;
    s = SolveSteady(rc.network, rc.injection_kg_per_s, so, &sol, &cmp.summary);
  } else {
    s = SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, &sol, &cmp.summary);
  }
  if (!s.ok()) return s;
  const bool converged = cmp.summary.verdict == Verdict::kConverged;
  if (converged) {
    if (sol.pressure_Pa.size() != rc.network.nodes.size() ||
        sol.mass_flow_kg_per_s.size() != rc.network.arcs.size())
      return Status::Internal(fmt::format("case '{}': solution sizes do not match the network",
                                          rc.name));
    s = CheckResiduals(rc, sol.pressure_Pa, sol.mass_flow_kg_per_s, &out->check,
                       options.check_mass_tolerance_kg_per_s,
                       options.check_pressure_tolerance_Pa);
    if (!s.ok()) return s;
  }
  bool within = true;
  if (converged && out->has_reference) {
    for (const auto& [id, expected] : rc.expected_pressure_Pa) {
      auto i = rc.network.FindNode(id);
      if (!i) return Status::InvalidArgument(fmt::format("case '{}': node '{}' not in network",
                                                         rc.name, id));
      const double d = std::abs(sol.pressure_Pa[*i] - expected);
      if (!(d <= std::max(pressure_abs_tol_Pa, rel_tol * std::abs(expected)))) within = false;
      if (d > cmp.max_abs_dp_Pa || std::isnan(d)) {
        cmp.max_abs_dp_Pa = std::isnan(d) ? HUGE_VAL : d;
        cmp.worst_pressure_node = id;
      }
      // (NaN as the absolute's: std::max kept the old value past a NaN.)
      if (std::isnan(d))
        cmp.max_rel_dp = HUGE_VAL;
      else if (rel_tol * std::abs(expected) > pressure_abs_tol_Pa)  // (the relative part rules)
        cmp.max_rel_dp = std::max(cmp.max_rel_dp, d / std::abs(expected));
    }
    for (const auto& [id, expected] : rc.expected_flow_kg_per_s) {
      auto a = rc.network.FindArc(id);
      if (!a) return Status::InvalidArgument(fmt::format("case '{}': arc '{}' not in network",
                                                         rc.name, id));
      const double d = std::abs(sol.mass_flow_kg_per_s[*a] - expected);
      if (!(d <= std::max(flow_abs_tol_kg_per_s, rel_tol * std::abs(expected)))) within = false;
      if (d > cmp.max_abs_dm_kg_per_s || std::isnan(d)) {
        cmp.max_abs_dm_kg_per_s = std::isnan(d) ? HUGE_VAL : d;
        cmp.worst_flow_arc = id;
      }
      // (NaN as the absolute's: std::max kept the old value past a NaN.)
      if (std::isnan(d))
        cmp.max_rel_dm = HUGE_VAL;
      else if (rel_tol * std::abs(expected) > flow_abs_tol_kg_per_s)  // (the relative part rules)
        cmp.max_rel_dm = std::max(cmp.max_rel_dm, d / std::abs(expected));
    }
  }
  if (out->has_reference) {
    cmp.pass = converged && out->check.pass && within;
  } else {
    cmp.pass = (converged && out->check.pass) ||
               (cmp.summary.verdict == Verdict::kInfeasible && !cmp.summary.reason.empty());
  }
  out->pressure_Pa = std::move(sol.pressure_Pa);
  out->flow_kg_per_s = std::move(sol.mass_flow_kg_per_s);
  return Status::Ok();
}


}  // namespace reference

Status ReferenceOptions::Validate() const {
  // Every problem, in one Status.
  internal::Problems problems("ReferenceOptions", &Status::InvalidArgument);
  for (const auto& [name, v] : {std::pair<const char*, std::optional<double>>{"rel_tol", rel_tol},
                                {"pressure_abs_tol_Pa", pressure_abs_tol_Pa},
                                {"flow_abs_tol_kg_per_s", flow_abs_tol_kg_per_s}})
    if (v && !(std::isfinite(*v) && *v >= 0.0))
      problems.Add(fmt::format("ReferenceOptions.{} = {} must be finite and >= 0", name, *v));
  // Positive: a zero threshold fails every solve on its round-off.
  for (const auto& [name, v] :
       {std::pair<const char*, double>{"check_mass_tolerance_kg_per_s",
                                       check_mass_tolerance_kg_per_s},
        {"check_pressure_tolerance_Pa", check_pressure_tolerance_Pa}})
    if (!(std::isfinite(v) && v > 0.0))
      problems.Add(fmt::format("ReferenceOptions.{} = {} must be finite and > 0", name, v));
  if (threads && *threads < 0)
    problems.Add(fmt::format("ReferenceOptions.threads = {} must be 0 (as many as useful) or more",
                             *threads));
  return problems.ToStatus();
}

std::string ReferenceComparison::Report() const {
  std::string r;
  r += fmt::format("Case         : {}\n", case_name);
  r += fmt::format("Model        : {}\n", model);
  r += fmt::format("Solve        : {} after {} iteration{}{}\n", VerdictName(summary.verdict),
                   summary.iterations, summary.iterations == 1 ? "" : "s",
                   summary.reason.empty() ? "" : " (" + summary.reason + ")");
  const bool compared = has_reference && summary.verdict == Verdict::kConverged;
  if (compared) {
    r += fmt::format("Max |dp|     : {:.3e} bar (relative {:.3e}){}\n",
                     max_abs_dp_Pa / units::kBar, max_rel_dp,
                     worst_pressure_node.empty() ? "" : " at node " + worst_pressure_node);
    r += fmt::format("Max |dm|     : {:.3e} kg/s (relative {:.3e}){}\n", max_abs_dm_kg_per_s,
                     max_rel_dm, worst_flow_arc.empty() ? "" : " on arc " + worst_flow_arc);
  } else {
    r += has_reference ? "Compared     : no (the solve did not converge)\n"
                       : "Compared     : no (the case has no expected values)\n";
  }
  r += fmt::format("Result       : {}\n", pass ? "PASS" : "FAIL");
  return r;
}

static Status RunReferenceCaseUnguarded(const ReferenceCase& rc, const ReferenceOptions& options,
                                        ReferenceComparison* out) {
  if (out == nullptr) return Status::InvalidArgument("RunReferenceCase: out must not be null");
  reference::ReferenceRun run;
  Status s = reference::RunReferenceCaseDetailed(rc, &run, options);
  *out = std::move(run.comparison);
  return s;
}

Status RunReferenceCase(const ReferenceCase& rc, const ReferenceOptions& options,
                        ReferenceComparison* out) {
  return internal::GuardedCall("RunReferenceCase",
                               [&] { return RunReferenceCaseUnguarded(rc, options, out); });
}

Status RunReferenceCase(const ReferenceCase& rc, ReferenceComparison* out) {
  return RunReferenceCase(rc, ReferenceOptions(), out);
}

}  // namespace corridor
