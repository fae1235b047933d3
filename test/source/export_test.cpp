#include <git2.h>
#include <sys/stat.h>

#include <algorithm>

#include <catch2/catch.hpp>

#include "git_fixture.h"
#include "gitsync/source/export.h"
#include "source/git_util.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

namespace {

// Exports HEAD of the repository at `repo` into `out`.
gitsync::Status exportHead(const fs::path& repo, const fs::path& out) {
  detail::ensureLibgit2();
  git_repository* raw = nullptr;
  REQUIRE(git_repository_open(&raw, repo.c_str()) == 0);
  detail::RepoPtr r(raw);
  git_oid head;
  REQUIRE(git_reference_name_to_id(&head, r.get(), "HEAD") == 0);
  return exportTree(r.get(), head, out);
}

unsigned modeOf(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::vector<std::string> listTree(const fs::path& root) {
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    out.push_back(it->path().lexically_relative(root).string() + (it->is_symlink() ? "@" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("export writes blobs with their modes and keeps inner symlinks") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  writeFile(repo / "run.sh", "#!/bin/sh\necho hi\n");
  writeFile(repo / "base" / "app.yaml", "kind: ConfigMap\n");
  sh(repo, "chmod 755 run.sh && ln -s base/app.yaml link.yaml && ln -s ../run.sh base/up.sh");
  commitAll(repo, "files");
  fs::path out = tmp.path() / "out";
  REQUIRE(exportHead(repo, out).ok());
  CHECK(listTree(out) ==
        std::vector<std::string>{"base", "base/app.yaml", "base/up.sh@", "link.yaml@", "run.sh"});
  CHECK(modeOf(out / "run.sh") == 0755);
  CHECK(modeOf(out / "base" / "app.yaml") == 0644);
  CHECK(fs::read_symlink(out / "link.yaml") == "base/app.yaml");
  CHECK(readFile(out / "link.yaml") == "kind: ConfigMap\n");
  CHECK(fs::read_symlink(out / "base" / "up.sh") == "../run.sh");
}

TEST_CASE("export refuses symlinks that leave the tree, naming the path") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  writeFile(repo / "a.txt", "a\n");
  std::string link;
  std::string expected;
  SECTION("relative") {
    sh(repo, "mkdir sub && ln -s ../../outside sub/escape");
    expected = "sub/escape: symlink target \"../../outside\" leaves the tree";
  }
  SECTION("absolute") {
    sh(repo, "ln -s /etc/passwd passwd");
    expected = "passwd: symlink target \"/etc/passwd\" leaves the tree";
  }
  SECTION("through another symlink") {
    sh(repo, "ln -s . self && ln -s self/../x sneaky");
    expected = "sneaky: symlink target \"self/../x\" leaves the tree";
  }
  SECTION("a loop") {
    sh(repo, "ln -s b a && ln -s a b");
    expected = "a: symlink target \"b\" leaves the tree";
  }
  commitAll(repo, "links");
  gitsync::Status st = exportHead(repo, tmp.path() / "out");
  CHECK(st.code() == Code::FailedPrecondition);
  CHECK(st.message() == expected);
}

TEST_CASE("export honours .sourceignore files at every level") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  writeFile(repo / ".sourceignore", "# docs are not deployed\n*.md\ntests/\n!CHANGELOG.md\n");
  writeFile(repo / "README.md", "r\n");
  writeFile(repo / "CHANGELOG.md", "c\n");
  writeFile(repo / "tests" / "t.yaml", "t\n");
  writeFile(repo / "apps" / "a.yaml", "a\n");
  writeFile(repo / "apps" / "notes.md", "n\n");
  writeFile(repo / "apps" / ".sourceignore", "/local/\n");
  writeFile(repo / "apps" / "local" / "x.yaml", "x\n");
  writeFile(repo / "apps" / "nested" / "local" / "y.yaml", "y\n");
  commitAll(repo, "ignore");
  fs::path out = tmp.path() / "out";
  REQUIRE(exportHead(repo, out).ok());
  CHECK(listTree(out) == std::vector<std::string>{".sourceignore", "CHANGELOG.md", "apps",
                                                  "apps/.sourceignore", "apps/a.yaml",
                                                  "apps/nested", "apps/nested/local",
                                                  "apps/nested/local/y.yaml"});
}

TEST_CASE("export into an existing folder is refused") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  initRepo(repo);
  commitAll(repo, "empty");
  fs::create_directories(tmp.path() / "out");
  gitsync::Status st = exportHead(repo, tmp.path() / "out");
  CHECK(st.code() == Code::Internal);
  CHECK(st.message() == "out: mkdir: already exists");
}
