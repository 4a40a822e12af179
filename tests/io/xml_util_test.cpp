// io::ParseFiniteDouble / io::ParseInt: one whole number or nothing, whatever the locale.
#include <algorithm>
#include <clocale>
#include <cmath>
#include <deque>
#include <locale>
#include <string>

#include <gtest/gtest.h>

#include "corridor/status.h"
#include "io/xml_util.h"

namespace corridor::io {
namespace {

// ParseXml with a text that outlives the LineIndex pointing into it: a temporary did not,
// and a line asked for afterwards read freed memory (AddressSanitizer; ParseXml refuses a
// temporary now).
bool ParseXmlKept(std::string text, const std::string& file, pugi::xml_document* doc,
                  LineIndex* lines, Diagnostics* diag, RepeatedAttributes* repeated = nullptr) {
  static std::deque<std::string> texts;
  texts.push_back(std::move(text));
  return ParseXml(texts.back(), file, doc, lines, diag, repeated);
}

TEST(ParseFiniteDouble, AcceptsOneDecimalNumber) {
  const struct {
    const char* text;
    double value;
  } good[] = {{"5", 5.0},       {"-5", -5.0},        {"+5", 5.0},      {" 2.5e3\t", 2500.0},
              {".5", 0.5},      {"5.", 5.0},         {"-1E-3", -1e-3}, {"+0.25", 0.25},
              {"\n70\r\n", 70}, {"1.7976931348623157e308", 1.7976931348623157e308}};
  for (const auto& g : good) {
    double v = -123.0;
    EXPECT_TRUE(ParseFiniteDouble(g.text, &v)) << "'" << g.text << "'";
    EXPECT_EQ(v, g.value) << "'" << g.text << "'";
  }
  double z = 1.0;
  ASSERT_TRUE(ParseFiniteDouble("-0", &z));
  EXPECT_TRUE(z == 0.0 && std::signbit(z));
}

// Regression: "+-5" was read as -5 (the '+' was dropped, then from_chars took the '-').
TEST(ParseFiniteDouble, RejectsAnythingElse) {
  for (const char* bad :
       {"+-5", "-+5", "++5", "--5", "+ 5", "", "   ", "+", "-", ".", "+.", "e5", "5e", "5x",
        "x5", "5 5", "1,5", "1e999", "-1e999", "inf", "-inf", "+inf", "infinity", "nan", "-nan",
        "0x10", "\xC2\xA0" "5", "5\xC2\xA0", "1e5.5", "--", "5-"}) {
    double v = -123.0;
    EXPECT_FALSE(ParseFiniteDouble(bad, &v)) << "'" << bad << "' gave " << v;
    EXPECT_EQ(v, -123.0) << "'" << bad << "' changed the output";
  }
}

// A C++ global locale with a decimal comma does not change what is read.
TEST(ParseFiniteDouble, IgnoresTheGlobalLocale) {
  struct Comma : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
  };
  const std::locale before = std::locale::global(std::locale(std::locale::classic(), new Comma));
  double v = 0.0;
  const bool dot = ParseFiniteDouble("2.5", &v);
  const bool comma = ParseFiniteDouble("2,5", &v);
  std::locale::global(before);
  EXPECT_TRUE(dot);
  EXPECT_EQ(v, 2.5);
  EXPECT_FALSE(comma);
}

// The same under a C locale with a decimal comma, where one is installed.
TEST(ParseFiniteDouble, IgnoresTheCLocale) {
  const std::string before = std::setlocale(LC_ALL, nullptr);
  const char* got = nullptr;
  for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8"})
    if ((got = std::setlocale(LC_ALL, name)) != nullptr) break;
  if (got == nullptr) GTEST_SKIP() << "no locale with a decimal comma is installed";
  double v = 0.0;
  const bool dot = ParseFiniteDouble("2.5", &v);
  const bool comma = ParseFiniteDouble("2,5", &v);
  std::setlocale(LC_ALL, before.c_str());
  EXPECT_TRUE(dot);
  EXPECT_EQ(v, 2.5);
  EXPECT_FALSE(comma);
}

// Invisible spaces anywhere are marked by their code points (joiners too: it is for values
// that should hold none); visible text and malformed UTF-8 pass unchanged.
// The rule every reader gives a value ParseFiniteDouble refuses: a number out of a double's
// range, inf or nan is not-finite; any other text not-a-number ("+-1e400" too, as the
// controls reader reads it).
TEST(NumberRule, NotFiniteForNumbersBeyondADoubleElseNotANumber) {
  for (const char* t : {"1e400", "-1e400", " +1e400 ", "1e-400", "inf", "+inf", "-Infinity",
                        "nan", "NaN"})
    EXPECT_STREQ(NumberRule(t), "not-finite") << t;
  for (const char* t : {"abc", "", "  ", "1,5", "0x10", "+-1e400", "++1", "1.5x", "1e", "-"})
    EXPECT_STREQ(NumberRule(t), "not-a-number") << t;
}

TEST(MarkInvisible, NamesEveryInvisibleSpace) {
  EXPECT_EQ(io::MarkInvisible("1\xE2\x80\x8B"), "1<U+200B>");
  EXPECT_EQ(io::MarkInvisible("\xC2\xA0" "5\xEF\xBB\xBF" "0"), "<U+00A0>5<U+FEFF>0");
  EXPECT_EQ(io::MarkInvisible("Ardab\xC3\xAEl \xE2\x80\x8C"), "Ardab\xC3\xAEl <U+200C>");
  EXPECT_EQ(io::MarkInvisible("a\xC2"), "a\xC2");
  EXPECT_EQ(io::MarkInvisible(""), "");
}

TEST(ParseInt, WholeIntegersOnly) {
  int v = 0;
  EXPECT_TRUE(ParseInt(" 42 ", &v));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(ParseInt("-7", &v));
  EXPECT_EQ(v, -7);
  for (const char* bad : {"", "4.2", "42x", "--1", "99999999999", "0x10", "\xC2\xA0" "1"}) {
    v = 5;
    EXPECT_FALSE(ParseInt(bad, &v)) << "'" << bad << "'";
    EXPECT_EQ(v, 5);
  }
}

// Regression (fuzzing): 1e308 bar is a finite double but 1e313 Pa is not; it was read as
// inf and written back as "inf".
TEST(ReadValue, OverflowInSiIsABadNumber) {
  const std::string text =
      "<n>\n <pressureMin value=\"1e308\" unit=\"bar\"/>\n <pressureMax value=\"1e300\" "
      "unit=\"bar\"/>\n</n>\n";
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  ASSERT_TRUE(ParseXmlKept(text, "o.net", &doc, &lines, &diag)) << diag.ToString();
  XmlContext ctx{"o.net", &lines, &diag};
  double v = 0.0;
  EXPECT_TRUE(ReadValue(ctx, doc.child("n"), "pressureMax", Quantity::kPressure, "node 'n'", true,
                        &v));
  EXPECT_DOUBLE_EQ(v, 1e305);
  EXPECT_FALSE(ReadValue(ctx, doc.child("n"), "pressureMin", Quantity::kPressure, "node 'n'",
                         true, &v));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  const Diagnostic& d = diag.items()[0];
  EXPECT_EQ(d.rule, "not-finite");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.element, "node 'n'");
  EXPECT_NE(d.message.find("'1e308' bar overflows a double in SI"), std::string::npos)
      << d.message;
  // Finite in SI but not in another unit of the quantity (a writer may choose mm).
  Diagnostics diag2;
  XmlContext ctx2{"o.net", &lines, &diag2};
  pugi::xml_document d2;
  ASSERT_TRUE(ParseXmlKept("<p><diameter value=\"1e306\" unit=\"m\"/></p>", "o.net", &d2, &lines,
                       &diag2));
  EXPECT_FALSE(
      ReadValue(ctx2, d2.child("p"), "diameter", Quantity::kDiameter, "pipe 'p'", true, &v));
  ASSERT_EQ(diag2.error_count(), 1u) << diag2.ToString();
  EXPECT_NE(diag2.items()[0].message.find("'1e306' m overflows a double in 'mm'"),
            std::string::npos)
      << diag2.ToString();
}

// A nonzero value that vanishes in SI (4.9e-324 mm of roughness read as 0 m, a smooth
// pipe) or in another unit of its quantity (1e-320 Pa is 1e-325 bar) is a bad number; 0
// and a small value every unit holds are read.
TEST(ReadValue, AValueThatVanishesInAUnitIsABadNumber) {
  const std::string text =
      "<p>\n <roughness value=\"4.9e-324\" unit=\"mm\"/>\n <length value=\"0\" unit=\"mm\"/>"
      "\n <diameter value=\"1e-300\" unit=\"mm\"/>\n <pressureMin value=\"5e-321\" "
      "unit=\"bar\"/>\n</p>\n";
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  ASSERT_TRUE(ParseXmlKept(text, "o.net", &doc, &lines, &diag)) << diag.ToString();
  XmlContext ctx{"o.net", &lines, &diag};
  const pugi::xml_node p = doc.child("p");
  double v = 1.0;
  EXPECT_FALSE(ReadValue(ctx, p, "roughness", Quantity::kLength, "pipe 'p'", true, &v));
  EXPECT_TRUE(ReadValue(ctx, p, "length", Quantity::kLength, "pipe 'p'", true, &v));
  EXPECT_EQ(v, 0.0);
  EXPECT_TRUE(ReadValue(ctx, p, "diameter", Quantity::kDiameter, "pipe 'p'", true, &v));
  EXPECT_DOUBLE_EQ(v, 1e-303);
  EXPECT_TRUE(ReadValue(ctx, p, "pressureMin", Quantity::kPressureDiff, "pipe 'p'", true, &v));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 2);
  EXPECT_NE(diag.items()[0].message.find(
                "<roughness> value '4.9e-324' mm is not 0 but below a double's range in SI "
                "units"),
            std::string::npos)
      << diag.ToString();
  // In SI but not in another unit: 1e-320 Pa given in Pa is no GasLib unit, so in bar
  // through the JSON model; here a value in m that vanishes in km.
  Diagnostics diag2;
  XmlContext ctx2{"o.net", &lines, &diag2};
  pugi::xml_document d2;
  ASSERT_TRUE(ParseXmlKept("<p><length value=\"1e-322\" unit=\"m\"/></p>", "o.net", &d2, &lines,
                       &diag2));
  EXPECT_FALSE(ReadValue(ctx2, d2.child("p"), "length", Quantity::kLength, "pipe 'p'", true, &v));
  EXPECT_NE(diag2.ToString().find("'1e-322' m is not 0 but below a double's range in 'km'"),
            std::string::npos)
      << diag2.ToString();
  // A unit with an offset lands on 0 exactly, and rightly: 0 bar absolute, 0 K (whose
  // refusal is the gas' own rule, not the number's).
  Diagnostics diag3;
  XmlContext ctx3{"o.net", &lines, &diag3};
  pugi::xml_document d3;
  ASSERT_TRUE(ParseXmlKept("<n><pressureMin value=\"-1.01325\" unit=\"barg\"/>"
                       "<gasTemperature value=\"-273.15\" unit=\"Celsius\"/></n>",
                       "o.net", &d3, &lines, &diag3));
  v = 1.0;
  EXPECT_TRUE(ReadValue(ctx3, d3.child("n"), "pressureMin", Quantity::kPressure, "node 'n'",
                        true, &v));
  EXPECT_EQ(v, 0.0);
  v = 1.0;
  EXPECT_TRUE(ReadValue(ctx3, d3.child("n"), "gasTemperature", Quantity::kTemperature,
                        "node 'n'", true, &v));
  EXPECT_EQ(v, 0.0);
  EXPECT_EQ(diag3.error_count(), 0u) << diag3.ToString();
}

// Regression (fuzzing): pugixml decodes "&#xD800;" and "&#x110000;" into bytes that are not
// UTF-8; they reached the writers. A review: "&#0;" ended a value ("5&#0;0" read as 5), and
// "&#1;", "&#xFFFE;" passed, though XML allows none of them. Valid references still read.
TEST(ParseXml, CharacterReferenceMustBeAnXmlCharacter) {
  for (const char* ref : {"&#xD800;", "&#x110000;", "&#57343;", "&#0;", "&#1;", "&#xFFFE;",
                          "&#x1F;", "&#99999999999999999999;"}) {
    for (bool in_attribute : {true, false}) {
      const std::string text = in_attribute
                                   ? "<a>\n<b id=\"x" + std::string(ref) + "\"/>\n</a>"
                                   : "<a>\n<b>x" + std::string(ref) + "</b>\n</a>";
      pugi::xml_document doc;
      LineIndex lines("");
      Diagnostics diag;
      EXPECT_FALSE(ParseXmlKept(text, "r.xml", &doc, &lines, &diag)) << text;
      ASSERT_EQ(diag.error_count(), 1u) << text << "\n" << diag.ToString();
      const Diagnostic& d = diag.items()[0];
      EXPECT_EQ(d.rule, "bad-char-ref") << d.ToString();
      EXPECT_EQ(d.line, 2) << d.ToString();
      EXPECT_NE(d.message.find(in_attribute ? "in an attribute of <b>" : "in the text after <b>"),
                std::string::npos)
          << d.message;
      EXPECT_NE(d.message.find(ref), std::string::npos) << d.message;
    }
  }
  // In a comment or a CDATA section a reference is text, not a character.
  {
    pugi::xml_document doc;
    LineIndex lines("");
    Diagnostics diag;
    EXPECT_TRUE(ParseXmlKept("<a><!-- &#0; --><b><![CDATA[&#1;]]></b></a>", "c.xml", &doc, &lines,
                         &diag))
        << diag.ToString();
  }
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  ASSERT_TRUE(ParseXmlKept("<a id=\"&#x263A;&#65;&#x10FFFF;\">&#xE9;</a>", "ok.xml", &doc, &lines,
                       &diag))
      << diag.ToString();
  EXPECT_EQ(std::string(doc.child("a").attribute("id").value()), "\u263A" "A\U0010FFFF");
  EXPECT_EQ(std::string(doc.child("a").text().get()), "\u00E9");
}

// Parses `text` as "e.xml"; returns the diagnostics (and whether it parsed).
Diagnostics Parse(const std::string& text, bool* parsed = nullptr,
                  pugi::xml_document* out = nullptr) {
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  const bool ok = ParseXmlKept(text, "e.xml", out != nullptr ? out : &doc, &lines, &diag);
  if (parsed != nullptr) *parsed = ok;
  return diag;
}

// Regression: pugixml keeps an '&' that starts no reference as it stands ("A & B",
// value="a&b"), and an entity XML does not define ("&nbsp;"), where XML calls the document
// not well-formed. Each is an error at its line saying what was found, where, and how to
// write an ampersand; the document is still read (the reader adds its findings).
TEST(ParseXml, AnAmpersandMustStartAReference) {
  const struct {
    const char* text;
    const char* shown;  // what the message quotes, and where
  } bad[] = {
      {"<a>\n<title>A & B</title>\n</a>", "'&' in the text after <title> is not a reference"},
      {"<a>\n<b id=\"a&b\"/>\n</a>", "'&b' in an attribute of <b> is not a reference"},
      {"<a>\n<b id='x&'/>\n</a>", "'&' in an attribute of <b> is not a reference"},
      {"<a>\n<title>R&D;x</title>\n</a>", "'&D;' in the text after <title> is an entity XML"},
      {"<a>\n<title>a&nbsp;b</title>\n</a>", "'&nbsp;' in the text after <title> is an entity"},
      {"<a>\n<b id=\"&copy;\"/>\n</a>", "'&copy;' in an attribute of <b> is an entity"},
      // A '>' in a value before the '&' does not end the tag (it read "in the text after").
      {"<a>\n<b id=\"x>y&z\"/>\n</a>", "'&z' in an attribute of <b> is not a reference"},
      {"<a>\n<b id='>' alt=\"&q\"/>\n</a>", "'&q' in an attribute of <b> is not a reference"},
      {"<a>\n<title>&#38 x</title>\n</a>", "'&#38' in the text after <title> is not a complete"},
      {"<a>\n<title>&#;</title>\n</a>", "'&#;' in the text after <title> is not a complete"},
      {"<a>\n<title>&#X26;</title>\n</a>", "'&#X26;' in the text after <title> is not a"},
      {"<a>\n<title>&amp</title>\n</a>", "'&amp' in the text after <title> is not a reference"},
  };
  for (const auto& b : bad) {
    bool parsed = false;
    const Diagnostics diag = Parse(b.text, &parsed);
    EXPECT_TRUE(parsed) << b.text;
    ASSERT_EQ(diag.error_count(), 1u) << b.text << "\n" << diag.ToString();
    const Diagnostic& d = diag.items()[0];
    EXPECT_EQ(d.rule, "bad-entity") << d.ToString();
    EXPECT_EQ(d.line, 2) << d.ToString();
    EXPECT_EQ(d.file, "e.xml");
    EXPECT_NE(d.message.find(b.shown), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("a literal ampersand is written &amp;"), std::string::npos)
        << d.message;
  }
  // Every one is listed, each at its line, and a bad character reference beside them still
  // stops the reading.
  const Diagnostics all = Parse("<a x=\"1&2\">\nA & B\n&lt;&nbsp;\n</a>");
  ASSERT_EQ(all.error_count(), 3u) << all.ToString();
  EXPECT_EQ(all.items()[0].line, 1);
  EXPECT_EQ(all.items()[1].line, 2);
  EXPECT_EQ(all.items()[2].line, 3);
  bool parsed = true;
  const Diagnostics both = Parse("<a>&#0; & </a>", &parsed);
  EXPECT_FALSE(parsed);
  EXPECT_EQ(both.error_count(), 2u) << both.ToString();
}

// Each bad reference names the element it lies in, the nearest with an id, as the readers
// name elements: its start tag's, or that of the text it is in (after a closed child, the
// parent's). Found by the text alone, they named none; '--' in a comment names its parent.
TEST(ParseXml, ABadReferenceNamesItsElement) {
  const struct {
    const char* text;
    const char* rule;
    const char* element;
  } cases[] = {
      {"<n>\n<pipe id=\"p1\">\n<length value=\"5&5\"/>\n</pipe>\n</n>", "bad-entity",
       "pipe 'p1'"},
      {"<n>\n<x/>\n<pipe id=\"p&1\"/>\n</n>", "bad-entity", "pipe 'p&1'"},
      {"<n>\n<pipe id=\"p1\"><length/>\nA & B</pipe>\n</n>", "bad-entity", "pipe 'p1'"},
      {"<n>\n<pipe id=\"p1\"/><pipe id=\"p2\">x<c>y</c>\n&nbsp;</pipe>\n</n>", "bad-entity",
       "pipe 'p2'"},
      {"<n>\n<pipe id=\"p1\"/>\nA & B\n</n>", "bad-entity", ""},
      {"<n id=\"net\">\n<pipe id=\"p1\"/>\nA & B\n</n>", "bad-entity", "n 'net'"},
      {"<n>\n<pipe id=\"p1\">\n<length value=\"5&#1;\"/>\n</pipe>\n</n>", "bad-char-ref",
       "pipe 'p1'"},
      {"<n>\n<pipe id=\"p1\">\n<!-- a -- b -->\n</pipe>\n</n>", "double-hyphen-in-comment",
       "pipe 'p1'"},
      // A character XML does not allow, written as it is (it named none: no parse followed).
      {"<n>\n<pipe id=\"p1\">\n<length value=\"5\x01\"/>\n</pipe>\n</n>", "bad-char",
       "pipe 'p1'"},
      {"<n>\n<pipe id=\"p1\"/><pipe id=\"p2\">\nx\xEF\xBF\xBF</pipe>\n</n>", "bad-char",
       "pipe 'p2'"},
  };
  for (const auto& c : cases) {
    const Diagnostics diag = Parse(c.text);
    ASSERT_EQ(diag.error_count(), 1u) << c.text << "\n" << diag.ToString();
    const Diagnostic& d = diag.items()[0];
    EXPECT_EQ(d.rule, c.rule) << d.ToString();
    EXPECT_EQ(d.element, c.element) << c.text << "\n" << d.ToString();
    EXPECT_EQ(d.line, 3) << d.ToString();
  }
  // Several, in the order of the text, each its own; one that the parse refuses names none.
  Diagnostics diag = Parse("<n>\n<a id=\"1\" v=\"&\"/>\n<a id=\"2\">&x;</a>\n<b v=\"&\"/>\n</n>");
  ASSERT_EQ(diag.error_count(), 3u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].element, "a '1'");
  EXPECT_EQ(diag.items()[1].element, "a '2'");
  EXPECT_EQ(diag.items()[2].element, "");
  // Where the markup itself is at fault, that is said first (a cap on the messages cut it
  // after a thousand findings of the text), then the text's findings, at no element.
  diag = Parse("<n>\n<a id=\"1\" v=\"&\"/>\n<b>\n</n>");
  ASSERT_EQ(diag.error_count(), 2u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "malformed-xml");
  EXPECT_EQ(diag.items()[1].rule, "bad-entity");
  EXPECT_EQ(diag.items()[1].element, "");
  // Characters and references together, in the order of the text.
  diag = Parse("<n>\n<a id=\"1\" v=\"&\"/>\n<a id=\"2\">\x02</a>\n<a id=\"3\">&#1;</a>\n</n>");
  ASSERT_EQ(diag.error_count(), 3u) << diag.ToString();
  const char* rules[] = {"bad-entity", "bad-char", "bad-char-ref"};
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(diag.items()[k].rule, rules[k]) << diag.ToString();
    EXPECT_EQ(diag.items()[k].element, "a '" + std::to_string(k + 1) + "'") << diag.ToString();
    EXPECT_EQ(diag.items()[k].line, k + 2) << diag.ToString();
  }
  // A NUL, where pugixml may stop: the character alone is said, as before.
  diag = Parse(std::string("<n>\n<a id=\"1\">x\0y</a>\n</n>", 26));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "bad-char");
  EXPECT_EQ(diag.items()[0].line, 2);
}

// What XML defines reads as before: the five named entities and character references, and
// an '&' in a comment, CDATA section or processing instruction, which is not a reference.
TEST(ParseXml, ValidReferencesAndAmpersandsOutsideMarkupPass) {
  pugi::xml_document doc;
  bool parsed = false;
  Diagnostics diag = Parse(
      "<?xml version=\"1.0\"?>\n<!-- R & D, &nbsp; -->\n"
      "<a id=\"&amp;&lt;&gt;&apos;&quot;&#38;&#x26;\">&amp;&#38;"
      "<!-- & --><![CDATA[x & y &nbsp; &#0;]]><?pi a & b?></a>\n<!-- & -->\n",
      &parsed, &doc);
  EXPECT_TRUE(parsed);
  EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
  EXPECT_EQ(std::string(doc.child("a").attribute("id").value()), "&<>'\"&&");
  EXPECT_EQ(std::string(doc.child("a").child_value()), "&&");
  // After a comment, CDATA section or processing instruction the text is checked again; a
  // '!' or '?' in the text starts none of them.
  diag = Parse("<a>Hi! <![CDATA[&]]> so? <!-- & --> & <?p & ?> &amp;</a>");
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_NE(diag.items()[0].message.find("'&' in the text after <a>"), std::string::npos)
      << diag.ToString();
  // A DOCTYPE without declarations changes nothing; one with declarations is its own error
  // (rule doctype), and names it declares are not reported again.
  diag = Parse("<!DOCTYPE a>\n<a>&amp; & </a>");
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "bad-entity");
  diag = Parse("<!DOCTYPE a [<!ENTITY e \"x & y\">]>\n<a>&e;</a>");
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "doctype");
}

// Regression: pugixml notices an element never closed only where the text stops fitting,
// perhaps far on ("Start-end tags mismatch" at the end of the file). The message now says
// which element was left open and on which line it began, or that the end tag matches
// nothing open; the finding stays at the line where pugixml stopped.
TEST(ParseXml, AnElementLeftOpenIsNamedWithItsLine) {
  const struct {
    const char* text;
    int line;
    const char* note;
  } cases[] = {
      {"<network>\n<nodes>\n<node id=\"a\">\n<height/>\n<node id=\"b\">\n</node>\n</nodes>\n"
       "</network>\n",
       7, "</nodes> on line 7 closes <nodes> of line 2, but <node> opened on line 3 inside it "
          "was never closed"},
      {"<a>\n<b>\n<c>\n</a>\n", 4,
       "</a> on line 4 closes <a> of line 1, but <c> opened on line 3, <b> opened on line 2 "
       "inside it were never closed"},
      {"<a>\n<bb>\n</b>\n</a>\n", 3,
       "</b> on line 3 matches no open element: the innermost is <bb> opened on line 2"},
      {"<a></a>\n</a>\n", 2, "</a> on line 2 closes nothing"},
      // Quoted '>' and '/>', tags in a comment, CDATA section, processing instruction and
      // DOCTYPE, and a self-closing tag open nothing.
      {"<!DOCTYPE a>\n<a>\n<b x=\"1>2\" y='/>'>\n<!-- <c> -->\n<d/><d />\n"
       "<![CDATA[<e>]]><?p <f> ?>\n</a>\n",
       7, "</a> on line 7 closes <a> of line 2, but <b> opened on line 3 inside it was never "
          "closed"},
      {"<a>\n<b id=\"x\">\n<c/>\n", 3,
       "the text ends while <b> opened on line 2, <a> opened on line 1 are still open"},
      {"<a>\n<b>\n<c>\n<d>\n<e>", 5,
       "the text ends while <e> opened on line 5, <d> opened on line 4, <c> opened on line 3 "
       "and 2 more are still open"},
  };
  for (const auto& c : cases) {
    bool parsed = true;
    const Diagnostics diag = Parse(c.text, &parsed);
    EXPECT_FALSE(parsed) << c.text;
    ASSERT_EQ(diag.error_count(), 1u) << c.text << "\n" << diag.ToString();
    const Diagnostic& d = diag.items()[0];
    EXPECT_EQ(d.rule, "malformed-xml") << d.ToString();
    EXPECT_EQ(d.line, c.line) << d.ToString();
    EXPECT_NE(d.message.find("truncated or malformed XML: Start-end tags mismatch; "),
              std::string::npos)
        << d.message;
    EXPECT_NE(d.message.find(c.note), std::string::npos) << d.message;
  }
  // Other syntax errors are told as before.
  const Diagnostics other = Parse("<a>\n<b x=1/>\n</a>\n");
  ASSERT_EQ(other.error_count(), 1u) << other.ToString();
  EXPECT_EQ(other.items()[0].message.find(';'), std::string::npos) << other.ToString();
}

// Two causes pugixml reports where it stops, lines after them, are named at their own
// line (pugixml's beside it): an attribute value without its closing quote, which took the
// next line's tag as its text (GasLib-24.net's value="50/>: "Error parsing element
// attribute" a line late, no attribute named), and a comment left open that ran to a later
// comment's "-->" and swallowed the tags between (only a mismatched end tag 122 lines on).
TEST(ParseXml, AnOpenQuoteOrCommentIsNamedWhereItBegins) {
  bool parsed = true;
  Diagnostics diag = Parse(
      "<a>\n<length unit=\"km\" value=\"50/>\n<diameter unit=\"m\" value=\"1\"/>\n</a>\n",
      &parsed);
  EXPECT_FALSE(parsed);
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 2) << diag.ToString();
  EXPECT_NE(diag.items()[0].message.find("(on line 3); the value of attribute 'value' opened "
                                         "on line 2 has no closing quote on its line"),
            std::string::npos)
      << diag.ToString();
  diag = Parse("<a>\n<b>\n<!-- oops\n</b>\n<c>\n<!-- note -->\n</c>\n</a>\n", &parsed);
  EXPECT_FALSE(parsed);
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 3) << diag.ToString();
  EXPECT_NE(diag.items()[0].message.find("(on line 7); the comment opened on line 3 runs to "
                                         "the '-->' on line 6 and holds another '<!--' (line "
                                         "6)"),
            std::string::npos)
      << diag.ToString();
  // A value over a line end that runs into no markup is left to pugixml's words.
  diag = Parse("<a>\n<b x=\"1\n2\" y=1/>\n</a>\n", &parsed);
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].message.find("closing quote"), std::string::npos) << diag.ToString();
  // So is a quote missing inside one line (the next value's quote closes it): the hint named
  // a later attribute ('y="0') from a quote after the one pugixml stopped at.
  diag = Parse("<a>\n<b id=\"x y=\"0\" z=\"0\">\n<c/>\n</b>\n</a>\n", &parsed);
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 2) << diag.ToString();
  EXPECT_EQ(diag.items()[0].message.find("closing quote"), std::string::npos) << diag.ToString();
  // A closed comment that quotes "<!--" on its own line is no comment left open: the
  // mismatched end tag keeps the finding (it moved to the comment's line).
  diag = Parse("<a>\n<!-- old: <!-- x -->\n<b>\n</bb>\n</a>\n", &parsed);
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 4) << diag.ToString();
  EXPECT_EQ(diag.items()[0].message.find("comment"), std::string::npos) << diag.ToString();
}

// A control character written as it is is refused as well, at its line.
TEST(ParseXml, ControlCharactersAreRefused) {
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  EXPECT_FALSE(ParseXmlKept(std::string("<a>\n<b id=\"x\x01y\"/>\n</a>"), "c.xml", &doc, &lines,
                        &diag));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "bad-char");
  EXPECT_EQ(diag.items()[0].line, 2);
  // So are U+FFFE and U+FFFF as they stand (xmllint and expat stop there); U+FFFD and
  // U+EFBF (a lead byte 0xEF before other bytes) are text.
  for (const char* c : {"\xEF\xBF\xBE", "\xEF\xBF\xBF"}) {
    Diagnostics d;
    EXPECT_FALSE(ParseXmlKept(std::string("<a>\n\n<b id=\"x") + c + "y\"/>\n</a>", "c.xml", &doc,
                          &lines, &d));
    ASSERT_EQ(d.error_count(), 1u) << d.ToString();
    EXPECT_EQ(d.items()[0].rule, "bad-char");
    EXPECT_EQ(d.items()[0].line, 3);
    EXPECT_NE(d.items()[0].message.find(c[2] == '\xBE' ? "U+FFFE" : "U+FFFF"),
              std::string::npos)
        << d.ToString();
  }
  // Every one, each at its line (only the first was said).
  Diagnostics three;
  EXPECT_FALSE(ParseXmlKept(std::string("<a>\n<b id=\"\x01\"/>\n<b id=\"\x02\xEF\xBF\xBF\"/>\n</a>"),
                        "c.xml", &doc, &lines, &three));
  ASSERT_EQ(three.error_count(), 3u) << three.ToString();
  EXPECT_EQ(three.items()[0].line, 2);
  EXPECT_EQ(three.items()[1].line, 3);
  EXPECT_NE(three.items()[2].message.find("U+FFFF"), std::string::npos) << three.ToString();
  // A text of them: each counted (the cap's line says how many more), the first 1000
  // described.
  Diagnostics many(2000);
  EXPECT_FALSE(ParseXmlKept("<a>" + std::string(1500, '\x01') + "</a>", "c.xml", &doc, &lines,
                        &many));
  EXPECT_EQ(many.error_count(), 1500u);
  EXPECT_NE(many.items()[999].message.find("offset 1002"), std::string::npos)
      << many.items()[999].message;
  EXPECT_EQ(many.items()[1000].message,
            "a further character XML does not allow (the first 1000 are described)");
  Diagnostics capped(50);
  EXPECT_FALSE(ParseXmlKept("<a>" + std::string(1500, '\x01') + "</a>", "c.xml", &doc, &lines,
                        &capped));
  EXPECT_NE(capped.ToString().find("... and 1450 more"), std::string::npos)
      << capped.ToString().substr(capped.ToString().size() - 300);
  Diagnostics fine;
  EXPECT_TRUE(ParseXmlKept(std::string("<a>\n<b id=\"x\xEF\xBF\xBDy\xEE\xBE\xBF\"/>\n</a>"),
                       "c.xml", &doc, &lines, &fine))
      << fine.ToString();
}

// An attribute twice on one element, at any depth, is an error at the element's line; the
// document is still returned (the reader lists its own findings too).
TEST(ParseXml, AnAttributeTwiceOnAnyElementIsAnError) {
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  EXPECT_TRUE(ParseXmlKept("<a>\n<b x=\"1\" y=\"2\">\n<c k=\"v\" x=\"1\" k=\"w\" k=\"z\"/>\n"
                       "</b>\n</a>",
                       "d.xml", &doc, &lines, &diag));
  ASSERT_EQ(diag.error_count(), 2u) << diag.ToString();  // each repeat
  for (const Diagnostic& d : diag.items()) {
    EXPECT_EQ(d.rule, "duplicate-attribute");
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.element, "");  // no id at or above <c>
  }
  EXPECT_NE(diag.items()[0].message.find("<c> has attribute 'k' twice (k=\"v\" and k=\"w\")"),
            std::string::npos)
      << diag.ToString();
  EXPECT_NE(diag.items()[1].message.find("(k=\"v\" and k=\"z\")"), std::string::npos)
      << diag.ToString();
  // An element with many attributes: repeats far down its list are found as well.
  std::string many = "<a";
  for (int i = 0; i < 40; ++i) many += " a" + std::to_string(i) + "=\"" + std::to_string(i) + "\"";
  Diagnostics d2;
  EXPECT_TRUE(ParseXmlKept(many + " a3=\"x\" a39=\"y\" b=\"1\" b=\"2\"/>", "m.xml", &doc, &lines, &d2));
  ASSERT_EQ(d2.error_count(), 3u) << d2.ToString();
  EXPECT_NE(d2.items()[0].message.find("(a3=\"3\" and a3=\"x\")"), std::string::npos)
      << d2.ToString();
  EXPECT_NE(d2.items()[1].message.find("(a39=\"39\" and a39=\"y\")"), std::string::npos)
      << d2.ToString();
  EXPECT_NE(d2.items()[2].message.find("(b=\"1\" and b=\"2\")"), std::string::npos)
      << d2.ToString();
  Diagnostics d3;
  EXPECT_TRUE(ParseXmlKept(many + "/>", "m.xml", &doc, &lines, &d3));
  EXPECT_EQ(d3.items().size(), 0u) << d3.ToString();
  // Every copy is noted (for the readers, which judge neither), and a value element with a
  // value or unit given twice is refused without a second message.
  RepeatedAttributes repeated;
  Diagnostics d4;
  ASSERT_TRUE(ParseXmlKept("<p>\n<length value=\"-1\" unit=\"km\" value=\"2\" value=\"3\"/>\n"
                       "<width value=\"1\" unit=\"parsec\" unit=\"m\"/>\n</p>",
                       "v.xml", &doc, &lines, &d4, &repeated));
  ASSERT_EQ(d4.error_count(), 3u) << d4.ToString();
  const pugi::xml_node length = doc.child("p").child("length");
  pugi::xml_attribute a = length.first_attribute();
  EXPECT_TRUE(repeated.IsFirst(a));
  EXPECT_FALSE(repeated.IsRepeat(a));
  a = a.next_attribute();  // unit
  EXPECT_FALSE(repeated.IsFirst(a));
  EXPECT_FALSE(repeated.IsRepeat(a));
  EXPECT_TRUE(repeated.IsRepeat(a.next_attribute()));
  EXPECT_TRUE(repeated.IsRepeat(a.next_attribute().next_attribute()));
  XmlContext ctx{"v.xml", &lines, &d4, &repeated};
  double v = 0.0;
  EXPECT_FALSE(ReadValueOf(ctx, length, Quantity::kLength, "p", &v));
  EXPECT_FALSE(ReadValueOf(ctx, doc.child("p").child("width"), Quantity::kLength, "p", &v));
  EXPECT_EQ(d4.items().size(), 3u) << d4.ToString();
}

// Regression (review): pugixml takes a raw '<' in an attribute value, "]]>" in text and "--"
// inside a comment, though each makes the file not well-formed XML. Each is an error at its
// line (the document is still read, as after bad-entity); every one is listed; what XML
// allows ("&lt;", "]]&gt;", "]]>" closing a CDATA section or in a comment, "- -") passes.
TEST(ParseXml, WhatPugixmlTakesButXmlForbidsIsAnError) {
  const struct {
    const char* text;
    const char* rule;
    int line;
    const char* shown;
  } bad[] = {
      {"<a>\n<b id=\"x<y\"/>\n</a>", "lt-in-attribute", 2,
       "attribute id=\"x<y\" of <b> holds a '<'"},
      {"<a>\n<b p=\"1\" id='x<y' q=\"2\"/>\n</a>", "lt-in-attribute", 2, "id=\"x<y\""},
      {"<a>\n<b p=\"1\" q=\"&lt;\" id=\"<\"/>\n</a>", "lt-in-attribute", 2, "id=\"<\""},
      {"<a>\n<b id=\"first\nsecond<\"/>\n</a>", "lt-in-attribute", 3, "holds a '<'"},
      {"<a>\n<b>x ]]> y</b>\n</a>", "cdata-end-in-text", 2, "']]>' in the text of <b>"},
      {"<a>\n<b>x\n]]&gt; ]]></b>\n</a>", "cdata-end-in-text", 3, "write ']]&gt;'"},
      {"<a>\n<!-- a -- b -->\n</a>", "double-hyphen-in-comment", 2, "'--' inside a comment:"},
      {"<a>\n<!-- a\n--->\n</a>", "double-hyphen-in-comment", 3, "(it ends in '--->')"},
      {"<!-- header -- x -->\n<a/>", "double-hyphen-in-comment", 1, "'--' inside a comment"},
  };
  for (const auto& b : bad) {
    bool parsed = false;
    const Diagnostics diag = Parse(b.text, &parsed);
    EXPECT_TRUE(parsed) << b.text;
    ASSERT_EQ(diag.error_count(), 1u) << b.text << "\n" << diag.ToString();
    const Diagnostic& d = diag.items()[0];
    EXPECT_EQ(d.rule, b.rule) << d.ToString();
    EXPECT_EQ(d.line, b.line) << d.ToString();
    EXPECT_NE(d.message.find(b.shown), std::string::npos) << d.message;
  }
  // Every one, each at its line.
  const Diagnostics all = Parse("<a x=\"<\">\n<!-- -- -->\n<b y=\"1\" z=\"2<\">]]></b>\n</a>");
  ASSERT_EQ(all.error_count(), 4u) << all.ToString();
  EXPECT_EQ(all.items()[0].line, 1);
  EXPECT_EQ(all.items()[1].line, 2);
  EXPECT_EQ(all.items()[2].line, 3);
  EXPECT_EQ(all.items()[3].line, 3);
  // What XML allows.
  pugi::xml_document doc;
  bool parsed = false;
  const Diagnostics ok = Parse(
      "<!-- - - header - - -->\n<a id=\"&lt;&#60;>\" b='\"]]>'>x ]]&gt; y<![CDATA[ <c> ]] ]]>"
      "<!-- ]]> < - --><!----></a>",
      &parsed, &doc);
  EXPECT_TRUE(parsed);
  EXPECT_EQ(ok.items().size(), 0u) << ok.ToString();
  EXPECT_EQ(std::string(doc.child("a").attribute("id").value()), "<<>");
}

// Regression (review): an unclosed comment was reported at the end of the file (pugixml
// looks for its "-->" to the end); it is now reported on the line where it was opened, as an
// unclosed CDATA section is, and the message says it is never closed.
TEST(ParseXml, AnUnclosedCommentOrCdataIsNamedWhereItOpens) {
  for (const auto& [text, note] : {
           std::pair<std::string, std::string>{
               "<a>\n<b/>\n<!-- left open\n<c/>\n<d/>\n</a>\n",
               "Error parsing comment; the comment opened here ('<!--') is never closed: no "
               "'-->' follows it"},
           {"<a>\n<b/>\n<![CDATA[ left open\n<c/>\n<d/>\n</a>\n",
            "Error parsing CDATA section; the CDATA section opened here ('<![CDATA[') is never "
            "closed: no ']]>' follows it"}}) {
    bool parsed = true;
    const Diagnostics diag = Parse(text, &parsed);
    EXPECT_FALSE(parsed);
    ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
    EXPECT_EQ(diag.items()[0].rule, "malformed-xml");
    EXPECT_EQ(diag.items()[0].line, 3) << diag.ToString();
    EXPECT_NE(diag.items()[0].message.find(note), std::string::npos) << diag.ToString();
  }
}

// Lines end at "\n", "\r\n" or a lone "\r" (files with old Mac endings had every finding
// on line 1).
TEST(LineIndex, CountsEveryKindOfLineEnd) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const std::string text = "a" + eol + "b" + eol + eol + "c";
    LineIndex lines(text);
    EXPECT_EQ(lines.LineOf(static_cast<std::ptrdiff_t>(text.find('c'))), 4) << eol.size();
    EXPECT_EQ(lines.LineOf(static_cast<std::ptrdiff_t>(text.find('b'))), 2) << eol.size();
  }
}

// Offsets asked in any order (an element's line after its children's) give the lines a
// count from the start gives: a step back counts back from where the last one ended.
TEST(LineIndex, AnyOrderOfOffsetsGivesTheSameLines) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += std::string(static_cast<std::size_t>(i % 7), 'x') + "\n";
  auto counted = [&](std::size_t end) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + end, '\n'));
  };
  LineIndex lines(text);
  unsigned state = 12345;
  for (int k = 0; k < 2000; ++k) {
    state = state * 1103515245u + 12345u;
    const std::size_t at = (state >> 8) % (text.size() + 1);
    ASSERT_EQ(lines.LineOf(static_cast<std::ptrdiff_t>(at)), counted(at)) << at;
  }
}

}  // namespace
}  // namespace corridor::io
