// Reading and writing networks: GasLib XML (.net, .scn, .cs, .cdf), corridor's own JSON
// format, and GeoJSON.
//
// Readers convert every GasLib unit to SI at the edge. They report every problem they
// find (up to the Diagnostics cap) with file, line, element and rule, and return a
// non-OK Status when any error was found; the output object is then left as the caller
// passed it (each reader fills a fresh object and hands it over only when the input had no
// error; warnings do not count). Loading is
// separate from validation (see validate.h): a reader checks syntax, units and that each
// number is finite and parsable, not that the network makes physical sense.
//
// Every reader and writer here is thread-safe: calls share no state, so threads may read and
// write different files at once (tested: GasLibInstances.LoadsShareNoStateAcrossThreads).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corridor/compressor_data.h"
#include "corridor/network.h"
#include "corridor/status.h"

namespace corridor {

/// Everything that can be loaded about one gas network: the topology, optionally a
/// nomination, compressor-station machine data and combined decisions.
struct GasCase {
  Network network;
  std::optional<Nomination> nomination;
  std::optional<CompressorStationData> stations;
  std::optional<CombinedDecisions> decisions;
};

/// GasLib .net. `path` is used for messages only in the *FromString variants.
Status ReadGasLibNetwork(const std::string& path, Network* out, Diagnostics* diag);
Status ReadGasLibNetworkFromString(const std::string& xml, const std::string& path,
                                   Network* out, Diagnostics* diag);
/// GasLib .scn (the first scenario in the file).
Status ReadGasLibNomination(const std::string& path, Nomination* out, Diagnostics* diag);
Status ReadGasLibNominationFromString(const std::string& xml, const std::string& path,
                                      Nomination* out, Diagnostics* diag);
/// GasLib .cs.
Status ReadGasLibCompressorStations(const std::string& path, CompressorStationData* out,
                                    Diagnostics* diag);
Status ReadGasLibCompressorStationsFromString(const std::string& xml, const std::string& path,
                                              CompressorStationData* out, Diagnostics* diag);
/// GasLib .cdf.
Status ReadGasLibCombinedDecisions(const std::string& path, CombinedDecisions* out,
                                   Diagnostics* diag);
Status ReadGasLibCombinedDecisionsFromString(const std::string& xml, const std::string& path,
                                             CombinedDecisions* out, Diagnostics* diag);

/// What kind of file `path` holds, decided from its content (root element, or the
/// `format` field of corridor JSON), not from its name.
enum class FileKind { kGasLibNetwork, kGasLibNomination, kGasLibCompressorStations,
                      kGasLibCombinedDecisions, kCorridorJson, kUnknown };
FileKind DetectFileKind(const std::string& path);

/// Loads a case from a list of files in any order: GasLib .net/.scn/.cs/.cdf (at most one
/// of each) or one corridor JSON file (which may itself hold all four parts, and may be
/// combined with GasLib .scn/.cs/.cdf files that it does not already contain). Every
/// problem is a Diagnostic; the Status is NotFound when the first one is a named file that
/// does not exist, else ParseError ("N errors while loading the case").
Status LoadCase(const std::vector<std::string>& paths, GasCase* out, Diagnostics* diag);

/// Where the readers found errors in a case that LoadCaseAsRead handed over as far as it
/// was read, so that validation can check the rest without repeating them
/// (ValidateOptions::read_errors). Elements are named by their position in the case's
/// vectors. An element listed here was built, but one of its values may be missing (left
/// at its default) or one the reader refused; its id, kind and ends are what the file says
/// where they are not empty (an empty one is one the reader found missing).
struct ReadErrors {
  /// Files that gave nothing: unreadable, of an unknown kind, not well-formed, with the
  /// wrong root, or a second file of a kind. Their part of the case is absent.
  std::vector<std::string> unread_files;
  /// Files read in part: well-formed, the right root, errors in their elements or values.
  /// Their part of the case holds every element the reader could build.
  std::vector<std::string> partial_files;
  /// Whether a network was read, whole or in part (without one there is nothing to check).
  bool network_read = false;

  /// Network nodes and arcs (network.nodes, network.arcs) with a reader error.
  std::vector<std::size_t> nodes, arcs;
  /// Which values of each of `nodes` (`arcs`) the reader refused or found missing, one bit
  /// per NodeField (ArcField, network.h's FieldBit), in the same order: the other values
  /// were read as written and are validated. All bits are set where an error of the
  /// element was about none of its values alone, and an element without an entry here
  /// counts as all of its values refused.
  std::vector<std::uint32_t> node_fields, arc_fields;
  /// Ids of network elements the reader met but could not build (an unknown node or arc
  /// kind): a reference to one is not reported as unknown.
  std::vector<std::string> unbuilt_node_ids, unbuilt_arc_ids;
  /// Nodes (arcs) may be missing that no id names: an element not built, or built without
  /// its id; the nodes (connections) block missing or given twice. Any reference to an
  /// unknown node (arc) may then be meant for one of them.
  bool nodes_incomplete = false, arcs_incomplete = false;
  /// Arcs of the file are absent from network.arcs: an element not built (an unknown kind,
  /// not an element or object at all), or the connections block missing or given twice. An
  /// arc built without its id is not absent: it still joins its ends, and connectivity is
  /// checked with it.
  bool arcs_missing = false;
  /// The first arc element of the file that is absent from network.arcs (not built): its
  /// line and its name as the reader's error gave it, so that the note that connectivity
  /// was not checked can name it (0 and empty where none was met, or a block is missing).
  int missing_arc_line = 0;
  std::string missing_arc;

  /// Nomination entries (nomination->nodes, nomination->arcs) with a reader error.
  std::vector<std::size_t> nominated_nodes, nominated_arcs;
  /// Which values of each of `nominated_nodes` the reader refused or found missing, one bit
  /// per NominationField, as node_fields.
  std::vector<std::uint32_t> nominated_node_fields;
  /// Nominated nodes may be missing: an entry not built, the <scenario> or its node list
  /// missing, an element the reader does not know among the entries.
  bool nomination_incomplete = false;
  /// An error in the scenario's own values (id, probability, temperatures).
  bool scenario_values = false;

  /// Stations (stations->stations) with a reader error anywhere inside them.
  std::vector<std::size_t> stations;
  /// Stations may be missing: an element not built, or the list missing.
  bool stations_incomplete = false;

  /// Decision elements with a reader error, numbered across every group and decision of
  /// decisions->groups in order (the first element of the first decision is 0).
  std::vector<std::size_t> decision_elements;

  /// Whether any file had an error (a case with none was read whole).
  bool any() const { return !unread_files.empty() || !partial_files.empty(); }
  /// Whether the network was read without an error in its nodes and arcs: every element of
  /// its file is there, with its id, kind and ends, so that other files' and options' ids
  /// can be judged against it.
  bool NetworkWhole() const {
    return network_read && nodes.empty() && arcs.empty() && unbuilt_node_ids.empty() &&
           unbuilt_arc_ids.empty() && !nodes_incomplete && !arcs_incomplete && !arcs_missing;
  }
  /// Whether a node (arc) id the network lacks may still be one of its file's: one the
  /// reader could not build, or any where nodes (arcs) may be missing. A reference to it is
  /// then no finding.
  bool MayHaveNode(const std::string& id) const {
    return nodes_incomplete ||
           std::find(unbuilt_node_ids.begin(), unbuilt_node_ids.end(), id) !=
               unbuilt_node_ids.end();
  }
  bool MayHaveArc(const std::string& id) const {
    return arcs_incomplete || arcs_missing ||
           std::find(unbuilt_arc_ids.begin(), unbuilt_arc_ids.end(), id) !=
               unbuilt_arc_ids.end();
  }
};

/// LoadCase, except that the case is handed over as far as it was read, with *errors
/// saying what the readers could not read: the same diagnostics and the same Status (not
/// OK after any error). Each file read in part (well-formed, with errors in elements or
/// values) gives every element its reader could build; a file that gave nothing is left
/// out. For checking a case as read (`corridor check`); a solve needs LoadCase.
Status LoadCaseAsRead(const std::vector<std::string>& paths, GasCase* out, ReadErrors* errors,
                      Diagnostics* diag);

// --- corridor JSON (docs/json-format.md) ---

/// Format name written in the `format` field, and the version this build writes.
inline constexpr const char* kJsonFormatName = "corridor-network";
inline constexpr int kJsonFormatVersion = 1;

/// Serializes everything the case holds. Pretty-printed, stable key order.
std::string WriteCorridorJson(const GasCase& c);
Status ReadCorridorJson(const std::string& path, GasCase* out, Diagnostics* diag);
Status ReadCorridorJsonFromString(const std::string& text, const std::string& path,
                                  GasCase* out, Diagnostics* diag);

// --- GasLib XML writers (files GasLib tools read back) ---
/// Writes ids and texts as they are: a network built by a program whose ids ValidateCase
/// calls `bad-id` (control characters, bytes that are no UTF-8) gives a file that no XML
/// reader takes. (WriteCorridorJson writes bytes that are no UTF-8 as U+FFFD, so that such
/// an id reads back changed.)
std::string WriteGasLibNetwork(const Network& n);
/// The other files of a case, each headed by its own notices (Nomination::notices and the
/// like, the comments before the root of the file it was read from) as comments before
/// corridor's own; a file read without any (from corridor JSON of an older version, or
/// built by a program) takes `notices` instead: the network's (NetworkInfo::notices).
std::string WriteGasLibNomination(const Nomination& nom,
                                  const std::vector<std::string>& notices = {});
std::string WriteGasLibCompressorStations(const CompressorStationData& cs,
                                          const std::vector<std::string>& notices = {});
std::string WriteGasLibCombinedDecisions(const CombinedDecisions& cdf,
                                         const std::vector<std::string>& notices = {});

// --- GeoJSON ---
/// One more property of every node or arc, such as a simulation's result beside the
/// network's data: `numbers[i]` for the i-th element of the network, or `texts[i]` where
/// `numbers` is empty. NaN, infinities and "" are written as null, and so is an element past
/// the end of the values. A key the element's own properties have already is replaced.
struct GeoJsonProperty {
  std::string key;
  std::vector<double> numbers;
  std::vector<std::string> texts;
};
struct GeoJsonOptions {
  /// Use drawing coordinates x/y for every node when no node has a geoWGS84 position (they
  /// are not longitude/latitude, which RFC 7946 positions are, so a GIS would place them
  /// wrongly; off by default: such a network's geometries are null, its drawing coordinates
  /// in the nodes' properties). The output says which in its top-level "corridor_note"
  /// member. Where some nodes have a position, those keep it and the others get a null
  /// geometry either way (one node without a position turned the whole network into
  /// drawing coordinates).
  bool allow_drawing_coordinates = false;
  /// Properties added to the nodes' and the arcs' own, in this order after them; one
  /// named as an own property takes its value in its place. An empty key, or one given
  /// before in the list, is not written, and WriteGeoJson's *note says so.
  std::vector<GeoJsonProperty> node_properties, arc_properties;
  /// Top-level foreign members written after "corridor_note": key and text, such as what
  /// the added properties are ("corridor_results"). A key that is GeoJSON's own ("type",
  /// "features", "bbox") or one the writer sets ("name", "corridor_note",
  /// "corridor_notices"), an empty one or one given twice (the second) is not written, and
  /// WriteGeoJson's *note says which and why.
  std::vector<std::pair<std::string, std::string>> members;
};
/// An element's own property that its display unit cannot hold: a finite model value
/// beyond a double's range there (a flow of 1e308 m3/s is 3.6e308 1000 Nm3/h), written as
/// null.
struct GeoJsonUnheld {
  bool arc = false;        // else a node
  std::size_t index = 0;   // into Network::nodes or Network::arcs
  std::string key;         // the property, e.g. "flow_max_1000Nm3_per_h"
};
/// Nodes as Points, arcs as LineStrings (a Point where both ends have one position: a line
/// of length 0 shows in no GIS), with their attributes as properties (SI values
/// plus the display units named in each key). *note is set to a sentence when drawing
/// coordinates were used or nodes have no position, empty otherwise. Where `unheld` is
/// given, it lists the own properties written as null because their unit cannot hold the
/// value (the added properties' non-finite values are nulls by design and not listed).
std::string WriteGeoJson(const Network& n, const GeoJsonOptions& options, std::string* note,
                         std::vector<GeoJsonUnheld>* unheld = nullptr);

}  // namespace corridor
