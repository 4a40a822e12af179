// The result files of a steady-state solve (docs/outputs.md), as `corridor simulate --out`
// writes them: the columns of nodes.csv and arcs.csv, the results GeoJSON and summary.json.
// Internal: the library's WriteSteadyOutputs (corridor/steady.h) and the CLI render them
// here; the CLI adds what only its options know (the .cdf decisions, the gas given).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corridor/decisions.h"
#include "corridor/io.h"
#include "corridor/steady.h"

namespace corridor::steady_outputs {

/// One column of nodes.csv or arcs.csv, one value per node or arc: numbers written with
/// `digits` significant digits (NaN and infinities empty), or texts (quoted where needed).
/// The same columns are the results GeoJSON's properties (full precision there).
struct Column : GeoJsonProperty {
  int digits = 9;
};

/// nodes.csv's columns after the id (bounds, violation, injection).
std::vector<Column> NodeResults(const GasCase& c, const SteadySolution& sol,
                                const std::vector<BoundViolation>& violations, double rho_n);
std::string NodesCsv(const GasCase& c, const std::vector<Column>& results);
/// arcs.csv's columns after id, type, from and to. `decisions` (may be null) and
/// `overridden` (arc ids whose decision a setting overrode) fill its decision column.
std::vector<Column> ArcResults(const GasCase& c, const SteadySolution& sol, double rho_n,
                               FrictionLaw friction, const std::vector<ElementSetting>& settings,
                               const AppliedDecisions* decisions,
                               const std::vector<std::string>& overridden,
                               const std::vector<UnheldLimit>& unheld_limits);
std::string ArcsCsv(const GasCase& c, const std::vector<Column>& results);
/// network.geojson with the result columns as properties; *note says where nodes have no
/// geographic position.
std::string ResultsGeoJson(const GasCase& c, const std::vector<Column>& nodes,
                           const std::vector<Column>& arcs, std::string* note);
/// summary.json. `given_keys`: the gas properties given (--gas keys, "T"); `decisions`: the
/// .cdf decisions' record (null without).
std::string SummaryJson(const SteadySummary& sum, const SteadySolution& sol,
                        const SteadyOptions& opt, const std::vector<std::string>& given_keys,
                        bool timings, const nlohmann::ordered_json& decisions);

}  // namespace corridor::steady_outputs
