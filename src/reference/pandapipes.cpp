// Loader of the pandapipes reference cases: cases/*.json + results/*.csv (see pandapipes.h
// and data/reference/README.md). Units are converted here, once: bar -> Pa, and the case's
// per-bar compressibility slope -> per Pa.
#include "reference/pandapipes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "corridor/file.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/file_internal.h"
#include "core/ids.h"
#include "core/printable.h"
#include "network/index.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/text.h"
#include "io/xml_util.h"

namespace corridor::reference {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// The case files are parsed with simdjson's DOM (GasLib-4197's 2 MB in about 1 ms, against
// 23 ms for nlohmann's DOM). Only when simdjson rejects a file is it parsed again with
// nlohmann's SAX, for the line and the reason of the error.

using ids::Same;

// simdjson's get_double with its parts inlined (GCC kept them out of line: 6 % of reading
// GasLib-4197; it still calls this, judging the call cold).
[[gnu::flatten]] bool GetDouble(const element& v, double* d) {
  return v.get_double().get(*d) == simdjson::SUCCESS;
}
[[gnu::flatten]] bool GetString(const element& v, std::string_view* out) {
  return v.get_string().get(*out) == simdjson::SUCCESS;
}

// Lines of the elements of "nodes" and "edges", found in document order: the next
// `"id": "<id>"` after the previous element's. The text is scanned once in all, for the key
// and the newlines together. An id not found ahead (an array that comes earlier in the
// file, an id written with escapes) is looked for from the start again, a few times at
// most, and otherwise gets line 0.
class IdLines {
 public:
  explicit IdLines(std::string_view text) : text_(text) {}
  int Next(std::string_view id) {
    int newlines = 0;
    std::size_t at = Find(id, from_, &newlines);
    if (at == std::string_view::npos) {
      if (restarts_ == 0 || from_ == 0) return 0;
      --restarts_;
      newlines = 0;
      if ((at = Find(id, 0, &newlines)) == std::string_view::npos) return 0;
      line_ = 1;
    }
    line_ += newlines;
    from_ = at + 1;  // past this key (a '"'): a repeated id is the next occurrence, not this
    return line_;
  }
  /// Offset of the `"id"` key the last Next() found (npos where it found none).
  std::size_t KeyOffset() const { return from_ == 0 ? std::string_view::npos : from_ - 1; }

 private:
  // Offset of the next `"id": "<id>"` at or after `from` (npos when none); adds the
  // newlines before it to *newlines.
  std::size_t Find(std::string_view id, std::size_t from, int* newlines) const {
    const std::size_t n = text_.size();
    for (std::size_t i; (i = NextKey(from, newlines)) != std::string_view::npos; from = i + 1) {
      std::size_t j = i + 4;
      while (j < n && (text_[j] == ' ' || text_[j] == ':' || text_[j] == '\t')) ++j;
      if (j + id.size() + 1 < n && text_[j] == '"' && text_[j + 1 + id.size()] == '"' &&
          Same(text_.substr(j + 1, id.size()), id))
        return i;
    }
    return std::string_view::npos;
  }
  // Offset of the next `"id"` at or after `from`, or npos; counts the newlines on the way.
  // Sixteen bytes a step where SSE2 is there (memmem alone was 7% of reading GasLib-4197).
  std::size_t NextKey(std::size_t from, int* newlines) const {
    const char* t = text_.data();
    const std::size_t n = text_.size();
    std::size_t i = from;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), ci = _mm_set1_epi8('i'), cd = _mm_set1_epi8('d'),
                  nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    // Newlines are counted in the byte lanes (0 - matches) and summed when the key is found
    // or a lane could overflow: a bit count per step was a fifth of reading the nodes.
    __m128i lanes = zero;
    int steps = 0;
    const auto sum = [&] {
      const __m128i s = _mm_sad_epu8(lanes, zero);
      *newlines += _mm_cvtsi128_si32(s) + _mm_extract_epi16(s, 4);
      lanes = zero;
      steps = 0;
    };
    for (; i + 19 <= n; i += 16) {
      const auto at = [&](std::size_t k) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i + k));
      };
      const __m128i b0 = at(0);
      const __m128i line_bytes = _mm_cmpeq_epi8(b0, nl);
      const unsigned keys = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(
          _mm_and_si128(_mm_cmpeq_epi8(b0, quote), _mm_cmpeq_epi8(at(1), ci)),
          _mm_and_si128(_mm_cmpeq_epi8(at(2), cd), _mm_cmpeq_epi8(at(3), quote)))));
      if (keys != 0) {  // the newlines before the key: lanes below its offset
        const int k = __builtin_ctz(keys);
        const __m128i below = _mm_cmplt_epi8(
            _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
            _mm_set1_epi8(static_cast<char>(k)));
        lanes = _mm_sub_epi8(lanes, _mm_and_si128(line_bytes, below));
        sum();
        return i + static_cast<std::size_t>(k);
      }
      lanes = _mm_sub_epi8(lanes, line_bytes);
      if (++steps == 255) sum();
    }
    sum();
#endif
    for (; i + 4 <= n; ++i) {
      if (t[i] == '"' && t[i + 1] == 'i' && t[i + 2] == 'd' && t[i + 3] == '"') return i;
      *newlines += t[i] == '\n';
    }
    return std::string_view::npos;
  }

  std::string_view text_;
  std::size_t from_ = 0;  // where the next search starts; line_ is the line there
  int line_ = 1;
  int restarts_ = 8;
};

constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

// The element a message is about: "gas", "node 'a'", "pipe 'p1'", and the JSON object it
// is (`at`, with `index` for an array's element). Only formatted when a message is written
// (formatting it for every element cost a millisecond on GasLib-4197).
struct Where {
  Where(std::string_view k, std::string_view i = {}, int l = 0, std::string_view a = {},
        std::size_t n = kNoIndex, std::size_t key = std::string_view::npos)
      : kind(k), id(i), line(l), at(a), index(n), id_key(key) {}
  std::string_view kind;
  std::string_view id;
  int line = 0;             // where nothing better is found (the element's id)
  std::string_view at;      // JSON pointer of the object ("" the document)
  std::size_t index = kNoIndex;
  std::size_t id_key = std::string_view::npos;  // offset of the element's "id" key, on `line`
  std::string Label() const {
    return id.empty() ? std::string(kind) : fmt::format("{} '{}'", kind, id);
  }
};

// Reading context: file name, the text, and where messages go. A message names the line of
// the value it is about and its JSON pointer, as docs/validation.md promises (it named the
// line of the element's id and no pointer); the text is located only when a message is
// written.
struct Ctx {
  std::string file;
  Diagnostics* diag;
  std::string_view text;
  mutable std::unique_ptr<std::string> copy;  // JsonLocator keeps a std::string reference
  mutable std::unique_ptr<io::JsonLocator> locator;

  // The pointer of member `key` of the object `w` is ("" for the object itself).
  static std::string Pointer(const Where& w, std::string_view key) {
    std::string ptr(w.at);
    if (w.index != kNoIndex) ptr = io::PointerAppend(ptr, std::to_string(w.index));
    if (!key.empty()) ptr = io::PointerAppend(ptr, key);
    return ptr;
  }
  [[gnu::noinline, gnu::cold]] std::pair<int, std::string> Locate(const Where& w,
                                                                  std::string_view key) const {
    const std::string ptr = Pointer(w, key);
    // The element itself, whose "id" is its first member (as in every case file written so
    // far): its '{' is the first thing before that key, and an element of an array (a '['
    // or ',' before that), and its line is found from there. The locator walks the text up
    // to the element (4 ms to GasLib-4197's resistor_3, whose lossless-pipe warning every
    // read of that file gives). (An "id" of an object nested in a member is no element.)
    if (key.empty() && w.id_key != std::string_view::npos && w.id_key < text.size()) {
      auto blank = [&](std::size_t i) {
        return text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r';
      };
      int newlines = 0;
      std::size_t i = w.id_key;
      while (i > 0 && blank(i - 1)) newlines += text[--i] == '\n';
      if (i > 0 && text[i - 1] == '{') {
        std::size_t j = i - 1;
        while (j > 0 && blank(j - 1)) --j;
        if (j > 0 && (text[j - 1] == '[' || text[j - 1] == ',')) return {w.line - newlines, ptr};
      }
    }
    if (!locator && !text.empty()) {
      copy = std::make_unique<std::string>(text);
      locator = std::make_unique<io::JsonLocator>(*copy);
    }
    const int line = locator ? locator->Line(ptr) : 0;
    return {line > 0 ? line : w.line, ptr.empty() ? "/" : ptr};
  }
  [[gnu::noinline, gnu::cold]] void Error(const Where& w, const std::string& rule,
                                          const std::string& msg,
                                          std::string_view key = {}) const {
    const auto [line, ptr] = Locate(w, key);
    diag->Error(file, line, w.Label(), rule, fmt::format("{} (at {})", msg, ptr));
  }
  [[gnu::noinline, gnu::cold]] void Warning(const Where& w, const std::string& rule,
                                            const std::string& msg,
                                            std::string_view key = {}) const {
    const auto [line, ptr] = Locate(w, key);
    diag->Warning(file, line, w.Label(), rule, fmt::format("{} (at {})", msg, ptr));
  }
};

// The key each of the first 16 members of the elements of one array had last time, and
// its index among a reader's keys (N: not one of them): elements mostly write their members
// in one order, so one comparison a member usually finds the key.
struct MemberOrder {
  std::array<std::string_view, 16> key{};  // null data: nothing seen yet
  std::array<std::uint8_t, 16> index{};
};

// A member of Members<N> by its place among the reader's keys, found at compile time
// (KeySet's []): a search of the keys per lookup was 3 % of reading GasLib-4197.
struct Key {
  std::size_t index;
  std::string_view name;
};

template <std::size_t N>
struct KeySet {
  std::array<std::string_view, N> names;
  consteval Key operator[](std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i)
      if (names[i] == name) return {i, names[i]};
    throw "not one of the keys";  // not a constant: a compile error
  }
};

// Whether two values of a repeated key say the same: numbers by value (1 and 1.0 alike),
// anything else by its minified text.
bool SameValue(element a, element b) {
  double x = 0.0, y = 0.0;
  if (a.get_double().get(x) == simdjson::SUCCESS && b.get_double().get(y) == simdjson::SUCCESS)
    return x == y;
  return simdjson::minify(a) == simdjson::minify(b);
}

// One value of a repeated key, as the message lists it.
std::string ListedValue(element v) {
  std::string text = simdjson::minify(v);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// A repeated key of an object, its values and whether they differ: the first one repeated,
// unless a later one differs where it did not (a key repeated alike hid another repeated
// with a different value behind its warning). Trivially destructible, and filled out of
// line: it sits in every object's Members.
struct Repeat {
  std::string_view key;
  element first, last;
  int count = 0;  // values given
  bool differ = false;
  [[gnu::noinline, gnu::cold]] void Add(std::string_view k, element before, element now) {
    if (!key.empty() && key != k) {
      if (differ || SameValue(before, now)) return;
      *this = Repeat();
    }
    if (key.empty()) key = k, first = before, count = 1;
    differ = differ || !SameValue(before, now);
    last = now;
    ++count;
  }
  // "0, 1", or "0, ... (3 more), 1"
  std::string Values() const {
    return count <= 2 ? ListedValue(first) + ", " + ListedValue(last)
                      : fmt::format("{}, ... ({} more), {}", ListedValue(first), count - 2,
                                    ListedValue(last));
  }
};

// The message of a repeated key: a warning where its values are alike (the last counts), an
// error naming them where they differ (the file does not say which it means), as the other
// JSON readers have it.
template <class Ctx, class Where>
[[gnu::noinline, gnu::cold]] void ReportRepeat(const Ctx& c, const Where& w, const Repeat& r) {
  if (r.differ)
    c.Error(w, "duplicate-key",
            fmt::format("key '{}' given more than once in one object with different values "
                        "({}): give it once, with the value meant",
                        r.key, r.Values()),
            r.key);
  else
    c.Warning(w, "duplicate-key",
              fmt::format("key '{}' given twice in one object: the last value counts", r.key),
              r.key);
}

// The members of one object that a reader wants, found in one pass: simdjson's at_key
// walks the object again for every key (half a millisecond over GasLib-4197's 8 600
// elements). The last of repeated keys counts, as it did with nlohmann's DOM; a key
// repeated is kept with its values (one per object: Repeat says which).
template <std::size_t N>
class Members {
 public:
  Members(const object& o, const KeySet<N>& keys, MemberOrder* order) : keys_(keys.names) {
    std::size_t k = 0;
    for (const auto& field : o) {
      std::size_t i = 0;
      if (k < 16 && order->key[k].data() != nullptr && Same(field.key, order->key[k])) {
        i = order->index[k];
      } else {
        while (i < N && !Same(field.key, keys_[i])) ++i;
        if (k < 16) order->key[k] = field.key, order->index[k] = static_cast<std::uint8_t>(i);
      }
      if (i < N) {
        if (found_[i]) [[unlikely]]
          repeat_.Add(keys_[i], values_[i], field.value);
        values_[i] = field.value;
        found_[i] = true;
      }
      ++k;
    }
  }
  bool Find(Key key, element* out) const {
    return found_[key.index] && (*out = values_[key.index], true);
  }
  // A key of the reader's given twice (the last counts); empty key when none.
  const Repeat& repeated() const { return repeat_; }

 private:
  const std::array<std::string_view, N>& keys_;
  Repeat repeat_;
  std::array<element, N> values_{};
  std::array<bool, N> found_{};
};

bool Find(const object& o, std::string_view key, element* out) {
  bool found = false;
  for (const auto& field : o)  // the last of repeated keys, like Members
    if (Same(field.key, key)) *out = field.value, found = true;
  return found;
}

// Member `key` of `o` when it is there and a T (array, object, string_view).
template <class T>
bool Get(const object& o, std::string_view key, T* out) {
  element v;
  return Find(o, key, &v) && v.get(*out) == simdjson::SUCCESS;
}

template <std::size_t N>
bool Find(const Members<N>& m, Key key, element* out) {
  return m.Find(key, out);
}

std::string_view Name(std::string_view key) { return key; }
std::string_view Name(Key key) { return key.name; }

// What a message says a value was, in the words of the other JSON readers (io::GotValue):
// its kind, then a scalar minified (at most 60 characters), an object or array by its size.
std::string Shown(element v) {
  if (v.is_null()) return "null";
  if (object o; v.get_object().get(o) == simdjson::SUCCESS)
    return fmt::format("an object of {} member(s)", o.size());
  if (array a; v.get_array().get(a) == simdjson::SUCCESS)
    return fmt::format("an array of {} element(s)", a.size());
  std::string text = simdjson::minify(v);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  const char* kind = v.is_string() ? "a string"
                     : v.is_bool() ? "a boolean"
                     : v.is_int64() || v.is_uint64() ? "an integer"
                                                     : "a number";
  return fmt::format("{} {}", kind, text);
}

// The messages of Number and String, out of line (NumberError finds again what failed).
template <class Obj, class K>
[[gnu::noinline, gnu::cold]] void NumberError(const Ctx& c, const Obj& obj, K key,
                                              const Where& w) {
  element v;
  double d = 0.0;
  if (!Find(obj, key, &v))
    c.Error(w, "missing-key", fmt::format("member '{}' is missing", Name(key)), Name(key));
  else if (!GetDouble(v, &d))
    c.Error(w, "wrong-type",
            fmt::format("member '{}' must be a number, got {}", Name(key),
                        Shown(v)), Name(key));
  else  // simdjson refuses 1e999 already; kept for the rule's sake
    c.Error(w, "not-finite", fmt::format("member '{}' is not finite", Name(key)), Name(key));
}

template <class Obj, class K>
[[gnu::noinline, gnu::cold]] void StringError(const Ctx& c, const Obj& obj, K key,
                                              const Where& w) {
  element v;
  if (Find(obj, key, &v))
    c.Error(w, "wrong-type", fmt::format("member '{}' must be a string, got {}", Name(key),
                                         Shown(v)), Name(key));
  else
    c.Error(w, "missing-key", fmt::format("string member '{}' is missing", Name(key)),
            Name(key));
}

// A required member `key` of `root` that is absent or not what it must be (`what`: "an
// array", "an object").
[[gnu::noinline, gnu::cold]] void MemberError(const Ctx& c, const object& root,
                                              std::string_view key, const char* what,
                                              const Where& w) {
  element v;
  if (Find(root, key, &v))
    c.Error(w, "wrong-type", fmt::format("member '{}' must be {}, got {}", key, what,
                                         Shown(v)), key);
  else
    c.Error(w, "missing-key", fmt::format("{} member '{}' is missing",
                                          std::string_view(what).substr(
                                              std::string_view(what).find(' ') + 1),
                                          key), key);
}

// Reads a required finite number member; reports and returns false when absent or bad.
// `key`: a string_view for an object, a Key for Members. Number and String are inlined
// into the readers' loops (their calls were a tenth of reading GasLib-4197).
template <class Obj, class K>
[[gnu::always_inline]] inline bool Number(const Ctx& c, const Obj& obj, K key, const Where& w,
                                          double* out) {
  element v;
  double d = 0.0;
  if (Find(obj, key, &v) && GetDouble(v, &d) && std::isfinite(d)) {
    *out = d;
    return true;
  }
  NumberError(c, obj, key, w);
  return false;
}

template <class Obj, class K>
[[gnu::always_inline]] inline bool String(const Ctx& c, const Obj& obj, K key, const Where& w,
                                          std::string_view* out) {
  element v;
  if (Find(obj, key, &v) && GetString(v, out)) return true;
  StringError(c, obj, key, w);
  return false;
}

template <class Obj, class K>
bool String(const Ctx& c, const Obj& obj, K key, const Where& w, std::string* out) {
  std::string_view v;
  if (!String(c, obj, key, w, &v)) return false;
  *out = v;
  return true;
}

bool Object(const Ctx& c, const object& obj, std::string_view key, const Where& w,
            object* out) {
  if (!Get(obj, key, out)) {
    MemberError(c, obj, key, "an object", w);
    return false;
  }
  return true;
}

void ReadGas(const Ctx& c, const object& root, PandapipesCase* out) {
  const Where gw{"gas", {}, 0, "/gas"};
  object gas;
  // (Looked up in the document, whose pointer is "": under gw its absence read
  // "/gas/gas".)
  if (!Object(c, root, "gas", Where{"case"}, &gas)) return;
  PandapipesPhysics& ph = out->physics;
  Number(c, gas, "T_K", gw, &ph.temperature_K);
  Number(c, gas, "rho_n_gaslib_kg_per_Nm3", gw, &out->gaslib_norm_density);
  if (object nc; Object(c, gas, "normal_conditions", gw, &nc)) {
    const Where w{"gas.normal_conditions", {}, 0, "/gas/normal_conditions"};
    double p_bar = 0.0;
    if (Number(c, nc, "p_bar", w, &p_bar)) ph.norm_pressure_Pa = p_bar * units::kBar;
    Number(c, nc, "T_K", w, &ph.norm_temperature_K);
  }
  object fp;
  if (!Object(c, gas, "pandapipes_fluid_properties", gw, &fp)) return;
  const Where fw{"gas.pandapipes_fluid_properties", {}, 0,
                 "/gas/pandapipes_fluid_properties"};
  Number(c, fp, "rho_n_kg_per_m3_at_273.15K", fw, &ph.norm_density_kg_per_m3);
  Number(c, fp, "dynamic_viscosity_Pa_s_at_T", fw, &ph.viscosity_Pa_s);
  if (object z; Object(c, fp, "compressibility", fw, &z)) {
    const Where w{"gas.compressibility", {}, 0, "/gas/pandapipes_fluid_properties/compressibility"};
    std::string_view model;
    if (String(c, z, "model", w, &model) && model.rfind("linear", 0) != 0)
      c.Error(w, "unsupported-model",
              fmt::format("compressibility model '{}' is not supported (only linear)", model),
              "model");
    Number(c, z, "offset", w, &ph.z_offset);
    double slope_per_bar = 0.0;
    if (Number(c, z, "slope_per_bar", w, &slope_per_bar))
      ph.z_slope_per_Pa = slope_per_bar / units::kBar;
  }
  if (ph.temperature_K <= 0.0)
    c.Error(gw, "positive-temperature",
            fmt::format("T_K must be positive, got {} K", ph.temperature_K), "T_K");
  else if (!plausible::InRange(ph.temperature_K, plausible::kMinTemperature_K,
                               plausible::kMaxTemperature_K))
    // (As the GasSteadySim reader's: a temperature in degC, 16, was solved and FAILed.)
    c.Error(gw, "implausible-value",
            fmt::format("T_K must lie in [{:g}, {:g}] K (-100 to 200 degC, the plausible gas "
                        "temperatures), got {} K",
                        plausible::kMinTemperature_K, plausible::kMaxTemperature_K,
                        ph.temperature_K),
            "T_K");
  if (ph.norm_density_kg_per_m3 <= 0.0)
    c.Error(fw, "positive-density",
            fmt::format("rho_n must be positive, got {} kg/m3", ph.norm_density_kg_per_m3),
            "rho_n_kg_per_m3_at_273.15K");
  if (ph.viscosity_Pa_s <= 0.0)
    c.Error(fw, "positive-viscosity",
            fmt::format("viscosity must be positive, got {} Pa s", ph.viscosity_Pa_s),
            "dynamic_viscosity_Pa_s_at_T");
}

// Ids seen so far: open addressing in one array (std::unordered_set allocates a node per
// id), each slot with the id's hash, so that a probe compares text only when the hashes
// agree, and the id's place in a copy of all ids (a few dozen KiB that stay in cache; the
// ids in the parsed document lie among megabytes, a cache miss per comparison). The hash
// is computed once per id: Prefetch returns it for Insert and IndexOf. Sized for `n` ids
// at most. Laid out as the Network's index (IndexHash, IndexCapacity, linear probing), so
// that with as many ids as the Network has elements, in the same order, its slots are
// the index's (network/index.h).
class IdSet {
 public:
  explicit IdSet(std::size_t n) {
    slots_.resize(IndexCapacity(n));
    text_.reserve(16 * n);
  }
  /// Starts loading the slot where a probe for `id` begins (the reader has other work to
  /// overlap with the cache miss); returns the id's hash.
  std::uint32_t Prefetch(std::string_view id) const {
    const std::uint32_t h = IndexHash(id);
    ids::Prefetch(&slots_[h & (slots_.size() - 1)]);
    return h;
  }
  /// Adds `id` (of hash `h`, from Prefetch); false when it is there already. At most `n`
  /// ids are added, so that at least half of the slots stay empty and every probe ends.
  bool Insert(std::string_view id, std::uint32_t h) {
    Slot& s = slots_[Index(id, h)];
    if (s.index_plus_1 != 0) return false;
    s = {h, static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(id.size()),
         ++count_};
    text_.append(id);
    return true;
  }
  /// The place of `id` among the ids inserted (in order), or SIZE_MAX.
  std::size_t IndexOf(std::string_view id, std::uint32_t h) const {
    return std::size_t{slots_[Index(id, h)].index_plus_1} - 1;
  }
  std::size_t capacity() const { return slots_.size(); }
  /// Slot i as the Network's index has it: {hash, index + 1}, {0, 0} when empty.
  std::pair<std::uint32_t, std::uint32_t> IndexSlot(std::size_t i) const {
    const Slot& s = slots_[i];
    return {s.index_plus_1 != 0 ? s.hash : 0, s.index_plus_1};
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t at = 0;  // in text_
    std::uint32_t size = 0;
    std::uint32_t index_plus_1 = 0;  // 0: empty
  };
  // The slot holding `id`, or the empty one where it would go.
  std::size_t Index(std::string_view id, std::uint32_t h) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.index_plus_1 == 0 || (s.hash == h && Same({text_.data() + s.at, s.size}, id)))
        return i;
    }
  }
  std::vector<Slot> slots_;
  std::string text_;
  std::uint32_t count_ = 0;
};

void ReadNodes(const Ctx& c, const object& root, IdLines* lines, IdSet* seen,
               PandapipesCase* out) {
  array nodes;
  if (!Get(root, "nodes", &nodes)) {
    MemberError(c, root, "nodes", "an array", Where{"case"});
    return;
  }
  *seen = IdSet(nodes.size());
  out->network.nodes.reserve(nodes.size());
  out->injection_kg_per_s.reserve(nodes.size());
  int slacks = 0;
  MemberOrder order;
  std::size_t entry = 0;
  for (element e : nodes) {
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) {
      c.Error(Where{"nodes", {}, 0, "/nodes", entry}, "wrong-type",
              fmt::format("nodes[{}] must be an object, got {}", entry, Shown(e)));
      ++entry;
      continue;
    }
    ++entry;
    static constexpr KeySet<8> k{{"id", "height_m", "gaslib_type", "pmin_bar_abs_gaslib",
                                  "pmax_bar_abs_gaslib", "kind", "p_fixed_bar_abs",
                                  "inflow_kg_per_s"}};
    const Members<8> n(o, k, &order);
    std::string_view id;
    if (!String(c, n, k["id"], Where{"node", {}, 0, "/nodes", entry - 1}, &id)) continue;
    const std::uint32_t id_hash = seen->Prefetch(id);
    const int line = lines->Next(id);
    const Where w{"node", id, line, "/nodes", entry - 1, line > 0 ? lines->KeyOffset()
                                                                   : std::string_view::npos};
    if (!n.repeated().key.empty()) [[unlikely]]
      ReportRepeat(c, w, n.repeated());
    if (!seen->Insert(id, id_hash)) {
      c.Error(w, "duplicate-id",
              fmt::format("node id appears more than once, first at line {}",
                          out->network.nodes[seen->IndexOf(id, id_hash)].line),
              "id");
      continue;
    }
    Node& node = out->network.nodes.emplace_back();  // in place: a Node is 272 bytes
    node.id = id;
    node.line = w.line;
    // (A height or an inflow of 1e300 reached the solver: a FAIL row, exit 1, where the
    // GasLib readers refuse it at its line.)
    if (Number(c, n, k["height_m"], w, &node.height_m) &&
        !plausible::InRange(node.height_m, plausible::kMinHeight_m, plausible::kMaxHeight_m))
      c.Error(w, "implausible-value",
              fmt::format("height must lie in [{:g}, {:g}] m (the plausible heights), got {} m",
                          plausible::kMinHeight_m, plausible::kMaxHeight_m, node.height_m),
              "height_m");
    std::string_view gaslib_type;
    if (String(c, n, k["gaslib_type"], w, &gaslib_type))
      node.kind = Same(gaslib_type, "source") ? NodeKind::kSource
                  : Same(gaslib_type, "sink") ? NodeKind::kSink
                                          : NodeKind::kInnode;
    double pmin = 0.0, pmax = 0.0;  // optional: 0 when absent or not a number
    if (element v; !n.Find(k["pmin_bar_abs_gaslib"], &v) || !GetDouble(v, &pmin)) pmin = 0.0;
    if (element v; !n.Find(k["pmax_bar_abs_gaslib"], &v) || !GetDouble(v, &pmax)) pmax = 0.0;
    node.pressure_min_Pa = pmin * units::kBar;
    node.pressure_max_Pa = pmax * units::kBar;
    std::string_view kind;
    String(c, n, k["kind"], w, &kind);
    double inflow = 0.0;
    if (Same(kind, "slack")) {
      ++slacks;
      double p_bar = 0.0;
      if (Number(c, n, k["p_fixed_bar_abs"], w, &p_bar)) {
        if (p_bar <= 0.0)
          c.Error(w, "positive-pressure",
                  fmt::format("slack pressure must be positive, got {} bar", p_bar),
                  "p_fixed_bar_abs");
        // (As the results' pressures: 6 640 000 "bar", Pa given as bar, reached the solver
        // and was a FAIL row with SteadyOptions' words.)
        else if (!plausible::InRange(p_bar * units::kBar, plausible::kMinReferencePressure_Pa,
                                     plausible::kMaxPressure_Pa))
          c.Error(w, "implausible-value",
                  fmt::format("slack pressure must lie in [{:g}, {:g}] bar (the plausible "
                              "reference pressures), got {} bar",
                              plausible::kMinReferencePressure_Pa / units::kBar,
                              plausible::kMaxPressure_Pa / units::kBar, p_bar),
                  "p_fixed_bar_abs");
        out->slack_node = id;
        out->slack_pressure_Pa = p_bar * units::kBar;
      }
    } else if (Same(kind, "load")) {
      if (Number(c, n, k["inflow_kg_per_s"], w, &inflow) &&
          !plausible::InRange(inflow, -plausible::kMaxMassFlow_kg_per_s,
                              plausible::kMaxMassFlow_kg_per_s))
        c.Error(w, "implausible-value",
                fmt::format("inflow must lie in [{:g}, {:g}] kg/s (the plausible mass flows), "
                            "got {} kg/s",
                            -plausible::kMaxMassFlow_kg_per_s, plausible::kMaxMassFlow_kg_per_s,
                            inflow),
                "inflow_kg_per_s");
    } else if (!kind.empty()) {
      c.Error(w, "unknown-kind",
              fmt::format("node kind must be 'load' or 'slack', got '{}'", kind), "kind");
    }
    out->injection_kg_per_s.push_back(inflow);
  }
  if (slacks != 1)
    c.Error(Where{"nodes", {}, 0, "/nodes"}, "one-slack",
            fmt::format("exactly one slack node expected, found {}", slacks));
}

// Reads the edges, their ids into *seen, and sets their from_index and to_index.
void ReadEdges(const Ctx& c, const object& root, IdLines* lines, const IdSet& node_ids,
               IdSet* seen, PandapipesCase* out) {
  array edges;
  if (!Get(root, "edges", &edges)) {
    MemberError(c, root, "edges", "an array", Where{"case"});
    return;
  }
  *seen = IdSet(edges.size());
  out->network.arcs.reserve(edges.size());
  out->loss_coefficient.reserve(edges.size());
  out->pressure_ratio.reserve(edges.size());
  MemberOrder order;
  std::size_t entry = 0;
  for (element el : edges) {
    object o;
    if (el.get_object().get(o) != simdjson::SUCCESS) {
      c.Error(Where{"edges", {}, 0, "/edges", entry}, "wrong-type",
              fmt::format("edges[{}] must be an object, got {}", entry, Shown(el)));
      ++entry;
      continue;
    }
    ++entry;
    static constexpr KeySet<9> k{{"id", "type", "from", "to", "length_m", "diameter_m",
                                  "roughness_m", "loss_coefficient", "pressure_ratio"}};
    const Members<9> e(o, k, &order);
    std::string_view id;
    if (!String(c, e, k["id"], Where{"edge", {}, 0, "/edges", entry - 1}, &id)) continue;
    const std::uint32_t id_hash = seen->Prefetch(id);
    // from, to: read and hashed here, looked up below, after other work
    const Key end_key[2] = {k["from"], k["to"]};
    std::string_view end_text[2];
    std::uint32_t end_hash[2] = {0, 0};
    bool is_string[2] = {false, false};
    for (int i = 0; i < 2; ++i)
      if (element v; e.Find(end_key[i], &v) && GetString(v, &end_text[i])) {
        end_hash[i] = node_ids.Prefetch(end_text[i]);
        is_string[i] = true;
      }
    const int line = lines->Next(id);
    const std::size_t id_key = line > 0 ? lines->KeyOffset() : std::string_view::npos;
    const Where ew{"edge", id, line, "/edges", entry - 1, id_key};
    if (!seen->Insert(id, id_hash)) {
      c.Error(ew, "duplicate-id",
              fmt::format("edge id appears more than once, first at line {}",
                          out->network.arcs[seen->IndexOf(id, id_hash)].line),
              "id");
      continue;
    }
    std::string_view type;
    String(c, e, k["type"], ew, &type);
    const Where w{type.empty() ? std::string_view("edge") : type, id, line, "/edges", entry - 1,
                  id_key};
    if (!e.repeated().key.empty()) [[unlikely]]
      ReportRepeat(c, w, e.repeated());
    Arc& arc = out->network.arcs.emplace_back();  // in place: an Arc is 656 bytes
    arc.id = id;
    arc.line = line;
    for (int i = 0; i < 2; ++i)
      if (is_string[i]) (i == 0 ? arc.from : arc.to) = end_text[i];
      else StringError(c, e, end_key[i], w);
    const bool ends = is_string[0] && is_string[1];
    for (int i = 0; i < 2; ++i) {  // an end that is not a string is "" (as BuildIndex has it)
      const std::string& end = i == 0 ? arc.from : arc.to;
      const std::size_t index =
          node_ids.IndexOf(end, is_string[i] ? end_hash[i] : IndexHash(end));
      (i == 0 ? arc.from_index : arc.to_index) = index;
      if (ends && index == SIZE_MAX)
        c.Error(w, "unknown-node", fmt::format("node '{}' is not in 'nodes'", end),
                i == 0 ? "from" : "to");
    }
    // An edge from a node to itself has no pressure drop to carry its flow (as check's
    // self-loop): a pipe's flow would be its height term's alone, a valve's undetermined.
    if (ends && arc.from_index != SIZE_MAX && arc.from_index == arc.to_index)
      c.Error(w, "self-loop", fmt::format("joins node '{}' to itself", arc.from), "to");
    double zeta = 0.0, ratio = 1.0;
    if (Same(type, "pipe")) {
      arc.kind = ArcKind::kPipe;
      PipeData& p = arc.pipe;
      bool ok = Number(c, e, k["length_m"], w, &p.length_m) &
                Number(c, e, k["diameter_m"], w, &p.diameter_m) &
                Number(c, e, k["roughness_m"], w, &p.roughness_m) &
                Number(c, e, k["loss_coefficient"], w, &zeta);
      if (ok) {
        if (p.length_m < 0.0)
          c.Error(w, "negative-value",
                  fmt::format("length must be >= 0, got {} m", p.length_m), "length_m");
        if (p.diameter_m <= 0.0)
          c.Error(w, "positive-diameter",
                  fmt::format("diameter must be positive, got {} m", p.diameter_m),
                  "diameter_m");
        else if (!plausible::InRange(p.diameter_m, plausible::kMinDiameter_m,
                                     plausible::kMaxDiameter_m))
          c.Error(w, "implausible-value",
                  fmt::format("diameter must lie in [{:g}, {:g}] m (the plausible diameters), "
                              "got {} m",
                              plausible::kMinDiameter_m, plausible::kMaxDiameter_m,
                              p.diameter_m),
                  "diameter_m");
        if (p.length_m > plausible::kMaxLength_m)
          c.Error(w, "implausible-value",
                  fmt::format("length must be at most {:g} m (the plausible lengths), got {} m",
                              plausible::kMaxLength_m, p.length_m),
                  "length_m");
        // Both of its laws are rough-pipe laws (k > 0), every law needs k < D/2, and a
        // positive k below 1 nm is a slip (k = 5e-324 m overflowed D/k): refused here at
        // its line, as the solver would refuse it without one.
        if (p.diameter_m > 0.0 && !(p.roughness_m >= plausible::kMinPositiveRoughness_m &&
                                    p.roughness_m < 0.5 * p.diameter_m))
          c.Error(w, "roughness-range",
                  fmt::format("roughness must lie in [{:g} m, D/2) = [{:g}, {:g}) m, got {} m",
                              plausible::kMinPositiveRoughness_m,
                              plausible::kMinPositiveRoughness_m, 0.5 * p.diameter_m,
                              p.roughness_m),
                  "roughness_m");
        if (zeta < 0.0)
          c.Error(w, "negative-value",
                  fmt::format("loss coefficient must be >= 0, got {}", zeta),
                  "loss_coefficient");
        // GasLib-4197's resistor_3 has dragFactor 0: a lossless connection, legal but worth
        // a note since the solver must treat it as an ideal element.
        if (p.length_m == 0.0 && zeta == 0.0)
          c.Warning(w, "lossless-pipe", "length 0 and loss coefficient 0: an ideal connection");
      }
    } else if (Same(type, "valve")) {
      arc.kind = ArcKind::kValve;
      // An ideal valve's diameter enters no equation, but one given is a diameter (-5 m
      // passed without a word).
      double d = 0.0;
      if (element v; e.Find(k["diameter_m"], &v) && Number(c, e, k["diameter_m"], w, &d) &&
                     !(d > 0.0))
        c.Error(w, "positive-diameter", fmt::format("diameter must be positive, got {} m", d),
                "diameter_m");
      double loss = 0.0;
      if (element v; e.Find(k["loss_coefficient"], &v) &&
          Number(c, e, k["loss_coefficient"], w, &loss) && loss != 0.0)
        c.Error(w, "lossless-valve",
                fmt::format("only ideal valves (loss 0) are supported, got {}", loss),
                "loss_coefficient");
    } else if (Same(type, "compressor")) {
      arc.kind = ArcKind::kCompressorStation;
      if (Number(c, e, k["pressure_ratio"], w, &ratio) && ratio < 1.0)
        c.Error(w, "ratio-range", fmt::format("pressure ratio must be >= 1, got {}", ratio),
                "pressure_ratio");
    } else if (!type.empty()) {
      c.Error(w, "unknown-type",
              fmt::format("edge type must be pipe, valve or compressor, got '{}'", type),
              "type");
    }
    out->loss_coefficient.push_back(zeta);
    out->pressure_ratio.push_back(ratio);
  }
}

// Where simdjson refused the text (err), or read a number below a double's range as 0
// (err SUCCESS: MayUnderflow below), the line and the reason from nlohmann's SAX parser,
// which keeps positions (the error path and odd files only). True when something was
// reported: with err SUCCESS, only a number out of range counts.
bool ReportSyntaxError(const std::string& path, std::string_view text,
                       simdjson::error_code err, Diagnostics* diag) {
  nlohmann::json ignored;
  io::PositionedDomParser<nlohmann::json> sax(&ignored);
  const std::string copy(text);
  sax.Parse(copy);
  if (sax.failed && sax.Overflow()) {
    for (const io::NumberFault& f : io::NumbersOutOfRange(copy, sax))
      diag->Error(path, io::LineOfOffset(copy, f.offset), "", "not-finite", f.message);
    return true;
  }
  if (sax.failed && err != simdjson::SUCCESS) {
    diag->Error(path, io::LineOfOffset(copy, sax.ErrorOffsetIn(copy)), "", "json-syntax",
                fmt::format("malformed JSON: {}", sax.error_message));
    return true;
  }
  if (err == simdjson::SUCCESS) return false;
  // Valid to nlohmann, not to simdjson (an integer beyond 64 bits, say).
  diag->Error(path, 0, "", "json-syntax",
              fmt::format("not valid JSON: {}", simdjson::error_message(err)));
  return true;
}

// simdjson reads a number below a double's range (1e-400) as 0, silently, where the other
// readers refuse it at its line. Only a number with an exponent of -300 or below, or with
// more than 20 zeros before its first other digit (0.000...1e-299, or 0. and 400 zeros and
// a 1), can be one. A case file has few minus signs (GasLib-4197's 2 MB: 2 700), so they
// are looked at, and a run of 20 zeros is looked for (0.1 ms for GasLib-4197 together);
// where a number might be one, nlohmann's positioned parser decides.
bool MayUnderflow(std::string_view text) {
  static constexpr char kZeros[] = "00000000000000000000";
  if (memmem(text.data(), text.size(), kZeros, sizeof kZeros - 1) != nullptr) return true;
  for (std::size_t i = text.find('-'); i != std::string_view::npos; i = text.find('-', i + 1)) {
    if (i < 2 || (text[i - 1] != 'e' && text[i - 1] != 'E') ||
        !((text[i - 2] >= '0' && text[i - 2] <= '9') || text[i - 2] == '.'))
      continue;
    long exponent = 0;
    for (std::size_t j = i + 1; j < text.size() && text[j] >= '0' && text[j] <= '9'; ++j)
      exponent = std::min(10L * exponent + (text[j] - '0'), 100000L);
    if (exponent >= 300) return true;
  }
  return false;
}

// What a thread keeps between reads: simdjson's parser with its buffers (tape, strings,
// structural indexes: several times the file's size) and the padded file buffer. Fresh
// ones cost a page fault per 4 KiB touched, more than half of reading GasLib-4197 in a
// loop; kept, a second read touches no new memory. Nothing read outlives the call (ids
// are copied out), so the next read may overwrite both.
struct Scratch {
  simdjson::dom::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;  // of `buffer`, padding excluded

  // Reads the whole file, `size` bytes as file_internal::CheckInputFile found it, into
  // `buffer` (followed by simdjson's padding); false on failure, and when the file grew
  // past kMaxInputFileBytes meanwhile.
  bool Load(const std::string& path, std::uintmax_t size, std::string_view* text) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return false;
    std::size_t n = 0;  // `size` is a hint: read on until EOF
    // (Where the first reservation fails, the call fails: an earlier read's buffer on this
    // thread passed `capacity > n` with nothing read, and the file was parsed as empty.)
    const bool reserved = Reserve(static_cast<std::size_t>(size) + 1);
    if (reserved) {
      while ((n += std::fread(buffer.get() + n, 1, capacity - n, f)) == capacity &&
             n <= kMaxInputFileBytes)
        if (!Reserve(std::min<std::size_t>(2 * capacity, kMaxInputFileBytes + 1), n)) break;
    }
    const bool ok = reserved && capacity > n && std::ferror(f) == 0;
    std::fclose(f);
    if (!ok) return false;
    std::memset(buffer.get() + n, 0, simdjson::SIMDJSON_PADDING);
    *text = std::string_view(buffer.get(), n);
    return true;
  }
  // At least `size` bytes (plus padding), keeping the first `keep`; false when out of memory.
  bool Reserve(std::size_t size, std::size_t keep = 0) {
    if (size <= capacity) return true;
    std::unique_ptr<char[]> b(new (std::nothrow) char[size + simdjson::SIMDJSON_PADDING]);
    if (!b) return false;
    if (keep > 0) std::memcpy(b.get(), buffer.get(), keep);
    buffer = std::move(b);
    capacity = size;
    return true;
  }
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Hands the scratch back to the allocator after a large file, which would otherwise pin
// its many times 32 MiB for the thread's life (GasLib-4197's 2 MB keep about 6 MiB).
struct ScratchLimit {
  Scratch* scratch;
  ~ScratchLimit() {
    if (scratch->capacity > (std::size_t{32} << 20)) *scratch = Scratch();
  }
};

}  // namespace

Status ReadPandapipesCaseFile(const std::string& path, PandapipesCase* out, Diagnostics* diag) {
  *out = PandapipesCase();
  Scratch& scratch = ThreadScratch();
  const ScratchLimit limit{&scratch};
  std::string_view text;
  std::uintmax_t size = 0;
  // A file that cannot be read (a folder, a FIFO, a link to nothing, a loop of links, no
  // permission) is a diagnostic like any other problem, as ReadFileReporting makes it: kept
  // only as the status, it was left out of the list beside other errors.
  auto unreadable = [&](const Status& s) {
    file_internal::ReportUnreadable(path, s, diag);
    return s;
  };
  if (Status s = file_internal::CheckInputFile(path, &size); !s.ok()) return unreadable(s);
  if (!scratch.Load(path, size, &text)) {  // ReadFileToString says why
    std::string ignored;
    Status s = ReadFileToString(path, &ignored);
    return unreadable(
        s.ok() ? Status::IoError(fmt::format("{}: read failed", Printable(path))) : s);
  }
  // A UTF-8 byte order mark is skipped, as the GasLib, GasSteadySim and CSV readers skip
  // it (simdjson refused it as "improper structure", without a line). It holds no newline:
  // lines are unchanged.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {  // (was json-syntax)
    diag->Error(path, 1, "", "empty-file", "the case file is empty");
    return Status::ParseError(fmt::format("{}: empty file", Printable(path)));
  }
  element root_el;
  object root;
  if (const auto err = scratch.parser.parse(text.data(), text.size(), false).get(root_el);
      (err != simdjson::SUCCESS || MayUnderflow(text)) &&
      ReportSyntaxError(path, text, err, diag)) {
    return Status::ParseError(fmt::format("{}: not a valid JSON object", Printable(path)));
  }
  if (root_el.get_object().get(root) != simdjson::SUCCESS) {
    diag->Error(path, 1, "", "wrong-type", "the case must be a JSON object");
    return Status::ParseError(fmt::format("{}: not a valid JSON object", Printable(path)));
  }
  IdLines lines(text);
  Ctx c{path, diag, text, nullptr, nullptr};
  const std::size_t errors_before = diag->error_count();
  const Where cw{"case"};
  // The case's own keys given twice: said, as the GasSteadySim reader says them (a second
  // "format" was taken in silence), each against the value given before it. Hashed: a
  // root of many keys is no reason to compare them pairwise.
  {
    std::unordered_map<std::string_view, element> before;
    for (const auto& field : root) {
      const auto [it, fresh] = before.try_emplace(field.key, field.value);
      if (fresh) continue;
      Repeat r;
      r.Add(field.key, it->second, field.value);
      ReportRepeat(c, cw, r);
      it->second = field.value;
    }
  }

  std::string_view format;
  // Another of corridor's files among the cases is said as such, with what reads it, and
  // nothing more of it is read (a hydro case gave five missing members besides), as the
  // other readers of corridor's JSON files do.
  if (element f; Find(root, "format", &f) && f.is_string())
    if (std::string other = io::OtherCorridorFile(f.get_string().value(),
                                                  "gaslib-simplified-steady-v1");
        !other.empty()) {
      c.Error(cw, "wrong-file-kind", other, "format");
      return Status::InvalidInput(fmt::format("{}: not a pandapipes case", Printable(path)));
    }
  if (String(c, root, "format", cw, &format) && format != "gaslib-simplified-steady-v1")
    c.Error(cw, "format",
            fmt::format("format must be 'gaslib-simplified-steady-v1', got '{}'", format),
            "format");
  out->name = std::filesystem::path(path).stem().string();
  if (object model; Object(c, root, "model", cw, &model))
    String(c, model, "friction_model", Where{"model", {}, 0, "/model"}, &out->default_friction);
  if (element v; Find(root, "compressor_ratio", &v))
    Number(c, root, "compressor_ratio", cw, &out->compressor_ratio);
  ReadGas(c, root, out);
  IdSet node_ids(0), edge_ids(0);
  ReadNodes(c, root, &lines, &node_ids, out);
  ReadEdges(c, root, &lines, node_ids, &edge_ids, out);
  Network& net = out->network;
  net.info.title = out->name;
  net.info.source_file = path;
  // The id sets hold the Network's index unless elements were left out (not objects, no
  // id, a repeated id), which leaves the sets bigger than the index.
  if (node_ids.capacity() == IndexCapacity(net.nodes.size()) &&
      edge_ids.capacity() == IndexCapacity(net.arcs.size()))
    NetworkIndexAccess::Set(
        &net, [&](std::size_t i) { return node_ids.IndexSlot(i); },
        [&](std::size_t i) { return edge_ids.IndexSlot(i); });
  else
    net.BuildIndex();

  // The slack object must agree with the slack node.
  if (object slack; Object(c, root, "slack", cw, &slack)) {
    std::string node;
    double p_bar = 0.0;
    Where w{"slack", {}, 0, "/slack"};
    const bool have_node = String(c, slack, "node", w, &node);
    if (have_node && node != out->slack_node)
      c.Error(w, "slack-mismatch",
              fmt::format("slack.node '{}' differs from the node of kind 'slack' ('{}')", node,
                          out->slack_node),
              "node");
    if (Number(c, slack, "p_bar_abs", w, &p_bar) &&
        std::abs(p_bar * units::kBar - out->slack_pressure_Pa) > 1e-6)
      c.Error(w, "slack-mismatch",
              fmt::format("slack.p_bar_abs {} bar differs from the node's p_fixed_bar_abs {} bar",
                          p_bar, out->slack_pressure_Pa / units::kBar),
              "p_bar_abs");
  }
  // Removed edges must not be present among the edges (the case says they were dropped).
  if (array removed; Get(root, "removed_edges", &removed)) {
    std::size_t entry = 0;
    for (element r : removed) {
      std::string_view id;
      object o;
      const Where rw{"removed_edges", {}, 0, "/removed_edges", entry++};
      if (r.get(o) != simdjson::SUCCESS || !Get(o, "id", &id)) {
        c.Error(rw, "wrong-type",
                fmt::format("an entry of removed_edges must be an object with a string 'id', "
                            "got {}",
                            Shown(r)));
        continue;
      }
      out->removed_edges.emplace_back(id);
      if (auto a = net.FindArc(out->removed_edges.back()))
        c.Error(Where{"edge", id, net.arcs[*a].line, "/removed_edges", entry - 1},
                "removed-edge-present", "listed under removed_edges but still among the edges",
                "id");
    }
  }
  std::vector<std::size_t> disconnected_entry;  // each listed id's index in the array
  if (array disc; Get(root, "disconnected_nodes", &disc)) {
    std::size_t entry = 0;
    for (element n : disc) {
      std::string_view id;
      object o;
      if (n.get(id) == simdjson::SUCCESS ||
          (n.get(o) == simdjson::SUCCESS && Get(o, "id", &id))) {
        out->disconnected_nodes.emplace_back(id);
        disconnected_entry.push_back(entry);
      } else {
        c.Error(Where{"disconnected_nodes", {}, 0, "/disconnected_nodes", entry},
                "wrong-type",
                fmt::format("an entry of disconnected_nodes must be a node id (a string, or "
                            "an object with a string 'id'), got {}",
                            Shown(n)));
      }
      ++entry;
    }
  }
  // The nodes no edge reaches are the ones the case lists as disconnected: pandapipes gives
  // them no result, and the solve leaves their pressure undetermined (NaN). A node the list
  // misses, or one it names that an edge reaches, says the case was cut from its network
  // otherwise than it claims.
  if (diag->error_count() == errors_before) {
    std::vector<int> degree(net.nodes.size(), 0);
    for (const Arc& a : net.arcs) {
      if (a.from_index < degree.size()) ++degree[a.from_index];
      if (a.to_index < degree.size()) ++degree[a.to_index];
    }
    std::unordered_set<std::string_view> listed;
    for (std::size_t k = 0; k < out->disconnected_nodes.size(); ++k) {
      const std::string& id = out->disconnected_nodes[k];
      listed.insert(id);
      const Where dw{"node", id, 0, "/disconnected_nodes", disconnected_entry[k]};
      if (const auto v = net.FindNode(id); !v)
        c.Warning(dw, "disconnected-mismatch",
                  "listed under disconnected_nodes but not a node of the case");
      else if (degree[*v] > 0)
        c.Warning(dw, "disconnected-mismatch",
                  fmt::format("listed under disconnected_nodes but joined by {} edge{}",
                              degree[*v], degree[*v] == 1 ? "" : "s"));
    }
    for (std::size_t v = 0; v < net.nodes.size(); ++v)
      if (degree[v] == 0 && !listed.count(net.nodes[v].id))
        c.Warning(Where{"node", net.nodes[v].id, net.nodes[v].line, "/nodes", v},
                  "disconnected-mismatch",
                  "no edge reaches it, and disconnected_nodes does not list it: its pressure "
                  "is undetermined (left NaN by the solve)");
  }

  if (diag->error_count() > errors_before)
    return Status::InvalidInput(fmt::format("{}: {} error(s) in the case file", Printable(path),
                                            diag->error_count() - errors_before));
  return Status::Ok();
}

namespace {

// Splits one CSV line (its '\r' of a CRLF end removed) as RFC 4180 does within a line (a
// quoted field over a line end, which it allows, is a quote not closed): a field that
// starts with '"' runs to the next lone '"', and holds commas and doubled quotes ("") as
// text. It dropped every '"' and split at every comma: "67,2157674" (a decimal comma) gave
// a long row, not a cell that is no number. Returns what is wrong with the quoting, or "".
std::string SplitCsv(std::string_view line, std::vector<std::string>* f) {
  f->clear();
  std::string cur;
  std::size_t i = 0;
  while (true) {
    cur.clear();
    if (i < line.size() && line[i] == '"') {
      const std::size_t open = i++;
      while (true) {
        if (i >= line.size())
          return fmt::format("field {}: the quote opened at column {} is not closed",
                             f->size() + 1, open + 1);
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cur.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cur.push_back(line[i++]);
      }
      if (i < line.size() && line[i] != ',')
        return fmt::format("field {}: text after its closing quote (column {})",
                           f->size() + 1, i + 1);
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"')
          return fmt::format("field {}: a quote inside an unquoted field (column {})",
                             f->size() + 1, i + 1);
        cur.push_back(line[i++]);
      }
    }
    f->push_back(cur);
    if (i >= line.size()) return {};
    ++i;  // the comma
  }
}

// One column of a results file as read.
struct CsvColumn {
  std::unordered_map<std::string, double> values;  // id -> value * scale
  // Each row's id and line, in the file's order (also the rows refused below).
  std::vector<std::pair<std::string, int>> rows;
  // The ids whose row was reported (a short or long row, a cell that is no number): not
  // also "missing" from the file.
  std::unordered_set<std::string> refused;
  // Of each id in `values`: the line and the text of the row that gave it.
  std::unordered_map<std::string, std::pair<int, std::string>> first;
  bool rows_read = false;  // the file was read and had its header: every row was judged
  // An edges file's "from" and "to" cells, one pair per row of `rows`, where its header
  // has both columns (per row: a repeated row whose ends were swapped passed as a
  // duplicate, its first row's ends judged alone).
  std::vector<std::pair<std::string, std::string>> ends;
};

// Reads `key_col` -> `value_col` * scale from a CSV file. `pressures`: the values are
// absolute pressures, each within (0, 1000 bar] (plausible::kMaxPressure_Pa, the rule of
// GasSteadySim's stored pressures): -114 bar was compared, and FAILed the case.
Status ReadCsvColumn(const std::string& path, const std::string& key_col,
                     const std::string& value_col, double scale, CsvColumn* out,
                     Diagnostics* diag, bool pressures = false) {
  std::string text;
  Status s = ReadFileReporting(path, &text, diag);  // an unreadable file is listed too
  if (!s.ok()) return s;
  // A UTF-8 byte order mark is skipped, as the other readers skip it: it made the header's
  // first column "\xEF\xBB\xBFnode_id", and the file one without its id column.
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  // Lines end at \n, \r\n or a lone \r, as in every other reader: a file of lone CRs was
  // one line, its header, and refused as "0 of the 134 nodes".
  std::istringstream in(io::UnixLineEnds(text));
  std::string line;
  std::vector<std::string> f;
  int line_no = 0, ki = -1, vi = -1, fi = -1, ti = -1;
  std::size_t fields = 0;  // the header's
  const std::size_t errors_before = diag->error_count();
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (std::string bad = SplitCsv(line, &f); !bad.empty()) {
      std::string element = ki >= 0 && f.size() > static_cast<std::size_t>(ki)
                                ? f[static_cast<std::size_t>(ki)]
                                : std::string();
      if (!element.empty()) out->refused.insert(element);
      // The id as a plain split reads it too, quotes dropped: where the bad quote is in the
      // id itself ("node_2,...) the row was reported again as missing ('node_2'); and the
      // quoted part alone where text follows its closing quote ("node_3"x).
      if (ki >= 0) {
        std::string_view rest = line;
        for (int k = 0; k < ki && !rest.empty(); ++k) {
          const std::size_t comma = rest.find(',');
          rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        const std::string_view raw = io::TrimAsciiSpace(rest.substr(0, rest.find(',')));
        std::string id(raw);
        std::erase(id, '"');
        out->refused.insert(std::string(io::TrimAsciiSpace(id)));
        if (const std::size_t close = raw.find('"', 1);
            !raw.empty() && raw.front() == '"' && close != std::string_view::npos) {
          const std::string quoted(raw.substr(1, close - 1));
          out->refused.insert(quoted);
          if (element.empty()) element = quoted;
        }
        if (element.empty()) element = std::string(io::TrimAsciiSpace(id));
      }
      diag->Error(path, line_no, element, "malformed-line", bad);
      if (ki < 0) return Status::ParseError(fmt::format("{}: bad header", Printable(path)));
      continue;
    }
    if (ki < 0) {
      // A column named more than once: which copy holds the values is not guessed (the last
      // was compared: gauge pressures under a first 'p_bar_abs' passed). Each name once,
      // with its fields (first 5 listed), in the order of its first field.
      std::map<std::string_view, std::vector<std::size_t>> at;
      for (std::size_t i = 0; i < f.size(); ++i)
        if (!f[i].empty()) at[f[i]].push_back(i + 1);
      std::vector<const std::pair<const std::string_view, std::vector<std::size_t>>*> twice;
      for (const auto& e : at)
        if (e.second.size() > 1) twice.push_back(&e);
      std::sort(twice.begin(), twice.end(),
                [](const auto* a, const auto* b) { return a->second[0] < b->second[0]; });
      for (const auto* e : twice) {
        const std::vector<std::size_t>& v = e->second;
        std::string listed;
        for (std::size_t k = 0; k < v.size() && k < 5; ++k)
          listed += fmt::format("{}{}", k == 0 ? "" : k + 1 == v.size() ? " and " : ", ", v[k]);
        if (v.size() > 5) listed += fmt::format(" and {} more", v.size() - 5);
        diag->Error(path, line_no, "", "duplicate-column",
                    fmt::format("column '{}' is named {} (fields {}): which one holds the "
                                "values is not guessed",
                                e->first, v.size() == 2 ? "twice" : fmt::format("{} times",
                                                                                v.size()),
                                listed));
      }
      if (!twice.empty())
        return Status::ParseError(fmt::format("{}: bad header", Printable(path)));
      for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] == key_col) ki = static_cast<int>(i);
        if (f[i] == value_col) vi = static_cast<int>(i);
        if (f[i] == "from") fi = static_cast<int>(i);
        if (f[i] == "to") ti = static_cast<int>(i);
      }
      if (ki < 0 || vi < 0) {
        // A header that is one field holding ';' (or a tab) is a file of another separator.
        const char* sep = f.size() != 1                        ? nullptr
                          : f[0].find(';') != std::string::npos  ? "';'"
                          : f[0].find('\t') != std::string::npos ? "a tab"
                                                                 : nullptr;
        if (sep != nullptr)
          diag->Error(path, line_no, "", "separator",
                      fmt::format("the header is one field holding {}: the fields must be "
                                  "separated by ',' (with columns '{}' and '{}')",
                                  sep, key_col, value_col));
        else {
          // A field that is the column but for its case or white space is named.
          std::string near;
          for (const std::string& h : f)
            for (const std::string& want : {key_col, value_col}) {
              const std::string_view t = io::TrimAsciiSpace(h);
              if (h != want && t.size() == want.size() &&
                  std::equal(t.begin(), t.end(), want.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == b;
                  }))
                near += fmt::format("; '{}' is not '{}' (case and white space count)", h, want);
            }
          diag->Error(path, line_no, "", "missing-column",
                      fmt::format("header must name columns '{}' and '{}'{}", key_col,
                                  value_col, near));
        }
        return Status::ParseError(fmt::format("{}: missing columns", Printable(path)));
      }
      fields = f.size();
      out->rows_read = true;
      continue;
    }
    // A row with a field too few or too many has its columns shifted: its value would be
    // another column's (a missing node_id cell read p_amb as the pressure).
    if (f.size() != fields) {
      const bool id_read = static_cast<int>(f.size()) > ki;
      diag->Error(path, line_no, id_read ? f[static_cast<std::size_t>(ki)] : "",
                  f.size() < fields ? "short-row" : "long-row",
                  fmt::format("row has {} fields where the header has {}: its columns would "
                              "not be the header's",
                              f.size(), fields));
      // (Not in `rows`: a cut row's id is a fragment, reported once, here, not again as
      // an unknown node.)
      if (id_read) out->refused.insert(f[static_cast<std::size_t>(ki)]);
      continue;
    }
    const std::string& id = f[static_cast<std::size_t>(ki)];
    out->rows.emplace_back(id, line_no);
    if (fi >= 0 && ti >= 0)
      out->ends.emplace_back(f[static_cast<std::size_t>(fi)], f[static_cast<std::size_t>(ti)]);
    // The files' number rule (strtod took "0x10", read "1e-400" as 0 and depended on the
    // process' locale).
    const std::string& v = f[static_cast<std::size_t>(vi)];
    double x = 0.0;
    if (!io::ParseFiniteDouble(v, &x)) {
      diag->Error(path, line_no, id, io::NumberRule(v),  // (inf, 1e400: not-finite)
                  fmt::format("column '{}' must be a finite number, got '{}'", value_col, v));
      out->refused.insert(id);
      continue;
    }
    if (pressures && !(x * scale > 0.0 && x * scale <= plausible::kMaxPressure_Pa)) {
      diag->Error(path, line_no, id, "implausible-value",
                  fmt::format("column '{}': an absolute pressure must lie in (0, {:g}] bar "
                              "(the plausible pressures), got {}",
                              value_col, plausible::kMaxPressure_Pa / units::kBar, v));
      out->refused.insert(id);
      continue;
    }
    if (!pressures && !(std::abs(x * scale) <= plausible::kMaxMassFlow_kg_per_s)) {
      diag->Error(path, line_no, id, "implausible-value",
                  fmt::format("column '{}': a flow must lie within +-{:.3g} kg/s (the plausible "
                              "flows), got {}",
                              value_col, plausible::kMaxMassFlow_kg_per_s, v));
      out->refused.insert(id);
      continue;
    }
    // An id given twice: its first row's line; with another value, no reference value is
    // known (an error); with the same value, a warning (the GasSteadySim reader's rule).
    if (const auto [it, added] = out->values.emplace(id, x * scale); added) {
      out->first.emplace(id, std::pair<int, std::string>(line_no, v));
    } else {
      const auto& [first, first_text] = out->first[id];
      if (it->second == x * scale)
        diag->Warning(path, line_no, id, "duplicate-id",
                      fmt::format("id appears more than once (first at line {}), with the same "
                                  "value",
                                  first));
      else
        diag->Error(path, line_no, id, "duplicate-id",
                    fmt::format("id appears more than once with different values: column "
                                "'{}' {} at line {}, {} here",
                                value_col, first_text, first, v));
    }
  }
  if (ki < 0) {
    diag->Error(path, 0, "", "empty-file", "no header line");
    return Status::ParseError(fmt::format("{}: empty", Printable(path)));
  }
  if (diag->error_count() > errors_before)
    return Status::ParseError(fmt::format("{}: {} error(s)", Printable(path),
                                          diag->error_count() - errors_before));
  return Status::Ok();
}

}  // namespace

Status ReadPandapipesResults(const std::string& nodes_csv, const std::string& edges_csv,
                             std::unordered_map<std::string, double>* pressure_Pa,
                             std::unordered_map<std::string, double>* flow_kg_per_s,
                             Diagnostics* diag) {
  CsvColumn p, m;
  Status a = ReadCsvColumn(nodes_csv, "node_id", "p_bar_abs", units::kBar, &p, diag, true);
  Status b = ReadCsvColumn(edges_csv, "edge_id", "mdot_from_kg_per_s", 1.0, &m, diag);
  *pressure_Pa = std::move(p.values);
  *flow_kg_per_s = std::move(m.values);
  return a.ok() ? b : a;
}

Status MakePandapipesReference(const PandapipesCase& pc, const std::string& friction,
                               ReferenceCase* out) {
  return MakePandapipesReference(PandapipesCase(pc), friction, out);
}

Status MakePandapipesReference(PandapipesCase&& pc, const std::string& friction,
                               ReferenceCase* out) {
  const bool colebrook = friction == "colebrook";
  if (!colebrook && friction != "nikuradse")
    return Status::InvalidArgument(fmt::format(
        "case '{}': friction must be 'nikuradse' or 'colebrook', got '{}'", pc.name, friction));
  ReferenceCase rc;
  rc.name = fmt::format("pandapipes/{}/{}", pc.name, friction);
  rc.network = std::move(pc.network);
  rc.injection_kg_per_s = std::move(pc.injection_kg_per_s);
  PandapipesPhysics ph = pc.physics;
  ph.colebrook = colebrook;

  SteadyOptions& o = rc.options;
  o.element_limits = false;  // the reference model: set-points are plain equations
  o.fuel_gas = false;
  o.friction = colebrook ? FrictionLaw::kColebrookWhite : FrictionLaw::kPandapipesNikuradse;
  o.eos = EquationOfState::kLinear;
  o.height_term = true;
  o.compressor_forward_only = true;
  o.slacks = {{pc.slack_node, pc.slack_pressure_Pa}};
  GasModel& g = o.gas;
  g.from_sources = false;
  g.temperature_K = ph.temperature_K;
  g.dynamic_viscosity_Pa_s = ph.viscosity_Pa_s;
  g.linear_z_offset = ph.z_offset;
  g.linear_z_slope_per_Pa = ph.z_slope_per_Pa;
  // R_s follows from the normal state: rho_n = p_n / (R_s T_n) with Z(p_n) folded in as
  // pandapipes does (rho(p) = rho_n T_n p / (T p_n Z(p))), i.e. R_s = p_n / (rho_n T_n).
  g.specific_gas_constant_J_per_kg_K = ph.norm_pressure_Pa / (ph.norm_density_kg_per_m3 *
                                                              ph.norm_temperature_K);
  g.molar_mass_kg_per_mol = units::kGasConstant / g.specific_gas_constant_J_per_kg_K;
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a) {
    const Arc& arc = rc.network.arcs[a];
    if (arc.kind == ArcKind::kCompressorStation)
      o.settings.push_back({arc.id, ElementMode::kRatio, pc.pressure_ratio[a]});
  }
  o.pipe_model = PipeModel::kPandapipes;
  o.gravity_m_per_s2 = ph.gravity_m_per_s2;
  g.normal_pressure_Pa = ph.norm_pressure_Pa;
  g.normal_temperature_K = ph.norm_temperature_K;
  g.pipe_law_norm_density_kg_per_m3 = ph.norm_density_kg_per_m3;
  g.norm_density_kg_per_m3 =
      pc.gaslib_norm_density > 0.0 ? pc.gaslib_norm_density : ph.norm_density_kg_per_m3;
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a)
    if (pc.loss_coefficient[a] != 0.0)
      o.pipe_loss_coefficient[rc.network.arcs[a].id] = pc.loss_coefficient[a];

  // The stations' ratios as solved (each edge's pressure_ratio): the case's top-level
  // compressor_ratio only names the variant, and an edge at 1.2 in a case that says 1.0
  // was solved at 1.2 while the column said nothing.
  std::map<double, int> ratios;  // the ratios other than 1, with their stations' count
  int stations = 0;
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a)
    if (rc.network.arcs[a].kind == ArcKind::kCompressorStation) {
      ++stations;
      if (pc.pressure_ratio[a] != 1.0) ++ratios[pc.pressure_ratio[a]];
    }
  std::string ratio_text;
  for (const auto& [r, n] : ratios)
    ratio_text += fmt::format("{}{}{}", ratio_text.empty() ? "" : ", ", r,
                              ratios.size() == 1 && n == stations ? std::string()
                                                                  : fmt::format(" at {}", n));
  if (!ratio_text.empty())
    ratio_text = ratios.size() == 1 && ratios.begin()->second == stations
                     ? ", ratio " + ratio_text
                     : fmt::format(", ratio {} of {} stations", ratio_text, stations);
  rc.model = fmt::format("pandapipes {}, Z lin., {:.2f} K{}", friction, ph.temperature_K,
                         ratio_text);
  rc.rel_tol = 0.0;
  rc.pressure_abs_tol_Pa = (colebrook ? 2e-4 : 1e-4) * units::kBar;
  rc.flow_abs_tol_kg_per_s = colebrook ? 0.02 : 1e-4;
  *out = std::move(rc);
  return Status::Ok();
}

Status LoadPandapipesCases(const std::string& dir, std::vector<ReferenceCase>* out,
                           Diagnostics* diag, const std::string& filter) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path cases_dir = fs::path(dir) / "cases", results_dir = fs::path(dir) / "results";
  if (!fs::is_directory(cases_dir, ec))
    return Status::NotFound(fmt::format("{}: no cases/ folder", dir));
  // A folder of the layout that is there but cannot be listed (a file, a loop of links, no
  // permission) is an error: a results/ that was a file left every case "solved, no
  // reference", passed with exit 0.
  Status folder_error;
  auto list = [&](const fs::path& folder, std::vector<fs::path>* entries) {
    std::error_code lec;
    const fs::file_status st = fs::status(folder, lec);
    std::string why;
    if (st.type() == fs::file_type::not_found && !fs::is_symlink(fs::symlink_status(folder, lec)))
      return false;  // absent: nothing to list
    if (st.type() == fs::file_type::not_found)
      why = "a symbolic link to nothing";
    else if (lec == std::errc::too_many_symbolic_link_levels)
      why = "a symbolic link loop (too many levels of symbolic links)";
    else if (lec)
      why = "cannot be read: " + lec.message();
    else if (st.type() != fs::file_type::directory)
      why = st.type() == fs::file_type::regular ? "a file, not a folder" : "not a folder";
    if (why.empty()) {
      fs::directory_iterator it(folder, lec), end;
      for (; !lec && it != end; it.increment(lec)) entries->push_back(it->path());
      if (lec) why = "cannot be listed: " + lec.message();
    }
    if (why.empty()) return true;
    diag->Error(folder.string(), 0, "", "io-error",
                fmt::format("{}: {}", folder.string(), why));
    if (folder_error.ok()) folder_error = Status::IoError(folder.string() + ": " + why);
    return false;
  };
  std::vector<fs::path> files, listed;
  // (Cases not listed: no results file is said to belong to no case, one error per file.)
  const bool cases_listed = list(cases_dir, &listed);
  for (const fs::path& f : listed)
    if (f.extension() == ".json") files.push_back(f);
  std::sort(files.begin(), files.end());
  // An empty cases/ (results beside it are each "of no case") took its cases out of the
  // table in silence, exit 0.
  if (cases_listed && files.empty() && filter.empty())
    diag->Warning(cases_dir.string(), 0, "", "no-cases",
                  "no case JSON in this pandapipes cases folder: none of its cases is compared");
  // Results files: NAME_TAG_FRICTION_{nodes,edges}.csv, NAME a case's file stem (it may
  // itself contain '_': the longest case name the file starts with owns it), TAG and
  // FRICTION without '_'. Every file there is used or reported: a nodes file without its
  // edges file made the case one "without reference" and its row vanished from the
  // summary, and a tag with '_' or a file of no case was skipped in silence.
  struct Results {
    std::string stem, tag, friction;  // stem: the file name without _nodes.csv
  };
  std::map<std::string, std::vector<Results>> results;  // per case name
  std::set<std::string> broken;  // case names with a results file reported here
  Status first_error = folder_error;
  auto wanted = [&](const std::string& name, const std::vector<std::string>& frictions) {
    if (filter.empty()) return true;
    for (const std::string& f : frictions)
      if (fmt::format("pandapipes/{}/{}", name, f).find(filter) != std::string::npos) return true;
    return false;
  };
  std::vector<fs::path> results_listed;
  const bool have_results = list(results_dir, &results_listed);
  if (first_error.ok()) first_error = folder_error;
  const bool folder_broken = !folder_error.ok();  // no case is one without reference then
  if (have_results) {
    std::vector<std::string> case_names, names;
    for (const fs::path& f : files) case_names.push_back(f.stem().string());
    for (const fs::path& e : results_listed) names.push_back(e.filename().string());
    std::sort(names.begin(), names.end());
    const std::set<std::string> present(names.begin(), names.end());
    auto ends_with = [](const std::string& f, const std::string& suffix) {
      return f.size() > suffix.size() &&
             f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    for (const std::string& f : names) {
      const std::string path = (results_dir / f).string();
      // `frictions`: the last parts of the names of the case the file belongs to (its own
      // friction where its name gives one: the colebrook file was judged under a filter
      // that selects the nikuradse case).
      auto report = [&](const std::string& owner, const char* rule, const std::string& msg,
                        const std::vector<std::string>& frictions = {"nikuradse", "colebrook"}) {
        if (!owner.empty()) broken.insert(owner);
        // (With a filter, only the files of the cases it selects, or that it names.)
        if (!filter.empty() && f.find(filter) == std::string::npos &&
            (owner.empty() || !wanted(owner, frictions)))
          return;
        diag->Error(path, 0, "", rule, msg);
        if (first_error.ok()) first_error = Status::InvalidInput(path);
      };
      const bool is_nodes = ends_with(f, "_nodes.csv"), is_edges = ends_with(f, "_edges.csv");
      if (!is_nodes && !is_edges) {
        report("", "results-name",
               "not a results file: the names there are NAME_TAG_FRICTION_nodes.csv and "
               "NAME_TAG_FRICTION_edges.csv");
        continue;
      }
      const std::string stem = f.substr(0, f.size() - std::string("_nodes.csv").size());
      std::string owner;
      for (const std::string& n : case_names)
        if (stem.rfind(n + "_", 0) == 0 && n.size() > owner.size()) owner = n;
      if (owner.empty()) {
        if (!cases_listed) continue;
        report("", "no-case",
               fmt::format("results of no case: no file under {} is named after the start "
                           "of '{}'",
                           cases_dir.string(), stem));
        continue;
      }
      const std::string rest = stem.substr(owner.size() + 1);  // TAG_FRICTION
      const std::size_t us = rest.find('_');
      if (us == 0 || us == std::string::npos || us + 1 == rest.size() ||
          rest.find('_', us + 1) != std::string::npos) {
        report(owner, "results-name",
               fmt::format("results of case {} named '{}' after the case's name, not "
                           "TAG_FRICTION (one tag and one friction, neither with '_')",
                           owner, rest));
        continue;
      }
      const std::string partner = stem + (is_nodes ? "_edges.csv" : "_nodes.csv");
      if (!present.count(partner)) {
        // (Reported at the file that is there, naming the one that is not.)
        const std::string friction = rest.substr(us + 1), tag = rest.substr(0, us);
        report(owner, "missing-file",
               fmt::format("no matching {} file {}: the pair is compared together or not at "
                           "all",
                           is_nodes ? "edges" : "nodes", (results_dir / partner).string()),
               {friction, friction + "@" + tag});
        continue;
      }
      if (is_nodes) results[owner].push_back({stem, rest.substr(0, us), rest.substr(us + 1)});
    }
  }
  for (const fs::path& file : files) {
    const std::string stem = file.stem().string();  // the case's name (PandapipesCase)
    const std::vector<Results>& mine = results[stem];
    // The last part of the name of each results pair's case: its friction, or FRICTION@TAG
    // where one friction has results under two tags (pp0.14 and pp0.15): two rows of one
    // name could not be told apart, nor one chosen by --filter.
    std::map<std::string, int> per_friction;
    for (const Results& r : mine) ++per_friction[r.friction];
    auto last_part = [&](const Results& r) {
      return per_friction[r.friction] > 1 ? r.friction + "@" + r.tag : r.friction;
    };
    if (!filter.empty()) {
      // The names this file's cases can have: its results' frictions, else either law; and
      // either law where the filter names this case (its own friction, which only the file
      // says, has a row without results too). Not under a filter that names a law alone:
      // "colebrook" read every case file, and failed on one it did not select.
      std::vector<std::string> frictions;
      if (mine.empty() || filter.find(stem + "/") != std::string::npos)
        frictions = {"nikuradse", "colebrook"};
      for (const Results& r : mine) frictions.push_back(last_part(r));
      if (!wanted(stem, frictions)) continue;
    }
    // A case without results where the filter names one friction only is selected by its
    // own, which only its file says: read to learn it, and where it is not selected nothing
    // of the file is said (--filter colebrook warned of GasLib-4197's resistor_3 and solved
    // it "without a reference", out of the table). One that cannot be read stays an error:
    // it may be selected.
    const bool by_own_friction = !filter.empty() && mine.empty() &&
                                 wanted(stem, {"nikuradse"}) != wanted(stem, {"colebrook"});
    PandapipesCase pc;
    Diagnostics read_diag(diag->max_stored());
    Status s = ReadPandapipesCaseFile(file.string(), &pc, by_own_friction ? &read_diag : diag);
    if (by_own_friction) {
      const std::string own = pc.default_friction.empty() ? "nikuradse" : pc.default_friction;
      if (s.ok() &&
          fmt::format("pandapipes/{}/{}", pc.name, own).find(filter) == std::string::npos)
        continue;  // not selected
      diag->Merge(read_diag);
      if (!s.ok())
        diag->Note(file.string(), 0, fmt::format("case {}", stem), "filter",
                   fmt::format("read because its own friction model, which its file holds, "
                               "decides whether --filter '{}' selects it",
                               filter));
    }
    if (!s.ok()) {
      if (first_error.ok()) first_error = s;
      continue;
    }
    // Results named after this case: broken ones are errors, not a case without reference.
    int found = broken.count(pc.name) ? 1 : 0;
    for (const Results& r : mine) {
      const std::string& friction = r.friction;
      ++found;
      const std::string name = fmt::format("pandapipes/{}/{}", pc.name, last_part(r));
      if (!filter.empty() && name.find(filter) == std::string::npos) continue;  // not read
      const fs::path nodes = results_dir / (r.stem + "_nodes.csv");
      const fs::path edges = results_dir / (r.stem + "_edges.csv");
      ReferenceCase rc;
      s = MakePandapipesReference(pc, friction, &rc);
      if (!s.ok()) {
        diag->Error(nodes.string(), 0, "", "unknown-friction", s.message());
        if (first_error.ok()) first_error = s;
        continue;
      }
      // The pair is judged whole: a bad cell in one file skipped the unknown-node,
      // unknown-edge and missing-rows checks of both (one problem a run).
      CsvColumn pcol, fcol;
      const Status sn =
          ReadCsvColumn(nodes.string(), "node_id", "p_bar_abs", units::kBar, &pcol, diag, true);
      const Status se =
          ReadCsvColumn(edges.string(), "edge_id", "mdot_from_kg_per_s", 1.0, &fcol, diag);
      bool usable = sn.ok() && se.ok();
      if (!usable && first_error.ok()) first_error = sn.ok() ? se : sn;
      // Every expected id must exist in the network (a mismatch means the wrong case),
      // said at its row.
      for (const auto& [id, line] : pcol.rows)
        if (!rc.network.FindNode(id)) {
          diag->Error(nodes.string(), line, fmt::format("node '{}'", id), "unknown-node",
                      fmt::format("not a node of case {}", pc.name));
          if (first_error.ok()) first_error = Status::InvalidInput(nodes.string());
          usable = false;
        }
      // Without both end columns the check below has nothing to compare: said, not skipped
      // unsaid (a file whose from/to columns were deleted passed it).
      if (!fcol.rows.empty() && fcol.ends.empty())
        diag->Warning(edges.string(), 1, "", "unchecked-ends",
                      "no 'from' and 'to' columns: the edges' directions, which sign their "
                      "flows, are not checked against the case's");
      for (std::size_t row = 0; row < fcol.rows.size(); ++row) {
        const auto& [id, line] = fcol.rows[row];
        const auto a = rc.network.FindArc(id);
        if (!a) {
          diag->Error(edges.string(), line, fmt::format("edge '{}'", id), "unknown-edge",
                      fmt::format("not an edge of case {}", pc.name));
          if (first_error.ok()) first_error = Status::InvalidInput(edges.string());
          usable = false;
          continue;
        }
        // Its ends are the case's: a flow is signed from -> to, and an edge given the
        // other way round (or between other nodes) compared a flow of the other sign (its
        // ends swapped alone passed, the flows left as they were).
        if (row >= fcol.ends.size()) continue;
        const auto& [from, to] = fcol.ends[row];
        const Arc& arc = rc.network.arcs[*a];
        if (from == arc.from && to == arc.to) continue;
        const bool reversed = from == arc.to && to == arc.from;
        diag->Error(edges.string(), line, fmt::format("edge '{}'", id),
                    reversed ? "reversed-edge" : "wrong-ends",
                    fmt::format("the results give it from '{}' to '{}', case {} from '{}' to "
                                "'{}'{}",
                                from, to, pc.name, arc.from, arc.to,
                                reversed ? ": its flow's sign would be the other's" : ""));
        if (first_error.ok()) first_error = Status::InvalidInput(edges.string());
        usable = false;
      }
      // ... and every node and edge of the case must have its row: results cut to two rows
      // (or to the header) compared only what was left and passed. (Not judged in a file
      // that could not be read, nor for a row reported above.)
      auto missing = [&](const fs::path& csv, const char* what, const CsvColumn& col,
                         std::size_t total, const std::vector<std::string>& absent) {
        if (absent.empty()) return;
        usable = false;
        if (!col.rows_read) return;
        std::string first;
        for (std::size_t k = 0; k < absent.size() && k < 3; ++k)
          first += fmt::format("{}'{}'", k ? ", " : "", absent[k]);
        diag->Error(csv.string(), 0, "", "missing-rows",
                    fmt::format("the results give {} of the {} {}s of case {}; missing {}{}",
                                total - absent.size(), total, what, pc.name, first,
                                absent.size() > 3 ? fmt::format(" and {} more", absent.size() - 3)
                                                  : std::string()));
        if (first_error.ok()) first_error = Status::InvalidInput(csv.string());
      };
      std::vector<std::string> absent_nodes, absent_arcs;
      for (const Node& n : rc.network.nodes)
        if (!pcol.values.count(n.id) && !pcol.refused.count(n.id)) absent_nodes.push_back(n.id);
      for (const Arc& a : rc.network.arcs)
        if (!fcol.values.count(a.id) && !fcol.refused.count(a.id)) absent_arcs.push_back(a.id);
      missing(nodes, "node", pcol, rc.network.nodes.size(), absent_nodes);
      missing(edges, "edge", fcol, rc.network.arcs.size(), absent_arcs);
      if (!usable) continue;
      rc.expected_pressure_Pa = std::move(pcol.values);
      rc.expected_flow_kg_per_s = std::move(fcol.values);
      rc.model = fmt::format("{} {}", r.tag, rc.model.substr(11));
      rc.name = name;
      out->push_back(std::move(rc));
    }
    // The case's own friction (its file's friction_model) has a row also where only
    // another friction's results are there: that row vanished in silence, exit 0, where
    // losing every results file gave a warning and a row without a reference.
    const std::string friction = pc.default_friction.empty() ? "nikuradse" : pc.default_friction;
    bool own_found = false;
    for (const Results& r : mine) own_found |= r.friction == friction;
    const bool own_missing = found > 0 && !own_found && !broken.count(pc.name);
    // (Not where the filter leaves its row out: a case without results that it did not
    // select was warned of as "solved without a reference".)
    if ((found == 0 || own_missing) && !filter.empty() &&
        fmt::format("pandapipes/{}/{}", pc.name, friction).find(filter) == std::string::npos)
      continue;
    if ((found == 0 || own_missing) && !folder_broken) {  // the case's last use: moved
      ReferenceCase rc;
      // Said, not taken in silence: a case whose results files were all lost became one
      // "without a reference", and its other frictions' rows vanished, exit 0. Nothing in a
      // case file says results exist (GasLib-4197 has none, README), so a warning.
      diag->Warning(
          file.string(), 0, fmt::format("case {}", stem), "no-results",
          own_missing
              ? fmt::format("no results under its own friction model '{}' (only {}): no file "
                            "{}_TAG_{}_{{nodes,edges}}.csv; solved under it without a "
                            "reference, nothing compared",
                            friction, mine.front().friction, (results_dir / stem).string(),
                            friction)
              : fmt::format("no results: {}; solved without a reference, nothing compared",
                            have_results
                                ? fmt::format("no file {}_TAG_FRICTION_{{nodes,edges}}.csv",
                                              (results_dir / stem).string())
                                : fmt::format("no folder {}", results_dir.string())));
      s = MakePandapipesReference(std::move(pc), friction, &rc);
      if (!s.ok()) {
        // At the value, with its pointer, as every message of the case file (it said line 0
        // and no pointer).
        const std::string ptr = "/model/friction_model";
        std::string text;
        const int line = ReadFileToString(file.string(), &text).ok()
                             ? std::max(io::JsonLocator(text).Line(ptr), 0)
                             : 0;
        diag->Error(file.string(), line, "model", "unknown-friction",
                    fmt::format("{} (at {})", s.message(), ptr));
        if (first_error.ok()) first_error = s;
        continue;
      }
      out->push_back(std::move(rc));
    }
  }
  return first_error;
}

}  // namespace corridor::reference

namespace corridor::reference {

bool PandapipesPhysicsOf(const ReferenceCase& rc, PandapipesPhysics* ph,
                         std::vector<double>* loss_coefficient) {
  const SteadyOptions& o = rc.options;
  if (o.pipe_model != PipeModel::kPandapipes) return false;
  const GasModel& g = o.gas;
  ph->temperature_K = g.temperature_K;
  ph->norm_density_kg_per_m3 = g.pipe_law_norm_density_kg_per_m3 > 0.0
                                   ? g.pipe_law_norm_density_kg_per_m3
                                   : g.norm_density_kg_per_m3;
  ph->norm_pressure_Pa = g.normal_pressure_Pa;
  ph->norm_temperature_K = g.normal_temperature_K;
  ph->viscosity_Pa_s = g.dynamic_viscosity_Pa_s;
  ph->z_offset = g.linear_z_offset;
  ph->z_slope_per_Pa = g.linear_z_slope_per_Pa;
  ph->gravity_m_per_s2 = o.height_term ? o.gravity_m_per_s2 : 0.0;
  ph->colebrook = o.friction == FrictionLaw::kColebrookWhite;
  loss_coefficient->assign(rc.network.arcs.size(), 0.0);
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a) {
    auto it = o.pipe_loss_coefficient.find(rc.network.arcs[a].id);
    if (it != o.pipe_loss_coefficient.end()) (*loss_coefficient)[a] = it->second;
  }
  return true;
}

}  // namespace corridor::reference
