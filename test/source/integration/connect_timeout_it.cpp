// The connect timeout for every transport: a loopback listener whose accept backlog is full
// never answers a further TCP handshake (see FullBacklog in git_fixture.h).
#include <catch2/catch.hpp>

#include "../git_fixture.h"
#include "gitsync/source/source.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

TEST_CASE("git://, http:// and https:// to a host that never answers fail within the timeout",
          "[daemon]") {
  TempDir tmp;
  FullBacklog silent;
  const std::string hostPort = "127.0.0.1:" + std::to_string(silent.port());
  for (std::string scheme : {"git", "http", "https"}) {
    const std::string url = scheme + "://" + hostPort + "/repo";
    INFO(url);
    FetchOptions o;
    o.cacheDir = tmp.path() / scheme;
    o.timeout = std::chrono::seconds(1);
    GitSource source;
    auto start = std::chrono::steady_clock::now();
    auto a = source.fetch(url, GitRef{}, o);
    auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::DeadlineExceeded);
    CHECK(a.status().message() ==
          url + ": source: connect: no TCP connection to " + hostPort + " within 1s");
    CHECK(elapsed < std::chrono::seconds(10));  // not the OS connect timeout (minutes)
  }
}
