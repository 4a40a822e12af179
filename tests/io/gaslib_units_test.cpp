// Unit handling of the GasLib reader on the real files: every unit and convention of
// SCHEMA.md, checked against hand conversions to SI.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/units.h"
#include "io/gaslib_test_util.h"
#include "test_util.h"

namespace corridor {
namespace {

Network LoadNet(const std::string& rel) {
  Network n;
  Diagnostics d;
  Status s = ReadGasLibNetwork(test::GasLibDir() + "/" + rel, &n, &d);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  EXPECT_EQ(d.warning_count(), 0u) << d.ToString();
  return n;
}

Nomination LoadScn(const std::string& rel) {
  Nomination n;
  Diagnostics d;
  Status s = ReadGasLibNomination(test::GasLibDir() + "/" + rel, &n, &d);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  EXPECT_EQ(d.warning_count(), 0u) << d.ToString();
  return n;
}

const Arc& ArcOf(const Network& n, const std::string& id) {
  auto i = n.FindArc(id);
  EXPECT_TRUE(i.has_value()) << id;
  return n.arcs.at(i.value_or(0));
}
const Node& NodeOf(const Network& n, const std::string& id) {
  auto i = n.FindNode(id);
  EXPECT_TRUE(i.has_value()) << id;
  return n.nodes.at(i.value_or(0));
}
const NodeNomination& NomOf(const Nomination& nom, const std::string& id) {
  for (const auto& x : nom.nodes)
    if (x.node_id == id) return x;
  ADD_FAILURE() << "no nomination for " << id;
  return nom.nodes.front();
}

constexpr double kRel = 1e-12;

TEST(GasLibUnits, GasLib24LengthInMetresAndCommentedOutValueIgnored) {
  CORRIDOR_REQUIRE_SHARED();
  Network n = LoadNet("GasLib-24/GasLib-24.net");
  const Arc& l04 = ArcOf(n, "L04");
  EXPECT_DOUBLE_EQ(l04.pipe.length_m, 10.0);          // <length unit="m" value="10"/>
  EXPECT_DOUBLE_EQ(l04.pipe.diameter_m, 2.1);         // unit="m"
  EXPECT_NEAR(l04.pipe.roughness_m, 0.01e-3, 1e-18);  // 0.01 mm
  // Heights without a unit attribute are metres: every node 200.
  for (const Node& x : n.nodes) EXPECT_DOUBLE_EQ(x.height_m, 200.0) << x.id;
  // Resistor re01: drag factor (no unit) with a diameter in mm.
  const Arc& re01 = ArcOf(n, "re01");
  ASSERT_TRUE(re01.resistor.drag_factor && re01.resistor.diameter_m);
  EXPECT_NEAR(*re01.resistor.drag_factor, 5.40999984741211, 1e-14);
  EXPECT_NEAR(*re01.resistor.diameter_m, 0.9, 1e-15);
  EXPECT_FALSE(re01.resistor.pressure_loss_Pa);
  // Stations mix drag and fixed losses per side; diameterOut 0.9 in m.
  const Arc& cs1 = ArcOf(n, "CS1");
  EXPECT_NEAR(cs1.compressor.loss_in.diameter_m.value_or(-1), 0.9, 1e-15);   // 900 mm
  EXPECT_NEAR(cs1.compressor.loss_out.diameter_m.value_or(-1), 0.9, 1e-15);  // 0.9 m
  const Arc& cs2 = ArcOf(n, "CS2");
  EXPECT_DOUBLE_EQ(cs2.compressor.loss_in.drag_factor.value_or(-1), 18.0);
  EXPECT_DOUBLE_EQ(cs2.compressor.loss_out.pressure_loss_Pa.value_or(-1), 2.0e5);
  EXPECT_FALSE(cs2.compressor.loss_out.drag_factor);
  const Arc& cs3 = ArcOf(n, "CS3");
  EXPECT_DOUBLE_EQ(cs3.compressor.loss_in.pressure_loss_Pa.value_or(-1), 1.0e5);
  EXPECT_DOUBLE_EQ(cs3.compressor.loss_out.drag_factor.value_or(-1), 16.0);
  EXPECT_DOUBLE_EQ(cs3.compressor.pressure_in_min_Pa.value_or(-1), 30.0e5);
  EXPECT_DOUBLE_EQ(cs3.compressor.pressure_out_max_Pa.value_or(-1), 65.0e5);
  EXPECT_EQ(cs3.compressor.fuel_gas_vertex, "N16");
  // Control valve CV01: differentials and losses in bar (differences: no gauge offset).
  const Arc& cv = ArcOf(n, "CV01");
  EXPECT_DOUBLE_EQ(cv.control_valve.pressure_differential_max_Pa.value_or(-1), 10.0e5);
  EXPECT_DOUBLE_EQ(cv.control_valve.loss_in.pressure_loss_Pa.value_or(-1), 0.5e5);
  EXPECT_DOUBLE_EQ(cv.control_valve.loss_out.pressure_loss_Pa.value_or(-1), 0.6e5);
  EXPECT_FALSE(cv.control_valve.internal_bypass_required);  // absent in 24
}

TEST(GasLibUnits, GasLib24ScenarioPipeSoilTemperatureInKelvin) {
  CORRIDOR_REQUIRE_SHARED();
  Nomination s = LoadScn("GasLib-24/GasLib-24.scn");
  ASSERT_EQ(s.arcs.size(), 1u);
  EXPECT_EQ(s.arcs[0].arc_id, "L101");
  EXPECT_DOUBLE_EQ(s.arcs[0].soil_temperature_K.value_or(-1), 311.0);
}

TEST(GasLibUnits, GasLib134RoughnessInMetresAndGasTemperatureInKelvin) {
  CORRIDOR_REQUIRE_SHARED();
  Network n = LoadNet("GasLib-134/GasLib-134-v2.net");
  std::size_t pipes = 0;
  for (const Arc& a : n.arcs) {
    if (a.kind != ArcKind::kPipe) continue;
    ++pipes;
    EXPECT_NEAR(a.pipe.roughness_m, 8e-6, 8e-6 * kRel) << a.id;  // 8e-06 m = 0.008 mm
  }
  EXPECT_EQ(pipes, 86u);
  for (const Node& x : n.nodes) {
    if (x.kind != NodeKind::kSource) continue;
    ASSERT_TRUE(x.gas);
    EXPECT_DOUBLE_EQ(x.gas->temperature_K, 289.15);
    EXPECT_DOUBLE_EQ(x.gas->norm_density_kg_per_m3, 0.7433);
    EXPECT_NEAR(x.gas->molar_mass_kg_per_mol, 0.01662, 1e-15);  // 16.62 kg/kmol
    EXPECT_NEAR(x.gas->heat_capacity_B, +0.00846800766885, 1e-17);
  }
}

TEST(GasLibUnits, GasLib11CelsiusFlowsPressuresAndGasData) {
  CORRIDOR_REQUIRE_SHARED();
  Network n = LoadNet("GasLib-11/GasLib-11.net");
  const Node& e1 = NodeOf(n, "entry01");
  ASSERT_TRUE(e1.gas);
  EXPECT_DOUBLE_EQ(e1.gas->temperature_K, 283.15);  // 10 Celsius
  EXPECT_NEAR(e1.gas->calorific_value_J_per_m3, 36.4543670654e6, 1e-3);
  EXPECT_NEAR(e1.gas->pseudocritical_pressure_Pa, 45.9293457336e5, 1e-6);
  EXPECT_NEAR(e1.gas->pseudocritical_temperature_K, 188.549758911, 1e-12);
  EXPECT_NEAR(e1.gas->heat_capacity_C, 7.44647331885e-05, 1e-19);
  EXPECT_DOUBLE_EQ(e1.pressure_max_Pa, 70.0e5);  // bar absolute
  EXPECT_NEAR(e1.flow_max_m3_per_s.value_or(-1), 750.0 * 1000.0 / 3600.0, 1e-12);
  EXPECT_FALSE(e1.lat_deg);
  EXPECT_FALSE(e1.has_alias);
  const Arc& p = ArcOf(n, "pipe01_entry01_entry03");
  EXPECT_DOUBLE_EQ(p.pipe.length_m, 55000.0);
  EXPECT_DOUBLE_EQ(p.pipe.diameter_m, 0.5);
  EXPECT_NEAR(p.pipe.roughness_m, 1e-4, 1e-18);
  EXPECT_DOUBLE_EQ(p.pipe.pressure_max_Pa.value_or(-1), 200e5);
  EXPECT_DOUBLE_EQ(p.pipe.heat_transfer_W_per_m2_K.value_or(-1), 2.0);
  EXPECT_NEAR(p.flow_min_m3_per_s, -1100.0 / 3.6, 1e-12);
  const Arc& v = ArcOf(n, "V01_N01_N03");
  EXPECT_DOUBLE_EQ(v.valve.pressure_differential_max_Pa.value_or(-1), 120e5);
  EXPECT_EQ(ArcOf(n, "CS01_entry03_N01").compressor.fuel_gas_vertex, "N01");
}

TEST(GasLibUnits, CrlfFilesGiveTheRightLineNumbers) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string path = test::GasLibDir() + "/GasLib-11/GasLib-11.net";
  std::string text;
  ASSERT_TRUE(ReadFileToString(path, &text).ok());
  ASSERT_NE(text.find("\r\n"), std::string::npos) << "GasLib-11 is documented as CRLF";
  Network n = LoadNet("GasLib-11/GasLib-11.net");
  int checked = 0;
  for (const Node& x : n.nodes) {
    EXPECT_EQ(x.line, test::LineOf(text, "id=\"" + x.id + "\"")) << x.id;
    ++checked;
  }
  for (const Arc& a : n.arcs) {
    EXPECT_EQ(a.line, test::LineOf(text, "id=\"" + a.id + "\"")) << a.id;
    ++checked;
  }
  EXPECT_EQ(checked, 22);
  EXPECT_EQ(NodeOf(n, "entry01").line, 39);  // by hand: `grep -n '<source' GasLib-11.net`
  // The nomination (CRLF too).
  std::string scn_text;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/GasLib-11/GasLib-11.scn", &scn_text).ok());
  Nomination s = LoadScn("GasLib-11/GasLib-11.scn");
  for (const NodeNomination& nn : s.nodes)
    EXPECT_EQ(nn.line, test::LineOf(scn_text, "id=\"" + nn.node_id + "\"")) << nn.node_id;
}

TEST(GasLibUnits, GasLib11ScenarioLowerUpperPairIsAnEquality) {
  CORRIDOR_REQUIRE_SHARED();
  Nomination s = LoadScn("GasLib-11/GasLib-11.scn");
  EXPECT_EQ(s.id, "GasLib_11_scenario");
  ASSERT_EQ(s.nodes.size(), 6u);
  const NodeNomination& e1 = NomOf(s, "entry01");
  EXPECT_TRUE(e1.is_entry);
  EXPECT_NEAR(e1.flow_lower_m3_per_s, 160.0 / 3.6, 1e-12);
  EXPECT_EQ(e1.flow_lower_m3_per_s, e1.flow_upper_m3_per_s);
  EXPECT_FALSE(NomOf(s, "exit01").is_entry);
  EXPECT_FALSE(e1.pressure_lower_Pa);
}

TEST(GasLibUnits, BargInScenariosIsGauge) {
  CORRIDOR_REQUIRE_SHARED();
  // 582: sink_109 lower 50 barg = 51.01325 bar absolute; the other bounds are in bar.
  Nomination s = LoadScn("GasLib-582/nomination_cold_5.scn");
  const NodeNomination& k = NomOf(s, "sink_109");
  EXPECT_NEAR(k.pressure_lower_Pa.value_or(-1), 51.01325e5, 1e-6);
  EXPECT_FALSE(k.pressure_upper_Pa);
  EXPECT_NEAR(k.flow_lower_m3_per_s, 3181.5322 / 3.6, 1e-9);
  EXPECT_EQ(k.flow_lower_m3_per_s, k.flow_upper_m3_per_s);
  const NodeNomination& s4 = NomOf(s, "source_4");
  EXPECT_NEAR(s4.pressure_lower_Pa.value_or(-1), 2.0133e5, 1e-6);
  EXPECT_NEAR(s4.pressure_upper_Pa.value_or(-1), 86.013e5, 1e-6);
  EXPECT_NEAR(s4.contract_pressure_max_Pa.value_or(-1), 86.01325e5, 1e-6);
  EXPECT_DOUBLE_EQ(s.probability.value_or(-1), 0.025);
  // 40: every scenario bound, 0 and 80 barg, equals the .net bound 1.01325 / 81.01325 bar.
  Network n40 = LoadNet("GasLib-40/GasLib-40.net");
  Nomination s40 = LoadScn("GasLib-40/GasLib-40.scn");
  std::size_t bounds = 0;
  double worst = 0.0;
  for (const NodeNomination& nn : s40.nodes) {
    const Node& x = NodeOf(n40, nn.node_id);
    ASSERT_TRUE(nn.pressure_lower_Pa && nn.pressure_upper_Pa);
    worst = std::max(worst, std::fabs(*nn.pressure_lower_Pa - x.pressure_min_Pa));
    worst = std::max(worst, std::fabs(*nn.pressure_upper_Pa - x.pressure_max_Pa));
    bounds += 2;
  }
  EXPECT_EQ(bounds, 64u);
  std::printf("GasLib-40 barg vs .net bar bounds: worst deviation %.3g Pa over %zu bounds\n",
              worst, bounds);
  EXPECT_LT(worst, 1e-6);
}

TEST(GasLibUnits, GasLib4197ScenarioTemperaturesAndNegativeExits) {
  CORRIDOR_REQUIRE_SHARED();
  Nomination s = LoadScn("GasLib-4197/nomination_mild_0006.scn");
  EXPECT_EQ(s.id, "0");
  EXPECT_DOUBLE_EQ(s.probability.value_or(-1), 0.0);
  EXPECT_DOUBLE_EQ(s.scenario_temperature_K.value_or(-1), 280.15);
  EXPECT_DOUBLE_EQ(s.soil_temperature_K.value_or(-1), 282.65);
  EXPECT_DOUBLE_EQ(s.ambient_temperature_K.value_or(-1), 280.15);
  EXPECT_EQ(s.contract_date.value_or(""), "2015-10-02");
  EXPECT_EQ(s.nodes.size(), 1020u);
  EXPECT_NEAR(NomOf(s, "sink_14").flow(), -15.3541317719 / 3.6, 1e-12);
  std::size_t negative = 0;
  double negative_sum = 0.0;
  for (const NodeNomination& nn : s.nodes)
    if (!nn.is_entry && nn.flow() < 0) ++negative, negative_sum += nn.flow();
  EXPECT_EQ(negative, 33u);
  EXPECT_NEAR(negative_sum / units::kThousandM3PerHour, -1558.38, 0.005);  // SCHEMA.md §4
}

TEST(GasLibUnits, GasLib4197ResistorKindsControlValveFlagsAndGeo) {
  CORRIDOR_REQUIRE_SHARED();
  Network n = LoadNet("GasLib-4197/GasLib-4197.net");
  std::size_t drag = 0, loss = 0, cv_drag = 0;
  for (const Arc& a : n.arcs) {
    if (a.kind == ArcKind::kResistor) {
      if (a.resistor.drag_factor) ++drag;
      if (a.resistor.pressure_loss_Pa) ++loss;
    }
    if (a.kind == ArcKind::kControlValve && a.control_valve.loss_in.drag_factor) ++cv_drag;
  }
  EXPECT_EQ(drag, 22u);  // SCHEMA.md §3
  EXPECT_EQ(loss, 6u);
  EXPECT_EQ(cv_drag, 15u);
  EXPECT_DOUBLE_EQ(ArcOf(n, "resistor_2").resistor.pressure_loss_Pa.value_or(-1), 2e5);
  EXPECT_DOUBLE_EQ(ArcOf(n, "resistor_3").resistor.drag_factor.value_or(-1), 0.0);
  const Arc& cv4 = ArcOf(n, "controlValve_4");
  EXPECT_EQ(cv4.control_valve.gas_preheater_existing.value_or(-1), 1);
  EXPECT_EQ(cv4.control_valve.internal_bypass_required.value_or(-1), 0);
  const Node& i1 = NodeOf(n, "innode_1");
  EXPECT_NEAR(i1.lat_deg.value_or(0), 49.2411367404, 1e-12);
  EXPECT_NEAR(i1.lon_deg.value_or(0), 8.18844845102, 1e-12);
  EXPECT_DOUBLE_EQ(i1.height_m, 222.0);
  EXPECT_TRUE(i1.has_alias);
  EXPECT_EQ(i1.alias, "");
  EXPECT_DOUBLE_EQ(i1.x, 23931.0);
  EXPECT_DOUBLE_EQ(i1.y, 38103.0);
}

TEST(GasLibUnits, HeightInMeterSpelledOut) {
  CORRIDOR_REQUIRE_SHARED();
  Network n = LoadNet("GasLib-135/GasLib-135.net");  // unit="meter"
  for (const Node& x : n.nodes) EXPECT_DOUBLE_EQ(x.height_m, 0.0);
  EXPECT_EQ(n.nodes.size(), 135u);
}

}  // namespace
}  // namespace corridor
