// `corridor hydro` on the bundled case: stable report lines, outputs, bad input.
#include <gtest/gtest.h>

#include <cstdio>
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
  // Each run's distance from the published figure, and the case's note on why: the model's
  // average against 270 GWh/y went without a word.
  const std::size_t pub = all.find("Published     : ");
  ASSERT_NE(pub, std::string::npos) << all;
  double average = 0.0, pct = 0.0;
  ASSERT_EQ(std::sscanf(all.c_str() + all.find("model average ", pub),
                        "model average %lf (%lf %%)", &average, &pct),
            2)
      << all.substr(pub, 300);
  EXPECT_NEAR(pct, 100.0 * (average / 270.0 - 1.0), 0.51) << all.substr(pub, 300);
  const std::size_t note = all.find(
      "\n                both sides, as announced; without the 2 bcm/y the canals take (before "
      "the turbines, as the case assumes; --irrigation-scale 0) the model's average year gives ",
      pub);
  ASSERT_NE(note, std::string::npos) << all.substr(pub, 400);
  // The note's figures are the model's (the case's text, checked against a run: a note that
  // went stale would mislead where it explains): without the canals, and its distance from
  // the published 270.
  double without = 0.0, short_pct = 0.0;
  ASSERT_EQ(std::sscanf(all.c_str() + all.find("gives ", note), "gives %lf GWh/y, still %lf %%",
                        &without, &short_pct),
            2)
      << all.substr(note, 300);
  CliResult dry = Run({"hydro", "--no-timings", "--irrigation-scale", "0"});
  ASSERT_EQ(dry.status, 0) << dry.err;
  const std::size_t row = dry.out.find("plant giz_galasi (80 MW)*");
  ASSERT_NE(row, std::string::npos) << dry.out;
  double model = 0.0;
  ASSERT_EQ(std::sscanf(dry.out.c_str() + row + 25, "%lf", &model), 1) << dry.out;
  EXPECT_NEAR(model, without, 0.5) << dry.out;
  EXPECT_NEAR(100.0 * (1.0 - model / 270.0), short_pct, 0.5) << dry.out;
  EXPECT_EQ(all.find("Time"), std::string::npos) << "--no-timings must remove timings";
}

// The AZ ministry's 358 GWh/y for its side of Khudafarin and Giz Galasi is in the report,
// not only in docs/hydro.md (the report compared the one plant figure, and left out the
// one it misses by a third), and its note's figures are the model's.
TEST_F(HydroCli, TheMinistrysShareIsCompared) {
  CliResult r = Run({"hydro", "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::size_t pub =
      r.out.find("Published     : AZ at khudafarin and giz_galasi 358 GWh/y (S95; 368 GWh/y in "
                 "S99); model average ");
  ASSERT_NE(pub, std::string::npos) << r.out;
  double average = 0.0, pct = 0.0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + r.out.find("model average ", pub),
                        "model average %lf (%lf %%)", &average, &pct),
            2)
      << r.out.substr(pub, 300);
  EXPECT_NEAR(pct, 100.0 * (average / 358.0 - 1.0), 0.51);
  const std::size_t note = r.out.find("the model's AZ share gives ", pub);
  ASSERT_NE(note, std::string::npos) << r.out.substr(pub, 600);
  double without = 0.0, short_pct = 0.0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + note, "the model's AZ share gives %lf GWh/y, still %lf %%",
                        &without, &short_pct),
            2)
      << r.out.substr(note, 200);
  CliResult dry = Run({"hydro", "--no-timings", "--irrigation-scale", "0"});
  ASSERT_EQ(dry.status, 0) << dry.err;
  const std::size_t at = dry.out.find("AZ at khudafarin and giz_galasi 358 GWh/y");
  ASSERT_NE(at, std::string::npos) << dry.out;
  double model = 0.0;
  ASSERT_EQ(std::sscanf(dry.out.c_str() + dry.out.find("model average ", at), "model average %lf",
                        &model),
            1);
  EXPECT_NEAR(model, without, 0.5) << dry.out;
  EXPECT_NEAR(100.0 * (1.0 - model / 358.0), short_pct, 0.5) << dry.out;
}

// No row of the default report reads as today's generation: rows that count units not in
// service (Khudafarin's 200 MW, none operating; 140 of Azerbaijan's 162 MW planned; FACTS
// section 5) are marked and the line after the table says how much of each figure they are.
// The full report's turbined water is said to count the same water at every dam.
TEST_F(HydroCli, DefaultRunMarksUnitsNotInService) {
  CliResult r = Run({"hydro", "--no-timings"});
  const std::string all = r.out + r.err;
  ASSERT_EQ(r.status, 0) << all;
  for (const char* row : {"plant khudafarin (200 MW)*", "plant giz_galasi (80 MW)*",
                          "country AZ (162 MW)*", "country IR (162 MW)*", "  total*",
                          "khudafarin 200 of 200 MW", "AZ 140 of 162 MW", "IR 140 of 162 MW",
                          "; --existing-units leaves out the planned ones (240 MW)\n"})
    EXPECT_NE(all.find(row), std::string::npos) << row << "\n" << all;
  EXPECT_NE(all.find("plant aras (44 MW) "), std::string::npos) << all;  // in service: unmarked
  // With the option given, the built units still marked, and no hint to give it.
  r = Run({"hydro", "--no-timings", "--existing-units"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("plant giz_galasi (40 MW)*"), std::string::npos) << r.out;
  const std::size_t note = r.out.find("  * runs as in service");
  ASSERT_NE(note, std::string::npos) << r.out;
  const std::size_t end = r.out.find("\n", r.out.find("\n", note) + 1);  // two lines
  const std::string line = r.out.substr(note, end - note);
  EXPECT_NE(line.find("giz_galasi 40 of 40 MW"), std::string::npos) << line;
  EXPECT_EQ(line.find("--existing-units"), std::string::npos) << line;
  r = Run({"hydro", "--no-timings", "--full"});
  EXPECT_NE(r.out.find("water that passes several dams counts at each"), std::string::npos)
      << r.out;
}

// The warm-up moves the reservoirs off the case's start (Khudafarin's one observation, 503
// mcm in May 2024) to where the pattern keeps them, and the figures depend on it (26 % less
// energy without it): the report said only "after 3 warm-up year(s)".
TEST_F(HydroCli, TheReportSaysWhereTheWarmUpStartsAndEnds) {
  CliResult r = Run({"hydro", "--no-timings"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::size_t at = r.out.find("Storage, mcm  : the warm-up starts from the case's: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("khudafarin 503", at), std::string::npos) << r.out;
  const std::size_t later = r.out.find("the average run's reported years start at: aras ", at);
  ASSERT_NE(later, std::string::npos) << r.out;
  double aras = 0.0, khudafarin = 0.0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + r.out.find("aras ", later), "aras %lf, khudafarin %lf",
                        &aras, &khudafarin),
            2)
      << r.out.substr(later, 200);
  EXPECT_GT(khudafarin, 503.0);  // the pattern fills it beyond the May 2024 state
  r = Run({"hydro", "--no-timings", "--warmup-years", "0"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("Storage, mcm"), std::string::npos) << r.out;
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

// A run into a folder that holds an earlier run's files replaces that set as a whole: a
// wet-only run left daily_average.csv, daily_dry.csv and their plots beside its own
// annual.csv and report.txt. Files hydro does not name so stay.
TEST_F(HydroCli, AnotherRunReplacesTheEarlierRunsFiles) {
  namespace fs = std::filesystem;
  const fs::path res = dir_ / "res";
  CliResult r = Run({"hydro", "--no-timings", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  ASSERT_TRUE(fs::exists(res / "daily_average.csv"));
  // A user's file named like a run of another case (daily_budget.csv) is not hydro's
  // either: it was removed with the earlier run's files.
  for (const char* mine : {"notes.txt", "daily_notes.txt", "daily_a b.csv", "levels_.svg",
                           "daily_budget.csv", "levels_plan.svg"})
    Write((fs::path("res") / mine).string(), "mine\n");
  r = Run({"hydro", "--no-timings", "--year-type", "wet", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  for (const char* f :
       {"daily_wet.csv", "levels_wet.svg", "generation_wet.svg", "annual.csv", "report.txt"})
    EXPECT_TRUE(fs::exists(res / f)) << f;
  for (const char* run : {"average", "dry"})
    for (const char* kind : {"daily_", "levels_", "generation_"}) {
      const std::string f = std::string(kind) + run + (kind[0] == 'd' ? ".csv" : ".svg");
      EXPECT_FALSE(fs::exists(res / f)) << f << " of the earlier run is still there";
    }
  for (const char* mine : {"notes.txt", "daily_notes.txt", "daily_a b.csv", "levels_.svg",
                           "daily_budget.csv", "levels_plan.svg"})
    EXPECT_TRUE(fs::exists(res / mine)) << mine << " is not hydro's and must stay";
  int entries = 0;
  for (const auto& e : fs::directory_iterator(res)) {
    ++entries;
    EXPECT_EQ(e.path().filename().string().find(".stale-"), std::string::npos) << e.path();
  }
  EXPECT_EQ(entries, 11);
  // A file under a run's name that does not begin as hydro writes it is a user's: it stays,
  // and the Output line says so (a user's daily_average.csv went with the stale set).
  // A CSV of the user's that begins with the same first columns is not hydro's either
  // (the prefix "day,year,month," alone took it): only one that names a target level is.
  Write("res/daily_average.csv", "my precious data\n");
  Write("res/daily_dry.csv", "day,year,month,rain_mm\n1,1,1,3.2\n");
  r = Run({"hydro", "--no-timings", "--year-type", "wet", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  std::string kept;
  ASSERT_TRUE(ReadFileToString((res / "daily_average.csv").string(), &kept).ok());
  EXPECT_EQ(kept, "my precious data\n");
  ASSERT_TRUE(ReadFileToString((res / "daily_dry.csv").string(), &kept).ok());
  EXPECT_EQ(kept, "day,year,month,rain_mm\n1,1,1,3.2\n");
  EXPECT_NE(r.out.find("; kept " + (res / "daily_average.csv").string() + ", " +
                       (res / "daily_dry.csv").string() + " (not files corridor wrote)"),
            std::string::npos)
      << r.out;
}

// An earlier run's daily file is hydro's whatever country columns it has: with a planned
// unit of a country of its own, --existing-units writes one column fewer, and the whole
// header took the earlier run's files for a user's (kept beside the new run's).
TEST_F(HydroCli, AnEarlierRunWithOtherCountryColumnsIsReplaced) {
  namespace fs = std::filesystem;
  std::string text = test::ArazCaseText();
  const std::size_t units = text.find("\"units\": [");
  ASSERT_NE(units, std::string::npos);
  text.insert(units + 10, R"(
    {"id": "xx_unit", "country": "XX",
     "max_power_mw": {"value": 11, "source": "estimate: test"},
     "max_flow_m3s": {"value": 43.1, "source": "estimate: test"},
     "efficiency": {"value": 0.88, "source": "estimate: test"},
     "min_head_m": {"value": 17.7, "source": "estimate: test"},
     "status": {"value": "planned", "source": "estimate: test"}},)");
  const std::string with_xx = Write("case.json", text);
  const fs::path res = dir_ / "res";
  CliResult r = Run({"hydro", with_xx, "--no-timings", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  std::string head;
  ASSERT_TRUE(ReadFileToString((res / "daily_average.csv").string(), &head).ok());
  ASSERT_NE(head.substr(0, head.find('\n')).find("_XX_"), std::string::npos);
  r = Run({"hydro", with_xx, "--no-timings", "--existing-units", "--year-type", "wet", "--out",
           res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  EXPECT_FALSE(fs::exists(res / "daily_average.csv")) << r.out;
  EXPECT_FALSE(fs::exists(res / "daily_dry.csv")) << r.out;
  EXPECT_EQ(r.out.find("not a file corridor wrote"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not files corridor wrote"), std::string::npos) << r.out;
}

// The generation chart draws each country beside each plant (the docs said "by plant and
// country", the chart drew the plants alone), and the titles name the run: "(dry year)"
// stood over three dry years, "(user year)" over an inflow file's.
TEST_F(HydroCli, TheChartsSayTheirRunAndDrawTheCountries) {
  namespace fs = std::filesystem;
  const fs::path res = dir_ / "res";
  CliResult r = Run({"hydro", "--no-timings", "--year-type", "dry", "--years", "3", "--out",
                     res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  std::string svg;
  ASSERT_TRUE(ReadFileToString((res / "generation_dry.svg").string(), &svg).ok());
  EXPECT_NE(svg.find(">Daily mean power (dry years, 3 in a row)</text>"), std::string::npos);
  for (const char* legend : {">Khudafarin</text>", ">AZ</text>", ">IR</text>"})
    EXPECT_NE(svg.find(legend), std::string::npos) << legend;
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);  // the countries' lines
  ASSERT_TRUE(ReadFileToString((res / "levels_dry.svg").string(), &svg).ok());
  EXPECT_NE(svg.find(">Khudafarin (dry years, 3 in a row): water level</text>"),
            std::string::npos);
  r = Run({"hydro", "--no-timings", "--inflow",
           test::SourceDir() + "/data/araz/inflow_monthly_example.csv", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  ASSERT_TRUE(ReadFileToString((res / "generation_user.svg").string(), &svg).ok());
  EXPECT_NE(svg.find(">Daily mean power (--inflow file)</text>"), std::string::npos);
}

// Another case's run (its reservoirs named otherwise) is hydro's too: a daily file counted as
// hydro's only where it began as this case's header, so that the earlier case's
// daily_average.csv stayed beside the new case's annual.csv, "not files corridor wrote".
TEST_F(HydroCli, AnotherCasesRunIsReplaced) {
  namespace fs = std::filesystem;
  std::string text = test::ArazCaseText();
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"\"aras\"", "\"up\""},
                                 {"\"khudafarin\"", "\"mid\""},
                                 {"\"giz_galasi\"", "\"low\""}})
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
      text.replace(at, from.size(), to);
  const std::string renamed = Write("renamed.json", text);
  const fs::path res = dir_ / "res";
  CliResult r = Run({"hydro", "--no-timings", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  r = Run({"hydro", renamed, "--no-timings", "--year-type", "wet", "--out", res.string()});
  ASSERT_EQ(r.status, 0) << r.out + r.err;
  for (const char* f : {"daily_average.csv", "daily_dry.csv", "levels_dry.svg"})
    EXPECT_FALSE(fs::exists(res / f)) << f << "\n" << r.out;
  std::string head;
  ASSERT_TRUE(ReadFileToString((res / "daily_wet.csv").string(), &head).ok());
  EXPECT_EQ(head.rfind("day,year,month,up_level_m,", 0), 0u) << head.substr(0, 80);
  EXPECT_EQ(r.out.find("corridor wrote"), std::string::npos) << r.out;
}

// An input among an earlier run's files (named as this case's dry year's daily file, which
// an inflow file's run would remove) is neither removed nor overwritten: the run is refused
// and the folder left as it was.
TEST_F(HydroCli, AnInputAmongAnEarlierRunsFilesIsKept) {
  namespace fs = std::filesystem;
  std::string csv = "month,aras,khudafarin\n";
  for (int m = 1; m <= 12; ++m) csv += std::to_string(m) + ",86.2,40.8\n";
  fs::create_directories(dir_ / "res");
  const std::string inflow = Write("res/daily_dry.csv", csv);
  CliResult r = Run({"hydro", "--inflow", inflow, "--out", (dir_ / "res").string()});
  EXPECT_EQ(r.status, 4) << r.out + r.err;  // (outputs not written, as simulate's)
  EXPECT_NE(r.err.find("is the input"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing written [output-clash]"), std::string::npos) << r.err;
  std::string kept;
  ASSERT_TRUE(ReadFileToString(inflow, &kept).ok());
  EXPECT_EQ(kept, csv);
  EXPECT_FALSE(fs::exists(dir_ / "res" / "report.txt"));
}

// Outputs that cannot be written exit 4, as the other commands' (1 is bad input): an output
// folder that is a file, a report name taken by a folder. Nothing is left half written.
TEST_F(HydroCli, OutputsThatCannotBeWrittenExitFour) {
  namespace fs = std::filesystem;
  // (An --out that is a file is refused before the run: OutputFolders in tests/cli.)
  const std::string file = Write("taken", "not a folder\n");
  CliResult r = Run({"hydro", "--no-timings", "--out", file});
  EXPECT_EQ(r.status, 1) << r.out + r.err;
  EXPECT_NE(r.err.find("[not-a-folder]"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  fs::create_directories(dir_ / "res" / "report.txt");
  r = Run({"hydro", "--no-timings", "--out", (dir_ / "res").string()});
  EXPECT_EQ(r.status, 4) << r.out + r.err;
  EXPECT_FALSE(fs::exists(dir_ / "res" / "annual.csv"));
  // The report is printed all the same, as track's and run's (it was lost with the files,
  // helper-296); no Output line claims a folder.
  EXPECT_EQ(r.out, Run({"hydro", "--no-timings"}).out);
  EXPECT_EQ(r.out.find("Output        :"), std::string::npos) << r.out;
  // Said once ("...; nothing was written; nothing written": the library says it, and the
  // command said it again).
  std::size_t said = 0;
  for (std::size_t at = r.err.find("nothing"); at != std::string::npos;
       at = r.err.find("nothing", at + 1))
    ++said;
  EXPECT_EQ(said, 1u) << r.err;
}

// The report's notes on options an inflow file overrides say what was given, and only that:
// "--years 1 was not used" came with every daily file, --years given or not; a misspelt
// --year-type beside --inflow was dropped silently.
TEST_F(HydroCli, NotesOnOptionsAnInflowFileOverrides) {
  std::string daily = "day,aras,khudafarin\n";
  for (int d = 1; d <= 730; ++d) daily += std::to_string(d) + ",86.2,40.8\n";
  const std::string inflow = Write("daily.csv", daily);
  CliResult r = Run({"hydro", "--inflow", inflow, "--full", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out + r.err;
  EXPECT_NE(r.out.find("the daily inflow file holds 2 year(s), all of them reported"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("--years"), std::string::npos) << "--years was not given:\n" << r.out;
  EXPECT_EQ(r.out.find("--year-type"), std::string::npos) << r.out;
  r = Run({"hydro", "--inflow", inflow, "--years", "3", "--year-type", "wet", "--full"});
  EXPECT_EQ(r.status, 0) << r.out + r.err;
  EXPECT_NE(r.out.find("--years 3 was not used: the daily inflow file sets the reported years "
                       "(2)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--year-type wet was not used: with --inflow there is one run, 'user'"),
            std::string::npos)
      << r.out;
  r = Run({"hydro", "--inflow", inflow, "--year-type", "wte"});
  EXPECT_EQ(r.status, 1) << r.out + r.err;
  EXPECT_NE(r.err.find("--year-type 'wte' is not a year type of the case (did you mean "
                       "'wet'?) (known: average, dry, wet, or all) [unknown-choice]"),
            std::string::npos)
      << r.err;
  // Listed with the other problems: of the options (a bad --years hid it) and of the inflow
  // file (whose errors hid it).
  const std::string bad = Write("bad_inflow.csv", "month,aras,khudafarin,giz_galasi\n1,nan,1,0\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"hydro", "--year-type", "Wet", "--years", "0"},
        std::vector<std::string>{"hydro", "--year-type", "Wet", "--inflow", bad}}) {
    r = Run(args);
    EXPECT_EQ(r.status, 1) << r.out + r.err;
    EXPECT_NE(r.err.find("--year-type 'Wet' is not a year type of the case (did you mean "
                         "'wet'?)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(args[4] == "0" ? "--years: Value 0 not in range" : "[not-finite]"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
  }
  r = Run({"hydro", "--help"});
  EXPECT_NE(r.out.find("with --inflow the file's 12 months"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Average years simulated"), std::string::npos) << r.out;
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
  EXPECT_NE(all.find("reservoir 'khudafarin': 'full_volume_mcm' must be > 0, got -1612 mcm"),
            std::string::npos);
  EXPECT_NE(all.find("[negative-volume]"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/res")) << "no partial output";
  // What is read against the case is said to wait for it (nothing said it).
  EXPECT_EQ(all.find("not checked"), std::string::npos) << all;
  r = Run({"hydro", dir, "--inflow", dir + "/nowhere.csv", "--year-type", "nope"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor hydro: the inflow file " + dir + "/nowhere.csv and --year-type "
                       "nope not checked: read against the case, which cannot be used\n"),
            std::string::npos)
      << r.err;
}

// An option given twice is said in the program's words, not CLI11's ("--years: At Most 1
// required but received 2").
TEST_F(HydroCli, AnOptionGivenTwiceIsSaidSo) {
  CliResult r = Run({"hydro", "--years", "2", "--years", "3"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor hydro: --years is given 2 times; give it once "
                       "[repeated-option]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("At Most"), std::string::npos) << r.err;
  // Named by every name it goes by: -o and --output are one option.
  r = Run({"convert", "x.net", "--to", "json", "-o", "a.json", "--output", "b.json"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("corridor convert: -o/--output is given 2 times; give it once "
                       "[repeated-option]"),
            std::string::npos)
      << r.err;
}

// Every bad option of a line is listed at once, exit 1, and nothing is run: CLI11 named the
// first it refused (--years 0) and the others went unsaid; a negative value is the option's
// value, not "no option -3".
TEST_F(HydroCli, EveryBadOptionOfALineIsListed) {
  CliResult r = Run({"hydro", "--years", "0", "--warmup-years", "99", "--irrigation-scale",
                     "nan", "--max-messages", "-3", "--out", ""});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* want : {"corridor hydro: --years: Value 0 not in range 1 to 200 "
                           "[out-of-range]\n",
                           "corridor hydro: --warmup-years: Value 99 not in range 0 to 50 "
                           "[out-of-range]\n",
                           "corridor hydro: --irrigation-scale: 'nan' is not a finite decimal "
                           "number",
                           "corridor hydro: --max-messages: Value -3 not in range 1 to "
                           "1000000 [out-of-range]\n",
                           "corridor hydro: --out: needs a file or folder name, got \"\" "
                           "[missing-value]\n"})
    EXPECT_NE(r.err.find(want), std::string::npos) << want << "\n" << r.err;
  EXPECT_EQ(r.err.find("no option"), std::string::npos) << r.err;
  // One problem per value: the range check is not run on what is not a number (it was,
  // joined to the first by CLI11's "(...) AND (...)").
  EXPECT_EQ(r.err.find(" AND "), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

#else
TEST(HydroCli, NeedsTheCli) { GTEST_SKIP() << "corridor_cli not built"; }
#endif

}  // namespace
}  // namespace corridor::test
