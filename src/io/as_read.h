// Internal: the readers of io.h as LoadCaseAsRead uses them. Each reads as its public
// counterpart does (the same diagnostics, the same Status), but hands over what it read
// even after errors, and notes in *errors which elements had them (ReadErrors, io.h).
// *parsed says whether the file was read at all (well-formed, the right root); when it is
// false, *out holds nothing of the file.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/file_internal.h"
#include "corridor/io.h"

namespace corridor::io {

/// What a file's text holds, as LoadCase decides it (the root element, or corridor JSON's
/// format name), and the kind's name in words ("GasLib nomination (.scn)"): for a reader
/// that takes one kind to say what it was given instead.
FileKind KindOfText(std::string_view text);
const char* FileKindLabel(FileKind kind);
/// What an XML text is, for a reader of another kind that refuses it: "a GasLib network
/// (.net)", or "an XML file" where it is none of corridor's.
std::string XmlKindWords(std::string_view text);
/// Where a NUL byte lies in the first 4 KiB (a binary file: text has none, UTF-16 aside),
/// or npos: said once as such, not as one bad character per NUL.
std::size_t BinaryNulAt(std::string_view text);

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
/// The GasLib AsRead readers' frame: `read(&result, parsed)` fills a fresh T under
/// GuardedRead, handed to *out only where the file was read at all (*parsed), and not when
/// memory ran out on the way (*parsed is then false).
template <typename T, typename Read>
Status HandOverAsRead(const char* function, const std::string& path, T* out, bool* parsed,
                      Diagnostics* diag, Read&& read) {
  *parsed = false;
  bool handed = false;
  Status status = file_internal::GuardedRead(function, path, out, diag, [&] {
    T result;
    Status s = read(&result, parsed);
    if (*parsed) *out = std::move(result);
    handed = *parsed;
    return s;
  });
  *parsed = handed;
  return status;
}

/// Every part the JSON file holds; errors->network_read is not set here.
Status ReadCorridorJsonAsRead(const std::string& text, const std::string& path, GasCase* out,
                              ReadErrors* errors, bool* parsed, Diagnostics* diag);

}  // namespace corridor::io
