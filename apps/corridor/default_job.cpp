// The job `corridor` runs with no arguments. Until the corridor case lands it checks the
// bundled GasLib-11 example.
#include <cstdio>

#include "commands.h"

namespace corridor::cli {

int RunDefaultJob() {
  std::printf("corridor: nothing to do yet\n");
  return 0;
}

}  // namespace corridor::cli
