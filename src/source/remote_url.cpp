#include "remote_url.h"

#include <cctype>

namespace gitsync::source::detail {
namespace {

int defaultPort(const std::string& scheme) {
  if (scheme == "ssh") return 22;
  if (scheme == "git") return 9418;
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

// Splits "[user@]host[:port]" (host may be "[v6]"); false when malformed.
bool parseAuthority(std::string authority, RemoteEndpoint& out, bool allowPort) {
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    out.user = authority.substr(0, at);
    if (size_t colon = out.user.find(':'); colon != std::string::npos) out.user.resize(colon);
    authority = authority.substr(at + 1);
  }
  std::string portText;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return false;
    out.host = authority.substr(1, close - 1);
    std::string rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      portText = rest.substr(1);
    }
  } else {
    size_t colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) portText = authority.substr(colon + 1);
  }
  if (out.host.empty()) return false;
  if (!portText.empty()) {
    if (!allowPort || portText.size() > 5) return false;
    for (char c : portText) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    out.port = std::stoi(portText);
    if (out.port <= 0 || out.port > 65535) return false;
  }
  return true;
}

}  // namespace

std::optional<RemoteEndpoint> parseRemoteUrl(const std::string& url) {
  RemoteEndpoint out;
  size_t sep = url.find("://");
  if (sep != std::string::npos) {
    std::string scheme = url.substr(0, sep);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme == "ssh+git" || scheme == "git+ssh") scheme = "ssh";
    out.port = defaultPort(scheme);
    if (out.port == 0) return std::nullopt;  // file:// and unknown schemes
    out.scheme = scheme;
    size_t start = sep + 3;
    size_t end = url.find('/', start);
    if (!parseAuthority(url.substr(start, end - start), out, true)) return std::nullopt;
    if (out.port == 0) out.port = defaultPort(scheme);
    return out;
  }
  // scp-like "[user@]host:path": a ':' before the first '/' ("./a:b" and "/a:b" are paths).
  size_t colon = url.find(':');
  if (url.empty() || url[0] == '/' || url[0] == '.' || colon == std::string::npos) {
    return std::nullopt;
  }
  std::string authority = url.substr(0, colon);
  if (url[0] == '[' || (authority.find('@') != std::string::npos &&
                        authority.find('[') != std::string::npos)) {
    size_t close = url.find("]:");
    if (close == std::string::npos) return std::nullopt;
    authority = url.substr(0, close + 1);
  }
  if (authority.find('/') != std::string::npos) return std::nullopt;
  out.scheme = "ssh";
  out.port = 22;
  if (!parseAuthority(authority, out, false)) return std::nullopt;
  return out;
}

std::string knownHostsName(const RemoteEndpoint& endpoint) {
  if (endpoint.port == 22) return endpoint.host;
  return "[" + endpoint.host + "]:" + std::to_string(endpoint.port);
}

}  // namespace gitsync::source::detail
