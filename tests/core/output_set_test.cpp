// WriteOutputSet: one run's outputs replace the previous run's set as a whole, stale
// members included, and a failed write leaves the previous set as it was.
#include "core/output_set.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/file_internal.h"
#include "corridor/file.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

// How corridor's own nodes.csv and arcs.csv begin (run's header; simulate's in the commands'
// tests).
constexpr const char* kOldNodes =
    "id,kind,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,injection_kg_per_s,"
    "injection_mcm_per_d,lat_deg,lon_deg\r\nN1,node,60,40,70,0,0,,\r\n";
constexpr const char* kOldArcs =
    "id,type,from,to,mass_flow_kg_per_s,flow_mcm_per_d,flow_bcm_per_y_0degC,"
    "pressure_from_bar_abs,pressure_to_bar_abs,mode,shaft_power_MW,velocity_m_per_s,"
    "velocity_low_end_m_per_s,pressure_drop_bar,friction_factor\nP1,pipe,N1,N2,3\n";

class OutputSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor_output_set_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "out");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / "out" / name).string(); }
  std::string Read(const std::string& name) const {
    std::string text;
    EXPECT_TRUE(ReadFileToString(Path(name), &text).ok()) << name;
    return text;
  }
  std::set<std::string> Names() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ / "out"))
      names.insert(e.path().filename().string());
    return names;
  }
  std::vector<StaleOutput> Stale() const {
    return {SteadyStaleOutput(Path(""), "nodes.csv"), SteadyStaleOutput(Path(""), "arcs.csv")};
  }
  // The set of an earlier, converged run.
  void EarlierRun() {
    ASSERT_TRUE(WriteFilesAtomically({{Path("nodes.csv"), kOldNodes},
                                      {Path("arcs.csv"), kOldArcs},
                                      {Path("summary.json"), "old summary"}})
                    .ok());
  }
  fs::path dir_;
};

TEST_F(OutputSetTest, StaleMembersGoWhenTheNewSetIsWritten) {
  EarlierRun();
  StaleOutcome outcome;
  Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "failed"}}, Stale(), &outcome);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Names(), std::set<std::string>{"summary.json"});  // nothing moved aside is left
  EXPECT_EQ(Read("summary.json"), "failed");
  EXPECT_EQ(outcome.removed, (std::vector<std::string>{Path("nodes.csv"), Path("arcs.csv")}));
  EXPECT_TRUE(outcome.kept.empty());
  EXPECT_EQ(DescribeStaleOutcome(outcome),
            "; removed the earlier run's " + Path("nodes.csv") + ", " + Path("arcs.csv"));
}

// Regression: a user's nodes.csv and arcs.csv in the folder given for the outputs went
// with a run that did not converge, and nothing said so. A file that does not begin as
// corridor writes it is no earlier run's: it stays, and the outcome says so.
TEST_F(OutputSetTest, AUsersFileUnderAStaleNameStays) {
  // (Another tool's map, a FeatureCollection too, does not begin as corridor's; a header
  // that begins as corridor's is not its.)
  ASSERT_TRUE(WriteFilesAtomically({{Path("nodes.csv"), "id,pressure_bar_abs\nmydata\n"},
                                    {Path("arcs.csv"), kOldArcs},
                                    {Path("network.geojson"),
                                     "{\"type\": \"FeatureCollection\", \"features\": []}"}})
                  .ok());
  std::vector<StaleOutput> stale = Stale();
  stale.push_back(SteadyStaleOutput(Path(""), "network.geojson"));
  StaleOutcome outcome;
  Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "failed"}}, stale, &outcome);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Names(), (std::set<std::string>{"network.geojson", "nodes.csv", "summary.json"}));
  EXPECT_EQ(Read("nodes.csv"), "id,pressure_bar_abs\nmydata\n");
  EXPECT_EQ(outcome.removed, std::vector<std::string>{Path("arcs.csv")});
  ASSERT_EQ(outcome.kept.size(), 2u);
  EXPECT_EQ(DescribeStaleOutcome(outcome),
            "; removed the earlier run's " + Path("arcs.csv") + "; kept " + Path("nodes.csv") +
                ", " + Path("network.geojson") + " (not files corridor wrote)");
}

// The files of an earlier version of corridor go too: its headers are today's less the
// columns added since. A nodes.csv of simulate before 2026-12-01 (no
// injection_1000Nm3_per_h) was kept as "not a file corridor wrote" beside a summary.json of
// another state. A header with a column of its own, or with one of the first five missing
// or moved, stays a user's.
TEST_F(OutputSetTest, AnEarlierVersionsFilesGoToo) {
  struct Case {
    const char* name;
    const char* header;
    bool ours;
  };
  const Case cases[] = {
      // simulate's first nodes.csv and arcs.csv (2026-11-28), run's arcs.csv before its
      // velocities (2026-11-28).
      {"nodes.csv", "id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar,"
                    "injection_kg_per_s,height_m", true},
      {"arcs.csv", "id,type,from,to,mass_flow_kg_per_s,flow_1000Nm3_per_h,flow_mcm_per_d,"
                   "velocity_m_per_s,pressure_drop_bar,friction_factor", true},
      {"arcs.csv", "id,type,from,to,mass_flow_kg_per_s,flow_mcm_per_d,flow_bcm_per_y_0degC,"
                   "pressure_from_bar_abs,pressure_to_bar_abs,mode,shaft_power_MW", true},
      {"nodes.csv", "id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar",
       true},
      // A column of the user's, two of corridor's swapped, a leading one missing, the first
      // five of another file.
      {"nodes.csv", "id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar,"
                    "my_note", false},
      {"nodes.csv", "id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar,"
                    "height_m,injection_kg_per_s", false},
      {"nodes.csv", "id,pressure_bar_abs,pressure_max_bar_abs,violation_bar,injection_kg_per_s",
       false},
      {"nodes.csv", "id,type,from,to,mass_flow_kg_per_s", false},
      {"arcs.csv", "id,type,from,to", false},
  };
  for (const Case& c : cases) {
    ASSERT_TRUE(WriteFilesAtomically({{Path(c.name), std::string(c.header) + "\r\n1\n"}}).ok());
    StaleOutcome outcome;
    Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "failed"}},
                              {SteadyStaleOutput(Path(""), c.name)}, &outcome);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(fs::exists(Path(c.name)), !c.ours) << c.header;
    EXPECT_EQ(outcome.removed.size(), c.ours ? 1u : 0u) << c.header;
    fs::remove(Path(c.name));
  }
}

// Interrupted (SIGTERM, SIGHUP) while the new set is written, the handler's
// RemovePendingTemporaries puts the earlier run's files moved aside back under their names:
// they were left hidden as dot files beside the old report.
TEST_F(OutputSetTest, AnInterruptPutsTheFilesMovedAsideBack) {
  EarlierRun();
  const std::string aside = Path(".nodes.csv.stale-1");
  fs::rename(Path("nodes.csv"), aside);
  int slot = file_internal::RegisterMovedAside(aside, Path("nodes.csv"));
  ASSERT_GE(slot, 0);
  RemovePendingTemporaries();
  file_internal::ReleasePendingSlot(&slot);
  EXPECT_EQ(slot, -1);
  EXPECT_EQ(Read("nodes.csv"), kOldNodes);
  EXPECT_FALSE(fs::exists(aside));
  // A slot given back is not put back again.
  fs::rename(Path("nodes.csv"), aside);
  RemovePendingTemporaries();
  EXPECT_TRUE(fs::exists(aside));
  EXPECT_FALSE(fs::exists(Path("nodes.csv")));
}

// A link to nothing is removed as before (no data to lose); a link to a FIFO is kept and
// never opened (opening it for reading blocked the run until a writer came).
TEST_F(OutputSetTest, LinksAreJudgedByWhatTheyPointTo) {
  fs::create_symlink(dir_ / "nowhere", dir_ / "out" / "nodes.csv");
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  fs::create_symlink(dir_ / "fifo", dir_ / "out" / "arcs.csv");
  StaleOutcome outcome;
  Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "failed"}}, Stale(), &outcome);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Names(), (std::set<std::string>{"arcs.csv", "summary.json"}));
  EXPECT_EQ(outcome.removed, std::vector<std::string>{Path("nodes.csv")});
  EXPECT_EQ(DescribeStaleOutcome(outcome),
            "; removed the earlier run's " + Path("nodes.csv") + "; kept " + Path("arcs.csv") +
                " (a link to what is not a regular file)");
}

TEST_F(OutputSetTest, AFailedWriteLeavesThePreviousSet) {
  EarlierRun();
  // A folder where the new summary.json must go: its replacement fails.
  fs::create_directories(dir_ / "out" / "extra.json");
  Status s = WriteOutputSet({Path("")},
                            {{Path("summary.json"), "failed"}, {Path("extra.json"), "x"}},
                            Stale());
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Names(), (std::set<std::string>{"arcs.csv", "extra.json", "nodes.csv",
                                            "summary.json"}));
  EXPECT_EQ(Read("nodes.csv"), kOldNodes);
  EXPECT_EQ(Read("arcs.csv"), kOldArcs);
  EXPECT_EQ(Read("summary.json"), "old summary");
}

TEST_F(OutputSetTest, MissingStaleFilesAreLeftAlone) {
  Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "s"}},
                            Stale());
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Names(), std::set<std::string>{"summary.json"});
}

// Regression: a folder where a stale file goes was left alone while the other stale file
// went, and the folder held no one run's set. Refused before anything is moved or written,
// as a folder where a file of the set goes is.
TEST_F(OutputSetTest, AFolderWhereAStaleFileGoesIsRefused) {
  EarlierRun();
  fs::remove(dir_ / "out" / "nodes.csv");
  fs::create_directories(dir_ / "out" / "nodes.csv");  // not a file of ours
  Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "s"}},
                            Stale());
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find(Path("nodes.csv") + ": is a folder"), std::string::npos)
      << s.ToString();
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "nodes.csv"));
  EXPECT_EQ(Names(), (std::set<std::string>{"arcs.csv", "nodes.csv", "summary.json"}));
  EXPECT_EQ(Read("arcs.csv"), kOldArcs);
  EXPECT_EQ(Read("summary.json"), "old summary");
}

}  // namespace
}  // namespace corridor
