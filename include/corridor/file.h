// Small file helpers shared by every reader and writer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "corridor/status.h"

namespace corridor {

/// Reads a whole file into *content (binary, unchanged).
Status ReadFileToString(const std::string& path, std::string* content);

/// The same for a reader: a file that cannot be read is also reported to *diag (rule
/// file-not-found or io-error, naming the file).
Status ReadFileReporting(const std::string& path, std::string* content, Diagnostics* diag);

/// Writes content to path atomically: a temporary file in the same folder is written,
/// flushed and renamed over path, so that a failure never leaves a partial file.
Status WriteFileAtomically(const std::string& path, const std::string& content);

/// A file to write: path and content.
struct FileContent {
  std::string path;
  std::string content;
};

/// Writes several files all or nothing: every content goes to a temporary file beside its
/// target first; only when all of them are written are they renamed over their targets.
/// If any write fails, the temporaries are removed and no target is touched (files that
/// existed before keep their old content).
Status WriteFilesAtomically(const std::vector<FileContent>& files);

}  // namespace corridor
