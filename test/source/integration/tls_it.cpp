// GitSource over HTTPS with a custom CA (FetchOptions::Credentials::caCert): the real
// `git http-backend` (http_backend.h) behind a loopback TLS proxy (tls_proxy.h) whose
// certificate a CA made by the test with `openssl` signed.
#include <catch2/catch.hpp>

#include "gitsync/source/source.h"
#include "http_backend.h"
#include "tls_proxy.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

namespace {

// A repository behind HTTPS; certificates: "ca" signed "server" (IP:127.0.0.1) and "elsewhere"
// (DNS:git.example only); "otherca" signed nothing that is served.
struct HttpsServer {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  fs::path pki = tmp.path() / "pki";
  std::string first;
  std::unique_ptr<GitHttpServer> http;
  std::unique_ptr<TlsProxy> tls;

  explicit HttpsServer(const std::string& cert = "server") {
    initRepo(repo);
    writeFile(repo / "a.yaml", "a: 1\n");
    first = commitAll(repo, "first");
    fs::create_directories(pki);
    makeCa(pki, "ca");
    makeCa(pki, "otherca");
    makeServerCert(pki, "server", "ca", "IP:127.0.0.1");
    makeServerCert(pki, "elsewhere", "ca", "DNS:git.example");
    http = std::make_unique<GitHttpServer>(tmp.path() / "srv", std::nullopt);
    tls = std::make_unique<TlsProxy>(pki / (cert + ".pem"), pki / (cert + ".key"),
                                     http->port());
  }
  std::string url() const { return tls->url("repo"); }
  FetchOptions options(const std::string& ca, const std::string& cache = "cache") const {
    FetchOptions o;
    o.cacheDir = tmp.path() / cache;
    o.timeout = std::chrono::seconds(30);
    if (!ca.empty()) o.credentials.caCert = readFile(pki / (ca + ".pem"));
    return o;
  }
};

}  // namespace

TEST_CASE("https: the caCert opens a server the system CAs do not trust", "[tls]") {
  HttpsServer s;
  GitSource source;
  auto a = source.fetch(s.url(), GitRef{}, s.options("ca"));
  REQUIRE(a.ok());
  CHECK(a->revision == "main@sha1:" + s.first);
  CHECK(readFile(a->dir / "a.yaml") == "a: 1\n");
  CHECK(s.http->uploadPackPosts() == 1);

  auto b = source.fetch(s.url(), GitRef{}, s.options("ca"));
  REQUIRE(b.ok());
  CHECK_FALSE(b->changed);
  CHECK(s.http->uploadPackPosts() == 1);

  writeFile(s.repo / "a.yaml", "a: 2\n");
  std::string second = commitAll(s.repo, "second");
  auto c = source.fetch(s.url(), GitRef{}, s.options("ca"));
  REQUIRE(c.ok());
  CHECK(c->changed);
  CHECK(c->commit == second);
  CHECK(readFile(c->dir / "a.yaml") == "a: 2\n");
  CHECK(s.http->uploadPackPosts() == 2);

  // The CA is trusted for those fetches only: without it the same server is refused.
  auto d = source.fetch(s.url(), GitRef{}, s.options("", "cache-noca"));
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == Code::FailedPrecondition);
  CHECK(d.status().message() ==
        s.url() + ": source: tls: certificate of 127.0.0.1 not trusted by the system CAs (no "
                  "caCert given)");
}

TEST_CASE("https: another CA, a certificate for another name, a caCert that is no PEM",
          "[tls]") {
  HttpsServer s;
  GitSource source;
  auto wrong = source.fetch(s.url(), GitRef{}, s.options("otherca"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == Code::FailedPrecondition);
  CHECK(wrong.status().message() ==
        s.url() + ": source: tls: certificate of 127.0.0.1 not trusted with caCert: unable to "
                  "get local issuer certificate");
  CHECK(s.http->uploadPackPosts() == 0);

  FetchOptions garbage = s.options("");
  garbage.credentials.caCert = "not a certificate\n";
  auto bad = source.fetch(s.url(), GitRef{}, garbage);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Code::InvalidArgument);
  CHECK(bad.status().message() == s.url() + ": source: caCert: no PEM certificate found");

  HttpsServer elsewhere("elsewhere");
  auto name = source.fetch(elsewhere.url(), GitRef{}, elsewhere.options("ca"));
  REQUIRE_FALSE(name.ok());
  CHECK(name.status().code() == Code::FailedPrecondition);
  CHECK(name.status().message() == elsewhere.url() +
                                       ": source: tls: certificate of 127.0.0.1 not trusted "
                                       "with caCert: IP address mismatch");
  CHECK(elsewhere.http->uploadPackPosts() == 0);
}
