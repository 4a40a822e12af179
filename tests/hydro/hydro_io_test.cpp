// Readers: the bundled case loads cleanly; bad cases and inflow files are rejected with
// messages naming the file, the line (and JSON pointer or column), the element and the rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "io/json_locate.h"
#include "hydro_test_util.h"

namespace corridor::test {
namespace {

using nlohmann::json;

std::string LineOf(const std::string& text, int line) {
  std::istringstream in(text);
  std::string s;
  for (int i = 0; i < line && std::getline(in, s); ++i) {
  }
  return s;
}

struct Parsed {
  Status status;
  Diagnostics diag;
  std::string text;
};

Parsed ParseModified(const std::function<void(json&)>& edit) {
  json j = json::parse(ArazCaseText());
  edit(j);
  Parsed p;
  p.text = j.dump(1);
  HydroCase c;
  p.status = ParseHydroCase(p.text, "bad_case.json", &c, &p.diag);
  return p;
}

// The first error with `rule`; fails the test when there is none.
const Diagnostic* Find(const Diagnostics& d, const std::string& rule) {
  for (const auto& x : d.items())
    if (x.severity == Diagnostic::Severity::kError && x.rule == rule) return &x;
  ADD_FAILURE() << "no error with rule '" << rule << "' in:\n" << d.ToString();
  return nullptr;
}

// Checks a case diagnostic: file, a line that really holds `key`, element, pointer.
void ExpectCaseError(const Parsed& p, const std::string& rule, const std::string& element,
                     const std::string& pointer, const std::string& key) {
  EXPECT_FALSE(p.status.ok());
  const Diagnostic* d = Find(p.diag, rule);
  if (d == nullptr) {
    ADD_FAILURE() << "no " << rule << " error:\n" << p.diag.ToString();
    return;
  }
  std::printf("%s\n", d->ToString().c_str());
  EXPECT_EQ(d->file, "bad_case.json");
  EXPECT_EQ(d->element, element);
  EXPECT_NE(d->message.find("(at " + pointer + ")"), std::string::npos) << d->message;
  ASSERT_GT(d->line, 0);
  // `key` is a member name (checked with its quotes) or, for array elements, the value.
  std::string want = key.find_first_of("-0123456789") == 0 ? key : "\"" + key + "\"";
  EXPECT_NE(LineOf(p.text, d->line).find(want), std::string::npos)
      << "line " << d->line << ": " << LineOf(p.text, d->line);
}

TEST(HydroCaseReader, BundledCaseIsClean) {
  HydroCase c;
  Diagnostics diag;
  Status s = ReadHydroCase(ArazCasePath(), &c, &diag);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
  ASSERT_EQ(c.reservoirs.size(), 3u);
  EXPECT_EQ(c.reservoirs[1].id, "khudafarin");
  EXPECT_DOUBLE_EQ(c.reservoirs[1].full_volume_m3, 1612e6);      // S95, mcm -> m^3
  EXPECT_DOUBLE_EQ(c.reservoirs[2].units[0].max_power_W, 40e6);  // S101, MW -> W
  // The derived curves hit the published full volumes at the normal levels.
  EXPECT_NEAR(HydroLevelFromVolume(c.reservoirs[1], 1612e6), 260.0, 1e-6);  // S109
  EXPECT_NEAR(HydroVolumeFromLevel(c.reservoirs[0], 771.43), 604e6, 2e6);   // S124
}

TEST(HydroCaseReader, NegativeVolume) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][1]["full_volume_mcm"]["value"] = -1612; });
  ExpectCaseError(p, "negative-volume", "reservoir 'khudafarin'",
                  "/reservoirs/1/full_volume_mcm/value", "value");
}

// An environmental flow beyond any river's (1e9 m3/s ran, the plant at 0 MW, nothing
// said) is out of range, as an inflow is; a year type named "user" is the --inflow run's
// name (daily_user.csv and annual.csv's run column could not tell the two apart).
TEST(HydroCaseReader, EnvironmentalFlowBeyondAnyRiver) {
  Parsed p = ParseModified([](json& j) {
    j["reservoirs"][0]["environmental_flow_m3s"]["value"][3] = 1e9;
  });
  ExpectCaseError(p, "out-of-range", "reservoir 'aras'",
                  "/reservoirs/0/environmental_flow_m3s/value/3", "1000000000");
}

TEST(HydroCaseReader, AYearTypeNamedUserIsReserved) {
  Parsed p = ParseModified([](json& j) {
    j["inflow"]["year_types"]["user"] = j["inflow"]["year_types"]["dry"];
  });
  ExpectCaseError(p, "reserved-name", "year type 'user'", "/inflow/year_types/user", "user");
}

// A year type named "all" could not be run alone (--year-type all runs every one); two that
// differ only in case wrote daily_Dry.csv beside daily_dry.csv, one file where names fold
// case.
TEST(HydroCaseReader, AYearTypeNamedAllOrOneOnlyInCaseIsRefused) {
  Parsed p = ParseModified([](json& j) {
    j["inflow"]["year_types"]["All"] = j["inflow"]["year_types"]["dry"];
  });
  ExpectCaseError(p, "reserved-name", "year type 'All'", "/inflow/year_types/All", "All");
  p = ParseModified([](json& j) {
    j["inflow"]["year_types"]["Dry"] = j["inflow"]["year_types"]["dry"];
  });
  const Diagnostic* d = Find(p.diag, "duplicate-name");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("differ only in case"), std::string::npos) << d->message;
}

TEST(HydroCaseReader, NegativeCurveVolume) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][0]["curve"]["volume_mcm"][0] = -5.0; });
  ExpectCaseError(p, "negative-volume", "reservoir 'aras'", "/reservoirs/0/curve/volume_mcm/0",
                  "-5.0");
}

TEST(HydroCaseReader, CurveVolumesNotMonotone) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][2]["curve"]["volume_mcm"][10] = 0.5; });
  ExpectCaseError(p, "curve-monotone", "reservoir 'giz_galasi'",
                  "/reservoirs/2/curve/volume_mcm/10", "0.5");
}

TEST(HydroCaseReader, CurveLevelsNotMonotone) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][1]["curve"]["level_m"][3] = 200.0; });
  ExpectCaseError(p, "curve-monotone", "reservoir 'khudafarin'", "/reservoirs/1/curve/level_m/3",
                  "200.0");
}

TEST(HydroCaseReader, MissingMonth) {
  Parsed p =
      ParseModified([](json& j) { j["reservoirs"][1]["target_level_m"]["value"].erase(11); });
  ExpectCaseError(p, "missing-month", "reservoir 'khudafarin'",
                  "/reservoirs/1/target_level_m/value", "value");
  const Diagnostic* d = Find(p.diag, "missing-month");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("got 11: month 12 is missing"), std::string::npos) << d->message;
  Parsed more = ParseModified(
      [](json& j) { j["reservoirs"][1]["target_level_m"]["value"].push_back(250.0); });
  d = Find(more.diag, "missing-month");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("got 13: 1 extra value"), std::string::npos) << d->message;
}

TEST(HydroCaseReader, UnknownKey) {
  Parsed p = ParseModified([](json& j) {
    j["reservoirs"][2]["spilway_capacity_m3s"] = {{"value", 1}};
  });
  ExpectCaseError(p, "unknown-key", "reservoir 'giz_galasi'", "/reservoirs/2/spilway_capacity_m3s",
                  "spilway_capacity_m3s");
}

TEST(HydroCaseReader, NonNumericValue) {
  Parsed p = ParseModified(
      [](json& j) { j["reservoirs"][0]["units"][1]["max_power_mw"]["value"] = "11 MW"; });
  ExpectCaseError(p, "wrong-type", "unit 'aras_az_2'", "/reservoirs/0/units/1/max_power_mw/value",
                  "value");
}

// The published figure's note is printed as a line of the report: a string (42 was dropped
// unsaid), its control characters as spaces.
TEST(HydroCaseReader, PublishedEnergyNoteIsAString) {
  Parsed p = ParseModified(
      [](json& j) { j["reservoirs"][2]["published_energy_gwh_per_y"]["note"] = 42; });
  ExpectCaseError(p, "wrong-type", "reservoir 'giz_galasi'",
                  "/reservoirs/2/published_energy_gwh_per_y/note", "note");
  json j = json::parse(ArazCaseText());
  j["reservoirs"][2]["published_energy_gwh_per_y"]["note"] = "two\nlines\tand a tab";
  HydroCase c;
  Diagnostics d;
  ASSERT_TRUE(ParseHydroCase(j.dump(1), "case.json", &c, &d).ok()) << d.ToString();
  EXPECT_EQ(c.reservoirs[2].published_energy_note, "two lines and a tab");
}

// The case's and a reservoir's names and the published figure's source are printed too:
// a newline forged a line of the report, an escape sequence reached the terminal, and a
// control character left both charts unreadable XML. As spaces, like the note's.
TEST(HydroCaseReader, PrintedTextHasNoControlCharacters) {
  json j = json::parse(ArazCaseText());
  j["name"] = "Araz\nFAKE LINE\u001b[31m";
  j["reservoirs"][2]["name"] = "Giz\u0001Galasi\u009b2J\u2028x\u2029y";
  j["reservoirs"][2]["published_energy_gwh_per_y"]["source"] = "S136\r\nforged";
  HydroCase c;
  Diagnostics d;
  ASSERT_TRUE(ParseHydroCase(j.dump(1), "case.json", &c, &d).ok()) << d.ToString();
  EXPECT_EQ(c.name, "Araz FAKE LINE [31m");
  EXPECT_EQ(c.reservoirs[2].name, "Giz Galasi 2J x y");  // (C1 CSI, U+2028, U+2029 too)
  EXPECT_EQ(c.reservoirs[2].published_energy_source, "S136  forged");
}

// A country's published share of some plants (the AZ ministry's 358 GWh/y for its side of
// Khudafarin and Giz Galasi): read with its source and note, and refused where it would
// compare with nothing.
TEST(HydroCaseReader, PublishedCountryShare) {
  HydroCase c;
  Diagnostics d;
  ASSERT_TRUE(ParseHydroCase(ArazCaseText(), "case.json", &c, &d).ok()) << d.ToString();
  ASSERT_EQ(c.published_shares.size(), 1u);
  EXPECT_EQ(c.published_shares[0].country, "AZ");
  EXPECT_EQ(c.published_shares[0].plants, (std::vector<std::string>{"khudafarin", "giz_galasi"}));
  EXPECT_DOUBLE_EQ(c.published_shares[0].energy_J, 358 * 3.6e12);
  EXPECT_EQ(c.published_shares[0].source, "S95; 368 GWh/y in S99");
  const std::string at = "/published_country_energy/0";
  const std::string el = "published share of 'AZ'";
  ExpectCaseError(ParseModified([](json& j) { j["published_country_energy"][0]["plants"][1] =
                                                  "aras_dam"; }),
                  "unknown-reservoir", el, at + "/plants/1", "aras_dam");
  ExpectCaseError(ParseModified([](json& j) { j["published_country_energy"][0]["plants"][1] =
                                                  "khudafarin"; }),
                  "duplicate-id", el, at + "/plants/1", "khudafarin");
  ExpectCaseError(ParseModified([](json& j) { j["published_country_energy"][0]["country"] =
                                                  "TM"; }),
                  "no-unit", "published share of 'TM'", at + "/plants/0", "khudafarin");
  ExpectCaseError(ParseModified([](json& j) {
                    j["published_country_energy"][0]["energy_gwh_per_y"]["value"] = -1;
                  }),
                  "negative-value", el, at + "/energy_gwh_per_y/value", "value");
  ExpectCaseError(ParseModified([](json& j) {
                    j["published_country_energy"][0]["energy_gwh_per_y"].erase("source");
                  }),
                  "missing-source", el, at + "/energy_gwh_per_y", "energy_gwh_per_y");
  ExpectCaseError(
      ParseModified([](json& j) { j["published_country_energy"][0]["plants"] = json::array(); }),
      "missing-key", el, at + "/plants", "plants");
  ExpectCaseError(
      ParseModified([](json& j) { j["published_country_energy"][0]["plants"] = "aras"; }),
      "wrong-type", el, at + "/plants", "plants");
  ExpectCaseError(ParseModified([](json& j) { j["published_country_energy"][0]["plant"] = 1; }),
                  "unknown-key", el, at + "/plant", "plant");
  ExpectCaseError(ParseModified([](json& j) { j["published_country_energy"] = 358; }),
                  "wrong-type", "case", "/published_country_energy",
                  "published_country_energy");
  // A figure below any plant's (its percentage overflowed), and one given twice.
  ExpectCaseError(ParseModified([](json& j) {
                    j["published_country_energy"][0]["energy_gwh_per_y"]["value"] = 1e-300;
                  }),
                  "out-of-range", el, at + "/energy_gwh_per_y/value", "value");
  ExpectCaseError(ParseModified([](json& j) {
                    j["published_country_energy"][1] = j["published_country_energy"][0];
                    j["published_country_energy"][1]["plants"] = {"giz_galasi", "khudafarin"};
                  }),
                  "duplicate-share", el, "/published_country_energy/1/plants", "plants");
  // (A figure of 0 is none: no second of anything.)
  EXPECT_TRUE(ParseModified([](json& j) {
                j["published_country_energy"][1] = j["published_country_energy"][0];
                j["published_country_energy"][1]["energy_gwh_per_y"]["value"] = 0;
              }).status.ok());
  // Every problem of the share at once.
  Parsed p = ParseModified([](json& j) {
    j["published_country_energy"][0]["plants"] = {"nowhere", 7};
    j["published_country_energy"][0]["energy_gwh_per_y"]["value"] = -5;
  });
  for (const char* rule : {"unknown-reservoir", "wrong-type", "negative-value"})
    EXPECT_NE(Find(p.diag, rule), nullptr) << rule;
  // A unit's country that was not read is said once, with no 'no unit of' after it; a case
  // without reservoirs still has its shares' own form judged.
  p = ParseModified([](json& j) { j["reservoirs"][1]["units"][0]["country"] = 5; });
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) {
    j["reservoirs"] = json::array();
    j["published_country_energy"][0]["country"] = 5;
  });
  EXPECT_NE(Find(p.diag, "wrong-type"), nullptr);
  // A case refused keeps nothing of its shares in the caller's case.
  HydroCase kept;
  kept.name = "before";
  Diagnostics dd;
  EXPECT_FALSE(ParseHydroCase(p.text, "bad_case.json", &kept, &dd).ok());
  EXPECT_EQ(kept.name, "before");
  EXPECT_TRUE(kept.published_shares.empty());
}

// A case's XML file and a file in UTF-16 are said once as what they are (both read
// "malformed JSON"); an empty reservoir id is empty-id, as a unit's (it was the rule of a
// name's characters).
TEST(HydroCaseReader, AnXmlOrWideFileAndAnEmptyIdAreNamed) {
  HydroCase c;
  Diagnostics d;
  EXPECT_FALSE(ParseHydroCase("<?xml version=\"1.0\"?>\n<network/>\n", "x.net", &c, &d).ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "wrong-file-kind");
  EXPECT_NE(d.items()[0].message.find("this is a GasLib network (.net), not a hydro case"),
            std::string::npos)
      << d.ToString();
  Diagnostics dw;
  EXPECT_FALSE(ParseHydroCase(std::string("{\0\n\0", 4), "w.json", &c, &dw).ok());
  ASSERT_EQ(dw.error_count(), 1u) << dw.ToString();
  EXPECT_EQ(dw.items()[0].rule, "bad-utf8");
  // An empty file (it read "malformed JSON"), and a case without its version (missing-key,
  // as the other readers say it).
  Diagnostics de;
  EXPECT_FALSE(ParseHydroCase(" \n", "e.json", &c, &de).ok());
  ASSERT_EQ(de.error_count(), 1u) << de.ToString();
  EXPECT_EQ(de.items()[0].rule, "empty-file");
  Parsed nv = ParseModified([](json& j) { j.erase("version"); });
  EXPECT_NE(Find(nv.diag, "missing-key"), nullptr) << nv.diag.ToString();
  EXPECT_EQ(nv.diag.ToString().find("[version]"), std::string::npos) << nv.diag.ToString();
  ExpectCaseError(ParseModified([](json& j) { j["reservoirs"][1]["id"] = ""; }), "empty-id",
                  "reservoir", "/reservoirs/1/id", "id");
  // A unit's or withdrawal's id with white space at an end, or a control character, is
  // bad-id, as every reader says it (both were taken without a word).
  ExpectCaseError(ParseModified([](json& j) { j["reservoirs"][0]["units"][0]["id"] = " u1"; }),
                  "bad-id", "unit ' u1'", "/reservoirs/0/units/0/id", "id");
  Parsed tab = ParseModified([](json& j) { j["reservoirs"][0]["units"][1]["id"] = "a\tb"; });
  ExpectCaseError(tab, "bad-id", "unit 'a\tb'", "/reservoirs/0/units/1/id", "id");
  EXPECT_NE(Find(tab.diag, "bad-id")->message.find("no control character"), std::string::npos);
}

// A list of another JSON type is wrong-type, at its line; an absent or empty one is
// missing-key (all were missing-key, and the year types' was said at the inflow's line).
TEST(HydroCaseReader, AListOfTheWrongTypeIsWrongType) {
  ExpectCaseError(ParseModified([](json& j) { j["reservoirs"][0]["units"] = 3; }), "wrong-type",
                  "reservoir 'aras'", "/reservoirs/0/units", "units");
  ExpectCaseError(ParseModified([](json& j) { j["reservoirs"][0]["withdrawals"] = "none"; }),
                  "wrong-type", "reservoir 'aras'", "/reservoirs/0/withdrawals", "withdrawals");
  ExpectCaseError(ParseModified([](json& j) { j["inflow"]["year_types"] = json::array(); }),
                  "wrong-type", "inflow", "/inflow/year_types", "year_types");
  ExpectCaseError(ParseModified([](json& j) { j["reservoirs"] = json::object(); }), "wrong-type",
                  "case", "/reservoirs", "reservoirs");
  Parsed p = ParseModified([](json& j) { j["reservoirs"][0].erase("withdrawals"); });
  const Diagnostic* absent = Find(p.diag, "missing-key");
  ASSERT_NE(absent, nullptr) << p.diag.ToString();
  EXPECT_EQ(absent->element, "reservoir 'aras'");
  EXPECT_NE(absent->message.find("got nothing (at /reservoirs/0)"), std::string::npos)
      << absent->message;
  ExpectCaseError(ParseModified([](json& j) { j["inflow"]["year_types"] = json::object(); }),
                  "missing-key", "inflow", "/inflow/year_types", "year_types");
  ExpectCaseError(ParseModified([](json& j) { j["reservoirs"] = json::array(); }), "missing-key",
                  "case", "/reservoirs", "reservoirs");
}

// Another of corridor's files is said as such, with what reads it, and nothing more of it
// is read (the corridor annotations gave a flood of unknown and missing keys).
TEST(HydroCaseReader, AFileOfAnotherFormatSaysWhatItIs) {
  const std::string text = "{\n \"format\": \"corridor-annotations\",\n \"version\": 1,\n"
                           " \"scenarios\": {}\n}\n";
  HydroCase c;
  Diagnostics d;
  EXPECT_FALSE(ParseHydroCase(text, "other.json", &c, &d).ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "wrong-file-kind");
  EXPECT_EQ(d.items()[0].line, 2);
  EXPECT_NE(d.items()[0].message.find("the file is the corridor case's annotations, which "
                                      "`corridor run --data DIR` reads from the folder that "
                                      "holds them; nothing else of it is read"),
            std::string::npos)
      << d.ToString();
  // A format of no file corridor knows is one problem among the file's others.
  Parsed p = ParseModified([](json& j) {
    j["format"] = "corridor-hydro";
    j["version"] = 2;
  });
  ASSERT_EQ(p.diag.error_count(), 2u) << p.diag.ToString();
  ExpectCaseError(p, "format", "case", "/format", "format");
  EXPECT_NE(Find(p.diag, "version"), nullptr);
}

TEST(HydroCaseReader, MissingSource) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][1]["dead_volume_mcm"].erase("source"); });
  ExpectCaseError(p, "missing-source", "reservoir 'khudafarin'", "/reservoirs/1/dead_volume_mcm",
                  "dead_volume_mcm");
}

// A source is a fact id that ends there or before a separator, or an estimate that says
// how: "S1xyz" and "estimate:" followed by blanks passed. A parameter's note is text on
// every parameter (42 was taken, unsaid, but on the published figure).
TEST(HydroCaseReader, SourcesAndNotesHaveTheirForm) {
  for (const char* bad : {"S1xyz", "estimate:   ", "S", "Sx1"}) {
    Parsed p = ParseModified(
        [&](json& j) { j["reservoirs"][1]["dead_volume_mcm"]["source"] = bad; });
    ExpectCaseError(p, "missing-source", "reservoir 'khudafarin'",
                    "/reservoirs/1/dead_volume_mcm/source", "source");
  }
  for (const char* good : {"S95", "S95; S96", "S95, S101 (table 2)", "estimate: as the curve"}) {
    json j = json::parse(ArazCaseText());
    j["reservoirs"][1]["dead_volume_mcm"]["source"] = good;
    HydroCase c;
    Diagnostics d;
    EXPECT_TRUE(ParseHydroCase(j.dump(1), "case.json", &c, &d).ok()) << good << d.ToString();
  }
  Parsed p = ParseModified([](json& j) { j["reservoirs"][1]["dead_volume_mcm"]["note"] = 42; });
  ExpectCaseError(p, "wrong-type", "reservoir 'khudafarin'", "/reservoirs/1/dead_volume_mcm/note",
                  "note");
}

// Levels are elevations: a curve 1e9 m up passed (up to the case's 1e12 limit) and its chart
// did not end. One finding per curve, at its first such level; the tailwater bed likewise.
TEST(HydroCaseReader, LevelsFarFromAnyDamAreRefused) {
  Parsed p = ParseModified([](json& j) {
    for (auto& z : j["reservoirs"][2]["curve"]["level_m"]) z = z.get<double>() + 1e9;
    for (auto& z : j["reservoirs"][2]["target_level_m"]["value"]) z = z.get<double>() + 1e9;
    j["reservoirs"][2]["tailwater"]["bed_m"]["value"] = 1e9 + 187;
  });
  ExpectCaseError(p, "implausible-value", "reservoir 'giz_galasi'",
                  "/reservoirs/2/curve/level_m/0", "1000000187");
  int said = 0;
  for (const Diagnostic& d : p.diag.items()) said += d.rule == "implausible-value";
  EXPECT_EQ(said, 2) << p.diag.ToString();  // the curve once, the bed once
  EXPECT_NE(p.diag.ToString().find("more levels of the curve alike"), std::string::npos)
      << p.diag.ToString();
}

TEST(HydroCaseReader, UnknownDownstream) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][0]["downstream"] = "mingachevir"; });
  ExpectCaseError(p, "unknown-reservoir", "reservoir 'aras'", "/reservoirs/0/downstream",
                  "downstream");
}

// A reservoir with no downstream link above the bottom of the list: the simulation still
// passed its release to the next one and charged it with the next one's canals, while its
// tailwater ignored the pool below (a review's probe ran to exit 0).
TEST(HydroCaseReader, EmptyDownstreamAboveTheBottom) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][1]["downstream"] = ""; });
  ExpectCaseError(p, "cascade-order", "reservoir 'khudafarin'", "/reservoirs/1/downstream",
                  "downstream");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
}

// An entry that is not a reservoir object leaves the cascade unknown: its one error, not a
// valid link to it called "not in the case" nor its missing link "out of order" (a review's
// probe: three errors, one of them for reservoir '').
TEST(HydroCaseReader, AnEntryThatIsNoObjectGivesOneError) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][1] = 5; });
  ExpectCaseError(p, "wrong-type", "reservoir", "/reservoirs/1", "5");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  // The same of an entry without its id.
  Parsed q = ParseModified([](json& j) { j["reservoirs"][1].erase("id"); });
  EXPECT_FALSE(q.status.ok());
  EXPECT_EQ(q.diag.error_count(), 1u) << q.diag.ToString();
  EXPECT_NE(q.diag.ToString().find("missing-key"), std::string::npos) << q.diag.ToString();
  // Two such entries are not one id twice; a link that cannot lead to them is still judged
  // (it was: one unknown entry silenced every link of the case).
  Parsed two = ParseModified([](json& j) {
    j["reservoirs"][0] = 5;
    j["reservoirs"][2] = nullptr;
    j["reservoirs"].push_back(j["reservoirs"][1]);
    j["reservoirs"][3]["id"] = "lower";
    j["reservoirs"][3]["downstream"] = "";
    j["reservoirs"][3]["units"] = json::array();  // (the copy's ids would be used twice)
    j["reservoirs"][3]["withdrawals"] = json::array();
    j["reservoirs"][1]["downstream"] = "lower";  // a known reservoir, not the next
  });
  EXPECT_EQ(two.diag.error_count(), 3u) << two.diag.ToString();
  EXPECT_EQ(two.diag.ToString().find("duplicate-id"), std::string::npos) << two.diag.ToString();
  EXPECT_NE(two.diag.ToString().find("downstream reservoir 'lower' must be the next one"),
            std::string::npos)
      << two.diag.ToString();
  // A name no reservoir read has, where the next entry was read: not in the case.
  Parsed missing = ParseModified([](json& j) {
    j["reservoirs"][2] = nullptr;
    j["reservoirs"][0]["downstream"] = "nosuch";
  });
  EXPECT_EQ(missing.diag.error_count(), 2u) << missing.diag.ToString();
  EXPECT_NE(missing.diag.ToString().find("'nosuch' is not in the case (nor can it be an entry "
                                         "that was not read: the next one in the list is "
                                         "'khudafarin')"),
            std::string::npos)
      << missing.diag.ToString();
}

// Withdrawal ids are checked as unit ids are: given, and used once in the case (a review's
// probe: an empty id and an id given twice were accepted).
TEST(HydroCaseReader, WithdrawalIdsAreGivenAndUnique) {
  Parsed p = ParseModified([](json& j) {
    j["reservoirs"][2]["withdrawals"][1]["id"] = j["reservoirs"][2]["withdrawals"][0]["id"];
  });
  ExpectCaseError(p, "duplicate-id", "reservoir 'giz_galasi'", "/reservoirs/2/withdrawals/1/id",
                  "id");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) { j["reservoirs"][2]["withdrawals"][0]["id"] = ""; });
  ExpectCaseError(p, "empty-id", "withdrawal #0 of 'giz_galasi'",
                  "/reservoirs/2/withdrawals/0/id", "id");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) { j["reservoirs"][0]["units"][2]["id"] = ""; });
  ExpectCaseError(p, "empty-id", "unit #2 of 'aras'", "/reservoirs/0/units/2/id", "id");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
}

// Regression: a unit without an id was named two ways in one run, "unit of 'khudafarin'"
// (empty-id) and "unit ''" (its other errors); now by its place in the list in each, as
// a withdrawal is, whether the id is empty or not given at all.
TEST(HydroCaseReader, UnitWithoutIdIsNamedOneWay) {
  Parsed p = ParseModified([](json& j) {
    auto& u = j["reservoirs"][1]["units"][1];
    u["id"] = "";
    u["max_power_mw"]["value"] = 0;
    auto& w = j["reservoirs"][2]["withdrawals"][0];
    w.erase("id");
    w["annual_mcm"]["value"] = -1;
  });
  std::printf("%s", p.diag.ToString().c_str());
  EXPECT_EQ(p.diag.error_count(), 4u) << p.diag.ToString();
  for (const Diagnostic& d : p.diag.items()) {
    if (d.message.find("/units/1") != std::string::npos)
      EXPECT_EQ(d.element, "unit #1 of 'khudafarin'") << d.ToString();
    else
      EXPECT_EQ(d.element, "withdrawal #0 of 'giz_galasi'") << d.ToString();
  }
  ExpectCaseError(p, "positive", "unit #1 of 'khudafarin'",
                  "/reservoirs/1/units/1/max_power_mw/value", "value");
  ExpectCaseError(p, "negative-volume", "withdrawal #0 of 'giz_galasi'",
                  "/reservoirs/2/withdrawals/0/annual_mcm/value", "value");
}

// The tailwater bed is compared with the full level, which the water never exceeds, not
// with the top of the table: a Giz Galasi bed of 216.5 m (full level 215 m, table to 217 m)
// ran to 0 GWh and exit 0.
// Dead or initial storage below the level-volume table: the levels, heads and areas there
// are not in it (5 mcm under a table from 20 mcm ran at the table's first level, unsaid).
// Khudafarin's table cut to start at 191 mcm (dead 117, initial 503), then at 513 mcm.
TEST(HydroCaseReader, DeadOrInitialVolumeBelowTheTable) {
  for (const int cut : {29, 39}) {
    Parsed p = ParseModified([cut](json& j) {
      for (const char* key : {"level_m", "volume_mcm", "area_km2"}) {
        json& a = j["reservoirs"][1]["curve"][key];
        a.erase(a.begin(), a.begin() + cut);
      }
    });
    ExpectCaseError(p, "outside-curve", "reservoir 'khudafarin'",
                    "/reservoirs/1/dead_volume_mcm/value", "value");
    int below = 0;
    for (const Diagnostic& d : p.diag.items())
      below += d.rule == "outside-curve" &&
               d.message.find("mcm is below the curve's lowest") != std::string::npos;
    EXPECT_EQ(below, cut == 29 ? 1 : 2) << p.diag.ToString();
  }
}

// A pool below that stands at or above the dam's full level (a datum mix-up): the water
// cannot run down to it, and the upper plant made nothing all year, unsaid. Khudafarin's
// levels 600 m up stand above Aras' full level.
TEST(HydroCaseReader, ADownstreamPoolAboveTheDamIsRefused) {
  Parsed p = ParseModified([](json& j) {
    for (json& z : j["reservoirs"][1]["curve"]["level_m"]) z = z.get<double>() + 600.0;
  });
  ExpectCaseError(p, "cascade-levels", "reservoir 'aras'", "/reservoirs/0/downstream",
                  "downstream");
  EXPECT_TRUE(ParseModified([](json&) {}).status.ok());
}

TEST(HydroCaseReader, TailwaterBedAtOrAboveTheFullLevel) {
  for (double bed : {216.5, 215.0}) {
    Parsed p = ParseModified(
        [bed](json& j) { j["reservoirs"][2]["tailwater"]["bed_m"]["value"] = bed; });
    ExpectCaseError(p, "tailwater-above-dam", "reservoir 'giz_galasi'",
                    "/reservoirs/2/tailwater/bed_m/value", "value");
    EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  }
  Parsed p = ParseModified(
      [](json& j) { j["reservoirs"][2]["tailwater"]["bed_m"]["value"] = 214.9; });
  EXPECT_TRUE(p.status.ok()) << p.diag.ToString();
}

// A unit whose minimum head is above any head the dam can give never runs: a warning,
// at its min_head_m. Giz Galasi: 0.98 x (215 - 187 m) = 27.44 m.
TEST(HydroCaseReader, MinimumHeadBeyondTheLargestHeadIsAWarning) {
  Parsed p = ParseModified(
      [](json& j) { j["reservoirs"][2]["units"][0]["min_head_m"]["value"] = 30.0; });
  EXPECT_TRUE(p.status.ok()) << p.diag.ToString();
  ASSERT_EQ(p.diag.warning_count(), 1u) << p.diag.ToString();
  const Diagnostic& w = p.diag.items()[0];
  EXPECT_EQ(w.rule, "min-head-unreachable");
  EXPECT_EQ(w.element, "unit 'giz_galasi_az'");
  EXPECT_NE(w.message.find("largest net head 27.44 m"), std::string::npos) << w.message;
  EXPECT_NE(w.message.find("(at /reservoirs/2/units/0/min_head_m/value)"), std::string::npos);
  EXPECT_NE(LineOf(p.text, w.line).find("\"value\""), std::string::npos);
  p = ParseModified(
      [](json& j) { j["reservoirs"][2]["units"][0]["min_head_m"]["value"] = 27.4; });
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.diag.items().size(), 0u) << p.diag.ToString();
}

// Names that would give two daily CSV columns one name are refused: reservoir ids `x` and
// `x_target` both gave `x_target_level_m`, a country `total` gave `power_total_MW` twice.
TEST(HydroCaseReader, NamesThatWouldGiveTwoColumnsOneName) {
  Parsed p = ParseModified([](json& j) {
    j["reservoirs"][1]["downstream"] = "khudafarin_target";
    j["reservoirs"][2]["id"] = "khudafarin_target";
    j["published_country_energy"][0]["plants"][1] = "khudafarin_target";  // (as renamed)
  });
  ExpectCaseError(p, "column-clash", "reservoir 'khudafarin_target'", "/reservoirs/2/id", "id");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  const Diagnostic* d = Find(p.diag, "column-clash");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("reservoir 'khudafarin_target' and reservoir 'khudafarin' both give "
                            "the daily CSV column 'khudafarin_target_level_m'"),
            std::string::npos)
      << d->message;
  p = ParseModified([](json& j) { j["reservoirs"][2]["withdrawals"][1]["country"] = "total"; });
  ExpectCaseError(p, "column-clash", "withdrawal 'giz_galasi_ir_canal'",
                  "/reservoirs/2/withdrawals/1/country", "country");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  d = Find(p.diag, "column-clash");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("the total of all countries and country 'total' both give the "
                            "daily CSV column 'power_total_MW'"),
            std::string::npos)
      << d->message;
  // A reservoir id used twice is a duplicate id only.
  p = ParseModified([](json& j) {
    j["reservoirs"][1]["downstream"] = "khudafarin";
    j["reservoirs"][2]["id"] = "khudafarin";
  });
  EXPECT_NE(Find(p.diag, "duplicate-id"), nullptr);
  for (const auto& x : p.diag.items()) EXPECT_NE(x.rule, "column-clash") << x.ToString();
}

TEST(HydroCaseReader, SharesDoNotSumToOne) {
  Parsed p = ParseModified(
      [](json& j) { j["reservoirs"][2]["withdrawals"][1]["monthly_share"]["value"][6] = 0.3; });
  ExpectCaseError(p, "shares-sum", "withdrawal 'giz_galasi_ir_canal'",
                  "/reservoirs/2/withdrawals/1/monthly_share/value", "value");
}

TEST(HydroCaseReader, InitialAboveFull) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][2]["initial_volume_mcm"]["value"] = 70; });
  ExpectCaseError(p, "volume-order", "reservoir 'giz_galasi'",
                  "/reservoirs/2/initial_volume_mcm/value", "value");
}

TEST(HydroCaseReader, BadUnitStatus) {
  Parsed p =
      ParseModified([](json& j) { j["reservoirs"][1]["units"][0]["status"]["value"] = "soon"; });
  ExpectCaseError(p, "unit-status", "unit 'khudafarin_az'", "/reservoirs/1/units/0/status/value",
                  "value");
}

// Names that become CSV columns or file names are plain: a country "A,Z" made the daily
// CSV's header 65 fields over rows of 58, a year type "a,b" wrote daily_a,b.csv.
TEST(HydroCaseReader, NamesThatBecomeColumnsOrFilesArePlain) {
  Parsed p = ParseModified([](json& j) { j["reservoirs"][0]["units"][0]["country"] = "A,Z"; });
  ExpectCaseError(p, "name", "unit 'aras_az_1'", "/reservoirs/0/units/0/country", "country");
  p = ParseModified([](json& j) {
    j["inflow"]["year_types"]["a,b"] = j["inflow"]["year_types"]["dry"];
  });
  ExpectCaseError(p, "name", "year type 'a,b'", "/inflow/year_types/a,b", "a,b");
  p = ParseModified([](json& j) {
    j["reservoirs"][2]["withdrawals"][0]["country"] = "I R";
  });
  EXPECT_FALSE(p.status.ok());
  Find(p.diag, "name");
}

// The version is compared as the integer it is (4294967297 read as an int was 1).
TEST(HydroCaseReader, VersionIsComparedWhole) {
  Parsed p = ParseModified([](json& j) { j["version"] = 4294967297LL; });
  ExpectCaseError(p, "version", "case", "/version", "version");
}

TEST(HydroCaseReader, JsonSyntaxErrorHasLine) {
  std::string text = ArazCaseText();
  auto pos = text.find("\"khudafarin\"");
  text.insert(pos, ",");  // a stray comma
  HydroCase c;
  Diagnostics diag;
  Status s = ParseHydroCase(text, "broken.json", &c, &diag);
  EXPECT_EQ(s.code(), Status::Code::kParseError);
  const Diagnostic* d = Find(diag, "json-syntax");
  ASSERT_NE(d, nullptr);
  int expected_line = static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n')) + 1;
  EXPECT_EQ(d->line, expected_line) << d->ToString();
  EXPECT_EQ(d->message.rfind("malformed JSON: syntax error while parsing", 0), 0u)
      << d->ToString();
  EXPECT_EQ(d->message.find("json.exception"), std::string::npos) << d->ToString();
}

TEST(HydroCaseReader, ReportsAllProblemsAtOnce) {
  Parsed p = ParseModified([](json& j) {
    j["reservoirs"][0]["dead_volume_mcm"]["value"] = -1;
    j["reservoirs"][1]["net_evaporation_mm_d"]["value"] = json::array({1, 2, 3});
    j["reservoirs"][2]["units"][0]["efficiency"]["value"] = 1.5;
    j["inflow"]["year_types"]["dry"]["value"] = "dry";
    j["colour"] = "blue";
  });
  std::printf("%s", p.diag.ToString().c_str());
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(p.diag.error_count(), 5u) << p.diag.ToString();
  for (const char* rule :
       {"negative-volume", "missing-month", "out-of-range", "wrong-type", "unknown-key"})
    Find(p.diag, rule);
}

// Regression: a number beyond a double made nlohmann throw out_of_range (406) out of
// ParseHydroCase, which caught parse_error only. Now a diagnostic on the number's line.
TEST(HydroCaseReader, NumberOverflowHasLine) {
  for (const std::string big : {std::string("1e999"), std::string("-1e999"),
                                "1" + std::string(400, '0')}) {
    std::string text = ArazCaseText();
    const std::size_t at = text.find("\"value\"", text.find("\"full_volume_mcm\""));
    const std::size_t num = text.find_first_of("-0123456789", at);
    text.replace(num, text.find_first_of(",\n}", num) - num, big);
    HydroCase c;
    Diagnostics diag;
    Status s;
    EXPECT_NO_THROW(s = ParseHydroCase(text, "overflow.json", &c, &diag)) << big;
    // The JSON is valid and the read goes on past the number (it said "not valid JSON"
    // under a not-finite error, then "read no further").
    EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << big;
    EXPECT_EQ(s.message(), "overflow.json: 1 error(s) in the hydro case");
    EXPECT_EQ(diag.error_count(), 1u) << diag.ToString();
    const Diagnostic* d = Find(diag, "not-finite");
    if (d == nullptr) continue;
    std::printf("%s\n", d->ToString().c_str());
    EXPECT_EQ(d->file, "overflow.json");
    EXPECT_EQ(d->line, static_cast<int>(std::count(text.begin(), text.begin() + num, '\n')) + 1);
    EXPECT_EQ(d->element, "reservoir 'aras'");
    EXPECT_NE(d->message.find(big.substr(0, 30)), std::string::npos) << d->message;
    EXPECT_NE(d->message.find("(at /reservoirs/0/full_volume_mcm/value)"), std::string::npos)
        << d->message;
    EXPECT_LT(d->message.size(), 140u) << d->message;
  }
}

// A number out of range found before the nesting stopped the read is said beside the
// json-syntax error (it was dropped).
TEST(HydroCaseReader, ANumberOutOfRangeBeforeTooDeepNestingIsSaid) {
  std::string text = ArazCaseText();
  const std::size_t version = text.find("\"version\"");
  ASSERT_NE(version, std::string::npos);
  text.insert(version, "\"colour\": 1e999, \"deep\": " + std::string(70, '[') +
                           std::string(70, ']') + ", ");
  HydroCase c;
  Diagnostics diag;
  EXPECT_FALSE(ParseHydroCase(text, "deep.json", &c, &diag).ok());
  EXPECT_NE(Find(diag, "json-syntax"), nullptr) << diag.ToString();
  EXPECT_NE(Find(diag, "not-finite"), nullptr) << diag.ToString();
}

// Numbers out of range are said each at its value, the null standing for it judged by no
// other rule, and the case's other problems are listed beside them (the read stopped at
// the numbers).
TEST(HydroCaseReader, NumbersOutOfRangeAndOtherProblemsAreAllListed) {
  std::string text = ArazCaseText();
  const std::size_t at = text.find("\"value\"", text.find("\"full_volume_mcm\""));
  const std::size_t num = text.find_first_of("-0123456789", at);
  text.replace(num, text.find_first_of(",\n}", num) - num, "1e999");
  const std::size_t area = text.find("\"area_km2\"");
  ASSERT_NE(area, std::string::npos);
  const std::size_t first = text.find_first_of("-0123456789", text.find('[', area));
  text.replace(first, text.find_first_of(",]", first) - first, "-2e999");
  const std::size_t version = text.find("\"version\"");
  ASSERT_NE(version, std::string::npos);
  text.insert(version, "\"colour\": 1e400, ");
  HydroCase c;
  Diagnostics diag;
  const Status s = ParseHydroCase(text, "overflow.json", &c, &diag);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  std::size_t not_finite = 0;
  for (const Diagnostic& d : diag.items()) not_finite += d.rule == "not-finite";
  EXPECT_EQ(not_finite, 3u) << diag.ToString();
  EXPECT_NE(Find(diag, "unknown-key"), nullptr) << diag.ToString();  // "colour"
  EXPECT_EQ(diag.error_count(), 4u) << diag.ToString();
  for (const char* said : {"number 1e999 does not fit a finite double (at /reservoirs/0/"
                           "full_volume_mcm/value)",
                           "number -2e999 does not fit a finite double (at /reservoirs/0/"
                           "curve/area_km2/0)",
                           "number 1e400 does not fit a finite double (at /colour)"})
    EXPECT_NE(diag.ToString().find(said), std::string::npos) << said << "\n" << diag.ToString();
  EXPECT_EQ(diag.ToString().find("null"), std::string::npos) << diag.ToString();
}

// Regression (fuzzing): a finite 1e305 MW overflowed to inf W and the case was accepted.
TEST(HydroCaseReader, ImplausiblyLargeNumbers) {
  Parsed p = ParseModified(
      [](json& j) { j["reservoirs"][2]["units"][0]["max_power_mw"]["value"] = 1e305; });
  ExpectCaseError(p, "implausible-value", "unit 'giz_galasi_az'",
                  "/reservoirs/2/units/0/max_power_mw/value", "value");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) { j["reservoirs"][0]["curve"]["area_km2"][1] = -1e300; });
  ExpectCaseError(p, "implausible-value", "reservoir 'aras'", "/reservoirs/0/curve/area_km2/1",
                  "-1e+300");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  // Beyond int but below the bound: rejected before the cast to int.
  p = ParseModified([](json& j) { j["reservoirs"][1]["release_priority"]["value"] = 1e10; });
  ExpectCaseError(p, "priority", "reservoir 'khudafarin'",
                  "/reservoirs/1/release_priority/value", "value");
}

// Regression: the inflow files' bound (1e6 m3/s) did not hold for the case pattern: a year
// type of 1e6 ran with 1.7e8 m3/s into Aras, exit 0. Said at each reservoir's mean, with
// the month and the year type of the largest product; a factor of 1000 still passes.
TEST(HydroCaseReader, PatternInflowBeyondAnyRiver) {
  Parsed p = ParseModified([](json& j) { j["inflow"]["year_types"]["wet"]["value"] = 1e6; });
  ExpectCaseError(p, "implausible-value", "reservoir 'aras'",
                  "/reservoirs/0/local_inflow_mean_m3s/value", "value");
  const Diagnostic* d = Find(p.diag, "implausible-value");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("in May of year type 'wet'"), std::string::npos) << d->message;
  EXPECT_NE(d->message.find("exceeds 1e+06 m3/s"), std::string::npos) << d->message;
  // Every reservoir with a local inflow, and nothing else.
  HydroCase c = ArazCase();
  std::size_t with_inflow = 0;
  for (const HydroReservoir& r : c.reservoirs) with_inflow += r.local_inflow_mean_m3s > 0;
  EXPECT_EQ(p.diag.error_count(), with_inflow) << p.diag.ToString();
  p = ParseModified([](json& j) { j["reservoirs"][0]["local_inflow_mean_m3s"]["value"] = 6e5; });
  ExpectCaseError(p, "implausible-value", "reservoir 'aras'",
                  "/reservoirs/0/local_inflow_mean_m3s/value", "value");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  // A value refused as beyond any figure is said once, not again here.
  p = ParseModified([](json& j) { j["inflow"]["year_types"]["wet"]["value"] = 1e13; });
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) { j["inflow"]["year_types"]["wet"]["value"] = 1000; });
  EXPECT_TRUE(p.status.ok()) << p.diag.ToString();
}

// Regression: water density and gravity were only > 0 (a density of 1e-300 ran and made no
// energy); now the ranges of real water at the earth's surface.
TEST(HydroCaseReader, DensityAndGravityInTheirRanges) {
  Parsed p = ParseModified([](json& j) { j["water_density_kg_m3"]["value"] = 1e-300; });
  ExpectCaseError(p, "out-of-range", "case", "/water_density_kg_m3/value", "value");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) { j["gravity_m_s2"]["value"] = 1.0; });
  ExpectCaseError(p, "out-of-range", "case", "/gravity_m_s2/value", "value");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  p = ParseModified([](json& j) {
    j["water_density_kg_m3"]["value"] = 1025.0;  // sea water
    j["gravity_m_s2"]["value"] = 9.78;           // at the equator
  });
  EXPECT_TRUE(p.status.ok()) << p.diag.ToString();
}

// Absurd nesting is refused before the line map walks it (recursively, keyed by pointers
// whose length grows with the depth).
TEST(HydroCaseReader, AbsurdNestingIsRefused) {
  const std::string text =
      "{\n \"format\": \"[[\",\n \"name\": " + std::string(100, '[') + std::string(100, ']') +
      "\n}\n";
  HydroCase c;
  Diagnostics diag;
  Status s = ParseHydroCase(text, "deep.json", &c, &diag);
  EXPECT_EQ(s.code(), Status::Code::kParseError);
  const Diagnostic* d = Find(diag, "json-syntax");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->line, 3) << d->ToString();
}

// Regression: a byte-order mark before the case threw the line map off (nlohmann skips it,
// the line scanner did not), so messages lost their lines.
TEST(HydroCaseReader, ByteOrderMarkKeepsLines) {
  json j = json::parse(ArazCaseText());
  j["reservoirs"][1]["dead_volume_mcm"]["value"] = -5;
  Parsed p;
  p.text = "\xEF\xBB\xBF" + j.dump(1);
  HydroCase c;
  p.status = ParseHydroCase(p.text, "bad_case.json", &c, &p.diag);
  ExpectCaseError(p, "negative-volume", "reservoir 'khudafarin'",
                  "/reservoirs/1/dead_volume_mcm/value", "value");
}

// The line map behind the case messages: members are where their key is, array items
// where they start, RFC 6901 escaping of '/' and '~', fallback to the nearest ancestor.
TEST(HydroCaseReader, JsonLineMap) {
  std::string text =
      "{\n"
      "  \"a/b\": 1,\n"
      "  \"c~d\": {\"x\": [10,\n"
      "     20, \"s,]\"],\n"
      "    \"y\": {}},\n"
      "  \"z\": \"q\\\"uote\"\n"
      "}\n";
  io::JsonLocator lines(text);
  EXPECT_EQ(lines.Line(""), 1);
  EXPECT_EQ(lines.Line("/a~1b"), 2);
  EXPECT_EQ(lines.Line("/c~0d"), 3);
  EXPECT_EQ(lines.Line("/c~0d/x/0"), 3);
  EXPECT_EQ(lines.Line("/c~0d/x/1"), 4);
  EXPECT_EQ(lines.Line("/c~0d/x/2"), 4);
  EXPECT_EQ(lines.Line("/c~0d/y"), 5);
  EXPECT_EQ(lines.Line("/z"), 6);
  EXPECT_EQ(lines.Line("/c~0d/y/missing/deeper"), 5);
  EXPECT_EQ(io::PointerAppend("/r", "a~/b"), "/r/a~0~1b");
}

// Of a key given twice, the last value counts: its line, and those of everything inside it.
TEST(HydroCaseReader, JsonLineMapKeepsTheLastOfARepeatedKey) {
  const std::string text =
      "{\"a\": [{\"x\": 1}],\n"
      " \"b\": [0],\n"
      " \"a\": [\n"
      "   {\"x\": 2}]}\n";
  io::JsonLocator lines(text);
  EXPECT_EQ(lines.Line("/a"), 3);
  EXPECT_EQ(lines.Line("/a/0"), 4);
  EXPECT_EQ(lines.Line("/a/0/x"), 4);
  EXPECT_EQ(lines.Line("/b/0"), 2);
}

// A key given twice: a warning at the one that counts (which the DOM keeps), and the rest of
// the case reads as usual.
TEST(HydroCaseReader, DuplicateKeyIsAWarningAtTheValueThatCounts) {
  std::string text = ArazCaseText();
  const std::string first = "\n \"version\": 1,";
  ASSERT_NE(text.find(first), std::string::npos);
  text.replace(text.find(first), first.size(), "\n \"version\": 1,\n \"version\": 1,");
  HydroCase c;
  Diagnostics d;
  Status s = ParseHydroCase(text, "dup.json", &c, &d);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  ASSERT_EQ(d.warning_count(), 1u) << d.ToString();
  const Diagnostic& w = d.items()[0];
  EXPECT_EQ(w.rule, "duplicate-key");
  EXPECT_EQ(w.element, "/version");
  EXPECT_EQ(w.line, 4);  // the second "version"
  EXPECT_EQ(LineOf(text, 4), " \"version\": 1,");
  EXPECT_NE(w.ToString().find("dup.json:4: warning: /version: key \"version\" appears more "
                              "than once"),
            std::string::npos)
      << w.ToString();
  // Given with another value, it is an error: the file does not say which it means (the
  // first 7 was read as 1 with a warning).
  text.replace(text.find("\"version\": 1"), 12, "\"version\": 7");
  Diagnostics d2;
  s = ParseHydroCase(text, "dup.json", &c, &d2);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(d2.ToString().find("dup.json:4: error: /version: key \"version\" appears more than "
                               "once in its object with different values (7, 1)"),
            std::string::npos)
      << d2.ToString();
}

// A case or inflow file with errors leaves the output as it was: nothing half read.
TEST(HydroCaseReader, ErrorsLeaveTheOutputUntouched) {
  HydroCase c;
  c.file = "keep";
  Diagnostics d;
  std::string text = ArazCaseText();
  const std::string v = "\"version\": 1";
  ASSERT_NE(text.find(v), std::string::npos);
  text.replace(text.find(v), v.size(), "\"version\": 2");
  EXPECT_FALSE(ParseHydroCase(text, "bad.json", &c, &d).ok());
  EXPECT_EQ(c.file, "keep");
  EXPECT_TRUE(c.reservoirs.empty());
  HydroInflow in;
  in.file = "keep";
  Diagnostics d2;
  EXPECT_FALSE(ParseHydroInflow("month,aras\n1,5\n", "inflow.csv", ArazCase(), &in, &d2).ok());
  EXPECT_EQ(in.file, "keep");
  EXPECT_TRUE(in.reservoir_ids.empty());
}

// A missing file is a diagnostic naming it, like every other reader's.
TEST(HydroCaseReader, MissingFilesAreReported) {
  HydroCase c;
  Diagnostics d;
  EXPECT_FALSE(ReadHydroCase("/nonexistent/case.json", &c, &d).ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].file, "/nonexistent/case.json");
  EXPECT_EQ(d.items()[0].rule, "file-not-found");
  HydroInflow in;
  Diagnostics d2;
  EXPECT_FALSE(ReadHydroInflow("/nonexistent/inflow.csv", ArazCase(), &in, &d2).ok());
  ASSERT_EQ(d2.error_count(), 1u) << d2.ToString();
  EXPECT_EQ(d2.items()[0].rule, "file-not-found");
}

// ---- inflow CSV -----------------------------------------------------------------------

Parsed ParseInflow(const std::string& text, HydroInflow* out = nullptr) {
  HydroCase c = ArazCase();
  HydroInflow in;
  Parsed p;
  p.text = text;
  p.status = ParseHydroInflow(text, "inflow.csv", c, out ? out : &in, &p.diag);
  return p;
}

std::string MonthlyCsv(int skip_month = 0) {
  std::string s = "# local inflow, m3/s\nmonth,aras,khudafarin,giz_galasi\n";
  for (int m = 1; m <= 12; ++m)
    if (m != skip_month) s += std::to_string(m) + ",80.5,40,0\n";
  return s;
}

void ExpectCsvError(const Parsed& p, const std::string& rule, int line,
                    const std::string& element) {
  EXPECT_FALSE(p.status.ok());
  const Diagnostic* d = Find(p.diag, rule);
  if (d == nullptr) {
    ADD_FAILURE() << "no " << rule << " error:\n" << p.diag.ToString();
    return;
  }
  std::printf("%s\n", d->ToString().c_str());
  EXPECT_EQ(d->file, "inflow.csv");
  EXPECT_EQ(d->line, line);
  EXPECT_EQ(d->element, element);
}

// Fields in quotes are read as RFC 4180 has them, as the controls file reads them: a quoted
// header and numbers read as written; a quoted "172,91" is one field, a decimal comma (it
// was two cells, "expected 4 values as in the header, got 5"); an open quote names itself.
TEST(HydroInflowReader, QuotedFieldsAreCsvFields) {
  std::string text = MonthlyCsv();
  text = text.substr(0, text.find("month")) + "\"month\",\"aras\",khudafarin,\"giz_galasi\"" +
         text.substr(text.find('\n', text.find("month")));
  text.replace(text.find("1,80.5"), 6, "1,\"80.5\"");
  HydroInflow in;
  Parsed p = ParseInflow(text, &in);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  EXPECT_EQ(in.values[0][0], 80.5);
  std::string comma = MonthlyCsv();
  comma.replace(comma.find("5,80.5"), 6, "5,\"80,5\"");
  p = ParseInflow(comma);
  ExpectCsvError(p, "not-a-number", 7, "column 'aras'");
  EXPECT_EQ(p.diag.ToString().find("[column-count]"), std::string::npos) << p.diag.ToString();
  std::string open = MonthlyCsv();
  open.replace(open.find("6,80.5"), 6, "6,\"80.5");
  p = ParseInflow(open);
  ExpectCsvError(p, "malformed-line", 8, "row");
  EXPECT_NE(p.diag.ToString().find("field 2 opens a quote that the line does not close"),
            std::string::npos)
      << p.diag.ToString();
  // The refused row's month is not missing as well (it read missing-month 6 too), nor that
  // of a row with a value too many.
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  std::string many = MonthlyCsv();
  many.replace(many.find("6,80.5"), 6, "6,80.5,1");
  p = ParseInflow(many);
  ExpectCsvError(p, "column-count", 8, "row");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  // In a daily file the days after a refused row are in sequence still (a malformed row, one
  // with a cell too many, a day that is no integer), and a stray line is no day.
  for (const char* bad : {"3,\"80", "3,80,1", "3x,80", "note,80,2"}) {
    std::string daily = "day,aras\n";
    for (int d = 1; d <= 365; ++d) {
      if (d == 3 && std::string(bad).rfind("note", 0) == 0) daily += std::string(bad) + "\n";
      daily += d == 3 && std::string(bad).rfind("note", 0) != 0 ? std::string(bad) + "\n"
                                                                : std::to_string(d) + ",80\n";
    }
    p = ParseInflow(daily);
    EXPECT_FALSE(p.status.ok()) << bad;
    EXPECT_EQ(p.diag.error_count(), 1u) << bad << "\n" << p.diag.ToString();
  }
}

TEST(HydroInflowReader, MonthlyFileReads) {
  HydroInflow in;
  Parsed p = ParseInflow(MonthlyCsv(), &in);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  EXPECT_EQ(in.kind, HydroInflow::Kind::kMonthly);
  ASSERT_EQ(in.values.size(), 3u);
  EXPECT_DOUBLE_EQ(in.values[0][11], 80.5);
}

// The reader says how long a file runs, which a daily file without reservoir columns says
// nowhere else (a review's probe: 365 days, "got 0 days", refused by the simulation).
TEST(HydroInflowReader, StepsAreTheFilesRows) {
  HydroInflow in;
  ASSERT_TRUE(ParseInflow(MonthlyCsv(), &in).status.ok());
  EXPECT_EQ(in.steps, 12u);
  std::string s = "day\n";
  for (int d = 1; d <= 730; ++d) s += std::to_string(d) + "\n";
  Parsed p = ParseInflow(s, &in);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  EXPECT_EQ(in.kind, HydroInflow::Kind::kDaily);
  EXPECT_TRUE(in.values.empty());
  EXPECT_EQ(in.steps, 730u);
}

TEST(HydroInflowReader, MissingMonth) {
  Parsed p = ParseInflow(MonthlyCsv(4));
  ExpectCsvError(p, "missing-month", 13, "months");
  EXPECT_NE(Find(p.diag, "missing-month")->message.find("missing: 4"), std::string::npos);
}

TEST(HydroInflowReader, NonNumericValue) {
  std::string s = MonthlyCsv();
  s.replace(s.find("3,80.5,40,0"), 11, "3,80.5,n/a,0");
  ExpectCsvError(ParseInflow(s), "not-a-number", 5, "column 'khudafarin'");
}

// A number beyond a double's range is said so, as the case reader and the XML readers say
// it ("'1e400' is not a number" before).
TEST(HydroInflowReader, ANumberBeyondADoublesRangeIsNotFinite) {
  std::string s = MonthlyCsv();
  s.replace(s.find("3,80.5,40,0"), 11, "3,80.5,1e400,0");
  Parsed p = ParseInflow(s);
  ExpectCsvError(p, "not-finite", 5, "column 'khudafarin'");
  EXPECT_NE(Find(p.diag, "not-finite")
                ->message.find("inflow (m3/s) '1e400' lies beyond a double's range"),
            std::string::npos);
  // inf and nan likewise (they were not-a-number).
  for (const char* t : {"inf", "nan"}) {
    std::string v = MonthlyCsv();
    v.replace(v.find("3,80.5,40,0"), 11, std::string("3,80.5,") + t + ",0");
    ExpectCsvError(ParseInflow(v), "not-finite", 5, "column 'khudafarin'");
  }
}

// A file of blanks and comments has no header; the rule is the controls file's.
TEST(HydroInflowReader, NoHeaderIsAnEmptyFile) {
  ExpectCsvError(ParseInflow("# nothing yet\n\n"), "empty-file", 1, "file");
  ExpectCsvError(ParseInflow(""), "empty-file", 1, "file");
}

TEST(HydroInflowReader, NegativeValue) {
  std::string s = MonthlyCsv();
  s.replace(s.find("7,80.5,40,0"), 11, "7,-80.5,40,0");
  ExpectCsvError(ParseInflow(s), "negative-value", 9, "column 'aras'");
}

// Regression: an inflow of 1e308 m3/s overflowed the balance to inf and the run exited 0.
TEST(HydroInflowReader, ImplausibleValue) {
  std::string s = MonthlyCsv();
  s.replace(s.find("7,80.5,40,0"), 11, "7,1e308,40,0");
  ExpectCsvError(ParseInflow(s), "implausible-value", 9, "column 'aras'");
}

TEST(HydroInflowReader, UnknownColumn) {
  std::string s = MonthlyCsv();
  s.replace(s.find("giz_galasi"), 10, "kiz_galasi");
  ExpectCsvError(ParseInflow(s), "unknown-reservoir", 2, "column 'kiz_galasi'");
  // A bad value in that column is named by the header too (it was "column '4'").
  s.replace(s.find("7,80.5,40,0"), 11, "7,80.5,40,x");
  ExpectCsvError(ParseInflow(s), "not-a-number", 9, "column 'kiz_galasi'");
}

TEST(HydroInflowReader, DuplicateMonth) {
  std::string s = MonthlyCsv(5) + "6,1,1,1\n";
  Parsed p = ParseInflow(s);
  ExpectCsvError(p, "duplicate-month", 14, "month 6");
  Find(p.diag, "missing-month");
}

// A row whose month is wrong still has its values checked: its bad inflows are listed
// beside the month's error (before, one error a row, and the rest came once it was mended).
TEST(HydroInflowReader, ARowWithABadMonthHasItsValuesCheckedToo) {
  for (const auto& [month, rule] : std::vector<std::pair<std::string, std::string>>{
           {"12", "duplicate-month"}, {"13", "month-range"}, {"x", "not-an-integer"}}) {
    const Parsed p = ParseInflow(MonthlyCsv() + month + ",-5,abc,1e400\n");
    ExpectCsvError(p, rule, 15, rule == "duplicate-month" ? "month 12" : "column 'month'");
    ExpectCsvError(p, "negative-value", 15, "column 'aras'");
    ExpectCsvError(p, "not-a-number", 15, "column 'khudafarin'");
    EXPECT_EQ(p.diag.error_count(), 4u) << month << "\n" << p.diag.ToString();
  }
}

TEST(HydroInflowReader, DailyNotWholeYears) {
  std::string s = "day,aras\n";
  for (int d = 1; d <= 400; ++d) s += std::to_string(d) + ",50\n";
  ExpectCsvError(ParseInflow(s), "whole-years", 401, "days");
}

// A daily file beyond the 200 years a run takes is refused at the first day beyond, with a
// rule (the run said it with neither line nor rule, once the file had been read).
TEST(HydroInflowReader, DailyBeyond200YearsIsRefusedAtItsLine) {
  std::string s = "day,aras\n";
  for (int d = 1; d <= 201 * 365; ++d) s += std::to_string(d) + ",50\n";
  const Parsed p = ParseInflow(s);
  ExpectCsvError(p, "too-many-years", 73002, "days");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  EXPECT_NE(p.diag.ToString().find("a daily inflow spans at most 200 years (73 000 days), got "
                                   "73365 days"),
            std::string::npos)
      << p.diag.ToString();
  s = "day,aras\n";
  for (int d = 1; d <= 200 * 365; ++d) s += std::to_string(d) + ",50\n";
  EXPECT_EQ(ParseInflow(s).diag.error_count(), 0u);
  // Rows refused just before the day beyond move the count past it: the line is still the
  // first day's beyond (it was said with none).
  s = "day,aras\n";
  for (int d = 1; d <= 72999; ++d) s += std::to_string(d) + ",50\n";
  s += "x\ny\n";  // (days 73000 and 73001, refused)
  for (int d = 73002; d <= 201 * 365; ++d) s += std::to_string(d) + ",50\n";
  const Parsed q = ParseInflow(s);
  const auto beyond = std::find_if(q.diag.items().begin(), q.diag.items().end(),
                                   [](const Diagnostic& x) { return x.rule == "too-many-years"; });
  ASSERT_NE(beyond, q.diag.items().end()) << q.diag.ToString();
  EXPECT_EQ(beyond->line, 73003) << q.diag.ToString();  // day 73002, past the 73000
}

TEST(HydroInflowReader, DailyGap) {
  std::string s = "day,aras,khudafarin,giz_galasi\n";
  for (int d = 1; d <= 366; ++d)
    if (d != 100) s += std::to_string(d) + ",50,20,0\n";
  const Parsed p = ParseInflow(s);
  ExpectCsvError(p, "day-sequence", 101, "column 'day'");
  // The days are counted by row: 365 rows are a year (counted from the last day number they
  // were 366 days, whole-years); 199 rows are none, and that is said too.
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  std::string short_file = "day,aras,khudafarin,giz_galasi\n";
  for (int d = 1; d <= 200; ++d)
    if (d != 50) short_file += std::to_string(d) + ",50,20,0\n";
  const Parsed q = ParseInflow(short_file);
  EXPECT_EQ(q.diag.error_count(), 2u) << q.diag.ToString();
  EXPECT_NE(q.diag.ToString().find("got 199 days [whole-years]"), std::string::npos)
      << q.diag.ToString();
}

// A series from day 0, or two rows swapped, is flagged at the wrong rows alone (the rows
// after them were flagged too: "expected 2, got 1" on a right row), and leap days are
// named as the likely cause of a count past whole years.
TEST(HydroInflowReader, DaySequenceErrorsDoNotCascade) {
  std::string from0 = "day,aras\n";
  for (int d = 0; d < 365; ++d) from0 += std::to_string(d) + ",50\n";
  Parsed p = ParseInflow(from0);
  ExpectCsvError(p, "day-sequence", 2, "column 'day'");
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  std::string swapped = "day,aras\n";
  for (int d = 1; d <= 365; ++d) swapped += std::to_string(d == 4 ? 5 : d == 5 ? 4 : d) + ",50\n";
  p = ParseInflow(swapped);
  EXPECT_EQ(p.diag.error_count(), 2u) << p.diag.ToString();
  for (const Diagnostic& d : p.diag.items())
    if (d.severity == Diagnostic::Severity::kError)
      EXPECT_TRUE(d.line == 5 || d.line == 6) << d.ToString();
  std::string leap = "day,aras\n";
  for (int d = 1; d <= 4 * 365 + 1; ++d) leap += std::to_string(d) + ",50\n";
  p = ParseInflow(leap);
  EXPECT_NE(p.diag.ToString().find("got 1461 days (4 x 365 + 1: leap days? The model's years "
                                   "have 365 days; drop each 29 February) [whole-years]"),
            std::string::npos)
      << p.diag.ToString();
}

// Regression: a spreadsheet's byte-order mark stuck to the first header cell
// ("\xEF\xBB\xBFmonth"), so the header was refused.
TEST(HydroInflowReader, ByteOrderMarkIsSkipped) {
  const std::string bom = "\xEF\xBB\xBF";
  HydroInflow in;
  std::string csv = MonthlyCsv();
  Parsed p = ParseInflow(bom + csv.substr(csv.find('\n') + 1), &in);  // header first
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  EXPECT_EQ(in.kind, HydroInflow::Kind::kMonthly);
  ASSERT_EQ(in.values.size(), 3u);
  EXPECT_DOUBLE_EQ(in.values[1][0], 40.0);
  // Lines keep their numbers (the comment line is line 1 here).
  csv.replace(csv.find("7,80.5,40,0"), 11, "7,-80.5,40,0");
  ExpectCsvError(ParseInflow(bom + csv), "negative-value", 9, "column 'aras'");
}

// Numbers are decimal whatever the locale: strtod's hexadecimal form is not an inflow.
TEST(HydroInflowReader, HexadecimalIsNotANumber) {
  std::string s = MonthlyCsv();
  s.replace(s.find("3,80.5,40,0"), 11, "3,0x50,40,0");
  ExpectCsvError(ParseInflow(s), "not-a-number", 5, "column 'aras'");
}

TEST(HydroInflowReader, BadHeader) {
  ExpectCsvError(ParseInflow("date,aras\n2024-01-01,5\n"), "inflow-header", 1, "header");
}

// Regression: `hydro --inflow` given a binary file echoed its raw bytes in the message. User
// text is shown with bytes outside printable ASCII as \xNN (as the controls reader does),
// and a long cell is cut.
TEST(HydroInflowReader, BinaryBytesAreShownEscaped) {
  Parsed p = ParseInflow(std::string("\x8F\x9C\x01garbage", 10) + std::string(100, 'x') +
                         "\n");
  ExpectCsvError(p, "inflow-header", 1, "header");
  const std::string m = Find(p.diag, "inflow-header")->message;
  EXPECT_NE(m.find("got '\\x8F\\x9C\\x01garbage" + std::string(20, 'x') + "... (110 bytes)'"),
            std::string::npos)
      << m;
  std::string s = MonthlyCsv();
  s.replace(s.find("giz_galasi"), 10, "giz\xFF");
  s.replace(s.find("3,80.5,40,0"), 11, "3,8\xE9,40,0");
  p = ParseInflow(s);
  ExpectCsvError(p, "unknown-reservoir", 2, "column 'giz\\xFF'");
  EXPECT_NE(Find(p.diag, "not-a-number")->message.find("inflow '8\\xE9' is not a number"),
            std::string::npos)
      << p.diag.ToString();
  for (const Diagnostic& d : p.diag.items())
    EXPECT_EQ(d.ToString().find_first_of("\xFF\xE9"), std::string::npos) << d.ToString();
}

}  // namespace
}  // namespace corridor::test
