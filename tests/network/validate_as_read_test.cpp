// LoadCaseAsRead and ValidateOptions::read_errors: a case whose files had reader errors is
// validated as far as it was read, each problem reported once (by the reader where the
// reader found it), and nothing reported that follows from what the readers could not read.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/validate.h"
#include "io/gaslib_test_util.h"
#include "test_util.h"

namespace corridor {
namespace {

class AsRead : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("corridor_as_read_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    EXPECT_TRUE(WriteFileAtomically(p, text).ok());
    return p;
  }

  /// Loads the files as read and validates what was read; the diagnostics of both in diag_.
  void Check(const std::vector<std::string>& files) {
    loaded_ = LoadCaseAsRead(files, &case_, &read_, &diag_);
    if (!read_.network_read) return;
    ValidateOptions o;
    if (!loaded_.ok()) o.read_errors = &read_;
    ASSERT_TRUE(ValidateCase(case_, o, &summary_, &diag_).ok());
  }

  /// How many diagnostics carry this rule.
  std::size_t Count(const std::string& rule) const {
    std::size_t n = 0;
    for (const Diagnostic& d : diag_.items()) n += d.rule == rule;
    return n;
  }

  std::filesystem::path dir_;
  GasCase case_;
  ReadErrors read_;
  Diagnostics diag_{1000};
  Status loaded_;
  ValidationSummary summary_;
};

const char* kLonely =
    "    <innode id=\"lonely\" x=\"1\" y=\"1\"><height value=\"0\" unit=\"m\"/>"
    "<pressureMin value=\"1\" unit=\"bar\"/><pressureMax value=\"70\" unit=\"bar\"/></innode>\n"
    "  </framework:nodes>";

// An element in the other block is said where it belongs, and not built: no connectivity
// findings for the ends it leaves unconnected (a pipe among the nodes made its sink an
// isolated node without a pressure reference; a node among the arcs made its arcs dangle).
TEST_F(AsRead, AnElementInTheOtherBlockIsSaidWhereItBelongs) {
  const std::string tiny = test::TinyNet();
  auto move = [&](const std::string& open, const std::string& close, const std::string& into) {
    const std::size_t at = tiny.find(open);
    const std::size_t end = tiny.find(close, at) + close.size() + 1;  // with its newline
    std::string xml = tiny;
    xml.erase(at, end - at);
    return test::Replace(xml, into, tiny.substr(at, end - at) + into);
  };
  const std::string scn = Write("tiny.scn", test::TinyScn());
  // P2 among the nodes.
  std::string net = move("    <pipe id=\"P2\"", "</pipe>", "  </framework:nodes>");
  Check({Write("arc.net", net), scn});
  EXPECT_TRUE(test::HasDiag(diag_, (dir_ / "arc.net").string(),
                            test::LineOf(net, "<pipe id=\"P2\""), "pipe 'P2'",
                            "unknown-element"))
      << diag_.ToString();
  EXPECT_NE(diag_.ToString().find("<pipe> is an arc: it belongs in <framework:connections>, "
                                  "not <framework:nodes>"),
            std::string::npos)
      << diag_.ToString();
  for (const char* rule : {"isolated-node", "no-pressure-reference", "unbalanced-nomination"})
    EXPECT_EQ(Count(rule), 0u) << rule << "\n" << diag_.ToString();
  EXPECT_EQ(diag_.error_count(), 1u) << diag_.ToString();
  // N among the arcs.
  diag_ = Diagnostics(1000);
  net = move("    <innode id=\"N\"", "</innode>", "  </framework:connections>");
  Check({Write("node.net", net), scn});
  EXPECT_TRUE(test::HasDiag(diag_, (dir_ / "node.net").string(),
                            test::LineOf(net, "<innode id=\"N\""), "innode 'N'",
                            "unknown-element"))
      << diag_.ToString();
  EXPECT_NE(diag_.ToString().find("<innode> is a node: it belongs in <framework:nodes>, not "
                                  "<framework:connections>"),
            std::string::npos)
      << diag_.ToString();
  EXPECT_EQ(Count("dangling-arc"), 0u) << diag_.ToString();
  EXPECT_EQ(diag_.error_count(), 1u) << diag_.ToString();
}

// White space around an id or a reference (id=" T", from="N ", in the .scn id="S "): ids
// are matched as written, and the one slip fanned out into dangling-arc, unknown-node and
// missing-nomination with no hint. Now one bad-id error at the element, and the rest is
// checked with the id as meant. A node type with white space around is read without it.
TEST_F(AsRead, WhiteSpaceAroundAnIdIsOneError) {
  std::string net = test::Replace(test::TinyNet(), "<sink id=\"T\"", "<sink id=\" T\"");
  net = test::Replace(net, "from=\"N\"", "from=\"N \"");
  std::string scn = test::Replace(test::TinyScn(), "id=\"S\"", "id=\"S\t\"");
  scn = test::Replace(scn, "type=\"exit\"", "type=\" exit\"");
  Check({Write("ws.net", net), Write("ws.scn", scn)});
  EXPECT_FALSE(loaded_.ok());
  EXPECT_TRUE(test::HasDiag(diag_, (dir_ / "ws.net").string(), test::LineOf(net, "\" T\""),
                            "sink ' T'", "bad-id"))
      << diag_.ToString();
  EXPECT_TRUE(test::HasDiag(diag_, (dir_ / "ws.net").string(), test::LineOf(net, "\"N \""),
                            "pipe 'P2'", "bad-id"))
      << diag_.ToString();
  EXPECT_TRUE(test::HasDiag(diag_, (dir_ / "ws.scn").string(), test::LineOf(scn, "S\t"),
                            "node 'S", "bad-id"))
      << diag_.ToString();
  EXPECT_NE(diag_.ToString().find("id=' T' has white space at its start"), std::string::npos)
      << diag_.ToString();
  EXPECT_NE(diag_.ToString().find("from='N ' has white space at its end"), std::string::npos)
      << diag_.ToString();
  EXPECT_EQ(diag_.items().size(), 3u) << diag_.ToString();
  EXPECT_EQ(Count("bad-id"), 3u) << diag_.ToString();
  ASSERT_EQ(case_.nomination->nodes.size(), 2u);
  EXPECT_FALSE(case_.nomination->nodes[1].is_entry);
}

// The same for the spaces no editor shows: a no-break space after a node's id (pasted from a
// spreadsheet) read as three dangling-arc errors naming "N02", the node itself unnamed; a
// zero-width space before a nominated id as an unknown node. Each is one bad-id naming its
// code point, and the rest is checked with the id as meant. A joiner inside an id (Persian
// names carry U+200C) is no error.
TEST_F(AsRead, AnInvisibleSpaceAroundAnIdIsOneError) {
  std::string net = test::Replace(test::TinyNet(), "<sink id=\"T\"", "<sink id=\"T\xC2\xA0\"");
  net = test::Replace(net, "from=\"N\"", "from=\"N\xE3\x80\x80 \"");
  std::string scn = test::Replace(test::TinyScn(), "id=\"S\"", "id=\"\xE2\x80\x8BS\"");
  Check({Write("inv.net", net), Write("inv.scn", scn)});
  EXPECT_FALSE(loaded_.ok());
  for (const char* part : {"id='T\xC2\xA0' has an invisible space (U+00A0, unseen in most "
                           "editors) at its end: ids are matched as written, so 'T' elsewhere",
                           "from='N\xE3\x80\x80 ' has white space and an invisible space "
                           "(U+3000, unseen in most editors) at its end",
                           "id='\xE2\x80\x8BS' has an invisible space (U+200B, unseen in most "
                           "editors) at its start"})
    EXPECT_NE(diag_.ToString().find(part), std::string::npos) << part << "\n" << diag_.ToString();
  EXPECT_EQ(diag_.items().size(), 3u) << diag_.ToString();
  EXPECT_EQ(Count("bad-id"), 3u) << diag_.ToString();
  // Each end said as it is (" N" + U+00A0 read "an invisible space at its start and end");
  // a direction mark after a name (U+200F) and a NEL (U+0085) are invisible too; an id of
  // nothing but such characters needs a name.
  diag_ = Diagnostics{1000};
  net = test::Replace(test::TinyNet(), "<sink id=\"T\"", "<sink id=\" T\xC2\xA0\"");
  net = test::Replace(net, "from=\"N\"", "from=\"N\xE2\x80\x8F\xC2\x85\"");
  net = test::Replace(net, "<innode id=\"N\"", "<innode id=\"\xE2\x80\x8B\"");
  Check({Write("ends.net", net)});
  for (const char* part : {"id=' T\xC2\xA0' has white space at its start and an invisible space "
                           "(U+00A0, unseen in most editors) at its end",
                           "has invisible spaces (U+0085, U+200F, unseen in most editors) at "
                           "its end",
                           "id='\xE2\x80\x8B' is only an invisible space (U+200B, unseen in most "
                           "editors): an id needs a visible name"})
    EXPECT_NE(diag_.ToString().find(part), std::string::npos) << part << "\n" << diag_.ToString();
  // A joiner inside a name is part of it.
  net = test::Replace(test::TinyNet(), "<sink id=\"T\"", "<sink id=\"T\xE2\x80\x8Cx\"");
  net = test::Replace(net, "to=\"T\"", "to=\"T\xE2\x80\x8Cx\"");
  scn = test::Replace(test::TinyScn(), "id=\"T\"", "id=\"T\xE2\x80\x8Cx\"");
  diag_ = Diagnostics{1000};
  Check({Write("zwnj.net", net), Write("zwnj.scn", scn)});
  EXPECT_TRUE(loaded_.ok()) << diag_.ToString();
  EXPECT_EQ(Count("bad-id"), 0u) << diag_.ToString();
}

TEST_F(AsRead, AReadCaseIsTheLoadedOne) {
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string s = Write("tiny.scn", test::TinyScn());
  Check({s, n});
  ASSERT_TRUE(loaded_.ok()) << test::AllMessages(diag_);
  EXPECT_FALSE(read_.any());
  EXPECT_TRUE(read_.network_read);
  EXPECT_TRUE(summary_.usable) << test::AllMessages(diag_);
  EXPECT_EQ(case_.network.nodes.size(), 3u);
  ASSERT_TRUE(case_.nomination.has_value());
  EXPECT_EQ(case_.nomination->nodes.size(), 2u);
}

// A pipe's length the reader refuses: the reader's negative-value, not a second
// positive-length; the isolated node and its part without pressure reference, once each.
TEST_F(AsRead, ValuesTheReaderRefusedAreNotReportedAgain) {
  std::string net = test::Replace(test::TinyNet(), "<length value=\"10\"", "<length value=\"-5\"");
  net = test::Replace(net, "  </framework:nodes>", kLonely);
  const std::string p = Write("bad.net", net);
  Check({p});
  EXPECT_FALSE(loaded_.ok());
  EXPECT_TRUE(read_.network_read);
  EXPECT_EQ(read_.partial_files, std::vector<std::string>{p});
  EXPECT_EQ(read_.arcs, std::vector<std::size_t>{0});
  EXPECT_TRUE(read_.nodes.empty());
  EXPECT_EQ(Count("negative-value"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("positive-length"), 0u) << test::AllMessages(diag_);
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "id=\"lonely\""), "innode 'lonely'",
                            "isolated-node"));
  EXPECT_EQ(Count("isolated-node"), 1u);
  EXPECT_EQ(Count("no-pressure-reference"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 2u) << test::AllMessages(diag_);
  EXPECT_FALSE(summary_.usable);
}

// A value rule still holds for the elements the reader had nothing against: P2's
// roughness above half its diameter beside P1's unreadable length.
TEST_F(AsRead, TheOtherElementsValuesAreChecked) {
  std::string net = test::Replace(test::TinyNet(), "<length value=\"10\"", "<length value=\"x\"");
  net = test::Replace(net, "<diameter value=\"600\" unit=\"mm\"/>\n      <roughness value=\"0.1\"",
                      "<diameter value=\"600\" unit=\"mm\"/>\n      <roughness value=\"400\"");
  const std::string p = Write("bad.net", net);
  Check({p});
  EXPECT_EQ(Count("not-a-number"), 1u) << test::AllMessages(diag_);
  EXPECT_TRUE(test::HasDiag(diag_, p, 0, "pipe 'P2'", "roughness-diameter"));
  // P1's length stayed 0: no second finding about it.
  EXPECT_EQ(Count("positive-length"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 2u) << test::AllMessages(diag_);
}

// A calorific value given keeps to the range the solve takes (1 to 200 MJ/m3): 0.5 MJ/m3,
// kJ written as MJ, read "usable" to check (the file's range began at 0) and was refused by
// simulate through SteadyOptions, without a file or line. 0 is "not given", as before.
TEST_F(AsRead, ACalorificValueBelowOneMegajouleIsImplausible) {
  const std::string low = test::Replace(test::TinyNet(), "<calorificValue value=\"36.45\"",
                                        "<calorificValue value=\"0.5\"");
  const std::string p = Write("low_hs.net", low);
  Check({p});
  ASSERT_TRUE(loaded_.ok()) << test::AllMessages(diag_);
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(low, "<calorificValue"), "source 'S'",
                            "implausible-value"))
      << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 1u) << test::AllMessages(diag_);
}
TEST_F(AsRead, ACalorificValueOfZeroIsNotGiven) {
  const std::string none = test::Replace(test::TinyNet(), "<calorificValue value=\"36.45\"",
                                         "<calorificValue value=\"0\"");
  Check({Write("no_hs.net", none)});
  ASSERT_TRUE(loaded_.ok()) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 0u) << test::AllMessages(diag_);
}

// A finding on one value names the line of the child element that holds it, not the
// element's start tag (it named the <pipe> line for a roughness five lines below); a rule
// between two values names the one its message leads with (roughness-diameter the
// roughness, min-max the minimum).
// The heat capacity's three coefficients are one value, said at the line of the first (a
// wrong A was said at C's line; an audit, helper-280).
TEST_F(AsRead, TheHeatCapacityIsSaidAtItsFirstCoefficient) {
  CORRIDOR_REQUIRE_SHARED();  // (GasLib-11: its stations make the heat capacity judged)
  std::string text;
  ASSERT_TRUE(
      ReadFileToString(test::GasLibDir() + "/GasLib-11/GasLib-11.net", &text).ok());
  text = test::Replace(text, "<coefficient-A-heatCapacity value=\"31.8251781464\"",
                       "<coefficient-A-heatCapacity value=\"9\"");
  const std::string net = Write("heat.net", text);
  Check({net});
  const int a = 1 + static_cast<int>(std::count(
                        text.begin(), text.begin() + text.find("<coefficient-A-heatCapacity"),
                        '\n'));
  bool found = false;
  for (const Diagnostic& d : diag_.items())
    if (d.rule == "gas-heat-capacity") {
      found = true;
      EXPECT_EQ(d.line, a) << d.ToString();
    }
  EXPECT_TRUE(found) << diag_.ToString();
}

TEST_F(AsRead, AValueFindingNamesTheLineOfItsChild) {
  std::string net = test::Replace(test::TinyNet(), "<roughness value=\"0.1\"",
                                  "<roughness value=\"900\"");  // P1's
  net = test::Replace(net, "<molarMass value=\"17.543\"", "<molarMass value=\"500\"");
  net = test::Replace(net, "<flowMin value=\"0\"", "<flowMin value=\"2000\"");  // S's
  net = test::Replace(net, "<innode id=\"N\" x=\"1\" y=\"0\">\n      <height value=\"0\" "
                           "unit=\"m\"/>\n      <pressureMin value=\"40\"",
                      "<innode id=\"N\" x=\"1\" y=\"0\">\n      <height value=\"0\" "
                      "unit=\"m\"/>\n      <pressureMin value=\"80\"");
  net = test::Replace(net, "<sink id=\"T\" x=\"2\" y=\"0\">\n      <height value=\"0\"",
                      "<sink id=\"T\" x=\"2\" y=\"0\">\n      <height value=\"20000\"");
  net = test::Replace(net, "<length value=\"20\"", "<length value=\"50000\"");  // P2's
  net = test::Replace(net, "<diameter value=\"600\"", "<diameter value=\"20000\"");
  net = test::Replace(
      net, "  </framework:connections>",
      "    <resistor id=\"R\" from=\"N\" to=\"T\">\n"
      "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <pressureLoss value=\"2000\" unit=\"bar\"/>\n"
      "    </resistor>\n"
      "    <controlValve id=\"CV\" from=\"N\" to=\"T\">\n"
      "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <pressureDifferentialMin value=\"10\" unit=\"bar\"/>\n"
      "      <pressureDifferentialMax value=\"5\" unit=\"bar\"/>\n"
      "      <dragFactorIn value=\"1\"/>\n"
      "      <diameterIn value=\"20000\" unit=\"mm\"/>\n"
      "    </controlValve>\n"
      "  </framework:connections>");
  const std::string p = Write("lines.net", net);
  Check({p});
  ASSERT_TRUE(loaded_.ok()) << test::AllMessages(diag_);
  auto line = [&](const char* needle) { return test::LineOf(net, needle); };
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<roughness value=\"900\""), "pipe 'P1'",
                            "roughness-diameter"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<molarMass value=\"500\""), "source 'S'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<flowMin value=\"2000\""), "source 'S'", "min-max"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<pressureMin value=\"80\""), "innode 'N'",
                            "min-max"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<height value=\"20000\""), "sink 'T'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<length value=\"50000\""), "pipe 'P2'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<diameter value=\"20000\""), "pipe 'P2'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<pressureLoss value=\"2000\""), "resistor 'R'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<pressureDifferentialMin value=\"10\""),
                            "controlValve 'CV'", "min-max"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<diameterIn value=\"20000\""), "controlValve 'CV'",
                            "implausible-value"));
  // gas-inconsistent leads with the normDensity.
  EXPECT_TRUE(test::HasDiag(diag_, p, line("<normDensity"), "source 'S'", "gas-inconsistent"));
  // None at an element's start tag (nor ideal-height, of CV up to T: T's implausible
  // height of 20000 m is said once, at its own line).
  for (const char* tag : {"<source id=\"S\"", "<innode id=\"N\"", "<sink id=\"T\"",
                          "<pipe id=\"P1\"", "<pipe id=\"P2\"", "<resistor id=\"R\"",
                          "<controlValve id=\"CV\""})
    for (const Diagnostic& d : diag_.items())
      EXPECT_NE(d.line, line(tag)) << d.ToString();
}

// After a reader error the element's other values are still checked: P1's length -5 is the
// reader's negative-value (not also positive-length), and its roughness of 900 mm against
// 500 mm is still roughness-diameter, at its own line. Values the reader refused are not
// judged again: P2's diameter given twice differently (conflicting-child) is not weighed
// against its roughness, nor is a resistor's dragFactor without its diameter (the reader's
// incomplete-loss) validation's incomplete-loss too.
TEST_F(AsRead, ValuesReadBesideARefusedOneAreChecked) {
  std::string net = test::Replace(test::TinyNet(), "<length value=\"10\"", "<length value=\"-5\"");
  net = test::Replace(net, "<roughness value=\"0.1\"", "<roughness value=\"900\"");  // P1's
  net = test::Replace(net, "<diameter value=\"600\" unit=\"mm\"/>\n      <roughness value=\"0.1\"",
                      "<diameter value=\"600\" unit=\"mm\"/>\n      <diameter value=\"6\" "
                      "unit=\"mm\"/>\n      <roughness value=\"0.1\"");
  net = test::Replace(net, "  </framework:connections>",
                      "    <resistor id=\"R\" from=\"N\" to=\"T\">\n"
                      "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
                      "      <flowMax value=\"5000000\" unit=\"1000m_cube_per_hour\"/>\n"
                      "      <dragFactor value=\"2\"/>\n"
                      "    </resistor>\n"
                      "  </framework:connections>");
  const std::string p = Write("both.net", net);
  Check({p});
  EXPECT_FALSE(loaded_.ok());
  EXPECT_EQ(read_.arcs, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "<length value=\"-5\""), "pipe 'P1'",
                            "negative-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "<roughness value=\"900\""),
                            "pipe 'P1'", "roughness-diameter"));
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "<diameter value=\"6\""), "pipe 'P2'",
                            "conflicting-child"));
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "<dragFactor value=\"2\""),
                            "resistor 'R'", "incomplete-loss"));
  // The resistor's flowMax, read as written beside the reader's error, is judged.
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "value=\"5000000\""), "resistor 'R'",
                            "implausible-value"));
  EXPECT_EQ(Count("positive-length"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("incomplete-loss"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("roughness-diameter"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 5u) << test::AllMessages(diag_);
}

// An arc without `from` has no place in the graph: no dangling-arc for it, and S (which
// only P1 touches) is not isolated, nor is N-P2-T a part without pressure reference. The
// note says what was not checked.
TEST_F(AsRead, AnArcWithoutAnEndCausesNoFollowOnFindings) {
  const std::string net = test::Replace(test::TinyNet(), "<pipe id=\"P1\" from=\"S\" to=\"N\">",
                                        "<pipe id=\"P1\" to=\"N\">");
  const std::string p = Write("nofrom.net", net);
  Check({p});
  EXPECT_EQ(Count("missing-attribute"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("dangling-arc"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("isolated-node"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("no-pressure-reference"), 0u) << test::AllMessages(diag_);
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "<pipe id=\"P1\""), "pipe 'P1'",
                            "not-checked"));
  EXPECT_EQ(diag_.error_count(), 1u) << test::AllMessages(diag_);
}

// A pipe without its id still joins its ends: connectivity is checked with it (it was not,
// and a node no arc names went unreported until the id was mended).
TEST_F(AsRead, AnArcWithoutAnIdStillJoinsItsEnds) {
  std::string net = test::Replace(test::TinyNet(), "<pipe id=\"P1\" from=\"S\" to=\"N\">",
                                  "<pipe from=\"S\" to=\"N\">");
  net = test::Replace(net, "  </framework:nodes>", kLonely);
  const std::string p = Write("noid.net", net);
  Check({p});
  EXPECT_FALSE(read_.arcs_missing);
  EXPECT_TRUE(read_.arcs_incomplete);
  EXPECT_EQ(Count("missing-attribute"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("not-checked"), 0u) << test::AllMessages(diag_);
  EXPECT_TRUE(test::HasDiag(diag_, p, test::LineOf(net, "id=\"lonely\""), "innode 'lonely'",
                            "isolated-node"));
  // S-P1-N-P2-T is one part with its pressure reference: only the lonely node lacks one.
  EXPECT_EQ(Count("isolated-node"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("no-pressure-reference"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 2u) << test::AllMessages(diag_);  // isolated-node warns
  // An arc of an unknown kind is absent from the graph: connectivity is not checked.
  net = test::Replace(net, "<pipe from=\"S\" to=\"N\">",
                      "<pipee id=\"P1\" from=\"S\" to=\"N\">");
  net = test::Replace(net, "</pipe>", "</pipee>");
  diag_ = Diagnostics(1000);
  read_ = ReadErrors();
  Check({Write("kind.net", net)});
  EXPECT_TRUE(read_.arcs_missing);
  EXPECT_EQ(Count("isolated-node"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("not-checked"), 1u) << test::AllMessages(diag_);
}

// A node of an unknown kind is not built: the arcs naming it are not dangling, and a
// nomination naming it names no unknown node.
TEST_F(AsRead, ReferencesToAnElementNotBuiltAreNoFindings) {
  std::string net = test::Replace(test::TinyNet(), "<sink id=\"T\"", "<sinkk id=\"T\"");
  net = test::Replace(net, "</sink>", "</sinkk>");
  const std::string p = Write("kind.net", net);
  const std::string s = Write("tiny.scn", test::TinyScn());
  Check({p, s});
  EXPECT_EQ(read_.unbuilt_node_ids, std::vector<std::string>{"T"});
  EXPECT_EQ(Count("unknown-element"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("dangling-arc"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("unknown-node"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("unbalanced-nomination"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 1u) << test::AllMessages(diag_);
}

// A nominated flow the reader refuses beside a node the network lacks: both, once; the
// refused flow's part is not checked for balance, and nothing says T lacks a nomination.
TEST_F(AsRead, ANominationReadInPart) {
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string scn = test::Replace(
      test::TinyScn("abc"), "  </scenario>",
      "    <node type=\"exit\" id=\"ghost\">\n"
      "      <flow bound=\"both\" value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "    </node>\n  </scenario>");
  const std::string s = Write("tiny.scn", scn);
  Check({n, s});
  EXPECT_EQ(read_.partial_files, std::vector<std::string>{s});
  EXPECT_EQ(read_.nominated_nodes, std::vector<std::size_t>{1});
  EXPECT_EQ(Count("not-a-number"), 1u) << test::AllMessages(diag_);
  EXPECT_TRUE(test::HasDiag(diag_, s, test::LineOf(scn, "id=\"ghost\""), "node 'ghost'",
                            "unknown-node"));
  EXPECT_EQ(Count("unknown-node"), 1u);
  EXPECT_EQ(Count("unbalanced-nomination"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("missing-nomination"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 2u) << test::AllMessages(diag_);
}

// A file that is not well-formed gives nothing: without the network there is nothing to
// validate; without the nomination the network is checked alone.
TEST_F(AsRead, AFileThatIsNotWellFormedIsLeftOut) {
  const std::string cut = Write("cut.net", test::TinyNet().substr(0, 400));
  Check({cut});
  EXPECT_FALSE(read_.network_read);
  EXPECT_EQ(read_.unread_files, std::vector<std::string>{cut});
  EXPECT_EQ(Count("malformed-xml"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 1u) << test::AllMessages(diag_);

  diag_ = Diagnostics(1000);
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string s = Write("cut.scn", test::TinyScn().substr(0, 150));
  Check({n, s});
  EXPECT_TRUE(read_.network_read);
  EXPECT_EQ(read_.unread_files, std::vector<std::string>{s});
  EXPECT_FALSE(case_.nomination.has_value());
  EXPECT_EQ(diag_.error_count(), 1u) << test::AllMessages(diag_);
}

// corridor JSON: an element with a bad value is kept (the JSON reader drops it otherwise)
// and its values are not checked again; an arc of an unknown kind is not built, and the
// node only it touched is not reported isolated.
TEST_F(AsRead, CorridorJsonReadInPart) {
  GasCase c;
  Diagnostics d;
  const std::string n = Write("tiny.net", test::TinyNet());
  ASSERT_TRUE(LoadCase({n}, &c, &d).ok());
  nlohmann::json j = nlohmann::json::parse(WriteCorridorJson(c));
  nlohmann::json& arcs = j["network"]["arcs"];
  ASSERT_EQ(arcs[0]["id"], "P1");
  arcs[0]["length_m"] = -5.0;
  arcs[1]["kind"] = "tube";
  const std::string p = Write("case.json", j.dump(2));
  Check({p});
  ASSERT_TRUE(read_.network_read) << test::AllMessages(diag_);
  EXPECT_EQ(read_.arcs, std::vector<std::size_t>{0});
  EXPECT_EQ(read_.unbuilt_arc_ids, std::vector<std::string>{"P2"});
  ASSERT_EQ(case_.network.arcs.size(), 1u);
  EXPECT_EQ(Count("negative-value"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("unknown-kind"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("positive-length"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("isolated-node"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("no-pressure-reference"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 2u) << test::AllMessages(diag_);
}

// corridor JSON, as the GasLib reader: an arc among the nodes (or a node among the arcs)
// is one error saying where it belongs, not a node missing its keys with the arc's keys
// unknown, and is noted as not built (no isolated end, no part without a reference).
TEST_F(AsRead, CorridorJsonElementInTheOtherArray) {
  GasCase c;
  Diagnostics d;
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string scn = Write("tiny.scn", test::TinyScn());
  ASSERT_TRUE(LoadCase({n}, &c, &d).ok());
  const nlohmann::json tiny = nlohmann::json::parse(WriteCorridorJson(c));
  nlohmann::json j = tiny;
  ASSERT_EQ(j["network"]["arcs"][1]["id"], "P2");
  j["network"]["nodes"].push_back(j["network"]["arcs"][1]);
  j["network"]["arcs"].erase(1);
  Check({Write("arc.json", j.dump(2)), scn});
  EXPECT_EQ(read_.unbuilt_arc_ids, std::vector<std::string>{"P2"});
  // (Named as what it is, as the GasLib reader names it: it was "node 'P2'".)
  EXPECT_NE(diag_.ToString().find("(pipe 'P2'): kind \"pipe\" is an arc's: it belongs in "
                                  "\"arcs\", not \"nodes\" [unknown-kind]"),
            std::string::npos)
      << diag_.ToString();
  for (const char* rule : {"missing-key", "unknown-key", "isolated-node",
                           "no-pressure-reference", "unbalanced-nomination"})
    EXPECT_EQ(Count(rule), 0u) << rule << "\n" << diag_.ToString();
  EXPECT_EQ(diag_.error_count(), 1u) << diag_.ToString();
  diag_ = Diagnostics(1000);
  j = tiny;
  ASSERT_EQ(j["network"]["nodes"][1]["id"], "N");
  j["network"]["arcs"].push_back(j["network"]["nodes"][1]);
  j["network"]["nodes"].erase(1);
  Check({Write("node.json", j.dump(2)), scn});
  EXPECT_EQ(read_.unbuilt_node_ids, std::vector<std::string>{"N"});
  EXPECT_NE(diag_.ToString().find("(innode 'N'): kind \"innode\" is a node's: it belongs in "
                                  "\"nodes\", not \"arcs\" [unknown-kind]"),
            std::string::npos)
      << diag_.ToString();
  EXPECT_EQ(Count("dangling-arc"), 0u) << diag_.ToString();
  EXPECT_EQ(diag_.error_count(), 1u) << diag_.ToString();
}

// An id refused for a NUL (U+0000) is not kept: kept, it was judged again (bad-id) and
// matched nothing, so the arc from it dangled, its nomination named an unknown node and the
// source had none (four findings more). Now it is handled as an empty id: one error, and a
// finding about the node names it by its kind and line.
TEST_F(AsRead, AnIdRefusedForANulIsNotKept) {
  GasCase c;
  Diagnostics d;
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string s = Write("tiny.scn", test::TinyScn());
  ASSERT_TRUE(LoadCase({n, s}, &c, &d).ok());
  nlohmann::json j = nlohmann::json::parse(WriteCorridorJson(c));
  nlohmann::json& node = j["network"]["nodes"][0];
  ASSERT_EQ(node["id"], "S");
  node["id"] = std::string("S\0x", 3);
  node["height_m"] = 1e6;  // a finding about the node, which must name it
  const std::string text = j.dump(2);
  Check({Write("case.json", text)});
  ASSERT_TRUE(read_.network_read) << test::AllMessages(diag_);
  EXPECT_EQ(Count("bad-char"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("implausible-value"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(diag_.error_count(), 2u) << test::AllMessages(diag_);
  for (const char* rule : {"bad-id", "dangling-arc", "unknown-node", "missing-nomination"})
    EXPECT_EQ(Count(rule), 0u) << rule << "\n" << test::AllMessages(diag_);
  const std::string all = test::AllMessages(diag_);
  EXPECT_EQ(all.find("source ''"), std::string::npos) << all;
  EXPECT_NE(all.find("source without an id (line "), std::string::npos) << all;
}

// A nomination entry's findings name the line of the child that holds the value (they
// named the <node> start tag): a flow at its <flow>, a pressure bound at its <pressure>, a
// rule between two values at the one its message leads with (min-max the lower bound).
TEST_F(AsRead, ANominationFindingNamesTheLineOfItsChild) {
  const std::string scn = R"(<?xml version="1.0" encoding="UTF-8"?>
<boundaryValue xmlns="http://gaslib.zib.de/Gas">
  <scenario id="s">
    <node type="entry" id="S">
      <flow bound="lower" value="100" unit="1000m_cube_per_hour"/>
      <flow bound="upper" value="50" unit="1000m_cube_per_hour"/>
      <pressure bound="lower" value="80" unit="bar"/>
      <pressure bound="upper" value="2000" unit="bar"/>
    </node>
    <node type="exit" id="T">
      <flow bound="both" value="5000000" unit="1000m_cube_per_hour"/>
      <contractPressureMax value="3000" unit="bar"/>
    </node>
  </scenario>
</boundaryValue>
)";
  const std::string n = Write("tiny.net", test::TinyNet()), p = Write("lines.scn", scn);
  Check({n, p});
  ASSERT_TRUE(loaded_.ok()) << test::AllMessages(diag_);
  auto line = [&](const char* needle) { return test::LineOf(scn, needle); };
  EXPECT_TRUE(test::HasDiag(diag_, p, line("bound=\"lower\" value=\"100\""), "node 'S'",
                            "min-max"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"80\""), "node 'S'",
                            "pressure-bounds-disjoint"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"2000\""), "node 'S'", "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"5000000\""), "node 'T'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"5000000\""), "node 'T'",
                            "flow-outside-bounds"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"3000\""), "node 'T'", "implausible-value"));
  for (const char* tag : {"<node type=\"entry\" id=\"S\">", "<node type=\"exit\" id=\"T\">"})
    for (const Diagnostic& d : diag_.items())
      EXPECT_FALSE(d.file == p && d.line == line(tag)) << d.ToString();
}

// After a reader error in a nomination entry its other values are still checked (every
// value rule skipped the entry): S's upper pressure bound of 2000 bar beside its lower one
// below vacuum, T's lower pressure bound above its node's pressureMax beside a flow the
// reader refused. The refused values are not judged again, nor is the balance with T's.
TEST_F(AsRead, NominationValuesReadBesideARefusedOneAreChecked) {
  std::string scn = test::Replace(
      test::TinyScn(), "value=\"100\" unit=\"1000m_cube_per_hour\"/>",
      "value=\"100\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <pressure bound=\"lower\" value=\"-5\" unit=\"bar\"/>\n"
      "      <pressure bound=\"upper\" value=\"2000\" unit=\"bar\"/>");
  scn = test::Replace(scn, "<flow bound=\"both\" value=\"100\" unit=\"1000m_cube_per_hour\"/>\n"
                           "    </node>\n  </scenario>",
                      "<flow bound=\"both\" value=\"abc\" unit=\"1000m_cube_per_hour\"/>\n"
                      "      <pressure bound=\"lower\" value=\"80\" unit=\"bar\"/>\n"
                      "    </node>\n  </scenario>");
  const std::string n = Write("tiny.net", test::TinyNet()), p = Write("both.scn", scn);
  Check({n, p});
  EXPECT_FALSE(loaded_.ok());
  EXPECT_EQ(read_.nominated_nodes, (std::vector<std::size_t>{0, 1}));
  auto line = [&](const char* needle) { return test::LineOf(scn, needle); };
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"-5\""), "node 'S'", "negative-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"2000\""), "node 'S'", "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("value=\"80\""), "node 'T'",
                            "pressure-bounds-disjoint"));
  EXPECT_EQ(Count("min-max"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("negative-value"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("implausible-value"), 1u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("unbalanced-nomination"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("small-imbalance"), 0u) << test::AllMessages(diag_);
}

/// TinyNet and TinyScn as corridor JSON (one member a line), changed by `edit`.
std::string TinyJson(const std::string& dir, void (*edit)(nlohmann::json*)) {
  GasCase c;
  Diagnostics d;
  const std::string n = dir + "/json_src.net", s = dir + "/json_src.scn";
  EXPECT_TRUE(WriteFileAtomically(n, test::TinyNet()).ok());
  EXPECT_TRUE(WriteFileAtomically(s, test::TinyScn()).ok());
  EXPECT_TRUE(LoadCase({n, s}, &c, &d).ok()) << d.ToString();
  nlohmann::json j = nlohmann::json::parse(WriteCorridorJson(c));
  edit(&j);
  return j.dump(2);
}

// corridor JSON: a finding on a value names the line of its member (it named the object's
// first line), a member of a nested object ("gas") too, and in a nomination entry.
TEST_F(AsRead, ACorridorJsonFindingNamesTheLineOfItsMember) {
  const std::string text = TinyJson(dir_.string(), [](nlohmann::json* j) {
    nlohmann::json& nodes = (*j)["network"]["nodes"];
    nodes[0]["gas"]["molar_mass_kg_per_mol"] = 0.5;  // S
    nodes[1]["pressure_min_Pa"] = 8000000.0;         // N
    (*j)["network"]["arcs"][0]["roughness_m"] = 0.25;  // P1, diameter 500 mm
    (*j)["nomination"]["nodes"][1]["pressure_lower_Pa"] = 8000000.0;  // T
  });
  const std::string p = Write("lines.json", text);
  Check({p});
  ASSERT_TRUE(loaded_.ok()) << test::AllMessages(diag_);
  auto line = [&](const char* needle) { return test::LineOf(text, needle); };
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"molar_mass_kg_per_mol\": 0.5"), "source 'S'",
                            "implausible-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"pressure_min_Pa\": 8000000.0"), "innode 'N'",
                            "min-max"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"roughness_m\": 0.25"), "pipe 'P1'",
                            "roughness-diameter"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"pressure_lower_Pa\": 8000000.0"), "node 'T'",
                            "pressure-bounds-disjoint"));
}

// corridor JSON: after a reader error in an element its other values are still checked
// (the element was skipped whole): P1's roughness beside its negative length, T's upper
// pressure bound beside a lower one below vacuum.
TEST_F(AsRead, CorridorJsonValuesReadBesideARefusedOneAreChecked) {
  const std::string text = TinyJson(dir_.string(), [](nlohmann::json* j) {
    nlohmann::json& p1 = (*j)["network"]["arcs"][0];
    p1["length_m"] = -5.0;
    p1["roughness_m"] = 0.25;
    nlohmann::json& t = (*j)["nomination"]["nodes"][1];
    t["pressure_lower_Pa"] = -5.0;
    t["pressure_upper_Pa"] = 200000000.0;
  });
  const std::string p = Write("both.json", text);
  Check({p});
  EXPECT_FALSE(loaded_.ok());
  EXPECT_EQ(read_.arcs, std::vector<std::size_t>{0});
  EXPECT_EQ(read_.nominated_nodes, std::vector<std::size_t>{1});
  auto line = [&](const char* needle) { return test::LineOf(text, needle); };
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"length_m\": -5.0"), "P1", "negative-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"roughness_m\": 0.25"), "pipe 'P1'",
                            "roughness-diameter"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"pressure_lower_Pa\": -5.0"), "T",
                            "negative-value"));
  EXPECT_TRUE(test::HasDiag(diag_, p, line("\"pressure_upper_Pa\": 200000000.0"), "node 'T'",
                            "implausible-value"));
  EXPECT_EQ(Count("positive-length"), 0u) << test::AllMessages(diag_);
  EXPECT_EQ(Count("min-max"), 0u) << test::AllMessages(diag_);
}

// .cs: a station described twice is the reader's duplicate-id, not validation's too; a
// station the network lacks is still named.
TEST_F(AsRead, StationDataReadInPart) {
  std::string cs;
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  ASSERT_TRUE(ReadFileToString(g + ".cs", &cs).ok());
  cs = test::Replace(cs, "<compressorStation id=\"CS02_N04_N05\">",
                     "<compressorStation id=\"CS01_entry03_N01\">");
  const std::string p = Write("twice.cs", cs);
  Check({g + ".net", p});
  EXPECT_EQ(read_.stations, std::vector<std::size_t>{1});
  EXPECT_EQ(Count("duplicate-id"), 1u) << test::AllMessages(diag_);
  // The second station's data are not read as CS02's: the network's CS02 lacks data.
  EXPECT_TRUE(test::HasDiag(diag_, p, 0, "CS02_N04_N05", "missing-station-data"));
}

}  // namespace
}  // namespace corridor
