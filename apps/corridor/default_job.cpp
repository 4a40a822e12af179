// The job `corridor` runs with no arguments: every scenario of the corridor case
// (data/corridor), the adviser report with the transit headroom (library:
// include/corridor/scenario.h; docs/corridor-report.md).
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "commands.h"
#include "corridor/scenario.h"

namespace corridor::cli {

/// The data folder: CORRIDOR_DATA_DIR (the source tree's data/) when it holds the corridor
/// case, else the installed share/corridor beside the executable, else data/ one or two
/// levels above it. Empty when none is found.
std::filesystem::path FindCorridorDataDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const char* marker = "corridor/annotations.json";
#ifdef CORRIDOR_DATA_DIR
  if (fs::is_regular_file(fs::path(CORRIDOR_DATA_DIR) / marker, ec)) return CORRIDOR_DATA_DIR;
#endif
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    for (const fs::path& p : {bin / ".." / "share" / "corridor", bin / ".." / "data",
                              bin / ".." / ".." / "data"}) {
      if (fs::is_regular_file(p / marker, ec)) return p.lexically_normal();
    }
  }
  return {};
}

int RunDefaultJob() {
  const std::filesystem::path data = FindCorridorDataDir();
  if (data.empty()) {
    std::fprintf(stderr,
                 "corridor: the corridor case (data/corridor) was not found (looked in "
                 "CORRIDOR_DATA_DIR and beside the executable); run 'corridor check FILES...' "
                 "or 'corridor --help' instead\n");
    return 1;
  }
  ScenarioOptions opt;
  opt.data_dir = (data / "corridor").string();
  CorridorReport rep;
  Diagnostics diag;
  Status s = RunCorridorScenarios(opt, &rep, &diag);
  if (!s.ok()) {
    std::fprintf(stderr, "%s", diag.ToString().c_str());
    std::fprintf(stderr, "corridor: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fputs(rep.FullReport(true).c_str(), stdout);
  return 0;
}

}  // namespace corridor::cli
