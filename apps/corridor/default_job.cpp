// The job `corridor` runs with no arguments: every scenario of the corridor case
// (data/corridor), the adviser report with the transit headroom (library:
// include/corridor/scenario.h; docs/corridor-report.md).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "commands.h"
#include "corridor/scenario.h"

namespace corridor::cli {

/// The data folder: the environment variable CORRIDOR_DATA_DIR when set (and then only
/// it: a folder that does not hold the corridor case is reported, not passed over), else
/// the source tree's data/ compiled in (CORRIDOR_SOURCE_DATA_DIR), else the installed
/// share/corridor beside the executable, else data/ one or two levels above it.
std::filesystem::path FindCorridorDataDir(std::string* why) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const char* marker = "corridor/annotations.json";
  if (const char* env = std::getenv("CORRIDOR_DATA_DIR"); env != nullptr && *env != '\0') {
    if (fs::is_regular_file(fs::path(env) / marker, ec)) return fs::path(env);
    if (why != nullptr)
      *why = fmt::format("the environment variable CORRIDOR_DATA_DIR is set to '{}', which does "
                         "not hold the corridor case ({} is not there); point it at the data "
                         "folder holding corridor/, araz/ and examples/, or unset it",
                         env, (fs::path(env) / marker).string());
    return {};
  }
#ifdef CORRIDOR_SOURCE_DATA_DIR
  if (fs::is_regular_file(fs::path(CORRIDOR_SOURCE_DATA_DIR) / marker, ec))
    return CORRIDOR_SOURCE_DATA_DIR;
#endif
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    for (const fs::path& p : {bin / ".." / "share" / "corridor", bin / ".." / "data",
                              bin / ".." / ".." / "data"}) {
      if (fs::is_regular_file(p / marker, ec)) return p.lexically_normal();
    }
  }
  if (why != nullptr)
    *why = "the corridor case (data/corridor) was not found (looked in the environment "
           "variable CORRIDOR_DATA_DIR, unset, in the source tree's data/ and beside the "
           "executable)";
  return {};
}

int RunDefaultJob() {
  std::string why;
  const std::filesystem::path data = FindCorridorDataDir(&why);
  if (data.empty()) {
    std::fprintf(stderr,
                 "corridor: %s; run 'corridor check FILES...' or 'corridor --help' instead\n",
                 why.c_str());
    return 1;
  }
  ScenarioOptions opt;
  opt.data_dir = (data / "corridor").string();
  CorridorReport rep;
  Diagnostics diag;
  Status s = RunCorridorScenarios(opt, &rep, &diag);
  PrintDiagnostics(diag);  // warnings too: the report goes on, but says what it assumed
  if (!s.ok()) {
    // Errors the diagnostics listed are not said again by the status (a missing data
    // folder's "no such file" came twice): their count then closes the list.
    if (diag.has_errors())
      std::fprintf(stderr, "corridor: %s; nothing run\n", ErrorsListed(diag).c_str());
    else
      std::fprintf(stderr, "corridor: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fputs(rep.FullReport(true).c_str(), stdout);
  return 0;
}

}  // namespace corridor::cli
