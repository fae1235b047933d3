// verifyArtifact: GitSource fetches a local repository with commits and tags signed by the real
// git (ssh-keygen, gpg), then the fetched objects are verified from the cache.
#include <catch2/catch.hpp>

#include "gitsync/source/verify.h"
#include "verify_fixture.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;
using gitsync::Result;

namespace {

struct Fixture {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  std::string url = repo.string();
  FetchOptions options;
  GitSource source;
  SshKey key = makeSshKey(tmp.path(), "key", "ed25519");

  Fixture() {
    initRepo(repo);
    options.cacheDir = tmp.path() / "cache";
  }

  std::string commit(const std::string& msg, bool sign) {
    writeFile(repo / (msg + ".txt"), msg + "\n");
    sh(repo, "git add -A && git " + key.gitConfig() + " commit -q " + (sign ? "-S " : "") +
                 "-m " + quote(msg));
    return sh(repo, "git rev-parse HEAD");
  }

  Artifact fetch(const GitRef& ref) {
    Result<Artifact> a = source.fetch(url, ref, options);
    INFO(a.status().message());
    REQUIRE(a.ok());
    return *a;
  }

  Result<std::vector<std::string>> verify(const GitRef& ref, VerifyMode mode,
                                          std::vector<std::string> keys) {
    return verifyArtifact(url, ref, fetch(ref), options, VerifyOptions{mode, std::move(keys)});
  }
};

void checkError(const Result<std::vector<std::string>>& r, Code code, const std::string& message) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == code);
  CHECK(r.status().message() == message);
}

}  // namespace

TEST_CASE("verifyArtifact HEAD: signed commit accepted, unsigned and tampered refused") {
  Fixture f;
  GitRef main{.branch = "main"};
  const std::string signedCommit = f.commit("signed", true);
  Result<std::vector<std::string>> ok = f.verify(main, VerifyMode::Head, {f.key.publicKey});
  REQUIRE(ok.ok());
  CHECK(*ok == std::vector<std::string>{"commit " + signedCommit + " signed by SSH key " +
                                        f.key.fingerprint});

  const std::string plain = f.commit("plain", false);
  checkError(f.verify(main, VerifyMode::Head, {f.key.publicKey}), Code::FailedPrecondition,
             f.url + ": source: verify: commit " + plain + ": not signed");

  // The signed commit with its message changed after signing, written as a new object.
  const std::string tampered = sh(
      f.repo, "git cat-file commit " + signedCommit +
                  " | sed 's/^signed$/SIGNED/' | git hash-object -t commit -w --stdin");
  sh(f.repo, "git update-ref refs/heads/main " + tampered);
  checkError(f.verify(main, VerifyMode::Head, {f.key.publicKey}), Code::FailedPrecondition,
             f.url + ": source: verify: commit " + tampered + ": bad signature by SSH key " +
                 f.key.fingerprint);

  SshKey other = makeSshKey(f.tmp.path(), "other", "ed25519");
  sh(f.repo, "git update-ref refs/heads/main " + signedCommit);
  checkError(f.verify(main, VerifyMode::Head, {other.publicKey}), Code::FailedPrecondition,
             f.url + ": source: verify: commit " + signedCommit + ": signed by SSH key " +
                 f.key.fingerprint + " which is not among the given keys");
}

TEST_CASE("verifyArtifact Tag and TagAndHEAD check the tag object and the commit") {
  Fixture f;
  GpgKey gpg(f.tmp.path() / "gpg", "tagger@example.com", "ed25519");
  const std::string plain = f.commit("plain", false);
  sh(f.repo, gpg.gitPrefix() + " tag -s v1.0.0 -m release");
  sh(f.repo, "git tag light");
  const std::string tagKey = "OpenPGP key " + gpg.fingerprint();

  GitRef tag{.tag = "v1.0.0"};
  Result<std::vector<std::string>> ok = f.verify(tag, VerifyMode::Tag, {gpg.publicKey()});
  REQUIRE(ok.ok());
  CHECK(*ok == std::vector<std::string>{"tag v1.0.0 signed by " + tagKey});
  GitRef semver{.semver = ">=1.0.0"};
  Result<std::vector<std::string>> bySemver = f.verify(semver, VerifyMode::Tag, {gpg.publicKey()});
  REQUIRE(bySemver.ok());
  CHECK(*bySemver == std::vector<std::string>{"tag v1.0.0 signed by " + tagKey});

  checkError(f.verify(tag, VerifyMode::TagAndHead, {gpg.publicKey()}), Code::FailedPrecondition,
             f.url + ": source: verify: commit " + plain + ": not signed");
  checkError(f.verify(tag, VerifyMode::Tag, {f.key.publicKey}), Code::FailedPrecondition,
             f.url + ": source: verify: tag v1.0.0: signed by " + tagKey +
                 " which is not among the given keys");
  checkError(f.verify(GitRef{.tag = "light"}, VerifyMode::Tag, {gpg.publicKey()}),
             Code::FailedPrecondition,
             f.url + ": source: verify: tag light: is a lightweight tag (no tag object to verify)");
  checkError(f.verify(GitRef{.branch = "main"}, VerifyMode::TagAndHead, {gpg.publicKey()}),
             Code::InvalidArgument,
             f.url + ": source: verify: mode Tag and TagAndHEAD need a tag or semver reference");

  // A signed commit under the signed tag: both verified, tag first.
  const std::string signedCommit = f.commit("signed", true);
  sh(f.repo, gpg.gitPrefix() + " tag -s v1.1.0 -m release");
  Result<std::vector<std::string>> both =
      f.verify(GitRef{.tag = "v1.1.0"}, VerifyMode::TagAndHead, {gpg.publicKey(), f.key.publicKey});
  REQUIRE(both.ok());
  CHECK(*both == std::vector<std::string>{
                     "tag v1.1.0 signed by " + tagKey,
                     "commit " + signedCommit + " signed by SSH key " + f.key.fingerprint});
}
