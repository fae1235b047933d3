#pragma once
// OpenSSH known_hosts checking for SSH remotes (libgit2 1.5 checks nothing itself). Private to
// the source stage.
#include <optional>
#include <string>
#include <vector>

#include "gitsync/core/status.h"

namespace gitsync::source::detail {

// The key an SSH server presented: its raw public key blob (SSH wire format, what known_hosts
// holds in base64) when libssh2 gives it, else only its SHA-256 digest (32 bytes).
struct ServerHostKey {
  std::optional<std::string> blob;
  std::string sha256;
};

enum class HostKeyVerdict {
  Match,     // a line for the host holds this key
  Unknown,   // no line names the host
  Mismatch,  // lines name the host, none holds this key
  Revoked,   // a @revoked line holds this key
};

// Checks `key` for `hostName` ("host" or "[host]:port", see knownHostsName) against known_hosts
// text. Understood: plain and wildcard ("*", "?") host patterns, "!" negation, comma lists,
// "[host]:port" entries, hashed "|1|salt|hash" entries, "@revoked" lines; "@cert-authority"
// lines (host certificates) and malformed lines are skipped. Any key type is compared by its blob
// (ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa, ...).
HostKeyVerdict checkHostKey(const std::string& knownHosts, const std::string& hostName,
                            const ServerHostKey& key);

// The key types ("ssh-rsa", ...) of the plain lines for `hostName`, in file order, each once.
std::vector<std::string> knownKeyTypes(const std::string& knownHosts, const std::string& hostName);

// The key type inside an SSH public key blob ("ssh-ed25519"); "" when malformed.
std::string keyTypeOf(const std::string& blob);

// How many usable lines the text has (0: not known_hosts text at all).
int countKnownHosts(const std::string& knownHosts);

// Standard base64 (padding optional); nullopt on any other character.
std::optional<std::string> decodeBase64(const std::string& text);

}  // namespace gitsync::source::detail
