// SVG diagrams of compressor units: every GasLib turbo unit (11, 24, 40, 4197) and the 582
// piston unit render as well-formed XML whose drawn elements sit where the stated axis
// mapping puts them. Intersections and contours are checked against the test's own
// numerics (bracketing + bisection on the SI evaluation functions), not against the
// implementation's.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "corridor/compressor_data.h"
#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/plots.h"
#include "test_util.h"

namespace corridor {
namespace {

using test::GasLibDir;

CompressorStationData LoadCs(const std::string& rel) {
  CompressorStationData cs;
  Diagnostics diag;
  const Status s = ReadGasLibCompressorStations(GasLibDir() + "/" + rel, &cs, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  return cs;
}

// The axis mapping the SVG states on its plot group.
struct Mapping {
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0, left = 0, top = 0, width = 0, height = 0;
  double X(double q) const { return left + (q - x_min) / (x_max - x_min) * width; }
  double Y(double h_kJ) const { return top + height - (h_kJ - y_min) / (y_max - y_min) * height; }
  double Q(double x) const { return x_min + (x - left) / width * (x_max - x_min); }
  double H(double y) const { return y_min + (top + height - y) / height * (y_max - y_min); }
};

Mapping ReadMapping(const pugi::xml_document& doc) {
  const pugi::xml_node g = doc.select_node("//g[@class='plot']").node();
  EXPECT_TRUE(g) << "no plot group";
  Mapping m;
  m.x_min = g.attribute("data-x-min").as_double();
  m.x_max = g.attribute("data-x-max").as_double();
  m.y_min = g.attribute("data-y-min").as_double();
  m.y_max = g.attribute("data-y-max").as_double();
  m.left = g.attribute("data-left").as_double();
  m.top = g.attribute("data-top").as_double();
  m.width = g.attribute("data-width").as_double();
  m.height = g.attribute("data-height").as_double();
  EXPECT_GT(m.x_max, m.x_min);
  EXPECT_GT(m.y_max, m.y_min);
  EXPECT_GT(m.width, 0.0);
  EXPECT_GT(m.height, 0.0);
  return m;
}

std::vector<std::pair<double, double>> Points(const pugi::xml_node& polyline) {
  std::vector<std::pair<double, double>> p;
  std::istringstream in(polyline.attribute("points").value());
  std::string pair;
  while (in >> pair) {
    const auto comma = pair.find(',');
    p.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
  }
  return p;
}

std::size_t Count(const pugi::xml_document& doc, const char* xpath) {
  return doc.select_nodes(xpath).size();
}

// The first Q > 0 where H_n(Q) - line(Q) changes from + to -, by scanning and bisection.
double FirstFallingCrossing(const TurboCompressor& c, double n, bool surge, double from) {
  const auto g = [&](double q) {
    return TurboHead(c, q, n) - (surge ? SurgeLineHead(c, q) : ChokeLineHead(c, q));
  };
  const double dq = 1e-3;
  for (double a = from + 1e-9; a < 100.0; a += dq) {
    if (g(a) > 0.0 && g(a + dq) <= 0.0) {
      double lo = a, hi = a + dq;
      for (int k = 0; k < 60; ++k) (g(0.5 * (lo + hi)) > 0.0 ? lo : hi) = 0.5 * (lo + hi);
      return 0.5 * (lo + hi);
    }
  }
  return NAN;
}

// Speed n [1/s] in [speed_min, speed_max] with H(Q, n) = h [J/kg], by bisection; NaN if none.
double SpeedAt(const TurboCompressor& c, double q, double h) {
  double lo = c.speed_min_per_s * 0.999, hi = c.speed_max_per_s * 1.001;
  if ((TurboHead(c, q, lo) - h) * (TurboHead(c, q, hi) - h) > 0.0) return NAN;
  for (int k = 0; k < 80; ++k) {
    const double mid = 0.5 * (lo + hi);
    ((TurboHead(c, q, mid) - h) * (TurboHead(c, q, lo) - h) > 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

constexpr double kPx = 0.011;  // coordinates are written to 0.01 px

struct Unit {
  std::string file;
  const TurboCompressor* c;
};

// Checks one turbo diagram; returns the largest deviation of an efficiency-contour vertex
// from its level (recomputed at the vertex's (Q, H)).
double CheckTurbo(const TurboCompressor& c, const std::string& where) {
  SCOPED_TRACE(where);
  // One point inside the map (mid speed, mid flow) and one well outside it.
  const double n_mid = 0.5 * (c.speed_min_per_s + c.speed_max_per_s);
  const double qs = FirstFallingCrossing(c, n_mid, true, 0.0);
  const double qc = FirstFallingCrossing(c, n_mid, false, qs);
  const double q_in = 0.5 * (qs + qc);
  const std::vector<DiagramPoint> points = {
      {q_in, TurboHead(c, q_in, n_mid), "inside"},
      {2.0 * qc, 1.5 * TurboHead(c, qs, c.speed_max_per_s), "outside"}};
  DiagramOptions opt;
  const std::string svg = TurboDiagramSvg(c, points, opt);
  EXPECT_EQ(svg, TurboDiagramSvg(c, points, opt)) << "output differs between two calls";
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);

  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_string(svg.c_str());
  EXPECT_TRUE(r) << r.description() << " at offset " << r.offset;
  if (!r) return NAN;
  EXPECT_TRUE(doc.child("svg").attribute("viewBox"));
  const Mapping m = ReadMapping(doc);

  // One polyline per speed line, each from its surge point to its choke point.
  const auto lines = doc.select_nodes("//polyline[@class='speed-line']");
  EXPECT_EQ(lines.size(), static_cast<std::size_t>(opt.speed_lines));
  int k = 0;
  for (const auto& l : lines) {
    const double n = c.speed_min_per_s +
                     (c.speed_max_per_s - c.speed_min_per_s) * k++ / (opt.speed_lines - 1);
    EXPECT_NEAR(l.node().attribute("data-speed-per-min").as_double(), n * 60.0, 0.5);
    const auto p = Points(l.node());
    EXPECT_GE(p.size(), 2u);
    if (p.size() < 2) continue;
    const double q0 = FirstFallingCrossing(c, n, true, 0.0);
    const double q1 = FirstFallingCrossing(c, n, false, q0);
    EXPECT_NEAR(p.front().first, m.X(q0), kPx);
    EXPECT_NEAR(p.front().second, m.Y(SurgeLineHead(c, q0) / 1e3), kPx);
    EXPECT_NEAR(p.back().first, m.X(q1), kPx);
    EXPECT_NEAR(p.back().second, m.Y(ChokeLineHead(c, q1) / 1e3), kPx);
    // Every vertex lies on the speed line.
    for (const auto& [x, y] : p) EXPECT_NEAR(y, m.Y(TurboHead(c, m.Q(x), n) / 1e3), 0.05);
  }
  EXPECT_EQ(Count(doc, "//polyline[@class='surge-line']"), 1u);
  EXPECT_EQ(Count(doc, "//polyline[@class='choke-line']"), 1u);

  // Operating points where the stated mapping puts them, inside the plot area.
  const auto circles = doc.select_nodes("//circle[@class='operating-point']");
  EXPECT_EQ(circles.size(), points.size());
  for (std::size_t i = 0; i < circles.size() && i < points.size(); ++i) {
    const pugi::xml_node n = circles[i].node();
    const double cx = n.attribute("cx").as_double(), cy = n.attribute("cy").as_double();
    EXPECT_NEAR(cx, m.X(points[i].volumetric_flow_m3_per_s), kPx) << points[i].label;
    EXPECT_NEAR(cy, m.Y(points[i].head_J_per_kg / 1e3), kPx) << points[i].label;
    EXPECT_GE(cx, m.left);
    EXPECT_LE(cx, m.left + m.width);
    EXPECT_GE(cy, m.top);
    EXPECT_LE(cy, m.top + m.height);
  }

  // Contour vertices: eta at the vertex's (Q, n(Q, H)) is the contour's level.
  double worst = 0.0;
  const auto contours = doc.select_nodes("//path[@class='eta-contour']");
  EXPECT_GT(contours.size(), 0u);
  for (const auto& p : contours) {
    const double level = p.node().attribute("data-eta").as_double();
    std::string d = p.node().attribute("d").value();
    for (char& ch : d)
      if (ch == 'M' || ch == 'L') ch = ' ';
    std::istringstream in(d);
    double x, y;
    while (in >> x >> y) {
      const double q = m.Q(x), h = m.H(y) * 1e3;
      const double n = SpeedAt(c, q, h);
      EXPECT_TRUE(std::isfinite(n)) << "contour vertex outside the speed range";
      if (std::isfinite(n)) worst = std::max(worst, std::abs(TurboEfficiency(c, q, n) - level));
    }
  }
  return worst;
}

TEST(DiagramSvg, EveryGasLibTurboUnit) {
  CORRIDOR_REQUIRE_SHARED();
  int units = 0;
  double worst_eta = 0.0;
  for (const char* rel : {"GasLib-11/GasLib-11.cs", "GasLib-24/GasLib-24.cs",
                          "GasLib-40/GasLib-40.cs", "GasLib-4197/GasLib-4197.cs"}) {
    const CompressorStationData cs = LoadCs(rel);
    for (const StationMachines& st : cs.stations)
      for (const TurboCompressor& c : st.turbo) {
        worst_eta = std::max(worst_eta, CheckTurbo(c, std::string(rel) + " " + c.id));
        ++units;
      }
  }
  EXPECT_EQ(units, 2 + 6 + 6 + 22);
  // Marching squares interpolates linearly on a 32 x 20 grid over the map.
  EXPECT_LT(worst_eta, 2e-3);
  std::cout << fmt::format("{} turbo units; worst contour-vertex |eta - level| {:.2e}\n",
                           units, worst_eta);
}

TEST(DiagramSvg, MeasuredPointsAndSample) {
  CORRIDOR_REQUIRE_SHARED();
  const CompressorStationData cs = LoadCs("GasLib-4197/GasLib-4197.cs");
  const TurboCompressor* c = nullptr;
  for (const StationMachines& st : cs.stations)
    for (const TurboCompressor& t : st.turbo)
      if (t.id == "compressor_1") c = &t;
  ASSERT_NE(c, nullptr);
  const double q = 4.0, n = 0.5 * (c->speed_min_per_s + c->speed_max_per_s);
  DiagramOptions opt;
  opt.title = "GasLib-4197 compressor_1";
  const std::string svg = TurboDiagramSvg(*c, {{q, TurboHead(*c, q, n), "op"}}, opt);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  std::size_t total = c->surgeline_measurements.size();
  for (const EfficiencyLine& l : c->characteristic_measurements) total += l.points.size();
  // The two placeholder points at (0, 0) (SCHEMA.md §6.1) lie outside the plotted range.
  EXPECT_EQ(Count(doc, "//circle[@class='measured-point']"), total - 2);
  EXPECT_NE(std::string(doc.child("svg").child_value("desc")).find("2 measured point(s)"),
            std::string::npos);
  const std::string dir = std::string(CORRIDOR_BINARY_DIR) + "/diagram_samples";
  std::filesystem::create_directories(dir);
  EXPECT_TRUE(WriteFileAtomically(dir + "/GasLib-4197_compressor_1.svg", svg).ok());
}

TEST(DiagramSvg, SpeedLinesOptionAndNoContours) {
  CORRIDOR_REQUIRE_SHARED();
  const CompressorStationData cs = LoadCs("GasLib-11/GasLib-11.cs");
  DiagramOptions opt;
  opt.speed_lines = 3;
  opt.efficiency_contours = false;
  const std::string svg = TurboDiagramSvg(cs.stations[0].turbo[0], {}, opt);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_EQ(Count(doc, "//polyline[@class='speed-line']"), 3u);
  EXPECT_EQ(Count(doc, "//path[@class='eta-contour']"), 0u);
  EXPECT_EQ(Count(doc, "//circle[@class='operating-point']"), 0u);
}

// A map whose efficiency polynomial runs far outside (0, 1] (one coefficient spoilt: 150 521
// at the edge) drew contours of 0.2 up to it, some 750 000 levels, and never ended. Only
// levels in (0, 1] are drawn.
TEST(DiagramSvg, AnEfficiencyFarOutsideItsRangeDrawsFewContours) {
  CORRIDOR_REQUIRE_SHARED();
  TurboCompressor c = LoadCs("GasLib-11/GasLib-11.cs").stations[0].turbo[0];
  c.eta_isoline[7] = 5.0;
  const std::string svg = TurboDiagramSvg(c, {}, DiagramOptions());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  const std::size_t contours = Count(doc, "//path[@class='eta-contour']");
  EXPECT_LE(contours, 100u);
  for (pugi::xpath_node p : doc.select_nodes("//path[@class='eta-contour']")) {
    const double level = p.node().attribute("data-eta").as_double();
    EXPECT_GT(level, 0.0);
    EXPECT_LE(level, 1.0);
  }
}

TEST(DiagramSvg, SpecialCharactersAreEscaped) {
  EXPECT_EQ(SvgEscape("a<b>&\"c'\x01"), "a&lt;b&gt;&amp;&quot;c&apos;\xEF\xBF\xBD");
  CORRIDOR_REQUIRE_SHARED();
  TurboCompressor c = LoadCs("GasLib-11/GasLib-11.cs").stations[0].turbo[0];
  c.id = "T<1>&\"x\"";
  const std::string label = "op <&> \"1\"";
  const std::string svg = TurboDiagramSvg(c, {{3.0, 30e3, label}}, {});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_EQ(std::string(doc.child("svg").child_value("title")), "Turbo compressor " + c.id);
  EXPECT_NE(std::string(doc.child("svg").child_value("desc")).find(c.id), std::string::npos);
  EXPECT_TRUE(doc.select_node(("//text[text()='" + std::string("op <&> \"1\"") + "']").c_str())
                  ? true
                  : false)
      << "label not found";
  PistonCompressor p;
  p.id = "P<&>";
  p.operating_volume_m3 = 0.5;
  p.speed_min_per_s = 2, p.speed_max_per_s = 5;
  const std::string psvg = PistonDiagramSvg(p, {{0.1, 1e3, "<x>"}}, {});
  pugi::xml_document pdoc;
  ASSERT_TRUE(pdoc.load_string(psvg.c_str()));
  EXPECT_EQ(std::string(pdoc.child("svg").child_value("title")), "Piston compressor P<&>");
}

// A surge line that no speed line meets: the lines are still drawn (from Q = 0, the fallback
// when nothing meets it), the surge line is left out, and the <desc> says why.
TEST(DiagramSvg, LinesThatDoNotIntersect) {
  CORRIDOR_REQUIRE_SHARED();
  TurboCompressor c = LoadCs("GasLib-11/GasLib-11.cs").stations[0].turbo[0];
  c.surgeline = {1000.0, 0.0, 0.0};  // 1000 kJ/kg everywhere, above every speed line
  const std::string svg = TurboDiagramSvg(c, {}, {});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  const Mapping m = ReadMapping(doc);
  EXPECT_EQ(Count(doc, "//polyline[@class='speed-line']"), 6u);
  EXPECT_EQ(Count(doc, "//polyline[@class='surge-line']"), 0u);
  EXPECT_EQ(Count(doc, "//polyline[@class='choke-line']"), 1u);
  const std::string desc = doc.child("svg").child_value("desc");
  EXPECT_NE(desc.find("does not meet the surge line"), std::string::npos) << desc;
  for (const auto& l : doc.select_nodes("//polyline[@class='speed-line']"))
    EXPECT_NEAR(Points(l.node()).front().first, m.X(0.0), kPx);
}

TEST(DiagramSvg, NonFinitePointIsNamedNotDrawn) {
  CORRIDOR_REQUIRE_SHARED();
  const TurboCompressor c = LoadCs("GasLib-11/GasLib-11.cs").stations[0].turbo[0];
  const std::string svg = TurboDiagramSvg(c, {{NAN, 30e3, "bad"}, {3.0, 30e3, "good"}}, {});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_EQ(Count(doc, "//circle[@class='operating-point']"), 1u);
  EXPECT_NE(std::string(doc.child("svg").child_value("desc")).find("'bad'"), std::string::npos);
}

TEST(DiagramSvg, GasLib582PistonUnit) {
  CORRIDOR_REQUIRE_SHARED();
  const CompressorStationData cs = LoadCs("GasLib-582/GasLib-582-v2.cs");
  const PistonCompressor* p = nullptr;
  for (const StationMachines& st : cs.stations)
    for (const PistonCompressor& u : st.piston) p = &u;
  ASSERT_NE(p, nullptr);
  // Swept volume flow V n (1 - r), SCHEMA.md §6.2.
  const double keep = 1.0 - p->additional_reduction_vol_flow;
  const double q_lo = p->operating_volume_m3 * p->speed_min_per_s * keep;
  const double q_hi = p->operating_volume_m3 * p->speed_max_per_s * keep;
  const std::vector<DiagramPoint> points = {{1.2, 25e3, "op"}, {2.5, 40e3, "beyond"}};
  const std::string svg = PistonDiagramSvg(*p, points, {});
  EXPECT_EQ(svg, PistonDiagramSvg(*p, points, {}));
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  const Mapping m = ReadMapping(doc);
  const pugi::xml_node band = doc.select_node("//rect[@class='piston-band']").node();
  ASSERT_TRUE(band);
  EXPECT_NEAR(band.attribute("x").as_double(), m.X(q_lo), kPx);
  EXPECT_NEAR(band.attribute("x").as_double() + band.attribute("width").as_double(), m.X(q_hi),
              2 * kPx);
  const auto circles = doc.select_nodes("//circle[@class='operating-point']");
  ASSERT_EQ(circles.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(circles[i].node().attribute("cx").as_double(),
                m.X(points[i].volumetric_flow_m3_per_s), kPx);
    EXPECT_NEAR(circles[i].node().attribute("cy").as_double(), m.Y(points[i].head_J_per_kg / 1e3),
                kPx);
  }
  const std::string dir = std::string(CORRIDOR_BINARY_DIR) + "/diagram_samples";
  std::filesystem::create_directories(dir);
  EXPECT_TRUE(WriteFileAtomically(dir + "/GasLib-582_piston.svg", svg).ok());
  std::cout << fmt::format("piston band Q {:.5f} .. {:.5f} m^3/s\n", q_lo, q_hi);
}

}  // namespace
}  // namespace corridor
