// `corridor check` run as a program on real instances and on bad files: exit status,
// stable report lines on stdout, diagnostics with file:line on stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/file.h"
#include "io/gaslib_test_util.h"
#include "test_util.h"

#ifndef CORRIDOR_CLI
#error "tests/cli needs the corridor_cli target (CORRIDOR_CLI)"
#endif

namespace corridor {
namespace {

using test::CliResult;
class CheckCli : public test::CliTest {};

TEST_F(CheckCli, GasLib40IsUsable) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-40/GasLib-40";
  CliResult r = Run({"check", g + ".net", g + ".scn", g + ".cs"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Verdict         : usable\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Nodes           : 40 (source 3, sink 29, innode 8)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Arcs            : 45 (pipe 39, shortPipe 0, resistor 0, valve 0, "
                       "controlValve 0, compressorStation 6)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Pipe length     : 1112.471 km total"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pressure reference yes, nomination balanced"), std::string::npos);
  // Its three sources' normDensity 0.785 kg/m3 lies 5.5 % below what molarMass 18.5674
  // kg/kmol implies: one finding, at the first, naming the others (the same data).
  EXPECT_NE(r.err.find("0 errors, 1 warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("; the same gas data at sources 'source_2' (line 62) and 'source_3' "
                       "(line 78) [gas-inconsistent]"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("normDensity 0.785 kg/m3 is -5.5 % off the 0.8308 kg/m3 that molarMass "
                       "18.5674 kg/kmol implies"),
            std::string::npos)
      << r.err;
}

// A controls file is checked against the case's network, as simulate --controls reads it
// (check took no controls file: simulate then refused what check had called usable).
TEST_F(CheckCli, AControlsFileIsCheckedAgainstTheNetwork) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  const std::string good = test::SourceDir() + "/data/controls/GasLib-11.csv";
  CliResult r = Run({"check", g + ".net", g + ".scn", g + ".cs", "--controls", good});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Controls        : " + good +
                       " (3 element settings, 1 pressure reference)\nVerdict         : usable\n"),
            std::string::npos)
      << r.out;
  const std::string bad =
      Write("bad.csv", "id,mode,value\nCS01_entry03_N01,ratio,0.5\nnope,closed,\n");
  for (const bool quiet : {false, true}) {
    std::vector<std::string> args = {"check", g + ".net", g + ".scn", "--controls", bad};
    if (quiet) args.push_back("--quiet");
    r = Run(args);
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(bad + ":2: error: compressorStation 'CS01_entry03_N01': ratio must be "
                               ">= 1"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(bad + ":3: error: arc 'nope': no arc or node of the network has this "
                               "id [unknown-id]"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("Verdict         : not usable"), std::string::npos) << r.out;
  }
  // Without a network, its form alone, as simulate checks it then.
  r = Run({"check", (dir_ / "none.net").string(), "--controls", bad});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("controls: checked without a network"), std::string::npos) << r.err;
}

// An id that names nothing gets the nearest names where one is near: a nominated node, an
// arc's end, a compressor's drive, as --set and --slack had them already.
TEST_F(CheckCli, AnUnknownIdIsGivenTheNearestNames) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  auto edit = [&](const std::string& ext, const std::string& from, const std::string& to) {
    std::ifstream in(g + ext, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return Write("bad" + ext, text);
  };
  const std::string net = edit(".net", R"(to="N02")", R"(to="N2")");
  const std::string scn = edit(".scn", R"(id="exit03")", R"(id="EXIT03")");
  const std::string cs = edit(".cs", R"(drive="P_CS2_M4")", R"(drive="P_CS2_Mx")");
  CliResult r = Run({"check", net, g + ".scn"});
  EXPECT_NE(r.err.find("to node 'N2' does not exist (did you mean 'N02'?) [dangling-arc]"),
            std::string::npos)
      << r.err;
  r = Run({"check", g + ".net", scn});
  EXPECT_NE(r.err.find("nominated node 'EXIT03' is not in the network '" + g +
                       ".net' (did you mean 'exit03'?) [unknown-node]"),
            std::string::npos)
      << r.err;
  r = Run({"check", g + ".net", g + ".scn", cs});
  EXPECT_NE(r.err.find("drive 'P_CS2_Mx' is not a drive of this station (did you mean "
                       "'P_CS2_M4'?) [unknown-drive]"),
            std::string::npos)
      << r.err;
  // Nothing near: no hint.
  r = Run({"check", edit(".net", R"(to="N02")", R"(to="zzzzzz")"), g + ".scn"});
  EXPECT_NE(r.err.find("to node 'zzzzzz' does not exist [dangling-arc]"), std::string::npos)
      << r.err;
}

TEST_F(CheckCli, FilesInAnyOrderAndQuiet) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  CliResult r = Run({"check", "--quiet", g + "GasLib-582-v2.cdf", g + "nomination_cold_5.scn",
                     g + "GasLib-582-v2.cs", g + "GasLib-582-v2.net"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "Verdict         : usable\n");
  // Without --quiet the summary names the groups that allow several decisions (what
  // simulate --decision chooses among), and the warning of the decision that opens valve_9
  // against its flowMax of 0.
  r = Run({"check", g + "GasLib-582-v2.cdf", g + "nomination_cold_5.scn", g + "GasLib-582-v2.cs",
           g + "GasLib-582-v2.net"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Decisions       : 2 decision groups (0 with one decision; 2 with "
                       "several: dG_1 (4), dG_2 (19))  ["),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("warning: valve 'valve_9': decision 'd4' of group 'dG_1' opens it for "
                       "flow from -> to, but its flowMax is 0 1000 Nm3/h"),
            std::string::npos)
      << r.err;
}

TEST_F(CheckCli, BadFileExitsNonzeroWithFileLine) {
  const std::string xml = test::Replace(test::TinyNet(), "<length value=\"10\"",
                                        "<length value=\"abc\"");
  const std::string p = Write("bad.net", xml);
  CliResult r = Run({"check", p});
  EXPECT_NE(r.status, 0);
  const std::string where = p + ":" + std::to_string(test::LineOf(xml, "abc")) + ":";
  EXPECT_NE(r.err.find(where + " error: pipe 'P1':"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[not-a-number]"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable"), std::string::npos) << r.out;
}

TEST_F(CheckCli, UnusableCaseExitsNonzero) {
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string s = Write("tiny.scn", test::TinyScn("50"));
  CliResult r = Run({"check", s, n});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[unbalanced-nomination]"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("UNBALANCED by 50 1000 Nm3/h"), std::string::npos) << r.out;
}

// One unreadable file does not hide the others' findings: a .scn the reader refuses used to
// leave the network's isolated junction unreported until the .scn was mended. A .scn with
// a bad value is read in part and checked with the rest; one that is not well-formed gives
// nothing, and the others are checked without it.
TEST_F(CheckCli, AnUnreadableFileDoesNotHideTheOthersFindings) {
  const std::string n = Write(
      "tiny.net", test::Replace(test::TinyNet(), "  </framework:nodes>",
                                "    <innode id=\"J_alone\" x=\"3\" y=\"0\">\n"
                                "      <height value=\"0\" unit=\"m\"/>\n"
                                "      <pressureMin value=\"40\" unit=\"bar\"/>\n"
                                "      <pressureMax value=\"70\" unit=\"bar\"/>\n"
                                "    </innode>\n  </framework:nodes>"));
  const std::string s = Write("tiny.scn", test::TinyScn("abc"));
  CliResult r = Run({"check", n, s});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(s + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("J_alone"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("checked without"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable (1 error while loading the case; the rest "
                       "was checked as read)"),
            std::string::npos)
      << r.out;

  const std::string broken = Write("broken.scn", test::TinyScn().substr(0, 200));
  r = Run({"check", n, broken});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[malformed-xml]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("J_alone"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the other files were checked without " + broken), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable (1 error while loading the case; the rest "
                       "was checked as read)"),
            std::string::npos)
      << r.out;
  // A file given twice was checked once: "checked without" it read as if it was not.
  r = Run({"check", n, n});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[duplicate-input]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("corridor check: " + n + " was given twice and checked once"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("checked without"), std::string::npos) << r.err;
  // Under another name (a link to it): said so; a file no copy of which was read is the
  // others' "checked without", once.
  const std::string link = (dir_ / "link.net").string();
  std::filesystem::create_symlink(n, link);
  r = Run({"check", n, link});
  EXPECT_NE(r.err.find("corridor check: " + link + " is " + n + " again: the file was checked "
                       "once"),
            std::string::npos)
      << r.err;
  r = Run({"check", n, broken, broken, (dir_ / "." / "broken.scn").string()});
  EXPECT_NE(r.err.find("the other files were checked without " + broken + "\n"),
            std::string::npos)
      << r.err;
  // Two other names of a file read under its own: both said, and the name it was read under.
  const std::string scn = Write("tiny.scn", test::TinyScn());
  const std::string l1 = (dir_ / "l1.scn").string(), l2 = (dir_ / "l2.scn").string();
  std::filesystem::create_symlink(scn, l1);
  std::filesystem::create_symlink(scn, l2);
  r = Run({"check", n, scn, l1, l2});
  EXPECT_NE(r.err.find("corridor check: " + l1 + " and " + l2 + " are " + scn +
                       " again: the file was checked once"),
            std::string::npos)
      << r.err;
}

// How often `[rule]` occurs in a check's diagnostics.
std::size_t Count(const std::string& err, const std::string& rule) {
  std::size_t n = 0;
  for (std::size_t at = err.find("[" + rule + "]"); at != std::string::npos;
       at = err.find("[" + rule + "]", at + 1))
    ++n;
  return n;
}

// One unreadable value hid every finding of validation: GasLib-11 with a pipe 5 km long
// "below zero" and an isolated junction listed only the negative length, and the other two
// findings came a round later. Now the case is validated as far as it was read, and the
// length is reported once, by the reader.
TEST_F(CheckCli, AReaderErrorDoesNotHideTheValidationFindings) {
  std::string net;
  ASSERT_TRUE(ReadFileToString(test::SourceDir() + "/data/examples/GasLib-11/GasLib-11.net", &net)
                  .ok());
  net = test::Replace(net, "<length unit=\"km\" value=\"55\"/>",
                      "<length unit=\"km\" value=\"-5\"/>");
  net = test::Replace(net, "</framework:nodes>",
                      "<innode id=\"lonely\" x=\"1\" y=\"1\"><height value=\"0\" unit=\"m\"/>"
                      "<pressureMin value=\"1\" unit=\"bar\"/><pressureMax value=\"70\" "
                      "unit=\"bar\"/></innode>\n</framework:nodes>");
  const std::string p = Write("bad.net", net);
  CliResult r = Run({"check", p});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(Count(r.err, "negative-value"), 1u) << r.err;
  EXPECT_NE(r.err.find(p + ":" + std::to_string(test::LineOf(net, "value=\"-5\"")) +
                       ": error: pipe 'pipe01_entry01_entry03': <length> must not be negative"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Count(r.err, "isolated-node"), 1u) << r.err;
  EXPECT_EQ(Count(r.err, "no-pressure-reference"), 1u) << r.err;
  EXPECT_EQ(Count(r.err, "positive-length"), 0u) << r.err;  // the reader's finding, not twice
  EXPECT_NE(r.err.find("corridor check: 2 errors, 2 warnings"), std::string::npos) << r.err;
  EXPECT_EQ(r.out,
            "Verdict         : not usable (1 error while loading the case; the rest was checked "
            "as read)\n");
}

// The brief's repro on GasLib-11: its first pipe's roughness set to 900 mm (line 154), then
// with its length set to -5 (line 152) as well. check named the <pipe> line 149 for the
// roughness, and beside the reader's negative length did not judge the roughness at all.
TEST_F(CheckCli, GasLib11FindingsNameTheChildLines) {
  std::string net;
  ASSERT_TRUE(ReadFileToString(test::SourceDir() + "/data/examples/GasLib-11/GasLib-11.net", &net)
                  .ok());
  ASSERT_EQ(test::LineOf(net, "<roughness unit=\"mm\" value=\"0.1\"/>"), 154);
  net = test::Replace(net, "<roughness unit=\"mm\" value=\"0.1\"/>",
                      "<roughness unit=\"mm\" value=\"900\"/>");
  const std::string p = Write("rough.net", net);
  CliResult r = Run({"check", p});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(p + ":154: error: pipe 'pipe01_entry01_entry03': roughness 900 mm is "
                       "not small against the diameter 500 mm"),
            std::string::npos)
      << r.err;
  net = test::Replace(net, "<length unit=\"km\" value=\"55\"/>",
                      "<length unit=\"km\" value=\"-5\"/>");
  const std::string q = Write("both.net", net);
  r = Run({"check", q});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(q + ":152: error: pipe 'pipe01_entry01_entry03': <length> must not be "
                       "negative"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(q + ":154: error: pipe 'pipe01_entry01_entry03': roughness 900 mm is "
                       "not small"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Count(r.err, "positive-length"), 0u) << r.err;
}

// A raw '&' in an id, an attribute given twice, a raw '<' in a value, '--' in a comment or
// ']]>' in text leaves the file not well-formed XML: the reader's error alone, not the garbled id again as dangling arcs, an isolated node and an
// unbalanced nomination (seven errors for one typo).
TEST_F(CheckCli, AnXmlLevelErrorGivesNoFollowOnFindings) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  std::string net;
  ASSERT_TRUE(ReadFileToString(g + ".net", &net).ok());
  for (const auto& [from, to, rule] :
       {std::tuple<std::string, std::string, std::string>{
            "<innode id=\"N04\"", "<innode id=\"N&04\"", "bad-entity"},
        {"<innode id=\"N04\"", "<innode id=\"N4x\" id=\"N04\"", "duplicate-attribute"},
        {"<innode id=\"N04\"", "<innode id=\"N<04\"", "lt-in-attribute"},
        {"<innode id=\"N04\"", "<!-- N04 -- moved -->\n<innode id=\"N04\"",
         "double-hyphen-in-comment"},
        {"nodes.</framework:documentation>", "nodes ]]>.</framework:documentation>",
         "cdata-end-in-text"}}) {
    const std::string bad = test::Replace(net, from, to);
    const std::string p = Write("xml_level.net", bad);
    CliResult r = Run({"check", p, g + ".scn"});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_EQ(Count(r.err, rule), 1u) << r.err;
    for (const char* noise : {"dangling-arc", "isolated-node", "unbalanced-nomination",
                              "unknown-node", "no-pressure-reference"})
      EXPECT_EQ(Count(r.err, noise), 0u) << noise << "\n" << r.err;
    EXPECT_NE(r.err.find("corridor check: 1 error, "), std::string::npos) << r.err;
  }
}

// An arc whose `from` the reader could not read has no place in the graph: no dangling-arc
// for it, and no isolated source and no part without pressure reference that its absence
// would make (S and the rest of TinyNet hang on P1). A real dangling arc is still found.
TEST_F(CheckCli, AnArcWithoutFromGivesNoFollowOnFindings) {
  std::string net = test::Replace(test::TinyNet(), "<pipe id=\"P1\" from=\"S\" to=\"N\">",
                                  "<pipe id=\"P1\" to=\"N\">");
  net = test::Replace(net, "  </framework:connections>",
                      "    <shortPipe id=\"SP\" from=\"T\" to=\"nowhere\">\n"
                      "      <flowMin value=\"-1000\" unit=\"1000m_cube_per_hour\"/>\n"
                      "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                      "    </shortPipe>\n  </framework:connections>");
  const std::string p = Write("nofrom.net", net);
  CliResult r = Run({"check", p});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(p + ":" + std::to_string(test::LineOf(net, "<pipe id=\"P1\"")) +
                       ": error: pipe 'P1': <pipe> has no 'from' attribute [missing-attribute]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Count(r.err, "dangling-arc"), 1u) << r.err;
  EXPECT_NE(r.err.find("shortPipe 'SP': to node 'nowhere' does not exist [dangling-arc]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Count(r.err, "isolated-node"), 0u) << r.err;
  EXPECT_EQ(Count(r.err, "no-pressure-reference"), 0u) << r.err;
  // What was not checked, and why.
  EXPECT_NE(r.err.find("note: pipe 'P1': its from node could not be read, so connectivity was "
                       "not checked"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("corridor check: 2 errors, 0 warnings"), std::string::npos) << r.err;
}

// An arc of a kind the reader does not know is named, at its line, by the note that
// connectivity was not checked (it said "an arc of the network could not be read"); a
// scenario temperature no network has is reported at its own line (it had none).
TEST_F(CheckCli, FindingsOnAnUnbuiltArcAndTheScenarioHaveTheirLines) {
  const std::string net = test::Replace(
      test::TinyNet(), "  </framework:connections>",
      "    <tube id=\"TB\" from=\"N\" to=\"T\"/>\n  </framework:connections>");
  const std::string n = Write("tube.net", net);
  const std::string scn = test::Replace(
      test::TinyScn(), "    <node type=\"entry\" id=\"S\">",
      "    <scenarioTemperature value=\"300\" unit=\"Celsius\"/>\n"
      "    <node type=\"entry\" id=\"S\">");
  const std::string s = Write("hot.scn", scn);
  CliResult r = Run({"check", n, s});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const std::string tube = std::to_string(test::LineOf(net, "<tube"));
  EXPECT_NE(r.err.find(n + ":" + tube + ": note: tube 'TB': it could not be read, so "
                       "connectivity was not checked"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(s + ":" + std::to_string(test::LineOf(scn, "<scenarioTemperature")) +
                       ": error: scenario 'tiny_scenario': scenario temperature 573.15 K"),
            std::string::npos)
      << r.err;
}

// A nomination with a flow the reader refuses and a node the network lacks: both are
// listed, and the refused flow gives no second finding (no not-finite, no imbalance).
TEST_F(CheckCli, ANominationReadInPartIsValidated) {
  const std::string n = Write("tiny.net", test::TinyNet());
  const std::string scn = test::Replace(
      test::TinyScn("abc"), "  </scenario>",
      "    <node type=\"exit\" id=\"ghost\">\n"
      "      <flow bound=\"both\" value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "    </node>\n  </scenario>");
  const std::string s = Write("tiny.scn", scn);
  CliResult r = Run({"check", n, s});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(Count(r.err, "not-a-number"), 1u) << r.err;
  EXPECT_NE(r.err.find(s + ":" + std::to_string(test::LineOf(scn, "id=\"ghost\"")) +
                       ": error: node 'ghost': nominated node 'ghost' is not in the network"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Count(r.err, "unknown-node"), 1u) << r.err;
  EXPECT_EQ(Count(r.err, "not-finite"), 0u) << r.err;
  EXPECT_EQ(Count(r.err, "unbalanced-nomination"), 0u) << r.err;
  EXPECT_EQ(Count(r.err, "missing-nomination"), 0u) << r.err;
  EXPECT_NE(r.err.find("corridor check: 2 errors"), std::string::npos) << r.err;
}

// The count line counts notes too, where there are any: a `not-checked` note was listed and
// left out of it.
TEST_F(CheckCli, TheCountLineCountsNotes) {
  const std::string p = Write(
      "nofrom.net", test::Replace(test::TinyNet(), "<pipe id=\"P1\" from=\"S\" to=\"N\">",
                                  "<pipe id=\"P1\" to=\"N\">"));
  CliResult r = Run({"check", p});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(Count(r.err, "not-checked"), 1u) << r.err;
  EXPECT_NE(r.err.find("corridor check: 1 error, 0 warnings, 1 note\n"), std::string::npos)
      << r.err;
  r = Run({"check", Write("tiny.net", test::TinyNet())});
  EXPECT_NE(r.err.find("corridor check: 0 errors, 0 warnings\n"), std::string::npos) << r.err;
}

// A file that is not well-formed gives nothing to validate: its syntax error alone.
TEST_F(CheckCli, AMalformedNetworkGivesOnlyItsSyntaxError) {
  std::string net = test::Replace(test::TinyNet(), "<length value=\"10\"",
                                  "<length value=\"-5\"");
  net = net.substr(0, net.find("</framework:connections>"));
  const std::string p = Write("cut.net", net);
  CliResult r = Run({"check", p});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(Count(r.err, "malformed-xml"), 1u) << r.err;
  EXPECT_NE(r.err.find("corridor check: 1 error, 0 warnings"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable (the input could not be read"),
            std::string::npos)
      << r.out;
}

TEST_F(CheckCli, MaxMessagesCapsTheList) {
  std::string extra;
  for (int i = 0; i < 12; ++i) extra += "    <junction id=\"J" + std::to_string(i) + "\"/>\n";
  const std::string p = Write(
      "many.net", test::Replace(test::TinyNet(), "  </framework:nodes>", extra + "  </framework:nodes>"));
  CliResult r = Run({"check", "--max-messages", "3", p});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("... and 9 more"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("12 errors"), std::string::npos) << r.err;
}

TEST_F(CheckCli, MissingAndUnknownFilesAreReported) {
  const std::string junk = Write("notes.txt", "just some notes\n");
  const std::string missing = (dir_ / "missing.net").string();
  CliResult r = Run({"check", missing, junk});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find(missing + ": error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[file-not-found]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(junk + ": error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[unknown-file-kind]"), std::string::npos) << r.err;
}

TEST_F(CheckCli, CheckWritesNoFiles) {
  const std::string p = Write("bad.net", "<network>");
  std::size_t before = 0, after = 0;
  for (auto& e : std::filesystem::directory_iterator(dir_)) (void)e, ++before;
  CliResult r = Run({"check", p});
  EXPECT_NE(r.status, 0);
  for (auto& e : std::filesystem::directory_iterator(dir_)) (void)e, ++after;
  EXPECT_EQ(after, before);  // Run() removes the captured stdout and stderr
}

// Combined decisions written for another network are an error, as station data are
// (foreign-stations), said first instead of one warning per entry.
TEST_F(CheckCli, DecisionsForAnotherNetworkAreRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  const std::string cdf = test::GasLibDir() + "/GasLib-582/GasLib-582-v2.cdf";
  CliResult r = Run({"check", g + ".net", g + ".scn", cdf});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.err.rfind(cdf + ": error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("arcs the decisions name are not in the network '" + g +
                       ".net': this file was probably written for another network "
                       "[foreign-decisions]"),
            std::string::npos)
      << r.err;
  // (GasLib-11's sources warn of their gas data, after the verdict: gas-inconsistent, one
  // finding for the three, which have the same data.)
  EXPECT_NE(r.err.find("corridor check: 1 error, 1 warning"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable"), std::string::npos) << r.out;
}

// Two groups of one decision that set an element two ways: check called the file usable,
// simulate --decisions refused it ("conflicting-decisions"); both refuse it now.
TEST_F(CheckCli, DecisionsThatContradictEachOtherAreRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-582/";
  const std::string cdf = (dir_ / "two.cdf").string();
  ASSERT_TRUE(WriteFileAtomically(
                  cdf,
                  "<?xml version=\"1.0\"?>\n<combinedDecisions "
                  "xmlns=\"http://gaslib.zib.de/CombinedDecisions\">\n"
                  "<decisionGroup id=\"g1\"><decision id=\"a\"><valve id=\"valve_4\" "
                  "value=\"0\"/></decision></decisionGroup>\n<decisionGroup id=\"g2\">"
                  "<decision id=\"b\"><valve id=\"valve_4\" value=\"1\"/></decision>"
                  "</decisionGroup>\n</combinedDecisions>\n")
                  .ok());
  const CliResult r = Run({"check", g + "GasLib-582-v2.net", g + "nomination_cold_5.scn", cdf});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(cdf + ":4: error: valve 'valve_4': set open by decision g2/b here and "
                             "closed by decision g1/a (line 3)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("[conflicting-decisions]"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict         : not usable"), std::string::npos) << r.out;
}

TEST_F(CheckCli, BundledExampleIsUsable) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  CliResult r = Run({"check", g + ".net", g + ".scn", g + ".cs"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("GasLib-11"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Nodes           : 11 (source 3, sink 3, innode 5)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Verdict         : usable"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

class ProgramCli : public test::CliTest {};

// Regression: "nan" passed CLI11's range checks and was then taken as "not given"; usage
// errors exited with CLI11's internal codes (105, 106, 109) instead of 1.
TEST_F(ProgramCli, NonFiniteNumbersAndUsageErrorsExitOne) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  CliResult r = Run({"simulate", g + ".net", g + ".scn", "--temperature", "nan"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--temperature: 'nan' is not a finite decimal number"),
            std::string::npos)
      << r.err;
  // Decimal numbers only, as in the files (std::stod took "0x10" for 16).
  r = Run({"simulate", g + ".net", g + ".scn", "--temperature", "0x10"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--temperature: '0x10' is not a finite decimal number"),
            std::string::npos)
      << r.err;
  // White space around the number is taken, as in the files (the validator took it and
  // CLI11's conversion then refused it: "Could not convert").
  r = Run({"simulate", g + ".net", g + ".scn", "--temperature", " 15 ", "--no-timings"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("T = 288.150 K"), std::string::npos) << r.out;
  r = Run({"simulate", g + ".net", g + ".scn", "--max-iterations", "abc"});
  EXPECT_EQ(r.status, 1) << r.err;
  // Whole numbers are decimal too: CLI11 read "010" as octal 8 and "0x2" as 2, and said
  // "Value 1.0 not in range 1 to 200" of --years 1.0.
  r = Run({"hydro", "--no-timings", "--years", "010", "--warmup-years", " 0 ", "--year-type",
           "dry"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Period        : 10 year(s) per run after 0 warm-up year(s)"),
            std::string::npos)
      << r.out;
  r = Run({"hydro", "--years", "0x2", "--warmup-years", "1.0"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* part : {"--years: '0x2' is not a whole decimal number",
                           "--warmup-years: '1.0' is not a whole decimal number"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
  // An invisible space in a number is named: "'1' is not a whole decimal number" read
  // as nonsense where a zero-width space followed the 1 (a double's option too).
  r = Run({"hydro", "--years", "1\xE2\x80\x8B", "--irrigation-scale", "\xC2\xA0" "1"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--years: '1<U+200B>' is not a whole decimal number"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--irrigation-scale: '<U+00A0>1'"), std::string::npos) << r.err;
  r = Run({"check", g + ".net", "--max-messages", "1e3"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--max-messages: '1e3' is not a whole decimal number"),
            std::string::npos)
      << r.err;
  r = Run({"convert", g + ".net"});  // --to and -o missing
  EXPECT_EQ(r.status, 1) << r.err;
  r = Run({"no-such-command"});
  EXPECT_EQ(r.status, 1) << r.err;
  r = Run({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("simulate"), std::string::npos);
}

// The same rule for the same option everywhere: --max-messages takes at least 1 in every
// command (convert listed nothing with 0); a gas temperature outside the plausible range is
// a bad option, not a numerical failure; --friction's error lists what the help offers.
TEST_F(ProgramCli, OptionsFollowOneRule) {
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  const std::string out = (dir_ / "out.json").string();
  CliResult r = Run({"convert", g + ".net", "--to", "json", "-o", out, "--max-messages", "0"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--max-messages: Value 0 not in range 1 to 1000000"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  r = Run({"simulate", g + ".net", g + ".scn", "--temperature", "1e300"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--temperature 1e+300 degC is not a temperature a gas network has "
                       "(plausible: -100 to 200 degC)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  r = Run({"simulate", g + ".net", g + ".scn", "--ambient-temperature", "-150"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--ambient-temperature -150 degC is not a temperature"),
            std::string::npos)
      << r.err;

  // The range's ends are inside, in either unit (-100 degC is 173.14999999999998 K in
  // doubles, and was refused with a message that named -100 as the limit).
  r = Run({"simulate", g + ".net", g + ".scn", "--ambient-temperature", "-100", "--temperature",
           "200", "--no-timings"});
  EXPECT_EQ(r.err.find("is not a temperature"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Verdict"), std::string::npos) << r.out << r.err;
  {
    std::string net;
    ASSERT_TRUE(ReadFileToString(g + ".net", &net).ok());
    const std::string from = "<gasTemperature unit=\"Celsius\" value=\"10\"/>";
    const std::size_t at = net.find(from);
    ASSERT_NE(at, std::string::npos);
    net.replace(at, from.size(), "<gasTemperature unit=\"Celsius\" value=\"-100\"/>");
    const std::string cold = (dir_ / "cold.net").string();
    ASSERT_TRUE(WriteFileAtomically(cold, net).ok());
    r = Run({"check", cold});
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(r.err.find("implausible-value"), std::string::npos) << r.err;
  }

  // A pressure reference as a controls file takes it: at most 1000 bar; and at least 1 mbar
  // (1e-300 bar was taken, and printed as 0.000000 bar).
  r = Run({"simulate", g + ".net", g + ".scn", "--slack", "exit01=1e9"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--slack 'exit01=1e9': 1000000000 bar is not a pressure a gas network has "
                       "(plausible: 0.001 to 1000 bar)"),
            std::string::npos)
      << r.err;
  r = Run({"simulate", g + ".net", g + ".scn", "--slack", "exit01=1e-300"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--slack 'exit01=1e-300': 1e-300 bar is not a pressure"),
            std::string::npos)
      << r.err;
  for (const char* bad : {"exit01=1e9", "exit01=1e-300"}) {
    r = Run({"track", g + ".net", g + ".scn", "--slack", bad});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(std::string("--slack '") + bad + "': "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" bar is not a pressure"), std::string::npos) << r.err;
  }

  const std::string offered = "nikuradse, colebrook-white, hofer, pandapipes-nikuradse, fixed";
  r = Run({"simulate", g + ".net", g + ".scn", "--friction", "moody"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--friction 'moody' unknown (one of: " + offered + ")"),
            std::string::npos)
      << r.err;
  // `fixed` takes its factors from --lambda: without them every pipe is named missing.
  r = Run({"simulate", g + ".net", g + ".scn", "--friction", "fixed"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--friction fixed needs a friction factor for every pipe"),
            std::string::npos)
      << r.err;
  r = Run({"simulate", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("friction law: " + offered), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(default nikuradse; fixed takes its factors from --lambda)"),
            std::string::npos)
      << r.out;
}

// GasLib-40's nomination on GasLib-582 (their generic ids coincide), one flow raised so that
// it no longer balances: 133 warnings (partial-nomination, 128 missing-nomination, 4
// gas-inconsistent) come before the one error. The
// list shows the error (it was cut off behind fifty warnings while the count said "1
// error"), and the totals do not depend on --max-messages (a check that re-read the
// readable files lost the counts of what its cap dropped).
TEST_F(CheckCli, TheCapListsTheErrorAndKeepsTheTotals) {
  CORRIDOR_REQUIRE_SHARED();
  std::string scn;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/GasLib-40/GasLib-40.scn", &scn).ok());
  const std::string flow = "<flow value=\"725\"";
  const std::size_t at = scn.find(flow);
  ASSERT_NE(at, std::string::npos);
  scn.replace(at, flow.size(), "<flow value=\"800\"");
  const std::string s = Write("s.scn", scn);
  const std::string net = test::GasLibDir() + "/GasLib-582/GasLib-582-v2.net";
  CliResult r = Run({"check", net, s});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("[unbalanced-nomination]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warnings; only 50 are listed, errors before warnings)"), std::string::npos);
  const std::string totals = "corridor check: 1 error, 132 warnings";
  EXPECT_NE(r.err.find(totals), std::string::npos) << r.err;
  r = Run({"check", net, s, "--max-messages", "3"});
  EXPECT_NE(r.err.find("[unbalanced-nomination]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(totals), std::string::npos) << r.err;
  // A file that cannot be read: the others are read again on their own, and the totals
  // stay those of the whole check whatever the cap.
  std::string net_text;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/GasLib-11/GasLib-11.net", &net_text).ok());
  const std::string g11 = Write("g11.net", net_text);
  const std::string bad_cs = Write("bad.cs", "<compressorStations>\n");
  std::string totals_all;
  for (const char* cap : {"50", "2"}) {
    r = Run({"check", g11, test::GasLibDir() + "/GasLib-11/GasLib-11.scn", bad_cs,
             "--max-messages", cap});
    EXPECT_EQ(r.status, 1) << r.err;
    const std::size_t line = r.err.find("corridor check: ");
    ASSERT_NE(line, std::string::npos) << r.err;
    const std::string t = r.err.substr(r.err.rfind("corridor check: "));
    if (totals_all.empty()) totals_all = t;
    EXPECT_EQ(t, totals_all) << "--max-messages " << cap;
  }
}

// GasLib-40's .scn and .cs on GasLib-135: the instances share generic ids, so no id is
// unknown and the case was "usable" behind a hundred per-element warnings, the machine data
// of GasLib-40 on six of GasLib-135's 29 stations. The first two lines now say what the
// files are.
TEST_F(CheckCli, AnotherInstancesFilesAreNamedFirst) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir();
  CliResult r = Run({"check", g + "/GasLib-135/GasLib-135.net", g + "/GasLib-40/GasLib-40.scn",
                     g + "/GasLib-40/GasLib-40.cs"});
  const std::size_t nomination = r.err.find("names 32 of the 105 sources and sinks");
  const std::size_t stations = r.err.find("describes 6 of the 29 compressorStations");
  ASSERT_NE(nomination, std::string::npos) << r.err;
  ASSERT_NE(stations, std::string::npos) << r.err;
  EXPECT_LT(nomination, r.err.find("[missing-nomination]"));
  EXPECT_LT(stations, r.err.find("[missing-nomination]"));
  EXPECT_NE(r.err.find("[partial-nomination]"), std::string::npos);
  EXPECT_NE(r.err.find("[partial-stations]"), std::string::npos);
  // GasLib-135's own files: neither (every instance's own files are checked for an exact
  // count of warnings in tests/io/gaslib_instances_test.cpp).
  r = Run({"check", g + "/GasLib-135/GasLib-135.net", g + "/GasLib-135/GasLib-135.scn",
           g + "/GasLib-135/GasLib-135.cs"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("partial-"), std::string::npos) << r.err;
}

// A report that cannot be written to standard output is no success: `check > /dev/full`
// and the main job with its stdout closed exited 0 and said nothing. Now a line on stderr
// and exit 4 where the command would have exited 0; a nonzero status stands. (With stdout
// closed, /dev/null stands in for it, so that no file opened later takes the report in.)
TEST_F(CheckCli, AReportThatCannotBeWrittenIsNoSuccess) {
  const std::string net = Write("tiny.net", test::TinyNet());
  const std::string err = (dir_ / "err.txt").string();
  auto run = [&](const std::string& args, const std::string& out) {
    const int raw = std::system((Quote(CORRIDOR_CLI) + " " + args + " " + out + " 2> " +
                                 Quote(err)).c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  };
  std::string said;
  EXPECT_EQ(run("check " + Quote(net), "> /dev/null"), 0);
  if (std::filesystem::exists("/dev/full")) {
    EXPECT_EQ(run("check " + Quote(net), "> /dev/full"), 4);
    ASSERT_TRUE(ReadFileToString(err, &said).ok());
    EXPECT_NE(said.find("corridor check: the report could not be written to standard output: "
                        "No space left on device"),
              std::string::npos)
        << said;
    // A status already nonzero stands (the case is not usable: 1).
    const std::string bad = Write("bad.net", test::Replace(test::TinyNet(), "<pipe id=\"P1\"",
                                                          "<pipe id=\"\""));
    EXPECT_EQ(run("check " + Quote(bad), "> /dev/full"), 1);
    // The main job's report, written in pieces before the end, is said with its cause too
    // (the errno of the piece that failed was gone at the end: no reason given).
    EXPECT_EQ(run("", "> /dev/full"), 4);
    ASSERT_TRUE(ReadFileToString(err, &said).ok());
    EXPECT_NE(said.find("corridor: the report could not be written to standard output: No "
                        "space left on device"),
              std::string::npos)
        << said;
  } else {
    GTEST_LOG_(INFO) << "no /dev/full here: its half of the test is skipped";
  }
  EXPECT_EQ(run("check " + Quote(net), ">&-"), 4);
  ASSERT_TRUE(ReadFileToString(err, &said).ok());
  EXPECT_NE(said.find("could not be written to standard output: it was closed"),
            std::string::npos)
      << said;
}

// A pipe whose reader has gone (`corridor check ... | head -1` where head ended first)
// killed the program by SIGPIPE: exit 141, nothing said. The reading end is closed here
// before the program starts, so that its write fails every time.
TEST_F(CheckCli, APipeWithoutAReaderIsSaidAndExits4) {
  const std::string net = Write("tiny.net", test::TinyNet());
  const std::string err = (dir_ / "err.txt").string();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[1]);
    if (std::FILE* e = std::freopen(err.c_str(), "w", stderr); e == nullptr) _exit(127);
    // (The signal's default action, whatever the test runner set: an ignored SIGPIPE is
    // inherited across exec, and the program would then pass without ignoring it itself.)
    std::signal(SIGPIPE, SIG_DFL);
    execl(CORRIDOR_CLI, CORRIDOR_CLI, "check", net.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  int raw = 0;
  ASSERT_EQ(waitpid(pid, &raw, 0), pid);
  ASSERT_TRUE(WIFEXITED(raw)) << "ended by signal " << (WIFSIGNALED(raw) ? WTERMSIG(raw) : 0);
  EXPECT_EQ(WEXITSTATUS(raw), 4);
  std::string said;
  ASSERT_TRUE(ReadFileToString(err, &said).ok());
  EXPECT_NE(said.find("corridor check: the report could not be written to standard output: "
                      "Broken pipe"),
            std::string::npos)
      << said;
}

}  // namespace
}  // namespace corridor
