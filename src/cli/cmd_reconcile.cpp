// gitsync reconcile --now: fetch a Git repository, then render, apply, prune and wait once.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <tuple>
#include <iostream>

#include "commands.h"
#include "gitsync/source/source.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct ReconcileOptions {
  bool now = false;
  std::string username;
  std::string passwordFile;
  std::string tokenFile;
  std::string sshKeyFile;
  std::string sshPassphraseFile;
  std::string knownHostsFile;
  std::string caFile;
  std::string url;
  source::GitRef ref;
  std::string path = ".";
  std::string timeout = "5m";
  std::string cacheDir;
  SyncCliOptions sync;
};

fs::path defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "gitsync";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache/gitsync";
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

// A whole text file (a key, known_hosts, a CA), as it is; nullopt when unreadable.
std::optional<std::string> readText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int runReconcile(ReconcileOptions& o) {
  if (!o.now || o.url.empty()) {
    std::cerr << "error: reconcile: give --now --url URL (sync once from this machine), or "
                 "kustomization NAME or source NAME (ask the in-cluster controller)\n";
    return 2;
  }
  auto timeout = parseDuration(o.timeout);
  if (!timeout) {
    std::cerr << "error: --timeout '" << o.timeout << "': expected a duration like 90s, 5m, 1h\n";
    return 2;
  }
  o.sync.timeout = *timeout;
  auto started = std::chrono::steady_clock::now();
  source::FetchOptions fetchOptions;
  fetchOptions.credentials.username = o.username;
  // Passwords, tokens and passphrases lose a trailing newline; keys, known_hosts and CAs are
  // read as they are.
  for (auto [file, slot, flag, trim] :
       {std::tuple{&o.passwordFile, &fetchOptions.credentials.password, "--password-file", true},
        std::tuple{&o.tokenFile, &fetchOptions.credentials.bearerToken, "--token-file", true},
        std::tuple{&o.sshPassphraseFile, &fetchOptions.credentials.sshPassphrase,
                   "--ssh-key-passphrase-file", true},
        std::tuple{&o.sshKeyFile, &fetchOptions.credentials.sshPrivateKey, "--ssh-key", false},
        std::tuple{&o.knownHostsFile, &fetchOptions.credentials.knownHosts, "--known-hosts", false},
        std::tuple{&o.caFile, &fetchOptions.credentials.caCert, "--ca-file", false}}) {
    if (file->empty()) continue;
    auto secret = trim ? readSecret(*file) : readText(*file);
    if (!secret) {
      std::cerr << "error: " << flag << " '" << *file << "': cannot read the file\n";
      return 2;
    }
    *slot = *secret;
  }
  fetchOptions.cacheDir = o.cacheDir.empty() ? defaultCacheDir() : fs::path(o.cacheDir);
  fetchOptions.timeout = std::chrono::duration_cast<std::chrono::seconds>(*timeout);
  auto artifact = source::makeGitSource()->fetch(o.url, o.ref, fetchOptions);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - started).count();
  if (!artifact.ok()) {
    std::cerr << "error: " << artifact.status().message() << "\n";
    std::cerr << "nothing was applied or pruned\n";
    return 1;
  }
  std::cout << "fetch " << artifact->revision << (artifact->changed ? "" : " (unchanged)")
            << " in " << ms << " ms\n";
  fs::path dir = artifact->dir / o.path;
  return renderAndSync(dir, artifact->dir, o.sync, artifact->revision);
}

}  // namespace

void addReconcileCommand(CLI::App& app) {
  auto o = std::make_shared<ReconcileOptions>();
  auto* cmd = app.add_subcommand(
      "reconcile", "Fetch a Git repository and sync a folder of it: fetch, render, apply, prune, "
                   "health, once");
  // Required unless a subcommand (kustomization, source) is given: checked in runReconcile.
  cmd->add_flag("--now", o->now, "Reconcile once, now");
  cmd->add_option("--url", o->url, "Git repository URL (ssh://, git://, http(s)://, file paths)");
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
  auto* sshKey = cmd->add_option("--ssh-key", o->sshKeyFile,
                                 "SSH private key file (OpenSSH or PEM) for ssh:// urls");
  cmd->add_option("--ssh-key-passphrase-file", o->sshPassphraseFile,
                  "File holding the passphrase of an encrypted --ssh-key")
      ->needs(sshKey);
  cmd->add_option("--known-hosts", o->knownHostsFile,
                  "known_hosts file for ssh:// urls (required for SSH: unknown or changed host "
                  "keys are refused)");
  cmd->add_option("--ca-file", o->caFile,
                  "PEM CA certificate(s) trusted for the HTTPS fetch, besides the system CAs");
  cmd->add_option("--path", o->path, "Folder of the repository to sync")->capture_default_str();
  cmd->add_option("--name", o->sync.name, "Owner name (default: the last part of --url)");
  cmd->add_option("--timeout", o->timeout,
                  "Limit for the fetch (from its TCP connect on), for --wait and for CRDs")
      ->capture_default_str();
  cmd->add_option("--cache-dir", o->cacheDir, "Git cache (default: ~/.cache/gitsync)");
  addSyncFlags(*cmd, o->sync);
  addReconcileObjectCommands(*cmd);
  cmd->callback([o, cmd] {
    if (!cmd->get_subcommands().empty()) return;  // reconcile kustomization|source ran
    if (o->sync.name.empty()) {
      std::string base = o->url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      base = base.substr(base.find_last_of('/') + 1);
      if (base.size() > 4 && base.substr(base.size() - 4) == ".git") base.resize(base.size() - 4);
      o->sync.name = base;
    }
    setExitCode(runReconcile(*o));
  });
}

}  // namespace gitsync::cli
