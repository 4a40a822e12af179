// Internal: field-by-field comparison of two loaded cases, for round-trip tests
// (GasLib -> JSON -> model, GasLib -> GasLib XML -> model) and for anyone who needs to
// know whether two models are the same.
//
// Every field of GasCase is compared (network header, nodes, arcs with every data block,
// nomination, compressor-station data, combined decisions) except the ones that describe
// where a model came from rather than what it is:
//   - `line` of every element (a source position),
//   - `source_file` of the network, nomination, .cs and .cdf data,
//   - the derived arc indices `from_index` / `to_index` (rebuilt by Network::BuildIndex).
// Doubles compare exactly by default (==; NaN equals NaN, so that "no ambient temperature"
// markers compare equal); optionals compare presence and value.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "corridor/io.h"

namespace corridor::io {

/// Differences between a and b, one readable line each, e.g.
/// "network.nodes[3] 'N01'.pressure_min_Pa: 4000000 != 4000000.0000000005".
/// At most max_differences lines are listed; when there are more, a final line says how
/// many were left out. Empty when the cases are equal.
std::vector<std::string> CompareCases(const GasCase& a, const GasCase& b,
                                      std::size_t max_differences);

/// Same, but doubles compare equal when |x - y| <= relative_tolerance * max(|x|, |y|)
/// (used for the GasLib XML round trip, where SI -> GasLib unit -> SI may change the last
/// bit of a value). relative_tolerance = 0 is exact comparison.
std::vector<std::string> CompareCases(const GasCase& a, const GasCase& b,
                                      std::size_t max_differences, double relative_tolerance);

/// The largest relative difference |x - y| / max(|x|, |y|) over all double fields that
/// both cases hold at the same place (0 when all are equal). Structural differences
/// (counts, strings, presence) are not measured here: use CompareCases for those.
double MaxRelativeDifference(const GasCase& a, const GasCase& b);

}  // namespace corridor::io
