// corridor run: placeholder so the CLI builds while the work lands.
#include "commands.h"

namespace corridor::cli {

Command RegisterRun(CLI::App& app) {
  (void)app;
  return {};
}

}  // namespace corridor::cli
