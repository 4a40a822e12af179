// GasSteadySim.jl / GasTranSim.jl reference cases -> ReferenceCase (see loaders.h and
// data/reference/README.md for the model these solutions were computed with).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/units.h"
#include "reference/loaders.h"

namespace corridor::reference {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kGasSteadySimTemperature = 288.706;  // README: also for GasTranSim
constexpr double kGasSteadySimR = 8.314;
constexpr double kAirMolarMass = 0.02896;

Status ReadJson(const std::string& path, json* out, Diagnostics* diag) {
  std::string text;
  Status s = ReadFileToString(path, &text);
  if (!s.ok()) {
    diag->Error(path, 0, "", "file-read", s.message());
    return s;
  }
  try {
    *out = json::parse(text);
  } catch (const json::exception& e) {
    diag->Error(path, 0, "", "json-syntax", e.what());
    return Status::ParseError(fmt::format("{}: {}", path, e.what()));
  }
  return Status::Ok();
}

// A number from a JSON object member; records a diagnostic when missing or not a number.
bool Number(const json& obj, std::initializer_list<const char*> keys, const std::string& file,
            const std::string& element, Diagnostics* diag, double* out) {
  for (const char* k : keys) {
    auto it = obj.find(k);
    if (it != obj.end() && it->is_number()) {
      *out = it->get<double>();
      return true;
    }
  }
  diag->Error(file, 0, element, "missing-number",
              fmt::format("expected a number in '{}'", *keys.begin()));
  return false;
}

struct KindSpec {
  const char* json_key;     // in network.json
  const char* map_key;      // in id_map_gassteadysim_to_gaslib.json
  const char* sol_key;      // in exact_sol_*.json
  const char* id_key_24;    // GasLib-24 spelling of the id
  ArcKind kind;
};

constexpr KindSpec kKinds[] = {
    {"pipes", "pipe", "pipe_flow", "pipe_id", ArcKind::kPipe},
    {"compressors", "compressorStation", "compressor_flow", "comp_id",
     ArcKind::kCompressorStation},
    {"short_pipes", "shortPipe", "short_pipe_flow", "short_pipe_id", ArcKind::kShortPipe},
    {"valves", "valve", "valve_flow", "valve_id", ArcKind::kValve},
    {"control_valves", "controlValve", "control_valve_flow", "control_valve_id",
     ArcKind::kControlValve},
    {"resistors", "resistor", "resistor_flow", "resistor_id", ArcKind::kResistor},
    {"loss_resistors", "lossResistor", "loss_resistor_flow", "loss_resistor_id",
     ArcKind::kResistor},
};

std::string JsonKeyString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return fmt::format("{}", v.get<double>());
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

namespace {

// The loader proper; nlohmann's accessors (value(), get<>()) throw type_error on a member
// of the wrong type, which LoadGasSteadySimCase turns into a status.
Status LoadUnchecked(const std::string& case_dir, const std::string& solution,
                     ReferenceCase* out, Diagnostics* diag) {
  *out = ReferenceCase();
  const bool transim = solution == "gastransim";
  double b1 = 1.0, b2 = 0.0;
  if (solution == "simple_cnga") {
    b1 = 1.00300865;
    b2 = 2.96848838e-8;
  } else if (solution == "full_cnga") {
    b1 = 1.0024417832;
    b2 = 2.4092583e-8;
  } else if (solution != "ideal" && !transim) {
    return Status::InvalidArgument(fmt::format(
        "solution '{}' unknown: expected ideal, simple_cnga, full_cnga or gastransim",
        solution));
  }
  const fs::path dir(case_dir);
  const std::string case_name = dir.filename().string();
  const std::string net_file = (dir / "network.json").string();
  const std::string bc_file = (dir / (transim ? "bc_steady.json" : "bc.json")).string();
  const std::string sol_file =
      (dir / (transim ? "exact_sol_.json" : fmt::format("exact_sol_{}.json", solution)))
          .string();
  const std::string map_file = (dir / "id_map_gassteadysim_to_gaslib.json").string();
  const std::string params_file = (dir / "params.json").string();
  json jnet, jbc, jsol, jmap, jparams;
  const std::size_t errors_before = diag->error_count();
  Status s;
  if (!(s = ReadJson(net_file, &jnet, diag)).ok()) return s;
  if (!(s = ReadJson(bc_file, &jbc, diag)).ok()) return s;
  if (!(s = ReadJson(sol_file, &jsol, diag)).ok()) return s;
  std::error_code ec;
  const bool have_map = fs::exists(map_file, ec);
  if (have_map && !(s = ReadJson(map_file, &jmap, diag)).ok()) return s;

  double temperature = kGasSteadySimTemperature, gravity_g = 0.6;
  if (!transim && fs::exists(params_file, ec)) {
    if (!(s = ReadJson(params_file, &jparams, diag)).ok()) return s;
    const json& p = jparams.value("params", json::object());
    if (auto t = p.find("Temperature (K):"); t != p.end() && t->is_number())
      temperature = t->get<double>();
    if (auto g = p.find("Gas specific gravity (G):"); g != p.end() && g->is_number())
      gravity_g = g->get<double>();
  }

  Network& net = out->network;
  net.info.title = case_name;
  net.info.source_file = net_file;
  // Nodes.
  std::map<std::string, std::string> node_id;  // json id -> our id
  const json& jnodes = jnet.value("nodes", json::object());
  if (!jnodes.is_object() || jnodes.empty()) {
    diag->Error(net_file, 0, "", "no-nodes", "network.json has no 'nodes' object");
    return Status::InvalidInput(fmt::format("{}: no nodes", net_file));
  }
  const json empty = json::object();
  const json& map_nodes = have_map ? jmap.value("nodes", empty) : empty;
  for (const auto& [key, jn] : jnodes.items()) {
    Node n;
    std::string id;
    if (auto m = map_nodes.find(key); m != map_nodes.end() && m->is_string())
      id = m->get<std::string>();
    else if (jn.contains("name") && jn["name"].is_string())
      id = jn["name"].get<std::string>();
    else if (jn.contains("node_name") && jn["node_name"].is_string() && !have_map)
      id = jn["node_name"].get<std::string>();
    else
      id = "n" + key;
    n.id = id;
    n.x = jn.value("x_coord", 0.0);
    n.y = jn.value("y_coord", 0.0);
    n.pressure_min_Pa = jn.value("min_pressure", 0.0);
    n.pressure_max_Pa = jn.value("max_pressure", 0.0);
    node_id[key] = id;
    net.nodes.push_back(std::move(n));
  }
  // Arcs of every kind.
  std::map<std::string, std::map<std::string, std::string>> arc_id;  // kind key -> json id -> id
  for (const KindSpec& k : kKinds) {
    auto it = jnet.find(k.json_key);
    if (it == jnet.end() || !it->is_object()) continue;
    const json& kmap = have_map ? jmap.value(k.map_key, empty) : empty;
    for (const auto& [key, ja] : it->items()) {
      Arc a;
      a.kind = k.kind;
      std::string id;
      if (auto m = kmap.find(key); m != kmap.end() && m->is_string())
        id = m->get<std::string>();
      else if (ja.contains("name") && ja["name"].is_string())
        id = ja["name"].get<std::string>();
      else
        id = fmt::format("{}_{}", k.map_key, key);
      a.id = id;
      const std::string element = fmt::format("{} '{}'", ArcKindName(k.kind), id);
      const json* fr = ja.contains("fr_node") ? &ja["fr_node"]
                       : ja.contains("from_node") ? &ja["from_node"]
                                                  : nullptr;
      const json* to = ja.contains("to_node") ? &ja["to_node"] : nullptr;
      if (fr == nullptr || to == nullptr || !node_id.count(JsonKeyString(*fr)) ||
          !node_id.count(JsonKeyString(*to))) {
        diag->Error(net_file, 0, element, "unknown-node",
                    "fr_node/from_node or to_node missing or not a node id");
        continue;
      }
      a.from = node_id[JsonKeyString(*fr)];
      a.to = node_id[JsonKeyString(*to)];
      if (k.kind == ArcKind::kPipe) {
        double len = 0, d = 0, lambda = 0;
        const bool ok = Number(ja, {"length"}, net_file, element, diag, &len) &
                        Number(ja, {"diameter"}, net_file, element, diag, &d) &
                        Number(ja, {"friction_factor"}, net_file, element, diag, &lambda);
        if (!ok) continue;
        if (!(len > 0.0 && d > 0.0 && lambda > 0.0)) {
          diag->Error(net_file, 0, element, "positive-pipe-data",
                      fmt::format("length {} m, diameter {} m and friction_factor {} must be "
                                  "positive", len, d, lambda));
          continue;
        }
        a.pipe.length_m = len;
        a.pipe.diameter_m = d;
        out->options.fixed_friction_factor[id] = lambda;
      }
      // Resistors: GasSteadySim ignores the drag factor (p_from = p_to): no data kept.
      arc_id[k.sol_key][key] = id;
      net.arcs.push_back(std::move(a));
    }
  }
  net.BuildIndex();

  // Boundary conditions.
  out->injection_kg_per_s.assign(net.nodes.size(), 0.0);
  const json& flows = jbc.value("boundary_nonslack_flow", empty);
  for (const auto& [key, v] : flows.items()) {
    if (!node_id.count(key) || !v.is_number()) {
      diag->Error(bc_file, 0, "node " + key, "unknown-node",
                  "boundary_nonslack_flow names an unknown node or has no number");
      continue;
    }
    // bc.json: positive = withdrawal; corridor: positive = injection.
    out->injection_kg_per_s[*net.FindNode(node_id[key])] = -v.get<double>();
  }
  const json& slacks = jbc.value("boundary_pslack", empty);
  for (const auto& [key, v] : slacks.items()) {
    if (!node_id.count(key) || !v.is_number()) {
      diag->Error(bc_file, 0, "node " + key, "unknown-node",
                  "boundary_pslack names an unknown node or has no number");
      continue;
    }
    out->options.slacks.push_back({node_id[key], v.get<double>()});
  }
  auto settings_of = [&](const char* bc_key, const char* sol_key, bool valve_like) {
    const json& b = jbc.value(bc_key, empty);
    for (const auto& [key, v] : b.items()) {
      if (key == "on" || key == "off") continue;
      const std::string element = fmt::format("{} {}", bc_key, key);
      if (!arc_id[sol_key].count(key) || !v.is_object()) {
        diag->Error(bc_file, 0, element, "unknown-arc", "names an unknown element");
        continue;
      }
      const int type = v.value("control_type", -1);
      const double value = v.value("value", 0.0);
      if (type != 0) {
        diag->Error(bc_file, 0, element, "unsupported-control",
                    fmt::format("control_type {} is not supported (0 = pressure ratio)", type));
        continue;
      }
      ElementSetting es;
      es.arc_id = arc_id[sol_key][key];
      if (valve_like && value == 1.0) {
        es.mode = ElementMode::kOpen;  // ratio 1: open (README: control valves open)
      } else if (valve_like) {
        diag->Error(bc_file, 0, element, "unsupported-control",
                    fmt::format("control valve ratio {} != 1 is not supported", value));
        continue;
      } else {
        es.mode = ElementMode::kRatio;
        es.value = value;
      }
      out->options.settings.push_back(es);
    }
    if (auto off = b.find("off"); off != b.end() && off->is_array()) {
      for (const json& k : *off) {
        const std::string key = JsonKeyString(k);
        if (!arc_id[sol_key].count(key)) {
          diag->Error(bc_file, 0, fmt::format("{} off {}", bc_key, key), "unknown-arc",
                      "names an unknown element");
          continue;
        }
        out->options.settings.push_back({arc_id[sol_key][key], ElementMode::kClosed, 0.0});
      }
    }
  };
  settings_of("boundary_compressor", "compressor_flow", false);
  settings_of("boundary_control_valve", "control_valve_flow", true);
  settings_of("boundary_valve", "valve_flow", true);

  // Expected values.
  const json& jp = jsol.value("nodal_pressure", empty);
  for (const auto& [key, v] : jp.items()) {
    if (!node_id.count(key) || !v.is_number()) {
      diag->Error(sol_file, 0, "node " + key, "unknown-node", "nodal_pressure: unknown node");
      continue;
    }
    out->expected_pressure_Pa[node_id[key]] = v.get<double>();
  }
  for (const KindSpec& k : kKinds) {
    const json& jf = jsol.value(k.sol_key, empty);
    for (const auto& [key, v] : jf.items()) {
      if (!arc_id[k.sol_key].count(key) || !v.is_number()) {
        diag->Error(sol_file, 0, fmt::format("{} {}", k.sol_key, key), "unknown-arc",
                    "unknown element or no number");
        continue;
      }
      out->expected_flow_kg_per_s[arc_id[k.sol_key][key]] = v.get<double>();
    }
  }
  if (diag->error_count() > errors_before)
    return Status::InvalidInput(fmt::format("{}: {} problem(s) in the case files", case_dir,
                                            diag->error_count() - errors_before));

  // The model (README): CNGA integral with fixed lambda, no height term, isothermal.
  SteadyOptions& o = out->options;
  o.element_limits = false;  // the reference model: set-points are plain equations
  o.fuel_gas = false;
  o.pipe_model = PipeModel::kStandard;
  o.friction = FrictionLaw::kFixed;
  o.eos = EquationOfState::kCnga;
  o.height_term = false;
  o.gas.from_sources = false;
  o.gas.temperature_K = temperature;
  o.gas.molar_mass_kg_per_mol = kAirMolarMass * gravity_g;
  o.gas.specific_gas_constant_J_per_kg_K = kGasSteadySimR / (kAirMolarMass * gravity_g);
  o.gas.cnga_b1 = b1;
  o.gas.cnga_b2_per_Pa = b2;
  o.short_pipe_loss_coefficient = kGasSteadySimShortPipeLoss;
  o.mass_tolerance_kg_per_s = 1e-9;
  o.pressure_tolerance_Pa = 1e-4;
  out->name = transim ? "gastransim/" + case_name : "gassteadysim/" + case_name + "/" + solution;
  out->model = fmt::format("{}: fixed lambda, {}, no height, T {} K{}",
                           transim ? "GasTranSim" : "GasSteadySim",
                           b2 == 0.0 && b1 == 1.0 ? "ideal gas"
                                                  : fmt::format("CNGA b1={} b2={}", b1, b2),
                           temperature, net.arcs.end() != std::find_if(net.arcs.begin(),
                               net.arcs.end(), [](const Arc& a) {
                                 return a.kind == ArcKind::kShortPipe; })
                               ? ", short-pipe loss 1.24e4"
                               : "");
  out->rel_tol = case_name == "GasLib-24" ? 5e-6 : 1e-6;
  out->pressure_abs_tol_Pa = 0.0;
  out->flow_abs_tol_kg_per_s = 1e-6;
  return Status::Ok();
}

}  // namespace

Status LoadGasSteadySimCase(const std::string& case_dir, const std::string& solution,
                            ReferenceCase* out, Diagnostics* diag) {
  try {
    return LoadUnchecked(case_dir, solution, out, diag);
  } catch (const json::exception& e) {
    *out = ReferenceCase();
    diag->Error(case_dir, 0, "", "json-type",
                fmt::format("unexpected content in the case's JSON files: {}", e.what()));
    return Status::InvalidInput(
        fmt::format("{}: the GasSteadySim case does not have the expected layout", case_dir));
  }
}

Status LoadGasSteadySimCase(const std::string& case_dir, const std::string& solution,
                            std::vector<ReferenceCase>* out, Diagnostics* diag) {
  ReferenceCase rc;
  Status s = LoadGasSteadySimCase(case_dir, solution, &rc, diag);
  if (s.ok()) out->push_back(std::move(rc));
  return s;
}

Status LoadGasTranSimCase(const std::string& case_dir, ReferenceCase* out, Diagnostics* diag) {
  return LoadGasSteadySimCase(case_dir, "gastransim", out, diag);
}

}  // namespace corridor::reference
