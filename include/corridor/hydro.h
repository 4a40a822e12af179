// Reservoir cascade and hydropower simulation (the Araz dams: Aras dam -> Khudafarin ->
// Giz Galasi), in daily steps over one or more years.
//
// Usage:
//   HydroCase c; Diagnostics diag;
//   Status s = ReadHydroCase("data/araz/case.json", &c, &diag);   // every problem in diag
//   HydroOptions opt;                                            // defaults per field
//   opt.year_types = {"average", "dry"};                          // empty: all the case's
//   HydroSummary sum;
//   if (s.ok()) s = SimulateHydro(c, opt, &sum);
//   if (s.ok()) { std::cout << sum.BriefReport(); WriteHydroOutputs(sum, "out"); }
//
// Model (docs/hydro.md gives the equations and the operating rules). Each day, from the
// top reservoir down, with the states at the start of the day:
//   S_end = S + (I - E - W - Q_turbine - Q_bypass - Q_spill) * 86400 s
// I = local inflow + everything the reservoir above released the same day (no routing
// lag); E = net evaporation depth rate * area(level); W = irrigation withdrawals per
// country; Q_turbine through the units (flow limit per unit and power limit at the day's
// head); Q_bypass = the part of a required release the units cannot take; Q_spill only
// what exceeds the full storage. Power per unit P = eta * rho * g * H_net * Q, with
// H_net = (1 - head_loss_fraction) * (level - tailwater); the tailwater is the river
// rating level z_bed + a * Q^b for the previous day's release, or the level of the
// reservoir below where that is higher (the reservoirs touch).
//
// Units: SI inside (m, m^3, m^3/s, W, J, Pa); the case file and the reports use the units
// people use for reservoirs (m a.s.l., mcm = 1e6 m^3, km^2, MW, GWh), each named in its key
// or column.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "corridor/status.h"

namespace corridor {

/// One turbine-generator unit. It belongs to one country (the side of the dam it is on).
struct HydroUnit {
  std::string id;
  std::string country;        ///< "AZ", "IR", ...
  double max_power_W = 0.0;   ///< generator rating
  double max_flow_m3s = 0.0;  ///< turbine design discharge
  double efficiency = 0.88;   ///< turbine x generator, constant
  double min_head_m = 0.0;    ///< below this net head the unit cannot run
  /// "operating", "built" (finished, not yet commissioned) or "planned".
  std::string status = "operating";
};

/// Water taken out of a reservoir (it leaves the river), e.g. an irrigation canal.
struct HydroWithdrawal {
  std::string id;
  std::string country;
  int priority = 2;                   ///< 1 = served first; equal priorities share pro rata
  double annual_volume_m3 = 0.0;      ///< demand in an average year
  std::vector<double> monthly_share;  ///< 12 shares of the annual volume, sum 1
};

/// A reservoir with its dam, its power plant and its rules.
struct HydroReservoir {
  std::string id;
  std::string name;
  std::string downstream;  ///< id of the next reservoir down the river; empty at the bottom
  /// Level-volume-area table: levels strictly increasing, volumes strictly increasing,
  /// areas non-negative and non-decreasing. Interpolated linearly.
  std::vector<double> curve_level_m;
  std::vector<double> curve_volume_m3;
  std::vector<double> curve_area_m2;
  double full_volume_m3 = 0.0;               ///< storage at the normal water level; above it, spill
  double dead_volume_m3 = 0.0;               ///< below it nothing can be released or withdrawn
  double initial_volume_m3 = 0.0;            ///< storage at the start of the simulation
  double spillway_capacity_m3s = 0.0;        ///< 0 = not limited; exceeding it is reported
  std::vector<double> target_level_m;        ///< 12 values: target at the end of each month
  /// 12 values (evaporation minus rain on the lake), as a depth of water per time (m/s;
  /// the case file's net_evaporation_mm_d in mm/d).
  std::vector<double> net_evaporation_m_per_s;
  std::vector<double> environmental_flow_m3s;  ///< 12 values: minimum release downstream
  int release_priority = 1;  ///< priority of the required release (environmental flow and
                             ///< what the reservoirs below need) against local withdrawals
  double local_inflow_mean_m3s = 0.0;  ///< mean local inflow of an average year
  double tailwater_bed_m = 0.0;        ///< river rating below the dam: z = bed + a Q^b
  /// a of the rating: m/(m^3/s)^b, so that a Q^b with Q the previous day's release in m^3/s
  /// is the stage above tailwater_bed_m in m (0: a fixed tailwater at the bed).
  double tailwater_a = 0.0;
  double tailwater_b = 0.6;  ///< b of the rating: the exponent of Q (dimensionless)
  double head_loss_fraction = 0.0;  ///< hydraulic losses as a fraction of gross head
  std::vector<HydroUnit> units;
  std::vector<HydroWithdrawal> withdrawals;
  /// A published annual generation to compare with (0 = none), where it is from, and the
  /// case's note on how it compares (the report prints it beside the figures).
  double published_energy_J = 0.0;
  std::string published_energy_source;
  std::string published_energy_note;
};

/// A published annual generation of one country's units at one or more plants (a
/// ministry's figure for its side of shared dams), to compare with the model's sum of those
/// units.
struct HydroPublishedShare {
  std::string country;              ///< the units' country ("AZ")
  std::vector<std::string> plants;  ///< reservoir ids, each with a unit of that country
  double energy_J = 0.0;            ///< per year
  std::string source;               ///< where the figure is from
  std::string note;                 ///< the case's note on how it compares
};

/// A year type: the inflow pattern scaled by `factor` (average = 1).
struct HydroYearType {
  std::string name;
  double factor = 1.0;
};

/// The whole case, as read from a case file (docs/hydro.md describes the file).
struct HydroCase {
  std::string name;
  std::string file;  ///< where it was read from, for messages
  double water_density_kg_m3 = 1000.0;
  double gravity_m_s2 = 9.81;
  std::vector<HydroReservoir> reservoirs;     ///< ordered from upstream to downstream
  std::vector<double> monthly_inflow_factor;  ///< 12 factors, mean over the year 1
  std::vector<HydroYearType> year_types;      ///< e.g. dry, average, wet
  std::vector<HydroPublishedShare> published_shares;  ///< optional figures to compare with
};

/// Local inflows given by a user file instead of the case pattern.
struct HydroInflow {
  enum class Kind { kMonthly, kDaily };
  Kind kind = Kind::kMonthly;
  std::string file;
  std::vector<std::string> reservoir_ids;  ///< columns, in file order
  /// values[c][t]: m^3/s for reservoir column c; t = month 0..11 or day 0..N-1.
  std::vector<std::vector<double>> values;
  /// Months or days the series span (ReadHydroInflow: the file's rows), which says how
  /// long a daily file runs when it has no reservoir column; 0: the columns' own length.
  /// Where both are given they must agree. A daily series spans whole 365-day years, at
  /// most 200 (HydroOptions::years' range).
  std::size_t steps = 0;
};

/// Reads a case file (JSON; docs/hydro.md lists the keys). Every number is
/// {"value": ..., "source": "S<id>..." | "estimate: ...", "note": ...}; units are named in
/// the keys (mcm, km2, MW, m3/s) and converted to SI here. Reports every problem (capped)
/// in *diag with the file, the line, the element, the rule, and the JSON pointer of the
/// offending value in the message; returns kParseError (not JSON) or kInvalidInput, and then
/// leaves *out as it was.
Status ReadHydroCase(const std::string& path, HydroCase* out, Diagnostics* diag);
/// Same, from text already in memory (`file` is used in messages only).
Status ParseHydroCase(const std::string& text, const std::string& file, HydroCase* out,
                      Diagnostics* diag);

/// Reads a user inflow CSV: header `month,<reservoir ids...>` with the 12 months 1..12,
/// or `day,<reservoir ids...>` with consecutive days 1..N (N a multiple of 365); values
/// in m^3/s, >= 0. Lines starting with '#' are comments. Columns must name reservoirs of
/// `hydro_case`; reservoirs without a column get no local inflow (a warning says so). On any
/// error *out is left as it was.
Status ReadHydroInflow(const std::string& path, const HydroCase& hydro_case, HydroInflow* out,
                       Diagnostics* diag);
Status ParseHydroInflow(const std::string& text, const std::string& file,
                        const HydroCase& hydro_case, HydroInflow* out, Diagnostics* diag);

struct HydroOptions {
  /// Year types to simulate (names from the case, e.g. "average", "dry", "wet"); each
  /// is a separate run. Empty: every year type of the case. Not run when `inflow` is set
  /// (one run labelled "user"), but each must still name a year type of the case.
  std::vector<std::string> year_types;
  /// Years reported per run (the same year type repeated), 1 to 200. With a daily inflow
  /// file the file's length decides.
  int years = 1;
  /// Years simulated first and not reported, so that the initial storage matters little.
  /// With the case pattern they are average years (so a dry run is a dry year after
  /// average ones); with a user file they repeat the file's first year. 0 to 50.
  int warmup_years = 3;
  /// Multiplies every irrigation demand (1 = the case; 0 = no irrigation), 0 to 10.
  double irrigation_scale = 1.0;
  /// User inflows; nullptr = the case pattern. Not owned; must outlive the call.
  const HydroInflow* inflow = nullptr;
  /// Only units whose status is "operating" or "built" (the plants as they stand);
  /// false = every unit of the case, planned ones included.
  bool existing_units_only = false;
  /// Exceedance probability of firm power/energy (0.95 = exceeded on 95% of days), in (0, 1].
  double firm_exceedance = 0.95;

  /// Checks every field; the message names the field, its value and the rule.
  Status Validate() const;
};

/// Daily series of one reservoir over the reported days of one run (index = day).
struct HydroReservoirSeries {
  std::string id;
  double initial_storage_m3 = 0.0;     ///< at the start of the first reported day
  double initial_level_m = 0.0;        ///< at the start of the first reported day
  std::vector<double> storage_m3;      ///< end of day
  std::vector<double> level_m;         ///< end of day
  std::vector<double> target_level_m;  ///< end of day
  std::vector<double> inflow_m3s;      ///< local + from upstream
  std::vector<double> local_inflow_m3s;
  std::vector<double> evaporation_m3s;
  std::vector<std::vector<double>> withdrawal_m3s;         ///< [withdrawal][day], delivered
  std::vector<std::vector<double>> withdrawal_demand_m3s;  ///< [withdrawal][day]
  std::vector<double> turbine_m3s;
  std::vector<double> bypass_m3s;
  std::vector<double> spill_m3s;
  std::vector<double> tailwater_m;
  std::vector<double> net_head_m;
  std::vector<std::vector<double>> unit_flow_m3s;  ///< [unit][day]
  std::vector<std::vector<double>> unit_power_W;   ///< [unit][day], day mean
};

/// Energy of a plant or a country over a run.
struct HydroEnergy {
  std::string name;                     ///< plant (reservoir id) or country
  std::vector<double> annual_energy_J;  ///< per reported year
  double mean_annual_energy_J = 0.0;
  double firm_power_W = 0.0;   ///< daily mean power exceeded on firm_exceedance of days
  double firm_energy_J = 0.0;  ///< firm power over a 365-day year
  double capacity_W = 0.0;     ///< installed
  /// Of capacity_W, the units simulated that are not in service today (status "planned",
  /// or "built" and not yet commissioned): their energy is no present generation.
  double not_in_service_capacity_W = 0.0;
};

/// Water delivered to and demanded by one country over a run (per mean year).
struct HydroCountryWater {
  std::string country;
  double withdrawal_demand_m3 = 0.0;
  double withdrawal_delivered_m3 = 0.0;
  /// Water through the country's units, summed over every plant of the cascade: water that
  /// passes several dams counts once at each (a sum of turbine flows, not a volume of water).
  double turbined_m3 = 0.0;
};

/// One simulated series (a year type or the user's inflow).
struct HydroRun {
  std::string label;  ///< "average", "dry", "wet" or "user"
  double inflow_factor = 1.0;
  int days = 0;   ///< reported days
  int years = 0;  ///< reported whole years
  std::vector<HydroReservoirSeries> reservoirs;
  std::vector<HydroEnergy> plants;        ///< one per reservoir, same order
  std::vector<HydroEnergy> countries;     ///< sorted by name
  /// One per HydroSummary::published_shares, same order: the sum of that country's units at
  /// those plants (name "AZ at khudafarin and giz_galasi").
  std::vector<HydroEnergy> shares;
  std::vector<HydroCountryWater> water;   ///< sorted by country
  double max_balance_residual_rel = 0.0;  ///< worst daily water-balance residual, relative
  std::string worst_balance_reservoir;
  int spill_days = 0;               ///< reservoir-days with spill
  int spillway_exceeded_days = 0;   ///< reservoir-days over the spillway capacity
  int shortage_days = 0;            ///< days with any withdrawal not fully served
  int env_flow_shortfall_days = 0;  ///< reservoir-days with release below minimum
  /// Reservoir-days ending below the dead storage: evaporation may take water from under
  /// it (no release or withdrawal does), and nothing said so.
  int below_dead_days = 0;
};

struct HydroSummary {
  std::string case_name;
  std::string case_file;
  HydroOptions options;       ///< as asked (inflow pointer cleared)
  std::string inflow_source;  ///< "case pattern" or the inflow file and its kind
  std::vector<std::string> reservoir_ids;
  std::vector<std::string> reservoir_names;
  /// [reservoir] the case's initial storage, where the warm-up starts (each run's
  /// reservoirs[i].initial_storage_m3 is where its reported years start).
  std::vector<double> case_initial_storage_m3;
  std::vector<std::vector<std::string>> unit_ids;        ///< [reservoir][unit]
  std::vector<std::vector<std::string>> unit_countries;  ///< [reservoir][unit]
  std::vector<std::vector<std::string>> withdrawal_ids;  ///< [reservoir][withdrawal]
  std::vector<std::vector<std::string>> withdrawal_countries;
  std::vector<double> published_energy_J;            ///< [reservoir], 0 = none
  std::vector<std::string> published_energy_source;  ///< [reservoir]
  std::vector<std::string> published_energy_note;    ///< [reservoir]
  /// [reservoir] the rating of the planned units existing_units_only left out (0 without
  /// it), and of all the case's units: a published figure is for all of them.
  std::vector<double> units_left_out_W, units_all_W;
  /// The case's published shares, and per share the rating of its units that
  /// existing_units_only left out and of all of them (as units_left_out_W, units_all_W).
  std::vector<HydroPublishedShare> published_shares;
  std::vector<double> share_units_left_out_W, share_units_all_W;
  /// The rating of the planned units simulated (0 with existing_units_only): what
  /// --existing-units would leave out.
  double planned_simulated_W = 0.0;
  std::vector<HydroRun> runs;
  /// Every run label this case can give: its year types and "user" (an inflow file's run).
  /// WriteHydroOutputs removes an earlier run's files only under these names.
  std::vector<std::string> run_labels;
  std::vector<std::string> notes;  ///< assumptions that applied, in words
  double simulate_seconds = 0.0;
  bool show_timings = true;  ///< reports include timings (the CLI's --no-timings clears it)

  /// A few lines: annual energy per plant and per country for each run, balance check.
  std::string BriefReport() const;
  /// Everything: the brief report plus water per country, firm energy, counts, notes.
  std::string FullReport() const;
};

/// Runs the cascade. Fails (kInvalidArgument) on bad options or an unknown year type,
/// (kInvalidInput) when the case or the inflow does not fit (cases and inflows built in
/// code are checked by the rules the readers apply to files, docs/hydro.md section 6, but
/// for the readers' bound on implausibly large numbers: a case's Status lists every problem
/// found, "hydro case has N problems: <first>; <second>; ..." with the first 20 listed and
/// the rest counted, or the one problem alone; an inflow's is its first problem),
/// (kIoError) when memory runs out;
/// on failure *summary is left empty. Physics outcomes such as shortages are counted in the
/// Summary, not errors. Thread-safe: no shared state between calls.
Status SimulateHydro(const HydroCase& hydro_case, const HydroOptions& options,
                     HydroSummary* summary);

/// Writes into `dir` (created if missing): daily_<run>.csv, annual.csv,
/// levels_<run>.svg, generation_<run>.svg and report.txt. Every file is rendered first
/// and written atomically; on failure the Status names the file. The set replaces an
/// earlier run's as a whole: in the same all-or-nothing step, the files HydroStaleOutputs
/// names are removed (on failure the folder keeps the earlier set as it was), those that
/// begin as hydro writes them: a user's file under such a name stays. `note` (may be null)
/// is set to what became of those that existed ("removed the earlier run's ...; kept ...
/// (not a file corridor wrote)"; "" where none did).
Status WriteHydroOutputs(const HydroSummary& summary, const std::string& dir,
                         std::string* note = nullptr);

/// The files of an earlier run in `dir` that WriteHydroOutputs(summary, dir) removes where
/// they begin as it writes them:
/// those named as hydro names its outputs (daily_<run>.csv, levels_<run>.svg,
/// generation_<run>.svg) for a run this case can give (`run_labels`: its year types and
/// "user") that this summary does not write, so that a wet-only run leaves no average
/// year's daily file beside its report. Other files in `dir`, daily_budget.csv among them,
/// are never touched. Empty when `dir` is not a folder.
std::vector<std::string> HydroStaleOutputs(const HydroSummary& summary, const std::string& dir);

/// The same outputs as text, for callers that store them elsewhere: (file name, content).
/// Empty where the summary's series do not match its reservoirs and days (a summary edited
/// by its caller: WriteHydroOutputs and the reports say which).
std::vector<std::pair<std::string, std::string>> RenderHydroOutputs(const HydroSummary& summary);

/// Level (m) for a storage (m^3) and area (m^2) for a level, by linear interpolation in
/// the reservoir's table; clamped to the table's ends. NaN where the table is empty or
/// its columns differ in length (SimulateHydro refuses such a reservoir).
double HydroLevelFromVolume(const HydroReservoir& r, double volume_m3);
double HydroVolumeFromLevel(const HydroReservoir& r, double level_m);
double HydroAreaFromLevel(const HydroReservoir& r, double level_m);

}  // namespace corridor
