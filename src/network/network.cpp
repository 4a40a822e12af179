#include "corridor/network.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

#include "core/ids.h"
#include "network/index.h"

namespace corridor {

namespace {

// The slot of `id` in `slots` (items[index].id == id), or of the empty slot where it would
// go. An index beyond `items` (the vector shrank since the index was built) matches nothing.
template <class T, class Slot>
std::size_t Probe(const std::vector<Slot>& slots, const std::vector<T>& items,
                  std::string_view id, std::uint32_t h) {
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots[i];
    if (s.index_plus_1 == 0) return i;
    if (s.hash == h && s.index_plus_1 <= items.size() &&
        ids::Same(items[s.index_plus_1 - 1].id, id))
      return i;
  }
}

// Returns the index of the first item whose id an earlier one has (SIZE_MAX: none).
template <class T, class Slot>
std::size_t Build(const std::vector<T>& items, std::vector<Slot>* slots) {
  slots->assign(IndexCapacity(items.size()), Slot{});
  std::size_t duplicate = std::numeric_limits<std::size_t>::max();
  for (std::size_t k = 0; k < items.size(); ++k) {
    const std::uint32_t h = IndexHash(items[k].id);
    Slot& s = (*slots)[Probe(*slots, items, items[k].id, h)];
    if (s.index_plus_1 != 0) {  // a duplicate id: the first occurrence is kept
      duplicate = std::min(duplicate, k);
      continue;
    }
    s.hash = h;
    s.index_plus_1 = static_cast<std::uint32_t>(k + 1);
  }
  return duplicate;
}

template <class T, class Slot>
std::optional<std::size_t> Find(const std::vector<Slot>& slots, const std::vector<T>& items,
                                std::string_view id) {
  // No index yet (a network built in code before BuildIndex): a scan finds the first with
  // that id (a library user's audit: nullopt here read as "no such node").
  if (slots.empty()) {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].id == id) return i;
    return std::nullopt;
  }
  const Slot& s = slots[Probe(slots, items, id, IndexHash(id))];
  if (s.index_plus_1 == 0) return std::nullopt;
  return std::size_t{s.index_plus_1} - 1;
}

}  // namespace

void Network::BuildIndex() {
  duplicate_node_ = Build(nodes, &node_slots_);
  duplicate_arc_ = Build(arcs, &arc_slots_);
  constexpr std::size_t kMissing = std::numeric_limits<std::size_t>::max();
  for (Arc& a : arcs) {
    a.from_index = Find(node_slots_, nodes, a.from).value_or(kMissing);
    a.to_index = Find(node_slots_, nodes, a.to).value_or(kMissing);
  }
}

std::optional<std::size_t> Network::FindNode(const std::string& id) const {
  return Find(node_slots_, nodes, id);
}

std::optional<std::size_t> Network::FindArc(const std::string& id) const {
  return Find(arc_slots_, arcs, id);
}

std::optional<std::size_t> Network::FirstDuplicateNode() const {
  if (duplicate_node_ >= nodes.size()) return std::nullopt;
  return duplicate_node_;
}

std::optional<std::size_t> Network::FirstDuplicateArc() const {
  if (duplicate_arc_ >= arcs.size()) return std::nullopt;
  return duplicate_arc_;
}

const char* ArcKindName(ArcKind kind) {
  switch (kind) {
    case ArcKind::kPipe: return "pipe";
    case ArcKind::kShortPipe: return "shortPipe";
    case ArcKind::kResistor: return "resistor";
    case ArcKind::kValve: return "valve";
    case ArcKind::kControlValve: return "controlValve";
    case ArcKind::kCompressorStation: return "compressorStation";
  }
  return "unknown";
}

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kSource: return "source";
    case NodeKind::kSink: return "sink";
    case NodeKind::kInnode: return "innode";
  }
  return "unknown";
}

}  // namespace corridor
