// The Git source flags shared by `gitsync fetch` and `gitsync reconcile --now`.
#include "source_flags.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <tuple>

#include "sync_pipeline.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

fs::path defaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return fs::path(xdg) / "gitsync";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".cache/gitsync";
  }
  return fs::temp_directory_path() / "gitsync-cache";
}

// A whole file as it is; nullopt when unreadable.
std::optional<std::string> readText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A secret from a file without its trailing newline; nullopt when unreadable (never printed).
std::optional<std::string> readSecret(const std::string& file) {
  auto text = readText(file);
  while (text && !text->empty() && (text->back() == '\n' || text->back() == '\r')) {
    text->pop_back();
  }
  return text;
}

Status unreadable(const std::string& flag, const std::string& file) {
  return invalidArgument(flag + " '" + file + "': cannot read the file");
}

}  // namespace

CLI::Option* addSourceFlags(CLI::App& cmd, SourceCliOptions& o) {
  auto* url =
      cmd.add_option("--url", o.url, "Git repository URL (ssh://, git://, http(s)://, file paths)");
  auto* branch = cmd.add_option("--branch", o.ref.branch, "Branch to follow");
  auto* tag = cmd.add_option("--tag", o.ref.tag, "Tag to use");
  auto* semver = cmd.add_option("--semver", o.ref.semver, "Highest tag matching a semver range");
  auto* name = cmd.add_option("--ref-name", o.ref.name,
                              "Full reference name (refs/heads/main, refs/pull/7/head)");
  auto* commit = cmd.add_option("--commit", o.ref.commit, "Commit SHA");
  std::vector<CLI::Option*> refs{branch, tag, semver, name, commit};
  for (size_t i = 0; i < refs.size(); ++i) {
    for (size_t j = i + 1; j < refs.size(); ++j) refs[i]->excludes(refs[j]);
  }
  cmd.add_option("--cache-dir", o.cacheDir, "Git cache (default: ~/.cache/gitsync)");
  auto* user = cmd.add_option("--username", o.username, "HTTPS username (with --password-file)");
  auto* password =
      cmd.add_option("--password-file", o.passwordFile, "File holding the HTTPS password");
  auto* token = cmd.add_option("--token-file", o.tokenFile, "File holding an HTTPS bearer token");
  user->needs(password);
  password->needs(user);
  token->excludes(user);
  auto* sshKey = cmd.add_option("--ssh-key", o.sshKeyFile,
                                "SSH private key file (OpenSSH or PEM) for ssh:// urls");
  cmd.add_option("--ssh-key-passphrase-file", o.sshPassphraseFile,
                 "File holding the passphrase of an encrypted --ssh-key")
      ->needs(sshKey);
  cmd.add_option("--known-hosts", o.knownHostsFile,
                 "known_hosts file for ssh:// urls (required for SSH: unknown or changed host "
                 "keys are refused)");
  cmd.add_option("--ca-file", o.caFile,
                 "PEM CA certificate(s) trusted for the HTTPS fetch, besides the system CAs");
  auto* mode = cmd.add_option("--verify-mode", o.verifyMode,
                              "Verify signatures after the fetch (Flux spec.verify.mode): the "
                              "commit (HEAD), the tag object (Tag) or both (TagAndHEAD)")
                   ->check(CLI::IsMember({"HEAD", "Tag", "TagAndHEAD"}));
  auto* keys = cmd.add_option("--verify-key-file", o.verifyKeyFiles,
                              "File of trusted public keys: armored OpenPGP key blocks and/or "
                              "SSH public key lines (repeatable)");
  mode->needs(keys);
  keys->needs(mode);
  return url;
}

Result<SourceRequest> toFetchOptions(const SourceCliOptions& o) {
  auto timeout = parseDuration(o.timeout);
  if (!timeout) {
    return invalidArgument("--timeout '" + o.timeout +
                           "': expected a duration like 90s, 5m, 1h");
  }
  SourceRequest request;
  request.url = o.url;
  request.ref = o.ref;
  request.timeout = *timeout;
  source::FetchOptions& fetch = request.fetch;
  fetch.cacheDir = o.cacheDir.empty() ? defaultCacheDir() : fs::path(o.cacheDir);
  fetch.timeout = std::chrono::duration_cast<std::chrono::seconds>(*timeout);
  fetch.credentials.username = o.username;
  source::FetchOptions::Credentials& c = fetch.credentials;
  for (auto [file, slot, flag, trim] :
       {std::tuple{&o.passwordFile, &c.password, "--password-file", true},
        std::tuple{&o.tokenFile, &c.bearerToken, "--token-file", true},
        std::tuple{&o.sshPassphraseFile, &c.sshPassphrase, "--ssh-key-passphrase-file", true},
        std::tuple{&o.sshKeyFile, &c.sshPrivateKey, "--ssh-key", false},
        std::tuple{&o.knownHostsFile, &c.knownHosts, "--known-hosts", false},
        std::tuple{&o.caFile, &c.caCert, "--ca-file", false}}) {
    if (file->empty()) continue;
    auto text = trim ? readSecret(*file) : readText(*file);
    if (!text) return unreadable(flag, *file);
    *slot = std::move(*text);
  }
  if (!o.verifyMode.empty()) {
    source::VerifyOptions verify;
    verify.mode = o.verifyMode == "HEAD"  ? source::VerifyMode::Head
                  : o.verifyMode == "Tag" ? source::VerifyMode::Tag
                                          : source::VerifyMode::TagAndHead;
    for (const std::string& file : o.verifyKeyFiles) {
      auto keys = readSecret(file);
      if (!keys) return unreadable("--verify-key-file", file);
      verify.publicKeys.push_back(std::move(*keys));
    }
    request.verify = std::move(verify);
  }
  return request;
}

}  // namespace gitsync::cli
