#include "source/known_hosts.h"

#include <catch2/catch.hpp>

#include "git_fixture.h"
#include "source/remote_url.h"

using namespace gitsync::source;
using namespace gitsync::source::detail;
using namespace gitsync::source::testing;

namespace {

// A fresh public key of `type` ("ed25519", "ecdsa -b 384", "rsa -b 2048") as "type base64".
std::string newKey(const TempDir& tmp, const std::string& name, const std::string& type) {
  sh(tmp.path(), "ssh-keygen -q -N '' -C c -t " + type + " -f " + name);
  std::istringstream in(readFile(tmp.path() / (name + ".pub")));
  std::string t, k;
  in >> t >> k;
  return t + " " + k;
}

ServerHostKey serverKey(const std::string& line) {
  ServerHostKey key;
  key.blob = *decodeBase64(line.substr(line.find(' ') + 1));
  return key;
}

}  // namespace

TEST_CASE("known_hosts: plain names, [host]:port, comma lists, wildcards and negation") {
  TempDir tmp;
  const std::string a = newKey(tmp, "a", "ed25519");
  const std::string b = newKey(tmp, "b", "ed25519");
  const std::string text = "# comment\n\n"
                           "git.example.com,10.0.0.1 " + a + " comment here\n"
                           "[127.0.0.1]:2222 " + a + "\n"
                           "*.corp.example,!bad.corp.example " + b + "\n";
  CHECK(checkHostKey(text, "git.example.com", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "GIT.example.com", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "10.0.0.1", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "git.example.com", serverKey(b)) == HostKeyVerdict::Mismatch);
  CHECK(checkHostKey(text, "[127.0.0.1]:2222", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "[127.0.0.1]:2223", serverKey(a)) == HostKeyVerdict::Unknown);
  CHECK(checkHostKey(text, "127.0.0.1", serverKey(a)) == HostKeyVerdict::Unknown);
  CHECK(checkHostKey(text, "git.corp.example", serverKey(b)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "bad.corp.example", serverKey(b)) == HostKeyVerdict::Unknown);
  CHECK(checkHostKey(text, "corp.example", serverKey(b)) == HostKeyVerdict::Unknown);
  CHECK(countKnownHosts(text) == 3);
  CHECK(countKnownHosts("not known_hosts at all\n") == 0);
  CHECK(knownKeyTypes(text + "git.example.com " + a + "\n", "git.example.com") ==
        std::vector<std::string>{"ssh-ed25519"});
  CHECK(knownKeyTypes(text, "nowhere.example").empty());
  CHECK(keyTypeOf(*serverKey(a).blob) == "ssh-ed25519");
}

TEST_CASE("known_hosts: hashed entries written by ssh-keygen -H") {
  TempDir tmp;
  const std::string a = newKey(tmp, "a", "ed25519");
  writeFile(tmp.path() / "kh", "[git.example.com]:2222 " + a + "\nother.example " + a + "\n");
  sh(tmp.path(), "ssh-keygen -q -H -f kh");
  const std::string text = readFile(tmp.path() / "kh");
  REQUIRE(text.rfind("|1|", 0) == 0);
  REQUIRE(text.find("example") == std::string::npos);
  CHECK(checkHostKey(text, "[git.example.com]:2222", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "other.example", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "git.example.com", serverKey(a)) == HostKeyVerdict::Unknown);
}

TEST_CASE("known_hosts: every key type is compared by its blob, or by its SHA-256") {
  TempDir tmp;
  int i = 0;
  for (std::string type : {"ed25519", "ecdsa -b 256", "ecdsa -b 384", "ecdsa -b 521",
                           "rsa -b 2048"}) {
    const std::string mine = newKey(tmp, "k" + std::to_string(i), type);
    const std::string other = newKey(tmp, "o" + std::to_string(i++), type);
    INFO(mine);
    const std::string text = "host.example " + mine + "\n";
    CHECK(checkHostKey(text, "host.example", serverKey(mine)) == HostKeyVerdict::Match);
    CHECK(checkHostKey(text, "host.example", serverKey(other)) == HostKeyVerdict::Mismatch);
    // Only the digest known (an SSH library that does not give the raw key).
    ServerHostKey digest;
    digest.sha256 = sh(tmp.path(), "printf %s " + quote(mine.substr(mine.find(' ') + 1)) +
                                       " | base64 -d | sha256sum | cut -c1-64 | xxd -r -p | "
                                       "base64 -w0");
    digest.sha256 = *decodeBase64(digest.sha256);
    CHECK(checkHostKey(text, "host.example", digest) == HostKeyVerdict::Match);
  }
}

TEST_CASE("known_hosts: @revoked refuses a key, @cert-authority and bad lines are skipped") {
  TempDir tmp;
  const std::string a = newKey(tmp, "a", "ed25519");
  const std::string b = newKey(tmp, "b", "ed25519");
  const std::string blobA = a.substr(a.find(' ') + 1);
  const std::string text = "@revoked * " + b + "\n"
                           "@cert-authority *.example " + a + "\n"
                           "host.example ssh-rsa " + blobA + "\n"  // type does not match blob
                           "host.example ssh-ed25519 !!notbase64\n"
                           "host.example\n"
                           "host.example " + a + "\n";
  CHECK(checkHostKey(text, "host.example", serverKey(a)) == HostKeyVerdict::Match);
  CHECK(checkHostKey(text, "host.example", serverKey(b)) == HostKeyVerdict::Revoked);
  CHECK(checkHostKey(text, "other.example", serverKey(a)) == HostKeyVerdict::Unknown);
  CHECK(countKnownHosts(text) == 3);
}

TEST_CASE("remote urls: endpoint and known_hosts name") {
  auto ssh = parseRemoteUrl("ssh://git@github.com/org/repo.git");
  REQUIRE(ssh);
  CHECK(ssh->scheme == "ssh");
  CHECK(ssh->user == "git");
  CHECK(ssh->host == "github.com");
  CHECK(ssh->port == 22);
  CHECK(knownHostsName(*ssh) == "github.com");
  auto port = parseRemoteUrl("ssh://127.0.0.1:2222/srv/repo");
  REQUIRE(port);
  CHECK(port->user.empty());
  CHECK(knownHostsName(*port) == "[127.0.0.1]:2222");
  auto v6 = parseRemoteUrl("git+ssh://me@[::1]:2200/r");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(knownHostsName(*v6) == "[::1]:2200");
  auto scp = parseRemoteUrl("git@gitlab.example:group/repo.git");
  REQUIRE(scp);
  CHECK(scp->scheme == "ssh");
  CHECK(scp->user == "git");
  CHECK(scp->host == "gitlab.example");
  CHECK(scp->port == 22);
  auto https = parseRemoteUrl("https://user:pw@git.example:8443/r.git");
  REQUIRE(https);
  CHECK(https->scheme == "https");
  CHECK(https->host == "git.example");
  CHECK(https->port == 8443);
  CHECK(parseRemoteUrl("http://git.example/r")->port == 80);
  CHECK(parseRemoteUrl("https://git.example/r")->port == 443);
  CHECK(parseRemoteUrl("git://git.example/r")->port == 9418);
  CHECK_FALSE(parseRemoteUrl("/srv/repo"));
  CHECK_FALSE(parseRemoteUrl("./a:b"));
  CHECK_FALSE(parseRemoteUrl("file:///srv/repo"));
  CHECK_FALSE(parseRemoteUrl("ssh://host:99999/r"));
}
