// Pictures of compressor units as standalone SVG: the characteristic diagram (adiabatic head
// over inlet volumetric flow) of a turbo compressor with its operating points, and the
// admissible flow range of a piston compressor.
//
// Usage:
//   DiagramOptions opt;                                  // defaults per field
//   opt.title = "compressorStation_1 / compressor_3";
//   std::vector<DiagramPoint> op = {{2.1, 35.0e3, "case 1"}};   // SI in, display units out
//   std::string svg = TurboDiagramSvg(unit, op, opt);
//   WriteFileAtomically("plots/compressorStation_1.svg", svg);
//
// Inputs are SI like everywhere in corridor; the pictures use GasLib's display units
// (Q in m^3/s at compressor inlet conditions, H in kJ/kg, n in 1/min). The output is a pure
// function of the arguments: the same call gives the same bytes (numbers have fixed
// precision), it has a viewBox, no scripts and no external resources; being pure, the
// functions are thread-safe.
//
// The plot area and its axis ranges are stated on the <g class="plot"> element as
// data-x-min/data-x-max [m^3/s], data-y-min/data-y-max [kJ/kg] and data-left/data-top/
// data-width/data-height [px], so that a reader can map a pixel back to (Q, H):
//   x_px = left + (Q - x_min) / (x_max - x_min) * width
//   y_px = top + height - (H - y_min) / (y_max - y_min) * height
// Drawn elements carry classes: speed-line (data-speed-per-min), surge-line, choke-line,
// eta-contour (data-eta), measured-point, operating-point and network-point (both with
// data-q-m3-per-s, data-h-kJ-per-kg), piston-band. Notes (e.g. a speed line that misses
// the surge line and was clipped) are listed in the <desc>.
#pragma once

#include <string>
#include <vector>

#include "corridor/compressor_data.h"

namespace corridor {

/// A point to mark on a diagram, in SI.
struct DiagramPoint {
  double volumetric_flow_m3_per_s = 0.0;  ///< at compressor inlet conditions
  double head_J_per_kg = 0.0;             ///< adiabatic head
  std::string label;                      ///< drawn beside the marker (may be empty)
  /// An open marker (class network-point) instead of a filled one: a point of reference
  /// beside the operating point, such as what the network asks of a unit that recycles or
  /// throttles.
  bool reference = false;
};

/// How a diagram is drawn.
struct DiagramOptions {
  /// Picture size, clamped to 320 x 240 to 10 000 x 10 000.
  int width_px = 640, height_px = 480;
  int speed_lines = 6;        ///< speed lines from speed_min to speed_max (clamped to 2 to 50)
  bool efficiency_contours = true;  ///< iso-efficiency lines of eta(Q, n) inside the map
  std::string title;          ///< empty: "<kind> compressor <id>"
};

/// SVG of a turbo compressor's map: speed lines from speed_min to speed_max, each between
/// its intersections with the surge and choke lines (found numerically on the polynomials;
/// a line that misses one of them is clipped to the flow range of the other lines and the
/// <desc> says so); the surge and choke lines; iso-efficiency contours (marching squares on
/// eta(Q, n) over the map, when `options.efficiency_contours`); the measured points of the
/// file, if any, that fall inside the plotted range; the operating points (circle + label,
/// also when outside the map: the axes are extended to include every finite point; points
/// with a non-finite coordinate are left out and named in the <desc>); axis ticks with units
/// and a legend.
std::string TurboDiagramSvg(const TurboCompressor& c, const std::vector<DiagramPoint>& points,
                            const DiagramOptions& options);

/// SVG of a piston compressor, which has no map: the admissible inlet volumetric flow band
/// V * n * (1 - additional_reduction_vol_flow) for n in [speed_min, speed_max] (SCHEMA.md
/// §6.2), with the operating points. Its head limit follows from the pressure-ratio limit
/// and needs gas data, so the band spans the whole head axis and the ratio limit is
/// written as text.
std::string PistonDiagramSvg(const PistonCompressor& c, const std::vector<DiagramPoint>& points,
                             const DiagramOptions& options);

/// `s` escaped for SVG/XML text and attribute values: & < > " ' become entities, control
/// characters that XML 1.0 forbids become U+FFFD.
std::string SvgEscape(const std::string& s);

}  // namespace corridor
