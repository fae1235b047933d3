// verifyCommitSignature / verifyTagSignature on objects signed by the real git, ssh-keygen and
// gpg with keys made by the test.
#include <catch2/catch.hpp>

#include "gitsync/source/verify.h"
#include "verify_fixture.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;
using gitsync::Result;

namespace {

// The raw object text (as `git cat-file`), byte for byte.
std::string catFile(const fs::path& repo, const std::string& type, const std::string& rev) {
  sh(repo, "git cat-file " + type + " " + rev + " > ../object");
  return readFile(repo.parent_path() / "object");
}

// Commits a new file with `git` (e.g. "git " + SshKey::gitConfig()), signed with -S when `sign`.
std::string commitWith(const fs::path& repo, const std::string& git, const std::string& msg,
                       bool sign = true) {
  writeFile(repo / (msg + ".txt"), msg + "\n");
  sh(repo, "git add -A && " + git + " commit -q " + (sign ? "-S " : "") + "-m " + quote(msg));
  return catFile(repo, "commit", "HEAD");
}

// The same object with its message changed after signing.
std::string tamper(std::string object) {
  std::size_t at = object.find("\n\nsigned");
  REQUIRE(at != std::string::npos);
  object.replace(at + 2, 6, "SIGNED");
  return object;
}

void checkError(const gitsync::Result<std::string>& r, Code code, const std::string& message) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == code);
  CHECK(r.status().message() == message);
}

}  // namespace

TEST_CASE("splitCommit takes the gpgsig header out of the payload") {
  std::string object =
      "tree 1\nauthor a\ngpgsig -----BEGIN SSH SIGNATURE-----\n U1NI\n \n "
      "-----END SSH SIGNATURE-----\ncommitter c\n\nmessage\ngpgsig not a header\n";
  SignedObject s = splitCommit(object);
  CHECK(s.payload == "tree 1\nauthor a\ncommitter c\n\nmessage\ngpgsig not a header\n");
  CHECK(s.signature == "-----BEGIN SSH SIGNATURE-----\nU1NI\n\n-----END SSH SIGNATURE-----\n");
  CHECK(splitCommit("tree 1\n\nmsg\n").signature.empty());
}

TEST_CASE("splitTag takes the last armored block of the message") {
  std::string object =
      "object 1\ntype commit\ntag v1\n\nmsg\n-----BEGIN PGP SIGNATURE-----\nAAAA\n"
      "-----END PGP SIGNATURE-----\n";
  SignedObject s = splitTag(object);
  CHECK(s.payload == "object 1\ntype commit\ntag v1\n\nmsg\n");
  CHECK(s.signature == "-----BEGIN PGP SIGNATURE-----\nAAAA\n-----END PGP SIGNATURE-----\n");
  CHECK(splitTag("object 1\n\nmsg\n").payload == "object 1\n\nmsg\n");
  CHECK(splitTag("object 1\n\nmsg\n").signature.empty());
}

TEST_CASE("SSH signatures: good accepted, unsigned, other key and tampered refused") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  std::string type = GENERATE(as<std::string>{}, "ed25519", "rsa", "ecdsa");
  SshKey key = makeSshKey(tmp.path(), "key", type);
  SshKey other = makeSshKey(tmp.path(), "other", "ed25519");
  std::string good = commitWith(repo, "git " + key.gitConfig(), "signed");
  REQUIRE(good.find("gpgsig -----BEGIN SSH SIGNATURE-----") != std::string::npos);

  Result<std::string> ok = verifyCommitSignature(good, {other.publicKey, key.publicKey});
  REQUIRE(ok.ok());
  CHECK(*ok == "SSH key " + key.fingerprint);
  // allowed_signers lines (principal first) name keys too.
  CHECK(verifyCommitSignature(good, {"t@example.com " + key.publicKey}).ok());

  checkError(verifyCommitSignature(good, {other.publicKey}), Code::FailedPrecondition,
             "signed by SSH key " + key.fingerprint + " which is not among the given keys");
  checkError(verifyCommitSignature(good, {key.publicKey, "# mine\nssh-ed25519 !!!\n"}),
             Code::InvalidArgument, "public key 2: line 2: malformed SSH public key");
  // A signature for another purpose (ssh-keygen -Y sign -n file) is not a Git signature.
  writeFile(tmp.path() / "payload", "payload\n");
  sh(tmp.path(), "ssh-keygen -q -Y sign -n file -f key payload");
  checkError(verifySignature("payload\n", readFile(tmp.path() / "payload.sig"), {key.publicKey}),
             Code::FailedPrecondition,
             "unsupported signature: SSH signature namespace \"file\", expected \"git\"");
  checkError(verifyCommitSignature(tamper(good), {key.publicKey}), Code::FailedPrecondition,
             "bad signature by SSH key " + key.fingerprint);
  std::string unsigned_ = commitWith(repo, "git", "plain", false);
  checkError(verifyCommitSignature(unsigned_, {key.publicKey}), Code::FailedPrecondition,
             "not signed");
  std::string byOther = commitWith(repo, "git " + other.gitConfig(), "signed by other");
  checkError(verifyCommitSignature(byOther, {key.publicKey}), Code::FailedPrecondition,
             "signed by SSH key " + other.fingerprint + " which is not among the given keys");

  sh(repo, "git " + key.gitConfig() + " tag -s v1 -m signed");
  std::string tag = catFile(repo, "tag", "v1");
  Result<std::string> tagOk = verifyTagSignature(tag, {key.publicKey});
  REQUIRE(tagOk.ok());
  CHECK(*tagOk == "SSH key " + key.fingerprint);
  checkError(verifyTagSignature(tamper(tag), {key.publicKey}), Code::FailedPrecondition,
             "bad signature by SSH key " + key.fingerprint);
}

TEST_CASE("OpenPGP signatures: good accepted, unsigned, other key and tampered refused") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  std::string algo = GENERATE(as<std::string>{}, "ed25519", "rsa2048");
  GpgKey key(tmp.path() / "gpg", "key@example.com", algo);
  GpgKey other(tmp.path() / "gpg2", "other@example.com", "ed25519");
  std::string good = commitWith(repo, key.gitPrefix(), "signed");
  REQUIRE(good.find("gpgsig -----BEGIN PGP SIGNATURE-----") != std::string::npos);

  Result<std::string> ok = verifyCommitSignature(good, {other.publicKey(), key.publicKey()});
  REQUIRE(ok.ok());
  CHECK(*ok == "OpenPGP key " + key.fingerprint());

  checkError(verifyCommitSignature(good, {other.publicKey()}), Code::FailedPrecondition,
             "signed by OpenPGP key " + key.fingerprint() + " which is not among the given keys");
  checkError(verifyCommitSignature(good, {"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQ==\n"
                                          "-----END PGP PUBLIC KEY BLOCK-----\n"}),
             Code::InvalidArgument, "public key 1: malformed OpenPGP key block");
  checkError(verifyCommitSignature(tamper(good), {key.publicKey()}), Code::FailedPrecondition,
             "bad signature by OpenPGP key " + key.fingerprint());
  checkError(verifyCommitSignature(commitWith(repo, "git", "plain", false), {key.publicKey()}),
             Code::FailedPrecondition, "not signed");

  sh(repo, key.gitPrefix() + " tag -s v1 -m signed");
  std::string tag = catFile(repo, "tag", "v1");
  Result<std::string> tagOk = verifyTagSignature(tag, {key.publicKey()});
  REQUIRE(tagOk.ok());
  CHECK(*tagOk == "OpenPGP key " + key.fingerprint());
  checkError(verifyTagSignature(tamper(tag), {key.publicKey()}), Code::FailedPrecondition,
             "bad signature by OpenPGP key " + key.fingerprint());
  // Both kinds of keys in one list: the signature's kind picks.
  SshKey ssh = makeSshKey(tmp.path(), "ssh", "ed25519");
  CHECK(verifyTagSignature(tag, {ssh.publicKey, key.publicKey()}).ok());
}

TEST_CASE("OpenPGP signatures by a signing subkey verify against the exported key") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  GpgKey key(tmp.path() / "gpg", "key@example.com", "rsa2048");
  const std::string subkey = key.addSigningSubkey("ed25519");
  REQUIRE(subkey.size() == 40);
  REQUIRE(subkey != key.fingerprint());
  std::string good = commitWith(repo, key.gitPrefix(), "signed");  // gpg picks the subkey
  Result<std::string> ok = verifyCommitSignature(good, {key.publicKey()});
  REQUIRE(ok.ok());
  CHECK(*ok == "OpenPGP key " + subkey);
  checkError(verifyCommitSignature(tamper(good), {key.publicKey()}), Code::FailedPrecondition,
             "bad signature by OpenPGP key " + subkey);
}

TEST_CASE("verifySignature refuses missing and malformed keys and signatures") {
  checkError(verifySignature("x", "", {}), Code::InvalidArgument, "no public keys given");
  checkError(verifySignature("x", "", {"hello"}), Code::InvalidArgument,
             "public key 1: holds no OpenPGP key block and no SSH public key");
  checkError(verifySignature("x", "", {"ssh-ed25519 AAAA"}), Code::FailedPrecondition,
             "not signed");
  const std::string sig = "-----BEGIN SSH SIGNATURE-----\nU1NISUc=\n-----END SSH SIGNATURE-----\n";
  checkError(verifySignature("x", sig, {"ssh-ed25519 AAAA"}), Code::InvalidArgument,
             "malformed signature: not an SSHSIG blob");
  checkError(verifySignature("x", "-----BEGIN SIGNED MESSAGE-----\n", {"ssh-ed25519 AAAA"}),
             Code::FailedPrecondition, "unsupported signature: neither OpenPGP nor SSH");
  const std::string badArmor = "-----BEGIN PGP SIGNATURE-----\n\n!!\n-----END PGP SIGNATURE-----";
  checkError(verifySignature("x", badArmor, {"ssh-ed25519 AAAA"}),
             Code::InvalidArgument, "malformed signature: bad armor");
}
