// Small file helpers shared by every reader and writer.
#pragma once

#include <string>

#include "corridor/status.h"

namespace corridor {

/// Reads a whole file into *content (binary, unchanged).
Status ReadFileToString(const std::string& path, std::string* content);

/// Writes content to path atomically: a temporary file in the same folder is written,
/// flushed and renamed over path, so that a failure never leaves a partial file.
Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace corridor
