// SSH signatures of Git objects: the SSHSIG format of OpenSSH (PROTOCOL.sshsig), namespace "git",
// as `git commit -S` writes them with gpg.format=ssh. ssh-ed25519, ssh-rsa and
// ecdsa-sha2-nistp256/384/521 keys.
#include <openssl/ecdsa.h>

#include <sstream>
#include <utility>

#include "verify_detail.h"

namespace gitsync::source::verifydetail {
namespace {

bool isSshKeyType(std::string_view t) {
  return t == "ssh-ed25519" || t == "ssh-rsa" || t.rfind("ecdsa-sha2-", 0) == 0 ||
         t.rfind("sk-", 0) == 0 || t == "ssh-dss";
}

std::string sshString(std::string_view s) {
  std::string out(4, '\0');
  const auto n = static_cast<std::uint32_t>(s.size());
  out[0] = static_cast<char>(n >> 24);
  out[1] = static_cast<char>(n >> 16);
  out[2] = static_cast<char>(n >> 8);
  out[3] = static_cast<char>(n);
  return out + std::string(s);
}

Bytes digest(const EVP_MD* md, std::string_view data) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), buf, &len, md, nullptr);
  return Bytes(reinterpret_cast<char*>(buf), len);
}

// The key blobs of every SSH public key line ("[principals] [options] <type> <base64> [comment]").
Result<std::vector<Bytes>> sshKeys(const std::vector<std::string>& publicKeys) {
  std::vector<Bytes> blobs;
  for (std::size_t i = 0; i < publicKeys.size(); ++i) {
    std::istringstream lines(publicKeys[i]);
    std::string line;
    int lineNo = 0;
    while (std::getline(lines, line)) {
      ++lineNo;
      std::istringstream words(line);
      std::vector<std::string> tokens;
      for (std::string w; words >> w;) tokens.push_back(w);
      if (tokens.empty() || tokens[0][0] == '#') continue;
      for (std::size_t t = 0; t < tokens.size(); ++t) {
        if (!isSshKeyType(tokens[t])) continue;
        std::optional<Bytes> blob;
        std::string_view type;
        if (t + 1 < tokens.size()) blob = base64Decode(tokens[t + 1]);
        if (!blob || !Reader(*blob).sshString(type) || type != tokens[t]) {
          return invalidArgument("public key " + std::to_string(i + 1) + ": line " +
                                 std::to_string(lineNo) + ": malformed SSH public key");
        }
        blobs.push_back(*blob);
        break;
      }
    }
  }
  return blobs;
}

// The OpenSSL group and the hash of an SSH ECDSA curve; {nullptr, nullptr} for others.
std::pair<const char*, const EVP_MD*> ecCurve(std::string_view curve) {
  if (curve == "nistp256") return {"prime256v1", EVP_sha256()};
  if (curve == "nistp384") return {"secp384r1", EVP_sha384()};
  if (curve == "nistp521") return {"secp521r1", EVP_sha512()};
  return {nullptr, nullptr};
}

// An SSH ECDSA signature (mpint r, mpint s) as the DER ECDSA-Sig-Value OpenSSL verifies; "" when
// malformed.
std::string ecdsaDer(std::string_view sig) {
  Reader r(sig);
  std::string_view rr, ss;
  if (!r.sshString(rr) || !r.sshString(ss)) return "";
  ECDSA_SIG* es = ECDSA_SIG_new();
  BIGNUM* br = BN_bin2bn(reinterpret_cast<const unsigned char*>(rr.data()),
                         static_cast<int>(rr.size()), nullptr);
  BIGNUM* bs = BN_bin2bn(reinterpret_cast<const unsigned char*>(ss.data()),
                         static_cast<int>(ss.size()), nullptr);
  std::string der;
  if (es != nullptr && br != nullptr && bs != nullptr && ECDSA_SIG_set0(es, br, bs) == 1) {
    br = bs = nullptr;  // owned by es now
    unsigned char* out = nullptr;
    int len = i2d_ECDSA_SIG(es, &out);
    if (len > 0) der.assign(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
    OPENSSL_free(out);
  }
  BN_free(br);
  BN_free(bs);
  ECDSA_SIG_free(es);
  return der;
}

// An OpenSSL key from an SSH public key blob; nullptr for types other than ed25519, RSA, ECDSA.
PkeyPtr keyFromBlob(std::string_view blob, std::string& type) {
  Reader r(blob);
  std::string_view t;
  if (!r.sshString(t)) return nullptr;
  type = t;
  if (t == "ssh-ed25519") {
    std::string_view raw;
    return r.sshString(raw) ? ed25519Key(raw) : nullptr;
  }
  if (t == "ssh-rsa") {
    std::string_view e, n;
    return r.sshString(e) && r.sshString(n) ? rsaKey(n, e) : nullptr;
  }
  std::string_view curve, point;
  if (t.rfind("ecdsa-sha2-", 0) == 0 && r.sshString(curve) && r.sshString(point) &&
      t.substr(11) == curve && ecCurve(curve).first != nullptr) {
    return ecKey(ecCurve(curve).first, point);
  }
  return nullptr;
}

}  // namespace

Result<std::string> verifySsh(const std::string& payload, const Bytes& signature,
                              const std::vector<std::string>& publicKeys) {
  Reader r(signature);
  std::string_view magic, publicKey, ns, reserved, hashAlg, sigBlob;
  std::uint32_t version = 0;
  if (!r.bytes(6, magic) || magic != "SSHSIG" || !r.u32(version) || !r.sshString(publicKey) ||
      !r.sshString(ns) || !r.sshString(reserved) || !r.sshString(hashAlg) ||
      !r.sshString(sigBlob)) {
    return invalidArgument("malformed signature: not an SSHSIG blob");
  }
  if (version != 1) {
    return failedPrecondition("unsupported signature: SSHSIG version " + std::to_string(version));
  }
  if (ns != "git") {
    return failedPrecondition("unsupported signature: SSH signature namespace \"" +
                              std::string(ns) + "\", expected \"git\"");
  }
  const EVP_MD* hash = hashAlg == "sha512" ? EVP_sha512() : hashAlg == "sha256" ? EVP_sha256()
                                                                                : nullptr;
  if (hash == nullptr) {
    return failedPrecondition("unsupported signature: SSHSIG hash \"" + std::string(hashAlg) +
                              "\"");
  }
  const std::string who = "SSH key SHA256:" + base64NoPad(digest(EVP_sha256(), publicKey));
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Bytes> trusted, sshKeys(publicKeys));
  bool known = false;
  for (const Bytes& b : trusted) known = known || b == publicKey;
  if (!known) return failedPrecondition("signed by " + who + " which is not among the given keys");

  std::string keyType;
  PkeyPtr key = keyFromBlob(publicKey, keyType);
  if (!key) return failedPrecondition("unsupported signature: SSH key type \"" + keyType + "\"");
  Reader sr(sigBlob);
  std::string_view sigType, sig;
  if (!sr.sshString(sigType) || !sr.sshString(sig)) {
    return invalidArgument("malformed signature: bad SSHSIG signature blob");
  }
  const EVP_MD* md = nullptr;
  std::string padded(sig);
  if (keyType == "ssh-ed25519") {
    if (sigType != "ssh-ed25519") {
      return failedPrecondition("unsupported signature: " + std::string(sigType) +
                                " with an ed25519 key");
    }
  } else if (keyType.rfind("ecdsa-sha2-", 0) == 0) {
    if (sigType != keyType) {
      return failedPrecondition("unsupported signature: " + std::string(sigType) + " with an " +
                                keyType + " key");
    }
    md = ecCurve(std::string_view(keyType).substr(11)).second;
    padded = ecdsaDer(sig);
    if (padded.empty()) return invalidArgument("malformed signature: bad ECDSA signature");
  } else {
    md = sigType == "rsa-sha2-512" ? EVP_sha512() : sigType == "rsa-sha2-256" ? EVP_sha256()
                                                                              : nullptr;
    if (md == nullptr) {
      return failedPrecondition("unsupported signature: RSA signature type \"" +
                                std::string(sigType) + "\"");
    }
    const auto size = static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
    if (padded.size() < size) padded.insert(0, size - padded.size(), '\0');
  }
  const std::string signedData = "SSHSIG" + sshString(ns) + sshString(reserved) +
                                 sshString(hashAlg) + sshString(digest(hash, payload));
  if (!evpVerify(key.get(), md, signedData, padded)) {
    return failedPrecondition("bad signature by " + who);
  }
  return who;
}

}  // namespace gitsync::source::verifydetail
