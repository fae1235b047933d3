// HMAC and digest helpers of the signature checks (OpenSSL).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <optional>
#include <string>
#include <string_view>

#include "gitsync/core/digest.h"
#include "gitsync/webhook/signature.h"

namespace gitsync::webhook {
namespace {

const EVP_MD* digestOf(HmacAlgorithm algorithm) {
  switch (algorithm) {
    case HmacAlgorithm::Sha1:
      return EVP_sha1();
    case HmacAlgorithm::Sha256:
      return EVP_sha256();
    case HmacAlgorithm::Sha512:
      return EVP_sha512();
  }
  return EVP_sha256();
}

std::string_view prefixOf(HmacAlgorithm algorithm) {
  switch (algorithm) {
    case HmacAlgorithm::Sha1:
      return "sha1";
    case HmacAlgorithm::Sha256:
      return "sha256";
    case HmacAlgorithm::Sha512:
      return "sha512";
  }
  return "";
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> fromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = hexValue(hex[i]);
    int lo = hexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

std::string hmacBytes(HmacAlgorithm algorithm, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(digestOf(algorithm), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace

std::string hmacHex(HmacAlgorithm algorithm, std::string_view key, std::string_view data) {
  return core::hexLower(hmacBytes(algorithm, key, data));
}

std::string sha256Hex(std::string_view data) {
  return core::sha256Hex(data);
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool verifyHmacHeader(std::string_view header, HmacAlgorithm algorithm, std::string_view key,
                      std::string_view data) {
  std::string_view prefix = prefixOf(algorithm);
  if (header.size() <= prefix.size() + 1 || header.substr(0, prefix.size()) != prefix ||
      header[prefix.size()] != '=') {
    return false;
  }
  auto given = fromHex(header.substr(prefix.size() + 1));
  if (!given) return false;
  return constantTimeEquals(*given, hmacBytes(algorithm, key, data));
}

}  // namespace gitsync::webhook
