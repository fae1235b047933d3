// gitsync fetch: fetch a Git repository into the cache once and print what came of it (the
// source stage alone, like `flux pull` or `git fetch`). The benchmark bench/source.sh drives it.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <tuple>
#include <vector>

#include "commands.h"
#include "gitsync/source/source.h"
#include "gitsync/source/verify.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct FetchCliOptions {
  std::string url;
  source::GitRef ref;
  std::string cacheDir;
  std::string timeout = "5m";
  std::string username;
  std::string passwordFile;
  std::string tokenFile;
  std::string verifyMode;                  // "", "HEAD", "Tag", "TagAndHEAD"
  std::vector<std::string> verifyKeyFiles;  // trusted public keys (OpenPGP or SSH)
};

fs::path defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return fs::path(xdg) / "gitsync";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".cache/gitsync";
  }
  return fs::temp_directory_path() / "gitsync-cache";
}

// A secret from a file, without a trailing newline; nullopt when unreadable (never printed).
std::optional<std::string> readSecret(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// Prints one "key value" line per field on success, then one "verified ..." line per verified
// object; exit 0. Errors: exit 2 for bad flags, 1 when the fetch or the verification failed
// (the Status message on stderr).
int runFetch(const FetchCliOptions& o) {
  auto timeout = parseDuration(o.timeout);
  if (!timeout) {
    std::cerr << "error: --timeout '" << o.timeout << "': expected a duration like 90s, 5m, 1h\n";
    return 2;
  }
  source::VerifyOptions verify;
  if (!o.verifyMode.empty()) {
    verify.mode = o.verifyMode == "HEAD"  ? source::VerifyMode::Head
                  : o.verifyMode == "Tag" ? source::VerifyMode::Tag
                                          : source::VerifyMode::TagAndHead;
    for (const std::string& file : o.verifyKeyFiles) {
      auto keys = readSecret(file);
      if (!keys) {
        std::cerr << "error: --verify-key-file '" << file << "': cannot read the file\n";
        return 2;
      }
      verify.publicKeys.push_back(*keys);
    }
  }
  source::FetchOptions options;
  options.credentials.username = o.username;
  for (auto [file, slot, flag] :
       {std::tuple{&o.passwordFile, &options.credentials.password, "--password-file"},
        std::tuple{&o.tokenFile, &options.credentials.bearerToken, "--token-file"}}) {
    if (file->empty()) continue;
    auto secret = readSecret(*file);
    if (!secret) {
      std::cerr << "error: " << flag << " '" << *file << "': cannot read the file\n";
      return 2;
    }
    *slot = *secret;
  }
  options.cacheDir = o.cacheDir.empty() ? defaultCacheDir() : fs::path(o.cacheDir);
  options.timeout = std::chrono::duration_cast<std::chrono::seconds>(*timeout);
  auto started = std::chrono::steady_clock::now();
  auto artifact = source::makeGitSource()->fetch(o.url, o.ref, options);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - started).count();
  if (!artifact.ok()) {
    std::cerr << "error: " << artifact.status().message() << "\n";
    return 1;
  }
  std::cout << "revision " << artifact->revision << "\n"
            << "changed  " << (artifact->changed ? "true" : "false") << "\n"
            << "dir      " << artifact->dir.string() << "\n"
            << "received " << artifact->receivedBytes << " bytes\n"
            << "time     " << ms << " ms\n";
  if (o.verifyMode.empty()) return 0;
  auto verified = source::verifyArtifact(o.url, o.ref, *artifact, options, verify);
  if (!verified.ok()) {
    std::cerr << "error: " << verified.status().message() << "\n";
    return 1;
  }
  for (const std::string& line : *verified) std::cout << "verified " << line << "\n";
  return 0;
}

}  // namespace

void addFetchCommand(CLI::App& app) {
  auto o = std::make_shared<FetchCliOptions>();
  auto* cmd = app.add_subcommand(
      "fetch", "Fetch a Git repository into the cache and export the commit's tree; prints the "
               "revision, whether it changed, the folder, bytes received and the time");
  cmd->add_option("--url", o->url, "Git repository URL (git://, http(s)://, file paths)")
      ->required();
  auto* branch = cmd->add_option("--branch", o->ref.branch, "Branch to follow");
  auto* tag = cmd->add_option("--tag", o->ref.tag, "Tag to use");
  auto* semver = cmd->add_option("--semver", o->ref.semver, "Highest tag matching a semver range");
  auto* commit = cmd->add_option("--commit", o->ref.commit, "Commit SHA");
  branch->excludes(tag)->excludes(semver)->excludes(commit);
  tag->excludes(semver)->excludes(commit);
  semver->excludes(commit);
  auto* user = cmd->add_option("--username", o->username, "HTTPS username (with --password-file)");
  auto* password = cmd->add_option("--password-file", o->passwordFile,
                                   "File holding the HTTPS password");
  auto* token = cmd->add_option("--token-file", o->tokenFile, "File holding an HTTPS bearer token");
  user->needs(password);
  password->needs(user);
  token->excludes(user);
  cmd->add_option("--cache-dir", o->cacheDir, "Git cache (default: ~/.cache/gitsync)");
  cmd->add_option("--timeout", o->timeout, "Limit for the transfer")->capture_default_str();
  auto* mode = cmd->add_option("--verify-mode", o->verifyMode,
                               "Verify signatures after the fetch (Flux spec.verify.mode): the "
                               "commit (HEAD), the tag object (Tag) or both (TagAndHEAD)")
                   ->check(CLI::IsMember({"HEAD", "Tag", "TagAndHEAD"}));
  auto* keys = cmd->add_option("--verify-key-file", o->verifyKeyFiles,
                               "File of trusted public keys: armored OpenPGP key blocks and/or "
                               "SSH public key lines (repeatable)");
  mode->needs(keys);
  keys->needs(mode);
  cmd->callback([o] { setExitCode(runFetch(*o)); });
}

}  // namespace gitsync::cli
