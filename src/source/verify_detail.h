#pragma once
// Private to signature verification: armor and byte parsing, and the two signature formats.
#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/status.h"

namespace gitsync::source::verifydetail {

using Bytes = std::string;  // binary data

// Standard base64 (padding optional, whitespace skipped); nullopt on other characters.
std::optional<Bytes> base64Decode(std::string_view text);
// Base64 without '=' padding, as ssh-keygen prints fingerprints.
std::string base64NoPad(const Bytes& data);
std::string hexUpper(const Bytes& data);

// The payloads of every "-----BEGIN <label>-----" ... "-----END <label>-----" block in `text`,
// base64-decoded. OpenPGP armor headers ("Key: value" lines before a blank line) and the CRC
// line ("=XXXX") are skipped. A block that does not decode is returned as nullopt.
std::vector<std::optional<Bytes>> dearmor(std::string_view text, std::string_view label);

// Reads big-endian fields from a byte string; every read fails (returns false) past the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool u8(std::uint8_t& out);
  bool u16(std::uint32_t& out);
  bool u32(std::uint32_t& out);
  bool bytes(std::size_t n, std::string_view& out);
  // An SSH "string": uint32 length, then the bytes.
  bool sshString(std::string_view& out);
  // An OpenPGP MPI: uint16 bit count, then the bytes.
  bool mpi(std::string_view& out);
  std::string_view rest() const { return data_.substr(pos_); }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// SSHSIG (namespace "git"). Keys are the SSH public key lines found in `publicKeys`.
Result<std::string> verifySsh(const std::string& payload, const Bytes& signature,
                              const std::vector<std::string>& publicKeys);

// One OpenPGP signature packet over `payload`; keys from the armored key blocks.
Result<std::string> verifyPgp(const std::string& payload, const Bytes& signature,
                              const std::vector<std::string>& publicKeys);

// OpenSSL one-shot verification of `signature` over `message` with `pkey`, hashing with `md`
// (nullptr for Ed25519, which signs the message itself). True only when the signature is valid.
bool evpVerify(EVP_PKEY* pkey, const EVP_MD* md, std::string_view message,
               std::string_view signature);

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Public keys from raw parts; nullptr when OpenSSL refuses them. `n` and `e` are big-endian.
PkeyPtr ed25519Key(std::string_view raw32);
PkeyPtr rsaKey(std::string_view n, std::string_view e);
// `group` is an OpenSSL group name ("prime256v1"), `point` the uncompressed public point.
PkeyPtr ecKey(const char* group, std::string_view point);

}  // namespace gitsync::source::verifydetail
