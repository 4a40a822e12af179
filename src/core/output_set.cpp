// WriteOutputSet: the file helpers' all-or-nothing write (file.h), with the set's stale
// members moved aside first and put back on failure, so that a folder of outputs always
// holds one run's set.
#include "core/output_set.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
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

// Whether the file at `s.path` begins as corridor writes that member (read through a link;
// false where it cannot be read).
bool WrittenByCorridor(const StaleOutput& s) {
  std::ifstream in(s.path, std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.compare(0, s.head_prefix.size(), s.head_prefix) == 0 &&
         (s.head_contains.empty() || head.find(s.head_contains) != std::string::npos);
}

}  // namespace

std::string DescribeStaleOutcome(const StaleOutcome& outcome) {
  auto list = [](const std::vector<std::string>& paths) {
    std::string out;
    for (const std::string& p : paths) out += (out.empty() ? "" : ", ") + Printable(p);
    return out;
  };
  std::string out;
  if (!outcome.removed.empty()) out += "; removed the earlier run's " + list(outcome.removed);
  if (!outcome.kept.empty())
    out += fmt::format("; kept {} (not {} corridor wrote)", list(outcome.kept),
                       outcome.kept.size() == 1 ? "a file" : "files");
  return out;
}

StaleOutput SteadyStaleOutput(const std::string& dir, const std::string& name) {
  std::string path = (fs::path(dir) / name).string();
  if (name == "nodes.csv") return {std::move(path), "id,", "pressure_bar_abs"};
  if (name == "arcs.csv") return {std::move(path), "id,type,from,to,", ""};
  if (name == "network.geojson") return {std::move(path), "{", "\"FeatureCollection\""};
  return {std::move(path), "", ""};
}

Status WriteOutputSet(const std::vector<std::string>& dirs, const std::vector<FileContent>& files,
                      const std::vector<StaleOutput>& stale, StaleOutcome* outcome) {
  if (outcome != nullptr) *outcome = {};
  // A stale path that holds something other than a file or a link (a folder, a FIFO) is
  // refused before anything is moved or written, as WriteFilesIntoFolders refuses one where
  // a file of the set goes: a folder at nodes.csv was kept in silence while arcs.csv went,
  // and the folder held no one run's set.
  for (const StaleOutput& so : stale) {
    const std::string& path = so.path;
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
  std::vector<std::string> kept;
  for (const StaleOutput& so : stale) {
    const std::string& path = so.path;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(path, ec);
    if (ec || !(fs::is_regular_file(st) || fs::is_symlink(st))) continue;
    // Only an earlier run's file goes: a user's file of that name is no result of ours.
    if (!WrittenByCorridor(so)) {
      kept.push_back(path);
      continue;
    }
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
  if (outcome != nullptr) {
    for (const MovedAside& m : moved) outcome->removed.push_back(m.original.string());
    outcome->kept = std::move(kept);
  }
  if (!left.empty()) return Status::IoError("the outputs were written, but " + left);
  return Status::Ok();
}

}  // namespace corridor
