#include "known_hosts.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

#include "gitsync/core/base64.h"

namespace gitsync::source::detail {
namespace {

struct Line {
  std::string marker;  // "", "@revoked", "@cert-authority"
  std::string hosts;   // the comma list or a hashed "|1|salt|hash"
  std::string blob;    // decoded key
};

std::vector<std::string> fields(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

// The key type inside an SSH wire blob (its first length-prefixed string).
std::string blobType(const std::string& blob) {
  if (blob.size() < 4) return "";
  uint32_t n = (uint32_t(uint8_t(blob[0])) << 24) | (uint32_t(uint8_t(blob[1])) << 16) |
               (uint32_t(uint8_t(blob[2])) << 8) | uint32_t(uint8_t(blob[3]));
  if (n > blob.size() - 4) return "";
  return blob.substr(4, n);
}

std::optional<Line> parseLine(const std::string& text) {
  std::vector<std::string> f = fields(text);
  if (f.empty() || f[0][0] == '#') return std::nullopt;
  Line line;
  size_t i = 0;
  if (f[0][0] == '@') line.marker = f[i++];
  if (f.size() < i + 3) return std::nullopt;
  line.hosts = f[i];
  std::optional<std::string> blob = decodeBase64(f[i + 2]);
  if (!blob || blobType(*blob) != f[i + 1]) return std::nullopt;
  line.blob = std::move(*blob);
  return line;
}

std::vector<Line> parseAll(const std::string& text) {
  std::vector<Line> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (auto line = parseLine(l)) out.push_back(std::move(*line));
  }
  return out;
}

// OpenSSH match_pattern: '*' any run, '?' one character; case-insensitive for host names.
bool globMatch(const char* s, const char* p) {
  for (;; ++s, ++p) {
    if (*p == '\0') return *s == '\0';
    if (*p == '*') {
      for (; *s != '\0'; ++s) {
        if (globMatch(s, p + 1)) return true;
      }
      return globMatch(s, p + 1);
    }
    if (*s == '\0') return false;
    if (*p != '?' && std::tolower(static_cast<unsigned char>(*p)) !=
                         std::tolower(static_cast<unsigned char>(*s))) {
      return false;
    }
  }
}

std::string hmacSha1(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
                sizeof(out), &len) == nullptr) {
    return "";
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

// "|1|base64(salt)|base64(HMAC-SHA1(salt, name))", as written by HashKnownHosts.
bool hashedMatch(const std::string& entry, const std::string& hostName) {
  size_t bar = entry.find('|', 3);
  if (entry.rfind("|1|", 0) != 0 || bar == std::string::npos) return false;
  std::optional<std::string> salt = decodeBase64(entry.substr(3, bar - 3));
  std::optional<std::string> hash = decodeBase64(entry.substr(bar + 1));
  return salt && hash && !hash->empty() && hmacSha1(*salt, hostName) == *hash;
}

// OpenSSH match_hostname: any positive pattern matches and no negated one does.
bool hostsMatch(const std::string& hosts, const std::string& hostName) {
  if (hosts.rfind("|1|", 0) == 0) return hashedMatch(hosts, hostName);
  bool matched = false;
  std::istringstream in(hosts);
  for (std::string pattern; std::getline(in, pattern, ',');) {
    bool negated = !pattern.empty() && pattern[0] == '!';
    if (negated) pattern = pattern.substr(1);
    if (!globMatch(hostName.c_str(), pattern.c_str())) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

std::string sha256(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), len);
}

bool sameKey(const std::string& blob, const ServerHostKey& key) {
  return key.blob ? blob == *key.blob : sha256(blob) == key.sha256;
}

}  // namespace

HostKeyVerdict checkHostKey(const std::string& knownHosts, const std::string& hostName,
                            const ServerHostKey& key) {
  bool named = false, matched = false;
  for (const Line& line : parseAll(knownHosts)) {
    if (line.marker == "@cert-authority" || !hostsMatch(line.hosts, hostName)) continue;
    if (line.marker == "@revoked") {
      if (sameKey(line.blob, key)) return HostKeyVerdict::Revoked;
      continue;
    }
    if (!line.marker.empty()) continue;
    named = true;
    matched = matched || sameKey(line.blob, key);
  }
  if (matched) return HostKeyVerdict::Match;
  return named ? HostKeyVerdict::Mismatch : HostKeyVerdict::Unknown;
}

std::vector<std::string> knownKeyTypes(const std::string& knownHosts,
                                       const std::string& hostName) {
  std::vector<std::string> types;
  for (const Line& line : parseAll(knownHosts)) {
    if (!line.marker.empty() || !hostsMatch(line.hosts, hostName)) continue;
    std::string type = blobType(line.blob);
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
  }
  return types;
}

std::string keyTypeOf(const std::string& blob) { return blobType(blob); }

int countKnownHosts(const std::string& knownHosts) {
  return static_cast<int>(parseAll(knownHosts).size());
}

std::optional<std::string> decodeBase64(const std::string& text) {
  return core::decodeBase64(text, {.requirePadding = false, .skipWhitespace = false});
}

}  // namespace gitsync::source::detail
