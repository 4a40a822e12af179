// `corridor validate` on the real reference folder, on a doctored copy that must fail, and
// on a broken case file (diagnostics with file:line, exit 2).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "test_util.h"

namespace {

namespace fs = std::filesystem;

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CliResult RunCli(const std::string& args) {
  CliResult r;
#ifdef CORRIDOR_CLI
  const std::string cmd = std::string(CORRIDOR_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
  return r;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A scratch copy of the pandapipes GasLib-134 case with its Nikuradse results.
fs::path MakeScratch(const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("corridor_validate_" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir / "cases");
  fs::create_directories(dir / "results");
  const fs::path src = corridor::test::ReferenceDir() + "/pandapipes";
  fs::copy_file(src / "cases/GasLib-134.json", dir / "cases/GasLib-134.json");
  for (const char* f : {"GasLib-134_pp0.14_nikuradse_nodes.csv", "GasLib-134_pp0.14_nikuradse_edges.csv"})
    fs::copy_file(src / "results" / f, dir / "results" / f);
  return dir;
}

TEST(ValidateCli, EveryReferenceCasePasses) {
  CORRIDOR_REQUIRE_SHARED();
#ifndef CORRIDOR_CLI
  GTEST_SKIP() << "the corridor CLI is not built";
#endif
  CliResult r = RunCli("validate " + corridor::test::ReferenceDir() + " --no-timings");
  std::printf("%s", r.output.c_str());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("19 cases: 19 passed, 0 failed"), std::string::npos);
  EXPECT_NE(r.output.find("solved, no reference: converged"), std::string::npos);
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos);
  // --no-timings: the solve-ms column holds '-' only, so the output is stable.
  CliResult again = RunCli("validate " + corridor::test::ReferenceDir() + " --no-timings");
  EXPECT_EQ(again.output, r.output);
}

TEST(ValidateCli, DoctoredReferenceFailsAndNamesTheNode) {
  CORRIDOR_REQUIRE_SHARED();
#ifndef CORRIDOR_CLI
  GTEST_SKIP() << "the corridor CLI is not built";
#endif
  const fs::path dir = MakeScratch("doctored");
  // Raise node_57's stored pressure by 0.001 bar (100 Pa > the 1e-4 bar tolerance).
  const fs::path nodes = dir / "results/GasLib-134_pp0.14_nikuradse_nodes.csv";
  std::string text = Slurp(nodes);
  std::stringstream in(text), out;
  std::string line;
  bool changed = false;
  while (std::getline(in, line)) {
    if (line.rfind("node_57,", 0) == 0) {
      // columns: node_id,pp_index,height_m,p_bar_gauge,p_bar_abs,p_amb_bar,t_k
      std::vector<std::string> f;
      std::stringstream ls(line);
      std::string cell;
      while (std::getline(ls, cell, ',')) f.push_back(cell);
      ASSERT_EQ(f.size(), 7u);
      f[4] = std::to_string(std::stod(f[4]) + 0.001);
      line = f[0];
      for (std::size_t i = 1; i < f.size(); ++i) line += "," + f[i];
      changed = true;
    }
    out << line << "\n";
  }
  ASSERT_TRUE(changed);
  std::ofstream(nodes) << out.str();
  CliResult r = RunCli("validate " + dir.string() + " --no-timings");
  std::printf("%s", r.output.c_str());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("1 case: 0 passed, 1 failed"), std::string::npos);
  EXPECT_NE(r.output.find("worst pressure at node_57 (1.000e-03 bar)"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ValidateCli, BrokenCaseReportsFileLineAndExits2) {
  CORRIDOR_REQUIRE_SHARED();
#ifndef CORRIDOR_CLI
  GTEST_SKIP() << "the corridor CLI is not built";
#endif
  const fs::path dir = MakeScratch("broken");
  const fs::path json = dir / "cases/GasLib-134.json";
  std::string text = Slurp(json);
  // Two problems: a negative diameter on p_br2 and an unknown end node on p_br3.
  auto replace = [&](const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("\"diameter_m\": 0.9144", "\"diameter_m\": -0.9144");
  replace("\"to\": \"node_4\"", "\"to\": \"node_nowhere\"");
  std::ofstream(json) << text;
  CliResult r = RunCli("validate " + dir.string());
  std::printf("%s", r.output.c_str());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(json.string() + ":"), std::string::npos);
  EXPECT_NE(r.output.find("[positive-diameter]"), std::string::npos);
  EXPECT_NE(r.output.find("node 'node_nowhere' is not in 'nodes' [unknown-node]"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
