// Controls files: good CSV and JSON read to exact SI values, the CSV writer round-trips,
// and each rule of docs/controls.md is reported with file:line, element and rule.
#include "corridor/controls.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/units.h"
#include "io/gaslib_test_util.h"

namespace corridor {
namespace {

using test::HasDiag;
using test::LineOf;

constexpr const char* kCsv = "controls.csv";
constexpr const char* kJson = "controls.json";

/// A -V1(valve)- B -CV1(control valve)- C -"CS 1,north"(compressor)- D -P1(pipe)- E,
/// plus a short pipe SP1 and a resistor R1 (elements without controls).
Network SmallNet() {
  Network n;
  for (const char* id : {"A", "B", "C", "D", "E"}) n.nodes.push_back({.id = id});
  auto arc = [&](const char* id, ArcKind kind, const char* from, const char* to) {
    Arc a;
    a.id = id;
    a.kind = kind;
    a.from = from;
    a.to = to;
    n.arcs.push_back(a);
  };
  arc("V1", ArcKind::kValve, "A", "B");
  arc("CV1", ArcKind::kControlValve, "B", "C");
  arc("CS 1,north", ArcKind::kCompressorStation, "C", "D");
  arc("P1", ArcKind::kPipe, "D", "E");
  arc("SP1", ArcKind::kShortPipe, "D", "E");
  arc("R1", ArcKind::kResistor, "D", "E");
  arc("CS2", ArcKind::kCompressorStation, "D", "E");
  n.BuildIndex();
  return n;
}

struct Parsed {
  Status status;
  Diagnostics diag;
  std::vector<ElementSetting> settings;
};

Parsed Read(const std::string& text, const char* file = kCsv) {
  Parsed p;
  const Network net = SmallNet();
  p.status = ReadControlsFromString(text, file, net, &p.settings, &p.diag);
  return p;
}

/// Reads a CSV made of the header and `rows`; expects exactly one error, with this rule,
/// on line 2 for this element, and returns its message.
std::string OneCsvError(const std::string& rows, const std::string& rule,
                        const std::string& element) {
  const Parsed p = Read("id,mode,value\n" + rows);
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput) << p.status.ToString();
  EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 2, element, rule));
  return p.diag.items().empty() ? "" : p.diag.items()[0].ToString();
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// One line per mode the small network has, with a BOM, a comment, a blank line, spaces
// around fields, a quoted id holding a comma and a CRLF line.
const std::string kGoodCsv =
    "\xEF\xBB\xBFid , mode , value\n"
    "# valves\n"
    "V1,closed,\n"
    "\n"
    "  CV1 , outlet_pressure , 60.5  \r\n"
    "\"CS 1,north\",ratio,1.5\n"
    "CS2,flow,360\n";

TEST(ControlsReader, GoodCsvReadsToSi) {
  const Parsed p = Read(kGoodCsv);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  EXPECT_EQ(p.diag.items().size(), 0u) << p.diag.ToString();
  ASSERT_EQ(p.settings.size(), 4u);
  EXPECT_EQ(p.settings[0].arc_id, "V1");
  EXPECT_EQ(p.settings[0].mode, ElementMode::kClosed);
  EXPECT_EQ(p.settings[0].value, 0.0);
  EXPECT_EQ(p.settings[1].arc_id, "CV1");
  EXPECT_EQ(p.settings[1].mode, ElementMode::kOutletPressure);
  EXPECT_EQ(p.settings[1].value, 6.05e6);  // 60.5 bar in Pa
  EXPECT_EQ(p.settings[2].arc_id, "CS 1,north");
  EXPECT_EQ(p.settings[2].mode, ElementMode::kRatio);
  EXPECT_EQ(p.settings[2].value, 1.5);
  EXPECT_EQ(p.settings[3].arc_id, "CS2");
  EXPECT_EQ(p.settings[3].mode, ElementMode::kFlow);
  EXPECT_DOUBLE_EQ(p.settings[3].value, 100.0);  // 360 000 m3/h = 100 m3/s
}

// An id with an invisible space at an end (a no-break space pasted before V1) is one bad-id
// naming the code point, and the rest of the row is read with the id as meant: it was an
// unknown arc, and a node's id so a row "mode 'pressure' sets a node's pressure" of a node.
TEST(ControlsReader, AnInvisibleSpaceAtAnIdsEndIsOneError) {
  const std::string msg =
      OneCsvError("\xC2\xA0V1,closed,\n", "bad-id", "element '\\xC2\\xA0V1'");
  EXPECT_TRUE(Contains(msg, "has an invisible space (U+00A0, unseen in most editors) at its "
                            "start: ids are matched as written, so 'V1' elsewhere"))
      << msg;
  // An id of nothing but such characters: that one error.
  OneCsvError("\xE2\x80\x8E,closed,\n", "bad-id", "element '\\xE2\\x80\\x8E'");
  // An overlong form of the same character (E0 82 A0) is no UTF-8: not read as one.
  const Parsed p = Read("id,mode,value\nV1\xE0\x82\xA0,closed,\n");
  EXPECT_FALSE(Contains(p.diag.ToString(), "[bad-id]")) << p.diag.ToString();
}

// simulate --set's short spellings (outlet, inlet, dp) are read too, in any case: a file
// with "outlet" was refused where --set refused "outlet_pressure".
TEST(ControlsReader, SetSpellingsOfModesAreRead) {
  const Parsed p = Read("id,mode,value\nCV1,dp,5\nCS2,Outlet,70\n\"CS 1,north\",INLET,40\n");
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  ASSERT_EQ(p.settings.size(), 3u);
  EXPECT_EQ(p.settings[0].mode, ElementMode::kPressureDrop);
  EXPECT_EQ(p.settings[0].value, 5e5);
  EXPECT_EQ(p.settings[1].mode, ElementMode::kOutletPressure);
  EXPECT_EQ(p.settings[1].value, 70e5);
  EXPECT_EQ(p.settings[2].mode, ElementMode::kInletPressure);
}

// A file with the lone CR line ends of old Mac programs reads line for line (it read as one
// comment line: "the file is empty"), its findings at their lines.
// The range rule `simulate --set` and code share: NaN compared false with both ends and
// passed as in range, and a mode outside the enumeration had no rule at all.
TEST(ControlsReader, SettingValueProblemRefusesNaNAndUnknownModes) {
  EXPECT_EQ(SettingValueProblem(ElementMode::kRatio, 1.2), "");
  EXPECT_NE(SettingValueProblem(ElementMode::kRatio, 0.5).find("got 0.5"), std::string::npos);
  // The value as given, to its last digit ("{:g}" said "got 1" for 0.99999999).
  EXPECT_NE(SettingValueProblem(ElementMode::kRatio, 0.99999999).find("got 0.99999999"),
            std::string::npos);
  EXPECT_NE(SettingValueProblem(ElementMode::kOutletPressure, 1000.0000001)  // bar
                .find("got 1000.0000001"),
            std::string::npos)
      << SettingValueProblem(ElementMode::kOutletPressure, 1000.0000001);
  EXPECT_EQ(SettingValueProblem(ElementMode::kRatio, std::nan("")),
            "ratio must be a finite number, got nan");
  EXPECT_NE(SettingValueProblem(ElementMode::kOutletPressure, INFINITY).find("finite"),
            std::string::npos);
  EXPECT_EQ(SettingValueProblem(ElementMode::kOpen, std::nan("")), "");  // takes no value
  EXPECT_EQ(SettingValueProblem(static_cast<ElementMode>(42), 1.0),
            "mode 42 is not one of the library's");
}

TEST(ControlsReader, LoneCarriageReturnsEndLines) {
  std::string cr = kGoodCsv;
  for (std::size_t at = cr.find('\n'); at != std::string::npos; at = cr.find('\n', at + 1))
    if (at == 0 || cr[at - 1] != '\r') cr[at] = '\r';
  const Parsed p = Read(cr);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  EXPECT_EQ(p.settings.size(), 4u);
  const Parsed bad = Read("# settings\rid,mode,value\rV1,shut,\r");
  EXPECT_TRUE(HasDiag(bad.diag, kCsv, 3, "valve 'V1'", "unknown-mode")) << bad.diag.ToString();
}

TEST(ControlsReader, EveryModeOfEveryKindIsAccepted) {
  const std::string csv =
      "id,mode,value\n"
      "V1,open,\n"
      "CV1,delta_p,2.5\n"
      "CS2,inlet_pressure,40\n"
      "\"CS 1,north\",bypass,\n";
  const Parsed p = Read(csv);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  ASSERT_EQ(p.settings.size(), 4u);
  EXPECT_EQ(p.settings[0].mode, ElementMode::kOpen);
  EXPECT_EQ(p.settings[1].mode, ElementMode::kPressureDrop);
  EXPECT_EQ(p.settings[1].value, 2.5e5);
  EXPECT_EQ(p.settings[2].mode, ElementMode::kInletPressure);
  EXPECT_EQ(p.settings[2].value, 4.0e6);
  EXPECT_EQ(p.settings[3].mode, ElementMode::kBypass);
  for (const char* row : {"CV1,bypass,", "CV1,open,", "CV1,closed,", "CS2,closed,",
                          "CS2,outlet_pressure,70", "CS2,ratio,1", "CS2,ratio,10", "CS2,flow,0",
                          "CS2,flow,1e6", "CV1,delta_p,0", "CV1,delta_p,1000",
                          "CV1,outlet_pressure,1000", "CV1,OUTLET_PRESSURE,+1e-3",
                          // (a back-pressure regulator: --set took it, the file refused it)
                          "CV1,inlet_pressure,40"}) {
    const Parsed q = Read(std::string("ID,Mode,Value\n") + row + "\n");
    EXPECT_TRUE(q.status.ok()) << row << "\n" << q.diag.ToString();
  }
}

TEST(ControlsReader, GoodJsonReadsLikeTheCsv) {
  const std::string json = R"(
  {"format": "corridor-controls", "version": 1,
   "controls": [
     {"id": "V1", "mode": "closed"},
     {"id": "CV1", "mode": "outlet_pressure", "value": 60.5},
     {"id": "CS 1,north", "mode": "ratio", "value": 1.5},
     {"id": "CS2", "mode": "flow", "value": 360, "note": null}
   ]})";
  // "note" is not a key of a control: the first try is rejected, the fixed one reads.
  const Parsed bad = Read(json, kJson);
  EXPECT_FALSE(bad.status.ok());
  EXPECT_TRUE(HasDiag(bad.diag, kJson, LineOf(json, "\"CS2\""), "compressorStation 'CS2'",
                      "unknown-key"));
  EXPECT_TRUE(Contains(bad.diag.items()[0].message, "(at /controls/3/note)"));
  const Parsed p = Read(test::Replace(json, ", \"note\": null", ""), kJson);
  ASSERT_TRUE(p.status.ok()) << p.diag.ToString();
  const Parsed c = Read(kGoodCsv);
  ASSERT_EQ(p.settings.size(), c.settings.size());
  for (std::size_t i = 0; i < p.settings.size(); ++i) {
    EXPECT_EQ(p.settings[i].arc_id, c.settings[i].arc_id);
    EXPECT_EQ(p.settings[i].mode, c.settings[i].mode);
    EXPECT_EQ(p.settings[i].value, c.settings[i].value) << p.settings[i].arc_id;
  }
  // A BOM before the object and a null value for a mode without one are accepted.
  const Parsed b = Read("\xEF\xBB\xBF{\"format\": \"corridor-controls\", \"version\": 1, "
                        "\"controls\": [{\"id\": \"V1\", \"mode\": \"open\", \"value\": null}]}",
                        kJson);
  ASSERT_TRUE(b.status.ok()) << b.diag.ToString();
  ASSERT_EQ(b.settings.size(), 1u);
  EXPECT_EQ(b.settings[0].mode, ElementMode::kOpen);
}

TEST(ControlsReader, CsvRoundTripsThroughControlsToCsv) {
  // File -> settings -> file gives the same text, with the digits the user wrote.
  const Parsed g = Read(kGoodCsv);
  ASSERT_TRUE(g.status.ok());
  const std::string csv = ControlsToCsv(g.settings);
  EXPECT_EQ(csv,
            "id,mode,value\nV1,closed,\nCV1,outlet_pressure,60.5\n"
            "\"CS 1,north\",ratio,1.5\nCS2,flow,360\n");
  const Parsed again = Read(csv);
  ASSERT_TRUE(again.status.ok()) << again.diag.ToString();
  ASSERT_EQ(again.settings.size(), g.settings.size());
  for (std::size_t i = 0; i < g.settings.size(); ++i) {
    EXPECT_EQ(again.settings[i].arc_id, g.settings[i].arc_id);
    EXPECT_EQ(again.settings[i].mode, g.settings[i].mode);
    EXPECT_EQ(again.settings[i].value, g.settings[i].value) << g.settings[i].arc_id;
  }
}

// A whole controls file, references and comments included, reads back to itself (simulate
// --save-controls writes it): comments of several lines stay comments.
TEST(ControlsReader, AControlsFileRoundTripsThroughControlsFileToCsv) {
  const Network n = SmallNet();
  ControlsFile f;
  f.settings = {{"V1", ElementMode::kClosed, 0.0},
                {"CS 1,north", ElementMode::kRatio, 1.35},
                {"CV1", ElementMode::kOutletPressure, 61.2e5}};
  f.slacks = {{"A", 70.01325e5}, {"E", 1.0 / 3.0 * 1e7}};
  const std::string csv = ControlsFileToCsv(f, {"saved by a test", "two\nlines"});
  EXPECT_EQ(csv.rfind("# saved by a test\n# two\n# lines\nid,mode,value\nV1,closed,\n", 0), 0u)
      << csv;
  EXPECT_NE(csv.find("\nA,pressure,70.01325\n"), std::string::npos) << csv;
  ControlsFile back;
  Diagnostics diag;
  ASSERT_TRUE(ReadControlsFromString(csv, "saved.csv", n, &back, &diag).ok()) << diag.ToString();
  EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
  ASSERT_EQ(back.settings.size(), f.settings.size());
  for (std::size_t i = 0; i < f.settings.size(); ++i) {
    EXPECT_EQ(back.settings[i].arc_id, f.settings[i].arc_id);
    EXPECT_EQ(back.settings[i].mode, f.settings[i].mode);
    EXPECT_EQ(back.settings[i].value, f.settings[i].value);
  }
  ASSERT_EQ(back.slacks.size(), 2u);
  EXPECT_EQ(back.slacks[0].node_id, "A");
  EXPECT_EQ(back.slacks[0].pressure_Pa, 70.01325e5);
  EXPECT_EQ(back.slacks[1].pressure_Pa, f.slacks[1].pressure_Pa);  // to the last place
}

TEST(ControlsReader, ArbitrarySiValuesRoundTripToTheLastPlace) {
  // SI values that are no round number in file units; a fixed LCG keeps the test
  // deterministic. Each must read back within 2 units in the last place, and most
  // exactly (the writer searches for digits that do).
  const struct {
    const char* id;
    ElementMode mode;
    double lo, hi;
  } kinds[] = {{"CV1", ElementMode::kPressureDrop, 0.0, 1.0e8},
               {"CV1", ElementMode::kOutletPressure, 1.0, 1.0e8},
               {"CS2", ElementMode::kFlow, 0.0, 2.7e5},
               {"CS2", ElementMode::kRatio, 1.0, 10.0}};
  std::uint64_t state = 12345;
  auto uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  int exact = 0, total = 0;
  for (const auto& k : kinds) {
    for (int i = 0; i < 500; ++i) {
      const ElementSetting in{k.id, k.mode, k.lo + (k.hi - k.lo) * uniform()};
      const std::string csv = ControlsToCsv({in});
      const Parsed p = Read(csv);
      ASSERT_TRUE(p.status.ok()) << csv << p.diag.ToString();
      ASSERT_EQ(p.settings.size(), 1u);
      const double back = p.settings[0].value;
      const double ulp = std::nextafter(in.value, HUGE_VAL) - in.value;
      EXPECT_LE(std::abs(back - in.value), 2 * ulp) << csv;
      exact += back == in.value;
      ++total;
    }
  }
  EXPECT_GT(exact, total / 2) << exact << " of " << total << " exact";
  std::printf("exact round trips: %d of %d\n", exact, total);
}

// ---- one test per rule -------------------------------------------------------------------

TEST(ControlsRules, UnknownId) {
  const std::string m = OneCsvError("V9,open,\n", "unknown-id", "arc 'V9'");
  EXPECT_TRUE(Contains(m, "controls.csv:2: error: arc 'V9': ")) << m;
  // Ids are case-sensitive, an empty id is its own rule, and stray bytes are shown escaped.
  OneCsvError("v1,open,\n", "unknown-id", "arc 'v1'");
  OneCsvError(" ,open,\n", "empty-id", "arc (no id)");
  OneCsvError("V1\xff,open,\n", "unknown-id", "arc 'V1\\xFF'");
  // The nearest ids of the network are suggested (case aside, a letter off).
  EXPECT_TRUE(Contains(OneCsvError("v1,open,\n", "unknown-id", "arc 'v1'"),
                       "no arc or node of the network has this id (did you mean 'V1'?)"));
  EXPECT_TRUE(Contains(OneCsvError("CS3,bypass,\n", "unknown-id", "arc 'CS3'"),
                       "(did you mean 'CS2'?)"));
  EXPECT_FALSE(Contains(OneCsvError("pipeline_9,open,\n", "unknown-id", "arc 'pipeline_9'"),
                        "did you mean"));
}

TEST(ControlsRules, ElementKindWithoutControls) {
  const std::string m = OneCsvError("P1,open,\n", "no-controls", "pipe 'P1'");
  EXPECT_TRUE(Contains(m, "a pipe has no controls")) << m;
  OneCsvError("SP1,closed,\n", "no-controls", "shortPipe 'SP1'");
  OneCsvError("R1,open,\n", "no-controls", "resistor 'R1'");
}

TEST(ControlsRules, ModeTheElementDoesNotHaveListsItsModes) {
  std::string m = OneCsvError("V1,ratio,1.2\n", "mode-not-allowed", "valve 'V1'");
  EXPECT_TRUE(Contains(m, "a valve takes open, closed")) << m;
  m = OneCsvError("CV1,flow,10\n", "mode-not-allowed", "controlValve 'CV1'");
  EXPECT_TRUE(Contains(m, "a control valve takes outlet_pressure, inlet_pressure, delta_p, open, bypass, closed"))
      << m;
  m = OneCsvError("CS2,open,\n", "mode-not-allowed", "compressorStation 'CS2'");
  EXPECT_TRUE(Contains(
      m, "a compressor station takes outlet_pressure, inlet_pressure, ratio, flow, bypass, closed"))
      << m;
  m = OneCsvError("CS2,throttle,3\n", "unknown-mode", "compressorStation 'CS2'");
  EXPECT_TRUE(Contains(m, "'throttle'")) << m;
  EXPECT_TRUE(Contains(m, "ratio, flow")) << m;
}

TEST(ControlsRules, MalformedLines) {
  OneCsvError("V1,open\n", "malformed-line", "valve 'V1'");
  OneCsvError("V1,open,,\n", "malformed-line", "valve 'V1'");
  // (A line whose id cannot be told names the row: "file:22: error: field 1 opens a
  // quote ..." named no element.)
  const std::string m = OneCsvError("\"V1,open,\n", "malformed-line", "row");
  EXPECT_TRUE(Contains(m, "does not close")) << m;
  EXPECT_TRUE(Contains(m, ": error: row: field 1")) << m;
  OneCsvError("V\"1,open,\n", "malformed-line", "row");
  OneCsvError("\"V1\"x,open,\n", "malformed-line", "row");
  OneCsvError(",open\n", "malformed-line", "row");
  // A doubled quote inside quotes is a quote: the id is V"1, which the network lacks.
  OneCsvError("\"V\"\"1\",open,\n", "unknown-id", "arc 'V\"1'");
}

TEST(ControlsRules, ValueMissing) {
  const std::string m =
      OneCsvError("CV1,outlet_pressure,\n", "missing-value", "controlValve 'CV1'");
  EXPECT_TRUE(Contains(m, "(bar)")) << m;
  OneCsvError("CS2,flow, \n", "missing-value", "compressorStation 'CS2'");
}

TEST(ControlsRules, ValueNotANumber) {
  for (const char* v : {"70bar", "seventy", "1,5", "0x10", "+-3", "7 0"}) {
    const std::string row = std::string("CS2,outlet_pressure,\"") + v + "\"\n";
    OneCsvError(row, "not-a-number", "compressorStation 'CS2'");
  }
}

TEST(ControlsRules, ValueNotFinite) {
  for (const char* v : {"inf", "-inf", "nan", "NaN", "1e999", "infinity"})
    OneCsvError(std::string("CS2,ratio,") + v + "\n", "not-finite", "compressorStation 'CS2'");
}

TEST(ControlsRules, ValueGivenForAModeWithoutOne) {
  const std::string m = OneCsvError("V1,closed,0\n", "unexpected-value", "valve 'V1'");
  EXPECT_TRUE(Contains(m, "takes no value")) << m;
  OneCsvError("CS2,bypass,1\n", "unexpected-value", "compressorStation 'CS2'");
}

TEST(ControlsRules, ValuesOutOfRange) {
  struct Case {
    const char* row;
    const char* element;
    const char* says;
  };
  for (const Case& c : {
           Case{"CS2,outlet_pressure,0", "compressorStation 'CS2'",
                ">= 0.001 and <= 1000, in bar"},
           Case{"CS2,inlet_pressure,-5", "compressorStation 'CS2'", ">= 0.001 and <= 1000, in bar"},
           Case{"CV1,outlet_pressure,1000.001", "controlValve 'CV1'", "got 1000.001"},
           Case{"CS2,ratio,0.9", "compressorStation 'CS2'", "cannot reduce pressure"},
           Case{"CS2,ratio,10.5", "compressorStation 'CS2'", ">= 1 and <= 10, got 10.5"},
           Case{"CS2,flow,-1", "compressorStation 'CS2'", ">= 0 and <= 1000000, in 1000 Nm3/h"},
           Case{"CS2,flow,1000001", "compressorStation 'CS2'", "got 1000001"},
           Case{"CV1,delta_p,-0.1", "controlValve 'CV1'", ">= 0 and <= 1000, in bar"},
           Case{"CV1,delta_p,1001", "controlValve 'CV1'", "got 1001"},
       }) {
    const std::string m = OneCsvError(std::string(c.row) + "\n", "out-of-range", c.element);
    EXPECT_TRUE(Contains(m, c.says)) << m;
  }
}

TEST(ControlsRules, DuplicateIdNamesTheFirstLine) {
  const std::string csv = "id,mode,value\nV1,open,\nCV1,open,\n# again\nV1,closed,\n";
  const Parsed p = Read(csv);
  EXPECT_FALSE(p.status.ok());
  ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 5, "valve 'V1'", "duplicate-id"));
  EXPECT_TRUE(Contains(p.diag.items()[0].message, "already set on line 2"));
}

// A spreadsheet of another locale: fields separated by ';' (or tabs) are said once at the
// header, not as a malformed line for every row, and a decimal comma is named where it
// splits a number into a fourth field (helper-288).
TEST(ControlsRules, AnotherLocalesSeparatorAndDecimalCommaAreNamed) {
  for (const std::string& header : {std::string("id;mode;value"), std::string("ID; Mode; Value"),
                                    std::string("id\tmode\tvalue")}) {
    const Parsed p = Read(header + "\nCV1;outlet;40\nV1;closed;\n");
    EXPECT_FALSE(p.status.ok());
    ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
    EXPECT_TRUE(HasDiag(p.diag, kCsv, 1, "header", "bad-header")) << p.diag.ToString();
    EXPECT_TRUE(Contains(p.diag.items()[0].message, "not by commas")) << p.diag.ToString();
  }
  const Parsed p = Read("id,mode,value\nCV1,outlet,1,5\n");
  ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  EXPECT_TRUE(Contains(p.diag.items()[0].message, "got 4 ('1,5': a decimal comma? write 1.5)"))
      << p.diag.ToString();
}

// A case's XML file given as the controls is refused once, naming what it is, at its root's
// line (a .scn gave one bad-header and a malformed-line error per line, a .net 130).
TEST(ControlsRules, AnXmlFileIsRefusedOnceAsWhatItIs) {
  for (const auto& [xml, kind] : std::vector<std::pair<std::string, std::string>>{
           {"<?xml version=\"1.0\"?>\n<!-- a\n comment -->\n<boundaryValue>\n<scenario/>\n"
            "</boundaryValue>\n",
            "a GasLib nomination (.scn) (<boundaryValue>)"},
           {"\xEF\xBB\xBF<framework:network>\n</framework:network>\n",
            "a GasLib network (.net) (<framework:network>)"},
           {"  <foo/>\n", "an XML file (<foo>)"}}) {
    const Parsed p = Read(xml);
    EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput) << p.status.ToString();
    ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
    // (The root's line: past the declaration and a comment of two lines.)
    EXPECT_TRUE(HasDiag(p.diag, kCsv, xml.find("<!--") != std::string::npos ? 4 : 1, "",
                        "wrong-file-kind"))
        << p.diag.ToString();
    EXPECT_TRUE(Contains(p.diag.items()[0].message, "this is " + kind + ", not a controls file"))
        << p.diag.ToString();
  }
}

// Another of corridor's JSON files given as the controls is said once, with what reads it,
// at the line of its "format" (a hydro case gave an unknown key per member); a format of no
// file corridor knows stays one problem among the others.
TEST(ControlsRules, AnotherCorridorFileIsRefusedOnceAsWhatItIs) {
  // (Its numbers beyond a double and its repeated keys are not judged: they were said first.)
  const Parsed p = Read("{\n  \"name\": \"Araz\",\n  \"format\": \"corridor-hydro-case\",\n"
                        "  \"reservoirs\": [], \"x\": 1e999, \"x\": 2\n}\n",
                        "case.json");
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput) << p.status.ToString();
  ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, "case.json", 3, "controls", "wrong-file-kind")) << p.diag.ToString();
  EXPECT_TRUE(Contains(p.diag.items()[0].message,
                       "got \"corridor-hydro-case\": the file is a hydro case, which `corridor "
                       "hydro FILE` reads; nothing else of it is read"))
      << p.diag.ToString();
  const Parsed other = Read("{\"format\": \"corridor-control\", \"version\": 1, "
                            "\"controls\": [], \"x\": 1}",
                            "c.json");
  EXPECT_TRUE(HasDiag(other.diag, "c.json", 1, "controls", "format")) << other.diag.ToString();
  EXPECT_TRUE(HasDiag(other.diag, "c.json", 1, "controls", "unknown-key"))
      << other.diag.ToString();
  // Without format and version: missing-key, as the other JSON readers say it.
  const Parsed bare = Read("{\"controls\": []}", "b.json");
  EXPECT_EQ(bare.diag.error_count(), 2u) << bare.diag.ToString();
  EXPECT_TRUE(Contains(bare.diag.ToString(), "\"format\" must be \"corridor-controls\", got "
                                             "nothing (at /) [missing-key]"))
      << bare.diag.ToString();
  EXPECT_TRUE(Contains(bare.diag.ToString(), "\"version\" must be 1, got nothing (at /) "
                                             "[missing-key]"))
      << bare.diag.ToString();
}

// A file saved as UTF-16 ("Unicode" in a Windows editor) is refused as a whole, at line 1:
// read as bytes, the NULs between its characters made a finding of every row.
TEST(ControlsRules, Utf16IsRefusedAsAWhole) {
  auto utf16le = [](const std::string& ascii) {
    std::string out = "\xFF\xFE";
    for (char c : ascii) out += std::string{c, '\0'};
    return out;
  };
  for (const char* file : {kCsv, kJson})
    for (const std::string& text :
         {utf16le(kGoodCsv.substr(3)), utf16le("{\"format\": \"corridor-controls\"}"),
          std::string("\xFE\xFF\0i\0d"), std::string("i\0d\0,\0", 6)}) {
      const Parsed p = Read(text, file);
      EXPECT_EQ(p.status.code(), Status::Code::kParseError) << p.status.ToString();
      ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
      EXPECT_TRUE(HasDiag(p.diag, file, 1, "", "bad-utf8")) << p.diag.ToString();
      EXPECT_TRUE(Contains(p.diag.items()[0].message, "UTF-16")) << p.diag.ToString();
      EXPECT_TRUE(p.settings.empty());
    }
}

TEST(ControlsRules, EmptyFileOrNoHeader) {
  for (const char* text : {"", "\n  \n", "\xEF\xBB\xBF", "# only a comment\n\n"}) {
    const Parsed p = Read(text);
    EXPECT_EQ(p.status.code(), Status::Code::kParseError);
    EXPECT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
    EXPECT_TRUE(HasDiag(p.diag, kCsv, 1, "file", "empty-file"));
  }
  for (const char* text : {"V1,open,\n", "id,mode\nV1,open\n", "id;mode;value\n"}) {
    const Parsed p = Read(text);
    EXPECT_FALSE(p.status.ok());
    EXPECT_TRUE(HasDiag(p.diag, kCsv, 1, "header", "bad-header"));
  }
  // A header alone is a valid file with no settings, and says so (at the header's line: it
  // set nothing unsaid); so does JSON's empty "controls" (at its line).
  const Parsed h = Read("# saved before the rows\nid,mode,value\n");
  EXPECT_TRUE(h.status.ok()) << h.diag.ToString();
  EXPECT_TRUE(h.settings.empty());
  EXPECT_EQ(h.diag.error_count(), 0u) << h.diag.ToString();
  ASSERT_EQ(h.diag.items().size(), 1u) << h.diag.ToString();
  EXPECT_EQ(h.diag.items()[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_TRUE(HasDiag(h.diag, kCsv, 2, "controls", "sets-nothing")) << h.diag.ToString();
  const Parsed j = Read("{\"format\": \"corridor-controls\", \"version\": 1,\n"
                        " \"controls\": []}\n",
                        kJson);
  EXPECT_TRUE(j.status.ok()) << j.diag.ToString();
  EXPECT_EQ(j.diag.error_count(), 0u) << j.diag.ToString();
  EXPECT_TRUE(HasDiag(j.diag, kJson, 2, "controls", "sets-nothing")) << j.diag.ToString();
  EXPECT_NE(j.diag.ToString().find("its \"controls\" list is empty"), std::string::npos)
      << j.diag.ToString();  // (JSON has no header)
  EXPECT_NE(h.diag.ToString().find("no rows after its header"), std::string::npos);
  // One row is not "nothing".
  EXPECT_TRUE(Read("id,mode,value\nV1,open,\n").diag.items().empty());
}

TEST(ControlsRules, AllProblemsAreListedAndOutputIsUntouched) {
  const std::string csv =
      "id,mode,value\n"
      "V1,open,\n"            // fine
      "V9,open,\n"            // unknown-id
      "P1,open,\n"            // no-controls
      "CV1,ratio,2\n"         // mode-not-allowed
      "CS2,outlet_pressure,x\n"  // not-a-number
      "CS2,flow,-1\n"         // duplicate-id and out-of-range
      "\"CS 1,north\",closed\n";  // malformed-line
  Parsed p;
  p.settings = {{"keep", ElementMode::kRatio, 1.25}};
  const Network net = SmallNet();
  p.status = ReadControlsFromString(csv, kCsv, net, &p.settings, &p.diag);
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(Contains(p.status.message(), "7 errors")) << p.status.message();
  EXPECT_EQ(p.diag.error_count(), 7u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 3, "arc 'V9'", "unknown-id"));
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 4, "pipe 'P1'", "no-controls"));
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 5, "controlValve 'CV1'", "mode-not-allowed"));
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 6, "compressorStation 'CS2'", "not-a-number"));
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 7, "compressorStation 'CS2'", "duplicate-id"));
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 7, "compressorStation 'CS2'", "out-of-range"));
  EXPECT_TRUE(HasDiag(p.diag, kCsv, 8, "compressorStation 'CS 1,north'", "malformed-line"));
  ASSERT_EQ(p.settings.size(), 1u);
  EXPECT_EQ(p.settings[0].arc_id, "keep");
  EXPECT_EQ(p.settings[0].value, 1.25);
  // The cap keeps the first few messages and counts the rest.
  Diagnostics capped(3);
  std::vector<ElementSetting> out;
  EXPECT_FALSE(ReadControlsFromString(csv, kCsv, net, &out, &capped).ok());
  EXPECT_EQ(capped.error_count(), 7u);
  EXPECT_EQ(capped.items().size(), 3u);
  EXPECT_EQ(capped.dropped(), 4u);
}

// ---- JSON ---------------------------------------------------------------------------------

TEST(ControlsJson, EachRuleWithItsLineAndPointer) {
  const std::string json = R"({
  "format": "corridor-controls",
  "version": 1,
  "controls": [
    {"id": "V9", "mode": "open"},
    {"id": "CV1",
     "mode": "ratio", "value": 2},
    {"id": "CS2", "mode": "flow",
     "value": "360"},
    {"id": "CS2", "mode": "ratio", "value": 0.5},
    {"id": "V1", "mode": "closed", "value": 0},
    {"id": "P1", "mode": "open"},
    {"mode": "open"},
    {"id": 7, "mode": "open"},
    {"id": "CV1a", "mode": "outlet_pressure", "value": 0},
    "V1"
  ]
})";
  Parsed p;
  p.settings = {{"keep", ElementMode::kOpen, 0.0}};
  const Network net = SmallNet();
  p.status = ReadControlsFromString(json, kJson, net, &p.settings, &p.diag);
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"V9\""), "arc 'V9'", "unknown-id"));
  EXPECT_TRUE(
      HasDiag(p.diag, kJson, LineOf(json, "\"ratio\", \"value\": 2"), "controlValve 'CV1'",
              "mode-not-allowed"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"360\""), "compressorStation 'CS2'",
                      "not-a-number"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "0.5}"), "compressorStation 'CS2'",
                      "duplicate-id"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "0.5}"), "compressorStation 'CS2'",
                      "out-of-range"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"value\": 0}"), "valve 'V1'",
                      "unexpected-value"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"P1\""), "pipe 'P1'", "no-controls"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "{\"mode\": \"open\"}"), "controls[6]",
                      "missing-key"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"id\": 7"), "controls[7]", "wrong-type"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"CV1a\""), "arc 'CV1a'", "unknown-id"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"CV1a\""), "arc 'CV1a'", "out-of-range"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, LineOf(json, "\"V1\"\n"), "controls[9]", "wrong-type"));
  EXPECT_EQ(p.diag.error_count(), 12u) << p.diag.ToString();
  bool pointer = false;
  for (const Diagnostic& d : p.diag.items())
    pointer = pointer || Contains(d.message, "(at /controls/2/value)");
  EXPECT_TRUE(pointer) << p.diag.ToString();
  ASSERT_EQ(p.settings.size(), 1u);
  EXPECT_EQ(p.settings[0].arc_id, "keep");
}

TEST(ControlsJson, EnvelopeRules) {
  Parsed p = Read("{\"format\": \"corridor-control\", \"version\": 2,\n \"controls\": {}}", kJson);
  EXPECT_FALSE(p.status.ok());
  EXPECT_TRUE(HasDiag(p.diag, kJson, 1, "controls", "format"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, 1, "controls", "version"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "controls", "wrong-type"));
  p = Read("{\"format\": \"corridor-controls\", \"version\": 1.0, \"controls\": []}", kJson);
  EXPECT_TRUE(HasDiag(p.diag, kJson, 1, "controls", "version"));  // an integer, as elsewhere
  p = Read("{\"format\": \"corridor-controls\", \"version\": 1,\n \"control\": []}", kJson);
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "controls", "unknown-key"));
  EXPECT_TRUE(HasDiag(p.diag, kJson, 1, "controls", "missing-key"));
  p = Read("{\"format\": \"corridor-controls\",\n \"version\": 1,\n \"controls\": [\n", kJson);
  EXPECT_EQ(p.status.code(), Status::Code::kParseError);
  ASSERT_EQ(p.diag.error_count(), 1u) << p.diag.ToString();
  EXPECT_EQ(p.diag.items()[0].rule, "json-syntax");
  EXPECT_GE(p.diag.items()[0].line, 3);
  // What was wrong, without nlohmann's exception id and position (the line is the
  // diagnostic's).
  EXPECT_EQ(p.diag.items()[0].message.rfind("malformed JSON: syntax error while parsing", 0),
            0u)
      << p.diag.items()[0].message;
  EXPECT_EQ(p.diag.items()[0].message.find("json.exception"), std::string::npos);
  // A NUL byte ended nlohmann's input: what followed the document was never read.
  p = Read(std::string("{\"format\": \"corridor-controls\", \"version\": 1, \"controls\": []}\n"
                       "\0this is not JSON {{{ ]]", 86),
           kJson);
  EXPECT_EQ(p.status.code(), Status::Code::kParseError);
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "controls", "json-syntax")) << p.diag.ToString();
  // JSON has no inf or nan; a number beyond a double's range stops the parser itself. It is
  // said as the CSV's "1e999" is, at its control (it was "controls", and the read stopped
  // there), and the read goes on past it: the file's other problems are listed too.
  const std::string big =
      "{\"format\": \"corridor-controls\", \"version\": 1, \"controls\": [\n"
      " {\"id\": \"CS2\", \"mode\": \"ratio\", \"value\": 1e999},\n"
      " {\"id\": \"V1\", \"mode\": \"half-open\"}]}";
  p = Read(big, kJson);
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(p.diag.error_count(), 2u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "compressorStation 'CS2'", "not-finite"))
      << p.diag.ToString();
  EXPECT_NE(p.diag.ToString().find("value '1e999' of mode 'ratio' is not a finite number"),
            std::string::npos)
      << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 3, "valve 'V1'", "unknown-mode")) << p.diag.ToString();
  // The line is the number's own, even when the same text appears earlier (in an id).
  const std::string twice =
      "{\"format\": \"corridor-controls\", \"version\": 1, \"controls\": [\n"
      " {\"id\": \"1e999\", \"mode\": \"open\"},\n"
      " {\"id\": \"CS2\", \"mode\": \"ratio\", \"value\": 1e999}]}";
  p = Read(twice, kJson);
  EXPECT_TRUE(HasDiag(p.diag, kJson, 3, "compressorStation 'CS2'", "not-finite"))
      << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "arc '1e999'", "unknown-id")) << p.diag.ToString();
  // Each one, not only the first (the parse stops there).
  const std::string three =
      "{\"format\": \"corridor-controls\", \"version\": 1, \"controls\": [\n"
      " {\"id\": \"CS2\", \"mode\": \"ratio\", \"value\": 1e999},\n"
      " {\"id\": \"CS2\", \"mode\": \"ratio\", \"value\": 2e999},\n"
      " {\"id\": \"CV1\", \"mode\": \"outlet_pressure\", \"value\": -3e999}]}";
  p = Read(three, kJson);
  std::size_t not_finite = 0;
  for (const Diagnostic& d : p.diag.items()) not_finite += d.rule == "not-finite";
  EXPECT_EQ(not_finite, 3u) << p.diag.ToString();
  for (int line : {2, 3})
    EXPECT_TRUE(HasDiag(p.diag, kJson, line, "compressorStation 'CS2'", "not-finite"))
        << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 4, "controlValve 'CV1'", "not-finite"))
      << p.diag.ToString();
  // Below a double's range likewise (nlohmann read 1e-400 as 0, the CSV refused it), at
  // the number's own line though "-1e-400" is an id before it; a zero so written is 0.
  const std::string tiny =
      "{\"format\": \"corridor-controls\", \"version\": 1, \"controls\": [\n"
      " {\"id\": \"-1e-400\", \"mode\": \"open\"},\n"
      " {\"id\": \"CS2\", \"mode\": \"flow\", \"value\": 0.0e-500},\n"
      " {\"id\": \"CS2\", \"mode\": \"flow\", \"value\": 1e-400}]}";
  p = Read(tiny, kJson);
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput);
  not_finite = 0;
  for (const Diagnostic& d : p.diag.items()) not_finite += d.rule == "not-finite";
  EXPECT_EQ(not_finite, 1u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 4, "compressorStation 'CS2'", "not-finite"))
      << p.diag.ToString();
  // A number out of range where no control's value goes is said alone, at its line, and its
  // stand-in is not judged again ("'id' must be a string, got null"); one in a value whose
  // mode is unknown is said too (nothing judged the value then).
  const std::string elsewhere =
      "{\"format\": \"corridor-controls\", \"version\": 1e999, \"controls\": [\n"
      " {\"id\": 1e999, \"mode\": \"open\"},\n"
      " 1e999,\n"
      " {\"id\": \"CS2\", \"mode\": \"spin\", \"value\": 1e999}]}";
  p = Read(elsewhere, kJson);
  EXPECT_EQ(p.diag.error_count(), 5u) << p.diag.ToString();
  for (int line : {1, 2, 3})
    EXPECT_TRUE(HasDiag(p.diag, kJson, line, "controls", "not-finite")) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 4, "compressorStation 'CS2'", "unknown-mode"))
      << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 4, "compressorStation 'CS2'", "not-finite"))
      << p.diag.ToString();
  EXPECT_EQ(p.diag.ToString().find("null"), std::string::npos) << p.diag.ToString();
  // A value under a "controls" that is no array has no control's check to say it: said
  // here (it was said nowhere).
  p = Read("{\"format\": \"corridor-controls\", \"version\": 1, \"controls\":\n"
           " {\"0\": {\"id\": \"CS2\", \"mode\": \"ratio\", \"value\": 1e999}}}",
           kJson);
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "controls", "not-finite")) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 2, "controls", "wrong-type")) << p.diag.ToString();
  EXPECT_EQ(p.diag.error_count(), 2u) << p.diag.ToString();
}

// ---- files --------------------------------------------------------------------------------

TEST(ControlsReader, ReadsAFileAndReportsAMissingOne) {
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("corridor_controls_" + std::to_string(::getpid())))
                              .string();
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/c.csv";
  ASSERT_TRUE(WriteFileAtomically(path, kGoodCsv).ok());
  const Network net = SmallNet();
  std::vector<ElementSetting> out;
  Diagnostics d;
  EXPECT_TRUE(ReadControls(path, net, &out, &d).ok()) << d.ToString();
  EXPECT_EQ(out.size(), 4u);
  Diagnostics missing;
  const Status s = ReadControls(dir + "/none.csv", net, &out, &missing);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasDiag(missing, dir + "/none.csv", 0, "", "file-not-found")) << s.ToString();
  EXPECT_EQ(out.size(), 4u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

// Node rows set pressure references: `NODE,pressure,BAR`.
TEST(ControlsNodes, PressureRowsBecomeSlacks) {
  const Network net = SmallNet();
  ControlsFile f;
  Diagnostics d;
  ASSERT_TRUE(ReadControlsFromString("id,mode,value\nA,pressure,62.5\nV1,open,\n", kCsv, net,
                                     &f, &d)
                  .ok())
      << d.ToString();
  ASSERT_EQ(f.slacks.size(), 1u);
  EXPECT_EQ(f.slacks[0].node_id, "A");
  EXPECT_DOUBLE_EQ(f.slacks[0].pressure_Pa, 62.5e5);
  ASSERT_EQ(f.settings.size(), 1u);
  // The settings-only reader refuses node rows rather than dropping them.
  std::vector<ElementSetting> s;
  Diagnostics d2;
  EXPECT_FALSE(ReadControlsFromString("id,mode,value\nA,pressure,62.5\n", kCsv, net, &s, &d2)
                   .ok());
  EXPECT_TRUE(HasDiag(d2, kCsv, 2, "innode 'A'", "no-node-controls")) << d2.ToString();
}

// A row whose mode is refused has its value checked as a number all the same: "abc" beside
// a node's ratio or an arc's pressure came to light only once the mode was mended.
TEST(ControlsNodes, AValueIsCheckedWhereTheModeIsRefused) {
  const Network net = SmallNet();
  ControlsFile f;
  Diagnostics d;
  EXPECT_FALSE(ReadControlsFromString("id,mode,value\nA,ratio,abc\nV1,pressure,xyz\n"
                                      "CV1,bogus,1e400\n",
                                      kCsv, net, &f, &d)
                   .ok());
  EXPECT_TRUE(HasDiag(d, kCsv, 2, "innode 'A'", "mode-not-allowed")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 2, "innode 'A'", "not-a-number")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 3, "valve 'V1'", "mode-not-allowed")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 3, "valve 'V1'", "not-a-number")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 4, "controlValve 'CV1'", "unknown-mode")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 4, "controlValve 'CV1'", "not-finite")) << d.ToString();
  EXPECT_EQ(d.error_count(), 6u) << d.ToString();
}

// A node and an arc may share an id: a pressure row is the node's (only a node takes one;
// it was refused as the valve's, though --slack took the node), and the arc's own row is
// no duplicate of it.
TEST(ControlsNodes, APressureRowIsTheNodesWhereAnArcSharesItsId) {
  Network net = SmallNet();
  net.arcs[0].id = "B";  // the valve V1 between A and B, now called B
  net.BuildIndex();
  ControlsFile f;
  Diagnostics d;
  ASSERT_TRUE(
      ReadControlsFromString("id,mode,value\nB,closed,\nB,pressure,65\n", kCsv, net, &f, &d)
          .ok())
      << d.ToString();
  ASSERT_EQ(f.slacks.size(), 1u);
  EXPECT_EQ(f.slacks[0].node_id, "B");
  EXPECT_DOUBLE_EQ(f.slacks[0].pressure_Pa, 65e5);
  ASSERT_EQ(f.settings.size(), 1u);
  EXPECT_EQ(f.settings[0].arc_id, "B");
  EXPECT_EQ(f.settings[0].mode, ElementMode::kClosed);
  // Each of them twice is still a duplicate.
  Diagnostics d2;
  EXPECT_FALSE(ReadControlsFromString("id,mode,value\nB,pressure,65\nB,pressure,66\n", kCsv,
                                      net, &f, &d2)
                   .ok());
  EXPECT_TRUE(HasDiag(d2, kCsv, 3, "innode 'B'", "duplicate-id")) << d2.ToString();
}

// A pressure row of an id the network lacks is a node's with a typo: unknown-id naming a
// node, its value checked as a node's, and no second error saying that mode 'pressure'
// is a node's (mode-not-allowed of "arc 'entry1'" went away once the id was mended).
TEST(ControlsNodes, APressureRowOfAnUnknownIdIsOneError) {
  const Network net = SmallNet();
  ControlsFile f;
  Diagnostics d;
  EXPECT_FALSE(
      ReadControlsFromString("id,mode,value\nAA,pressure,50\n", kCsv, net, &f, &d).ok());
  EXPECT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 2, "node 'AA'", "unknown-id")) << d.ToString();
  EXPECT_TRUE(f.slacks.empty());
  Diagnostics d2;
  EXPECT_FALSE(
      ReadControlsFromString("id,mode,value\nAA,pressure,-3\n", kCsv, net, &f, &d2).ok());
  EXPECT_EQ(d2.error_count(), 2u) << d2.ToString();
  EXPECT_TRUE(HasDiag(d2, kCsv, 2, "node 'AA'", "out-of-range")) << d2.ToString();
}

// Every node row is refused at its own line, along with the file's other problems.
TEST(ControlsNodes, SettingsOnlyReadersRefuseEachNodeRowAtItsLine) {
  const Network net = SmallNet();
  const std::string csv = "id,mode,value\nA,pressure,62.5\nV1,open,\nB,pressure,50\nP1,open,\n";
  std::vector<ElementSetting> s = {{"keep", ElementMode::kOpen, 0.0}};
  Diagnostics d;
  EXPECT_EQ(ReadControlsFromString(csv, kCsv, net, &s, &d).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 2, "innode 'A'", "no-node-controls")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 4, "innode 'B'", "no-node-controls")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 5, "pipe 'P1'", "no-controls")) << d.ToString();
  ASSERT_EQ(s.size(), 1u);  // untouched
  // The same through a file, and through JSON (at the entry's id).
  const std::string json =
      "{\"format\": \"corridor-controls\", \"version\": 1, \"controls\": [\n"
      " {\"id\": \"V1\", \"mode\": \"open\"},\n"
      " {\"id\": \"C\", \"mode\": \"pressure\", \"value\": 50}]}";
  Diagnostics dj;
  EXPECT_FALSE(ReadControlsFromString(json, kJson, net, &s, &dj).ok());
  EXPECT_EQ(dj.error_count(), 1u) << dj.ToString();
  EXPECT_TRUE(HasDiag(dj, kJson, 3, "innode 'C'", "no-node-controls")) << dj.ToString();
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("corridor_controls_nodes_" + std::to_string(::getpid()) + ".csv"))
                               .string();
  ASSERT_TRUE(WriteFileAtomically(path, csv).ok());
  Diagnostics df;
  EXPECT_FALSE(ReadControls(path, net, &s, &df).ok());
  std::filesystem::remove(path);
  EXPECT_TRUE(HasDiag(df, path, 4, "innode 'B'", "no-node-controls")) << df.ToString();
}

// A key given twice: a warning at the one that counts, and the problems inside it at their
// own lines (not at those of the value it replaced).
// A key given twice with different values is an error at the value that counts (it was a
// warning: the file does not say which it means); the rest is read on.
TEST(ControlsJson, DuplicateKeyIsAnErrorAtTheValueThatCounts) {
  const std::string json = R"({
  "format": "corridor-controls",
  "version": 1,
  "controls": [
    {"id": "V1", "mode": "open"}
  ],
  "controls": [
    {"id": "P1", "mode": "open"},
    {"id": "CV1", "mode": "open",
     "mode": "ratio", "value": 2}
  ]
})";
  const Parsed p = Read(json, kJson);
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(p.diag.warning_count(), 0u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 7, "/controls", "duplicate-key")) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 10, "/controls/1/mode", "duplicate-key"))
      << p.diag.ToString();
  EXPECT_NE(p.diag.ToString().find("error: /controls/1/mode: key \"mode\" appears more than "
                                   "once in its object with different values (\"open\", "
                                   "\"ratio\")"),
            std::string::npos)
      << p.diag.ToString();
  EXPECT_EQ(p.diag.error_count(), 4u) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 8, "pipe 'P1'", "no-controls")) << p.diag.ToString();
  EXPECT_TRUE(HasDiag(p.diag, kJson, 10, "controlValve 'CV1'", "mode-not-allowed"))
      << p.diag.ToString();
}

TEST(ControlsNodes, BadNodeRowsAreReportedWithTheirRule) {
  const Network net = SmallNet();
  ControlsFile f;
  Diagnostics d;
  const Status st = ReadControlsFromString(
      "id,mode,value\nA,open,\nB,pressure,\nC,pressure,-3\nA,pressure,50\nV1,pressure,50\n",
      kCsv, net, &f, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(HasDiag(d, kCsv, 2, "innode 'A'", "mode-not-allowed")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 3, "innode 'B'", "missing-value")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 4, "innode 'C'", "out-of-range")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 5, "innode 'A'", "duplicate-id")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kCsv, 6, "valve 'V1'", "mode-not-allowed")) << d.ToString();
  EXPECT_TRUE(f.slacks.empty());
}

// A reference below 1 mbar, the solver's least (SteadyOptions::Validate), is the file's
// finding at its line: 0.0001 bar was read, and the run refused "10 Pa" without a line.
// 0.001 bar is read. And the upper end of a flow's range is one SteadyOptions takes: 1 000 000
// 1000 Nm3/h, one rounding above 1e9 / 3600 m3/s, was refused there.
TEST(ControlsNodes, AReferencePressureHasTheSolversRangeAndAFlowItsUpperEnd) {
  const Network net = SmallNet();
  ControlsFile f;
  Diagnostics d;
  EXPECT_EQ(ReadControlsFromString("id,mode,value\nC,pressure,0.0001\n", kCsv, net, &f, &d)
                .code(),
            Status::Code::kInvalidInput);
  EXPECT_TRUE(HasDiag(d, kCsv, 2, "innode 'C'", "out-of-range")) << d.ToString();
  EXPECT_NE(d.ToString().find("pressure must be >= 0.001 and <= 1000, in bar"),
            std::string::npos)
      << d.ToString();
  ControlsFile g;
  Diagnostics dg;
  ASSERT_TRUE(
      ReadControlsFromString("id,mode,value\nC,pressure,0.001\nCS2,flow,1000000\n", kCsv, net,
                             &g, &dg)
          .ok())
      << dg.ToString();
  SteadyOptions o;
  o.slacks = g.slacks;
  o.settings = g.settings;
  EXPECT_TRUE(o.Validate().ok()) << o.Validate().ToString();
}

// Without a network (a case that did not load): every rule that needs none, in both
// formats; the id rules wait, and a note says so.
TEST(ControlsRules, CheckedWithoutANetwork) {
  const std::string base = (std::filesystem::temp_directory_path() /
                            ("corridor_controls_nonet_" + std::to_string(::getpid())))
                               .string();
  const std::string csv = base + ".csv", js = base + ".json";
  ASSERT_TRUE(WriteFileAtomically(csv, "id,mode,value\ncs1,ratio,0.5\nN1,pressure,2000\n"
                                       "cs1,open,\nv,closed,1\nw,sideways,\nok,bypass,\n")
                  .ok());
  ASSERT_TRUE(WriteFileAtomically(js, R"({"format": "corridor-controls", "version": 1,
 "controls": [{"id": "cs1", "mode": "flow", "value": -1},
              {"id": "N1", "mode": "pressure", "value": 50}]})")
                  .ok());
  Diagnostics d;
  const Status s = CheckControlsWithoutNetwork(csv, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_EQ(d.error_count(), 5u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, csv, 2, "element 'cs1'", "out-of-range")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, csv, 3, "node 'N1'", "out-of-range")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, csv, 4, "element 'cs1'", "duplicate-id")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, csv, 5, "element 'v'", "unexpected-value")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, csv, 6, "element 'w'", "unknown-mode")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, csv, 0, "controls", "not-checked")) << d.ToString();
  Diagnostics dj;
  EXPECT_EQ(CheckControlsWithoutNetwork(js, &dj).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(dj.error_count(), 1u) << dj.ToString();
  EXPECT_TRUE(HasDiag(dj, js, 2, "element 'cs1'", "out-of-range")) << dj.ToString();
  // A clean file passes, with the note; broken JSON is a parse error without it.
  ASSERT_TRUE(WriteFileAtomically(csv, "id,mode,value\ncs1,ratio,1.2\nN1,pressure,50\n").ok());
  Diagnostics ok;
  EXPECT_TRUE(CheckControlsWithoutNetwork(csv, &ok).ok()) << ok.ToString();
  EXPECT_EQ(ok.error_count(), 0u);
  EXPECT_TRUE(HasDiag(ok, csv, 0, "controls", "not-checked")) << ok.ToString();
  ASSERT_TRUE(WriteFileAtomically(js, "{\"format\": ").ok());
  Diagnostics bad;
  EXPECT_EQ(CheckControlsWithoutNetwork(js, &bad).code(), Status::Code::kParseError);
  EXPECT_FALSE(HasDiag(bad, js, 0, "controls", "not-checked")) << bad.ToString();
  std::filesystem::remove(csv);
  std::filesystem::remove(js);
}

}  // namespace
}  // namespace corridor
