// Internal: the swap balance as JSON, one set of keys for `track`'s track_summary.json and
// `run`'s summary.json (docs/tracking.md, docs/corridor-report.md). Not public API.
#pragma once

#include <nlohmann/json.hpp>

#include "corridor/tracking.h"

namespace corridor::tracking_internal {

/// supplier_group, delivery_point, delivery_direction, fee, input_mcm_per_d,
/// input_from_flows, delivered_mcm_per_d, obligation_mcm_per_d, fee_mcm_per_d,
/// net_position_mcm_per_d, net_position_MW, against_flow_mcm_per_d, notes.
nlohmann::ordered_json SwapBalanceJson(const SwapBalance& b);

}  // namespace corridor::tracking_internal
