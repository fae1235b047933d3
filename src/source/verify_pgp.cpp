// OpenPGP signatures of Git objects (RFC 4880 v4 signatures, as gpg 2.2 makes them): RSA and
// Ed25519 (EdDSA, algorithm 22, and the RFC 9580 Ed25519 algorithm 27) keys, SHA-2 hashes.
// Every primary key and subkey in the given key blocks is trusted; binding signatures,
// expiry and revocation are not evaluated (the keys are the ones the user chose to trust).
#include "verify_detail.h"

namespace gitsync::source::verifydetail {
namespace {

constexpr std::uint8_t kAlgoRsa = 1, kAlgoRsaSign = 3, kAlgoEdDsa = 22, kAlgoEd25519 = 27;
const std::string_view kEd25519Oid("\x2B\x06\x01\x04\x01\xDA\x47\x0F\x01", 9);

struct Packet {
  int tag = 0;
  std::string_view body;
};

// Splits binary OpenPGP data into packets (old and new headers; no partial lengths).
std::optional<std::vector<Packet>> packets(std::string_view data) {
  std::vector<Packet> out;
  Reader r(data);
  while (!r.done()) {
    std::uint8_t h;
    if (!r.u8(h) || (h & 0x80) == 0) return std::nullopt;
    Packet p;
    std::uint32_t len = 0;
    if ((h & 0x40) != 0) {
      p.tag = h & 0x3f;
      std::uint8_t a, b;
      if (!r.u8(a)) return std::nullopt;
      if (a < 192) {
        len = a;
      } else if (a < 224) {
        if (!r.u8(b)) return std::nullopt;
        len = ((a - 192u) << 8) + b + 192u;
      } else if (a == 255) {
        if (!r.u32(len)) return std::nullopt;
      } else {
        return std::nullopt;
      }
    } else {
      p.tag = (h >> 2) & 0x0f;
      std::uint8_t b;
      const int lengthType = h & 3;
      bool ok = true;
      if (lengthType == 0) {
        ok = r.u8(b);
        len = b;
      } else if (lengthType == 1) {
        ok = r.u16(len);
      } else if (lengthType == 2) {
        ok = r.u32(len);
      } else {
        len = static_cast<std::uint32_t>(r.rest().size());  // indeterminate: to the end
      }
      if (!ok) return std::nullopt;
    }
    if (!r.bytes(len, p.body)) return std::nullopt;
    out.push_back(p);
  }
  return out;
}

struct PgpKey {
  Bytes fingerprint;  // 20 bytes (v4)
  std::uint8_t algo = 0;
  PkeyPtr pkey;       // nullptr: an algorithm gitsync cannot verify with
  Bytes keyId() const { return fingerprint.substr(12); }
};

Bytes sha1(std::string_view data) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), buf, &len, EVP_sha1(), nullptr);
  return Bytes(reinterpret_cast<char*>(buf), len);
}

// A v4 public key or subkey packet body; nullopt for other versions.
std::optional<PgpKey> parseKey(std::string_view body) {
  Reader r(body);
  std::uint8_t version, algo;
  std::uint32_t created;
  if (!r.u8(version) || version != 4 || !r.u32(created) || !r.u8(algo)) return std::nullopt;
  PgpKey key;
  key.algo = algo;
  std::string header = "\x99";
  header += static_cast<char>(body.size() >> 8);
  header += static_cast<char>(body.size() & 0xff);
  key.fingerprint = sha1(header + std::string(body));
  if (algo == kAlgoRsa || algo == kAlgoRsaSign) {
    std::string_view n, e;
    if (r.mpi(n) && r.mpi(e)) key.pkey = rsaKey(n, e);
  } else if (algo == kAlgoEdDsa) {
    std::uint8_t oidLen;
    std::string_view oid, q;
    if (r.u8(oidLen) && r.bytes(oidLen, oid) && oid == kEd25519Oid && r.mpi(q) &&
        q.size() == 33 && q[0] == 0x40) {
      key.pkey = ed25519Key(q.substr(1));
    }
  } else if (algo == kAlgoEd25519) {
    std::string_view raw;
    if (r.bytes(32, raw)) key.pkey = ed25519Key(raw);
  }
  return key;
}

Result<std::vector<PgpKey>> pgpKeys(const std::vector<std::string>& publicKeys) {
  std::vector<PgpKey> keys;
  for (std::size_t i = 0; i < publicKeys.size(); ++i) {
    for (const std::optional<Bytes>& block : dearmor(publicKeys[i], "PGP PUBLIC KEY BLOCK")) {
      std::optional<std::vector<Packet>> ps;
      if (block) ps = packets(*block);
      if (!ps) {
        return invalidArgument("public key " + std::to_string(i + 1) +
                               ": malformed OpenPGP key block");
      }
      for (const Packet& p : *ps) {
        if (p.tag != 6 && p.tag != 14) continue;
        if (std::optional<PgpKey> k = parseKey(p.body)) keys.push_back(std::move(*k));
      }
    }
  }
  return keys;
}

const EVP_MD* hashById(std::uint8_t id) {
  switch (id) {
    case 8: return EVP_sha256();
    case 9: return EVP_sha384();
    case 10: return EVP_sha512();
    case 11: return EVP_sha224();
    default: return nullptr;
  }
}

// Issuer fingerprint (subpacket 33) and issuer key ID (16) from one subpacket area.
void issuers(std::string_view area, Bytes& fingerprint, Bytes& keyId) {
  Reader r(area);
  while (!r.done()) {
    std::uint8_t a, b;
    std::uint32_t len = 0;
    if (!r.u8(a)) return;
    if (a < 192) {
      len = a;
    } else if (a < 255) {
      if (!r.u8(b)) return;
      len = ((a - 192u) << 8) + b + 192u;
    } else if (!r.u32(len)) {
      return;
    }
    std::string_view sub;
    if (len == 0 || !r.bytes(len, sub)) return;
    const int type = static_cast<std::uint8_t>(sub[0]) & 0x7f;
    if (type == 33 && sub.size() == 22 && sub[1] == 4) fingerprint = Bytes(sub.substr(2));
    if (type == 16 && sub.size() == 9) keyId = Bytes(sub.substr(1));
  }
}

std::string pad(std::string_view v, std::size_t size) {
  std::string out(v);
  if (out.size() < size) out.insert(0, size - out.size(), '\0');
  return out;
}

}  // namespace

Result<std::string> verifyPgp(const std::string& payload, const Bytes& signature,
                              const std::vector<std::string>& publicKeys) {
  std::optional<std::vector<Packet>> ps = packets(signature);
  const Packet* sigPacket = nullptr;
  if (ps) {
    for (const Packet& p : *ps) {
      if (p.tag == 2 && sigPacket == nullptr) sigPacket = &p;
    }
  }
  if (sigPacket == nullptr) return invalidArgument("malformed signature: no OpenPGP signature");
  Reader r(sigPacket->body);
  std::uint8_t version, sigType, pubAlgo, hashAlgo;
  std::uint32_t hashedLen, unhashedLen;
  std::string_view hashed, unhashed, left16;
  if (!r.u8(version)) return invalidArgument("malformed signature: empty signature packet");
  if (version != 4) {
    return failedPrecondition("unsupported signature: OpenPGP signature version " +
                              std::to_string(version));
  }
  if (!r.u8(sigType) || !r.u8(pubAlgo) || !r.u8(hashAlgo) || !r.u16(hashedLen) ||
      !r.bytes(hashedLen, hashed) || !r.u16(unhashedLen) || !r.bytes(unhashedLen, unhashed) ||
      !r.bytes(2, left16)) {
    return invalidArgument("malformed signature: truncated OpenPGP signature packet");
  }
  Bytes fingerprint, keyId;
  issuers(unhashed, fingerprint, keyId);
  issuers(hashed, fingerprint, keyId);  // the hashed area wins
  if (!fingerprint.empty()) keyId = fingerprint.substr(12);
  std::string who = fingerprint.empty() ? "OpenPGP key ID " + hexUpper(keyId)
                                        : "OpenPGP key " + hexUpper(fingerprint);
  if (keyId.empty()) return invalidArgument("malformed signature: no issuer key ID");

  GITSYNC_ASSIGN_OR_RETURN(std::vector<PgpKey> keys, pgpKeys(publicKeys));
  const PgpKey* key = nullptr;
  for (const PgpKey& k : keys) {
    if (fingerprint.empty() ? k.keyId() == keyId : k.fingerprint == fingerprint) key = &k;
  }
  if (key == nullptr) {
    return failedPrecondition("signed by " + who + " which is not among the given keys");
  }
  who = "OpenPGP key " + hexUpper(key->fingerprint);
  if (sigType != 0x00) {
    return failedPrecondition("unsupported signature: OpenPGP signature type " +
                              std::to_string(sigType) + " (expected 0, a binary document)");
  }
  const EVP_MD* md = hashById(hashAlgo);
  if (md == nullptr) {
    return failedPrecondition("unsupported signature: OpenPGP hash algorithm " +
                              std::to_string(hashAlgo));
  }
  if (key->pkey == nullptr || pubAlgo != key->algo) {
    return failedPrecondition("unsupported signature: OpenPGP public key algorithm " +
                              std::to_string(pubAlgo));
  }
  // The signed data: the payload, the signature's hashed part and the v4 trailer.
  const std::size_t prefixLen = 6 + hashedLen;
  std::string data = payload;
  data.append(sigPacket->body.substr(0, prefixLen));
  data += "\x04\xff";
  for (int shift = 24; shift >= 0; shift -= 8) data += static_cast<char>(prefixLen >> shift);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digestLen = 0;
  EVP_Digest(data.data(), data.size(), digest, &digestLen, md, nullptr);
  if (digestLen < 2 || std::string_view(reinterpret_cast<char*>(digest), 2) != left16) {
    return failedPrecondition("bad signature by " + who);
  }
  bool ok = false;
  if (pubAlgo == kAlgoRsa || pubAlgo == kAlgoRsaSign) {
    std::string_view s;
    ok = r.mpi(s) &&
         evpVerify(key->pkey.get(), md, data,
                   pad(s, static_cast<std::size_t>(EVP_PKEY_get_size(key->pkey.get()))));
  } else {
    std::string_view rr, ss;
    std::string sig;
    if (pubAlgo == kAlgoEdDsa && r.mpi(rr) && r.mpi(ss) && rr.size() <= 32 && ss.size() <= 32) {
      sig = pad(rr, 32) + pad(ss, 32);
    } else if (pubAlgo == kAlgoEd25519 && r.bytes(64, rr)) {
      sig = std::string(rr);
    }
    ok = !sig.empty() && evpVerify(key->pkey.get(), nullptr,
                                   std::string_view(reinterpret_cast<char*>(digest), digestLen),
                                   sig);
  }
  if (!ok) return failedPrecondition("bad signature by " + who);
  return who;
}

}  // namespace gitsync::source::verifydetail
