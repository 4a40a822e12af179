// Loader of the pandapipes reference cases: cases/*.json + results/*.csv (see pandapipes.h
// and data/reference/README.md). Units are converted here, once: bar -> Pa, and the case's
// per-bar compressibility slope -> per Pa.
#include "reference/pandapipes.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/units.h"

namespace corridor::reference {
namespace {

using nlohmann::json;

// Line of the first `"id": "<id>"` occurrence for each id, so that messages about an
// element can point at it (nlohmann::json keeps no positions).
class IdLines {
 public:
  explicit IdLines(const std::string& text) {
    int line = 1;
    const std::string key = "\"id\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        continue;
      }
      if (text[i] != '"' || text.compare(i, key.size(), key) != 0) continue;
      std::size_t j = i + key.size();
      while (j < text.size() && (text[j] == ' ' || text[j] == ':')) ++j;
      if (j >= text.size() || text[j] != '"') continue;
      std::size_t end = text.find('"', j + 1);
      if (end == std::string::npos) break;
      lines_.emplace(text.substr(j + 1, end - j - 1), line);
      i = end;
    }
  }
  int Of(const std::string& id) const {
    auto it = lines_.find(id);
    return it == lines_.end() ? 0 : it->second;
  }

 private:
  std::unordered_map<std::string, int> lines_;
};

// Reading context: file name, id lines and where messages go.
struct Ctx {
  std::string file;
  const IdLines* lines;
  Diagnostics* diag;
  void Error(const std::string& id, const std::string& element, const std::string& rule,
             const std::string& msg) const {
    diag->Error(file, id.empty() ? 0 : lines->Of(id), element, rule, msg);
  }
};

// Reads a required finite number member; reports and returns false when absent or bad.
bool Number(const Ctx& c, const json& obj, const char* key, const std::string& id,
            const std::string& element, double* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    c.Error(id, element, "missing-field", fmt::format("member '{}' is missing", key));
    return false;
  }
  if (!it->is_number()) {
    c.Error(id, element, "not-a-number", fmt::format("member '{}' must be a number, got {}", key,
                                                     it->dump()));
    return false;
  }
  double v = it->get<double>();
  if (!std::isfinite(v)) {
    c.Error(id, element, "not-finite", fmt::format("member '{}' is not finite", key));
    return false;
  }
  *out = v;
  return true;
}

bool String(const Ctx& c, const json& obj, const char* key, const std::string& id,
            const std::string& element, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) {
    c.Error(id, element, "missing-field", fmt::format("string member '{}' is missing", key));
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

const json* Object(const Ctx& c, const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) {
    c.Error("", where, "missing-field", fmt::format("object member '{}' is missing", key));
    return nullptr;
  }
  return &*it;
}

void ReadGas(const Ctx& c, const json& root, PandapipesCase* out) {
  const json* gas = Object(c, root, "gas", "gas");
  if (gas == nullptr) return;
  PandapipesPhysics& ph = out->physics;
  Number(c, *gas, "T_K", "", "gas", &ph.temperature_K);
  Number(c, *gas, "rho_n_gaslib_kg_per_Nm3", "", "gas", &out->gaslib_norm_density);
  if (const json* nc = Object(c, *gas, "normal_conditions", "gas")) {
    double p_bar = 0.0;
    if (Number(c, *nc, "p_bar", "", "gas.normal_conditions", &p_bar))
      ph.norm_pressure_Pa = p_bar * units::kBar;
    Number(c, *nc, "T_K", "", "gas.normal_conditions", &ph.norm_temperature_K);
  }
  const json* fp = Object(c, *gas, "pandapipes_fluid_properties", "gas");
  if (fp == nullptr) return;
  Number(c, *fp, "rho_n_kg_per_m3_at_273.15K", "", "gas.pandapipes_fluid_properties",
         &ph.norm_density_kg_per_m3);
  Number(c, *fp, "dynamic_viscosity_Pa_s_at_T", "", "gas.pandapipes_fluid_properties",
         &ph.viscosity_Pa_s);
  if (const json* z = Object(c, *fp, "compressibility", "gas.pandapipes_fluid_properties")) {
    std::string model;
    if (String(c, *z, "model", "", "gas.compressibility", &model) &&
        model.rfind("linear", 0) != 0)
      c.Error("", "gas.compressibility", "unsupported-model",
              fmt::format("compressibility model '{}' is not supported (only linear)", model));
    Number(c, *z, "offset", "", "gas.compressibility", &ph.z_offset);
    double slope_per_bar = 0.0;
    if (Number(c, *z, "slope_per_bar", "", "gas.compressibility", &slope_per_bar))
      ph.z_slope_per_Pa = slope_per_bar / units::kBar;
  }
  if (ph.temperature_K <= 0.0)
    c.Error("", "gas", "positive-temperature",
            fmt::format("T_K must be positive, got {} K", ph.temperature_K));
  if (ph.norm_density_kg_per_m3 <= 0.0)
    c.Error("", "gas", "positive-density",
            fmt::format("rho_n must be positive, got {} kg/m3", ph.norm_density_kg_per_m3));
  if (ph.viscosity_Pa_s <= 0.0)
    c.Error("", "gas", "positive-viscosity",
            fmt::format("viscosity must be positive, got {} Pa s", ph.viscosity_Pa_s));
}

void ReadNodes(const Ctx& c, const json& root, PandapipesCase* out) {
  auto it = root.find("nodes");
  if (it == root.end() || !it->is_array()) {
    c.Error("", "nodes", "missing-field", "array member 'nodes' is missing");
    return;
  }
  std::unordered_set<std::string> seen;
  int slacks = 0;
  for (const json& n : *it) {
    std::string id;
    if (!n.is_object() || !String(c, n, "id", "", "node", &id)) continue;
    const std::string element = fmt::format("node '{}'", id);
    if (!seen.insert(id).second) {
      c.Error(id, element, "duplicate-id", "node id appears more than once");
      continue;
    }
    Node node;
    node.id = id;
    node.line = c.lines->Of(id);
    Number(c, n, "height_m", id, element, &node.height_m);
    std::string gaslib_type;
    if (String(c, n, "gaslib_type", id, element, &gaslib_type))
      node.kind = gaslib_type == "source" ? NodeKind::kSource
                  : gaslib_type == "sink" ? NodeKind::kSink
                                          : NodeKind::kInnode;
    double pmin = 0.0, pmax = 0.0;
    if (n.contains("pmin_bar_abs_gaslib") && n["pmin_bar_abs_gaslib"].is_number())
      pmin = n["pmin_bar_abs_gaslib"].get<double>();
    if (n.contains("pmax_bar_abs_gaslib") && n["pmax_bar_abs_gaslib"].is_number())
      pmax = n["pmax_bar_abs_gaslib"].get<double>();
    node.pressure_min_Pa = pmin * units::kBar;
    node.pressure_max_Pa = pmax * units::kBar;
    std::string kind;
    String(c, n, "kind", id, element, &kind);
    double inflow = 0.0;
    if (kind == "slack") {
      ++slacks;
      double p_bar = 0.0;
      if (Number(c, n, "p_fixed_bar_abs", id, element, &p_bar)) {
        if (p_bar <= 0.0)
          c.Error(id, element, "positive-pressure",
                  fmt::format("slack pressure must be positive, got {} bar", p_bar));
        out->slack_node = id;
        out->slack_pressure_Pa = p_bar * units::kBar;
      }
    } else if (kind == "load") {
      Number(c, n, "inflow_kg_per_s", id, element, &inflow);
    } else if (!kind.empty()) {
      c.Error(id, element, "unknown-kind",
              fmt::format("node kind must be 'load' or 'slack', got '{}'", kind));
    }
    out->network.nodes.push_back(std::move(node));
    out->injection_kg_per_s.push_back(inflow);
  }
  if (slacks != 1)
    c.Error("", "nodes", "one-slack", fmt::format("exactly one slack node expected, found {}", slacks));
}

void ReadEdges(const Ctx& c, const json& root, PandapipesCase* out) {
  auto it = root.find("edges");
  if (it == root.end() || !it->is_array()) {
    c.Error("", "edges", "missing-field", "array member 'edges' is missing");
    return;
  }
  std::unordered_set<std::string> node_ids;
  for (const Node& n : out->network.nodes) node_ids.insert(n.id);
  std::unordered_set<std::string> seen;
  for (const json& e : *it) {
    std::string id;
    if (!e.is_object() || !String(c, e, "id", "", "edge", &id)) continue;
    if (!seen.insert(id).second) {
      c.Error(id, fmt::format("edge '{}'", id), "duplicate-id", "edge id appears more than once");
      continue;
    }
    std::string type;
    String(c, e, "type", id, fmt::format("edge '{}'", id), &type);
    const std::string element = fmt::format("{} '{}'", type.empty() ? "edge" : type, id);
    Arc arc;
    arc.id = id;
    arc.line = c.lines->Of(id);
    bool ends = String(c, e, "from", id, element, &arc.from) &
                String(c, e, "to", id, element, &arc.to);
    if (ends) {
      for (const std::string* end : {&arc.from, &arc.to})
        if (!node_ids.count(*end))
          c.Error(id, element, "unknown-node", fmt::format("node '{}' is not in 'nodes'", *end));
    }
    double zeta = 0.0, ratio = 1.0;
    if (type == "pipe") {
      arc.kind = ArcKind::kPipe;
      PipeData& p = arc.pipe;
      bool ok = Number(c, e, "length_m", id, element, &p.length_m) &
                Number(c, e, "diameter_m", id, element, &p.diameter_m) &
                Number(c, e, "roughness_m", id, element, &p.roughness_m) &
                Number(c, e, "loss_coefficient", id, element, &zeta);
      if (ok) {
        if (p.length_m < 0.0)
          c.Error(id, element, "nonnegative-length",
                  fmt::format("length must be >= 0, got {} m", p.length_m));
        if (p.diameter_m <= 0.0)
          c.Error(id, element, "positive-diameter",
                  fmt::format("diameter must be positive, got {} m", p.diameter_m));
        if (p.diameter_m > 0.0 && (p.roughness_m <= 0.0 || p.roughness_m >= p.diameter_m))
          c.Error(id, element, "roughness-range",
                  fmt::format("roughness must lie in (0, D), got {} m", p.roughness_m));
        if (zeta < 0.0)
          c.Error(id, element, "nonnegative-loss",
                  fmt::format("loss coefficient must be >= 0, got {}", zeta));
        // GasLib-4197's resistor_3 has dragFactor 0: a lossless connection, legal but worth
        // a note since the solver must treat it as an ideal element.
        if (p.length_m == 0.0 && zeta == 0.0)
          c.diag->Warning(c.file, c.lines->Of(id), element, "lossless-pipe",
                          "length 0 and loss coefficient 0: an ideal connection");
      }
    } else if (type == "valve") {
      arc.kind = ArcKind::kValve;
      double loss = 0.0;
      if (e.contains("loss_coefficient") && Number(c, e, "loss_coefficient", id, element, &loss) &&
          loss != 0.0)
        c.Error(id, element, "lossless-valve",
                fmt::format("only ideal valves (loss 0) are supported, got {}", loss));
    } else if (type == "compressor") {
      arc.kind = ArcKind::kCompressorStation;
      if (Number(c, e, "pressure_ratio", id, element, &ratio) && ratio < 1.0)
        c.Error(id, element, "ratio-range",
                fmt::format("pressure ratio must be >= 1, got {}", ratio));
    } else if (!type.empty()) {
      c.Error(id, element, "unknown-type",
              fmt::format("edge type must be pipe, valve or compressor, got '{}'", type));
    }
    out->network.arcs.push_back(std::move(arc));
    out->loss_coefficient.push_back(zeta);
    out->pressure_ratio.push_back(ratio);
  }
}

}  // namespace

Status ReadPandapipesCaseFile(const std::string& path, PandapipesCase* out, Diagnostics* diag) {
  *out = PandapipesCase();
  std::string text;
  Status s = ReadFileToString(path, &text);
  if (!s.ok()) return s;
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    // Find the failing position with a non-throwing SAX pass is overkill here: report the
    // file as unreadable and let the user run a JSON linter for the position.
    diag->Error(path, 0, "", "json-syntax", "not a valid JSON object");
    return Status::ParseError(fmt::format("{}: not a valid JSON object", path));
  }
  IdLines lines(text);
  Ctx c{path, &lines, diag};
  const std::size_t errors_before = diag->error_count();

  std::string format;
  if (String(c, root, "format", "", "case", &format) && format != "gaslib-simplified-steady-v1")
    c.Error("", "case", "unknown-format",
            fmt::format("format must be 'gaslib-simplified-steady-v1', got '{}'", format));
  out->name = std::filesystem::path(path).stem().string();
  if (const json* model = Object(c, root, "model", "case"))
    String(c, *model, "friction_model", "", "model", &out->default_friction);
  if (root.contains("compressor_ratio")) Number(c, root, "compressor_ratio", "", "case",
                                                &out->compressor_ratio);
  ReadGas(c, root, out);
  ReadNodes(c, root, out);
  ReadEdges(c, root, out);

  // The slack object must agree with the slack node.
  if (const json* slack = Object(c, root, "slack", "case")) {
    std::string node;
    double p_bar = 0.0;
    if (String(c, *slack, "node", "", "slack", &node) && node != out->slack_node)
      c.Error(node, "slack", "slack-mismatch",
              fmt::format("slack.node '{}' differs from the node of kind 'slack' ('{}')", node,
                          out->slack_node));
    if (Number(c, *slack, "p_bar_abs", "", "slack", &p_bar) &&
        std::abs(p_bar * units::kBar - out->slack_pressure_Pa) > 1e-6)
      c.Error(node, "slack", "slack-mismatch",
              fmt::format("slack.p_bar_abs {} bar differs from the node's p_fixed_bar_abs {} bar",
                          p_bar, out->slack_pressure_Pa / units::kBar));
  }
  // Removed edges must not be present among the edges (the case says they were dropped).
  if (auto it = root.find("removed_edges"); it != root.end() && it->is_array()) {
    std::unordered_set<std::string> arc_ids;
    for (const Arc& a : out->network.arcs) arc_ids.insert(a.id);
    for (const json& r : *it) {
      if (!r.is_object() || !r.contains("id") || !r["id"].is_string()) continue;
      std::string id = r["id"].get<std::string>();
      if (arc_ids.count(id))
        c.Error(id, fmt::format("edge '{}'", id), "removed-edge-present",
                "listed under removed_edges but still among the edges");
      out->removed_edges.push_back(id);
    }
  }
  if (auto it = root.find("disconnected_nodes"); it != root.end() && it->is_array()) {
    for (const json& n : *it) {
      if (n.is_string()) {
        out->disconnected_nodes.push_back(n.get<std::string>());
      } else if (n.is_object() && n.contains("id") && n["id"].is_string()) {
        out->disconnected_nodes.push_back(n["id"].get<std::string>());
      }
    }
  }

  out->network.info.title = out->name;
  out->network.info.source_file = path;
  out->network.BuildIndex();
  if (diag->error_count() > errors_before)
    return Status::InvalidInput(fmt::format("{}: {} error(s) in the case file", path,
                                            diag->error_count() - errors_before));
  return Status::Ok();
}

namespace {

// Splits one CSV line (no quoting is used by these files; quoted fields are still accepted
// when they hold no comma).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> f;
  std::string cur;
  for (char ch : line) {
    if (ch == ',') {
      f.push_back(cur);
      cur.clear();
    } else if (ch != '\r' && ch != '"') {
      cur.push_back(ch);
    }
  }
  f.push_back(cur);
  return f;
}

// Reads `key_col` -> `value_col` * scale from a CSV file.
Status ReadCsvColumn(const std::string& path, const std::string& key_col,
                     const std::string& value_col, double scale,
                     std::unordered_map<std::string, double>* out, Diagnostics* diag) {
  std::string text;
  Status s = ReadFileToString(path, &text);
  if (!s.ok()) return s;
  std::istringstream in(text);
  std::string line;
  int line_no = 0, ki = -1, vi = -1;
  const std::size_t errors_before = diag->error_count();
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> f = SplitCsv(line);
    if (ki < 0) {
      for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] == key_col) ki = static_cast<int>(i);
        if (f[i] == value_col) vi = static_cast<int>(i);
      }
      if (ki < 0 || vi < 0) {
        diag->Error(path, line_no, "", "missing-column",
                    fmt::format("header must name columns '{}' and '{}'", key_col, value_col));
        return Status::ParseError(fmt::format("{}: missing columns", path));
      }
      continue;
    }
    if (static_cast<int>(f.size()) <= std::max(ki, vi)) {
      diag->Error(path, line_no, "", "short-row",
                  fmt::format("row has {} fields, expected at least {}", f.size(),
                              std::max(ki, vi) + 1));
      continue;
    }
    char* end = nullptr;
    const std::string& v = f[static_cast<std::size_t>(vi)];
    double x = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(x)) {
      diag->Error(path, line_no, f[static_cast<std::size_t>(ki)], "not-a-number",
                  fmt::format("column '{}' must be a finite number, got '{}'", value_col, v));
      continue;
    }
    if (!out->emplace(f[static_cast<std::size_t>(ki)], x * scale).second)
      diag->Error(path, line_no, f[static_cast<std::size_t>(ki)], "duplicate-id",
                  "id appears more than once");
  }
  if (ki < 0) {
    diag->Error(path, 0, "", "empty-file", "no header line");
    return Status::ParseError(fmt::format("{}: empty", path));
  }
  if (diag->error_count() > errors_before)
    return Status::ParseError(fmt::format("{}: {} error(s)", path,
                                          diag->error_count() - errors_before));
  return Status::Ok();
}

}  // namespace

Status ReadPandapipesResults(const std::string& nodes_csv, const std::string& edges_csv,
                             std::unordered_map<std::string, double>* pressure_Pa,
                             std::unordered_map<std::string, double>* flow_kg_per_s,
                             Diagnostics* diag) {
  pressure_Pa->clear();
  flow_kg_per_s->clear();
  Status a = ReadCsvColumn(nodes_csv, "node_id", "p_bar_abs", units::kBar, pressure_Pa, diag);
  Status b = ReadCsvColumn(edges_csv, "edge_id", "mdot_from_kg_per_s", 1.0, flow_kg_per_s, diag);
  return a.ok() ? b : a;
}

Status MakePandapipesReference(const PandapipesCase& pc, const std::string& friction,
                               ReferenceCase* out) {
  const bool colebrook = friction == "colebrook";
  if (!colebrook && friction != "nikuradse")
    return Status::InvalidArgument(fmt::format(
        "case '{}': friction must be 'nikuradse' or 'colebrook', got '{}'", pc.name, friction));
  ReferenceCase rc;
  rc.name = fmt::format("pandapipes/{}/{}", pc.name, friction);
  rc.network = pc.network;
  rc.injection_kg_per_s = pc.injection_kg_per_s;
  PandapipesPhysics ph = pc.physics;
  ph.colebrook = colebrook;

  SteadyOptions& o = rc.options;
  o.element_limits = false;  // the reference model: set-points are plain equations
  o.fuel_gas = false;
  o.friction = colebrook ? FrictionLaw::kColebrookWhite : FrictionLaw::kPandapipesNikuradse;
  o.eos = EquationOfState::kLinear;
  o.height_term = true;
  o.compressor_forward_only = true;
  o.slacks = {{pc.slack_node, pc.slack_pressure_Pa}};
  GasModel& g = o.gas;
  g.from_sources = false;
  g.temperature_K = ph.temperature_K;
  g.dynamic_viscosity_Pa_s = ph.viscosity_Pa_s;
  g.linear_z_offset = ph.z_offset;
  g.linear_z_slope_per_Pa = ph.z_slope_per_Pa;
  // R_s follows from the normal state: rho_n = p_n / (R_s T_n) with Z(p_n) folded in as
  // pandapipes does (rho(p) = rho_n T_n p / (T p_n Z(p))), i.e. R_s = p_n / (rho_n T_n).
  g.specific_gas_constant_J_per_kg_K = ph.norm_pressure_Pa / (ph.norm_density_kg_per_m3 *
                                                              ph.norm_temperature_K);
  g.molar_mass_kg_per_mol = units::kGasConstant / g.specific_gas_constant_J_per_kg_K;
  for (std::size_t a = 0; a < pc.network.arcs.size(); ++a) {
    const Arc& arc = pc.network.arcs[a];
    if (arc.kind == ArcKind::kCompressorStation)
      o.settings.push_back({arc.id, ElementMode::kRatio, pc.pressure_ratio[a]});
  }
  o.pipe_model = PipeModel::kPandapipes;
  o.gravity_m_per_s2 = ph.gravity_m_per_s2;
  g.normal_pressure_Pa = ph.norm_pressure_Pa;
  g.normal_temperature_K = ph.norm_temperature_K;
  g.pipe_law_norm_density_kg_per_m3 = ph.norm_density_kg_per_m3;
  g.norm_density_kg_per_m3 =
      pc.gaslib_norm_density > 0.0 ? pc.gaslib_norm_density : ph.norm_density_kg_per_m3;
  for (std::size_t a = 0; a < pc.network.arcs.size(); ++a)
    if (pc.loss_coefficient[a] != 0.0)
      o.pipe_loss_coefficient[pc.network.arcs[a].id] = pc.loss_coefficient[a];

  rc.model = fmt::format("pandapipes {}, Z lin., {:.2f} K{}", friction, ph.temperature_K,
                         pc.compressor_ratio != 1.0
                             ? fmt::format(", ratio {}", pc.compressor_ratio)
                             : std::string());
  rc.rel_tol = 0.0;
  rc.pressure_abs_tol_Pa = (colebrook ? 2e-4 : 1e-4) * units::kBar;
  rc.flow_abs_tol_kg_per_s = colebrook ? 0.02 : 1e-4;
  *out = std::move(rc);
  return Status::Ok();
}

Status LoadPandapipesCases(const std::string& dir, std::vector<ReferenceCase>* out,
                           Diagnostics* diag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path cases_dir = fs::path(dir) / "cases", results_dir = fs::path(dir) / "results";
  if (!fs::is_directory(cases_dir, ec))
    return Status::NotFound(fmt::format("{}: no cases/ folder", dir));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(cases_dir, ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  // Results files: NAME_TAG_FRICTION_nodes.csv; NAME may itself contain '_', so match by
  // requiring exactly TAG_FRICTION after "NAME_".
  std::vector<std::string> result_stems;
  if (fs::is_directory(results_dir, ec))
    for (const auto& e : fs::directory_iterator(results_dir, ec)) {
      std::string f = e.path().filename().string();
      const std::string suffix = "_nodes.csv";
      if (f.size() > suffix.size() && f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0)
        result_stems.push_back(f.substr(0, f.size() - suffix.size()));
    }
  std::sort(result_stems.begin(), result_stems.end());
  Status first_error;
  for (const fs::path& file : files) {
    PandapipesCase pc;
    Status s = ReadPandapipesCaseFile(file.string(), &pc, diag);
    if (!s.ok()) {
      if (first_error.ok()) first_error = s;
      continue;
    }
    int found = 0;
    for (const std::string& stem : result_stems) {
      if (stem.rfind(pc.name + "_", 0) != 0) continue;
      std::string rest = stem.substr(pc.name.size() + 1);  // TAG_FRICTION
      std::size_t us = rest.find('_');
      if (us == std::string::npos || rest.find('_', us + 1) != std::string::npos) continue;
      std::string friction = rest.substr(us + 1);
      const fs::path nodes = results_dir / (stem + "_nodes.csv");
      const fs::path edges = results_dir / (stem + "_edges.csv");
      if (!fs::exists(edges, ec)) {
        diag->Error(edges.string(), 0, "", "missing-file",
                    fmt::format("{} has no matching edges file", nodes.string()));
        if (first_error.ok()) first_error = Status::NotFound(edges.string());
        continue;
      }
      ReferenceCase rc;
      s = MakePandapipesReference(pc, friction, &rc);
      if (!s.ok()) {
        diag->Error(nodes.string(), 0, "", "unknown-friction", s.message());
        if (first_error.ok()) first_error = s;
        continue;
      }
      s = ReadPandapipesResults(nodes.string(), edges.string(), &rc.expected_pressure_Pa,
                                &rc.expected_flow_kg_per_s, diag);
      if (!s.ok()) {
        if (first_error.ok()) first_error = s;
        continue;
      }
      // Every expected id must exist in the network (a mismatch means the wrong case).
      for (const auto& [id, p] : rc.expected_pressure_Pa)
        if (!rc.network.FindNode(id)) {
          diag->Error(nodes.string(), 0, fmt::format("node '{}'", id), "unknown-node",
                      fmt::format("not a node of case {}", pc.name));
          if (first_error.ok()) first_error = Status::InvalidInput(nodes.string());
        }
      for (const auto& [id, m] : rc.expected_flow_kg_per_s)
        if (!rc.network.FindArc(id)) {
          diag->Error(edges.string(), 0, fmt::format("edge '{}'", id), "unknown-edge",
                      fmt::format("not an edge of case {}", pc.name));
          if (first_error.ok()) first_error = Status::InvalidInput(edges.string());
        }
      rc.model = fmt::format("{} {}", rest.substr(0, us), rc.model.substr(11));
      out->push_back(std::move(rc));
      ++found;
    }
    if (found == 0) {
      ReferenceCase rc;
      s = MakePandapipesReference(pc, pc.default_friction.empty() ? "nikuradse"
                                                                  : pc.default_friction, &rc);
      if (!s.ok()) {
        diag->Error(file.string(), 0, "", "unknown-friction", s.message());
        if (first_error.ok()) first_error = s;
        continue;
      }
      out->push_back(std::move(rc));
    }
  }
  return first_error;
}

}  // namespace corridor::reference

namespace corridor::reference {

bool PandapipesPhysicsOf(const ReferenceCase& rc, PandapipesPhysics* ph,
                         std::vector<double>* loss_coefficient) {
  const SteadyOptions& o = rc.options;
  if (o.pipe_model != PipeModel::kPandapipes) return false;
  const GasModel& g = o.gas;
  ph->temperature_K = g.temperature_K;
  ph->norm_density_kg_per_m3 = g.pipe_law_norm_density_kg_per_m3 > 0.0
                                   ? g.pipe_law_norm_density_kg_per_m3
                                   : g.norm_density_kg_per_m3;
  ph->norm_pressure_Pa = g.normal_pressure_Pa;
  ph->norm_temperature_K = g.normal_temperature_K;
  ph->viscosity_Pa_s = g.dynamic_viscosity_Pa_s;
  ph->z_offset = g.linear_z_offset;
  ph->z_slope_per_Pa = g.linear_z_slope_per_Pa;
  ph->gravity_m_per_s2 = o.height_term ? o.gravity_m_per_s2 : 0.0;
  ph->colebrook = o.friction == FrictionLaw::kColebrookWhite;
  loss_coefficient->assign(rc.network.arcs.size(), 0.0);
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a) {
    auto it = o.pipe_loss_coefficient.find(rc.network.arcs[a].id);
    if (it != o.pipe_loss_coefficient.end()) (*loss_coefficient)[a] = it->second;
  }
  return true;
}

}  // namespace corridor::reference
