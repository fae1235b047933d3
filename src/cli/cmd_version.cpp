#include <iostream>

#include "commands.h"

namespace gitsync::cli {

void addVersionCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "Print gitsync's version");
  cmd->callback([] { std::cout << "gitsync " << GITSYNC_VERSION << "\n"; });
}

}  // namespace gitsync::cli
