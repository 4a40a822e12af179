// Discovery of the reference cases under data/reference (its README.md gives the layout)
// and RunReferenceCase. The GasSteadySim / GasTranSim loaders live in loaders.h (helper
// "steady"); the pandapipes loader in pandapipes.h.
#include "corridor/reference.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "core/file_internal.h"
#include "reference/pandapipes.h"
#include "reference/residual_check.h"
#include "reference/loaders.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> SortedSubdirs(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory(ec)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

Status LoadReferenceCasesInto(const std::string& dir, std::vector<ReferenceCase>* cases,
                              Diagnostics* diag, const std::string& filter) {
  auto wanted = [&](const std::string& name) {
    return filter.empty() || name.find(filter) != std::string::npos;
  };
  std::error_code ec;
  const fs::path root(dir);
  if (!fs::is_directory(root, ec)) return Status::NotFound(fmt::format("{}: not a folder", dir));
  cases->clear();
  const std::size_t errors_before = diag->error_count();
  Status first_error;
  auto note = [&](const Status& s) {
    if (!s.ok() && first_error.ok()) first_error = s;
  };
  bool any_layout = false;

  // The README layout: gassteadysim/<case>/exact_sol_<model>.json,
  // gastransim/<case>/exact_sol_.json, pandapipes/{cases,results}. `dir` may also be one
  // of these folders itself.
  const fs::path gss = root / "gassteadysim", gts = root / "gastransim", pp = root / "pandapipes";
  if (fs::is_directory(gss, ec)) {
    any_layout = true;
    for (const fs::path& c : SortedSubdirs(gss)) {
      // The solutions present, loaded together: the files they share are read (and their
      // problems reported) once.
      std::vector<std::string> models;
      for (const char* model : {"ideal", "simple_cnga", "full_cnga"})
        if (fs::exists(c / fmt::format("exact_sol_{}.json", model), ec) &&
            wanted(fmt::format("gassteadysim/{}/{}", c.filename().string(), model)))
          models.push_back(model);
      if (!models.empty()) note(reference::LoadGasSteadySimCases(c.string(), models, cases, diag));
    }
  }
  if (fs::is_directory(gts, ec)) {
    any_layout = true;
    for (const fs::path& c : SortedSubdirs(gts)) {
      if (!fs::exists(c / "exact_sol_.json", ec) ||
          !wanted("gastransim/" + c.filename().string()))
        continue;
      ReferenceCase rc;
      Status s = reference::LoadGasTranSimCase(c.string(), &rc, diag);
      note(s);
      if (s.ok()) cases->push_back(std::move(rc));
    }
  }
  for (const fs::path& p : {pp, root}) {
    if (!fs::is_directory(p / "cases", ec)) continue;
    any_layout = true;
    note(reference::LoadPandapipesCases(p.string(), cases, diag, filter));
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

Status RunReferenceCaseDetailed(const ReferenceCase& rc, ReferenceRun* out) {
  *out = ReferenceRun();
  ReferenceComparison& cmp = out->comparison;
  cmp.case_name = rc.name;
  cmp.model = rc.model;
  out->has_reference = !rc.expected_pressure_Pa.empty() || !rc.expected_flow_kg_per_s.empty();

  SteadySolution sol;
  Status s = SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, &sol, &cmp.summary);
  if (!s.ok()) return s;
  const bool converged = cmp.summary.verdict == Verdict::kConverged;
  if (converged) {
    if (sol.pressure_Pa.size() != rc.network.nodes.size() ||
        sol.mass_flow_kg_per_s.size() != rc.network.arcs.size())
      return Status::Internal(fmt::format("case '{}': solution sizes do not match the network",
                                          rc.name));
    s = CheckResiduals(rc, sol.pressure_Pa, sol.mass_flow_kg_per_s, &out->check);
    if (!s.ok()) return s;
  }
  bool within = true;
  if (converged && out->has_reference) {
    for (const auto& [id, expected] : rc.expected_pressure_Pa) {
      auto i = rc.network.FindNode(id);
      if (!i) return Status::InvalidArgument(fmt::format("case '{}': node '{}' not in network",
                                                         rc.name, id));
      const double d = std::abs(sol.pressure_Pa[*i] - expected);
      if (!(d <= std::max(rc.pressure_abs_tol_Pa, rc.rel_tol * std::abs(expected)))) within = false;
      if (d > cmp.max_abs_dp_Pa || std::isnan(d)) {
        cmp.max_abs_dp_Pa = std::isnan(d) ? HUGE_VAL : d;
        cmp.worst_pressure_node = id;
      }
      if (expected != 0.0) cmp.max_rel_dp = std::max(cmp.max_rel_dp, d / std::abs(expected));
    }
    for (const auto& [id, expected] : rc.expected_flow_kg_per_s) {
      auto a = rc.network.FindArc(id);
      if (!a) return Status::InvalidArgument(fmt::format("case '{}': arc '{}' not in network",
                                                         rc.name, id));
      const double d = std::abs(sol.mass_flow_kg_per_s[*a] - expected);
      if (!(d <= std::max(rc.flow_abs_tol_kg_per_s, rc.rel_tol * std::abs(expected)))) within = false;
      if (d > cmp.max_abs_dm_kg_per_s || std::isnan(d)) {
        cmp.max_abs_dm_kg_per_s = std::isnan(d) ? HUGE_VAL : d;
        cmp.worst_flow_arc = id;
      }
      if (expected != 0.0) cmp.max_rel_dm = std::max(cmp.max_rel_dm, d / std::abs(expected));
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

Status RunReferenceCase(const ReferenceCase& rc, ReferenceComparison* out) {
  if (out == nullptr) return Status::InvalidArgument("RunReferenceCase: out must not be null");
  reference::ReferenceRun run;
  Status s = reference::RunReferenceCaseDetailed(rc, &run);
  *out = std::move(run.comparison);
  return s;
}

}  // namespace corridor
