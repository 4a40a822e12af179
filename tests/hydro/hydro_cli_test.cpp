// `corridor hydro` on the bundled case: stable report lines, outputs, bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "hydro_test_util.h"

namespace corridor::test {
namespace {

#ifdef CORRIDOR_CLI
struct CliResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

CliResult RunCli(const std::string& args) {
  CliResult r;
  std::string cmd = std::string(CORRIDOR_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("corridor_hydro_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}
#endif

TEST(HydroCli, DefaultRunPrintsStableLines) {
#ifndef CORRIDOR_CLI
  GTEST_SKIP() << "corridor_cli not built";
#else
  CliResult r = RunCli("hydro --no-timings");
  std::printf("%s", r.output.c_str());
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("Water balance : closes within 1e-9 every day (3 run(s))"),
            std::string::npos);
  EXPECT_NE(r.output.find("Annual energy, GWh/y (mean)          average       dry       wet"),
            std::string::npos);
  for (const char* row : {"plant aras (44 MW)", "plant khudafarin (200 MW)",
                          "plant giz_galasi (80 MW)", "country AZ (162 MW)", "country IR (162 MW)"})
    EXPECT_NE(r.output.find(row), std::string::npos) << row;
  EXPECT_NE(r.output.find("Published     : giz_galasi 270 GWh/y (S104, S138); model average"),
            std::string::npos);
  EXPECT_EQ(r.output.find("Time"), std::string::npos) << "--no-timings must remove timings";
#endif
}

TEST(HydroCli, OutputsAndUserInflow) {
#ifndef CORRIDOR_CLI
  GTEST_SKIP() << "corridor_cli not built";
#else
  std::string dir = TempDir("out");
  std::filesystem::create_directories(dir);
  std::string inflow = dir + "/inflow.csv";
  {
    std::ofstream f(inflow);
    f << "month,aras,khudafarin\n";
    for (int m = 1; m <= 12; ++m) f << m << ",86.2,40.8\n";
  }
  CliResult r = RunCli("hydro --inflow " + inflow + " --out " + dir + "/res --no-timings");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("user"), std::string::npos) << r.output;
  for (const char* f :
       {"daily_user.csv", "levels_user.svg", "generation_user.svg", "annual.csv", "report.txt"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/res/" + f)) << f;
  std::filesystem::remove_all(dir);
#endif
}

TEST(HydroCli, BadCaseIsRejectedWithoutOutput) {
#ifndef CORRIDOR_CLI
  GTEST_SKIP() << "corridor_cli not built";
#else
  std::string dir = TempDir("bad");
  std::filesystem::create_directories(dir);
  std::string text = ArazCaseText();
  std::string from = "\"value\": 1612,";  // Khudafarin's full volume
  auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), "\"value\": -1612,");
  { std::ofstream(dir + "/case.json") << text; }
  CliResult r = RunCli("hydro " + dir + " --out " + dir + "/res");
  std::printf("%s", r.output.c_str());
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find(dir + "/case.json:"), std::string::npos);
  EXPECT_NE(r.output.find("reservoir 'khudafarin': 'full_volume_mcm' must be >= 0, got -1612 mcm"),
            std::string::npos);
  EXPECT_NE(r.output.find("[negative-volume]"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/res")) << "no partial output";
  std::filesystem::remove_all(dir);
#endif
}

}  // namespace
}  // namespace corridor::test
