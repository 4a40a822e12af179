// GasLib .cs (compressor stations) and .cdf (combined decisions) readers.
//
// Layout and units: ../shared/data/gaslib/SCHEMA.md §6 and §7, docs/compressor-data.md.
// Every value is converted to SI here (speeds 1/s, heads J/kg, powers W, temperatures K);
// polynomial coefficients are kept exactly as written. The reader is strict: an element it
// does not know is an error (rule unknown-element), never skipped, because a silently
// dropped drive or compressor would change what a station can do. It keeps going after
// an error so that one run lists every problem (up to the Diagnostics cap).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/units.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "core/suggest.h"
#include "io/as_read.h"
#include "io/json_cs.h"
#include "io/xml_util.h"

namespace corridor {
namespace io::cs_detail {

// The station checks shared with json_cs.cpp (declared in json_cs.h).
void CheckStationConsistency(const StationMachines& s, const StationReported& reported,
                             const std::string& file, Diagnostics* diag) {
  const std::string station = fmt::format("compressorStation '{}'", s.id);
  auto name = [&](std::string_view kind, const std::string& id) {
    return fmt::format("{} '{}' in {}", kind, id, station);
  };
  const std::set<std::string>& unsupported_compressors = reported.unsupported_compressors;
  const std::set<std::string>& unsupported_drives = reported.unsupported_drives;

  std::map<std::string, int> compressor_line;  // id -> line of its first definition
  std::map<std::string, std::string> drive_user;  // drive id -> first compressor using it
  // A drive without an id (reported by the reader) is neither checked for a duplicate nor
  // reported as unused, and references it cannot resolve are not unknown drives.
  auto unread = [](const std::vector<bool>& v, std::size_t i) { return i < v.size() && v[i]; };
  auto id_refused = [&](std::size_t i) {
    return s.drives[i].id.empty() || unread(reported.drive_ids_refused, i);
  };
  bool unnamed_drive = false;  // a drive whose id is not known at all
  std::set<std::string> drive_ids;
  for (std::size_t i = 0; i < s.drives.size(); ++i) {
    const Drive& d = s.drives[i];
    if (d.id.empty() && !unread(reported.drive_ids_refused, i)) unnamed_drive = true;
    if (!id_refused(i) && !drive_ids.insert(d.id).second)
      diag->Error(file, d.line, name("drive", d.id), "duplicate-id",
                  fmt::format("drive id '{}' is defined twice in this station", d.id));
    // fuel[kW] = e0 + e1 P + e2 P^2: a negative e0 or e1 makes the fuel negative (gas fed
    // into the network) at the powers a station runs at.
    if (d.energy_rate[0] < 0.0 || d.energy_rate[1] < 0.0) {
      diag->Error(file, d.line, name("drive", d.id), "energy-rate",
                  fmt::format("energy_rate_fun_coeff_1 = {} and _2 = {} must be >= 0: the fuel "
                              "e0 + e1 P + e2 P^2 would be negative",
                              d.energy_rate[0], d.energy_rate[1]));
    } else if (const double e0 = d.energy_rate[0], e1 = d.energy_rate[1],
               e2 = d.energy_rate[2];
               e2 < 0.0) {
      // A negative e2 bends the fuel down: it must not reach zero within the powers a drive
      // may give, up to 1 GW (GasLib's e2 are at least -3.3e-7, whose fuel falls to zero
      // near 7.9 GW; a placeholder's (0.01, 0, -1e-20) at 1000 GW). At -0.001 it fell to zero
      // at 2.5 MW, and the run drew no fuel for a station at 18 MW, unsaid.
      constexpr double kTopKw = 1e6;
      const double zero_kw = (e1 + std::sqrt(e1 * e1 - 4.0 * e2 * e0)) / (-2.0 * e2);
      if (zero_kw < kTopKw)
        diag->Error(file, d.line, name("drive", d.id), "energy-rate",
                    fmt::format("energy_rate_fun_coeff_3 = {} bends the fuel e0 + e1 P + e2 P^2 "
                                "down to zero at {:.4g} MW, within the powers a drive may give "
                                "(up to 1 GW){}",
                                e2, zero_kw / 1e3,
                                e1 > 0.0 ? fmt::format("; it peaks at {:.4g} MW",
                                                       -e1 / (2.0 * e2) / 1e3)
                                         : std::string()));
    }
  }
  NameHints drive_hints([&drive_ids](std::vector<std::string_view>* names) {
    names->assign(drive_ids.begin(), drive_ids.end());
  });
  auto check_compressor = [&](std::string_view kind, const std::string& id,
                              const std::string& drive, double speed_min, double speed_max,
                              bool speeds_unread, int line) {
    if (!compressor_line.emplace(id, line).second)
      diag->Error(file, line, name(kind, id), "duplicate-id",
                  fmt::format("compressor id '{}' is defined twice in this station (first "
                              "at line {})", id, compressor_line[id]));
    // In 1/min with at most 10 significant digits: 4000 per_min is 66.666.../s, which
    // came back as "4000.0000000000005".
    if (!speeds_unread && speed_min > speed_max)
      diag->Error(file, line, name(kind, id), "speed-range",
                  fmt::format("speedMin {:.10g} 1/min is above speedMax {:.10g} 1/min",
                              speed_min * 60.0, speed_max * 60.0));
    if (drive.empty()) return;  // a missing 'drive' attribute was reported by the reader
    if (!drive_ids.count(drive)) {
      if (!unsupported_drives.count(drive) && !reported.refused_drive_ids.count(drive) &&
          !unnamed_drive)
        diag->Error(file, line, name(kind, id), "unknown-drive",
                    fmt::format("drive '{}' is not a drive of this station{}", drive,
                                drive_hints.For(drive)));
      return;
    }
    auto [it, fresh] = drive_user.emplace(drive, id);
    if (!fresh)
      diag->Error(file, line, name(kind, id), "shared-drive",
                  fmt::format("drive '{}' already drives compressor '{}'; each drive serves "
                              "exactly one compressor", drive, it->second));
  };
  for (std::size_t i = 0; i < s.turbo.size(); ++i) {
    const TurboCompressor& c = s.turbo[i];
    check_compressor("turboCompressor", c.id, c.drive, c.speed_min_per_s, c.speed_max_per_s,
                     unread(reported.turbo_speeds, i), c.line);
  }
  for (std::size_t i = 0; i < s.piston.size(); ++i) {
    const PistonCompressor& c = s.piston[i];
    check_compressor("pistonCompressor", c.id, c.drive, c.speed_min_per_s, c.speed_max_per_s,
                     unread(reported.piston_speeds, i), c.line);
  }
  // The maps' own figures: an efficiency polynomial that gives no efficiency at the
  // measured points of its own map, and a drive that gives no power over its compressor's
  // speeds, were usable; a run then ended "infeasible" (efficiency 4.806 outside (0, 1]) or
  // kept the station in bypass unsaid.
  for (const TurboCompressor& c : s.turbo) {
    const MapPoint* worst = nullptr;
    double worst_eta = 0.5;
    for (const EfficiencyLine& l : c.characteristic_measurements)
      for (const MapPoint& m : l.points) {
        // (Not at a point of no flow, where no machine runs: GasLib-4197's compressor_1 of
        // compressorStation_8 has one, -0.27 there.)
        if (!(m.volumetric_flow_m3_per_s > 0.0) || !std::isfinite(m.speed_per_s)) continue;
        const double eta = TurboEfficiency(c, m.volumetric_flow_m3_per_s, m.speed_per_s);
        if (eta > 0.0 && eta <= 1.0) continue;
        if (worst == nullptr || !(std::abs(eta - 0.5) <= std::abs(worst_eta - 0.5))) {
          worst = &m;
          worst_eta = eta;
        }
      }
    if (worst != nullptr)
      diag->Warning(file, c.line, name("turboCompressor", c.id), "efficiency-range",
                    fmt::format("its efficiency polynomial gives {:.4g} at a measured point of "
                                "its own map ({:.6g} m3/s at {:.6g} 1/min): an efficiency lies "
                                "in (0, 1]; a run there fails or refuses the station",
                                worst_eta, worst->volumetric_flow_m3_per_s,
                                worst->speed_per_s * 60.0));
  }
  // The map's shape, as far as its lines say it robustly: speed lines and efficiencies not
  // all 0, surge and choke lines not one, and the surge line left of the choke line at half
  // the head the speedMax line gives at no flow. Swapped lines, a map of no width and speed
  // lines of zeros were usable; a run then bypassed the station ("converged") or failed
  // with a reason far from the data (an audit, helper-287). (Corners and the rise of head
  // with speed are left out: GasLib-4197's fitted speed lines go negative at no flow.)
  for (const TurboCompressor& c : s.turbo) {
    const double n_min = c.speed_min_per_s, n_max = c.speed_max_per_s;
    if (!(n_min > 0.0 && n_max >= n_min && std::isfinite(n_max))) continue;
    auto zeros = [](const auto& x) {
      return std::all_of(x.begin(), x.end(), [](double v) { return v == 0.0; });
    };
    std::string shape;
    if (zeros(c.n_isoline) || zeros(c.eta_isoline)) {
      shape = fmt::format("its {} coefficients are all 0: the map gives no {}",
                          zeros(c.n_isoline) ? "speed-line (n_isoline)"
                                             : "efficiency (eta_isoline)",
                          zeros(c.n_isoline) ? "head" : "efficiency");
    } else if (c.surgeline == c.chokeline) {
      shape = "its surge and choke lines are one: the map has no width";
    } else {
      // The flow at which a line (H = l0 + l1 Q + l2 Q^2, kJ/kg) reaches head h on its rising
      // branch, or NaN.
      auto rising = [](const std::array<double, 3>& l, double h) {
        const double a = l[2], b = l[1], k = l[0] - h;
        if (a == 0.0) return b > 0.0 ? -k / b : std::numeric_limits<double>::quiet_NaN();
        const double disc = b * b - 4.0 * a * k;
        if (disc < 0.0) return std::numeric_limits<double>::quiet_NaN();
        const double root = std::sqrt(disc);
        for (const double q : {(-b - root) / (2.0 * a), (-b + root) / (2.0 * a)})
          if (q > 0.0 && b + 2.0 * a * q > 0.0) return q;
        return std::numeric_limits<double>::quiet_NaN();
      };
      // At half the head the speedMax line reaches at no flow, inside any map: the surge
      // line lies left of the choke line.
      const double h = 0.5 * TurboHead(c, 0.0, n_max) / 1e3;
      const double qs = rising(c.surgeline, h), qc = rising(c.chokeline, h);
      if (h > 0.0 && std::isfinite(qs) && std::isfinite(qc) && qs >= qc)
        shape = fmt::format("at {:.6g} kJ/kg its surge line lies at {:.6g} m3/s, right of its "
                            "choke line's {:.6g} m3/s: the two are swapped",
                            h, qs, qc);
    }
    if (!shape.empty())
      diag->Warning(file, c.line, name("turboCompressor", c.id), "map-shape",
                    shape + "; a station with it runs nothing, or fails");
  }
  // Each compressor's drive by a lookup (a search of every drive per compressor was
  // quadratic: 48 000 of them took most of a minute, helper-292); the first of an id.
  std::unordered_map<std::string_view, const Drive*> drive_of;
  drive_of.reserve(s.drives.size());
  for (const Drive& d : s.drives) drive_of.emplace(d.id, &d);
  auto check_power = [&](const std::string& drive, double n_min, double n_max) {
    const auto found = drive_of.find(drive);
    if (found == drive_of.end() || !(n_max >= n_min) || !(n_min > 0.0)) return;
    const Drive* d = found->second;
    for (const double n : {n_min, 0.5 * (n_min + n_max), n_max}) {
      const double p = DriveMaxPower(*d, n, units::kZeroCelsius + 15.0);  // ISO ambient
      // (0 everywhere, all coefficients 0, is no curve given: no cap.)
      if (!std::isfinite(p) || p >= 0.0) continue;
      diag->Warning(file, d->line, name("drive", d->id), "drive-power",
                    fmt::format("its maximal power at {:.6g} 1/min and 15 degC is {:.4g} kW: "
                                "no drive gives that, and a station with it runs nothing",
                                n * 60.0, p / 1e3));
      return;
    }
  };
  for (const TurboCompressor& c : s.turbo)
    check_power(c.drive, c.speed_min_per_s, c.speed_max_per_s);
  for (const PistonCompressor& c : s.piston)
    check_power(c.drive, c.speed_min_per_s, c.speed_max_per_s);
  for (std::size_t i = 0; i < s.drives.size(); ++i)
    if (const Drive& d = s.drives[i]; !id_refused(i) && !drive_user.count(d.id))
      diag->Warning(file, d.line, name("drive", d.id), "unused-drive",
                    "no compressor of this station names this drive");

  std::set<std::string> config_ids;
  for (const Configuration& c : s.configurations) {
    const std::string cname = name("configuration", c.id);
    if (!config_ids.insert(c.id).second)
      diag->Error(file, c.line, cname, "duplicate-id",
                  fmt::format("configuration id '{}' is used twice in this station", c.id));
    std::set<int> stage_nrs;
    std::set<std::string> units_in_config;
    for (const ConfigurationStage& st : c.stages) {
      const int st_line = st.line ? st.line : c.line;
      if (!stage_nrs.insert(st.stage_nr).second)
        diag->Error(file, st_line, cname, "duplicate-stage",
                    fmt::format("stageNr {} occurs twice", st.stage_nr));
      if (st.units.empty())
        diag->Error(file, st_line, cname, "empty-stage",
                    fmt::format("stage {} has no compressor", st.stage_nr));
      for (const ConfigurationUnit& u : st.units) {
        const int u_line = u.line ? u.line : st_line;
        // A unit without an id: its missing or refused id was reported by the reader, and
        // there is nothing to look up or compare.
        const bool named = !u.compressor_id.empty();
        if (named && !compressor_line.count(u.compressor_id) &&
            !unsupported_compressors.count(u.compressor_id))
          diag->Error(file, u_line, cname, "unknown-compressor",
                      fmt::format("stage {} names compressor '{}', which this station does "
                                  "not have", st.stage_nr, u.compressor_id));
        if (named && !units_in_config.insert(u.compressor_id).second)
          diag->Error(file, u_line, cname, "duplicate-unit",
                      fmt::format("compressor '{}' appears twice in this configuration",
                                  u.compressor_id));
        if (!(u.nominal_speed_per_s >= 0.0))
          diag->Error(file, u_line, cname, "out-of-range",
                      fmt::format("nominalSpeed of '{}' is negative ({} 1/min)", u.compressor_id,
                                  u.nominal_speed_per_s * 60.0));
      }
    }
    if (c.stages.empty())
      diag->Error(file, c.line, cname, "empty-configuration", "configuration has no stage");
  }
}

}  // namespace io::cs_detail

namespace {

using io::ChildByLocalName;
using io::LocalName;
using io::Quantity;
using io::XmlContext;

std::string Coeff(std::string_view prefix, int k) { return fmt::format("{}{}", prefix, k); }

// Reports every element child of `n` whose local name is not in `allowed` (rule
// unknown-element) and every allowed name that occurs more than once (duplicate-element).
// `allowed` is any range of string_view (at most 64 names).
template <typename Names>
void CheckChildrenIn(const XmlContext& ctx, const pugi::xml_node& n, const std::string& element,
                     const Names& allowed) {
  unsigned char seen[64] = {};
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = LocalName(c);
    std::size_t k = 0;
    for (const std::string_view a : allowed) {
      if (a == local) break;
      ++k;
    }
    if (k == std::size(allowed)) {
      ctx.Error(c, element, "unknown-element",
                fmt::format("unexpected element <{}> inside <{}>", local, LocalName(n)));
      continue;
    }
    if (k < 64 && ++seen[k] == 2)
      ctx.Error(c, element, "duplicate-element",
                fmt::format("<{}> occurs more than once inside <{}>", local, LocalName(n)));
  }
}
void CheckChildren(const XmlContext& ctx, const pugi::xml_node& n, const std::string& element,
                   std::initializer_list<std::string_view> allowed) {
  CheckChildrenIn(ctx, n, element, allowed);
}

constexpr std::string_view kTurboChildren[] = {
    "speedMin", "speedMax",
    "n_isoline_coeff_1", "n_isoline_coeff_2", "n_isoline_coeff_3", "n_isoline_coeff_4",
    "n_isoline_coeff_5", "n_isoline_coeff_6", "n_isoline_coeff_7", "n_isoline_coeff_8",
    "n_isoline_coeff_9",
    "eta_ad_isoline_coeff_1", "eta_ad_isoline_coeff_2", "eta_ad_isoline_coeff_3",
    "eta_ad_isoline_coeff_4", "eta_ad_isoline_coeff_5", "eta_ad_isoline_coeff_6",
    "eta_ad_isoline_coeff_7", "eta_ad_isoline_coeff_8", "eta_ad_isoline_coeff_9",
    "surgeline_coeff_1", "surgeline_coeff_2", "surgeline_coeff_3",
    "chokeline_coeff_1", "chokeline_coeff_2", "chokeline_coeff_3",
    "efficiencyOfChokeline", "surgelineMeasurements", "characteristicDiagramMeasurements"};

constexpr std::string_view kDriveChildren[] = {
    "energy_rate_fun_coeff_1", "energy_rate_fun_coeff_2", "energy_rate_fun_coeff_3",
    "power_fun_coeff_1", "power_fun_coeff_2", "power_fun_coeff_3", "power_fun_coeff_4",
    "power_fun_coeff_5", "power_fun_coeff_6", "power_fun_coeff_7", "power_fun_coeff_8",
    "power_fun_coeff_9",
    "specificEnergyConsumptionMeasurements", "maximalPowerMeasurements"};

// Reports every attribute of `n` not in `allowed` (rule unknown-attribute). Namespace
// declarations and xsi: attributes are accepted anywhere.
void CheckAttributes(const XmlContext& ctx, const pugi::xml_node& n, const std::string& element,
                     std::initializer_list<std::string_view> allowed) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view an = a.name();
    if (an.substr(0, 5) == "xmlns" || an.substr(0, 4) == "xsi:") continue;
    if (std::find(allowed.begin(), allowed.end(), an) != allowed.end()) continue;
    if (ctx.RepeatCopy(a)) continue;  // given twice: its first copy is reported, once
    ctx.Error(n, element, "unknown-attribute",
              fmt::format("unexpected attribute '{}' on <{}>", an, LocalName(n)));
  }
}

// Required attribute; reports missing-attribute and returns "" when it is absent or empty
// (an empty id, number or flag is never valid in these files). An attribute given twice
// (ParseXml's duplicate-attribute) is not judged: its first copy is returned, to name the
// element (an id, a drive); a number is read with NumberAttr.
std::string Attr(const XmlContext& ctx, const pugi::xml_node& n, const char* attr,
                 const std::string& element, bool id = true) {
  pugi::xml_attribute a = n.attribute(attr);
  if (ctx.Repeated(a)) return a.value();
  if (!a || !*a.value()) {
    // (An id given empty is empty-id, as every reader says it.)
    ctx.Error(n, element, a && id ? "empty-id" : "missing-attribute",
              fmt::format("<{}> has {} '{}' attribute", LocalName(n), a ? "an empty" : "no",
                          attr));
    return {};
  }
  return a.value();
}

// An id or a reference to one (as read by Attr: a station's, compressor's, drive's,
// configuration's or decision element's id, a compressor's drive) with white space at an
// end: one bad-id, and the id trimmed, as the .net and .scn readers do (io::IdWhiteSpace); a
// station " CS01" read as an unknown station, then "foreign-stations: written for another
// network", a drive=" d1" as an unknown drive.
std::string TrimmedId(const XmlContext& ctx, const pugi::xml_node& n, const std::string& element,
                      const std::string& id, const char* name = "id") {
  const std::string where = io::IdWhiteSpace(id);
  if (where.empty()) return id;
  ctx.Error(n, element, "bad-id", io::IdWhiteSpaceMessage(name, id, where));
  return std::string(io::TrimIdSpace(id));
}

// A required attribute that holds a number (nrOfSerialStages, a .cdf value): as Attr, but
// one given twice gives "" without a word, so that neither copy is judged.
std::string NumberAttr(const XmlContext& ctx, const pugi::xml_node& n, const char* attr,
                       const std::string& element) {
  if (ctx.Repeated(n.attribute(attr))) return {};
  return Attr(ctx, n, attr, element, false);
}

bool ReadCoefficients(const XmlContext& ctx, const pugi::xml_node& n, std::string_view prefix,
                      int count, const std::string& element, double* out) {
  bool ok = true;
  for (int k = 1; k <= count; ++k)
    ok &= io::ReadValue(ctx, n, Coeff(prefix, k), Quantity::kDimensionless, element, true,
                        &out[k - 1]);
  return ok;
}

// Reads an optional dimensionless <tag value=".."/>; *present tells whether it was there.
bool ReadOptionalValue(const XmlContext& ctx, const pugi::xml_node& n, std::string_view tag,
                       Quantity q, const std::string& element, bool* present, double* out) {
  *present = static_cast<bool>(ChildByLocalName(n, tag));
  if (!*present) return true;
  return io::ReadValue(ctx, n, tag, q, element, true, out);
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// False, after reporting it (rule out-of-range), when v is outside the range.
bool CheckRange(const XmlContext& ctx, const pugi::xml_node& n, const std::string& element,
                std::string_view what, double v, double lo, double hi, bool lo_open) {
  const bool bad = lo_open ? !(v > lo && v <= hi) : !(v >= lo && v <= hi);
  if (!bad) return true;
  if (std::isinf(hi))
    ctx.Error(n, element, "out-of-range",
              fmt::format("{} = {} must be {} {}", what, v, lo_open ? ">" : ">=", lo));
  else
    ctx.Error(n, element, "out-of-range",
              fmt::format("{} = {} is outside {}{}, {}]", what, v, lo_open ? "(" : "[", lo, hi));
  return false;
}

// <measurement><speed/><adiabaticHead/><volumetricFlowrate/></measurement>
bool ReadMapPoint(const XmlContext& ctx, const pugi::xml_node& m, const std::string& element,
                  MapPoint* p) {
  CheckChildren(ctx, m, element, {"speed", "adiabaticHead", "volumetricFlowrate"});
  bool ok = io::ReadValue(ctx, m, "speed", Quantity::kSpeed, element, true, &p->speed_per_s);
  ok &= io::ReadValue(ctx, m, "adiabaticHead", Quantity::kHead, element, true, &p->head_J_per_kg);
  ok &= io::ReadValue(ctx, m, "volumetricFlowrate", Quantity::kFlowRate, element, true,
                      &p->volumetric_flow_m3_per_s);
  return ok;
}

// Children of a container that must all be <measurement>.
template <typename F>
void ForEachMeasurement(const XmlContext& ctx, const pugi::xml_node& container,
                        const std::string& element, F&& f) {
  for (pugi::xml_node m = container.first_child(); m; m = m.next_sibling()) {
    if (m.type() != pugi::node_element) continue;
    if (LocalName(m) != "measurement") {
      ctx.Error(m, element, "unknown-element",
                fmt::format("unexpected element <{}> inside <{}> (expected <measurement>)",
                            LocalName(m), LocalName(container)));
      continue;
    }
    f(m);
  }
}

class CsReader {
 public:
  explicit CsReader(const XmlContext& ctx) : ctx_(ctx) {}

  // With `re` (LoadCaseAsRead), the stations with an error are noted there.
  void ReadFile(const pugi::xml_node& root, CompressorStationData* out, ReadErrors* re) {
    std::map<std::string, int> station_line;
    for (pugi::xml_node st = root.first_child(); st; st = st.next_sibling()) {
      if (st.type() != pugi::node_element) continue;
      if (LocalName(st) != "compressorStation") {
        ctx_.Error(st, "", "unknown-element",
                   fmt::format("unexpected element <{}> inside <compressorStations>",
                               LocalName(st)));
        if (re != nullptr) re->stations_incomplete = true;
        continue;
      }
      const std::size_t before = ctx_.diag->error_count();
      StationMachines s;
      ReadStation(st, &s);
      auto [it, fresh] = station_line.emplace(s.id, s.line);
      if (!fresh)
        ctx_.Error(st, fmt::format("compressorStation '{}'", s.id), "duplicate-id",
                   fmt::format("station id '{}' is defined twice (first at line {})", s.id,
                               it->second));
      if (re != nullptr && ctx_.diag->error_count() > before) {
        re->stations.push_back(out->stations.size());
        if (s.id.empty()) re->stations_incomplete = true;
      }
      out->stations.push_back(std::move(s));
    }
  }

 private:
  void ReadStation(const pugi::xml_node& n, StationMachines* s) {
    s->line = ctx_.Line(n);
    s->id = Attr(ctx_, n, "id", "compressorStation");
    const std::string element = fmt::format("compressorStation '{}'", s->id);
    s->id = TrimmedId(ctx_, n, element, s->id);
    CheckAttributes(ctx_, n, element, {"id"});
    CheckChildren(ctx_, n, element, {"compressors", "drives", "configurations"});
    reported_ = {};

    pugi::xml_node comps = ChildByLocalName(n, "compressors");
    pugi::xml_node drives = ChildByLocalName(n, "drives");
    pugi::xml_node configs = ChildByLocalName(n, "configurations");
    for (auto [node, tag] : {std::pair{comps, "compressors"}, std::pair{drives, "drives"},
                             std::pair{configs, "configurations"}})
      if (!node)
        ctx_.Error(n, element, "missing-element", fmt::format("required child <{}> is missing",
                                                              tag));

    for (pugi::xml_node c = comps.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view kind = LocalName(c);
      if (kind == "turboCompressor") {
        s->turbo.emplace_back();
        reported_.turbo_speeds.push_back(!ReadTurbo(c, s->id, &s->turbo.back()));
      } else if (kind == "pistonCompressor") {
        s->piston.emplace_back();
        reported_.piston_speeds.push_back(!ReadPiston(c, s->id, &s->piston.back()));
      } else {
        const char* id = c.attribute("id").value();
        reported_.unsupported_compressors.insert(id);
        ctx_.Error(c, fmt::format("compressor '{}' in {}", id, element), "unknown-element",
                   fmt::format("compressor kind <{}> is not supported (expected <turboCompressor> "
                               "or <pistonCompressor>)", kind));
      }
    }
    for (pugi::xml_node d = drives.first_child(); d; d = d.next_sibling()) {
      if (d.type() != pugi::node_element) continue;
      const std::string_view kind = LocalName(d);
      if (kind == "gasTurbine" || kind == "gasDrivenMotor") {
        s->drives.emplace_back();
        ReadDrive(d, s->id, &s->drives.back());
        // An id given twice was reported by ParseXml; no copy is taken as the drive's id.
        const bool refused = ctx_.Repeated(d.attribute("id"));
        reported_.drive_ids_refused.push_back(refused);
        if (refused)
          for (pugi::xml_attribute a = d.first_attribute(); a; a = a.next_attribute())
            if (std::string_view(a.name()) == "id" && *a.value())
              reported_.refused_drive_ids.insert(a.value());
      } else {
        const char* id = d.attribute("id").value();
        reported_.unsupported_drives.insert(id);
        ctx_.Error(d, fmt::format("drive '{}' in {}", id, element), "unknown-element",
                   fmt::format("drive kind <{}> is not supported (expected <gasTurbine> or "
                               "<gasDrivenMotor>; the layout of other GasLib drive kinds cannot "
                               "be confirmed from the GasLib instances)", kind));
      }
    }
    for (pugi::xml_node c = configs.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (LocalName(c) != "configuration") {
        ctx_.Error(c, element, "unknown-element",
                   fmt::format("unexpected element <{}> inside <configurations>", LocalName(c)));
        continue;
      }
      s->configurations.emplace_back();
      ReadConfiguration(c, s->id, &s->configurations.back());
    }
    io::cs_detail::CheckStationConsistency(*s, reported_, ctx_.file, ctx_.diag);
  }

  // ReadTurbo and ReadPiston return whether both speeds were read and accepted.
  bool ReadTurbo(const pugi::xml_node& n, const std::string& station, TurboCompressor* c) {
    c->line = ctx_.Line(n);
    c->id = Attr(ctx_, n, "id", fmt::format("turboCompressor in compressorStation '{}'", station));
    const std::string element =
        fmt::format("turboCompressor '{}' in compressorStation '{}'", c->id, station);
    c->id = TrimmedId(ctx_, n, element, c->id);
    c->drive = TrimmedId(ctx_, n, element, Attr(ctx_, n, "drive", element), "drive");
    CheckAttributes(ctx_, n, element, {"id", "drive"});
    CheckChildrenIn(ctx_, n, element, kTurboChildren);

    const bool speeds = ReadSpeeds(n, element, &c->speed_min_per_s, &c->speed_max_per_s);
    ReadCoefficients(ctx_, n, "n_isoline_coeff_", 9, element, c->n_isoline.data());
    ReadCoefficients(ctx_, n, "eta_ad_isoline_coeff_", 9, element, c->eta_isoline.data());
    ReadCoefficients(ctx_, n, "surgeline_coeff_", 3, element, c->surgeline.data());
    ReadCoefficients(ctx_, n, "chokeline_coeff_", 3, element, c->chokeline.data());
    bool present = false;
    double eta = 0.0;
    if (ReadOptionalValue(ctx_, n, "efficiencyOfChokeline", Quantity::kDimensionless, element,
                          &present, &eta) && present) {
      CheckRange(ctx_, ChildByLocalName(n, "efficiencyOfChokeline"), element,
                 "efficiencyOfChokeline", eta, 0.0, 1.0, true);
      c->efficiency_of_chokeline = eta;
    }

    if (pugi::xml_node sm = ChildByLocalName(n, "surgelineMeasurements")) {
      ForEachMeasurement(ctx_, sm, element, [&](const pugi::xml_node& m) {
        MapPoint p;
        if (ReadMapPoint(ctx_, m, element, &p)) c->surgeline_measurements.push_back(p);
      });
    }
    if (pugi::xml_node cd = ChildByLocalName(n, "characteristicDiagramMeasurements")) {
      for (pugi::xml_node e = cd.first_child(); e; e = e.next_sibling()) {
        if (e.type() != pugi::node_element) continue;
        if (LocalName(e) != "adiabaticEfficiency") {
          ctx_.Error(e, element, "unknown-element",
                     fmt::format("unexpected element <{}> inside <characteristicDiagramMeasurements> "
                                 "(expected <adiabaticEfficiency>)", LocalName(e)));
          continue;
        }
        EfficiencyLine line;
        const std::string v = NumberAttr(ctx_, e, "value", element);
        if (!v.empty()) {
          if (!io::ParseFiniteDouble(v, &line.efficiency))
            ctx_.Error(e, element, io::NumberRule(v),
                       fmt::format("<adiabaticEfficiency> value '{}' {}", v,
                                   io::NotFiniteDoubleWhy(v)));
          else
            CheckRange(ctx_, e, element, "adiabaticEfficiency", line.efficiency, 0.0, 1.0, true);
        }
        ForEachMeasurement(ctx_, e, element, [&](const pugi::xml_node& m) {
          MapPoint p;
          if (ReadMapPoint(ctx_, m, element, &p)) line.points.push_back(p);
        });
        c->characteristic_measurements.push_back(std::move(line));
      }
    }
    return speeds;
  }

  bool ReadPiston(const pugi::xml_node& n, const std::string& station, PistonCompressor* c) {
    c->line = ctx_.Line(n);
    c->id =
        Attr(ctx_, n, "id", fmt::format("pistonCompressor in compressorStation '{}'", station));
    const std::string element =
        fmt::format("pistonCompressor '{}' in compressorStation '{}'", c->id, station);
    c->id = TrimmedId(ctx_, n, element, c->id);
    c->drive = TrimmedId(ctx_, n, element, Attr(ctx_, n, "drive", element), "drive");
    CheckAttributes(ctx_, n, element, {"id", "drive"});
    CheckChildren(ctx_, n, element,
                  {"speedMin", "speedMax", "operatingVolume", "maximalTorque",
                   "maximalCompressionRatio", "adiabaticEfficiency",
                   "additionalReductionVolFlow"});
    const bool speeds = ReadSpeeds(n, element, &c->speed_min_per_s, &c->speed_max_per_s);
    if (io::ReadValue(ctx_, n, "operatingVolume", Quantity::kVolume, element, true,
                      &c->operating_volume_m3))
      CheckRange(ctx_, ChildByLocalName(n, "operatingVolume"), element, "operatingVolume [m^3]",
                 c->operating_volume_m3, 0.0, kInf, true);
    if (io::ReadValue(ctx_, n, "maximalTorque", Quantity::kTorque, element, true,
                      &c->maximal_torque_N_m))
      CheckRange(ctx_, ChildByLocalName(n, "maximalTorque"), element, "maximalTorque [N m]",
                 c->maximal_torque_N_m, 0.0, kInf, false);
    if (io::ReadValue(ctx_, n, "maximalCompressionRatio", Quantity::kDimensionless, element,
                      true, &c->maximal_compression_ratio))
      CheckRange(ctx_, ChildByLocalName(n, "maximalCompressionRatio"), element,
                 "maximalCompressionRatio", c->maximal_compression_ratio, 1.0, kInf, false);
    if (io::ReadValue(ctx_, n, "adiabaticEfficiency", Quantity::kDimensionless, element, true,
                      &c->adiabatic_efficiency))
      CheckRange(ctx_, ChildByLocalName(n, "adiabaticEfficiency"), element,
                 "adiabaticEfficiency", c->adiabatic_efficiency, 0.0, 1.0, true);
    if (io::ReadValue(ctx_, n, "additionalReductionVolFlow", Quantity::kDimensionless, element,
                      true, &c->additional_reduction_vol_flow))
      CheckRange(ctx_, ChildByLocalName(n, "additionalReductionVolFlow"), element,
                 "additionalReductionVolFlow", c->additional_reduction_vol_flow, 0.0, 1.0, false);
    return speeds;
  }

  // True when both speeds were read and accepted; otherwise the one missing or refused was
  // reported, and the pair is not compared (speed-range) with a value the file lacks.
  bool ReadSpeeds(const pugi::xml_node& n, const std::string& element, double* lo, double* hi) {
    // Checked in the file's unit (1/min) so that the message shows the number as written.
    const bool lo_ok =
        io::ReadValue(ctx_, n, "speedMin", Quantity::kSpeed, element, true, lo) &&
        CheckRange(ctx_, ChildByLocalName(n, "speedMin"), element, "speedMin [1/min]",
                   *lo * 60.0, 0.0, kInf, false);
    const bool hi_ok =
        io::ReadValue(ctx_, n, "speedMax", Quantity::kSpeed, element, true, hi) &&
        // (> 0: a speedMax of 0 beside a speedMin of 0 passed, and the model then took no
        // speed limit at all.)
        CheckRange(ctx_, ChildByLocalName(n, "speedMax"), element, "speedMax [1/min]",
                   *hi * 60.0, 0.0, kInf, true);
    return lo_ok && hi_ok;
  }

  void ReadDrive(const pugi::xml_node& n, const std::string& station, Drive* d) {
    d->line = ctx_.Line(n);
    const std::string_view kind = LocalName(n);
    d->kind = kind == "gasTurbine" ? DriveKind::kGasTurbine : DriveKind::kGasDrivenMotor;
    d->id = Attr(ctx_, n, "id", fmt::format("{} in compressorStation '{}'", kind, station));
    const std::string element =
        fmt::format("{} '{}' in compressorStation '{}'", kind, d->id, station);
    d->id = TrimmedId(ctx_, n, element, d->id);
    CheckAttributes(ctx_, n, element, {"id"});
    CheckChildrenIn(ctx_, n, element, kDriveChildren);

    ReadCoefficients(ctx_, n, "energy_rate_fun_coeff_", 3, element, d->energy_rate.data());
    // Gas turbines have 9 power coefficients (ambient temperature and speed); gas-driven
    // motors 3 (speed only), unless the file gives more than 3, in which case all 9 are
    // required and the turbine form applies.
    bool has_upper = false;
    for (int k = 4; k <= 9 && !has_upper; ++k)
      has_upper = static_cast<bool>(ChildByLocalName(n, Coeff("power_fun_coeff_", k)));
    const int count = (d->kind == DriveKind::kGasTurbine || has_upper) ? 9 : 3;
    d->power_fun.assign(count, 0.0);
    ReadCoefficients(ctx_, n, "power_fun_coeff_", count, element, d->power_fun.data());

    if (pugi::xml_node fm = ChildByLocalName(n, "specificEnergyConsumptionMeasurements")) {
      ForEachMeasurement(ctx_, fm, element, [&](const pugi::xml_node& m) {
        CheckChildren(ctx_, m, element, {"compressorPower", "fuelConsumption"});
        FuelPoint p;
        bool ok = io::ReadValue(ctx_, m, "compressorPower", Quantity::kPower, element, true,
                                &p.compressor_power_W);
        ok &= io::ReadValue(ctx_, m, "fuelConsumption", Quantity::kPower, element, true,
                            &p.fuel_consumption_W);
        if (ok) d->fuel_measurements.push_back(p);
      });
    }
    if (pugi::xml_node pm = ChildByLocalName(n, "maximalPowerMeasurements")) {
      // Either <ambientTemperature value unit> levels holding measurements (gas turbines)
      // or measurements directly (gas-driven motors: one level with temperature NaN).
      auto read_point = [&](const pugi::xml_node& m, AmbientMaxPower* level) {
        CheckChildren(ctx_, m, element, {"speed", "maximalPower"});
        MaxPowerPoint p;
        bool ok = io::ReadValue(ctx_, m, "speed", Quantity::kSpeed, element, true, &p.speed_per_s);
        ok &= io::ReadValue(ctx_, m, "maximalPower", Quantity::kPower, element, true,
                            &p.maximal_power_W);
        if (ok) level->points.push_back(p);
      };
      std::size_t no_temperature = d->max_power_measurements.size();  // index once created
      bool have_no_temperature = false;
      for (pugi::xml_node c = pm.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view local = LocalName(c);
        if (local == "measurement") {
          if (!have_no_temperature) {
            have_no_temperature = true;
            no_temperature = d->max_power_measurements.size();
            d->max_power_measurements.push_back(
                {std::numeric_limits<double>::quiet_NaN(), {}});
          }
          read_point(c, &d->max_power_measurements[no_temperature]);
        } else if (local == "ambientTemperature") {
          AmbientMaxPower level;
          double t = 0.0;
          const std::string v = NumberAttr(ctx_, c, "value", element);
          std::string expected;
          if (!v.empty() && !io::ParseFiniteDouble(v, &t)) {
            ctx_.Error(c, element, io::NumberRule(v),
                       fmt::format("<ambientTemperature> value '{}' {}", v,
                                   io::NotFiniteDoubleWhy(v)));
          } else if (!v.empty()) {
            pugi::xml_attribute ua = c.attribute("unit");
            if (!ctx_.Repeated(ua) &&
                !io::ToSI(Quantity::kTemperature, ua ? ua.value() : "", t,
                          &level.ambient_temperature_K, &expected))
              ctx_.Error(c, element, "unknown-unit",
                         fmt::format("<ambientTemperature> unit '{}' is not accepted here "
                                     "(expected {})", ua ? ua.value() : "", expected));
            else if (!(level.ambient_temperature_K > 0.0))  // was kept, and written back
              ctx_.Error(c, element, "out-of-range",
                         fmt::format("<ambientTemperature> {} {} is not above absolute zero", v,
                                     ua ? ua.value() : ""));
          }
          ForEachMeasurement(ctx_, c, element,
                             [&](const pugi::xml_node& m) { read_point(m, &level); });
          d->max_power_measurements.push_back(std::move(level));
        } else {
          ctx_.Error(c, element, "unknown-element",
                     fmt::format("unexpected element <{}> inside <maximalPowerMeasurements>",
                                 local));
        }
      }
    }
  }

  void ReadConfiguration(const pugi::xml_node& n, const std::string& station, Configuration* c) {
    c->line = ctx_.Line(n);
    c->id = Attr(ctx_, n, "confId",
                 fmt::format("configuration in compressorStation '{}'", station));
    const std::string element =
        fmt::format("configuration '{}' in compressorStation '{}'", c->id, station);
    c->id = TrimmedId(ctx_, n, element, c->id, "confId");
    CheckAttributes(ctx_, n, element, {"confId", "nrOfSerialStages"});
    // (Whether a count was read is its own flag: with -1 for "not given", every negative
    // count, nrOfSerialStages="-5", passed unchecked.)
    int declared_stages = 0;
    const std::string ns = NumberAttr(ctx_, n, "nrOfSerialStages", element);
    const bool stages_read = !ns.empty() && io::ParseInt(ns, &declared_stages);
    if (!ns.empty() && !stages_read)
      ctx_.Error(n, element, "not-an-integer",
                 fmt::format("nrOfSerialStages '{}' is not an integer", ns));
    for (pugi::xml_node st = n.first_child(); st; st = st.next_sibling()) {
      if (st.type() != pugi::node_element) continue;
      if (LocalName(st) != "stage") {
        ctx_.Error(st, element, "unknown-element",
                   fmt::format("unexpected element <{}> inside <configuration>", LocalName(st)));
        continue;
      }
      ConfigurationStage stage;
      stage.line = ctx_.Line(st);
      CheckAttributes(ctx_, st, element, {"stageNr", "nrOfParallelUnits"});
      const std::string nr = NumberAttr(ctx_, st, "stageNr", element);
      const bool nr_read = !nr.empty() && io::ParseInt(nr, &stage.stage_nr);
      if (!nr.empty() && !nr_read)
        ctx_.Error(st, element, "not-an-integer",
                   fmt::format("stageNr '{}' is not an integer", nr));
      // GasLib numbers a configuration's stages 1, 2, ... in the order written (every stage
      // of its instances): another number is a slip the order written overrides, said
      // (stageNr="7" in a one-stage configuration passed unsaid).
      const int place = static_cast<int>(c->stages.size()) + 1;
      if (nr_read && stage.stage_nr != place)
        ctx_.Warning(st, element, "stage-number",
                     fmt::format("stageNr {} on the configuration's stage {}: GasLib numbers "
                                 "the stages 1, 2, ... in the order written, which is the "
                                 "order taken",
                                 stage.stage_nr, place));
      int declared_units = 0;
      const std::string nu = NumberAttr(ctx_, st, "nrOfParallelUnits", element);
      const bool units_read = !nu.empty() && io::ParseInt(nu, &declared_units);
      if (!nu.empty() && !units_read)
        ctx_.Error(st, element, "not-an-integer",
                   fmt::format("nrOfParallelUnits '{}' is not an integer", nu));
      for (pugi::xml_node u = st.first_child(); u; u = u.next_sibling()) {
        if (u.type() != pugi::node_element) continue;
        if (LocalName(u) != "compressor") {
          ctx_.Error(u, element, "unknown-element",
                     fmt::format("unexpected element <{}> inside <stage>", LocalName(u)));
          continue;
        }
        ConfigurationUnit unit;
        unit.line = ctx_.Line(u);
        CheckAttributes(ctx_, u, element, {"id", "nominalSpeed"});
        unit.compressor_id = TrimmedId(ctx_, u, element, Attr(ctx_, u, "id", element));
        const std::string sp = NumberAttr(ctx_, u, "nominalSpeed", element);
        double rpm = 0.0;
        if (!sp.empty()) {
          if (!io::ParseFiniteDouble(sp, &rpm))
            ctx_.Error(u, element, io::NumberRule(sp),
                       fmt::format("nominalSpeed '{}' of compressor '{}' {}", sp,
                                   unit.compressor_id, io::NotFiniteDoubleWhy(sp)));
          else  // GasLib writes nominalSpeed without a unit; it is 1/min like speedMin/Max.
            io::ToSI(Quantity::kSpeed, "per_min", rpm, &unit.nominal_speed_per_s, nullptr);
        }
        stage.units.push_back(std::move(unit));
      }
      // (Named by its place where its stageNr was not read: "stage 0" was none of the file.)
      if (units_read && declared_units != static_cast<int>(stage.units.size()))
        ctx_.Error(st, element, "unit-count",
                   fmt::format("stage {} declares nrOfParallelUnits={} but lists {} "
                               "compressor{}",
                               nr_read ? stage.stage_nr : place, declared_units,
                               stage.units.size(), stage.units.size() == 1 ? "" : "s"));
      c->stages.push_back(std::move(stage));
    }
    if (stages_read && declared_stages != static_cast<int>(c->stages.size()))
      ctx_.Error(n, element, "stage-count",
                 fmt::format("nrOfSerialStages={} but {} <stage> elements are listed",
                             declared_stages, c->stages.size()));
  }

  const XmlContext& ctx_;
  io::cs_detail::StationReported reported_;  // of the station being read
};

// ---- .cdf ----

}  // namespace

const char* DecidedState(const DecisionElement& e) {
  if (e.value == 0) return "closed";
  if (e.kind == DecisionElement::Kind::kValve) return "open";
  if (e.kind == DecisionElement::Kind::kControlValve && e.mode && *e.mode == "bypass")
    return "bypass";
  return "run";
}

namespace {

// With `re` (LoadCaseAsRead), the decision elements with an error are noted there.
void ReadDecisions(const XmlContext& ctx, const pugi::xml_node& root, CombinedDecisions* out,
                   ReadErrors* re) {
  std::size_t element_nr = 0;  // across every group and decision (ReadErrors)
  std::map<std::string, int> group_line, decision_line;
  std::map<std::string, std::string> element_group;  // arc id -> first group setting it
  // What the groups of one decision set (that decision always holds), by arc id: two such
  // groups that set an element two ways contradict each other whatever is chosen.
  struct Fixed {
    std::string group, decision, state;
    std::optional<int> direction;
    int line = 0;
    DecisionElement::Kind kind = DecisionElement::Kind::kValve;
  };
  std::map<std::string, Fixed> fixed;
  for (pugi::xml_node g = root.first_child(); g; g = g.next_sibling()) {
    if (g.type() != pugi::node_element) continue;
    if (LocalName(g) != "decisionGroup") {
      ctx.Error(g, "", "unknown-element",
                fmt::format("unexpected element <{}> inside <combinedDecisions>", LocalName(g)));
      continue;
    }
    DecisionGroup group;
    group.line = ctx.Line(g);
    group.id = Attr(ctx, g, "id", "decisionGroup");
    const std::string gname = fmt::format("decisionGroup '{}'", group.id);
    CheckAttributes(ctx, g, gname, {"id"});
    if (auto [it, fresh] = group_line.emplace(group.id, group.line); !fresh)
      ctx.Error(g, gname, "duplicate-id",
                fmt::format("group id '{}' is used twice (first at line {})", group.id,
                            it->second));
    std::vector<bool> named;  // [i]: every element of decision i named (all_named below)
    std::vector<char> first_read;  // [j]: decision 0's element j read without an error
    for (pugi::xml_node d = g.first_child(); d; d = d.next_sibling()) {
      if (d.type() != pugi::node_element) continue;
      if (LocalName(d) != "decision") {
        ctx.Error(d, gname, "unknown-element",
                  fmt::format("unexpected element <{}> inside <decisionGroup>", LocalName(d)));
        continue;
      }
      Decision decision;
      decision.line = ctx.Line(d);
      decision.id = Attr(ctx, d, "id", fmt::format("decision in {}", gname));
      const std::string dname = fmt::format("decision '{}' of {}", decision.id, gname);
      CheckAttributes(ctx, d, dname, {"id"});
      if (auto [it, fresh] = decision_line.emplace(decision.id, decision.line); !fresh)
        ctx.Error(d, dname, "duplicate-id",
                  fmt::format("decision id '{}' is used twice (first at line {})", decision.id,
                              it->second));
      std::set<std::string> arcs;
      bool all_named = true;  // every element's kind and id read (its set of arcs is known)
      for (pugi::xml_node e = d.first_child(); e; e = e.next_sibling()) {
        if (e.type() != pugi::node_element) continue;
        const std::string_view kind = LocalName(e);
        const std::size_t before = ctx.diag->error_count();
        DecisionElement el;
        el.line = ctx.Line(e);
        if (kind == "valve") el.kind = DecisionElement::Kind::kValve;
        else if (kind == "controlValve") el.kind = DecisionElement::Kind::kControlValve;
        else if (kind == "compressorStation") el.kind = DecisionElement::Kind::kCompressorStation;
        else {
          ctx.Error(e, dname, "unknown-element",
                    fmt::format("element kind <{}> is not one of valve, controlValve, "
                                "compressorStation", kind));
          all_named = false;
          continue;
        }
        el.arc_id = Attr(ctx, e, "id", fmt::format("{} in {}", kind, dname));
        all_named &= !el.arc_id.empty();
        const std::string ename = fmt::format("{} '{}' in {}", kind, el.arc_id, dname);
        el.arc_id = TrimmedId(ctx, e, ename, el.arc_id);
        CheckAttributes(ctx, e, ename, {"id", "value", "flowDirection", "mode"});
        if (!el.arc_id.empty() && !arcs.insert(el.arc_id).second)
          ctx.Error(e, ename, "duplicate-element",
                    fmt::format("'{}' is set twice in this decision", el.arc_id));
        const std::string v = NumberAttr(ctx, e, "value", ename);
        bool value_read = false;  // a 0 or 1 read (not a missing, repeated or bad value)
        if (!v.empty()) {
          if (!io::ParseInt(v, &el.value) || (el.value != 0 && el.value != 1))
            ctx.Error(e, ename, "bad-value",
                      fmt::format("value '{}' must be 0 (closed / off) or 1 (open / running)", v));
          else
            value_read = true;
        }
        // flowDirection or mode given twice: ParseXml's error, neither copy is judged.
        if (pugi::xml_attribute fd = e.attribute("flowDirection"); fd && !ctx.Repeated(fd)) {
          int dir = -1;
          if (!io::ParseInt(fd.value(), &dir) || (dir != 0 && dir != 1))
            ctx.Error(e, ename, "bad-flow-direction",
                      fmt::format("flowDirection '{}' must be 0 (from -> to) or 1 (to -> from)",
                                  fd.value()));
          else
            el.flow_direction = dir;
        }
        if (pugi::xml_attribute md = e.attribute("mode"); md && !ctx.Repeated(md)) {
          const std::string_view mode = md.value();
          if (el.kind != DecisionElement::Kind::kControlValve)
            ctx.Error(e, ename, "unexpected-attribute",
                      fmt::format("'mode' is only defined for control valves, not <{}>", kind));
          else if (mode != "active" && mode != "bypass")
            ctx.Error(e, ename, "bad-mode",
                      fmt::format("mode '{}' must be 'active' or 'bypass'", mode));
          else
            el.mode = std::string(mode);
        }
        // SCHEMA.md §7: flowDirection and mode go with value 1 only; on a closed element they
        // say nothing, and a direction there would otherwise be dropped in silence.
        if (value_read && el.value == 0 && (el.flow_direction || el.mode))
          ctx.Warning(e, ename, "ignored-attribute",
                      fmt::format("{} on an element that the decision closes (value 0) is "
                                  "ignored: a closed element carries no flow",
                                  el.flow_direction && el.mode ? "flowDirection and mode"
                                  : el.flow_direction          ? "flowDirection"
                                                               : "mode"));
        if (re != nullptr && ctx.diag->error_count() > before)
          re->decision_elements.push_back(element_nr);
        if (group.decisions.empty()) first_read.push_back(ctx.diag->error_count() == before);
        ++element_nr;
        decision.elements.push_back(std::move(el));
      }
      group.decisions.push_back(std::move(decision));
      named.push_back(all_named);
    }
    // SCHEMA.md §7: every decision of a group sets the same elements, and no element is
    // set by two groups (both hold in every GasLib file). Otherwise "exactly one decision
    // of the group holds" leaves some element undefined: a warning, not an error.
    // A decision with an element whose kind or id was not read (an error already) sets
    // elements no id names: it is not compared, nor taken as the group's reference (a
    // <valve> without id in the first decision made every other decision "differ").
    // A group of no decision: "exactly one holds" cannot hold; it sets nothing.
    if (group.decisions.empty())
      ctx.Warning(g, gname, "empty-group",
                  "holds no decision, so none of it can hold; it sets no element");
    std::set<std::string> first_set, warned;
    const Decision* first = nullptr;
    for (std::size_t i = 0; i < group.decisions.size(); ++i) {
      if (!named[i]) continue;
      const Decision& d = group.decisions[i];
      std::set<std::string> ids;
      for (const DecisionElement& e : d.elements) ids.insert(e.arc_id);
      // Every decision's elements, not the first's alone: an element only a later decision
      // sets went unsaid here, and simulate --decisions then refused the pair.
      for (const std::string& id : ids)
        if (auto [it, fresh] = element_group.emplace(id, group.id);
            !fresh && it->second != group.id && warned.insert(id).second)
          ctx.Warning(g, gname, "element-in-two-groups",
                      fmt::format("'{}' is also set by decisionGroup '{}'", id, it->second));
      if (first == nullptr) {
        first = &d;
        first_set = ids;
      } else if (ids != first_set) {
        ctx.diag->Warning(ctx.file, d.line,
                           fmt::format("decision '{}' of {}", d.id, gname), "group-elements-differ",
                           fmt::format("sets {} elements, not the same set as decision '{}' "
                                       "({} elements)", ids.size(), first->id,
                                       first_set.size()));
      }
    }
    // A group of one decision: that decision holds, and so does every other such group's.
    // simulate --decisions refused two of them setting one element two ways (a hand-made
    // .cdf), where check had called the file usable. An element read with an error (its
    // value or mode not known) is not compared, nor one given as two kinds (the network
    // check says which kind it is: wrong-arc-kind).
    if (group.decisions.size() == 1 && named[0]) {
      const Decision& d = group.decisions[0];
      for (std::size_t j = 0; j < d.elements.size(); ++j) {
        const DecisionElement& e = d.elements[j];
        if (j >= first_read.size() || !first_read[j]) continue;
        const std::optional<int> dir = e.value == 1 ? e.flow_direction : std::nullopt;
        const auto [it, fresh] =
            fixed.emplace(e.arc_id, Fixed{group.id, d.id, DecidedState(e), dir, e.line, e.kind});
        Fixed& was = it->second;
        if (fresh || was.group == group.id || was.kind != e.kind) continue;
        const bool two_ways = was.state != DecidedState(e) ||
                              (was.direction && dir && *was.direction != *dir);
        if (!two_ways) {
          // (A direction where the first gave none is kept, as ApplyDecisions keeps it;
          // here the decision that gave it is named with it.)
          if (!was.direction && dir) was = Fixed{group.id, d.id, was.state, dir, e.line, e.kind};
          continue;
        }
        auto dir_text = [](const std::optional<int>& x) {
          return !x ? std::string() : *x == 0 ? " from -> to" : " to -> from";
        };
        const char* kind = e.kind == DecisionElement::Kind::kValve          ? "valve"
                           : e.kind == DecisionElement::Kind::kControlValve ? "controlValve"
                                                                            : "compressorStation";
        ctx.diag->Error(ctx.file, e.line, fmt::format("{} '{}'", kind, e.arc_id),
                        "conflicting-decisions",
                        fmt::format("set {}{} by decision {}/{} here and {}{} by decision {}/{} "
                                    "(line {}); each is its group's only decision, so both "
                                    "hold, and they cannot",
                                    DecidedState(e), dir_text(dir), group.id, d.id,
                                    was.state, dir_text(was.direction), was.group,
                                    was.decision, was.line));
      }
    }
    out->groups.push_back(std::move(group));
  }
}

// Reads the file, parses it and checks the root element. Returns the root, or an empty
// node after reporting why.
pugi::xml_node OpenRoot(const std::string& xml, const std::string& path, std::string_view root_name,
                        std::string_view what, pugi::xml_document* doc, io::LineIndex* lines,
                        io::RepeatedAttributes* repeated, Diagnostics* diag) {
  if (!io::ParseXml(xml, path, doc, lines, diag, repeated)) return {};
  pugi::xml_node root = doc->document_element();
  if (!root) {
    diag->Error(path, 1, "", "wrong-root", fmt::format("no root element; expected <{}>", root_name));
    return {};
  }
  if (LocalName(root) != root_name) {
    diag->Error(path, lines->LineOf(root), "", "wrong-root",
                fmt::format("root element is <{}>, expected <{}> (is this a {} file?)",
                            LocalName(root), root_name, what));
    return {};
  }
  return root;
}

// ParseError when the file is not well-formed XML (`well_formed` false: nothing parsed, or
// an error in the XML itself), as the .net and .scn readers; InvalidInput when only the
// content has errors.
Status Finish(const std::string& path, std::size_t errors_before, const Diagnostics& diag,
              bool well_formed, std::string_view what) {
  const std::size_t n = diag.error_count() - errors_before;
  if (n == 0) return Status::Ok();
  std::string msg =
      fmt::format("{}: {} error{} in {}", Printable(path), n, n == 1 ? "" : "s", what);
  return well_formed ? Status::InvalidInput(std::move(msg)) : Status::ParseError(std::move(msg));
}

// The readers' bodies write into a fresh object, which the public functions hand over only
// when the file had no error (a caller's object is never left half read).
Status ReadStationsInto(const std::string& xml, const std::string& path,
                        CompressorStationData* out, Diagnostics* diag, ReadErrors* re = nullptr,
                        bool* parsed = nullptr) {
  const std::size_t errors_before = diag->error_count();
  out->source_file = path;
  pugi::xml_document doc;
  io::LineIndex lines("");
  io::RepeatedAttributes repeated;
  pugi::xml_node root =
      OpenRoot(xml, path, "compressorStations", "GasLib .cs", &doc, &lines, &repeated, diag);
  if (!root) return Finish(path, errors_before, *diag, false, "compressor-station data");
  // Not handed over after an error in the XML itself (a raw '&', an attribute given
  // twice: not well-formed), as ReadNetworkInto; the status is then ParseError, as there.
  const bool well_formed = diag->error_count() == errors_before;
  if (parsed != nullptr) *parsed = well_formed;
  XmlContext ctx{path, &lines, diag, &repeated};
  out->notices = io::HeadComments(doc);
  CsReader(ctx).ReadFile(root, out, re);
  return Finish(path, errors_before, *diag, well_formed, "compressor-station data");
}

Status ReadDecisionsInto(const std::string& xml, const std::string& path,
                         CombinedDecisions* out, Diagnostics* diag, ReadErrors* re = nullptr,
                         bool* parsed = nullptr) {
  const std::size_t errors_before = diag->error_count();
  out->source_file = path;
  pugi::xml_document doc;
  io::LineIndex lines("");
  io::RepeatedAttributes repeated;
  pugi::xml_node root =
      OpenRoot(xml, path, "combinedDecisions", "GasLib .cdf", &doc, &lines, &repeated, diag);
  if (!root) return Finish(path, errors_before, *diag, false, "combined decisions");
  // Not handed over after an error in the XML itself (a raw '&', an attribute given
  // twice: not well-formed), as ReadNetworkInto; the status is then ParseError, as there.
  const bool well_formed = diag->error_count() == errors_before;
  if (parsed != nullptr) *parsed = well_formed;
  XmlContext ctx{path, &lines, diag, &repeated};
  out->notices = io::HeadComments(doc);
  ReadDecisions(ctx, root, out, re);
  return Finish(path, errors_before, *diag, well_formed, "combined decisions");
}

}  // namespace

Status ReadGasLibCompressorStationsFromString(const std::string& xml, const std::string& path,
                                              CompressorStationData* out, Diagnostics* diag) {
  return file_internal::GuardedRead("ReadGasLibCompressorStationsFromString", path, out, diag, [&] {
    CompressorStationData result;
    Status s = ReadStationsInto(xml, path, &result, diag);
    if (s.ok()) *out = std::move(result);
    return s;
  });
}

Status ReadGasLibCompressorStations(const std::string& path, CompressorStationData* out,
                                    Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadGasLibCompressorStations",
                                            path, &text, out, diag);
      !s.ok())
    return s;
  return ReadGasLibCompressorStationsFromString(text, path, out, diag);
}

Status ReadGasLibCombinedDecisionsFromString(const std::string& xml, const std::string& path,
                                             CombinedDecisions* out, Diagnostics* diag) {
  return file_internal::GuardedRead("ReadGasLibCombinedDecisionsFromString", path, out, diag, [&] {
    CombinedDecisions result;
    Status s = ReadDecisionsInto(xml, path, &result, diag);
    if (s.ok()) *out = std::move(result);
    return s;
  });
}

Status ReadGasLibCombinedDecisions(const std::string& path, CombinedDecisions* out,
                                   Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadGasLibCombinedDecisions",
                                            path, &text, out, diag);
      !s.ok())
    return s;
  return ReadGasLibCombinedDecisionsFromString(text, path, out, diag);
}

}  // namespace corridor

namespace corridor::io {

Status ReadGasLibCompressorStationsAsRead(const std::string& xml, const std::string& path,
                                          CompressorStationData* out, ReadErrors* errors,
                                          bool* parsed, Diagnostics* diag) {
  return HandOverAsRead("ReadGasLibCompressorStationsAsRead", path, out, parsed, diag,
                        [&](CompressorStationData* result, bool* read) {
                          return ReadStationsInto(xml, path, result, diag, errors, read);
                        });
}

Status ReadGasLibCombinedDecisionsAsRead(const std::string& xml, const std::string& path,
                                         CombinedDecisions* out, ReadErrors* errors,
                                         bool* parsed, Diagnostics* diag) {
  return HandOverAsRead("ReadGasLibCombinedDecisionsAsRead", path, out, parsed, diag,
                        [&](CombinedDecisions* result, bool* read) {
                          return ReadDecisionsInto(xml, path, result, diag, errors, read);
                        });
}

}  // namespace corridor::io
