// Internal: an Options struct that holds another names the inner one's findings by their path
// from the outer (not part of the public API).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "corridor/status.h"

namespace corridor {

/// `st`, the Validate() of nested options, with its message renamed to the path from the
/// outer struct: "SteadyOptions.threads = -1 ..." -> "ScenarioOptions.steady.threads = -1
/// ..." (`inner` "SteadyOptions", `path` "ScenarioOptions.steady"); a message that does not
/// start with `inner` gets "path: " before it. In a list of several ("SteadyOptions has 2
/// problems: SteadyOptions.a ...; SteadyOptions.b ..."), each is renamed. OK and other
/// codes pass unchanged.
inline Status NestedOptionsStatus(Status st, std::string_view inner, std::string_view path) {
  if (st.ok() || st.code() != Status::Code::kInvalidArgument) return st;
  std::string m = st.message();
  if (m.rfind(inner, 0) != 0) return Status::InvalidArgument(std::string(path) + ": " + m);
  m.replace(0, inner.size(), path);
  for (const std::string_view before : {std::string_view("problems: "), std::string_view("; ")})
    for (std::size_t at = m.find(before); at != std::string::npos; at = m.find(before, at + 1)) {
      const std::size_t name = at + before.size();
      if (m.compare(name, inner.size(), inner) == 0) m.replace(name, inner.size(), path);
    }
  return Status::InvalidArgument(std::move(m));
}

}  // namespace corridor
