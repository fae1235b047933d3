#include "ssh_key.h"

#include <cstdint>
#include <optional>

#include "known_hosts.h"

namespace gitsync::source::detail {
namespace {

constexpr const char* kOpenSshBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
constexpr const char* kOpenSshEnd = "-----END OPENSSH PRIVATE KEY-----";

// The cipher name of an OpenSSH key ("none" when unencrypted); nullopt when malformed.
std::optional<std::string> openSshCipher(const std::string& key, size_t begin) {
  size_t start = begin + std::char_traits<char>::length(kOpenSshBegin);
  size_t end = key.find(kOpenSshEnd, start);
  if (end == std::string::npos) return std::nullopt;
  std::string body;
  for (size_t i = start; i < end; ++i) {
    if (!std::isspace(static_cast<unsigned char>(key[i]))) body += key[i];
  }
  std::optional<std::string> raw = decodeBase64(body);
  static const std::string kMagic("openssh-key-v1\0", 15);
  if (!raw || raw->compare(0, kMagic.size(), kMagic) != 0 || raw->size() < kMagic.size() + 4) {
    return std::nullopt;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(raw->data() + kMagic.size());
  uint32_t n = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
  if (n > raw->size() - kMagic.size() - 4) return std::nullopt;
  return raw->substr(kMagic.size() + 4, n);
}

}  // namespace

Status checkPrivateKey(const std::string& key, const std::string& passphrase) {
  bool encrypted = false;
  if (size_t at = key.find(kOpenSshBegin); at != std::string::npos) {
    std::optional<std::string> cipher = openSshCipher(key, at);
    if (!cipher) return invalidArgument("ssh key: not a PEM or OpenSSH private key");
    encrypted = *cipher != "none";
  } else if (key.find("-----BEGIN ") != std::string::npos &&
             key.find("PRIVATE KEY-----") != std::string::npos) {
    encrypted = key.find("Proc-Type: 4,ENCRYPTED") != std::string::npos ||
                key.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos;
  } else {
    return invalidArgument("ssh key: not a PEM or OpenSSH private key");
  }
  if (encrypted && passphrase.empty()) {
    return failedPrecondition("ssh key: encrypted, and no passphrase was given");
  }
  return okStatus();
}

}  // namespace gitsync::source::detail
