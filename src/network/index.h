// Internal: the Network's id index for a reader that has hashed every id already. The
// pandapipes reader keeps its own id tables (duplicates, edge endpoints); laid out as
// BuildIndex lays its tables out (the same hash, capacity, linear probing and insertion
// order) they are BuildIndex's tables, and hashing and probing every id again cost a
// twentieth of reading GasLib-4197's case.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corridor/network.h"
#include "corridor/status.h"
#include "core/ids.h"

namespace corridor {

/// The hash of an id in the Network's index.
[[gnu::always_inline]] inline std::uint32_t IndexHash(std::string_view id) {
  return static_cast<std::uint32_t>(ids::Hash(id));
}

/// The size of the Network's table for `n` ids (a power of two, at least 16, at most half
/// full).
inline std::size_t IndexCapacity(std::size_t n) {
  std::size_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  return cap;
}

/// Whether `net`'s id index looks out of date: its first and last node and arc are not
/// found at themselves (no BuildIndex since they were added or edited). A probe of four
/// lookups for the readers that take a network, which said "no node has this id" of a node
/// there (SolveSteady and TrackGas check every arc's ends and say so).
inline bool IndexLooksStale(const Network& net) {
  auto stale = [](const auto& items, auto find) {
    if (items.empty()) return false;
    for (const std::size_t i : {std::size_t{0}, items.size() - 1}) {
      const auto at = find(items[i].id);
      if (!at || *at >= items.size() || items[*at].id != items[i].id) return true;
    }
    return false;
  };
  return stale(net.nodes, [&](const std::string& id) { return net.FindNode(id); }) ||
         stale(net.arcs, [&](const std::string& id) { return net.FindArc(id); });
}

/// The Status of a reader given a network whose index looks out of date.
inline Status StaleIndex(const char* reader) {
  return Status::InvalidArgument(
      std::string(reader) +
      ": the network's id index is out of date: call Network::BuildIndex() after editing "
      "its nodes or arcs");
}

struct NetworkIndexAccess {
  /// Sets the tables of `net`'s index: `node_slot(i)` and `arc_slot(i)` return slot i as
  /// {IndexHash(id), index + 1}, or {0, 0} when empty, of tables of IndexCapacity(n)
  /// slots filled with the ids of nodes (arcs) in order, each probed linearly from
  /// hash & (capacity - 1), no id twice. The arcs' from_index and to_index are the
  /// caller's. The result is what BuildIndex leaves (tested).
  template <class NodeSlot, class ArcSlot>
  static void Set(Network* net, NodeSlot node_slot, ArcSlot arc_slot) {
    Fill(&net->node_slots_, IndexCapacity(net->nodes.size()), node_slot);
    Fill(&net->arc_slots_, IndexCapacity(net->arcs.size()), arc_slot);
    net->duplicate_node_ = net->duplicate_arc_ = static_cast<std::size_t>(-1);  // none
  }
  /// Whether the tables of `a` and `b` are the same, slot for slot (for tests).
  static bool SameTables(const Network& a, const Network& b) {
    return Same(a.node_slots_, b.node_slots_) && Same(a.arc_slots_, b.arc_slots_);
  }

 private:
  template <class Get>
  static void Fill(std::vector<Network::Slot>* slots, std::size_t cap, Get get) {
    slots->resize(cap);
    for (std::size_t i = 0; i < cap; ++i) {
      const auto [hash, index_plus_1] = get(i);
      (*slots)[i] = {static_cast<std::uint32_t>(hash), static_cast<std::uint32_t>(index_plus_1)};
    }
  }
  static bool Same(const std::vector<Network::Slot>& a, const std::vector<Network::Slot>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].hash != b[i].hash || a[i].index_plus_1 != b[i].index_plus_1) return false;
    return true;
  }
};

}  // namespace corridor
