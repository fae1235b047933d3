#pragma once
// Signature verification of fetched commits and tags (Flux GitRepository spec.verify): the
// signature of the HEAD commit, of the tag object, or of both, checked against public keys the
// user gives. SSH signatures (`git commit -S` with gpg.format=ssh; ed25519 and RSA keys) and
// OpenPGP signatures (RSA and Ed25519 keys, as gpg makes them) are verified in process with
// OpenSSL; no gpg or ssh-keygen is run. docs/source.md, "Signature verification".
#include <string>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/source/source.h"

namespace gitsync::source {

// Flux's spec.verify.mode: "HEAD", "Tag", "TagAndHEAD".
enum class VerifyMode { Head, Tag, TagAndHead };

struct VerifyOptions {
  VerifyMode mode = VerifyMode::Head;
  // Trusted keys; each string holds any number of keys: OpenPGP armored public key blocks
  // ("-----BEGIN PGP PUBLIC KEY BLOCK-----", primary keys and subkeys all trusted) and SSH
  // public keys, one per line as in authorized_keys / allowed_signers ("ssh-ed25519 AAAA...").
  std::vector<std::string> publicKeys;
};

// A Git object split into the bytes that were signed and the armored signature.
struct SignedObject {
  std::string payload;
  // The armored block, "-----BEGIN PGP SIGNATURE-----..." or "-----BEGIN SSH SIGNATURE-----...";
  // "" when the object is not signed.
  std::string signature;
};

// `object` is the raw object text as `git cat-file commit|tag` prints it. For a commit, the
// "gpgsig" header (with its continuation lines) is the signature and the rest the payload; for
// a tag, the armored block that ends the message is the signature.
SignedObject splitCommit(const std::string& object);
SignedObject splitTag(const std::string& object);

// Checks `signature` over `payload` against `publicKeys` (format as VerifyOptions::publicKeys).
// Returns the key that made the signature: "SSH key SHA256:<base64>" (as ssh-keygen -l) or
// "OpenPGP key <40 hex fingerprint>". Errors (no prefix; callers add the subject):
//   FailedPrecondition "not signed"
//                      "signed by <key> which is not among the given keys"
//                      "bad signature by <key>" (the object was changed after signing)
//                      "unsupported signature: <why>" (algorithm, SSHSIG namespace, hash)
//   InvalidArgument    "no public keys given", "public key <n>: <why>" (cannot be parsed),
//                      "malformed signature: <why>"
Result<std::string> verifySignature(const std::string& payload, const std::string& signature,
                                    const std::vector<std::string>& publicKeys);

// splitCommit / splitTag, then verifySignature.
Result<std::string> verifyCommitSignature(const std::string& commitObject,
                                          const std::vector<std::string>& publicKeys);
Result<std::string> verifyTagSignature(const std::string& tagObject,
                                       const std::vector<std::string>& publicKeys);

// Verifies what `GitSource::fetch(url, ref, fetchOptions)` returned as `artifact`, reading the
// objects from the fetch cache (no network). Mode Head checks the commit; Tag the tag object of
// ref.tag (or of the tag ref.semver chose); TagAndHead both. Returns one line per verified
// object: "commit <hex> signed by <key>", "tag <name> signed by <key>".
// Errors start with "<url>: source: verify: " and then "commit <hex>: " or "tag <name>: ":
//   FailedPrecondition  as verifySignature; "is a lightweight tag (no tag object to verify)"
//   InvalidArgument     mode Tag or TagAndHead without a tag or semver reference; bad keys
//   NotFound / Internal the object is not in the cache / cannot be read
Result<std::vector<std::string>> verifyArtifact(const std::string& url, const GitRef& ref,
                                                const Artifact& artifact,
                                                const FetchOptions& fetchOptions,
                                                const VerifyOptions& verify);

}  // namespace gitsync::source
