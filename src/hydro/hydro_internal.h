// Internal: what the hydro reader, the simulation's case check and the report share.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace corridor::hydro_internal {

/// A name that becomes part of CSV column names or file names (reservoir ids, countries,
/// year types): letters, digits, '_', '-' and '.' only, so that no column or file needs
/// quoting (a country "A,Z" gave a daily CSV header of 65 fields over rows of 58).
inline bool IsPlainName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' || ch == '.';
  });
}

}  // namespace corridor::hydro_internal
