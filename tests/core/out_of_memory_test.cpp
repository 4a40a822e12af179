// Out of memory at the library boundary: every reader answers an allocation failure with a
// Status and an out-of-memory error naming the file; no std::bad_alloc leaves the library
// (it aborted `corridor check` with exit 134). The test replaces the global operator new
// (hence its own executable) so that, while armed, the first allocation above a size
// throws once, as a real shortage does; what unwinding frees is then available again.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/controls.h"
#include "corridor/file.h"
#include "corridor/hydro.h"
#include "corridor/io.h"
#include "corridor/scenario.h"
#include "corridor/steady.h"
#include "corridor/tracking.h"
#include "corridor/validate.h"
#include "test_util.h"

namespace {
thread_local std::size_t fail_above = SIZE_MAX;  // armed below SIZE_MAX
thread_local bool fired = false;
}  // namespace

void* operator new(std::size_t n) {
  if (n > fail_above) {
    fail_above = SIZE_MAX;
    fired = true;
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
// The nothrow form too: std::stable_sort's buffer (SteadyOptions::Validate) takes it and is
// freed by the delete above; the runtime's own nothrow new against this free was a mismatch
// under AddressSanitizer.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace corridor {
namespace {

// Arms the one-shot failure for allocations above `bytes` for its lifetime.
class Shortage {
 public:
  explicit Shortage(std::size_t bytes) {
    fired = false;
    fail_above = bytes;
  }
  ~Shortage() { fail_above = SIZE_MAX; }
};

std::string Text(const std::string& path) {
  std::string s;
  EXPECT_TRUE(ReadFileToString(path, &s).ok()) << path;
  return s;
}

// Regression: ReadFileToString let std::bad_alloc out when a file did not fit in memory.
TEST(OutOfMemory, ReadFileToStringAnswersWithAStatus) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "corridor_oom_test_read.txt").string();
  ASSERT_TRUE(WriteFileAtomically(path, std::string(5000, 'x')).ok());
  std::string content = "untouched";
  Status s;
  {
    Shortage shortage(4096);
    s = ReadFileToString(path, &content);
  }
  EXPECT_TRUE(fired);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(s.message(), path + ": not enough memory to read its 5000 bytes");
  EXPECT_EQ(content, "untouched");
  std::filesystem::remove(path);
}

// Every public reader, its input parsed with the first allocation above 256 bytes failing
// (the texts and arguments are made before): a Status, an out-of-memory error naming the
// file, the output untouched, and no exception.
TEST(OutOfMemory, EveryReaderAnswersWithAStatus) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g11 = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string net_xml = Text(g11 + ".net"), scn_xml = Text(g11 + ".scn"),
                    cs_xml = Text(g11 + ".cs"),
                    cdf_xml = Text(test::GasLibDir() + "/GasLib-582/GasLib-582-v2.cdf"),
                    hydro_json = Text(test::SourceDir() + "/data/araz/case.json"),
                    inflow_csv = Text(test::SourceDir() + "/data/araz/inflow_monthly_example.csv"),
                    controls_csv = Text(test::SourceDir() + "/data/controls/GasLib-11.csv");
  Diagnostics setup;
  GasCase g;
  ASSERT_TRUE(LoadCase({g11 + ".net", g11 + ".scn", g11 + ".cs"}, &g, &setup).ok())
      << setup.ToString();
  const std::string json = WriteCorridorJson(g);
  HydroCase hydro;
  ASSERT_TRUE(ParseHydroCase(hydro_json, "case.json", &hydro, &setup).ok()) << setup.ToString();
  const std::string groups_csv =  // the comment makes the text long enough to be copied
      "source_id,group\n# " + std::string(300, '-') + "\nentry01,A\nentry02,A\nentry03,B\n";

  struct Reader {
    const char* file;
    std::function<Status(Diagnostics*)> read;
  };
  Network net;
  Nomination nom;
  CompressorStationData cs;
  CombinedDecisions cdf;
  GasCase from_json;
  ControlsFile controls;
  HydroCase hydro_out;
  HydroInflow inflow;
  OriginGroups groups;
  const std::vector<Reader> readers = {
      {"a.net", [&](Diagnostics* d) { return ReadGasLibNetworkFromString(net_xml, "a.net", &net, d); }},
      {"a.scn",
       [&](Diagnostics* d) { return ReadGasLibNominationFromString(scn_xml, "a.scn", &nom, d); }},
      {"a.cs",
       [&](Diagnostics* d) {
         return ReadGasLibCompressorStationsFromString(cs_xml, "a.cs", &cs, d);
       }},
      {"a.cdf",
       [&](Diagnostics* d) {
         return ReadGasLibCombinedDecisionsFromString(cdf_xml, "a.cdf", &cdf, d);
       }},
      {"a.json",
       [&](Diagnostics* d) { return ReadCorridorJsonFromString(json, "a.json", &from_json, d); }},
      {"controls.csv",
       [&](Diagnostics* d) {
         return ReadControlsFromString(controls_csv, "controls.csv", g.network, &controls, d);
       }},
      {"case.json",
       [&](Diagnostics* d) { return ParseHydroCase(hydro_json, "case.json", &hydro_out, d); }},
      {"inflow.csv",
       [&](Diagnostics* d) {
         return ParseHydroInflow(inflow_csv, "inflow.csv", hydro, &inflow, d);
       }},
      {"groups.csv",
       [&](Diagnostics* d) {
         return ReadOriginGroupsFromString(groups_csv, "groups.csv", g.network,
                                           GroupsReadOptions(), &groups, d);
       }},
  };
  for (const Reader& r : readers) {
    SCOPED_TRACE(r.file);
    Diagnostics clean;  // the reader works without the shortage
    ASSERT_TRUE(r.read(&clean).ok()) << clean.ToString();
    Diagnostics diag;
    Status s;
    {
      Shortage shortage(256);
      EXPECT_NO_THROW(s = r.read(&diag));
    }
    ASSERT_TRUE(fired) << "the reader never allocated above 256 bytes: the test proves nothing";
    EXPECT_EQ(s.code(), Status::Code::kIoError) << s.ToString();
    EXPECT_EQ(s.message(), std::string("not enough memory to read ") + r.file);
    ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
    EXPECT_EQ(diag.items()[0].rule, "out-of-memory");
    EXPECT_EQ(diag.items()[0].file, r.file);
  }
  // The outputs keep what the clean reads gave them.
  EXPECT_EQ(net.nodes.size(), 11u);
  EXPECT_EQ(from_json.network.nodes.size(), 11u);
}

// The computing entry points too (the solver, the trackers, validation, the scenario run):
// std::bad_alloc left SimulateSteady and the others. Each is run with the first allocation
// above a size failing, for sizes from small to large: no exception, and where the
// allocation failed and the call could not go on, IoError "...: not enough memory".
TEST(OutOfMemory, TheSolversAnswerWithAStatus) {
  const std::string g11 = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  Diagnostics setup;
  GasCase g;
  ASSERT_TRUE(LoadCase({g11 + ".net", g11 + ".scn"}, &g, &setup).ok()) << setup.ToString();
  OriginGroups groups;
  ASSERT_TRUE(ReadOriginGroupsFromString("source_id,group\nentry01,A\nentry02,A\nentry03,B\n",
                                         "g.csv", g.network, GroupsReadOptions(), &groups,
                                         &setup)
                  .ok())
      << setup.ToString();
  HydroCase hydro;
  std::string hydro_json;
  ASSERT_TRUE(ReadFileToString(test::SourceDir() + "/data/araz/case.json", &hydro_json).ok());
  ASSERT_TRUE(ParseHydroCase(hydro_json, "case.json", &hydro, &setup).ok()) << setup.ToString();
  HydroSummary hydro_summary;
  ScenarioOptions scenario;
  scenario.data_dir = test::SourceDir() + "/data/corridor";
  scenario.scenarios = {"baseline"};
  scenario.headroom = false;
  struct Call {
    const char* function;
    std::function<Status()> run;
  };
  SteadySolution sol;
  SteadySummary sum;
  TrackingSummary tracked;
  ValidationSummary valid;
  CorridorReport report;
  const std::vector<Call> calls = {
      {"SimulateSteady", [&] { return SimulateSteady(g, SteadyOptions(), &sol, &sum); }},
      {"TrackSteady",
       [&] {
         return TrackSteady(g, groups, TrackSteadyOptions(), &sol, &sum, &tracked);
       }},
      {"ValidateCase",
       [&] {
         Diagnostics d;
         return ValidateCase(g, ValidateOptions(), &valid, &d);
       }},
      {"RunCorridorScenarios",
       [&] {
         Diagnostics d;
         return RunCorridorScenarios(scenario, &report, &d);
       }},
      {"SimulateHydro", [&] { return SimulateHydro(hydro, HydroOptions(), &hydro_summary); }},
      {"LoadCorridorNetwork",
       [&] {
         GasCase loaded;
         Diagnostics d;
         return LoadCorridorNetwork(scenario.data_dir, &loaded, &d);
       }}};
  for (const Call& c : calls) {
    int failed = 0;
    for (std::size_t bytes : {64u, 256u, 1024u, 4096u, 16384u}) {
      Status s;
      {
        Shortage shortage(bytes);
        EXPECT_NO_THROW(s = c.run()) << c.function << " " << bytes;
      }
      if (!fired || s.ok()) continue;
      ++failed;
      EXPECT_EQ(s.code(), Status::Code::kIoError) << c.function << " " << s.ToString();
      // (Said by the call where the allocation failed: TrackSteady's solve is
      // SimulateSteady's, the scenario run's first read its annotations file's.)
      EXPECT_NE(s.message().find("not enough memory"), std::string::npos) << s.ToString();
    }
    EXPECT_GT(failed, 0) << c.function << ": no size made the call fail; the test proves nothing";
    // And once more without a shortage: the call works (no state left behind).
    EXPECT_TRUE(c.run().ok()) << c.function;
  }
}

}  // namespace
}  // namespace corridor
