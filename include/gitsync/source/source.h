#pragma once
// The source stage: fetch a Git repository at a reference and export the commit's tree into a
// folder the render stage reads. One interface (Source::fetch) and a libgit2 implementation.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "gitsync/core/status.h"

namespace gitsync::source {

// Which commit to fetch (Flux GitRepository spec.ref). The first set field wins, in the order
// commit > name > semver > tag > branch; when all are empty the remote's default branch (HEAD).
struct GitRef {
  std::string branch;  // "main"
  std::string tag;     // "v1.2.3" (annotated tags are peeled to their commit)
  std::string semver;  // a constraint over the tags, see semver.h; the highest match wins
  std::string name;    // a full reference name, "refs/heads/main", "refs/pull/7/head"
  std::string commit;  // 40 hex digits
};

struct FetchOptions {
  // Where the bare clones and exported trees live (layout in docs/source.md). Required.
  std::filesystem::path cacheDir;
  // Limit for the whole fetch, from its start: the TCP connect (a probe connection made before
  // libgit2 connects, which has no connect timeout in 1.5) and the transfer (checked while data
  // flows). A server that accepts the connection and then sends nothing is not bounded.
  std::chrono::seconds timeout{60};
  // Credentials as text (the controller passes a Secret's data). None of them is ever written
  // to logs or error messages.
  struct Credentials {
    // HTTPS: a username and password (Basic), or a bearer token.
    std::string username;
    std::string password;
    std::string bearerToken;
    // SSH: a private key (OpenSSH or PEM text) and its passphrase when it is encrypted. The
    // user is the url's ("ssh://git@host/...") or "git".
    std::string sshPrivateKey;
    std::string sshPassphrase;
    // SSH: OpenSSH known_hosts text. Required for ssh:// and scp-like urls: an unknown host or
    // a changed host key is refused (FailedPrecondition).
    std::string knownHosts;
    // HTTPS: PEM CA certificate(s) trusted for this fetch in addition to the system CAs.
    std::string caCert;
  } credentials;
};

struct Artifact {
  // Flux style: "main@sha1:<40 hex>" (branch), "v1.2.3@sha1:<hex>" (tag or semver),
  // "refs/pull/7/head@sha1:<hex>" (name), "sha1:<hex>" (commit).
  std::string revision;
  std::string commit;  // 40 hex digits
  // False when the reference still points at the commit of the previous fetch of the same
  // url and reference through this cache (then nothing was downloaded).
  bool changed = false;
  std::filesystem::path dir;  // the exported tree; treat as read-only
  // Pack bytes received by this fetch (libgit2's transfer count; 0 when nothing was downloaded).
  // The reference listing that every fetch does is not included.
  std::uint64_t receivedBytes = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  // Errors (messages start with "<url>: source: "):
  //   Unavailable        the host cannot be reached or the transfer broke off (retry)
  //   NotFound           no repository at the url; the reference does not exist (named)
  //   FailedPrecondition authentication failed or is required; SSH without known_hosts, an
  //                      unknown or changed host key; a certificate the CAs do not trust; an
  //                      encrypted SSH key without (or with a wrong) passphrase; a symlink
  //                      leaves the tree
  //   InvalidArgument    malformed GitRef (bad commit hex, bad semver constraint), no cacheDir,
  //                      an SSH key, known_hosts or caCert that does not parse
  //   DeadlineExceeded   no TCP connection, or the transfer ran longer than FetchOptions::timeout
  //   Internal           local repository or file system failures
  virtual Result<Artifact> fetch(const std::string& url, const GitRef& ref,
                                 const FetchOptions& options) = 0;
};

// The libgit2 implementation. Safe to use from one thread at a time per instance.
class GitSource : public Source {
 public:
  Result<Artifact> fetch(const std::string& url, const GitRef& ref,
                         const FetchOptions& options) override;
  // How many times objects were downloaded (git fetch / clone) by this instance: a poll that
  // finds the reference unchanged does only a reference listing and does not count.
  std::uint64_t downloadCount() const { return downloads_; }

 private:
  std::uint64_t downloads_ = 0;
};

std::unique_ptr<Source> makeGitSource();

}  // namespace gitsync::source
