// `corridor convert` end to end: GasLib -> GasLib, GasLib -> JSON -> GasLib on real
// instances (compared with the loaded original), GeoJSON with its note, and bad input or a
// failing write leaving nothing behind (no output, no temporary files).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "corridor/io.h"
#include "formats_test_util.h"
#include "io/model_compare.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

#ifdef CORRIDOR_CLI

class ConvertCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor_convert_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "out");
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs `corridor ARGS`; stdout and stderr end up in out_ and err_.
  int Run(const std::string& args) {
    std::string cmd = std::string(CORRIDOR_CLI) + " " + args + " >" + (dir_ / "stdout").string() +
                      " 2>" + (dir_ / "stderr").string();
    int rc = std::system(cmd.c_str());
    out_ = Slurp(dir_ / "stdout");
    err_ = Slurp(dir_ / "stderr");
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }
  static std::string Slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  /// Names of the files in out/ (hidden temporary files included), sorted.
  std::vector<std::string> OutFiles() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ / "out")) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string Out(const char* name) const { return (dir_ / "out" / name).string(); }
  static std::string Files(const test::GasLibSet& set) {
    std::string s;
    for (const auto& f : set.files) s += " " + test::GasLibDir() + "/" + f;
    return s;
  }

  fs::path dir_;
  std::string out_, err_;
};

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

GasCase Load(const std::vector<std::string>& paths) {
  GasCase c;
  Diagnostics diag;
  Status s = LoadCase(paths, &c, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  return c;
}

TEST_F(ConvertCli, GasLibToGasLibWritesNetScnCsBesideEachOther) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];  // GasLib-11: .net .scn .cs
  ASSERT_EQ(Run("convert" + Files(set) + " --to gaslib -o " + Out("g11.net")), 0) << err_;
  EXPECT_EQ(OutFiles(), (std::vector<std::string>{"g11.cs", "g11.net", "g11.scn"}));
  EXPECT_NE(out_.find("Wrote " + Out("g11.scn")), std::string::npos) << out_;
  GasCase original;
  ASSERT_TRUE(test::LoadSet(set, &original));
  GasCase back = Load({Out("g11.net"), Out("g11.scn"), Out("g11.cs")});
  std::vector<std::string> diff = io::CompareCases(original, back, 20);
  EXPECT_TRUE(diff.empty()) << Join(diff);
}

TEST_F(ConvertCli, GasLibToJsonToGasLibKeepsTheModel) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[4];  // GasLib-582 with .scn .cs .cdf
  ASSERT_EQ(Run("convert" + Files(set) + " --to json -o " + Out("g582.json")), 0) << err_;
  ASSERT_EQ(Run("convert " + Out("g582.json") + " --to gaslib -o " + Out("back.net")), 0) << err_;
  EXPECT_EQ(OutFiles(), (std::vector<std::string>{"back.cdf", "back.cs", "back.net", "back.scn",
                                                  "g582.json"}));
  GasCase original;
  ASSERT_TRUE(test::LoadSet(set, &original));
  GasCase via_json = Load({Out("g582.json")});
  std::vector<std::string> diff = io::CompareCases(original, via_json, 20);
  EXPECT_TRUE(diff.empty()) << "GasLib -> JSON:\n" << Join(diff);
  GasCase back = Load({Out("back.net"), Out("back.scn"), Out("back.cs"), Out("back.cdf")});
  diff = io::CompareCases(original, back, 20);
  EXPECT_TRUE(diff.empty()) << "GasLib -> JSON -> GasLib:\n" << Join(diff);
}

TEST_F(ConvertCli, GeoJsonOfAnInstanceWithoutGeoPositionsPrintsTheNote) {
  CORRIDOR_REQUIRE_SHARED();
  ASSERT_EQ(Run("convert " + test::GasLibDir() + "/GasLib-11/GasLib-11.net --to geojson -o " +
                Out("g11.geojson")),
            0)
      << err_;
  EXPECT_NE(out_.find("Note"), std::string::npos) << out_;
  EXPECT_NE(out_.find("not geographic"), std::string::npos) << out_;
  EXPECT_EQ(OutFiles(), std::vector<std::string>{"g11.geojson"});
  ASSERT_EQ(Run("convert " + test::GasLibDir() + "/GasLib-40/GasLib-40.net --to geojson -o " +
                Out("g40.geojson")),
            0)
      << err_;
  EXPECT_EQ(out_.find("not geographic"), std::string::npos) << out_;
}

TEST_F(ConvertCli, BadJsonInputWritesNothing) {
  std::string bad = (dir_ / "bad.json").string();
  {
    std::ofstream f(bad);
    f << "{\n  \"format\": \"corridor-network\",\n  \"format_version\": 1,\n  \"network\": {\n"
         "    \"nodes\": [ {\"id\": \"A\", \"kind\": \"source\", \"height_m\": 1e999";
  }
  for (const char* to : {"json", "gaslib", "geojson"}) {
    SCOPED_TRACE(to);
    EXPECT_EQ(Run(std::string("convert ") + bad + " --to " + to + " -o " + Out("x.out")), 1);
    EXPECT_TRUE(OutFiles().empty()) << Join(OutFiles());
    EXPECT_NE(err_.find(bad + ":5:"), std::string::npos) << err_;
    EXPECT_NE(err_.find("[non-finite]"), std::string::npos) << err_;
    EXPECT_NE(err_.find("nothing written"), std::string::npos) << err_;
  }
}

TEST_F(ConvertCli, BadGasLibInputWritesNothing) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-11 with one pipe diameter made unreadable.
  std::string text = Slurp(test::GasLibDir() + "/GasLib-11/GasLib-11.net");
  std::size_t at = text.find("<diameter unit=\"mm\" value=\"500.0\"/>");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 35, "<diameter unit=\"mm\" value=\"abc\"/>");
  std::string bad = (dir_ / "bad.net").string();
  {
    std::ofstream f(bad, std::ios::binary);
    f << text;
  }
  EXPECT_EQ(Run("convert " + bad + " --to gaslib -o " + Out("x.net")), 1);
  EXPECT_TRUE(OutFiles().empty()) << Join(OutFiles());
  EXPECT_NE(err_.find(bad + ":"), std::string::npos) << err_;
  EXPECT_NE(err_.find("abc"), std::string::npos) << err_;
}

TEST_F(ConvertCli, AFailedWriteLeavesNoFileBehind) {
  CORRIDOR_REQUIRE_SHARED();
  // The .scn cannot be written (a folder has its name): the .net written before it must be
  // removed again, and no temporary file may remain.
  fs::create_directories(dir_ / "out" / "g11.scn");
  const test::GasLibSet set = test::GasLibSets()[0];
  EXPECT_EQ(Run("convert" + Files(set) + " --to gaslib -o " + Out("g11.net")), 1);
  EXPECT_EQ(OutFiles(), std::vector<std::string>{"g11.scn"}) << Join(OutFiles());
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "g11.scn"));
  EXPECT_NE(err_.find("nothing written"), std::string::npos) << err_;
  // A missing output folder: nothing at all.
  EXPECT_EQ(Run("convert" + Files(set) + " --to json -o " + (dir_ / "nowhere" / "x.json").string()),
            1);
  EXPECT_FALSE(fs::exists(dir_ / "nowhere"));
}

TEST_F(ConvertCli, HelpDocumentsTheFilesWrittenBesideTheNet) {
  Run("convert --help");
  EXPECT_NE(out_.find("dir/case.scn"), std::string::npos) << out_;
  EXPECT_NE(out_.find("atomically"), std::string::npos) << out_;
}

TEST_F(ConvertCli, UnknownTargetFormatIsRefused) {
  EXPECT_NE(Run("convert x.net --to shapefile -o " + Out("x")), 0);
  EXPECT_TRUE(OutFiles().empty());
}

#endif  // CORRIDOR_CLI

}  // namespace
}  // namespace corridor
