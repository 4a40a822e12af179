// WriteOutputSet: the file helpers' all-or-nothing write (file.h), with the set's stale
// members moved aside first and put back on failure, so that a folder of outputs always
// holds one run's set.
#include "core/output_set.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/file_internal.h"
#include "core/printable.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

struct MovedAside {
  fs::path original, aside;
  int pending = -1;  // its slot for RemovePendingTemporaries, which puts it back
};

// Puts the moved files back; returns what could not be put back ("" when all were).
std::string PutBack(const std::vector<MovedAside>& moved) {
  std::string left;
  for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
    std::error_code ec;
    fs::rename(it->aside, it->original, ec);
    int slot = it->pending;  // (after the rename: a signal before it puts the file back)
    file_internal::ReleasePendingSlot(&slot);
    if (ec)
      left += fmt::format("; {} could not be put back ({}), it is kept as {}",
                          Printable(it->original.string()), ec.message(),
                          Printable(it->aside.string()));
  }
  return left;
}

// Whether `line` is `header` or the header of an earlier version of that file: corridor
// adds columns to its CSV files and never renames, reorders or removes one, so each
// earlier header is `header` less some columns, with its first columns (five, the ones
// that say which file it is) in place. (An exact list kept a nodes.csv of a week-old
// simulate as "not a file corridor wrote", beside a summary.json of another state.)
bool EarlierHeaderOf(std::string_view line, std::string_view header) {
  auto columns = [](std::string_view t) {
    std::vector<std::string_view> c;
    for (std::size_t b = 0;;) {
      const std::size_t e = std::min(t.find(',', b), t.size());
      c.push_back(t.substr(b, e - b));
      if (e == t.size()) return c;
      b = e + 1;
    }
  };
  const std::vector<std::string_view> l = columns(line), h = columns(header);
  const std::size_t leading = std::min<std::size_t>(5, h.size());
  if (l.size() < leading || !std::equal(h.begin(), h.begin() + leading, l.begin()))
    return false;
  std::size_t j = leading;  // each later column of `line` in `header`, in order
  for (std::size_t i = leading; i < l.size(); ++i, ++j) {
    while (j < h.size() && h[j] != l[i]) ++j;
    if (j == h.size()) return false;
  }
  return true;
}

// Why the stale path `s.path` (a file or a link) is not to be removed, or "" where it is an
// earlier run's: a regular file (through a link too) that begins as corridor writes that
// member, or a link to nothing (no data to lose). Only a regular file is opened: a link to
// a FIFO blocked the run until a writer came.
std::string NotAnEarlierRunsFile(const StaleOutput& s) {
  std::error_code ec;
  const fs::file_status target = fs::status(s.path, ec);
  if (!fs::exists(target)) return fs::is_symlink(fs::symlink_status(s.path, ec)) ? "" : "gone";
  if (!fs::is_regular_file(target)) return "a link to what is not a regular file";
  std::ifstream in(s.path, std::ios::binary);
  if (!in) return "it cannot be read";
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  bool ours = head.compare(0, s.head_prefix.size(), s.head_prefix) == 0 &&
              (s.head_contains.empty() || head.find(s.head_contains) != std::string::npos);
  if (ours && !s.first_lines.empty()) {
    std::string line = head.substr(0, head.find('\n'));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ours = std::any_of(s.first_lines.begin(), s.first_lines.end(),
                       [&](const std::string& h) { return EarlierHeaderOf(line, h); });
  }
  return ours ? "" : "not a file corridor wrote";
}

}  // namespace

std::string DescribeStaleOutcome(const StaleOutcome& outcome) {
  std::string out;
  for (std::size_t i = 0; i < outcome.removed.size(); ++i)
    out += (i == 0 ? "; removed the earlier run's " : ", ") + Printable(outcome.removed[i]);
  // Kept, grouped by why: "kept a, b (not files corridor wrote), c (it cannot be read)".
  std::vector<std::string> whys;
  for (const auto& [path, why] : outcome.kept)
    if (std::find(whys.begin(), whys.end(), why) == whys.end()) whys.push_back(why);
  for (std::size_t w = 0; w < whys.size(); ++w) {
    std::size_t n = 0;
    out += w == 0 ? "; kept " : ", ";
    for (const auto& [path, why] : outcome.kept)
      if (why == whys[w]) out += (n++ == 0 ? "" : ", ") + Printable(path);
    out += " (" +
           (n > 1 && whys[w] == "not a file corridor wrote" ? "not files corridor wrote"
                                                            : whys[w]) +
           ")";
  }
  return out;
}

StaleOutput SteadyStaleOutput(const std::string& dir, const std::string& name) {
  std::string path = (fs::path(dir) / name).string();
  // The headers `simulate` (apps/corridor/cmd_simulate.cpp) and `run` (WriteScenarioOutputs,
  // its headers shared: kScenario*Header) write, which stand for their earlier versions too
  // (EarlierHeaderOf): a change to simulate's columns must come here too (the commands'
  // tests of stale files fail otherwise, by keeping an earlier run's file), and a column is
  // only ever added.
  if (name == "nodes.csv")
    return {std::move(path), "", "",
            {"id,pressure_bar_abs,pressure_min_bar_abs,pressure_max_bar_abs,violation_bar,"
             "injection_kg_per_s,fuel_gas_kg_per_s,height_m,injection_1000Nm3_per_h",
             kScenarioNodesHeader}};
  if (name == "arcs.csv")
    return {std::move(path), "", "",
            {"id,type,from,to,mass_flow_kg_per_s,flow_1000Nm3_per_h,flow_mcm_per_d,"
             "velocity_m_per_s,pressure_drop_bar,friction_factor,mode,held_at,limit,"
             "configuration,shaft_power_MW,fuel_gas_kg_per_s,velocity_low_end_m_per_s,decision,"
             "limits_not_held",
             kScenarioArcsHeader}};
  // (Its opening as WriteGeoJson writes it: another tool's FeatureCollection stays.)
  if (name == "network.geojson")
    return {std::move(path), "{\n \"type\": \"FeatureCollection\",\n", ""};
  // Another name is no steady run's: nothing matches (a line holds no line end), so that a
  // misuse keeps the file rather than deleting whatever is there.
  return {std::move(path), "", "", {"\n"}};
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
  std::vector<std::pair<std::string, std::string>> kept;
  for (const StaleOutput& so : stale) {
    const std::string& path = so.path;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(path, ec);
    if (ec || !(fs::is_regular_file(st) || fs::is_symlink(st))) continue;
    // Only an earlier run's file goes: a user's file of that name is no result of ours.
    if (std::string why = NotAnEarlierRunsFile(so); !why.empty()) {
      if (why != "gone") kept.emplace_back(path, std::move(why));
      continue;
    }
    // A name beside it that no run of corridor leaves behind for long (this process only).
    const fs::path p(path);
    const fs::path aside =
        p.parent_path() / fmt::format(".{}.stale-{}", p.filename().string(), ::getpid());
    // Registered first: a signal between the two finds no file to put back (ENOENT), where
    // one after the rename and before the registration left it hidden.
    int slot = file_internal::RegisterMovedAside(aside.string(), p.string());
    fs::rename(p, aside, ec);
    if (ec) {
      file_internal::ReleasePendingSlot(&slot);
      const std::string left = PutBack(moved);
      return Status::IoError(fmt::format("{}: cannot remove the file of an earlier run: {}{}",
                                         Printable(path), ec.message(), left));
    }
    moved.push_back({p, aside, slot});
  }
  // (An interrupt while the set is written puts the earlier targets back and removes the
  // new ones, WriteFilesAtomically's slots, and these go back beside them.)
  Status s = WriteFilesIntoFolders(dirs, files);
  if (!s.ok()) {
    const std::string left = PutBack(moved);
    return left.empty() ? s : Status::IoError(s.message() + left);
  }
  // The new set is in place: the files moved aside are no longer to be put back.
  for (MovedAside& m : moved) file_internal::ReleasePendingSlot(&m.pending);
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
