// Compressor diagrams as SVG text (see include/corridor/plots.h).
//
// Everything here is a pure function of the machine data and the points: the picture is
// built in one string, numbers are written with fixed precision (coordinates 0.01 px) so
// that the bytes do not depend on anything else, and the axis ranges are written onto the
// plot group so that tests and readers can map pixels back to (Q, H).
//
// Map geometry. At a fixed speed n each GasLib speed line H_n(Q) is a quadratic in Q, and so
// are the surge and choke lines; their intersections are the roots of a quadratic
// difference g(Q) = H_n(Q) - L(Q). Of the positive roots we take those where g falls (the
// speed line passes from above the line to below it, which is how a falling speed line
// crosses the rising surge line from the surge side into the map, and leaves the map across
// the choke line), the smallest one for the surge line and the smallest one beyond the
// surge point for the choke line. The roots come from the cancellation-free quadratic
// formula and are polished by Newton steps on the library's own SI evaluation functions.
// For every GasLib unit this gives exactly one surge and one choke point per speed; where a
// line has none, the speed line is clipped to the flow range of the other speed lines and
// the <desc> says so.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "corridor/compressor_data.h"
#include "corridor/plots.h"

namespace corridor {

namespace {

constexpr double kPerMin = 60.0;       // n[1/min] = 60 n[1/s]
constexpr double kKilo = 1.0e3;        // J/kg -> kJ/kg
constexpr int kSpeedLineSamples = 48;  // polyline vertices per speed line
constexpr int kBoundarySamples = 32;   // ... per surge / choke line
constexpr int kContourColumns = 32;    // marching-squares grid over the map: across a
constexpr int kContourRows = 20;       // speed line (surge -> choke), and over the speeds

// Colours (one place, so that legend and drawing agree).
constexpr const char* kSpeedColour = "#1f4e99";
constexpr const char* kSurgeColour = "#c0392b";
constexpr const char* kChokeColour = "#e67e22";
constexpr const char* kEtaColour = "#2e8b57";
constexpr const char* kMeasuredColour = "#7f7f7f";
constexpr const char* kPointColour = "#ffd400";
constexpr const char* kBandColour = "#9ecae1";

// Fixed-precision number; round-off never prints as -0.00, non-finite values as 0
// (callers keep non-finite values out; this only keeps the XML valid if one slips through).
std::string F(double v, int precision = 2) {
  if (!std::isfinite(v)) return "0";
  std::string s = fmt::format("{:.{}f}", v, precision);
  if (s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);
  return s;
}

// Exact (shortest round-trip) number, for the data-* attributes a reader computes with.
std::string Exact(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "0"; }

// --- Axes -------------------------------------------------------------------------------

struct Axis {
  double lo = 0.0, hi = 1.0, step = 0.2;
};

double NiceStep(double raw) {
  const double e = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / e;
  return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * e;
}

// Axis on round tick values that covers [lo, hi] with a small margin; it stays at or above
// zero when the data do.
Axis NiceAxis(double lo, double hi) {
  if (!(hi > lo)) {
    const double pad = std::max(std::abs(lo) * 0.1, 1.0);
    lo -= pad;
    hi += pad;
  }
  const bool nonnegative = lo >= 0.0;
  const double pad = 0.03 * (hi - lo);
  lo -= pad;
  hi += pad;
  if (nonnegative) lo = std::max(lo, 0.0);
  Axis a;
  a.step = NiceStep((hi - lo) / 6.0);
  a.lo = std::floor(lo / a.step) * a.step;
  a.hi = std::ceil(hi / a.step) * a.step;
  return a;
}

// Decimals that tick labels need at this step (0.5 -> 1, 0.05 -> 2, 2 -> 0).
int TickDecimals(double step) {
  return std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
}

// Data bounds collected before the axes are chosen.
struct Bounds {
  double x_lo = HUGE_VAL, x_hi = -HUGE_VAL, y_lo = HUGE_VAL, y_hi = -HUGE_VAL;
  void Add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
    y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
  }
  bool empty() const { return x_lo > x_hi; }
};

// Plot area in pixels and the data ranges it shows (Q m^3/s across, H kJ/kg up).
struct Frame {
  int width = 640, height = 480;  // whole picture
  double left = 0, top = 0, w = 0, h = 0;
  Axis x, y;
  double X(double q) const { return left + (q - x.lo) / (x.hi - x.lo) * w; }
  double Y(double hk) const { return top + h - (hk - y.lo) / (y.hi - y.lo) * h; }
  bool Contains(double q, double hk) const {
    return q >= x.lo && q <= x.hi && hk >= y.lo && hk <= y.hi;
  }
};

Frame MakeFrame(const DiagramOptions& o, const Bounds& b) {
  Frame f;
  f.width = std::clamp(o.width_px, 320, 10000);
  f.height = std::clamp(o.height_px, 240, 10000);
  f.left = 64;
  f.top = 40;
  f.w = f.width - f.left - 160;  // the legend sits right of the plot
  f.h = f.height - f.top - 52;
  f.x = b.empty() ? NiceAxis(0.0, 1.0) : NiceAxis(b.x_lo, b.x_hi);
  f.y = b.empty() ? NiceAxis(0.0, 1.0) : NiceAxis(b.y_lo, b.y_hi);
  return f;
}

// --- SVG pieces -------------------------------------------------------------------------

std::string Open(const Frame& f, const std::string& kind, const std::string& title,
                 const std::string& desc) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"11\" "
      "data-kind=\"{2}\">\n",
      f.width, f.height, kind);
  s += fmt::format("<title>{}</title>\n<desc>{}</desc>\n", SvgEscape(title), SvgEscape(desc));
  s += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n", f.width, f.height);
  s += fmt::format(
      "<text x=\"{}\" y=\"24\" font-size=\"14\" font-weight=\"bold\" "
      "text-anchor=\"middle\">{}</text>\n",
      F(f.left + f.w / 2), SvgEscape(title));
  // Grid, ticks and axis titles.
  s += "<g class=\"axes\" stroke=\"#dddddd\" stroke-width=\"1\">\n";
  const auto ticks = [](const Axis& a) {
    std::vector<double> t;
    for (long k = std::lround(a.lo / a.step); k <= std::lround(a.hi / a.step); ++k)
      t.push_back(static_cast<double>(k) * a.step);
    return t;
  };
  for (double q : ticks(f.x))
    s += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", F(f.X(q)),
                     F(f.top), F(f.top + f.h));
  for (double hk : ticks(f.y))
    s += fmt::format("<line x1=\"{1}\" y1=\"{0}\" x2=\"{2}\" y2=\"{0}\"/>\n", F(f.Y(hk)),
                     F(f.left), F(f.left + f.w));
  s += "</g>\n<g class=\"tick-labels\" fill=\"black\">\n";
  for (double q : ticks(f.x))
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", F(f.X(q)),
                     F(f.top + f.h + 15), F(q, TickDecimals(f.x.step)));
  for (double hk : ticks(f.y))
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", F(f.left - 5),
                     F(f.Y(hk) + 4), F(hk, TickDecimals(f.y.step)));
  s += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">inlet volumetric flow Q [m³/s]</text>\n",
      F(f.left + f.w / 2), F(f.top + f.h + 36));
  s += fmt::format(
      "<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" transform=\"rotate(-90 {0} {1})\">"
      "adiabatic head H [kJ/kg]</text>\n</g>\n",
      F(18.0), F(f.top + f.h / 2));
  s += fmt::format(
      "<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
      "stroke=\"black\"/>\n",
      F(f.left), F(f.top), F(f.w), F(f.h));
  // The plot group states its mapping (see plots.h).
  s += fmt::format(
      "<g class=\"plot\" data-x-min=\"{}\" data-x-max=\"{}\" data-y-min=\"{}\" "
      "data-y-max=\"{}\" data-left=\"{}\" data-top=\"{}\" data-width=\"{}\" "
      "data-height=\"{}\">\n",
      Exact(f.x.lo), Exact(f.x.hi), Exact(f.y.lo), Exact(f.y.hi), Exact(f.left), Exact(f.top),
      Exact(f.w), Exact(f.h));
  return s;
}

std::string Polyline(const Frame& f, const std::vector<std::pair<double, double>>& qh,
                     const std::string& attributes) {
  std::string pts;
  for (const auto& [q, hk] : qh) {
    if (!std::isfinite(q) || !std::isfinite(hk)) continue;
    if (!pts.empty()) pts += ' ';
    pts += F(f.X(q)) + "," + F(f.Y(hk));
  }
  return fmt::format("<polyline {} fill=\"none\" points=\"{}\"/>\n", attributes, pts);
}

// Operating points: marker and label. Points with a non-finite coordinate are skipped
// (the caller has named them in the <desc>).
std::string OperatingPoints(const Frame& f, const std::vector<DiagramPoint>& points) {
  std::string s = "<g class=\"operating-points\">\n";
  for (const DiagramPoint& p : points) {
    const double q = p.volumetric_flow_m3_per_s, hk = p.head_J_per_kg / kKilo;
    if (!std::isfinite(q) || !std::isfinite(hk)) continue;
    s += fmt::format(
        "<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\" "
        "stroke=\"black\" stroke-width=\"1.5\" data-q-m3-per-s=\"{}\" "
        "data-h-kJ-per-kg=\"{}\"/>\n",
        p.reference ? "network-point" : "operating-point", F(f.X(q)), F(f.Y(hk)),
        p.reference ? "none" : kPointColour, Exact(q), Exact(hk));
    // The label goes left of markers near the right edge, to stay off the legend.
    const bool left = f.X(q) > f.left + 0.8 * f.w;
    if (!p.label.empty())
      s += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\"{}>{}</text>\n",
                       F(f.X(q) + (left ? -7 : 7)), F(f.Y(hk) - 7),
                       left ? " text-anchor=\"end\"" : "", SvgEscape(p.label));
  }
  return s + "</g>\n";
}

struct LegendEntry {
  enum Kind { kLine, kDashed, kDot, kMarker, kBand } kind;
  const char* colour;
  std::string text;
};

std::string Legend(const Frame& f, const std::vector<LegendEntry>& entries) {
  const double x = f.left + f.w + 14;
  double y = f.top + 10;
  std::string s = "<g class=\"legend\">\n";
  for (const LegendEntry& e : entries) {
    switch (e.kind) {
      case LegendEntry::kLine:
      case LegendEntry::kDashed:
        s += fmt::format(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
            F(x), F(y), F(x + 22), F(y), e.colour,
            e.kind == LegendEntry::kDashed ? " stroke-dasharray=\"4 3\"" : "");
        break;
      case LegendEntry::kDot:
        s += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>\n", F(x + 11), F(y),
                         e.colour);
        break;
      case LegendEntry::kMarker:
        s += fmt::format(
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\" stroke=\"black\" "
            "stroke-width=\"1.5\"/>\n",
            F(x + 11), F(y), e.colour);
        break;
      case LegendEntry::kBand:
        s += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"10\" fill=\"{}\" "
            "fill-opacity=\"0.5\"/>\n",
            F(x), F(y - 5), e.colour);
        break;
    }
    s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", F(x + 28), F(y + 4),
                     SvgEscape(e.text));
    y += 18;
  }
  return s + "</g>\n";
}

// The markers' legend entries: the operating point, and the open marker of a reference
// point where one is drawn.
void AddPointLegend(const std::vector<DiagramPoint>& points, std::vector<LegendEntry>* legend) {
  const auto reference = [](const DiagramPoint& p) { return p.reference; };
  if (!std::all_of(points.begin(), points.end(), reference))
    legend->push_back({LegendEntry::kMarker, kPointColour, "operating point"});
  if (std::any_of(points.begin(), points.end(), reference))
    legend->push_back({LegendEntry::kMarker, "none", "asked by the network"});
}

std::string Join(const std::vector<std::string>& notes) {
  std::string s;
  for (const std::string& n : notes) s += " " + n;
  return s;
}

// Notes on operating points that cannot be drawn; also adds the drawable ones to `b`.
void AddPoints(const std::vector<DiagramPoint>& points, Bounds* b,
               std::vector<std::string>* notes) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const DiagramPoint& p = points[i];
    if (std::isfinite(p.volumetric_flow_m3_per_s) && std::isfinite(p.head_J_per_kg))
      b->Add(p.volumetric_flow_m3_per_s, p.head_J_per_kg / kKilo);
    else
      notes->push_back(fmt::format("Operating point {} ('{}') has a non-finite coordinate and "
                                   "is not drawn.",
                                   i + 1, p.label));
  }
}

// --- Turbo map geometry -----------------------------------------------------------------

// Positive roots of g0 + g1 Q + g2 Q^2 at which it falls, ascending.
std::vector<double> FallingRoots(double g0, double g1, double g2) {
  std::vector<double> r;
  const double scale = std::abs(g0) + std::abs(g1) + std::abs(g2);
  if (std::abs(g2) <= 1e-14 * scale) {
    if (g1 < 0.0) r.push_back(-g0 / g1);
  } else {
    const double disc = g1 * g1 - 4.0 * g2 * g0;
    if (disc < 0.0) return r;
    const double t = -0.5 * (g1 + std::copysign(std::sqrt(disc), g1));
    r.push_back(t / g2);
    if (t != 0.0) r.push_back(g0 / t);
  }
  std::vector<double> out;
  for (double q : r)
    if (std::isfinite(q) && q > 0.0 && g1 + 2.0 * g2 * q < 0.0) out.push_back(q);
  std::sort(out.begin(), out.end());
  return out;
}

using LineFn = double (*)(const TurboCompressor&, double, double*);

// Newton steps on H_n(Q) - L(Q) with the SI evaluation functions; keeps `q` when a step
// would leave the neighbourhood (the quadratic root is already accurate to round-off).
double Polish(const TurboCompressor& c, LineFn line, double q, double n_per_s) {
  for (int k = 0; k < 2; ++k) {
    double dh = 0.0, dl = 0.0;
    const double g = TurboHeadWithDerivatives(c, q, n_per_s, &dh, nullptr) - line(c, q, &dl);
    const double step = (dh != dl) ? g / (dh - dl) : 0.0;
    if (!std::isfinite(step) || std::abs(step) > 1e-6 * (1.0 + q)) break;
    q -= step;
  }
  return q;
}

// Where one speed line runs, with whether it really meets the surge and choke lines.
struct Span {
  double lo = 0.0, hi = 0.0;
  bool surge = false, choke = false;
};

class TurboMap {
 public:
  explicit TurboMap(const TurboCompressor& c) : c_(c) {
    // The flow range that clipped speed lines fall back to: that of the speed lines that do
    // meet the lines.
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (int k = 0; k <= 8; ++k) {
      const double n = Speed(k, 9);
      if (auto q = Surge(n)) lo = std::min(lo, *q);
      if (auto q = Choke(n, Surge(n).value_or(0.0))) hi = std::max(hi, *q);
    }
    fallback_lo_ = std::isfinite(lo) ? lo : 0.0;
    fallback_hi_ = hi;  // -inf when no speed line meets the choke line
  }

  // k-th of `count` speeds evenly from speed_min to speed_max, 1/s.
  double Speed(int k, int count) const {
    if (count <= 1) return c_.speed_min_per_s;
    return c_.speed_min_per_s +
           (c_.speed_max_per_s - c_.speed_min_per_s) * k / static_cast<double>(count - 1);
  }

  double Head(double q, double n_per_s) const { return TurboHead(c_, q, n_per_s) / kKilo; }

  Span At(double n_per_s) const {
    Span s;
    const auto surge = Surge(n_per_s);
    s.surge = surge.has_value();
    s.lo = surge.value_or(fallback_lo_);
    const auto choke = Choke(n_per_s, s.lo);
    s.choke = choke.has_value();
    if (choke) {
      s.hi = *choke;
    } else if (fallback_hi_ > s.lo) {
      s.hi = fallback_hi_;
    } else {
      // Nothing to go by: up to where the speed line reaches zero head, or a unit range.
      const auto a = Coefficients(n_per_s);
      const auto zero = FallingRoots(a[0], a[1], a[2]);
      const auto it = std::upper_bound(zero.begin(), zero.end(), s.lo);
      s.hi = it != zero.end() ? *it : s.lo + 1.0;
    }
    return s;
  }

 private:
  // Speed-line coefficients in Q at speed n: H[kJ/kg] = a0 + a1 Q + a2 Q^2 (GasLib units).
  std::array<double, 3> Coefficients(double n_per_s) const {
    const double n = n_per_s * kPerMin;
    std::array<double, 3> a{};
    for (int i = 0; i < 3; ++i)
      a[i] = c_.n_isoline[3 * i] + n * (c_.n_isoline[3 * i + 1] + n * c_.n_isoline[3 * i + 2]);
    return a;
  }

  std::optional<double> Crossing(double n_per_s, const std::array<double, 3>& line, LineFn fn,
                                 double above) const {
    const auto a = Coefficients(n_per_s);
    for (double q : FallingRoots(a[0] - line[0], a[1] - line[1], a[2] - line[2]))
      if (q > above) return Polish(c_, fn, q, n_per_s);
    return std::nullopt;
  }
  std::optional<double> Surge(double n) const {
    return Crossing(n, c_.surgeline, SurgeLineHeadWithDerivative, 0.0);
  }
  std::optional<double> Choke(double n, double above) const {
    return Crossing(n, c_.chokeline, ChokeLineHeadWithDerivative, above);
  }

  const TurboCompressor& c_;
  double fallback_lo_ = 0.0, fallback_hi_ = 0.0;
};

// --- Iso-efficiency contours (marching squares) -----------------------------------------

// The grid lives in (t, n): t in [0, 1] runs across a speed line from its surge end to its
// choke end, so the grid covers exactly the map and every contour stays inside it.
std::string EfficiencyContours(const TurboCompressor& c, const TurboMap& map, const Frame& f,
                               int* drawn) {
  const int nc = kContourColumns, nr = kContourRows;
  std::vector<double> speed(nr + 1), eta((nc + 1) * (nr + 1));
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (int j = 0; j <= nr; ++j) {
    speed[j] = map.Speed(j, nr + 1);
    const Span s = map.At(speed[j]);
    for (int i = 0; i <= nc; ++i) {
      const double q = s.lo + (s.hi - s.lo) * i / nc;
      const double e = TurboEfficiency(c, q, speed[j]);
      eta[j * (nc + 1) + i] = e;
      if (std::isfinite(e)) lo = std::min(lo, e), hi = std::max(hi, e);
    }
  }
  *drawn = 0;
  // Contours of efficiencies a machine can have only: a map polynomial spoilt to 150 000
  // at its edge asked for 750 000 levels of 0.2, and the run never ended.
  lo = std::max(lo, 0.0);
  hi = std::min(hi, 1.0);
  if (!(hi > lo)) return "";
  double step = 0.01;
  for (double s : {0.01, 0.02, 0.05, 0.1, 0.2}) {
    step = s;
    if ((hi - lo) / s <= 8.0) break;
  }
  // A point on the grid (fractional t index, fractional speed) -> (Q, H).
  const auto at = [&](double ti, double nj) {
    const double n = speed[0] + (speed[nr] - speed[0]) * nj / nr;
    const Span s = map.At(n);
    const double q = s.lo + (s.hi - s.lo) * ti / nc;
    return std::pair<double, double>(q, map.Head(q, n));
  };
  const double mid_row = nr / 2.0;
  std::vector<std::pair<double, double>> placed;
  std::string out = "<g class=\"eta-contours\">\n";
  for (long k = std::lround(std::ceil(lo / step)); k * step < hi; ++k) {
    const double level = k * step;
    if (level <= lo) continue;
    std::string path;
    std::vector<std::array<double, 3>> candidates;  // label places: x, y, rows off centre
    for (int j = 0; j < nr; ++j) {
      for (int i = 0; i < nc; ++i) {
        // Corners counter-clockwise from (i, j); each edge's crossing by linear interpolation.
        const double v[4] = {eta[j * (nc + 1) + i], eta[j * (nc + 1) + i + 1],
                             eta[(j + 1) * (nc + 1) + i + 1], eta[(j + 1) * (nc + 1) + i]};
        const double ci[4] = {0, 1, 1, 0}, cj[4] = {0, 0, 1, 1};
        if (!std::all_of(v, v + 4, [](double x) { return std::isfinite(x); })) continue;
        std::vector<std::pair<double, double>> cross;  // per edge, in edge order
        std::vector<int> edge_of;
        for (int e = 0; e < 4; ++e) {
          const int a = e, b = (e + 1) % 4;
          if ((v[a] < level) == (v[b] < level)) continue;
          const double t = (level - v[a]) / (v[b] - v[a]);
          cross.emplace_back(i + ci[a] + t * (ci[b] - ci[a]), j + cj[a] + t * (cj[b] - cj[a]));
          edge_of.push_back(e);
        }
        std::vector<std::pair<int, int>> segments;
        if (cross.size() == 2) {
          segments.emplace_back(0, 1);
        } else if (cross.size() == 4) {
          // Saddle: the cell-centre value decides which corners are connected.
          const bool centre_above = (v[0] + v[1] + v[2] + v[3]) / 4.0 >= level;
          const bool corner0_above = v[0] >= level;
          if (centre_above == corner0_above) segments = {{0, 1}, {2, 3}};
          else segments = {{0, 3}, {1, 2}};
        }
        for (const auto& [a, b] : segments) {
          const auto p = at(cross[a].first, cross[a].second);
          const auto r = at(cross[b].first, cross[b].second);
          const double x0 = f.X(p.first), y0 = f.Y(p.second), x1 = f.X(r.first),
                       y1 = f.Y(r.second);
          path += fmt::format("M{} {}L{} {}", F(x0), F(y0), F(x1), F(y1));
          candidates.push_back({(x0 + x1) / 2, (y0 + y1) / 2,
                                std::abs((cross[a].second + cross[b].second) / 2 - mid_row)});
        }
      }
    }
    if (path.empty()) continue;
    ++*drawn;
    // Label near the middle speed, but away from the labels already placed (contours
    // crowd near the surge line).
    double best = -HUGE_VAL, label_x = 0, label_y = 0;
    for (const auto& [x, y, rows] : candidates) {
      double clear = 40.0;
      for (const auto& [px, py] : placed) clear = std::min(clear, std::hypot(x - px, y - py));
      const double score = clear - 2.0 * rows;
      if (score > best) best = score, label_x = x, label_y = y;
    }
    placed.emplace_back(label_x, label_y);
    out += fmt::format(
        "<path class=\"eta-contour\" data-eta=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"1\" stroke-dasharray=\"4 3\"/>\n",
        F(level), path, kEtaColour);
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" fill=\"{}\" font-size=\"9\" text-anchor=\"middle\" "
        "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>\n",
        F(label_x), F(label_y + 3), kEtaColour, F(level));
  }
  return out + "</g>\n";
}

}  // namespace

std::string SvgEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (u < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') out += "\xEF\xBF\xBD";
        else out += ch;
    }
  }
  return out;
}

std::string TurboDiagramSvg(const TurboCompressor& c, const std::vector<DiagramPoint>& points,
                            const DiagramOptions& options) {
  const TurboMap map(c);
  const int lines = c.speed_max_per_s > c.speed_min_per_s
                        ? std::clamp(options.speed_lines, 2, 50)
                        : 1;  // a unit with one speed has one speed line
  std::vector<std::string> notes;

  // Speed lines as (Q, H) samples; the surge and choke ends give the boundary ranges.
  std::vector<std::vector<std::pair<double, double>>> curves(lines);
  std::vector<double> speeds(lines);
  double surge_lo = HUGE_VAL, surge_hi = -HUGE_VAL, choke_lo = HUGE_VAL, choke_hi = -HUGE_VAL;
  Bounds b;
  for (int k = 0; k < lines; ++k) {
    const double n = speeds[k] = map.Speed(k, lines);
    const Span s = map.At(n);
    if (s.surge) surge_lo = std::min(surge_lo, s.lo), surge_hi = std::max(surge_hi, s.lo);
    else
      notes.push_back(fmt::format("The speed line {} 1/min does not meet the surge line at "
                                  "Q > 0; drawn from Q = {} m³/s.",
                                  F(n * kPerMin, 0), F(s.lo, 3)));
    if (s.choke) choke_lo = std::min(choke_lo, s.hi), choke_hi = std::max(choke_hi, s.hi);
    else
      notes.push_back(fmt::format("The speed line {} 1/min does not meet the choke line "
                                  "beyond its surge end; drawn up to Q = {} m³/s.",
                                  F(n * kPerMin, 0), F(s.hi, 3)));
    for (int i = 0; i <= kSpeedLineSamples; ++i) {
      const double q = s.lo + (s.hi - s.lo) * i / kSpeedLineSamples;
      curves[k].emplace_back(q, map.Head(q, n));
      b.Add(q, curves[k].back().second);
    }
  }
  const auto boundary = [&](double lo, double hi, LineFn fn) {
    std::vector<std::pair<double, double>> qh;
    if (!(hi >= lo)) return qh;
    for (int i = 0; i <= kBoundarySamples; ++i) {
      const double q = lo + (hi - lo) * i / kBoundarySamples;
      qh.emplace_back(q, fn(c, q, nullptr) / kKilo);
      b.Add(q, qh.back().second);
    }
    return qh;
  };
  const auto surge = boundary(surge_lo, surge_hi, SurgeLineHeadWithDerivative);
  const auto choke = boundary(choke_lo, choke_hi, ChokeLineHeadWithDerivative);
  if (surge.empty()) notes.push_back("No speed line meets the surge line; it is not drawn.");
  if (choke.empty()) notes.push_back("No speed line meets the choke line; it is not drawn.");
  AddPoints(points, &b, &notes);
  const Frame f = MakeFrame(options, b);

  // Measured points of the file, where they fall inside the plotted range.
  std::vector<std::pair<const MapPoint*, bool>> measured;  // (point, on the surge line)
  for (const MapPoint& p : c.surgeline_measurements) measured.emplace_back(&p, true);
  for (const EfficiencyLine& l : c.characteristic_measurements)
    for (const MapPoint& p : l.points) measured.emplace_back(&p, false);
  std::string measured_svg;
  int outside = 0;
  for (const auto& [p, on_surge] : measured) {
    const double q = p->volumetric_flow_m3_per_s, hk = p->head_J_per_kg / kKilo;
    if (!f.Contains(q, hk)) {
      ++outside;
      continue;
    }
    measured_svg += fmt::format(
        "<circle class=\"measured-point\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>\n",
        F(f.X(q)), F(f.Y(hk)), on_surge ? kSurgeColour : kMeasuredColour);
  }
  if (outside > 0)
    notes.push_back(fmt::format("{} measured point(s) outside the plotted range are not drawn.",
                                outside));

  const std::string title =
      options.title.empty() ? "Turbo compressor " + c.id : options.title;
  std::string desc = fmt::format(
      "Characteristic diagram of turbo compressor {}{}: adiabatic head H [kJ/kg] over inlet "
      "volumetric flow Q [m³/s]; {} speed line(s) n = {} to {} 1/min",
      c.id, c.drive.empty() ? "" : " (drive " + c.drive + ")", lines,
      F(c.speed_min_per_s * kPerMin, 0), F(c.speed_max_per_s * kPerMin, 0));
  if (!surge.empty())
    desc += fmt::format("; surge line at Q = {} to {} m³/s", F(surge_lo, 3), F(surge_hi, 3));
  if (!choke.empty())
    desc += fmt::format("; choke line at Q = {} to {} m³/s", F(choke_lo, 3), F(choke_hi, 3));
  desc += fmt::format("; {} operating point(s).", points.size()) + Join(notes);

  std::string s = Open(f, "turbo", title, desc);
  int contours = 0;
  if (options.efficiency_contours) s += EfficiencyContours(c, map, f, &contours);
  s += "<g class=\"speed-lines\">\n";
  for (int k = 0; k < lines; ++k)
    s += Polyline(f, curves[k],
                  fmt::format("class=\"speed-line\" data-speed-per-min=\"{}\" stroke=\"{}\" "
                              "stroke-width=\"1.5\"",
                              F(speeds[k] * kPerMin, 0), kSpeedColour));
  // Speeds written at the choke ends, from the top line down, skipping those that would
  // overlap the previous one (the lines of 3-term maps converge there).
  double last_x = HUGE_VAL, last_y = HUGE_VAL;
  for (int k = lines - 1; k >= 0; --k) {
    const double x = f.X(curves[k].back().first) + 4, y = f.Y(curves[k].back().second) + 3;
    if (std::abs(y - last_y) < 11 && std::abs(x - last_x) < 30) continue;
    s += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\" font-size=\"9\">{}</text>\n", F(x),
                     F(y), kSpeedColour, F(speeds[k] * kPerMin, 0));
    last_x = x, last_y = y;
  }
  s += "</g>\n";
  if (!surge.empty())
    s += Polyline(f, surge, fmt::format("class=\"surge-line\" stroke=\"{}\" stroke-width=\"2.5\"",
                                        kSurgeColour));
  if (!choke.empty())
    s += Polyline(f, choke, fmt::format("class=\"choke-line\" stroke=\"{}\" stroke-width=\"2.5\"",
                                        kChokeColour));
  if (!measured_svg.empty()) s += "<g class=\"measured-points\">\n" + measured_svg + "</g>\n";
  s += OperatingPoints(f, points);
  s += "</g>\n";

  std::vector<LegendEntry> legend = {{LegendEntry::kLine, kSpeedColour, "speed lines [1/min]"}};
  if (!surge.empty()) legend.push_back({LegendEntry::kLine, kSurgeColour, "surge line"});
  if (!choke.empty()) legend.push_back({LegendEntry::kLine, kChokeColour, "choke line"});
  if (contours > 0) legend.push_back({LegendEntry::kDashed, kEtaColour, "η_ad = const"});
  if (!measured_svg.empty())
    legend.push_back({LegendEntry::kDot, kMeasuredColour, "measured points"});
  AddPointLegend(points, &legend);
  s += Legend(f, legend);
  return s + "</svg>\n";
}

std::string PistonDiagramSvg(const PistonCompressor& c, const std::vector<DiagramPoint>& points,
                             const DiagramOptions& options) {
  // Admissible inlet flow: swept volume per revolution times speed, less the reduction.
  const double keep = 1.0 - c.additional_reduction_vol_flow;
  const double q_lo = c.operating_volume_m3 * c.speed_min_per_s * keep;
  const double q_hi = c.operating_volume_m3 * c.speed_max_per_s * keep;
  const bool band = std::isfinite(q_lo) && std::isfinite(q_hi) && q_hi > 0.0 && q_hi >= q_lo;
  std::vector<std::string> notes;
  if (!band)
    notes.push_back("The swept volume and speed range give no positive flow range; no band is "
                    "drawn.");

  Bounds b;
  if (band) b.Add(q_lo, 0.0), b.Add(q_hi, 0.0);
  AddPoints(points, &b, &notes);
  if (b.y_hi <= 0.0) b.Add(b.empty() ? 0.0 : b.x_lo, 50.0);  // no head to go by: 0..50 kJ/kg
  if (band) {  // some room either side of the band
    const double pad = 0.15 * (q_hi - q_lo) + 0.05 * q_hi;
    b.Add(std::max(0.0, q_lo - pad), 0.0), b.Add(q_hi + pad, 0.0);
  }
  const Frame f = MakeFrame(options, b);

  const std::string title =
      options.title.empty() ? "Piston compressor " + c.id : options.title;
  std::string desc = fmt::format(
      "Piston compressor {}{}: no characteristic diagram; admissible inlet volumetric flow "
      "V·n·(1 − r) with V = {} m³, n = {} to {} 1/min, r = {}",
      c.id, c.drive.empty() ? "" : " (drive " + c.drive + ")", F(c.operating_volume_m3, 4),
      F(c.speed_min_per_s * kPerMin, 0), F(c.speed_max_per_s * kPerMin, 0),
      F(c.additional_reduction_vol_flow, 3));
  if (band) desc += fmt::format(": Q = {} to {} m³/s", F(q_lo, 3), F(q_hi, 3));
  desc += fmt::format("; pressure ratio at most {} (its head limit depends on the gas); {} "
                      "operating point(s).",
                      F(c.maximal_compression_ratio, 2), points.size()) +
          Join(notes);

  std::string s = Open(f, "piston", title, desc);
  if (band) {
    const double x0 = f.X(q_lo), x1 = f.X(q_hi);
    s += fmt::format(
        "<rect class=\"piston-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "fill-opacity=\"0.5\" data-q-min=\"{}\" data-q-max=\"{}\"/>\n",
        F(x0), F(f.top), F(x1 - x0), F(f.h), kBandColour, Exact(q_lo), Exact(q_hi));
    for (const auto& [q, n] :
         {std::pair(q_lo, c.speed_min_per_s), std::pair(q_hi, c.speed_max_per_s)})
      s += fmt::format(
          "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" "
          "stroke-width=\"1.5\"/>\n"
          "<text x=\"{0}\" y=\"{4}\" fill=\"{3}\" font-size=\"9\" text-anchor=\"middle\">"
          "{5} 1/min</text>\n",
          F(f.X(q)), F(f.top), F(f.top + f.h), kSpeedColour, F(f.top - 4), F(n * kPerMin, 0));
    s += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">p_out/p_in ≤ {}</text>\n",
        F((x0 + x1) / 2), F(f.top + 16), F(c.maximal_compression_ratio, 2));
  }
  s += OperatingPoints(f, points);
  s += "</g>\n";
  std::vector<LegendEntry> legend;
  if (band) legend.push_back({LegendEntry::kBand, kBandColour, "admissible flow"});
  AddPointLegend(points, &legend);
  s += Legend(f, legend);
  return s + "</svg>\n";
}

}  // namespace corridor
