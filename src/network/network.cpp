#include "corridor/network.h"

#include <limits>

namespace corridor {

void Network::BuildIndex() {
  node_index_.clear();
  arc_index_.clear();
  node_index_.reserve(nodes.size());
  arc_index_.reserve(arcs.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) node_index_.emplace(nodes[i].id, i);
  for (std::size_t i = 0; i < arcs.size(); ++i) arc_index_.emplace(arcs[i].id, i);
  constexpr std::size_t kMissing = std::numeric_limits<std::size_t>::max();
  for (Arc& a : arcs) {
    auto f = node_index_.find(a.from);
    auto t = node_index_.find(a.to);
    a.from_index = f == node_index_.end() ? kMissing : f->second;
    a.to_index = t == node_index_.end() ? kMissing : t->second;
  }
}

std::optional<std::size_t> Network::FindNode(const std::string& id) const {
  auto it = node_index_.find(id);
  if (it == node_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Network::FindArc(const std::string& id) const {
  auto it = arc_index_.find(id);
  if (it == arc_index_.end()) return std::nullopt;
  return it->second;
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
