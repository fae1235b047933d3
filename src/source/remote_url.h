#pragma once
// Where a Git url connects to: scheme, user, host and port, for the SSH username, the
// known_hosts name and the connect probe. Private to the source stage.
#include <optional>
#include <string>

namespace gitsync::source::detail {

struct RemoteEndpoint {
  std::string scheme;  // "ssh", "git", "http", "https"
  std::string user;    // from "user@host"; empty when the url has none
  std::string host;    // without brackets for IPv6 literals
  int port = 0;        // the scheme's default when the url names none
};

// Parses "ssh://[user@]host[:port]/path" (also ssh+git://, git+ssh://), scp-like
// "[user@]host:path", "git://", "http://" and "https://" urls. nullopt for local paths,
// file:// urls and anything else that does not go over the network.
std::optional<RemoteEndpoint> parseRemoteUrl(const std::string& url);

// The name OpenSSH looks up in known_hosts: "host" for port 22, "[host]:port" otherwise.
std::string knownHostsName(const RemoteEndpoint& endpoint);

}  // namespace gitsync::source::detail
