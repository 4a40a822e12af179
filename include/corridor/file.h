// Small file helpers shared by every reader and writer.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "corridor/status.h"

namespace corridor {

/// The largest input file the readers take: 1 GiB. The largest real inputs are about
/// 3 MB (GasLib-4197.net, 2 MB for its pandapipes case), so this leaves a factor of 300 for
/// larger networks while refusing, before any memory is taken, a file that could only
/// exhaust it (a sparse 8 GB file).
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{1} << 30;

/// Reads a whole file into *content (binary, unchanged). Only a regular file is read (a
/// symbolic link to one counts): a folder, FIFO, device or socket is refused before it is
/// opened, as is a file over kMaxInputFileBytes, each with a Status that names the file
/// and says what it is or how large. Running out of memory gives a Status, not an
/// exception. *content is left alone on failure.
Status ReadFileToString(const std::string& path, std::string* content);

/// The same for a reader: a file that cannot be read is also reported to *diag (rule
/// file-not-found or io-error, naming the file).
Status ReadFileReporting(const std::string& path, std::string* content, Diagnostics* diag);

/// Writes content to path atomically: a temporary file in the same folder is written,
/// flushed and renamed over path, so that a failure never leaves a partial file. A
/// symbolic link is written through: the file at the end of its chain gets the content
/// (temporary and rename in that file's folder) and the link stays. A path that holds
/// something other than a regular file (a folder, FIFO, device or socket) is refused and
/// left as it is.
Status WriteFileAtomically(const std::string& path, const std::string& content);

/// A file to write: path and content.
struct FileContent {
  std::string path;
  std::string content;
};

/// Writes several files all or nothing: every target is resolved and checked first (as
/// WriteFileAtomically does: links written through, non-regular files refused), then
/// every content goes to a temporary file beside its target; only when all of them are written are they renamed over their targets.
/// If any write fails, the temporaries are removed and no target is touched (files that
/// existed before keep their old content). Until every target is replaced, each old file
/// is kept under a backup name beside it: should a later rename fail, the targets replaced
/// so far get their old files back (or go, where there was none). A replaced file keeps
/// its permissions.
Status WriteFilesAtomically(const std::vector<FileContent>& files);

/// Undoes the writes in progress (WriteFileAtomically, WriteFilesAtomically): for a
/// program's signal handler, so that one interrupted mid-write (Ctrl-C during hydro's 300
/// MB daily files) leaves the folder as it was. Its `.corridor-*.tmp` temporaries go, a
/// target the set had already put in place where there was none goes, a target it had
/// replaced gets its old file back from its `.corridor-*.old` backup (SIGTERM during the
/// renames left the set half new, half old), the earlier run's files a set of outputs had
/// moved aside go back under their names, and the folders WriteFilesIntoFolders made go
/// where they are empty then. Async-signal-safe: it reads fixed storage and calls unlink(2),
/// rename(2) and rmdir(2) only, each name claimed while it is read, so that a write on
/// another thread cannot reuse its place meanwhile. At most 1024 names at once are held
/// (a write that finds none free is not undone); names of 4 KiB and more are not.
void RemovePendingTemporaries() noexcept;

/// Creates the folders `dirs` (with their missing parents), then writes `files` all or
/// nothing (WriteFilesAtomically). Where a folder cannot be created or a write fails, the
/// folders this call created are removed again (folders that existed before stay as they
/// were), so that a failed write leaves no empty output folder behind either.
Status WriteFilesIntoFolders(const std::vector<std::string>& dirs,
                             const std::vector<FileContent>& files);

}  // namespace corridor
