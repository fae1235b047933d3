// gitsync's command line: wiring only; every verb lives in its stage.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"gitsync: keeps a Kubernetes cluster equal to what a Git repository says"};
  app.require_subcommand(1);
  gitsync::cli::GlobalOptions global;
  app.add_option("--log-format", global.logFormat, "Log format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", global.logLevel, "Log level: debug, info, warn, error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  app.parse_complete_callback([&] { gitsync::cli::setupLogging(global); });

  gitsync::cli::addVersionCommand(app);
  gitsync::cli::addBuildCommand(app);
  gitsync::cli::addApplyCommand(app);
  gitsync::cli::addDiffCommand(app);
  gitsync::cli::addReconcileCommand(app);
  gitsync::cli::addFetchCommand(app);
  gitsync::cli::addGetCommand(app);
  gitsync::cli::addSuspendCommand(app);
  gitsync::cli::addResumeCommand(app);
  gitsync::cli::addControllerCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return gitsync::cli::exitCode();
}
