// corridor check: placeholder until the reader lands.
#include "commands.h"
namespace corridor::cli {
Command RegisterCheck(CLI::App& app) {
  (void)app;
  return {};
}
}  // namespace corridor::cli
