#pragma once
// The Git source flags that `gitsync fetch` and `gitsync reconcile --now` share: the URL, the
// reference, the cache, HTTPS and SSH credentials and signature verification. One definition,
// so both commands accept the same flags with the same help text and the same checks.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "gitsync/core/status.h"
#include "gitsync/source/source.h"
#include "gitsync/source/verify.h"

namespace gitsync::cli {

// The flags as given: file names, not their contents.
struct SourceCliOptions {
  std::string url;
  source::GitRef ref;                       // --branch | --tag | --semver | --ref-name | --commit
  std::string cacheDir;                     // "" = $XDG_CACHE_HOME/gitsync or ~/.cache/gitsync
  // Not bound by addSourceFlags (its help differs per command: reconcile also bounds --wait);
  // the command binds its own --timeout here.
  std::string timeout = "5m";
  std::string username;
  std::string passwordFile;
  std::string tokenFile;
  std::string sshKeyFile;
  std::string sshPassphraseFile;
  std::string knownHostsFile;
  std::string caFile;
  std::string verifyMode;                   // "", "HEAD", "Tag", "TagAndHEAD"
  std::vector<std::string> verifyKeyFiles;  // trusted public keys (OpenPGP and/or SSH)
};

// What Source::fetch and verifyArtifact take, read from the flags and the files they name.
struct SourceRequest {
  std::string url;
  source::GitRef ref;
  source::FetchOptions fetch;
  std::chrono::milliseconds timeout{0};  // --timeout parsed (fetch.timeout is it in seconds)
  std::optional<source::VerifyOptions> verify;  // set when --verify-mode was given
};

// Adds --url, the reference flags (mutually exclusive), --cache-dir, --username,
// --password-file, --token-file, --ssh-key, --ssh-key-passphrase-file, --known-hosts,
// --ca-file, --verify-mode and --verify-key-file to `cmd`, bound to `options` (which must
// outlive `cmd`). Returns the --url option so a command can make it required.
CLI::Option* addSourceFlags(CLI::App& cmd, SourceCliOptions& options);

// Parses --timeout and reads the files the flags name. Passwords, tokens and passphrases lose a
// trailing newline; keys, known_hosts and CAs are taken as they are. Errors (InvalidArgument,
// the message names the flag; secrets are never in it):
//   "--timeout '<text>': expected a duration like 90s, 5m, 1h"
//   "<flag> '<file>': cannot read the file"
Result<SourceRequest> toFetchOptions(const SourceCliOptions& options);

}  // namespace gitsync::cli
