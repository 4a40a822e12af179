// Bad input: each case asserts that the message names file:line, the element and the
// rule. In-memory cases use the *FromString readers (plus ValidateCase where the rule is
// a validation rule); file cases go through LoadCase.
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/validate.h"
#include "io/gaslib_test_util.h"
#include "test_util.h"

namespace corridor {
namespace {

using test::HasDiag;
using test::LineOf;
using test::Replace;
using test::TinyNet;
using test::TinyScn;

constexpr const char* kNet = "bad.net";
constexpr const char* kScn = "bad.scn";

/// Reads a .net from text; returns the diagnostics.
Diagnostics ReadNet(const std::string& xml, Status* status = nullptr, Network* out = nullptr) {
  Diagnostics d;
  Network n;
  Status s = ReadGasLibNetworkFromString(xml, kNet, &n, &d);
  if (status) *status = s;
  if (out) *out = std::move(n);
  return d;
}

/// Reads a .net (which must read cleanly) and an optional .scn, then validates.
Diagnostics ReadAndValidate(const std::string& net_xml, const std::string* scn_xml = nullptr,
                            ValidationSummary* summary = nullptr) {
  Diagnostics d;
  GasCase c;
  EXPECT_TRUE(ReadGasLibNetworkFromString(net_xml, kNet, &c.network, &d).ok()) << d.ToString();
  if (scn_xml) {
    Nomination nom;
    EXPECT_TRUE(ReadGasLibNominationFromString(*scn_xml, kScn, &nom, &d).ok()) << d.ToString();
    c.nomination = std::move(nom);
  }
  ValidationSummary s;
  EXPECT_TRUE(ValidateCase(c, ValidateOptions(), &s, &d).ok());
  if (summary) *summary = s;
  return d;
}

TEST(GasLibBadInput, TheTinyNetworkIsClean) {
  std::string scn = TinyScn();
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_EQ(d.items().size(), 0u) << d.ToString();
  EXPECT_TRUE(s.usable);
  EXPECT_DOUBLE_EQ(s.total_pipe_length_m, 30000.0);
}

// ---- XML level ----

TEST(GasLibBadInput, TruncatedXml) {
  std::string xml = TinyNet();
  xml = xml.substr(0, xml.find("<pipe id=\"P2\""));
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_EQ(st.code(), Status::Code::kParseError);
  ASSERT_EQ(d.items().size(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "malformed-xml");
  EXPECT_GT(d.items()[0].line, 40);  // at the end of the text, not line 1
  EXPECT_NE(d.items()[0].ToString().find("bad.net:"), std::string::npos);
  // Which elements were left open, and where they began.
  EXPECT_NE(d.items()[0].message.find(fmt::format(
                "the text ends while <framework:connections> opened on line {}, <network> "
                "opened on line {} are still open",
                LineOf(xml, "<framework:connections>"), LineOf(xml, "<network"))),
            std::string::npos)
      << d.ToString();
}

// The readers' Status lines ("PATH: not well-formed XML", "PATH: N errors ...") show a
// path's control characters as \xNN, as the file helpers and the Diagnostics do: a newline
// in a path split the line.
TEST(GasLibBadInput, AStatusLineShowsAPathsControlCharactersEscaped) {
  const std::string path = "odd\nname.net";
  for (const std::string& text : {std::string("<network"), TinyNet() + "<extra/>"}) {
    Network n;
    Diagnostics d;
    const Status st = ReadGasLibNetworkFromString(text, path, &n, &d);
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(st.message().find('\n'), std::string::npos) << st.message();
    EXPECT_EQ(st.message().rfind("odd\\x0Aname.net: ", 0), 0u) << st.message();
  }
  GasCase c;
  Diagnostics d;
  const Status st = ReadCorridorJsonFromString("{", "odd\njson", &c, &d);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message().rfind("odd\\x0Ajson: ", 0), 0u) << st.message();
}

TEST(GasLibBadInput, MismatchedTag) {
  std::string xml = Replace(TinyNet(), "    </innode>", "    </innod>");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "</innod>"), "", "malformed-xml"));
  EXPECT_NE(d.ToString().find(fmt::format("</innod> on line {} matches no open element: the "
                                          "innermost is <innode> opened on line {}",
                                          LineOf(xml, "</innod>"), LineOf(xml, "<innode"))),
            std::string::npos)
      << d.ToString();
}

// Regression: an element never closed was reported where pugixml noticed it, an end tag
// further on, as "Start-end tags mismatch" only; the message names the element left open
// and its line.
TEST(GasLibBadInput, AnElementNeverClosedIsNamedWithItsLine) {
  const std::string xml = Replace(TinyNet(), "    </innode>\n", "");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_EQ(st.code(), Status::Code::kParseError);
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "</framework:nodes>"), "", "malformed-xml"))
      << d.ToString();
  EXPECT_NE(d.ToString().find(fmt::format(
                "</framework:nodes> on line {} closes <framework:nodes> of line {}, but "
                "<innode> opened on line {} inside it was never closed",
                LineOf(xml, "</framework:nodes>"), LineOf(xml, "<framework:nodes>"),
                LineOf(xml, "<innode"))),
            std::string::npos)
      << d.ToString();
}

TEST(GasLibBadInput, EmptyText) {
  Diagnostics d = ReadNet("");
  ASSERT_EQ(d.error_count(), 1u);
  EXPECT_EQ(d.items()[0].rule, "malformed-xml");
  EXPECT_NE(d.items()[0].ToString().find("bad.net"), std::string::npos);
}

// Regression: a 0xFF byte in an id passed check and then made the JSON writers throw.
TEST(GasLibBadInput, InvalidUtf8IsRejectedWithItsLine) {
  const std::string xml = Replace(TinyNet(), "id=\"P2\"", "id=\"P\xff" "2\"");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_FALSE(st.ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "bad-utf8");
  EXPECT_EQ(d.items()[0].line, LineOf(xml, "P\xff" "2"));
  // Well-formed multi-byte text (an alias in Cyrillic) is fine.
  Diagnostics ok = ReadNet(Replace(TinyNet(), "id=\"P2\"", "id=\"P2\" alias=\"\xd0\x90\xd1\x81\""));
  EXPECT_EQ(ok.error_count(), 0u) << ok.ToString();
}

// A byte that is not UTF-8 does not hide the markup's own fault: a Latin-1 letter beside an
// element never closed said the letter alone, and the next run found the element.
TEST(GasLibBadInput, InvalidUtf8AndMalformedXmlAreBothSaid) {
  const std::string xml =
      Replace(Replace(TinyNet(), "id=\"P2\"", "id=\"P\xe9" "2\""), "</framework:nodes>",
              "<x></framework:nodes>");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_FALSE(st.ok());
  ASSERT_EQ(d.error_count(), 2u) << d.ToString();
  // (The markup's fault first: no cap on the messages cuts it after the bytes.)
  EXPECT_EQ(d.items()[0].rule, "malformed-xml");
  EXPECT_EQ(d.items()[0].line, LineOf(xml, "<x></framework:nodes>")) << d.ToString();
  EXPECT_EQ(d.items()[1].rule, "bad-utf8");
  // Past the cap of messages, it is still there.
  std::string many = xml;
  for (int k = 0; k < 60; ++k) many = Replace(many, "</framework:information>",
                                              "\xe9</framework:information>");
  Diagnostics capped = ReadNet(many, &st);
  EXPECT_EQ(capped.items()[0].rule, "malformed-xml") << capped.ToString();
}

// Every byte that is not UTF-8 is said, each at the element it lies in (only the first
// was, at no element: a file with five took five runs); past the first 1000, each is
// still counted, in a fixed sentence.
TEST(GasLibBadInput, EveryInvalidUtf8ByteIsSaidAtItsElement) {
  const std::string xml = Replace(Replace(TinyNet(), "id=\"P2\"", "id=\"P\xff" "2\""),
                                  "<length value=\"10\"", "<length value=\"1\xc3" "0\"");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_FALSE(st.ok());
  ASSERT_EQ(d.error_count(), 2u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "bad-utf8");
  EXPECT_EQ(d.items()[0].line, LineOf(xml, "1\xc3" "0"));
  EXPECT_EQ(d.items()[0].element, "pipe 'P1'") << d.ToString();
  EXPECT_EQ(d.items()[1].line, LineOf(xml, "P\xff" "2"));
  EXPECT_NE(d.items()[1].element.find("pipe 'P"), std::string::npos) << d.ToString();
  EXPECT_NE(d.ToString().find("the file is not valid UTF-8: byte 0xFF at offset "),
            std::string::npos)
      << d.ToString();
  // 1 200 of them in a title: 1 000 described, 200 more counted (under a cap high enough).
  const std::string many = Replace(TinyNet(), "<framework:title>tiny",
                                   "<framework:title>tiny" + std::string(1200, '\xfe'));
  Diagnostics dm(2000);
  Network n;
  EXPECT_FALSE(ReadGasLibNetworkFromString(many, kNet, &n, &dm).ok());
  EXPECT_EQ(dm.error_count(), 1200u);
  std::size_t further = 0;
  for (const Diagnostic& x : dm.items())
    further += x.message == "a further byte that is not UTF-8 (the first 1000 are described)";
  EXPECT_EQ(further, 200u) << dm.ToString().substr(0, 400);
}

// A child given twice with different content (a pipe 10 km and 5 km long) was a warning
// that the first is used, and the case was "usable"; alike, it stays a warning.
TEST(GasLibBadInput, AChildTwiceWithDifferentContentIsAnError) {
  const std::string twice =
      Replace(TinyNet(), "<length value=\"10\" unit=\"km\"/>",
              "<length value=\"10\" unit=\"km\"/>\n      <length value=\"5\" unit=\"km\"/>");
  Status st;
  Diagnostics d = ReadNet(twice, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(twice, "<length value=\"5\""), "pipe 'P1'",
                      "conflicting-child"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("value=\"10\" unit=\"km\" on line"), std::string::npos)
      << d.ToString();
  const std::string alike =
      Replace(TinyNet(), "<length value=\"10\" unit=\"km\"/>",
              "<length value=\"10\" unit=\"km\"/>\n      <length value=\"10\" unit=\"km\"/>");
  d = ReadNet(alike, &st);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, 0, "pipe 'P1'", "duplicate-child")) << d.ToString();
}

TEST(GasLibBadInput, NotXmlAtAll) {
  Diagnostics d = ReadNet("node,x,y\nS,0,0\n");
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "malformed-xml");
}

TEST(GasLibBadInput, WrongRootElementCsGivenAsNet) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<compressorStations xmlns=\"http://gaslib.zib.de/"
      "CompressorStations\">\n</compressorStations>\n";
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kNet, 2, "", "wrong-root"));
  EXPECT_NE(d.items()[0].message.find(".cs"), std::string::npos) << d.ToString();
}

// Regression: pugixml takes elements and text after the root element, and the readers
// never looked there: an appended <extra/> (or a second network) passed silently. Each is an
// error at its line; the network before it is still read and checked.
TEST(GasLibBadInput, ContentAfterTheRootElementIsAnError) {
  for (const std::string& tail : {std::string("<extra/>"), std::string("\n  stray text"),
                                  std::string("<network/>")}) {
    const std::string xml = TinyNet() + tail + "\n";
    Status st;
    Diagnostics d = ReadNet(xml, &st);
    EXPECT_EQ(st.code(), Status::Code::kParseError) << tail;
    ASSERT_EQ(d.error_count(), 1u) << d.ToString();
    EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, tail.substr(tail.find_first_not_of("\n "))), "",
                        "content-after-root"))
        << d.ToString();
    EXPECT_NE(d.ToString().find("after the root element <network>"), std::string::npos)
        << d.ToString();
  }
  // Comments and white space after it are fine.
  EXPECT_EQ(ReadNet(TinyNet() + "<!-- end -->\n\n").items().size(), 0u);
}

// Regression: an empty <framework:connections/> before the real block made the reader take
// the empty one: every arc was dropped, and the errors that followed (unconnected nodes)
// never named the cause. A second block is an error at its line.
TEST(GasLibBadInput, ASecondConnectionsOrNodesBlockIsAnError) {
  std::string xml = Replace(TinyNet(), "  <framework:connections>",
                            "  <framework:connections/>\n  <framework:connections>");
  xml = Replace(xml, "</framework:nodes>", "</framework:nodes>\n  <framework:nodes/>");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<framework:nodes/>"), "", "duplicate-element"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "  <framework:connections>"), "",
                      "duplicate-element"));
  EXPECT_NE(d.ToString().find(fmt::format("<framework:connections> given a second time (the "
                                          "first is on line {})",
                                          LineOf(xml, "<framework:connections/>"))),
            std::string::npos)
      << d.ToString();
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
}

// Regression: a DOCTYPE declaring entities made LoadCase say "cannot tell what this file
// holds" (its declarations hid the root element), and the reader would have left "&b;"
// unexpanded in the values. The reader now says that such a DOCTYPE is not supported; a
// DOCTYPE without declarations changes nothing and passes.
TEST(GasLibBadInput, ADoctypeWithDeclarationsIsNotSupported) {
  const std::string xml =
      Replace(TinyNet(), "<network ",
              "<!DOCTYPE network [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]>\n<network ");
  Status st;
  Diagnostics d = ReadNet(Replace(xml, "<framework:title>tiny", "<framework:title>&b;"), &st);
  EXPECT_FALSE(st.ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<!DOCTYPE"), "", "doctype"));
  EXPECT_NE(d.ToString().find("a DOCTYPE with declarations is not supported"), std::string::npos)
      << d.ToString();
  const std::string plain = Replace(TinyNet(), "<network ", "<!DOCTYPE network>\n<network ");
  EXPECT_EQ(ReadNet(plain).items().size(), 0u) << ReadNet(plain).ToString();
}

// Regression: a raw '&' (a title "R & D", an id "P&2") and an entity XML does not define
// ("&nbsp;") were read as they stand, where XML calls the file not well-formed. Each is an
// error at its line in every GasLib reader; the rest of the file is still read.
TEST(GasLibBadInput, AnAmpersandThatStartsNoReferenceIsAnError) {
  std::string xml =
      Replace(TinyNet(), "<framework:title>tiny", "<framework:title>R & D&nbsp;tiny");
  xml = Replace(xml, "id=\"P2\"", "id=\"P&2\"");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_EQ(st.code(), Status::Code::kParseError) << d.ToString();
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "R & D"), "", "bad-entity")) << d.ToString();
  EXPECT_NE(d.ToString().find("'&' in the text after <framework:title> is not a reference"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("'&nbsp;' in the text after <framework:title> is an entity XML "
                              "does not define"),
            std::string::npos)
      << d.ToString();
  // Each names the element it lies in, once the document is parsed (the text alone names
  // none); the title's has none with an id.
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "P&2"), "pipe 'P&2'", "bad-entity")) << d.ToString();
  EXPECT_NE(d.ToString().find("'&2' in an attribute of <pipe>"), std::string::npos)
      << d.ToString();
  for (const Diagnostic& x : d.items())
    if (x.line == LineOf(xml, "R & D")) EXPECT_EQ(x.element, "") << x.ToString();
  // A nomination goes through the same parse.
  const std::string scn = Replace(TinyScn(), "id=\"tiny_scenario\"", "id=\"tiny&scenario\"");
  Diagnostics ds;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &ds).ok());
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(scn, "tiny&"), "scenario 'tiny&scenario'", "bad-entity"))
      << ds.ToString();
  // Written as XML has it, the same text reads.
  Network net;
  const std::string good = Replace(
      Replace(TinyNet(), "<framework:title>tiny", "<framework:title>R &amp; D&#160;tiny"),
      "id=\"P2\"", "id=\"P&amp;2\"");
  d = ReadNet(Replace(good, "to=\"T\">", "to=\"T\"><!-- R & D -->"), &st, &net);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_EQ(d.items().size(), 0u) << d.ToString();
  EXPECT_EQ(net.info.title, "R & D\u00A0tiny");
  EXPECT_EQ(net.arcs[1].id, "P&2");
  // A value or unit that XML refuses is not judged again: one mistake, one error (value="5&5"
  // was also not-a-number, unit="k&m" unknown-unit, value="5<5" not-a-number).
  for (const auto& [from, to, rule] :
       {std::tuple{"<length value=\"20\"", "<length value=\"2&0\"", "bad-entity"},
        std::tuple{"<length value=\"20\" unit=\"km\"", "<length value=\"20\" unit=\"k&m\"",
                   "bad-entity"},
        std::tuple{"<length value=\"20\"", "<length value=\"2<0\"", "lt-in-attribute"}}) {
    SCOPED_TRACE(to);
    const std::string bad = Replace(TinyNet(), from, to);
    d = ReadNet(bad, &st);
    EXPECT_EQ(d.error_count(), 1u) << d.ToString();
    EXPECT_TRUE(HasDiag(d, kNet, LineOf(bad, to), "pipe 'P2'", rule)) << d.ToString();
  }
}

// The title and documentation are their elements' whole text: a CDATA section or a comment
// inside cut it at the first piece ("Gas<![CDATA[Lib]]>_11" read "Gas").
TEST(GasLibBadInput, TitleIsTheWholeTextOfItsElement) {
  Status st;
  Network net;
  const Diagnostics d = ReadNet(
      Replace(TinyNet(), "<framework:title>tiny",
              "<framework:title>ti<![CDATA[n<y>]]><!-- a note -->y"),
      &st, &net);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_EQ(net.info.title, "tin<y>y");
  // Markup inside is read as its text, with a warning at it ("a<b>c</b>d" read "ad" without
  // a word).
  const std::string marked = Replace(TinyNet(), "<framework:title>tiny",
                                     "<framework:title>ti<b>n<i>y</i></b>");
  const Diagnostics w = ReadNet(marked, &st, &net);
  EXPECT_TRUE(st.ok()) << w.ToString();
  EXPECT_EQ(net.info.title, "tiny");
  EXPECT_EQ(w.warning_count(), 1u) << w.ToString();
  EXPECT_TRUE(HasDiag(w, kNet, LineOf(marked, "<b>"), "network", "unknown-child"))
      << w.ToString();
}

// Regression: an attribute given twice on an element was read as its first value without a
// word (<node id="a" id="b">), or warned about on a value element only ("the first is
// used"); XML calls such a document not well-formed. Each repeat, on any element, is an
// error at the element's line naming the tag, the attribute and both values; the rest of the
// file is still read, so that its other problems are listed too.
TEST(GasLibBadInput, AnAttributeGivenTwiceIsAnError) {
  std::string xml = Replace(TinyNet(), "<diameter value=\"600\" unit=\"mm\"/>",
                            "<diameter value=\"600\" unit=\"mm\" unit=\"m\"/>");
  xml = Replace(xml, "<innode id=\"N\" x=\"1\"", "<innode id=\"N\" x=\"1\" id=\"M\"");
  xml = Replace(xml, "<length value=\"20\" unit=\"km\"/>",
                "<length value=\"20\" unit=\"km\" value=\"2\"/>");
  xml = Replace(xml, "<roughness value=\"0.1\" unit=\"mm\"/>",
                "<roughness value=\"-0.1\" unit=\"mm\"/>");  // a reader error after them
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_EQ(st.code(), Status::Code::kParseError) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "unit=\"mm\" unit=\"m\""), "pipe 'P2'",
                      "duplicate-attribute"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("<diameter> has attribute 'unit' twice (unit=\"mm\" and "
                              "unit=\"m\")"),
            std::string::npos)
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<innode"), "innode 'N'", "duplicate-attribute"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("<innode> has attribute 'id' twice (id=\"N\" and id=\"M\")"),
            std::string::npos)
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "value=\"2\""), "pipe 'P2'", "duplicate-attribute"))
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "-0.1"), "pipe 'P1'", "negative-value"))
      << d.ToString();
  EXPECT_EQ(d.error_count(), 4u) << d.ToString();
  EXPECT_EQ(d.warning_count(), 0u) << d.ToString();  // no "unknown attribute" for the repeat
  // The same in a nomination, whose reader goes through the same parse.
  const std::string scn = Replace(TinyScn(), "<node type=\"exit\" id=\"T\">",
                                  "<node type=\"exit\" id=\"T\" type=\"entry\">");
  Diagnostics ds;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &ds).ok());
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(scn, "id=\"T\""), "node 'T'", "duplicate-attribute"))
      << ds.ToString();
  // Attributes that share a local name are different attributes.
  Diagnostics ok = ReadNet(
      Replace(TinyNet(), "<innode id=\"N\"", "<innode id=\"N\" framework:id=\"N\""));
  EXPECT_EQ(ok.error_count(), 0u) << ok.ToString();
}

// Past 16 attributes on one element, repeats are found through a set of the names (they
// were compared by walking every earlier attribute: 200 000 took minutes): a repeat of the
// first and one of the twentieth, among 30 attributes, are each said once.
TEST(GasLibBadInput, ARepeatAmongManyAttributesIsAnError) {
  std::string extra;
  for (int k = 0; k < 30; ++k)
    extra += " a" + std::to_string(k) + "=\"" + std::to_string(k) + "\"";
  extra += " a19=\"again\" id=\"M\"";
  const std::string xml = Replace(TinyNet(), "<innode id=\"N\"", "<innode id=\"N\"" + extra);
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_EQ(st.code(), Status::Code::kParseError) << d.ToString();
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
  EXPECT_NE(d.ToString().find("<innode> has attribute 'a19' twice (a19=\"19\" and "
                              "a19=\"again\")"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("<innode> has attribute 'id' twice (id=\"N\" and id=\"M\")"),
            std::string::npos)
      << d.ToString();
}

// Regression (review): after duplicate-attribute the element's rules still judged the first
// copy as if it were the value: <length value="-20" value="2"/> was also "must not be
// negative, got -20", x="abc" x="1" also a not-a-number, a second copy of an unknown attribute
// a second warning. Which copy was meant is not guessed, so neither is judged: the one
// error names both.
TEST(GasLibBadInput, AnAttributeGivenTwiceIsNotAlsoJudgedByItsFirstCopy) {
  const struct {
    std::string from, to;
  } cases[] = {
      {"<length value=\"20\" unit=\"km\"/>", "<length value=\"-20\" unit=\"km\" value=\"2\"/>"},
      {"<length value=\"20\" unit=\"km\"/>", "<length value=\"abc\" unit=\"km\" value=\"2\"/>"},
      {"<length value=\"20\" unit=\"km\"/>", "<length value=\"20\" unit=\"parsec\" unit=\"km\"/>"},
      {"<innode id=\"N\" x=\"1\"", "<innode id=\"N\" x=\"abc\" x=\"1\""},
      {"<innode id=\"N\" x=\"1\"", "<innode id=\"N\" geoWGS84Lat=\"x\" geoWGS84Lat=\"1\" x=\"1\""},
      {"<innode id=\"N\" x=\"1\"", "<innode id=\"\" id=\"N\" x=\"1\""},
      {"<innode id=\"N\" x=\"1\"", "<innode id=\"N\" colour=\"r\" colour=\"g\" x=\"1\""},
      {"<pipe id=\"P2\" from=\"N\"", "<pipe id=\"P2\" from=\"\" from=\"N\""},
  };
  for (const auto& c : cases) {
    const std::string xml = Replace(TinyNet(), c.from, c.to);
    Status st;
    Diagnostics d = ReadNet(xml, &st);
    EXPECT_EQ(st.code(), Status::Code::kParseError) << c.to;
    EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, c.to), "", "duplicate-attribute")) << d.ToString();
    // colour="r" is unknown: one warning for the attribute, not one per copy.
    EXPECT_EQ(d.items().size(), c.to.find("colour") != std::string::npos ? 2u : 1u)
        << c.to << "\n" << d.ToString();
  }
  // A nomination: a type, a bound or a value given twice.
  for (const auto& c : std::vector<std::pair<std::string, std::string>>{
           {"<node type=\"exit\" id=\"T\">", "<node type=\"sink\" type=\"exit\" id=\"T\">"},
           {"<flow bound=\"both\" value=\"100\"",
            "<flow bound=\"lower\" bound=\"both\" value=\"100\""},
           {"<flow bound=\"both\" value=\"100\"", "<flow bound=\"both\" value=\"-x\" value=\"100\""}}) {
    const std::string scn = Replace(TinyScn(), c.first, c.second);
    Diagnostics ds;
    Nomination nom;
    EXPECT_EQ(ReadGasLibNominationFromString(scn, kScn, &nom, &ds).code(),
              Status::Code::kParseError);
    EXPECT_TRUE(HasDiag(ds, kScn, LineOf(scn, c.second), "", "duplicate-attribute"))
        << ds.ToString();
    EXPECT_EQ(ds.items().size(), 1u) << c.second << "\n" << ds.ToString();
  }
}

// Regression: extra attributes and text inside a value element were ignored without a word
// (<length value="55" value2="3"/>, <length value="55" unit="km">12</length>). Each is a
// warning naming the element; the value attribute is what counts.
TEST(GasLibBadInput, WhatAValueElementHoldsBeyondItsValueIsWarnedAbout) {
  std::string xml = Replace(TinyNet(), "<length value=\"20\" unit=\"km\"/>",
                            "<length value=\"20\" unit=\"km\" value2=\"3\"/>");
  xml = Replace(xml, "<length value=\"10\" unit=\"km\"/>",
                "<length value=\"10\" unit=\"km\">12</length>");
  Network net;
  Status st;
  Diagnostics d = ReadNet(xml, &st, &net);
  ASSERT_TRUE(st.ok()) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "value2"), "pipe 'P2'", "unknown-attribute"));
  EXPECT_NE(d.ToString().find("unknown attribute value2='3' on <length> ignored (expected "
                              "value, unit)"),
            std::string::npos)
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, ">12<"), "pipe 'P1'", "ignored-content"));
  EXPECT_NE(d.ToString().find("text '12' inside <length> ignored"), std::string::npos)
      << d.ToString();
  EXPECT_EQ(d.warning_count(), 2u) << d.ToString();
  EXPECT_DOUBLE_EQ(net.arcs[0].pipe.length_m, 10000.0);
  // A nomination's <flow> carries bound="..." besides value and unit.
  Diagnostics ds;
  Nomination nom;
  const std::string scn = Replace(TinyScn(), "bound=\"both\"", "bound=\"both\" boundd=\"x\"");
  ASSERT_TRUE(ReadGasLibNominationFromString(scn, kScn, &nom, &ds).ok()) << ds.ToString();
  EXPECT_EQ(ds.warning_count(), 1u) << ds.ToString();
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(scn, "boundd"), "node 'S'", "unknown-attribute"));
  // So does a nominated node or arc, whose own attributes were dropped without a word.
  std::string more = Replace(TinyScn(), "<node type=\"exit\" id=\"T\">",
                             "<node type=\"exit\" id=\"T\" priority=\"high\">");
  more = Replace(more, "  </scenario>",
                 "    <pipe id=\"P1\" owner=\"x\"><soilTemperature value=\"10\" unit=\"Celsius\"/>"
                 "</pipe>\n  </scenario>");
  ds = Diagnostics();
  nom = Nomination();
  ASSERT_TRUE(ReadGasLibNominationFromString(more, kScn, &nom, &ds).ok()) << ds.ToString();
  EXPECT_EQ(ds.warning_count(), 2u) << ds.ToString();
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(more, "priority="), "node 'T'", "unknown-attribute"));
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(more, "owner="), "pipe 'P1'", "unknown-attribute"));
}

// Regression: id="" was reported as "has no 'id' attribute".
TEST(GasLibBadInput, AnEmptyIdIsCalledEmpty) {
  const std::string xml = Replace(TinyNet(), "<sink id=\"T\"", "<sink id=\"\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<sink id=\"\""), "sink (no id)", "empty-id"));
  EXPECT_NE(d.ToString().find("<sink> has an empty 'id' attribute"), std::string::npos)
      << d.ToString();
  const std::string none = Replace(TinyNet(), "<sink id=\"T\"", "<sink");
  EXPECT_NE(ReadNet(none).ToString().find("<sink> has no 'id' attribute [missing-attribute]"),
            std::string::npos);
}

TEST(GasLibBadInput, NetGivenAsScn) {
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(TinyNet(), kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(TinyNet(), "<network"), "", "wrong-root"));
}

TEST(GasLibBadInput, MissingNodesContainer) {
  std::string xml = TinyNet();
  xml = Replace(xml, "<framework:nodes>", "<framework:nodez>");
  xml = Replace(xml, "</framework:nodes>", "</framework:nodez>");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<network"), "", "missing-element"));
}

// ---- elements and attributes ----

TEST(GasLibBadInput, UnknownNodeType) {
  std::string xml = Replace(TinyNet(), "<innode id=\"N\" x=\"1\" y=\"0\">",
                            "<junction id=\"N\" x=\"1\" y=\"0\">");
  xml = Replace(xml, "</innode>", "</junction>");
  Status st;
  Diagnostics d = ReadNet(xml, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<junction"), "junction 'N'", "unknown-element"));
}

TEST(GasLibBadInput, UnknownArcType) {
  std::string xml = Replace(TinyNet(), "<pipe id=\"P2\"", "<pump id=\"P2\"");
  xml = Replace(xml, "</pipe>\n  </framework:connections>", "</pump>\n  </framework:connections>");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pump"), "pump 'P2'", "unknown-element"));
}

TEST(GasLibBadInput, MissingNodeId) {
  std::string xml = Replace(TinyNet(), "<innode id=\"N\"", "<innode");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<innode"), "innode (no id)", "missing-attribute"));
}

TEST(GasLibBadInput, MissingFrom) {
  std::string xml = Replace(TinyNet(), "<pipe id=\"P1\" from=\"S\"", "<pipe id=\"P1\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P1\""), "pipe 'P1'", "missing-attribute"));
  EXPECT_NE(d.ToString().find("'from'"), std::string::npos);
}

TEST(GasLibBadInput, MissingTo) {
  std::string xml = Replace(TinyNet(), "from=\"N\" to=\"T\"", "from=\"N\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P2\""), "pipe 'P2'", "missing-attribute"));
  EXPECT_NE(d.ToString().find("'to'"), std::string::npos);
}

TEST(GasLibBadInput, MissingRequiredChild) {
  std::string xml = Replace(TinyNet(), "      <length value=\"20\" unit=\"km\"/>\n", "");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P2\""), "pipe 'P2'", "missing-element"));
  EXPECT_NE(d.ToString().find("<length>"), std::string::npos);
}

TEST(GasLibBadInput, MissingSourceGasData) {
  std::string xml =
      Replace(TinyNet(), "      <normDensity value=\"0.785\" unit=\"kg_per_m_cube\"/>\n", "");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<source"), "source 'S'", "missing-element"));
}

TEST(GasLibBadInput, NotANumber) {
  std::string xml = Replace(TinyNet(), "<diameter value=\"500\"", "<diameter value=\"abc\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "value=\"abc\""), "pipe 'P1'", "not-a-number"));
  EXPECT_NE(d.ToString().find("'abc'"), std::string::npos);
}

TEST(GasLibBadInput, OverflowingNumber) {
  std::string xml = Replace(TinyNet(), "<length value=\"10\"", "<length value=\"1e999\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "1e999"), "pipe 'P1'", "not-finite"));
  EXPECT_NE(d.ToString().find("<length> value '1e999' lies beyond a double's range"),
            std::string::npos)
      << d.ToString();
  // A number below a double's range is finite: it said "is not a finite number".
  xml = Replace(TinyNet(), "<length value=\"10\"", "<length value=\"1e-400\"");
  xml = Replace(xml, "<sink id=\"T\" x=\"2\"", "<sink id=\"T\" x=\"-2e-999\"");
  d = ReadNet(xml);
  for (const char* part : {"<length> value '1e-400' lies below a double's range (it would read "
                           "as 0)",
                           "attribute x='-2e-999' lies below a double's range"})
    EXPECT_NE(d.ToString().find(part), std::string::npos) << part << "\n" << d.ToString();
}

TEST(GasLibBadInput, BadCoordinate) {
  std::string xml = Replace(TinyNet(), "<sink id=\"T\" x=\"2\"", "<sink id=\"T\" x=\"two\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<sink"), "sink 'T'", "not-a-number"));
}

TEST(GasLibBadInput, NegativeDiameter) {
  std::string xml = Replace(TinyNet(), "<diameter value=\"600\"", "<diameter value=\"-600\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "-600"), "pipe 'P2'", "negative-value"));
  EXPECT_NE(d.ToString().find("-600 mm"), std::string::npos) << d.ToString();
}

TEST(GasLibBadInput, NegativeAbsolutePressure) {
  std::string xml = Replace(TinyNet(), "<pressureMin value=\"40\"", "<pressureMin value=\"-5\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "value=\"-5\""), "source 'S'", "negative-value"));
  // In the quantity's words (it said "must not be negative" of -1.5 barg, where -0.5 barg
  // passes, and of -300 degC, where -10 degC passes), as the .scn and JSON readers say them.
  EXPECT_NE(d.ToString().find("<pressureMin> must not be below vacuum, got -5 bar"),
            std::string::npos)
      << d.ToString();
  xml = Replace(TinyNet(), "<pressureMin value=\"40\" unit=\"bar\"",
                "<pressureMin value=\"-1.5\" unit=\"barg\"");
  xml = Replace(xml, "<gasTemperature value=\"10\"", "<gasTemperature value=\"-300\"");
  d = ReadNet(xml);
  EXPECT_NE(d.ToString().find("<pressureMin> must not be below vacuum, got -1.5 barg"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("<gasTemperature> is below absolute zero, got -300 Celsius"),
            std::string::npos)
      << d.ToString();
  // A length stays "negative".
  xml = Replace(TinyNet(), "<length value=\"20\"", "<length value=\"-20\"");
  EXPECT_NE(ReadNet(xml).ToString().find("<length> must not be negative, got -20 km"),
            std::string::npos);
}

TEST(GasLibBadInput, UnknownUnit) {
  std::string xml = Replace(TinyNet(), "<length value=\"20\" unit=\"km\"", "<length value=\"20\" unit=\"miles\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "miles"), "pipe 'P2'", "unknown-unit"));
  EXPECT_NE(d.ToString().find("'km'"), std::string::npos) << "should list accepted units";
}

// A unit is read without white space around, as the closed set's other words are (unit=" km"
// was refused while type=" exit " was read).
TEST(GasLibBadInput, WhiteSpaceAroundAUnitIsRead) {
  std::string xml = Replace(TinyNet(), "<length value=\"20\" unit=\"km\"",
                            "<length value=\"20\" unit=\" km\t\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  xml = Replace(TinyNet(), "<length value=\"20\" unit=\"km\"",
                "<length value=\"20\" unit=\"k m\"");
  EXPECT_TRUE(HasDiag(ReadNet(xml), kNet, LineOf(xml, "k m"), "pipe 'P2'", "unknown-unit"));
}

// A root in another namespace than GasLib's, or with a prefix declared nowhere, is said and
// read as GasLib all the same (both were read without a word: helper-290).
TEST(GasLibBadInput, ARootOutsideGasLibsNamespaceIsSaid) {
  std::string xml = Replace(TinyNet(), "<network xmlns=\"http://gaslib.zib.de/Gas\"",
                            "<network xmlns=\"http://example.com/NotGas\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, 2, "", "foreign-namespace"))
      << d.ToString();
  xml = Replace(Replace(TinyNet(), "<network xmlns=\"http://gaslib.zib.de/Gas\"", "<g:network"),
                "</network>", "</g:network>");
  d = ReadNet(xml);
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, 2, "", "undeclared-prefix"))
      << d.ToString();
  EXPECT_TRUE(ReadNet(TinyNet()).items().empty());
}

// A file cut off inside a tag names the elements still open, as a cut between tags does
// (it gave pugixml's "Error parsing start element tag" alone: helper-290).
TEST(GasLibBadInput, AFileCutInsideATagNamesWhatIsStillOpen) {
  const std::string net = TinyNet();
  const std::size_t pipe = net.find("<pipe id=\"P2\"");
  ASSERT_NE(pipe, std::string::npos);
  const std::size_t cut = net.find("<length", pipe) + 5;  // "<leng"
  const std::string xml = net.substr(0, cut);
  const Diagnostics d = ReadNet(xml);
  const int last = 1 + static_cast<int>(std::count(xml.begin(), xml.end(), '\n'));
  EXPECT_TRUE(HasDiag(d, kNet, last, "", "malformed-xml")) << d.ToString();
  EXPECT_NE(d.ToString().find(fmt::format("the text ends inside a tag, while <pipe> opened on "
                                          "line {}",
                                          LineOf(xml, "<pipe id=\"P2\""))),
            std::string::npos)
      << d.ToString();
}

// Text between the elements of a block is said, as in a value element (stray text inside
// <framework:nodes> was dropped without a word: helper-290).
TEST(GasLibBadInput, StrayTextInABlockIsSaid) {
  const std::string xml =
      Replace(TinyNet(), "<framework:nodes>", "<framework:nodes>\n    stray text\n");
  const Diagnostics d = ReadNet(xml);
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "stray text"), "", "ignored-content"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("text 'stray text' inside <framework:nodes> ignored"),
            std::string::npos)
      << d.ToString();
}

TEST(GasLibBadInput, MissingUnitOnPressure) {
  std::string xml = Replace(TinyNet(), "<pressureMax value=\"70\" unit=\"bar\"/>\n    </innode>",
                            "<pressureMax value=\"70\"/>\n    </innode>");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pressureMax value=\"70\"/>"), "innode 'N'",
                      "unknown-unit"));
}

TEST(GasLibBadInput, BadFlagOnControlValve) {
  std::string xml = Replace(
      TinyNet(), "<pipe id=\"P2\" from=\"N\" to=\"T\">\n"
                 "      <flowMin value=\"-1000\" unit=\"1000m_cube_per_hour\"/>\n"
                 "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                 "      <length value=\"20\" unit=\"km\"/>\n"
                 "      <diameter value=\"600\" unit=\"mm\"/>\n"
                 "      <roughness value=\"0.1\" unit=\"mm\"/>\n"
                 "    </pipe>",
      "<controlValve id=\"CV\" from=\"N\" to=\"T\" internalBypassRequired=\"yes\">\n"
      "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
      "    </controlValve>");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<controlValve"), "controlValve 'CV'", "bad-flag"));
}

TEST(GasLibBadInput, ResistorWithoutLossData) {
  std::string xml = Replace(
      TinyNet(), "<pipe id=\"P2\" from=\"N\" to=\"T\">\n"
                 "      <flowMin value=\"-1000\" unit=\"1000m_cube_per_hour\"/>\n"
                 "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                 "      <length value=\"20\" unit=\"km\"/>\n"
                 "      <diameter value=\"600\" unit=\"mm\"/>\n"
                 "      <roughness value=\"0.1\" unit=\"mm\"/>\n"
                 "    </pipe>",
      "<resistor id=\"R\" from=\"N\" to=\"T\">\n"
      "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <dragFactor value=\"2\"/>\n"
      "    </resistor>");
  Diagnostics d = ReadNet(xml);
  // At the value given (docs/check.md: the drag factor's line), not the resistor's start tag.
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<dragFactor"), "resistor 'R'", "incomplete-loss"))
      << d.ToString();
  // A diameter without its drag factor: at the diameter.
  xml = Replace(xml, "<dragFactor value=\"2\"/>", "<diameter value=\"600\" unit=\"mm\"/>");
  d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<diameter value=\"600\" unit=\"mm\"/>\n    "
                                           "</resistor>"),
                      "resistor 'R'", "incomplete-loss"))
      << d.ToString();
  // A negative drag factor, which has no unit: "got -1  [negative-value]" had a space for it.
  xml = Replace(xml, "<diameter value=\"600\" unit=\"mm\"/>\n    </resistor>",
                "<diameter value=\"600\" unit=\"mm\"/>\n      <dragFactor value=\"-1\"/>\n"
                "    </resistor>");
  d = ReadNet(xml);
  EXPECT_NE(d.ToString().find("resistor 'R': <dragFactor> must not be negative, got -1 "
                              "[negative-value]"),
            std::string::npos)
      << d.ToString();
}

TEST(GasLibBadInput, UnknownChildIsAWarningAndMisspelledRequiredChildAnError) {
  std::string xml = Replace(TinyNet(), "<length value=\"20\"", "<lenght value=\"20\"");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<lenght"), "pipe 'P2'", "unknown-child"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P2\""), "pipe 'P2'", "missing-element"));
  EXPECT_EQ(d.warning_count(), 1u);
  EXPECT_EQ(d.error_count(), 1u);
}

// Regression: unknown or misspelt attributes of nodes and arcs were dropped without a
// word (geoWGS84long for geoWGS84Long lost the longitude). They are warned about, and
// the attributes GasLib defines, per kind, are not.
TEST(GasLibBadInput, UnknownAttributeIsAWarning) {
  std::string xml = TinyNet();
  xml = Replace(xml, "<innode id=\"N\" x=\"1\" y=\"0\">",
                "<innode id=\"N\" x=\"1\" y=\"0\" geoWGS84Lat=\"49.2\" geoWGS84long=\"6.8\">");
  xml = Replace(xml, "<pipe id=\"P1\" from=\"S\" to=\"N\">",
                "<pipe id=\"P1\" from=\"S\" to=\"N\" alias=\"\" gasCoolerExisting=\"1\">");
  Diagnostics d = ReadNet(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "geoWGS84long"), "innode 'N'", "unknown-attribute"));
  EXPECT_NE(d.ToString().find("unknown attribute geoWGS84long='6.8' ignored (expected id, alias, "
                              "x, y, geoWGS84Lat, geoWGS84Long)"),
            std::string::npos)
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P1\""), "pipe 'P1'", "unknown-attribute"));
  EXPECT_NE(d.ToString().find("gasCoolerExisting='1'"), std::string::npos) << d.ToString();
  // The latitude alone is half a position.
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "geoWGS84long"), "innode 'N'", "half-position"));
  EXPECT_EQ(d.warning_count(), 3u) << d.ToString();
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
}

TEST(GasLibBadInput, TheAttributesGasLibDefinesAreNotWarnedAbout) {
  std::string xml = TinyNet();
  xml = Replace(xml, "<source id=\"S\" x=\"0\" y=\"0\">",
                "<source id=\"S\" alias=\"\" x=\"0\" y=\"0\" geoWGS84Lat=\"-90\" "
                "geoWGS84Long=\"180\" xsi:type=\"x\">");
  xml = Replace(xml,
                "<pipe id=\"P2\" from=\"N\" to=\"T\">\n"
                "      <flowMin value=\"-1000\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <length value=\"20\" unit=\"km\"/>\n"
                "      <diameter value=\"600\" unit=\"mm\"/>\n"
                "      <roughness value=\"0.1\" unit=\"mm\"/>\n"
                "    </pipe>",
                "<controlValve id=\"CV\" alias=\"\" from=\"N\" to=\"T\" "
                "internalBypassRequired=\"1\" gasPreheaterExisting=\"0\">\n"
                "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                "    </controlValve>\n"
                "    <compressorStation id=\"CS\" alias=\"\" from=\"N\" to=\"T\" "
                "fuelGasVertex=\"N\" internalBypassRequired=\"1\" gasCoolerExisting=\"0\">\n"
                "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                "    </compressorStation>");
  Diagnostics d = ReadNet(xml);
  EXPECT_EQ(d.items().size(), 0u) << d.ToString();
}

// Regression: a node with only one of geoWGS84Lat/Long, or off the globe, was taken as it
// was (GeoJSON then wrote [6.8, 148.9] as a geographic position).
TEST(GasLibBadInput, HalfOrOutOfRangePositionIsAWarning) {
  std::string xml = TinyNet();
  xml = Replace(xml, "<source id=\"S\" x=\"0\" y=\"0\">",
                "<source id=\"S\" x=\"0\" y=\"0\" geoWGS84Long=\"6.8\">");
  xml = Replace(xml, "<innode id=\"N\" x=\"1\" y=\"0\">",
                "<innode id=\"N\" x=\"1\" y=\"0\" geoWGS84Lat=\"148.9\" geoWGS84Long=\"6.8\">");
  xml = Replace(xml, "<sink id=\"T\" x=\"2\" y=\"0\">",
                "<sink id=\"T\" x=\"2\" y=\"0\" geoWGS84Lat=\"49\" geoWGS84Long=\"-180.5\">");
  Network net;
  Status s;
  Diagnostics d = ReadNet(xml, &s, &net);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<source"), "source 'S'", "half-position"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<innode"), "innode 'N'", "bad-position"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<sink"), "sink 'T'", "bad-position"));
  EXPECT_NE(d.ToString().find("geoWGS84Lat=148.9 is outside [-90, 90] degrees"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("geoWGS84Long=-180.5 is outside [-180, 180] degrees"),
            std::string::npos)
      << d.ToString();
  EXPECT_EQ(d.warning_count(), 3u) << d.ToString();
  // The model keeps what the file says (a round trip loses nothing); GeoJSON does not
  // take it for a position (tests/formats/geojson_test.cpp).
  ASSERT_EQ(net.nodes.size(), 3u);
  EXPECT_EQ(net.nodes[1].lat_deg, 148.9);
}

// Regression (review of follow-on noise): a coordinate that is not a number was reported,
// and then the node warned "geoWGS84Long is given without geoWGS84Lat" (half-position), as
// if it had been left out. The refused value is reported alone.
TEST(GasLibBadInput, ARefusedCoordinateIsNotAlsoAHalfPosition) {
  for (const char* attrs : {"geoWGS84Lat=\"abc\" geoWGS84Long=\"10\"",
                            "geoWGS84Lat=\"50\" geoWGS84Long=\"1e999\""}) {
    const std::string xml =
        Replace(TinyNet(), "<innode id=\"N\" x=\"1\" y=\"0\">",
                std::string("<innode id=\"N\" x=\"1\" y=\"0\" ") + attrs + ">");
    Diagnostics d = ReadNet(xml);
    EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<innode"), "innode 'N'",
                        std::string(attrs).find("1e999") != std::string::npos ? "not-finite"
                                                                               : "not-a-number"))
        << d.ToString();
    EXPECT_EQ(d.items().size(), 1u) << d.ToString();
  }
}

TEST(GasLibBadInput, AllProblemsOfAFileAreListed) {
  std::string xml = TinyNet();
  xml = Replace(xml, "<diameter value=\"500\"", "<diameter value=\"abc\"");
  xml = Replace(xml, "<length value=\"20\" unit=\"km\"", "<length value=\"20\" unit=\"parsec\"");
  xml = Replace(xml, "<innode id=\"N\"", "<innode");
  Diagnostics d = ReadNet(xml);
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
  EXPECT_EQ(d.items().size(), 3u);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "abc"), "pipe 'P1'", "not-a-number"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "parsec"), "pipe 'P2'", "unknown-unit"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<innode"), "innode (no id)", "missing-attribute"));
}

TEST(GasLibBadInput, CapIsRespectedAndTheRestCounted) {
  std::string extra;
  for (int i = 0; i < 20; ++i) extra += "    <junction id=\"J" + std::to_string(i) + "\"/>\n";
  std::string xml = Replace(TinyNet(), "  </framework:nodes>", extra + "  </framework:nodes>");
  Diagnostics d(5);
  Network n;
  EXPECT_FALSE(ReadGasLibNetworkFromString(xml, kNet, &n, &d).ok());
  EXPECT_EQ(d.items().size(), 5u);
  EXPECT_EQ(d.error_count(), 20u);
  EXPECT_EQ(d.dropped(), 15u);
  EXPECT_NE(d.ToString().find("... and 15 more"), std::string::npos) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "\"J0\""), "junction 'J0'", "unknown-element"));
}

// ---- validation of networks ----

TEST(GasLibBadInput, ZeroLength) {
  std::string xml = Replace(TinyNet(), "<length value=\"10\"", "<length value=\"0\"");
  Diagnostics d = ReadAndValidate(xml);
  // At the <length>, not the <pipe> (docs/check.md: a value's finding names its child).
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<length value=\"0\""), "pipe 'P1'",
                      "positive-length"));
}

TEST(GasLibBadInput, ArcNamingMissingNode) {
  std::string xml = Replace(TinyNet(), "from=\"N\" to=\"T\"", "from=\"N\" to=\"X9\"");
  Diagnostics d = ReadAndValidate(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P2\""), "pipe 'P2'", "dangling-arc"));
  EXPECT_NE(d.ToString().find("'X9'"), std::string::npos);
  // Nor is it placed in the graph: its other end is no isolated node, its part not split
  // (one wrong id gave an isolated-node warning for T and a part without a reference).
  EXPECT_EQ(d.ToString().find("[isolated-node]"), std::string::npos) << d.ToString();
  EXPECT_EQ(d.ToString().find("[no-pressure-reference]"), std::string::npos) << d.ToString();
  EXPECT_NE(d.ToString().find(fmt::format(
                "{}:{}: note: pipe 'P2': its to node 'X9' does not exist, so connectivity was "
                "not checked",
                kNet, LineOf(xml, "<pipe id=\"P2\""))),
            std::string::npos)
      << d.ToString();
}

// The values in messages say what the rule judged: 1000001 was shown as 1e+06 beside the
// range "-1e+06 to 1e+06", and a file's 2000 as 1999.9999999999998 after the round trip
// through SI.
TEST(GasLibBadInput, MessagesShowTheValuesTheRuleJudged) {
  std::string xml = Replace(TinyNet(), "<flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>",
                            "<flowMax value=\"1000001\" unit=\"1000m_cube_per_hour\"/>");
  Diagnostics d = ReadAndValidate(xml);
  EXPECT_NE(d.ToString().find("source 'S': flowMax 1000001 1000 Nm3/h is not a value a gas "
                              "network has (plausible: -1e+06 to 1e+06 1000 Nm3/h)"),
            std::string::npos)
      << d.ToString();
  xml = Replace(TinyNet(), "<flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>",
                "<flowMin value=\"2000\" unit=\"1000m_cube_per_hour\"/>");
  d = ReadAndValidate(xml);
  EXPECT_NE(d.ToString().find("source 'S': flowMin 2000 exceeds flowMax 1000 (1000 Nm3/h)"),
            std::string::npos)
      << d.ToString();
}

// An unknown child of <network> itself is said, as every other element's: it was dropped
// without a word beside the blocks that are read.
TEST(GasLibBadInput, AnUnknownChildOfTheNetworkIsWarnedAbout) {
  const std::string xml = Replace(TinyNet(), "</network>", "<framework:bogus/>\n</network>");
  Status st;
  Network net;
  const Diagnostics d = ReadNet(xml, &st, &net);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<framework:bogus"), "network", "unknown-child"))
      << d.ToString();
  EXPECT_EQ(d.error_count(), 0u);
}

// What the blocks around the elements carry beyond the format is said too: attributes on
// <network>, <framework:nodes> and <framework:information>, an unknown child of the
// information block or of a .scn's <boundaryValue>, and text inside <contractDate> (all
// went unseen). Metadata no figure uses stays no error: two titles (the first is read), a
// <contractDate> without its value.
TEST(GasLibBadInput, TheBlocksAroundTheElementsAreCheckedToo) {
  std::string xml = Replace(TinyNet(), "<network ", "<network version=\"2\" ");
  xml = Replace(xml, "<framework:nodes>", "<framework:nodes unit=\"bar\">");
  xml = Replace(xml, "<framework:title>", "<framework:author>me</framework:author>\n"
                                         "    <framework:title>other</framework:title>\n"
                                         "    <framework:title>");
  Status st;
  Network net;
  Diagnostics d = ReadNet(xml, &st, &net);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_EQ(d.error_count(), 0u);
  EXPECT_EQ(d.warning_count(), 3u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<network"), "network", "unknown-attribute"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<framework:nodes"), "network", "unknown-attribute"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<framework:author"), "network", "unknown-child"));
  EXPECT_EQ(net.info.title, "other");

  std::string scn = Replace(TinyScn(), "<scenario ", "<gasQuality/>\n  <scenario ");
  scn = Replace(scn, "</scenario>",
                "  <contractDate value=\"2015-10-02\">2016-01-01</contractDate>\n"
                "  </scenario>");
  Nomination nom;
  Diagnostics ds;
  EXPECT_TRUE(ReadGasLibNominationFromString(scn, kScn, &nom, &ds).ok()) << ds.ToString();
  EXPECT_EQ(ds.warning_count(), 2u) << ds.ToString();
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(scn, "<gasQuality"), "boundaryValue", "unknown-child"));
  EXPECT_TRUE(HasDiag(ds, kScn, LineOf(scn, "<contractDate"), "scenario 'tiny_scenario'",
                      "ignored-content"));
  EXPECT_EQ(nom.contract_date, "2015-10-02");
  scn = Replace(TinyScn(), "</scenario>",
                "  <contractDate/>\n  <contractDate><![CDATA[ ]]></contractDate>\n"
                "  </scenario>");
  Diagnostics de;
  EXPECT_TRUE(ReadGasLibNominationFromString(scn, kScn, &nom, &de).ok()) << de.ToString();
  EXPECT_EQ(de.error_count(), 0u) << de.ToString();
  EXPECT_EQ(nom.contract_date, "");
}

TEST(GasLibBadInput, DuplicateNodeId) {
  std::string xml = Replace(TinyNet(), "<sink id=\"T\"", "<sink id=\"N\"");
  xml = Replace(xml, "to=\"T\"", "to=\"N\"");
  Diagnostics d = ReadAndValidate(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<sink id=\"N\""), "sink 'N'", "duplicate-id"));
  EXPECT_NE(d.ToString().find("line " + std::to_string(LineOf(xml, "<innode id=\"N\""))),
            std::string::npos)
      << "should name the first definition";
}

TEST(GasLibBadInput, DuplicateArcId) {
  std::string xml = Replace(TinyNet(), "<pipe id=\"P2\"", "<pipe id=\"P1\"");
  Diagnostics d = ReadAndValidate(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "from=\"N\" to=\"T\""), "pipe 'P1'", "duplicate-id"));
}

TEST(GasLibBadInput, PressureMinAboveMax) {
  std::string xml = Replace(TinyNet(),
                            "<pressureMin value=\"40\" unit=\"bar\"/>\n      <pressureMax "
                            "value=\"70\" unit=\"bar\"/>\n    </innode>",
                            "<pressureMin value=\"80\" unit=\"bar\"/>\n      <pressureMax "
                            "value=\"70\" unit=\"bar\"/>\n    </innode>");
  Diagnostics d = ReadAndValidate(xml);
  // At the pressureMin its message leads with.
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pressureMin value=\"80\""), "innode 'N'",
                      "min-max"));
  EXPECT_NE(d.ToString().find("80 bar"), std::string::npos);
}

TEST(GasLibBadInput, SelfLoop) {
  std::string xml = Replace(TinyNet(), "from=\"N\" to=\"T\"", "from=\"N\" to=\"N\"");
  Diagnostics d = ReadAndValidate(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<pipe id=\"P2\""), "pipe 'P2'", "self-loop"));
}

// TinyNet with two more innodes, A and B, that no arc touches.
std::string WithInnodesAB() {
  return Replace(TinyNet(), "  </framework:nodes>",
                 "    <innode id=\"A\" x=\"5\" y=\"5\"><height value=\"0\" unit=\"m\"/>"
                 "<pressureMin value=\"1\" unit=\"bar\"/><pressureMax value=\"70\" "
                 "unit=\"bar\"/></innode>\n"
                 "    <innode id=\"B\" x=\"6\" y=\"5\"><height value=\"0\" unit=\"m\"/>"
                 "<pressureMin value=\"1\" unit=\"bar\"/><pressureMax value=\"70\" "
                 "unit=\"bar\"/></innode>\n  </framework:nodes>");
}

TEST(GasLibBadInput, ComponentWithoutPressureReference) {
  // T is cut off from the source: P2 now joins two new innodes A-B, and T is isolated.
  std::string xml = WithInnodesAB();
  xml = Replace(xml, "from=\"N\" to=\"T\"", "from=\"A\" to=\"B\"");
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(xml, nullptr, &s);
  EXPECT_FALSE(s.usable);
  EXPECT_EQ(s.components.size(), 3u);  // {S,N}, {T}, {A,B}
  // At the node's own line (was 0).
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<innode id=\"A\""), "node 'A'",
                      "no-pressure-reference"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<sink"), "node 'T'", "no-pressure-reference"));
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<sink"), "sink 'T'", "isolated-node"));
  // With the nomination, T's 100 out of a part without entries: unbalanced, said so (it read
  // "0 % of the total entry flow 0").
  const std::string scn = TinyScn();
  d = ReadAndValidate(xml, &scn);
  EXPECT_NE(d.ToString().find("the component containing 'T' (1 node): entries - exits = -100 "
                              "1000 Nm3/h (-27.8 m3/s at normal conditions), with no entry "
                              "flow in it"),
            std::string::npos)
      << d.ToString();
}

// A part without a source to which the nomination sends no gas: usable (a solve leaves its
// pressures NaN, with simulate's note), said as a warning at its first node; without the
// nomination the same part is no-pressure-reference, an error. With the nomination it was
// said nowhere.
TEST(GasLibBadInput, APartWithoutSourceOrGasIsSaidWithANomination) {
  std::string xml = WithInnodesAB();
  xml = Replace(xml, "  </framework:connections>",
                "    <pipe id=\"P3\" from=\"A\" to=\"B\"><flowMin value=\"-1000\" "
                "unit=\"1000m_cube_per_hour\"/><flowMax value=\"1000\" "
                "unit=\"1000m_cube_per_hour\"/><length value=\"1\" unit=\"km\"/>"
                "<diameter value=\"500\" unit=\"mm\"/><roughness value=\"0.1\" unit=\"mm\"/>"
                "</pipe>\n  </framework:connections>");
  const int line = LineOf(xml, "<innode id=\"A\"");
  const std::string scn = TinyScn();
  ValidationSummary with;
  Diagnostics d = ReadAndValidate(xml, &scn, &with);
  EXPECT_TRUE(with.usable) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kNet, line, "node 'A'", "undetermined-pressures")) << d.ToString();
  EXPECT_EQ(d.ToString().find("no-pressure-reference"), std::string::npos) << d.ToString();
  ValidationSummary without;
  d = ReadAndValidate(xml, nullptr, &without);
  EXPECT_FALSE(without.usable);
  EXPECT_TRUE(HasDiag(d, kNet, line, "node 'A'", "no-pressure-reference")) << d.ToString();
  EXPECT_EQ(d.ToString().find("undetermined-pressures"), std::string::npos) << d.ToString();
}

TEST(GasLibBadInput, UnknownFuelGasVertex) {
  std::string xml = Replace(
      TinyNet(), "<pipe id=\"P2\" from=\"N\" to=\"T\">\n"
                 "      <flowMin value=\"-1000\" unit=\"1000m_cube_per_hour\"/>\n"
                 "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
                 "      <length value=\"20\" unit=\"km\"/>\n"
                 "      <diameter value=\"600\" unit=\"mm\"/>\n"
                 "      <roughness value=\"0.1\" unit=\"mm\"/>\n"
                 "    </pipe>",
      "<compressorStation id=\"CS\" from=\"N\" to=\"T\" fuelGasVertex=\"Q\">\n"
      "      <flowMin value=\"0\" unit=\"1000m_cube_per_hour\"/>\n"
      "      <flowMax value=\"1000\" unit=\"1000m_cube_per_hour\"/>\n"
      "    </compressorStation>");
  Diagnostics d = ReadAndValidate(xml);
  EXPECT_TRUE(HasDiag(d, kNet, LineOf(xml, "<compressorStation"), "compressorStation 'CS'",
                      "unknown-fuel-gas-vertex"));
}

// ---- nominations ----

TEST(GasLibBadInput, ScnNamingUnknownNode) {
  std::string scn = Replace(TinyScn(), "id=\"T\"", "id=\"T7\"");
  Diagnostics d = ReadAndValidate(TinyNet(), &scn);
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "\"T7\""), "node 'T7'", "unknown-node"));
  // ... and T itself is now missing from the nomination: a warning.
  EXPECT_TRUE(HasDiag(d, kScn, 0, "sink 'T'", "missing-nomination"));
}

TEST(GasLibBadInput, ScnForAnotherNetwork) {
  std::string scn = TinyScn();
  scn = Replace(scn, "id=\"S\"", "id=\"entry01\"");
  scn = Replace(scn, "id=\"T\"", "id=\"exit01\"");
  scn = Replace(scn, "  </scenario>",
                "    <node type=\"exit\" id=\"exit02\"><flow bound=\"both\" value=\"0\" "
                "unit=\"1000m_cube_per_hour\"/></node>\n  </scenario>");
  Diagnostics d = ReadAndValidate(TinyNet(), &scn);
  EXPECT_TRUE(HasDiag(d, kScn, 0, "scenario 'tiny_scenario'", "foreign-nomination"));
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "entry01"), "node 'entry01'", "unknown-node"));
  EXPECT_NE(d.ToString().find("3 of the 3 nominated nodes"), std::string::npos) << d.ToString();
  // The verdict on the file comes before the per-node errors, so a cap cannot hide it.
  ASSERT_FALSE(d.items().empty());
  EXPECT_EQ(d.items()[0].rule, "foreign-nomination");
}

TEST(GasLibBadInput, ScnEntryAtASink) {
  std::string scn = Replace(TinyScn(), "<node type=\"exit\" id=\"T\">",
                            "<node type=\"entry\" id=\"T\">");
  Diagnostics d = ReadAndValidate(TinyNet(), &scn);
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "id=\"T\""), "node 'T'", "wrong-node-type"));
  EXPECT_NE(d.ToString().find("is a sink"), std::string::npos);
  // An innode takes "an" ("is a innode").
  scn = Replace(TinyScn(), "<node type=\"exit\" id=\"T\">", "<node type=\"exit\" id=\"N\">");
  d = ReadAndValidate(TinyNet(), &scn);
  EXPECT_NE(d.ToString().find("but 'N' is an innode in the network"), std::string::npos)
      << d.ToString();
}

TEST(GasLibBadInput, UnbalancedNominationIsAnError) {
  std::string scn = TinyScn("90");  // 100 in, 90 out: 10 % off
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_FALSE(s.usable);
  EXPECT_TRUE(HasDiag(d, kScn, 0, "scenario 'tiny_scenario'", "unbalanced-nomination"));
  EXPECT_NE(d.ToString().find("entries - exits = 10 1000 Nm3/h"), std::string::npos)
      << d.ToString();
  // The share as a percentage (it read "0.1 of the total entry flow", like a volume).
  EXPECT_NE(d.ToString().find("10 % of the total entry flow 100 1000 Nm3/h"), std::string::npos)
      << d.ToString();
}

TEST(GasLibBadInput, SlightlyUnbalancedNominationIsAWarningNamingTheAbsorbingNode) {
  std::string scn = TinyScn("99.995");  // 5e-5 of the entry flow: below 1e-4
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_TRUE(s.usable) << d.ToString();
  EXPECT_EQ(d.error_count(), 0u);
  EXPECT_TRUE(HasDiag(d, kScn, 0, "scenario 'tiny_scenario'", "small-imbalance"));
  EXPECT_NE(d.ToString().find("the node with the largest nominated inflow, 'S'"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("0.005 1000 Nm3/h"), std::string::npos) << d.ToString();
  // Just above the tolerance it is an error.
  scn = TinyScn("99.98");  // 2e-4
  d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_FALSE(s.usable);
  EXPECT_TRUE(HasDiag(d, kScn, 0, "scenario", "unbalanced-nomination"));
}

TEST(GasLibBadInput, ScnMissingFlow) {
  std::string scn = Replace(TinyScn(),
                            "      <flow bound=\"both\" value=\"100\" unit=\"1000m_cube_per_hour\"/>\n",
                            "");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "id=\"S\""), "node 'S'", "missing-element"));
}

TEST(GasLibBadInput, ScnOnlyLowerFlowBound) {
  std::string scn = Replace(TinyScn(), "bound=\"both\" value=\"100\"", "bound=\"lower\" value=\"100\"");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "id=\"S\""), "node 'S'", "incomplete-flow"));
}

// A bound given and refused is not also missing: a bad lower flow beside an upper one was
// reported a second time as "only a upper flow bound is given".
TEST(GasLibBadInput, ScnRefusedFlowBoundIsNotAlsoMissing) {
  std::string scn = Replace(TinyScn(), "<flow bound=\"both\" value=\"100\"",
                            "<flow bound=\"lower\" value=\"1O0\" unit=\"1000m_cube_per_hour\"/>\n"
                            "      <flow bound=\"upper\" value=\"100\"");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "1O0"), "node 'S'", "not-a-number")) << d.ToString();
  EXPECT_FALSE(HasDiag(d, kScn, LineOf(scn, "id=\"S\""), "node 'S'", "incomplete-flow"))
      << d.ToString();
  // Given alone, the upper bound is still incomplete, and said with its article.
  scn = Replace(TinyScn(), "bound=\"both\" value=\"100\"", "bound=\"upper\" value=\"100\"");
  Diagnostics d2;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d2).ok());
  EXPECT_NE(d2.ToString().find("only an upper flow bound is given"), std::string::npos)
      << d2.ToString();
}

TEST(GasLibBadInput, ScnBadBoundAndMissingType) {
  std::string scn = Replace(TinyScn(), "bound=\"both\" value=\"100\"", "bound=\"equal\" value=\"100\"");
  scn = Replace(scn, "<node type=\"exit\" id=\"T\">", "<node id=\"T\">");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "equal"), "node 'S'", "bad-bound"));
  // (No type is a missing attribute, as every other one; a type of no kind is bad-node-type.)
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "<node id=\"T\">"), "node 'T'", "missing-attribute"));
}

// A <flow> or <pressure> without its bound attribute says so ("bound='' must be ..." read
// as an empty value given).
TEST(GasLibBadInput, ScnBoundAttributeMissing) {
  std::string scn = Replace(TinyScn(), "bound=\"both\" value=\"100\"", "value=\"100\"");
  scn = Replace(scn, "    <node type=\"exit\" id=\"T\">\n",
                "    <node type=\"exit\" id=\"T\">\n      <pressure value=\"50\" unit=\"bar\"/>\n");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "<flow value=\"100\""), "node 'S'",
                      "missing-attribute"))
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "<pressure value"), "node 'T'", "missing-attribute"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("<flow> has no 'bound' attribute: it must say 'both', 'lower' or "
                              "'upper'"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("<pressure> has no 'bound' attribute"), std::string::npos)
      << d.ToString();
  EXPECT_EQ(d.ToString().find("bound=''"), std::string::npos) << d.ToString();
}

TEST(GasLibBadInput, ScnUnknownPressureUnit) {
  std::string scn = Replace(TinyScn(), "    <node type=\"exit\" id=\"T\">\n",
                            "    <node type=\"exit\" id=\"T\">\n      <pressure bound=\"lower\" "
                            "value=\"50\" unit=\"psi\"/>\n");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "psi"), "node 'T'", "unknown-unit"));
  EXPECT_NE(d.ToString().find("'barg'"), std::string::npos);
}

TEST(GasLibBadInput, ScnUnknownScenarioElement) {
  std::string scn = Replace(TinyScn(), "  </scenario>",
                            "    <weather id=\"w\" value=\"rain\"/>\n  </scenario>");
  Diagnostics d;
  Nomination nom;
  EXPECT_FALSE(ReadGasLibNominationFromString(scn, kScn, &nom, &d).ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "<weather"), "weather 'w'", "unknown-element"));
}

TEST(GasLibBadInput, ScnFlowLowerAboveUpper) {
  std::string scn = Replace(TinyScn(), "<flow bound=\"both\" value=\"100\" unit=\"1000m_cube_per_hour\"/>",
                            "<flow bound=\"lower\" value=\"120\" unit=\"1000m_cube_per_hour\"/>"
                            "<flow bound=\"upper\" value=\"80\" unit=\"1000m_cube_per_hour\"/>");
  Diagnostics d = ReadAndValidate(TinyNet(), &scn);
  // At the lower bound, which the message leads with (it named the <node> line).
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "bound=\"lower\" value=\"120\""), "node 'S'",
                      "min-max"));
}

/// Reads a .scn from text; returns the diagnostics.
Diagnostics ReadScn(const std::string& xml, Status* status = nullptr,
                    Nomination* out = nullptr) {
  Diagnostics d;
  Nomination nom;
  Status s = ReadGasLibNominationFromString(xml, kScn, &nom, &d);
  if (status) *status = s;
  if (out) *out = std::move(nom);
  return d;
}

/// TinyScn with `children` added to the entry node S.
std::string ScnWithAtS(const std::string& children) {
  return Replace(TinyScn(), "    <node type=\"entry\" id=\"S\">\n",
                 "    <node type=\"entry\" id=\"S\">\n" + children);
}

// A nominated pressure bound or <contractPressureMax> given twice: the last won without a
// word (lower 45 bar, then lower 50 bar, and the case was "usable"). As a .net child given
// twice: different values are an error naming both, the same value (in any unit) a warning.
TEST(GasLibBadInput, ScnPressureBoundTwiceIsAConflictOrADuplicate) {
  Status st;
  std::string scn = ScnWithAtS(
      "      <pressure bound=\"lower\" value=\"45\" unit=\"bar\"/>\n"
      "      <pressure bound=\"lower\" value=\"50\" unit=\"bar\"/>\n");
  Diagnostics d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"50\""), "node 'S'", "conflicting-child"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("value=\"45\" unit=\"bar\" on line"), std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("value=\"50\" unit=\"bar\" here"), std::string::npos)
      << d.ToString();

  // bound="both" beside a lower bound of another value.
  scn = ScnWithAtS(
      "      <pressure bound=\"lower\" value=\"45\" unit=\"bar\"/>\n"
      "      <pressure bound=\"both\" value=\"50\" unit=\"bar\"/>\n");
  d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"50\""), "node 'S'", "conflicting-child"))
      << d.ToString();

  scn = ScnWithAtS(
      "      <contractPressureMax value=\"60\" unit=\"bar\"/>\n"
      "      <contractPressureMax value=\"65\" unit=\"bar\"/>\n");
  d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"65\""), "node 'S'", "conflicting-child"))
      << d.ToString();

  // 45 bar and 43.98675 barg are one bound: a warning, and the first is kept.
  scn = ScnWithAtS(
      "      <pressure bound=\"lower\" value=\"45\" unit=\"bar\"/>\n"
      "      <pressure bound=\"lower\" value=\"43.98675\" unit=\"barg\"/>\n"
      "      <contractPressureMax value=\"60\" unit=\"bar\"/>\n"
      "      <contractPressureMax value=\"60.0\" unit=\"bar\"/>\n");
  Nomination nom;
  d = ReadScn(scn, &st, &nom);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "barg"), "node 'S'", "duplicate-child"))
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "60.0"), "node 'S'", "duplicate-child"))
      << d.ToString();
  ASSERT_EQ(nom.nodes.size(), 2u);
  ASSERT_TRUE(nom.nodes[0].pressure_lower_Pa.has_value());
  EXPECT_DOUBLE_EQ(*nom.nodes[0].pressure_lower_Pa, 45e5);
}

// Two <flow bound="both"> of 150 and 160: the last was used, with a warning naming the
// lower bound only. Now as every child given twice: different values an error naming both
// elements, the same value a warning naming the bounds given twice.
TEST(GasLibBadInput, ScnFlowBoundTwiceIsAConflictOrADuplicate) {
  const std::string both100 = "<flow bound=\"both\" value=\"100\" unit=\"1000m_cube_per_hour\"/>";
  Status st;
  std::string scn = Replace(TinyScn(), both100,
                            both100 + "\n      <flow bound=\"both\" value=\"150\" "
                                      "unit=\"1000m_cube_per_hour\"/>");
  Diagnostics d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"150\""), "node 'S'", "conflicting-child"))
      << d.ToString();
  EXPECT_EQ(d.items().size(), 1u) << d.ToString();
  EXPECT_NE(d.ToString().find("the lower and upper flow bounds given twice with different "
                              "values (bound=\"both\" value=\"100\""),
            std::string::npos)
      << d.ToString();

  // An upper bound twice (999, then 160).
  scn = Replace(TinyScn(), both100,
                "<flow bound=\"lower\" value=\"100\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flow bound=\"upper\" value=\"999\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flow bound=\"upper\" value=\"100\" unit=\"1000m_cube_per_hour\"/>");
  d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"999\"") + 1, "node 'S'",
                      "conflicting-child"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("the upper flow bound given twice"), std::string::npos)
      << d.ToString();

  // A lower/upper pair, then bound="both" of another value: one error, naming both.
  scn = Replace(TinyScn(), both100,
                "<flow bound=\"lower\" value=\"100\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flow bound=\"upper\" value=\"100\" unit=\"1000m_cube_per_hour\"/>\n"
                "      <flow bound=\"both\" value=\"150\" unit=\"1000m_cube_per_hour\"/>");
  d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  ASSERT_EQ(d.items().size(), 1u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"150\""), "node 'S'", "conflicting-child"))
      << d.ToString();

  // The same value twice: a warning that names the bounds given twice.
  scn = Replace(TinyScn(), both100,
                both100 + "\n      <flow bound=\"both\" value=\"100.0\" "
                          "unit=\"1000m_cube_per_hour\"/>");
  d = ReadScn(scn, &st);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "100.0"), "node 'S'", "duplicate-child"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("the lower and upper flow bounds given twice"), std::string::npos)
      << d.ToString();
}

// The scenario's own values given twice (two soilTemperatures of 9.5 and 25 degC) were
// overwritten without a word, the last one winning: now as a node's bounds given twice.
// Attributes the format does not have on <scenario> and <contractDate> are warned about.
TEST(GasLibBadInput, ScnScenarioValueTwiceIsAConflictOrADuplicate) {
  auto with = [](const std::string& children) {
    return Replace(TinyScn(), "  <scenario id=\"tiny_scenario\">\n",
                   "  <scenario id=\"tiny_scenario\">\n" + children);
  };
  Status st;
  std::string scn = with("    <soilTemperature unit=\"Celsius\" value=\"9.5\"/>\n"
                         "    <soilTemperature unit=\"Celsius\" value=\"25\"/>\n");
  Nomination nom;
  Diagnostics d = ReadScn(scn, &st, &nom);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"25\""), "scenario 'tiny_scenario'",
                      "conflicting-child"))
      << d.ToString();
  EXPECT_NE(d.ToString().find("unit=\"Celsius\" value=\"9.5\" on line"), std::string::npos)
      << d.ToString();

  scn = with("    <scenarioProbability value=\"0\"/><scenarioProbability value=\"0.5\"/>\n");
  d = ReadScn(scn, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "0.5"), "scenario", "conflicting-child"))
      << d.ToString();

  // Two dates: a warning (no figure uses the date; the case stopped on it).
  scn = with("    <contractDate value=\"2015-10-02\"/>\n"
             "    <contractDate value=\"2016-10-02\"/>\n");
  Nomination dated;
  d = ReadScn(scn, &st, &dated);
  EXPECT_TRUE(st.ok());
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "2016"), "scenario", "duplicate-child"))
      << d.ToString();
  EXPECT_EQ(dated.contract_date, "2015-10-02");

  // Alike: warnings, and the first element's value and line are kept.
  scn = with("    <soilTemperature unit=\"Celsius\" value=\"9.5\"/>\n"
             "    <soilTemperature unit=\"K\" value=\"282.65\"/>\n"
             "    <ambientTemperature unit=\"Celsius\" value=\"7\"/>\n"
             "    <ambientTemperature unit=\"Celsius\" value=\"7\"/>\n");
  d = ReadScn(scn, &st, &nom);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "282.65"), "scenario", "duplicate-child"))
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "<ambientTemperature") + 1, "scenario",
                      "duplicate-child"))
      << d.ToString();
  ASSERT_TRUE(nom.soil_temperature_K.has_value());
  EXPECT_NEAR(*nom.soil_temperature_K, 282.65, 1e-9);
  EXPECT_EQ(nom.soil_temperature_line, LineOf(scn, "value=\"9.5\""));

  // probability="0.3" on <scenario>, unit="day" on <contractDate>: not read, and said.
  scn = Replace(with("    <contractDate unit=\"day\" value=\"2015-10-02\"/>\n"),
                "<scenario id=\"tiny_scenario\">",
                "<scenario id=\"tiny_scenario\" probability=\"0.3\">");
  d = ReadScn(scn, &st);
  EXPECT_TRUE(st.ok()) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "probability="), "scenario", "unknown-attribute"))
      << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "unit=\"day\""), "scenario", "unknown-attribute"))
      << d.ToString();
}

TEST(GasLibBadInput, ScnMissingSinkIsAWarning) {
  std::string scn = TinyScn("0");
  scn = Replace(scn, "value=\"100\"", "value=\"0\"");
  scn = Replace(scn,
                "    <node type=\"exit\" id=\"T\">\n      <flow bound=\"both\" value=\"0\" "
                "unit=\"1000m_cube_per_hour\"/>\n    </node>\n",
                "");
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_TRUE(s.usable) << d.ToString();
  EXPECT_TRUE(HasDiag(d, kScn, 0, "sink 'T'", "missing-nomination"));
}

// ---- files through LoadCase ----

class GasLibBadFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corridor_gaslib_bad_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    EXPECT_TRUE(WriteFileAtomically(p, text).ok());
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(GasLibBadFiles, MissingFile) {
  Diagnostics d;
  GasCase c;
  const std::string p = (dir_ / "nope.net").string();
  EXPECT_FALSE(LoadCase({p}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, p, 0, "", "file-not-found"));
}

TEST_F(GasLibBadFiles, EmptyFile) {
  const std::string p = Write("empty.net", "");
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({p}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, p, 0, "", "empty-file"));
  EXPECT_NE(d.ToString().find("empty"), std::string::npos);
}

// A file in another encoding says so: one that declares ISO-8859-1 (and holds a Latin-1
// byte) was "not valid UTF-8" without a word on the declaration, and a UTF-16 file was
// "cannot tell what this file holds" with its byte-order mark printed as text.
TEST_F(GasLibBadFiles, OtherEncodingsAreNamed) {
  std::string latin1 =
      Replace(TinyNet(), "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
  latin1 = Replace(latin1, "<framework:title>tiny", "<framework:title>tiny \xe9");
  const std::string l1 = Write("latin1.net", latin1);
  std::string utf16 = "\xFF\xFE";
  for (char ch : TinyNet()) utf16 += std::string{ch, '\0'};
  const std::string u16 = Write("utf16.net", utf16);
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({l1}, &c, &d).ok());
  EXPECT_FALSE(LoadCase({u16}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, l1, LineOf(latin1, "tiny \xe9"), "", "bad-utf8")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, u16, 1, "", "bad-utf8")) << d.ToString();
  const std::string text = d.ToString();
  EXPECT_NE(text.find("it declares encoding=\"ISO-8859-1\", and corridor reads UTF-8 only"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("the file is UTF-16"), std::string::npos) << text;
  EXPECT_EQ(d.error_count(), 2u) << text;
  // Without a byte-order mark (little or big endian): its root element read
  // <\x00?\x00x\x00m\x00l\x00>, "cannot tell what this file holds".
  for (const bool big : {false, true}) {
    std::string nobom;
    for (char ch : TinyNet()) nobom += big ? std::string{'\0', ch} : std::string{ch, '\0'};
    const std::string path = Write(big ? "be.net" : "le.net", nobom);
    Diagnostics d16;
    EXPECT_FALSE(LoadCase({path}, &c, &d16).ok());
    ASSERT_EQ(d16.error_count(), 1u) << d16.ToString();
    EXPECT_TRUE(HasDiag(d16, path, 1, "", "bad-utf8")) << d16.ToString();
    EXPECT_NE(d16.ToString().find("the file is UTF-16"), std::string::npos) << d16.ToString();
  }
}

// A file that is almost XML says where it went wrong: text before the markup (its first
// line), or a root element no reader takes (the root's line).
// A binary file says so: one of NULs alone was skipped as white space ("cannot tell what
// this file holds", no reason), NULs before a GasLib root were taken for white space, and
// text before the markup was quoted without its NULs.
TEST_F(GasLibBadFiles, ABinaryFileSaysSo) {
  const std::string zeros = Write("zeros.net", std::string(64, '\0'));
  const std::string lead = Write("lead.net", std::string(5, '\0') + TinyNet());
  const std::string mixed = Write("mixed.net", std::string("\0\x01\x02", 3) + TinyNet());
  for (const std::string& path : {zeros, lead, mixed}) {
    Diagnostics d;
    GasCase c;
    EXPECT_FALSE(LoadCase({path}, &c, &d).ok()) << path;
    EXPECT_TRUE(HasDiag(d, path, 1, "", "unknown-file-kind")) << d.ToString();
    EXPECT_NE(d.ToString().find("cannot tell what this file holds: a binary file (a NUL byte "
                                "at offset 0), not text"),
              std::string::npos)
        << d.ToString();
  }
}

TEST_F(GasLibBadFiles, AlmostXmlSaysWhereAndWhy) {
  const std::string pre = Write("pre.net", "  stray words\n" + TinyNet());
  const std::string other =
      Write("other.net", "<?xml version=\"1.0\"?>\n<!-- <network> in a comment -->\n\n<x:grid/>\n");
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({pre, other}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, pre, 1, "", "unknown-file-kind")) << d.ToString();
  EXPECT_TRUE(HasDiag(d, other, 4, "", "unknown-file-kind")) << d.ToString();
  const std::string text = d.ToString();
  EXPECT_NE(text.find("text 'stray words' before the XML markup (line 2)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("root element <grid> is not one corridor reads"), std::string::npos)
      << text;
  // JSON naming a format of no corridor file: the JSON format's rule, at the line of
  // "format".
  const std::string json = Write("net.json", "{\n  \"version\": 1,\n  \"format\": \"corridor-net\"\n}\n");
  Diagnostics dj;
  EXPECT_FALSE(LoadCase({json}, &c, &dj).ok());
  EXPECT_TRUE(HasDiag(dj, json, 3, "", "format")) << dj.ToString();
  EXPECT_NE(dj.ToString().find("\"format\" is \"corridor-net\", not \"corridor-network\""),
            std::string::npos)
      << dj.ToString();
}

// JSON that does not parse, cut short before its "format", is said so at the line where the
// parse stops, and a JSON array is named one: both read "cannot tell what this file holds"
// with no line (helper-291).
TEST_F(GasLibBadFiles, JsonThatDoesNotParseIsSaidAtItsLine) {
  const std::string cut = Write("cut.json", "{\n  \"network\": {\n    \"nodes\": [\n");
  const std::string array = Write("array.json", "\n[ {\"format\": \"corridor-network\"} ]\n");
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({cut}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, cut, 4, "", "unknown-file-kind")) << d.ToString();
  EXPECT_NE(d.ToString().find("JSON that does not parse (syntax error"), std::string::npos)
      << d.ToString();
  Diagnostics da;
  EXPECT_FALSE(LoadCase({array}, &c, &da).ok());
  EXPECT_TRUE(HasDiag(da, array, 2, "", "unknown-file-kind")) << da.ToString();
  EXPECT_NE(da.ToString().find("a JSON array, where a corridor JSON case is one object"),
            std::string::npos)
      << da.ToString();
}

// Before the root: stray text between the declaration or a comment and the root is the XML
// reader's content-before-root, at its line, and a comment or processing instruction that
// never closes (a download cut off in GasLib's licence comment) is said at the line where
// it opens. Both were "cannot tell what this file holds" without a line. A UTF-32 file is
// said to be UTF-32 (its byte-order mark begins as UTF-16's: it was called UTF-16).
TEST_F(GasLibBadFiles, WhatStandsBeforeTheRootIsSaidAtItsLine) {
  const std::string net = TinyNet();
  const std::size_t root = net.find("<network");
  ASSERT_NE(root, std::string::npos);
  const std::string stray =
      Write("stray.net", net.substr(0, root) + "<!-- c -->\nstray text\n" + net.substr(root));
  const std::string cut = Write("cut.net", net.substr(0, root) + "<!-- licence, cut off\n");
  const std::string pi = Write("pi.net", "<?xml version=\"1.0\"?>\n\n<?foo bar\n<network/>\n");
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({stray}, &c, &d).ok());
  // The comment on the root's line (2), the stray text on the next.
  ASSERT_EQ(LineOf(net, "<network"), 2);
  const int stray_line = 2;
  EXPECT_TRUE(HasDiag(d, stray, stray_line + 1, "", "content-before-root")) << d.ToString();
  Diagnostics dc;
  EXPECT_FALSE(LoadCase({cut}, &c, &dc).ok());
  EXPECT_TRUE(HasDiag(dc, cut, stray_line, "", "unknown-file-kind")) << dc.ToString();
  EXPECT_NE(dc.ToString().find("the comment ('<!--') opened on line " +
                               std::to_string(stray_line) + " is never closed"),
            std::string::npos)
      << dc.ToString();
  Diagnostics dp;
  EXPECT_FALSE(LoadCase({pi}, &c, &dp).ok());
  EXPECT_TRUE(HasDiag(dp, pi, 3, "", "unknown-file-kind")) << dp.ToString();
  EXPECT_NE(dp.ToString().find("the processing instruction ('<?') opened on line 3 is never "
                               "closed"),
            std::string::npos)
      << dp.ToString();
  for (const bool big : {false, true}) {
    std::string u32 = big ? std::string("\0\0\xFE\xFF", 4) : std::string("\xFF\xFE\0\0", 4);
    for (char ch : net)
      u32 += big ? std::string{'\0', '\0', '\0', ch} : std::string{ch, '\0', '\0', '\0'};
    const std::string path = Write(big ? "be32.net" : "le32.net", u32);
    Diagnostics d32;
    EXPECT_FALSE(LoadCase({path}, &c, &d32).ok());
    ASSERT_EQ(d32.error_count(), 1u) << d32.ToString();
    EXPECT_TRUE(HasDiag(d32, path, 1, "", "bad-utf8")) << d32.ToString();
    EXPECT_NE(d32.ToString().find("the file is UTF-32"), std::string::npos) << d32.ToString();
  }
}

// Regression: the line of why a file's kind could not be told counted only '\n': a file
// with CR-only line ends gave line 1 for [format] and [unknown-file-kind] (and showed
// the text before the markup past its first line). Lines now end as the readers end them
// ("\n", "\r\n", a lone "\r"); the line of "format" is the top-level member's, as the JSON
// reader gives it, not the first "format" anywhere in the text.
TEST_F(GasLibBadFiles, WhyTheKindIsUnknownCountsLinesAsTheReadersDo) {
  GasCase c;
  for (const char* eol : {"\n", "\r\n", "\r"}) {
    auto lines = [&](std::initializer_list<const char*> ls) {
      std::string t;
      for (const char* l : ls) t += std::string(l) + eol;
      return t;
    };
    const std::string json = Write("wf.json", lines({"{", "", "\"format\": \"other-thing\",",
                                                     "\"x\": 1}"}));
    const std::string nested = Write("nested.json", lines({"{\"network\": {\"format\": 1},", "",
                                                           "\"format\": \"x\"}"}));
    const std::string pre = Write("pre.net", lines({"", "  stray words", "more", "<network/>"}));
    Diagnostics d;
    EXPECT_FALSE(LoadCase({json, nested, pre}, &c, &d).ok());
    const std::string text = d.ToString();
    EXPECT_TRUE(HasDiag(d, json, 3, "", "format")) << text;
    EXPECT_TRUE(HasDiag(d, nested, 3, "", "format")) << text;
    EXPECT_TRUE(HasDiag(d, pre, 2, "", "unknown-file-kind")) << text;
    EXPECT_NE(text.find("text 'stray words' before the XML markup (line 4)"), std::string::npos)
        << text;
  }
}

// corridor's other JSON files given where a case is read say which command reads them
// (the bundled hydro case read "cannot tell what this file holds" alone).
TEST_F(GasLibBadFiles, CorridorsOtherJsonFilesNameTheirCommand) {
  for (const auto& [format, hint] :
       {std::pair{"corridor-hydro-case", "a hydro case, which `corridor hydro FILE` reads "
                                         "(\"format\": \"corridor-hydro-case\"): a gas network "
                                         "case is a GasLib XML file"},
        std::pair{"corridor-controls", "which `simulate`, `track` and `check` take as "
                                       "`--controls FILE`"},
        std::pair{"corridor-annotations", "`corridor run --data DIR` reads from the folder"}}) {
    const std::string file =
        Write("other.json", fmt::format("{{\n  \"format\": \"{}\",\n  \"version\": 1\n}}\n",
                                        format));
    GasCase c;
    Diagnostics d;
    EXPECT_FALSE(LoadCase({file}, &c, &d).ok());
    EXPECT_TRUE(HasDiag(d, file, 2, "", "wrong-file-kind")) << d.ToString();
    EXPECT_NE(d.ToString().find(hint), std::string::npos) << d.ToString();
    EXPECT_EQ(d.ToString().find("cannot tell"), std::string::npos) << d.ToString();
  }
}

// Null outputs are a caller's mistake the library answers with a status (they crashed).
TEST_F(GasLibBadFiles, NullOutputsAreRefused) {
  const std::string net = Write("a.net", TinyNet());
  Diagnostics d;
  GasCase c;
  Network n;
  EXPECT_EQ(LoadCase({net}, nullptr, &d).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(LoadCase({net}, &c, nullptr).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadGasLibNetwork(net, &n, nullptr).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadGasLibNetworkFromString(TinyNet(), "a.net", nullptr, &d).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadGasLibNominationFromString(TinyScn(), "a.scn", nullptr, &d).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadCorridorJsonFromString("{}", "a.json", nullptr, &d).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(d.error_count(), 0u);
}

TEST_F(GasLibBadFiles, TwoNetworks) {
  const std::string a = Write("a.net", TinyNet()), b = Write("b.net", TinyNet());
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({a, b}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, b, 0, "", "duplicate-input"));
}

// A named file that does not exist is NotFound, as ReadGasLibNetwork says for the same path
// (status.h); LoadCase said ParseError. The diagnostics and the message stay as they were;
// a file that could not be parsed before it is still ParseError.
TEST_F(GasLibBadFiles, AMissingFileIsNotFound) {
  const std::string missing = (std::filesystem::path(Write("a.net", TinyNet())).parent_path() /
                               "nonexistent.net")
                                  .string();
  Diagnostics d;
  GasCase c;
  Network n;
  EXPECT_EQ(ReadGasLibNetwork(missing, &n, &d).code(), Status::Code::kNotFound);
  Diagnostics dl;
  Status s = LoadCase({missing}, &c, &dl);
  EXPECT_EQ(s.code(), Status::Code::kNotFound) << s.ToString();
  EXPECT_EQ(s.message(), "1 error while loading the case");
  EXPECT_TRUE(HasDiag(dl, missing, 0, "", "file-not-found")) << dl.ToString();
  ReadErrors re;
  Diagnostics da;
  EXPECT_EQ(LoadCaseAsRead({missing}, &c, &re, &da).code(), Status::Code::kNotFound);
  // A missing .scn beside a good network: still the first problem.
  Diagnostics ds;
  EXPECT_EQ(LoadCase({Write("b.net", TinyNet()), missing + ".scn"}, &c, &ds).code(),
            Status::Code::kNotFound);
  // An empty file first, then the missing one: the first problem is not a missing file.
  Diagnostics de;
  EXPECT_EQ(LoadCase({Write("empty.net", ""), missing}, &c, &de).code(),
            Status::Code::kParseError);
}

TEST_F(GasLibBadFiles, AFailedLoadLeavesTheCallersCaseAlone) {
  const std::string net = Write("a.net", TinyNet());
  const std::string scn = Write("a.scn", Replace(TinyScn(), "value=\"100\"", "value=\"x\""));
  GasCase c;
  c.network.info.title = "kept";
  Diagnostics d;
  EXPECT_FALSE(LoadCase({net, scn}, &c, &d).ok());
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(c.network.info.title, "kept");  // not the clean network of a.net
  EXPECT_TRUE(c.network.nodes.empty());
  EXPECT_FALSE(c.nomination.has_value());
  const std::string good = Write("b.scn", TinyScn());
  Diagnostics d2;
  ASSERT_TRUE(LoadCase({net, good}, &c, &d2).ok()) << d2.ToString();
  EXPECT_EQ(c.network.nodes.size(), 3u);
  EXPECT_TRUE(c.nomination.has_value());
}

TEST_F(GasLibBadFiles, NominationWithoutNetwork) {
  const std::string s = Write("a.scn", TinyScn());
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({s}, &c, &d).ok());
  EXPECT_TRUE(HasDiag(d, s, 0, "", "no-network"));
}

// Regression (m_entity.net): the DOCTYPE's declarations hid the root element from the
// kind detection: "cannot tell what this file holds". The file is now taken as the
// network it is, and its reader names the DOCTYPE.
TEST_F(GasLibBadFiles, ADoctypeWithDeclarationsIsNamedNotAnUnknownKind) {
  const std::string p = Write(
      "entity.net", Replace(TinyNet(), "<network ",
                            "<!DOCTYPE network [<!ENTITY a \"x\">]>\n<network "));
  EXPECT_EQ(DetectFileKind(p), FileKind::kGasLibNetwork);
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({p}, &c, &d).ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, p, 2, "", "doctype"));
}

TEST_F(GasLibBadFiles, KindsComeFromContentNotNames) {
  // The nomination is named .net and the network .scn: both are still read right.
  const std::string s = Write("really_a_scn.net", TinyScn());
  const std::string n = Write("really_a_net.scn", TinyNet());
  Diagnostics d;
  GasCase c;
  ASSERT_TRUE(LoadCase({s, n}, &c, &d).ok()) << d.ToString();
  EXPECT_EQ(c.network.nodes.size(), 3u);
  ASSERT_TRUE(c.nomination);
  EXPECT_EQ(c.nomination->nodes.size(), 2u);
  EXPECT_EQ(DetectFileKind(s), FileKind::kGasLibNomination);
  EXPECT_EQ(DetectFileKind(n), FileKind::kGasLibNetwork);
}

TEST_F(GasLibBadFiles, ErrorsOfSeveralFilesAreAllListed) {
  const std::string n = Write("a.net", Replace(TinyNet(), "value=\"500\"", "value=\"x\""));
  const std::string s = Write("a.scn", Replace(TinyScn(), "unit=\"1000m_cube_per_hour\"",
                                               "unit=\"m3\""));
  Diagnostics d;
  GasCase c;
  EXPECT_FALSE(LoadCase({n, s}, &c, &d).ok());
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
  EXPECT_TRUE(HasDiag(d, n, 0, "pipe 'P1'", "not-a-number"));
  EXPECT_TRUE(HasDiag(d, s, 0, "node 'S'", "unknown-unit"));
}

TEST_F(GasLibBadFiles, CsForAnotherNetwork) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir();
  Diagnostics d;
  GasCase c;
  ASSERT_TRUE(LoadCase({g + "/GasLib-11/GasLib-11.net", g + "/GasLib-40/GasLib-40.cs"}, &c, &d)
                  .ok())
      << d.ToString();
  ValidationSummary s;
  ASSERT_TRUE(ValidateCase(c, ValidateOptions(), &s, &d).ok());
  EXPECT_FALSE(s.usable);
  EXPECT_TRUE(HasDiag(d, g + "/GasLib-40/GasLib-40.cs", 0, "", "foreign-stations"));
  ASSERT_FALSE(d.items().empty());
  EXPECT_EQ(d.items()[0].rule, "foreign-stations") << d.ToString();
  EXPECT_TRUE(HasDiag(d, g + "/GasLib-40/GasLib-40.cs", 0, "compressorStation", "unknown-station"));
}

TEST_F(GasLibBadFiles, CsLackingAStationOfTheNetworkIsAWarning) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-24's .cs against GasLib-24's .net with one station renamed in the network.
  std::string net;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/GasLib-24/GasLib-24.net", &net).ok());
  net = Replace(net, "<compressorStation id=\"CS1\"", "<compressorStation id=\"CS9\"");
  const std::string n = Write("g24.net", net);
  const std::string cs = test::GasLibDir() + "/GasLib-24/GasLib-24.cs";
  Diagnostics d;
  GasCase c;
  ASSERT_TRUE(LoadCase({n, cs}, &c, &d).ok()) << d.ToString();
  ValidationSummary s;
  ASSERT_TRUE(ValidateCase(c, ValidateOptions(), &s, &d).ok());
  EXPECT_TRUE(s.usable) << d.ToString();
  EXPECT_TRUE(HasDiag(d, cs, 0, "compressorStation 'CS1'", "unknown-station"));
  EXPECT_TRUE(HasDiag(d, cs, 0, "compressorStation 'CS9'", "missing-station-data"));
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

TEST_F(GasLibBadFiles, CorridorJsonIsAcceptedAndCombinesWithGasLibFiles) {
  // The network through corridor JSON, the nomination from GasLib XML.
  GasCase tiny;
  Diagnostics d;
  ASSERT_TRUE(ReadGasLibNetworkFromString(TinyNet(), "tiny.net", &tiny.network, &d).ok());
  const std::string json = Write("tiny.json", WriteCorridorJson(tiny));
  const std::string scn = Write("tiny.scn", TinyScn());
  EXPECT_EQ(DetectFileKind(json), FileKind::kCorridorJson);
  GasCase c;
  ASSERT_TRUE(LoadCase({scn, json}, &c, &d).ok()) << d.ToString();
  EXPECT_EQ(c.network.nodes.size(), 3u);
  EXPECT_EQ(c.network.arcs.size(), 2u);
  ASSERT_TRUE(c.nomination);
  EXPECT_EQ(c.nomination->source_file, scn);
  ValidationSummary s;
  ASSERT_TRUE(ValidateCase(c, ValidateOptions(), &s, &d).ok());
  EXPECT_TRUE(s.usable) << d.ToString();
  // A JSON case that already holds a nomination cannot take a second one.
  GasCase with_nom = c;
  const std::string json2 = Write("tiny_nom.json", WriteCorridorJson(with_nom));
  Diagnostics d2;
  EXPECT_FALSE(LoadCase({json2, scn}, &c, &d2).ok());
  EXPECT_TRUE(HasDiag(d2, scn, 0, "", "duplicate-input"));
  // A GasLib network and a JSON network together: one too many.
  const std::string net = Write("tiny.net", TinyNet());
  Diagnostics d3;
  EXPECT_FALSE(LoadCase({net, json}, &c, &d3).ok());
  EXPECT_TRUE(HasDiag(d3, json, 0, "", "duplicate-input"));
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

TEST(GasLibBadInput, ScnFlowOutsideNodeBoundsIsAWarning) {
  std::string scn = TinyScn("2000");
  scn = Replace(scn, "value=\"100\"", "value=\"2000\"");  // node bounds are [0, 1000]
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_TRUE(s.usable) << d.ToString();
  // At each <flow>, the line after its <node>.
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "id=\"S\"") + 1, "node 'S'", "flow-outside-bounds"));
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "id=\"T\"") + 1, "node 'T'", "flow-outside-bounds"));
}

TEST(GasLibBadInput, ScnPressureBoundsDisjointFromNetwork) {
  std::string scn = Replace(TinyScn(), "    <node type=\"exit\" id=\"T\">\n",
                            "    <node type=\"exit\" id=\"T\">\n      <pressure bound=\"lower\" "
                            "value=\"80\" unit=\"barg\"/>\n");
  ValidationSummary s;
  Diagnostics d = ReadAndValidate(TinyNet(), &scn, &s);
  EXPECT_FALSE(s.usable);
  EXPECT_TRUE(HasDiag(d, kScn, LineOf(scn, "value=\"80\" unit=\"barg\""), "node 'T'",
                      "pressure-bounds-disjoint"));
  EXPECT_NE(d.ToString().find("81.0132"), std::string::npos) << d.ToString();  // barg -> bar
}

/// Truncating a real file anywhere, or flipping bytes, must give diagnostics, never a
/// crash or a silent success with a wrong model.
// A failed read leaves the caller's object as it was: nothing half read is handed over
// (the network below would otherwise hold S and N and the pipe P1 before the bad P2).
TEST(GasLibBadInput, AFailedReadLeavesTheCallersObjectAlone) {
  Network net;
  net.info.title = "kept";
  net.nodes.resize(7);
  Diagnostics d;
  const std::string bad_net = Replace(TinyNet(), "<length value=\"20\"", "<length value=\"x\"");
  EXPECT_FALSE(ReadGasLibNetworkFromString(bad_net, kNet, &net, &d).ok());
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(net.info.title, "kept");
  EXPECT_EQ(net.nodes.size(), 7u);
  EXPECT_TRUE(net.arcs.empty());
  ASSERT_TRUE(ReadGasLibNetworkFromString(TinyNet(), kNet, &net, &d).ok());
  EXPECT_EQ(net.info.title, "tiny");  // a clean read replaces it
  EXPECT_EQ(net.nodes.size(), 3u);
  EXPECT_EQ(net.arcs.size(), 2u);

  Nomination nom;
  nom.id = "kept";
  const std::string bad_scn = Replace(TinyScn(), "value=\"100\"", "value=\"1e999\"");
  Diagnostics ds;
  EXPECT_FALSE(ReadGasLibNominationFromString(bad_scn, kScn, &nom, &ds).ok());
  EXPECT_TRUE(ds.has_errors());
  EXPECT_EQ(nom.id, "kept");
  EXPECT_TRUE(nom.nodes.empty());
  ASSERT_TRUE(ReadGasLibNominationFromString(TinyScn(), kScn, &nom, &ds).ok());
  EXPECT_EQ(nom.id, "tiny_scenario");
}

TEST(GasLibBadInput, ReaderSurvivesTruncationAndByteFlips) {
  CORRIDOR_REQUIRE_SHARED();
  std::string text;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/GasLib-24/GasLib-24.net", &text).ok());
  const std::size_t root_end = text.rfind("</network>");
  ASSERT_NE(root_end, std::string::npos);
  std::size_t cuts = 0;
  for (std::size_t n = 0; n < root_end; n += 37) {
    Diagnostics d(5);
    Network net;
    Status s = ReadGasLibNetworkFromString(text.substr(0, n), "cut.net", &net, &d);
    EXPECT_FALSE(s.ok()) << "truncated at byte " << n;
    EXPECT_TRUE(d.has_errors()) << "truncated at byte " << n;
    ++cuts;
  }
  EXPECT_GT(cuts, 400u);
  unsigned seed = 12345;
  const char junk[] = "<>&\"'x-9.e/ \n";
  for (int trial = 0; trial < 300; ++trial) {
    std::string t = text;
    for (int k = 0; k < 3; ++k) {
      seed = seed * 1103515245u + 12345u;
      const std::size_t pos = 1500 + (seed >> 8) % (t.size() - 1500);
      t[pos] = junk[(seed >> 4) % (sizeof(junk) - 1)];
    }
    Diagnostics d(5);
    Network net;
    Status s = ReadGasLibNetworkFromString(t, "flip.net", &net, &d);
    // Either an error was reported or the model is still complete.
    if (s.ok()) EXPECT_EQ(net.nodes.size() + net.arcs.size(), 49u) << d.ToString();
    else EXPECT_TRUE(d.has_errors());
  }
}

}  // namespace
}  // namespace corridor
