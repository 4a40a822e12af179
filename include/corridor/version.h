// The library's version, for a program that links it to report or check (the CMake
// package's corridor_VERSION says the same at build time; CMakeLists.txt refuses to
// configure where the two differ).
#pragma once

namespace corridor {

inline constexpr int kVersionMajor = 0;
inline constexpr int kVersionMinor = 1;
inline constexpr int kVersionPatch = 0;
/// "major.minor.patch", as `corridor --version` prints it.
inline constexpr const char* kVersion = "0.1.0";

}  // namespace corridor
