// Reading a groups file (JSON or CSV): origin groups, border points, swap, compositions.
//
// nlohmann::json keeps no positions: the JSON reader finds each value's line in the text by
// its JSON pointer (io::JsonLocator), so that every message names the line of the
// offending value.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/tracking.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "core/problems.h"
#include "core/suggest.h"
#include "io/as_read.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/text.h"
#include "network/index.h"
#include "io/xml_util.h"

namespace corridor {

namespace {

// The largest swap input a file may give, 1e6 mcm/d as `track --swap-input` takes (1e12
// 1000 m3/h read as 24e9 mcm/d, and 1e308 made the tracking fail with the report's
// origin mix gone, exit 0).
constexpr double kMaxSwapInput_1000m3_per_h = 1e6 * 1e6 / 24.0 / 1000.0;

using ojson = nlohmann::ordered_json;

std::string Trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

bool IsSource(const Network& n, const std::string& id) {
  auto v = n.FindNode(id);
  return v && n.nodes[*v].kind == NodeKind::kSource;
}

// Adds `source` to `group`, checking the source rules (against the network only with
// `check_net`). `line` for messages.
void AddMember(const Network& net, bool check_net, const std::string& file, int line,
               const std::string& group, const std::string& given, OriginGroups* out,
               Diagnostics* diag) {
  // White space at the id's ends, the invisible kinds too: bad-id once, as the case
  // readers say it ("source 'entry02 ' is not a node ... (did you mean 'entry02'?)" with a
  // no-break space shown as a blank), and the id read as meant.
  std::string source = given;
  if (const std::string where = io::IdWhiteSpace(source); !where.empty()) {
    diag->Error(file, line, fmt::format("group '{}'", group), "bad-id",
                io::IdWhiteSpaceMessage("source", source, where));
    source = std::string(io::TrimIdSpace(source));
    if (source.empty()) return;  // (no id left: "source '' is not a node" said it twice)
  }
  if (source.empty()) {  // (as a CSV's empty cell: it read "source '' is not a node")
    diag->Error(file, line, fmt::format("group '{}'", group), "empty-id",
                "a source id is empty: give the node id of a source");
    return;
  }
  if (check_net) {
    auto v = net.FindNode(source);
    if (!v) {
      // (The network's sources, and the hint a pass over them: a pass over every node per
      // unknown source, so only for errors the diagnostics can still list.)
      std::string hint;
      if (diag->error_count() < diag->max_stored()) {
        std::vector<std::string_view> sources;
        for (const Node& n : net.nodes)
          if (n.kind == NodeKind::kSource && !n.id.empty()) sources.emplace_back(n.id);
        hint = DidYouMean(source, sources);
      }
      diag->Error(file, line, fmt::format("group '{}'", group), "unknown-source",
                  net.info.source_file.empty()
                      ? fmt::format("source '{}' is not a node of the network{}", source, hint)
                      : fmt::format("source '{}' is not a node of the network '{}'{}", source,
                                    net.info.source_file, hint));
      return;
    }
    if (net.nodes[*v].kind != NodeKind::kSource) {
      diag->Error(file, line, fmt::format("group '{}'", group), "unknown-source",
                  fmt::format("node '{}' is not a source (its kind is {}): only sources carry "
                              "an origin",
                              source, NodeKindName(net.nodes[*v].kind)));
      return;
    }
  }
  auto it = out->group_of.find(source);
  if (it != out->group_of.end()) {
    // (The element names the source: "source 'x': source 'x' is ..." said it twice.)
    diag->Error(file, line, fmt::format("source '{}'", source), "duplicate-source",
                it->second == group
                    ? fmt::format("listed twice in group '{}'", group)
                    : fmt::format("in two groups: '{}' and '{}'", it->second, group));
    return;
  }
  out->group_of[source] = group;
}

// What is missing has no line of its own: `line` is where it belongs (the "groups" object of
// a JSON file, the first line of a CSV one).
void CheckCompleteness(const Network& net, const std::string& file, int line,
                       const GroupsReadOptions& opt, OriginGroups* out, Diagnostics* diag) {
  if (out->names.empty()) {
    diag->Error(file, line, "", "empty-group", "the groups file defines no group");
    return;
  }
  bool added_other = false;
  if (!opt.check_against_network) return;  // no network to find sources in
  // A group of the file that carries the name of the ungrouped ones' takes them in: said,
  // so that its figures are not read as its own sources' alone.
  const bool named_other = std::find(out->names.begin(), out->names.end(),
                                     opt.other_group_name) != out->names.end();
  for (const Node& n : net.nodes) {
    if (n.kind != NodeKind::kSource || out->group_of.count(n.id)) continue;
    if (!opt.allow_ungrouped) {
      diag->Error(file, line, fmt::format("source '{}'", n.id), "ungrouped-source",
                  "in no group (every source must be in exactly one)");
      continue;
    }
    diag->Warning(file, line, fmt::format("source '{}'", n.id), "ungrouped-source",
                  fmt::format("in no group: counted in group '{}'{}", opt.other_group_name,
                              named_other ? ", which the file defines too: its figures are "
                                            "its sources' and the ungrouped ones' together"
                                          : ""));
    out->group_of[n.id] = opt.other_group_name;
    if (!added_other &&
        std::find(out->names.begin(), out->names.end(), opt.other_group_name) ==
            out->names.end()) {
      out->names.push_back(opt.other_group_name);
      added_other = true;
    }
  }
}

// "AZ->IR" -> {"AZ", "IR"}.
bool SplitDirection(const std::string& d, std::string* from, std::string* to) {
  auto p = d.find("->");
  if (p == std::string::npos || p == 0 || p + 2 >= d.size()) return false;
  *from = Trim(d.substr(0, p));
  *to = Trim(d.substr(p + 2));
  return !from->empty() && !to->empty();
}

// A group's name becomes a column of the CSVs and a row of the reports: not empty, no space
// at either end (a CSV file's names are trimmed: " A" and "A" are one group there), no
// control character; nor the name gas of no group goes by (TrackingOptions::
// unassigned_group_name), which would merge the two in every balance.
void CheckGroupName(const std::string& name, const std::string& file, int line,
                    const GroupsReadOptions& opt, Diagnostics* diag) {
  const std::string el = fmt::format("group '{}'", io::Shown(name));
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  // (Invisible spaces at an end count as white space, as in ids: "C" + U+200B was taken,
  // a second group "C" beside it in the columns.)
  const std::string ws = io::IdWhiteSpace(name);
  if (name.empty() || !ws.empty() || control) {
    diag->Error(file, line, el, "bad-group-name",
                name.empty() ? std::string("a group needs a name")
                : control    ? std::string("a group name holds no control character (it "
                                           "becomes a column of the CSV outputs)")
                             : fmt::format("a group name has no space at either end; '{}' {}",
                                           io::MarkInvisible(name), ws));
    return;
  }
  if (name == opt.unassigned_group_name)
    diag->Error(file, line, el, "reserved-group",
                fmt::format("'{}' is the name of gas of no origin group (an exit with a "
                            "negative withdrawal, a slack at a node that is no source): "
                            "rename the group",
                            name));
}

void ReadJson(const std::string& text, const std::string& file, const Network& net,
              const GroupsReadOptions& opt, OriginGroups* out, Diagnostics* diag) {
  ojson doc;
  // A number beyond a double's range (1e999) is said at its line and pointer, and the read
  // goes on past it (io::ParsePastNumbersOutOfRange: written as null of its length), so that
  // the file's other problems are listed too: it stopped there. The null that stands for it
  // is not judged again (is_fault() below).
  const std::string* read = nullptr;
  std::string patched;
  std::vector<io::NumberFault> faults;
  const auto parser = io::ParsePastNumbersOutOfRange(text, &doc, &patched, &faults, &read);
  io::PositionedDomParser<ojson>& sax = *parser;
  if (sax.failed) {
    for (const io::NumberFault& f : faults)
      diag->Error(file, io::LineOfOffset(text, f.offset), "", "not-finite", f.message);
    if (read == &text && !faults.empty()) return;  // (more than listed: no further)
    diag->Error(file, io::LineOfOffset(*read, sax.ErrorOffsetIn(*read)), "", "json-syntax",
                fmt::format("malformed JSON: {}", sax.error_message));
    return;
  }
  const io::JsonLocator where(*read);
  // Another of corridor's files (the annotations are a groups file too) is said as such,
  // with what reads it, and nothing more of it is read: a hydro case gave six unknown keys
  // and a missing "groups". Before its numbers and keys are judged (its 1e999 and repeated
  // keys came first). (find is end() on a document that is no object.)
  if (const auto f = doc.find("format"); f != doc.end() && f->is_string())
    if (const char* what = io::CorridorFileWords(f->get_ref<const std::string&>());
        what != nullptr && *f != "corridor-annotations") {
      diag->Error(file, where.Line("/format"), "", "wrong-file-kind",
                  fmt::format("\"format\" is {}: the file is {}, not a groups file (CSV or "
                              "JSON, docs/tracking.md); nothing else of it is read",
                              io::ShownValue(*f), what));
      return;
    }
  std::set<std::string> faulted;  // the pointers of those numbers' nulls
  {
    std::vector<const std::string*> at(faults.size(), nullptr);
    const auto placed = io::FaultPointers(doc, where, faults);
    for (const auto& [pointer, k] : placed) at[k] = &pointer;
    for (std::size_t k = 0; k < faults.size(); ++k) {  // (as annotations.json's: run reads it)
      diag->Error(file, io::LineOfOffset(text, faults[k].offset), "", "not-finite",
                  at[k] ? fmt::format("{} (at {})", faults[k].message, *at[k])
                        : faults[k].message);
      if (at[k] != nullptr) faulted.insert(*at[k]);
    }
  }
  const auto is_fault = [&](const std::string& ptr, const ojson& v) {
    return v.is_null() && faulted.count(ptr) > 0;
  };
  // A group given twice would lose its first list (the DOM keeps the last): an error at
  // each repeat, found from the text (the parser's list of repeated keys stops at 50).
  // Other repeated keys are the readers' usual warning.
  bool group_twice = false;
  {
    auto twice = [&](int line, const std::string& name) {
      group_twice = true;
      diag->Error(file, line, fmt::format("group '{}'", io::Shown(name)), "duplicate-group",
                  fmt::format("group '{}' is defined twice: merge its lists into one",
                              io::Shown(name)));
    };
    std::set<std::string> seen;
    std::set<int> said;  // lines
    for (const auto& [name, line] : where.MemberLines("/groups"))
      if (!seen.insert(name).second) {
        twice(line, name);
        said.insert(line);
      }
    // A "groups" object given twice: the DOM and the locator see the last only, and a group
    // given twice in an earlier one passed with a duplicate-key warning (the parser's list,
    // which has their lines).
    if (std::find(sax.duplicate_keys.begin(), sax.duplicate_keys.end(), "/groups") !=
        sax.duplicate_keys.end()) {
      for (const auto& [ptr, line] : sax.DuplicateKeyLines())
        if (ptr.rfind("/groups/", 0) == 0 && ptr.find('/', 8) == std::string::npos &&
            said.insert(line).second)
          twice(line, io::PointerKey(std::string_view(ptr).substr(8)));
    }
  }
  std::erase_if(sax.duplicate_keys, [](const std::string& ptr) {
    return ptr.rfind("/groups/", 0) == 0 && ptr.find('/', 8) == std::string::npos;
  });
  sax.ReportDuplicateKeys(file, where, diag);
  if (!doc.is_object()) {
    if (!is_fault("", doc))
      diag->Error(file, 1, "", "wrong-type", "a groups file must be a JSON object");
    return;
  }
  // Keys this reader does not know are warned about where it owns the object (a misspelt
  // "border_point" or "swapp" read as absent without a word). At the top level, the keys of
  // annotations.json (data/corridor), which holds a groups file, are known too.
  auto unknown_keys = [&](const ojson& obj, const std::string& ptr,
                          const std::string& element,
                          std::initializer_list<std::string_view> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (std::find(known.begin(), known.end(), it.key()) == known.end())
        diag->Warning(file, where.Line(io::PointerAppend(ptr, it.key())), element,
                      "unknown-key",
                      fmt::format("unknown key \"{}\" (not read)", it.key()));
  };
  // A value of another type than the key takes is an error naming the key and the type
  // wanted: it was read as absent, and a default took its place ("arc": 7 made the point a
  // node point, "delivery_direction": 12 made the swap run IR->AZ). Returns the string at
  // `key` of `obj` (at pointer `ptr`), or `def` when the key is absent or of another type
  // (then *ok is set to false).
  auto string_at = [&](const ojson& obj, const std::string& ptr, const char* key,
                       const std::string& element, const char* want, const std::string& def,
                       bool* ok) -> std::string {
    auto it = obj.find(key);
    if (it == obj.end()) return def;
    if (it->is_string()) return it->get<std::string>();
    if (!is_fault(io::PointerAppend(ptr, key), *it))
      diag->Error(file, where.Line(io::PointerAppend(ptr, key)), element, "wrong-type",
                  fmt::format("\"{}\" must be {}, got {}", key, want, io::GotValue(*it)));
    *ok = false;
    return def;
  };
  unknown_keys(doc, "", "",
               {"groups", "border_points", "points", "swap", "gas_origins", "scenarios",
                // annotations.json's own keys, read by `corridor run`
                "format", "version", "network", "compressor_data", "generated_by", "units",
                "reference_conditions", "countries", "contract_limits", "nodes", "arcs",
                "compressor_stations", "sources", "scenario_common"});
  auto git = doc.find("groups");
  if (git == doc.end() || !git->is_object()) {
    if (git != doc.end() && is_fault("/groups", *git)) return;
    diag->Error(file, 1, "", git == doc.end() ? "missing-groups" : "wrong-type",
                "a groups file needs a \"groups\" object: {\"groups\": {\"Russia\": "
                "[\"source_id\", ...], ...}}");
    return;
  }
  for (auto& [name, members] : git->items()) {
    const std::string gptr = io::PointerAppend("/groups", name);
    const int gline = where.Line(gptr);
    CheckGroupName(name, file, gline, opt, diag);  // (its list is still checked)
    if (!members.is_array()) {
      if (!is_fault(gptr, members))
        diag->Error(file, gline, fmt::format("group '{}'", name), "wrong-type",
                    "a group must be a list of source ids");
      continue;
    }
    out->names.push_back(name);
    if (members.empty()) {
      diag->Error(file, gline, fmt::format("group '{}'", name), "empty-group",
                  "has no sources");
      continue;
    }
    for (std::size_t i = 0; i < members.size(); ++i) {
      const auto& m = members[i];
      const int mline = where.Line(io::PointerAppend(gptr, std::to_string(i)));
      if (!m.is_string()) {
        if (!is_fault(io::PointerAppend(gptr, std::to_string(i)), m))
          diag->Error(file, mline, fmt::format("group '{}'", name), "wrong-type",
                      fmt::format("source ids must be strings, got {}", io::GotValue(m)));
        continue;
      }
      AddMember(net, opt.check_against_network, file, mline, name, m.get<std::string>(), out,
                diag);
    }
  }
  // (Not where a group was given twice: the sources of its lost list would read as in no
  // group.)
  if (!group_twice) CheckCompleteness(net, file, where.Line("/groups"), opt, out, diag);

  // Border / interconnection points.
  // Every point id given, kept or not: the swap's delivery point may be one whose errors are
  // said already (a point with a wrong type was also "not a border point of this file").
  std::set<std::string> point_ids;
  auto bit = doc.find("border_points");
  if (const auto older = doc.find("points"); bit == doc.end()) {
    bit = older;
  } else if (older != doc.end()) {  // (of two lists, one was read without a word)
    diag->Error(file, where.Line("/points"), "", "conflicting-keys",
                "\"points\" is the older name of \"border_points\", which is given too: "
                "keep one list");
  }
  if (bit != doc.end()) {
    if (!bit->is_array()) {
      if (!is_fault("/" + bit.key(), *bit))
        diag->Error(file, where.Line("/" + bit.key()), "", "wrong-type",
                    "border_points must be a list");
    } else {
      for (std::size_t i = 0; i < bit->size(); ++i) {
        const auto& p = (*bit)[i];
        // Each problem at the line of the value it is about (docs/tracking.md).
        const std::string ptr = io::PointerAppend("/" + bit.key(), std::to_string(i));
        auto at = [&](const char* field) { return where.Line(io::PointerAppend(ptr, field)); };
        AccountingPoint ap;
        ap.line = where.Line(ptr);
        bool ok = true;
        if (p.is_object())
          ap.id = string_at(p, ptr, "id", ptr, "a string (the point's id)", "", &ok);
        if (!ok) continue;  // said above
        const std::string el = fmt::format("border point '{}'", ap.id);
        // An id given empty is empty-id, as every reader says it (it was wrong-type).
        if (p.is_object() && ap.id.empty() && p.contains("id")) {
          // (Named by its place: "border point ''" named nothing.)
          diag->Error(file, at("id"), fmt::format("border point #{}", i), "empty-id",
                      "\"id\" is empty: a border point needs an id (the swap names its "
                      "delivery point by it)");
          continue;
        }
        if (!p.is_object() || ap.id.empty()) {
          if (!is_fault(ptr, p))
            diag->Error(file, ap.line, el, "wrong-type",
                        "a border point needs at least an \"id\" and a \"node\" or \"arc\"");
          continue;
        }
        unknown_keys(p, ptr, el,
                     {"id", "name", "node", "arc", "from_country", "to_country",
                      "positive_arc_flow", "provenance", "note"});
        // One id, one point: the swap names its delivery point by id (of two, the last
        // was taken silently). Its other fields are still checked.
        if (!point_ids.insert(ap.id).second) {
          diag->Error(file, at("id"), el, "duplicate-point",
                      fmt::format("border point '{}' is defined twice", ap.id));
          ok = false;
        }
        ap.name = string_at(p, ptr, "name", el, "a string", ap.id, &ok);
        // A node or an arc of another type is said as such, not as neither given.
        bool place_typed = true;
        ap.node_id = string_at(p, ptr, "node", el, "a string (a node id)", "", &place_typed);
        ap.arc_id = string_at(p, ptr, "arc", el, "a string (an arc id)", "", &place_typed);
        // An empty id names nothing: "arc": "" made Astara a node point at a junction that
        // withdraws nothing, its border flow gone from the report, exit 0.
        for (const char* key : {"node", "arc"})
          if (auto it = p.find(key);
              it != p.end() && it->is_string() && it->get_ref<const std::string&>().empty()) {
            diag->Error(file, at(key), el, "empty-id",
                        fmt::format("\"{}\" is empty: give the {} id, or leave the key out",
                                    key, key));
            place_typed = false;
          }
        ok = ok && place_typed;
        ap.from_country = string_at(p, ptr, "from_country", el, "a string (a country)", "", &ok);
        ap.to_country = string_at(p, ptr, "to_country", el, "a string (a country)", "", &ok);
        if (place_typed && ap.node_id.empty() && ap.arc_id.empty()) {
          diag->Error(file, ap.line, el, "wrong-type", "a border point needs a node or an arc");
          ok = false;
        }
        const bool check_net = opt.check_against_network;
        if (check_net && !ap.node_id.empty() && !net.FindNode(ap.node_id)) {
          diag->Error(file, at("node"), el, "unknown-node",
                      fmt::format("node '{}' is not in the network", ap.node_id));
          ok = false;
        }
        if (check_net && !ap.arc_id.empty() && !net.FindArc(ap.arc_id)) {
          diag->Error(file, at("arc"), el, "unknown-arc",
                      fmt::format("arc '{}' is not in the network", ap.arc_id));
          ok = false;
        }
        // A point's node is an end of its arc (one elsewhere was read without a word).
        const auto point_arc = check_net && !ap.arc_id.empty() ? net.FindArc(ap.arc_id)
                                                               : std::nullopt;
        if (point_arc && !ap.node_id.empty() && net.FindNode(ap.node_id)) {
          const Arc& arc = net.arcs[*point_arc];
          if (arc.from != ap.node_id && arc.to != ap.node_id) {
            diag->Error(file, at("node"), el, "node-not-on-arc",
                        fmt::format("node '{}' is no end of arc '{}' ({} -> {})", ap.node_id,
                                    ap.arc_id, arc.from, arc.to));
            ok = false;
          }
        }
        const std::string dir = string_at(p, ptr, "positive_arc_flow", el,
                                          "a string (\"FROM->TO\")", "", &ok);
        if (!dir.empty()) {
          std::string f, t;
          if (!SplitDirection(dir, &f, &t)) {
            diag->Error(file, at("positive_arc_flow"), el, "bad-direction",
                        fmt::format("positive_arc_flow must read \"FROM->TO\", got \"{}\"", dir));
            ok = false;
          } else if (ap.from_country.empty() && ap.to_country.empty()) {
            ap.from_country = f;
            ap.to_country = t;
          } else if (f == ap.to_country && t == ap.from_country) {
            ap.direction = -1;
          } else if (f != ap.from_country || t != ap.to_country) {
            diag->Error(file, at("positive_arc_flow"), el, "bad-direction",
                        fmt::format("positive_arc_flow \"{}\" matches neither {}->{} nor its "
                                    "reverse",
                                    dir, ap.from_country, ap.to_country));
            ok = false;
          }
        }
        if (ok) out->points.push_back(ap);
      }
    }
  }

  // Compositions per group (annotations.json gas_origins).
  auto oit = doc.find("gas_origins");
  if (oit != doc.end() && !oit->is_object()) {
    if (!is_fault("/gas_origins", *oit))
      diag->Error(file, where.Line("/gas_origins"), "", "wrong-type",
                  fmt::format("\"gas_origins\" must be an object (group -> "
                              "{{\"composition_mol_pct\": {{...}}}}), got {}",
                              io::GotValue(*oit)));
  } else if (oit != doc.end()) {
    std::map<std::string, std::string> component_names;  // lower case -> as first spelt
    for (auto& [g, o] : oit->items()) {
      const int line = where.Line(io::PointerAppend("/gas_origins", g));
      if (std::find(out->names.begin(), out->names.end(), g) == out->names.end()) {
        diag->Warning(file, line, fmt::format("gas origin '{}'", g), "unknown-group",
                      fmt::format("gas_origins names '{}', which is not a group: ignored", g));
        continue;
      }
      const std::string optr = io::PointerAppend("/gas_origins", g);
      if (!o.is_object()) {
        if (!is_fault(optr, o))
          diag->Error(file, where.Line(optr), fmt::format("gas origin '{}'", g), "wrong-type",
                      fmt::format("a gas origin must be an object ({{\"composition_mol_pct\": "
                                  "{{...}}}}), got {}",
                                  io::GotValue(o)));
        continue;
      }
      // (A misspelt "composition" left the group without one, unsaid.) Known too: what
      // annotations.json records of the values written on the group's sources
      // (docs/corridor-case.md), not read here.
      unknown_keys(o, optr, fmt::format("gas origin '{}'", g),
                   {"composition_mol_pct", "provenance", "note", "composition_provenance",
                    "temperature_C", "temperature_provenance", "calorificValue_MJ_per_m3",
                    "normDensity_kg_per_m3", "molarMass_kg_per_kmol",
                    "pseudocriticalPressure_bar", "pseudocriticalTemperature_K",
                    "heatCapacity_A_B_C", "properties_provenance"});
      auto c = o.find("composition_mol_pct");
      if (c == o.end()) continue;
      if (!c->is_object()) {
        if (!is_fault(optr + "/composition_mol_pct", *c))
          diag->Error(file, where.Line(optr + "/composition_mol_pct"),
                      fmt::format("gas origin '{}'", g), "wrong-type",
                      fmt::format("\"composition_mol_pct\" must be an object (component -> mol %), "
                                  "got {}",
                                  io::GotValue(*c)));
        continue;
      }
      Composition comp;
      double sum = 0.0;
      bool ok = true;
      // Each component at its own line, the sum at the composition's (all were at the
      // group's line, which docs/tracking.md did not promise).
      const std::string cptr = optr + "/composition_mol_pct";
      for (auto& [k, v] : c->items()) {
        // A component's name becomes a column (mol_pct_<name>): none empty, none with space
        // at an end, and one name per component across the groups ("ch4" beside "CH4" made
        // two columns of one gas).
        const int kline = where.Line(io::PointerAppend(cptr, k));
        if (k.empty() || !io::IdWhiteSpace(k).empty()) {
          diag->Error(file, kline, fmt::format("gas origin '{}'", g), "bad-composition",
                      k.empty() ? std::string("a component needs a name (it becomes the "
                                              "column mol_pct_<name>)")
                                : fmt::format("component '{}' {}", io::MarkInvisible(k),
                                              io::IdWhiteSpace(k)));
          ok = false;
          continue;
        }
        std::string folded = k;
        for (char& ch : folded)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (const auto [it, fresh] = component_names.emplace(folded, k);
            !fresh && it->second != k)
          diag->Warning(file, kline, fmt::format("gas origin '{}'", g), "component-case",
                        fmt::format("component '{}' differs from '{}' only in case: they are "
                                    "told apart, two columns of one gas; spell it one way",
                                    k, it->second));
        if (!v.is_number() || !(v.get<double>() >= 0.0)) {
          if (!is_fault(io::PointerAppend(cptr, k), v))
            diag->Error(file, where.Line(io::PointerAppend(cptr, k)),
                        fmt::format("gas origin '{}'", g),
                        v.is_number() ? "bad-composition" : "wrong-type",
                        fmt::format("component '{}' must be a number >= 0 (mol %), got {}", k,
                                    io::GotNumber(v)));
          ok = false;
          continue;
        }
        comp.emplace_back(k, v.get<double>() / 100.0);
        sum += v.get<double>();
      }
      if (ok && std::abs(sum - 100.0) > 0.5) {
        diag->Error(file, where.Line(cptr), fmt::format("gas origin '{}'", g), "bad-composition",
                    fmt::format("composition sums to {:.4f} mol %, not 100", sum));
        ok = false;
      }
      if (ok && !comp.empty()) {
        for (auto& kv : comp) kv.second /= sum / 100.0;  // renormalize round-off
        out->composition[g] = comp;
      }
    }
  }

  // Per-scenario swap inputs (annotations.json scenarios). A value that is no volume is an
  // error, as the file-wide input's is (-212.7 and "212.7" were skipped: the swap then
  // counted every Turkmen flow as input and said none was given).
  auto sit = doc.find("scenarios");
  if (sit != doc.end() && !sit->is_object()) {
    if (!is_fault("/scenarios", *sit))
      diag->Error(file, where.Line("/scenarios"), "", "wrong-type",
                  fmt::format("\"scenarios\" must be an object (name -> {{\"file\": ..., "
                              "\"swap_turkmen_input_1000m3_per_h\": ...}}), got {}",
                              io::GotValue(*sit)));
  } else if (sit != doc.end()) {
    // Entries are matched to a .scn by its file name (track and run alike): a second entry
    // with the same name would mix into the first value by value (its fee with the other's
    // input), so it is refused.
    std::unordered_map<std::string, std::string> entry_of_base;
    for (auto& [name, s] : sit->items()) {
      const std::string ptr = io::PointerAppend("/scenarios", name);
      if (!s.is_object()) {
        if (!is_fault(ptr, s))
          diag->Error(file, where.Line(ptr), fmt::format("scenario '{}'", name), "wrong-type",
                      fmt::format("a scenario must be an object ({{\"file\": ..., "
                                  "\"swap_turkmen_input_1000m3_per_h\": ...}}), got {}",
                                  io::GotValue(s)));
        continue;
      }
      // The .scn a per-scenario value is for, by its file name (empty: no usable "file").
      auto f = s.find("file");
      const std::string base =
          f != s.end() && f->is_string()
              ? std::filesystem::path(f->get<std::string>()).filename().string()
              : std::string();
      if (!base.empty()) {
        if (auto [at, fresh] = entry_of_base.emplace(base, name); !fresh) {
          diag->Error(file, where.Line(ptr + "/file"), fmt::format("scenario '{}'", name),
                      "duplicate-scenario-file",
                      fmt::format("names the file '{}', whose name scenario '{}' names too: "
                                  "scenarios are matched to a .scn by its file name, and the "
                                  "two would mix (give the files distinct names)",
                                  f->get<std::string>(), at->second));
          continue;
        }
      }
      // The scenario's own swap fee (a share in [0, 1), as the swap's): `run` took it and
      // `track` did not, so one file gave two obligations.
      if (auto fee = s.find("swap_fee"); fee != s.end()) {
        if (!fee->is_number() || !(fee->get<double>() >= 0.0 && fee->get<double>() < 1.0)) {
          if (!is_fault(ptr + "/swap_fee", *fee))
            diag->Error(file, where.Line(ptr + "/swap_fee"), fmt::format("scenario '{}'", name),
                        "bad-fee",  // as the swap's own fee
                        fmt::format("swap_fee must be a share in [0, 1), got {}",
                                    io::GotNumber(*fee)));
        } else if (base.empty()) {
          diag->Error(file, where.Line(ptr), fmt::format("scenario '{}'", name), "wrong-type",
                      "a scenario with a swap fee needs its \"file\" (the .scn it is for)");
        } else {
          out->scenario_swap_fee[base] = fee->get<double>();
        }
      }
      // Keys an entry holds (`run` reads file, description and the transit; the rest are
      // the case's record): a misspelt "swap_fees" ran at the file-wide fee unsaid.
      unknown_keys(s, ptr, fmt::format("scenario '{}'", name),
                   {"file", "description", "russian_transit_bcm_y_20C", "swap_fee",
                    "swap_turkmen_input_1000m3_per_h", "swap_delivered_at_astara_1000m3_per_h",
                    "russian_transit_1000m3_per_h", "flows_1000m3_per_h", "flow_provenance",
                    "winter"});
      auto q = s.find("swap_turkmen_input_1000m3_per_h");
      if (q == s.end()) continue;
      if (!q->is_number() || !(q->get<double>() >= 0.0) ||
          q->get<double>() > kMaxSwapInput_1000m3_per_h) {
        if (!is_fault(ptr + "/swap_turkmen_input_1000m3_per_h", *q))
          diag->Error(file, where.Line(ptr + "/swap_turkmen_input_1000m3_per_h"),
                      fmt::format("scenario '{}'", name),
                      q->is_number() ? "out-of-range" : "wrong-type",
                      fmt::format("swap_turkmen_input_1000m3_per_h must be a number in [0, {:.6g}] "
                                  "(1e6 mcm/d), got {}",
                                  kMaxSwapInput_1000m3_per_h, io::GotNumber(*q)));
        continue;
      }
      if (base.empty()) {
        diag->Error(file, where.Line(ptr), fmt::format("scenario '{}'", name), "wrong-type",
                    "a scenario with a swap input needs its \"file\" (the .scn it is for)");
        continue;
      }
      out->scenario_swap_input_m3_per_s[base] = q->get<double>() * 1000.0 / 3600.0;
    }
  }

  // Swap.
  auto wit = doc.find("swap");
  // A scenario's swap input or fee without a swap to apply it to: the swap balance was
  // dropped without a word (not even "Swap : none").
  // One finding, at the first such entry.
  if (wit == doc.end() && sit != doc.end() && sit->is_object()) {
    std::string first, first_ptr;
    int more = 0;
    for (auto& [name, entry] : sit->items()) {
      if (!entry.is_object()) continue;
      for (const char* key : {"swap_turkmen_input_1000m3_per_h", "swap_fee"}) {
        if (!entry.contains(key)) continue;
        if (first.empty()) {
          first = name;
          first_ptr = io::PointerAppend(io::PointerAppend("/scenarios", name), key);
        } else if (name != first) {
          ++more;
        }
        break;
      }
    }
    if (!first.empty())
      diag->Warning(file, where.Line(first_ptr), fmt::format("scenario '{}'", first), "no-swap",
                    fmt::format("gives a swap input or fee{}, but the file has no \"swap\": "
                                "no swap balance is made",
                                more == 0 ? std::string()
                                          : fmt::format(" (and {} other scenario{})", more,
                                                        more == 1 ? "" : "s")));
  }
  if (wit != doc.end()) {
    // Each problem at the line of the value it is about, or of "swap" where it is missing.
    const int line = where.Line("/swap");
    auto at = [&](const char* key) {
      return wit->is_object() && wit->contains(key) ? where.Line(std::string("/swap/") + key)
                                                    : line;
    };
    if (!wit->is_object()) {
      if (!is_fault("/swap", *wit))
        diag->Error(file, line, "swap", "wrong-type", "swap must be an object");
      return;
    }
    unknown_keys(*wit, "/swap", "swap",
                 {"fee", "fee_provenance", "supplier_entries", "turkmen_entries",
                  "supplier_group", "delivery_border_point", "delivery_point",
                  "delivery_direction", "input_1000m3_per_h", "provenance", "note"});
    SwapSpec sw;
    bool ok = true;
    auto fee = wit->find("fee");
    if (fee != wit->end()) {
      if (!fee->is_number() || !(fee->get<double>() >= 0.0 && fee->get<double>() < 1.0)) {
        if (!is_fault("/swap/fee", *fee))
          diag->Error(file, at("fee"), "swap", "bad-fee",
                      fmt::format("fee must be a share in [0, 1), got {}", io::GotNumber(*fee)));
        ok = false;
      } else {
        sw.fee = fee->get<double>();
        // (The file's name alone: the main job's report is the same wherever it runs.)
        sw.fee_provenance = std::filesystem::path(file).filename().string() + " swap.fee";
      }
    }
    bool group_typed = true;
    sw.supplier_group = string_at(*wit, "/swap", "supplier_group", "swap",
                                  "a string (a group name)", sw.supplier_group, &group_typed);
    ok = ok && group_typed;
    const char* entries_key =
        wit->contains("supplier_entries") ? "supplier_entries" : "turkmen_entries";
    // The key and its alias both given: the alias was dropped unsaid, whatever it listed.
    if (wit->contains("supplier_entries") && wit->contains("turkmen_entries")) {
      const bool same = (*wit)["supplier_entries"] == (*wit)["turkmen_entries"];
      const std::string m = fmt::format(
          "\"turkmen_entries\" is an alias of \"supplier_entries\", and both are given{}: "
          "give one",
          same ? " (alike)" : ", listing different entries; \"supplier_entries\" would count");
      if (same) {
        diag->Warning(file, at("turkmen_entries"), "swap", "duplicate-key", m);
      } else {
        diag->Error(file, at("turkmen_entries"), "swap", "conflicting-keys", m);
        ok = false;
      }
    }
    auto ent = wit->find(entries_key);
    bool entry_refused = false;
    if (ent != wit->end() && !ent->is_array()) {
      if (!is_fault(std::string("/swap/") + entries_key, *ent))
        diag->Error(file, at(entries_key), "swap", "wrong-type",
                    fmt::format("\"{}\" must be a list of source ids, got {}", entries_key,
                                io::GotValue(*ent)));
      ok = false;
    } else if (ent != wit->end()) {
      if (ent->empty())  // (taken as not given, unsaid)
        diag->Warning(file, at(entries_key), "swap", "empty-list",
                      fmt::format("\"{}\" lists no entry: the supplier group's sources are "
                                  "the swap's entries, as without the key",
                                  entries_key));
      const std::vector<int> entry_lines =
          where.ElementLines(std::string("/swap/") + entries_key);
      for (std::size_t k = 0; k < ent->size(); ++k) {
        const auto& e = (*ent)[k];
        if (!e.is_string() ||
            (opt.check_against_network && !IsSource(net, e.get<std::string>()))) {
          if (!is_fault(fmt::format("/swap/{}/{}", entries_key, k), e))
            diag->Error(file, k < entry_lines.size() ? entry_lines[k] : at(entries_key), "swap",
                        "unknown-source",
                        fmt::format("swap entry {} is not a source of the network",
                                    io::ShownValue(e)));
          ok = false;
          entry_refused = true;
          continue;
        }
        sw.supplier_entries.push_back(e.get<std::string>());
      }
    }
    if (!sw.supplier_entries.empty() && !wit->contains("supplier_group")) {
      // The group of the listed entries, when they share one.
      std::set<std::string> gs;
      for (const auto& e : sw.supplier_entries) {
        auto it = out->group_of.find(e);
        if (it != out->group_of.end()) gs.insert(it->second);
      }
      if (gs.size() == 1) sw.supplier_group = *gs.begin();
    } else if (!sw.supplier_entries.empty() && group_typed) {
      // Both given: the entries are the group's (an entry of another group was taken as the
      // supplier's input while its gas was counted as the other group's, unsaid).
      std::vector<std::string> others;
      for (const auto& e : sw.supplier_entries) {
        auto it = out->group_of.find(e);
        if (it != out->group_of.end() && it->second != sw.supplier_group)
          others.push_back(fmt::format("'{}' ({})", e, it->second));
      }
      if (!others.empty()) {
        diag->Error(file, at(entries_key), "swap", "conflicting-keys",
                    fmt::format("\"{}\" lists {} of another group than supplier_group '{}': "
                                "the swap's entries are the supplier group's sources",
                                entries_key, fmt::join(others, ", "), sw.supplier_group));
        ok = false;
      }
    }
    // Not where the group is the default that a refused entry's own group would have
    // replaced: "swap supplier group 'Turkmenistan' is not a group" followed unknown-source.
    if (group_typed && !(entry_refused && !wit->contains("supplier_group")) &&
        std::find(out->names.begin(), out->names.end(), sw.supplier_group) == out->names.end()) {
      diag->Error(file, at("supplier_group"), "swap", "unknown-group",
                  fmt::format("swap supplier group '{}' is not a group", sw.supplier_group));
      ok = false;
    }
    bool point_typed = true;
    sw.delivery_point = string_at(
        *wit, "/swap", "delivery_border_point", "swap", "a string (a border point id)",
        string_at(*wit, "/swap", "delivery_point", "swap", "a string (a border point id)", "",
                  &point_typed),
        &point_typed);
    ok = ok && point_typed;
    // A point given with errors of its own is not said again to be missing.
    if (point_typed && !wit->contains("delivery_border_point") &&
        !wit->contains("delivery_point")) {
      // (Read "swap delivery point '' is not a border point of this file".)
      std::vector<std::string> ids(point_ids.begin(), point_ids.end());
      if (ids.size() > 10) ids.resize(10), ids.push_back("...");
      diag->Error(file, line, "swap", "missing-key",
                  fmt::format("the swap names no delivery point: give \"delivery_border_point\", "
                              "{}",
                              ids.empty() ? std::string("and the border point it names in "
                                                        "\"border_points\"")
                                          : fmt::format("one of {}", fmt::join(ids, ", "))));
      ok = false;
    } else if (point_typed && !point_ids.count(sw.delivery_point)) {
      diag->Error(file,
                  at(wit->contains("delivery_border_point") ? "delivery_border_point"
                                                            : "delivery_point"),
                  "swap", "unknown-point",
                  fmt::format("swap delivery point '{}' is not a border point of this file",
                              sw.delivery_point));
      ok = false;
    }
    bool direction_typed = true;
    sw.delivery_direction = string_at(*wit, "/swap", "delivery_direction", "swap",
                                      "a string (\"FROM->TO\")", sw.delivery_direction,
                                      &direction_typed);
    ok = ok && direction_typed;
    std::string f, t;
    if (!direction_typed) {
      // said above
    } else if (!SplitDirection(sw.delivery_direction, &f, &t)) {
      diag->Error(file, at("delivery_direction"), "swap", "bad-direction",
                  fmt::format("delivery_direction must read \"FROM->TO\", got \"{}\"",
                              sw.delivery_direction));
      ok = false;
    } else {
      // Kept in the form it was checked in: tracking compares the two countries with the
      // delivery point's, and "IR -> AZ" (accepted here) matched neither, so the delivery
      // was counted as 0.
      sw.delivery_direction = f + "->" + t;
      // The direction names the delivery point's two countries, in its own order (then the
      // delivery is the point's positive flow) or the other (its negative flow). Any other
      // pair was tracked as "nothing delivered": the default IR->AZ on a network whose point
      // runs X->Y gave an all-zero balance, exit 0.
      auto dp = std::find_if(out->points.begin(), out->points.end(),
                             [&](const AccountingPoint& p) { return p.id == sw.delivery_point; });
      if (dp != out->points.end() && !(f == dp->from_country && t == dp->to_country) &&
          !(f == dp->to_country && t == dp->from_country)) {
        diag->Error(file, at("delivery_direction"), "swap", "bad-direction",
                    fmt::format("delivery_direction \"{}\"{} matches neither {}->{} nor {}->{}, "
                                "the countries of delivery point '{}'",
                                sw.delivery_direction,
                                wit->contains("delivery_direction")
                                    ? ""
                                    : " (the default: none given)",
                                dp->from_country, dp->to_country, dp->to_country,
                                dp->from_country, dp->id));
        ok = false;
      }
    }
    auto in = wit->find("input_1000m3_per_h");
    if (in != wit->end()) {
      if (!in->is_number() || !(in->get<double>() >= 0.0) ||
          in->get<double>() > kMaxSwapInput_1000m3_per_h) {
        if (!is_fault("/swap/input_1000m3_per_h", *in))
          diag->Error(file, at("input_1000m3_per_h"), "swap",
                      in->is_number() ? "out-of-range" : "wrong-type",
                      fmt::format("input_1000m3_per_h must be a number in [0, {:.6g}] "
                                  "(1e6 mcm/d), got {}",
                                  kMaxSwapInput_1000m3_per_h, io::GotNumber(*in)));
        ok = false;
      } else {
        sw.input_m3_per_s = in->get<double>() * 1000.0 / 3600.0;
        sw.input_provenance = file + " swap.input_1000m3_per_h";
      }
    }
    if (ok) out->swap = sw;
  }
}

void ReadCsv(const std::string& text, const std::string& file, const Network& net,
             const GroupsReadOptions& opt, OriginGroups* out, Diagnostics* diag) {
  std::istringstream in(io::UnixLineEnds(text));
  std::string raw;
  int line = 0;
  bool first_content = true;  // the header may be the first line with content
  std::unordered_set<std::string> known(out->names.begin(), out->names.end());
  while (std::getline(in, raw)) {
    ++line;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::string s = Trim(raw);
    if (s.empty() || s[0] == '#') continue;
    const bool header_place = first_content;
    first_content = false;
    // (RFC 4180 fields, as the controls file: a group "A,B" in quotes is one field.)
    std::vector<std::string> cells;
    std::string why;
    if (!io::SplitCsvRecord(s, &cells, &why)) {
      diag->Error(file, line, "", "malformed-line", fmt::format("{} in \"{}\"", why, s));
      continue;
    }
    // A controls file given as the groups: said once, as what it is (each of its lines was
    // a malformed line, and the file "defined no group").
    if (header_place && cells.size() == 3 && io::AsciiLower(cells[0]) == "id" &&
        io::AsciiLower(cells[1]) == "mode" && io::AsciiLower(cells[2]) == "value") {
      diag->Error(file, line, "", "wrong-file-kind",
                  "this is a controls file (header id,mode,value), which `simulate`, `track` "
                  "and `check` take as `--controls FILE`, not a groups file (CSV "
                  "source_id,group or JSON, docs/tracking.md); nothing else of it is read");
      return;
    }
    if (cells.size() != 2) {
      diag->Error(file, line, "", "malformed-line",
                  fmt::format("expected \"source_id,group\" (2 fields), got {} in \"{}\"",
                              cells.size(), s));
      continue;
    }
    const std::string sid = cells[0], grp = cells[1];
    if (header_place && sid == "source_id" && grp == "group") continue;  // header
    // (The rules of the JSON form: an empty id is empty-id, an empty group a bad name.)
    if (sid.empty() || grp.empty()) {
      if (sid.empty())
        diag->Error(file, line, grp.empty() ? std::string() : "group '" + io::Shown(grp) + "'",
                    "empty-id", fmt::format("the source id is empty in \"{}\"", s));
      if (grp.empty())
        diag->Error(file, line, sid.empty() ? std::string() : "source '" + io::Shown(sid) + "'",
                    "bad-group-name", fmt::format("the group is empty in \"{}\"", s));
      continue;
    }
    // (A set beside the list: searching the list at each row made 160 000 groups take 16 s.)
    if (known.insert(grp).second) {
      CheckGroupName(grp, file, line, opt, diag);  // once, at its first row
      out->names.push_back(grp);
    }
    AddMember(net, opt.check_against_network, file, line, grp, sid, out, diag);
  }
  if (first_content) {  // (blanks and comments alone: empty-file, as every reader says it)
    diag->Error(file, 1, "", "empty-file",
                "the groups file is empty: no line \"source_id,group\" (only blank or # lines)");
    return;
  }
  CheckCompleteness(net, file, 1, opt, out, diag);
}

}  // namespace

Status GroupsReadOptions::Validate() const {
  internal::Problems problems("GroupsReadOptions", &Status::InvalidArgument);
  if (other_group_name.empty())
    problems.Add("GroupsReadOptions.other_group_name must not be empty (the group of the "
                 "sources no group names)");
  if (unassigned_group_name.empty())
    problems.Add("GroupsReadOptions.unassigned_group_name must not be empty");
  if (!other_group_name.empty() && other_group_name == unassigned_group_name)
    problems.Add(fmt::format(
        "GroupsReadOptions: other_group_name and unassigned_group_name are both '{}': the "
        "ungrouped sources' gas would merge with gas of no group",
        Printable(other_group_name)));
  return problems.ToStatus();
}

Status ReadOriginGroupsFromString(const std::string& text, const std::string& path,
                                  const Network& network, const GroupsReadOptions& options,
                                  OriginGroups* out, Diagnostics* diag) {
  if (out == nullptr || diag == nullptr)
    return Status::InvalidArgument("ReadOriginGroups: out and diag must not be null");
  if (Status s = options.Validate(); !s.ok()) return s;
  if (options.check_against_network && IndexLooksStale(network))
    return StaleIndex("ReadOriginGroups");
  return file_internal::CatchOutOfMemory(path, diag, [&] {
    OriginGroups result;  // handed over only when clean
    result.source_file = path;
    const std::size_t errors_before = diag->error_count();
    // Spreadsheets save CSV with a UTF-8 byte-order mark: it is not part of the first
    // cell. It holds no newline, so lines keep their numbers once it is dropped.
    const bool bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0;
    const std::string stripped = bom ? text.substr(3) : std::string();
    const std::string& body = bom ? stripped : text;
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    const bool json = first != std::string::npos && (body[first] == '{' || body[first] == '[');
    // Group names are free text that ends up in CSV headers and JSON reports: a CSV file
    // that is not UTF-8 is refused as a whole, as the GasLib readers do (and the JSON
    // parser does for JSON).
    // UTF-16 first: a UTF-16 JSON file without a byte-order mark starts with '{' too.
    const bool utf16 = io::StartsUtf16(text);
    const std::size_t bad = json || utf16 ? std::string::npos : io::FirstInvalidUtf8(text);
    // XML, a case's file given as the groups: once, naming what it is (a .net gave one
    // malformed-line error per line of XML, up to the cap), as the controls reader does.
    const bool xml = !utf16 && first != std::string::npos && body[first] == '<';
    if (utf16) {
      diag->Error(path, 1, "", "bad-utf8", io::WideRefusal(text));
    } else if (xml) {
      diag->Error(path, io::LineOfOffset(body, first), "", "wrong-file-kind",
                  fmt::format("this is {}, not a groups file (CSV or JSON, docs/tracking.md)",
                              io::XmlKindWords(body)));
    } else if (json)
      ReadJson(body, path, network, options, &result, diag);
    else if (bad != std::string::npos)
      diag->Error(path, io::LineOfOffset(text, bad), "", "bad-utf8",
                  fmt::format("the file is not valid UTF-8: byte 0x{:02X} at offset {}",
                              static_cast<unsigned char>(text[bad]), bad));
    else
      ReadCsv(body, path, network, options, &result, diag);
    const std::size_t errors = diag->error_count() - errors_before;
    if (errors > 0)
      return Status::InvalidInput(fmt::format("{}: {} error{} in the groups file", Printable(path),
                                              errors, errors == 1 ? "" : "s"));
    *out = std::move(result);
    return Status::Ok();
  });
}

Status ReadOriginGroups(const std::string& path, const Network& network,
                        const GroupsReadOptions& options, OriginGroups* out,
                        Diagnostics* diag) {
  if (diag == nullptr) return Status::InvalidArgument("ReadOriginGroups: diag must not be null");
  if (Status s = options.Validate(); !s.ok()) return s;
  std::string text;
  if (Status s = ReadFileReporting(path, &text, diag); !s.ok()) return s;
  return ReadOriginGroupsFromString(text, path, network, options, out, diag);
}

OriginGroups GroupPerSource(const Network& network) {
  OriginGroups g;
  for (const Node& n : network.nodes) {
    if (n.kind != NodeKind::kSource) continue;
    g.names.push_back(n.id);
    g.group_of[n.id] = n.id;
  }
  return g;
}

double NominatedSwapSupply(const SwapSpec& swap, const OriginGroups& groups,
                           const Nomination& nomination) {
  double supply = 0.0;
  for (const NodeNomination& nn : nomination.nodes) {
    bool in = false;
    if (!swap.supplier_entries.empty()) {
      in = std::find(swap.supplier_entries.begin(), swap.supplier_entries.end(), nn.node_id) !=
           swap.supplier_entries.end();
    } else {
      const auto g = groups.group_of.find(nn.node_id);
      in = g != groups.group_of.end() && g->second == swap.supplier_group;
    }
    if (in) supply += nn.is_entry ? nn.flow() : -nn.flow();
  }
  return supply;
}

Status SwapForNomination(const OriginGroups& groups, const Nomination& nomination,
                         const SwapGiven& given, SwapSpec* out) {
  if (out == nullptr) return Status::InvalidArgument("SwapForNomination: out must not be null");
  if (!groups.swap)
    return Status::InvalidArgument(
        "a swap input or fee is given, but the groups define no swap [no-swap]");
  SwapSpec swap = *groups.swap;
  // The most specific wins: the one given, then the scenario's own entry, then the file-wide
  // swap's (which used to win over the scenario's entry).
  const std::string scn = std::filesystem::path(nomination.source_file).filename().string();
  if (given.fee >= 0.0) {
    swap.fee = given.fee;
    swap.fee_provenance = given.fee_provenance;
  } else if (auto f = groups.scenario_swap_fee.find(scn); f != groups.scenario_swap_fee.end()) {
    swap.fee = f->second;
    swap.fee_provenance = fmt::format(
        "{} scenarios entry for {}",
        std::filesystem::path(groups.source_file).filename().string(), scn);
  }
  if (given.input_m3_per_s >= 0.0) {
    swap.input_m3_per_s = given.input_m3_per_s;
    swap.input_provenance = given.input_provenance;
  } else if (auto it = groups.scenario_swap_input_m3_per_s.find(scn);
             it != groups.scenario_swap_input_m3_per_s.end()) {
    swap.input_m3_per_s = it->second;
    swap.input_provenance = fmt::format("{} scenarios entry for {}", groups.source_file, scn);
  }
  // More than the nomination supplies is a contradiction, whichever gave it (an input of
  // 120 mcm/d beside 28.7 of Turkmen gas read "swapper owes 85.7 mcm/d", exit 0).
  const double supply = NominatedSwapSupply(swap, groups, nomination);
  if (swap.input_m3_per_s > supply * (1.0 + 1e-9) + 1e-9)
    return Status::InvalidArgument(fmt::format(
        "the swap input, {:.6g} mcm/d ({}), exceeds the {:.6g} mcm/d (0 degC) that {} injects "
        "at the swap's supplier ({}): the swap cannot take in more gas than it supplies "
        "[swap-exceeds-supply]",
        swap.input_m3_per_s * 86400.0 / 1e6,
        swap.input_provenance.empty() ? "the groups file's swap" : swap.input_provenance,
        supply * 86400.0 / 1e6, nomination.source_file,
        swap.supplier_entries.empty()
            ? "the sources of group '" + swap.supplier_group + "'"
            : fmt::format("supplier_entries {}", fmt::join(swap.supplier_entries, ", "))));
  *out = std::move(swap);
  return Status::Ok();
}

}  // namespace corridor
