// Fuzz entry point: the tracking groups reader (ReadOriginGroupsFromString, JSON and CSV)
// against the corridor network (data/corridor/corridor.net, read once), with ungrouped
// sources allowed and not. No writer exists; an accepted file must give what tracking.h
// promises: every grouped id a source of the network in a listed group, border points on
// nodes and arcs of the network with direction +-1, a swap fee in 0..1, and (ungrouped not
// allowed) every source in a group.
#include <cstddef>
#include <cstdint>
#include <string>

#include "corridor/io.h"
#include "corridor/tracking.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

const Network& CorridorNetwork() {
  static const Network n = [] {
    Network out;
    Diagnostics d;
    const std::string path = std::string(CORRIDOR_SOURCE_DIR) + "/data/corridor/corridor.net";
    const Status s = ReadGasLibNetwork(path, &out, &d);
    if (!s.ok()) Fail(fmt::format("cannot read {}: {}\n{}", path, s.ToString(), d.ToString()));
    out.BuildIndex();
    return out;
  }();
  return n;
}

void CheckAccepted(const Network& net, const GroupsReadOptions& opt, const OriginGroups& g) {
  auto listed = [&](const std::string& name) {
    for (const std::string& n : g.names)
      if (n == name) return true;
    return false;
  };
  for (const auto& [source, group] : g.group_of) {
    const auto node = net.FindNode(source);
    if (!node || net.nodes[*node].kind != NodeKind::kSource)
      Fail(fmt::format("accepted group member '{}' is not a source", source));
    if (!listed(group)) Fail(fmt::format("source '{}' is in unlisted group '{}'", source, group));
  }
  if (!opt.allow_ungrouped)
    for (const Node& n : net.nodes)
      if (n.kind == NodeKind::kSource && !g.group_of.count(n.id))
        Fail(fmt::format("source '{}' left ungrouped though that is not allowed", n.id));
  for (const AccountingPoint& p : g.points) {
    if (!p.node_id.empty() && !net.FindNode(p.node_id))
      Fail(fmt::format("border point '{}' names unknown node '{}'", p.id, p.node_id));
    if (!p.arc_id.empty() && !net.FindArc(p.arc_id))
      Fail(fmt::format("border point '{}' names unknown arc '{}'", p.id, p.arc_id));
    if (p.direction != 1 && p.direction != -1)
      Fail(fmt::format("border point '{}' has direction {}", p.id, p.direction));
  }
  if (g.swap && !(g.swap->fee >= 0.0 && g.swap->fee <= 1.0))
    Fail(fmt::format("accepted swap fee {}", g.swap->fee));
}

void Run(const std::string& text) {
  const Network& net = CorridorNetwork();
  for (bool allow : {true, false}) {
    GroupsReadOptions opt;
    opt.allow_ungrouped = allow;
    OriginGroups g;
    Diagnostics d;
    const Status s = Guard("ReadOriginGroupsFromString", [&] {
      return ReadOriginGroupsFromString(text, "fuzz.json", net, opt, &g, &d);
    });
    CheckStatus("ReadOriginGroupsFromString", "fuzz.json", s, d);
    if (s.ok()) CheckAccepted(net, opt, g);
  }
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
