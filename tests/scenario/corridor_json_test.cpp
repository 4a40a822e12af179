// The corridor case ships in GasLib XML and in corridor's JSON format: both must describe
// the same model (the JSON is written from the XML by `corridor convert`).
#include <gtest/gtest.h>

#include "corridor/io.h"
#include "io/model_compare.h"
#include "test_util.h"

namespace corridor {
namespace {

TEST(CorridorCase, JsonAndGasLibXmlHoldTheSameModel) {
  const std::string d = test::SourceDir() + "/data/corridor/";
  GasCase from_xml, from_json;
  Diagnostics dx, dj;
  ASSERT_TRUE(LoadCase({d + "corridor.net", d + "corridor.cs"}, &from_xml, &dx).ok())
      << dx.ToString();
  ASSERT_TRUE(LoadCase({d + "corridor.json"}, &from_json, &dj).ok()) << dj.ToString();
  ASSERT_EQ(from_xml.network.nodes.size(), 29u);
  ASSERT_TRUE(from_json.stations.has_value());
  const std::vector<std::string> diff = io::CompareCases(from_xml, from_json, 20);
  std::string all;
  for (const std::string& s : diff) all += s + "\n";
  EXPECT_TRUE(diff.empty()) << "regenerate data/corridor/corridor.json with corridor convert:\n"
                            << all;
}

}  // namespace
}  // namespace corridor
