// Fuzz entry point: controls files (ReadControlsFromString, docs/controls.md), CSV and JSON,
// against a small fixed network. Both overloads run on every input:
//   - ControlsFile (node pressures allowed) and std::vector<ElementSetting> (settings only);
//     on an error `out` must be left untouched (controls.h);
//   - settings that read go through ControlsToCsv and back: the same ids and modes, values
//     equal or within two units in the last place (what controls.h promises and
//     tests/io/controls_test.cpp checks).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "corridor/controls.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

// The network of tests/io/controls_test.cpp (A -V1- B -CV1- C -"CS 1,north"- D -P1/SP1/R1/
// CS2- E: every kind of element, with and without controls, an id that needs quoting) and
// the active part of GasLib-11, so that data/controls/GasLib-11.csv is a valid seed.
Network MakeNetwork() {
  Network n;
  auto node = [&](const char* id, NodeKind kind) {
    Node x;
    x.id = id;
    x.kind = kind;
    n.nodes.push_back(x);
  };
  for (const char* id : {"A", "B", "C", "D", "E", "N01", "N03", "N04", "N05"})
    node(id, NodeKind::kInnode);
  node("entry01", NodeKind::kSource);
  node("entry03", NodeKind::kSource);
  node("exit01", NodeKind::kSink);
  auto arc = [&](const char* id, ArcKind kind, const char* from, const char* to) {
    Arc a;
    a.id = id;
    a.kind = kind;
    a.from = from;
    a.to = to;
    n.arcs.push_back(a);
  };
  arc("V1", ArcKind::kValve, "A", "B");
  arc("CV1", ArcKind::kControlValve, "B", "C");
  arc("CS 1,north", ArcKind::kCompressorStation, "C", "D");
  arc("P1", ArcKind::kPipe, "D", "E");
  arc("SP1", ArcKind::kShortPipe, "D", "E");
  arc("R1", ArcKind::kResistor, "D", "E");
  arc("CS2", ArcKind::kCompressorStation, "D", "E");
  arc("pipe01_entry01_entry03", ArcKind::kPipe, "entry01", "entry03");
  arc("V01_N01_N03", ArcKind::kValve, "N01", "N03");
  arc("CS01_entry03_N01", ArcKind::kCompressorStation, "entry03", "N01");
  arc("CS02_N04_N05", ArcKind::kCompressorStation, "N04", "N05");
  arc("pipe04_N02_exit01", ArcKind::kPipe, "N05", "exit01");
  n.BuildIndex();
  return n;
}

const Network& FixedNetwork() {
  static const Network net = MakeNetwork();
  return net;
}

// Something no reader produces, to see whether `out` was touched.
ElementSetting Sentinel() { return {"(untouched)", ElementMode::kClosed, 42.0}; }

bool SameSetting(const ElementSetting& a, const ElementSetting& b) {
  return a.arc_id == b.arc_id && a.mode == b.mode &&
         (a.value == b.value || (std::isnan(a.value) && std::isnan(b.value)));
}

bool WithinTwoUlp(double want, double got) {
  if (want == got) return true;
  if (!std::isfinite(want) || !std::isfinite(got)) return false;
  const double ulp = std::nextafter(std::fabs(want), HUGE_VAL) - std::fabs(want);
  return std::fabs(got - want) <= 2.0 * ulp;
}

void CheckCsvRoundTrip(const std::vector<ElementSetting>& settings) {
  const std::string csv = Guard("ControlsToCsv", [&] { return ControlsToCsv(settings); });
  std::vector<ElementSetting> back;
  Diagnostics d;
  const Status s = Guard("ReadControlsFromString (written)", [&] {
    return ReadControlsFromString(csv, "written.csv", FixedNetwork(), &back, &d);
  });
  CheckStatus("ReadControlsFromString (written)", "written.csv", s, d);
  if (!s.ok())
    Fail(fmt::format("ControlsToCsv text does not read back: {}\n{}\ntext:\n{}", s.ToString(),
                     d.ToString(), csv));
  if (back.size() != settings.size())
    Fail(fmt::format("ControlsToCsv round trip: {} settings became {}\ntext:\n{}",
                     settings.size(), back.size(), csv));
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const ElementSetting& a = settings[i];
    const ElementSetting& b = back[i];
    if (a.arc_id != b.arc_id || a.mode != b.mode || !WithinTwoUlp(a.value, b.value))
      Fail(fmt::format("ControlsToCsv round trip changed setting {}: '{}' mode {} value {:.17g} "
                       "-> '{}' mode {} value {:.17g}\ntext:\n{}",
                       i, a.arc_id, static_cast<int>(a.mode), a.value, b.arc_id,
                       static_cast<int>(b.mode), b.value, csv));
  }
}

void Run(const std::string& text) {
  const Network& net = FixedNetwork();

  ControlsFile file;
  file.settings = {Sentinel()};
  file.slacks = {{"(untouched)", 42.0}};
  Diagnostics d1;
  const Status s1 = Guard("ReadControlsFromString (ControlsFile)", [&] {
    return ReadControlsFromString(text, "fuzz.csv", net, &file, &d1);
  });
  CheckStatus("ReadControlsFromString (ControlsFile)", "fuzz.csv", s1, d1);
  if (!s1.ok() && (file.settings.size() != 1 || !SameSetting(file.settings[0], Sentinel()) ||
                   file.slacks.size() != 1 || file.slacks[0].node_id != "(untouched)"))
    Fail("ReadControlsFromString (ControlsFile) failed but changed its output");

  std::vector<ElementSetting> settings = {Sentinel()};
  Diagnostics d2;
  const Status s2 = Guard("ReadControlsFromString (settings)", [&] {
    return ReadControlsFromString(text, "fuzz.csv", net, &settings, &d2);
  });
  CheckStatus("ReadControlsFromString (settings)", "fuzz.csv", s2, d2);
  if (!s2.ok() && (settings.size() != 1 || !SameSetting(settings[0], Sentinel())))
    Fail("ReadControlsFromString (settings) failed but changed its output");

  // The settings-only reader is the other one plus "no node rows".
  if (s2.ok() != (s1.ok() && file.slacks.empty()))
    Fail(fmt::format("the two overloads disagree: ControlsFile {} with {} node row(s), "
                     "settings {}",
                     s1.ToString(), file.slacks.size(), s2.ToString()));
  if (s1.ok()) {
    for (const SlackNode& n : file.slacks)
      if (!net.FindNode(n.node_id) || !(n.pressure_Pa > 0.0 && n.pressure_Pa <= 1000e5))
        Fail(fmt::format("node row read to node '{}' at {:.17g} Pa", n.node_id, n.pressure_Pa));
    for (const ElementSetting& e : file.settings)
      if (!net.FindArc(e.arc_id) || !std::isfinite(e.value))
        Fail(fmt::format("setting read to arc '{}' value {:.17g}", e.arc_id, e.value));
    CheckCsvRoundTrip(file.settings);
  }
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
