// Internal: loaders of the GasSteadySim.jl and GasTranSim.jl reference cases
// (data/reference/{gassteadysim,gastransim}; the README there gives the model).
//
// Each case becomes a ReferenceCase whose network is built from the case's own
// network.json (ids from id_map_gassteadysim_to_gaslib.json when present, else the names
// in network.json), with injections from bc.json (kg/s, withdrawals negative), the slacks
// and compressor ratios of bc.json, and SteadyOptions reproducing the model exactly:
// PipeModel::kStandard with EquationOfState::kCnga (b1, b2 of the chosen solution; ideal
// is b1 = 1, b2 = 0), FrictionLaw::kFixed with each pipe's stored friction_factor, no height
// term, T = 288.706 K, R_s = 8.314 / (0.02896 G), G = 0.6, and GasSteadySim's artificial
// short-pipe loss Pi(p_from) - Pi(p_to) = 1.24e4 f|f| (README, GasLib-24 Conn01).
#pragma once

#include <string>
#include <vector>

#include "corridor/reference.h"
#include "corridor/status.h"

namespace corridor::reference {

/// Short-pipe loss coefficient of GasSteadySim (Pa^2 s^2 / kg^2), fitted in the README.
inline constexpr double kGasSteadySimShortPipeLoss = 1.24e4;

/// Loads gassteadysim/<case> with the solutions `solutions` ("ideal", "simple_cnga",
/// "full_cnga"), appending one case per solution to *out, or a gastransim/<case> with the
/// one solution "gastransim" (ideal gas, exact_sol_.json, bc_steady.json). The files the
/// solutions share are read once. Every value is checked for its type and range and every
/// key must be one the format has; each problem goes to *diag once, with the file, the
/// line, the element, the key and the rule. Any error: kInvalidInput counting them, and
/// nothing appended.
Status LoadGasSteadySimCases(const std::string& case_dir, const std::vector<std::string>& solutions,
                             std::vector<ReferenceCase>* out, Diagnostics* diag);
/// One solution of gassteadysim/<case> (or "gastransim" for a gastransim/<case>).
Status LoadGasSteadySimCase(const std::string& case_dir, const std::string& solution,
                            ReferenceCase* out, Diagnostics* diag);
/// Same, appending to *out (the form the brief of issue 3 names).
Status LoadGasSteadySimCase(const std::string& case_dir, const std::string& solution,
                            std::vector<ReferenceCase>* out, Diagnostics* diag);
/// gastransim/<case> (= LoadGasSteadySimCase(case_dir, "gastransim", ...)).
Status LoadGasTranSimCase(const std::string& case_dir, ReferenceCase* out, Diagnostics* diag);

}  // namespace corridor::reference
