// Internal: corridor JSON for compressor-station data (.cs) and combined decisions
// (.cdf). Used by the JSON format writer/reader (json_format.cpp). Field names are
// documented in docs/json-format.md.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corridor/compressor_data.h"
#include "corridor/io.h"
#include "corridor/status.h"
#include "io/json_locate.h"
#include "io/json_sax.h"

namespace corridor::io {

nlohmann::json CompressorStationsToJson(const CompressorStationData& cs);
nlohmann::json CombinedDecisionsToJson(const CombinedDecisions& cdf);
/// Reads what the functions above write; problems go to *diag with `file`, the JSON pointer
/// (such as "/compressor_stations/stations/3") in the element field and its line in the
/// text `where` locates (the whole file, the objects at their top-level keys; without it,
/// line 0). The elements read keep their lines too. With `errors` (LoadCaseAsRead), the
/// stations and decision elements with an error are noted there (ReadErrors, io.h). With
/// `conflicts` (the document's keys given twice with different values), each met is said
/// there, at its element, and neither value is read.
bool CompressorStationsFromJson(const nlohmann::json& j, const std::string& file,
                                CompressorStationData* out, Diagnostics* diag,
                                const JsonLocator* where = nullptr,
                                ReadErrors* errors = nullptr,
                                KeyConflicts* conflicts = nullptr);
bool CombinedDecisionsFromJson(const nlohmann::json& j, const std::string& file,
                               CombinedDecisions* out, Diagnostics* diag,
                               const JsonLocator* where = nullptr,
                               ReadErrors* errors = nullptr, KeyConflicts* conflicts = nullptr);

namespace cs_detail {

/// What a reader of one station has reported already, so that the station checks below do
/// not report it again under another rule.
struct StationReported {
  /// Ids of compressors and drives whose kind was refused (unknown-element): a reference
  /// to one is not also an unknown drive or compressor.
  std::set<std::string> unsupported_compressors, unsupported_drives;
  /// [i] true: the speedMin or speedMax of turbo[i] (piston[i]) was missing or refused.
  /// Its speed range is not compared: the value the reader kept is no value of the file
  /// (a speedMax left out compared as 0 gave "speedMin 4000 1/min is above speedMax 0").
  std::vector<bool> turbo_speeds, piston_speeds;
  /// [i] true: drives[i] has its id given more than once (XML duplicate-attribute), so it
  /// has no id to check or resolve; every copy's value is in refused_drive_ids, and a
  /// reference naming one of them is not an unknown drive. A drive with an empty id (its
  /// missing or refused id was reported by the reader) has no id either; as any reference
  /// may have meant it, a station with one reports no unknown-drive.
  std::vector<bool> drive_ids_refused;
  std::set<std::string> refused_drive_ids;
};

/// Checks of one station that hold for any source (XML or JSON): unique ids, drives that
/// exist and serve one compressor each, configurations naming existing compressors, speed
/// ranges. Defined in gaslib_cs_reader.cpp.
void CheckStationConsistency(const StationMachines& s, const StationReported& reported,
                             const std::string& file, Diagnostics* diag);

}  // namespace cs_detail

}  // namespace corridor::io
