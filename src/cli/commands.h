#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace gitsync::cli {

struct GlobalOptions {
  std::string logFormat = "text";
  std::string logLevel = "info";
};

// Logs go to stderr: readable text by default, one JSON object per line with --log-format json.
void setupLogging(const GlobalOptions& options);

void addVersionCommand(CLI::App& app);
void addBuildCommand(CLI::App& app);
void addApplyCommand(CLI::App& app);
void addDiffCommand(CLI::App& app);
void addReconcileCommand(CLI::App& app);
void addFetchCommand(CLI::App& app);
void addGetCommand(CLI::App& app);
void addSuspendCommand(CLI::App& app);
void addResumeCommand(CLI::App& app);
void addControllerCommand(CLI::App& app);
// `reconcile kustomization|source NAME` under the `reconcile` command.
void addReconcileObjectCommands(CLI::App& reconcile);

// The exit code chosen by the command that ran.
int exitCode();
void setExitCode(int code);

}  // namespace gitsync::cli
