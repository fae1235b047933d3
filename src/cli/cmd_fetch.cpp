// gitsync fetch: fetch a Git repository into the cache once and print what came of it (the
// source stage alone, like `flux pull` or `git fetch`). The benchmark bench/source.sh drives it.
#include <iostream>
#include <memory>

#include "commands.h"
#include "gitsync/source/source.h"
#include "source_fetch.h"
#include "source_flags.h"

namespace gitsync::cli {
namespace {

// Prints one "key value" line per field on success, then one "verified ..." line per verified
// object; exit 0. Errors: exit 2 for bad flags or unreadable files, 1 when the fetch or the
// verification failed (the Status message on stderr).
int runFetch(const SourceCliOptions& o) {
  auto request = toFetchOptions(o);
  if (!request.ok()) {
    std::cerr << "error: " << request.status().message() << "\n";
    return 2;
  }
  long long ms = 0;
  auto artifact = fetchTimed(*request, ms);
  if (!artifact.ok()) {
    std::cerr << "error: " << artifact.status().message() << "\n";
    return 1;
  }
  std::cout << "revision " << artifact->revision << "\n"
            << "changed  " << (artifact->changed ? "true" : "false") << "\n"
            << "dir      " << artifact->dir.string() << "\n"
            << "received " << artifact->receivedBytes << " bytes\n"
            << "time     " << ms << " ms\n";
  if (Status verified = verifyAndPrint(*request, *artifact, std::cout); !verified.ok()) {
    std::cerr << "error: " << verified.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void addFetchCommand(CLI::App& app) {
  auto o = std::make_shared<SourceCliOptions>();
  auto* cmd = app.add_subcommand(
      "fetch", "Fetch a Git repository into the cache and export the commit's tree; prints the "
               "revision, whether it changed, the folder, bytes received and the time");
  addSourceFlags(*cmd, *o)->required();
  cmd->add_option("--timeout", o->timeout, "Limit for the fetch (from its TCP connect on)")
      ->capture_default_str();
  cmd->callback([o] { setExitCode(runFetch(*o)); });
}

}  // namespace gitsync::cli
