// corridor simulate on real GasLib instances: the report's stable lines, the exit status
// per verdict, the output files, and bad input leaving no output.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/reference.h"
#include "corridor/steady.h"
#include "reference/pandapipes.h"
#include "io/gaslib_test_util.h"
#include "test_util.h"

#ifndef CORRIDOR_CLI
#error "simulate_cli_test needs the corridor_cli target (CORRIDOR_CLI)"
#endif

namespace corridor {
namespace {

namespace fs = std::filesystem;
using test::CliResult;

/// The content of a file the run wrote (empty, and a failure, when it cannot be read).
std::string Slurp(const fs::path& path) {
  std::string text;
  EXPECT_TRUE(ReadFileToString(path.string(), &text).ok()) << path;
  return text;
}

class SimulateCli : public test::CliTest {
 protected:
  /// `corridor simulate` on GasLib-40 (.net and .scn), then `more`.
  CliResult SimulateG40(const std::vector<std::string>& more) {
    const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40";
    std::vector<std::string> args = {"simulate", g + ".net", g + ".scn"};
    args.insert(args.end(), more.begin(), more.end());
    return Run(args);
  }
};

// A violation is one in every output or in none: beyond the solve's pressure tolerance
// (a reference 1e-7 bar above its bound had a violation in nodes.csv only), and one listed
// is never printed as "by 0.0000 bar" (below 0.0001 bar it is said in Pa).
TEST_F(SimulateCli, BoundViolationsAgreeAcrossTheOutputs) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  for (const auto& [slack, listed] : {std::pair{"70.0000001", false}, {"70.00001", true}}) {
    const fs::path out = dir_ / (std::string("out") + slack);
    CliResult r = Run({"simulate", g + ".net", g + ".scn", "--slack",
                       std::string("entry01=") + slack, "--out", out.string()});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    const std::string nodes = Slurp(out / "nodes.csv");
    const auto at = nodes.find("\nentry01,");
    ASSERT_NE(at, std::string::npos) << nodes;
    const std::string row = nodes.substr(at + 1, nodes.find('\n', at + 1) - at - 1);
    std::vector<std::string> cells;
    for (std::size_t b = 0, e; b <= row.size(); b = e + 1) {
      e = std::min(row.find(',', b), row.size());
      cells.push_back(row.substr(b, e - b));
    }
    ASSERT_GE(cells.size(), 5u) << row;
    const bool in_csv = cells[4] != "0";  // violation_bar
    const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
    bool in_json = false;
    for (const auto& b : j["bound_violations"]) in_json = in_json || b["node"] == "entry01";
    const bool in_report = r.out.find("node entry01: ") != std::string::npos;
    EXPECT_EQ(in_csv, listed) << row;
    EXPECT_EQ(in_json, listed) << j["bound_violations"].dump();
    EXPECT_EQ(in_report, listed) << r.out;
    if (listed)
      EXPECT_NE(r.out.find("node entry01: 70.000010 bar above upper bound 70.000000 bar by 1 Pa"),
                std::string::npos)
          << r.out;
    EXPECT_EQ(r.out.find("by 0.0000 bar"), std::string::npos) << r.out;
  }
}

// Nothing nominated: no node has a pressure, and summary.json says so with null, not with a
// minimum and a maximum of 0 bar at node "" beside "converged".
// An id may hold '=' (the readers take it): --slack, --set and track's --fuel split at
// the last '=', as no value or mode holds one ("--set 'CS=01=ratio:1.1'" read mode
// "01=ratio:1.1", and "--slack 'en=try01=70'" a bad number).
TEST_F(SimulateCli, AnIdHoldingAnEqualsSignIsNamedByTheOptions) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net, scn, cs;
  ASSERT_TRUE(ReadFileToString(g + ".net", &net).ok());
  ASSERT_TRUE(ReadFileToString(g + ".scn", &scn).ok());
  ASSERT_TRUE(ReadFileToString(g + ".cs", &cs).ok());
  auto rename = [](std::string* text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text->find(from, at)) != std::string::npos; at += to.size())
      text->replace(at, from.size(), to);
  };
  for (std::string* t : {&net, &scn, &cs}) {
    rename(t, "\"entry01\"", "\"en=try01\"");
    rename(t, "\"CS01_entry03_N01\"", "\"CS=01\"");
  }
  const std::string n = Write("eq.net", net), c = Write("eq.scn", scn), m = Write("eq.cs", cs);
  CliResult r = Run({"simulate", n, c, m, "--slack", "en=try01=70", "--set", "CS=01=ratio:1.1"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("en=try01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CS=01"), std::string::npos) << r.out;
  r = Run({"track", n, c, m, "--slack", "en=try01=70", "--fuel", "CS=01=0.5"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

TEST_F(SimulateCli, WithoutAnyPressureTheExtremesAreNull) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::string scn = Slurp(g + ".scn");
  for (std::size_t at = 0; (at = scn.find("<flow bound=", at)) != std::string::npos; ++at) {
    const std::size_t v = scn.find("value=\"", at) + 7;
    scn.replace(v, scn.find('"', v) - v, "0.00");
  }
  const fs::path out = dir_ / "zero";
  const CliResult r = Run({"simulate", g + ".net", Write("zero.scn", scn), "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("Min pressure"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["verdict"], "converged");
  for (const char* k : {"min_pressure_bar_abs", "max_pressure_bar_abs"})
    EXPECT_TRUE(j[k].is_null()) << k << ": " << j[k].dump();
  EXPECT_EQ(j["min_pressure_node"], "");
  // No bound is judged, and the bound line says so ("0" alone read as every bound held).
  EXPECT_NE(r.out.find("Bound violations       : 0 (11 nodes without a pressure, not judged)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(j["nodes_without_pressure"], 11);
  EXPECT_TRUE(j["bound_violations"].empty());
}

// Without a nomination the run stops, but the controls file is checked first, so that one
// run lists its problems with the options' (they went unread); and --set on a node's id
// says that a node's pressure is --slack's.
TEST_F(SimulateCli, WithoutANominationTheControlsFileIsCheckedToo) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string ctl =
      Write("bad.csv", "id,mode,value\nnope,open,\nCS01_entry03_N01,ratio,0.5\n");
  const CliResult r = Run({"simulate", g + ".net", g + ".cs", "--controls", ctl, "--set",
                           "entry01=outlet:3"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("bad.csv:2: error: arc 'nope'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:3: error: compressorStation 'CS01_entry03_N01': ratio"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--set names 'entry01', a node, not an arc: a node's pressure is set "
                       "with --slack entry01=BAR"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("no nomination"), std::string::npos) << r.err;
}

TEST_F(SimulateCli, ConvergesOnGasLib40AndWritesOutputs) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : converged\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Solve time"), std::string::npos);  // --no-timings
  EXPECT_NE(r.out.find("friction nikuradse; equation of state papay; height term on"),
            std::string::npos);
  EXPECT_NE(r.out.find("default rule"), std::string::npos);
  const std::string nodes = Slurp(out / "nodes.csv");
  const std::string arcs = Slurp(out / "arcs.csv");
  EXPECT_EQ(nodes.rfind("id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar", 0), 0u);
  EXPECT_EQ(arcs.rfind("id,type,from,to,mass_flow_kg_per_s,flow_1000Nm3_per_h,flow_mcm_per_d,"
                       "velocity_m_per_s,pressure_drop_bar,friction_factor", 0), 0u);
  // One line per node (40) and per arc (45) plus the header.
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), '\n'), 41);
  EXPECT_EQ(std::count(arcs.begin(), arcs.end(), '\n'), 46);
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["verdict"], "converged");
  for (const char* k : {"iterations", "solve_seconds", "max_mass_imbalance_kg_s", "bound_violations"})
    EXPECT_TRUE(j.contains(k)) << k;
  // One flag for scripts: within every pressure and flow bound.
  ASSERT_TRUE(j["bound_violations"].is_array());
  ASSERT_TRUE(j["flow_bound_violations"].is_array());
  EXPECT_EQ(j["within_bounds"].get<bool>(),
            j["bound_violations"].empty() && j["flow_bound_violations"].empty());
  // --no-timings: the times are null, so that two runs' files compare equal.
  EXPECT_TRUE(j["solve_seconds"].is_null());
  EXPECT_TRUE(j["setup_seconds"].is_null());
  EXPECT_LT(j["max_mass_imbalance_kg_s"].get<double>(), 1e-9);
  EXPECT_TRUE(j["equations_hold"].get<bool>());
  // GasLib-40's pendant trees, solved after Newton, are counted in the report and the file.
  EXPECT_GT(j["tree_groups"].get<int>(), 0);
  EXPECT_NE(r.out.find(fmt::format("; {} node groups on pendant trees solved in closed form;",
                                   j["tree_groups"].get<int>())),
            std::string::npos)
      << r.out;
}

// --out's network.geojson is the network (convert's GeoJSON) with the columns of nodes.csv
// and arcs.csv as properties, value for value; a network without geographic positions
// has null geometries, and the run says so.
TEST_F(SimulateCli, TheMapCarriesTheResults) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("(nodes.csv, arcs.csv, network.geojson, summary.json)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Map "), std::string::npos) << r.out;  // GasLib-40 has positions
  const auto g = nlohmann::json::parse(Slurp(out / "network.geojson"));
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_TRUE(g["corridor_results"].is_string());
  // Each CSV row against its feature: the same values (CSV to 9 or 10 digits).
  auto rows = [&](const std::string& name) {
    std::istringstream in(Slurp(out / name));
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    std::stringstream hs(line);
    for (std::string f; std::getline(hs, f, ',');) header.push_back(f);
    std::vector<std::map<std::string, std::string>> all;
    while (std::getline(in, line)) {
      std::stringstream ls(line);
      std::map<std::string, std::string> row;
      std::size_t k = 0;
      for (std::string f; k < header.size(); ++k) {
        if (!std::getline(ls, f, ',')) f.clear();
        row[header[k]] = f;
      }
      all.push_back(row);
    }
    return all;
  };
  const auto nodes = rows("nodes.csv"), arcs = rows("arcs.csv");
  const auto& feats = g["features"];
  ASSERT_EQ(feats.size(), nodes.size() + arcs.size());
  std::size_t compared = 0;
  auto same = [&](const nlohmann::json& props, const std::map<std::string, std::string>& row,
                  const char* what) {
    for (const auto& [key, text] : row) {
      if (key == "type") continue;  // GeoJSON's "kind"
      ASSERT_TRUE(props.contains(key)) << what << " " << key;
      const nlohmann::json& v = props[key];
      if (text.empty()) {
        EXPECT_TRUE(v.is_null() || v == "") << what << " " << key << " " << v;
      } else if (v.is_number()) {
        EXPECT_NEAR(v.get<double>(), std::stod(text), 1e-8 * (1.0 + std::abs(std::stod(text))))
            << what << " " << key;
        ++compared;
      } else {
        EXPECT_EQ(v.get<std::string>(), text) << what << " " << key;
      }
    }
  };
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ(feats[i]["geometry"]["type"], "Point");
    same(feats[i]["properties"], nodes[i], "node");
  }
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    const auto& f = feats[nodes.size() + i];
    EXPECT_EQ(f["geometry"]["type"], "LineString");
    EXPECT_EQ(f["properties"]["kind"], arcs[i].at("type"));
    same(f["properties"], arcs[i], "arc");
  }
  EXPECT_GT(compared, 40u * 8u);
  // The network's own data stay beside the results.
  EXPECT_TRUE(feats[nodes.size()]["properties"].contains("length_km"));

  // GasLib-11 has drawing coordinates only: null geometries, said in the file and the run.
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--out", (dir_ / "o11").string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Map                    : network.geojson: none of the 11 nodes has a "
                       "usable geoWGS84 position"),
            std::string::npos)
      << r.out;
  const auto g11 = nlohmann::json::parse(Slurp(dir_ / "o11" / "network.geojson"));
  EXPECT_TRUE(g11["features"][0]["geometry"].is_null());
  EXPECT_TRUE(g11["features"][0]["properties"]["pressure_bar_abs"].is_number());
  EXPECT_TRUE(g11["corridor_note"].is_string());
}

// The velocity at each arc's lower-pressure end, where the gas runs fastest: under the
// ideal gas rho is proportional to p, so it is the mean-pressure velocity times p_m / p_low
// (p_m the law's 2/3 mean); the report and summary.json name the fastest.
TEST_F(SimulateCli, TheLowEndVelocityIsTheFastest) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--no-timings", "--eos", "ideal", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::istringstream arcs(Slurp(out / "arcs.csv")), nodes(Slurp(out / "nodes.csv"));
  std::string line;
  std::map<std::string, double> p;  // bar
  std::getline(nodes, line);
  while (std::getline(nodes, line)) {
    const std::size_t c1 = line.find(','), c2 = line.find(',', c1 + 1);
    p[line.substr(0, c1)] = std::stod(line.substr(c1 + 1, c2 - c1 - 1));
  }
  std::getline(arcs, line);
  ASSERT_NE(line.find(",velocity_low_end_m_per_s,decision"), std::string::npos) << line;
  double fastest = 0.0;
  std::string fastest_id;
  int pipes = 0;
  while (std::getline(arcs, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    if (line.back() == ',') f.push_back("");
    ASSERT_EQ(f.size(), 19u) << line;
    if (f[1] != "pipe") {
      EXPECT_EQ(f[16], "") << line;  // no diameter, no velocity
      continue;
    }
    const double pf = p.at(f[2]), pt = p.at(f[3]);
    const double pm = 2.0 / 3.0 * (pf + pt - pf * pt / (pf + pt));
    const double v = std::abs(std::stod(f[7])), low = std::stod(f[16]);
    EXPECT_NEAR(low, v * pm / std::min(pf, pt), 1e-7 * (1.0 + low)) << line;
    EXPECT_GE(low, v) << line;
    if (low > fastest) {
      fastest = low;
      fastest_id = f[0];
    }
    ++pipes;
  }
  EXPECT_EQ(pipes, 39);
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["max_velocity_arc"], fastest_id);
  EXPECT_NEAR(j["max_velocity_m_per_s"].get<double>(), fastest, 1e-7 * fastest);
  EXPECT_NE(r.out.find(fmt::format("Max velocity           : {:.3f} m/s in {} at its "
                                   "lower-pressure end (",
                                   j["max_velocity_m_per_s"].get<double>(), fastest_id)),
            std::string::npos)
      << r.out;
  // No converged state, no fastest gas.
  r = SimulateG40({"--no-timings", "--slack", "source_1=3", "--out", out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.out.find("Max velocity"), std::string::npos) << r.out;
  const auto k = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_TRUE(k["max_velocity_m_per_s"].is_null());
  EXPECT_EQ(k["max_velocity_arc"], "");
}

// Round-off flows (FlowResolution) are written as 0 in arcs.csv and the map: GasLib-134's
// short pipe node_6_ld2 carried -1.3e-15 kg/s, its sign noise that a GIS drew as an arrow.
TEST_F(SimulateCli, RoundOffFlowsAreWrittenAsZero) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  const std::string g = test::GasLibDir() + "/GasLib-134/";
  CliResult r = Run({"simulate", g + "GasLib-134-v2.net", g + "nominations/2016-01-28.scn",
                     "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::istringstream arcs(Slurp(out / "arcs.csv"));
  std::string line;
  std::getline(arcs, line);
  int zero = 0, rows = 0;
  bool seen = false;
  while (std::getline(arcs, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    ASSERT_GE(f.size(), 7u) << line;
    const double q = std::stod(f[4]);
    // The smallest real flow of this nomination is far above 1e-9 kg/s.
    EXPECT_TRUE(q == 0.0 || std::abs(q) > 1e-9) << line;
    if (q == 0.0) {
      ++zero;
      EXPECT_EQ(f[5], "0") << line;  // 1000 Nm3/h
      EXPECT_EQ(f[6], "0") << line;  // mcm/d
    }
    if (f[0] == "node_6_ld2") {
      seen = true;
      EXPECT_EQ(f[4], "0") << line;
    }
    ++rows;
  }
  EXPECT_TRUE(seen);
  EXPECT_GT(zero, 0);
  EXPECT_GT(rows, 100);
  const auto map = nlohmann::json::parse(Slurp(out / "network.geojson"));
  bool mapped = false;
  for (const auto& f : map["features"]) {
    if (f["properties"].value("id", "") != "node_6_ld2") continue;
    mapped = true;
    EXPECT_EQ(f["properties"]["mass_flow_kg_per_s"].get<double>(), 0.0) << f.dump();
  }
  EXPECT_TRUE(mapped);
}

// A pipe whose flow is written as 0 has its law's friction factor at zero flow: under
// pandapipes' "nikuradse" the rough-pipe term 1 / (2 log10(D/k) + 1.14)^2 alone, where the
// round-off flow's 64/Re wrote up to 1.5e29 (GasLib-4197: 38 pipes) in arcs.csv and on the
// map. Recomputed here from the map's own diameter and roughness.
TEST_F(SimulateCli, AFlowWrittenAsZeroHasTheFrictionFactorAtZeroFlow) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  const std::string g = test::GasLibDir() + "/GasLib-4197/";
  CliResult r = Run({"simulate", g + "GasLib-4197.net", g + "nomination_mild_0006.scn",
                     "--friction", "pandapipes-nikuradse", "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto map = nlohmann::json::parse(Slurp(out / "network.geojson"));
  int zero = 0;
  for (const auto& f : map["features"]) {
    const auto& p = f["properties"];
    if (p.value("kind", "") != "pipe" || p["mass_flow_kg_per_s"].get<double>() != 0.0) continue;
    ++zero;
    const double d = p["diameter_mm"].get<double>(), k = p["roughness_mm"].get<double>();
    const double t = 2.0 * std::log10(d / k) + 1.14;
    EXPECT_NEAR(p["friction_factor"].get<double>(), 1.0 / (t * t), 1e-9) << p.dump();
  }
  EXPECT_GT(zero, 100);
  // arcs.csv gives the map's figures: its largest friction factor is a real laminar flow's.
  std::istringstream arcs(Slurp(out / "arcs.csv"));
  std::string line;
  std::getline(arcs, line);
  ASSERT_EQ(line.rfind("id,type,from,to,mass_flow_kg_per_s,flow_1000Nm3_per_h,flow_mcm_per_d,"
                       "velocity_m_per_s,pressure_drop_bar,friction_factor,",
                       0),
            0u)
      << line;
  while (std::getline(arcs, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    if (f.size() < 10 || f[1] != "pipe" || f[4] != "0") continue;
    EXPECT_LT(std::stod(f[9]), 0.05) << line;
  }
  // A drag resistor has no friction factor under pandapipes' law either, at a flow written
  // as 0 as at any other: resistor_5 was written empty beside the 0.01 of the resistors
  // that carry gas, the placeholder of the length-0 pipe that law makes of one.
  const fs::path pp = dir_ / "pp";
  r = Run({"simulate", g + "GasLib-4197.net", g + "nomination_mild_0006.scn", "--pipe-model",
           "pandapipes", "--friction", "pandapipes-nikuradse", "--no-timings", "--out",
           pp.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string all = Slurp(pp / "arcs.csv");
  const std::size_t at = all.find("\nresistor_5,resistor,");
  ASSERT_NE(at, std::string::npos);
  const std::string row = all.substr(at + 1, all.find('\n', at + 1) - at - 1);
  std::vector<std::string> f;
  std::stringstream ls(row);
  for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
  ASSERT_GT(f.size(), 9u) << row;
  EXPECT_EQ(f[4], "0") << row;
  EXPECT_EQ(f[9], "") << row;
  EXPECT_EQ(all.find(",0.01,"), std::string::npos);  // (no resistor's placeholder either)
}

// GasLib-40 at twice its nomination runs out of pressure at sink_12 behind its pendant
// pipe_18; the reason and summary.json also say where the pressure was lost on the way
// there, at the largest fraction carried: pipe_15 and pipe_6, upstream.
TEST_F(SimulateCli, AStalledLoadSaysWhereThePressureWasLost) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--no-timings", "--scale", "2", "--out", out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  ASSERT_TRUE(j["capacity_bottleneck"].is_array());
  ASSERT_GE(j["capacity_bottleneck"].size(), 2u) << j.dump(1);
  EXPECT_EQ(j["capacity_bottleneck"][0]["arc"], "pipe_15");
  EXPECT_EQ(j["capacity_bottleneck"][1]["arc"], "pipe_6");
  EXPECT_GT(j["capacity_bottleneck"][0]["share"].get<double>(), 0.3);
  EXPECT_NE(j["reason"].get<std::string>().find("in 'pipe_15' ("), std::string::npos)
      << j["reason"];
  // The node where the pressure ran out, as fields: no need to read the reason's words.
  EXPECT_EQ(j["limiting_node"], "sink_12") << j["reason"];
  EXPECT_EQ(j["limiting_pressure"], "below-zero");
  // The way whole, from sink_12 upstream, the bottleneck's arcs on it; the note names the
  // station in bypass on it, not the network's first three of six.
  const std::vector<std::string> way = j["capacity_way"];
  ASSERT_FALSE(way.empty()) << j.dump(1);
  EXPECT_EQ(way.front(), "pipe_18");
  for (const char* arc : {"pipe_15", "pipe_6", "compressorStation_6"})
    EXPECT_NE(std::find(way.begin(), way.end(), arc), way.end()) << arc;
  EXPECT_NE(r.out.find("Note                   : 1 compressor station in bypass "
                       "(compressorStation_6; its default) lies on the gas' way to sink_12, "
                       "where the pressure ran out (of the network's 6, 6 in bypass): the "
                       "pipes alone cannot carry the nomination there, and its set-point may"),
            std::string::npos)
      << r.out;
  // Through the active elements' rounds: GasLib-24 with its controls at 2.5 times its
  // nomination ends on a regulator that, fully open, leaves no state either; the reason
  // quotes that round's, and its list came back empty.
  const std::string g24 = test::GasLibDir() + "/GasLib-24/GasLib-24";
  r = Run({"simulate", g24 + ".net", g24 + ".scn", "--controls",
           test::SourceDir() + "/data/controls/GasLib-24.csv", "--scale", "2.5", "--no-timings",
           "--out", out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  const auto c = nlohmann::json::parse(Slurp(out / "summary.json"));
  ASSERT_FALSE(c["capacity_bottleneck"].empty()) << c["reason"];
  // (the round's way carried with its bottleneck)
  for (const auto& b : c["capacity_bottleneck"])
    EXPECT_NE(std::find(c["capacity_way"].begin(), c["capacity_way"].end(), b["arc"]),
              c["capacity_way"].end())
        << c.dump(1);
  EXPECT_NE(c["reason"].get<std::string>().find(
                "'" + c["capacity_bottleneck"][0]["arc"].get<std::string>() + "' ("),
            std::string::npos)
      << c.dump(1);
  // (the node of that round's reason, quoted after the regulator's own)
  ASSERT_TRUE(c["limiting_node"].is_string()) << c.dump(1);
  EXPECT_NE(c["reason"].get<std::string>().find(
                "fully open it leaves no state either: pressure would fall below zero at "
                "node " + c["limiting_node"].get<std::string>() + ":"),
            std::string::npos)
      << c.dump(1);
  EXPECT_EQ(c["limiting_pressure"], "below-zero");
  // Converged: an empty list, never absent; no node.
  r = SimulateG40({"--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto k = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_TRUE(k["capacity_bottleneck"].is_array() && k["capacity_bottleneck"].empty());
  EXPECT_TRUE(k["capacity_way"].is_array() && k["capacity_way"].empty());
  EXPECT_TRUE(k.contains("limiting_node") && k["limiting_node"].is_null()) << k.dump(1);
  EXPECT_TRUE(k.contains("limiting_pressure") && k["limiting_pressure"].is_null());
  EXPECT_TRUE(k.contains("infeasibility") && k["infeasibility"].is_null());
  EXPECT_EQ(j["infeasibility"], "pressure");
  EXPECT_EQ(c["infeasibility"], "pressure");
}

// An infeasible verdict says its kind, in the report and summary.json: an input to mend
// ("set-up", refused before any iterate) apart from a capacity limit ("pressure") and a
// state that breaks a set-point ("limit"); both exited 2 alike (an operator's audit).
TEST_F(SimulateCli, AnInfeasibleVerdictSaysItsKind) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string g40 = test::GasLibDir() + "/GasLib-40/GasLib-40";
  const fs::path out = dir_ / "out";
  auto kind = [&](const std::string& g, std::vector<std::string> more) {
    std::vector<std::string> args = {"simulate", g + ".net", g + ".scn", "--no-timings",
                                     "--out", out.string()};
    args.insert(args.end(), more.begin(), more.end());
    const CliResult r = Run(args);
    EXPECT_EQ(r.status, 2) << r.out << r.err;
    const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
    const std::size_t at = r.out.find("Verdict                : infeasible (");
    if (at == std::string::npos || !j["infeasibility"].is_string()) {
      ADD_FAILURE() << r.out << "\n" << j["infeasibility"];
      return nlohmann::json();
    }
    const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    EXPECT_NE(line.find("(" + j["infeasibility"].get<std::string>() + ": "), std::string::npos)
        << line;
    return j;
  };
  // Both stations shut: exit02's part has no reference and takes gas.
  auto j = kind(g11, {"--set", "CS01_entry03_N01=closed", "--set", "CS02_N04_N05=closed"});
  EXPECT_EQ(j["infeasibility"], "set-up") << j["reason"];
  EXPECT_TRUE(j["max_mass_imbalance_kg_s"].is_null());
  j = kind(g11, {"--scale", "2"});
  EXPECT_EQ(j["infeasibility"], "pressure") << j["reason"];
  EXPECT_TRUE(j["limiting_node"].is_string());
  // A station asked for an outlet below its inlet, with plain set-points: the state holds
  // the equations and breaks the set-point.
  j = kind(g11, {"--set", "CS02_N04_N05=outlet:40", "--no-limits"});
  EXPECT_EQ(j["infeasibility"], "limit") << j["reason"];
  EXPECT_TRUE(j["equations_hold"].get<bool>());
  // A nomination that does not balance once two stations are shut, found after Newton ran
  // (it read "other" at the nomination and "limit" at half of it, a review found): set-up.
  for (const char* scale : {"1", "0.5"}) {
    j = kind(g40, {"--set", "compressorStation_4=closed", "--set",
                   "compressorStation_5=closed", "--scale", scale});
    EXPECT_EQ(j["infeasibility"], "set-up") << scale << " " << j["reason"];
    EXPECT_EQ(j["reason"].get<std::string>().rfind("the nomination does not balance", 0), 0u)
        << j["reason"];
  }
  // Set-points that no fraction of the load satisfies: the settings, not the load (it read
  // "pressure"). Plain set-points: with the element limits on, the control rounds now probe
  // a station at ratio 1 where set-points together leave no state, and converge.
  j = kind(g40, {"--set", "compressorStation_1=outlet:85", "--set",
                 "compressorStation_5=outlet:60", "--scale", "0.05", "--no-limits"});
  EXPECT_EQ(j["infeasibility"], "set-up") << j["reason"];
  EXPECT_NE(j["reason"].get<std::string>().find("not the nominated flow but the set-points"),
            std::string::npos)
      << j["reason"];
}

// GasLib-582's regulators at their set-points with its stations at ratio 1.1: the control
// rounds held controlValve_21 fully open with its outlet at 85.67 bar, above its 70.71 bar
// set-point, and ended "compressor station 'compressorStation_4', held at pressureOutMax
// 84.0032 bar, would run backwards ... neither in bypass nor shut does it leave a state".
// A state exists (with controlValve_21 in bypass too): a regulator whose outlet the
// network holds above its set-point shuts, and compressorStation_4 passes the gas back in
// bypass.
TEST_F(SimulateCli, ARegulatorHeldAboveItsSetPointShutsAndTheStationsFindAState) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const CliResult r =
      Run({"simulate", g + "GasLib-582-v2.net", g + "nomination_cold_5.scn",
           g + "GasLib-582-v2.cs", g + "GasLib-582-v2.cdf", "--controls",
           test::SourceDir() + "/tests/steady/data/GasLib-582_regulators_ratio_1.1.csv",
           "--decision", "dG_1=d2", "--decision", "dG_2=d2_4a_4g", "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  controlValve_21: closed: in the state it was shut in, fully open, it "
                       "passed 199.339 kg/s with its outlet innode_416 at 85.666822 bar, above "
                       "the 70.7133 bar it is set to"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  compressorStation_4: ratio 1 (bypass): it cannot close, and where it "
                       "runs gas would pass it backwards"),
            std::string::npos)
      << r.out;
}

TEST_F(SimulateCli, OptionsChangeTheModel) {
  CORRIDOR_REQUIRE_SHARED();
  CliResult r = SimulateG40({"--no-timings", "--friction", "colebrook", "--eos", "aga",
                             "--temperature", "10", "--no-height", "--slack", "source_1=80"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("friction colebrook-white; equation of state aga; height term off; T = 283.150 K"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("given: source_1 at 80.000000 bar"), std::string::npos);
}

// CNGA's coefficients from the command line (b2 in 1/bar; without them CNGA is ideal gas),
// only beside --eos cnga.
TEST_F(SimulateCli, CngaTakesItsCoefficients) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "cnga";
  CliResult r = SimulateG40({"--no-timings", "--eos", "cnga", "--no-height", "--cnga",
                             "1.00300865,-2e-3", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("equation of state cnga; height term off;"), std::string::npos) << r.out;
  // (In the unit --cnga takes, in the report and in summary.json's gas: the report said
  // "b2 = -2e-08 1/Pa", and the file had them only inside its model text.)
  EXPECT_NE(r.out.find("b1 = 1.00300865, b2 = -0.002 1/bar"), std::string::npos) << r.out;
  // CNGA's law integrates z(p); it has no z(p_m), and no varying z where b2 is 0.
  EXPECT_NE(r.out.find("; z(p) in the pressure integral inside Newton"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("z(p_m)"), std::string::npos) << r.out;
  {
    const CliResult b2_zero =
        SimulateG40({"--no-timings", "--eos", "cnga", "--no-height", "--cnga", "1.003,0"});
    ASSERT_EQ(b2_zero.status, 0) << b2_zero.out << b2_zero.err;
    EXPECT_NE(b2_zero.out.find("; exact Jacobian"), std::string::npos) << b2_zero.out;
    EXPECT_EQ(b2_zero.out.find("z(p"), std::string::npos) << b2_zero.out;
    // The pandapipes pipe model takes any equation of state's z at p_m, CNGA's too.
    const CliResult pp = SimulateG40({"--no-timings", "--eos", "cnga", "--no-height", "--cnga",
                                      "1.00300865,-2e-3", "--pipe-model", "pandapipes"});
    ASSERT_EQ(pp.status, 0) << pp.out << pp.err;
    EXPECT_NE(pp.out.find("; z(p_m) inside Newton"), std::string::npos) << pp.out;
  }
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["gas"]["cnga_b1"].get<double>(), 1.00300865) << j["gas"].dump();
  EXPECT_NEAR(j["gas"]["cnga_b2_per_bar"].get<double>(), -2e-3, 1e-17) << j["gas"].dump();
  r = SimulateG40({"--cnga", "1,0"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--cnga '1,0' needs --eos cnga"), std::string::npos) << r.err;
  r = SimulateG40({"--eos", "cnga", "--cnga", "0,1"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--cnga '0,1': expected B1,B2 (b1 > 0, b2 in 1/bar)"), std::string::npos)
      << r.err;
}

TEST_F(SimulateCli, ThreadsOptionKeepsTheReport) {
  CORRIDOR_REQUIRE_SHARED();
  CliResult one = SimulateG40({"--no-timings", "--threads", "1"});
  CliResult any = SimulateG40({"--no-timings"});
  ASSERT_EQ(one.status, 0) << one.out << one.err;
  EXPECT_EQ(one.out, any.out);
  CliResult bad = SimulateG40({"--threads", "-1"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("--threads"), std::string::npos) << bad.err;
}

TEST_F(SimulateCli, ElementSettings) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  // Plain set-points: with the limits compressorStation_1 goes to bypass (its inlet, 78 bar,
  // already lies above its pressureOutMax of 71 bar).
  CliResult r = SimulateG40({"--no-timings", "--no-limits", "--set",
                             "compressorStation_1=ratio:1.2", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // compressorStation_1 runs innode_6 -> sink_25 in GasLib-40: p_out = 1.2 p_in.
  const std::string nodes = Slurp(out / "nodes.csv");
  auto pressure = [&](const std::string& id) {
    const auto at = nodes.find("\n" + id + ",");
    EXPECT_NE(at, std::string::npos) << id;
    return std::stod(nodes.substr(nodes.find(',', at + 1) + 1));
  };
  EXPECT_NEAR(pressure("sink_25"), 1.2 * pressure("innode_6"), 1e-6);
  // Every station has a mode in arcs.csv: its set-point, the one it was given, or its
  // default (a valve closed by --set showed an empty mode beside its zero flow).
  r = SimulateG40({"--no-timings", "--no-limits", "--set", "compressorStation_1=ratio:1.2",
                   "--set", "compressorStation_3=closed", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string arcs = Slurp(out / "arcs.csv");
  auto mode = [&](const std::string& id) {
    const auto at = arcs.find("\n" + id + ",");
    EXPECT_NE(at, std::string::npos) << id;
    const std::string row = arcs.substr(at + 1, arcs.find('\n', at + 1) - at - 1);
    std::size_t f = 0;
    for (int k = 0; k < 10; ++k) f = row.find(',', f) + 1;  // the 11th column
    return row.substr(f, row.find(',', f) - f);
  };
  EXPECT_EQ(mode("compressorStation_1"), "ratio");
  EXPECT_EQ(mode("compressorStation_3"), "closed");
  EXPECT_EQ(mode("compressorStation_2"), "bypass");
  EXPECT_EQ(mode("pipe_1"), "");
  r = SimulateG40({"--set", "compressorStation_1=ratio", "--set", "pipe_1=fly"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--set 'compressorStation_1=ratio': expected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--set 'pipe_1=fly'"), std::string::npos) << r.err;
}

// The report names the active elements' settings, the defaults as such, and the rules in
// effect: --no-limits, --no-fuel and --ambient-temperature changed nothing in it, and
// GasLib-4197 under the defaults did not say that no regulator regulated.
TEST_F(SimulateCli, TheReportNamesTheElementSettingsAndRules) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g24 = test::GasLibDir() + "/GasLib-24/GasLib-24";
  CliResult r = Run({"simulate", g24 + ".net", g24 + ".scn", "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Element settings       : control valves 1 open (default: not "
                       "regulating); compressor stations 3 bypass (default); element limits "
                       "enforced\n"),
            std::string::npos)
      << r.out;
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  r = Run({"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs", "--no-timings", "--set",
           "CS02_N04_N05=ratio:1.1", "--no-limits", "--no-fuel", "--ambient-temperature", "35",
           "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string line =
      "valves 1 open (default); compressor stations 1 bypass (default), 1 ratio; element "
      "limits off (set-points are plain equations); no fuel gas drawn; gas turbines at 35.0 "
      "degC ambient";
  EXPECT_NE(r.out.find("Element settings       : " + line + "\n"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["elements"], line);
  EXPECT_FALSE(j["element_limits"].get<bool>());
  EXPECT_FALSE(j["fuel_gas"].get<bool>());
}

// Several given references in one part share the flows by their pressures: where that
// moves a nominated flow, the report says so (exit02 took 70.6 of its 120 silently).
TEST_F(SimulateCli, AReferenceThatTakesAnotherFlowThanNominatedIsNoted) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-timings", "--slack",
                     "entry01=70", "--slack", "exit02=65"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pressure reference 'exit02' takes out "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("where 120 were nominated to be taken out there"), std::string::npos)
      << r.out;
  // An exit that ends up feeding says both directions (it read "feeds 88.9 instead of the
  // 80 nominated there").
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-timings", "--slack", "exit02=55",
           "--slack", "exit03=70"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pressure reference 'exit03' feeds "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("where 80 were nominated to be taken out there"), std::string::npos)
      << r.out;
  // An inner node as a second reference: nothing was nominated there.
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-timings", "--slack", "entry01=60",
           "--slack", "N02=55"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pressure reference 'N02' feeds "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 1000 Nm3/h where nothing was nominated: with several"),
            std::string::npos)
      << r.out;
  // One reference: it takes what balances the nomination, which is what it nominates.
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-timings", "--slack", "entry01=70"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("pressure reference 'entry01'"), std::string::npos) << r.out;
  // A part without a reference, cut off by a closed station, is said to be cut off from the
  // references (it holds every entry: not "from every supply").
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-timings", "--set",
           "CS02_N04_N05=closed", "--slack", "exit02=50"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("closed elements cut it off from every pressure reference"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("from every supply"), std::string::npos) << r.out;
  // The closed element is named, and the flows are given in the nomination's unit too (the
  // reason said "closed elements" and kg/s only).
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-timings", "--set",
           "CS02_N04_N05=closed"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("closed elements cut it off from every pressure reference "
                       "(compressorStation 'CS02_N04_N05'), so nothing there"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("node exit02 withdraws 120 1000 Nm3/h ("), std::string::npos) << r.out;
}

// A case with reader errors is checked as far as it was read, as `check` does, and the
// options against it: one run lists every problem (a dangling arc and an unknown --set id
// were said only once the reader's error was mended). Nothing is solved or written.
TEST_F(SimulateCli, ReaderErrorsDoNotHideTheCasesOtherProblems) {
  namespace fs = std::filesystem;
  const std::string g11 = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net = Slurp(g11 + ".net");
  const std::size_t pipe = net.find("id=\"pipe02_N01_N02\"");
  ASSERT_NE(pipe, std::string::npos);
  const std::size_t length = net.find("value=\"", net.find("<length", pipe)) + 7;
  net.replace(length, net.find('"', length) - length, "-55");
  const std::size_t other = net.find("id=\"pipe03_entry02_N03\"");
  ASSERT_NE(other, std::string::npos);
  const std::size_t to = net.find("to=\"", other) + 4;  // (after the id, on its line)
  net.replace(to, net.find('"', to) - to, "N99");
  const fs::path bad = dir_ / "bad.net";
  ASSERT_TRUE(WriteFileAtomically(bad.string(), net).ok());
  const fs::path out = dir_ / "bad_out";
  const CliResult r = Run({"simulate", bad.string(), g11 + ".scn", "--set", "FOO=open", "--out",
                           out.string(), "--no-timings"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* said : {"[negative-value]", "to node 'N99' does not exist [dangling-arc]",
                           "--set names arc 'FOO', which the network does not have",
                           "the rest was checked as read"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
  EXPECT_FALSE(fs::exists(out));
}

// Read in part, a network may lack elements the options and files name: ones the reader
// could not build (an unknown element kind). They are no unknown-id; the controls file is
// then checked for its form alone; the case's own problems are still listed.
TEST_F(SimulateCli, AnElementTheReaderCouldNotBuildIsNoUnknownId) {
  namespace fs = std::filesystem;
  const std::string g11 = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net = Slurp(g11 + ".net");
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"<valve id=\"V01_N01_N03\"", "<valvex id=\"V01_N01_N03\""},
           {"</valve>", "</valvex>"},
           {"<source id=\"entry02\"", "<sourcex id=\"entry02\""}}) {
    const std::size_t at = net.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    net.replace(at, from.size(), to);
  }
  // (The source's closing tag: the first </source> after it.)
  const std::size_t close = net.find("</source>", net.find("<sourcex id=\"entry02\""));
  ASSERT_NE(close, std::string::npos);
  net.replace(close, 9, "</sourcex>");
  const fs::path bad = dir_ / "unbuilt.net";
  ASSERT_TRUE(WriteFileAtomically(bad.string(), net).ok());
  const fs::path controls = dir_ / "c.csv";
  ASSERT_TRUE(WriteFileAtomically(controls.string(), "id,mode,value\nV01_N01_N03,open,\n").ok());
  const CliResult r =
      Run({"simulate", bad.string(), g11 + ".scn", "--set", "V01_N01_N03=open", "--slack",
           "entry02=60", "--set", "NOPE=open", "--controls", controls.string(), "--no-timings"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err.find("'V01_N01_N03', which the network does not have"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("c.csv:2: error"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("entry02' which the network does not have"), std::string::npos) << r.err;
  // (Nor NOPE: an arc the reader could not build may be any.)
  EXPECT_EQ(r.err.find("[unknown-id]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the rest was checked as read"), std::string::npos) << r.err;
}

// A node whose pressure is undefined (a part cut off by a closed station, with nothing
// nominated there) has no violation either: nodes.csv wrote 0, which a GIS colouring by
// violation showed as within bounds.
TEST_F(SimulateCli, ANodeWithoutPressureHasNoViolation) {
  namespace fs = std::filesystem;
  const std::string g11 = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  // Nothing nominated at exit02 and exit03 (beyond the station), entry02 feeding exit01.
  std::string scn = Slurp(g11 + ".scn");
  for (const auto& [id, value] : std::vector<std::pair<std::string, std::string>>{
           {"entry01", "0.00"}, {"entry02", "100.00"}, {"exit02", "0.00"}, {"exit03", "0.00"}}) {
    const std::size_t node = scn.find("\"" + id + "\"");
    ASSERT_NE(node, std::string::npos) << id;
    for (const char* bound : {"bound=\"lower\"", "bound=\"upper\""}) {
      const std::size_t at = scn.find("value=\"", scn.find(bound, node)) + 7;
      scn.replace(at, scn.find('"', at) - at, value);
    }
  }
  const fs::path case_scn = dir_ / "idle.scn";
  ASSERT_TRUE(WriteFileAtomically(case_scn.string(), scn).ok());
  const fs::path out = dir_ / "idle";
  CliResult r = Run({"simulate", g11 + ".net", case_scn.string(), "--no-timings", "--set",
                     "CS02_N04_N05=closed", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string nodes = Slurp(out / "nodes.csv");
  int undefined = 0;
  std::istringstream in(nodes);
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line.rfind("id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,"
                       "violation_bar,",
                       0),
            0u)
      << line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    ASSERT_GE(cells.size(), 5u) << line;
    if (!cells[1].empty()) continue;
    ++undefined;
    EXPECT_EQ(cells[4], "") << line;  // no pressure, no violation
  }
  EXPECT_EQ(undefined, 3) << nodes;  // exit02, exit03, N05
}

// The gas in summary.json as given: the mixture of three sources of 0.785 kg/m3 was written
// 0.7849999999999999, and the unit conversions left 18.567400000000006 kg/kmol and
// -0.0021999999999999997 per bar. A value of more digits keeps them all.
TEST_F(SimulateCli, SummaryGivesTheGasAsGiven) {
  const std::string d = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--gas",
                     "mu=1.23456789012345e-5", "--friction", "colebrook-white", "--out",
                     out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string text = Slurp(out / "summary.json");
  for (const char* want :
       {"\"norm_density_kg_per_m3\": 0.785,", "\"molar_mass_kg_per_kmol\": 18.5674,",
        "\"linear_z_slope_per_bar\": -0.0022,",
        "\"dynamic_viscosity_Pa_s\": 1.23456789012345e-05,"})
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
}

TEST_F(SimulateCli, InfeasibleExitsTwoAndWritesOnlyTheSummary) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--no-timings", "--slack", "source_1=3", "--out", out.string()});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : infeasible"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pressure would fall below zero at node"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out / "nodes.csv"));
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  // The load continuation says how much of the nomination the 3 bar reference carries (a
  // few per cent); --no-continuation gives the cold starts' verdict alone.
  auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_GT(j["continuation_solves"].get<int>(), 2);
  EXPECT_NE(j["reason"].get<std::string>().find("(load continuation: "), std::string::npos)
      << j["reason"];
  EXPECT_NE(r.out.find("solves of the load continuation)"), std::string::npos) << r.out;
  // Its extremes are the last iterate's, and both outputs say so; the last iterate is no
  // state of the network, so no bound violations are listed (3 bar at the reference put
  // most nodes "below" their bounds).
  EXPECT_FALSE(j["equations_hold"].get<bool>());
  EXPECT_NE(r.out.find("(last iterate; its equations do not hold)"), std::string::npos) << r.out;
  // Not checked is null, not an empty list (read as "no violations").
  EXPECT_TRUE(j["bound_violations"].is_null()) << j["bound_violations"];
  EXPECT_TRUE(j["flow_bound_violations"].is_null()) << j["flow_bound_violations"];
  EXPECT_TRUE(j["within_bounds"].is_null()) << j["within_bounds"];
  EXPECT_NE(r.out.find("Bound violations       : not checked (no solved state)"),
            std::string::npos)
      << r.out;
  // Refused before any pressure was found (a part cut off without a reference): no
  // residuals, null, as the report's "not evaluated" (0.0 read as a solved state).
  {
    const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
    const fs::path o11 = dir_ / "refused";
    CliResult x = Run({"simulate", g11 + ".net", g11 + ".scn", "--set", "CS02_N04_N05=closed",
                       "--no-timings", "--out", o11.string()});
    EXPECT_EQ(x.status, 2) << x.out << x.err;
    EXPECT_NE(x.out.find("Max mass imbalance     : not evaluated"), std::string::npos) << x.out;
    const auto jx = nlohmann::json::parse(Slurp(o11 / "summary.json"));
    EXPECT_TRUE(jx["max_mass_imbalance_kg_s"].is_null()) << jx.dump();
    EXPECT_TRUE(jx["max_element_residual_Pa"].is_null()) << jx.dump();
  }
  r = SimulateG40({"--no-timings", "--slack", "source_1=3", "--no-continuation", "--out",
                   out.string()});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["verdict"], "infeasible");
  EXPECT_EQ(j["continuation_solves"].get<int>(), 0);
  EXPECT_EQ(j["reason"].get<std::string>().find("(load continuation:"), std::string::npos);
  EXPECT_NE(j["reason"].get<std::string>().find("the load continuation, off here, finds that"),
            std::string::npos)
      << j["reason"];
  // Where summary.json cannot be written the exit is 4 whatever the verdict (a script
  // reading the files after a 2 would find none); the report still says infeasible. (A
  // folder where summary.json goes; an --out under a file is refused before the solve.)
  const fs::path blocked = dir_ / "blocked";
  fs::create_directories(blocked / "summary.json");
  r = SimulateG40({"--no-timings", "--slack", "source_1=3", "--out", blocked.string()});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : infeasible"), std::string::npos) << r.out;
}

// A nomination's pressure bounds (GasLib scenarios bound an exit's contractual minimum) are
// the ones checked, where tighter than the network's: GasLib-11's exit01 at 61.12 bar was
// "within" the network's 40..70 bar beside a nominated minimum of 65 bar.
TEST_F(SimulateCli, TheNominationsPressureBoundsAreChecked) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::string scn = Slurp(g + ".scn");
  const std::string exit01 = "id=\"exit01\">";
  const std::size_t at = scn.find(exit01);
  ASSERT_NE(at, std::string::npos);
  scn.insert(at + exit01.size(),
             "\n      <pressure bound=\"lower\" value=\"65\" unit=\"bar\"/>"
             "\n      <pressure bound=\"upper\" value=\"80\" unit=\"bar\"/>");
  const std::string bounded = Write("bounded.scn", scn);
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", g + ".net", bounded, "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("node exit01: 61.123"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("below lower bound 65.000000 bar (the nomination's)"), std::string::npos)
      << r.out;
  auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  int found = 0;
  for (const auto& b : j["bound_violations"])
    if (b["node"] == "exit01") {
      ++found;
      EXPECT_EQ(b["bound_from"], "nomination");
      EXPECT_NEAR(b["bound_bar_abs"].get<double>(), 65.0, 1e-9);
    }
  EXPECT_EQ(found, 1) << j["bound_violations"];
  // nodes.csv: the lower bound the nomination gives, the upper the network's (80 is looser).
  const std::string nodes = Slurp(out / "nodes.csv");
  const std::size_t row = nodes.find("\nexit01,");
  ASSERT_NE(row, std::string::npos) << nodes;
  std::vector<std::string> f;
  std::stringstream line(nodes.substr(row + 1, nodes.find('\n', row + 1) - row - 1));
  for (std::string x; std::getline(line, x, ',');) f.push_back(x);
  ASSERT_GE(f.size(), 5u);
  EXPECT_EQ(f[2], "65");
  EXPECT_EQ(f[3], "70");
  EXPECT_NEAR(std::stod(f[4]), std::stod(f[1]) - 65.0, 1e-6);
}

// A failed verdict (the iteration limit) exits 3, as docs/physics.md says; only the summary
// is written.
TEST_F(SimulateCli, AFailedVerdictExitsThree) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "failed";
  CliResult r = SimulateG40({"--no-timings", "--max-iterations", "1", "--no-continuation",
                             "--slack", "source_1=40", "--out", out.string()});
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : failed"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_FALSE(fs::exists(out / "nodes.csv"));
}

// A converged state outside a bound exits 0, and 5 with --strict-bounds, the files written
// either way; within its bounds (GasLib-40 under its controls) --strict-bounds exits 0.
TEST_F(SimulateCli, StrictBoundsExitsFiveOutsideABound) {
  CORRIDOR_REQUIRE_SHARED();
  for (const bool strict : {false, true}) {
    const fs::path out = dir_ / (strict ? "strict" : "plain");
    std::vector<std::string> more = {"--no-timings", "--out", out.string()};
    if (strict) more.push_back("--strict-bounds");
    CliResult r = SimulateG40(more);
    EXPECT_EQ(r.status, strict ? 5 : 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Bound violations       : 4"), std::string::npos) << r.out;
    const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
    EXPECT_FALSE(j["within_bounds"].get<bool>());
    EXPECT_TRUE(fs::exists(out / "nodes.csv"));
  }
  const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40.cs";
  CliResult r = SimulateG40({g, "--controls", test::SourceDir() + "/data/controls/GasLib-40.csv",
                             "--strict-bounds"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Bound violations       : 0"), std::string::npos) << r.out;
}

// A pipe above its pressureMax (its design pressure) and a valve holding more than its
// pressureDifferentialMax are violations: both were read and never judged, exit 0 under
// --strict-bounds with GasLib-11's pipe01 at 70 bar against 40.
TEST_F(SimulateCli, ArcPressureLimitsAreJudged) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::string net;
  ASSERT_TRUE(ReadFileToString(g + ".net", &net).ok());
  const std::size_t pipe = net.find("id=\"pipe01_entry01_entry03\"");
  ASSERT_NE(pipe, std::string::npos);
  const std::string max200 = "<pressureMax unit=\"bar\" value=\"200\"/>";
  net.replace(net.find(max200, pipe), max200.size(), "<pressureMax unit=\"bar\" value=\"40\"/>");
  net = test::Replace(net, "<pressureDifferentialMax unit=\"bar\" value=\"120\"/>",
                      "<pressureDifferentialMax unit=\"bar\" value=\"1\"/>");
  const std::string file = Write("g11.net", net);
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", file, g + ".scn", "--set", "V01_N01_N03=closed", "--no-timings",
                     "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Arc-pressure violations: 2 (the largest first)\n"
                       "  pipe pipe01_entry01_entry03: 70.000000 bar at its higher end, above "
                       "its pressureMax 40.000000 bar by 30.0000 bar\n"
                       "  valve V01_N01_N03: 1.497635 bar held across it, above its "
                       "pressureDifferentialMax 1.000000 bar by 0.4976 bar\n"),
            std::string::npos)
      << r.out;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  ASSERT_EQ(j["arc_pressure_violations"].size(), 2u) << j.dump(1);
  EXPECT_EQ(j["arc_pressure_violations"][0]["arc"], "pipe01_entry01_entry03");
  EXPECT_EQ(j["arc_pressure_violations"][0]["limit"], "pressureMax");
  EXPECT_EQ(j["arc_pressure_violations"][1]["limit"], "pressureDifferentialMax");
  EXPECT_FALSE(j["within_bounds"].get<bool>());
  r = Run({"simulate", file, g + ".scn", "--set", "V01_N01_N03=closed", "--strict-bounds"});
  EXPECT_EQ(r.status, 5) << r.out << r.err;
  // The file's own limits hold: none, and exit 0 under --strict-bounds.
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "V01_N01_N03=closed", "--no-timings"});
  EXPECT_NE(r.out.find("Arc-pressure violations: 0\n"), std::string::npos) << r.out;
}

// A pipe beyond the isothermal speed of sound is no steady flow: infeasible (exit 2), the
// pipes listed in summary.json's sonic_flows (a note said it, and the run exited 0, then 5
// under --strict-bounds). TinyNet shortened to 10 m and 20 m between references at 70 and
// 40 bar, its flow bounds opened: every pressure and flow within its bounds.
TEST_F(SimulateCli, FlowBeyondTheSpeedOfSoundIsInfeasible) {
  std::string net = test::Replace(test::TinyNet(), "<length value=\"10\" unit=\"km\"/>",
                                  "<length value=\"0.01\" unit=\"km\"/>");
  net = test::Replace(net, "<length value=\"20\" unit=\"km\"/>",
                      "<length value=\"0.02\" unit=\"km\"/>");
  auto replace_all = [](std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos;
         at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
    return s;
  };
  net = replace_all(net, "value=\"-1000\"", "value=\"-1e5\"");
  net = replace_all(net, "value=\"1000\"", "value=\"1e5\"");
  const std::string file = Write("short.net", net), scn = Write("tiny.scn", test::TinyScn());
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", file, scn, "--slack", "S=70", "--slack", "T=40", "--no-timings",
                     "--out", out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("isothermal speed of sound"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["verdict"], "infeasible") << j.dump(1);
  EXPECT_EQ(j["limiting_pressure"], "choked") << j.dump(1);
  EXPECT_TRUE(j["equations_hold"].get<bool>()) << j.dump(1);
  EXPECT_EQ(j["limiting_node"], j["sonic_flows"][0]["arc"] == "P1" ? "N" : "T") << j.dump(1);
  EXPECT_TRUE(j["within_bounds"].is_null()) << j.dump(1);
  ASSERT_TRUE(j["sonic_flows"].is_array() && !j["sonic_flows"].empty()) << j.dump(1);
  const auto& worst = j["sonic_flows"][0];
  EXPECT_GE(worst["mass_flow_kg_per_s"].get<double>(),
            worst["choking_flow_kg_per_s"].get<double>());
  // Within the speed of sound (the full lengths): an empty list, and exit 0.
  const std::string plain = Write("plain.net", test::TinyNet());
  r = Run({"simulate", plain, scn, "--slack", "S=70", "--slack", "T=60", "--strict-bounds",
           "--no-timings", "--out", out.string()});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const auto k = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_TRUE(k["sonic_flows"].is_array() && k["sonic_flows"].empty()) << k.dump(1);
}

// --friction fixed with --lambda: every pipe's factor from the command line (issue 3's
// "a fixed lambda per pipe" was the library's alone). Given Nikuradse's own factors of a
// solved state, pipe by pipe, it is the same state: Nikuradse does not depend on the flow.
TEST_F(SimulateCli, FixedFrictionFactorsFromTheCommandLine) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40";
  const fs::path nik = dir_ / "nikuradse", fixed = dir_ / "fixed";
  CliResult r = SimulateG40({"--no-timings", "--out", nik.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<std::string> more = {"--no-timings", "--out", fixed.string(), "--friction",
                                   "fixed"};
  auto rows = [](const std::string& text) {
    std::vector<std::vector<std::string>> out;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ls(line);
      for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
      out.push_back(f);
    }
    return out;
  };
  int pipes = 0;
  for (const auto& f : rows(Slurp(nik / "arcs.csv")))
    if (f.size() > 9 && f[1] == "pipe") {
      more.push_back("--lambda");
      more.push_back(f[0] + "=" + f[9]);
      ++pipes;
    }
  ASSERT_GT(pipes, 30);
  r = SimulateG40(more);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("friction fixed;"), std::string::npos) << r.out;
  // The Model line says what Newton differentiates: z, and no lambda(Re) under fixed factors.
  EXPECT_NE(r.out.find("z(p_m) inside Newton (exact Jacobian); lambda fixed per pipe"),
            std::string::npos)
      << r.out;
  // summary.json keeps the factors, to run the state again: each pipe's here.
  {
    const auto j = nlohmann::json::parse(Slurp(fixed / "summary.json"));
    const auto& ff = j["fixed_friction_factors"];
    EXPECT_EQ(ff["pipes"], pipes);
    ASSERT_TRUE(ff.contains("by_pipe")) << ff.dump();
    EXPECT_EQ(ff["by_pipe"].size(), static_cast<std::size_t>(pipes));
    const auto nj = nlohmann::json::parse(Slurp(nik / "summary.json"));
    EXPECT_FALSE(nj.contains("fixed_friction_factors"));
    const fs::path uniform = dir_ / "uniform";
    ASSERT_EQ(SimulateG40({"--friction", "fixed", "--lambda", "0.012", "--out", uniform.string()})
                  .status,
              0);
    const auto uj = nlohmann::json::parse(Slurp(uniform / "summary.json"));
    EXPECT_EQ(uj["fixed_friction_factors"],
              nlohmann::json({{"pipes", pipes}, {"every_pipe", 0.012}}));
  }
  const auto a = rows(Slurp(nik / "nodes.csv")), b = rows(Slurp(fixed / "nodes.csv"));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k)
    // (bar; the factors were written with 9 digits)
    EXPECT_NEAR(std::stod(a[k][1]), std::stod(b[k][1]), 1e-6) << a[k][0];
  // A pipe left without a factor, an unknown pipe, a factor out of range, and --lambda
  // without --friction fixed: each named, nothing run.
  r = SimulateG40({"--friction", "fixed", "--lambda", "pipe_1=0.01", "--lambda", "nope=0.01"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--friction fixed needs a friction factor for every pipe"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("[missing-lambda]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--lambda names 'nope', which is not a pipe of the network"),
            std::string::npos)
      << r.err;
  r = SimulateG40({"--lambda", "0", "--lambda", "0.02", "--lambda", "x", "--lambda", "=0.1",
                   "--lambda", "pipe_1=0.01", "--lambda", "pipe_1=0.02", "--lambda",
                   "pipe_2=1.0000001", "--time-limit", "0"});
  EXPECT_EQ(r.status, 1);
  for (const char* part :
       {"--lambda '0': a friction factor is in (0, 1], not 0 [out-of-range]",
        // (Not "not 1": the value as given, to its last digit.)
        "--lambda 'pipe_2=1.0000001': a friction factor is in (0, 1], not 1.0000001 "
        "[out-of-range]",
        "--lambda 'x': expected VALUE or PIPE=VALUE, a friction factor in (0, 1] [bad-number]",
        "--lambda '=0.1': expected VALUE or PIPE=VALUE",
        "--lambda 'pipe_1=0.02': pipe 'pipe_1' is given twice [duplicate-id]",
        "which only --friction fixed takes (--friction is nikuradse) [needs-fixed-friction]",
        "--time-limit: Value 0 not in range"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
  // A value below a double's range is out of range, not malformed; a refused --lambda is
  // not followed by "needs a friction factor for every pipe"; a pipe's name may have white
  // space around it, as in the other options.
  r = SimulateG40({"--friction", "fixed", "--lambda", "1e-400", "--lambda", " pipe_1 = 0.02"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--lambda '1e-400': the value lies below a double's range (it would "
                       "read as 0); a friction factor is in (0, 1] [out-of-range]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("[missing-lambda]"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("[unknown-id]"), std::string::npos) << r.err;
  // A pipe's own refused value leaves the other pipes' need for one as it was.
  r = SimulateG40({"--friction", "fixed", "--lambda", "pipe_1=0"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[out-of-range]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[missing-lambda]"), std::string::npos) << r.err;
}

// A pendant pipe that cannot carry its flow is named with its own near end: GasLib-11 at
// twice its nomination said pipe07_N05_exit02 could not carry it "from node N04", the first
// node of the group that the bypassed CS02 joins to N05.
TEST_F(SimulateCli, APendantPipeIsBlamedFromItsOwnEnd) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--scale", "2", "--no-timings"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("pipe 'pipe07_N05_exit02' would have to carry 52.3333 kg/s into it (the "
                       "net withdrawal beyond it), more than it can from node N05 at "),
            std::string::npos)
      << r.out;
}

// An input among the outputs is refused and kept (--controls OUT/summary.json was written
// over by the summary).
TEST_F(SimulateCli, AnInputAmongTheOutputsIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  fs::create_directories(out);
  const std::string controls = (out / "summary.json").string();
  std::string text;
  ASSERT_TRUE(ReadFileToString(test::SourceDir() + "/data/controls/GasLib-40.csv", &text).ok());
  ASSERT_TRUE(WriteFileAtomically(controls, text).ok());
  CliResult r = SimulateG40({"--controls", controls, "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // before the solve: no report
  EXPECT_NE(r.err.find("writing it would destroy that input; choose another output path "
                       "[output-clash]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
  std::string back;
  ASSERT_TRUE(ReadFileToString(controls, &back).ok());
  EXPECT_EQ(back, text);
  EXPECT_FALSE(fs::exists(out / "nodes.csv"));
  // Nor through a folder not made yet and back (`--out OUT/new/..`): it was made, and the
  // controls file written over, exit 0.
  r = SimulateG40({"--controls", controls, "--out", (out / "new" / "..").string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("writing it would destroy that input"), std::string::npos) << r.err;
  ASSERT_TRUE(ReadFileToString(controls, &back).ok());
  EXPECT_EQ(back, text);
  EXPECT_FALSE(fs::exists(out / "new"));
}

// A run replaces the previous run's set as a whole: the nodes.csv and arcs.csv of a
// converged run do not stay beside the summary.json of a later infeasible one; and where
// the later run's write fails, the earlier set stays as it was.
TEST_F(SimulateCli, OutputsOfAnEarlierRunDoNotStayBesideANewSummary) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string nodes = Slurp(out / "nodes.csv"), arcs = Slurp(out / "arcs.csv");
  auto names = [&]() {
    std::vector<std::string> n;
    for (const auto& e : fs::directory_iterator(out)) n.push_back(e.path().filename().string());
    std::sort(n.begin(), n.end());
    return n;
  };

  // A folder where summary.json must go: the write fails (exit 4), nothing changes.
  fs::remove(out / "summary.json");
  fs::create_directories(out / "summary.json");
  r = SimulateG40({"--no-timings", "--slack", "source_1=3", "--out", out.string()});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_EQ(names(), (std::vector<std::string>{"arcs.csv", "network.geojson", "nodes.csv",
                                                "summary.json"}));
  EXPECT_EQ(Slurp(out / "nodes.csv"), nodes);
  EXPECT_EQ(Slurp(out / "arcs.csv"), arcs);

  fs::remove(out / "summary.json");
  r = SimulateG40({"--no-timings", "--slack", "source_1=3", "--out", out.string()});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(names(), std::vector<std::string>{"summary.json"});
  EXPECT_EQ(nlohmann::json::parse(Slurp(out / "summary.json"))["verdict"], "infeasible");
  EXPECT_NE(r.out.find("summary.json only: no converged solution to write"), std::string::npos)
      << r.out;
}

TEST_F(SimulateCli, BadOptionsAndInputLeaveNoOutput) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--friction", "moody", "--slack", "nowhere", "--out", out.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--friction 'moody' unknown"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--slack 'nowhere': expected NODE=BAR"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = SimulateG40({"--slack", "nowhere=60", "--out", out.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--slack names node 'nowhere', which the network does not have"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  // In the option's words, not the library's ("SteadyOptions.settings names arc").
  r = SimulateG40({"--set", "nope=open", "--out", out.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--set names arc 'nope', which the network does not have"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = Run({"simulate", test::GasLibDir() + "/GasLib-40/GasLib-40.net", "--out", out.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no nomination"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

// The options' problems that need the network are listed also where the case has errors
// of its own (an unbalanced nomination): they came only once the case was fixed.
TEST_F(SimulateCli, OptionProblemsAreListedBesideTheCasesErrors) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::string scn;
  ASSERT_TRUE(ReadFileToString(g + ".scn", &scn).ok());
  for (std::size_t at = 0; (at = scn.find("value=\"80.00\"", at)) != std::string::npos;)
    scn.replace(at, 13, "value=\"90.00\"");
  const std::string unbalanced = Write("unbalanced.scn", scn);
  const CliResult r = Run({"simulate", g + ".net", unbalanced, "--set", "nope=open", "--slack",
                           "nowhere=50", "--set", "V01_N01_N03=ratio:2"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* want : {"[unbalanced-nomination]",
                           "--set names arc 'nope', which the network does not have",
                           "valve 'V01_N01_N03' does not take mode ratio",
                           "--slack names node 'nowhere', which the network does not have"})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  // The values the command line's own checks refuse too: they stopped the run before the
  // case was read, and its errors went unsaid.
  const CliResult c = Run({"simulate", g + ".net", unbalanced, "--threads", "-1", "--gravity",
                           "nan", "--scale", "0", "--set", "nope=open"});
  EXPECT_EQ(c.status, 1) << c.out << c.err;
  for (const char* want : {"[unbalanced-nomination]", "--threads: Value -1 not in range",
                           "--gravity: 'nan' is not a finite decimal number", "--scale: Value 0",
                           "--set names arc 'nope', which the network does not have"})
    EXPECT_NE(c.err.find(want), std::string::npos) << want << "\n" << c.err;
}

// An empty file or folder name is refused by every command (exit 1, validate's unusable
// input 2: its 1 says a case failed): an unset variable in a script (`--out "$DIR"`) ran
// with the defaults or wrote nothing, and exited 0.
TEST_F(SimulateCli, AnEmptyPathIsRefusedByEveryCommand) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40";
  const std::vector<std::vector<std::string>> runs = {
      {"simulate", g + ".net", g + ".scn", "--out", ""},
      {"simulate", g + ".net", g + ".scn", "--plots", ""},
      {"simulate", g + ".net", g + ".scn", "--controls", ""},
      {"simulate", g + ".net", ""},
      {"check", ""},
      {"convert", g + ".net", "--to", "json", "-o", ""},
      {"validate", ""},
      {"track", g + ".net", g + ".scn", "--out", ""},
      {"track", g + ".net", g + ".scn", "--groups", ""},
      {"hydro", ""},
      {"hydro", "--inflow", ""},
      {"hydro", "--out", ""},
      {"run", "baseline", "--data", ""}};
  for (const auto& args : runs) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.status, args[0] == "validate" ? 2 : 1)
        << args[0] << " " << args[args.size() - 2] << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("needs a file or folder name, got \"\""), std::string::npos)
        << args[0] << " " << args[args.size() - 2] << "\n" << r.err;
    EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
  }
  // So are the empty lists of --gas and --cnga (they ran with the defaults, exit 0), and
  // run's empty --out says its rule as the others do.
  for (const char* option : {"--gas", "--cnga"}) {
    const CliResult r = Run({"simulate", g + ".net", g + ".scn", option, ""});
    EXPECT_EQ(r.status, 1) << option << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(fmt::format("{}: needs ", option)), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(", got \"\" [missing-value]"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
  }
  // The next option is no value (a review's probe: "run baseline --out --no-timings" wrote
  // into a folder "--no-timings"), by every command.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "baseline", "--out", "--no-timings"},
        std::vector<std::string>{"run", "baseline", "--data", "--no-headroom"},
        std::vector<std::string>{"simulate", g + ".net", g + ".scn", "--out", "--no-timings"},
        std::vector<std::string>{"track", g + ".net", g + ".scn", "--out", "--no-timings"},
        // A single dash too ("--out -h" wrote into a folder "-h", exit 0).
        std::vector<std::string>{"run", "baseline", "--out", "-h"},
        std::vector<std::string>{"simulate", g + ".net", g + ".scn", "--out", "-h"},
        std::vector<std::string>{"track", g + ".net", g + ".scn", "--out", "-x"},
        std::vector<std::string>{"hydro", "--out", "-h"}}) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.status, 1) << args[args.size() - 2] << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("got the option '" + args.back() + "'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[missing-value]"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(args.back())) << args.back();
  }
  // "-" alone is standard output, which no option but convert's -o takes (--out - made a
  // folder "-"); a positional argument after "--" is a file, whatever its first character.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "baseline", "--out", "-"},
        std::vector<std::string>{"simulate", g + ".net", g + ".scn", "--out", "-"},
        std::vector<std::string>{"hydro", "--out", "-"}}) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.status, 1) << args[0] << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("got '-' (standard input or output, which this option does not take; "
                         "a file so named is given as ./-) [missing-value]"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists("-"));
  }
  const CliResult dashed = Run({"check", "--", "-g.net"});
  EXPECT_EQ(dashed.status, 1) << dashed.err;
  EXPECT_EQ(dashed.err.find("got the option"), std::string::npos) << dashed.err;
  EXPECT_NE(dashed.err.find("-g.net"), std::string::npos) << dashed.err;  // (not found)
  const CliResult run = Run({"run", "baseline", "--out", ""});
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("--out needs a folder name, got \"\" [missing-value]"),
            std::string::npos)
      << run.err;
}

// --save-controls naming the folder --out or --plots writes into is refused before the
// solve, naming both options (it solved, then said "same: is a folder, cannot write a file
// there" of a folder that did not exist before).
TEST_F(SimulateCli, SaveControlsIntoAnOutputFolderIsRefusedFirst) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40";
  const std::string same = (dir_ / "same").string();
  for (const char* option : {"--out", "--plots"}) {
    const CliResult r =
        Run({"simulate", g + ".net", g + ".scn", "--save-controls", same, option, same});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(fmt::format("--save-controls {} names the folder {} writes into: give "
                                     "the file another name [output-clash]",
                                     same, option)),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(same));
  }
}

// An element or node given twice on the command line is an error, as the two values cannot
// both hold: neither the last --set nor the last --slack silently wins.
TEST_F(SimulateCli, RepeatedSetOrSlackIsAnError) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "out";
  CliResult r = SimulateG40({"--set", "compressorStation_1=closed", "--set",
                             "compressorStation_1=bypass", "--slack", "source_1=60", "--slack",
                             "source_1=61", "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--set names arc 'compressorStation_1' twice "
                       "('compressorStation_1=closed' and 'compressorStation_1=bypass')"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--slack names node 'source_1' twice ('source_1=60' and 'source_1=61')"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("SteadyOptions"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
}

// nodes.csv gives each node's injection in 1000 Nm3/h too, as the nomination does (a GasLib
// user found it in kg/s only): GasLib-11's entry01, nominated 160, reads 160.
TEST_F(SimulateCli, NodesCsvGivesInjectionsAsNominated) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string nodes = Slurp(out / "nodes.csv");
  EXPECT_EQ(nodes.rfind("id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,"
                        "violation_bar,injection_kg_per_s,fuel_gas_kg_per_s,height_m,"
                        "injection_1000Nm3_per_h\n",
                        0),
            0u)
      << nodes;
  const std::size_t row = nodes.find("\nentry01,");
  ASSERT_NE(row, std::string::npos) << nodes;
  const std::string line = nodes.substr(row + 1, nodes.find('\n', row + 1) - row - 1);
  EXPECT_EQ(line.substr(line.rfind(',') + 1), "160") << line;
  // --scale multiplies every nominated flow, and says so.
  r = Run({"simulate", g + ".net", g + ".scn", "--no-timings", "--scale", "1.5", "--out",
           out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Note                   : every nominated flow is the nomination's "
                       "times 1.5 (--scale; the checks of the case judged the file's flows)"),
            std::string::npos)
      << r.out;
  // The checks judge the file's flows, at its lines: 160 x 100 = 16 000 was reported at the
  // .scn's line as if written there.
  r = Run({"simulate", g + ".net", g + ".scn", "--no-timings", "--scale", "100"});
  EXPECT_EQ(r.err.find("16000"), std::string::npos) << r.err;
  const std::string scaled = Slurp(out / "nodes.csv");
  const std::size_t at = scaled.find("\nentry01,");
  ASSERT_NE(at, std::string::npos) << scaled;
  const std::string entry = scaled.substr(at + 1, scaled.find('\n', at + 1) - at - 1);
  EXPECT_EQ(entry.substr(entry.rfind(',') + 1), "240") << entry;
  for (const char* bad : {"0", "nan", "1000"}) {
    r = Run({"simulate", g + ".net", g + ".scn", "--scale", bad});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    // The option's error, beside the case's warning (gas-inconsistent): the case is read
    // so that one run lists all (it was not, for a value CLI11's checks refused).
    EXPECT_NE(r.err.find("\ncorridor simulate: --scale: "), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
    EXPECT_NE(r.err.find("[gas-inconsistent]"), std::string::npos) << r.err;
  }
}

// Two things a GasLib user took for a fault of the tool are said beside the state: a .cdf is
// read and checked but not applied, and the bounds violated with every active element at
// its default (GasLib-582's cold_5: 81 of them) are what the operator's settings prevent.
TEST_F(SimulateCli, UnappliedDecisionsAndDefaultElementsAreNoted) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const std::vector<std::string> files = {g + "GasLib-582-v2.net", g + "nomination_cold_5.scn",
                                          g + "GasLib-582-v2.cs", g + "GasLib-582-v2.cdf"};
  std::vector<std::string> args = {"simulate", "--no-timings"};
  args.insert(args.end(), files.begin(), files.end());
  CliResult r = Run(args);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Note                   : the .cdf's 2 decision group(s) were read and "
                       "checked, not applied"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Note                   : every control valve and compressor station is "
                       "at its default"),
            std::string::npos)
      << r.out;
  // The 81 bound violations are listed the largest first (in the network's order the first
  // 20 showed 0.3 bar beside 63 bar).
  ASSERT_NE(r.out.find("Bound violations       : 81 (the largest first)\n"), std::string::npos)
      << r.out;
  std::vector<double> by;
  for (std::size_t at = r.out.find(" by ", r.out.find("Bound violations"));
       at != std::string::npos && by.size() < 20; at = r.out.find(" by ", at + 1)) {
    std::size_t unit = 0;
    const double v = std::stod(r.out.substr(at + 4), &unit);
    by.push_back(r.out.compare(at + 4 + unit, 4, " bar") == 0 ? v : v / 1e5);  // or Pa
  }
  ASSERT_EQ(by.size(), 20u) << r.out;
  EXPECT_TRUE(std::is_sorted(by.rbegin(), by.rend())) << r.out;
  EXPECT_GT(by.front(), 60.0) << r.out;
  // Modes without a set-point regulate nothing either: said so (decisions that close and
  // bypass elements dropped the hint); a set-point ends it.
  args.push_back("--set");
  args.push_back("compressorStation_1=bypass");
  r = Run(args);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Bound violations"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("is at its default"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Note                   : no control valve or compressor station is "
                       "given a set-point (each is open, closed or in bypass): it is their "
                       "set-points that keep"),
            std::string::npos)
      << r.out;
  args.back() = "compressorStation_1=ratio:1.1";
  r = Run(args);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Bound violations"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("given a set-point"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("is at its default"), std::string::npos) << r.out;
}

// Infeasible for want of pressure with every station in its default bypass: the reason
// blamed the pipes alone (an operator's audit: GasLib-11 at twice its nomination, which
// CS02 at an outlet set-point of 65 bar carries). A note names the stations in bypass; one
// set closed is not among them, and a set-point ends the note.
TEST_F(SimulateCli, AnInfeasibleNominationNamesTheStationsInBypass) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::vector<std::string> args = {"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs",
                                   "--scale", "2", "--no-timings"};
  CliResult r = Run(args);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  // The one on the gas' way to exit02, where the pressure ran out (it named both stations
  // of the network, the first three of any).
  EXPECT_NE(r.out.find("Note                   : 1 compressor station in bypass (CS02_N04_N05; "
                       "its default) lies on the gas' way to exit02, where the pressure ran "
                       "out (of the network's 2, 2 in bypass): the pipes alone cannot carry the "
                       "nomination there, and its set-point may"),
            std::string::npos)
      << r.out;
  args.insert(args.end(), {"--set", "CS01_entry03_N01=bypass"});
  r = Run(args);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("1 compressor station in bypass (CS02_N04_N05) lies on the gas' way to "
                       "exit02"),
            std::string::npos)
      << r.out;
  args.back() = "CS02_N04_N05=outlet:65";
  const fs::path out = dir_ / "cs02";
  args.insert(args.end(), {"--out", out.string()});
  r = Run(args);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("in bypass ("), std::string::npos) << r.out;
  // The limit not held, which only the report and summary.json said, is in arcs.csv too,
  // at its station (whose limit column gives the machine limit that holds it).
  const std::string held = "violates pressureInMin 40 bar by 12.947";
  ASSERT_NE(r.out.find("  CS02_N04_N05: " + held), std::string::npos) << r.out;
  const std::string arcs = Slurp(out / "arcs.csv");
  EXPECT_EQ(arcs.rfind("id,", 0), 0u);
  EXPECT_NE(arcs.find(",decision,limits_not_held\n"), std::string::npos) << arcs;
  const std::size_t row = arcs.find("\nCS02_N04_N05,");
  ASSERT_NE(row, std::string::npos) << arcs;
  const std::string line = arcs.substr(row + 1, arcs.find('\n', row + 1) - row - 1);
  EXPECT_NE(line.find(",machine limit,"), std::string::npos) << line;
  EXPECT_NE(line.find(",," + held), std::string::npos) << line;
  const std::size_t other = arcs.find("\nCS01_entry03_N01,");
  ASSERT_NE(other, std::string::npos);
  EXPECT_EQ(arcs[arcs.find('\n', other + 1) - 1], ',') << arcs.substr(other, 200);
  // summary.json gives it by element and limit, not as one string to take apart.
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"))["unheld_limits"];
  ASSERT_EQ(j.size(), 1u) << j;
  EXPECT_EQ(j[0]["id"], "CS02_N04_N05");
  EXPECT_EQ(j[0]["limit"], "inlet pressure min");
  EXPECT_TRUE(j[0]["machine_limit"].is_null());
  EXPECT_EQ(j[0]["text"].get<std::string>().rfind(held, 0), 0u) << j;
  // An entry that pushes more than the pipes carry away: the way runs from it, and the
  // note says so (it said "to entry02, where the pressure ran out", a review found).
  std::string scn = Slurp(g11 + ".scn");
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"\"140.00\"", "\"6000\""},
                                 {"\"120.00\"", "\"5980\""}})
    for (std::size_t at = scn.find(from); at != std::string::npos; at = scn.find(from, at))
      scn.replace(at, from.size(), to);
  const fs::path push = dir_ / "push.scn";
  std::ofstream(push) << scn;
  r = Run({"simulate", g11 + ".net", push.string(), "--slack", "exit02=60", "--no-timings"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("1 compressor station in bypass (CS02_N04_N05; its default) lies on the "
                       "gas' way from entry02, whose pressure would have to rise past any that "
                       "carries it away"),
            std::string::npos)
      << r.out;
}

// A drive with GasLib's placeholder fuel data (0.01, 0, 0) burns shaft power over the
// default drive efficiency: only summary.json's fuel_model_given said so, and GasLib-135's
// 24.9 MW read as the drive's own figure (an operator's audit). GasLib-11's drives have
// fuel data: no such words.
TEST_F(SimulateCli, AnAssumedFuelIsSaid) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-135/GasLib-135";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", g + ".cs", "--set",
                     "compressorStation_17=ratio:1.1", "--no-limits", "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(", assumed: no fuel data for its drive, shaft power / 0.35), machines "),
            std::string::npos)
      << r.out;
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  r = Run({"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs", "--set",
           "CS02_N04_N05=ratio:1.2", "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("    configuration 1: shaft power "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("assumed: no fuel data"), std::string::npos) << r.out;
}

// Two stations at outlet set-points with no state at any load: the reason blamed "the
// nominated flow" at 5 % of GasLib-40's nomination, where the load continuation found no
// fraction down to 1.6 % (an operator's audit). It now says that the set-points, not the
// nomination, ask too much. (The audit's case, compressorStation_1 and _3 at outlets of 70
// bar beside a 55 bar reference at source_1, converges with the element limits on since
// the control rounds probe a station at ratio 1: _1 stays there, and the report says why;
// as plain set-points it is refused as a pocket, _3's inlet side meeting its outlet through
// pipes. GasLib-40's _1 at 85 bar beside _5 at 60 is refused as the audit's was.)
TEST_F(SimulateCli, SetPointsWithoutAStateAtAnyLoadAreBlamedNotTheNomination) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", g + ".cs", "--set",
                     "compressorStation_1=outlet:85", "--set", "compressorStation_5=outlet:60",
                     "--scale", "0.05", "--no-limits", "--no-timings"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("; but no fraction of the nomination down to 1.562 % has a state either: "
                       "not the nominated flow but the set-points "
                       "(compressorStation_1 outlet_pressure, compressorStation_5 "
                       "outlet_pressure) ask more of the pipes than they carry"),
            std::string::npos)
      << r.out;
  r = Run({"simulate", g + ".net", g + ".scn", g + ".cs", "--slack", "source_1=55", "--set",
           "compressorStation_1=outlet:70", "--set", "compressorStation_3=outlet:70", "--scale",
           "0.05", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  compressorStation compressorStation_1: outlet_pressure 70 bar -> at "
                       "ratio 1 (its inlet innode_6 at "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("lies below the 70 bar asked, but the control rounds found no "
                       "consistent state with it there)"),
            std::string::npos)
      << r.out;
}

// --slack replaces a controls file's node pressures, as documented; the file's reference
// vanished from the run without a word (an operator's audit). A note names it; without
// --slack the file's reference is used and nothing is said.
TEST_F(SimulateCli, SlackSaysWhichControlsFileReferencesItReplaces) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string ctl = Write("ref.csv", "id,mode,value\nexit02,pressure,50\n");
  CliResult r = Run({"simulate", g11 + ".net", g11 + ".scn", "--controls", ctl, "--slack",
                     "entry01=70", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Pressure references    : given: entry01 at 70.000000 bar"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Note                   : --slack replaces the pressure references of "
                       "the controls file " + ctl + " (exit02 at 50 bar): the references are "
                       "--slack's alone"),
            std::string::npos)
      << r.out;
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--controls", ctl, "--no-timings"});
  EXPECT_NE(r.out.find("exit02 at 50.000000 bar"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("--slack replaces"), std::string::npos) << r.out;
}

// --set overrides a controls file's row, as documented, and says so (the row went from the
// run without a word); a --set that gives the row's own setting says nothing.
TEST_F(SimulateCli, SetSaysWhichControlsFileRowsItOverrides) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string ctl = test::SourceDir() + "/data/controls/GasLib-11.csv";
  CliResult r = Run({"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs", "--controls", ctl,
                     "--set", "CS01_entry03_N01=outlet:61", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Note                   : --set overrides 1 row of the controls file " +
                       ctl + ": CS01_entry03_N01 (outlet_pressure 62 bar -> outlet_pressure 61 "
                       "bar)"),
            std::string::npos)
      << r.out;
  r = Run({"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs", "--controls", ctl, "--set",
           "CS01_entry03_N01=outlet:62", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("--set overrides"), std::string::npos) << r.out;
}

// A converged state with nodes it gives no pressure is not within bounds no one judged: a
// zero nomination read within_bounds true, exit 0 under --strict-bounds, with no pressure
// anywhere (helper-286).
TEST_F(SimulateCli, NodesWithoutAPressureAreNotWithinBounds) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::string scn;
  ASSERT_TRUE(ReadFileToString(g11 + ".scn", &scn).ok());
  scn = std::regex_replace(scn, std::regex(R"(value="[0-9.]+" unit="1000m_cube_per_hour")"),
                           R"(value="0" unit="1000m_cube_per_hour")");
  const std::string zero = Write("zero.scn", scn);
  const std::string out = (dir_ / "zero").string();
  CliResult r = Run({"simulate", g11 + ".net", zero, "--strict-bounds", "--out", out});
  EXPECT_EQ(r.status, 5) << r.out << r.err;
  std::string summary;
  ASSERT_TRUE(ReadFileToString(out + "/summary.json", &summary).ok());
  EXPECT_NE(summary.find("\"nodes_without_pressure\": 11"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"within_bounds\": false"), std::string::npos) << summary;
  r = Run({"simulate", g11 + ".net", zero});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

// Options the case gives nothing to act on are said, as --ratio-forward-only's warning is
// (--no-fuel, --ambient-temperature without machine data, --gravity on a level network:
// the report was the same byte for byte with them and without).
TEST_F(SimulateCli, OptionsThatChangeNothingHereAreSaid) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g11 + ".net", g11 + ".scn", "--no-fuel", "--ambient-temperature",
                     "30", "--gravity", "9.81", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Note                   : --no-fuel, --ambient-temperature and --gravity "
                       "change nothing here: no running station has machine data (.cs) whose "
                       "drives burn fuel or lose power to the heat; every node lies at 0 m, so "
                       "no pipe rises"),
            std::string::npos)
      << r.out;
  // With its machines running, they act.
  r = Run({"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs", "--controls",
           test::SourceDir() + "/data/controls/GasLib-11.csv", "--no-fuel", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("nothing here"), std::string::npos) << r.out;
}

// A unit held at a limit within its tolerance reads 0 there, not the round-off's sign:
// "nearest other limit speed max (4.44e-16)" read as violated by the sign rule
// (helper-286; GasLib-11 with its controls file at 1.35 times its nomination).
TEST_F(SimulateCli, ALimitHeldWithinItsToleranceReadsZero) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g11 + ".net", g11 + ".scn", g11 + ".cs", "--controls",
                     test::SourceDir() + "/data/controls/GasLib-11.csv", "--scale", "1.35",
                     "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("nearest other limit speed max (0)"), std::string::npos) << r.out;
  EXPECT_FALSE(std::regex_search(r.out, std::regex(R"(limit [a-z ]+ \([0-9.]+e-1[0-9]\))")))
      << r.out;
}

// --decisions applies a .cdf: GasLib-4197's 406 groups of one decision close 146 valves, 12
// control valves and a station; its 7 groups of several wait for --decision; valve_22, which
// the network lacks, is skipped; --set stands over a decision and is named; the decided flow
// directions are checked in the state.
TEST_F(SimulateCli, DecisionsAreApplied) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-4197/GasLib-4197";
  const fs::path out = dir_ / "out";
  std::vector<std::string> args = {"simulate",     g + ".net",    g + ".cs",
                                   g + ".cdf",     "--no-timings", "--out",
                                   out.string(),   "--decisions"};
  args.insert(args.begin() + 2, test::GasLibDir() + "/GasLib-4197/nomination_mild_0006.scn");
  CliResult r = Run(args);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Note                   : the .cdf's decisions are applied "
                       "(--decisions): 406 of its 413 group(s) taken (each its group's only "
                       "decision), which close 159, open 261, put 4 in bypass and run 11 "
                       "element(s) beneath --controls and --set; 7 group(s) allow several "
                       "decisions and none was chosen, so their elements keep their settings: "
                       "dG_9 (dG_9_d_1, dG_9_d_2), dG_10 (dG_10_d_1, dG_10_d_2, dG_10_d_3, "
                       "dG_10_d_4), "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" and 2 more (choose with --decision GROUP=DECISION); 1 element(s) they "
                       "name are not in the network as that kind, skipped: valve_22\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("valves 19 open (default), 146 closed, 261 open; control valves "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("not applied"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(Slurp(out / "summary.json"))["decisions"];
  EXPECT_EQ(j["groups"], 413);
  EXPECT_EQ(j["taken"].size(), 406u);
  EXPECT_EQ(j["open_groups"].size(), 7u);
  EXPECT_EQ(j["settings"].size(), 424u);
  EXPECT_EQ(j["skipped"], nlohmann::json::array({"valve_22"}));
  EXPECT_EQ(j["run_without_set_point"].size(), 11u);
  EXPECT_EQ(j["run"].size(), 11u);
  ASSERT_TRUE(j["direction_violations"].is_array());
  // Each listed element carries gas against its decision in arcs.csv too: dG_17's three.
  const std::string arcs = Slurp(out / "arcs.csv");
  ASSERT_EQ(j["direction_violations"].size(), 3u) << j["direction_violations"];
  for (const auto& v : j["direction_violations"]) {
    EXPECT_EQ(v["group"], "dG_17");
    const std::size_t row = arcs.find("\n" + v["id"].get<std::string>() + ",");
    ASSERT_NE(row, std::string::npos) << v;
    std::stringstream line(arcs.substr(row + 1, arcs.find('\n', row + 1) - row - 1));
    std::string field;
    for (int k = 0; k < 5; ++k) std::getline(line, field, ',');  // mass_flow_kg_per_s
    const double q = std::stod(field);
    EXPECT_NEAR(q, v["mass_flow_kg_per_s"].get<double>(), 1e-8 * std::abs(q)) << v;
    EXPECT_GT(std::abs(q), 1.0) << v;
    EXPECT_EQ(q < 0.0, v["decided_direction"] == "from -> to") << v;
  }
  // A closed valve opened by --set and an element the decisions run closed by it: the
  // settings stand, and the note names both; the closed one waits for no set-point.
  std::string valve, group, decision;
  for (const auto& e : j["settings"])
    if (e["mode"] == "closed" && e["id"].get<std::string>().rfind("valve_", 0) == 0) {
      valve = e["id"];
      group = e["group"];
      decision = e["decision"];
      break;
    }
  ASSERT_FALSE(valve.empty());
  // arcs.csv names the decision that set it.
  EXPECT_NE(arcs.find("\n" + valve + ",valve,"), std::string::npos);
  {
    const std::size_t row = arcs.find("\n" + valve + ",valve,");
    std::string line = arcs.substr(row + 1, arcs.find('\n', row + 1) - row - 1);
    line = line.substr(0, line.rfind(','));  // (limits_not_held, empty: held)
    EXPECT_EQ(line.substr(line.rfind(',') + 1), group + "/" + decision) << line;
  }
  const std::string run = j["run"][0]["id"];
  std::string bypassed;  // a control valve the decisions bypass: given open, the same mode
  for (const auto& e : j["settings"])
    if (e["mode"] == "bypass") bypassed = e["id"];
  ASSERT_FALSE(bypassed.empty());
  args.insert(args.end(), {"--set", valve + "=open", "--set", run + "=closed", "--set",
                           bypassed + "=open"});
  r = Run(args);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string named = fmt::format(
      "{} (closed by {}/{}, given open), {} (run by {}/{}, given closed)", valve, group,
      decision, run, j["run"][0]["group"].get<std::string>(),
      j["run"][0]["decision"].get<std::string>());
  EXPECT_NE(r.out.find("2 element(s) the decisions set are set otherwise by --controls or "
                       "--set, which stand: " + named),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("beneath --controls and --set (2 of them set otherwise there)"),
            std::string::npos)
      << r.out;
  j = nlohmann::json::parse(Slurp(out / "summary.json"))["decisions"];
  ASSERT_EQ(j["overridden"].size(), 2u);
  EXPECT_EQ(j["overridden"][0]["id"], valve);
  EXPECT_EQ(j["overridden"][0]["decided"], "closed");
  EXPECT_EQ(j["overridden"][0]["given"], "open");
  EXPECT_EQ(j["overridden"][1]["decided"], "run");
  EXPECT_EQ(j["run_without_set_point"].size(), 10u);
  for (const auto& id : j["run_without_set_point"]) EXPECT_NE(id, run);
  EXPECT_NE(r.out.find("145 closed, 262 open"), std::string::npos) << r.out;
}

// --save-controls writes the settings a run solved with as a controls file: given back with
// --controls (no .cdf, no --decisions), the same state, to the bit; what the decisions run
// without a set-point is in its comments; a path that is an input is refused, nothing
// written.
TEST_F(SimulateCli, SavedControlsGiveTheSameState) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-4197/GasLib-4197";
  const std::string scn = test::GasLibDir() + "/GasLib-4197/nomination_mild_0006.scn";
  const fs::path saved = dir_ / "sub" / "saved.csv", a = dir_ / "a", b = dir_ / "b";
  CliResult r = Run({"simulate", g + ".net", scn, g + ".cs", g + ".cdf", "--decisions",
                     "--no-timings", "--slack", "source_10=100", "--out", a.string(),
                     "--save-controls", saved.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Controls saved         : " + saved.string() +
                       " (424 element setting(s), 1 pressure reference(s))"),
            std::string::npos)
      << r.out;
  const std::string text = Slurp(saved);
  EXPECT_NE(text.find("# The .cdf's decisions run 11 element(s) without a set-point"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nsource_10,pressure,100\n"), std::string::npos) << text;
  r = Run({"simulate", g + ".net", scn, g + ".cs", "--no-timings", "--controls",
           saved.string(), "--out", b.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(Slurp(a / "nodes.csv"), Slurp(b / "nodes.csv"));
  // arcs.csv too, but for the decision column, which names the decisions of the first run
  // (the last but one: limits_not_held follows).
  auto but_last = [&](const fs::path& p) {
    std::istringstream in(Slurp(p));
    std::string out;
    for (std::string line; std::getline(in, line);) {
      const std::size_t last = line.rfind(',');
      out += line.substr(0, line.rfind(',', last - 1)) + line.substr(last) + "\n";
    }
    return out;
  };
  EXPECT_EQ(but_last(a / "arcs.csv"), but_last(b / "arcs.csv"));
  // Over the controls file it read: refused before the solve (no report), the file as it
  // was.
  r = Run({"simulate", g + ".net", scn, g + ".cs", "--no-timings", "--controls",
           saved.string(), "--save-controls", saved.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("writing it would destroy that input; choose another output path "
                       "[output-clash]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
  EXPECT_EQ(Slurp(saved), text);
  // Nor over one of --out's files: an infeasible run (no nodes.csv of its own to write)
  // removed the last run's nodes.csv and saved the controls there.
  const std::string nodes = Slurp(b / "nodes.csv");
  r = Run({"simulate", g + ".net", scn, g + ".cs", "--no-timings", "--controls", saved.string(),
           "--slack", "source_10=3", "--out", b.string(), "--save-controls",
           (b / "nodes.csv").string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("is --out's nodes.csv: give it another name [output-clash]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
  EXPECT_EQ(Slurp(b / "nodes.csv"), nodes);
  // Nor --plots: its folder over --out's nodes.csv was "is a folder" after the solve, exit 4.
  r = Run({"simulate", g + ".net", scn, g + ".cs", "--no-timings", "--controls", saved.string(),
           "--out", b.string(), "--plots", (b / "nodes.csv").string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("is --out's nodes.csv: give the diagrams another folder "
                       "[output-clash]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("Verdict"), std::string::npos) << r.out;
  EXPECT_EQ(Slurp(b / "nodes.csv"), nodes);
}

// --decision chooses in a group of several (GasLib-582's dG_2 allows 19); every bad choice is
// listed with its rule, and --decisions without a .cdf is refused, nothing written.
TEST_F(SimulateCli, DecisionChoicesAndTheirProblems) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const std::vector<std::string> files = {g + "GasLib-582-v2.net", g + "nomination_cold_5.scn",
                                          g + "GasLib-582-v2.cs", g + "GasLib-582-v2.cdf"};
  auto run = [&](std::vector<std::string> more, bool cdf = true) {
    std::vector<std::string> args = {"simulate", "--no-timings"};
    args.insert(args.end(), files.begin(), files.end() - (cdf ? 0 : 1));
    args.insert(args.end(), more.begin(), more.end());
    return Run(args);
  };
  CliResult r = run({"--decision", "dG_1=d4", "--decision", "dG_2=d3_5a_1"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("2 of its 2 group(s) taken (each chosen by --decision), which close 8, "
                       "open 8 and run 5 element(s) beneath"),
            std::string::npos)
      << r.out;
  // The stations the decision runs get no set-point from it: said, with their defaults.
  EXPECT_NE(r.out.find("the decisions run 5 element(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("carry gas against the flow direction their decision asks of them"),
            std::string::npos)
      << r.out;

  const fs::path out = dir_ / "bad";
  r = run({"--decision", "dG_1=nope", "--decision", "dg_2=d1_1", "--decision", "dG_1",
           "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* want :
       {"--decision 'dG_1': expected GROUP=DECISION", "[bad-form]",
        "--decision: decision group 'dG_1' has no decision 'nope' (it has 'd1', 'd2', 'd3', "
        "'d4') [unknown-decision]",
        "(did you mean 'dG_2'?) [unknown-group]"})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = run({"--decisions", "--out", out.string()}, false);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--decisions applies a .cdf's combined decisions, and none is among the "
                       "files: give the network's .cdf [no-decisions]"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));

  // A group id with '=' in it is chosen whole; one element set two ways by two groups of a
  // hand-made .cdf is refused with both decisions (it stopped on the library's own words;
  // now the reader refuses it at the element's line).
  const std::string head =
      "<?xml version=\"1.0\"?>\n<combinedDecisions "
      "xmlns=\"http://gaslib.zib.de/CombinedDecisions\">\n";
  const fs::path cdf = dir_ / "two.cdf";
  ASSERT_TRUE(WriteFileAtomically(
                  cdf.string(),
                  head +
                      "<decisionGroup id=\"g=1\"><decision id=\"a\"><valve id=\"valve_4\" "
                      "value=\"0\"/></decision><decision id=\"b\"><valve id=\"valve_4\" "
                      "value=\"1\"/></decision></decisionGroup>\n</combinedDecisions>\n")
                  .ok());
  std::vector<std::string> args = {"simulate", "--no-timings", files[0],     files[1],
                                   files[2],   cdf.string(),   "--decision", "g=1=a"};
  r = Run(args);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 of its 1 group(s) taken (each chosen by --decision), which close 1 "
                       "element(s)"),
            std::string::npos)
      << r.out;
  ASSERT_TRUE(WriteFileAtomically(
                  cdf.string(),
                  head +
                      "<decisionGroup id=\"g1\"><decision id=\"a\"><valve id=\"valve_4\" "
                      "value=\"0\"/></decision></decisionGroup>\n<decisionGroup id=\"g2\">"
                      "<decision id=\"b\"><valve id=\"valve_4\" value=\"1\"/></decision>"
                      "</decisionGroup>\n</combinedDecisions>\n")
                  .ok());
  // (Each is its group's only decision: both hold whether --decisions is given or not, and
  // the reader refuses the file as check does.)
  for (bool decisions : {true, false}) {
    args = {"simulate", "--no-timings", files[0], files[1], files[2], cdf.string(), "--out",
            out.string()};
    if (decisions) args.push_back("--decisions");
    r = Run(args);
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(cdf.string() +
                         ":4: error: valve 'valve_4': set open by decision g2/b here and closed "
                         "by decision g1/a (line 3); each is its group's only decision, so "
                         "both hold, and they cannot [conflicting-decisions]"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

// GasLib-582's dG_2/d1_4 runs controlValve_1 to -> from: a control valve reduces pressure from
// -> to only, so it passes the gas in bypass (before, it waited for a set-point that could
// not hold: "would pass 162.598 kg/s backwards"); the note and summary.json name it, the
// state carries its gas to -> from, and a set-point given for it stands with a note saying
// why the decision bypassed it.
TEST_F(SimulateCli, ControlValveRunBackwardsByADecisionIsBypassed) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const fs::path out = dir_ / "out";
  std::vector<std::string> args = {
      "simulate",   "--no-timings", g + "GasLib-582-v2.net", g + "nomination_cold_5.scn",
      g + "GasLib-582-v2.cs", g + "GasLib-582-v2.cdf", "--decision", "dG_1=d1", "--decision",
      "dG_2=d1_4", "--out", out.string()};
  CliResult r = Run(args);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : converged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the decisions run 1 control valve(s) to -> from, against the direction "
                       "a control valve regulates (it reduces pressure from -> to only; "
                       "GasLib's bidirectional ones, flowMin < 0, pass the reverse flow "
                       "unregulated): controlValve_1 (dG_2/d1_4) passes the gas in bypass\n"),
            std::string::npos)
      << r.out;
  auto j = nlohmann::json::parse(Slurp(out / "summary.json"))["decisions"];
  EXPECT_EQ(j["reversed_control_valves"], nlohmann::json::array({"controlValve_1"}));
  for (const auto& e : j["run"]) EXPECT_NE(e["id"], "controlValve_1");
  bool bypassed = false;
  for (const auto& e : j["settings"])
    bypassed |= e["id"] == "controlValve_1" && e["mode"] == "bypass";
  EXPECT_TRUE(bypassed) << j["settings"];
  ASSERT_TRUE(j["direction_violations"].is_array());
  for (const auto& v : j["direction_violations"]) EXPECT_NE(v["id"], "controlValve_1");
  const std::string arcs = Slurp(out / "arcs.csv");
  const std::size_t row = arcs.find("\ncontrolValve_1,");
  ASSERT_NE(row, std::string::npos);
  std::stringstream line(arcs.substr(row + 1, arcs.find('\n', row + 1) - row - 1));
  std::string field;
  for (int k = 0; k < 5; ++k) std::getline(line, field, ',');  // mass_flow_kg_per_s
  EXPECT_LT(std::stod(field), -1.0) << field;                   // to -> from, as decided

  args.insert(args.end(), {"--set", "controlValve_1=outlet:75"});
  r = Run(args);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("set otherwise by --controls or --set, which stand: controlValve_1 "
                       "(bypass by dG_2/d1_4, which runs it to -> from, given outlet_pressure)"),
            std::string::npos)
      << r.out;
}

// --set takes modes in any case, as a controls file does ("Ratio:1.2" was refused with the
// usage line), and each refusal ends with its rule, as a file's findings do.
TEST_F(SimulateCli, SetModesInAnyCaseAndRulesNamed) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--no-timings", "--set",
                     "CS02_N04_N05=Ratio:1.2", "--set", "CS01_entry03_N01=BYPASS"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("CS02_N04_N05: ratio 1.2"), std::string::npos) << r.out;
  // A controls file's spellings too.
  r = Run({"simulate", g + ".net", g + ".scn", "--no-timings", "--set",
           "CS02_N04_N05=outlet_pressure:60"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("compressorStation CS02_N04_N05: outlet_pressure 60 bar"),
            std::string::npos)
      << r.out;
  // The nearest ids and options are suggested.
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "CS2_N04_N05=bypass", "--slack",
           "entry1=50"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--set names arc 'CS2_N04_N05', which the network does not have (did "
                       "you mean 'CS02_N04_N05'?) [unknown-id]"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--slack names node 'entry1', which the network does not have (did "
                       "you mean 'entry01'"),
            std::string::npos)
      << r.err;
  // An arc's id given to --slack is said to be one, with its ends (it read "which the
  // network does not have"); track says the same.
  for (const char* cmd : {"simulate", "track"}) {
    r = Run({cmd, g + ".net", g + ".scn", "--slack", "pipe02_N01_N02=50"});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("--slack names 'pipe02_N01_N02', an arc, not a node: a pressure "
                         "reference is a node (one of its ends, N01 or N02)"),
              std::string::npos)
        << cmd << "\n" << r.err;
  }
  // Files after --set are read as its values: the message says so, and -- ends them.
  r = Run({"simulate", "--set", "CS02_N04_N05=bypass", g + ".net", g + ".scn"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--set '" + g + ".net': expected ARC=open"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(that is a file: --set and --slack take several values each, so files "
                       "after them are read as their values; give the files first, or end the "
                       "values with --, after which only files follow)"),
            std::string::npos)
      << r.err;
  r = Run({"simulate", "--set", "CS02_N04_N05=bypass", "--", g + ".net", g + ".scn"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // Files before and after the options: "--" ends --set's values there too, and every word
  // after it is a file (CLI11 alone said "g.scn was not expected": the .net had filled the
  // files' least count). The files keep their order; the options stand.
  r = Run({"simulate", g + ".net", "--set", "CS02_N04_N05=bypass", "--slack", "entry01=70", "--",
           g + ".scn"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("given: entry01 at 70.000000 bar"), std::string::npos) << r.out;
  r = Run({"simulate", g + ".net", g + ".scn", "--", "-x.cs"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("-x.cs: error: no such file [file-not-found]"), std::string::npos) << r.err;
  // Right after --slack's values, "--" was CLI11's end of them only, and "-x.cs" then an
  // option ("The following argument was not expected: -x.cs"), files moved or not.
  for (const std::vector<std::string>& line :
       {std::vector<std::string>{"simulate", g + ".net", "--slack", "entry01=70", "--", g + ".scn",
                                 "-x.cs"},
        std::vector<std::string>{"simulate", g + ".net", g + ".scn", "--slack", "entry01=70", "--",
                                 "-x.cs"},
        std::vector<std::string>{"simulate", "--slack", "entry01=70", "--", g + ".net", "-x.cs"}}) {
    r = Run(line);
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("-x.cs: error: no such file [file-not-found]"), std::string::npos)
        << r.err;
  }
  // The mark is no word the line should not have: "not expected: -- -x" named it.
  r = Run({"simulate", g + ".net", "-x", "--", g + ".scn"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor simulate: no option -x "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("--;"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("-- "), std::string::npos) << r.err;
  // A single-value option given twice is one problem among the line's others, with its rule:
  // CLI11 threw at it, so the bad --temperature after it went unsaid, and its message had
  // no rule.
  r = Run({"simulate", g + ".net", g + ".scn", "--gas", "M=16", "--gas", "M=17", "--temperature",
           "-500", "--friction", "bogus"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor simulate: --gas is given 2 times; give it once "
                       "[repeated-option]\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--temperature -500 degC is not a temperature"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--friction 'bogus' unknown"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  // A command of one argument (validate's DIR) is as before: a word beyond it is unexpected.
  r = Run({"validate", g + ".net", "--", "x"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("The following argument was not expected: x [unexpected-argument] (see "
                       "--help)"),
            std::string::npos)
      << r.err;
  r = Run({"simulate", g + ".net", g + ".scn", "--slak", "entry01=50"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  // One line, as every other problem (CLI11 added "Run with --help ..."), with its rule: an
  // unknown option is one whether CLI11 names it (here) or not (below).
  EXPECT_EQ(r.err, "corridor simulate: no option --slak (did you mean '--slack'?) "
                   "[unknown-option] (see --help)\n");
  // An unknown option that CLI11's message does not name (it names a missing argument).
  r = Run({"simulate", "--slak"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  // Each problem with its rule (CLI11's had none: "validate: dir is required").
  EXPECT_EQ(r.err, "corridor simulate: files is required [missing-argument]; no option --slak "
                   "(did you mean '--slack'?) [unknown-option] (see --help)\n");
  // An option given without its value, in words (CLI11 said "--temperature: 1 required
  // FLOAT:FINITE missing", its validator's name for the type), with the rule.
  r = Run({"simulate", g + ".net", g + ".scn", "--temperature="});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor simulate: --temperature needs a number, and none was given "
                   "[missing-value] (see --help)\n");
  r = Run({"simulate", g + ".net", g + ".scn", "--threads="});
  EXPECT_NE(r.err.find("--threads needs a whole number, and none was given [missing-value]"),
            std::string::npos)
      << r.err;
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "V01_N01_N03=ratio:2", "--set",
           "nope=open", "--set", "CS02_N04_N05=fly", "--set", "CS01_entry03_N01=ratio",
           "--slack", "gone=50", "--slack", "entry01=2000", "--set", "=open"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* rule : {"(it takes open, closed) [mode-not-allowed]",
                           "--set '=open': the id is empty; expected", "[empty-id]",
                           "'nope', which the network does not have [unknown-id]",
                           "'CS02_N04_N05=fly': expected", "[unknown-mode]",
                           "'CS01_entry03_N01=ratio': expected", "[missing-value]",
                           "node 'gone', which the network does not have [unknown-id]",
                           "(plausible: 0.001 to 1000 bar) [out-of-range]"})
    EXPECT_NE(r.err.find(rule), std::string::npos) << rule << "\n" << r.err;
  // A pipe has no controls, as a controls file's row says it (it was mode-not-allowed).
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "pipe01_entry01_entry03=open"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("pipe 'pipe01_entry01_entry03' does not take mode open (it has no "
                       "controls) [no-controls]"),
            std::string::npos)
      << r.err;
  // A mode refused is named as written (a controls file's spelling too).
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "CS02_N04_N05=delta_p:1"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("compressorStation 'CS02_N04_N05' does not take mode delta_p ("),
            std::string::npos)
      << r.err;
}

// Every --set problem is listed, as a controls file lists every row's: an unknown arc hid
// the modes its elements do not take, the solver named only the first of those, and a
// duplicate hid the arcs the network lacks.
TEST_F(SimulateCli, EverySetProblemIsListed) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-24/GasLib-24";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--set", "CS9=open", "--set",
                     "CV01=ratio:2", "--set", "L01=closed", "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--set names arc 'CS9', which the network does not have"),
            std::string::npos)
      << r.err;
  // What each kind takes comes from the solver's ElementTakesMode, in --set's spellings.
  EXPECT_NE(r.err.find("--set 'CV01=ratio:2': controlValve 'CV01' does not take mode ratio (it "
                       "takes open, closed, bypass, outlet:VALUE, inlet:VALUE, dp:VALUE)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--set 'L01=closed': pipe 'L01' does not take mode closed (it has no "
                       "controls)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "CS9=open", "--set", "CS9=bypass",
           "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--set names arc 'CS9' twice"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--set names arc 'CS9', which the network does not have"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  // With a bad controls file too, both are listed (the file went unread behind --set's).
  const std::string ctl = Write("bad.csv", "id,mode,value\nCV01,ratio,2\n");
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "CS9=open", "--controls", ctl, "--out",
           out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--set names arc 'CS9', which the network does not have"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad.csv:2:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

// A value no gas network has (molarMass 1e300 kg/kmol) is refused by validation, with the
// file, line, element, value and range, before the solver sees it (it "converged" with a
// gas constant of 0).
TEST_F(SimulateCli, ImplausibleValueIsRefusedBeforeTheSolve) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net = Slurp(g + ".net");
  const std::string molar = R"(<molarMass unit="kg_per_kmol" value="18.5674"/>)";
  const auto at = net.find(molar);
  ASSERT_NE(at, std::string::npos);
  net.replace(at, molar.size(), R"(<molarMass unit="kg_per_kmol" value="1e300"/>)");
  const std::string bad = Write("huge.net", net);
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", bad, g + ".scn", "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(bad + ":51: error: source 'entry01': molarMass 1e+300 kg/kmol is not a "
                             "value a gas network has (plausible: 1 to 200 kg/kmol) "
                             "[implausible-value]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
}

// A smooth pipe (roughness 0): the default friction law refuses it, an error at the
// roughness's line with its rule and the law (simulate and track: before, a warning there
// and then the solver's message, without a rule, at the pipe's first line); a law that
// takes it solves it without a word; check, which knows no law, warns.
TEST_F(SimulateCli, ASmoothPipeIsRefusedOnlyUnderALawThatRefusesIt) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net = Slurp(g + ".net");
  const std::string rough = R"(<roughness unit="mm" value="0.1"/>)";
  const auto at = net.find(rough);
  ASSERT_NE(at, std::string::npos);
  net.replace(at, rough.size(), R"(<roughness unit="mm" value="0"/>)");
  const std::string smooth = Write("smooth.net", net);
  const int line = 1 + static_cast<int>(std::count(net.begin(), net.begin() + at, '\n'));
  const std::string warning = "roughness 0: the rough-pipe friction laws";
  const std::string error = fmt::format(
      "{}:{}: error: pipe 'pipe01_entry01_entry03': roughness 0: friction law '{{}}' cannot "
      "take a smooth pipe (its log10(D/k) has no value at k = 0); give it a roughness, or "
      "choose colebrook-white or hofer, which take k = 0 [smooth-pipe]",
      smooth, line);
  CliResult r = Run({"simulate", smooth, g + ".scn"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(fmt::format(fmt::runtime(error), "nikuradse")), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find(warning), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("has no roughness"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = Run({"simulate", smooth, g + ".scn", "--friction", "pandapipes-nikuradse"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(fmt::format(fmt::runtime(error), "pandapipes-nikuradse")),
            std::string::npos)
      << r.err;
  r = Run({"track", smooth, g + ".scn"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(fmt::format(fmt::runtime(error), "nikuradse")), std::string::npos)
      << r.err;
  r = Run({"simulate", smooth, g + ".scn", "--friction", "colebrook-white"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find(warning), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict                : converged"), std::string::npos) << r.out;
  // check knows no friction law: it warns, at the roughness's line.
  r = Run({"check", smooth, g + ".scn"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find(fmt::format("{}:{}: warning: pipe '", smooth, line)), std::string::npos)
      << r.err;
}

// Warnings of the case and of the controls file are printed, capped by --max-messages, and
// the run goes on: simulate printed nothing and converged without the pipe's pressure
// limit whose tag was misspelt.
TEST_F(SimulateCli, WarningsArePrintedAndTheRunGoesOn) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net = Slurp(g + ".net");
  const std::string pmax = R"(<pressureMax unit="bar" value="200"/>)";
  const auto at = net.find(pmax);
  ASSERT_NE(at, std::string::npos);
  net.replace(at, pmax.size(), R"(<presureMax unit="bar" value="200"/>)");
  const std::string typo = Write("typo.net", net);
  const int line = static_cast<int>(std::count(net.begin(), net.begin() + at, '\n')) + 1;
  const std::string ctl = Write("ctl.json", R"({"format": "corridor-controls", "version": 1,
 "controls": [{"id": "entry01", "mode": "pressure", "value": 50, "value": 50}]})");
  CliResult r = Run({"simulate", typo, g + ".scn", "--controls", ctl, "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : converged\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(fmt::format("{}:{}: warning: pipe 'pipe01_entry01_entry03': unknown "
                                   "child <presureMax> ignored",
                                   typo, line)),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(ctl + ":2: warning: /controls/0/value: key \"value\" appears more than "
                             "once in its object; the last value counts [duplicate-key]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("warning"), std::string::npos) << r.out;  // stdout stays the report
  r = Run({"simulate", typo, g + ".scn", "--controls", ctl, "--max-messages", "1"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("[unknown-child]"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("[duplicate-key]"), std::string::npos) << r.err;
  // The duplicate key and GasLib-11's three sources whose normDensity disagrees with their
  // molarMass (gas-inconsistent: one finding, their data being the same).
  EXPECT_NE(r.err.find("... and 2 more (2 warnings; only the first is listed)"), std::string::npos)
      << r.err;
}

// The options' own problems are under the same cap, and take the places of the case's
// warnings: --max-messages 2 printed the capped warnings, a count, then all six option
// errors.
TEST_F(SimulateCli, OptionProblemsAreUnderTheCapToo) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::vector<std::string> args = {"simulate", g + ".net", g + ".scn", "--slack", "bogus=50"};
  for (const char* id : {"nope1", "nope2", "nope3", "nope4", "nope5"})
    args.insert(args.end(), {"--set", std::string(id) + "=open"});
  args.insert(args.end(), {"--max-messages", "2"});
  CliResult r = Run(args);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 3) << r.err;
  EXPECT_NE(r.err.find("corridor simulate: --set names arc 'nope1', which the network does "
                       "not have"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("warning:"), std::string::npos) << r.err;  // (gas-inconsistent)
  // The six errors and GasLib-11's one warning, two listed.
  EXPECT_NE(r.err.find("\n... and 5 more (4 errors, 1 warning; only 2 are listed, errors before "
                       "warnings)\n"),
            std::string::npos)
      << r.err;
  // Within the cap, everything as before.
  args.back() = "50";
  r = Run(args);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("[gas-inconsistent]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'bogus', which the network does not have"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("... and"), std::string::npos) << r.err;
}

// Issue 4: a controls file sets the stations and the pressure reference; the report,
// arcs.csv, nodes.csv and summary.json carry the stations' operating points, and --plots
// writes one characteristic diagram per running unit.
TEST_F(SimulateCli, ControlsFileAndPlots) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out", plots = dir_ / "plots";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--no-timings",
                     "--controls", test::SourceDir() + "/data/controls/GasLib-11.csv", "--out",
                     out.string(), "--plots", plots.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("given: entry01 at 50.000000 bar"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Compressor power"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("compressorStation CS01_entry03_N01: outlet_pressure 62 bar -> holds its "
                       "set-point"),
            std::string::npos)
      << r.out;
  const std::string arcs = Slurp(out / "arcs.csv");
  EXPECT_NE(arcs.find(",mode,held_at,limit,configuration,shaft_power_MW,fuel_gas_kg_per_s"),
            std::string::npos);
  EXPECT_NE(arcs.find("CS02_N04_N05,compressorStation,N04,N05,"), std::string::npos);
  // held_at in summary.json's words (it was empty at a set-point there, "set-point" here).
  EXPECT_NE(arcs.find(",outlet_pressure,set-point,,"), std::string::npos) << arcs;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  ASSERT_EQ(j["active_elements"].size(), 2u);
  // Their machine data ran: said true, not left out (only a false was written).
  for (const auto& e : j["active_elements"]) {
    EXPECT_TRUE(e["machines_run"].is_boolean() && e["machines_run"].get<bool>()) << e.dump();
    EXPECT_FALSE(e.contains("fuel_note")) << e.dump();
  }
  // Each unit's network point beside its machine point, and what recycle and throttle add.
  for (const auto& e : j["active_elements"])
    for (const auto& u : e["units"]) {
      EXPECT_NEAR(u["volumetric_flow_m3_per_s"].get<double>(),
                  u["network_volumetric_flow_m3_per_s"].get<double>() +
                      u["recycle_m3_per_s"].get<double>(),
                  1e-9)
          << u.dump();
      EXPECT_NEAR(u["head_kJ_per_kg"].get<double>(),
                  u["network_head_kJ_per_kg"].get<double>() +
                      u["throttle_head_kJ_per_kg"].get<double>(),
                  1e-9)
          << u.dump();
    }
  EXPECT_GT(j["compressor_power_MW"].get<double>(), 0.0);
  EXPECT_GT(j["active_elements"][0]["units"][0]["speed_per_min"].get<double>(), 3500.0);
  EXPECT_EQ(j["active_elements"][0]["set_point_pressure_bar_abs"], 62.0);
  EXPECT_EQ(j["active_elements"][1]["set_point_pressure_bar_abs"], 59.0);
  EXPECT_TRUE(fs::exists(plots / "CS01_entry03_N01__T_CS2_M4.svg"));
  EXPECT_TRUE(fs::exists(plots / "CS02_N04_N05__T_CS2_M4_2.svg"));
  EXPECT_NE(Slurp(plots / "CS01_entry03_N01__T_CS2_M4.svg").find("operating-point"),
            std::string::npos);
  // A unit that recycles or throttles shows the network's point beside its machine point,
  // an open marker with what it does (the machine point alone sat on the surge line).
  for (const auto& e : j["active_elements"]) {
    const auto& u = e["units"][0];
    const std::string svg = Slurp(
        plots / (e["id"] == "CS01_entry03_N01" ? "CS01_entry03_N01__T_CS2_M4.svg"
                                               : "CS02_N04_N05__T_CS2_M4_2.svg"));
    const bool recycles = u["recycle_m3_per_s"].get<double>() > 0.0;
    const bool throttles = u["throttle_head_kJ_per_kg"].get<double>() > 0.0;
    ASSERT_TRUE(recycles || throttles) << u.dump();  // both do at these set-points
    const std::size_t at = svg.find("<circle class=\"network-point\"");
    ASSERT_NE(at, std::string::npos) << svg;
    EXPECT_NE(svg.find(fmt::format("data-q-m3-per-s=\"{}\"",
                                   u["network_volumetric_flow_m3_per_s"].get<double>()),
                       at),
              std::string::npos)
        << svg.substr(at, 300);
    EXPECT_NE(svg.find(recycles && throttles ? ">network (recycled, throttled)<"
                       : recycles           ? ">network (recycled)<"
                                            : ">network (throttled)<"),
              std::string::npos);
    EXPECT_NE(svg.find(">asked by the network<"), std::string::npos);
  }
}

// A control valve asked for more than its pressureDifferentialMax is held at that limit
// where the state there exists: GasLib-24's CV01 (10 bar at most) at delta_p 30 bar or an
// outlet of 5 bar left exit02 without pressure at its set-point, and the run ended
// infeasible instead of moving it to the limit (delta_p 20 bar and an outlet of 9 bar, with a
// state at the set-point, converged there).
TEST_F(SimulateCli, AControlValveAskedBeyondItsDifferentialMaximumHoldsTheLimit) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-24/GasLib-24";
  for (const std::string set : {"delta_p,30", "delta_p,45", "outlet_pressure,5",
                                "outlet_pressure,9", "delta_p,20"}) {
    const std::string ctl =
        Write("cv.csv", "id,mode,value\nentry01,pressure,42\nCV01," + set + "\n");
    const fs::path out = dir_ / "out";
    CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--no-timings",
                       "--controls", ctl, "--out", out.string()});
    EXPECT_EQ(r.status, 0) << set << "\n" << r.out << r.err;
    EXPECT_NE(
        r.out.find("at pressureDifferentialMax 10 bar; 21.8056 kg/s, 37.9687 -> 26.8687 bar"),
        std::string::npos)
        << set << "\n" << r.out;
    const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
    EXPECT_EQ(j["active_elements"][0]["held_at"], "pressure differential max") << set;
    // The set-point asked for is in the summary too, in the controls file's units.
    const std::string value = set.substr(set.find(',') + 1);
    EXPECT_EQ(j["active_elements"][0].value(set[0] == 'd' ? "set_point_pressure_drop_bar"
                                                          : "set_point_pressure_bar_abs",
                                            -1.0),
              std::stod(value))
        << set;
  }
}

// A flow set-point reads in summary.json as --set gave it: 500 read 499.99999999999994 and
// 1000.1 read 1000.1000000000001 (the mass flow's conversion back to 1000 Nm3/h), as the
// controls file --save-controls writes does not.
TEST_F(SimulateCli, SetPointsReadAsGiven) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-24/GasLib-24";
  for (const std::string flow : {"500", "1000.1"}) {
    const fs::path out = dir_ / "out";
    const CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--no-timings",
                             "--set", "CS1=flow:" + flow, "--set", "CV01=outlet:30.3",
                             "--scale", "0.5", "--out", out.string()});
    ASSERT_TRUE(fs::exists(out / "summary.json")) << r.out << r.err;
    const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
    int found = 0;
    for (const auto& e : j["active_elements"]) {
      if (e["id"] == "CS1" && ++found)
        EXPECT_EQ(e["set_point_flow_1000Nm3_per_h"], std::stod(flow));
      if (e["id"] == "CV01" && ++found) EXPECT_EQ(e["set_point_pressure_bar_abs"], 30.3);
    }
    EXPECT_EQ(found, 2) << j["active_elements"].dump();
  }
}

// A last iterate whose station inlet lies below its inlet loss has no machine pressure
// and no power estimate there: GasLib-24 at 2.5 times its load showed CS3's machine inlet at
// -0.99999 bar and 273 465 MW.
TEST_F(SimulateCli, NoMachinePressureBelowZero) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-24/GasLib-24";
  const fs::path out = dir_ / "out";
  const CliResult r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--controls",
                           test::SourceDir() + "/data/controls/GasLib-24.csv", "--scale", "2.5",
                           "--out", out.string()});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  bool cs3 = false;
  for (const auto& e : j["active_elements"]) {
    for (const char* key : {"machine_inlet_pressure_bar_abs", "machine_outlet_pressure_bar_abs"})
      if (!e[key].is_null()) EXPECT_GT(e[key].get<double>(), 0.0) << e.dump();
    if (e["id"] != "CS3") continue;
    cs3 = true;
    EXPECT_TRUE(e["machine_inlet_pressure_bar_abs"].is_null()) << e.dump();
    EXPECT_TRUE(e["estimated_shaft_power_MW"].is_null()) << e.dump();
  }
  EXPECT_TRUE(cs3) << j["active_elements"].dump();
  EXPECT_LT(j["estimated_compressor_power_MW"].get<double>(), 100.0) << j.dump();
}

// Without a converged state the element list and summary.json say where an element was put,
// never that it holds it: with its set-point as a plain equation (--no-limits), CV01 at
// delta_p 30 bar has no state, and it was listed as "holds its set-point".
TEST_F(SimulateCli, AnInfeasibleRunClaimsNoSetPointHeld) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-24/GasLib-24";
  const std::string ctl =
      Write("cv.csv", "id,mode,value\nentry01,pressure,42\nCV01,delta_p,30\n");
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--no-timings",
                     "--controls", ctl, "--no-limits", "--out", out.string()});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.out.find("holds its set-point"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("controlValve CV01: delta_p 30 bar -> at its set-point, not held; last "
                       "iterate: "),
            std::string::npos)
      << r.out;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["active_elements"][0]["held_at"], "set-point, not held");
}

// Where the equations hold and the verdict refuses the state (a limit it breaks), the list
// and summary.json say that its elements hold their set-points in that state: GasLib-11 at
// twice its load read "at its set-point, not held; last iterate: ..." beside residuals of
// 7e-10 Pa.
TEST_F(SimulateCli, AStateTheVerdictRefusesHoldsItsSetPoints) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--no-timings",
                     "--controls", test::SourceDir() + "/data/controls/GasLib-11.csv",
                     "--scale", "2", "--out", out.string()});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.out.find("last iterate"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("compressorStation CS02_N04_N05: outlet_pressure 59 bar -> holds its "
                       "set-point; in a state the verdict refuses: "),
            std::string::npos)
      << r.out;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["equations_hold"], true);
  bool cs02 = false;
  for (const auto& e : j["active_elements"])
    if (e["id"] == "CS02_N04_N05") {
      cs02 = true;
      EXPECT_EQ(e["held_at"], "set-point") << e.dump();
    }
  EXPECT_TRUE(cs02) << j["active_elements"].dump();
}

// A later run's diagrams replace the earlier run's: a unit that no longer runs loses its
// SVG, a run without a converged state leaves none of this network's, and the folder's other
// files stay.
TEST_F(SimulateCli, PlotsOfAnEarlierRunDoNotStay) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path plots = dir_ / "plots";
  const std::string ctl = test::SourceDir() + "/data/controls/GasLib-11.csv";
  const std::vector<std::string> base = {"simulate", d + ".net", d + ".scn", d + ".cs",
                                         "--no-timings", "--plots", plots.string()};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> v = base;
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
  };
  CliResult r = Run(with({"--controls", ctl}));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const fs::path cs1 = plots / "CS01_entry03_N01__T_CS2_M4.svg",
                 cs2 = plots / "CS02_N04_N05__T_CS2_M4_2.svg";
  ASSERT_TRUE(fs::exists(cs1));
  ASSERT_TRUE(fs::exists(cs2));
  const std::string mine = Write("plots/notes.svg", "<svg/>");
  const std::string near = Write("plots/CS02_N04_N05__T_CS2_M4_v2.svg", "<svg/>");
  // CS02 bypassed: its diagram goes, CS01's is drawn again.
  const std::string ctl2 = Write("ctl2.csv", "id,mode,value\nentry01,pressure,50\n"
                                             "CS01_entry03_N01,outlet_pressure,62\n"
                                             "CS02_N04_N05,bypass,\nV01_N01_N03,open,\n");
  r = Run(with({"--controls", ctl2}));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(fs::exists(cs1));
  EXPECT_FALSE(fs::exists(cs2));
  EXPECT_NE(r.out.find("(1 characteristic diagram(s))"), std::string::npos) << r.out;
  // No converged state: none of this network's diagrams stay; other files do, and so does
  // a user's file under a diagram's name that corridor did not draw.
  const std::string users = Write("plots/CS02_N04_N05__T_CS2_M4_2.svg", "<svg/>");
  r = Run(with({"--controls", ctl, "--max-iterations", "1"}));
  ASSERT_NE(r.status, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(cs1)) << r.out;
  EXPECT_TRUE(fs::exists(mine));
  EXPECT_TRUE(fs::exists(near));
  EXPECT_TRUE(fs::exists(users));
  EXPECT_NE(r.out.find("; removed the earlier run's " + cs1.string() + "; kept " + users +
                       " (not a file corridor wrote)"),
            std::string::npos)
      << r.out;
}

// A run without a converged state removes an earlier run's nodes.csv, arcs.csv and map,
// and says so; a user's file under those names stays (the folder given as --out lost a
// user's nodes.csv and arcs.csv, and nothing said so).
TEST_F(SimulateCli, OnlyAnEarlierRunsFilesAreRemoved) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string nodes = (out / "nodes.csv").string(), arcs = (out / "arcs.csv").string(),
                    map = (out / "network.geojson").string();
  r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--scale", "100", "--out",
           out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("(summary.json only: no converged solution to write); removed the "
                       "earlier run's " +
                       nodes + ", " + arcs + ", " + map + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(nodes));
  const std::string mine = "my precious data\n";
  Write("out/nodes.csv", mine);
  Write("out/arcs.csv", mine);
  r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--scale", "100", "--out",
           out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(Slurp(nodes), mine);
  EXPECT_EQ(Slurp(arcs), mine);
  EXPECT_NE(r.out.find("; kept " + nodes + ", " + arcs + " (not files corridor wrote)"),
            std::string::npos)
      << r.out;
  // run's files in the folder are an earlier run's too (their headers differ).
  fs::remove(nodes);
  fs::remove(arcs);
  r = Run({"run", "baseline", "--no-headroom", "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--scale", "100", "--out",
           out.string()});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("removed the earlier run's " + nodes + ", " + arcs + ", " + map),
            std::string::npos)
      << r.out;
}

// --gas gives properties in place of the sources' mixture: R_s follows the molar mass, the
// norm density converts the nomination, the report and summary.json say what was given;
// bad keys, repeats and implausible values are refused before anything is read.
TEST_F(SimulateCli, GasGivenOnTheCommandLine) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--gas",
                     "M=17,rho_n=0.76", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(fmt::format("R_s = {:.4f} J/(kg K)", 8.314462618 / 0.017)),
            std::string::npos)
      << r.out;
  // The library's Gas line: the origin the command gave, then the values the solve used.
  EXPECT_NE(r.out.find("Gas                    : given (--gas): M 17 kg/kmol, rho_n 0.76 "
                       "kg/m3; the rest from the sources; rho_n = 0.76 kg/m3, H_s = "),
            std::string::npos)
      << r.out;
  auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["gas"]["molar_mass_kg_per_kmol"].get<double>(), 17.0);
  EXPECT_EQ(j["gas"]["given"], nlohmann::json::parse(R"(["M", "rho_n"])"));
  // A given temperature is said as given (CaseGas folds it into the gas, which read "from
  // the sources" with it).
  const fs::path out_t = dir_ / "out_t";
  CliResult t = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--temperature", "20",
                     "--out", out_t.string()});
  ASSERT_EQ(t.status, 0) << t.out << t.err;
  EXPECT_NE(t.out.find("Gas                    : from the sources (the nominated entries' "
                       "mixture), but T 20 degC (--temperature); rho_n = "),
            std::string::npos)
      << t.out;
  EXPECT_EQ(nlohmann::json::parse(Slurp(out_t / "summary.json"))["gas"]["given"],
            nlohmann::json::parse(R"(["T"])"));
  t = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--temperature", "20", "--gas",
           "M=17"});
  ASSERT_EQ(t.status, 0) << t.out << t.err;
  EXPECT_NE(t.out.find("given (--gas): M 17 kg/kmol; T 20 degC (--temperature); the rest from "
                       "the sources"),
            std::string::npos)
      << t.out;
  EXPECT_EQ(j["norm_density_kg_per_m3"].get<double>(), 0.76);
  // exit01 takes 100 x 1000 Nm3/h in GasLib-11's nomination: 1e5/3600 Nm3/s of 0.76 kg/m3.
  const std::string nodes = Slurp(out / "nodes.csv");
  const std::size_t at = nodes.find("\nexit01,");
  ASSERT_NE(at, std::string::npos) << nodes;
  std::vector<std::string> f;
  std::string field;
  for (char ch : nodes.substr(at + 1, nodes.find('\n', at + 1) - at - 1)) {
    if (ch == ',') f.push_back(field), field.clear();
    else field += ch;
  }
  f.push_back(field);
  ASSERT_GE(f.size(), 6u);
  EXPECT_NEAR(std::stod(f[5]), -1e5 / 3600.0 * 0.76, 1e-8) << nodes;  // 10 digits written
  // Without --gas: the sources' gas, listed in full.
  r = Run({"simulate", d + ".net", d + ".scn", "--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Gas                    : from the sources (the nominated entries' "
                       "mixture); rho_n = 0.785 kg/m3, H_s = 36.4544 MJ/m3, kappa = "),
            std::string::npos)
      << r.out;
  // Every nominated volume became a mass at that one rho_n, and the line says so.
  EXPECT_NE(r.out.find("; the nomination's volumes are masses at this rho_n, one for every "
                       "node\n"),
            std::string::npos)
      << r.out;
  j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_TRUE(j["gas"]["given"].empty());
  EXPECT_GT(j["gas"]["isentropic_exponent"].get<double>(), 1.0);
  r = Run({"simulate", d + ".net", d + ".scn", "--gas", "M=17,M=18,foo=1,Tc=-3,rho_n,pc=,mu=x",
           "--out", (dir_ / "bad").string()});
  EXPECT_EQ(r.status, 1);
  for (const char* want : {"--gas gives M twice", "--gas 'foo=1': expected KEY=VALUE with KEY one of M (kg/kmol), pc (bar)",
                           "--gas Tc: '-3' is not a plausible value (a number from 1 to 1000 K)",
                           "--gas 'rho_n': expected KEY=VALUE",
                           "--gas pc= has no value (a number from 1 to 1000 bar) [missing-value]",
                           "--gas mu: 'x' is not a number (a number from "})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "bad"));
}

// The library writes the files `simulate --out` writes (they were the CLI's alone): byte
// for byte the same for a case solved through the API, summary.json alone where the solve
// does not converge, and nothing for a solution of another network.
TEST_F(SimulateCli, TheLibraryWritesTheSameResultFiles) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  const fs::path cli = dir_ / "cli", lib = dir_ / "lib";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", g + ".cs", "--out", cli.string(),
                     "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCase({g + ".net", g + ".scn", g + ".cs"}, &c, &d).ok()) << d.ToString();
  SteadyOptions o;
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_TRUE(SimulateSteady(c, o, &sol, &sum).ok());
  ASSERT_EQ(sum.verdict, Verdict::kConverged) << sum.FullReport(false);
  ASSERT_TRUE(WriteSteadyOutputs(c, o, sol, sum, lib.string(), false).ok());
  for (const char* f : {"nodes.csv", "arcs.csv", "network.geojson"}) {
    ASSERT_TRUE(fs::exists(lib / f)) << f;
    EXPECT_EQ(Slurp(lib / f), Slurp(cli / f)) << f;
  }
  // summary.json: the same but the command's advice among the notes (its stations at their
  // defaults); the gas is the one solved with (it gave GasModel's kappa of 1.3 for 1.307).
  nlohmann::json from_lib = nlohmann::json::parse(Slurp(lib / "summary.json"));
  nlohmann::json from_cli = nlohmann::json::parse(Slurp(cli / "summary.json"));
  EXPECT_TRUE(from_lib["notes"].empty()) << from_lib["notes"];
  from_lib.erase("notes");
  from_cli.erase("notes");
  EXPECT_EQ(from_lib, from_cli);
  // Not converged: summary.json alone, with the verdict.
  const fs::path failed = dir_ / "failed";
  SteadySummary infeasible = sum;
  infeasible.verdict = Verdict::kInfeasible;
  infeasible.reason = "a reason";
  ASSERT_TRUE(WriteSteadyOutputs(c, o, sol, infeasible, failed.string(), false).ok());
  EXPECT_FALSE(fs::exists(failed / "nodes.csv"));
  EXPECT_EQ(nlohmann::json::parse(Slurp(failed / "summary.json"))["verdict"], "infeasible");
  // Another network's solution: refused, nothing written.
  SteadySolution other = sol;
  other.pressure_Pa.pop_back();
  const fs::path none = dir_ / "none";
  const Status s = WriteSteadyOutputs(c, o, other, sum, none.string(), false);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_FALSE(fs::exists(none));
}

// One column of a CSV file the run (or a reference) wrote, by the header's names: id -> value.
std::map<std::string, double> CsvColumn(const fs::path& path, const std::string& id_column,
                                        const std::string& value_column) {
  std::map<std::string, double> out;
  std::istringstream in(Slurp(path));
  std::string line;
  auto fields = [](const std::string& l) {
    std::vector<std::string> f(1);
    for (char ch : l) {
      if (ch == ',') f.emplace_back();
      else f.back().push_back(ch);
    }
    return f;
  };
  std::getline(in, line);
  const std::vector<std::string> head = fields(line);
  const auto id = std::find(head.begin(), head.end(), id_column) - head.begin();
  const auto value = std::find(head.begin(), head.end(), value_column) - head.begin();
  EXPECT_LT(id, static_cast<long>(head.size())) << path << ": no column " << id_column;
  EXPECT_LT(value, static_cast<long>(head.size())) << path << ": no column " << value_column;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = fields(line);
    if (static_cast<long>(f.size()) > std::max(id, value))
      out[f[id]] = f[value].empty() ? std::nan("") : std::stod(f[value]);  // "": none
  }
  return out;
}

// The worst relative difference between the velocities of out/arcs.csv and q / (rho(p_m) A),
// recomputed from out/arcs.csv's flows and out/nodes.csv's pressures over the pipes of
// pandapipes' case `c` (their ends and diameters), with pandapipes' density rho(p) = rho_n
// T_n p / (T p_n (z0 + z1 p)) at the mean pressure p_m = 2/3 (pf^2 + pf pt + pt^2)/(pf + pt).
double WorstVelocity(const fs::path& out, const nlohmann::json& c, double rho_n, double t,
                     double z0, double z1_per_Pa, int* pipes) {
  const auto p = CsvColumn(out / "nodes.csv", "id", "pressure_bar_abs");
  const auto m = CsvColumn(out / "arcs.csv", "id", "mass_flow_kg_per_s");
  const auto v = CsvColumn(out / "arcs.csv", "id", "velocity_m_per_s");
  double worst = 0.0;
  *pipes = 0;
  for (const auto& e : c["edges"]) {
    if (e["type"] != "pipe" || !(e["length_m"].get<double>() > 0.0)) continue;
    const std::string id = e["id"];
    const double pf = p.at(e["from"].get<std::string>()) * 1e5;
    const double pt = p.at(e["to"].get<std::string>()) * 1e5;
    const double pm = 2.0 / 3.0 * (pf * pf + pf * pt + pt * pt) / (pf + pt);
    const double rho = rho_n * 273.15 * pm / (t * 101325.0 * (z0 + z1_per_Pa * pm));
    const double d = e["diameter_m"].get<double>();
    const double want = m.at(id) / (rho * 0.25 * 3.14159265358979323846 * d * d);
    worst = std::max(worst, std::abs(v.at(id) - want) / std::max(std::abs(want), 1e-3));
    ++*pipes;
  }
  return worst;
}

// `corridor simulate` on the GasLib files a pandapipes case (its JSON `c`) was made from,
// with the case's physics as options: pandapipes' pipe law, friction, linear z and fluid
// (R_s = p_n / (rho_n T_n) given as a molar mass), g = 9.81, the stations at their ratios
// for forward flow only, the valves and control valves the case removed closed, and the
// case's temperature: the plain mean of every source's (the references' simplification),
// where corridor's default weights the nominated entries by their flow (GasLib-582:
// 286.73 against 283.33 K).
std::vector<std::string> PandapipesArgs(const nlohmann::json& c, const std::string& net,
                                        const std::string& friction, const fs::path& out) {
  const auto& fluid = c["gas"]["pandapipes_fluid_properties"];
  const double rho_n = fluid["rho_n_kg_per_m3_at_273.15K"].get<double>();
  const double molar_mass = 8.314462618 * 273.15 * rho_n / 101325.0 * 1e3;
  std::vector<std::string> args = {
      "simulate", net,
      test::SharedDir() + "/data/" + c["source"]["scn_file"].get<std::string>(),
      "--pipe-model", "pandapipes",
      "--friction", friction == "colebrook" ? "colebrook-white" : "pandapipes-nikuradse",
      "--eos", "linear",
      "--gas", fmt::format("M={:.17g},mu={:.17g},z0={:.17g},z1={:.17g},rho_n_pipe={:.17g}",
                           molar_mass, fluid["dynamic_viscosity_Pa_s_at_T"].get<double>(),
                           fluid["compressibility"]["offset"].get<double>(),
                           fluid["compressibility"]["slope_per_bar"].get<double>(), rho_n),
      "--gravity", "9.81", "--ratio-forward-only", "--no-limits", "--no-timings",
      "--temperature", fmt::format("{:.17g}", c["gas"]["T_K"].get<double>() - 273.15),
      "--out", out.string()};
  for (const auto& e : c["edges"])
    if (e["type"] == "compressor")
      args.push_back("--set=" + e["id"].get<std::string>() +
                     fmt::format("=ratio:{:.17g}", e["pressure_ratio"].get<double>()));
  for (const auto& e : c["removed_edges"])
    if (e["gaslib_type"] != "shortPipe")  // short pipes merge their ends either way
      args.push_back("--set=" + e["id"].get<std::string>() + "=closed");
  return args;
}

// The pandapipes reference cases from the GasLib files themselves: `corridor simulate` on
// the .net and .scn the case was made from, with pandapipes' physics given by options
// (its pipe law, friction, linear z, fluid, g = 9.81; the case's removed valves closed, its
// stations at their ratios, forward only), against pandapipes 0.14's own results. This
// checks what validate cannot: corridor's reading of the XML, its default slack rule and its
// conversion of the nomination against pandapipes' independent preparation (the case's
// "simplifications"; its temperature is given). Tolerances are the issue's (1e-4 bar and
// 1e-4 kg/s with pandapipes' Nikuradse; Colebrook 2e-4 bar and 0.02 kg/s, pandapipes
// stopping its own iteration early); flows are compared on pipes and stations, whose flows
// the equations fix (a loop of ideal connections splits its flow in any way).
TEST_F(SimulateCli, ReproducesPandapipesFromTheGasLibFiles) {
  CORRIDOR_REQUIRE_SHARED();
  auto fluid_of = [](const nlohmann::json& c) -> const nlohmann::json& {
    return c["gas"]["pandapipes_fluid_properties"];
  };
  struct Case {
    const char* name;
    const char* friction;  // pandapipes' name of the results
  };
  for (const Case& k : {Case{"GasLib-134", "nikuradse"}, Case{"GasLib-134_cr1.1", "nikuradse"},
                        Case{"GasLib-582", "nikuradse"}, Case{"GasLib-582_cr1.1", "nikuradse"},
                        Case{"GasLib-582", "colebrook"}}) {
    SCOPED_TRACE(fmt::format("{} {}", k.name, k.friction));
    const std::string pp = test::ReferenceDir() + "/pandapipes/";
    const auto c = nlohmann::json::parse(Slurp(pp + "cases/" + k.name + ".json"));
    const std::vector<std::string> args = PandapipesArgs(
        c, test::SharedDir() + "/data/" + c["source"]["net_file"].get<std::string>(),
        k.friction, dir_ / "out");
    const CliResult r = Run(args);
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    // The default slack rule picks pandapipes' slack.
    EXPECT_NE(r.out.find(fmt::format("{} at {:.6f} bar", c["slack"]["node"].get<std::string>(),
                                     c["slack"]["p_bar_abs"].get<double>())),
              std::string::npos)
        << r.out;
    const bool colebrook = std::string(k.friction) == "colebrook";
    const std::string results = pp + "results/" + k.name + "_pp0.14_" + k.friction;
    const auto want_p = CsvColumn(results + "_nodes.csv", "node_id", "p_bar_abs");
    const auto got_p = CsvColumn(dir_ / "out" / "nodes.csv", "id", "pressure_bar_abs");
    ASSERT_EQ(got_p.size(), want_p.size());
    double dp = 0.0;
    for (const auto& [id, p] : want_p) {
      ASSERT_TRUE(got_p.count(id)) << id;
      dp = std::max(dp, std::abs(got_p.at(id) - p));
    }
    EXPECT_LE(dp, colebrook ? 2e-4 : 1e-4);
    const auto want_m = CsvColumn(results + "_edges.csv", "edge_id", "mdot_from_kg_per_s");
    const auto type = [&] {
      std::map<std::string, std::string> t;
      for (const auto& e : c["edges"]) t[e["id"].get<std::string>()] = e["type"];
      return t;
    }();
    const auto got_m = CsvColumn(dir_ / "out" / "arcs.csv", "id", "mass_flow_kg_per_s");
    double dm = 0.0;
    int compared = 0;
    for (const auto& [id, m] : want_m) {
      if (type.at(id) == "valve") continue;
      ASSERT_TRUE(got_m.count(id)) << id;
      dm = std::max(dm, std::abs(got_m.at(id) - m));
      ++compared;
    }
    EXPECT_GT(compared, 80);
    EXPECT_LE(dm, colebrook ? 0.02 : 1e-4);
    // arcs.csv's velocity, recomputed from its own flow and nodes.csv's pressures: q over
    // the density at the pipe's mean pressure (z linear, R_s = p_n / (rho_n T_n) of the
    // fluid) and the area, to 1e-7 (the columns carry 9 and 10 digits; 6 were written).
    int pipes = 0;
    EXPECT_LT(WorstVelocity(dir_ / "out", c, fluid_of(c)["rho_n_kg_per_m3_at_273.15K"],
                            c["gas"]["T_K"], fluid_of(c)["compressibility"]["offset"],
                            fluid_of(c)["compressibility"]["slope_per_bar"].get<double>() / 1e5,
                            &pipes),
              1e-7);
    EXPECT_GT(pipes, 80);
    const auto j = nlohmann::json::parse(Slurp(dir_ / "out" / "summary.json"));
    EXPECT_EQ(j["pipe_model"], "pandapipes");
    EXPECT_EQ(j["gravity_m_per_s2"].get<double>(), 9.81);
    EXPECT_TRUE(j["ratio_forward_only"].get<bool>());
    EXPECT_EQ(j["gas"]["pipe_law_norm_density_kg_per_m3"].get<double>(),
              fluid_of(c)["rho_n_kg_per_m3_at_273.15K"].get<double>());
  }
}

// GasLib-4197 has no pandapipes results, but its case file is pandapipes' preparation of
// the GasLib files, which validate solves. From the XML, corridor reaches the same state:
// the case's one departure from GasLib is that its six fixed-pressure-loss resistors are
// open valves ("loss ignored"), so those losses are set to 0 in the .net given to simulate.
// Then pressures agree to 5e-8 bar and the flows of pipes and resistors to 1.3e-6 kg/s
// (held to 1e-6 bar and 1e-5 kg/s); with the losses kept they differ by up to 1.7 bar and
// 36 kg/s (measured once by hand).
TEST_F(SimulateCli, GasLib4197FromTheXmlReachesThePandapipesCasesState) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string pp = test::ReferenceDir() + "/pandapipes/";
  const auto c = nlohmann::json::parse(Slurp(pp + "cases/GasLib-4197.json"));
  std::string net =
      Slurp(test::SharedDir() + "/data/" + c["source"]["net_file"].get<std::string>());
  int zeroed = 0;
  for (std::size_t at = net.find("<pressureLoss "); at != std::string::npos;
       at = net.find("<pressureLoss ", at + 1)) {
    const std::size_t v = net.find("value=\"", at) + 7;
    net.replace(v, net.find('"', v) - v, "0");
    ++zeroed;
  }
  EXPECT_EQ(zeroed, 6);
  const CliResult r = Run(PandapipesArgs(c, Write("GasLib-4197.net", net), "nikuradse",
                                         dir_ / "out"));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // The case as validate solves it.
  reference::PandapipesCase pc;
  Diagnostics diag;
  ASSERT_TRUE(reference::ReadPandapipesCaseFile(pp + "cases/GasLib-4197.json", &pc, &diag).ok())
      << diag.ToString();
  ReferenceCase rc;
  ASSERT_TRUE(reference::MakePandapipesReference(std::move(pc), "nikuradse", &rc).ok());
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_TRUE(SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, &sol, &sum).ok());
  ASSERT_EQ(sum.verdict, Verdict::kConverged) << sum.reason;
  const auto got_p = CsvColumn(dir_ / "out" / "nodes.csv", "id", "pressure_bar_abs");
  const auto got_m = CsvColumn(dir_ / "out" / "arcs.csv", "id", "mass_flow_kg_per_s");
  ASSERT_EQ(got_p.size(), rc.network.nodes.size());
  double dp = 0.0, dm = 0.0;
  for (std::size_t v = 0; v < rc.network.nodes.size(); ++v)
    dp = std::max(dp, std::abs(got_p.at(rc.network.nodes[v].id) - sol.pressure_Pa[v] / 1e5));
  int compared = 0;
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a) {
    if (rc.network.arcs[a].kind != ArcKind::kPipe) continue;  // resistors are pipes there
    dm = std::max(dm, std::abs(got_m.at(rc.network.arcs[a].id) - sol.mass_flow_kg_per_s[a]));
    ++compared;
  }
  EXPECT_GT(compared, 3500);
  EXPECT_LE(dp, 1e-6);
  EXPECT_LE(dm, 1e-5);
}

// --gas z0/z1 are --eos linear's coefficients: without it they changed nothing, and the Gas
// line named them as given (rho_n_pipe, mu, pc, Tc, --cnga and --gravity are refused
// likewise).
TEST_F(SimulateCli, LinearZCoefficientsNeedTheLinearLaw) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g11 + ".net", g11 + ".scn", "--gas", "z0=0.95,z1=-0.001"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--gas z0 is a coefficient of --eos linear"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--gas z1 is a coefficient of --eos linear"), std::string::npos) << r.err;
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--eos", "linear", "--gas", "z0=0.95"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // So are a viscosity under a friction law without Reynolds number and pseudocritical data
  // under a compressibility that does not use them: each changed nothing and was listed as
  // given in the Gas line.
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--gas", "mu=1.2e-5,pc=46,Tc=190", "--eos",
           "ideal"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* want :
       {"--gas mu enters only the friction laws that depend on the Reynolds number (--friction "
        "colebrook-white, hofer, pandapipes-nikuradse); with nikuradse's fully rough law it has "
        "no effect",
        "--gas pc enters only the compressibilities of --eos papay and aga; with --eos ideal it "
        "has no effect",
        "--gas Tc enters only the compressibilities of --eos papay and aga; with --eos ideal it "
        "has no effect"})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  // Under fixed friction factors too (a physics audit's: mu was accepted and listed).
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--gas", "mu=1.2e-5", "--friction", "fixed",
           "--lambda", "0.01"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--gas mu enters only the friction laws that depend on the Reynolds "
                       "number (--friction colebrook-white, hofer, pandapipes-nikuradse); with "
                       "fixed friction factors it has no effect [needs-reynolds-friction]"),
            std::string::npos)
      << r.err;
  r = Run({"simulate", g11 + ".net", g11 + ".scn", "--gas", "mu=1.2e-5,pc=46,Tc=190", "--friction",
           "hofer", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("viscosity 1.2e-05 Pa s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("p_c = 46.0000 bar, T_c = 190.000 K"), std::string::npos) << r.out;
}

// The pandapipes options refuse what they cannot mean, before anything is read.
TEST_F(SimulateCli, PipeModelOptionsRefuseBadValues) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = dir_ / "bad";
  CliResult r = SimulateG40({"--pipe-model", "weymouth", "--gravity", "1", "--out",
                             out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* want :
       {"--pipe-model 'weymouth' unknown (one of: standard, pandapipes)",
        "--gravity 1: expected the acceleration of gravity at the earth's surface, 9.7 to 9.9"})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = SimulateG40({"--gas", "rho_n_pipe=0.8", "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--gas rho_n_pipe is the norm density inside the pandapipes pipe law "
                       "and needs --pipe-model pandapipes"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  // A misspelt model says so once (not also that rho_n_pipe needs the pandapipes model);
  // gravity without the height term it enters is refused.
  r = SimulateG40({"--pipe-model", "pandapipe", "--gas", "rho_n_pipe=0.8"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--pipe-model 'pandapipe' unknown"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("rho_n_pipe"), std::string::npos) << r.err;
  r = SimulateG40({"--gravity", "9.81", "--no-height"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--gravity enters only the height term, which --no-height leaves out"),
            std::string::npos)
      << r.err;
  // --ratio-forward-only without a station at a ratio is said to change nothing.
  r = SimulateG40({"--no-timings", "--ratio-forward-only"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("warning: --ratio-forward-only changes nothing here"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("a controls file) [no-effect]"), std::string::npos)
      << r.err;
  r = SimulateG40({"--no-timings", "--ratio-forward-only", "--no-limits", "--set",
                   "compressorStation_1=ratio:1.2"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("--ratio-forward-only"), std::string::npos) << r.err;
  // Another g under the standard law is named in the Model line.
  r = SimulateG40({"--no-timings", "--gravity", "9.81"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("; g = 9.81 m/s2"), std::string::npos) << r.out;
  // Under pandapipes' law likewise with its unit, and not where the height term is off
  // (it read "g = 9.81" without a unit, and "g = 9.80665" with --no-height).
  r = SimulateG40({"--no-timings", "--pipe-model", "pandapipes", "--gravity", "9.81"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("T_n = 273.15 K, g = 9.81 m/s2 (its gas constant p_n/(T_n rho_n) = "),
            std::string::npos)
      << r.out;
  // The law's gas constant is said beside R_s, which the compressors' heads use (one R_s
  // read as the pipe law's): GasLib-40's gas has the norm density GasLib-11's has.
  EXPECT_NE(r.out.find("(its gas constant p_n/(T_n rho_n) = 472.5478 J/(kg K); R_s is the "
                       "compressors')"),
            std::string::npos)
      << r.out;
  r = SimulateG40({"--no-timings", "--pipe-model", "pandapipes", "--no-height"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("g = 9"), std::string::npos) << r.out;
  // The standard model, named in the report and the summary, is the default.
  r = SimulateG40({"--no-timings", "--out", out.string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Model                  : pipe law standard;"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(Slurp(out / "summary.json"));
  EXPECT_EQ(j["pipe_model"], "standard");
  EXPECT_EQ(j["gravity_m_per_s2"].get<double>(), 9.80665);
  EXPECT_FALSE(j["ratio_forward_only"].get<bool>());
  EXPECT_FALSE(j["gas"].contains("pipe_law_norm_density_kg_per_m3"));  // no such law
  EXPECT_EQ(r.out.find("; g = "), std::string::npos) << r.out;  // the standard g
}

// Under pandapipes' pipe law the velocities follow the law's gas, rho = rho_n T_n p /
// (T p_n Z(p)) with rho_n the law's norm density, not R_s = R / M: with GasLib-582's own gas
// (M 17.9 to 18.6 kg/kmol beside rho_n 0.82 kg/m3) the two differ by about 1 %. Recomputed
// from the CSVs and summary.json to 1e-7.
TEST_F(SimulateCli, PandapipesVelocitiesFollowTheLawsGas) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const CliResult r = Run({"simulate", g + "GasLib-582-v2.net", g + "nomination_cold_5.scn",
                           "--pipe-model", "pandapipes", "--eos", "linear", "--no-timings",
                           "--out", (dir_ / "out").string()});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(Slurp(dir_ / "out" / "summary.json"));
  const double t = j["temperature_K"].get<double>();
  const double rho_n = j["gas"]["pipe_law_norm_density_kg_per_m3"].get<double>();
  const double z0 = j["gas"]["linear_z_offset"].get<double>();
  const double z1 = j["gas"]["linear_z_slope_per_bar"].get<double>() / 1e5;
  const double r_s = 8.314462618 / (j["gas"]["molar_mass_kg_per_kmol"].get<double>() * 1e-3);
  EXPECT_GT(std::abs(r_s * rho_n * 273.15 / 101325.0 - 1.0), 0.005);  // the gases differ
  // Pipe ends and diameters as pandapipes' case file of this network lists them.
  const auto c = nlohmann::json::parse(
      Slurp(test::ReferenceDir() + "/pandapipes/cases/GasLib-582.json"));
  int pipes = 0;
  EXPECT_LT(WorstVelocity(dir_ / "out", c, rho_n, t, z0, z1, &pipes), 1e-7);
  EXPECT_GT(pipes, 250);
}

// GasSteadySim's CNGA integral has no height term, so the standard law refuses it on a
// network that climbs (GasLib-582); pandapipes' law takes CNGA's z and keeps its own height
// term.
TEST_F(SimulateCli, CngaUnderThePandapipesLawKeepsTheHeightTerm) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const std::vector<std::string> files = {"simulate", g + "GasLib-582-v2.net",
                                          g + "nomination_cold_5.scn", "--no-timings", "--eos",
                                          "cnga", "--cnga", "1.003,-2e-3"};
  CliResult r = Run(files);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("has no height term"), std::string::npos) << r.err;
  std::vector<std::string> pandapipes = files;
  pandapipes.insert(pandapipes.end(), {"--pipe-model", "pandapipes"});
  r = Run(pandapipes);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pipe law pandapipes; friction nikuradse; equation of state cnga; "
                       "height term on;"),
            std::string::npos)
      << r.out;
}

// --set takes the values a controls file takes: a ratio below 1 or above 10, a pressure
// above 1000 bar or a negative flow is refused before anything is read, naming the range
// and the rule (they ran a full solve before: ratio 0.5 ended "pressure would fall below
// zero", 1e6 infeasible), and a value that is no number says so.
TEST_F(SimulateCli, SetValuesFollowTheControlsFileRanges) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--set",
                     "CS01_entry03_N01=ratio:0.5", "--set", "CS02_N04_N05=outlet:1001", "--set",
                     "V01_N01_N03=closed", "--set", "x=flow:-1", "--set", "y=ratio:1e6", "--set",
                     "z=dp:two", "--set", "w=inlet:0.0001"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  for (const char* want :
       {"--set 'CS01_entry03_N01=ratio:0.5': ratio must be >= 1 and <= 10 (a compressor "
        "cannot reduce pressure), got 0.5 [out-of-range]",
        "--set 'CS02_N04_N05=outlet:1001': outlet_pressure must be >= 0.001 and <= 1000, in "
        "bar (absolute pressure), got 1001 [out-of-range]",
        // A set-point has a reference's least (--slack's 0.001 bar): 0.0001 was taken.
        "--set 'w=inlet:0.0001': inlet_pressure must be >= 0.001 and <= 1000, in bar "
        "(absolute pressure), got 0.0001 [out-of-range]",
        "--set 'x=flow:-1': flow must be >= 0",
        "--set 'y=ratio:1e6': ratio must be >= 1 and <= 10, got 1000000 [out-of-range]",
        "--set 'z=dp:two': value 'two' of mode 'delta_p' is not a number [not-a-number]"})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  EXPECT_EQ(r.err.find("V01_N01_N03"), std::string::npos) << r.err;
  // The ends of the ranges are values.
  r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--no-timings", "--set",
           "CS01_entry03_N01=ratio:1", "--set", "CS02_N04_N05=outlet:1000"});
  EXPECT_EQ(r.err.find("out-of-range"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict"), std::string::npos) << r.out << r.err;
}

TEST_F(SimulateCli, BadControlsFileIsRejectedAndNothingIsWritten) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string ctl =
      Write("bad.csv", "id,mode,value\nCS9,ratio,1.2\nV01_N01_N03,ratio,1.2\n"
                       "CS01_entry03_N01,ratio,0.5\nCS02_N04_N05,bypass,\nCS02_N04_N05,closed,\n");
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", d + ".net", d + ".scn", d + ".cs", "--controls", ctl, "--out",
                     out.string(), "--plots", (dir_ / "plots").string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* part : {"bad.csv:2: error: arc 'CS9'", "[unknown-id]",
                           "bad.csv:3: error: valve 'V01_N01_N03'", "[mode-not-allowed]",
                           "bad.csv:4: error: compressorStation 'CS01_entry03_N01'",
                           "[out-of-range]", "bad.csv:6: error: compressorStation 'CS02_N04_N05'",
                           "already set on line 5"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir_ / "plots"));
}

// A case that does not load or does not validate: the controls file is still checked, so
// that one run lists its problems with the case's (it went unread, and a second run found
// them). Without a network, its form alone; with one read, against it.
TEST_F(SimulateCli, ControlsFileIsCheckedBesideABadCase) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string ctl = Write("bad.csv",
                                "id,mode,value\nCS01_entry03_N01,ratio,0.5\nentry01,pressure,"
                                "-3\nCS01_entry03_N01,bypass,\nV01_N01_N03,sideways,\n");
  const std::string broken = Write("broken.net", "<network><nodes>\n");
  CliResult r = Run({"simulate", broken, d + ".scn", "--controls", ctl});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* part :
       {"broken.net", "bad.csv:2: error: element 'CS01_entry03_N01'", "[out-of-range]",
        "bad.csv:3: error: node 'entry01'", "pressure must be >= 0.001",
        "bad.csv:4: error: element 'CS01_entry03_N01'", "already set on line 2",
        "bad.csv:5: error: element 'V01_N01_N03'", "[unknown-mode]"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
  // Rules that need the network wait for one: no unknown-id without it.
  EXPECT_EQ(r.err.find("[unknown-id]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv: note: controls: checked without a network"), std::string::npos)
      << r.err;
  // A case read but invalid (a node's pressureMin above its pressureMax): the file against
  // its network.
  std::string net = Slurp(d + ".net");
  const std::string pmin = "<pressureMin unit=\"bar\" value=\"40.0\"/>";
  const std::size_t at = net.find(pmin);
  ASSERT_NE(at, std::string::npos);
  net.replace(at, pmin.size(), "<pressureMin unit=\"bar\" value=\"80.0\"/>");
  const std::string invalid = Write("invalid.net", net);
  const std::string ctl2 = Write("ids.csv", "id,mode,value\nno_such_arc,open,\n");
  r = Run({"simulate", invalid, d + ".scn", "--controls", ctl2});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("ids.csv:2: error: arc 'no_such_arc'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[unknown-id]"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("[not-checked]"), std::string::npos) << r.err;
}

// Every bad option of a line is listed at once, CLI11's range and number checks with the
// command's own, exit 1: CLI11 stopped at the first it refused (--scale 0) and the others
// (--friction foo, --temperature -300) went unsaid until that one was mended.
TEST_F(SimulateCli, EveryBadOptionOfALineIsListed) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  const fs::path out = dir_ / "out";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", g + ".cs", "--temperature", "-300",
                     "--scale", "0", "--friction", "foo", "--out", out.string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* want :
       {"corridor simulate: --scale: Value 0 not in range 0.010000 to 100.000000 [out-of-range]\n",
        "corridor simulate: --temperature -300 degC is not a temperature a gas network has "
        "(plausible: -100 to 200 degC) [out-of-range]\n",
        "corridor simulate: --friction 'foo' unknown (one of: "})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
  // Each with its rule, CLI11's checks' too (they had none).
  r = Run({"simulate", g + ".net", g + ".scn", "--scale", "0", "--threads", "-1", "--gravity",
           "nan", "--gas", "M=500,M=2", "--cnga", "1,0", "--max-iterations", "x", "--out", ""});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  std::istringstream lines_of(r.err);
  int said = 0;
  for (std::string line; std::getline(lines_of, line); ++said)
    EXPECT_TRUE(!line.empty() && line.back() == ']') << line;
  EXPECT_EQ(said, 8) << r.err;
  // Pairs the stress helper found: each problem is named, whichever CLI11 checks.
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> lines = {
      {{"--gravity", "nan", "--friction", "foo"},
       {"--gravity: 'nan' is not a finite decimal number", "--friction 'foo' unknown"}},
      {{"--friction", "foo", "--max-iterations", "0"},
       {"--friction 'foo' unknown", "--max-iterations: Value 0 not in range 1 to 100000"}},
      {{"--threads", "-1", "--eos", "foo"},
       {"--threads: Value -1 not in range 0 to 1024", "--eos 'foo' unknown"}},
      {{"--scale", "x", "--max-messages", "0", "--ambient-temperature", "1e999", "--threads",
        "many"},
       {"--scale: 'x' is not a finite decimal number",
        "--max-messages: Value 0 not in range 1 to 1000000",
        "--ambient-temperature: '1e999' is not a finite decimal number",
        "--threads: 'many' is not a whole decimal number"}}};
  for (const auto& [options, wants] : lines) {
    std::vector<std::string> args = {"simulate", g + ".net", g + ".scn"};
    args.insert(args.end(), options.begin(), options.end());
    r = Run(args);
    EXPECT_EQ(r.status, 1) << options[0] << "\n" << r.out << r.err;
    for (const std::string& want : wants)
      EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
    EXPECT_EQ(r.err.find("(see --help)"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

// A negative number given as an option's value is that value, not an option: it was said
// to be "no option -300", and "-1" got "(did you mean '-h'?)".
// A value just outside a range is shown as given: {:g} printed --temperature -100.0001 as
// "-100 degC ... (plausible: -100 to 200 degC)", which contradicts itself, and
// --slack X=1000.0000001 as "1000 bar".
TEST_F(SimulateCli, AValueOutOfRangeIsShownAsGiven) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--temperature", "-100.0001",
                     "--gravity", "9.9000001", "--slack", "entry01=1000.0000001"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* said :
       {"--temperature -100.0001 degC is not a temperature a gas network has (plausible: -100 "
        "to 200 degC) [out-of-range]",
        "--gravity 9.9000001: expected the acceleration of gravity at the earth's surface, 9.7 "
        "to 9.9 m/s2 [out-of-range]",
        "--slack 'entry01=1000.0000001': 1000.0000001 bar is not a pressure a gas network has"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
  // A number that is no pressure is out of range as 0.0001 is (0 and -5 were bad-number).
  for (const char* bar : {"0", "-5", "0.0001"}) {
    r = Run({"simulate", g + ".net", g + ".scn", "--slack", std::string("entry01=") + bar});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(fmt::format("--slack 'entry01={}': {} bar is not a pressure a gas "
                                     "network has (plausible: 0.001 to 1000 bar) [out-of-range]",
                                     bar, bar)),
              std::string::npos)
        << r.err;
  }
  // So is a number beyond a double's range, as --lambda says it (1e400 was bad-number); a
  // set-point's is not-finite, as a controls file's value.
  r = Run({"simulate", g + ".net", g + ".scn", "--slack", "entry01=1e400", "--set",
           "CS=outlet:-1e999", "--set", "V=outlet:1e40x"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* said :
       {"--slack 'entry01=1e400': the pressure lies beyond a double's range (plausible: 0.001 "
        "to 1000 bar) [out-of-range]",
        "--set 'CS=outlet:-1e999': value '-1e999' of mode 'outlet_pressure' lies beyond a "
        "double's range [not-finite]",
        "--set 'V=outlet:1e40x': value '1e40x' of mode 'outlet_pressure' is not a number "
        "[not-a-number]"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
}

TEST_F(SimulateCli, ANegativeValueIsNoOptionName) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  // (With the command's own checks alone the case is read, and its warnings are listed:
  // GasLib-11's normDensity.)
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--temperature", "-300"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor simulate: --temperature -300 degC is not a temperature a gas "
                       "network has (plausible: -100 to 200 degC) [out-of-range]\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("no option"), std::string::npos) << r.err;
  for (const char* value : {"-1", "-0.5", "-.5", "-1e3"}) {
    r = Run({"simulate", g + ".net", g + ".scn", "--scale", value});
    EXPECT_EQ(r.status, 1) << value << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(std::string("corridor simulate: --scale: Value ") + value +
                         " not in range 0.010000 to 100.000000 [out-of-range]\n"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("(see --help)"), std::string::npos) << r.err;
  }
  // An empty file name leaves the case unread (the other files alone are another case).
  r = Run({"simulate", g + ".net", "", "--scale", "0"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err,
            "corridor simulate: files: needs a file or folder name, got \"\" [missing-value]\n"
            "corridor simulate: --scale: Value 0 not in range 0.010000 to 100.000000 "
            "[out-of-range]\n");
  // Where CLI11 refuses the line itself (an unknown option), its one line names no value,
  // and the values its checks refused are listed before it.
  r = Run({"simulate", g + ".net", g + ".scn", "--threads", "-1", "--slak", "entry01=50"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor simulate: --threads: Value -1 not in range 0 to 1024 [out-of-range]\n"
                   "corridor simulate: no option --slak (did you mean '--slack'?) "
                   "[unknown-option] (see --help)\n");
  // So are those the command finds before reading a file (its temperatures' range, the
  // forms of --set and --slack): they went unsaid beside an unknown option.
  r = Run({"simulate", "--temperature", "-300", "--slak"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor simulate: --temperature -300 degC is not a temperature a gas "
                   "network has (plausible: -100 to 200 degC) [out-of-range]\n"
                   "corridor simulate: files is required [missing-argument]; no option "
                   "--slak (did you mean '--slack'?) [unknown-option] (see --help)\n");
  r = Run({"simulate", g + ".net", g + ".scn", "--ambient-temperature", "500", "--set", "X=foo",
           "--slack", "n1", "--bogus"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* said : {"--ambient-temperature 500 degC is not a temperature",
                           "--set 'X=foo': expected ARC=open", "--slack 'n1': expected NODE=BAR",
                           "no option --bogus [unknown-option]"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
  r = Run({"track", g + ".net", g + ".scn", "--slack", "n1", "--fuel", "x=y", "--bogus"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* said : {"corridor track: --slack 'n1': expected NODE=BAR",
                           "corridor track: --fuel expects STATION=KG_S (fuel mass flow >= 0), "
                           "got 'x=y'",
                           "corridor track: no option --bogus [unknown-option]"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
  // Every required option the line lacks, not the first alone.
  r = Run({"convert", g + ".net"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor convert: --to is required [missing-argument]; --output is "
                   "required too [missing-argument] (see --help)\n");
  // Each problem with one rule of its own: a missing value, the arguments still required,
  // the words not expected and the unknown options apart; a word of the line that ends in
  // ']' is no rule.
  r = Run({"convert", "--to"});
  EXPECT_EQ(r.err, "corridor convert: --to needs a value, and none was given [missing-value]; "
                   "files is required too [missing-argument]; --output is required too "
                   "[missing-argument] (see --help)\n");
  r = Run({"validate", "d", "b[x]", "--bogus"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor validate: The following argument was not expected: 'b[x]' "
                   "[unexpected-argument]; no option --bogus [unknown-option] (see --help)\n");
  // The words in the line's order, each whole (a blank split one in two), a misspelt
  // command's hint at its word; an unknown option once however often given; a short
  // option's joined value and the word an empty `--opt=` takes are no option names.
  r = Run({"simulat", "a.net"});
  EXPECT_EQ(r.err, "corridor: The following arguments were not expected: simulat (did you "
                   "mean 'simulate'?) a.net [unexpected-argument] (see --help)\n");
  r = Run({"hydro", "x", "y z", "--bogus", "--bogus"});
  EXPECT_EQ(r.err, "corridor hydro: The following argument was not expected: 'y z' "
                   "[unexpected-argument]; no option --bogus [unknown-option] (see --help)\n");
  r = Run({"convert", "X.net", "-o/tmp/x.json"});
  EXPECT_EQ(r.err, "corridor convert: --to is required [missing-argument] (see --help)\n");
  r = Run({"simulate", "--temperature=", "--bogus"});
  EXPECT_EQ(r.err.find("no option --bogus"), std::string::npos) << r.err;
  // Words the program's own parser kept (after `--` once a one-argument command has its
  // argument, or before the command's name) are said too, in order; a word after the mark
  // is an operand however it is spelt; a value taken by an option is no value-taker itself.
  r = Run({"validate", "d", "--", "x", "a b", "--bogus"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor validate: The following arguments were not expected: x 'a b' "
                   "--bogus [unexpected-argument] (see --help)\n");
  r = Run({"--bogus", "extra", "validate", "d"});
  EXPECT_EQ(r.err, "corridor validate: The following argument was not expected: extra "
                   "[unexpected-argument]; no option --bogus [unknown-option] (see --help)\n");
  r = Run({"validate", "--bogus", "--", "d", "--bogus"});
  EXPECT_EQ(r.err, "corridor validate: The following argument was not expected: --bogus "
                   "[unexpected-argument]; no option --bogus [unknown-option] (see --help)\n");
  r = Run({"simulate", "f.net", "--gas", "--gas", "--bogus"});
  EXPECT_NE(r.err.find("no option --bogus [unknown-option]"), std::string::npos) << r.err;
  r = Run({"simulat", "simulat"});
  EXPECT_EQ(r.err, "corridor: The following arguments were not expected: simulat (did you mean "
                   "'simulate'?) simulat [unexpected-argument] (see --help)\n");
  r = Run({"hydro", "x", "y [z];"});
  EXPECT_EQ(r.err, "corridor hydro: The following argument was not expected: 'y [z];' "
                   "[unexpected-argument] (see --help)\n");
  // Beside another problem too: the words the program kept after `--` were left unsaid
  // where the command lacked its argument.
  r = Run({"--", "--bogus", "x y", "check"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "corridor check: files is required [missing-argument]; the following "
                   "arguments were not expected: --bogus 'x y' [unexpected-argument] (see "
                   "--help)\n");
  // (After the mark every word is an operand, the command's too.)
  // --set's value, and its id, by a controls file's rules: a value none, not finite or no
  // number; an empty id, one with white space at an end (the rest still checked).
  r = Run({"simulate", g + ".net", g + ".scn", "--set", "CS=outlet:", "--set", "CS=ratio:inf",
           "--set", "CS=ratio:1e-400", "--set", "=open", "--set", " CS=open", "--set",
           "CS=dp:x"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* said :
       {"--set 'CS=outlet:': mode 'outlet_pressure' needs a value [missing-value]",
        "--set 'CS=ratio:inf': value 'inf' of mode 'ratio' is not a finite number [not-finite]",
        "--set 'CS=ratio:1e-400': value '1e-400' of mode 'ratio' lies below a double's range "
        "(it would read as 0) [not-finite]",
        "--set '=open': the id is empty; expected ARC=open",
        "--set ' CS=open': id=' CS' has white space at its start",
        "--set 'CS=dp:x': value 'x' of mode 'delta_p' is not a number [not-a-number]"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
  // An id with white space is the id as meant for a repetition too, whichever comes first
  // (" CS=bypass" before "CS=closed" went unsaid); an id may hold '='.
  r = Run({"simulate", g + ".net", g + ".scn", "--set", " CS01_entry03_N01=bypass", "--set",
           "CS01_entry03_N01=closed", "--set", "a=b=open", "--set", "a=b=closed"});
  EXPECT_NE(r.err.find("--set names arc 'CS01_entry03_N01' twice (' CS01_entry03_N01=bypass' "
                       "and 'CS01_entry03_N01=closed'); give each element one setting "
                       "[duplicate-id]"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--set names arc 'a=b' twice"), std::string::npos) << r.err;
  r = Run({"--", "foo", "convert"});
  EXPECT_EQ(r.err, "corridor convert: files is required [missing-argument]; --to is required "
                   "too [missing-argument]; --output is required too [missing-argument]; the "
                   "following argument was not expected: foo [unexpected-argument] (see "
                   "--help)\n");
  r = Run({"--", "--bogus", "check", "--bogus"});
  EXPECT_EQ(r.err, "corridor check: files is required [missing-argument]; the following "
                   "arguments were not expected: --bogus --bogus [unexpected-argument] (see "
                   "--help)\n");
}

}  // namespace
}  // namespace corridor
