// WriteOutputSet: one run's outputs replace the previous run's set as a whole, stale
// members included, and a failed write leaves the previous set as it was.
#include "core/output_set.h"

#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/file.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

// How corridor's own nodes.csv and arcs.csv begin.
constexpr const char* kOldNodes = "id,pressure_bar_abs,pressure_min_bar_abs\nN1,60,40\n";
constexpr const char* kOldArcs = "id,type,from,to,mass_flow_kg_per_s\nP1,pipe,N1,N2,3\n";

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
  ASSERT_TRUE(WriteFilesAtomically({{Path("nodes.csv"), "my precious data\n"},
                                    {Path("arcs.csv"), kOldArcs}})
                  .ok());
  fs::create_symlink(dir_ / "nowhere", dir_ / "out" / "network.geojson");
  std::vector<StaleOutput> stale = Stale();
  stale.push_back(SteadyStaleOutput(Path(""), "network.geojson"));
  StaleOutcome outcome;
  Status s = WriteOutputSet({Path("")}, {{Path("summary.json"), "failed"}}, stale, &outcome);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Names(), (std::set<std::string>{"network.geojson", "nodes.csv", "summary.json"}));
  EXPECT_EQ(Read("nodes.csv"), "my precious data\n");
  EXPECT_EQ(outcome.removed, std::vector<std::string>{Path("arcs.csv")});
  EXPECT_EQ(outcome.kept,
            (std::vector<std::string>{Path("nodes.csv"), Path("network.geojson")}));
  EXPECT_NE(DescribeStaleOutcome(outcome).find("; kept " + Path("nodes.csv") + ", " +
                                               Path("network.geojson") +
                                               " (not files corridor wrote)"),
            std::string::npos)
      << DescribeStaleOutcome(outcome);
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
