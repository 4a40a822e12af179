// The network model: nodes, arcs, and the nomination (boundary flows).
//
// Everything here is SI: pressures in Pa absolute, lengths in m, temperatures in K,
// volumetric flows in m^3/s at normal conditions (0 degC, 1.01325 bar; GasLib's
// convention), mass flows in kg/s. Readers convert at the edge; nothing else converts.
//
// Optional GasLib attributes are std::optional so that a model read from GasLib can be
// written back with exactly the information it held. Every element remembers the file
// line it came from (0 when built in code) so that validation can point at it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corridor {

/// GasLib node kinds: an entry (source), an exit (sink) or a junction (innode).
enum class NodeKind { kSource, kSink, kInnode };

/// Gas data that GasLib attaches to a source.
struct SourceGas {
  double temperature_K = 288.15;           ///< temperature of the injected gas
  double calorific_value_J_per_m3 = 0.0;   ///< gross calorific value per normal m^3
  double norm_density_kg_per_m3 = 0.0;     ///< density at normal conditions
  double molar_mass_kg_per_mol = 0.0;      ///< e.g. 0.0185674
  double pseudocritical_pressure_Pa = 0.0;
  double pseudocritical_temperature_K = 0.0;
  /// Heat capacity coefficients as written in GasLib (no unit in the files; inferred form:
  /// molar c_p = A + B T + C T^2 in J/(mol K)).
  double heat_capacity_A = 0.0, heat_capacity_B = 0.0, heat_capacity_C = 0.0;
};

/// The values of a node, each from a child element of its own in GasLib (<height>,
/// <pressureMin>...) or an attribute (x, y; the id): an index into Node::field_lines and a
/// bit in ReadErrors::node_fields (FieldBit).
enum class NodeField : std::uint8_t {
  kId, kX, kY, kPosition, kHeight, kPressureMin, kPressureMax, kFlowMin, kFlowMax,
  kGasTemperature, kCalorificValue, kNormDensity, kHeatCapacity, kMolarMass,
  kPseudocriticalPressure, kPseudocriticalTemperature,
  kCount
};

/// The values of an arc, as NodeField. A kind's data share the fields of its tags: a
/// resistor's <diameter> is kDiameter, a valve's <pressureDifferentialMax> is
/// kPressureDifferentialMax.
enum class ArcField : std::uint8_t {
  kId, kFrom, kTo, kFlags, kFlowMin, kFlowMax, kLength, kDiameter, kRoughness, kPressureMax,
  kHeatTransfer, kDragFactor, kPressureLoss, kPressureDifferentialMin,
  kPressureDifferentialMax, kPressureInMin, kPressureOutMax, kPressureLossIn, kDragFactorIn,
  kDiameterIn, kPressureLossOut, kDragFactorOut, kDiameterOut, kFuelGasVertex,
  kCount
};
/// The values of a nomination entry (NodeNomination), as NodeField: the node's id and type
/// are attributes of GasLib's <node>, each bound from a <flow>, <pressure> or
/// <contractPressureMax> child (bound="both" gives both bounds on one line).
enum class NominationField : std::uint8_t {
  kNodeId, kType, kFlowLower, kFlowUpper, kPressureLower, kPressureUpper, kContractPressureMax,
  kCount
};
static_assert(static_cast<int>(NodeField::kCount) <= 32 &&
                  static_cast<int>(ArcField::kCount) <= 32 &&
                  static_cast<int>(NominationField::kCount) <= 32,
              "a mask of fields is 32 bits");

/// The bit of a field in a mask of fields (ReadErrors::node_fields, arc_fields,
/// nominated_node_fields).
constexpr std::uint32_t FieldBit(NodeField f) { return std::uint32_t{1} << static_cast<int>(f); }
constexpr std::uint32_t FieldBit(ArcField f) { return std::uint32_t{1} << static_cast<int>(f); }
constexpr std::uint32_t FieldBit(NominationField f) {
  return std::uint32_t{1} << static_cast<int>(f);
}

/// The fields of one side's loss of a control valve or compressor station (its pressure
/// loss, drag factor and the diameter the drag refers to), for the inlet and the outlet.
struct SideLossFields {
  ArcField loss, drag, diameter;
};
constexpr SideLossFields kInletLossFields{ArcField::kPressureLossIn, ArcField::kDragFactorIn,
                                          ArcField::kDiameterIn};
constexpr SideLossFields kOutletLossFields{ArcField::kPressureLossOut, ArcField::kDragFactorOut,
                                           ArcField::kDiameterOut};

struct Node {
  std::string id;
  double height_m = 0.0;                 ///< (beside the id: a solve reads the two together)
  NodeKind kind = NodeKind::kInnode;
  std::string alias;                     ///< GasLib alias (absent when has_alias is false)
  bool has_alias = false;
  double x = 0.0, y = 0.0;               ///< drawing coordinates (no unit)
  std::optional<double> lat_deg;         ///< geoWGS84Lat
  std::optional<double> lon_deg;         ///< geoWGS84Long
  double pressure_min_Pa = 0.0;
  double pressure_max_Pa = 0.0;
  /// Flow bounds of sources and sinks, in the node's own sense (supply for a source,
  /// withdrawal for a sink), m^3/s at normal conditions. Absent for innodes.
  std::optional<double> flow_min_m3_per_s;
  std::optional<double> flow_max_m3_per_s;
  std::optional<SourceGas> gas;          ///< present for sources
  int line = 0;                          ///< line in the file it was read from
  /// The line each value was read from (its child element; 0: not read from a file, or
  /// on the element's own line), so that a finding on a value names it. Last: no solve
  /// reads it.
  std::array<std::int32_t, static_cast<int>(NodeField::kCount)> field_lines{};
  /// The line of value `f`: its own, or else the element's.
  int LineOf(NodeField f) const {
    const int l = field_lines[static_cast<std::size_t>(f)];
    return l != 0 ? l : line;
  }
};

enum class ArcKind { kPipe, kShortPipe, kResistor, kValve, kControlValve, kCompressorStation };

/// A loss at the inlet or outlet of a control valve or compressor station: GasLib gives
/// either a fixed pressure loss or a drag factor with a diameter (or both, per side).
/// They add up: the inlet loss comes off the inlet pressure before the machine or regulator,
/// the outlet loss after it. The drag term acts on forward flow only (from -> to); the fixed
/// drop is taken whatever the flow while the element runs, as GasLib's models take it.
struct SideLoss {
  std::optional<double> pressure_loss_Pa;  ///< fixed drop, Pa (pressureLossIn/Out)
  /// Drag (loss) coefficient zeta, dimensionless (dragFactorIn/Out): a drop of
  /// zeta m|m| / (2 rho A^2), A the cross-section of diameter_m and rho the gas density at
  /// the terminal's pressure. Applies only with diameter_m, both > 0.
  std::optional<double> drag_factor;
  std::optional<double> diameter_m;  ///< diameter of the drag's cross-section, m (diameterIn/Out)
};

struct PipeData {
  double length_m = 0.0;
  double diameter_m = 0.0;
  double roughness_m = 0.0;
  std::optional<double> heat_transfer_W_per_m2_K;
  std::optional<double> pressure_max_Pa;
};

struct ResistorData {
  std::optional<double> drag_factor;     ///< zeta, with diameter_m
  std::optional<double> diameter_m;
  std::optional<double> pressure_loss_Pa;  ///< fixed loss type
};

struct ValveData {
  std::optional<double> pressure_differential_max_Pa;
};

struct ControlValveData {
  std::optional<double> pressure_differential_min_Pa;
  std::optional<double> pressure_differential_max_Pa;
  std::optional<double> pressure_in_min_Pa;
  std::optional<double> pressure_out_max_Pa;
  std::optional<int> internal_bypass_required;  ///< 0/1 as written
  std::optional<int> gas_preheater_existing;    ///< 0/1 as written
  SideLoss loss_in, loss_out;
};

struct CompressorStationArcData {
  std::string fuel_gas_vertex;                  ///< node id; empty when absent
  std::optional<int> internal_bypass_required;
  std::optional<int> gas_cooler_existing;
  std::optional<double> pressure_in_min_Pa;
  std::optional<double> pressure_out_max_Pa;
  SideLoss loss_in, loss_out;
};

/// An arc. Flow is signed: positive from `from` to `to`. Only the data block matching
/// `kind` is meaningful.
struct Arc {
  // (What a solve reads of every arc comes first, in three cache lines: kind, ends, the
  // pipe's data.)
  std::string id;
  ArcKind kind = ArcKind::kPipe;
  std::string from, to;                  ///< node ids
  std::size_t from_index = 0, to_index = 0;  ///< node indices, set by Network::BuildIndex
  PipeData pipe;
  ResistorData resistor;
  std::string alias;      ///< GasLib alias, a second name (absent when has_alias is false)
  bool has_alias = false;  ///< whether the file gave an alias (an empty one counts)
  double flow_min_m3_per_s = 0.0;        ///< at normal conditions
  double flow_max_m3_per_s = 0.0;
  ValveData valve;
  ControlValveData control_valve;
  CompressorStationArcData compressor;
  int line = 0;
  /// As Node::field_lines (last: no solve reads it).
  std::array<std::int32_t, static_cast<int>(ArcField::kCount)> field_lines{};
  int LineOf(ArcField f) const {
    const int l = field_lines[static_cast<std::size_t>(f)];
    return l != 0 ? l : line;
  }
};

/// Header of a network file.
struct NetworkInfo {
  std::string title, type, date, documentation;
  std::string source_file;  ///< path the network was read from (for messages)
  /// The comments before the root element of the network file read, verbatim: GasLib's
  /// copyright notice, a generated case's provenance. The GasLib writers put them back at
  /// the head of every file they write (CC BY 3.0 asks that copyright notices be kept
  /// intact); corridor JSON keeps them as "notices".
  std::vector<std::string> notices;
};

/// A gas network: nodes and arcs with an id index.
class Network {
 public:
  NetworkInfo info;
  std::vector<Node> nodes;
  std::vector<Arc> arcs;

  /// Rebuilds the id -> index maps and the arcs' from_index/to_index. Call after editing
  /// nodes or arcs. Arcs whose endpoints are missing keep index SIZE_MAX (validation
  /// reports them); duplicate ids map to their first occurrence.
  void BuildIndex();
  /// Index of the node with this id, or nullopt: through the index of the last BuildIndex
  /// (stale after an edit), or, where none was built, a scan for the first with that id.
  std::optional<std::size_t> FindNode(const std::string& id) const;
  /// Index of the arc with this id, or nullopt (as FindNode).
  std::optional<std::size_t> FindArc(const std::string& id) const;
  /// The first node (arc) whose id an earlier one has, as of the last BuildIndex; nullopt
  /// when every id is distinct. The solver refuses such a network (ValidateCase reports
  /// every duplicate of a file).
  std::optional<std::size_t> FirstDuplicateNode() const;
  std::optional<std::size_t> FirstDuplicateArc() const;

 private:
  // The id indexes: open addressing over the ids where they are (no copies, no allocation
  // per id), each slot a hash and index + 1 (0: empty), at most half full.
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t index_plus_1 = 0;
  };
  std::vector<Slot> node_slots_, arc_slots_;
  std::size_t duplicate_node_ = static_cast<std::size_t>(-1);
  std::size_t duplicate_arc_ = static_cast<std::size_t>(-1);
  // Lets a reader that has hashed the ids already set these tables (src/network/index.h).
  friend struct NetworkIndexAccess;
};

/// One source or sink of a nomination. Flow is in the node's own sense (supply at an
/// entry, withdrawal at an exit), m^3/s at normal conditions, and may be negative.
struct NodeNomination {
  std::string node_id;
  bool is_entry = true;                  ///< GasLib type="entry" (else "exit")
  double flow_lower_m3_per_s = 0.0;      ///< equal to upper for a fixed nomination
  double flow_upper_m3_per_s = 0.0;
  std::optional<double> pressure_lower_Pa;  ///< absolute
  std::optional<double> pressure_upper_Pa;  ///< absolute
  std::optional<double> contract_pressure_max_Pa;
  int line = 0;
  /// As Node::field_lines: the line each value was read from (0: the entry's own line).
  std::array<std::int32_t, static_cast<int>(NominationField::kCount)> field_lines{};
  /// The nominated flow (the middle of [lower, upper]; GasLib files give an equality).
  /// Halved before the sum: the same number, and no overflow where both are near 1e308.
  double flow() const { return 0.5 * flow_lower_m3_per_s + 0.5 * flow_upper_m3_per_s; }
  /// The line of value `f`: its own, or else the entry's.
  int LineOf(NominationField f) const {
    const int l = field_lines[static_cast<std::size_t>(f)];
    return l != 0 ? l : line;
  }
};

/// Per-arc scenario data (GasLib-24's pipe soil temperature).
struct ArcScenarioData {
  std::string arc_id;
  std::optional<double> soil_temperature_K;
  int line = 0;
  int soil_temperature_line = 0;  ///< of the value (0: the entry's own line)
};

/// A GasLib scenario (.scn): the boundary flows of one situation.
struct Nomination {
  std::string id;
  std::string source_file;
  /// The comments before the file's root element, verbatim (as NetworkInfo::notices: a
  /// GasLib copyright notice, a generated scenario's description): the GasLib writer puts
  /// them back at the head of the .scn it writes; corridor JSON keeps them as "notices".
  std::vector<std::string> notices;
  std::optional<double> probability;
  std::optional<double> scenario_temperature_K;
  std::optional<std::string> contract_date;
  std::optional<double> soil_temperature_K;
  std::optional<double> ambient_temperature_K;
  /// Lines of the scenario, soil and ambient temperatures in the file they were read from
  /// (0: not read from a file), for the findings on them.
  int scenario_temperature_line = 0, soil_temperature_line = 0, ambient_temperature_line = 0;
  std::vector<NodeNomination> nodes;
  std::vector<ArcScenarioData> arcs;
};

/// Human name of a kind as GasLib writes it ("pipe", "shortPipe", "compressorStation"...).
const char* ArcKindName(ArcKind kind);
const char* NodeKindName(NodeKind kind);  ///< "source", "sink", "innode"

}  // namespace corridor
