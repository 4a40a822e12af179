// Internal: user text (a path, an id) echoed in a Status message, shown as a Diagnostic
// shows it (not part of the public API).
#pragma once

#include <string>
#include <string_view>

namespace corridor {

/// `s` with its control characters (bytes below 0x20 and 0x7F) as \xNN, everything else
/// as is (UTF-8 names stay readable): a path "a\0b" ended a message logged through c_str()
/// at "a", and a newline split it, where the Diagnostic for the same path read a\x00b.
std::string Printable(std::string_view s);

}  // namespace corridor
