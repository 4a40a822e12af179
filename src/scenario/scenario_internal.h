// Helpers shared by the scenario module's files (not part of the public API).
#pragma once

#include <string>

namespace corridor::scenario_internal {

/// GasLib volumes are at 0 degC; Russian (CIS) figures at 20 degC: V0 = V20 x 273.15/293.15.
inline constexpr double kCis20ToNormal = 273.15 / 293.15;

/// BindingElement::estimate of a compressor's head, power or machine limits: the machines
/// are sized by estimate (no compressor data are published: data/corridor/SOURCES.md).
inline constexpr char kMachineSizingEstimate[] = "estimated machine sizing: corridor.cs, SOURCES.md";

/// Short display name: the part of an annotations name before ':' (or the id).
std::string ShortName(const std::string& long_name, const std::string& id);

}  // namespace corridor::scenario_internal
