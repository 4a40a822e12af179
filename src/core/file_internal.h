// Internal: the file helpers' test seams (not part of the public API).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "corridor/file.h"

namespace corridor::file_internal {

/// WriteFilesAtomically, calling before_replace(i) once every temporary is written, just
/// before target i is replaced. A test uses it to make a late replacement fail (a folder
/// appearing at a target), which no argument can provoke, and to see the earlier targets
/// restored.
Status WriteFilesAtomically(const std::vector<FileContent>& files,
                            const std::function<void(std::size_t)>& before_replace);

}  // namespace corridor::file_internal
