// GitSource over smart HTTP against the real `git http-backend` (see http_backend.h).
#include "http_backend.h"

#include <catch2/catch.hpp>

#include "../git_fixture.h"
#include "gitsync/source/source.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

TEST_CASE("smart HTTP: clone, no-op poll without an upload-pack request, new commit",
          "[http]") {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  initRepo(repo);
  writeFile(repo / "a.yaml", "a: 1\n");
  std::string first = commitAll(repo, "first");
  GitHttpServer server(tmp.path() / "srv", std::nullopt);
  FetchOptions o;
  o.cacheDir = tmp.path() / "cache";
  GitRef ref;
  ref.branch = "main";
  GitSource source;

  auto a = source.fetch(server.url("repo"), ref, o);
  REQUIRE(a.ok());
  CHECK(a->revision == "main@sha1:" + first);
  CHECK(readFile(a->dir / "a.yaml") == "a: 1\n");
  CHECK(server.uploadPackPosts() == 1);

  auto b = source.fetch(server.url("repo"), ref, o);
  REQUIRE(b.ok());
  CHECK_FALSE(b->changed);
  CHECK(server.uploadPackPosts() == 1);  // only GET info/refs (the listing) was asked for

  writeFile(repo / "a.yaml", "a: 2\n");
  std::string second = commitAll(repo, "second");
  auto c = source.fetch(server.url("repo"), ref, o);
  REQUIRE(c.ok());
  CHECK(c->changed);
  CHECK(c->revision == "main@sha1:" + second);
  CHECK(readFile(c->dir / "a.yaml") == "a: 2\n");
  CHECK(server.uploadPackPosts() == 2);
}

TEST_CASE("smart HTTP: a private repository without credentials is FailedPrecondition",
          "[http]") {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  initRepo(repo);
  commitAll(repo, "first");
  GitHttpServer server(tmp.path() / "srv", std::string("dXNlcjpwYXNz"));  // user:pass
  FetchOptions o;
  o.cacheDir = tmp.path() / "cache";
  GitSource source;
  const std::string url = server.url("repo");
  auto a = source.fetch(url, GitRef{}, o);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::FailedPrecondition);
  CHECK(a.status().message() ==
        url + ": source: connect: authentication required (no credentials given)");
}

TEST_CASE("smart HTTP: Basic credentials open a private repository; wrong ones are refused",
          "[http]") {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  initRepo(repo);
  writeFile(repo / "a.yaml", "a: 1\n");
  commitAll(repo, "first");
  GitHttpServer server(tmp.path() / "srv", std::string("dXNlcjpwYXNz"));  // user:pass
  GitSource source;
  const std::string url = server.url("repo");

  FetchOptions wrong;
  wrong.cacheDir = tmp.path() / "cache-wrong";
  wrong.credentials.username = "user";
  wrong.credentials.password = "s3cret-wrong";
  auto refused = source.fetch(url, GitRef{}, wrong);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Code::FailedPrecondition);
  CHECK(refused.status().message() ==
        url + ": source: connect: authentication failed (username and password refused)");
  CHECK(refused.status().message().find("s3cret") == std::string::npos);

  FetchOptions right;
  right.cacheDir = tmp.path() / "cache";
  right.credentials.username = "user";
  right.credentials.password = "pass";
  auto a = source.fetch(url, GitRef{}, right);
  REQUIRE(a.ok());
  CHECK(readFile(a->dir / "a.yaml") == "a: 1\n");
}

TEST_CASE("smart HTTP: a bearer token is sent as an Authorization header", "[http]") {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  initRepo(repo);
  writeFile(repo / "b.yaml", "b: 1\n");
  commitAll(repo, "first");
  GitHttpServer server(tmp.path() / "srv", std::string("Bearer t0ken"));
  GitSource source;
  const std::string url = server.url("repo");
  FetchOptions o;
  o.cacheDir = tmp.path() / "cache";
  o.credentials.bearerToken = "t0ken";
  auto a = source.fetch(url, GitRef{}, o);
  REQUIRE(a.ok());
  CHECK(readFile(a->dir / "b.yaml") == "b: 1\n");
  FetchOptions bad;
  bad.cacheDir = tmp.path() / "cache-bad";
  bad.credentials.bearerToken = "wrong-t0ken";
  auto refused = source.fetch(url, GitRef{}, bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Code::FailedPrecondition);
  CHECK(refused.status().message() ==
        url + ": source: connect: authentication failed (bearer token refused)");
}

TEST_CASE("smart HTTP: an unknown repository is NotFound", "[http]") {
  TempDir tmp;
  fs::create_directories(tmp.path() / "srv");
  GitHttpServer server(tmp.path() / "srv", std::nullopt);
  FetchOptions o;
  o.cacheDir = tmp.path() / "cache";
  GitSource source;
  const std::string url = server.url("missing");
  auto a = source.fetch(url, GitRef{}, o);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::NotFound);
  CHECK(a.status().message() == url + ": source: connect: unexpected http status code: 404");
}
