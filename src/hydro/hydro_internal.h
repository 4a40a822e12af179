// Internal: what the hydro reader, the simulation's case check and the report share.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "corridor/hydro.h"

namespace corridor::hydro_internal {

/// Upper bound on any local inflow, m3/s: of an inflow file's values and of the case
/// pattern's (mean x monthly factor x year-type factor). The Amazon's mean is ~2e5 m3/s; an
/// absurd value (1e308) overflowed the water balance to inf and the run "worked".
inline constexpr double kMaxPlausibleInflow_m3s = 1.0e6;
/// Plausible water density, kg/m3: fresh water is 958 (at 100 C) to 1000, sea water ~1025,
/// a heavy sediment load adds a few percent. 1e-300 was taken and gave no energy at all.
inline constexpr double kMinWaterDensity_kg_m3 = 950.0, kMaxWaterDensity_kg_m3 = 1100.0;
/// Plausible gravity, m/s2: 9.78 at the equator to 9.83 at the poles, at sea level (as
/// `corridor simulate --gravity` takes it).
inline constexpr double kMinGravity_m_s2 = 9.7, kMaxGravity_m_s2 = 9.9;
/// The years a daily inflow series may span (HydroOptions.years allows as many; 1e6 years
/// took 17 GB within a minute).
inline constexpr int kMaxInflowYears = 200;
/// Its days as the messages write them ("73 000").
inline std::string MaxInflowDaysText() {
  const int d = 365 * kMaxInflowYears;
  return std::to_string(d / 1000) + " " + std::string(3 - std::to_string(d % 1000).size(), '0') +
         std::to_string(d % 1000);
}

/// A name that becomes part of CSV column names or file names (reservoir ids, countries,
/// year types): letters, digits, '_', '-' and '.' only, so that no column or file needs
/// quoting (a country "A,Z" gave a daily CSV header of 65 fields over rows of 58). ASCII
/// letters and digits: std::isalnum took "s\xEAche" under a Latin-1 locale a program had
/// set, and refused it in the C locale.
inline bool IsPlainName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-' || ch == '.';
  });
}

/// Free text printed in the report's lines and charts (the case's and a reservoir's
/// name, a published figure's source and note): its control characters as spaces, so
/// that a newline or an escape sequence forges no line of the report. The C0 ones and
/// DEL, the C1 ones (U+0080..U+009F, CSI among them) and the line and paragraph
/// separators U+2028/U+2029, each one space.
inline void AsOneLine(std::string* text) {
  std::string out;
  out.reserve(text->size());
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>((*text)[i]); };
  for (std::size_t i = 0; i < text->size(); ++i) {
    const unsigned char c = at(i);
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else if (c == 0xc2 && i + 1 < text->size() && at(i + 1) >= 0x80 && at(i + 1) <= 0x9f) {
      out += ' ';
      i += 1;
    } else if (c == 0xe2 && i + 2 < text->size() && at(i + 1) == 0x80 &&
               (at(i + 2) == 0xa8 || at(i + 2) == 0xa9)) {
      out += ' ';
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  *text = std::move(out);
}

/// A published figure's least value (J/y): 0.001 GWh/y, 1 MWh. Below it (but for 0, none)
/// it is no plant's generation, and the report's percentage overflowed (1e-300 GWh/y).
inline constexpr double kMinPublishedEnergy_J = 3.6e9;

/// Whether two published shares give one figure twice: both figures given (0 is none), of
/// one country, for the same plants in any order.
inline bool SameShare(const HydroPublishedShare& a, const HydroPublishedShare& b) {
  if (!(a.energy_J > 0.0 && b.energy_J > 0.0) || a.country != b.country) return false;
  std::vector<std::string> x = a.plants, y = b.plants;
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

/// A published share's name in the run's `shares` and in the report: "AZ at khudafarin and
/// giz_galasi".
inline std::string ShareName(const HydroPublishedShare& share) {
  std::string plants;
  for (std::size_t k = 0; k < share.plants.size(); ++k)
    plants += (k == 0 ? "" : k + 1 == share.plants.size() ? " and " : ", ") + share.plants[k];
  return share.country + " at " + plants;
}

/// One column of daily_<run>.csv and what gives it its name: a reservoir (its index), or
/// else a country (the country totals), or neither (day, year, month, power_total_MW).
struct DailyColumn {
  std::string name;
  int reservoir = -1;
  std::string country;
};

/// The columns of daily_<run>.csv in order (docs/hydro.md, Outputs), for the reservoirs'
/// ids and the countries (sorted) that own units or withdrawals.
std::vector<DailyColumn> DailyColumns(const std::vector<std::string>& reservoir_ids,
                                      const std::vector<std::string>& countries);

/// The sorted distinct countries of a case's units and withdrawals: the daily CSV's.
std::vector<std::string> CaseCountries(const HydroCase& hc);

/// Two columns of the daily CSV with one name (`first` comes first in the file), once per
/// pair of owners: reservoirs `x` and `x_target` both give `x_target_level_m`, a country
/// `total` gives `power_total_MW` as the total of all countries does.
struct DailyColumnClash {
  DailyColumn first, second;
  std::string message;  ///< "... and ... both give the daily CSV column '...'"
};
std::vector<DailyColumnClash> DailyColumnClashes(const std::vector<std::string>& reservoir_ids,
                                                 const std::vector<std::string>& countries);

}  // namespace corridor::hydro_internal
