// WriteOutputSet: the file helpers' all-or-nothing write (file.h), with the set's stale
// members moved aside first and put back on failure, so that a folder of outputs always
// holds one run's set.
#include "core/output_set.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/printable.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

struct MovedAside {
  fs::path original, aside;
};

// Puts the moved files back; returns what could not be put back ("" when all were).
std::string PutBack(const std::vector<MovedAside>& moved) {
  std::string left;
  for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
    std::error_code ec;
    fs::rename(it->aside, it->original, ec);
    if (ec)
      left += fmt::format("; {} could not be put back ({}), it is kept as {}",
                          Printable(it->original.string()), ec.message(),
                          Printable(it->aside.string()));
  }
  return left;
}

}  // namespace

Status WriteOutputSet(const std::vector<std::string>& dirs, const std::vector<FileContent>& files,
                      const std::vector<std::string>& stale) {
  // A stale path that holds something other than a file or a link (a folder, a FIFO) is
  // refused before anything is moved or written, as WriteFilesIntoFolders refuses one where
  // a file of the set goes: a folder at nodes.csv was kept in silence while arcs.csv went,
  // and the folder held no one run's set.
  for (const std::string& path : stale) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(path, ec);
    if (!fs::exists(st) || fs::is_regular_file(st) || fs::is_symlink(st)) continue;
    if (fs::is_directory(st))
      return Status::IoError(fmt::format(
          "{}: is a folder, where this run must remove the file of an earlier run (so that "
          "the folder holds one run's set); nothing was written",
          Printable(path)));
    return Status::IoError(fmt::format(
        "{}: is not a regular file, where this run must remove the file of an earlier run; "
        "nothing was written",
        Printable(path)));
  }
  std::vector<MovedAside> moved;
  for (const std::string& path : stale) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(path, ec);
    if (ec || !(fs::is_regular_file(st) || fs::is_symlink(st))) continue;
    // A name beside it that no run of corridor leaves behind for long (this process only).
    const fs::path p(path);
    const fs::path aside =
        p.parent_path() / fmt::format(".{}.stale-{}", p.filename().string(), ::getpid());
    fs::rename(p, aside, ec);
    if (ec) {
      const std::string left = PutBack(moved);
      return Status::IoError(fmt::format("{}: cannot remove the file of an earlier run: {}{}",
                                         Printable(path), ec.message(), left));
    }
    moved.push_back({p, aside});
  }
  Status s = WriteFilesIntoFolders(dirs, files);
  if (!s.ok()) {
    const std::string left = PutBack(moved);
    return left.empty() ? s : Status::IoError(s.message() + left);
  }
  std::string left;
  for (const MovedAside& m : moved) {
    std::error_code ec;
    fs::remove(m.aside, ec);
    if (ec)
      left += fmt::format("{}{}: the file of an earlier run could not be deleted ({}); it is "
                          "kept as {}",
                          left.empty() ? "" : "; ", Printable(m.original.string()),
                          ec.message(), Printable(m.aside.string()));
  }
  if (!left.empty()) return Status::IoError("the outputs were written, but " + left);
  return Status::Ok();
}

}  // namespace corridor
