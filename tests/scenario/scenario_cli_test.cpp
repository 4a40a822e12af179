// `corridor` (the default job) and `corridor run` as programs: stable report lines, output
// files, and a bad scenario name that writes nothing.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "test_util.h"

#ifndef CORRIDOR_CLI
#error "tests/scenario needs the corridor_cli target (CORRIDOR_CLI)"
#endif

namespace corridor {
namespace {

using test::CliResult;
class ScenarioCli : public test::CliTest {};

TEST_F(ScenarioCli, DefaultJobPrintsTheAdviserReport) {
  CliResult r = Run({});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* line :
       {"Q1. Can the existing corridor carry 2 bcm/y on top of today's flows (annual averages)? "
        "YES.",
        "Scenario baseline : converged, within limits",
        "Scenario ru-phase1 : converged, within limits", "Scenario ru-10bcm : ",
        "Scenario ru-55bcm : infeasible", "Scenario winter-peak : ",
        "Scenario swap-contract : ", "Scenario swap-stopped : ", "Max transit : ",
        "Total compressor power : ", "Origin mix at Astara (IR) :", "Total time : "}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing: " << line << "\n" << r.out;
  }
  // The summary gives the largest transit beside the scenario's own, not a spare
  // ("ru-phase1 ... headroom 5.31" read as 5.31 bcm/y on top of its 2), and beside it the
  // largest within the published capacities (the largest alone passed the Hajigabul-Astara
  // line's published 4 bcm/y, and was taken for the corridor's figure).
  EXPECT_NE(r.out.find("Summary (Russian transit in bcm/y at 20 degC: nominated, the "
                       "scenario's own; largest,\n"),
            std::string::npos)
      << r.out;
  const std::size_t at = r.out.find("\n  ru-phase1 ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string line = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  double own = 0.0, largest = 0.0, published = 0.0;
  ASSERT_EQ(std::sscanf(line.c_str() + line.find("limits") + 6, "%lf %lf %lf", &own, &largest,
                        &published),
            3)
      << line;
  EXPECT_EQ(own, 2.0) << line;
  EXPECT_GT(largest, own) << line;
  EXPECT_LT(published, largest) << line;
  EXPECT_GT(published, own) << line;
  const std::size_t t10 = r.out.find("\n  ru-10bcm ");
  ASSERT_NE(t10, std::string::npos) << r.out;
  EXPECT_NE(r.out.substr(t10, r.out.find('\n', t10 + 1) - t10).find(" 10.00 "),
            std::string::npos)
      << r.out;
  // Each note of an estimate in full once, then by name (the same 110 characters stood on
  // eleven lines).
  auto count = [&](const std::string& what) {
    int n = 0;
    for (std::size_t at = r.out.find(what); at != std::string::npos;
         at = r.out.find(what, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count("[rests on an estimated bound: cs_astara flowMax: S35; S32; S39"), 1) << r.out;
  EXPECT_GE(count("[rests on the estimated bound cs_astara flowMax, as above]"), 5) << r.out;
  EXPECT_EQ(count("[depends on the estimated machine sizing: corridor.cs, SOURCES.md]"), 1)
      << r.out;
  EXPECT_GE(count("[depends on the estimated machine sizing, as above]"), 5) << r.out;
  EXPECT_LT(r.out.find("[rests on an estimated bound: cs_astara"),
            r.out.find("[rests on the estimated bound cs_astara flowMax, as above]"));
  // A note cut back to its short form keeps what follows it: the published capacity the
  // AZ part's flow passes at each scenario's max transit (baseline: 5.29 of 4 bcm/y). The note was
  // taken up to the bracket that ended the line, the clause with it, and five "Max transit"
  // lines lost the clause that `corridor run` and summary.json keep.
  int shortened = 0;
  for (std::size_t at = r.out.find("\nMax transit : "); at != std::string::npos;
       at = r.out.find("\nMax transit : ", at + 1)) {
    const std::string line = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
    if (line.find("[rests on the estimated bound cs_astara flowMax, as above]") ==
        std::string::npos)
      continue;
    ++shortened;
    EXPECT_NE(line.find("; there above a published capacity (not a bound here): "
                        "Gazimagomed-Astara-Bid Boland (AZ part) "),
              std::string::npos)
        << line;
  }
  EXPECT_GE(shortened, 5) << r.out;
}

TEST_F(ScenarioCli, RunWritesItsFiles) {
  const std::string out = (dir_ / "baseline").string();
  CliResult r = Run({"run", "baseline", "--out", out, "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Scenario baseline : converged, within limits"), std::string::npos);
  EXPECT_EQ(r.out.find("Time : "), std::string::npos);  // --no-timings
  for (const char* f : {"nodes.csv", "arcs.csv", "summary.json", "network.geojson"})
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(out) / f)) << f;
  std::string nodes, summary, geo;
  ASSERT_TRUE(ReadFileToString(out + "/nodes.csv", &nodes).ok());
  EXPECT_EQ(nodes.rfind("id,kind,pressure_bar_abs,", 0), 0u);
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), '\n'), 30);  // header + 29 nodes
  ASSERT_TRUE(ReadFileToString(out + "/summary.json", &summary).ok());
  auto j = nlohmann::json::parse(summary);
  EXPECT_EQ(j["scenario"], "baseline");
  EXPECT_EQ(j["feasible"], true);
  // The solver's figures under simulate's keys (summary.json of `corridor simulate`).
  EXPECT_EQ(j["solver_verdict"], "converged");
  EXPECT_LT(j["max_mass_imbalance_kg_s"].get<double>(), 1e-6);
  // The report's Max velocity line (it was the console's alone), and the mixes' basis.
  const std::string speed = fmt::format("Max velocity : {:.1f} m/s in {} ",
                                        j["max_velocity_m_per_s"].get<double>(),
                                        j["max_velocity_arc"].get<std::string>());
  EXPECT_NE(r.out.find(speed), std::string::npos) << speed << "\n" << r.out;
  EXPECT_EQ(j["origin_mix_basis"], "mass fraction");
  // The published capacities, each pipeline once.
  ASSERT_TRUE(j["capacity_use"].is_array());
  EXPECT_GE(j["capacity_use"].size(), 5u);
  EXPECT_EQ(j["capacity_use"][0]["system"], "Mozdok-Makhachkala-Kazimagomed");
  EXPECT_TRUE(j["headroom"]["capacity_use_at_max"].is_array());
  EXPECT_TRUE(j["headroom"]["max_transit_bcm_per_y_20degC"].get<double>() > 0.0);
  // The scan below the largest carried ran and found every transit tried carried.
  EXPECT_EQ(j["headroom"]["gap_scan"]["step_bcm_per_y"].get<double>(), 0.25);
  EXPECT_TRUE(j["headroom"]["gap_scan"]["not_carried_at_bcm_per_y_20degC"].is_null());
  // Every headroom the report prints (the second was missing).
  EXPECT_GT(j["headroom_without_station_flow_bounds"]["max_transit_bcm_per_y_20degC"].get<double>(),
            j["headroom"]["max_transit_bcm_per_y_20degC"].get<double>());
  const auto& within = j["headroom_within_published_capacities"];
  EXPECT_LT(within["max_transit_bcm_per_y_20degC"].get<double>(),
            j["headroom"]["max_transit_bcm_per_y_20degC"].get<double>());
  EXPECT_EQ(within["binding"][0]["element"],
            "Gazimagomed-Astara-Bid Boland (AZ part) above its published capacity");
  EXPECT_NE(r.out.find(fmt::format("Max transit within the published capacities : {:.2f} bcm/y",
                                   within["max_transit_bcm_per_y_20degC"].get<double>())),
            std::string::npos)
      << r.out;
  // The published diameter of Hajigabul-Astara as a sensitivity, its searches as the others.
  ASSERT_EQ(j["sensitivities"].size(), 1u);
  const auto& sen = j["sensitivities"][0];
  EXPECT_EQ(sen["arc"], "p_hajigabul_astara");
  EXPECT_EQ(sen["parameter"], "diameter");
  EXPECT_NEAR(sen["value_m"].get<double>(), 0.996, 1e-12);
  EXPECT_NEAR(sen["network_value_m"].get<double>(), 1.19, 1e-12);
  EXPECT_LT(sen["headroom_without_station_flow_bounds"]["max_transit_bcm_per_y_20degC"]
                .get<double>(),
            j["headroom_without_station_flow_bounds"]["max_transit_bcm_per_y_20degC"]
                .get<double>());
  EXPECT_TRUE(sen["headroom_within_published_capacities"]["binding"].is_array());
  // The closed Samur border is 0 as in arcs.csv, not its round-off (-4.9e-11 kg/s).
  ASSERT_EQ(j["border_flows"][0]["id"], "bp_ru_az_samur");
  EXPECT_EQ(j["border_flows"][0]["mass_flow_kg_per_s"].get<double>(), 0.0);
  EXPECT_EQ(j["border_flows"][0]["flow_mcm_per_d"].get<double>(), 0.0);
  // Where each origin's gas is used and the nodes at a bound, as the report says them.
  bool turkmen = false;
  for (const auto& t : j["origin_transit"])
    if (t["origin"] == "Turkmenistan" && t["country"] == "IR") {
      turkmen = true;
      EXPECT_NEAR(t["net_mcm_per_d"].get<double>(),
                  t["in_mcm_per_d"].get<double>() - t["out_mcm_per_d"].get<double>(), 1e-12);
      const double net = t["net_mcm_per_d"].get<double>();
      EXPECT_NE(r.out.find(fmt::format("Turkmenistan: IR {:.3f}", net)), std::string::npos)
          << r.out;
    }
  EXPECT_TRUE(turkmen);
  ASSERT_FALSE(j["at_pressure_bound"].empty());
  for (const auto& p : j["at_pressure_bound"]) {
    EXPECT_NEAR(p["pressure_bar_abs"].get<double>(), p["bound_bar_abs"].get<double>(), 0.01);
    EXPECT_NE(r.out.find(fmt::format("{} {:.2f} {}", p["node"].get<std::string>(),
                                     p["pressure_bar_abs"].get<double>(),
                                     p["bound"].get<std::string>())),
              std::string::npos)
        << p.dump();
  }
  ASSERT_TRUE(ReadFileToString(out + "/network.geojson", &geo).ok());
  auto g = nlohmann::json::parse(geo);
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_EQ(g["features"].size(), 29u + 31u);
  // A station's row says its mode and the check's power, as summary.json's stations do
  // (Korpeje's 46 -> 46 bar beside the report's power from its assumed suction).
  std::string arcs;
  ASSERT_TRUE(ReadFileToString(out + "/arcs.csv", &arcs).ok());
  EXPECT_EQ(arcs.rfind("id,type,from,to,mass_flow_kg_per_s,flow_mcm_per_d,flow_bcm_per_y_0degC,"
                       "pressure_from_bar_abs,pressure_to_bar_abs,mode,shaft_power_MW,"
                       "velocity_m_per_s,velocity_low_end_m_per_s,pressure_drop_bar,"
                       "friction_factor,gas_molar_mass_kg_per_kmol,"
                       "gas_pseudocritical_pressure_bar,gas_pseudocritical_temperature_K\n",
                       0),
            0u);
  // Each pipe's velocities as simulate writes them: the lower-pressure end's the larger,
  // and the fastest is the report's Max velocity line.
  {
    std::istringstream rows(arcs);
    std::string row, fastest_id;
    std::getline(rows, row);
    double fastest = 0.0;
    int pipes = 0, gases = 0;
    while (std::getline(rows, row)) {
      std::vector<std::string> f;
      std::stringstream ls(row);
      for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
      if (row.back() == ',') f.push_back("");
      if (f.size() != 18u || f[1] != "pipe") continue;
      const double v = std::abs(std::stod(f[11])), low = std::stod(f[12]);
      EXPECT_GE(low, v) << row;
      // The pressure drop is the row's own ends', and a pipe's friction factor lies in
      // the Moody chart's turbulent range.
      EXPECT_NEAR(std::stod(f[13]), std::stod(f[7]) - std::stod(f[8]), 1e-6) << row;
      EXPECT_GT(std::stod(f[14]), 0.005) << row;
      EXPECT_LT(std::stod(f[14]), 0.03) << row;
      // Each pipe's own gas, a mix of the sources' (Russian 16.35 to Iranian 18.32 kg/kmol).
      if (!f[15].empty()) {
        EXPECT_GE(std::stod(f[15]), 16.34) << row;
        EXPECT_LE(std::stod(f[15]), 18.33) << row;
        ++gases;
      }
      if (low > fastest) {
        fastest = low;
        fastest_id = f[0];
      }
      ++pipes;
    }
    EXPECT_GT(pipes, 20);
    EXPECT_GT(gases, 20);
    EXPECT_NE(r.out.find(fmt::format("Max velocity : {:.1f} m/s in {} at its lower-pressure end",
                                     fastest, fastest_id)),
              std::string::npos)
        << r.out;
  }
  for (const auto& st : j["stations"]) {
    const std::string id = st["id"];
    const std::size_t at = arcs.find("\n" + id + ",");
    ASSERT_NE(at, std::string::npos) << id;
    const std::string row = arcs.substr(at + 1, arcs.find('\n', at + 1) - at - 1);
    const std::string mode = st["mode"];
    EXPECT_NE(row.find(mode.find(',') == std::string::npos ? "," + mode + ","
                                                            : ",\"" + mode + "\","),
              std::string::npos)
        << row;
    std::vector<std::string> f;
    std::stringstream ls(row);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    if (row.back() == ',') f.push_back("");
    ASSERT_GE(f.size(), 18u) << row;
    // shaft_power_MW, eighth from the end (a mode may hold a quoted comma); a station has
    // no friction factor (fourth from the end), and compresses its suction's gas (the last
    // three: molar mass, p_c, T_c)
    EXPECT_EQ(f[f.size() - 4], "") << row;
    EXPECT_GT(std::stod(f[f.size() - 3]), 16.0) << row;
    const double power = std::stod(f[f.size() - 8]);
    EXPECT_NEAR(power, st["power_MW"].get<double>(), 1e-6 * std::max(1.0, power)) << row;
  }
}

// `run --one-gas` gives every pipe the entries' mean gas (the reports' model before
// 2026-12-07): the Model line says which, the headroom beyond the station flow bounds is that
// model's 7.05 bcm/y against 6.77 with each pipe's own gas, and arcs.csv leaves the gas
// columns empty.
TEST_F(ScenarioCli, OneGasInThePipesIsAnOption) {
  const std::string out = (dir_ / "one_gas").string();
  CliResult own = Run({"run", "baseline", "--no-timings"});
  CliResult one = Run({"run", "baseline", "--one-gas", "--no-timings", "--out", out});
  ASSERT_EQ(own.status, 0) << own.err;
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_NE(own.out.find("each pipe's law at the gas it carries (its upstream end's mix)"),
            std::string::npos)
      << own.out;
  EXPECT_NE(one.out.find("one gas in the pipes (the entries' mean)"), std::string::npos)
      << one.out;
  EXPECT_NE(own.out.find("Max transit without the station flow bounds : 6.77 bcm/y"),
            std::string::npos)
      << own.out;
  EXPECT_NE(one.out.find("Max transit without the station flow bounds : 7.05 bcm/y"),
            std::string::npos)
      << one.out;
  std::string arcs;
  ASSERT_TRUE(ReadFileToString(out + "/arcs.csv", &arcs).ok());
  const std::size_t at = arcs.find("\np_mozdok_aksai,");
  ASSERT_NE(at, std::string::npos) << arcs;
  const std::string row = arcs.substr(at + 1, arcs.find('\n', at + 1) - at - 1);
  EXPECT_EQ(row.substr(row.size() - 3), ",,,") << row;
}

// `run --trace` lists the operating policy's passes among the notes, the last one the state
// reported; without it none.
TEST_F(ScenarioCli, TraceListsThePolicysPasses) {
  CliResult plain = Run({"run", "baseline", "--no-headroom", "--no-timings"});
  CliResult traced = Run({"run", "baseline", "--no-headroom", "--no-timings", "--trace"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_EQ(traced.status, 0) << traced.err;
  EXPECT_EQ(plain.out.find("policy pass"), std::string::npos) << plain.out;
  EXPECT_NE(traced.out.find("Note: policy pass 0: ru_mozdok = 54.950 bar;"), std::string::npos)
      << traced.out;
  const std::size_t last = traced.out.rfind("Note: policy pass ");
  ASSERT_NE(last, std::string::npos);
  const std::string line = traced.out.substr(last, traced.out.find('\n', last) - last);
  EXPECT_NE(line.find(" -> converged"), std::string::npos) << line;
}

// swap-stopped's closed borders kept -1.8e-9 kg/s from the policy's solves, a hair above
// the round-off line: the solution's imbalances resolve its flows no closer, and they are
// written as 0 in every file.
TEST_F(ScenarioCli, AClosedBorderCarriesNothingInEveryFile) {
  const std::string out = (dir_ / "swap-stopped").string();
  CliResult r = Run({"run", "swap-stopped", "--out", out, "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::string arcs, summary;
  ASSERT_TRUE(ReadFileToString(out + "/arcs.csv", &arcs).ok());
  for (const char* id : {"\np_astara_interconnector,", "\np_border_hajigabul,", "\ncs_astara,"}) {
    const std::size_t at = arcs.find(id);
    ASSERT_NE(at, std::string::npos) << id;
    const std::size_t c4 = [&] {
      std::size_t p = at + 1;
      for (int k = 0; k < 4; ++k) p = arcs.find(',', p) + 1;
      return p;
    }();
    EXPECT_EQ(arcs.substr(c4, arcs.find(',', c4) - c4), "0") << arcs.substr(at + 1, 120);
  }
  ASSERT_TRUE(ReadFileToString(out + "/summary.json", &summary).ok());
  const auto j = nlohmann::json::parse(summary);
  for (const auto& b : j["border_flows"])
    if (b["id"] != "bp_tm_ir_kordkuy" && b["id"] != "bp_tm_ir_sarakhs")
      EXPECT_EQ(b["mass_flow_kg_per_s"].get<double>(), 0.0) << b.dump();
  // No gas arrives at Astara (IR): its origin mix is said to be none (the line went missing
  // without a word), and is {} in summary.json, where null means not tracked.
  EXPECT_NE(r.out.find("Origin mix at Astara (IR) : none (no gas arrives there)\n"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(j["origin_mix_astara_ir"].is_object() && j["origin_mix_astara_ir"].empty())
      << j["origin_mix_astara_ir"].dump();
  EXPECT_EQ(j["origin_mix_rasht"].size(), 1u) << j["origin_mix_rasht"].dump();
}

// The outputs of a run replace the previous run's as a whole: an infeasible scenario's
// summary does not sit beside the nodes.csv and arcs.csv of an earlier converged one.
TEST_F(ScenarioCli, RunReplacesTheEarlierSetOfFiles) {
  const std::string out = (dir_ / "out").string();
  CliResult r = Run({"run", "baseline", "--no-headroom", "--out", out});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_TRUE(std::filesystem::exists(out + "/nodes.csv"));
  r = Run({"run", "ru-55bcm", "--no-headroom", "--out", out});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(out))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"network.geojson", "summary.json"}));
  std::string summary;
  ASSERT_TRUE(ReadFileToString(out + "/summary.json", &summary).ok());
  const auto j = nlohmann::json::parse(summary);
  EXPECT_EQ(j["scenario"], "ru-55bcm");
  // --no-headroom: every headroom null, as docs/corridor-report.md says (they were left out).
  for (const char* key : {"headroom", "headroom_without_station_flow_bounds",
                          "headroom_within_published_capacities"}) {
    EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(j.value(key, nlohmann::json(0)).is_null()) << key;
  }
  // Without a solution a station has no pressures (they were written as 0.0 bar), and
  // Korpeje is labelled as in a solved run.
  for (const auto& st : j["stations"]) {
    // Not checked without a solution: null, not false or 0 MW.
    EXPECT_TRUE(st["over_power"].is_null()) << st.dump();
    EXPECT_TRUE(st["power_MW"].is_null()) << st.dump();
    EXPECT_TRUE(st["inlet_bar_abs"].is_null()) << st.dump();
    EXPECT_TRUE(st["outlet_bar_abs"].is_null()) << st.dump();
    if (st["id"] == "cs_korpeje") EXPECT_EQ(st["mode"], "hydraulic bypass, suction assumed");
  }
  EXPECT_EQ(r.out.find("0.00      0.00"), std::string::npos) << r.out;
}

// Regression: after an unsolved run a folder where nodes.csv goes was kept in silence while
// arcs.csv of the earlier run was removed. Refused before anything is written, as a folder
// where summary.json goes is: exit 4, the path named, the earlier set as it was.
TEST_F(ScenarioCli, AFolderWhereAStaleFileGoesIsRefused) {
  namespace fs = std::filesystem;
  const std::string out = (dir_ / "out").string();
  CliResult r = Run({"run", "baseline", "--no-headroom", "--out", out});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::string arcs, summary;
  ASSERT_TRUE(ReadFileToString(out + "/arcs.csv", &arcs).ok());
  ASSERT_TRUE(ReadFileToString(out + "/summary.json", &summary).ok());
  fs::remove(out + "/nodes.csv");
  fs::create_directories(out + "/nodes.csv");
  ASSERT_TRUE(WriteFileAtomically(out + "/nodes.csv/x", "").ok());
  r = Run({"run", "ru-55bcm", "--no-headroom", "--out", out});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_NE(r.err.find(out + "/nodes.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;
  std::string arcs_after, summary_after;
  EXPECT_TRUE(ReadFileToString(out + "/arcs.csv", &arcs_after).ok());
  EXPECT_EQ(arcs_after, arcs);
  EXPECT_TRUE(ReadFileToString(out + "/summary.json", &summary_after).ok());
  EXPECT_EQ(summary_after, summary);
  EXPECT_TRUE(fs::exists(out + "/nodes.csv/x"));
}

// An unsolved run removes an earlier run's nodes.csv and arcs.csv and says so; a user's file
// under those names stays (it went with them, and nothing said so).
TEST_F(ScenarioCli, OnlyAnEarlierRunsFilesAreRemoved) {
  const std::string out = (dir_ / "out").string();
  CliResult r = Run({"run", "baseline", "--no-headroom", "--out", out});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  r = Run({"run", "ru-55bcm", "--no-headroom", "--out", out});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("Output: " + out + "/{summary.json, network.geojson}; removed the "
                       "earlier run's " + out + "/nodes.csv, " + out + "/arcs.csv\n"),
            std::string::npos)
      << r.out;
  ASSERT_TRUE(WriteFileAtomically(out + "/nodes.csv", "mine\n").ok());
  r = Run({"run", "ru-55bcm", "--no-headroom", "--out", out});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  std::string kept;
  ASSERT_TRUE(ReadFileToString(out + "/nodes.csv", &kept).ok());
  EXPECT_EQ(kept, "mine\n");
  EXPECT_NE(r.out.find("; kept " + out + "/nodes.csv (not a file corridor wrote)\n"),
            std::string::npos)
      << r.out;
  // simulate's files in the folder are an earlier run's too (their headers differ).
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  r = Run({"simulate", g + ".net", g + ".scn", "--no-timings", "--out", out});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  r = Run({"run", "ru-55bcm", "--no-headroom", "--out", out});
  ASSERT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("; removed the earlier run's " + out + "/nodes.csv, " + out +
                       "/arcs.csv\n"),
            std::string::npos)
      << r.out;
}

// An output that is one of the case's files is refused, exit 4, nothing written, as track
// and simulate refuse it: with the machine data named arcs.csv and --out the case folder,
// or summary.json a link to annotations.json, the run overwrote them and exited 0.
TEST_F(ScenarioCli, AnOutputThatIsAnInputIsRefused) {
  namespace fs = std::filesystem;
  const fs::path data = dir_ / "case";
  fs::copy(test::SourceDir() + "/data/corridor", data, fs::copy_options::recursive);
  fs::rename(data / "corridor.cs", data / "arcs.csv");
  std::string ann;
  ASSERT_TRUE(ReadFileToString((data / "annotations.json").string(), &ann).ok());
  const std::string from = "\"compressor_data\": \"corridor.cs\"";
  ASSERT_NE(ann.find(from), std::string::npos);
  ann.replace(ann.find(from), from.size(), "\"compressor_data\": \"arcs.csv\"");
  ASSERT_TRUE(WriteFileAtomically((data / "annotations.json").string(), ann).ok());
  std::string cs;
  ASSERT_TRUE(ReadFileToString((data / "arcs.csv").string(), &cs).ok());
  CliResult r = Run({"run", "baseline", "--no-headroom", "--data", data.string(), "--out",
                     data.string()});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("arcs.csv': writing it would destroy that input"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing written [output-clash]"), std::string::npos) << r.err;
  std::string after;
  ASSERT_TRUE(ReadFileToString((data / "arcs.csv").string(), &after).ok());
  EXPECT_EQ(after, cs);
  EXPECT_FALSE(fs::exists(data / "summary.json"));
  const fs::path out = dir_ / "out";
  fs::create_directories(out);
  fs::create_symlink(fs::absolute(data / "annotations.json"), out / "summary.json");
  r = Run({"run", "baseline", "--no-headroom", "--data", data.string(), "--out", out.string()});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  std::string ann_after;
  ASSERT_TRUE(ReadFileToString((data / "annotations.json").string(), &ann_after).ok());
  EXPECT_EQ(ann_after, ann);
  // A link to another scenario's file of the case (it was overwritten with the baseline's
  // summary, exit 0).
  fs::remove(out / "summary.json");
  const fs::path other = data / "scenarios" / "ru-10bcm.scn";
  std::string scn;
  ASSERT_TRUE(ReadFileToString(other.string(), &scn).ok());
  fs::create_symlink(fs::absolute(other), out / "summary.json");
  r = Run({"run", "baseline", "--no-headroom", "--data", data.string(), "--out", out.string()});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("ru-10bcm.scn': writing it would destroy that input"), std::string::npos)
      << r.err;
  std::string scn_after;
  ASSERT_TRUE(ReadFileToString(other.string(), &scn_after).ok());
  EXPECT_EQ(scn_after, scn);
}

TEST_F(ScenarioCli, BadScenarioNameWritesNothing) {
  const std::string out = (dir_ / "nothing").string();
  CliResult r = Run({"run", "ru-100bcm", "--out", out});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("the scenario asked for, 'ru-100bcm', is not one of"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("baseline"), std::string::npos) << r.err;  // lists the known names
  EXPECT_FALSE(std::filesystem::exists(out));
}

// Outputs that cannot be written exit 4 whatever the verdict (the help says so): an
// infeasible scenario (exit 2 when written) gives 4, and its report still says infeasible.
TEST_F(ScenarioCli, OutputsNotWrittenBeatTheVerdict) {
  CliResult r = Run({"run", "ru-55bcm", "--no-headroom", "--out", (dir_ / "ok").string() + "/"});
  ASSERT_EQ(r.status, 2) << r.out << r.err;  // (the premise: the scenario is not carried)
  // (A folder given with its '/' is named once: "ok//{".)
  EXPECT_NE(r.out.find("Output: " + (dir_ / "ok").string() + "/{summary.json, network.geojson}"),
            std::string::npos)
      << r.out;
  // (A folder where summary.json goes; an --out that is a file is refused before the run.)
  const std::string blocked = (dir_ / "blocked").string();
  std::filesystem::create_directories(dir_ / "blocked" / "summary.json");
  r = Run({"run", "ru-55bcm", "--no-headroom", "--out", blocked});
  EXPECT_EQ(r.status, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor run: outputs not written: "), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Scenario ru-55bcm : "), std::string::npos) << r.out;
  // (The Model line says no search ran: it described the headroom bisection.)
  EXPECT_NE(r.out.find("corridor track --fuel draws it); no headroom search\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("headroom bisection"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "blocked" / "summary.json"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "blocked" / "nodes.csv"));
}

// The count line under a list --max-messages cut says how many were listed ("3 errors
// (listed above)" followed two).
TEST_F(ScenarioCli, TheCountLineSaysHowManyWereListed) {
  namespace fs = std::filesystem;
  const fs::path data = dir_ / "case";
  fs::copy(test::SourceDir() + "/data/corridor", data, fs::copy_options::recursive);
  std::string text;
  ASSERT_TRUE(ReadFileToString((data / "annotations.json").string(), &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  for (const char* key : {"nodes", "arcs", "countries"}) j[key] = 5;
  ASSERT_TRUE(WriteFileAtomically((data / "annotations.json").string(), j.dump(1)).ok());
  CliResult r = Run({"run", "baseline", "--data", data.string(), "--max-messages", "2"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("corridor run: 3 errors (the first 2 listed above); nothing run\n"),
            std::string::npos)
      << r.err;
  r = Run({"run", "baseline", "--data", data.string()});
  EXPECT_NE(r.err.find("corridor run: 3 errors (listed above); nothing run\n"),
            std::string::npos)
      << r.err;
}

// An empty --out wrote nothing and exited 0 without a word: refused, nothing run.
TEST_F(ScenarioCli, AnEmptyOutFolderIsRefused) {
  CliResult r = Run({"run", "baseline", "--no-headroom", "--out", ""});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--out needs a folder name"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

// A file given as --data is said as such: it read "FILE/annotations.json: no such file".
TEST_F(ScenarioCli, AFileAsDataIsNamed) {
  const std::string file = (dir_ / "case.txt").string();
  ASSERT_TRUE(WriteFileAtomically(file, "x").ok());
  CliResult r = Run({"run", "baseline", "--data", file});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--data " + file + " is not a folder"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

// A --data folder that is not there is said once (the reader's diagnostic and the status
// carried the same message twice).
TEST_F(ScenarioCli, AMissingDataFolderIsSaidOnce) {
  const std::string nowhere = (dir_ / "nowhere").string();
  CliResult r = Run({"run", "baseline", "--data", nowhere});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const std::string said = nowhere + "/annotations.json: error: no such file";
  const auto first = r.err.find(said);
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(said, first + 1), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

// The folder above the case (data/) or its scenarios folder below it: the case's folder is
// named (it read only "data/annotations.json: no such file"); a folder with no case near
// gets no guess.
TEST_F(ScenarioCli, AFolderBesideTheCaseNamesTheCase) {
  namespace fs = std::filesystem;
  const fs::path data = dir_ / "data";
  fs::create_directories(data / "corridor" / "scenarios");
  ASSERT_TRUE(WriteFileAtomically((data / "corridor" / "annotations.json").string(), "{}").ok());
  for (const fs::path& given : {data, data / "corridor" / "scenarios"}) {
    for (const std::string& form : {given.string(), given.string() + "/"}) {
      CliResult r = Run({"run", "baseline", "--data", form});
      EXPECT_EQ(r.status, 1) << r.out << r.err;
      EXPECT_NE(r.err.find("corridor run: --data " + form + " holds no annotations.json: it "
                           "names the case's folder (did you mean --data " +
                           (data / "corridor").string() + "?) [file-not-found]"),
                std::string::npos)
          << r.err;
      EXPECT_EQ(r.out, "");
    }
  }
  fs::create_directories(dir_ / "empty");
  CliResult r = Run({"run", "baseline", "--data", (dir_ / "empty").string()});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

/// Sets an environment variable for the programs a test runs, and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (had_) ::setenv(name_, old_.c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

// The environment variable CORRIDOR_DATA_DIR comes before the source tree's data/: a copy
// of the case without swap-stopped.scn answers for it, and a folder without the case is
// named as such instead of being passed over.
TEST_F(ScenarioCli, DataFolderFromTheEnvironment) {
  namespace fs = std::filesystem;
  const fs::path data = dir_ / "data";
  fs::create_directories(data);
  fs::copy(test::SourceDir() + "/data/corridor", data / "corridor", fs::copy_options::recursive);
  fs::remove(data / "corridor" / "scenarios" / "swap-stopped.scn");
  {
    ScopedEnv env("CORRIDOR_DATA_DIR", data.string());
    CliResult r = Run({"run", "baseline", "--no-headroom", "--no-timings"});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Scenario baseline : converged, within limits"), std::string::npos)
        << r.out;
    r = Run({"run", "swap-stopped"});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    const std::string missing = (data / "corridor" / "scenarios" / "swap-stopped.scn").string();
    EXPECT_NE(r.err.find(missing + ": error: no such file [file-not-found]"), std::string::npos)
        << r.err;
  }
  const fs::path empty = dir_ / "empty";
  fs::create_directories(empty);
  ScopedEnv env("CORRIDOR_DATA_DIR", empty.string());
  const std::string said = "the environment variable CORRIDOR_DATA_DIR is set to '" +
                           empty.string() + "', which does not hold the corridor case";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{}, {"run", "baseline"}, {"hydro"}}) {
    CliResult r = Run(args);
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(said), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace corridor
