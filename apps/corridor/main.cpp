// corridor: command-line front end. All work is done by the library; this file only
// dispatches to the subcommands.
#include <cstdio>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace corridor::cli;
  CLI::App app{"corridor: simulation and planning of cross-border gas transit networks"};
  app.set_version_flag("--version", "corridor 0.1.0");
  app.require_subcommand(0, 1);
  app.footer(
      "Without a subcommand: the main job, every scenario of the bundled corridor case and "
      "the adviser report (docs/corridor-report.md); exit status 0 when the report is made, "
      "1 when the case cannot be used.");
  std::vector<Command> commands = {RegisterCheck(app), RegisterConvert(app),
                                   RegisterSimulate(app), RegisterValidate(app),
                                   RegisterHydro(app), RegisterTrack(app),
                                   RegisterRun(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message (or the help); a usage error exits with the chosen
    // command's code for it (1 like any bad option, validate 2), one before the command's
    // name (`corridor --bogus validate DIR`: the program's own options) with 1.
    if (app.exit(e) == 0) return 0;
    for (const Command& c : commands)
      if (c.sub != nullptr && c.sub->parsed() && argc > 1 && c.sub->get_name() == argv[1])
        return c.usage_error_status;
    return 1;
  }
  for (const Command& c : commands) {
    if (c.sub != nullptr && c.sub->parsed()) return c.run();
  }
  return RunDefaultJob();
}
