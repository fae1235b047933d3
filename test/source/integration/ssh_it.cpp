// GitSource over SSH against a real OpenSSH sshd on 127.0.0.1 (see sshd.h): private keys from
// memory (with and without a passphrase), known_hosts checking, the connect timeout.
#include <algorithm>
#include <catch2/catch.hpp>

#include "gitsync/source/source.h"
#include "sshd.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

namespace {

const char* kPassphrase = "correct horse";

// An upstream repository (branch main, one commit) behind sshd, and three client keys: "user"
// and "userpw" (encrypted with kPassphrase) are authorized, "other" is not.
struct SshServer {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  fs::path keys = tmp.path() / "keys";
  std::string first;
  std::unique_ptr<Sshd> sshd;

  SshServer() {
    initRepo(repo);
    writeFile(repo / "deploy" / "app.yaml", "kind: ConfigMap\n");
    first = commitAll(repo, "first");
    fs::create_directories(keys);
    makeKey(keys / "user");
    makeKey(keys / "userpw", kPassphrase);
    makeKey(keys / "other");
    sshd = std::make_unique<Sshd>(tmp.path() / "sshd", publicKey(keys / "user.pub") + "\n" +
                                                           publicKey(keys / "userpw.pub") + "\n");
  }
  std::string url() const { return sshd->url(repo); }
  FetchOptions options(const std::string& key = "user", const std::string& cache = "cache") const {
    FetchOptions o;
    o.cacheDir = tmp.path() / cache;
    o.timeout = std::chrono::seconds(30);
    o.credentials.sshPrivateKey = readFile(keys / key);
    o.credentials.knownHosts = "# test\n" + sshd->knownHostsLine() + "\n";
    return o;
  }
};

GitRef branch(const std::string& b) {
  GitRef r;
  r.branch = b;
  return r;
}

}  // namespace

TEST_CASE("ssh: clone, a poll without change downloads nothing, new commit, force-push",
          "[ssh]") {
  SshServer s;
  GitSource source;
  auto a = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(a.ok());
  CHECK(a->revision == "main@sha1:" + s.first);
  CHECK(a->changed);
  CHECK(readFile(a->dir / "deploy" / "app.yaml") == "kind: ConfigMap\n");
  CHECK(source.downloadCount() == 1);

  auto again = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(again.ok());
  CHECK_FALSE(again->changed);
  CHECK(again->commit == s.first);
  CHECK(source.downloadCount() == 1);

  writeFile(s.repo / "deploy" / "app.yaml", "kind: Secret\n");
  std::string second = commitAll(s.repo, "second");
  auto b = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(b.ok());
  CHECK(b->changed);
  CHECK(b->revision == "main@sha1:" + second);
  CHECK(readFile(b->dir / "deploy" / "app.yaml") == "kind: Secret\n");
  CHECK(source.downloadCount() == 2);
  CHECK(b->receivedBytes > 0);

  sh(s.repo, "git reset -q --hard " + s.first);
  writeFile(s.repo / "c.txt", "c\n");
  std::string rewritten = commitAll(s.repo, "rewritten");
  auto c = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(c.ok());
  CHECK(c->changed);
  CHECK(c->commit == rewritten);
  CHECK(fs::exists(c->dir / "c.txt"));
  CHECK(readFile(c->dir / "deploy" / "app.yaml") == "kind: ConfigMap\n");
  CHECK(source.downloadCount() == 3);
}

TEST_CASE("ssh: tags and semver select the commit; a missing reference is NotFound", "[ssh]") {
  SshServer s;
  sh(s.repo, "git tag -a -m v1.0.0 v1.0.0");
  writeFile(s.repo / "version", "1.4.0\n");
  std::string second = commitAll(s.repo, "second");
  sh(s.repo, "git tag v1.4.0 && git tag v2.0.0-rc.1");
  GitSource source;
  GitRef tag;
  tag.tag = "v1.0.0";
  auto a = source.fetch(s.url(), tag, s.options());
  REQUIRE(a.ok());
  CHECK(a->revision == "v1.0.0@sha1:" + s.first);
  GitRef semver;
  semver.semver = "^1.0";
  auto b = source.fetch(s.url(), semver, s.options());
  REQUIRE(b.ok());
  CHECK(b->revision == "v1.4.0@sha1:" + second);
  CHECK(readFile(b->dir / "version") == "1.4.0\n");

  auto missing = source.fetch(s.url(), branch("nope"), s.options());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Code::NotFound);
  CHECK(missing.status().message() == s.url() + ": source: branch \"nope\" not found");

  // Logged in, but no repository there.
  const std::string nowhere = s.sshd->url(s.tmp.path() / "srv" / "missing");
  auto noRepo = source.fetch(nowhere, branch("main"), s.options());
  REQUIRE_FALSE(noRepo.ok());
  CHECK(noRepo.status().code() == Code::NotFound);
  CHECK(noRepo.status().message() == nowhere + ": source: connect: fatal: '" +
                                         (s.tmp.path() / "srv" / "missing").string() +
                                         "' does not appear to be a git repository");
}

TEST_CASE("ssh: a key the server does not know, or none, is refused", "[ssh]") {
  SshServer s;
  GitSource source;
  auto wrong = source.fetch(s.url(), branch("main"), s.options("other"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == Code::FailedPrecondition);
  CHECK(wrong.status().message() ==
        s.url() + ": source: connect: authentication failed (SSH key refused)");

  FetchOptions none = s.options();
  none.credentials.sshPrivateKey.clear();
  auto anonymous = source.fetch(s.url(), branch("main"), none);
  REQUIRE_FALSE(anonymous.ok());
  CHECK(anonymous.status().code() == Code::FailedPrecondition);
  CHECK(anonymous.status().message() ==
        s.url() + ": source: connect: authentication required (no SSH key given)");

  // Without a user in the url the user is "git", which this server does not have.
  const std::string noUser = s.sshd->url(s.repo, /*withUser=*/false);
  auto git = source.fetch(noUser, branch("main"), s.options());
  REQUIRE_FALSE(git.ok());
  CHECK(git.status().message() ==
        noUser + ": source: connect: authentication failed (SSH key refused)");
  CHECK(s.sshd->log().find("Invalid user git from 127.0.0.1") != std::string::npos);
  CHECK(source.downloadCount() == 0);
}

TEST_CASE("ssh: an encrypted key needs its passphrase", "[ssh]") {
  SshServer s;
  GitSource source;
  FetchOptions right = s.options("userpw");
  right.credentials.sshPassphrase = kPassphrase;
  auto a = source.fetch(s.url(), branch("main"), right);
  REQUIRE(a.ok());
  CHECK(a->commit == s.first);

  FetchOptions wrong = s.options("userpw", "cache-wrong");
  wrong.credentials.sshPassphrase = "wrong horse";
  auto refused = source.fetch(s.url(), branch("main"), wrong);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Code::FailedPrecondition);
  CHECK(refused.status().message() ==
        s.url() + ": source: ssh key: not usable (wrong passphrase or unsupported key format)");
  CHECK(refused.status().message().find("horse") == std::string::npos);

  FetchOptions missing = s.options("userpw", "cache-missing");
  auto noPassphrase = source.fetch(s.url(), branch("main"), missing);
  REQUIRE_FALSE(noPassphrase.ok());
  CHECK(noPassphrase.status().code() == Code::FailedPrecondition);
  CHECK(noPassphrase.status().message() ==
        s.url() + ": source: ssh key: encrypted, and no passphrase was given");
  CHECK(noPassphrase.status().message().find("PRIVATE") == std::string::npos);
}

TEST_CASE("ssh: known_hosts is required; an unknown host and a changed key are refused",
          "[ssh]") {
  SshServer s;
  GitSource source;
  const std::string port = std::to_string(s.sshd->port());

  FetchOptions none = s.options();
  none.credentials.knownHosts.clear();
  auto a = source.fetch(s.url(), branch("main"), none);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::FailedPrecondition);
  CHECK(a.status().message() == s.url() + ": source: known_hosts: required for SSH (none given)");

  // The right key, but listed for another port only.
  FetchOptions otherPort = s.options();
  otherPort.credentials.knownHosts =
      "[127.0.0.1]:1 " + publicKey(s.tmp.path() / "sshd" / "host_ed25519.pub") + "\n";
  auto unknown = source.fetch(s.url(), branch("main"), otherPort);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == Code::FailedPrecondition);
  CHECK(unknown.status().message() ==
        s.url() + ": source: known_hosts: no key for [127.0.0.1]:" + port);

  // The host is listed with another key (the server's key changed, or a man-in-the-middle).
  makeKey(s.tmp.path() / "impostor");
  FetchOptions changed = s.options();
  changed.credentials.knownHosts =
      "[127.0.0.1]:" + port + " " + publicKey(s.tmp.path() / "impostor.pub") + "\n";
  auto mismatch = source.fetch(s.url(), branch("main"), changed);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.status().code() == Code::FailedPrecondition);
  CHECK(mismatch.status().message() ==
        s.url() + ": source: known_hosts: host key for [127.0.0.1]:" + port +
            " does not match known_hosts (possible man-in-the-middle)");

  // Only a key of another type listed: still refused, and the message says which types.
  makeKey(s.tmp.path() / "rsa", "", "rsa");
  FetchOptions otherType = s.options();
  otherType.credentials.knownHosts =
      "[127.0.0.1]:" + port + " " + publicKey(s.tmp.path() / "rsa.pub") + "\n";
  auto typed = source.fetch(s.url(), branch("main"), otherType);
  REQUIRE_FALSE(typed.ok());
  CHECK(typed.status().code() == Code::FailedPrecondition);
  CHECK(typed.status().message() ==
        s.url() + ": source: known_hosts: host key for [127.0.0.1]:" + port +
            " does not match known_hosts (possible man-in-the-middle); the server offered an "
            "ssh-ed25519 key, known_hosts lists ssh-rsa for it");
  CHECK(source.downloadCount() == 0);
  CHECK(s.sshd->log().find("Accepted publickey") == std::string::npos);  // never logged in

  // Hashed entries (ssh-keygen -H) and comma lists are understood.
  writeFile(s.tmp.path() / "known_hosts", s.sshd->knownHostsLine() + "\n");
  sh(s.tmp.path(), "ssh-keygen -q -H -f known_hosts");
  FetchOptions hashed = s.options();
  hashed.credentials.knownHosts = readFile(s.tmp.path() / "known_hosts");
  REQUIRE(hashed.credentials.knownHosts.rfind("|1|", 0) == 0);
  auto b = source.fetch(s.url(), branch("main"), hashed);
  REQUIRE(b.ok());
  FetchOptions list = s.options("user", "cache-list");
  list.credentials.knownHosts = "git.example.com,[127.0.0.1]:" + port + " " +
                                publicKey(s.tmp.path() / "sshd" / "host_ed25519.pub") + "\n";
  REQUIRE(source.fetch(s.url(), branch("main"), list).ok());
}

TEST_CASE("ssh: known_hosts made by ssh-keyscan for a server with ECDSA, Ed25519 and RSA keys",
          "[ssh]") {
  TempDir tmp;
  makeKey(tmp.path() / "user");
  initRepo(tmp.path() / "repo");
  std::string head = commitAll(tmp.path() / "repo", "first");
  Sshd sshd(tmp.path() / "sshd", publicKey(tmp.path() / "user.pub") + "\n", {"ecdsa", "rsa"});
  const std::string port = std::to_string(sshd.port());
  FetchOptions o;
  o.cacheDir = tmp.path() / "cache";
  o.credentials.sshPrivateKey = readFile(tmp.path() / "user");
  o.credentials.knownHosts = sh(tmp.path(), "ssh-keyscan -p " + port + " 127.0.0.1");
  REQUIRE(o.credentials.knownHosts.find("ecdsa-sha2-nistp256") != std::string::npos);
  GitSource source;
  auto a = source.fetch(sshd.url(tmp.path() / "repo"), branch("main"), o);
  REQUIRE(a.ok());
  CHECK(a->commit == head);

  // Without the ECDSA line libssh2 still takes the server's ECDSA key (its first choice).
  // (ssh-keyscan prints the keys in the order the answers came: sorted here.)
  std::vector<std::string> kept;
  std::istringstream lines(o.credentials.knownHosts);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("ecdsa") == std::string::npos) kept.push_back(line);
  }
  std::sort(kept.begin(), kept.end());
  o.credentials.knownHosts.clear();
  for (const std::string& line : kept) o.credentials.knownHosts += line + "\n";
  auto b = source.fetch(sshd.url(tmp.path() / "repo"), branch("main"), o);
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message() ==
        sshd.url(tmp.path() / "repo") + ": source: known_hosts: host key for [127.0.0.1]:" +
            port + " does not match known_hosts (possible man-in-the-middle); the server "
            "offered an ecdsa-sha2-nistp256 key, known_hosts lists ssh-ed25519, ssh-rsa for it");
}

TEST_CASE("ssh: a host that never answers the TCP handshake fails within the timeout",
          "[ssh]") {
  TempDir tmp;
  FullBacklog silent;
  FetchOptions o;
  o.cacheDir = tmp.path() / "cache";
  o.timeout = std::chrono::seconds(1);
  o.credentials.knownHosts =
      "[127.0.0.1]:1 ssh-ed25519 "
      "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
  const std::string url =
      "ssh://git@127.0.0.1:" + std::to_string(silent.port()) + "/srv/repo.git";
  GitSource source;
  auto start = std::chrono::steady_clock::now();
  auto a = source.fetch(url, branch("main"), o);
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::DeadlineExceeded);
  CHECK(a.status().message() == url + ": source: connect: no TCP connection to 127.0.0.1:" +
                                    std::to_string(silent.port()) + " within 1s");
  CHECK(elapsed < std::chrono::seconds(10));  // not the OS connect timeout (minutes)
}
