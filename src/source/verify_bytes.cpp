// Byte-level helpers of signature verification: base64, armor, big-endian reads, OpenSSL keys.
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "gitsync/core/base64.h"
#include "verify_detail.h"

namespace gitsync::source::verifydetail {
namespace {

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::optional<Bytes> base64Decode(std::string_view text) {
  return core::decodeBase64(text, {.requirePadding = false});
}

std::string base64NoPad(const Bytes& data) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : data) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kBase64[(acc << (6 - bits)) & 63];
  return out;
}

std::string hexUpper(const Bytes& data) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : data) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::vector<std::optional<Bytes>> dearmor(std::string_view text, std::string_view label) {
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  std::vector<std::optional<Bytes>> blocks;
  std::size_t pos = 0;
  while ((pos = text.find(begin, pos)) != std::string_view::npos) {
    std::size_t bodyStart = pos + begin.size();
    std::size_t stop = text.find(end, bodyStart);
    if (stop == std::string_view::npos) {
      blocks.push_back(std::nullopt);
      break;
    }
    std::string_view body = text.substr(bodyStart, stop - bodyStart);
    // Armor headers end at the first blank line; a body without headers has none.
    if (std::size_t colon = body.find(':'); colon != std::string_view::npos) {
      std::size_t blank = body.find("\n\n");
      if (blank == std::string_view::npos) blank = body.find("\n\r\n");
      if (blank != std::string_view::npos && blank > colon) body = body.substr(blank + 1);
    }
    std::string joined;
    std::size_t lineStart = 0;
    while (lineStart < body.size()) {
      std::size_t nl = body.find('\n', lineStart);
      std::string_view line = body.substr(lineStart, nl == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : nl - lineStart);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\r')) line.remove_prefix(1);
      if (!line.empty() && line.front() == '=' ) break;  // the CRC-24 line closes the data
      joined += line;
      if (nl == std::string_view::npos) break;
      lineStart = nl + 1;
    }
    blocks.push_back(base64Decode(joined));
    pos = stop + end.size();
  }
  return blocks;
}

bool Reader::u8(std::uint8_t& out) {
  if (pos_ + 1 > data_.size()) return false;
  out = static_cast<std::uint8_t>(data_[pos_++]);
  return true;
}

bool Reader::u16(std::uint32_t& out) {
  std::uint8_t a, b;
  if (!u8(a) || !u8(b)) return false;
  out = (std::uint32_t{a} << 8) | b;
  return true;
}

bool Reader::u32(std::uint32_t& out) {
  std::uint32_t hi, lo;
  if (!u16(hi) || !u16(lo)) return false;
  out = (hi << 16) | lo;
  return true;
}

bool Reader::bytes(std::size_t n, std::string_view& out) {
  if (n > data_.size() - pos_) return false;
  out = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool Reader::sshString(std::string_view& out) {
  std::uint32_t n;
  return u32(n) && bytes(n, out);
}

bool Reader::mpi(std::string_view& out) {
  std::uint32_t bits;
  return u16(bits) && bytes((bits + 7) / 8, out);
}

bool evpVerify(EVP_PKEY* pkey, const EVP_MD* md, std::string_view message,
               std::string_view signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr &&
            EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, pkey) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(message.data()),
                             message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

PkeyPtr ed25519Key(std::string_view raw32) {
  if (raw32.size() != 32) return nullptr;
  return PkeyPtr(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw32.data()), 32));
}

PkeyPtr rsaKey(std::string_view n, std::string_view e) {
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                         static_cast<int>(n.size()), nullptr);
  BIGNUM* be = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                         static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  if (bn != nullptr && be != nullptr && bld != nullptr && ctx != nullptr &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1 &&
      (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr && EVP_PKEY_fromdata_init(ctx) == 1) {
    if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn);
  BN_free(be);
  return PkeyPtr(key);
}

PkeyPtr ecKey(const char* group, std::string_view point) {
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(group), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                        const_cast<char*>(point.data()), point.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  return PkeyPtr(key);
}

}  // namespace gitsync::source::verifydetail
