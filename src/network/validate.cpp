// Validation of a loaded case: everything that would make a solve meaningless, named by
// element and file line. One pass over nodes, one over arcs, a union-find over all arcs
// for the connected components, then the nomination and the .cs/.cdf data against the
// network. Every check appends to Diagnostics and carries on.
#include "corridor/validate.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "corridor/steady.h"
#include "corridor/units.h"
#include "core/printable.h"
#include "core/problems.h"
#include "core/suggest.h"
#include "io/text.h"
#include "physics/gas_physics.h"
#include "physics/station_model.h"
#include "core/guarded_call.h"

namespace corridor {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
// The height gap across an ideal element that is said (ideal-height): 1 m of natural gas at
// 70 bar weighs about 0.006 bar.
constexpr double kIdealHeightGap_m = 1.0;
// A pipe shorter than this share of the straight line between its ends' coordinates is said
// (length-geometry): the coordinates of a route's ends are often a town's, kilometres off
// (the corridor case's p_border_hajigabul, 200 km beside a 216 km line, is within it).
constexpr double kShortestShare = 0.8;

// The great-circle distance between two points on a sphere of the Earth's mean radius, m.
double GreatCircle_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius_m = 6371.0e3;
  const double rad = units::kPi / 180.0;
  const double a = std::pow(std::sin(0.5 * (lat2 - lat1) * rad), 2) +
                   std::cos(lat1 * rad) * std::cos(lat2 * rad) *
                       std::pow(std::sin(0.5 * (lon2 - lon1) * rad), 2);
  return 2.0 * kEarthRadius_m * std::asin(std::min(1.0, std::sqrt(a)));
}

// A value for a message, converted from SI to its unit and rounded to 12 significant digits:
// the round trip through SI leaves a last-place error ("flowMin 1999.9999999999998 exceeds
// flowMax 1250" for a file's 2000). Messages print it shortest ({}).
double Shown12(double v) {
  if (!std::isfinite(v) || v == 0.0) return v;
  const std::string text = fmt::format("{:.12g}", v);
  double r = v;
  std::from_chars(text.data(), text.data() + text.size(), r);
  return r;
}
double Bar(double pa) { return Shown12(pa / units::kBar); }
double Km(double m) { return Shown12(m / units::kKm); }
double Mm(double m) { return Shown12(m / units::kMm); }
double KNm3h(double m3s) { return Shown12(m3s / units::kThousandM3PerHour); }  // 1000 Nm3/h

/// An imbalance for reports: round-off (below the default absolute floor) shows as 0.
std::string ImbalanceText(double m3_per_s) {
  if (std::fabs(m3_per_s) <= ValidateOptions().balance_absolute_floor_m3_per_s)
    return "0 1000 Nm3/h";
  return fmt::format("{:.6g} 1000 Nm3/h", KNm3h(m3_per_s));
}

// (One whose id was refused, kept as read without it, is named by its kind and line: "source
// ''" said nothing.)
std::string NodeName(const Node& n) {
  if (n.id.empty() && n.line > 0)
    return fmt::format("{} without an id (line {})", NodeKindName(n.kind), n.line);
  return fmt::format("{} '{}'", NodeKindName(n.kind), n.id);
}
std::string ArcName(const Arc& a) {
  if (a.id.empty() && a.line > 0)
    return fmt::format("{} without an id (line {})", ArcKindName(a.kind), a.line);
  return fmt::format("{} '{}'", ArcKindName(a.kind), a.id);
}

/// Union-find with path halving; the components of the network graph.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }
  std::size_t Find(std::size_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }
  void Union(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

/// Collects the findings of one validation run: counts its own errors.
class Checker {
 public:
  Checker(Diagnostics* diag) : diag_(diag) {}
  void Error(const std::string& file, int line, const std::string& element, const char* rule,
             std::string message) {
    ++errors_;
    diag_->Error(file, line, element, rule, std::move(message));
  }
  void Warning(const std::string& file, int line, const std::string& element, const char* rule,
               std::string message) {
    diag_->Warning(file, line, element, rule, std::move(message));
  }
  std::size_t errors() const { return errors_; }

 private:
  Diagnostics* diag_;
  std::size_t errors_ = 0;
};

/// What the readers could not read (ValidateOptions::read_errors), asked per element. Without
/// read errors every element counts as read whole and every rule applies.
///
/// After reader errors the rules fall in three groups:
/// - Rules on an element's values (not-finite, negative-value, positive-*, min-max,
///   implausible-value, missing-gas-data, positive-gas-property, gas-inconsistent,
///   gas-heat-capacity, resistor-data, incomplete-loss, roughness-diameter, wrong-node-type,
///   flow-outside-bounds, flow-range, pressure-bounds-disjoint, a station's drive,
///   compressor and speed rules, wrong-arc-kind, below-atmospheric, eos-range, ideal-height,
///   bounds-conflict, length-geometry) skip the values the readers refused or
///   found missing (at their default, or as written and reported already), and the rules
///   that weigh such a value against another. A network node or arc and a nomination
///   entry say which of its values those are (ReadErrors::node_fields, arc_fields,
///   nominated_node_fields; GasLib XML and corridor JSON); its other values were read as
///   written and are checked. Any other element the readers reported (or one that does not
///   say which) is skipped whole. empty-id and bad-id likewise: an id the reader found
///   missing is its finding.
/// - Rules on ids and references (duplicate-id, dangling-arc, self-loop,
///   unknown-fuel-gas-vertex, fuel-gas-vertex-off-arc, foreign-nomination, unknown-node,
///   duplicate-nomination, unknown-arc, foreign-stations, unknown-station,
///   foreign-decisions) apply to every element, reported or not, where the ids were read:
///   the reader checks no reference. A reference that names nothing is no finding where it
///   may be meant for an element the readers could not build (its id unread, or an unknown
///   kind): an arc whose `from` was missing is not also dangling.
/// - Rules on the whole (empty-network, isolated-node, no-pressure-reference,
///   unbalanced-nomination, small-imbalance, missing-nomination, partial-nomination,
///   missing-station-data, partial-stations) apply while the part they count is complete:
///   an arc that could not be placed in the graph (not built, an end unread) would split
///   components and isolate nodes that are connected in the file, so connectivity is not
///   checked then (a note says so); a nominated flow the reader refused leaves its
///   component's balance unknown; an entry or station not built leaves "missing" unknown.
class AsRead {
 public:
  AsRead(const GasCase& c, const ReadErrors* re) : re_(re) {
    if (re == nullptr) return;
    MarkFields(&node_, re->nodes, re->node_fields, c.network.nodes.size());
    MarkFields(&arc_, re->arcs, re->arc_fields, c.network.arcs.size());
    unbuilt_nodes_.insert(re->unbuilt_node_ids.begin(), re->unbuilt_node_ids.end());
    unbuilt_arcs_.insert(re->unbuilt_arc_ids.begin(), re->unbuilt_arc_ids.end());
    nodes_incomplete_ = re->nodes_incomplete;
    arcs_incomplete_ = re->arcs_incomplete || !re->unbuilt_arc_ids.empty();
    arcs_missing_ = re->arcs_missing || !re->unbuilt_arc_ids.empty();
    // An element reported with an empty id is one whose id the reader found missing.
    for (std::size_t i : re->nodes)
      if (i < c.network.nodes.size() && c.network.nodes[i].id.empty()) nodes_incomplete_ = true;
    for (std::size_t i : re->arcs)
      if (i < c.network.arcs.size() && c.network.arcs[i].id.empty()) arcs_incomplete_ = true;
    if (c.nomination) {
      MarkFields(&nominated_node_, re->nominated_nodes, re->nominated_node_fields,
                 c.nomination->nodes.size());
      Mark(&nominated_arc_, re->nominated_arcs, c.nomination->arcs.size());
      nomination_incomplete_ = re->nomination_incomplete;
      for (std::size_t i : re->nominated_nodes)
        if (i < c.nomination->nodes.size() && c.nomination->nodes[i].node_id.empty())
          nomination_incomplete_ = true;
    }
    if (c.stations) {
      Mark(&station_, re->stations, c.stations->stations.size());
      stations_incomplete_ = re->stations_incomplete;
      for (std::size_t i : re->stations)
        if (i < c.stations->stations.size() && c.stations->stations[i].id.empty())
          stations_incomplete_ = true;
    }
    std::size_t elements = 0;
    if (c.decisions)
      for (const DecisionGroup& g : c.decisions->groups)
        for (const Decision& d : g.decisions) elements += d.elements.size();
    Mark(&decision_element_, re->decision_elements, elements);
  }

  bool active() const { return re_ != nullptr; }
  /// The values of node (arc) i the reader refused or found missing, a bit per NodeField
  /// (ArcField): 0 for an element it had nothing against, every bit where it did not say
  /// which (ReadErrors::node_fields).
  std::uint32_t NodeRefused(std::size_t i) const { return i < node_.size() ? node_[i] : 0; }
  std::uint32_t ArcRefused(std::size_t i) const { return i < arc_.size() ? arc_[i] : 0; }
  /// As NodeRefused, for nomination entry i (a bit per NominationField).
  std::uint32_t NominatedNodeRefused(std::size_t i) const {
    return i < nominated_node_.size() ? nominated_node_[i] : 0;
  }
  bool NominatedArcBad(std::size_t i) const { return At(nominated_arc_, i); }
  bool StationBad(std::size_t i) const { return At(station_, i); }
  bool DecisionElementBad(std::size_t k) const { return At(decision_element_, k); }
  /// Whether a reference to node `id`, which names no node, may be meant for one the
  /// readers could not read: empty (the reader found it missing), the id of a node not
  /// built, or any id while nodes are missing that no id names.
  bool NodeUnknowable(const std::string& id) const {
    return re_ != nullptr && (id.empty() || nodes_incomplete_ || unbuilt_nodes_.count(id) > 0);
  }
  bool ArcUnknowable(const std::string& id) const {
    return re_ != nullptr && (id.empty() || arcs_incomplete_ || unbuilt_arcs_.count(id) > 0);
  }
  /// Arcs may be missing from the graph (not built, or without an id to name them).
  bool arcs_incomplete() const { return arcs_incomplete_; }
  /// Arcs of the file absent from the network (not built): the graph lacks them. An arc
  /// built without its id is in it (arcs_incomplete, not missing).
  bool arcs_missing() const { return arcs_missing_; }
  bool nodes_incomplete() const { return nodes_incomplete_; }
  bool nomination_incomplete() const { return nomination_incomplete_; }
  bool scenario_values() const { return re_ != nullptr && re_->scenario_values; }
  bool stations_incomplete() const { return stations_incomplete_; }

 private:
  static void Mark(std::vector<char>* flags, const std::vector<std::size_t>& list,
                   std::size_t n) {
    flags->assign(n, 0);
    for (std::size_t i : list)
      if (i < n) (*flags)[i] = 1;
  }
  static void MarkFields(std::vector<std::uint32_t>* masks, const std::vector<std::size_t>& list,
                         const std::vector<std::uint32_t>& fields, std::size_t n) {
    masks->assign(n, 0);
    for (std::size_t k = 0; k < list.size(); ++k)
      if (list[k] < n) (*masks)[list[k]] |= k < fields.size() ? fields[k] : ~std::uint32_t{0};
  }
  static bool At(const std::vector<char>& flags, std::size_t i) {
    return i < flags.size() && flags[i] != 0;
  }

  const ReadErrors* re_ = nullptr;
  std::vector<std::uint32_t> node_, arc_, nominated_node_;
  std::vector<char> nominated_arc_, station_, decision_element_;
  std::unordered_set<std::string> unbuilt_nodes_, unbuilt_arcs_;
  bool nodes_incomplete_ = false, arcs_incomplete_ = false, arcs_missing_ = false,
       nomination_incomplete_ = false, stations_incomplete_ = false;
};

/// A unit values are shown in: how many SI units make one of it, its name, and the SI unit
/// shown instead where the value overflows in it (1e308 m is no number of mm).
struct ShownUnit {
  double si_per_unit;
  const char* name;
  const char* si_name;
};
constexpr ShownUnit kBarUnit{units::kBar, "bar", "Pa"};
constexpr ShownUnit kKmUnit{units::kKm, "km", "m"};
constexpr ShownUnit kMmUnit{units::kMm, "mm", "m"};
constexpr ShownUnit kMetreUnit{1.0, "m", "m"};
constexpr ShownUnit kFlowUnit{units::kThousandM3PerHour, "1000 Nm3/h", "m3/s"};
constexpr ShownUnit kKelvinUnit{1.0, "K", "K"};
constexpr ShownUnit kDensityUnit{1.0, "kg/m3", "kg/m3"};
constexpr ShownUnit kMolarMassUnit{1.0e-3, "kg/kmol", "kg/mol"};
constexpr ShownUnit kCalorificUnit{1.0e6, "MJ/m3", "J/m3"};

/// Reports `value` (SI) when it lies outside [lo, hi] (namespace plausible; lo = -inf: a
/// maximum only), rule implausible-value, naming the value and the range in `unit`. True
/// when it lies inside.
bool CheckPlausible(Checker& ck, const std::string& file, int line, const std::string& el,
                    const std::string& what, double value, double lo, double hi,
                    const ShownUnit& unit) {
  if (plausible::InRange(value, lo, hi)) return true;
  // In the unit of the file, or where the value does not fit a double there (1e308 m3/s in
  // 1000 Nm3/h; 5e-324 m, which in km read as 0 beside a range from 1e-06 km), value and
  // range both in SI (they were given in two units).
  const double converted = std::abs(value / unit.si_per_unit);
  const bool in_unit = std::isfinite(converted) &&
                       (value == 0.0 || converted >= std::numeric_limits<double>::min());
  const double scale = in_unit ? unit.si_per_unit : 1.0;
  const char* name = in_unit ? unit.name : unit.si_name;
  const double l = lo / scale, h = hi / scale, v = value / scale;
  const std::string range = std::isinf(lo) ? fmt::format("at most {:g} {}", h, name)
                                           : fmt::format("{:g} to {:g} {}", l, h, name);
  // The value to as many digits as it takes to lie outside the range as printed ("{:g}"
  // showed 1000001 as 1e+06, inside the range it was refused for).
  auto read = [](const std::string& t) {
    double x = 0.0;
    std::from_chars(t.data(), t.data() + t.size(), x);
    return x;
  };
  const double shown_lo = std::isinf(lo) ? -HUGE_VAL : read(fmt::format("{:g}", l));
  const double shown_hi = read(fmt::format("{:g}", h));
  std::string digits = fmt::format("{:g}", v);
  for (int p = 7; p <= 17 && read(digits) >= shown_lo && read(digits) <= shown_hi; ++p)
    digits = fmt::format("{:.{}g}", v, p);
  const std::string value_text = fmt::format("{} {}", digits, name);
  ck.Error(file, line, el, "implausible-value",
           fmt::format("{} {} is not a value a gas network has (plausible: {})", what,
                       value_text, range));
  return false;
}

/// CheckPlausible for an absolute pressure or a pressure difference (at most 1000 bar).
void CheckPressure(Checker& ck, const std::string& file, int line, const std::string& el,
                   const std::string& what, const std::optional<double>& value_Pa) {
  if (value_Pa && std::isfinite(*value_Pa))
    CheckPlausible(ck, file, line, el, what, *value_Pa, -HUGE_VAL, plausible::kMaxPressure_Pa,
                   kBarUnit);
}

/// CheckPlausible for a flow at normal conditions, either direction.
void CheckFlow(Checker& ck, const std::string& file, int line, const std::string& el,
               const std::string& what, const std::optional<double>& value_m3_per_s) {
  if (value_m3_per_s && std::isfinite(*value_m3_per_s))
    CheckPlausible(ck, file, line, el, what, *value_m3_per_s, -plausible::kMaxFlow_m3_per_s,
                   plausible::kMaxFlow_m3_per_s, kFlowUnit);
}

/// CheckPlausible for a temperature (-100 to 200 degC).
void CheckTemperature(Checker& ck, const std::string& file, int line, const std::string& el,
                      const std::string& what, const std::optional<double>& value_K) {
  if (value_K && std::isfinite(*value_K))
    CheckPlausible(ck, file, line, el, what, *value_K, plausible::kMinTemperature_K,
                   plausible::kMaxTemperature_K, kKelvinUnit);
}

/// CheckPlausible for a diameter (1 mm to 10 m) that is positive and finite.
void CheckDiameter(Checker& ck, const std::string& file, int line, const std::string& el,
                   const std::string& what, double value_m) {
  if (value_m > 0.0 && std::isfinite(value_m))
    CheckPlausible(ck, file, line, el, what, value_m, plausible::kMinDiameter_m,
                   plausible::kMaxDiameter_m, kMmUnit);
}

/// An arc's values the reader read (AsRead), and the line of each (Arc::LineOf).
class ArcValues {
 public:
  ArcValues(const Arc& a, std::uint32_t refused) : a_(a), refused_(refused) {}
  bool Read(ArcField f) const { return (refused_ & FieldBit(f)) == 0; }
  bool Read(ArcField f, ArcField g) const { return Read(f) && Read(g); }
  int Line(ArcField f) const { return a_.LineOf(f); }

 private:
  const Arc& a_;
  std::uint32_t refused_;
};

void CheckSideLoss(Checker& ck, const std::string& file, const Arc& a, const ArcValues& v,
                   const SideLoss& s, const char* side, const SideLossFields& f) {
  const std::string el = ArcName(a);
  if (v.Read(f.loss) && s.pressure_loss_Pa && !(*s.pressure_loss_Pa >= 0.0))
    ck.Error(file, v.Line(f.loss), el, "negative-value",
             fmt::format("pressure loss at the {} must not be negative, got {} bar", side,
                         Bar(*s.pressure_loss_Pa)));
  if (v.Read(f.drag) && s.drag_factor && !(*s.drag_factor >= 0.0))
    ck.Error(file, v.Line(f.drag), el, "negative-value",
             fmt::format("drag factor at the {} must not be negative, got {}", side,
                         *s.drag_factor));
  if (v.Read(f.drag, f.diameter) && s.drag_factor && !s.diameter_m)
    ck.Error(file, v.Line(f.drag), el, "incomplete-loss",
             fmt::format("drag factor at the {} has no diameter", side));
  if (v.Read(f.diameter) && s.diameter_m) {
    if (!(*s.diameter_m > 0.0))
      ck.Error(file, v.Line(f.diameter), el, "positive-diameter",
               fmt::format("diameter at the {} must be positive, got {} mm", side,
                           Mm(*s.diameter_m)));
    CheckDiameter(ck, file, v.Line(f.diameter), el, fmt::format("diameter at the {}", side),
                  *s.diameter_m);
  }
  if (v.Read(f.loss))
    CheckPressure(ck, file, v.Line(f.loss), el, fmt::format("pressure loss at the {}", side),
                  s.pressure_loss_Pa);
}

// An id with a control character (a JSON "N\u0001x") or a noncharacter U+FFFE or U+FFFF
// cannot be written as XML, and no network means one: each such id is an error, with the
// character named.
void CheckIdChars(Checker& ck, const std::string& file, int line, const std::string& el,
                  const char* what, const std::string& id) {
  // (Bytes that are no UTF-8, from a program: the writers put them out raw, and the
  // readers refuse the file they wrote.)
  if (const std::size_t bad = io::FirstInvalidUtf8(id); bad < id.size()) {
    ck.Error(file, line, el, "bad-id",
             fmt::format("{} id holds the byte 0x{:02X} at offset {}, which is no UTF-8: ids "
                         "are printable text",
                         what, static_cast<unsigned>(static_cast<unsigned char>(id[bad])), bad));
    return;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7F) {
      ck.Error(file, line, el, "bad-id",
               fmt::format("{} id holds the control character U+{:04X}: ids are printable text",
                           what, static_cast<unsigned>(c)));
      return;
    }
    if (const unsigned nc = io::XmlNonCharacterAt(id, i); nc != 0) {
      ck.Error(file, line, el, "bad-id",
               fmt::format("{} id holds the noncharacter U+{:04X}: ids are printable text",
                           what, nc));
      return;
    }
  }
}

// A source's normDensity against the norm density its molarMass implies (ideal gas with
// Papay's z, the default equation of state, at 0 degC and 1.01325 bar). The two disagree
// by 2 to 10 % in most GasLib instances (GasLib-24's molar mass 19.5 beside 0.785 kg/m3),
// and a solve takes each where it is used: the gas constant of the pipe law from the molar
// mass, the mass of a nominated normal volume from the norm density.
// The finding's message, or empty where they agree within 2 %.
std::string NormDensityAgreesWithMolarMass(const SourceGas& g) {
  constexpr double kTolerance = 0.02;
  auto positive = [](double v) { return std::isfinite(v) && v > 0.0; };
  if (!positive(g.norm_density_kg_per_m3) || !positive(g.molar_mass_kg_per_mol) ||
      !positive(g.pseudocritical_pressure_Pa) || !positive(g.pseudocritical_temperature_K))
    return {};
  physics::EosParams e;
  e.eos = EquationOfState::kPapay;
  e.temperature_K = units::kNormalTemperature;
  e.specific_gas_constant = units::kGasConstant / g.molar_mass_kg_per_mol;
  e.pseudocritical_pressure_Pa = g.pseudocritical_pressure_Pa;
  e.pseudocritical_temperature_K = g.pseudocritical_temperature_K;
  const double z = physics::Compressibility(e, units::kNormalPressure).z;
  const double implied = units::kNormalPressure /
                         (z * e.specific_gas_constant * units::kNormalTemperature);
  const double off = g.norm_density_kg_per_m3 / implied - 1.0;
  if (std::abs(off) <= kTolerance) return {};
  return fmt::format("normDensity {:.6g} kg/m3 is {:+.1f} % off the {:.4f} kg/m3 that "
                     "molarMass {:.6g} kg/kmol implies (z = {:.4f} at 0 degC and 1.01325 bar, "
                     "Papay): the standard pipe law takes its gas constant from molarMass, "
                     "while nominated normal volumes become masses with normDensity",
                     g.norm_density_kg_per_m3, 100.0 * off, implied,
                     g.molar_mass_kg_per_mol * 1e3, z);
}

/// A source without a calorific value (0: not given), and what a solve takes instead.
std::string CalorificValueMissing(const SourceGas& g) {
  if (g.calorific_value_J_per_m3 != 0.0) return {};
  return fmt::format("no calorific value (left out, or 0: not given): the steady gas takes its "
                     "H_s from the injecting sources that give one ({:.4f} MJ/m3, GasLib-11's, "
                     "where none does), and the drives' fuel gas follows it; track counts this "
                     "source's gas as 0 MJ/m3",
                     GasModel{}.calorific_value_J_per_m3 / 1e6);
}

/// A source without heat-capacity coefficients (all 0: not given), where a station needs
/// them.
std::string HeatCapacityMissing(const SourceGas& g) {
  if (g.heat_capacity_A != 0.0 || g.heat_capacity_B != 0.0 || g.heat_capacity_C != 0.0)
    return {};
  return fmt::format("no heat capacity (its coefficients A, B and C left out, or all 0: not "
                     "given): a station's head takes the isentropic exponent of the injecting "
                     "sources that give one ({:.2f} where none does)",
                     GasModel{}.isentropic_exponent);
}

/// A source's heat capacity (GasLib's molar c_p = A + B T + C T^2) against natural gas':
/// the isentropic exponent kappa = c_p / (c_p - R) at 15 degC that a station's head and
/// power rest on (docs/physics.md, "Machines"). Natural gases lie between
/// about 1.25 and 1.33 there (methane 1.31; ethane's 1.19 pulls a rich gas down), and the
/// rule allows 1.20 to 1.36; GasLib-24 gives 1.40, air's. Empty where the source gives no
/// coefficients or kappa is plausible.
std::string HeatCapacityIsNaturalGas(const SourceGas& g) {
  constexpr double kMinKappa = 1.20, kMaxKappa = 1.36;
  if (g.heat_capacity_A == 0.0 && g.heat_capacity_B == 0.0 && g.heat_capacity_C == 0.0)
    return {};
  constexpr double kT = physics::kHeatCapacityJudgedAt_K;
  const double cp =
      physics::MolarHeatCapacity(g.heat_capacity_A, g.heat_capacity_B, g.heat_capacity_C, kT);
  // (C = 1e308 overflows: it passed without a word, and the steady gas left it out.)
  if (!std::isfinite(cp))
    return fmt::format("the heat capacity A + B T + C T^2 (coefficients {:g}, {:g}, {:g}) "
                       "gives no finite c_p at 15 degC: the steady gas leaves this source's "
                       "heat capacity out (kappa from the others, {:.2f} where none gives one)",
                       g.heat_capacity_A, g.heat_capacity_B, g.heat_capacity_C,
                       GasModel{}.isentropic_exponent);
  const double r = units::kGasConstant;  // J/(mol K): GasLib's coefficients are molar
  const std::string given = fmt::format(
      "the heat capacity A + B T + C T^2 (coefficients {:g}, {:g}, {:g}) gives c_p = {:.4g} "
      "J/(mol K) at 15 degC",
      g.heat_capacity_A, g.heat_capacity_B, g.heat_capacity_C, cp);
  if (!(cp > r))
    return given + fmt::format(", not above the gas constant {:.4f}: no isentropic exponent "
                               "(kappa = c_p / (c_p - R)); the steady gas leaves this source's "
                               "heat capacity out (kappa from the others, {:.2f} where none "
                               "gives one)",
                               r, GasModel{}.isentropic_exponent);
  const double kappa = cp / (cp - r);
  if (kappa >= kMinKappa && kappa <= kMaxKappa) return {};
  return given + fmt::format(", an isentropic exponent of {:.3f} where natural gases have {:.2f} "
                             "to {:.2f} (methane 1.31, air 1.40); {}",
                             kappa, kMinKappa, kMaxKappa,
                             !physics::PossibleIsentropicExponent(kappa)
                                 ? "above a monatomic gas' 5/3, which no gas exceeds: the "
                                   "steady gas leaves this source's heat capacity out"
                                 : "a station's head and power take it");
}

void CheckNodes(Checker& ck, const Network& net, const std::string& file, const AsRead& ar,
                std::unordered_map<std::string, std::size_t>* index,
                std::vector<char>* second_copy) {
  second_copy->assign(net.nodes.size(), 0);
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    const Node& n = net.nodes[i];
    const std::string el = NodeName(n);
    // A node the reader reported: its id (where read) is checked and indexed, and every
    // value it read; not the values it refused (AsRead).
    const std::uint32_t refused = ar.NodeRefused(i);
    auto read = [refused](NodeField f) { return (refused & FieldBit(f)) == 0; };
    auto at = [&n](NodeField f) { return n.LineOf(f); };
    // A number cast to NodeKind (a network built in code): counted nowhere below (it indexed
    // past node_counts).
    if (std::string_view(NodeKindName(n.kind)) == "unknown")
      ck.Error(file, n.line, el, "unknown-kind",
               fmt::format("node kind {} is not one of the library's (source, sink, innode)",
                           static_cast<int>(n.kind)));
    if (n.id.empty()) {
      if (read(NodeField::kId)) ck.Error(file, n.line, el, "empty-id", "node has an empty id");
    } else {
      CheckIdChars(ck, file, n.line, el, "node", n.id);
      auto [it, inserted] = index->emplace(n.id, i);
      if (!inserted) {
        const Node& first = net.nodes[it->second];
        ck.Error(file, n.line, el, "duplicate-id",
                 fmt::format("node id '{}' is used twice (first as {} on line {})", n.id,
                             NodeKindName(first.kind), first.line));
        (*second_copy)[i] = 1;
      }
    }
    // At the first value that is not finite; none is judged further then.
    int not_finite = -1;
    for (auto [f, v] : {std::pair{NodeField::kHeight, n.height_m},
                        std::pair{NodeField::kPressureMin, n.pressure_min_Pa},
                        std::pair{NodeField::kPressureMax, n.pressure_max_Pa},
                        std::pair{NodeField::kX, n.x}, std::pair{NodeField::kY, n.y}})
      if (not_finite < 0 && read(f) && !std::isfinite(v)) not_finite = at(f);
    if (not_finite >= 0) {
      ck.Error(file, not_finite, el, "not-finite",
               "height, pressure bounds and x/y must be finite");
    } else {
      if (read(NodeField::kHeight))
        CheckPlausible(ck, file, at(NodeField::kHeight), el, "height", n.height_m,
                       plausible::kMinHeight_m, plausible::kMaxHeight_m, kMetreUnit);
      if (read(NodeField::kPressureMin))
        CheckPressure(ck, file, at(NodeField::kPressureMin), el, "pressureMin",
                      n.pressure_min_Pa);
      if (read(NodeField::kPressureMax))
        CheckPressure(ck, file, at(NodeField::kPressureMax), el, "pressureMax",
                      n.pressure_max_Pa);
    }
    if (read(NodeField::kFlowMin))
      CheckFlow(ck, file, at(NodeField::kFlowMin), el, "flowMin", n.flow_min_m3_per_s);
    if (read(NodeField::kFlowMax))
      CheckFlow(ck, file, at(NodeField::kFlowMax), el, "flowMax", n.flow_max_m3_per_s);
    if (read(NodeField::kPressureMin) && n.pressure_min_Pa < 0.0)
      ck.Error(file, at(NodeField::kPressureMin), el, "negative-value",
               fmt::format("pressureMin must not be below vacuum, got {} bar",
                           Bar(n.pressure_min_Pa)));
    if (read(NodeField::kPressureMax) && !(n.pressure_max_Pa > 0.0))
      ck.Error(file, at(NodeField::kPressureMax), el, "positive-pressure",
               fmt::format("pressureMax must be positive, got {} bar", Bar(n.pressure_max_Pa)));
    // Absolute, and below the atmosphere's: no pipeline holds its gas there (0.0005 bar was
    // usable, and simulate infeasible); a gauge value or another unit, most likely.
    else if (read(NodeField::kPressureMax) && n.pressure_max_Pa < units::kAtmosphere)
      ck.Warning(file, at(NodeField::kPressureMax), el, "below-atmospheric",
                 fmt::format("pressureMax {} bar (absolute) lies below the atmosphere's "
                             "1.01325 bar, where no pipeline holds its gas: a gauge pressure, "
                             "or another unit?",
                             Bar(n.pressure_max_Pa)));
    if (read(NodeField::kPressureMin) && read(NodeField::kPressureMax) &&
        n.pressure_min_Pa > n.pressure_max_Pa)
      ck.Error(file, at(NodeField::kPressureMin), el, "min-max",
               fmt::format("pressureMin {} bar exceeds pressureMax {} bar",
                           Bar(n.pressure_min_Pa), Bar(n.pressure_max_Pa)));
    if (read(NodeField::kFlowMin) && read(NodeField::kFlowMax) && n.flow_min_m3_per_s &&
        n.flow_max_m3_per_s && *n.flow_min_m3_per_s > *n.flow_max_m3_per_s)
      ck.Error(file, at(NodeField::kFlowMin), el, "min-max",
               fmt::format("flowMin {} exceeds flowMax {} (1000 Nm3/h)",
                           KNm3h(*n.flow_min_m3_per_s), KNm3h(*n.flow_max_m3_per_s)));
    if (n.kind == NodeKind::kSource) {
      if (!n.gas) {
        // (Every source the GasLib reader builds has gas data; a reported JSON source too.)
        if (refused == 0)
          ck.Error(file, n.line, el, "missing-gas-data",
                   "a source needs its gas data (temperature, norm density, molar mass, "
                   "pseudocritical pressure and temperature)");
      } else {
        const SourceGas& g = *n.gas;
        // Positive first; a positive value then within its plausible range.
        auto property = [&](NodeField f, double v, const char* what, const ShownUnit& unit,
                            double lo, double hi) {
          if (!read(f)) return;
          if (!(v > 0.0) || !std::isfinite(v))
            ck.Error(file, at(f), el, "positive-gas-property",
                     fmt::format("{} must be positive, got {} {}", what, v / unit.si_per_unit,
                                 unit.name));
          else
            CheckPlausible(ck, file, at(f), el, what, v, lo, hi, unit);
        };
        property(NodeField::kGasTemperature, g.temperature_K, "gasTemperature", kKelvinUnit,
                 plausible::kMinTemperature_K, plausible::kMaxTemperature_K);
        property(NodeField::kNormDensity, g.norm_density_kg_per_m3, "normDensity", kDensityUnit,
                 plausible::kMinNormDensity_kg_per_m3, plausible::kMaxNormDensity_kg_per_m3);
        property(NodeField::kMolarMass, g.molar_mass_kg_per_mol, "molarMass", kMolarMassUnit,
                 plausible::kMinMolarMass_kg_per_mol, plausible::kMaxMolarMass_kg_per_mol);
        property(NodeField::kPseudocriticalPressure, g.pseudocritical_pressure_Pa,
                 "pseudocriticalPressure", kBarUnit, plausible::kMinPseudocriticalPressure_Pa,
                 plausible::kMaxPseudocriticalPressure_Pa);
        property(NodeField::kPseudocriticalTemperature, g.pseudocritical_temperature_K,
                 "pseudocriticalTemperature", kKelvinUnit,
                 plausible::kMinPseudocriticalTemperature_K,
                 plausible::kMaxPseudocriticalTemperature_K);
        // 0: not given (GasLib's schema has it, but the reader takes a source without it, and
        // the API's SourceGas may leave it out; corridor JSON requires a value). A value
        // given keeps to the range the solve takes (SteadyOptions), so that a source at
        // 0.5 MJ/m3, kJ written as MJ, is not "usable" to check and refused by simulate.
        if (read(NodeField::kCalorificValue) && std::isfinite(g.calorific_value_J_per_m3))
          CheckPlausible(ck, file, at(NodeField::kCalorificValue), el, "calorificValue",
                         g.calorific_value_J_per_m3,
                         g.calorific_value_J_per_m3 == 0.0
                             ? 0.0
                             : plausible::kMinCalorificValue_J_per_m3,
                         plausible::kMaxCalorificValue_J_per_m3, kCalorificUnit);

      }
    }
  }
}

/// The first arc that could not be placed in the graph because an end of it could not be
/// read (CheckArcs), for the note that says why connectivity was not checked.
struct UnplacedArc {
  std::size_t arc = kNone;
  std::string end;        ///< "from" or "to"
  bool dangling = false;  ///< the end names no node (dangling-arc), rather than an unread one
};

// The "did you mean" of an id that names no node: the network's node ids, gathered at the
// first, for the first 100 unknown ids of a check (each is a pass over every id).
class NodeHints : public NameHints {
 public:
  explicit NodeHints(const Network& net)
      : NameHints([&net](std::vector<std::string_view>* names) {
          names->reserve(net.nodes.size());
          for (const Node& n : net.nodes)
            if (!n.id.empty()) names->emplace_back(n.id);
        }) {}
};

void CheckArcs(Checker& ck, const Network& net, const std::string& file, const AsRead& ar,
               const std::unordered_map<std::string, std::size_t>& node_index,
               std::unordered_map<std::string, std::size_t>* arc_index,
               std::vector<std::size_t>* from, std::vector<std::size_t>* to,
               UnplacedArc* unplaced, bool smooth_pipe_warning,
               const std::string& smooth_pipe_refused_by) {
  from->assign(net.arcs.size(), kNone);
  to->assign(net.arcs.size(), kNone);
  NodeHints hints(net);
  for (std::size_t i = 0; i < net.arcs.size(); ++i) {
    const Arc& a = net.arcs[i];
    const std::string el = ArcName(a);
    // An arc the reader reported: its id and ends (where read) are checked, and every value
    // it read; not the values it refused (AsRead).
    const std::uint32_t refused = ar.ArcRefused(i);
    if (std::string_view(ArcKindName(a.kind)) == "unknown")
      ck.Error(file, a.line, el, "unknown-kind",
               fmt::format("arc kind {} is not one of the library's", static_cast<int>(a.kind)));
    if (a.id.empty()) {
      if ((refused & FieldBit(ArcField::kId)) == 0)
        ck.Error(file, a.line, el, "empty-id", "arc has an empty id");
    } else {
      CheckIdChars(ck, file, a.line, el, "arc", a.id);
      auto [it, inserted] = arc_index->emplace(a.id, i);
      if (!inserted) {
        const Arc& first = net.arcs[it->second];
        ck.Error(file, a.line, el, "duplicate-id",
                 fmt::format("arc id '{}' is used twice (first as {} on line {})", a.id,
                             ArcKindName(first.kind), first.line));
      }
      // Legal in corridor's model (nodes and arcs are indexed apart), but a reader of the
      // outputs, a .cdf or a tracking report that names an element by its id alone cannot
      // tell which one is meant, and GasLib's own files never do it.
      if (auto n = node_index.find(a.id); n != node_index.end())
        ck.Warning(file, a.line, el, "shared-id",
                   fmt::format("arc id '{}' is also the id of a node ({} on line {}): outputs "
                               "that name elements by id alone are ambiguous",
                               a.id, NodeKindName(net.nodes[n->second].kind),
                               net.nodes[n->second].line));
    }
    // An end naming no node is dangling, unless it may name one the readers could not read:
    // then the arc has no place in the graph, and connectivity is not checked.
    auto end = [&](const std::string& id, const char* which, std::size_t* out) {
      auto n = node_index.find(id);
      if (n != node_index.end()) {
        *out = n->second;
      } else if (ar.NodeUnknowable(id)) {
        if (unplaced->arc == kNone) *unplaced = {i, which};
      } else {
        ck.Error(file, a.line, el, "dangling-arc",
                 fmt::format("{} node '{}' does not exist{}", which, id, hints.For(id)));
        // Nor has it a place in the graph: its other end would be called isolated and its
        // part split in two (one wrong id gave three more errors).
        if (unplaced->arc == kNone) *unplaced = {i, which, true};
      }
    };
    end(a.from, "from", &(*from)[i]);
    end(a.to, "to", &(*to)[i]);
    if (!a.from.empty() && a.from == a.to)
      ck.Error(file, a.line, el, "self-loop",
               fmt::format("from and to are the same node '{}'", a.from));
    // A height a rule between two nodes may weigh: read, and within the plausible heights
    // (one outside is said there, once).
    auto height_judged = [&](std::size_t k) {
      const double h = net.nodes[k].height_m;
      return (ar.NodeRefused(k) & FieldBit(NodeField::kHeight)) == 0 &&
             h >= plausible::kMinHeight_m && h <= plausible::kMaxHeight_m;
    };
    // An element the solve may hold ideal (its ends at one pressure: a short pipe, a valve,
    // and a control valve or station passing gas open or in bypass) between nodes of
    // different heights leaves out the gas column's weight across it, which pipes include:
    // a loop of it and a pipe drove 12.6 kg/s round for ever in a converged state.
    if ((a.kind == ArcKind::kShortPipe || a.kind == ArcKind::kValve ||
         a.kind == ArcKind::kControlValve || a.kind == ArcKind::kCompressorStation) &&
        (*from)[i] != kNone && (*to)[i] != kNone) {
      const double dh = net.nodes[(*to)[i]].height_m - net.nodes[(*from)[i]].height_m;
      if (std::abs(dh) > kIdealHeightGap_m && height_judged((*from)[i]) &&
          height_judged((*to)[i]))
        ck.Warning(file, a.line, el, "ideal-height",
                   fmt::format("its ends lie {:g} m apart in height ('{}' at {:g} m, '{}' at "
                               "{:g} m): where it passes gas as an ideal element its ends are "
                               "held at one pressure, without the gas column's weight that "
                               "pipes have (the height term), and a loop of it and pipes can "
                               "drive gas round; give its nodes one height, or model the rise "
                               "as a pipe",
                               std::abs(dh), a.from, net.nodes[(*from)[i]].height_m, a.to,
                               net.nodes[(*to)[i]].height_m));
    }
    // A station's fuelGasVertex: a reference, checked for a reported station too.
    auto fuel_gas_vertex = [&] {
      const std::string& v = a.compressor.fuel_gas_vertex;
      if (v.empty()) return;
      if (!node_index.count(v)) {
        if (!ar.NodeUnknowable(v))
          ck.Error(file, a.line, el, "unknown-fuel-gas-vertex",
                   fmt::format("fuelGasVertex '{}' is not a node of the network", v));
      } else if (v != a.from && v != a.to &&
                 !(ar.active() && (a.from.empty() || a.to.empty()))) {
        ck.Warning(file, a.line, el, "fuel-gas-vertex-off-arc",
                   fmt::format("fuelGasVertex '{}' is neither the inlet '{}' nor the "
                               "outlet '{}' of the station",
                               v, a.from, a.to));
      }
    };
    const ArcValues v(a, refused);
    auto at = [&v](ArcField f) { return v.Line(f); };
    const bool flow_min = v.Read(ArcField::kFlowMin), flow_max = v.Read(ArcField::kFlowMax);
    if ((flow_min && !std::isfinite(a.flow_min_m3_per_s)) ||
        (flow_max && !std::isfinite(a.flow_max_m3_per_s)))
      ck.Error(file,
               at(flow_min && !std::isfinite(a.flow_min_m3_per_s) ? ArcField::kFlowMin
                                                                  : ArcField::kFlowMax),
               el, "not-finite", "flow bounds must be finite");
    if (flow_min) CheckFlow(ck, file, at(ArcField::kFlowMin), el, "flowMin", a.flow_min_m3_per_s);
    if (flow_max) CheckFlow(ck, file, at(ArcField::kFlowMax), el, "flowMax", a.flow_max_m3_per_s);
    if (flow_min && flow_max && a.flow_min_m3_per_s > a.flow_max_m3_per_s)
      ck.Error(file, at(ArcField::kFlowMin), el, "min-max",
               fmt::format("flowMin {} exceeds flowMax {} (1000 Nm3/h)",
                           KNm3h(a.flow_min_m3_per_s), KNm3h(a.flow_max_m3_per_s)));
    // An arc's pressure limits against its ends' bounds: where they cannot both hold, no
    // state is within bounds (a pipe of pressureMax 20 bar between nodes of pressureMin 40,
    // a short pipe between [30, 40] and [50, 70] bar, a station's pressureInMin 75 above
    // its inlet's pressureMax 70 were usable, every state outside one of them).
    if ((*from)[i] != kNone && (*to)[i] != kNone) {
      const Node& nf = net.nodes[(*from)[i]];
      const Node& nt = net.nodes[(*to)[i]];
      auto bounded = [&](std::size_t k, const Node& n) {
        const std::uint32_t bits = FieldBit(NodeField::kPressureMin) |
                                   FieldBit(NodeField::kPressureMax);
        return (ar.NodeRefused(k) & bits) == 0 && n.pressure_max_Pa > 0.0 &&
               n.pressure_min_Pa <= n.pressure_max_Pa;
      };
      const bool judged = bounded((*from)[i], nf) && bounded((*to)[i], nt);
      auto conflict = [&](int line, const std::string& what) {
        ck.Warning(file, line, el, "bounds-conflict",
                   what + ": no state keeps both within their bounds");
      };
      const std::optional<double>& pipe_max = a.pipe.pressure_max_Pa;
      const double higher_min = std::max(nf.pressure_min_Pa, nt.pressure_min_Pa);
      if (judged && a.kind == ArcKind::kPipe && pipe_max && *pipe_max > 0.0 &&
          *pipe_max < higher_min)
        conflict(at(ArcField::kPressureMax),
                 fmt::format("its pressureMax {} bar lies below the pressureMin {} bar of "
                             "its end '{}'",
                             Bar(*pipe_max), Bar(higher_min),
                             nf.pressure_min_Pa >= nt.pressure_min_Pa ? a.from : a.to));
      if (judged && a.kind == ArcKind::kShortPipe &&
          higher_min > std::min(nf.pressure_max_Pa, nt.pressure_max_Pa))
        conflict(a.line, fmt::format("it holds its ends at one pressure, and their bounds, "
                                     "[{}, {}] bar at '{}' and [{}, {}] bar at '{}', do not "
                                     "meet",
                                     Bar(nf.pressure_min_Pa), Bar(nf.pressure_max_Pa), a.from,
                                     Bar(nt.pressure_min_Pa), Bar(nt.pressure_max_Pa), a.to));
      const std::optional<double>& in_min = a.kind == ArcKind::kCompressorStation
                                                ? a.compressor.pressure_in_min_Pa
                                            : a.kind == ArcKind::kControlValve
                                                ? a.control_valve.pressure_in_min_Pa
                                                : std::nullopt;
      const std::optional<double>& out_max = a.kind == ArcKind::kCompressorStation
                                                 ? a.compressor.pressure_out_max_Pa
                                             : a.kind == ArcKind::kControlValve
                                                 ? a.control_valve.pressure_out_max_Pa
                                                 : std::nullopt;
      if (judged && in_min && *in_min > nf.pressure_max_Pa)
        conflict(at(ArcField::kPressureInMin),
                 fmt::format("its pressureInMin {} bar lies above the pressureMax {} bar of "
                             "its inlet '{}'",
                             Bar(*in_min), Bar(nf.pressure_max_Pa), a.from));
      if (judged && out_max && *out_max > 0.0 && *out_max < nt.pressure_min_Pa)
        conflict(at(ArcField::kPressureOutMax),
                 fmt::format("its pressureOutMax {} bar lies below the pressureMin {} bar of "
                             "its outlet '{}'",
                             Bar(*out_max), Bar(nt.pressure_min_Pa), a.to));
    }
    switch (a.kind) {
      case ArcKind::kPipe: {
        const PipeData& p = a.pipe;
        const int length = at(ArcField::kLength), diameter = at(ArcField::kDiameter),
                  roughness = at(ArcField::kRoughness);
        if (v.Read(ArcField::kLength)) {
          if (!(p.length_m > 0.0) || !std::isfinite(p.length_m))
            ck.Error(file, length, el, "positive-length",
                     fmt::format("length must be positive, got {} km", Km(p.length_m)));
          else
            CheckPlausible(ck, file, length, el, "length", p.length_m, plausible::kMinLength_m,
                           plausible::kMaxLength_m, kKmUnit);
        }
        if (v.Read(ArcField::kDiameter)) {
          if (!(p.diameter_m > 0.0) || !std::isfinite(p.diameter_m))
            ck.Error(file, diameter, el, "positive-diameter",
                     fmt::format("diameter must be positive, got {} mm", Mm(p.diameter_m)));
          CheckDiameter(ck, file, diameter, el, "diameter", p.diameter_m);
        }
        // A pipe shorter than the rise between its ends, or far shorter than the straight
        // line between their coordinates, is a slip (a unit, most likely): a 1 km pipe
        // between nodes 5 000 m apart in height, a 198.6 m one between coordinates 149.7 km
        // apart were usable.
        if (v.Read(ArcField::kLength) && p.length_m > 0.0 && std::isfinite(p.length_m) &&
            (*from)[i] != kNone && (*to)[i] != kNone) {
          const Node& nf = net.nodes[(*from)[i]];
          const Node& nt = net.nodes[(*to)[i]];
          const double rise = std::abs(nt.height_m - nf.height_m);
          if (rise > p.length_m && height_judged((*from)[i]) && height_judged((*to)[i]))
            ck.Warning(file, length, el, "length-geometry",
                       fmt::format("its length {} km is less than the {:g} m its ends lie apart "
                                   "in height: no pipe rises more than its length",
                                   Km(p.length_m), rise));
          else if (nf.lat_deg && nf.lon_deg && nt.lat_deg && nt.lon_deg) {
            const double line = GreatCircle_m(*nf.lat_deg, *nf.lon_deg, *nt.lat_deg, *nt.lon_deg);
            if (p.length_m < kShortestShare * line)
              ck.Warning(file, length, el, "length-geometry",
                         fmt::format("its length {} km is {:.0f} % short of the {:.1f} km "
                                     "straight line between its ends' coordinates: a pipe is "
                                     "no shorter than that line (a unit, or the coordinates?)",
                                     Km(p.length_m), 100.0 * (1.0 - p.length_m / line),
                                     line / 1e3));
          }
        }
        // roughness-diameter leads with the roughness: at its line.
        if (v.Read(ArcField::kRoughness)) {
          if (!(p.roughness_m >= 0.0) || !std::isfinite(p.roughness_m))
            ck.Error(file, roughness, el, "negative-roughness",
                     fmt::format("roughness must not be negative, got {} mm", Mm(p.roughness_m)));
          else if (p.roughness_m > 0.0 && p.roughness_m < plausible::kMinPositiveRoughness_m)
            ck.Error(file, roughness, el, "implausible-value",
                     fmt::format("roughness {} mm is not a value a gas network has (plausible: 0 "
                                 "for a smooth pipe, or at least {:g} mm)",
                                 Mm(p.roughness_m), plausible::kMinPositiveRoughness_m * 1e3));
          else if (p.roughness_m == 0.0 && p.length_m > 0.0 && !smooth_pipe_refused_by.empty())
            ck.Error(file, roughness, el, "smooth-pipe",
                     fmt::format("roughness 0: friction law '{}' cannot take a smooth pipe (its "
                                 "log10(D/k) has no value at k = 0); give it a roughness, or "
                                 "choose colebrook-white or hofer, which take k = 0",
                                 smooth_pipe_refused_by));
          else if (p.roughness_m == 0.0 && p.length_m > 0.0 && smooth_pipe_warning)
            ck.Warning(file, roughness, el, "smooth-pipe",
                       "roughness 0: the rough-pipe friction laws (nikuradse, simulate's "
                       "default, and pandapipes-nikuradse) refuse a smooth pipe; colebrook-white "
                       "and hofer take it");
          else if (v.Read(ArcField::kDiameter) && p.diameter_m > 0.0 &&
                   p.roughness_m >= 0.5 * p.diameter_m)
            ck.Error(file, roughness, el, "roughness-diameter",
                     fmt::format("roughness {} mm is not small against the diameter {} mm "
                                 "(friction laws need k < D/2)",
                                 Mm(p.roughness_m), Mm(p.diameter_m)));
          else  // 0.1 m (100 mm, a slip from mm) passed, and the solve failed far from it
            CheckPlausible(ck, file, roughness, el, "roughness", p.roughness_m, -HUGE_VAL,
                           plausible::kMaxRoughness_m, kMmUnit);
        }
        if (v.Read(ArcField::kPressureMax)) {
          const int line = at(ArcField::kPressureMax);
          if (p.pressure_max_Pa && !(*p.pressure_max_Pa > 0.0))
            ck.Error(file, line, el, "positive-pressure",
                     fmt::format("pressureMax must be positive, got {} bar",
                                 Bar(*p.pressure_max_Pa)));
          CheckPressure(ck, file, line, el, "pressureMax", p.pressure_max_Pa);
        }
        break;
      }
      case ArcKind::kShortPipe: break;
      case ArcKind::kResistor: {
        const ResistorData& r = a.resistor;
        const bool drag = v.Read(ArcField::kDragFactor), diameter = v.Read(ArcField::kDiameter),
                   loss = v.Read(ArcField::kPressureLoss);
        if (drag && loss && !r.drag_factor && !r.pressure_loss_Pa)
          ck.Error(file, a.line, el, "resistor-data",
                   "a resistor needs a drag factor with a diameter, or a pressure loss");
        if (drag && r.drag_factor && !(*r.drag_factor >= 0.0))
          ck.Error(file, at(ArcField::kDragFactor), el, "negative-value",
                   fmt::format("drag factor must not be negative, got {}", *r.drag_factor));
        if (drag && diameter && r.drag_factor && !r.diameter_m)
          ck.Error(file, at(ArcField::kDragFactor), el, "incomplete-loss",
                   "drag factor given without a diameter");
        if (diameter && r.diameter_m) {
          if (!(*r.diameter_m > 0.0))
            ck.Error(file, at(ArcField::kDiameter), el, "positive-diameter",
                     fmt::format("diameter must be positive, got {} mm", Mm(*r.diameter_m)));
          CheckDiameter(ck, file, at(ArcField::kDiameter), el, "diameter", *r.diameter_m);
        }
        // Both, each nonzero: the solver took the drag and dropped the loss unsaid (a
        // station's side adds the two, but GasLib's resistors have one or the other).
        if (drag && diameter && loss && r.drag_factor && r.diameter_m && r.pressure_loss_Pa &&
            *r.drag_factor > 0.0 && *r.diameter_m > 0.0 && *r.pressure_loss_Pa > 0.0)
          ck.Error(file, at(ArcField::kPressureLoss), el, "resistor-data",
                   fmt::format("both a pressure loss ({} bar) and a drag factor ({}, line {}) "
                               "are given: a resistor has one or the other, and which was "
                               "meant is not guessed",
                               Bar(*r.pressure_loss_Pa), *r.drag_factor,
                               at(ArcField::kDragFactor)));
        if (loss) {
          if (r.pressure_loss_Pa && !(*r.pressure_loss_Pa >= 0.0))
            ck.Error(file, at(ArcField::kPressureLoss), el, "negative-value",
                     fmt::format("pressure loss must not be negative, got {} bar",
                                 Bar(*r.pressure_loss_Pa)));
          CheckPressure(ck, file, at(ArcField::kPressureLoss), el, "pressure loss",
                        r.pressure_loss_Pa);
        }
        break;
      }
      case ArcKind::kValve: {
        if (!v.Read(ArcField::kPressureDifferentialMax)) break;
        const int line = at(ArcField::kPressureDifferentialMax);
        if (a.valve.pressure_differential_max_Pa &&
            !(*a.valve.pressure_differential_max_Pa >= 0.0))
          ck.Error(file, line, el, "negative-value",
                   fmt::format("pressureDifferentialMax must not be negative, got {} bar",
                               Bar(*a.valve.pressure_differential_max_Pa)));
        CheckPressure(ck, file, line, el, "pressureDifferentialMax",
                      a.valve.pressure_differential_max_Pa);
        break;
      }
      case ArcKind::kControlValve: {
        const ControlValveData& d = a.control_valve;
        if (v.Read(ArcField::kPressureDifferentialMin, ArcField::kPressureDifferentialMax) &&
            d.pressure_differential_min_Pa && d.pressure_differential_max_Pa &&
            *d.pressure_differential_min_Pa > *d.pressure_differential_max_Pa)
          ck.Error(file, at(ArcField::kPressureDifferentialMin), el, "min-max",
                   fmt::format("pressureDifferentialMin {} bar exceeds "
                               "pressureDifferentialMax {} bar",
                               Bar(*d.pressure_differential_min_Pa),
                               Bar(*d.pressure_differential_max_Pa)));
        for (auto [f, what, value] :
             {std::tuple{ArcField::kPressureDifferentialMin, "pressureDifferentialMin",
                         &d.pressure_differential_min_Pa},
              std::tuple{ArcField::kPressureDifferentialMax, "pressureDifferentialMax",
                         &d.pressure_differential_max_Pa},
              std::tuple{ArcField::kPressureInMin, "pressureInMin", &d.pressure_in_min_Pa},
              std::tuple{ArcField::kPressureOutMax, "pressureOutMax", &d.pressure_out_max_Pa}})
          if (v.Read(f)) CheckPressure(ck, file, at(f), el, what, *value);
        CheckSideLoss(ck, file, a, v, d.loss_in, "inlet", kInletLossFields);
        CheckSideLoss(ck, file, a, v, d.loss_out, "outlet", kOutletLossFields);
        break;
      }
      case ArcKind::kCompressorStation: {
        const CompressorStationArcData& d = a.compressor;
        fuel_gas_vertex();
        const bool in_min = v.Read(ArcField::kPressureInMin),
                   out_max = v.Read(ArcField::kPressureOutMax);
        if (in_min && out_max && d.pressure_in_min_Pa && d.pressure_out_max_Pa &&
            *d.pressure_in_min_Pa > *d.pressure_out_max_Pa)
          ck.Warning(file, at(ArcField::kPressureInMin), el, "min-max",
                     fmt::format("pressureInMin {} bar exceeds pressureOutMax {} bar: the "
                                 "station can only run in bypass or closed",
                                 Bar(*d.pressure_in_min_Pa), Bar(*d.pressure_out_max_Pa)));
        if (in_min)
          CheckPressure(ck, file, at(ArcField::kPressureInMin), el, "pressureInMin",
                        d.pressure_in_min_Pa);
        if (out_max)
          CheckPressure(ck, file, at(ArcField::kPressureOutMax), el, "pressureOutMax",
                        d.pressure_out_max_Pa);
        CheckSideLoss(ck, file, a, v, d.loss_in, "inlet", kInletLossFields);
        CheckSideLoss(ck, file, a, v, d.loss_out, "outlet", kOutletLossFields);
        break;
      }
    }
  }
}

// Files of another GasLib instance: the instances share generic ids (source_1, sink_1,
// compressorStation_1, ...), so another instance's nomination or machine data mostly name
// elements this network has too, and no id is unknown. GasLib-40's .scn and .cs on
// GasLib-135 named 32 of its 105 sources and sinks and 6 of its 29 stations, and the case
// was "usable" behind a hundred per-element warnings. Every GasLib nomination and .cs and
// every corridor scenario covers all of them. Checked before the nomination's and the
// stations' own findings, so that their per-element warnings cannot crowd it out.
void CheckCoverage(Checker& ck, const GasCase& c, const AsRead& ar,
                   const std::unordered_map<std::string, std::size_t>& arc_index) {
  const Network& net = c.network;
  // Counts of a part the readers left incomplete would be off by what they could not read.
  if (c.nomination && !ar.nomination_incomplete() && !ar.nodes_incomplete()) {
    std::unordered_set<std::string> nominated;
    for (const NodeNomination& nn : c.nomination->nodes) nominated.insert(nn.node_id);
    std::size_t boundary = 0, named = 0;
    for (const Node& n : net.nodes) {
      if (n.kind == NodeKind::kInnode) continue;
      ++boundary;
      named += nominated.count(n.id);
    }
    if (boundary >= 4 && named > 0 && 2 * named < boundary)
      ck.Warning(c.nomination->source_file, 0,
                 fmt::format("scenario '{}'", c.nomination->id), "partial-nomination",
                 fmt::format("the nomination names {} of the {} sources and sinks of the "
                             "network '{}'; the other {} take no flow. Was it written for this "
                             "network? (GasLib instances share ids such as source_1.)",
                             named, boundary, net.info.source_file, boundary - named));
  }
  if (c.stations && !ar.stations_incomplete() && !ar.arcs_incomplete()) {
    std::size_t stations = 0, described = 0;
    for (const Arc& a : net.arcs) stations += a.kind == ArcKind::kCompressorStation;
    std::unordered_set<std::string> ids;
    for (const StationMachines& st : c.stations->stations) {
      auto a = arc_index.find(st.id);
      if (a != arc_index.end() && net.arcs[a->second].kind == ArcKind::kCompressorStation &&
          ids.insert(st.id).second)
        ++described;
    }
    if (stations >= 4 && described > 0 && 2 * described < stations)
      ck.Warning(c.stations->source_file, 0, "", "partial-stations",
                 fmt::format("this file describes {} of the {} compressorStations of the "
                             "network '{}'. Was it written for this network? (GasLib instances "
                             "share ids such as compressorStation_1.)",
                             described, stations, net.info.source_file));
  }
}

void CheckNomination(Checker& ck, const GasCase& c, const AsRead& ar,
                     const std::unordered_map<std::string, std::size_t>& node_index,
                     const std::unordered_map<std::string, std::size_t>& arc_index) {
  const Nomination& nom = *c.nomination;
  const Network& net = c.network;
  const std::string& file = nom.source_file;
  std::unordered_map<std::string, int> seen;  // node id -> line
  NodeHints hints(net);
  // A nomination for another network first, so that the cap cannot hide the verdict.
  std::size_t unknown = 0;
  for (const NodeNomination& nn : nom.nodes)
    unknown += node_index.count(nn.node_id) || ar.NodeUnknowable(nn.node_id) ? 0 : 1;
  if (unknown >= 3 && 2 * unknown > nom.nodes.size())
    ck.Error(file, 0, fmt::format("scenario '{}'", nom.id), "foreign-nomination",
             fmt::format("{} of the {} nominated nodes are not in the network '{}': this "
                         "nomination was probably written for another network",
                         unknown, nom.nodes.size(), net.info.source_file));
  for (std::size_t i = 0; i < nom.nodes.size(); ++i) {
    const NodeNomination& nn = nom.nodes[i];
    const std::string el = fmt::format("node '{}'", nn.node_id);
    // An entry the reader reported: its node is checked, and every value it read; not the
    // values it refused (AsRead); an entry whose id was not read, not at all. Each finding
    // on a value at the line of the child that holds it.
    const std::uint32_t refused = ar.NominatedNodeRefused(i);
    auto read = [refused](std::initializer_list<NominationField> fields) {
      for (NominationField f : fields)
        if ((refused & FieldBit(f)) != 0) return false;
      return true;
    };
    auto at = [&nn](NominationField f) { return nn.LineOf(f); };
    using F = NominationField;
    const bool flows_read = read({F::kFlowLower, F::kFlowUpper});
    if (!read({F::kNodeId}) && nn.node_id.empty()) continue;
    auto [it, inserted] = seen.emplace(nn.node_id, nn.line);
    if (!inserted)
      ck.Error(file, nn.line, el, "duplicate-nomination",
               fmt::format("node '{}' is nominated twice (first on line {})", nn.node_id,
                           it->second));
    auto n = node_index.find(nn.node_id);
    if (n == node_index.end()) {
      if (!ar.NodeUnknowable(nn.node_id))
        ck.Error(file, nn.line, el, "unknown-node",
                 fmt::format("nominated node '{}' is not in the network '{}'{}", nn.node_id,
                             net.info.source_file, hints.For(nn.node_id)));
    } else if (read({F::kNodeId})) {
      const Node& node = net.nodes[n->second];
      // Against the node's bounds the reader read (AsRead).
      const std::uint32_t node_refused = ar.NodeRefused(n->second);
      const bool node_flows_read =
          (node_refused & (FieldBit(NodeField::kFlowMin) | FieldBit(NodeField::kFlowMax))) == 0;
      // Not against a range that is itself a finding (min-max): a nomination's inverted
      // flow range (its middle), the node's flowMax below its flowMin. Nor a second
      // nomination of the node (duplicate-nomination): one mistake, one finding.
      const bool ranges_sound =
          inserted && !(nn.flow_lower_m3_per_s > nn.flow_upper_m3_per_s) &&
          !(node.flow_min_m3_per_s && node.flow_max_m3_per_s &&
            *node.flow_min_m3_per_s > *node.flow_max_m3_per_s);
      const NodeKind want = nn.is_entry ? NodeKind::kSource : NodeKind::kSink;
      if (read({F::kType}) && node.kind != want)
        ck.Error(file, nn.line, el, "wrong-node-type",
                 fmt::format("type='{}' but '{}' is {} {} in the network (an {} must be a {})",
                             nn.is_entry ? "entry" : "exit", nn.node_id,
                             node.kind == NodeKind::kInnode ? "an" : "a", NodeKindName(node.kind),
                             nn.is_entry ? "entry" : "exit", NodeKindName(want)));
      // Outside the node's own bounds: solvable, but not a nomination the network allows.
      // At the flow (its lower bound's line; bound="both" gives both on one).
      const double slack = 1e-9 * std::max(1.0, std::fabs(nn.flow()));
      if (flows_read && ranges_sound && node_flows_read && node.flow_min_m3_per_s &&
          node.flow_max_m3_per_s &&
          (nn.flow() < *node.flow_min_m3_per_s - slack ||
           nn.flow() > *node.flow_max_m3_per_s + slack)) {
        // Digits enough to tell the flow from the bound it misses (6 read "100 lies outside
        // [100, 900]" of a flowMin of 100.0001).
        const double q = KNm3h(nn.flow()), lo = KNm3h(*node.flow_min_m3_per_s),
                     hi = KNm3h(*node.flow_max_m3_per_s);
        const double missed = nn.flow() < *node.flow_min_m3_per_s ? lo : hi;
        int digits = 6;
        while (digits < 17 &&
               fmt::format("{:.{}g}", q, digits) == fmt::format("{:.{}g}", missed, digits))
          ++digits;
        ck.Warning(file, at(F::kFlowLower), el, "flow-outside-bounds",
                   fmt::format("nominated flow {:.{}g} lies outside the node's [flowMin, "
                               "flowMax] = [{:.{}g}, {:.{}g}] (1000 Nm3/h, network line {})",
                               q, digits, lo, digits, hi, digits, node.line));
      }
      // Each bound read against the node's bound it must meet, at the first that misses.
      const bool lower_misses = read({F::kPressureLower}) &&
                                (node_refused & FieldBit(NodeField::kPressureMax)) == 0 &&
                                nn.pressure_lower_Pa &&
                                *nn.pressure_lower_Pa > node.pressure_max_Pa;
      const bool upper_misses = read({F::kPressureUpper}) &&
                                (node_refused & FieldBit(NodeField::kPressureMin)) == 0 &&
                                nn.pressure_upper_Pa &&
                                *nn.pressure_upper_Pa < node.pressure_min_Pa;
      if (lower_misses || upper_misses)
        ck.Error(file, at(lower_misses ? F::kPressureLower : F::kPressureUpper), el,
                 "pressure-bounds-disjoint",
                 fmt::format("scenario pressure bounds [{}, {}] bar do not meet the node's "
                             "[pressureMin, pressureMax] = [{}, {}] bar (absolute)",
                             nn.pressure_lower_Pa ? fmt::format("{:g}", Bar(*nn.pressure_lower_Pa))
                                                  : std::string("-"),
                             nn.pressure_upper_Pa ? fmt::format("{:g}", Bar(*nn.pressure_upper_Pa))
                                                  : std::string("-"),
                             Bar(node.pressure_min_Pa), Bar(node.pressure_max_Pa)));
    }
    const bool lower_read = read({F::kFlowLower}), upper_read = read({F::kFlowUpper});
    for (auto [f, v] : {std::pair{F::kFlowLower, nn.flow_lower_m3_per_s},
                        std::pair{F::kFlowUpper, nn.flow_upper_m3_per_s}})
      if (read({f}) && !std::isfinite(v)) {
        ck.Error(file, at(f), el, "not-finite", "nominated flow must be finite");
        break;
      }
    if (flows_read && nn.flow_lower_m3_per_s == nn.flow_upper_m3_per_s) {
      CheckFlow(ck, file, at(F::kFlowLower), el, "nominated flow", nn.flow_lower_m3_per_s);
    } else {
      if (lower_read)
        CheckFlow(ck, file, at(F::kFlowLower), el, "lower flow", nn.flow_lower_m3_per_s);
      if (upper_read)
        CheckFlow(ck, file, at(F::kFlowUpper), el, "upper flow", nn.flow_upper_m3_per_s);
    }
    for (auto [f, what, value] :
         {std::tuple{F::kPressureLower, "lower pressure bound", &nn.pressure_lower_Pa},
          std::tuple{F::kPressureUpper, "upper pressure bound", &nn.pressure_upper_Pa},
          std::tuple{F::kContractPressureMax, "contract pressure maximum",
                     &nn.contract_pressure_max_Pa}})
      if (read({f})) CheckPressure(ck, file, at(f), el, what, *value);
    // min-max and flow-range lead with the lower bound: at its line.
    if (flows_read && nn.flow_lower_m3_per_s > nn.flow_upper_m3_per_s)
      ck.Error(file, at(F::kFlowLower), el, "min-max",
               fmt::format("lower flow {} exceeds upper flow {} (1000 Nm3/h)",
                           KNm3h(nn.flow_lower_m3_per_s), KNm3h(nn.flow_upper_m3_per_s)));
    else if (flows_read && nn.flow_lower_m3_per_s < nn.flow_upper_m3_per_s)
      ck.Warning(file, at(F::kFlowLower), el, "flow-range",
                 fmt::format("flow is a range [{}, {}] 1000 Nm3/h, not a fixed nomination; "
                             "its middle {} is used",
                             KNm3h(nn.flow_lower_m3_per_s), KNm3h(nn.flow_upper_m3_per_s),
                             KNm3h(nn.flow())));
    if (read({F::kPressureLower, F::kPressureUpper}) && nn.pressure_lower_Pa &&
        nn.pressure_upper_Pa && *nn.pressure_lower_Pa > *nn.pressure_upper_Pa)
      ck.Error(file, at(F::kPressureLower), el, "min-max",
               fmt::format("lower pressure bound {} bar exceeds upper bound {} bar (absolute)",
                           Bar(*nn.pressure_lower_Pa), Bar(*nn.pressure_upper_Pa)));
  }
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    const Node& n = net.nodes[i];
    if (n.kind == NodeKind::kInnode || seen.count(n.id)) continue;
    // The second copy of a node id (duplicate-id) is not a node of its own.
    if (auto first = node_index.find(n.id); first != node_index.end() && first->second != i)
      continue;
    // An entry the reader could not build (or whose id it could not read) may be this
    // node's; a node whose id was not read cannot be looked for.
    if (ar.nomination_incomplete() || (ar.active() && n.id.empty())) continue;
    ck.Warning(file, 0, NodeName(n), "missing-nomination",
               fmt::format("{} '{}' (network line {}) has no nomination; its flow is taken as 0",
                           NodeKindName(n.kind), n.id, n.line));
  }
  const std::string scenario = fmt::format("scenario '{}'", nom.id);
  if (!ar.scenario_values()) {
    CheckTemperature(ck, file, nom.scenario_temperature_line, scenario, "scenario temperature",
                     nom.scenario_temperature_K);
    CheckTemperature(ck, file, nom.soil_temperature_line, scenario, "soil temperature",
                     nom.soil_temperature_K);
    CheckTemperature(ck, file, nom.ambient_temperature_line, scenario, "ambient temperature",
                     nom.ambient_temperature_K);
  }
  for (std::size_t i = 0; i < nom.arcs.size(); ++i) {
    const ArcScenarioData& ad = nom.arcs[i];
    const int soil_line = ad.soil_temperature_line != 0 ? ad.soil_temperature_line : ad.line;
    if (!ar.NominatedArcBad(i))
      CheckTemperature(ck, file, soil_line, fmt::format("arc '{}'", ad.arc_id),
                       "soil temperature", ad.soil_temperature_K);
    if (!arc_index.count(ad.arc_id) && !ar.ArcUnknowable(ad.arc_id))
      ck.Error(file, ad.line, fmt::format("arc '{}'", ad.arc_id), "unknown-arc",
               fmt::format("scenario data for arc '{}', which is not in the network",
                           ad.arc_id));
  }
}

void CheckStations(Checker& ck, const GasCase& c, const AsRead& ar,
                   const std::unordered_map<std::string, std::size_t>& arc_index) {
  const CompressorStationData& cs = *c.stations;
  const Network& net = c.network;
  const std::string& file = cs.source_file;
  std::unordered_set<std::string> ids;
  // Stations that name no arc as the readers may have failed to build it are not counted.
  std::size_t matched = 0, counted = 0;
  for (const StationMachines& st : cs.stations) {
    auto a = arc_index.find(st.id);
    if (a == arc_index.end() && ar.ArcUnknowable(st.id)) continue;
    ++counted;
    if (a != arc_index.end() && net.arcs[a->second].kind == ArcKind::kCompressorStation)
      ++matched;
  }
  // Written for another network: say so first, so that the cap cannot hide it.
  const bool foreign = matched == 0 && counted > 0;
  if (foreign)
    ck.Error(file, 0, "", "foreign-stations",
             fmt::format("none of the {} stations of this file is a compressorStation of the "
                         "network '{}': it was probably written for another network",
                         cs.stations.size(), net.info.source_file));
  for (std::size_t i = 0; i < cs.stations.size(); ++i) {
    const StationMachines& st = cs.stations[i];
    const std::string el = fmt::format("compressorStation '{}'", st.id);
    // A station the reader reported: it is looked for in the network, but its inside
    // (drives, compressors, configurations, which the reader checks itself) is not, nor its
    // id for a second time (the reader reports a station described twice) (AsRead).
    const bool bad = ar.StationBad(i);
    CheckIdChars(ck, file, st.line, el, "station", st.id);
    if (!bad)
      for (const Drive& d : st.drives) CheckIdChars(ck, file, d.line, el, "drive", d.id);
    if (!ids.insert(st.id).second && !bad)
      ck.Error(file, st.line, el, "duplicate-id",
               fmt::format("station '{}' is described twice", st.id));
    auto a = arc_index.find(st.id);
    if (a == arc_index.end()) {
      if (!ar.ArcUnknowable(st.id))
        ck.Warning(file, st.line, el, "unknown-station",
                   fmt::format("station '{}' is not in the network '{}'; its data are ignored",
                               st.id, net.info.source_file));
    } else if (net.arcs[a->second].kind != ArcKind::kCompressorStation) {
      ck.Warning(file, st.line, el, "unknown-station",
                 fmt::format("'{}' is a {} in the network, not a compressorStation", st.id,
                             ArcKindName(net.arcs[a->second].kind)));
    }
    if (bad) continue;
    std::unordered_set<std::string> drives, compressors;
    for (const Drive& d : st.drives)
      if (!drives.insert(d.id).second)
        ck.Error(file, d.line, el, "duplicate-id", fmt::format("drive '{}' is defined twice", d.id));
    NameHints drive_hints([&st](std::vector<std::string_view>* names) {
      for (const Drive& d : st.drives)
        if (!d.id.empty()) names->emplace_back(d.id);
    });
    auto check_unit = [&](const std::string& id, const std::string& drive, int line,
                          double nmin, double nmax) {
      if (!compressors.insert(id).second)
        ck.Error(file, line, el, "duplicate-id", fmt::format("compressor '{}' is defined twice", id));
      if (!drives.count(drive))
        ck.Error(file, line, el, "unknown-drive",
                 fmt::format("compressor '{}' names drive '{}', which the station does not "
                             "have{}",
                             id, drive, drive_hints.For(drive)));
      if (nmin > nmax)
        ck.Error(file, line, el, "min-max",
                 fmt::format("compressor '{}': speedMin {} exceeds speedMax {} (1/min)", id,
                             nmin * 60.0, nmax * 60.0));
    };
    for (const TurboCompressor& t : st.turbo)
      check_unit(t.id, t.drive, t.line, t.speed_min_per_s, t.speed_max_per_s);
    for (const PistonCompressor& p : st.piston)
      check_unit(p.id, p.drive, p.line, p.speed_min_per_s, p.speed_max_per_s);
    for (const Configuration& conf : st.configurations)
      for (const ConfigurationStage& stage : conf.stages)
        for (const ConfigurationUnit& u : stage.units)
          if (!compressors.count(u.compressor_id))
            ck.Error(file, conf.line, el, "unknown-compressor",
                     fmt::format("configuration '{}' stage {} names compressor '{}', which the "
                                 "station does not have",
                                 conf.id, stage.stage_nr, u.compressor_id));
  }
  // A station the reader could not build (or whose id it could not read) may be the one.
  if (foreign || ar.stations_incomplete()) return;
  for (const Arc& a : net.arcs)
    if (a.kind == ArcKind::kCompressorStation && !ids.count(a.id) &&
        !(ar.active() && a.id.empty()))
      ck.Warning(file, 0, ArcName(a), "missing-station-data",
                 fmt::format("station '{}' (network line {}) has no machine data in this file",
                             a.id, a.line));
}

void CheckDecisions(Checker& ck, const GasCase& c, const AsRead& ar,
                    const std::unordered_map<std::string, std::size_t>& arc_index) {
  const CombinedDecisions& cdf = *c.decisions;
  const Network& net = c.network;
  auto wanted_kind = [](const DecisionElement& e) {
    return e.kind == DecisionElement::Kind::kValve          ? ArcKind::kValve
           : e.kind == DecisionElement::Kind::kControlValve ? ArcKind::kControlValve
                                                            : ArcKind::kCompressorStation;
  };
  // Written for another network (as a .cs can be, rule foreign-stations): most of the arcs
  // it names are not in the network, and three or more of them are or none of the others
  // is an arc of the kind the file gives. One error then, said first so that the cap
  // cannot hide it, instead of one warning per entry. (An official file may name an odd
  // arc its network lacks: GasLib-4197.cdf names valve_22; such entries stay warnings.)
  // Elements the reader reported (their kind may be what it refused) are left out of the
  // count, and so are arcs the readers may have failed to build (AsRead).
  std::unordered_set<std::string> named;
  std::size_t matched = 0, absent = 0, k = 0;
  for (const DecisionGroup& g : cdf.groups)
    for (const Decision& d : g.decisions)
      for (const DecisionElement& e : d.elements) {
        if (ar.DecisionElementBad(k++)) continue;
        auto a = arc_index.find(e.arc_id);
        if (a == arc_index.end() && ar.ArcUnknowable(e.arc_id)) continue;
        if (!named.insert(e.arc_id).second) continue;
        if (a == arc_index.end()) ++absent;
        else if (net.arcs[a->second].kind == wanted_kind(e)) ++matched;
      }
  if (2 * absent > named.size() && (absent >= 3 || matched == 0)) {
    ck.Error(cdf.source_file, 0, "", "foreign-decisions",
             fmt::format("{} of the {} arcs the decisions name are not in the network '{}': "
                         "this file was probably written for another network",
                         absent, named.size(), net.info.source_file));
    return;
  }
  std::unordered_set<std::string> reported;
  k = 0;
  for (const DecisionGroup& g : cdf.groups)
    for (const Decision& d : g.decisions)
      for (const DecisionElement& e : d.elements) {
        const bool bad = ar.DecisionElementBad(k++);
        const ArcKind want = wanted_kind(e);
        const std::string el = fmt::format("{} '{}'", ArcKindName(want), e.arc_id);
        auto a = arc_index.find(e.arc_id);
        if (a == arc_index.end() && ar.ArcUnknowable(e.arc_id)) continue;
        if (a == arc_index.end()) {
          // Official data do this (GasLib-4197.cdf names valve_22, absent from its .net):
          // a warning, and the entry is ignored, so that the official files stay usable.
          if (reported.insert(e.arc_id).second)
            ck.Warning(cdf.source_file, e.line, el, "unknown-arc",
                       fmt::format("decision group '{}' names arc '{}', which is not in the "
                                   "network; the entry is ignored",
                                   g.id, e.arc_id));
        } else if (net.arcs[a->second].kind != want && !bad) {
          if (reported.insert(e.arc_id).second)
            ck.Warning(cdf.source_file, e.line, el, "wrong-arc-kind",
                       fmt::format("decision group '{}' treats '{}' as a {}, but it is a {}",
                                   g.id, e.arc_id, ArcKindName(want),
                                   ArcKindName(net.arcs[a->second].kind)));
        } else if (!bad && e.value == 1 && e.flow_direction) {
          // A direction the arc's own flow bounds forbid (both 0: no bounds): the decision
          // opens the element for a flow it may not carry (GasLib-582's dG_1/d4 opens
          // valve_9, flowMax 0, from -> to).
          const Arc& arc = net.arcs[a->second];
          const bool bounded = arc.flow_min_m3_per_s != 0.0 || arc.flow_max_m3_per_s != 0.0;
          const bool forward = *e.flow_direction == 0;
          if (bounded && (forward ? arc.flow_max_m3_per_s <= 0.0 : arc.flow_min_m3_per_s >= 0.0))
            ck.Warning(cdf.source_file, e.line, el, "direction-against-flow-bounds",
                       fmt::format("decision '{}' of group '{}' opens it for flow {}, but its "
                                   "{} is {:g} 1000 Nm3/h (network line {}): it may carry no "
                                   "flow that way",
                                   d.id, g.id, forward ? "from -> to" : "to -> from",
                                   forward ? "flowMax" : "flowMin",
                                   (forward ? arc.flow_max_m3_per_s : arc.flow_min_m3_per_s) /
                                       units::kThousandM3PerHour,
                                   arc.line));
        }
      }
}

}  // namespace

Status ValidateOptions::Validate() const {
  // Every problem, in one Status.
  internal::Problems problems("ValidateOptions", &Status::InvalidArgument);
  if (!(balance_relative_tolerance >= 0.0) || !std::isfinite(balance_relative_tolerance))
    problems.Add(
        fmt::format("ValidateOptions.balance_relative_tolerance = {} must be finite and >= 0",
                    balance_relative_tolerance));
  if (!(balance_absolute_floor_m3_per_s >= 0.0) || !std::isfinite(balance_absolute_floor_m3_per_s))
    problems.Add(
        fmt::format("ValidateOptions.balance_absolute_floor_m3_per_s = {} must be finite and >= 0",
                    balance_absolute_floor_m3_per_s));
  // A law's name, and one that refuses smooth pipes: "nosuchlaw" made every smooth pipe an
  // error naming a law that does not exist.
  if (!smooth_pipe_refused_by.empty()) {
    FrictionLaw law;
    if (!ParseFrictionLaw(smooth_pipe_refused_by, &law) || !FrictionLawRefusesSmoothPipes(law))
      problems.Add(fmt::format(
          "ValidateOptions.smooth_pipe_refused_by = '{}' is not a friction law that refuses "
          "smooth pipes (one of the laws {}, or empty)",
          Printable(smooth_pipe_refused_by), FrictionLawNames()));
  }
  return problems.ToStatus();
}

static Status ValidateCaseUnguarded(const GasCase& c, const ValidateOptions& options,
                                    ValidationSummary* summary, Diagnostics* diag) {
  if (summary == nullptr || diag == nullptr)
    return Status::InvalidArgument("ValidateCase: summary and diag must not be null");
  *summary = ValidationSummary();  // (before the options' check: an earlier call's usable)
  Status s = options.Validate();
  if (!s.ok()) return s;
  Checker ck(diag);
  const Network& net = c.network;
  const std::string& file = net.info.source_file;
  const AsRead ar(c, options.read_errors);

  // (Nodes the reader could not build, or no nodes block: its finding.)
  if (net.nodes.empty() && !ar.nodes_incomplete() &&
      !(ar.active() && !options.read_errors->unbuilt_node_ids.empty()))
    ck.Error(file, 0, "", "empty-network", "the network has no nodes");

  // --- elements ---
  std::unordered_map<std::string, std::size_t> node_index, arc_index;
  node_index.reserve(net.nodes.size());
  arc_index.reserve(net.arcs.size());
  std::vector<std::size_t> from, to;
  UnplacedArc unplaced;
  // The second copy of a node id: every arc and nomination naming the id finds the first,
  // so the copy was an isolated node of a component of its own (37 773 isolated-node
  // warnings in a GasLib-4197 with its nodes given twice). It is left out of the counts
  // and the graph, as an element the reader refused.
  std::vector<char> second_copy;
  CheckNodes(ck, net, file, ar, &node_index, &second_copy);
  // A GasLib network gives its gas at its sources. Without one (sinks nominated below zero
  // feed it), a simulation ran on corridor's default gas, unsaid: "usable", no warning.
  if (!net.nodes.empty() && !ar.nodes_incomplete() &&
      std::none_of(net.nodes.begin(), net.nodes.end(),
                   [](const Node& n) { return n.kind == NodeKind::kSource || n.gas; }))
    ck.Warning(file, 0, "", "no-source-gas",
               fmt::format("the network has no source, so no gas data: a simulation takes "
                           "corridor's default gas (GasModel's: {:g} kg/kmol, norm density "
                           "{:g} kg/m3, {:g} degC) unless its options give one",
                           GasModel{}.molar_mass_kg_per_mol * 1e3,
                           GasModel{}.norm_density_kg_per_m3,
                           GasModel{}.temperature_K - units::kZeroCelsius));
  CheckArcs(ck, net, file, ar, node_index, &arc_index, &from, &to, &unplaced,
            options.smooth_pipe_warning, options.smooth_pipe_refused_by);
  // Arcs missing from the graph, or an arc whose end could not be read: the components
  // and isolated nodes found would not be the file's (AsRead). Said once, in a note.
  const bool graph_complete = !ar.arcs_missing() && unplaced.arc == kNone;
  if (!graph_complete) {
    std::string why;
    int line = 0;
    std::string element;
    if (unplaced.arc != kNone) {
      const Arc& a = net.arcs[unplaced.arc];
      const std::string& id = unplaced.end == "from" ? a.from : a.to;
      line = a.line;
      element = ArcName(a);
      why = unplaced.dangling
                ? fmt::format("its {} node '{}' does not exist", unplaced.end, id)
            : id.empty() ? fmt::format("its {} node could not be read", unplaced.end)
                         : fmt::format("its {} node '{}' could not be read", unplaced.end, id);
    } else if (ar.active() && options.read_errors->missing_arc_line > 0) {
      line = options.read_errors->missing_arc_line;
      element = options.read_errors->missing_arc;
      why = "it could not be read";
    } else {
      why = "an arc of the network could not be read";
    }
    diag->Note(file, line, element, "not-checked",
               fmt::format("{}, so connectivity was not checked (isolated-node, "
                           "no-pressure-reference, the balance of each connected part)",
                           why));
  }

  // --- counts and ranges ---
  bool first = true;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (second_copy[i]) continue;
    const Node& n = net.nodes[i];
    if (std::string_view(NodeKindName(n.kind)) != "unknown")
      ++summary->node_counts[static_cast<int>(n.kind)];
    if (first || n.pressure_min_Pa < summary->min_pressure_bound_Pa)
      summary->min_pressure_bound_Pa = n.pressure_min_Pa;
    if (first || n.pressure_max_Pa > summary->max_pressure_bound_Pa)
      summary->max_pressure_bound_Pa = n.pressure_max_Pa;
    first = false;
  }
  for (const Arc& a : net.arcs) {
    if (std::string_view(ArcKindName(a.kind)) != "unknown")
      ++summary->arc_counts[static_cast<int>(a.kind)];
    if (a.kind == ArcKind::kPipe) summary->total_pipe_length_m += a.pipe.length_m;
  }

  // --- connected components over all arcs (valves and stations included) ---
  DisjointSets sets(net.nodes.size());
  std::vector<std::size_t> degree(net.nodes.size(), 0);
  for (std::size_t i = 0; i < net.arcs.size(); ++i) {
    if (from[i] == kNone || to[i] == kNone) continue;
    sets.Union(from[i], to[i]);
    ++degree[from[i]];
    ++degree[to[i]];
  }
  std::vector<std::size_t> comp_of(net.nodes.size(), kNone);
  std::vector<std::size_t> root_to_comp(net.nodes.size(), kNone);
  std::vector<int> example_line;  // per component: its example node's line
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (second_copy[i]) continue;
    std::size_t r = sets.Find(i);
    if (root_to_comp[r] == kNone) {
      root_to_comp[r] = summary->components.size();
      summary->components.emplace_back();
      summary->components.back().example_node = net.nodes[i].id;
      example_line.push_back(net.nodes[i].line);
    }
    comp_of[i] = root_to_comp[r];
    ComponentInfo& ci = summary->components[comp_of[i]];
    ++ci.node_count;
    if (net.nodes[i].kind == NodeKind::kSource) ++ci.source_count, ci.has_pressure_reference = true;
    if (net.nodes[i].kind == NodeKind::kSink) ++ci.sink_count;
  }
  for (std::size_t i = 0; i < net.arcs.size(); ++i)
    if (from[i] != kNone && to[i] != kNone) ++summary->components[comp_of[from[i]]].arc_count;
  if (net.nodes.size() > 1 && graph_complete)
    for (std::size_t i = 0; i < net.nodes.size(); ++i)
      if (degree[i] == 0 && !second_copy[i])
        ck.Warning(file, net.nodes[i].line, NodeName(net.nodes[i]), "isolated-node",
                   fmt::format("node '{}' is not connected to any arc", net.nodes[i].id));

  // --- nomination ---
  std::vector<double> comp_entries(summary->components.size(), 0.0);
  std::vector<double> comp_moved(summary->components.size(), 0.0);  // sum of |flow| nominated
  std::vector<std::size_t> comp_slack(summary->components.size(), kNone);
  std::vector<double> comp_slack_flow(summary->components.size(), -1.0);
  // A component's balance is unknown where a nominated flow on it was refused, or where
  // an entry may be missing (AsRead).
  std::vector<char> balance_known(summary->components.size(), ar.nomination_incomplete() ? 0 : 1);
  CheckCoverage(ck, c, ar, arc_index);
  if (c.nomination) {
    CheckNomination(ck, c, ar, node_index, arc_index);
    // Σ entries − Σ exits, signed as written, per component. A node nominated twice
    // counts once, with its first nomination (the second is duplicate-nomination: counted
    // too, it was also an unbalanced-nomination).
    std::unordered_set<std::string> counted;
    for (std::size_t i = 0; i < c.nomination->nodes.size(); ++i) {
      const NodeNomination& nn = c.nomination->nodes[i];
      if (!counted.insert(nn.node_id).second) continue;
      const double q = nn.flow();
      if (nn.is_entry) summary->total_entry_flow_m3_per_s += q;
      else summary->total_exit_flow_m3_per_s += q;
      auto n = node_index.find(nn.node_id);
      // A nominated node the network lacks (unknown-node, a misspelt id most likely): its
      // flow belongs to a part not known, whose balance then read as a second and third
      // finding (unbalanced-nomination beside missing-nomination); no part's is judged.
      if (n == node_index.end()) {
        if (!ar.NodeUnknowable(nn.node_id))
          std::fill(balance_known.begin(), balance_known.end(), 0);
        continue;
      }
      const std::size_t k = comp_of[n->second];
      // Nor a part where an entry names an exit or an innode, or an exit an entry
      // (wrong-node-type): which of the type and the node is meant, and so the flow's sign,
      // is not known (entry01 as an exit read "unbalanced by -320, 229 %" beside it).
      if (net.nodes[n->second].kind !=
          (nn.is_entry ? NodeKind::kSource : NodeKind::kSink))
        balance_known[k] = 0;
      // A flow range whose lower end is above its upper (min-max): its middle is no
      // nomination, and the balance it gave was a second finding for one mistake.
      // Nor where the reader refused the entry's flow, type or node (its sign then unknown).
      constexpr std::uint32_t kBalanceFields = FieldBit(NominationField::kNodeId) |
                                               FieldBit(NominationField::kType) |
                                               FieldBit(NominationField::kFlowLower) |
                                               FieldBit(NominationField::kFlowUpper);
      if ((ar.NominatedNodeRefused(i) & kBalanceFields) != 0 ||
          nn.flow_lower_m3_per_s > nn.flow_upper_m3_per_s)
        balance_known[k] = 0;
      summary->components[k].imbalance_m3_per_s += nn.is_entry ? q : -q;
      comp_moved[k] += std::fabs(q);
      if (nn.is_entry) comp_entries[k] += q;
      // The default rule's pressure reference (docs/physics.md, "Default slack rule"): the
      // node with the largest nominated inflow, of any kind (an exit nominated below zero
      // injects), of equal ones the smallest id. (Sources alone, the first of equal ones in
      // the file's order, named another node than the solve's.)
      const double inflow = nn.is_entry ? q : -q;
      const std::size_t v = n->second;
      if (inflow > 0.0 &&
          (comp_slack[k] == kNone || inflow > comp_slack_flow[k] ||
           (inflow == comp_slack_flow[k] && net.nodes[v].id < net.nodes[comp_slack[k]].id))) {
        comp_slack_flow[k] = inflow;
        comp_slack[k] = v;
      }
    }
  }
  for (std::size_t k = 0; k < summary->components.size(); ++k) {
    ComponentInfo& ci = summary->components[k];
    const std::string where =
        summary->components.size() == 1
            ? std::string("the network")
            : fmt::format("the component containing '{}' ({} node{})", ci.example_node,
                          ci.node_count, ci.node_count == 1 ? "" : "s");
    // Not checked where the graph or the balance is not the file's (AsRead).
    if (!graph_complete || (c.nomination && !balance_known[k])) continue;
    if (c.nomination) {
      const double imb = ci.imbalance_m3_per_s;
      const double tol = options.balance_relative_tolerance * std::fabs(comp_entries[k]);
      const double floor = options.balance_absolute_floor_m3_per_s;
      ci.nomination_balanced = std::fabs(imb) <= std::max(tol, floor);
      // (A part without entries: "0 % of the total entry flow 0" said nothing.)
      const std::string amount =
          comp_entries[k] != 0.0
              ? fmt::format("entries - exits = {:.6g} 1000 Nm3/h ({:.3g} m3/s at normal "
                            "conditions), {:.3g} % of the total entry flow {:.6g} 1000 Nm3/h",
                            KNm3h(imb), imb, 100.0 * std::fabs(imb / comp_entries[k]),
                            KNm3h(comp_entries[k]))
              : fmt::format("entries - exits = {:.6g} 1000 Nm3/h ({:.3g} m3/s at normal "
                            "conditions), with no entry flow in it",
                            KNm3h(imb), imb);
      if (!ci.nomination_balanced) {
        ck.Error(c.nomination->source_file, 0, fmt::format("scenario '{}'", c.nomination->id),
                 "unbalanced-nomination",
                 fmt::format("the nomination does not balance on {}: {} (tolerance {:g})", where,
                             amount, options.balance_relative_tolerance));
      } else if (std::fabs(imb) > floor) {
        // The solve's references may lie elsewhere (given ones, a part that closed elements
        // split off, a reference moved off a set-point's side): its report names them.
        std::string absorber =
            comp_slack[k] != kNone
                ? fmt::format("the pressure reference takes it up (by the default rule the "
                              "node with the largest nominated inflow, '{}'; a solve's "
                              "report names the references it used)",
                              net.nodes[comp_slack[k]].id)
                : std::string("no node is nominated to inject gas there to take it up");
        ck.Warning(c.nomination->source_file, 0, fmt::format("scenario '{}'", c.nomination->id),
                   "small-imbalance",
                   fmt::format("the nomination is slightly unbalanced on {}: {}, within the "
                               "tolerance {:g}; {}",
                               where, amount, options.balance_relative_tolerance, absorber));
      }
    }
    // (At its example node's line: the node is named, and its line is known.)
    if (!ci.has_pressure_reference && !ci.nomination_balanced)
      ck.Error(file, example_line[k], fmt::format("node '{}'", ci.example_node),
               "no-pressure-reference",
               fmt::format("{} has no source to serve as pressure reference and no balanced "
                           "nomination: its pressures are undetermined",
                           where));
    // With a nomination that sends no gas there, a solve leaves its pressures undefined
    // (simulate's note); check said nothing of a part it refuses without the .scn. (A single
    // node of a larger network has its isolated-node warning; a network of one node not.)
    // So does one with sources that the nomination leaves idle: the default rule takes its
    // reference from a source that injects (every flow nominated 0: "usable", and simulate
    // "converged" with 11 nodes without a pressure).
    else if (c.nomination && comp_moved[k] == 0.0 && (ci.node_count > 1 || net.nodes.size() == 1))
      ck.Warning(file, example_line[k], fmt::format("node '{}'", ci.example_node),
                 "undetermined-pressures",
                 fmt::format("{} {}, and the nomination sends no gas there: a solve leaves "
                             "its pressures undefined (NaN) unless it is given a pressure "
                             "reference (--slack)",
                             where,
                             ci.has_pressure_reference
                                 ? "has sources, but the default rule takes its pressure "
                                   "reference from one that injects"
                                 : "has no source to serve as pressure reference"));
  }

  // --- machine data and decisions ---
  if (c.stations) CheckStations(ck, c, ar, arc_index);
  if (c.decisions) CheckDecisions(ck, c, ar, arc_index);

  // --- the sources' gas data against each other (warnings, after the verdicts above) ---
  // Sources with the same data are one finding, at the first, naming the others (GasLib-11
  // printed the same 330 characters for each of its three sources in every run).
  // `finding` gives a source's message (empty: none), at the line of `field`, which the
  // message leads with.
  auto per_gas = [&](std::uint32_t fields, NodeField field, const char* rule,
                     std::string (*finding)(const SourceGas&),
                     const char* also_at = "the same gas data at source") {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> found;
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
      const Node& n = net.nodes[i];
      if (n.kind != NodeKind::kSource || !n.gas || (ar.NodeRefused(i) & fields) != 0)
        continue;
      std::string m = finding(*n.gas);
      if (m.empty()) continue;
      auto same = std::find_if(found.begin(), found.end(),
                               [&](const auto& x) { return x.first == m; });
      if (same == found.end())
        found.push_back({std::move(m), {i}});
      else
        same->second.push_back(i);
    }
    for (const auto& [message, nodes] : found) {
      const Node& lead = net.nodes[nodes.front()];
      std::string also;
      for (std::size_t k = 1; k < nodes.size() && k <= 5; ++k) {
        const Node& o = net.nodes[nodes[k]];
        also += fmt::format("{}'{}' (line {})",
                            k == 1 ? "" : k + 1 == nodes.size() ? " and " : ", ", o.id,
                            o.LineOf(field));
      }
      if (nodes.size() > 6) also += fmt::format(" and {} more", nodes.size() - 6);
      ck.Warning(file, lead.LineOf(field), NodeName(lead), rule,
                 also.empty() ? message
                              : message + "; " + also_at +
                                    (nodes.size() > 2 ? "s " : " ") + also);
    }
  };
  per_gas(FieldBit(NodeField::kNormDensity) | FieldBit(NodeField::kMolarMass) |
              FieldBit(NodeField::kPseudocriticalPressure) |
              FieldBit(NodeField::kPseudocriticalTemperature),
          NodeField::kNormDensity, "gas-inconsistent", NormDensityAgreesWithMolarMass);
  // A value the file leaves out, which a figure then takes from elsewhere (a missing
  // calorificValue read as 0 went into the steady gas's H_s at its source's weight).
  per_gas(FieldBit(NodeField::kCalorificValue), NodeField::kCalorificValue, "gas-value-missing",
          CalorificValueMissing, "also at source");
  // The heat capacity matters only to a station's head: said where the network has one.
  if (std::any_of(net.arcs.begin(), net.arcs.end(),
                  [](const Arc& a) { return a.kind == ArcKind::kCompressorStation; })) {
    per_gas(FieldBit(NodeField::kHeatCapacity), NodeField::kHeatCapacity, "gas-value-missing",
            HeatCapacityMissing, "also at source");
    per_gas(FieldBit(NodeField::kHeatCapacity), NodeField::kHeatCapacity, "gas-heat-capacity",
            HeatCapacityIsNaturalGas);
  }

  // Papay, simulate's default law, at a source's own pressureMax and temperature: where it
  // gives no gas (z outside 0.1 to 10), simulate refuses the gas at its pressure reference,
  // and check said "usable" (a pseudocritical temperature of 339.39, 188.55 K in degrees
  // Rankine).
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    const Node& n = net.nodes[i];
    if (n.kind != NodeKind::kSource || !n.gas || second_copy[i]) continue;
    const std::uint32_t bits =
        FieldBit(NodeField::kPressureMax) | FieldBit(NodeField::kGasTemperature) |
        FieldBit(NodeField::kPseudocriticalPressure) |
        FieldBit(NodeField::kPseudocriticalTemperature) | FieldBit(NodeField::kMolarMass);
    const SourceGas& g = *n.gas;
    if ((ar.NodeRefused(i) & bits) != 0 || !(n.pressure_max_Pa > 0.0) ||
        !(g.pseudocritical_pressure_Pa > 0.0) || !(g.pseudocritical_temperature_K > 0.0) ||
        !(g.temperature_K > 0.0) || !(g.molar_mass_kg_per_mol > 0.0))
      continue;
    physics::EosParams e;
    e.eos = EquationOfState::kPapay;
    e.temperature_K = g.temperature_K;
    e.specific_gas_constant = units::kGasConstant / g.molar_mass_kg_per_mol;
    e.pseudocritical_pressure_Pa = g.pseudocritical_pressure_Pa;
    e.pseudocritical_temperature_K = g.pseudocritical_temperature_K;
    const double z = physics::Compressibility(e, n.pressure_max_Pa).z;
    if (z >= 0.1 && z <= 10.0) continue;
    ck.Warning(file, n.LineOf(NodeField::kPseudocriticalTemperature), NodeName(n), "eos-range",
               fmt::format("Papay, simulate's default equation of state, gives z = {:.4g} for "
                           "this gas at its pressureMax {} bar and {:.2f} K (T_r = {:.3f}, p_r "
                           "= {:.3f}): no gas has that, and simulate refuses it at a pressure "
                           "reference there (z must lie between 0.1 and 10); check "
                           "pseudocriticalTemperature {:.2f} K and pseudocriticalPressure {} "
                           "bar",
                           z, Bar(n.pressure_max_Pa), g.temperature_K,
                           g.temperature_K / g.pseudocritical_temperature_K,
                           n.pressure_max_Pa / g.pseudocritical_pressure_Pa,
                           g.pseudocritical_temperature_K, Bar(g.pseudocritical_pressure_Pa)));
  }

  // A case read in part is not usable, whatever was found in what was read.
  summary->usable = ck.errors() == 0 && !(ar.active() && options.read_errors->any());
  return Status::Ok();
}

Status ValidateCase(const GasCase& c, const ValidateOptions& options, ValidationSummary* summary,
                    Diagnostics* diag) {
  return internal::GuardedCall("ValidateCase",
                               [&] { return ValidateCaseUnguarded(c, options, summary, diag); });
}

// --------------------------------------------------------------------------------------
// Report

std::string ValidationSummary::Report(const GasCase& c) const {
  const Network& net = c.network;
  std::string out;
  auto line = [&out](const char* label, const std::string& text) {
    out += fmt::format("{:<16}: {}\n", label, text);
  };
  out += "corridor check: case summary (pressures bar absolute; volumes at normal conditions "
         "0 degC, 1.01325 bar)\n";
  line("Network", fmt::format("{}{}  [{}]", net.info.title.empty() ? "(untitled)" : net.info.title,
                              net.info.date.empty() ? "" : " (" + net.info.date + ")",
                              net.info.source_file));
  line("Nomination", c.nomination ? fmt::format("'{}'  [{}]", c.nomination->id,
                                                c.nomination->source_file)
                                  : std::string("none"));
  line("Station data", c.stations ? fmt::format("{} stations  [{}]", c.stations->stations.size(),
                                                c.stations->source_file)
                                  : std::string("none"));
  // The groups that allow several decisions, with how many: what `simulate --decision`
  // chooses among (the rest hold one decision each, which `--decisions` takes).
  std::string decisions = "none";
  if (c.decisions) {
    std::vector<std::string> several;
    for (const DecisionGroup& g : c.decisions->groups)
      if (g.decisions.size() > 1)
        several.push_back(fmt::format("{} ({})", g.id, g.decisions.size()));
    std::string list;
    for (std::size_t k = 0; k < several.size() && k < 5; ++k)
      list += (k ? ", " : "") + several[k];
    if (several.size() > 5) list += fmt::format(" and {} more", several.size() - 5);
    decisions = fmt::format("{} decision groups", c.decisions->groups.size());
    if (!several.empty())
      decisions += fmt::format(" ({} with one decision; {} with several: {})",
                               c.decisions->groups.size() - several.size(), several.size(),
                               list);
    decisions += fmt::format("  [{}]", c.decisions->source_file);
  }
  line("Decisions", decisions);
  const std::size_t nodes = node_counts[0] + node_counts[1] + node_counts[2];
  line("Nodes", fmt::format("{} (source {}, sink {}, innode {})", nodes, node_counts[0],
                            node_counts[1], node_counts[2]));
  std::size_t arcs = 0;
  std::string by_kind;
  for (int k = 0; k < 6; ++k) {
    arcs += arc_counts[k];
    by_kind += fmt::format("{}{} {}", k ? ", " : "", ArcKindName(static_cast<ArcKind>(k)),
                           arc_counts[k]);
  }
  line("Arcs", fmt::format("{} ({})", arcs, by_kind));
  double dmin = 0.0, dmax = 0.0;
  bool any_pipe = false;
  for (const Arc& a : net.arcs) {
    if (a.kind != ArcKind::kPipe) continue;
    if (!any_pipe || a.pipe.diameter_m < dmin) dmin = a.pipe.diameter_m;
    if (!any_pipe || a.pipe.diameter_m > dmax) dmax = a.pipe.diameter_m;
    any_pipe = true;
  }
  line("Pipe length", fmt::format("{:.3f} km total", Km(total_pipe_length_m)));
  if (any_pipe) line("Pipe diameter", fmt::format("{:g} - {:g} mm", Mm(dmin), Mm(dmax)));
  line("Pressure bounds", fmt::format("{:.8g} - {:.8g} bar (node pressureMin - pressureMax)",
                                      Bar(min_pressure_bound_Pa), Bar(max_pressure_bound_Pa)));
  if (!net.nodes.empty()) {
    auto [hmin, hmax] = std::minmax_element(
        net.nodes.begin(), net.nodes.end(),
        [](const Node& a, const Node& b) { return a.height_m < b.height_m; });
    // + 0.0 turns a -0 (a file's "-0", a conversion's rounding) into 0: "-0 - 200 m" reads
    // as a range from minus zero.
    line("Heights", fmt::format("{:g} - {:g} m", hmin->height_m + 0.0, hmax->height_m + 0.0));
  }
  if (c.nomination) {
    // Mass flows: entries with their source's norm density; exits with the flow-weighted
    // mean entry density (the only one known at an exit without mixing).
    double entry_mass = 0.0, weighted_q = 0.0;
    std::size_t n_entries = 0, n_exits = 0, n_negative_exits = 0;
    bool mass_known = true;
    for (const NodeNomination& nn : c.nomination->nodes) {
      if (!nn.is_entry) {
        ++n_exits;
        if (nn.flow() < 0.0) ++n_negative_exits;
        continue;
      }
      ++n_entries;
      auto i = net.FindNode(nn.node_id);
      if (!i || !net.nodes[*i].gas || !(net.nodes[*i].gas->norm_density_kg_per_m3 > 0.0)) {
        mass_known = false;
        continue;
      }
      entry_mass += nn.flow() * net.nodes[*i].gas->norm_density_kg_per_m3;
      weighted_q += nn.flow();
    }
    const double mcmd = 1.0 / units::kMcmPerDay;
    std::string entry_text = fmt::format(
        "{} nodes, {:.6g} 1000 Nm3/h = {:.4g} mcm/d", n_entries, KNm3h(total_entry_flow_m3_per_s),
        total_entry_flow_m3_per_s * mcmd);
    if (mass_known) entry_text += fmt::format(" = {:.6g} kg/s", entry_mass);
    line("Entries", entry_text);
    std::string exit_text = fmt::format(
        "{} nodes, {:.6g} 1000 Nm3/h = {:.4g} mcm/d", n_exits, KNm3h(total_exit_flow_m3_per_s),
        total_exit_flow_m3_per_s * mcmd);
    if (mass_known && weighted_q > 0.0)
      exit_text += fmt::format(" = {:.6g} kg/s (at the mean entry norm density {:.5g} kg/m3)",
                               total_exit_flow_m3_per_s * entry_mass / weighted_q,
                               entry_mass / weighted_q);
    if (n_negative_exits > 0)
      exit_text += fmt::format("; {} exits feed in (negative flow)", n_negative_exits);
    line("Exits", exit_text);
    line("Imbalance", fmt::format("{} (entries - exits)",
                                  ImbalanceText(total_entry_flow_m3_per_s -
                                                total_exit_flow_m3_per_s)));
  }
  line("Components", fmt::format("{}", components.size()));
  const std::size_t shown = std::min<std::size_t>(components.size(), 10);
  for (std::size_t k = 0; k < shown; ++k) {
    const ComponentInfo& ci = components[k];
    // ("1 nodes, 1 arcs" read as a slip.)
    const auto count = [](std::size_t n, const char* one, const char* many) {
      return fmt::format("{} {}", n, n == 1 ? one : many);
    };
    out += fmt::format(
        "  #{:<3} {}, {}, {}, {} (contains '{}'): pressure reference {}, nomination {}\n",
        k + 1, count(ci.node_count, "node", "nodes"), count(ci.arc_count, "arc", "arcs"),
        count(ci.source_count, "source", "sources"), count(ci.sink_count, "sink", "sinks"),
        ci.example_node,
        ci.has_pressure_reference ? "yes" : "NO",
        !c.nomination ? std::string("none")
        : ci.nomination_balanced
            ? fmt::format("balanced ({})", ImbalanceText(ci.imbalance_m3_per_s))
            : fmt::format("UNBALANCED by {:.6g} 1000 Nm3/h", KNm3h(ci.imbalance_m3_per_s)));
  }
  if (components.size() > shown)
    out += fmt::format("  ... and {} more components\n", components.size() - shown);
  line("Verdict", usable ? "usable" : "not usable (see the errors above)");
  return out;
}

}  // namespace corridor
