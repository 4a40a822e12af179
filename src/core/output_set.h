// Internal: writing one run's set of output files so that it replaces the previous run's set
// as a whole (used by `corridor simulate --out` and WriteScenarioOutputs).
#pragma once

#include <string>
#include <vector>

#include "corridor/file.h"
#include "corridor/status.h"

namespace corridor {

/// Writes `files` into the folders `dirs` all or nothing (WriteFilesIntoFolders) and, in
/// the same step, removes the files of `stale` that exist: members of the set that this run
/// does not write (nodes.csv and arcs.csv after a solve that did not converge), so that no
/// result of an earlier run stays beside this run's summary. Each stale file is moved
/// aside (renamed within its folder) before anything is written, put back if the write
/// fails, and deleted once it has succeeded: on failure the folder holds the previous set
/// as it was. A stale path that holds something other than a file or a link (a folder) is
/// refused (kIoError, naming it) before anything is moved or written, as a folder where a
/// file of the set goes is.
Status WriteOutputSet(const std::vector<std::string>& dirs, const std::vector<FileContent>& files,
                      const std::vector<std::string>& stale);

}  // namespace corridor
