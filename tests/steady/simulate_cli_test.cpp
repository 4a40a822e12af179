// corridor simulate on real GasLib instances: the report's stable lines, the exit status
// per verdict, the output files, and bad input leaving no output.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

CliRun Simulate(const std::string& args) {
  const fs::path dir = fs::temp_directory_path() / ("corridor_sim_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string out = (dir / "stdout").string(), err = (dir / "stderr").string();
  const std::string cmd = std::string(CORRIDOR_CLI) + " simulate " + args + " >" + out + " 2>" + err;
  const int rc = std::system(cmd.c_str());
  CliRun r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

std::string G40() {
  const std::string d = corridor::test::GasLibDir() + "/GasLib-40/";
  return d + "GasLib-40.net " + d + "GasLib-40.scn";
}

fs::path FreshDir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / (name + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

TEST(SimulateCli, ConvergesOnGasLib40AndWritesOutputs) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = FreshDir("corridor_sim_out_");
  CliRun r = Simulate(G40() + " --no-timings --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : converged\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Solve time"), std::string::npos);  // --no-timings
  EXPECT_NE(r.out.find("friction nikuradse; equation of state papay; height term on"),
            std::string::npos);
  EXPECT_NE(r.out.find("default rule"), std::string::npos);
  const std::string nodes = Slurp((out / "nodes.csv").string());
  const std::string arcs = Slurp((out / "arcs.csv").string());
  EXPECT_EQ(nodes.rfind("id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar", 0), 0u);
  EXPECT_EQ(arcs.rfind("id,type,from,to,mass_flow_kg_per_s,flow_1000Nm3_per_h,flow_mcm_per_d,"
                       "velocity_m_per_s,pressure_drop_bar,friction_factor", 0), 0u);
  // One line per node (40) and per arc (45) plus the header.
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), '\n'), 41);
  EXPECT_EQ(std::count(arcs.begin(), arcs.end(), '\n'), 46);
  const auto j = nlohmann::json::parse(Slurp((out / "summary.json").string()));
  EXPECT_EQ(j["verdict"], "converged");
  for (const char* k : {"iterations", "solve_seconds", "max_mass_imbalance_kg_s", "bound_violations"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_LT(j["max_mass_imbalance_kg_s"].get<double>(), 1e-9);
  fs::remove_all(out);
}

TEST(SimulateCli, OptionsChangeTheModel) {
  CORRIDOR_REQUIRE_SHARED();
  CliRun r = Simulate(G40() + " --no-timings --friction colebrook --eos aga --temperature 10 "
                   "--no-height --slack source_1=80");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("friction colebrook-white; equation of state aga; height term off; T = 283.150 K"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("given: source_1 at 80.000000 bar"), std::string::npos);
}

TEST(SimulateCli, ElementSettings) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = FreshDir("corridor_sim_set_");
  CliRun r = Simulate(G40() + " --no-timings --set compressorStation_1=ratio:1.2 --out " +
                      out.string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // compressorStation_1 runs innode_6 -> sink_25 in GasLib-40: p_out = 1.2 p_in.
  const std::string nodes = Slurp((out / "nodes.csv").string());
  auto pressure = [&](const std::string& id) {
    const auto at = nodes.find("\n" + id + ",");
    EXPECT_NE(at, std::string::npos) << id;
    return std::stod(nodes.substr(nodes.find(',', at + 1) + 1));
  };
  EXPECT_NEAR(pressure("sink_25"), 1.2 * pressure("innode_6"), 1e-6);
  r = Simulate(G40() + " --set compressorStation_1=ratio --set pipe_1=fly");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--set 'compressorStation_1=ratio': expected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--set 'pipe_1=fly'"), std::string::npos) << r.err;
  fs::remove_all(out);
}

TEST(SimulateCli, InfeasibleExitsTwoAndWritesOnlyTheSummary) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = FreshDir("corridor_sim_inf_");
  CliRun r = Simulate(G40() + " --no-timings --slack source_1=3 --out " + out.string());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict                : infeasible"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pressure would fall below zero at node"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out / "nodes.csv"));
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  fs::remove_all(out);
}

TEST(SimulateCli, BadOptionsAndInputLeaveNoOutput) {
  CORRIDOR_REQUIRE_SHARED();
  const fs::path out = FreshDir("corridor_sim_bad_");
  CliRun r = Simulate(G40() + " --friction moody --slack nowhere --out " + out.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--friction 'moody' unknown"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--slack 'nowhere': expected NODE=BAR"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = Simulate(G40() + " --slack nowhere=60 --out " + out.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("slack node 'nowhere' is not in the network"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = Simulate(corridor::test::GasLibDir() + "/GasLib-40/GasLib-40.net --out " + out.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no nomination"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

// Issue 4: a controls file sets the stations and the pressure reference; the report,
// arcs.csv, nodes.csv and summary.json carry the stations' operating points, and --plots
// writes one characteristic diagram per running unit.
TEST(SimulateCli, ControlsFileAndPlots) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = corridor::test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path out = FreshDir("corridor_sim_ctl_");
  const fs::path plots = FreshDir("corridor_sim_plots_");
  CliRun r = Simulate(d + ".net " + d + ".scn " + d + ".cs --no-timings --controls " +
                      corridor::test::SourceDir() + "/data/controls/GasLib-11.csv --out " +
                      out.string() + " --plots " + plots.string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("given: entry01 at 50.000000 bar"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Compressor power"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("compressorStation CS01_entry03_N01: outlet_pressure 62 bar -> holds its "
                       "set-point"),
            std::string::npos)
      << r.out;
  const std::string arcs = Slurp((out / "arcs.csv").string());
  EXPECT_NE(arcs.find(",mode,held_at,configuration,shaft_power_MW,fuel_gas_kg_per_s"),
            std::string::npos);
  EXPECT_NE(arcs.find("CS02_N04_N05,compressorStation,N04,N05,"), std::string::npos);
  const auto j = nlohmann::json::parse(Slurp((out / "summary.json").string()));
  ASSERT_EQ(j["active_elements"].size(), 2u);
  EXPECT_GT(j["compressor_power_MW"].get<double>(), 0.0);
  EXPECT_GT(j["active_elements"][0]["units"][0]["speed_per_min"].get<double>(), 3500.0);
  EXPECT_TRUE(fs::exists(plots / "CS01_entry03_N01__T_CS2_M4.svg"));
  EXPECT_TRUE(fs::exists(plots / "CS02_N04_N05__T_CS2_M4_2.svg"));
  EXPECT_NE(Slurp((plots / "CS01_entry03_N01__T_CS2_M4.svg").string()).find("operating-point"),
            std::string::npos);
  fs::remove_all(out);
  fs::remove_all(plots);
}

TEST(SimulateCli, BadControlsFileIsRejectedAndNothingIsWritten) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = corridor::test::GasLibDir() + "/GasLib-11/GasLib-11";
  const fs::path dir = FreshDir("corridor_sim_badctl_");
  fs::create_directories(dir);
  const fs::path ctl = dir / "bad.csv";
  {
    std::ofstream f(ctl);
    f << "id,mode,value\nCS9,ratio,1.2\nV01_N01_N03,ratio,1.2\nCS01_entry03_N01,ratio,0.5\n"
         "CS02_N04_N05,bypass,\nCS02_N04_N05,closed,\n";
  }
  const fs::path out = dir / "out";
  CliRun r = Simulate(d + ".net " + d + ".scn " + d + ".cs --controls " + ctl.string() +
                      " --out " + out.string() + " --plots " + (dir / "plots").string());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* part : {"bad.csv:2: error: arc 'CS9'", "[unknown-id]",
                           "bad.csv:3: error: valve 'V01_N01_N03'", "[mode-not-allowed]",
                           "bad.csv:4: error: compressorStation 'CS01_entry03_N01'",
                           "[out-of-range]", "bad.csv:6: error: compressorStation 'CS02_N04_N05'",
                           "already set on line 5"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir / "plots"));
  fs::remove_all(dir);
}

}  // namespace
