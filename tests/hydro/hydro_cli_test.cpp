// `corridor hydro` on the bundled case: stable report lines, outputs, bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "hydro_test_util.h"

namespace corridor::test {
namespace {

#ifdef CORRIDOR_CLI
class HydroCli : public CliTest {};

TEST_F(HydroCli, DefaultRunPrintsStableLines) {
  CliResult r = Run({"hydro", "--no-timings"});
  const std::string all = r.out + r.err;
  EXPECT_EQ(r.status, 0) << all;
  EXPECT_NE(all.find("Water balance : closes within 1e-9 every day (3 run(s))"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("Annual energy, GWh/y (mean)          average       dry       wet"),
            std::string::npos);
  for (const char* row : {"plant aras (44 MW)", "plant khudafarin (200 MW)",
                          "plant giz_galasi (80 MW)", "country AZ (162 MW)", "country IR (162 MW)"})
    EXPECT_NE(all.find(row), std::string::npos) << row;
  EXPECT_NE(all.find("Published     : giz_galasi 270 GWh/y (S104, S138); model average"),
            std::string::npos);
  EXPECT_EQ(all.find("Time"), std::string::npos) << "--no-timings must remove timings";
}

TEST_F(HydroCli, OutputsAndUserInflow) {
  std::string csv = "month,aras,khudafarin\n";
  for (int m = 1; m <= 12; ++m) csv += std::to_string(m) + ",86.2,40.8\n";
  const std::string inflow = Write("inflow.csv", csv);
  const std::filesystem::path res = dir_ / "res";
  CliResult r = Run({"hydro", "--inflow", inflow, "--out", res.string(), "--no-timings"});
  const std::string all = r.out + r.err;
  EXPECT_EQ(r.status, 0) << all;
  EXPECT_NE(all.find("user"), std::string::npos) << all;
  for (const char* f :
       {"daily_user.csv", "levels_user.svg", "generation_user.svg", "annual.csv", "report.txt"})
    EXPECT_TRUE(std::filesystem::exists(res / f)) << f;
}

TEST_F(HydroCli, BadCaseIsRejectedWithoutOutput) {
  std::string text = ArazCaseText();
  std::string from = "\"value\": 1612,";  // Khudafarin's full volume
  auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), "\"value\": -1612,");
  Write("case.json", text);
  const std::string dir = dir_.string();
  CliResult r = Run({"hydro", dir, "--out", dir + "/res"});
  const std::string all = r.out + r.err;
  EXPECT_NE(r.status, 0) << all;
  EXPECT_NE(all.find(dir + "/case.json:"), std::string::npos) << all;
  EXPECT_NE(all.find("reservoir 'khudafarin': 'full_volume_mcm' must be >= 0, got -1612 mcm"),
            std::string::npos);
  EXPECT_NE(all.find("[negative-volume]"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/res")) << "no partial output";
}
#else
TEST(HydroCli, NeedsTheCli) { GTEST_SKIP() << "corridor_cli not built"; }
#endif

}  // namespace
}  // namespace corridor::test
