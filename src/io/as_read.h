// Internal: the readers of io.h as LoadCaseAsRead uses them. Each reads as its public
// counterpart does (the same diagnostics, the same Status), but hands over what it read
// even after errors, and notes in *errors which elements had them (ReadErrors, io.h).
// *parsed says whether the file was read at all (well-formed, the right root); when it is
// false, *out holds nothing of the file.
#pragma once

#include <string>

#include "corridor/io.h"

namespace corridor::io {

Status ReadGasLibNetworkAsRead(const std::string& xml, const std::string& path, Network* out,
                               ReadErrors* errors, bool* parsed, Diagnostics* diag);
Status ReadGasLibNominationAsRead(const std::string& xml, const std::string& path,
                                  Nomination* out, ReadErrors* errors, bool* parsed,
                                  Diagnostics* diag);
Status ReadGasLibCompressorStationsAsRead(const std::string& xml, const std::string& path,
                                          CompressorStationData* out, ReadErrors* errors,
                                          bool* parsed, Diagnostics* diag);
Status ReadGasLibCombinedDecisionsAsRead(const std::string& xml, const std::string& path,
                                         CombinedDecisions* out, ReadErrors* errors,
                                         bool* parsed, Diagnostics* diag);
/// Every part the JSON file holds; errors->network_read is not set here.
Status ReadCorridorJsonAsRead(const std::string& text, const std::string& path, GasCase* out,
                              ReadErrors* errors, bool* parsed, Diagnostics* diag);

}  // namespace corridor::io
