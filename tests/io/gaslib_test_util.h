// Helpers for the GasLib reader, validation and `corridor check` tests: a tiny valid
// network and nomination as XML text (mutated by the bad-input cases), line lookup and
// diagnostic matching.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "corridor/status.h"

namespace corridor::test {

/// A small valid .net: source S -> pipe P1 -> innode N -> pipe P2 -> sink T.
inline std::string TinyNet() {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<network xmlns="http://gaslib.zib.de/Gas" xmlns:framework="http://gaslib.zib.de/Framework">
  <framework:information>
    <framework:title>tiny</framework:title>
    <framework:date>2026-01-01</framework:date>
  </framework:information>
  <framework:nodes>
    <source id="S" x="0" y="0">
      <height value="0" unit="m"/>
      <pressureMin value="40" unit="bar"/>
      <pressureMax value="70" unit="bar"/>
      <flowMin value="0" unit="1000m_cube_per_hour"/>
      <flowMax value="1000" unit="1000m_cube_per_hour"/>
      <gasTemperature value="10" unit="Celsius"/>
      <calorificValue value="36.45" unit="MJ_per_m_cube"/>
      <normDensity value="0.785" unit="kg_per_m_cube"/>
      <coefficient-A-heatCapacity value="31.8"/>
      <coefficient-B-heatCapacity value="-0.0085"/>
      <coefficient-C-heatCapacity value="7.4e-05"/>
      <molarMass value="17.543" unit="kg_per_kmol"/>
      <pseudocriticalPressure value="45.93" unit="bar"/>
      <pseudocriticalTemperature value="188.55" unit="K"/>
    </source>
    <innode id="N" x="1" y="0">
      <height value="0" unit="m"/>
      <pressureMin value="40" unit="bar"/>
      <pressureMax value="70" unit="bar"/>
    </innode>
    <sink id="T" x="2" y="0">
      <height value="0" unit="m"/>
      <pressureMin value="40" unit="bar"/>
      <pressureMax value="70" unit="bar"/>
      <flowMin value="0" unit="1000m_cube_per_hour"/>
      <flowMax value="1000" unit="1000m_cube_per_hour"/>
    </sink>
  </framework:nodes>
  <framework:connections>
    <pipe id="P1" from="S" to="N">
      <flowMin value="-1000" unit="1000m_cube_per_hour"/>
      <flowMax value="1000" unit="1000m_cube_per_hour"/>
      <length value="10" unit="km"/>
      <diameter value="500" unit="mm"/>
      <roughness value="0.1" unit="mm"/>
    </pipe>
    <pipe id="P2" from="N" to="T">
      <flowMin value="-1000" unit="1000m_cube_per_hour"/>
      <flowMax value="1000" unit="1000m_cube_per_hour"/>
      <length value="20" unit="km"/>
      <diameter value="600" unit="mm"/>
      <roughness value="0.1" unit="mm"/>
    </pipe>
  </framework:connections>
</network>
)";
}

/// A nomination for TinyNet: 100 in at S, `exit` out at T (1000 m^3/h).
inline std::string TinyScn(const std::string& exit = "100") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<boundaryValue xmlns="http://gaslib.zib.de/Gas">
  <scenario id="tiny_scenario">
    <node type="entry" id="S">
      <flow bound="both" value="100" unit="1000m_cube_per_hour"/>
    </node>
    <node type="exit" id="T">
      <flow bound="both" value=")" +
         exit + R"(" unit="1000m_cube_per_hour"/>
    </node>
  </scenario>
</boundaryValue>
)";
}

/// Replaces the first occurrence of `from` (which must exist) by `to`.
inline std::string Replace(std::string text, std::string_view from, std::string_view to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "test bug: '" << from << "' not in the text";
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

/// 1-based line of the first occurrence of `needle` (a test failure when absent, so that
/// a mistyped needle cannot loosen a line check).
inline int LineOf(const std::string& text, std::string_view needle) {
  auto pos = text.find(needle);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "test bug: '" << needle << "' not in the text";
    return -1;
  }
  int line = 1;
  for (std::size_t i = 0; i < pos; ++i)
    if (text[i] == '\n') ++line;
  return line;
}

inline std::string AllMessages(const Diagnostics& d) { return d.ToString(); }

/// Finds a diagnostic with this file, line (0: any), rule, and an element containing
/// `element`; checks that its text carries "file:line", the element and "[rule]".
inline ::testing::AssertionResult HasDiag(const Diagnostics& d, const std::string& file, int line,
                                          const std::string& element, const std::string& rule) {
  for (const Diagnostic& x : d.items()) {
    if (x.file != file || x.rule != rule) continue;
    if (line > 0 && x.line != line) continue;
    if (x.element.find(element) == std::string::npos) continue;
    const std::string s = x.ToString();
    const std::string where = line > 0 ? file + ":" + std::to_string(line) + ":" : file + ":";
    if (s.find(where) == std::string::npos || s.find("[" + rule + "]") == std::string::npos ||
        s.find(element) == std::string::npos)
      return ::testing::AssertionFailure() << "message lacks file:line/element/rule: " << s;
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "no diagnostic " << file << ":" << line << " element~'" << element << "' [" << rule
         << "]; got:\n"
         << d.ToString();
}

}  // namespace corridor::test
