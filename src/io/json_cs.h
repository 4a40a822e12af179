// Internal: corridor JSON for compressor-station data (.cs) and combined decisions
// (.cdf). Used by the JSON format writer/reader (json_format.cpp). Field names are
// documented in docs/json-format.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "corridor/compressor_data.h"
#include "corridor/io.h"
#include "corridor/status.h"
#include "io/json_locate.h"

namespace corridor::io {

nlohmann::json CompressorStationsToJson(const CompressorStationData& cs);
nlohmann::json CombinedDecisionsToJson(const CombinedDecisions& cdf);
/// Reads what the functions above write; problems go to *diag with `file`, the JSON pointer
/// (such as "/compressor_stations/stations/3") in the element field and its line in the
/// text `where` locates (the whole file, the objects at their top-level keys; without it,
/// line 0). The elements read keep their lines too. With `errors` (LoadCaseAsRead), the
/// stations and decision elements with an error are noted there (ReadErrors, io.h).
bool CompressorStationsFromJson(const nlohmann::json& j, const std::string& file,
                                CompressorStationData* out, Diagnostics* diag,
                                const JsonLocator* where = nullptr,
                                ReadErrors* errors = nullptr);
bool CombinedDecisionsFromJson(const nlohmann::json& j, const std::string& file,
                               CombinedDecisions* out, Diagnostics* diag,
                               const JsonLocator* where = nullptr,
                               ReadErrors* errors = nullptr);

}  // namespace corridor::io
