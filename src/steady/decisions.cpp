// Combined decisions (GasLib .cdf) as element settings (include/corridor/decisions.h).
#include "corridor/decisions.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "core/suggest.h"

namespace corridor {

namespace {

// The arc kind a decision element names.
ArcKind KindOf(DecisionElement::Kind k) {
  switch (k) {
    case DecisionElement::Kind::kValve: return ArcKind::kValve;
    case DecisionElement::Kind::kControlValve: return ArcKind::kControlValve;
    case DecisionElement::Kind::kCompressorStation: return ArcKind::kCompressorStation;
  }
  return ArcKind::kValve;
}

}  // namespace

Status ApplyDecisions(const CombinedDecisions& cdf, const Network& network,
                      const DecisionOptions& options, AppliedDecisions* out) {
  // The choices first, all of them: one run names every bad one.
  std::unordered_map<std::string_view, const DecisionGroup*> group_of;
  std::vector<std::string_view> group_ids;
  for (const DecisionGroup& g : cdf.groups) {
    group_of.emplace(g.id, &g);
    group_ids.push_back(g.id);
  }
  std::unordered_map<std::string_view, const Decision*> chosen;
  std::vector<std::string> problems;
  for (const auto& [group, decision] : options.choices) {
    const auto g = group_of.find(group);
    if (g == group_of.end()) {
      problems.push_back(fmt::format("decision group '{}' is not in {}{} [unknown-group]", group,
                                     cdf.source_file.empty() ? "the .cdf" : cdf.source_file,
                                     DidYouMean(group, group_ids)));
      continue;
    }
    const Decision* found = nullptr;
    std::string ids;
    const std::size_t count = g->second->decisions.size();
    for (std::size_t k = 0; k < count; ++k) {
      const Decision& d = g->second->decisions[k];
      if (d.id == decision) found = &d;
      if (k < 10) ids += (k == 0 ? "'" : ", '") + d.id + "'";
    }
    if (count > 10) ids += fmt::format(" and {} more", count - 10);
    if (found == nullptr) {
      problems.push_back(fmt::format("decision group '{}' has no decision '{}' (it has {}) "
                                     "[unknown-decision]",
                                     group, decision, ids));
      continue;
    }
    if (!chosen.emplace(g->second->id, found).second)
      problems.push_back(fmt::format("decision group '{}' is chosen twice; choose each group "
                                     "once [duplicate-choice]",
                                     group));
  }
  if (!problems.empty()) {
    std::string m;
    for (const std::string& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Status::InvalidArgument(m);
  }

  AppliedDecisions a;
  a.source_file = cdf.source_file;
  a.groups = cdf.groups.size();
  for (const DecisionGroup& g : cdf.groups) {
    const Decision* d = nullptr;
    bool by_choice = false;
    if (const auto c = chosen.find(g.id); c != chosen.end()) {
      d = c->second;
      by_choice = g.decisions.size() > 1;
    } else if (g.decisions.size() == 1) {
      d = &g.decisions[0];
    }
    if (d == nullptr) {
      a.open_groups.push_back(g.id);
      continue;
    }
    const TakenDecision taken{g.id, d->id, by_choice};
    a.taken.push_back(taken);
    for (const DecisionElement& e : d->elements) {
      const auto idx = network.FindArc(e.arc_id);
      if (!idx || network.arcs[*idx].kind != KindOf(e.kind)) {
        a.skipped.push_back(e.arc_id);
        continue;
      }
      auto set = [&](ElementMode m) {
        a.settings.push_back({e.arc_id, m, 0.0});
        a.setting_from.push_back(taken);
      };
      if (e.value == 0) {
        set(ElementMode::kClosed);
        continue;
      }
      switch (e.kind) {
        case DecisionElement::Kind::kValve: set(ElementMode::kOpen); break;
        case DecisionElement::Kind::kControlValve:
          if (e.mode && *e.mode == "bypass")
            set(ElementMode::kBypass);
          else
            a.run_without_set_point.push_back(e.arc_id);
          break;
        case DecisionElement::Kind::kCompressorStation:
          a.run_without_set_point.push_back(e.arc_id);
          break;
      }
      if (e.flow_direction)
        a.directions.push_back({e.arc_id, g.id, d->id, *e.flow_direction == 0});
    }
  }
  *out = std::move(a);
  return Status::Ok();
}

std::vector<DirectionViolation> DecisionDirectionViolations(const AppliedDecisions& applied,
                                                            const Network& network,
                                                            const SteadySolution& sol,
                                                            double tolerance_kg_per_s) {
  std::vector<DirectionViolation> v;
  for (const DecidedDirection& d : applied.directions) {
    const auto idx = network.FindArc(d.arc_id);
    if (!idx || *idx >= sol.mass_flow_kg_per_s.size()) continue;
    const double q = sol.mass_flow_kg_per_s[*idx];
    if (!std::isfinite(q)) continue;
    const double against = d.forward ? -q : q;
    if (against > tolerance_kg_per_s) v.push_back({d.arc_id, d.group, d.decision, q});
  }
  std::stable_sort(v.begin(), v.end(), [](const DirectionViolation& x,
                                          const DirectionViolation& y) {
    return std::abs(x.mass_flow_kg_per_s) > std::abs(y.mass_flow_kg_per_s);
  });
  return v;
}

}  // namespace corridor
