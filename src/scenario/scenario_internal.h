// Helpers shared by the scenario module's files (not part of the public API).
#pragma once

#include <cmath>
#include <string>

namespace corridor {
struct CapacityUse;
}

namespace corridor::scenario_internal {

/// GasLib volumes are at 0 degC; Russian (CIS) figures at 20 degC: V0 = V20 x 273.15/293.15.
inline constexpr double kCis20ToNormal = 273.15 / 293.15;

/// BindingElement::estimate of a compressor's head, power or machine limits: the machines
/// are sized by estimate (no compressor data are published: data/corridor/SOURCES.md).
inline constexpr char kMachineSizingEstimate[] = "estimated machine sizing: corridor.cs, SOURCES.md";

/// How near a bound a node's pressure counts as at it (ScenarioSummary::at_bound), Pa.
inline constexpr double kAtBound_Pa = 1000.0;  // 0.01 bar

/// Whether an entry of ScenarioSummary::at_bound sits at its lower bound (else its upper).
inline bool AtLowerBound(double pressure_Pa, double min_Pa) {
  return std::abs(pressure_Pa - min_Pa) <= kAtBound_Pa;
}

/// The decimals, from `min` to at most `max`, that `value` takes to print past `bound` (`op`
/// '<' or '>'), the bound printed to as many (`bound_rounded`) or as it is: what
/// CapacityText and PastBound print with.
int DecimalsPast(double value, char op, double bound, bool bound_rounded, int min, int max);

/// "ir_sari 26.004 bar < 26.01 bar": a pressure past its bound (`op` '<' or '>'), with as
/// many decimals (2 to 6) as it takes to print it past the bound ("26.01 bar < 26.01 bar"
/// read as no violation).
std::string PastBound(const std::string& id, double p_bar, char op, double bound_bar);

/// Short display name: the part of an annotations name before ':' (or the id).
std::string ShortName(const std::string& long_name, const std::string& id);

/// "5.29 of 4 bcm/y (20 degC)": a pipeline's flow against its published capacity, in the
/// unit and at the conditions it was published in. beyond: a flow above the figure gets as
/// many decimals (2 to 15) as it takes to print above it ("4.003 of 4", not "4.00 of 4").
std::string CapacityText(const CapacityUse& u, bool beyond = false);

}  // namespace corridor::scenario_internal
