// Tracking reports (text tables) and outputs (CSV, JSON). Views on the summary's data only:
// nothing here recomputes the mixing.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/units.h"
#include "corridor/tracking.h"
#include "tracking/swap_json.h"
#include "core/guarded_call.h"
#include "core/problems.h"

namespace corridor {

namespace {

constexpr double kMcmPerDay = 86400.0 / 1e6;   // m^3/s -> mcm/d
constexpr double kMW = 1e-6;                    // W -> MW
constexpr double kGWhPerDay = 24.0 / 1e9;       // W -> GWh/d

// Round-off zeros print as 0, not -0.00: below half a unit of the last of `decimals`
// printed (and -0 itself).
double Z(double x, int decimals = 12) {
  return std::abs(x) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : x;
}

std::string NodeId(const TrackingSummary& s, std::size_t v) {
  return v < s.node_ids.size() ? s.node_ids[v] : fmt::format("#{}", v);
}

double Delivery(const NodeGas& g) { return g.withdrawal_kg_per_s - g.fuel_kg_per_s; }

std::vector<std::size_t> ExitsByEnergy(const TrackingSummary& s) {
  std::vector<std::size_t> ex;
  for (std::size_t v = 0; v < s.nodes.size(); ++v)
    if (Delivery(s.nodes[v]) > 0.0 && s.nodes[v].has_gas) ex.push_back(v);
  std::stable_sort(ex.begin(), ex.end(), [&](std::size_t a, std::size_t b) {
    return Delivery(s.nodes[a]) * s.nodes[a].quality.SpecificEnergy() >
           Delivery(s.nodes[b]) * s.nodes[b].quality.SpecificEnergy();
  });
  return ex;
}

// The widest a group's column gets. Every row of the tables is padded to it: a source id
// of a megabyte as a group name made the report some 50 GB (helper-292).
constexpr std::size_t kMaxGroupWidth = 32;

// A group's name as its column heads it: whole up to kMaxGroupWidth bytes, else cut in the
// middle, where names that share a start and an end rarely differ ("Russia_Gazprom_A" and
// "Russia_Gazprom_B" cut at their ends read alike); a UTF-8 character is not split.
std::string ColumnName(const std::string& n) {
  if (n.size() <= kMaxGroupWidth) return n;
  std::size_t head = (kMaxGroupWidth - 2) / 2, tail = n.size() - (kMaxGroupWidth - 2 - head);
  auto continuation = [&](std::size_t i) {
    return (static_cast<unsigned char>(n[i]) & 0xC0) == 0x80;
  };
  while (head > 0 && continuation(head)) --head;
  while (tail < n.size() && continuation(tail)) ++tail;
  return n.substr(0, head) + ".." + n.substr(tail);
}

// The width of a group's column: 12, or its longest name's up to kMaxGroupWidth (names cut
// to 12 made "Russia_Gazprom_A" and "Russia_Gazprom_B" two columns headed "Russia_Gazpr").
int GroupWidth(const std::vector<std::string>& g) {
  std::size_t w = 12;
  for (const auto& n : g) w = std::max(w, std::min(n.size(), kMaxGroupWidth));
  return static_cast<int>(w);
}

// The conditions of every volume the report and files give (mcm/d, m3) and of the
// calorific values: the contracts the corridor's figures meet are at 20 degC (the Russian
// transit) and 15 degC (the swap), and nothing said which these are.
constexpr const char* kVolumeConditions =
    "normal m3 (0 degC, 1.01325 bar); calorific values in MJ per normal m3, as the gas data "
    "give them";

std::string GroupHeader(const std::vector<std::string>& g) {
  std::string h;
  const int width = GroupWidth(g);
  for (const auto& n : g) h += fmt::format(" {:>{}}", ColumnName(n), width);
  return h;
}

std::string ExitRows(const TrackingSummary& s, std::size_t max_rows) {
  const auto ex = ExitsByEnergy(s);
  std::string o =
      fmt::format("{:<24} {:>12} {:>11} {:>11} {:>10} {:>10} |{}  (share % of mass)\n", "exit",
                  "deliv_mcm_d", "CV_MJ_m3", "Wobbe_MJ_m3", "energy_MW", "GWh_d",
                  GroupHeader(s.group_names));
  const int width = GroupWidth(s.group_names);
  std::size_t k = 0;
  for (std::size_t v : ex) {
    if (k++ >= max_rows) {
      o += fmt::format("... {} more exits (--out writes them all to track_exits.csv)\n",
                       ex.size() - max_rows);
      break;
    }
    const NodeGas& g = s.nodes[v];
    const double d = Delivery(g);
    const double e = d * g.quality.SpecificEnergy();
    o += fmt::format("{:<24} {:>12.4f} {:>11.4f} {:>11.4f} {:>10.2f} {:>10.3f} |", NodeId(s, v),
                     d / g.quality.norm_density_kg_per_m3 * kMcmPerDay,
                     g.quality.calorific_value_J_per_m3 / 1e6, g.quality.WobbeIndex() / 1e6,
                     e * kMW, e * kGWhPerDay);
    for (double sh : g.group_share) o += fmt::format(" {:>{}.3f}", 100.0 * sh, width);
    o += "\n";
  }
  return o;
}

// What the tables and files index by group or injection point, checked against the group
// names: a summary built or edited by a caller (an extra group name pushed, a node's shares
// cut) had the reports read past its vectors. Empty where the shapes agree.
internal::Problems ShapeProblems(const TrackingSummary& s) {
  internal::Problems out("the tracking summary");
  const std::size_t g = s.group_names.size();
  auto per_group = [&](const std::string& what, std::size_t size) {
    if (size != g) out.Add(fmt::format("{} has {} entries for {} group(s)", what, size, g));
  };
  per_group("group_mass_in_kg_per_s", s.group_mass_in_kg_per_s.size());
  per_group("group_mass_out_kg_per_s", s.group_mass_out_kg_per_s.size());
  per_group("group_mass_fuel_kg_per_s", s.group_mass_fuel_kg_per_s.size());
  for (std::size_t v = 0; v < s.nodes.size(); ++v)
    per_group(fmt::format("nodes[{}].group_share", v), s.nodes[v].group_share.size());
  for (std::size_t p = 0; p < s.points.size(); ++p)
    if (s.points[p].group_index >= g)
      out.Add(fmt::format("points[{}].group_index {} is no group of {}", p,
                          s.points[p].group_index, g));
  for (std::size_t k = 0; k < s.accounting.size(); ++k) {
    const PointFlow& a = s.accounting[k];
    per_group(fmt::format("accounting[{}].group_mass_kg_per_s", k), a.group_mass_kg_per_s.size());
    per_group(fmt::format("accounting[{}].group_energy_W", k), a.group_energy_W.size());
    per_group(fmt::format("accounting[{}].group_volume_m3_per_s", k),
              a.group_volume_m3_per_s.size());
  }
  for (std::size_t k = 0; k < s.fuel.size(); ++k) {
    per_group(fmt::format("fuel[{}].group_mass_kg_per_s", k), s.fuel[k].group_mass_kg_per_s.size());
    per_group(fmt::format("fuel[{}].group_energy_W", k), s.fuel[k].group_energy_W.size());
  }
  if (s.swap && !s.swap->delivered_group_m3_per_s.empty())
    per_group("swap.delivered_group_m3_per_s", s.swap->delivered_group_m3_per_s.size());
  return out;
}

// The line a report gives in place of its tables where ShapeProblems finds any.
std::string ShapeNote(const internal::Problems& problems) {
  return "Inconsistent summary: its tables are left out (" + problems.List() + ")\n";
}

}  // namespace

std::string TrackingSummary::ExitTable() const {
  if (const auto bad = ShapeProblems(*this); !bad.empty()) return ShapeNote(bad);
  return ExitRows(*this, nodes.size());
}

std::string TrackingSummary::AccountingTable() const {
  if (accounting.empty()) return "";
  if (const auto bad = ShapeProblems(*this); !bad.empty()) return ShapeNote(bad);
  const int group_width = GroupWidth(group_names);
  std::string o = fmt::format("{:<20} {:<8} {:>12} {:>10} {:>10} |{}  (MW by origin)\n",
                              "point", "dir", "flow_mcm_d", "energy_MW", "GWh_d",
                              GroupHeader(group_names));
  // (An unknown value, gas that no injection feeds, as "-": "nan" read like a failure.)
  auto cell = [](double x, int width, int decimals) {
    return std::isfinite(x) ? fmt::format("{:>{}.{}f}", Z(x), width, decimals)
                            : fmt::format("{:>{}}", "-", width);
  };
  for (const PointFlow& p : accounting) {
    o += fmt::format("{:<20} {:<8} {} {} {} |", p.point.id.substr(0, 20),
                     p.point.from_country + "->" + p.point.to_country,
                     cell(p.volume_m3_per_s * kMcmPerDay, 12, 4), cell(p.energy_W * kMW, 10, 2),
                     cell(p.energy_W * kGWhPerDay, 10, 3));
    for (double e : p.group_energy_W) o += fmt::format(" {:>{}.2f}", Z(e * kMW), group_width);
    o += "\n";
  }
  o += "(flow signed: + in the point's direction; gas of the upstream node of the arc)\n";
  return o;
}

std::vector<OriginTransit> TrackingSummary::Transit() const {
  // countries in order of appearance
  std::vector<std::string> countries;
  for (const PointFlow& p : accounting)
    for (const std::string& c : {p.point.from_country, p.point.to_country})
      if (!c.empty() && std::find(countries.begin(), countries.end(), c) == countries.end())
        countries.push_back(c);
  std::vector<OriginTransit> out;
  for (std::size_t k = 0; k < group_names.size(); ++k) {
    for (const std::string& c : countries) {
      OriginTransit t{group_names[k], c};
      for (const PointFlow& p : accounting) {
        if (k >= p.group_volume_m3_per_s.size() || k >= p.group_energy_W.size()) continue;
        const double v = p.group_volume_m3_per_s[k], e = p.group_energy_W[k];
        // + flow runs from -> to: it enters `to` and leaves `from`; - flow the other way.
        if (p.point.to_country == c) {
          (v > 0 ? t.in_m3_per_s : t.out_m3_per_s) += std::abs(v);
          (e > 0 ? t.in_W : t.out_W) += std::abs(e);
        }
        if (p.point.from_country == c) {
          (v > 0 ? t.out_m3_per_s : t.in_m3_per_s) += std::abs(v);
          (e > 0 ? t.out_W : t.in_W) += std::abs(e);
        }
      }
      if (t.in_m3_per_s <= 1e-12 && t.out_m3_per_s <= 1e-12) continue;
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::string TrackingSummary::TransitTable() const {
  if (const auto bad = ShapeProblems(*this); !bad.empty()) return ShapeNote(bad);
  std::string o;
  // As wide as the longest group name, up to kMaxGroupWidth (cut to 14, two groups could
  // read alike).
  const int w = GroupWidth(group_names) + 2;
  for (const OriginTransit& t : Transit())
    o += fmt::format("{:<{}} {:<4} {:>12.4f} {:>12.4f} {:>12.4f} {:>10.2f} {:>10.2f} {:>10.2f}\n",
                     ColumnName(t.group), w, t.country, t.in_m3_per_s * kMcmPerDay,
                     t.out_m3_per_s * kMcmPerDay, Z(t.net_m3_per_s() * kMcmPerDay, 4),
                     t.in_W * kMW, t.out_W * kMW, Z((t.in_W - t.out_W) * kMW, 2));
  if (o.empty()) return "";
  return fmt::format("{:<{}} {:<4} {:>12} {:>12} {:>12} {:>10} {:>10} {:>10}\n", "origin", w,
                     "ctry", "in_mcm_d", "out_mcm_d", "net_mcm_d", "in_MW", "out_MW",
                     "net_MW") +
         o + "(across the border points only; net = in - out: > 0 consumed or burnt in the "
             "country, < 0 produced there and exported)\n";
}

std::string TrackingSummary::FuelTable() const {
  if (fuel.empty()) return "";
  if (const auto bad = ShapeProblems(*this); !bad.empty()) return ShapeNote(bad);
  const int width = GroupWidth(group_names);
  std::string o = fmt::format("{:<20} {:<20} {:>10} {:>10} |{}  (fuel kg/s by origin)\n",
                              "station", "fuel_node", "fuel_kg_s", "fuel_MW",
                              GroupHeader(group_names));
  for (const auto& f : fuel) {
    o += fmt::format("{:<20} {:<20} {:>10.4f} {:>10.3f} |", f.station_id.substr(0, 20),
                     f.fuel_node.substr(0, 20), f.mass_flow_kg_per_s, f.energy_W * kMW);
    for (double m : f.group_mass_kg_per_s) o += fmt::format(" {:>{}.4f}", m, width);
    o += "\n";
  }
  return o;
}

std::string TrackingSummary::SwapReport() const {
  if (!swap) return "";
  if (const auto bad = ShapeProblems(*this); !bad.empty()) return ShapeNote(bad);
  const SwapBalance& b = *swap;
  std::string o;
  // The fee to 12 digits: a fee below 1 is never printed as 100 % (0.999999 read "fee 100 %"
  // and "(1 - 1) x input" beside a nonzero obligation).
  o += fmt::format("Swap               : {} gas in, delivery at {} ({}), fee {:.12g} %\n",
                   b.spec.supplier_group, b.spec.delivery_point, b.spec.delivery_direction,
                   100.0 * b.spec.fee);
  o += fmt::format("Swap input         : {:.4f} mcm/d, {:.2f} MW{}\n",
                   b.input_m3_per_s * kMcmPerDay, b.input_energy_W * kMW,
                   b.input_from_flows ? " (from the flows: no swap input given)" : "");
  // (Gas that no injection feeds delivered: its figures are unknown, not "nan".)
  auto fig = [](double x, fmt::string_view spec) {
    return std::isfinite(x) ? fmt::format(fmt::runtime(spec), x) : std::string("unknown");
  };
  o += fmt::format("Delivered          : {} mcm/d, {} MW (physical, {})\n",
                   fig(b.delivered_m3_per_s * kMcmPerDay, "{:.4f}"),
                   fig(b.delivered_energy_W * kMW, "{:.2f}"), b.spec.delivery_direction);
  std::string mol;
  for (std::size_t k = 0; k < b.delivered_group_m3_per_s.size(); ++k)
    if (b.delivered_group_m3_per_s[k] > 0.0)
      mol += fmt::format("{}{} {:.4f}", mol.empty() ? "" : ", ", group_names[k],
                         b.delivered_group_m3_per_s[k] * kMcmPerDay);
  if (!mol.empty()) o += fmt::format("Delivered molecules: {} (mcm/d by origin)\n", mol);
  o += fmt::format(
      "Obligation         : {:.4f} mcm/d = (1 - {:.12g}) x input; fee kept {:.4f} mcm/d\n",
      b.obligation_m3_per_s * kMcmPerDay, b.spec.fee, b.fee_m3_per_s * kMcmPerDay);
  // With gas running against the swap direction the delivery is made by displacement: the
  // physical net position is then minus the obligation by construction, and read as the
  // swapper's shortfall (ru-phase1's -4.2657 mcm/d, where the nominations net the swap
  // against the Russian transit at Astara).
  const std::string displaced =
      b.against_m3_per_s > 0.0
          ? fmt::format("physical flows only, not a measured shortfall: no gas crosses "
                        "{}; a delivery is made by displacement, netted against the {:.4f} "
                        "mcm/d flowing the other way",
                        b.spec.delivery_direction, b.against_m3_per_s * kMcmPerDay)
          : std::string("physical flows only: no physical delivery, see the note");
  o += fmt::format("Net position       : {} mcm/d, {} MW ({})\n",
                   fig(Z(b.net_position_m3_per_s * kMcmPerDay, 4), "{:+.4f}"),
                   fig(Z(b.net_position_energy_W * kMW, 2), "{:+.2f}"),
                   !std::isfinite(b.delivered_m3_per_s)
                       ? "unknown: the gas delivered is fed by no injection, see the note"
                   : b.delivered_m3_per_s == 0.0 && b.obligation_m3_per_s > 0.0
                       ? displaced
                   // All zero is no balance struck: nothing was delivered, for no input.
                   : b.delivered_m3_per_s == 0.0
                       ? "nothing delivered, and no swap input to deliver for"
                   : std::abs(b.net_position_m3_per_s) <= 1e-6 * b.obligation_m3_per_s
                       ? "volumes balanced"
                   : b.net_position_m3_per_s >= 0.0 ? "swapper delivered more than its obligation"
                                                    : "swapper owes the difference");
  o += "Fee sensitivity    :";
  for (double fee : {0.20, 0.25, 0.30})
    o += fmt::format(" fee {:.0f} %: net {} mcm/d;", 100.0 * fee,
                     fig(Z((b.delivered_m3_per_s - (1.0 - fee) * b.input_m3_per_s) * kMcmPerDay,
                           4),
                         "{:+.4f}"));
  o += "\n";
  for (const auto& n : b.notes) o += fmt::format("  note: {}\n", n);
  return o;
}

std::string TrackingSummary::BriefReport() const {
  std::string o;
  o += fmt::format("Volumes            : {}\n", kVolumeConditions);
  o += fmt::format("Tracking           : {} injection points, {} origin groups, {} nodes ({} "
                   "without gas)\n",
                   points.size(), group_names.size(), nodes.size(), nodes_without_gas);
  o += fmt::format("Share sums         : max |sum - 1| = {:.3g} (node '{}')\n",
                   max_share_sum_error, worst_share_node);
  o += fmt::format("Energy balance     : in {:.3f} MW = out {:.3f} MW + fuel {:.3f} MW, "
                   "relative imbalance {:.3g}\n",
                   energy_in_W * kMW, energy_out_W * kMW, energy_fuel_W * kMW,
                   energy_imbalance_relative);
  // Nothing iterated (--no-couple, or a gas given, without --local-density) read "1
  // (converged; last relative change 0)".
  if (outer_iterations == 1 && outer_converged && outer_trace.size() <= 1)
    o += "Outer iterations   : 1 (not iterated: neither the gas nor the masses)\n";
  else if (outer_iterations > 0)
    o += fmt::format("Outer iterations   : {} ({}; last relative change {:.3g})\n",
                     outer_iterations, outer_converged ? "converged" : "NOT converged",
                     outer_trace.empty() ? 0.0 : outer_trace.back());
  return o;
}

std::string TrackingSummary::FullReport(bool timings) const {
  std::string o = BriefReport();
  if (timings) o += fmt::format("Tracking time      : {:.3f} ms\n", solve_seconds * 1e3);
  if (const auto bad = ShapeProblems(*this); !bad.empty()) return o + ShapeNote(bad);
  o += "\nOrigin mass balance (kg/s):\n";
  const int w = GroupWidth(group_names) + 4;
  o += fmt::format("{:<{}} {:>12} {:>12} {:>12}\n", "group", w, "in", "delivered", "fuel");
  for (std::size_t k = 0; k < group_names.size(); ++k)
    o += fmt::format("{:<{}} {:>12.4f} {:>12.4f} {:>12.4f}\n", ColumnName(group_names[k]), w,
                     group_mass_in_kg_per_s[k], group_mass_out_kg_per_s[k],
                     group_mass_fuel_kg_per_s[k]);
  o += "\nExits:\n";
  o += ExitRows(*this, 40);
  if (!accounting.empty()) {
    o += "\nBorder / interconnection points:\n";
    o += AccountingTable();
    const std::string transit = TransitTable();
    if (!transit.empty()) {
      o += "\nTransit by origin:\n";
      o += transit;
    }
  }
  if (!fuel.empty()) {
    o += "\nFuel gas by origin:\n";
    o += FuelTable();
  }
  if (swap) {
    o += "\n";
    o += SwapReport();
  }
  if (!notes.empty()) {
    o += "\nNotes:\n";
    for (const auto& n : notes) o += fmt::format("  - {}\n", n);
  }
  return o;
}

nlohmann::ordered_json tracking_internal::SwapBalanceJson(const SwapBalance& b) {
  return {{"supplier_group", b.spec.supplier_group},
          {"delivery_point", b.spec.delivery_point},
          {"delivery_direction", b.spec.delivery_direction},
          {"fee", b.spec.fee},
          {"input_mcm_per_d", b.input_m3_per_s * kMcmPerDay},
          {"input_from_flows", b.input_from_flows},
          {"delivered_mcm_per_d", b.delivered_m3_per_s * kMcmPerDay},
          {"obligation_mcm_per_d", b.obligation_m3_per_s * kMcmPerDay},
          {"fee_mcm_per_d", b.fee_m3_per_s * kMcmPerDay},
          {"net_position_mcm_per_d", b.net_position_m3_per_s * kMcmPerDay},
          {"net_position_MW", b.net_position_energy_W * kMW},
          {"against_flow_mcm_per_d", b.against_m3_per_s * kMcmPerDay},
          {"notes", b.notes}};
}

static Status WriteTrackingOutputsUnguarded(const TrackingSummary& s, const Network& network,
                                            const std::string& dir, const SteadySummary* steady) {
  // Rows are labelled by position: with another case's network every id would be wrong (or
  // rows missing) while the call said OK. An empty summary is one that was not tracked.
  if (!s.nodes.empty() && s.nodes.size() != network.nodes.size())
    return Status::InvalidArgument(fmt::format(
        "WriteTrackingOutputs: the summary has {} node(s), the network {}: not the network it "
        "was tracked on; nothing written",
        s.nodes.size(), network.nodes.size()));
  if (const auto bad = ShapeProblems(s); !bad.empty())
    return Status::InvalidArgument(fmt::format(
        "WriteTrackingOutputs: the summary's per-group data do not match its {} group "
        "name(s): {}; nothing written",
        s.group_names.size(), bad.List()));
  const auto& G = s.group_names;
  // RFC 4180 quoting: ids and group names are user text and may hold commas or quotes.
  auto q = [](const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  auto gcols = [&](const char* prefix) {
    std::string h;
    for (const auto& g : G) {
      std::string name(prefix);
      name += g;
      h += ',';
      h += q(name);
    }
    return h;
  };
  // (x + 0.0: a share of 0 of a reverse flow is -0, written 0.)
  auto num = [](double x) {
    return std::isfinite(x) ? fmt::format("{:.10g}", x + 0.0) : std::string();
  };
  // Compositions (mol %), one column per component that any injected gas names, in the order
  // they first appear: read from the groups file and mixed at every node, they were written
  // nowhere. A node whose gas is partly of unknown composition has empty cells.
  std::vector<std::string> components;
  for (const InjectionPoint& p : s.points)
    for (const auto& kv : p.gas.composition)
      if (std::find(components.begin(), components.end(), kv.first) == components.end())
        components.push_back(kv.first);
  auto composition_header = [&] {
    std::string h;
    for (const std::string& c : components) h += ',' + q("mol_pct_" + c);
    return h;
  };
  auto composition_cells = [&](const GasQuality& gq) {
    std::string cells;
    for (const std::string& c : components) {
      cells += ',';
      if (gq.composition.empty()) continue;
      double x = 0.0;
      for (const auto& kv : gq.composition)
        if (kv.first == c) x = kv.second;
      cells += num(100.0 * x);
    }
    return cells;
  };

  std::string nodes = "node_id,has_gas,throughflow_kg_per_s,withdrawal_kg_per_s,fuel_kg_per_s,"
                      "calorific_value_MJ_per_m3,wobbe_index_MJ_per_m3,norm_density_kg_per_m3,"
                      "molar_mass_kg_per_kmol" +
                      gcols("share_") + composition_header() + "\n";
  for (std::size_t v = 0; v < s.nodes.size(); ++v) {
    const NodeGas& g = s.nodes[v];
    nodes += fmt::format("{},{},{},{},{},{},{},{},{}", q(network.nodes[v].id),
                         g.has_gas ? 1 : 0, num(g.throughflow_kg_per_s),
                         num(g.withdrawal_kg_per_s), num(g.fuel_kg_per_s),
                         num(g.quality.calorific_value_J_per_m3 / 1e6),
                         num(g.has_gas ? g.quality.WobbeIndex() / 1e6
                                       : std::numeric_limits<double>::quiet_NaN()),
                         num(g.quality.norm_density_kg_per_m3),
                         num(g.quality.molar_mass_kg_per_mol * 1e3));
    for (double sh : g.group_share) nodes += fmt::format(",{}", num(sh));
    nodes += composition_cells(g.quality);
    nodes += "\n";
  }
  std::string exits = "node_id,delivery_kg_per_s,delivery_mcm_per_d,calorific_value_MJ_per_m3,"
                      "wobbe_index_MJ_per_m3,energy_MW,energy_GWh_per_d" + gcols("share_") +
                      gcols("energy_MW_") +
                      composition_header() + "\n";
  for (std::size_t v = 0; v < s.nodes.size(); ++v) {
    const NodeGas& g = s.nodes[v];
    const double d = Delivery(g);
    if (!(d > 0.0) || !g.has_gas) continue;
    const double e = d * g.quality.SpecificEnergy();
    exits += fmt::format("{},{},{},{},{},{},{}", q(network.nodes[v].id), num(d),
                         num(d / g.quality.norm_density_kg_per_m3 * kMcmPerDay),
                         num(g.quality.calorific_value_J_per_m3 / 1e6),
                         num(g.quality.WobbeIndex() / 1e6), num(e * kMW),
                         num(e * kGWhPerDay));
    for (double sh : g.group_share) exits += fmt::format(",{}", num(sh));
    // energy by origin: share of mass times that origin's specific energy at this node is
    // not stored per group; use the point fractions when kept, else the mass share x mix.
    const std::size_t np = s.points.size();
    std::vector<double> eg(G.size(), 0.0);
    if (s.point_fraction.size() == s.nodes.size() * np) {
      for (std::size_t p = 0; p < np; ++p)
        eg[s.points[p].group_index] +=
            d * s.point_fraction[v * np + p] * s.points[p].gas.SpecificEnergy();
    } else {
      for (std::size_t k = 0; k < G.size(); ++k) eg[k] = e * g.group_share[k];
    }
    for (double x : eg) exits += fmt::format(",{}", num(x * kMW));
    exits += composition_cells(g.quality);
    exits += "\n";
  }
  std::string points = "point_id,name,node,arc,direction,gas_node,mass_flow_kg_per_s,flow_mcm_per_d,"
                       "energy_MW" + gcols("mass_kg_per_s_") + gcols("energy_MW_") + "\n";
  for (const PointFlow& p : s.accounting) {
    points += fmt::format("{},{},{},{},{},{},{},{},{}", q(p.point.id), q(p.point.name),
                          q(p.point.node_id), q(p.point.arc_id),
                          q(p.point.from_country + "->" + p.point.to_country), q(p.gas_node),
                          num(p.mass_flow_kg_per_s), num(p.volume_m3_per_s * kMcmPerDay),
                          num(p.energy_W * kMW));
    for (double m : p.group_mass_kg_per_s) points += fmt::format(",{}", num(m));
    for (double e : p.group_energy_W) points += fmt::format(",{}", num(e * kMW));
    points += "\n";
  }
  std::string fuel = "station_id,fuel_node,fuel_kg_per_s,fuel_MW" + gcols("fuel_kg_per_s_") + "\n";
  for (const auto& f : s.fuel) {
    fuel += fmt::format("{},{},{},{}", q(f.station_id), q(f.fuel_node), num(f.mass_flow_kg_per_s),
                        num(f.energy_W * kMW));
    for (double m : f.group_mass_kg_per_s) fuel += fmt::format(",{}", num(m));
    fuel += "\n";
  }
  nlohmann::ordered_json j;
  j["volume_conditions"] = kVolumeConditions;
  // An empty summary is a state that was not tracked: said in so many words, with the steady
  // state's reason below (its zeros read as a tracked run's, helper-297).
  const bool tracked = !s.nodes.empty();
  j["tracked"] = tracked;
  if (steady != nullptr) {
    // The state tracked, which may break its pressure bounds (the corridor's baseline under
    // the default reference rule: 26 nodes): the report said so, the file did not.
    auto& st = j["steady_state"];
    st["verdict"] = VerdictName(steady->verdict);
    if (steady->verdict != Verdict::kConverged) st["reason"] = steady->reason;
    st["iterations"] = steady->iterations;
    st["max_mass_imbalance_kg_s"] = steady->max_mass_imbalance_kg_per_s;
    st["reference"] = steady->slack_rule;
    st["nodes_outside_pressure_bounds"] = steady->bound_violations.size();
    st["farthest_outside"] = nullptr;
    if (const BoundViolation* w = FarthestBoundViolation(steady->bound_violations))
      st["farthest_outside"] = {{"node", w->node_id},
                                {"pressure_bar_abs", w->pressure_Pa / units::kBar},
                                {"bound_bar_abs", w->bound_Pa / units::kBar}};
    st["arcs_beyond_pressure_limits"] = steady->arc_pressure_violations.size();
  }
  j["groups"] = G;
  j["injection_points"] = s.points.size();
  j["nodes_without_gas"] = s.nodes_without_gas;
  j["max_share_sum_error"] = s.max_share_sum_error;
  j["energy_in_MW"] = s.energy_in_W * kMW;
  j["energy_out_MW"] = s.energy_out_W * kMW;
  j["energy_fuel_MW"] = s.energy_fuel_W * kMW;
  j["energy_imbalance_relative"] = s.energy_imbalance_relative;
  j["outer_iterations"] = s.outer_iterations;
  j["outer_converged"] = tracked ? nlohmann::ordered_json(s.outer_converged) : nullptr;
  for (std::size_t k = 0; k < G.size(); ++k) {
    j["group_mass_kg_per_s"][G[k]] = {{"in", s.group_mass_in_kg_per_s[k]},
                                  {"delivered", s.group_mass_out_kg_per_s[k]},
                                  {"fuel", s.group_mass_fuel_kg_per_s[k]}};
  }
  if (s.swap) j["swap"] = tracking_internal::SwapBalanceJson(*s.swap);
  j["notes"] = s.notes;
  // (Joined as paths: "p2/" + "/" named "p2//track_nodes.csv" in a message.)
  const auto in_dir = [&dir](const char* name) {
    return (std::filesystem::path(dir) / name).string();
  };
  return WriteFilesIntoFolders(  // all or nothing, the folder too
      {dir},
      {{in_dir("track_nodes.csv"), nodes},
       {in_dir("track_exits.csv"), exits},
       {in_dir("track_points.csv"), points},
       {in_dir("track_fuel.csv"), fuel},
       {in_dir("track_summary.json"),
        j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"}});
}

Status WriteTrackingOutputs(const TrackingSummary& s, const Network& network,
                            const std::string& dir, const SteadySummary* steady) {
  return internal::GuardedCall("WriteTrackingOutputs", [&] {
    return WriteTrackingOutputsUnguarded(s, network, dir, steady);
  });
}

}  // namespace corridor
