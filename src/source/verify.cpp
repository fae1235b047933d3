// Signature verification of Git objects: splitting a commit or tag into payload and signature,
// and choosing the SSH or OpenPGP check by the signature's armor.
#include "gitsync/source/verify.h"

#include "verify_detail.h"

namespace gitsync::source {
namespace {

using namespace verifydetail;

constexpr std::string_view kPgpBegin = "-----BEGIN PGP SIGNATURE-----";
constexpr std::string_view kSshBegin = "-----BEGIN SSH SIGNATURE-----";

bool holdsKeys(const std::string& text) {
  return text.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") != std::string::npos ||
         text.find("ssh-") != std::string::npos || text.find("ecdsa-sha2-") != std::string::npos;
}

}  // namespace

SignedObject splitCommit(const std::string& object) {
  SignedObject out;
  const std::size_t headersEnd = object.find("\n\n");
  const std::size_t limit = headersEnd == std::string::npos ? object.size() : headersEnd + 1;
  std::size_t pos = 0;
  while (pos < limit) {
    std::size_t eol = object.find('\n', pos);
    std::size_t next = eol == std::string::npos ? object.size() : eol + 1;
    if (object.compare(pos, 7, "gpgsig ") != 0) {
      out.payload.append(object, pos, next - pos);
      pos = next;
      continue;
    }
    out.signature.append(object, pos + 7, next - pos - 7);
    pos = next;
    while (pos < limit && object[pos] == ' ') {  // continuation lines
      eol = object.find('\n', pos);
      next = eol == std::string::npos ? object.size() : eol + 1;
      out.signature.append(object, pos + 1, next - pos - 1);
      pos = next;
    }
  }
  out.payload.append(object, limit, std::string::npos);
  return out;
}

SignedObject splitTag(const std::string& object) {
  std::size_t start = std::string::npos;
  for (std::size_t pos = 0; pos < object.size();) {
    std::string_view line(object.data() + pos, object.size() - pos);
    if (line.substr(0, kPgpBegin.size()) == kPgpBegin ||
        line.substr(0, kSshBegin.size()) == kSshBegin) {
      start = pos;  // git takes the last line that opens a signature
    }
    std::size_t eol = object.find('\n', pos);
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  if (start == std::string::npos) return SignedObject{object, ""};
  return SignedObject{object.substr(0, start), object.substr(start)};
}

Result<std::string> verifySignature(const std::string& payload, const std::string& signature,
                                    const std::vector<std::string>& publicKeys) {
  if (publicKeys.empty()) return invalidArgument("no public keys given");
  for (std::size_t i = 0; i < publicKeys.size(); ++i) {
    if (!holdsKeys(publicKeys[i])) {
      return invalidArgument("public key " + std::to_string(i + 1) +
                             ": holds no OpenPGP key block and no SSH public key");
    }
  }
  if (signature.empty()) return failedPrecondition("not signed");
  const bool ssh = signature.find(kSshBegin) != std::string::npos;
  if (!ssh && signature.find(kPgpBegin) == std::string::npos) {
    return failedPrecondition("unsupported signature: neither OpenPGP nor SSH");
  }
  std::vector<std::optional<Bytes>> blocks =
      dearmor(signature, ssh ? "SSH SIGNATURE" : "PGP SIGNATURE");
  if (blocks.size() != 1 || !blocks[0]) {
    return invalidArgument("malformed signature: bad armor");
  }
  return ssh ? verifySsh(payload, *blocks[0], publicKeys)
             : verifyPgp(payload, *blocks[0], publicKeys);
}

Result<std::string> verifyCommitSignature(const std::string& commitObject,
                                          const std::vector<std::string>& publicKeys) {
  SignedObject s = splitCommit(commitObject);
  return verifySignature(s.payload, s.signature, publicKeys);
}

Result<std::string> verifyTagSignature(const std::string& tagObject,
                                       const std::vector<std::string>& publicKeys) {
  SignedObject s = splitTag(tagObject);
  return verifySignature(s.payload, s.signature, publicKeys);
}

}  // namespace gitsync::source
