// GitSource against a real `git daemon` on 127.0.0.1 serving repositories the tests create.
#include <catch2/catch.hpp>

#include "../git_fixture.h"
#include "gitsync/source/source.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

namespace {

// An upstream repository "repo" (branch main, one commit) served by its own git daemon.
struct Server {
  TempDir tmp;
  fs::path repo = tmp.path() / "srv" / "repo";
  fs::path cache = tmp.path() / "cache";
  std::string first;
  std::unique_ptr<GitDaemon> daemon;

  Server() {
    initRepo(repo);
    writeFile(repo / "deploy" / "app.yaml", "kind: ConfigMap\n");
    first = commitAll(repo, "first");
    daemon = std::make_unique<GitDaemon>(tmp.path() / "srv", tmp.path() / "daemon.log");
  }
  std::string url() const { return daemon->url("repo"); }
  FetchOptions options() const {
    FetchOptions o;
    o.cacheDir = cache;
    o.timeout = std::chrono::seconds(30);
    return o;
  }
  fs::path bare() const {
    return cache / sh(tmp.path(), "printf %s " + quote(url()) + " | sha256sum | cut -c1-64");
  }
  size_t packFiles() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(bare() / "objects" / "pack")) {
      n += e.path().extension() == ".pack";
    }
    return n;
  }
};

GitRef branch(const std::string& b) {
  GitRef r;
  r.branch = b;
  return r;
}

}  // namespace

TEST_CASE("a branch is cloned and its tree exported; an unchanged poll downloads nothing",
          "[daemon]") {
  Server s;
  GitSource source;
  auto a = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(a.ok());
  CHECK(a->commit == s.first);
  CHECK(a->revision == "main@sha1:" + s.first);
  CHECK(a->changed);
  CHECK(a->dir == s.cache / (s.bare().filename().string() + ".trees") / s.first);
  CHECK(readFile(a->dir / "deploy" / "app.yaml") == "kind: ConfigMap\n");
  CHECK_FALSE(fs::exists(a->dir / ".git"));
  CHECK(fs::exists(s.bare() / "HEAD"));
  CHECK(source.downloadCount() == 1);
  const size_t packs = s.packFiles();
  CHECK(packs == 1);

  auto again = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(again.ok());
  CHECK(again->commit == s.first);
  CHECK(again->revision == "main@sha1:" + s.first);
  CHECK_FALSE(again->changed);
  CHECK(again->dir == a->dir);
  CHECK(source.downloadCount() == 1);
  CHECK(s.packFiles() == packs);

  // A new instance over the same cache (a restarted agent) also sees no change.
  GitSource restarted;
  auto third = restarted.fetch(s.url(), branch("main"), s.options());
  REQUIRE(third.ok());
  CHECK_FALSE(third->changed);
  CHECK(restarted.downloadCount() == 0);
}

TEST_CASE("a new commit is fetched incrementally", "[daemon]") {
  Server s;
  GitSource source;
  REQUIRE(source.fetch(s.url(), branch("main"), s.options()).ok());
  writeFile(s.repo / "deploy" / "app.yaml", "kind: Secret\n");
  std::string second = commitAll(s.repo, "second");

  auto a = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(a.ok());
  CHECK(a->changed);
  CHECK(a->commit == second);
  CHECK(a->revision == "main@sha1:" + second);
  CHECK(readFile(a->dir / "deploy" / "app.yaml") == "kind: Secret\n");
  CHECK(source.downloadCount() == 2);
  CHECK(s.packFiles() == 2);  // a second, incremental pack next to the first
  // The pack holds only what is new: commit, root tree, deploy tree, blob.
  std::string count = sh(s.tmp.path(), "git verify-pack -v $(ls -t " +
                                            quote((s.bare() / "objects" / "pack").string()) +
                                            "/*.pack | head -1) | grep -cE ' (commit|tree|blob) '");
  CHECK(count == "4");
}

TEST_CASE("a force-push that rewrites history is fetched", "[daemon]") {
  Server s;
  writeFile(s.repo / "b.txt", "b\n");
  std::string second = commitAll(s.repo, "second");
  GitSource source;
  auto a = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(a.ok());
  CHECK(a->commit == second);

  sh(s.repo, "git reset -q --hard HEAD~1");
  writeFile(s.repo / "c.txt", "c\n");
  std::string rewritten = commitAll(s.repo, "rewritten");
  auto b = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(b.ok());
  CHECK(b->changed);
  CHECK(b->commit == rewritten);
  CHECK(fs::exists(b->dir / "c.txt"));
  CHECK_FALSE(fs::exists(b->dir / "b.txt"));

  // Back to the first commit, which the cache already holds: no download, but changed.
  sh(s.repo, "git reset -q --hard " + s.first);
  auto c = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE(c.ok());
  CHECK(c->changed);
  CHECK(c->commit == s.first);
  CHECK(source.downloadCount() == 2);
}

TEST_CASE("tags, names, commits and the default branch select the commit", "[daemon]") {
  Server s;
  sh(s.repo, "git tag v1.0.0 && git tag -a -m annotated v1.1.0");
  writeFile(s.repo / "x.txt", "x\n");
  std::string second = commitAll(s.repo, "second");
  sh(s.repo, "git update-ref refs/pull/7/head HEAD");
  GitSource source;

  GitRef tag;
  tag.tag = "v1.1.0";  // annotated: peeled to the commit
  auto a = source.fetch(s.url(), tag, s.options());
  REQUIRE(a.ok());
  CHECK(a->revision == "v1.1.0@sha1:" + s.first);
  CHECK_FALSE(fs::exists(a->dir / "x.txt"));

  GitRef name;
  name.name = "refs/pull/7/head";
  auto b = source.fetch(s.url(), name, s.options());
  REQUIRE(b.ok());
  CHECK(b->revision == "refs/pull/7/head@sha1:" + second);

  GitRef commit;
  commit.commit = s.first;
  commit.branch = "main";  // commit wins
  auto c = source.fetch(s.url(), commit, s.options());
  REQUIRE(c.ok());
  CHECK(c->revision == "sha1:" + s.first);

  auto d = source.fetch(s.url(), GitRef{}, s.options());
  REQUIRE(d.ok());
  CHECK(d->revision == "main@sha1:" + second);

  GitRef precedence;
  precedence.tag = "v1.0.0";
  precedence.branch = "main";
  auto e = source.fetch(s.url(), precedence, s.options());
  REQUIRE(e.ok());
  CHECK(e->revision == "v1.0.0@sha1:" + s.first);
}

TEST_CASE("semver picks the highest matching tag", "[daemon]") {
  Server s;
  std::map<std::string, std::string> commits;
  for (std::string t : {"v1.0.0", "v1.2.0", "v1.10.0", "v2.0.0-rc.1", "v2.0.0", "latest"}) {
    writeFile(s.repo / "version", t + "\n");
    commits[t] = commitAll(s.repo, t);
    sh(s.repo, "git tag -a -m " + t + " " + t);
  }
  GitSource source;
  GitRef r;
  r.semver = ">=1.0.0 <2.0.0";
  auto a = source.fetch(s.url(), r, s.options());
  REQUIRE(a.ok());
  CHECK(a->revision == "v1.10.0@sha1:" + commits["v1.10.0"]);
  CHECK(readFile(a->dir / "version") == "v1.10.0\n");

  r.semver = "*";
  auto b = source.fetch(s.url(), r, s.options());
  REQUIRE(b.ok());
  CHECK(b->revision == "v2.0.0@sha1:" + commits["v2.0.0"]);

  r.semver = "~1.2";
  r.tag = "v1.0.0";  // semver wins over tag
  auto c = source.fetch(s.url(), r, s.options());
  REQUIRE(c.ok());
  CHECK(c->revision == "v1.2.0@sha1:" + commits["v1.2.0"]);
}

TEST_CASE("a missing reference is NotFound and named", "[daemon]") {
  Server s;
  GitSource source;
  auto a = source.fetch(s.url(), branch("nope"), s.options());
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::NotFound);
  CHECK(a.status().message() == s.url() + ": source: branch \"nope\" not found");

  GitRef tag;
  tag.tag = "v9";
  CHECK(source.fetch(s.url(), tag, s.options()).status().message() ==
        s.url() + ": source: tag \"v9\" not found");
  GitRef semver;
  semver.semver = ">=3.0.0";
  CHECK(source.fetch(s.url(), semver, s.options()).status().message() ==
        s.url() + ": source: no tag matches semver \">=3.0.0\"");
  GitRef name;
  name.name = "refs/pull/1/head";
  CHECK(source.fetch(s.url(), name, s.options()).status().message() ==
        s.url() + ": source: reference \"refs/pull/1/head\" not found");
  GitRef commit;
  commit.commit = std::string(40, 'a');
  auto c = source.fetch(s.url(), commit, s.options());
  CHECK(c.status().code() == Code::NotFound);
  CHECK(c.status().message() ==
        s.url() + ": source: commit " + std::string(40, 'a') + " not found");
  CHECK(source.downloadCount() == 1);  // only the commit lookup had to fetch
}

TEST_CASE("an unreachable host fails fast with Unavailable", "[daemon]") {
  TempDir tmp;
  FetchOptions o;
  o.cacheDir = tmp.path();
  const std::string port = std::to_string(freePort());
  const std::string url = "git://127.0.0.1:" + port + "/repo";
  GitSource source;
  auto start = std::chrono::steady_clock::now();
  auto a = source.fetch(url, branch("main"), o);
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::Unavailable);
  CHECK(a.status().message() ==
        url + ": source: connect: failed to connect to 127.0.0.1:" + port + ": Connection refused");
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("a wrong repository path is NotFound", "[daemon]") {
  Server s;
  GitSource source;
  const std::string url = s.daemon->url("missing");
  auto a = source.fetch(url, branch("main"), s.options());
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().message() == url + ": source: connect: remote error: access denied or "
                                     "repository not exported: /missing");
  CHECK(a.status().code() == Code::NotFound);
}

TEST_CASE("malformed references are InvalidArgument", "[daemon]") {
  TempDir tmp;
  FetchOptions o;
  o.cacheDir = tmp.path();
  GitSource source;
  GitRef commit;
  commit.commit = "abc";
  CHECK(source.fetch("git://127.0.0.1:1/r", commit, o).status().message() ==
        "git://127.0.0.1:1/r: source: commit \"abc\" is not 40 hex digits");
  GitRef semver;
  semver.semver = "latest";
  auto a = source.fetch("git://127.0.0.1:1/r", semver, o);
  CHECK(a.status().code() == Code::InvalidArgument);
  CHECK(a.status().message() ==
        "git://127.0.0.1:1/r: source: semver: constraint \"latest\": \"latest\": \"latest\" "
        "is not a number");
  CHECK(source.fetch("git://127.0.0.1:1/r", GitRef{}, FetchOptions{}).status().message() ==
        "git://127.0.0.1:1/r: source: FetchOptions.cacheDir is empty");
}

// The probe connection made before libgit2 connects counts against the timeout too; a timeout
// of zero ends there.
TEST_CASE("a fetch longer than the timeout is DeadlineExceeded", "[daemon]") {
  Server s;
  GitSource source;
  FetchOptions o = s.options();
  o.timeout = std::chrono::seconds(0);
  auto a = source.fetch(s.url(), branch("main"), o);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::DeadlineExceeded);
  CHECK(a.status().message() == s.url() + ": source: connect: no TCP connection to 127.0.0.1:" +
                                    std::to_string(s.daemon->port()) + " within 0s");
}

TEST_CASE("a symlink leaving the tree fails the fetch and leaves no export", "[daemon]") {
  Server s;
  sh(s.repo, "ln -s ../../etc/passwd deploy/passwd");
  std::string bad = commitAll(s.repo, "escape");
  GitSource source;
  auto a = source.fetch(s.url(), branch("main"), s.options());
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::FailedPrecondition);
  CHECK(a.status().message() == s.url() + ": source: export " + bad +
                                    ": deploy/passwd: symlink target \"../../etc/passwd\" leaves "
                                    "the tree");
  CHECK(fs::is_empty(s.cache / (s.bare().filename().string() + ".trees")));
}

TEST_CASE("an empty GitRef follows the remote's HEAD, whatever its name", "[daemon]") {
  Server s;
  sh(s.repo, "git checkout -q -b trunk");
  writeFile(s.repo / "t.txt", "t\n");
  std::string trunk = commitAll(s.repo, "on trunk");
  GitSource source;
  auto a = source.fetch(s.url(), GitRef{}, s.options());
  REQUIRE(a.ok());
  CHECK(a->revision == "trunk@sha1:" + trunk);
  CHECK(fs::exists(a->dir / "t.txt"));
}
