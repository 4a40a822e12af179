// GasLib .net (network) and .scn (nomination) readers.
//
// The files are read with pugixml into a DOM, then walked element by element. Every
// element keeps the line it came from (pugixml gives byte offsets; LineIndex maps them).
// Units are converted to SI here and nowhere else (xml_util.h's ToSI table lists the
// units GasLib uses; SCHEMA.md describes where each occurs). The readers check syntax,
// units and number formats, and reject values that no physical quantity can take
// (a negative diameter, a negative absolute pressure); whether the network makes sense
// as a whole is validate.cpp's job. After an error the reader carries on, so that one
// run lists every problem of a file.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "io/as_read.h"
#include "io/text.h"
#include "io/xml_util.h"

namespace corridor {
namespace {

using io::Quantity;
using io::XmlContext;

// At most this many distinct child tags per element kind (a source has 14).
constexpr std::size_t kMaxSlots = 24;

/// The children of one element, looked up once by local name. Unknown children are
/// reported as warnings (a misspelled required child also shows up as missing).
class Children {
 public:
  Children(const XmlContext& ctx, const pugi::xml_node& elem, const std::string& element,
           std::initializer_list<std::string_view> known)
      : count_(known.size()) {
    std::size_t j = 0;
    for (std::string_view k : known) known_[j++] = k;
    for (pugi::xml_node c = elem.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = io::LocalName(c);
      std::size_t i = 0;
      while (i < count_ && !io::SameText(known_[i], name)) ++i;
      if (i == count_) {
        ctx.Warning(c, element, "unknown-child",
                    fmt::format("unknown child <{}> ignored (expected {})", c.name(), Expected()));
      } else if (slots_[i] && SameContent(slots_[i], c)) {
        ctx.Warning(c, element, "duplicate-child",
                    fmt::format("<{}> given twice; the first, on line {}, is used", name,
                                ctx.Line(slots_[i])));
      } else if (slots_[i]) {
        // Two different values (a pipe's <length> of 55 km and of 5 km): which one is meant
        // is not for the reader to guess (the first was used, with a warning, and the case
        // was "usable").
        ctx.Error(c, element, "conflicting-child",
                  fmt::format("<{}> given twice with different content ({} on line {}, {} "
                              "here): keep the one that is meant",
                              name, Shown(slots_[i]), ctx.Line(slots_[i]), Shown(c)));
        ++conflicts_[i];
      } else {
        slots_[i] = c;
      }
    }
  }

  // Whether two elements say the same: equal attributes in order and equal text.
  static bool SameContent(const pugi::xml_node& a, const pugi::xml_node& b) {
    pugi::xml_attribute x = a.first_attribute(), y = b.first_attribute();
    for (; x && y; x = x.next_attribute(), y = y.next_attribute())
      if (std::string_view(x.name()) != y.name() || std::string_view(x.value()) != y.value())
        return false;
    return !x && !y && std::string_view(a.child_value()) == b.child_value();
  }
  // An element's attributes as written, for a message (at most 80 characters).
  static std::string Shown(const pugi::xml_node& e) {
    std::string out;
    for (pugi::xml_attribute x = e.first_attribute(); x; x = x.next_attribute())
      out += fmt::format("{}{}=\"{}\"", out.empty() ? "" : " ", x.name(), x.value());
    if (out.empty()) out = fmt::format("'{}'", e.child_value());
    if (out.size() > 80) out = out.substr(0, 77) + "...";
    return out;
  }

  pugi::xml_node Get(std::string_view name) const {
    for (std::size_t i = 0; i < count_; ++i)
      if (io::SameText(known_[i], name)) return slots_[i];
    return {};
  }
  /// How many conflicting-child errors the child `name` raised (its value is then refused).
  unsigned Conflicts(std::string_view name) const {
    for (std::size_t i = 0; i < count_; ++i)
      if (io::SameText(known_[i], name)) return conflicts_[i];
    return 0;
  }

 private:
  std::string Expected() const {
    std::string s;
    for (std::size_t i = 0; i < count_; ++i) {
      std::string_view k = known_[i];
      if (!s.empty()) s += ", ";
      s += "<";
      s += k;
      s += ">";
    }
    return s;
  }
  std::size_t count_ = 0;
  std::array<std::string_view, kMaxSlots> known_{};
  std::array<pugi::xml_node, kMaxSlots> slots_{};
  std::array<unsigned, kMaxSlots> conflicts_{};
};

/// For one node or arc: the line of the child each value was read from (Node::field_lines,
/// Arc::field_lines), and which values the reader reported (ReadErrors::node_fields,
/// arc_fields), told apart by the errors raised while each was read. An error raised
/// outside them (none is now) leaves every value refused: validation then checks none.
template <class Field>
class ValueLog {
 public:
  /// Construct before the element's first error can be raised.
  ValueLog(const XmlContext& ctx, std::int32_t* lines)
      : ctx_(ctx), lines_(lines), start_(ctx.diag->error_count()) {}

  /// Reads value `f` from child `tag` (`read` reads and reports it): notes the child's
  /// line, and the value as refused where it raised an error, or where the child was given
  /// twice with different content (Children's conflicting-child).
  template <class Read>
  void Take(Field f, const Children& ch, std::string_view tag, Read&& read) {
    if (pugi::xml_node c = ch.Get(tag)) lines_[static_cast<int>(f)] = ctx_.Line(c);
    if (const unsigned n = ch.Conflicts(tag); n > 0) {
      refused_ |= FieldBit(f);
      attributed_ += n;
    }
    Note(FieldBit(f), std::forward<Read>(read));
  }
  /// Runs `read`, a read of values without a child (an attribute) or a rule between
  /// values (incomplete-loss): the values of `bits` are refused where it raised an error.
  template <class Read>
  void Note(std::uint32_t bits, Read&& read) {
    const std::size_t before = ctx_.diag->error_count();
    read();
    if (const std::size_t raised = ctx_.diag->error_count() - before; raised > 0) {
      refused_ |= bits;
      attributed_ += raised;
    }
  }
  /// The values refused; every bit where an error of the element was none of them.
  std::uint32_t Refused() const {
    return ctx_.diag->error_count() - start_ > attributed_ ? ~std::uint32_t{0} : refused_;
  }

 private:
  const XmlContext& ctx_;
  std::int32_t* lines_;
  std::size_t start_;
  std::size_t attributed_ = 0;
  std::uint32_t refused_ = 0;
};

/// Shared reading helpers for one file.
class Reader {
 public:
  explicit Reader(XmlContext ctx) : ctx_(std::move(ctx)) {}

  const XmlContext& ctx() const { return ctx_; }

  /// Reads a required value child; reports it when missing.
  bool Required(const pugi::xml_node& parent, const Children& ch, std::string_view tag,
                Quantity q, const std::string& element, double* out) const {
    pugi::xml_node c = ch.Get(tag);
    if (!c) {
      ctx_.Error(parent, element, "missing-element",
                 fmt::format("required child <{}> is missing", tag));
      return false;
    }
    return io::ReadValueOf(ctx_, c, q, element, out);
  }

  /// Reads an optional value child: absent gives nullopt silently, bad gives a message.
  std::optional<double> Optional(const Children& ch, std::string_view tag, Quantity q,
                                 const std::string& element) const {
    pugi::xml_node c = ch.Get(tag);
    if (!c) return std::nullopt;
    double v = 0.0;
    if (!io::ReadValueOf(ctx_, c, q, element, &v)) return std::nullopt;
    return v;
  }

  /// Reports a value that no physical quantity of this kind can take (negative).
  void NonNegative(const pugi::xml_node& parent, const Children& ch, std::string_view tag,
                   const std::string& element, double si) const {
    if (si >= 0.0) return;
    pugi::xml_node c = ch.Get(tag);
    // In the quantity's words, as the .scn and JSON readers say it: -1.5 barg "must not be
    // negative" where -0.5 barg passes, -300 degC where -10 degC passes.
    const bool temperature = tag.ends_with("Temperature");
    const bool pressure = tag == "pressureMin" || tag == "pressureMax" ||
                          tag == "pressureInMin" || tag == "pressureOutMax" ||
                          tag == "pseudocriticalPressure";
    // (A unitless value, a drag factor, printed "got -1  [negative-value]".)
    const std::string unit = c.attribute("unit").value();
    ctx_.Error(c ? c : parent, element, "negative-value",
               fmt::format("<{}> {}, got {}{}", tag,
                           temperature ? "is below absolute zero"
                           : pressure  ? "must not be below vacuum"
                                       : "must not be negative",
                           c.attribute("value").value(), unit.empty() ? "" : " " + unit));
  }
  void NonNegative(const pugi::xml_node& parent, const Children& ch, std::string_view tag,
                   const std::string& element, const std::optional<double>& si) const {
    if (si) NonNegative(parent, ch, tag, element, *si);
  }

  /// Reads a required string attribute, an id (all its callers read ids); reports it when
  /// missing (missing-attribute) or empty (empty-id, as every reader says an empty id).
  /// `a` is e's attribute `name`, looked up by the caller (io::Attributes).
  /// An attribute given twice (ParseXml's duplicate-attribute) is not judged: its first
  /// copy is returned as it is, for naming.
  std::string RequiredAttribute(const pugi::xml_node& e, pugi::xml_attribute a,
                                const char* name, const std::string& element) const {
    if ((!a || a.value()[0] == '\0') && !ctx_.Repeated(a)) {
      ctx_.Error(e, element, a ? "empty-id" : "missing-attribute",
                 fmt::format("<{}> has {} '{}' attribute", e.name(), a ? "an empty" : "no",
                             name));
      return {};
    }
    return a.value();
  }

  std::string RequiredAttribute(const pugi::xml_node& e, const char* name,
                                const std::string& element) const {
    return RequiredAttribute(e, e.attribute(name), name, element);
  }

  /// An id or a reference to one (id, from, to, fuelGasVertex), as RequiredAttribute.
  /// White space at its start or end (id=" exit01", from="N01 ") is an error (rule bad-id):
  /// ids are matched as written, and it fanned out into dangling-arc, unknown-node and
  /// missing-nomination findings with no hint of the cause. The id is then handed on without
  /// the white space, so that what names it is checked as meant and the one mistake stays
  /// one finding; the error keeps the case from being used.
  std::string RequiredId(const pugi::xml_node& e, pugi::xml_attribute a, const char* name,
                         const std::string& element) const {
    return TrimmedId(e, a, name, element, RequiredAttribute(e, a, name, element));
  }
  std::string RequiredId(const pugi::xml_node& e, const char* name,
                         const std::string& element) const {
    return RequiredId(e, e.attribute(name), name, element);
  }
  std::string TrimmedId(const pugi::xml_node& e, pugi::xml_attribute a, const char* name,
                        const std::string& element, std::string id) const {
    const std::string where = io::IdWhiteSpace(id);
    if (where.empty() || ctx_.Repeated(a)) return id;
    ctx_.Error(e, element, "bad-id", io::IdWhiteSpaceMessage(name, id, where));
    return std::string(io::TrimIdSpace(id));
  }

  /// Reads an optional numeric attribute (x, y, geoWGS84Lat...); one given twice (reported
  /// by ParseXml) is refused without a word.
  std::optional<double> NumberAttribute(const pugi::xml_node& e, pugi::xml_attribute a,
                                        const char* name, const std::string& element) const {
    if (!a || ctx_.Repeated(a)) return std::nullopt;
    double v = 0.0;
    if (!io::ParseFiniteDouble(a.value(), &v)) {
      ctx_.Error(e, element, io::NumberRule(a.value()),
                 fmt::format("attribute {}='{}' {}", name, a.value(),
                             io::NotFiniteDoubleWhy(a.value())));
      return std::nullopt;
    }
    return v;
  }

  /// Reads an optional 0/1 flag attribute.
  std::optional<int> FlagAttribute(const pugi::xml_node& e, const char* name,
                                   const std::string& element) const {
    pugi::xml_attribute a = e.attribute(name);
    if (!a || ctx_.Repeated(a)) return std::nullopt;  // given twice: reported by ParseXml
    int v = 0;
    if (!io::ParseInt(a.value(), &v) || (v != 0 && v != 1)) {
      ctx_.Error(e, element, "bad-flag",
                 fmt::format("attribute {}='{}' must be 0 or 1", name, a.value()));
      return std::nullopt;
    }
    return v;
  }

 private:
  XmlContext ctx_;
};

/// Warns about every attribute of `e` that GasLib does not define for it (rule
/// unknown-attribute): a misspelt geoWGS84Long would otherwise drop the longitude without a
/// word. Namespace declarations and xsi: attributes are accepted anywhere.
/// `known` holds what every element of its family has, `more` what its kind adds.
void WarnUnknownAttributes(const XmlContext& ctx, const pugi::xml_node& e,
                           const std::string& element, std::span<const std::string_view> known,
                           std::span<const std::string_view> more = {}) {
  for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if (name.substr(0, 5) == "xmlns" || name.substr(0, 4) == "xsi:") continue;
    bool ok = false;
    for (std::string_view k : known) ok = ok || io::SameText(k, name);
    for (std::string_view k : more) ok = ok || io::SameText(k, name);
    if (ok) continue;
    if (ctx.RepeatCopy(a)) continue;  // given twice: its first copy is warned about, once
    std::string expected;
    for (auto list : {known, more})
      for (std::string_view k : list) expected.append(expected.empty() ? "" : ", ").append(k);
    ctx.Warning(e, element, "unknown-attribute",
                fmt::format("unknown attribute {}='{}' ignored ({})", name, a.value(),
                            expected.empty() ? std::string("<" + std::string(e.name()) +
                                                           "> has none but namespace "
                                                           "declarations and xsi: ones")
                                             : "expected " + expected));
  }
}

/// A geographic position must be whole and on the globe: a node with only one of
/// geoWGS84Lat/Long, or with a latitude outside [-90, 90] or a longitude outside
/// [-180, 180], is warned about (rules half-position, bad-position); such a node has no
/// usable position, and the GeoJSON export treats it as having none.
void CheckPosition(const XmlContext& ctx, const pugi::xml_node& e, const std::string& element,
                   const std::optional<double>& lat, const std::optional<double>& lon) {
  if (lat.has_value() != lon.has_value()) {
    ctx.Warning(e, element, "half-position",
                fmt::format("{} is given without {}: the node has no geographic position",
                            lat ? "geoWGS84Lat" : "geoWGS84Long",
                            lat ? "geoWGS84Long" : "geoWGS84Lat"));
    return;
  }
  if (lat && !(*lat >= -90.0 && *lat <= 90.0))
    ctx.Warning(e, element, "bad-position",
                fmt::format("geoWGS84Lat={} is outside [-90, 90] degrees", *lat));
  if (lon && !(*lon >= -180.0 && *lon <= 180.0))
    ctx.Warning(e, element, "bad-position",
                fmt::format("geoWGS84Long={} is outside [-180, 180] degrees", *lon));
}

std::string ElementName(std::string_view kind, std::string_view id) {
  // Once per element (8 600 in GasLib-4197): plain appends, fmt::format showed in profiles.
  std::string s;
  s.reserve(kind.size() + id.size() + 10);
  s.append(kind);
  if (id.empty()) return s.append(" (no id)");
  return s.append(" '").append(id).append("'");
}

/// What a root element says about the file, for "wrong root" messages.
std::string DescribeRoot(std::string_view root) {
  if (root == "network") return "a GasLib network (.net)";
  if (root == "boundaryValue") return "a GasLib nomination (.scn)";
  if (root == "compressorStations") return "GasLib compressor-station data (.cs)";
  if (root == "combinedDecisions") return "GasLib combined decisions (.cdf)";
  return "not a GasLib file";
}

bool CheckRoot(const XmlContext& ctx, const pugi::xml_document& doc, std::string_view want,
               std::string_view what, pugi::xml_node* root) {
  *root = doc.document_element();
  std::string_view got = io::LocalName(*root);
  if (got == want) {
    // Elements are matched by their local names. A root in another namespace than GasLib's,
    // or with a prefix declared nowhere (no namespace-well-formed XML), was read without a
    // word (helper-290): said, and read as GasLib all the same.
    const std::string_view name = root->name();
    const std::size_t colon = name.find(':');
    const std::string prefix(colon == std::string_view::npos ? "" : name.substr(0, colon));
    const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    const pugi::xml_attribute ns = root->attribute(attr.c_str());
    if (!ns && !prefix.empty())
      ctx.Warning(*root, "", "undeclared-prefix",
                  fmt::format("the root's prefix '{}' is declared nowhere (no {} attribute): "
                              "not namespace-well-formed XML; read as GasLib all the same",
                              prefix, attr));
    else if (ns && std::string_view(ns.value()).rfind("http://gaslib.zib.de/", 0) != 0)
      ctx.Warning(*root, "", "foreign-namespace",
                  fmt::format("the root <{}> is in the namespace '{}', not GasLib's "
                              "(http://gaslib.zib.de/...); read as GasLib all the same",
                              name, ns.value()));
    return true;
  }
  ctx.Error(*root, "", "wrong-root",
            fmt::format("expected {} with root element <{}>, found <{}> ({})", what, want,
                        root->name(), DescribeRoot(got)));
  return false;
}

// --------------------------------------------------------------------------------------
// .net

void ReadSideLoss(const Reader& r, const pugi::xml_node& e, const Children& ch,
                  const std::string& element, std::string_view loss_tag,
                  std::string_view drag_tag, std::string_view diameter_tag,
                  const SideLossFields& fields, ValueLog<ArcField>* log, SideLoss* out) {
  log->Take(fields.loss, ch, loss_tag, [&] {
    out->pressure_loss_Pa = r.Optional(ch, loss_tag, Quantity::kPressureDiff, element);
    r.NonNegative(e, ch, loss_tag, element, out->pressure_loss_Pa);
  });
  log->Take(fields.drag, ch, drag_tag, [&] {
    out->drag_factor = r.Optional(ch, drag_tag, Quantity::kDimensionless, element);
    r.NonNegative(e, ch, drag_tag, element, out->drag_factor);
  });
  log->Take(fields.diameter, ch, diameter_tag, [&] {
    out->diameter_m = r.Optional(ch, diameter_tag, Quantity::kDiameter, element);
    r.NonNegative(e, ch, diameter_tag, element, out->diameter_m);
  });
  // The pair's own error: neither value is then judged (validation's incomplete-loss
  // would say it again).
  log->Note(FieldBit(fields.drag) | FieldBit(fields.diameter), [&] {
    const pugi::xml_node drag = ch.Get(drag_tag), diameter = ch.Get(diameter_tag);
    // (At the value given, the drag factor where both lines differ: docs/check.md. It named
    // the station's start tag.)
    if (static_cast<bool>(drag) != static_cast<bool>(diameter)) {
      r.ctx().Error(drag ? drag : diameter, element, "incomplete-loss",
                    fmt::format("<{}> and <{}> must be given together", drag_tag, diameter_tag));
    }
  });
}

// The attributes GasLib defines on every node (SCHEMA.md §2), on every arc, and on the arc
// kinds that have more (§3). The readers warn about any other (unknown-attribute).
constexpr std::array<std::string_view, 6> kNodeAttributes{"id", "alias", "x", "y", "geoWGS84Lat",
                                                          "geoWGS84Long"};
constexpr std::array<std::string_view, 4> kArcAttributes{"id", "from", "to", "alias"};
constexpr std::array<std::string_view, 2> kControlValveAttributes{"internalBypassRequired",
                                                                  "gasPreheaterExisting"};
constexpr std::array<std::string_view, 3> kStationAttributes{
    "fuelGasVertex", "internalBypassRequired", "gasCoolerExisting"};

/// Reads a node into net->nodes; returns the values it refused (ValueLog::Refused).
std::uint32_t ReadNode(const Reader& r, const pugi::xml_node& e, NodeKind kind, Network* net) {
  Node& n = net->nodes.emplace_back();  // built in place: a Node is 336 bytes
  n.kind = kind;
  n.line = r.ctx().Line(e);
  ValueLog<NodeField> log(r.ctx(), n.field_lines.data());
  const char* kind_name = NodeKindName(kind);
  const io::Attributes<6> at(e, kNodeAttributes);
  n.id = at.Get("id").value();
  const std::string element = ElementName(kind_name, n.id);
  log.Note(FieldBit(NodeField::kId),
           [&] { n.id = r.RequiredId(e, at.Get("id"), "id", element); });
  if (pugi::xml_attribute a = at.Get("alias")) {
    n.alias = a.value();
    n.has_alias = true;
  }
  log.Note(FieldBit(NodeField::kX),
           [&] { n.x = r.NumberAttribute(e, at.Get("x"), "x", element).value_or(0.0); });
  log.Note(FieldBit(NodeField::kY),
           [&] { n.y = r.NumberAttribute(e, at.Get("y"), "y", element).value_or(0.0); });
  log.Note(FieldBit(NodeField::kPosition), [&] {
    n.lat_deg = r.NumberAttribute(e, at.Get("geoWGS84Lat"), "geoWGS84Lat", element);
    n.lon_deg = r.NumberAttribute(e, at.Get("geoWGS84Long"), "geoWGS84Long", element);
  });
  WarnUnknownAttributes(r.ctx(), e, element, kNodeAttributes);
  // GasLib gives every node its x and y; one left out is taken as 0, and convert writes
  // x="0" as if the file had said it (helper-290): said.
  for (const char* xy : {"x", "y"})
    if (!at.Get(xy))
      r.ctx().Warning(e, element, "missing-coordinate",
                      fmt::format("no '{}' attribute: taken as 0 (GasLib gives every node its "
                                  "x and y)",
                                  xy));
  // Not where a coordinate given was refused (reported): "geoWGS84Long is given without
  // geoWGS84Lat" followed a not-a-number for geoWGS84Lat="abc".
  if (static_cast<bool>(at.Get("geoWGS84Lat")) == n.lat_deg.has_value() &&
      static_cast<bool>(at.Get("geoWGS84Long")) == n.lon_deg.has_value())
    CheckPosition(r.ctx(), e, element, n.lat_deg, n.lon_deg);

  const bool is_source = kind == NodeKind::kSource;
  const bool has_flow = kind != NodeKind::kInnode;
  Children ch = is_source
      ? Children(r.ctx(), e, element,
                 {"height", "pressureMin", "pressureMax", "flowMin", "flowMax", "gasTemperature",
                  "calorificValue", "normDensity", "coefficient-A-heatCapacity",
                  "coefficient-B-heatCapacity", "coefficient-C-heatCapacity", "molarMass",
                  "pseudocriticalPressure", "pseudocriticalTemperature"})
      : has_flow ? Children(r.ctx(), e, element,
                            {"height", "pressureMin", "pressureMax", "flowMin", "flowMax"})
                 : Children(r.ctx(), e, element, {"height", "pressureMin", "pressureMax"});

  // A required value, read and (where it cannot be negative) checked for that.
  auto required = [&](NodeField f, std::string_view tag, Quantity q, double* out,
                      bool non_negative) {
    log.Take(f, ch, tag, [&] {
      if (r.Required(e, ch, tag, q, element, out) && non_negative)
        r.NonNegative(e, ch, tag, element, *out);
    });
  };
  required(NodeField::kHeight, "height", Quantity::kHeight, &n.height_m, false);
  required(NodeField::kPressureMin, "pressureMin", Quantity::kPressure, &n.pressure_min_Pa, true);
  required(NodeField::kPressureMax, "pressureMax", Quantity::kPressure, &n.pressure_max_Pa, true);
  if (has_flow) {
    double v = 0.0;
    log.Take(NodeField::kFlowMin, ch, "flowMin", [&] {
      if (r.Required(e, ch, "flowMin", Quantity::kVolumeFlow, element, &v)) n.flow_min_m3_per_s = v;
    });
    log.Take(NodeField::kFlowMax, ch, "flowMax", [&] {
      if (r.Required(e, ch, "flowMax", Quantity::kVolumeFlow, element, &v)) n.flow_max_m3_per_s = v;
    });
  }
  if (is_source) {
    SourceGas g;
    required(NodeField::kGasTemperature, "gasTemperature", Quantity::kTemperature,
             &g.temperature_K, true);
    log.Take(NodeField::kCalorificValue, ch, "calorificValue", [&] {
      if (auto v = r.Optional(ch, "calorificValue", Quantity::kCalorific, element)) {
        g.calorific_value_J_per_m3 = *v;
        r.NonNegative(e, ch, "calorificValue", element, *v);
      }
    });
    required(NodeField::kNormDensity, "normDensity", Quantity::kDensity,
             &g.norm_density_kg_per_m3, true);
    double* coefficients[] = {&g.heat_capacity_A, &g.heat_capacity_B, &g.heat_capacity_C};
    const std::string_view coefficient_tags[] = {"coefficient-A-heatCapacity",
                                                 "coefficient-B-heatCapacity",
                                                 "coefficient-C-heatCapacity"};
    // (The three are one value, at the line of the first given: a finding on them was said
    // at coefficient C's line, where A was wrong.)
    std::int32_t first_line = 0;
    for (int k = 0; k < 3; ++k) {
      log.Take(NodeField::kHeatCapacity, ch, coefficient_tags[k], [&] {
        *coefficients[k] =
            r.Optional(ch, coefficient_tags[k], Quantity::kDimensionless, element).value_or(0.0);
      });
      if (first_line == 0) first_line = n.field_lines[static_cast<int>(NodeField::kHeatCapacity)];
    }
    if (first_line != 0) n.field_lines[static_cast<int>(NodeField::kHeatCapacity)] = first_line;
    required(NodeField::kMolarMass, "molarMass", Quantity::kMolarMass, &g.molar_mass_kg_per_mol,
             true);
    required(NodeField::kPseudocriticalPressure, "pseudocriticalPressure", Quantity::kPressure,
             &g.pseudocritical_pressure_Pa, true);
    required(NodeField::kPseudocriticalTemperature, "pseudocriticalTemperature",
             Quantity::kTemperature, &g.pseudocritical_temperature_K, true);
    n.gas = g;
  }
  return log.Refused();
}

/// Reads an arc into net->arcs; returns the values it refused (ValueLog::Refused).
std::uint32_t ReadArc(const Reader& r, const pugi::xml_node& e, ArcKind kind, Network* net) {
  Arc& a = net->arcs.emplace_back();  // built in place: an Arc is 752 bytes
  a.kind = kind;
  a.line = r.ctx().Line(e);
  ValueLog<ArcField> log(r.ctx(), a.field_lines.data());
  const io::Attributes<4> at(e, kArcAttributes);
  a.id = at.Get("id").value();
  const std::string element = ElementName(ArcKindName(kind), a.id);
  log.Note(FieldBit(ArcField::kId),
           [&] { a.id = r.RequiredId(e, at.Get("id"), "id", element); });
  log.Note(FieldBit(ArcField::kFrom),
           [&] { a.from = r.RequiredId(e, at.Get("from"), "from", element); });
  log.Note(FieldBit(ArcField::kTo), [&] { a.to = r.RequiredId(e, at.Get("to"), "to", element); });
  if (pugi::xml_attribute al = at.Get("alias")) {
    a.alias = al.value();
    a.has_alias = true;
  }
  std::span<const std::string_view> more;
  if (kind == ArcKind::kControlValve) more = kControlValveAttributes;
  if (kind == ArcKind::kCompressorStation) more = kStationAttributes;
  WarnUnknownAttributes(r.ctx(), e, element, kArcAttributes, more);

  auto flows = [&](const Children& ch) {
    log.Take(ArcField::kFlowMin, ch, "flowMin", [&] {
      r.Required(e, ch, "flowMin", Quantity::kVolumeFlow, element, &a.flow_min_m3_per_s);
    });
    log.Take(ArcField::kFlowMax, ch, "flowMax", [&] {
      r.Required(e, ch, "flowMax", Quantity::kVolumeFlow, element, &a.flow_max_m3_per_s);
    });
  };
  // A value that cannot be negative, required or optional.
  auto required = [&](const Children& ch, ArcField f, std::string_view tag, Quantity q,
                      double* out) {
    log.Take(f, ch, tag, [&] {
      if (r.Required(e, ch, tag, q, element, out)) r.NonNegative(e, ch, tag, element, *out);
    });
  };
  auto optional = [&](const Children& ch, ArcField f, std::string_view tag, Quantity q,
                      std::optional<double>* out) {
    log.Take(f, ch, tag, [&] {
      *out = r.Optional(ch, tag, q, element);
      r.NonNegative(e, ch, tag, element, *out);
    });
  };

  switch (kind) {
    case ArcKind::kPipe: {
      Children ch(r.ctx(), e, element,
                  {"flowMin", "flowMax", "length", "diameter", "roughness", "pressureMax",
                   "heatTransferCoefficient"});
      flows(ch);
      required(ch, ArcField::kLength, "length", Quantity::kLength, &a.pipe.length_m);
      required(ch, ArcField::kDiameter, "diameter", Quantity::kDiameter, &a.pipe.diameter_m);
      required(ch, ArcField::kRoughness, "roughness", Quantity::kDiameter, &a.pipe.roughness_m);
      optional(ch, ArcField::kPressureMax, "pressureMax", Quantity::kPressure,
               &a.pipe.pressure_max_Pa);
      optional(ch, ArcField::kHeatTransfer, "heatTransferCoefficient", Quantity::kHeatTransfer,
               &a.pipe.heat_transfer_W_per_m2_K);
      break;
    }
    case ArcKind::kShortPipe: {
      Children ch(r.ctx(), e, element, {"flowMin", "flowMax"});
      flows(ch);
      break;
    }
    case ArcKind::kResistor: {
      Children ch(r.ctx(), e, element,
                  {"flowMin", "flowMax", "dragFactor", "diameter", "pressureLoss"});
      flows(ch);
      ResistorData& d = a.resistor;
      optional(ch, ArcField::kDragFactor, "dragFactor", Quantity::kDimensionless,
               &d.drag_factor);
      optional(ch, ArcField::kDiameter, "diameter", Quantity::kDiameter, &d.diameter_m);
      optional(ch, ArcField::kPressureLoss, "pressureLoss", Quantity::kPressureDiff,
               &d.pressure_loss_Pa);
      const bool drag = ch.Get("dragFactor"), diam = ch.Get("diameter"),
                 loss = ch.Get("pressureLoss");
      // Errors between the values: none of them is then judged (validation's resistor-data
      // and incomplete-loss would say them again).
      log.Note(FieldBit(ArcField::kDragFactor) | FieldBit(ArcField::kDiameter) |
                   FieldBit(ArcField::kPressureLoss),
               [&] {
                 if (!drag && !diam && !loss)
                   r.ctx().Error(e, element, "missing-element",
                                 "a resistor needs <dragFactor> with <diameter>, or "
                                 "<pressureLoss>");
               });
      log.Note(FieldBit(ArcField::kDragFactor) | FieldBit(ArcField::kDiameter), [&] {
        if ((drag || diam || loss) && drag != diam)  // (at the one given, as above)
          r.ctx().Error(drag ? ch.Get("dragFactor") : ch.Get("diameter"), element,
                        "incomplete-loss", "<dragFactor> and <diameter> must be given together");
      });
      break;
    }
    case ArcKind::kValve: {
      Children ch(r.ctx(), e, element, {"flowMin", "flowMax", "pressureDifferentialMax"});
      flows(ch);
      optional(ch, ArcField::kPressureDifferentialMax, "pressureDifferentialMax",
               Quantity::kPressureDiff, &a.valve.pressure_differential_max_Pa);
      break;
    }
    case ArcKind::kControlValve: {
      Children ch(r.ctx(), e, element,
                  {"flowMin", "flowMax", "pressureDifferentialMin", "pressureDifferentialMax",
                   "pressureInMin", "pressureOutMax", "pressureLossIn", "pressureLossOut",
                   "dragFactorIn", "dragFactorOut", "diameterIn", "diameterOut"});
      flows(ch);
      ControlValveData& d = a.control_valve;
      log.Note(FieldBit(ArcField::kFlags), [&] {
        d.internal_bypass_required = r.FlagAttribute(e, "internalBypassRequired", element);
        d.gas_preheater_existing = r.FlagAttribute(e, "gasPreheaterExisting", element);
      });
      optional(ch, ArcField::kPressureDifferentialMin, "pressureDifferentialMin",
               Quantity::kPressureDiff, &d.pressure_differential_min_Pa);
      optional(ch, ArcField::kPressureDifferentialMax, "pressureDifferentialMax",
               Quantity::kPressureDiff, &d.pressure_differential_max_Pa);
      optional(ch, ArcField::kPressureInMin, "pressureInMin", Quantity::kPressure,
               &d.pressure_in_min_Pa);
      optional(ch, ArcField::kPressureOutMax, "pressureOutMax", Quantity::kPressure,
               &d.pressure_out_max_Pa);
      ReadSideLoss(r, e, ch, element, "pressureLossIn", "dragFactorIn", "diameterIn",
                   kInletLossFields, &log, &d.loss_in);
      ReadSideLoss(r, e, ch, element, "pressureLossOut", "dragFactorOut", "diameterOut",
                   kOutletLossFields, &log, &d.loss_out);
      break;
    }
    case ArcKind::kCompressorStation: {
      Children ch(r.ctx(), e, element,
                  {"flowMin", "flowMax", "pressureInMin", "pressureOutMax", "pressureLossIn",
                   "pressureLossOut", "dragFactorIn", "dragFactorOut", "diameterIn",
                   "diameterOut"});
      flows(ch);
      CompressorStationArcData& d = a.compressor;
      log.Note(FieldBit(ArcField::kFuelGasVertex), [&] {
        d.fuel_gas_vertex = r.TrimmedId(e, e.attribute("fuelGasVertex"), "fuelGasVertex",
                                        element, e.attribute("fuelGasVertex").value());
      });
      // GasLib names it on every station; without it the fuel is drawn at the inlet, which
      // changed GasLib-11's CS01 (fuelGasVertex N01, its outlet) without a word.
      if (!e.attribute("fuelGasVertex"))
        r.ctx().Warning(e, element, "missing-fuel-gas-vertex",
                        fmt::format("no 'fuelGasVertex' attribute: its drives' fuel, where "
                                    "they burn any, is drawn at its inlet '{}' (GasLib names "
                                    "the node on every station)",
                                    e.attribute("from").value()));
      log.Note(FieldBit(ArcField::kFlags), [&] {
        d.internal_bypass_required = r.FlagAttribute(e, "internalBypassRequired", element);
        d.gas_cooler_existing = r.FlagAttribute(e, "gasCoolerExisting", element);
      });
      optional(ch, ArcField::kPressureInMin, "pressureInMin", Quantity::kPressure,
               &d.pressure_in_min_Pa);
      optional(ch, ArcField::kPressureOutMax, "pressureOutMax", Quantity::kPressure,
               &d.pressure_out_max_Pa);
      ReadSideLoss(r, e, ch, element, "pressureLossIn", "dragFactorIn", "diameterIn",
                   kInletLossFields, &log, &d.loss_in);
      ReadSideLoss(r, e, ch, element, "pressureLossOut", "dragFactorOut", "diameterOut",
                   kOutletLossFields, &log, &d.loss_out);
      break;
    }
  }
  return log.Refused();
}

bool ParseNodeKind(std::string_view name, NodeKind* k) {
  if (name == "source") *k = NodeKind::kSource;
  else if (name == "sink") *k = NodeKind::kSink;
  else if (name == "innode") *k = NodeKind::kInnode;
  else return false;
  return true;
}

bool ParseArcKind(std::string_view name, ArcKind* k) {
  if (name == "pipe") *k = ArcKind::kPipe;
  else if (name == "shortPipe") *k = ArcKind::kShortPipe;
  else if (name == "resistor") *k = ArcKind::kResistor;
  else if (name == "valve") *k = ArcKind::kValve;
  else if (name == "controlValve") *k = ArcKind::kControlValve;
  else if (name == "compressorStation") *k = ArcKind::kCompressorStation;
  else return false;
  return true;
}

// A network has one <framework:information>, <framework:nodes> and <framework:connections>.
// Only the first of each is read: a second one (an empty <framework:connections/> before
// the real block dropped every arc, and the errors that followed never named the cause)
// is an error at its line (rule duplicate-element). Returns which were repeated: bit 0
// information, 1 nodes, 2 connections.
unsigned ReportRepeatedBlocks(const XmlContext& ctx, const pugi::xml_node& root) {
  unsigned repeated = 0;
  std::array<pugi::xml_node, 3> first{};
  constexpr std::array<std::string_view, 3> kBlocks{"information", "nodes", "connections"};
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = io::LocalName(c);
    // Any other child is not read: said, as for every other element's unknown children
    // (<framework:bogus/> beside the blocks was dropped without a word).
    if (std::find(kBlocks.begin(), kBlocks.end(), name) == kBlocks.end()) {
      ctx.Warning(c, "network", "unknown-child",
                  fmt::format("unknown child <{}> ignored (expected <framework:information>, "
                              "<framework:nodes> and <framework:connections>)",
                              c.name()));
      continue;
    }
    for (std::size_t i = 0; i < kBlocks.size(); ++i) {
      if (name != kBlocks[i]) continue;
      if (!first[i]) {
        first[i] = c;
      } else {
        ctx.Error(c, "", "duplicate-element",
                  fmt::format("<{}> given a second time (the first is on line {}); a network "
                              "has one, and only the first would be read",
                              c.name(), ctx.Line(first[i])));
        repeated |= 1u << i;
      }
    }
  }
  return repeated;
}

// The whole text of a child element: every text and CDATA piece of it and of the elements
// inside it, in order (child_value() is the first piece alone: "Gas<![CDATA[Lib]]>_11" read
// "Gas", and the text after a comment was dropped).
std::string ChildText(const XmlContext& ctx, const pugi::xml_node& info, std::string_view tag) {
  pugi::xml_node c = io::ChildByLocalName(info, tag);
  std::string text;
  // The text of every element inside too, in document order, and a warning: markup inside
  // a text is no GasLib's, and "a<b>c</b>d" was read as "ad" without a word.
  pugi::xml_node first_markup;
  std::vector<pugi::xml_node> pending;
  for (pugi::xml_node piece = c.last_child(); piece; piece = piece.previous_sibling())
    pending.push_back(piece);
  while (!pending.empty()) {
    const pugi::xml_node piece = pending.back();
    pending.pop_back();
    if (piece.type() == pugi::node_pcdata || piece.type() == pugi::node_cdata) {
      text += piece.value();
    } else if (piece.type() == pugi::node_element) {
      if (!first_markup) first_markup = piece;
      for (pugi::xml_node k = piece.last_child(); k; k = k.previous_sibling())
        pending.push_back(k);
    }
  }
  if (first_markup)
    ctx.Warning(first_markup, "network", "unknown-child",
                fmt::format("<{}> inside <{}> read as its text: GasLib's information texts hold "
                            "no markup",
                            first_markup.name(), c.name()));
  return text;
}

Status ErrorStatus(const Diagnostics& diag, std::size_t errors_before, const std::string& path,
                   const char* what) {
  const std::size_t n = diag.error_count() - errors_before;
  if (n == 0) return Status::Ok();
  return Status::ParseError(fmt::format("{}: {} error{} while reading the {}", Printable(path), n,
                                        n == 1 ? "" : "s", what));
}

// --------------------------------------------------------------------------------------
// .scn

/// A value of a .scn that its children may give more than once (a nominated flow or
/// pressure bound, <contractPressureMax>, a scenario's temperatures): the value and where
/// it was first given.
struct GivenOnce {
  std::optional<double> value;
  pugi::xml_node at;
};

/// Two values alike in SI, up to the round-off of a unit conversion (45 bar and 43.98675
/// barg are one bound, written twice).
bool SameSI(double a, double b) {
  return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

/// An element as written and its line, for a message.
std::string ShownAt(const XmlContext& ctx, const pugi::xml_node& e) {
  return fmt::format("{} on line {}", Children::Shown(e), ctx.Line(e));
}

/// `what` given a second time at `c`, before as `before` (ShownAt): as a .net child given
/// twice (Children), two different values are an error, since which one is meant is not
/// for the reader to guess (the last one won without a word, and the case was "usable");
/// the same value twice is a warning, and the first is kept.
void ReportGivenTwice(const XmlContext& ctx, const std::string& before,
                      const pugi::xml_node& c, const std::string& element, std::string_view what,
                      bool same) {
  if (same) {
    ctx.Warning(c, element, "duplicate-child",
                fmt::format("{} given twice ({}, {} here); the first is used", what, before,
                            Children::Shown(c)));
  } else {
    ctx.Error(c, element, "conflicting-child",
              fmt::format("{} given twice with different values ({}, {} here): keep the one "
                          "that is meant",
                          what, before, Children::Shown(c)));
  }
}

/// Takes `v`, given at `c`, as the value of `slot`, unless it was given before: then
/// reported (ReportGivenTwice) and the first value kept.
void TakeOnce(const XmlContext& ctx, const pugi::xml_node& c, const std::string& element,
              std::string_view what, double v, GivenOnce* slot) {
  if (slot->value) {
    ReportGivenTwice(ctx, ShownAt(ctx, slot->at), c, element, what, SameSI(*slot->value, v));
    return;
  }
  slot->value = v;
  slot->at = c;
}

/// The bits of the bounds a <flow> or <pressure> bound="..." sets (both where the bound is
/// not "lower" or "upper": "both", or one the reader refused).
std::uint32_t BoundBits(std::string_view bound, NominationField lower, NominationField upper) {
  if (bound == "lower") return FieldBit(lower);
  if (bound == "upper") return FieldBit(upper);
  return FieldBit(lower) | FieldBit(upper);
}

/// Reads a nominated node into nom->nodes; returns the values it refused (ValueLog::Refused).
std::uint32_t ReadNominationNode(const Reader& r, const pugi::xml_node& e, Nomination* nom) {
  NodeNomination nn;
  nn.line = r.ctx().Line(e);
  ValueLog<NominationField> log(r.ctx(), nn.field_lines.data());
  nn.node_id = e.attribute("id").value();
  const std::string element = ElementName("node", nn.node_id);
  // (An attribute of a nominated node or arc was dropped without a word, where every other
  // element's is warned about.)
  static constexpr std::array<std::string_view, 2> kNominatedNodeAttributes{"type", "id"};
  WarnUnknownAttributes(r.ctx(), e, element, kNominatedNodeAttributes);
  log.Note(FieldBit(NominationField::kNodeId),
           [&] { nn.node_id = r.RequiredId(e, "id", element); });
  const pugi::xml_attribute type_attribute = e.attribute("type");
  // A closed set of words, read without white space around as numbers and flags are
  // (type=" exit" was bad-node-type, and the node then missing a nomination): no name
  // changes by it.
  std::string_view type = io::TrimAsciiSpace(type_attribute.value());
  log.Note(FieldBit(NominationField::kType), [&] {
    if (r.ctx().Repeated(type_attribute)) {
      // Given twice (ParseXml's error): which one was meant is not guessed.
    } else if (type == "entry") {
      nn.is_entry = true;
    } else if (type == "exit") {
      nn.is_entry = false;
    } else {
      r.ctx().Error(e, element, e.attribute("type") ? "bad-node-type" : "missing-attribute",
                    e.attribute("type")
                        ? fmt::format("type='{}' must be 'entry' or 'exit'", type)
                        : std::string("<node> has no 'type' attribute ('entry' or 'exit')"));
    }
  });
  GivenOnce flow_lower, flow_upper, pressure_lower, pressure_upper, contract;
  // bound="both" sets two bounds at once. Where both were given before: one finding for
  // the element, an error where either differs (naming the earlier elements), else a
  // warning naming both bounds. The first values are kept.
  auto take_both = [&](const pugi::xml_node& c, std::string_view what, double v,
                       GivenOnce* lower, GivenOnce* upper) {
    if (lower->value && upper->value) {
      const bool same_lower = SameSI(*lower->value, v), same_upper = SameSI(*upper->value, v);
      if (same_lower != same_upper) {  // the one that differs is the finding
        GivenOnce* differs = same_lower ? upper : lower;
        ReportGivenTwice(r.ctx(), ShownAt(r.ctx(), differs->at), c, element,
                         fmt::format("the {} {} bound", same_lower ? "upper" : "lower", what),
                         false);
        return;
      }
      std::string before = ShownAt(r.ctx(), lower->at);
      if (lower->at != upper->at) before += ", " + ShownAt(r.ctx(), upper->at);
      ReportGivenTwice(r.ctx(), before, c, element,
                       fmt::format("the lower and upper {} bounds", what), same_lower);
      return;
    }
    TakeOnce(r.ctx(), c, element, fmt::format("the lower {} bound", what), v, lower);
    TakeOnce(r.ctx(), c, element, fmt::format("the upper {} bound", what), v, upper);
  };
  bool any_flow = false;
  bool flow_refused = false;  // a <flow> the reader reported: its bound is not "missing"
  for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = io::LocalName(c);
    const pugi::xml_attribute bound_attribute = c.attribute("bound");
    std::string_view bound = io::TrimAsciiSpace(bound_attribute.value());  // as the type
    // A bound given twice (ParseXml's error) is neither copy: the element is refused.
    const bool bound_repeated = r.ctx().Repeated(bound_attribute);
    // Each child's errors refuse the bounds it sets (a value given twice differently, the
    // later one; a bound="both" whose one bound differs, both).
    if (name == "flow") {
      any_flow = true;
      if (bound_repeated) {
        flow_refused = true;
        continue;
      }
      log.Note(BoundBits(bound, NominationField::kFlowLower, NominationField::kFlowUpper), [&] {
        double v = 0.0;
        if (!bound_attribute) {
          r.ctx().Error(c, element, "missing-attribute",
                        "<flow> has no 'bound' attribute: it must say 'both', 'lower' or "
                        "'upper'");
          flow_refused = true;
          return;
        }
        if (bound != "both" && bound != "lower" && bound != "upper") {
          r.ctx().Error(c, element, "bad-bound",
                        fmt::format("<flow> bound='{}' must be 'both', 'lower' or 'upper'",
                                    bound));
          flow_refused = true;
          return;
        }
        if (!io::ReadValueOf(r.ctx(), c, Quantity::kVolumeFlow, element, &v, {"bound"})) {
          flow_refused = true;
          return;
        }
        // A bound given twice: the last one was used, with a warning that named the lower
        // bound for a second bound="both"; now as the pressure bounds.
        if (bound == "both") {
          take_both(c, "flow", v, &flow_lower, &flow_upper);
        } else {
          TakeOnce(r.ctx(), c, element, fmt::format("the {} flow bound", bound), v,
                   bound == "lower" ? &flow_lower : &flow_upper);
        }
      });
    } else if (name == "pressure") {
      if (bound_repeated) continue;
      const std::uint32_t bits =
          BoundBits(bound, NominationField::kPressureLower, NominationField::kPressureUpper);
      log.Note(bits, [&] {
        double v = 0.0;
        if (!bound_attribute) {
          r.ctx().Error(c, element, "missing-attribute",
                        "<pressure> has no 'bound' attribute: it must say 'lower', 'upper' or "
                        "'both'");
          return;
        }
        if (bound != "lower" && bound != "upper" && bound != "both") {
          r.ctx().Error(c, element, "bad-bound",
                        fmt::format("<pressure> bound='{}' must be 'lower', 'upper' or 'both'",
                                    bound));
          return;
        }
        if (!io::ReadValueOf(r.ctx(), c, Quantity::kPressure, element, &v, {"bound"})) return;
        if (v < 0.0) {
          r.ctx().Error(c, element, "negative-value",
                        fmt::format("<pressure> must not be below vacuum, got {} {}",
                                    c.attribute("value").value(), c.attribute("unit").value()));
        }
        if (bound == "both") {
          take_both(c, "pressure", v, &pressure_lower, &pressure_upper);
        } else {
          TakeOnce(r.ctx(), c, element, fmt::format("the {} pressure bound", bound), v,
                   bound == "lower" ? &pressure_lower : &pressure_upper);
        }
      });
    } else if (name == "contractPressureMax") {
      log.Note(FieldBit(NominationField::kContractPressureMax), [&] {
        double v = 0.0;
        if (io::ReadValueOf(r.ctx(), c, Quantity::kPressure, element, &v)) {
          TakeOnce(r.ctx(), c, element, "<contractPressureMax>", v, &contract);
          if (v < 0.0)
            r.ctx().Error(c, element, "negative-value",
                          fmt::format("<contractPressureMax> must not be below vacuum, got {} {}",
                                      c.attribute("value").value(),
                                      c.attribute("unit").value()));
        }
      });
    } else {
      r.ctx().Warning(c, element, "unknown-child",
                      fmt::format("unknown child <{}> ignored (expected <pressure>, "
                                  "<contractPressureMax>, <flow>)",
                                  c.name()));
    }
  }
  // A bound missing: its value is the other's (or 0), not one the file gives.
  log.Note(FieldBit(NominationField::kFlowLower) | FieldBit(NominationField::kFlowUpper), [&] {
    if (!any_flow) r.ctx().Error(e, element, "missing-element", "required child <flow> is missing");
  });
  log.Note(flow_lower.value ? FieldBit(NominationField::kFlowUpper)
                            : FieldBit(NominationField::kFlowLower),
           [&] {
             if (any_flow && flow_lower.value.has_value() != flow_upper.value.has_value() &&
                 !flow_refused) {
               // (Not where the other bound was given and refused: a bad lower bound was
               // reported again as "only an upper flow bound is given".)
               r.ctx().Error(e, element, "incomplete-flow",
                             fmt::format("only {} flow bound is given; give bound=\"both\" or "
                                         "a lower/upper pair",
                                         flow_lower.value ? "a lower" : "an upper"));
             }
           });
  // Each value at the line of the child it was taken from.
  for (auto [f, given] : {std::pair{NominationField::kFlowLower, &flow_lower},
                          std::pair{NominationField::kFlowUpper, &flow_upper},
                          std::pair{NominationField::kPressureLower, &pressure_lower},
                          std::pair{NominationField::kPressureUpper, &pressure_upper},
                          std::pair{NominationField::kContractPressureMax, &contract}})
    if (given->value) nn.field_lines[static_cast<int>(f)] = r.ctx().Line(given->at);
  nn.pressure_lower_Pa = pressure_lower.value;
  nn.pressure_upper_Pa = pressure_upper.value;
  nn.contract_pressure_max_Pa = contract.value;
  nn.flow_lower_m3_per_s = flow_lower.value.value_or(flow_upper.value.value_or(0.0));
  nn.flow_upper_m3_per_s = flow_upper.value.value_or(flow_lower.value.value_or(0.0));
  nom->nodes.push_back(std::move(nn));
  return log.Refused();
}

void ReadNominationArc(const Reader& r, const pugi::xml_node& e, Nomination* nom) {
  ArcScenarioData ad;
  ad.line = r.ctx().Line(e);
  ad.arc_id = e.attribute("id").value();
  const std::string element = ElementName(io::LocalName(e), ad.arc_id);
  static constexpr std::array<std::string_view, 1> kNominatedArcAttributes{"id"};
  WarnUnknownAttributes(r.ctx(), e, element, kNominatedArcAttributes);
  ad.arc_id = r.RequiredId(e, "id", element);
  Children ch(r.ctx(), e, element, {"soilTemperature"});
  if (pugi::xml_node c = ch.Get("soilTemperature")) ad.soil_temperature_line = r.ctx().Line(c);
  ad.soil_temperature_K = r.Optional(ch, "soilTemperature", Quantity::kTemperature, element);
  r.NonNegative(e, ch, "soilTemperature", element, ad.soil_temperature_K);
  nom->arcs.push_back(std::move(ad));
}

// The readers' bodies write into a fresh object, which the public functions hand over only
// when the file had no error (a caller's object is never left half read).
// With `re` (LoadCaseAsRead), the elements with an error are noted there, and *parsed says
// whether the file was read at all.
Status ReadNetworkInto(const std::string& xml, const std::string& path, Network* out,
                       Diagnostics* diag, ReadErrors* re = nullptr, bool* parsed = nullptr) {
  const std::size_t errors_before = diag->error_count();
  out->info.source_file = path;
  pugi::xml_document doc;
  io::LineIndex lines("");
  io::RepeatedAttributes twice;
  if (!io::ParseXml(xml, path, &doc, &lines, diag, &twice))
    return Status::ParseError(fmt::format("{}: not well-formed XML", Printable(path)));
  XmlContext ctx{path, &lines, diag, &twice};
  pugi::xml_node root;
  if (!CheckRoot(ctx, doc, "network", "a GasLib network (.net)", &root))
    return Status::ParseError(fmt::format("{}: not a GasLib network file", Printable(path)));
  // A raw '&' or an attribute given twice leaves the document not well-formed (XML 1.0),
  // though pugixml reads on: its elements are read and reported as before, but not handed
  // over to be checked as read (an id garbled by the '&' gave dangling-arc, isolated-node
  // and unbalanced-nomination after the one error).
  if (parsed != nullptr) *parsed = diag->error_count() == errors_before;
  Reader r(ctx);

  // The root and its blocks hold no attributes but namespace declarations, and the
  // information block its four texts: anything else is said, as on every other element
  // (<framework:author> and <network version="2"> went unseen).
  WarnUnknownAttributes(ctx, root, "network", {});
  for (const char* block : {"nodes", "connections"})
    if (pugi::xml_node b = io::ChildByLocalName(root, block))
      WarnUnknownAttributes(ctx, b, "network", {});
  if (pugi::xml_node info = io::ChildByLocalName(root, "information")) {
    WarnUnknownAttributes(ctx, info, "network", {});
    // (Not Children: two titles are no error, the first is read; nothing computes with it.)
    for (pugi::xml_node c = info.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = io::LocalName(c);
      if (name != "title" && name != "type" && name != "date" && name != "documentation")
        ctx.Warning(c, "network", "unknown-child",
                    fmt::format("unknown child <{}> ignored (expected <title>, <type>, <date>, "
                                "<documentation>)",
                                c.name()));
    }
    out->info.title = ChildText(ctx, info, "title");
    out->info.type = ChildText(ctx, info, "type");
    out->info.date = ChildText(ctx, info, "date");
    out->info.documentation = ChildText(ctx, info, "documentation");
  }
  out->info.notices = io::HeadComments(doc);
  pugi::xml_node nodes = io::ChildByLocalName(root, "nodes");
  pugi::xml_node conns = io::ChildByLocalName(root, "connections");
  const unsigned repeated = ReportRepeatedBlocks(ctx, root);
  // Text between the elements of a block (or of the root) is none of GasLib's: said, as in
  // a value element (stray text inside <framework:nodes> was dropped without a word).
  for (const pugi::xml_node& block : {root, nodes, conns})
    for (pugi::xml_node k = block.first_child(); block && k; k = k.next_sibling())
      if (k.type() == pugi::node_pcdata || k.type() == pugi::node_cdata) {
        // (At the line of its first character that is not white space.)
        const std::string_view v = k.value();
        const std::size_t first = std::min(v.size(), v.find_first_not_of(" \t\r\n"));
        const int line =
            ctx.Line(k) + io::LineIndex(v).LineOf(static_cast<std::ptrdiff_t>(first)) - 1;
        ctx.diag->Warning(ctx.file, line, "", "ignored-content",
                          fmt::format("text '{}' inside <{}> ignored: the block holds elements "
                                      "only",
                                      io::ShownShort(io::TrimAsciiSpace(v)), block.name()));
      }
  if (!nodes)
    ctx.Error(root, "", "missing-element", "required child <framework:nodes> is missing");
  if (!conns)
    ctx.Error(root, "", "missing-element", "required child <framework:connections> is missing");
  if (re != nullptr) {
    // A block missing, or a second one whose elements are not read: elements are missing
    // that no id names.
    re->nodes_incomplete |= !nodes || (repeated & 2u) != 0;
    re->arcs_incomplete |= !conns || (repeated & 4u) != 0;
    re->arcs_missing |= !conns || (repeated & 4u) != 0;
  }
  // Notes an element that could not be built: by its id, or (without one) as a gap.
  auto unbuilt = [&](const pugi::xml_node& e, std::vector<std::string>* ids, bool* gap) {
    if (re == nullptr) return;
    const std::string id = e.attribute("id").value();
    if (id.empty()) *gap = true;
    else ids->push_back(id);
  };
  // An arc not built (in either block): its ids, and the first such arc's place for the
  // not-checked note.
  auto unbuilt_arc = [&](const pugi::xml_node& e) {
    if (re == nullptr) return;
    unbuilt(e, &re->unbuilt_arc_ids, &re->arcs_incomplete);
    re->arcs_missing = true;
    if (re->missing_arc_line == 0) {
      re->missing_arc_line = ctx.Line(e);
      re->missing_arc = ElementName(io::LocalName(e), e.attribute("id").value());
    }
  };

  std::size_t n_nodes = 0, n_arcs = 0;
  for (pugi::xml_node e = nodes.first_child(); e; e = e.next_sibling()) ++n_nodes;
  for (pugi::xml_node e = conns.first_child(); e; e = e.next_sibling()) ++n_arcs;
  out->nodes.reserve(n_nodes);
  out->arcs.reserve(n_arcs);
  for (pugi::xml_node e = nodes.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element) continue;
    NodeKind k;
    if (!ParseNodeKind(io::LocalName(e), &k)) {
      // An arc in the nodes' block is an arc not built (its ends isolated, its part without
      // a source: connectivity errors for one misplaced element), said where it belongs.
      ArcKind ak;
      const bool arc = ParseArcKind(io::LocalName(e), &ak);
      ctx.Error(e, ElementName(io::LocalName(e), e.attribute("id").value()), "unknown-element",
                arc ? fmt::format("<{}> is an arc: it belongs in <framework:connections>, not "
                                  "<framework:nodes>",
                                  e.name())
                    : fmt::format("unknown node type <{}> (expected <source>, <sink> or "
                                  "<innode>)",
                                  e.name()));
      if (arc) unbuilt_arc(e);
      else if (re != nullptr) unbuilt(e, &re->unbuilt_node_ids, &re->nodes_incomplete);
      continue;
    }
    const std::size_t before = diag->error_count();
    const std::uint32_t refused = ReadNode(r, e, k, out);
    if (re != nullptr && diag->error_count() > before) {
      re->nodes.push_back(out->nodes.size() - 1);
      re->node_fields.push_back(refused);
      if (out->nodes.back().id.empty()) re->nodes_incomplete = true;
    }
  }
  for (pugi::xml_node e = conns.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element) continue;
    ArcKind k;
    if (!ParseArcKind(io::LocalName(e), &k)) {
      // (A node here is a node not built: the arcs naming it are not dangling.)
      NodeKind nk;
      if (ParseNodeKind(io::LocalName(e), &nk)) {
        ctx.Error(e, ElementName(io::LocalName(e), e.attribute("id").value()), "unknown-element",
                  fmt::format("<{}> is a node: it belongs in <framework:nodes>, not "
                              "<framework:connections>",
                              e.name()));
        if (re != nullptr) unbuilt(e, &re->unbuilt_node_ids, &re->nodes_incomplete);
        continue;
      }
      ctx.Error(e, ElementName(io::LocalName(e), e.attribute("id").value()), "unknown-element",
                fmt::format("unknown arc type <{}> (expected <pipe>, <shortPipe>, <resistor>, "
                            "<valve>, <controlValve> or <compressorStation>)",
                            e.name()));
      unbuilt_arc(e);
      continue;
    }
    const std::size_t before = diag->error_count();
    const std::uint32_t refused = ReadArc(r, e, k, out);
    if (re != nullptr && diag->error_count() > before) {
      re->arcs.push_back(out->arcs.size() - 1);
      re->arc_fields.push_back(refused);
      if (out->arcs.back().id.empty()) re->arcs_incomplete = true;
    }
  }
  out->BuildIndex();
  return ErrorStatus(*diag, errors_before, path, "network");
}

}  // namespace

Status ReadGasLibNetworkFromString(const std::string& xml, const std::string& path, Network* out,
                                   Diagnostics* diag) {
  return file_internal::GuardedRead("ReadGasLibNetworkFromString", path, out, diag, [&] {
    Network result;
    Status s = ReadNetworkInto(xml, path, &result, diag);
    if (s.ok()) *out = std::move(result);
    return s;
  });
}

Status ReadGasLibNetwork(const std::string& path, Network* out, Diagnostics* diag) {
  std::string text;
  Status s = file_internal::ReadFileFor("ReadGasLibNetwork", path, &text, out, diag);
  if (!s.ok()) return s;
  return ReadGasLibNetworkFromString(text, path, out, diag);
}

Status io::ReadGasLibNetworkAsRead(const std::string& xml, const std::string& path,
                                   Network* out, ReadErrors* errors, bool* parsed,
                                   Diagnostics* diag) {
  return HandOverAsRead("ReadGasLibNetworkAsRead", path, out, parsed, diag,
                        [&](Network* result, bool* read) {
                          return ReadNetworkInto(xml, path, result, diag, errors, read);
                        });
}

namespace {

Status ReadNominationInto(const std::string& xml, const std::string& path, Nomination* out,
                          Diagnostics* diag, ReadErrors* re = nullptr, bool* parsed = nullptr) {
  const std::size_t errors_before = diag->error_count();
  out->source_file = path;
  pugi::xml_document doc;
  io::LineIndex lines("");
  io::RepeatedAttributes twice;
  if (!io::ParseXml(xml, path, &doc, &lines, diag, &twice))
    return Status::ParseError(fmt::format("{}: not well-formed XML", Printable(path)));
  XmlContext ctx{path, &lines, diag, &twice};
  pugi::xml_node root;
  if (!CheckRoot(ctx, doc, "boundaryValue", "a GasLib nomination (.scn)", &root))
    return Status::ParseError(fmt::format("{}: not a GasLib nomination file", Printable(path)));
  // A raw '&' or an attribute given twice leaves the document not well-formed (XML 1.0),
  // though pugixml reads on: its elements are read and reported as before, but not handed
  // over to be checked as read (an id garbled by the '&' gave dangling-arc, isolated-node
  // and unbalanced-nomination after the one error).
  if (parsed != nullptr) *parsed = diag->error_count() == errors_before;
  Reader r(ctx);
  out->notices = io::HeadComments(doc);

  pugi::xml_node scenario = io::ChildByLocalName(root, "scenario");
  if (!scenario) {
    ctx.Error(root, "", "missing-element", "required child <scenario> is missing");
    if (re != nullptr) re->nomination_incomplete = true;
    return ErrorStatus(*diag, errors_before, path, "nomination");
  }
  bool extra_said = false;
  WarnUnknownAttributes(ctx, root, "boundaryValue", {});
  for (pugi::xml_node more = root.first_child(); more; more = more.next_sibling()) {
    if (more.type() != pugi::node_element || more == scenario) continue;
    if (io::LocalName(more) == "scenario") {
      if (!extra_said)
        ctx.Warning(more, ElementName("scenario", more.attribute("id").value()),
                    "extra-scenario", "only the first <scenario> of a file is read");
      extra_said = true;
    } else {
      // (<gasQuality/> beside the scenario was dropped without a word.)
      ctx.Warning(more, "boundaryValue", "unknown-child",
                  fmt::format("unknown child <{}> ignored (expected <scenario>)", more.name()));
    }
  }
  out->id = scenario.attribute("id").value();
  const std::string sc_element = ElementName("scenario", out->id);
  std::size_t before = diag->error_count();
  r.RequiredAttribute(scenario, "id", sc_element);
  if (re != nullptr && diag->error_count() > before) re->scenario_values = true;
  // As on every .net element: a misspelt or invented attribute (probability="0.3") would
  // be dropped without a word.
  static constexpr std::array<std::string_view, 1> kScenarioAttributes{"id"};
  WarnUnknownAttributes(ctx, scenario, sc_element, kScenarioAttributes);
  // The scenario's own values, each of which a second element would have overwritten
  // without a word (two soilTemperatures of 9.5 and 25 degC): given twice, as a nominated
  // node's bounds (TakeOnce).
  GivenOnce probability, scenario_temperature, soil_temperature, ambient_temperature;
  pugi::xml_node contract_date;

  for (pugi::xml_node e = scenario.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element) continue;
    std::string_view name = io::LocalName(e);
    double v = 0.0;
    before = diag->error_count();
    if (name == "node") {
      const std::uint32_t refused = ReadNominationNode(r, e, out);
      if (re != nullptr && diag->error_count() > before) {
        re->nominated_nodes.push_back(out->nodes.size() - 1);
        re->nominated_node_fields.push_back(refused);
        if (out->nodes.back().node_id.empty()) re->nomination_incomplete = true;
      }
    } else if (name == "pipe" || name == "shortPipe" || name == "resistor" || name == "valve" ||
               name == "controlValve" || name == "compressorStation") {
      ReadNominationArc(r, e, out);
      if (re != nullptr && diag->error_count() > before)
        re->nominated_arcs.push_back(out->arcs.size() - 1);
    } else if (name == "scenarioProbability") {
      if (io::ReadValueOf(ctx, e, Quantity::kDimensionless, sc_element, &v)) {
        TakeOnce(ctx, e, sc_element, "<scenarioProbability>", v, &probability);
        if (v < 0.0 || v > 1.0)
          ctx.Error(e, sc_element, "bad-probability",
                    fmt::format("<scenarioProbability> must lie in [0, 1], got {}", v));
      }
    } else if (name == "scenarioTemperature" || name == "soilTemperature" ||
               name == "ambientTemperature") {
      if (io::ReadValueOf(ctx, e, Quantity::kTemperature, sc_element, &v)) {
        if (v < 0.0)
          ctx.Error(e, sc_element, "negative-value",
                    fmt::format("<{}> is below absolute zero ({} {})", name,
                                e.attribute("value").value(), e.attribute("unit").value()));
        TakeOnce(ctx, e, sc_element, fmt::format("<{}>", name), v,
                 name == "scenarioTemperature" ? &scenario_temperature
                 : name == "soilTemperature"   ? &soil_temperature
                                               : &ambient_temperature);
      }
    } else if (name == "contractDate") {
      static constexpr std::array<std::string_view, 1> kDateAttributes{"value"};
      WarnUnknownAttributes(ctx, e, sc_element, kDateAttributes);
      // The date is its value attribute, as a value element's: text or an element inside is
      // not read. (A date no figure uses: one left out is no error.)
      for (pugi::xml_node k = e.first_child(); k; k = k.next_sibling())
        if (((k.type() == pugi::node_pcdata || k.type() == pugi::node_cdata) &&
             !io::TrimAsciiSpace(k.value()).empty()) ||
            k.type() == pugi::node_element)
          ctx.Warning(k, sc_element, "ignored-content",
                      k.type() == pugi::node_element
                          ? fmt::format("element <{}> inside <contractDate> ignored: the date "
                                        "is its 'value' attribute",
                                        k.name())
                          : fmt::format("text '{}' inside <contractDate> ignored: the date is "
                                        "its 'value' attribute",
                                        Printable(io::TrimAsciiSpace(k.value()))));
      if (contract_date) {
        // Two different dates are a warning, not conflicting-child: no figure uses the
        // date, and the case stopped on it.
        if (std::string_view(contract_date.attribute("value").value()) ==
            e.attribute("value").value())
          ReportGivenTwice(ctx, ShownAt(ctx, contract_date), e, sc_element, "<contractDate>",
                           true);
        else
          ctx.Warning(e, sc_element, "duplicate-child",
                      fmt::format("<contractDate> given twice with different dates ({}, {} "
                                  "here); the first is used (nothing computes with it)",
                                  ShownAt(ctx, contract_date), Children::Shown(e)));
      } else {
        contract_date = e;
        out->contract_date = std::string(e.attribute("value").value());
      }
    } else {
      ctx.Error(e, ElementName(name, e.attribute("id").value()), "unknown-element",
                fmt::format("unknown scenario element <{}> (expected <node>, <pipe>, "
                            "<scenarioProbability>, <scenarioTemperature>, <contractDate>, "
                            "<soilTemperature> or <ambientTemperature>)",
                            e.name()));
      // A misspelt <node> perhaps: a nominated node may be missing.
      if (re != nullptr) re->nomination_incomplete = true;
      continue;
    }
    // The scenario's own values (probability, temperatures).
    if (re != nullptr && diag->error_count() > before) re->scenario_values = true;
  }
  if (probability.value) out->probability = *probability.value;
  // Each temperature with the line of the element it was taken from.
  auto temperature = [&](const GivenOnce& t, std::optional<double>* k, int* line) {
    if (!t.value) return;
    *k = *t.value;
    *line = ctx.Line(t.at);
  };
  temperature(scenario_temperature, &out->scenario_temperature_K,
              &out->scenario_temperature_line);
  temperature(soil_temperature, &out->soil_temperature_K, &out->soil_temperature_line);
  temperature(ambient_temperature, &out->ambient_temperature_K, &out->ambient_temperature_line);
  return ErrorStatus(*diag, errors_before, path, "nomination");
}

}  // namespace

Status ReadGasLibNominationFromString(const std::string& xml, const std::string& path,
                                      Nomination* out, Diagnostics* diag) {
  return file_internal::GuardedRead("ReadGasLibNominationFromString", path, out, diag, [&] {
    Nomination result;
    Status s = ReadNominationInto(xml, path, &result, diag);
    if (s.ok()) *out = std::move(result);
    return s;
  });
}

Status ReadGasLibNomination(const std::string& path, Nomination* out, Diagnostics* diag) {
  std::string text;
  Status s = file_internal::ReadFileFor("ReadGasLibNomination", path, &text, out, diag);
  if (!s.ok()) return s;
  return ReadGasLibNominationFromString(text, path, out, diag);
}

Status io::ReadGasLibNominationAsRead(const std::string& xml, const std::string& path,
                                      Nomination* out, ReadErrors* errors, bool* parsed,
                                      Diagnostics* diag) {
  return HandOverAsRead("ReadGasLibNominationAsRead", path, out, parsed, diag,
                        [&](Nomination* result, bool* read) {
                          return ReadNominationInto(xml, path, result, diag, errors, read);
                        });
}

}  // namespace corridor
