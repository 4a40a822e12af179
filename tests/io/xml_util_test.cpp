// io::ParseFiniteDouble / io::ParseInt: one whole number or nothing, whatever the locale.
#include <clocale>
#include <cmath>
#include <locale>
#include <string>

#include <gtest/gtest.h>

#include "corridor/status.h"
#include "io/xml_util.h"

namespace corridor::io {
namespace {

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
  ASSERT_TRUE(ParseXml(text, "o.net", &doc, &lines, &diag)) << diag.ToString();
  XmlContext ctx{"o.net", &lines, &diag};
  double v = 0.0;
  EXPECT_TRUE(ReadValue(ctx, doc.child("n"), "pressureMax", Quantity::kPressure, "node 'n'", true,
                        &v));
  EXPECT_DOUBLE_EQ(v, 1e305);
  EXPECT_FALSE(ReadValue(ctx, doc.child("n"), "pressureMin", Quantity::kPressure, "node 'n'",
                         true, &v));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  const Diagnostic& d = diag.items()[0];
  EXPECT_EQ(d.rule, "bad-number");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.element, "node 'n'");
  EXPECT_NE(d.message.find("'1e308' bar overflows a double in SI"), std::string::npos)
      << d.message;
  // Finite in SI but not in another unit of the quantity (a writer may choose mm).
  Diagnostics diag2;
  XmlContext ctx2{"o.net", &lines, &diag2};
  pugi::xml_document d2;
  ASSERT_TRUE(ParseXml("<p><diameter value=\"1e306\" unit=\"m\"/></p>", "o.net", &d2, &lines,
                       &diag2));
  EXPECT_FALSE(
      ReadValue(ctx2, d2.child("p"), "diameter", Quantity::kDiameter, "pipe 'p'", true, &v));
  ASSERT_EQ(diag2.error_count(), 1u) << diag2.ToString();
  EXPECT_NE(diag2.items()[0].message.find("'1e306' m overflows a double in 'mm'"),
            std::string::npos)
      << diag2.ToString();
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
      EXPECT_FALSE(ParseXml(text, "r.xml", &doc, &lines, &diag)) << text;
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
    EXPECT_TRUE(ParseXml("<a><!-- &#0; --><b><![CDATA[&#1;]]></b></a>", "c.xml", &doc, &lines,
                         &diag))
        << diag.ToString();
  }
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  ASSERT_TRUE(ParseXml("<a id=\"&#x263A;&#65;&#x10FFFF;\">&#xE9;</a>", "ok.xml", &doc, &lines,
                       &diag))
      << diag.ToString();
  EXPECT_EQ(std::string(doc.child("a").attribute("id").value()), "\u263A" "A\U0010FFFF");
  EXPECT_EQ(std::string(doc.child("a").text().get()), "\u00E9");
}

// A control character written as it is is refused as well, at its line.
TEST(ParseXml, ControlCharactersAreRefused) {
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  EXPECT_FALSE(ParseXml(std::string("<a>\n<b id=\"x\x01y\"/>\n</a>"), "c.xml", &doc, &lines,
                        &diag));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "bad-char");
  EXPECT_EQ(diag.items()[0].line, 2);
}

// An attribute twice on one element, at any depth, is an error at the element's line; the
// document is still returned (the reader lists its own findings too).
TEST(ParseXml, AnAttributeTwiceOnAnyElementIsAnError) {
  pugi::xml_document doc;
  LineIndex lines("");
  Diagnostics diag;
  EXPECT_TRUE(ParseXml("<a>\n<b x=\"1\" y=\"2\">\n<c k=\"v\" x=\"1\" k=\"w\" k=\"z\"/>\n"
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

}  // namespace
}  // namespace corridor::io
