// Simulation tests: hand-checked steady states, the water balance, storage bounds, spill
// only when full, priorities, tailwater coupling, firm energy, thread independence.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <pugixml.hpp>
#include <sstream>
#include <thread>

#include "hydro_test_util.h"

namespace corridor::test {
namespace {

constexpr double kDay = 86400.0;

HydroSummary Simulate(const HydroCase& c, HydroOptions opt = {}) {
  HydroSummary sum;
  Status s = SimulateHydro(c, opt, &sum);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return sum;
}

// A summary edited by its caller (a reservoir id pushed, a day dropped from a series) had
// the reports and the files read past their vectors. The reports now say the summary is
// inconsistent in place of their tables, and the writer refuses, writing nothing.
TEST(HydroSim, AnInconsistentSummaryIsReportedNotOverread) {
  const HydroSummary good = Simulate(ArazCase());
  EXPECT_EQ(good.FullReport().find("Inconsistent"), std::string::npos);
  EXPECT_FALSE(RenderHydroOutputs(good).empty());
  HydroSummary extra = good;
  extra.reservoir_ids.push_back("pushed_by_the_caller");
  const std::string report = extra.FullReport();
  EXPECT_NE(report.find("Inconsistent summary: its tables are left out (reservoir_names has 3 "
                        "entries for 4 reservoir(s)"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("Annual energy"), std::string::npos) << report;
  EXPECT_TRUE(RenderHydroOutputs(extra).empty());
  HydroSummary cut = good;
  cut.runs[0].reservoirs[1].unit_power_W[0].pop_back();
  const std::string dir = ::testing::TempDir() + "corridor_hydro_inconsistent";
  const Status st = WriteHydroOutputs(cut, dir);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find(fmt::format("runs[0].reservoirs[1].unit_power_W[0] has {} entries "
                                          "for {} day(s)",
                                          good.runs[0].days - 1, good.runs[0].days)),
            std::string::npos)
      << st.ToString();
  EXPECT_NE(st.message().find("nothing written"), std::string::npos);
}

double PlantPower(const HydroReservoirSeries& s, int d) {
  double p = 0;
  for (const auto& u : s.unit_power_W) p += u[d];
  return p;
}

// The note on which units run is the case's own, by status and plant: the Araz case's state
// ("only the Aras dam plant runs ... FACTS.md section 5") was said for any case.
TEST(HydroSim, TheUnitsNoteIsTheCasesOwn) {
  auto note_of = [](const HydroSummary& sum) {
    for (const std::string& n : sum.notes)
      if (n.find("units of the case are simulated as running") != std::string::npos) return n;
    return std::string("(none)");
  };
  const HydroSummary one = Simulate(PrismaticCase(50.0, 20e6, 60.0));
  EXPECT_EQ(note_of(one), "all units of the case are simulated as running (none is planned)");
  EXPECT_EQ(note_of(one).find("FACTS.md"), std::string::npos);
  HydroCase c = PrismaticCase(50.0, 20e6, 60.0);
  c.reservoirs[0].name = "Upper";
  HydroUnit planned = c.reservoirs[0].units[0];
  planned.id = "u2";
  planned.country = "IR";
  planned.status = "planned";
  c.reservoirs[0].units.push_back(planned);
  EXPECT_EQ(note_of(Simulate(c)),
            "all units of the case are simulated as running, planned ones included (by the "
            "case's status, operating: Upper (AZ); planned: Upper (IR))");
  EXPECT_EQ(note_of(Simulate(ArazCase())),
            "all units of the case are simulated as running, planned ones included (by the "
            "case's status, operating: Aras (Araz) dam (AZ, IR); built: Giz Galasi (IR); planned: "
            "Khudafarin (AZ, IR), Giz Galasi (AZ))");
}

// The brief report says what its energy lines do not show: withdrawals not served (three
// times the irrigation left each country 1 248 of 3 000 mcm/y in a dry year, and the brief
// report read as if all were well), releases below the environmental flow, a spillway
// passed; with none of them, nothing.
TEST(HydroSim, TheBriefReportSaysShortfalls) {
  HydroOptions opt;
  opt.irrigation_scale = 3.0;
  opt.year_types = {"dry"};
  const HydroSummary sum = Simulate(ArazCase(), opt);
  ASSERT_EQ(sum.runs.size(), 1u);
  const HydroRun& r = sum.runs[0];
  ASSERT_GT(r.shortage_days, 0);
  double demand = 0.0, delivered = 0.0;
  for (const HydroCountryWater& w : r.water) {
    demand += w.withdrawal_demand_m3;
    delivered += w.withdrawal_delivered_m3;
  }
  EXPECT_LT(delivered, demand);
  const std::string brief = sum.BriefReport();
  EXPECT_NE(brief.find(fmt::format("\nShortfalls    : dry: withdrawals not fully served on {} "
                                   "day(s), {:.0f} of {:.0f} mcm/y delivered",
                                   r.shortage_days, delivered / 1e6, demand / 1e6)),
            std::string::npos)
      << brief;
  EXPECT_EQ(brief.find("below the environmental flow") == std::string::npos,
            r.env_flow_shortfall_days == 0)
      << brief;
  const HydroSummary plain = Simulate(ArazCase());
  for (const HydroRun& x : plain.runs)
    ASSERT_EQ(x.shortage_days + x.env_flow_shortfall_days + x.spillway_exceeded_days, 0)
        << x.label;
  EXPECT_EQ(plain.BriefReport().find("Shortfalls"), std::string::npos) << plain.BriefReport();
}

// Evaporation takes water from under the dead storage, where no release or withdrawal
// does; the days it does are counted and said (they were said nowhere: helper-283). The
// prismatic basin at its dead storage, no inflow, 5 mm/d of evaporation.
TEST(HydroSim, DaysBelowTheDeadStorageAreSaid) {
  HydroCase c = PrismaticCase(0.0, 10e6, 100.0, 50e6);
  c.reservoirs[0].net_evaporation_m_per_s.assign(12, 5e-3 / kDay);
  HydroOptions opt;
  opt.warmup_years = 0;
  const HydroSummary sum = Simulate(c, opt);
  ASSERT_FALSE(sum.runs.empty());
  EXPECT_EQ(sum.runs[0].below_dead_days, 365);
  EXPECT_NE(sum.BriefReport().find("365 reservoir-day(s) ending below the dead storage"),
            std::string::npos)
      << sum.BriefReport();
  const HydroSummary full = Simulate(PrismaticCase(100.0, 10e6, 100.0));
  for (const HydroRun& r : full.runs) EXPECT_EQ(r.below_dead_days, 0) << r.label;
}

// Hostile numbers answer with a status, not a read past a table's end (a reviewer's
// sanitizer run: a NaN volume, an empty table, a NaN inflow factor overflowed the heap).
TEST(HydroSim, NonFiniteInputsAreRefusedNotRead) {
  HydroReservoir empty;
  EXPECT_TRUE(std::isnan(HydroLevelFromVolume(empty, 5.0)));
  HydroReservoir r;
  r.curve_level_m = {1, 2};
  r.curve_volume_m3 = {10, 20};
  r.curve_area_m2 = {1, 2};
  EXPECT_TRUE(std::isnan(HydroLevelFromVolume(r, std::nan(""))));
  EXPECT_DOUBLE_EQ(HydroLevelFromVolume(r, 15.0), 1.5);
  HydroCase c;
  Diagnostics diag;
  ASSERT_TRUE(ReadHydroCase(ArazCasePath(), &c, &diag).ok()) << diag.ToString();
  HydroSummary sum;
  HydroCase bad = c;
  bad.monthly_inflow_factor[3] = std::nan("");
  Status s = SimulateHydro(bad, HydroOptions(), &sum);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("monthly inflow factors"), std::string::npos) << s.ToString();
  bad = c;
  bad.reservoirs[0].target_level_m[0] = std::nan("");
  s = SimulateHydro(bad, HydroOptions(), &sum);
  EXPECT_NE(s.message().find("must be finite"), std::string::npos) << s.ToString();
  bad = c;
  ASSERT_FALSE(bad.reservoirs[0].units.empty());
  bad.reservoirs[0].units[0].efficiency = 5.0;
  s = SimulateHydro(bad, HydroOptions(), &sum);
  EXPECT_NE(s.message().find("efficiency in (0, 1]"), std::string::npos) << s.ToString();
  // What the readers refuse in files is refused in code too (a review's probes: each ran
  // to "OK"), and a refused run leaves no half-filled summary.
  auto refused = [&](const HydroCase& h, const HydroOptions& o, const std::string& why) {
    HydroSummary out;
    out.case_name = "stale";
    Status st = SimulateHydro(h, o, &out);
    EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << why;
    EXPECT_NE(st.message().find(why), std::string::npos) << st.ToString();
    EXPECT_TRUE(out.case_name.empty() && out.reservoir_ids.empty()) << why;
  };
  bad = c;
  bad.reservoirs[0].curve_area_m2[1] = -1.0;
  refused(bad, HydroOptions(), "areas must be >= 0");
  bad = c;
  std::vector<double>& area = bad.reservoirs[0].curve_area_m2;
  ASSERT_GT(area[area.size() - 2], 0.0);
  area.back() = 0.5 * area[area.size() - 2];
  refused(bad, HydroOptions(), "must not decrease with the level");
  bad = c;
  bad.reservoirs[0].units[0].status = "bogus-status";
  refused(bad, HydroOptions(), "status 'bogus-status' is none of");
  bad = c;
  bad.reservoirs[0].release_priority = 0;
  refused(bad, HydroOptions(), "release priority must be >= 1");
  bad = c;
  bool with_withdrawal = false;
  for (HydroReservoir& br : bad.reservoirs)
    if (!br.withdrawals.empty()) {
      br.withdrawals[0].priority = -7;
      with_withdrawal = true;
      break;
    }
  ASSERT_TRUE(with_withdrawal);
  refused(bad, HydroOptions(), "priority -7 must be >= 1");
  // The cascade is one chain: an empty link above the bottom is refused as in the reader.
  bad = c;
  bad.reservoirs[1].downstream.clear();
  refused(bad, HydroOptions(), "downstream is empty, but reservoir 'giz_galasi' follows");
  // Withdrawal ids as the reader checks them: given and used once.
  bad = c;
  ASSERT_EQ(bad.reservoirs[2].withdrawals.size(), 2u);
  bad.reservoirs[2].withdrawals[1].id = bad.reservoirs[2].withdrawals[0].id;
  refused(bad, HydroOptions(), "withdrawal id 'giz_galasi_az_canal' is used twice");
  bad.reservoirs[2].withdrawals[1].id.clear();
  refused(bad, HydroOptions(), "a withdrawal has an empty id");
  // The tailwater bed against the full level (215 m at Giz Galasi), not the table's top.
  bad = c;
  bad.reservoirs[2].tailwater_bed_m = 216.5;
  refused(bad, HydroOptions(), "tailwater bed 216.5 m is not below the full level 215 m");
  HydroInflow inflow;
  inflow.kind = HydroInflow::Kind::kMonthly;
  inflow.file = "in code";
  inflow.reservoir_ids = {c.reservoirs[0].id};
  inflow.values = {std::vector<double>(12, 100.0)};
  HydroOptions with_inflow;
  with_inflow.inflow = &inflow;
  EXPECT_TRUE(SimulateHydro(c, with_inflow, &sum).ok());
  // Year types are named against the case also when an inflow file replaces them.
  with_inflow.year_types = {"wte"};
  Status unknown = SimulateHydro(c, with_inflow, &sum);
  EXPECT_EQ(unknown.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(unknown.message().find("year type 'wte' is not in the case"), std::string::npos)
      << unknown.ToString();
  with_inflow.year_types = {"wet"};
  EXPECT_TRUE(SimulateHydro(c, with_inflow, &sum).ok());
  with_inflow.year_types.clear();
  inflow.values[0][4] = std::nan("");
  refused(c, with_inflow, "hydro inflow in code: column '");
  refused(c, with_inflow, "value 5 is nan m3/s: inflows must be finite and >= 0");
  inflow.values[0][4] = -500.0;
  refused(c, with_inflow, "value 5 is -500 m3/s");
  // A kind cast from a number ran as neither monthly nor daily (an API audit's probe).
  inflow.values[0][4] = 100.0;
  inflow.kind = static_cast<HydroInflow::Kind>(5);
  refused(c, with_inflow, "hydro inflow in code: kind 5 is neither monthly nor daily");
  EXPECT_TRUE(SimulateHydro(c, HydroOptions(), &sum).ok());
}

// A case built in code is checked as the reader checks a file, NaN-safe (a review's probes:
// a NaN dead volume, a negative rating coefficient, a bed above the table, a reservoir id
// used twice and more ran to "OK").
TEST(HydroSim, CaseBuiltInCodeIsCheckedAsAFileIs) {
  const HydroCase good = PrismaticCase(100.0, 30e6, 200.0);
  HydroSummary sum;
  ASSERT_TRUE(SimulateHydro(good, HydroOptions(), &sum).ok());
  auto two = [](HydroCase c, const std::string& id2) {
    HydroReservoir lower = c.reservoirs[0];
    lower.id = id2;
    lower.units[0].id = "u2";
    c.reservoirs[0].downstream = id2;
    c.reservoirs.push_back(lower);
    return c;
  };
  HydroWithdrawal canal;
  canal.id = "canal";
  canal.country = "AZ";
  canal.annual_volume_m3 = 1e6;
  canal.monthly_share.assign(12, 1.0 / 12);
  struct Probe {
    const char* what;
    std::function<void(HydroCase&)> edit;
    const char* why;
  };
  const std::vector<Probe> probes = {
      {"NaN dead volume", [](HydroCase& c) { c.reservoirs[0].dead_volume_m3 = std::nan(""); },
       "must be finite"},
      {"dead above full", [](HydroCase& c) { c.reservoirs[0].dead_volume_m3 = 550e6; },
       "0 <= dead < full"},
      {"rating a < 0", [](HydroCase& c) { c.reservoirs[0].tailwater_a = -0.1; },
       "rating coefficient a must be >= 0"},
      {"rating b = 0", [](HydroCase& c) { c.reservoirs[0].tailwater_b = 0.0; },
       "rating exponent b must lie in (0, 2]"},
      {"rating b > 2", [](HydroCase& c) { c.reservoirs[0].tailwater_b = 2.5; },
       "rating exponent b must lie in (0, 2]"},
      {"bed above the table", [](HydroCase& c) { c.reservoirs[0].tailwater_bed_m = 161.0; },
       "tailwater bed 161 m is not below the full level 150 m"},
      {"reservoir id twice", [&](HydroCase& c) { c = two(c, "r1"); },
       "the reservoir id is used twice"},
      {"unit id twice",
       [&](HydroCase& c) {
         c = two(c, "r2");
         c.reservoirs[1].units[0].id = "u1";
       },
       "unit id 'u1' is used twice"},
      {"empty reservoir id", [](HydroCase& c) { c.reservoirs[0].id.clear(); },
       "the id must be letters, digits"},
      {"country with a comma", [](HydroCase& c) { c.reservoirs[0].units[0].country = "A,Z"; },
       "country \"A,Z\" must be letters"},
      {"year type naming a path", [](HydroCase& c) { c.year_types[0].name = "../x"; },
       "year type \"../x\" must be letters"},
      {"no year type", [](HydroCase& c) { c.year_types.clear(); },
       "at least one year type"},
      {"year type factor 0", [](HydroCase& c) { c.year_types[0].factor = 0.0; },
       "factor 0 must be finite and > 0"},
      {"inflow factors of mean 2", [](HydroCase& c) { c.monthly_inflow_factor.assign(12, 2.0); },
       "must be 1 (+-0.01), got 2.0000"},
      // The inflow files' bound, 1e6 m3/s, on the pattern too (1.7e8 m3/s ran, exit 0).
      {"year type of 1e6", [](HydroCase& c) { c.year_types[0].factor = 1e6; },
       "local inflow 1e+08 m3/s (mean x largest monthly factor x largest year-type factor) "
       "exceeds 1e+06 m3/s"},
      {"mean local inflow 2e6", [](HydroCase& c) { c.reservoirs[0].local_inflow_mean_m3s = 2e6; },
       "local inflow 2e+06 m3/s"},
      // Ranges: a density of 1e-300 gave no energy at all.
      {"water density 1e-300", [](HydroCase& c) { c.water_density_kg_m3 = 1e-300; },
       "water density 1e-300 must be 950 to 1100 kg/m3"},
      {"gravity 1", [](HydroCase& c) { c.gravity_m_s2 = 1.0; },
       "gravity 1 must be 9.7 to 9.9 m/s2"},
      {"negative table volume", [](HydroCase& c) { c.reservoirs[0].curve_volume_m3[0] = -1.0; },
       "the table's volumes must be >= 0"},
      {"full volume beyond the table", [](HydroCase& c) { c.reservoirs[0].full_volume_m3 = 700e6; },
       "the full volume must lie inside the level-volume table"},
      // (5 mcm under a table from 20 mcm ran at the table's first level, unsaid.)
      {"dead volume below the table",
       [](HydroCase& c) { c.reservoirs[0].curve_volume_m3[0] = 60e6; },
       "the dead and initial volumes must not lie below the level-volume table"},
      {"target below the table", [](HydroCase& c) { c.reservoirs[0].target_level_m[5] = 90.0; },
       "target level 90 m is outside the table's 100..160 m"},
      {"evaporation 60 mm/d",
       [](HydroCase& c) { c.reservoirs[0].net_evaporation_m_per_s[6] = 60e-3 / 86400.0; },
       "net evaporation must lie within -50..50 mm/d"},
      {"negative spillway", [](HydroCase& c) { c.reservoirs[0].spillway_capacity_m3s = -1.0; },
       "spillway capacity must be >= 0"},
      {"negative published energy",
       [](HydroCase& c) { c.reservoirs[0].published_energy_J = -1.0; },
       "published energy must be >= 0"},
      {"negative minimum head", [](HydroCase& c) { c.reservoirs[0].units[0].min_head_m = -1.0; },
       "a minimum head >= 0"},
      {"shares summing to 1/2",
       [&](HydroCase& c) {
         c.reservoirs[0].withdrawals = {canal};
         c.reservoirs[0].withdrawals[0].monthly_share.assign(12, 0.5 / 12);
       },
       "monthly shares must sum to 1, got 0.500000"},
      {"NaN share",
       [&](HydroCase& c) {
         c.reservoirs[0].withdrawals = {canal};
         c.reservoirs[0].withdrawals[0].monthly_share[3] = std::nan("");
       },
       "12 finite monthly shares >= 0"},
      {"published share of a plant not in the case",
       [](HydroCase& c) { c.published_shares = {{"AZ", {"r1", "r9"}, 1e12, "S1", ""}}; },
       "published share of 'AZ': plant 'r9' is no reservoir of the case"},
      {"published share of a country without a unit there",
       [](HydroCase& c) { c.published_shares = {{"IR", {"r1"}, 1e12, "S1", ""}}; },
       "published share of 'IR': reservoir 'r1' has no unit of 'IR'"},
      {"published share naming a plant twice",
       [](HydroCase& c) { c.published_shares = {{"AZ", {"r1", "r1"}, 1e12, "S1", ""}}; },
       "plant 'r1' is named twice"},
      {"published share of no plant",
       [](HydroCase& c) { c.published_shares = {{"AZ", {}, 1e12, "S1", ""}}; },
       "published share of 'AZ': it names no plant"},
      {"published share of NaN",
       [](HydroCase& c) { c.published_shares = {{"AZ", {"r1"}, std::nan(""), "S1", ""}}; },
       "the published energy must be finite and >= 0"},
      {"published share below any plant's",
       [](HydroCase& c) { c.published_shares = {{"AZ", {"r1"}, 1e-300, "S1", ""}}; },
       "must be 0 (none) or at least 0.001 GWh/y"},
      {"published share of a country no unit could have",
       [](HydroCase& c) { c.published_shares = {{"A,Z", {"r1"}, 1e12, "S1", ""}}; },
       "the country must be letters, digits"},
      {"published share given twice",
       [](HydroCase& c) {
         c.published_shares = {{"AZ", {"r1"}, 1e12, "S1", ""}, {"AZ", {"r1"}, 2e12, "S2", ""}};
       },
       "a second published share of that country for the same plants"},
      {"plant figure below any plant's",
       [](HydroCase& c) { c.reservoirs[0].published_energy_J = 1.0; },
       "published energy must be 0 (none) or at least 0.001 GWh/y"},
  };
  // Names that would give two daily CSV columns one name.
  HydroCase clash = two(good, "r1_target");
  HydroSummary clash_sum;
  Status clash_st = SimulateHydro(clash, HydroOptions(), &clash_sum);
  EXPECT_EQ(clash_st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(clash_st.message().find("reservoir 'r1_target' and reservoir 'r1' both give the "
                                    "daily CSV column 'r1_target_level_m'"),
            std::string::npos)
      << clash_st.ToString();
  clash = good;
  clash.reservoirs[0].units[0].country = "total";
  clash_st = SimulateHydro(clash, HydroOptions(), &clash_sum);
  EXPECT_NE(clash_st.message().find("'power_total_MW'"), std::string::npos)
      << clash_st.ToString();
  for (const Probe& p : probes) {
    HydroCase bad = good;
    p.edit(bad);
    HydroSummary out;
    const Status st = SimulateHydro(bad, HydroOptions(), &out);
    EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << p.what;
    EXPECT_NE(st.message().find(p.why), std::string::npos) << p.what << ": " << st.ToString();
  }
  // The withdrawal of the probes is itself fine.
  HydroCase with_canal = good;
  with_canal.reservoirs[0].withdrawals = {canal};
  EXPECT_TRUE(SimulateHydro(with_canal, HydroOptions(), &sum).ok());
}

// Two prismatic reservoirs in one chain, r1 above r2: a case with no problem.
HydroCase TwoReservoirCase() {
  HydroCase c = PrismaticCase(100.0, 30e6, 200.0);
  HydroReservoir lower = c.reservoirs[0];
  lower.id = "r2";
  lower.units[0].id = "u2";
  c.reservoirs[0].downstream = "r2";
  c.reservoirs.push_back(lower);
  return c;
}

Status CheckedInCode(const HydroCase& c) {
  HydroSummary out;
  return SimulateHydro(c, HydroOptions(), &out);
}

// Every problem of a case built in code is in its Status, not the first alone: a caller
// fixed one per run.
TEST(HydroSim, CaseBuiltInCodeListsEveryProblem) {
  HydroCase c = TwoReservoirCase();
  ASSERT_TRUE(CheckedInCode(c).ok()) << CheckedInCode(c).ToString();
  c.reservoirs[0].spillway_capacity_m3s = -1.0;
  c.reservoirs[0].tailwater_a = -0.1;
  c.reservoirs[1].release_priority = 0;
  const Status st = CheckedInCode(c);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(st.message(),
            "hydro case has 3 problems: reservoir 'r1': spillway capacity must be >= 0 m3/s (0 = "
            "not limited); reservoir 'r1': rating coefficient a must be >= 0; reservoir 'r2': "
            "the release priority must be >= 1 (and at most 1000000)");
}

// One problem reads as it did when the first was the Status (callers match the message).
TEST(HydroSim, CaseBuiltInCodeWithOneProblemReadsAlone) {
  HydroCase c = TwoReservoirCase();
  c.reservoirs[1].tailwater_a = -0.1;
  Status st = CheckedInCode(c);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(st.message(), "reservoir 'r2': rating coefficient a must be >= 0");
  c = TwoReservoirCase();
  c.monthly_inflow_factor.assign(12, 2.0);
  st = CheckedInCode(c);
  EXPECT_EQ(st.message(),
            "hydro case: the day-weighted mean of the monthly inflow factors must be 1 (+-0.01), "
            "got 2.0000");
}

// A check whose input an earlier one found unusable is skipped: the full level is not
// looked up in a table holding a NaN (nor the target levels held against it), a table of
// unequal columns is not indexed, eleven inflow factors are not averaged as twelve; the
// problems that do not depend on them are still said.
TEST(HydroSim, CaseBuiltInCodeSkipsChecksOnUnusableInput) {
  HydroCase c = TwoReservoirCase();
  c.reservoirs[0].curve_volume_m3[1] = std::nan("");
  c.reservoirs[0].tailwater_bed_m = 161.0;       // above the full level, were the table usable
  c.reservoirs[0].target_level_m[5] = 90.0;      // below the table, were it usable
  c.reservoirs[0].spillway_capacity_m3s = -1.0;  // wrong whatever the table
  Status st = CheckedInCode(c);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(st.message(),
            "hydro case has 2 problems: reservoir 'r1': every number of the table, the monthly "
            "rules, the volumes and the tailwater rating must be finite; reservoir 'r1': "
            "spillway capacity must be >= 0 m3/s (0 = not limited)");

  // A NaN is said once, as not finite, not again as out of range.
  c = TwoReservoirCase();
  c.reservoirs[1].dead_volume_m3 = std::nan("");
  c.reservoirs[1].environmental_flow_m3s[2] = std::nan("");
  st = CheckedInCode(c);
  EXPECT_EQ(st.message(),
            "reservoir 'r2': every number of the table, the monthly rules, the volumes and the "
            "tailwater rating must be finite");

  c = TwoReservoirCase();
  c.monthly_inflow_factor.resize(11);
  c.reservoirs[0].curve_area_m2.pop_back();
  c.reservoirs[0].full_volume_m3 = 700e6;  // beyond the table, were it whole
  c.reservoirs[0].target_level_m[5] = 90.0;
  c.reservoirs[1].units[0].efficiency = 5.0;
  st = CheckedInCode(c);
  EXPECT_EQ(st.message(),
            "hydro case has 3 problems: hydro case: monthly inflow factors need 12 values; "
            "reservoir 'r1': level-volume-area table needs >= 2 points of equal length; "
            "reservoir 'r2': unit 'u2' needs finite positive power and flow, an efficiency in "
            "(0, 1] and a minimum head >= 0");

  // Shares that are not twelve finite ones are not summed as well.
  HydroWithdrawal canal;
  canal.id = "canal";
  canal.country = "AZ";
  canal.annual_volume_m3 = 1e6;
  canal.monthly_share.assign(11, 0.5);
  c = TwoReservoirCase();
  c.reservoirs[1].withdrawals = {canal};
  st = CheckedInCode(c);
  EXPECT_EQ(st.message(),
            "reservoir 'r2': withdrawal 'canal' needs 12 finite monthly shares >= 0 and a "
            "finite volume >= 0");
}

// A generated case broken everywhere gives a bounded message: the first 20 problems and a
// count of the rest.
TEST(HydroSim, CaseBuiltInCodeListsAtMostTwentyProblems) {
  HydroCase c = TwoReservoirCase();
  HydroUnit u = c.reservoirs[0].units[0];
  u.efficiency = 5.0;
  c.reservoirs[0].units.clear();
  for (int k = 1; k <= 1000; ++k) {
    u.id = "bad" + std::to_string(k);
    c.reservoirs[0].units.push_back(u);
  }
  const Status st = CheckedInCode(c);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  const std::string& m = st.message();
  EXPECT_EQ(m.rfind("hydro case has 1000 problems: reservoir 'r1': unit 'bad1' needs", 0), 0u)
      << m.substr(0, 200);
  std::size_t listed = 0;
  for (std::size_t at = m.find("needs finite positive power"); at != std::string::npos;
       at = m.find("needs finite positive power", at + 1))
    ++listed;
  EXPECT_EQ(listed, 20u);
  EXPECT_NE(m.find("unit 'bad20' needs"), std::string::npos);
  EXPECT_EQ(m.find("unit 'bad21' needs"), std::string::npos);
  const std::string tail = "; ... and 980 more (only the first 20 are listed)";
  ASSERT_GE(m.size(), tail.size());
  EXPECT_EQ(m.substr(m.size() - tail.size()), tail);
  EXPECT_LT(m.size(), 4000u);
}

// A unit that needs more head than its dam can give is named in the notes (the reader
// warns of it; a case built in code has only the report).
TEST(HydroSim, UnitThatCanNeverRunIsNoted) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"average"};
  auto noted = [](const HydroSummary& sum) {
    for (const auto& n : sum.notes)
      if (n.find("unit 'giz_galasi_az' never runs") != std::string::npos) return true;
    return false;
  };
  EXPECT_FALSE(noted(Simulate(c, opt)));
  c.reservoirs[2].units[0].min_head_m = 30.0;  // above 0.98 x (215 - 187 m) = 27.44 m
  HydroSummary sum = Simulate(c, opt);
  EXPECT_TRUE(noted(sum));
  ASSERT_EQ(sum.runs.size(), 1u);  // a note, not a refusal
  for (double p : sum.runs[0].reservoirs[2].unit_power_W[0]) EXPECT_EQ(p, 0.0);
}

// Steady state of a full reservoir whose turbine is power-limited.
//   H = 150 m - 100 m = 50 m; eta rho g H = 0.9 * 1000 * 9.81 * 50 = 441,450 W per m3/s.
//   Flow limit from the 30 MW rating: 30e6 / 441,450 = 67.958 m3/s (< 200 m3/s unit limit).
//   Inflow 100 m3/s -> turbine 67.958, spill 32.042 m3/s, power 30 MW,
//   energy 30 MW * 8760 h = 262.8 GWh/y.
TEST(HydroSim, HandCheckedPowerLimitedSteadyState) {
  HydroCase c = PrismaticCase(100.0, 30e6, 200.0);
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.warmup_years = 0;
  HydroSummary sum = Simulate(c, opt);
  const auto& s = sum.runs[0].reservoirs[0];
  double worst = 0;
  for (int d = 0; d < 365; ++d) {
    worst = std::max(worst, std::abs(PlantPower(s, d) - 30e6) / 30e6);
    EXPECT_NEAR(s.turbine_m3s[d], 30e6 / 441450.0, 1e-9);
    EXPECT_NEAR(s.spill_m3s[d], 100.0 - 30e6 / 441450.0, 1e-9);
    EXPECT_NEAR(s.level_m[d], 150.0, 1e-9);
  }
  std::printf("power-limited steady state: worst relative power deviation %.3g\n", worst);
  EXPECT_LT(worst, 1e-12);
  EXPECT_NEAR(sum.runs[0].plants[0].mean_annual_energy_J / 3.6e12, 262.8, 1e-9);
}

// Flow-limited: unit limit 80 m3/s, rating 100 MW not reached.
//   P = 441,450 W/(m3/s) * 80 m3/s = 35.316 MW; spill 20 m3/s;
//   energy 35.316 MW * 8760 h = 309.368 GWh/y.
TEST(HydroSim, HandCheckedFlowLimitedSteadyState) {
  HydroCase c = PrismaticCase(100.0, 100e6, 80.0);
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.warmup_years = 0;
  HydroSummary sum = Simulate(c, opt);
  const auto& s = sum.runs[0].reservoirs[0];
  for (int d = 0; d < 365; ++d) {
    EXPECT_NEAR(PlantPower(s, d), 35.316e6, 1e-3);
    EXPECT_NEAR(s.spill_m3s[d], 20.0, 1e-9);
  }
  EXPECT_NEAR(sum.runs[0].plants[0].mean_annual_energy_J / 3.6e12, 309.36816, 1e-6);
}

// Starting half full (250 mcm, level 125 m) below its 150 m target with no required
// release, the reservoir stores everything: 250 mcm / (100 m3/s * 86400 s) = 28.94 days,
// so it is full during day 29 and from day 30 on passes the whole inflow through the
// unit (limit 150 m3/s): P = 441,450 * 100 = 44.145 MW with no spill.
TEST(HydroSim, HandCheckedFillThenSteadyGeneration) {
  HydroCase c = PrismaticCase(100.0, 100e6, 150.0, 250e6);
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.warmup_years = 0;
  HydroSummary sum = Simulate(c, opt);
  const auto& s = sum.runs[0].reservoirs[0];
  for (int d = 0; d < 28; ++d) {
    EXPECT_EQ(PlantPower(s, d), 0.0) << "day " << d + 1;
    EXPECT_NEAR(s.storage_m3[d], 250e6 + (d + 1) * 100.0 * kDay, 1.0);
  }
  // Day 29 reaches the target; the surplus above it goes through the unit.
  EXPECT_NEAR(s.storage_m3[28], 500e6, 1.0);
  EXPECT_NEAR(s.turbine_m3s[28], (250e6 + 29 * 100.0 * kDay - 500e6) / kDay, 1e-6);
  for (int d = 29; d < 365; ++d) {
    EXPECT_NEAR(PlantPower(s, d), 44.145e6, 1e-3) << "day " << d + 1;
    EXPECT_EQ(s.spill_m3s[d], 0.0);
  }
}

// The water balance of every reservoir closes every day, recomputed from the recorded
// series (as a reader of the daily CSV would), and the water passed down arrives.
TEST(HydroSim, ArazWaterBalanceClosesEveryDay) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.years = 2;
  HydroSummary sum = Simulate(c, opt);
  ASSERT_EQ(sum.runs.size(), 3u);
  double worst = 0, worst_link = 0;
  std::string where;
  for (const auto& run : sum.runs) {
    for (std::size_t i = 0; i < run.reservoirs.size(); ++i) {
      const auto& s = run.reservoirs[i];
      double S = s.initial_storage_m3;
      for (int d = 0; d < run.days; ++d) {
        double w = 0;
        for (const auto& k : s.withdrawal_m3s) w += k[d];
        double terms = (s.inflow_m3s[d] - s.evaporation_m3s[d] - w - s.turbine_m3s[d] -
                        s.bypass_m3s[d] - s.spill_m3s[d]) *
                       kDay;
        double scale = std::max({S, s.storage_m3[d], s.inflow_m3s[d] * kDay});
        double rel = std::abs(s.storage_m3[d] - S - terms) / scale;
        if (rel > worst) {
          worst = rel;
          where = run.label + "/" + s.id + " day " + std::to_string(d + 1);
        }
        S = s.storage_m3[d];
        if (i + 1 < run.reservoirs.size()) {
          const auto& b = run.reservoirs[i + 1];
          double passed = s.turbine_m3s[d] + s.bypass_m3s[d] + s.spill_m3s[d];
          worst_link =
              std::max(worst_link, std::abs(b.inflow_m3s[d] - b.local_inflow_m3s[d] - passed) /
                                       std::max(1.0, passed));
        }
      }
    }
    EXPECT_LE(run.max_balance_residual_rel, 1e-14) << run.label;
  }
  std::printf("worst daily balance residual %.3g (%s); worst link residual %.3g\n", worst,
              where.c_str(), worst_link);
  // Round-off: measured 1.1e-16 and 3.2e-16 (the bounds were 1e-9 and 1e-12: an audit).
  EXPECT_LE(worst, 1e-14);
  EXPECT_LE(worst_link, 1e-14);
}

// The release a reservoir owes the one below counts rain on that one as water it has
// (docs/hydro.md 3.2: its net evaporation with the sign). With -3 mm/d everywhere, on days
// where Khudafarin is below its target (it releases what is owed, no more) and Giz Galasi
// not above its own, Khudafarin releases Giz Galasi's environmental flow and canal demand
// plus its (negative) evaporation less its local inflow. The clipped rule released up to
// 0.25 m3/s more (27.634 against 27.389 m3/s on 1 March).
TEST(HydroSim, RainOnTheReservoirBelowLowersTheReleaseOwed) {
  HydroCase c = ArazCase();
  for (HydroReservoir& r : c.reservoirs)
    r.net_evaporation_m_per_s.assign(12, -3.0 * 1e-3 / 86400.0);
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.warmup_years = 0;
  const HydroSummary sum = Simulate(c, opt);
  ASSERT_EQ(sum.runs.size(), 1u);
  const auto& kh = sum.runs[0].reservoirs[1];
  const auto& gg = sum.runs[0].reservoirs[2];
  const HydroReservoir& rk = c.reservoirs[1];
  const HydroReservoir& rg = c.reservoirs[2];
  ASSERT_EQ(kh.id, "khudafarin");
  ASSERT_EQ(gg.id, "giz_galasi");
  constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = 0;
  double worst = 0.0, rain = 0.0;
  for (int d = 1; d < sum.runs[0].days; ++d) {
    int month = 0;
    for (int left = d % 365; left >= kMonthDays[month]; ++month) left -= kMonthDays[month];
    if (kh.storage_m3[d] >= HydroVolumeFromLevel(rk, kh.target_level_m[d]) * (1 - 1e-9) ||
        kh.spill_m3s[d] > 0.0)
      continue;  // Khudafarin releases more than it owes
    if (gg.storage_m3[d - 1] > HydroVolumeFromLevel(rg, gg.target_level_m[d - 1]))
      continue;  // Giz Galasi's water above its target lowers what it is owed
    double canal = 0.0;
    for (const auto& w : gg.withdrawal_demand_m3s) canal += w[d];
    const double owed = std::max(rk.environmental_flow_m3s[month],
                                 rg.environmental_flow_m3s[month] + gg.evaporation_m3s[d] -
                                     gg.local_inflow_m3s[d] + canal);
    worst = std::max(worst, std::abs(kh.turbine_m3s[d] + kh.bypass_m3s[d] - owed));
    rain = std::min(rain, gg.evaporation_m3s[d]);
    ++days;
  }
  std::printf("%d days; worst |release - owed| %.3g m3/s; rain on Giz Galasi up to %.4f m3/s\n",
              days, worst, -rain);
  EXPECT_GT(days, 30);
  EXPECT_LT(rain, -0.1);
  EXPECT_LE(worst, 1e-9);
}

// Storage never negative, never below zero level, never above full; spill only when full.
// The "flood" year (inflow x 3) makes every reservoir spill, so the spill rule is tested.
TEST(HydroSim, StorageBoundsAndSpillOnlyWhenFull) {
  HydroCase c = ArazCase();
  c.year_types.push_back({"flood", 3.0});
  HydroOptions opt;
  opt.year_types = {"dry", "average", "wet", "flood"};
  HydroSummary sum = Simulate(c, opt);
  int spill_days = 0;
  double worst_gap = 0;
  for (const auto& run : sum.runs) {
    for (std::size_t i = 0; i < run.reservoirs.size(); ++i) {
      const auto& s = run.reservoirs[i];
      const auto& r = c.reservoirs[i];
      for (int d = 0; d < run.days; ++d) {
        ASSERT_GE(s.storage_m3[d], 0.0) << run.label << " " << s.id << " day " << d + 1;
        ASSERT_LE(s.storage_m3[d], r.full_volume_m3 * (1 + 1e-12));
        ASSERT_GE(s.evaporation_m3s[d], 0.0);
        // Bypassed water is a required release the units cannot take, never round-off
        // (2.8e-14 m3/s on days the units ran full).
        EXPECT_TRUE(s.bypass_m3s[d] == 0.0 || s.bypass_m3s[d] > 1e-9)
            << run.label << " " << s.id << " day " << d + 1 << ": " << s.bypass_m3s[d];
        if (s.spill_m3s[d] > 0.0) {
          ++spill_days;
          worst_gap =
              std::max(worst_gap, std::abs(s.storage_m3[d] - r.full_volume_m3) / r.full_volume_m3);
        }
      }
    }
  }
  std::printf("spill days %d; worst |storage - full| / full on spill days %.3g\n", spill_days,
              worst_gap);
  EXPECT_GT(spill_days, 0) << "the flood year must spill, or the rule is untested";
  EXPECT_LE(worst_gap, 1e-12);
}

// Allocation by priority from a reservoir sitting at its dead storage with 10 m3/s inflow:
// priority 1 wants 6 and gets 6; two priority-2 demands of 6 and 10 share the remaining
// 4 pro rata: 1.5 and 2.5 m3/s.
TEST(HydroSim, WithdrawalPrioritiesAndProRata) {
  HydroCase c = PrismaticCase(10.0, 30e6, 200.0, 50e6);
  HydroReservoir& r = c.reservoirs[0];
  auto withdrawal = [](const char* id, const char* country, int prio, double m3s) {
    HydroWithdrawal w;
    w.id = id;
    w.country = country;
    w.priority = prio;
    w.annual_volume_m3 = m3s * 365 * kDay;
    int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 0; m < 12; ++m) w.monthly_share.push_back(days[m] / 365.0);
    return w;
  };
  r.withdrawals = {withdrawal("first", "IR", 1, 6.0), withdrawal("a", "AZ", 2, 6.0),
                   withdrawal("b", "IR", 2, 10.0)};
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.warmup_years = 0;
  HydroSummary sum = Simulate(c, opt);
  const auto& s = sum.runs[0].reservoirs[0];
  for (int d = 0; d < 365; ++d) {
    EXPECT_NEAR(s.withdrawal_m3s[0][d], 6.0, 1e-9);
    EXPECT_NEAR(s.withdrawal_m3s[1][d], 1.5, 1e-9);
    EXPECT_NEAR(s.withdrawal_m3s[2][d], 2.5, 1e-9);
    EXPECT_NEAR(s.storage_m3[d], 50e6, 1e-3);
  }
  EXPECT_EQ(sum.runs[0].shortage_days, 365);
  // Per country: AZ gets 1.5, IR 6 + 2.5 m3/s over the year.
  ASSERT_EQ(sum.runs[0].water.size(), 2u);
  EXPECT_EQ(sum.runs[0].water[0].country, "AZ");
  EXPECT_NEAR(sum.runs[0].water[0].withdrawal_delivered_m3, 1.5 * 365 * kDay, 1.0);
  EXPECT_NEAR(sum.runs[0].water[1].withdrawal_delivered_m3, 8.5 * 365 * kDay, 1.0);
}

// Khudafarin's tailwater is the Giz Galasi pool where that is above the river stage.
TEST(HydroSim, UpperTailwaterFollowsLowerPool) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"average"};
  HydroSummary sum = Simulate(c, opt);
  const auto& khud = sum.runs[0].reservoirs[1];
  const auto& giz = sum.runs[0].reservoirs[2];
  int pooled = 0;
  for (int d = 1; d < sum.runs[0].days; ++d) {
    double pool = giz.level_m[d - 1];  // start of day d
    EXPECT_GE(khud.tailwater_m[d], pool - 1e-9);
    if (std::abs(khud.tailwater_m[d] - pool) < 1e-9) ++pooled;
  }
  std::printf("Khudafarin tailwater set by the Giz Galasi pool on %d of %d days\n", pooled,
              sum.runs[0].days - 1);
  EXPECT_GT(pooled, 300);  // with the derived profile the pools touch (docs/hydro.md)
}

// The figures docs/hydro.md section 3 (rule 1) gives for the average year: Khudafarin
// peaks at 256.18 m on 25 May, 3.8 m below its June target, and stays there until
// September; the summer canal water comes from the Aras dam (1,314 -> 974 mcm, end of June
// to end of August). If the model changes, the text must change with it.
TEST(HydroSim, DocumentedAverageYearLevels) {
  HydroOptions opt;
  opt.year_types = {"average"};
  HydroSummary sum = Simulate(ArazCase(), opt);
  ASSERT_EQ(sum.runs.size(), 1u);
  const auto& aras = sum.runs[0].reservoirs[0];
  const auto& khud = sum.runs[0].reservoirs[1];
  const auto peak = std::max_element(khud.level_m.begin(), khud.level_m.end());
  EXPECT_NEAR(*peak, 256.18, 0.005);
  EXPECT_EQ(peak - khud.level_m.begin(), 144);  // day 145, 25 May
  EXPECT_NEAR(khud.storage_m3[144] / 1612e6, 0.79, 0.005);
  EXPECT_NEAR(khud.target_level_m[180] - khud.level_m[180], 3.8, 0.05);  // 30 June
  for (int d = 144; d < 243; ++d) EXPECT_NEAR(khud.level_m[d], *peak, 1e-6) << "day " << d + 1;
  EXPECT_NEAR(aras.level_m[180], 777.82, 0.005);
  EXPECT_NEAR(aras.storage_m3[180] / 1e6, 1314, 0.5);
  EXPECT_NEAR(aras.level_m[242], 775.18, 0.005);  // 31 August
  EXPECT_NEAR(aras.storage_m3[242] / 1e6, 974, 0.5);
}

// Two touching reservoirs, both full, 100 m3/s through both. The upper dam's river bed is
// at 100 m but the lower pool stands at 120 m, so the upper tailwater is 120 m:
//   upper: H = 150 - 120 = 30 m, P = 0.9 * 1000 * 9.81 * 30 * 100 = 26.487 MW;
//   lower: level 120 m over its own bed 90 m, H = 30 m, the same 26.487 MW.
TEST(HydroSim, HandCheckedTouchingPair) {
  HydroCase c = PrismaticCase(100.0, 100e6, 150.0);
  HydroReservoir lower = c.reservoirs[0];
  lower.id = "r2";
  lower.curve_level_m = {90.0, 130.0};
  lower.curve_volume_m3 = {0.0, 400e6};  // 10 km^2: level = 90 m + V / 1e7
  lower.full_volume_m3 = 300e6;          // 120 m
  lower.dead_volume_m3 = 10e6;
  lower.initial_volume_m3 = 300e6;
  lower.target_level_m.assign(12, 120.0);
  lower.local_inflow_mean_m3s = 0.0;
  lower.tailwater_bed_m = 90.0;
  lower.units[0].id = "u2";
  lower.units[0].country = "IR";
  c.reservoirs[0].downstream = "r2";
  c.reservoirs.push_back(lower);
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.warmup_years = 0;
  HydroSummary sum = Simulate(c, opt);
  const auto& up = sum.runs[0].reservoirs[0];
  const auto& low = sum.runs[0].reservoirs[1];
  for (int d = 0; d < 365; ++d) {
    EXPECT_NEAR(up.tailwater_m[d], 120.0, 1e-9);
    EXPECT_NEAR(PlantPower(up, d), 26.487e6, 1e-3);
    EXPECT_NEAR(PlantPower(low, d), 26.487e6, 1e-3);
  }
  EXPECT_NEAR(sum.runs[0].countries[0].mean_annual_energy_J / 3.6e12, 26.487 * 8.76, 1e-6);
}

// Energy bookkeeping: countries add up to plants; symmetric plants split 50/50; the firm
// power is exceeded on at least 95% of days and is the largest such value.
TEST(HydroSim, CountrySplitAndFirmEnergy) {
  HydroCase c = ArazCase();
  HydroSummary sum = Simulate(c);
  for (const auto& run : sum.runs) {
    double plants = 0, countries = 0;
    for (const auto& p : run.plants) plants += p.mean_annual_energy_J;
    for (const auto& k : run.countries) countries += k.mean_annual_energy_J;
    EXPECT_NEAR(countries, plants, 1e-9 * plants);
    ASSERT_EQ(run.countries.size(), 2u);
    EXPECT_NEAR(run.countries[0].mean_annual_energy_J, run.countries[1].mean_annual_energy_J,
                1e-9 * plants);
    for (std::size_t i = 0; i < run.reservoirs.size(); ++i) {
      double firm = run.plants[i].firm_power_W;
      int at_least = 0, above = 0;
      for (int d = 0; d < run.days; ++d) {
        double p = PlantPower(run.reservoirs[i], d);
        at_least += p >= firm;
        above += p > firm;
      }
      EXPECT_GE(at_least, std::ceil(0.95 * run.days)) << run.label << " " << run.plants[i].name;
      EXPECT_LT(above, std::ceil(0.95 * run.days)) << run.label << " " << run.plants[i].name;
    }
  }
}

// A published share is the sum of its country's units at its plants, taken from the daily
// series here (the AZ ministry's 358 GWh/y against Khudafarin's and Giz Galasi's AZ units);
// with --existing-units, which leaves all of them out, the report compares nothing.
TEST(HydroSim, PublishedShareSumsItsCountrysUnits) {
  HydroCase c = ArazCase();
  ASSERT_EQ(c.published_shares.size(), 1u);
  HydroSummary sum = Simulate(c);
  ASSERT_EQ(sum.published_shares.size(), 1u);
  EXPECT_EQ(sum.share_units_all_W, std::vector<double>{140e6});
  EXPECT_EQ(sum.share_units_left_out_W, std::vector<double>{0.0});
  for (const auto& run : sum.runs) {
    ASSERT_EQ(run.shares.size(), 1u);
    EXPECT_EQ(run.shares[0].name, "AZ at khudafarin and giz_galasi");
    EXPECT_EQ(run.shares[0].capacity_W, 140e6);
    double joules = 0.0;
    int units = 0;
    for (std::size_t i = 0; i < c.reservoirs.size(); ++i) {
      if (c.reservoirs[i].id == "aras") continue;
      for (std::size_t u = 0; u < c.reservoirs[i].units.size(); ++u) {
        if (c.reservoirs[i].units[u].country != "AZ") continue;
        ++units;
        for (int d = 0; d < run.days; ++d)
          joules += run.reservoirs[i].unit_power_W[u][d] * 86400.0;
      }
    }
    EXPECT_EQ(units, 2);
    const double mean = joules / run.years;
    EXPECT_GT(mean, 0.0);
    EXPECT_NEAR(run.shares[0].mean_annual_energy_J, mean, 1e-9 * mean) << run.label;
    // Less than the country's whole (its Aras units are not in the share).
    EXPECT_LT(run.shares[0].mean_annual_energy_J, run.countries[0].mean_annual_energy_J);
  }
  const std::string report = sum.BriefReport();
  EXPECT_NE(report.find("Published     : AZ at khudafarin and giz_galasi 358 GWh/y (S95; 368 "
                        "GWh/y in S99); model average "),
            std::string::npos)
      << report;
  HydroOptions existing;
  existing.existing_units_only = true;
  const HydroSummary now = Simulate(c, existing);
  EXPECT_EQ(now.share_units_left_out_W, std::vector<double>{140e6});
  EXPECT_EQ(now.runs[0].shares[0].mean_annual_energy_J, 0.0);
  EXPECT_NE(now.BriefReport().find("358 GWh/y (S95; 368 GWh/y in S99); not compared: "
                                   "--existing-units leaves out all 140 MW the figure is for\n"),
            std::string::npos)
      << now.BriefReport();
}

// A run that ends with another storage than it began with says so beside the energies:
// the dry year after average ones draws the Aras dam down by about 294 mcm, water its
// energy includes. Runs whose storage comes back are not listed.
TEST(HydroSim, TheReportSaysStorageDrawnOrKept) {
  const HydroSummary sum = Simulate(ArazCase());
  const std::string report = sum.BriefReport();
  int listed = 0;
  for (const HydroRun& run : sum.runs) {
    const std::size_t at = report.find(" " + run.label + ": ");
    bool any = false;
    for (std::size_t i = 0; i < run.reservoirs.size(); ++i) {
      const double from = run.reservoirs[i].initial_storage_m3 / 1e6;
      const double to = run.reservoirs[i].storage_m3.back() / 1e6;
      if (std::abs(to - from) < 1.0) continue;
      any = true;
      // The figures to 0.1 mcm, and the change as printed within 0.1 of the true one.
      const std::string part =
          fmt::format("{} {:.1f} -> {:.1f} mcm (", run.reservoirs[i].id, from, to);
      const std::size_t p = report.find(part, at);
      ASSERT_NE(p, std::string::npos) << part << "\n" << report;
      double change = 0.0;
      ASSERT_EQ(std::sscanf(report.c_str() + p + part.size(), "%lf", &change), 1);
      EXPECT_NEAR(change, to - from, 0.1) << part;
    }
    if (!any) EXPECT_EQ(at, std::string::npos) << report;
    listed += any;
  }
  EXPECT_GE(listed, 1);  // the dry year
  EXPECT_NE(report.find("Storage change: dry: aras 852.0 -> 557.7 mcm (-294.3)"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("(--years N runs N years of a type in a row)"), std::string::npos);
  // Not where the year types run in a row already.
  HydroOptions three;
  three.years = 3;
  three.year_types = {"dry"};
  const std::string again = Simulate(ArazCase(), three).BriefReport();
  EXPECT_NE(again.find("Storage change: dry: aras"), std::string::npos) << again;
  EXPECT_EQ(again.find("--years N"), std::string::npos) << again;
}

// Wet > average > dry, and the default run takes well under a second.
TEST(HydroSim, YearTypesOrderAndTheRunTimeIsPrinted) {
  HydroCase c = ArazCase();
  HydroSummary sum = Simulate(c);
  ASSERT_EQ(sum.runs.size(), 3u);
  auto total = [](const HydroRun& r) {
    double t = 0;
    for (const auto& p : r.plants) t += p.mean_annual_energy_J;
    return t / 3.6e12;
  };
  std::printf("total GWh/y: average %.1f dry %.1f wet %.1f; %.4f s\n", total(sum.runs[0]),
              total(sum.runs[1]), total(sum.runs[2]), sum.simulate_seconds);
  EXPECT_GT(total(sum.runs[2]), total(sum.runs[0]));
  EXPECT_GT(total(sum.runs[0]), total(sum.runs[1]));
  // The run time is printed above, not asserted (no timed tests).
}

// Without year types named, every year type of the case runs: one with only "average"
// ran "dry" by default and failed, a "flood" beside the three was never run.
TEST(HydroSim, NoYearTypeNamedRunsTheCasesOwn) {
  HydroCase c = ArazCase();
  c.year_types.push_back({"flood", 3.0});
  HydroSummary sum = Simulate(c);
  std::vector<std::string> labels;
  for (const HydroRun& r : sum.runs) labels.push_back(r.label);
  std::vector<std::string> want;
  for (const HydroYearType& y : c.year_types) want.push_back(y.name);
  EXPECT_EQ(labels, want);
  EXPECT_EQ(labels.size(), 4u);
  c.year_types.erase(std::remove_if(c.year_types.begin(), c.year_types.end(),
                                    [](const HydroYearType& y) { return y.name != "average"; }),
                     c.year_types.end());
  sum = Simulate(c);
  ASSERT_EQ(sum.runs.size(), 1u);
  EXPECT_EQ(sum.runs[0].label, "average");
}

// The first day's tailwater, without warm-up, is the river stage for the mean flow through
// the dam: its own local inflow and all above it. Giz Galasi, with no local inflow, stood on
// the bare river bed (187.00 m) on day 1. The mean is that of the inflows the run uses over
// its first year: the case's mean local inflows put it at the stage of an average year in a
// dry year, and at that of 86 m3/s (Aras) on an inflow file of zeros.
TEST(HydroSim, FirstDaysTailwaterTakesTheFlowThroughTheDam) {
  HydroCase c = ArazCase();
  const HydroReservoir& g = c.reservoirs.back();
  HydroInflow zeros;  // a monthly file of zeros, every reservoir a column
  zeros.kind = HydroInflow::Kind::kMonthly;
  zeros.file = "zeros.csv";
  for (const HydroReservoir& r : c.reservoirs) {
    zeros.reservoir_ids.push_back(r.id);
    zeros.values.push_back(std::vector<double>(12, 0.0));
  }
  for (const char* run : {"average", "dry", "zeros"}) {
    HydroOptions opt;
    opt.warmup_years = 0;
    if (std::string(run) == "zeros")
      opt.inflow = &zeros;
    else
      opt.year_types = {run};
    const HydroSummary sum = Simulate(c, opt);
    ASSERT_EQ(sum.runs.size(), 1u) << run;
    // The mean flow through Giz Galasi over the first year: every local inflow above it.
    double mean = 0.0;
    for (const auto& s : sum.runs[0].reservoirs) {
      ASSERT_GE(s.local_inflow_m3s.size(), 365u);
      for (int d = 0; d < 365; ++d) mean += s.local_inflow_m3s[d] / 365.0;
    }
    const double stage = g.tailwater_bed_m + g.tailwater_a * std::pow(mean, g.tailwater_b);
    const auto& s = sum.runs[0].reservoirs.back();
    std::printf("%s: Giz Galasi tailwater day 1 %.3f m (stage at %.1f m3/s: %.3f), day 2 %.3f m\n",
                run, s.tailwater_m[0], mean, stage, s.tailwater_m[1]);
    EXPECT_NEAR(s.tailwater_m[0], stage, 1e-9) << run;
    if (std::string(run) == "zeros")
      EXPECT_EQ(s.tailwater_m[0], g.tailwater_bed_m);
    else
      EXPECT_GT(s.tailwater_m[0], g.tailwater_bed_m + 0.5) << run;
  }
}

// A user's monthly file with the case pattern's own average-year values reproduces the
// "average" run exactly; a daily file with the same values too.
TEST(HydroSim, UserInflowReproducesPattern) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"average"};
  HydroSummary ref = Simulate(c, opt);
  HydroInflow monthly, daily;
  monthly.kind = HydroInflow::Kind::kMonthly;
  daily.kind = HydroInflow::Kind::kDaily;
  int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (const auto& r : c.reservoirs) {
    monthly.reservoir_ids.push_back(r.id);
    daily.reservoir_ids.push_back(r.id);
    std::vector<double> m, dd;
    for (int k = 0; k < 12; ++k) {
      m.push_back(r.local_inflow_mean_m3s * c.monthly_inflow_factor[k]);
      for (int j = 0; j < days[k]; ++j) dd.push_back(m.back());
    }
    monthly.values.push_back(m);
    daily.values.push_back(dd);
  }
  for (const HydroInflow* in : {&monthly, &daily}) {
    HydroOptions o;
    o.inflow = in;
    HydroSummary sum = Simulate(c, o);
    ASSERT_EQ(sum.runs.size(), 1u);
    EXPECT_EQ(sum.runs[0].label, "user");
    for (std::size_t i = 0; i < c.reservoirs.size(); ++i)
      EXPECT_DOUBLE_EQ(sum.runs[0].plants[i].mean_annual_energy_J,
                       ref.runs[0].plants[i].mean_annual_energy_J);
  }
}

// A daily inflow without reservoir columns runs as many years as it has days, as a monthly
// one without columns runs (every reservoir without local inflow); without `steps` it says
// nothing of its years and is refused for that, not for "0 days".
TEST(HydroSim, DailyInflowWithoutColumnsRunsItsYears) {
  HydroCase c = ArazCase();
  HydroInflow dry;
  dry.kind = HydroInflow::Kind::kDaily;
  dry.file = "days.csv";
  dry.steps = 730;
  HydroOptions o;
  o.inflow = &dry;
  HydroSummary sum = Simulate(c, o);
  ASSERT_EQ(sum.runs.size(), 1u);
  EXPECT_EQ(sum.runs[0].days, 730);
  // At most the 200 years HydroOptions::years allows (1e6 years took 17 GB within a
  // minute); 200 run.
  dry.steps = 365u * 1000000u;
  HydroSummary refused;
  Status s = SimulateHydro(c, o, &refused);
  EXPECT_NE(s.message().find("days.csv: a daily series spans at most 200 years (73 000 days), "
                             "got 365000000 days"),
            std::string::npos)
      << s.ToString();
  dry.steps = 365u * 200u;
  EXPECT_TRUE(SimulateHydro(c, o, &refused).ok());
  dry.steps = 0;
  s = SimulateHydro(c, o, &refused);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("without reservoir columns must say how many days"),
            std::string::npos)
      << s.ToString();
  // Columns and steps that disagree.
  HydroInflow two = dry;
  two.reservoir_ids = {"aras"};
  two.values = {std::vector<double>(365, 10.0)};
  two.steps = 730;
  o.inflow = &two;
  s = SimulateHydro(c, o, &refused);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("365 values but steps says 730"), std::string::npos)
      << s.ToString();
}

// A target level outside [dead, full] is aimed at the nearer of the two, and the series
// show the level aimed at (a review's probe: 261.5 m shown above a full level of 260 m).
TEST(HydroSim, TheTargetShownIsTheOneAimedAt) {
  HydroCase c = PrismaticCase(20.0, 50e6, 100.0);
  c.reservoirs[0].target_level_m.assign(12, 155.0);  // full at 150 m
  c.reservoirs[0].target_level_m[0] = 101.0;         // dead at 105 m
  HydroOptions o;
  HydroSummary sum = Simulate(c, o);
  ASSERT_EQ(sum.runs.size(), 1u);
  const HydroReservoirSeries& s = sum.runs[0].reservoirs[0];
  double lo = 1e9, hi = -1e9;
  for (double z : s.target_level_m) lo = std::min(lo, z), hi = std::max(hi, z);
  EXPECT_DOUBLE_EQ(hi, 150.0);
  EXPECT_DOUBLE_EQ(lo, 105.0);
}

// No hidden state: two simulations in two threads give the results of one alone.
TEST(HydroSim, ConcurrentRunsDoNotInterfere) {
  HydroCase c = ArazCase();
  HydroSummary alone = Simulate(c);
  HydroSummary a, b;
  HydroOptions wet_only;
  wet_only.year_types = {"wet", "dry", "average"};
  std::thread t1([&] { (void)SimulateHydro(c, HydroOptions{}, &a); });
  std::thread t2([&] { (void)SimulateHydro(c, wet_only, &b); });
  t1.join();
  t2.join();
  ASSERT_EQ(a.runs.size(), 3u);
  ASSERT_EQ(b.runs.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(a.runs[0].plants[i].mean_annual_energy_J,
              alone.runs[0].plants[i].mean_annual_energy_J);
  EXPECT_EQ(b.runs[2].plants[1].mean_annual_energy_J, alone.runs[0].plants[1].mean_annual_energy_J);
}

// The plants as they stand (late 2025): only the Aras dam units and Giz Galasi's Iranian
// unit; Khudafarin generates nothing and its water is stored, then spilled when full.
TEST(HydroSim, ExistingUnitsOnly) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"average"};
  opt.existing_units_only = true;
  HydroSummary sum = Simulate(c, opt);
  const HydroRun& run = sum.runs[0];
  EXPECT_GT(run.plants[0].mean_annual_energy_J, 0.0);
  EXPECT_EQ(run.plants[1].mean_annual_energy_J, 0.0);
  EXPECT_EQ(run.plants[1].capacity_W, 0.0);
  EXPECT_EQ(run.plants[2].capacity_W, 40e6);
  ASSERT_EQ(run.countries.size(), 2u);
  EXPECT_EQ(run.countries[0].name, "AZ");
  EXPECT_NEAR(run.countries[0].mean_annual_energy_J, run.plants[0].mean_annual_energy_J / 2,
              1e-9 * run.plants[0].mean_annual_energy_J);
  EXPECT_GT(run.spill_days, 0);  // Khudafarin fills and spills without turbines
  EXPECT_LE(run.max_balance_residual_rel, 1e-9);
  EXPECT_EQ(c.reservoirs[1].units.size(), 2u) << "the caller's case must not change";
  // Giz Galasi's published figure is for both sides' units: the report says the model runs
  // one of them (-59 % read as the model's shortfall alone). Not said with every unit.
  ASSERT_EQ(sum.units_left_out_W.size(), 3u);
  EXPECT_EQ(sum.units_left_out_W[2], 40e6);
  EXPECT_EQ(sum.units_all_W[2], 80e6);
  EXPECT_NE(sum.BriefReport().find("the model runs 40 of the 80 MW the figure is for "
                                   "(--existing-units leaves the planned units out)"),
            std::string::npos)
      << sum.BriefReport();
  opt.existing_units_only = false;
  const HydroSummary all = Simulate(c, opt);
  EXPECT_EQ(all.units_left_out_W[2], 0.0);
  EXPECT_EQ(all.BriefReport().find("the model runs"), std::string::npos) << all.BriefReport();
}

TEST(HydroSim, OptionsAreValidated) {
  HydroCase c = ArazCase();
  HydroSummary sum;
  HydroOptions opt;
  opt.years = 0;
  Status s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("HydroOptions.years = 0"), std::string::npos) << s.message();
  opt = HydroOptions();
  opt.year_types = {"average", "monsoon"};
  s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("year type 'monsoon' is not in the case"), std::string::npos)
      << s.message();
}

// A year type named twice is refused: it ran twice under one label, and the outputs' files
// collided only when written.
TEST(HydroSim, AYearTypeNamedTwiceIsRefused) {
  const HydroCase c = ArazCase();
  HydroSummary sum;
  HydroOptions opt;
  opt.year_types = {"average", "dry", "average"};
  const Status s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("HydroOptions.year_types names 'average' twice"),
            std::string::npos)
      << s.message();
}

// Options, year types and an inflow built in code list every problem, as a case does (each
// was refused at its first, so that a caller fixed one per run).
TEST(HydroSim, OptionsAndInflowListEveryProblem) {
  const HydroCase c = ArazCase();
  HydroSummary sum;
  HydroOptions opt;
  opt.years = 0;
  opt.firm_exceedance = 1.5;
  Status s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "HydroOptions has 2 problems: HydroOptions.years = 0: must be 1..200; "
            "HydroOptions.firm_exceedance = 1.5: must be in (0, 1]");
  opt = HydroOptions();
  opt.year_types = {"monsoon", "average", "drought"};
  s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("HydroOptions.year_types has 2 problems: year type 'monsoon' "
                              "is not in the case (known: ",
                              0),
            0u)
      << s.message();
  EXPECT_NE(s.message().find("; year type 'drought' is not in the case"), std::string::npos)
      << s.message();

  HydroInflow in;
  in.kind = HydroInflow::Kind::kMonthly;
  in.file = "in code";
  in.reservoir_ids = {c.reservoirs[0].id, "nowhere", c.reservoirs[0].id};
  in.values = {std::vector<double>(12, 100.0), std::vector<double>(12, 5.0),
               std::vector<double>(12, 1.0)};
  in.values[0][2] = -1.0;
  in.values[0][7] = std::nan("");
  opt = HydroOptions();
  opt.inflow = &in;
  s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(s.message(),
            fmt::format("hydro inflow in code has 3 problems: hydro inflow in code: column '{0}', "
                        "value 3 is -1 m3/s: inflows must be finite and >= 0 (2 values of the "
                        "column break this rule); hydro inflow in code: column 'nowhere' names "
                        "no reservoir; hydro inflow in code: column '{0}' is given twice",
                        c.reservoirs[0].id));
  // Lengths: a column of another length is said, and the months' rule is then not judged
  // on the first column's length alone.
  in.reservoir_ids = {c.reservoirs[0].id, c.reservoirs[1].id};
  in.values = {std::vector<double>(11, 100.0), std::vector<double>(12, 5.0)};
  s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.message(),
            fmt::format("hydro inflow in code: column '{}' has 12 values, column '{}' 11: "
                        "columns differ in length",
                        c.reservoirs[1].id, c.reservoirs[0].id));
  in.values[1].resize(11, 5.0);
  s = SimulateHydro(c, opt, &sum);
  EXPECT_EQ(s.message(), "hydro inflow in code: monthly series need 12 values, got 11");
}

// annual.csv has a row per published share, kind 'share', beside the plants and the
// countries; a share of three plants has commas in its name, and is quoted. AZ's share of
// every plant is AZ's whole, row for row.
TEST(HydroSim, AnnualCsvHasTheShares) {
  HydroCase c = ArazCase();
  c.published_shares.push_back({"AZ", {"aras", "khudafarin", "giz_galasi"}, 1e12, "S1", ""});
  HydroOptions opt;
  opt.year_types = {"average"};
  const HydroSummary sum = Simulate(c, opt);
  const auto files = RenderHydroOutputs(sum);
  ASSERT_GE(files.size(), 4u);
  const std::string& annual = files[3].second;
  const auto field = [&](const std::string& row_start, int k) {
    const std::size_t at = annual.find(row_start);
    EXPECT_NE(at, std::string::npos) << row_start << "\n" << annual;
    if (at == std::string::npos) return std::string();
    std::string row = annual.substr(at + row_start.size(), annual.find('\n', at) - at -
                                                               row_start.size());
    for (int i = 0; i < k; ++i) row = row.substr(row.find(',') + 1);
    return row.substr(0, row.find(','));
  };
  EXPECT_EQ(field("average,share,AZ at khudafarin and giz_galasi,", 0), "140");
  const std::string all = "average,share,\"AZ at aras, khudafarin and giz_galasi\",";
  EXPECT_EQ(field(all, 0), "162");
  EXPECT_EQ(field(all + "162,mean,", 0), field("average,country,AZ,162,mean,", 0));
}

// A case built in code is not read, so its texts reach the summary as one line each there
// (a newline in its name or a figure's source forged a line of the report); a name with a
// quote is doubled in annual.csv's quotes.
TEST(HydroSim, ACodeBuiltCasesTextsPrintAsOneLine) {
  HydroCase c = ArazCase();
  c.name = "Case\nForged line";
  c.published_shares = {{"AZ", {"khudafarin", "giz_galasi"}, 358 * 3.6e12, "S95\nForged", ""}};
  HydroOptions opt;
  opt.year_types = {"average"};
  HydroSummary sum = Simulate(c, opt);
  const std::string report = sum.BriefReport();
  EXPECT_NE(report.find("Hydro case    : Case Forged line\n"), std::string::npos) << report;
  EXPECT_NE(report.find("(S95 Forged)"), std::string::npos) << report;
  opt.existing_units_only = true;  // (the line that compares nothing)
  EXPECT_NE(Simulate(c, opt).BriefReport().find("(S95 Forged); not compared"),
            std::string::npos);
  sum.runs[0].shares[0].name = "AZ \"x\", y";
  const std::string annual = RenderHydroOutputs(sum)[3].second;
  EXPECT_NE(annual.find("average,share,\"AZ \"\"x\"\", y\",140,"), std::string::npos) << annual;
  // A figure without a source (the reader refuses one; code may give it) says so.
  c.published_shares[0].source.clear();
  c.reservoirs[2].published_energy_source.clear();
  const std::string unsourced = Simulate(c, opt).BriefReport();
  EXPECT_NE(unsourced.find("358 GWh/y (no source given); not compared"), std::string::npos)
      << unsourced;
  EXPECT_EQ(unsourced.find("()"), std::string::npos) << unsourced;
}

// Outputs: every file rendered, the daily CSV has one row per day with unit-named columns,
// after day 0's state at the start.
TEST(HydroSim, RenderedOutputs) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"average"};
  HydroSummary sum = Simulate(c, opt);
  auto files = RenderHydroOutputs(sum);
  ASSERT_EQ(files.size(), 5u);
  EXPECT_EQ(files[0].first, "daily_average.csv");
  const std::string& csv = files[0].second;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 367);
  EXPECT_NE(csv.find("khudafarin_level_m"), std::string::npos);
  EXPECT_NE(csv.find("giz_galasi_power_AZ_MW"), std::string::npos);
  EXPECT_NE(files[1].second.find("level, m a.s.l."), std::string::npos);
  EXPECT_NE(files[2].second.find("power, MW"), std::string::npos);
  EXPECT_NE(files[3].second.find("run,kind,name,capacity_MW,year,energy_GWh"), std::string::npos);
  // The CSV's daily total power, summed over the year (x 24 h), is the reported energy.
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.substr(line.rfind(',') + 1), "power_total_MW");
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, 6), "0,1,1,") << line;  // day 0: the state at the start
  EXPECT_EQ(line.back(), ',') << line;              // with the day's columns empty
  double mwh = 0;
  while (std::getline(in, line)) mwh += std::stod(line.substr(line.rfind(',') + 1)) * 24.0;
  double gwh = 0;
  for (const auto& p : sum.runs[0].plants) gwh += p.mean_annual_energy_J / 3.6e12;
  std::printf("daily CSV energy %.10f GWh vs summary %.10f GWh\n", mwh / 1e3, gwh);
  EXPECT_NEAR(mwh / 1e3, gwh, 1e-12 * gwh);  // the CSV keeps every digit
}

// The water balance of every reservoir and day closes to round-off from the daily CSV alone,
// day 1 included (from day 0's storage): S_d - S_d-1 = (I - E - W - Q_t - Q_b - Q_s) 86400 s.
// With six digits it left up to 7 900 m3 a day, and day 1 could not be checked.
TEST(HydroSim, TheDailyCsvClosesTheWaterBalance) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"dry"};
  const HydroSummary sum = Simulate(c, opt);
  const std::string csv = RenderHydroOutputs(sum)[0].second;
  std::istringstream in(csv);
  std::string line;
  auto cells = [](const std::string& l) {
    std::vector<std::string> out;
    std::stringstream ss(l);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    if (!l.empty() && l.back() == ',') out.push_back("");
    return out;
  };
  std::getline(in, line);
  const std::vector<std::string> head = cells(line);
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) rows.push_back(cells(line));
  ASSERT_EQ(rows.size(), 366u);
  int checked = 0;
  double worst = 0.0;
  for (const HydroReservoir& r : c.reservoirs) {
    std::vector<std::size_t> plus, minus;
    std::size_t storage = head.size();
    for (std::size_t k = 0; k < head.size(); ++k) {
      const std::string& h = head[k];
      if (h.rfind(r.id + "_", 0) != 0) continue;
      const std::string rest = h.substr(r.id.size() + 1);
      if (rest == "storage_mcm") storage = k;
      if (rest == "inflow_m3_per_s") plus.push_back(k);
      if (rest == "evaporation_m3_per_s" || rest.rfind("withdrawal_", 0) == 0 ||
          rest == "turbine_m3_per_s" || rest == "bypass_m3_per_s" || rest == "spill_m3_per_s")
        minus.push_back(k);
    }
    ASSERT_LT(storage, head.size()) << r.id;
    ASSERT_EQ(plus.size(), 1u) << r.id;
    ASSERT_GE(minus.size(), 4u) << r.id;
    for (std::size_t d = 1; d < rows.size(); ++d) {
      ASSERT_EQ(rows[d].size(), head.size()) << d;
      double net = std::stod(rows[d][plus[0]]);
      double scale = std::abs(net);
      for (std::size_t k : minus) {
        net -= std::stod(rows[d][k]);
        scale += std::abs(std::stod(rows[d][k]));
      }
      const double ds = (std::stod(rows[d][storage]) - std::stod(rows[d - 1][storage])) * 1e6;
      const double off = std::abs(ds - net * 86400.0);
      worst = std::max(worst, off);
      // Round-off of the storage (measured 2.6e-7 m3 in 1e9 m3).
      EXPECT_LE(off, 1e-14 * std::max(scale * 86400.0, 1e6 * std::stod(rows[d][storage])))
          << r.id << " day " << d;
      ++checked;
    }
  }
  std::printf("%d reservoir-days, worst balance %.3g m3\n", checked, worst);
  EXPECT_EQ(checked, 3 * 365);
}

// A chart whose values lie close together at a large magnitude (a reservoir's levels 1e9 m
// up, its targets one ulp apart) is drawn, not chased: the tick step fell below the spacing
// of the doubles there, `v += step` stood still, and the render grew without end. A
// control character in a name is no XML: a space in the chart.
TEST(HydroSim, AChartOfLevelsFarUpAndCloseTogetherIsDrawn) {
  HydroCase c = ArazCase();
  ASSERT_GE(c.reservoirs.size(), 3u);
  HydroReservoir& r = c.reservoirs[2];
  for (double& z : r.curve_level_m) z += 1e9;
  for (std::size_t m = 0; m < r.target_level_m.size(); ++m)
    r.target_level_m[m] = std::nextafter(r.target_level_m[m] + 1e9, m % 2 ? 2e9 : 0.0);
  r.tailwater_bed_m += 1e9;
  r.name = "Giz\x01Galasi";  // (a case built in code: the chart shows it as a space)
  HydroOptions opt;
  opt.year_types = {"average"};
  HydroSummary sum = Simulate(c, opt);
  bool levels = false;
  for (const auto& [name, content] : RenderHydroOutputs(sum))
    if (name == "levels_average.svg") {
      levels = true;
      pugi::xml_document doc;
      EXPECT_TRUE(doc.load_string(content.c_str())) << name;
      EXPECT_LT(content.size(), 2'000'000u) << name;
      EXPECT_NE(content.find("Giz Galasi"), std::string::npos) << name;
    }
  EXPECT_TRUE(levels);
}

// The SVG plots are well-formed, and every plotted point lies inside its panel's axes box
// (so the axis ranges cover the data); the y tick labels increase upwards.
TEST(HydroSim, SvgPlotsStayInsideTheirAxes) {
  HydroCase c = ArazCase();
  HydroOptions opt;
  opt.year_types = {"wet"};
  HydroSummary sum = Simulate(c, opt);
  int checked = 0;
  for (const auto& [name, content] : RenderHydroOutputs(sum)) {
    if (name.size() < 4 || name.substr(name.size() - 4) != ".svg") continue;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(content.c_str())) << name;
    double bx = 0, by = 0, bw = 0, bh = 0;
    double last_tick_y = 1e9, last_tick_v = -1e300;
    double worst_out = 0;
    for (pugi::xml_node n : doc.child("svg").children()) {
      std::string tag = n.name();
      if (tag == "rect" && std::string(n.attribute("stroke").value()) == "black") {
        bx = n.attribute("x").as_double();
        by = n.attribute("y").as_double();
        bw = n.attribute("width").as_double();
        bh = n.attribute("height").as_double();
        last_tick_y = 1e9;
        last_tick_v = -1e300;
      } else if (tag == "text" && std::string(n.attribute("text-anchor").value()) == "end") {
        double y = n.attribute("y").as_double(), v = std::stod(n.child_value());
        EXPECT_LT(y, last_tick_y) << name;
        EXPECT_GT(v, last_tick_v) << name;
        last_tick_y = y;
        last_tick_v = v;
      } else if (tag == "polyline") {
        std::istringstream pts(n.attribute("points").value());
        std::string pt;
        while (pts >> pt) {
          double x = std::stod(pt.substr(0, pt.find(','))),
                 y = std::stod(pt.substr(pt.find(',') + 1));
          worst_out = std::max({worst_out, bx - x, x - (bx + bw), by - y, y - (by + bh)});
          ++checked;
        }
      }
    }
    EXPECT_LE(worst_out, 0.05) << name << ": a point lies outside its axes box";
  }
  std::printf("checked %d plotted points\n", checked);
  EXPECT_GT(checked, 6 * 365);
}

}  // namespace
}  // namespace corridor::test
