// Controls files: the operating mode of each active element (valve, control valve,
// compressor station) for a steady-state run (`corridor simulate ... --controls FILE`).
//
// A controls file is CSV (header `id,mode,value`) or JSON ({"format": "corridor-controls",
// "version": 1, "controls": [...]}); the reader tells them apart by the first non-blank
// character. Values in the file are in bar (absolute), bar, 1000 Nm^3/h (0 degC,
// 1.01325 bar) or dimensionless; the settings read are SI. docs/controls.md gives the
// format, every rule and an example. The readers share no state between calls
// (thread-safe).
//
// Usage:
//   std::vector<ElementSetting> settings;
//   Diagnostics diag;
//   Status s = ReadControls("controls.csv", gas_case.network, &settings, &diag);
//   if (!s.ok()) std::cerr << diag.ToString();
//   else options.settings = settings;
#pragma once

#include <string>
#include <vector>

#include "corridor/network.h"
#include "corridor/status.h"
#include "corridor/steady.h"

namespace corridor {

/// A controls file: element settings and node pressures. A node row `NODE,pressure,BAR`
/// makes that node a pressure reference (slack) at BAR absolute.
struct ControlsFile {
  std::vector<ElementSetting> settings;
  std::vector<SlackNode> slacks;
};

/// Reads a controls file with node pressures allowed (the form `corridor simulate
/// --controls` uses); rules as below, plus: a node takes only mode `pressure` with a value
/// >= 0.001 and <= 1000 bar (a set-point pressure has the same range).
Status ReadControls(const std::string& path, const Network& network, ControlsFile* out,
                    Diagnostics* diag);
Status ReadControlsFromString(const std::string& text, const std::string& path,
                              const Network& network, ControlsFile* out, Diagnostics* diag);

/// Reads a controls file (CSV or JSON, detected from content) and checks it against the
/// network: every id must be a valve, control valve or compressor station of `network`,
/// the mode one that element has, the value present (finite, in range) exactly when the
/// mode takes one, and each id named once; a node row is refused (rule no-node-controls,
/// at its line: node pressures need the ControlsFile form). Every problem is reported in `diag` with
/// file:line, element and rule; any error gives a non-OK Status and leaves `out`
/// untouched. On success `out` holds one ElementSetting per line (CSV) or entry (JSON),
/// in file order, values in SI. A file that cannot be read gives its Status (and a
/// "file-not-found" / "io-error" diagnostic).
Status ReadControls(const std::string& path, const Network& network,
                    std::vector<ElementSetting>* out, Diagnostics* diag);

/// As ReadControls, for text already in memory; `path` names it in messages.
Status ReadControlsFromString(const std::string& text, const std::string& path,
                              const Network& network, std::vector<ElementSetting>* out,
                              Diagnostics* diag);

/// Checks a controls file without a network, for a run whose case could not be loaded, so
/// that one run lists the file's problems beside the case's: every rule that needs no
/// network (the format, an id given and set once, a known mode, a value present exactly
/// when the mode takes one and within its range; a row in mode `pressure` is taken for a
/// node's). Whether an id names an element of the network, and whether its kind takes the
/// mode, wait for a network (ReadControls; a `not-checked` note says so). Reports in `diag`
/// as ReadControls does; an error gives a non-OK Status (kParseError for a file that is not
/// CSV or JSON, else kInvalidInput).
Status CheckControlsWithoutNetwork(const std::string& path, Diagnostics* diag);

/// The range rule of a mode's value as a controls file gives it (bar absolute, p_out/p_in,
/// 1000 Nm^3/h, bar): "" when `value` lies in it, else what it must be, e.g. "ratio must be
/// >= 1 and <= 10 (a compressor cannot reduce pressure), got 0.5" (rule out-of-range).
/// `simulate --set` applies the same rules.
std::string SettingValueProblem(ElementMode mode, double value);

/// A value in SI as a controls file gives it, in the unit of which `to_si` is the factor
/// (units::kBar, units::kThousandM3PerHour): the number of fewest significant digits that
/// reads back to `si` exactly (500, not 499.99999999999994, for 500 1000 Nm^3/h), else the
/// nearest quotient. What ControlsToCsv writes, as a number.
double InFileUnits(double si, double to_si);

/// A setting as a controls file gives it, for messages: its mode, and its value in the
/// file's unit ("outlet_pressure 62 bar", "ratio 1.2", "closed").
std::string SettingText(const ElementSetting& s);

/// CSV text of settings (inverse of the reader; bar and 1000 Nm^3/h), for reports: the
/// header, then one line per setting in the given order, ids quoted where needed, no
/// value for open / closed / bypass. Each value gets the fewest significant digits that
/// read back to the same double; where the unit conversion allows no exact inverse (a
/// few flows and pressures), the nearest. Reading the text back thus gives the settings
/// again, equal or within a unit or two in the last place, where each is one the reader
/// takes (SettingValueProblem empty, and a mode the element's kind takes): a value outside
/// its range, NaN or infinite is written as it is ("nan", "inf"), and the reader refuses it.
std::string ControlsToCsv(const std::vector<ElementSetting>& settings);

/// As ControlsToCsv, for a whole controls file: `comments` first, each line written after
/// "# " (a line break inside one starts another comment line), then the header, the
/// element settings and one `NODE,pressure,BAR` row per pressure reference (bar absolute,
/// fewest digits that read back). ReadControls reads it back to `file`.
std::string ControlsFileToCsv(const ControlsFile& file,
                              const std::vector<std::string>& comments = {});

}  // namespace corridor
