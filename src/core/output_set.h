// Internal: writing one run's set of output files so that it replaces the previous run's set
// as a whole (used by `corridor simulate --out` and WriteScenarioOutputs).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "corridor/file.h"
#include "corridor/status.h"

namespace corridor {

/// A member of a run's set of outputs that this run does not write, with how corridor's
/// own file of that name begins: a file there that does not begin so is no earlier run's
/// and stays (a user's nodes.csv in the folder given as --out went with the stale set).
struct StaleOutput {
  std::string path;
  std::string head_prefix;    ///< the file's first bytes as corridor writes them
  std::string head_contains;  ///< a text its first 4 KiB hold as well ("": none)
  /// Where not empty: its first line (without the line end) is one of these, a CSV header
  /// corridor writes under that name, or an earlier version of one: the header less some
  /// columns after its first five, which it holds in place (a user's "id,pressure_bar_abs"
  /// over data of their own began as corridor's).
  std::vector<std::string> first_lines = {};
};

/// What WriteOutputSet did with the stale files that existed.
struct StaleOutcome {
  std::vector<std::string> removed;  ///< an earlier run's (or a link to nothing), removed
  /// Left as they were, with why: "not a file corridor wrote", "it cannot be read", "a link
  /// to what is not a regular file".
  std::vector<std::pair<std::string, std::string>> kept;
};

/// Writes `files` into the folders `dirs` all or nothing (WriteFilesIntoFolders) and, in
/// the same step, removes the files of `stale` that exist and begin as corridor writes
/// them: members of the set that this run does not write (nodes.csv and arcs.csv after a
/// solve that did not converge), so that no result of an earlier run stays beside this
/// run's summary. Each stale file is moved aside (renamed within its folder) before
/// anything is written, put back if the write fails, and deleted once it has succeeded: on
/// failure the folder holds the previous set as it was. A stale path that holds something
/// other than a file or a link (a folder) is refused (kIoError, naming it) before anything
/// is moved or written, as a folder where a file of the set goes is. `outcome` (may be
/// null) lists the stale files removed and those kept.
Status WriteOutputSet(const std::vector<std::string>& dirs, const std::vector<FileContent>& files,
                      const std::vector<StaleOutput>& stale, StaleOutcome* outcome = nullptr);

/// The headers of `run`'s nodes.csv and arcs.csv (WriteScenarioOutputs writes them,
/// SteadyStaleOutput knows them): a column is only ever added, last.
inline constexpr const char* kScenarioNodesHeader =
    "id,kind,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,injection_kg_per_s,"
    "injection_mcm_per_d,lat_deg,lon_deg";
inline constexpr const char* kScenarioArcsHeader =
    "id,type,from,to,mass_flow_kg_per_s,flow_mcm_per_d,flow_bcm_per_y_0degC,"
    "pressure_from_bar_abs,pressure_to_bar_abs,mode,shaft_power_MW,velocity_m_per_s,"
    "velocity_low_end_m_per_s,pressure_drop_bar,friction_factor,gas_molar_mass_kg_per_kmol,"
    "gas_pseudocritical_pressure_bar,gas_pseudocritical_temperature_K";

/// The stale entry for a steady run's nodes.csv, arcs.csv or network.geojson in `dir`
/// (`simulate --out` and WriteScenarioOutputs write those names, with different columns:
/// either's header makes a CSV an earlier run's; tests of both commands pin them). Any other
/// name gets an entry that matches no file, so that it is kept, never deleted.
StaleOutput SteadyStaleOutput(const std::string& dir, const std::string& name);

/// "; removed the earlier run's X, Y; kept Z (not a file corridor wrote)" for a report
/// line, paths as given, the kept grouped by why ("" where nothing existed).
std::string DescribeStaleOutcome(const StaleOutcome& outcome);

}  // namespace corridor
