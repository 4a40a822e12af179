// Internal: the file helpers' test seams and shared checks (not part of the public API).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "corridor/file.h"

namespace corridor::file_internal {

/// Keeps a file moved aside (`aside`, its name `original`) among the pending temporaries,
/// for RemovePendingTemporaries to put back: the slot's index for ReleasePending, or -1
/// where none is free or the names are too long.
int RegisterMovedAside(const std::string& aside, const std::string& original);
/// Gives a slot back (-1: none) and sets it to -1.
void ReleasePendingSlot(int* slot);

/// The nearest of `dir` and the folders above it that exists and is no folder (a file, a
/// FIFO: through links; a link to nothing, as file_type::symlink), with its type; an empty
/// path where none is. What makes WriteFilesIntoFolders fail to create `dir`, for its
/// message and for the commands' check of an output folder before they run.
std::pair<std::filesystem::path, std::filesystem::file_type> NotAFolderOnTheWay(
    const std::string& dir);

/// The checks ReadFileToString makes before it opens a file: the file exists, is a regular
/// file (or a link to one) and holds at most kMaxInputFileBytes; *size receives its size.
/// For readers that read a file their own way (the pandapipes case reader).
Status CheckInputFile(const std::string& path, std::uintmax_t* size);

/// The error in *diag for a file that cannot be read, from the Status ReadFileToString or
/// CheckInputFile gave: rule file-not-found or io-error, its message without the file's
/// name it begins with, which the diagnostic names already ("FILE: error: FILE: no such
/// file" said it twice).
void ReportUnreadable(const std::string& path, const Status& s, Diagnostics* diag);

/// The Status (and the error in *diag, rule out-of-memory) for a reader that ran out of
/// memory on `path`. Builds its message with care: should even that fail, a short one.
Status OutOfMemory(const std::string& path, Diagnostics* diag) noexcept;

/// InvalidArgument naming `function` when a reader's output `out` or its diagnostics are
/// null: the library answers a caller's mistake with a status, never a crash.
inline Status NeedOutputs(const char* function, const void* out, const Diagnostics* diag) {
  if (out != nullptr && diag != nullptr) return Status::Ok();
  return Status::InvalidArgument(std::string(function) + ": " +
                                 (out != nullptr    ? "diag"
                                  : diag != nullptr ? "the output"
                                                    : "the output and diag") +
                                 " must not be null");
}

/// ReadFileReporting for the public reader `function`: its output `out` and `diag` checked
/// first, so that a null one is named by the function called (it was "ReadFileReporting:
/// diag must not be null"), and no file is read for a call that is refused.
inline Status ReadFileFor(const char* function, const std::string& path, std::string* text,
                          const void* out, Diagnostics* diag) {
  if (Status n = NeedOutputs(function, out, diag); !n.ok()) return n;
  return ReadFileReporting(path, text, diag);
}

/// Runs a reader's body `read` (a callable returning a Status) and answers an allocation
/// failure in it with OutOfMemory: a file within kMaxInputFileBytes may still need more
/// memory to parse than there is, and no exception may leave the library. The public
/// readers wrap their bodies in it; whatever the body built is freed by the time this
/// reports, so the report itself has memory again.
template <typename Read>
Status CatchOutOfMemory(const std::string& path, Diagnostics* diag, Read&& read) noexcept {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    return OutOfMemory(path, diag);
  }
}

/// A public reader's body: its output `out` and `diag` checked (NeedOutputs) before `read`
/// runs under CatchOutOfMemory. `function` names the reader in the status.
template <typename Read>
Status GuardedRead(const char* function, const std::string& path, const void* out,
                   Diagnostics* diag, Read&& read) noexcept {
  try {
    if (Status n = NeedOutputs(function, out, diag); !n.ok()) return n;
  } catch (const std::bad_alloc&) {
    return Status::InvalidArgument("null output");
  }
  return CatchOutOfMemory(path, diag, std::forward<Read>(read));
}

/// WriteFilesAtomically, calling before_replace(i) once every temporary is written, just
/// before target i is replaced. A test uses it to make a late replacement fail (a folder
/// appearing at a target), which no argument can provoke, and to see the earlier targets
/// restored.
Status WriteFilesAtomically(const std::vector<FileContent>& files,
                            const std::function<void(std::size_t)>& before_replace);

}  // namespace corridor::file_internal
