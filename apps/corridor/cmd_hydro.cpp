// corridor hydro: not implemented yet (placeholder so the CLI builds while the work lands).
#include "commands.h"

namespace corridor::cli {

Command RegisterHydro(CLI::App& app) {
  (void)app;
  return {};
}

}  // namespace corridor::cli
