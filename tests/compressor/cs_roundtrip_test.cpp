// GasLib XML and JSON round trips of .cs and .cdf data are exact: every double comes back
// bit for bit (compared with ==, NaN equal to NaN).
#include <algorithm>
#include <cmath>
#include <vector>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "cs_test_util.h"
#include "io/json_cs.h"

namespace corridor {
namespace {

using test::GasLibDir;

// All numbers written as value="..." or nominalSpeed="..." attributes, sorted.
std::vector<double> NumbersOf(const std::string& xml) {
  std::vector<double> v;
  for (const char* key : {" value=\"", " nominalSpeed=\""}) {
    const std::string k = key;
    for (auto pos = xml.find(k); pos != std::string::npos; pos = xml.find(k, pos + 1)) {
      const auto begin = pos + k.size();
      v.push_back(std::stod(xml.substr(begin, xml.find('"', begin) - begin)));
    }
  }
  std::sort(v.begin(), v.end());
  return v;
}

TEST(CsRoundTrip, GasLibXmlIsExact) {
  CORRIDOR_REQUIRE_SHARED();
  for (const auto& f : test::CsFiles()) {
    SCOPED_TRACE(f.name);
    CompressorStationData a, b, c;
    Diagnostics diag;
    ASSERT_TRUE(ReadGasLibCompressorStations(GasLibDir() + "/" + f.path, &a, &diag).ok())
        << diag.ToString();
    const std::string xml = WriteGasLibCompressorStations(a);
    ASSERT_TRUE(ReadGasLibCompressorStationsFromString(xml, "written.cs", &b, &diag).ok())
        << diag.ToString();
    EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
    EXPECT_EQ(test::DiffStations(a, b), "");
    // Writing what was read back gives the same text: the writer is a fixed point.
    EXPECT_EQ(WriteGasLibCompressorStations(b), xml);
    ASSERT_TRUE(ReadGasLibCompressorStationsFromString(xml, "written.cs", &c, &diag).ok());
    EXPECT_EQ(test::DiffStations(b, c), "");
    fmt::print("{}: GasLib XML round trip exact, {} bytes written\n", f.name, xml.size());
  }
}

TEST(CsRoundTrip, WriterKeepsGasLibSpellings) {
  CORRIDOR_REQUIRE_SHARED();
  CompressorStationData a;
  Diagnostics diag;
  ASSERT_TRUE(
      ReadGasLibCompressorStations(GasLibDir() + "/GasLib-4197/GasLib-4197.cs", &a, &diag).ok());
  const std::string xml = WriteGasLibCompressorStations(a);
  // The header cites GasLib and its licence; the namespace is GasLib's.
  EXPECT_NE(xml.find("CC BY 3.0"), std::string::npos);
  EXPECT_NE(xml.find("GasLib - A Library of Gas Network Instances"), std::string::npos);
  EXPECT_NE(xml.find("xmlns=\"http://gaslib.zib.de/CompressorStations\""), std::string::npos);
  // Values come back in GasLib's units with their original spelling (per_min stays 3900,
  // not 3900.0000000000005; Celsius stays -5).
  EXPECT_NE(xml.find("unit=\"per_min\""), std::string::npos);
  EXPECT_NE(xml.find("<ambientTemperature value=\"-5\" unit=\"Celsius\">"), std::string::npos);
  EXPECT_EQ(xml.find("unit=\"K\""), std::string::npos);
  // Stronger: the value="..." and nominalSpeed="..." numbers of the original file, sorted,
  // equal those written (as doubles in GasLib's units). The writer picks the shortest
  // decimal that converts back to the same SI double, which in a few cases is a
  // neighbouring double of the file's number (1 ulp in kJ/kg; the SI value is identical).
  std::string original;
  ASSERT_TRUE(ReadFileToString(GasLibDir() + "/GasLib-4197/GasLib-4197.cs", &original).ok());
  const std::vector<double> want = NumbersOf(original), got = NumbersOf(xml);
  ASSERT_EQ(want.size(), got.size());
  EXPECT_EQ(want.size(), 6180u);
  std::size_t different = 0;
  double worst = 0.0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i] == got[i]) continue;
    ++different;
    worst = std::max(worst, std::abs(want[i] - got[i]) / std::abs(want[i]));
  }
  fmt::print("GasLib-4197.cs: {} of {} numbers written as a neighbouring double, worst relative "
             "difference {:.3g} (same SI value)\n", different, want.size(), worst);
  EXPECT_LE(worst, 2.3e-16);       // at most one ulp
  EXPECT_LE(different, want.size() / 1000);
}

TEST(CsRoundTrip, JsonIsExact) {
  CORRIDOR_REQUIRE_SHARED();
  for (const auto& f : test::CsFiles()) {
    SCOPED_TRACE(f.name);
    CompressorStationData a, b;
    Diagnostics diag;
    ASSERT_TRUE(ReadGasLibCompressorStations(GasLibDir() + "/" + f.path, &a, &diag).ok());
    const std::string text = io::CompressorStationsToJson(a).dump(1);
    ASSERT_TRUE(io::CompressorStationsFromJson(nlohmann::json::parse(text), "x.json", &b, &diag))
        << diag.ToString();
    EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
    EXPECT_EQ(test::DiffStations(a, b), "");
    EXPECT_EQ(b.source_file, a.source_file);
    fmt::print("{}: JSON round trip exact, {} bytes\n", f.name, text.size());
  }
}

TEST(CdfRoundTrip, XmlAndJsonAreExact) {
  CORRIDOR_REQUIRE_SHARED();
  for (const auto& f : test::CdfFiles()) {
    SCOPED_TRACE(f.name);
    CombinedDecisions a, b, c;
    Diagnostics diag;
    ASSERT_TRUE(ReadGasLibCombinedDecisions(GasLibDir() + "/" + f.path, &a, &diag).ok());
    const std::string xml = WriteGasLibCombinedDecisions(a);
    EXPECT_NE(xml.find("xmlns=\"http://gaslib.zib.de/CombinedDecisions\""), std::string::npos);
    ASSERT_TRUE(ReadGasLibCombinedDecisionsFromString(xml, "written.cdf", &b, &diag).ok())
        << diag.ToString();
    EXPECT_EQ(test::DiffDecisions(a, b), "");
    EXPECT_EQ(WriteGasLibCombinedDecisions(b), xml);
    const std::string text = io::CombinedDecisionsToJson(a).dump();
    ASSERT_TRUE(io::CombinedDecisionsFromJson(nlohmann::json::parse(text), "x.json", &c, &diag))
        << diag.ToString();
    EXPECT_EQ(test::DiffDecisions(a, c), "");
    EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
  }
}

// The comparison helper itself must see a one-bit change, a changed id and a missing
// optional, or the tests above prove nothing.
TEST(CsRoundTrip, DiffHelperDetectsChanges) {
  CORRIDOR_REQUIRE_SHARED();
  CompressorStationData a;
  CombinedDecisions d;
  Diagnostics diag;
  ASSERT_TRUE(ReadGasLibCompressorStations(GasLibDir() + "/GasLib-582/GasLib-582-v2.cs", &a,
                                           &diag).ok());
  ASSERT_TRUE(ReadGasLibCombinedDecisions(GasLibDir() + "/GasLib-582/GasLib-582-v2.cdf", &d,
                                          &diag).ok());
  EXPECT_EQ(test::DiffStations(a, a), "");
  CompressorStationData b = a;
  double& v = b.stations.back().turbo.back().characteristic_measurements.back().points.back()
                  .head_J_per_kg;
  v = std::nextafter(v, 1e300);
  EXPECT_NE(test::DiffStations(a, b), "");
  b = a;
  b.stations[0].configurations[0].stages[0].units[0].nominal_speed_per_s *= 1.0 + 1e-16 * 4;
  EXPECT_NE(test::DiffStations(a, b), "");
  b = a;
  b.stations[0].turbo[0].efficiency_of_chokeline.reset();
  EXPECT_NE(test::DiffStations(a, b), "");
  b = a;
  b.stations[0].drives.pop_back();
  EXPECT_NE(test::DiffStations(a, b), "");
  b = a;
  b.source_file = "elsewhere";  // provenance is not data
  b.stations[0].line += 7;
  EXPECT_EQ(test::DiffStations(a, b), "");
  CombinedDecisions e = d;
  e.groups[1].decisions[3].elements[0].flow_direction.reset();
  if (!d.groups[1].decisions[3].elements[0].flow_direction) e.groups[1].decisions[3].elements[0].flow_direction = 0;
  EXPECT_NE(test::DiffDecisions(d, e), "");
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

// No hidden state: reading and writing in two threads at once gives the same data as
// reading once.
TEST(CsRoundTrip, ConcurrentReadsAgree) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string path = test::GasLibDir() + "/GasLib-4197/GasLib-4197.cs";
  CompressorStationData reference;
  Diagnostics diag;
  ASSERT_TRUE(ReadGasLibCompressorStations(path, &reference, &diag).ok());
  const std::string reference_xml = WriteGasLibCompressorStations(reference);
  CompressorStationData got[2];
  std::string xml[2];
  bool ok[2] = {false, false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 3; ++rep) {
        Diagnostics d;
        ok[t] = ReadGasLibCompressorStations(path, &got[t], &d).ok();
        xml[t] = WriteGasLibCompressorStations(got[t]);
      }
    });
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 2; ++t) {
    EXPECT_TRUE(ok[t]);
    EXPECT_EQ(test::DiffStations(reference, got[t]), "");
    EXPECT_EQ(xml[t], reference_xml);
  }
}

}  // namespace
}  // namespace corridor
