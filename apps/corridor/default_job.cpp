// The job `corridor` runs with no arguments. Until the corridor case lands it checks the
// bundled GasLib-11 example (data/examples/GasLib-11: .net, .scn, .cs).
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "commands.h"

namespace corridor::cli {

namespace {

/// The data folder: CORRIDOR_DATA_DIR (the source tree's data/) when it exists, else the
/// installed share/corridor beside the executable, else data/ one level above it.
std::filesystem::path FindDataDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
#ifdef CORRIDOR_DATA_DIR
  if (fs::is_directory(fs::path(CORRIDOR_DATA_DIR) / "examples", ec)) return CORRIDOR_DATA_DIR;
#endif
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    for (const fs::path& p : {bin / ".." / "share" / "corridor", bin / ".." / "data",
                              bin / ".." / ".." / "data"}) {
      if (fs::is_directory(p / "examples", ec)) return p.lexically_normal();
    }
  }
  return {};
}

}  // namespace

int RunDefaultJob() {
  const std::filesystem::path data = FindDataDir();
  if (data.empty()) {
    std::fprintf(stderr,
                 "corridor: the bundled examples were not found (looked in CORRIDOR_DATA_DIR "
                 "and beside the executable); run 'corridor check FILES...' instead\n");
    return 1;
  }
  const std::filesystem::path dir = data / "examples" / "GasLib-11";
  std::printf("corridor: checking the bundled example %s (GasLib, CC BY 3.0)\n",
              dir.string().c_str());
  std::fflush(stdout);
  return RunCheckFiles({(dir / "GasLib-11.net").string(), (dir / "GasLib-11.scn").string(),
                        (dir / "GasLib-11.cs").string()},
                       50, false);
}

}  // namespace corridor::cli
