// Combined decisions (GasLib .cdf) as element settings (include/corridor/decisions.h).
#include "corridor/decisions.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "core/suggest.h"
#include "core/guarded_call.h"

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

static Status ApplyDecisionsUnguarded(const CombinedDecisions& cdf, const Network& network,
                                      const DecisionOptions& options, AppliedDecisions* out) {
  if (out == nullptr) return Status::InvalidArgument("ApplyDecisions: out must not be null");
  // The choices first, all of them: one run names every bad one.
  std::unordered_map<std::string_view, const DecisionGroup*> group_of;
  std::vector<std::string_view> group_ids;
  for (const DecisionGroup& g : cdf.groups) {
    group_of.emplace(g.id, &g);
    group_ids.push_back(g.id);
  }
  std::unordered_map<std::string_view, const Decision*> chosen;
  std::unordered_map<std::string_view, std::string_view> first_choice;  // group -> decision
  std::vector<std::string> problems;
  for (const auto& [group, decision] : options.choices) {
    const auto g = group_of.find(group);
    if (g != group_of.end()) {
      const auto [first, fresh] = first_choice.emplace(g->second->id, decision);
      if (!fresh) {
        problems.push_back(fmt::format("decision group '{}' is chosen twice ('{}' and '{}'); "
                                       "choose each group once [duplicate-choice]",
                                       group, first->second, decision));
        continue;
      }
    }
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
    chosen.emplace(g->second->id, found);
  }
  if (!problems.empty()) {
    std::string m;
    for (const std::string& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Status::InvalidArgument(m);
  }

  AppliedDecisions a;
  a.source_file = cdf.source_file;
  a.groups = cdf.groups.size();
  // What each element was set to, and by which decision: a hand-made .cdf may set one
  // element in two groups (GasLib's do not; check warns, element-in-two-groups). The same
  // state twice is one setting; two states cannot both hold.
  struct Seen {
    std::string state;  // a mode's name, or "run"
    TakenDecision from;
    int line = 0;
    std::optional<int> direction;  // the flowDirection it was opened for, if any
  };
  std::unordered_map<std::string, Seen> seen;
  const std::string file = cdf.source_file.empty() ? "the .cdf" : cdf.source_file;
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
      // (A group of no decision sets nothing; check warns of it, empty-group.)
      if (!g.decisions.empty()) a.open_groups.push_back(g.id);
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
      // A closed element, an open valve, a control valve in bypass: a setting; an active
      // control valve (or one open without a mode) and a running station: run, its
      // set-point to come from elsewhere.
      // A control valve run to -> from reduces no pressure: it regulates from -> to only
      // (GasLib's model; a bidirectional one, flowMin < 0, passes the reverse flow
      // unregulated, as GasModels.jl reads GasLib's regulators), so it passes the gas in
      // bypass. GasLib-582's dG_2/d1_4 runs controlValve_1 so. (Its state, as two decisions'
      // are compared, is the one written: run.)
      const bool reversed = e.kind == DecisionElement::Kind::kControlValve && e.value == 1 &&
                            e.flow_direction == 1 && !(e.mode && *e.mode == "bypass");
      std::optional<ElementMode> mode;
      if (e.value == 0)
        mode = ElementMode::kClosed;
      else if (e.kind == DecisionElement::Kind::kValve)
        mode = ElementMode::kOpen;
      else if (e.kind == DecisionElement::Kind::kControlValve &&
               ((e.mode && *e.mode == "bypass") || reversed))
        mode = ElementMode::kBypass;
      const std::string state = DecidedState(e);  // (a reversed one as written: run)
      const std::optional<int> direction =
          e.value == 1 ? e.flow_direction : std::optional<int>();
      auto dir_text = [](const std::optional<int>& dir) {
        return !dir ? std::string() : *dir == 0 ? " from -> to" : " to -> from";
      };
      if (const auto it = seen.find(e.arc_id); it != seen.end()) {
        Seen& first = it->second;
        if (first.state != state || (first.direction && direction && first.direction != direction))
          problems.push_back(fmt::format(
              "{}:{}: {} '{}': set {}{} by decision {}/{} here and {}{} by decision {}/{} (line "
              "{}), which cannot both hold [conflicting-decisions]",
              file, e.line, ArcKindName(KindOf(e.kind)), e.arc_id, state, dir_text(direction),
              g.id, d->id, first.state, dir_text(first.direction), first.from.group,
              first.from.decision, first.line));
        else if (direction && !first.direction) {  // the same state, and now a direction
          first.direction = direction;
          a.directions.push_back({e.arc_id, g.id, d->id, *direction == 0});
          if (reversed) {  // run first without one, now to -> from: bypass, by this decision
            const auto r = std::find(a.run.begin(), a.run.end(), e.arc_id);
            if (r != a.run.end()) {
              a.run_from.erase(a.run_from.begin() + (r - a.run.begin()));
              a.run.erase(r);
            }
            a.settings.push_back({e.arc_id, ElementMode::kBypass, 0.0});
            a.setting_from.push_back(taken);
            a.reversed.push_back(e.arc_id);
          }
        }
        continue;  // the same state: one setting
      }
      seen.emplace(e.arc_id, Seen{state, taken, e.line, direction});
      if (mode) {
        a.settings.push_back({e.arc_id, *mode, 0.0});
        a.setting_from.push_back(taken);
        if (reversed) a.reversed.push_back(e.arc_id);
      } else {
        a.run.push_back(e.arc_id);
        a.run_from.push_back(taken);
      }
      if (direction) a.directions.push_back({e.arc_id, g.id, d->id, *direction == 0});
    }
  }
  if (!problems.empty()) {
    std::string m;
    for (const std::string& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Status::InvalidInput(m);
  }
  *out = std::move(a);
  return Status::Ok();
}

Status ApplyDecisions(const CombinedDecisions& cdf, const Network& network,
                      const DecisionOptions& options, AppliedDecisions* out) {
  return internal::GuardedCall("ApplyDecisions",
                               [&] { return ApplyDecisionsUnguarded(cdf, network, options, out); });
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
    if (against > tolerance_kg_per_s)
      v.push_back({d.arc_id, d.group, d.decision, d.forward, q});
  }
  std::stable_sort(v.begin(), v.end(), [](const DirectionViolation& x,
                                          const DirectionViolation& y) {
    return std::abs(x.mass_flow_kg_per_s) > std::abs(y.mass_flow_kg_per_s);
  });
  return v;
}

}  // namespace corridor
