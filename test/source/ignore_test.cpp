#include <catch2/catch.hpp>

#include "gitsync/source/export.h"

using gitsync::source::IgnoreRules;

TEST_CASE("sourceignore: basename patterns match at any depth, anchored ones from their folder") {
  IgnoreRules r;
  r.add("", "# comment\n\n*.md\n/docs\nconfig/*.local\n");
  CHECK(r.ignored("README.md", false));
  CHECK(r.ignored("a/b/NOTES.md", false));
  CHECK_FALSE(r.ignored("README.mdx", false));
  CHECK(r.ignored("docs", true));
  CHECK_FALSE(r.ignored("a/docs", true));
  CHECK(r.ignored("config/dev.local", false));
  CHECK_FALSE(r.ignored("config/sub/dev.local", false));
  CHECK_FALSE(r.ignored("other/config/dev.local", false));
  CHECK_FALSE(r.ignored("# comment", false));
}

TEST_CASE("sourceignore: negation, folder-only patterns and double stars") {
  IgnoreRules r;
  r.add("", "*.yaml\n!keep.yaml\ntmp/\nlogs/**\n**/secret/*.key\na/**/z.txt\n");
  CHECK(r.ignored("x.yaml", false));
  CHECK_FALSE(r.ignored("keep.yaml", false));
  CHECK_FALSE(r.ignored("sub/keep.yaml", false));
  CHECK(r.ignored("tmp", true));
  CHECK_FALSE(r.ignored("tmp", false));  // a file named tmp stays
  CHECK(r.ignored("logs/2024/x.txt", false));
  CHECK_FALSE(r.ignored("logs", true));
  CHECK(r.ignored("secret/a.key", false));
  CHECK(r.ignored("deep/er/secret/a.key", false));
  CHECK_FALSE(r.ignored("secret/a.pem", false));
  CHECK(r.ignored("a/z.txt", false));
  CHECK(r.ignored("a/b/c/z.txt", false));
  CHECK_FALSE(r.ignored("b/z.txt", false));
}

TEST_CASE("sourceignore: a nested file applies below its folder and overrides the parent") {
  IgnoreRules r;
  r.add("", "*.txt\n");
  r.add("sub", "!important.txt\n/local.yaml\n");
  CHECK(r.ignored("important.txt", false));
  CHECK_FALSE(r.ignored("sub/important.txt", false));
  CHECK(r.ignored("sub/other.txt", false));
  CHECK(r.ignored("sub/local.yaml", false));
  CHECK_FALSE(r.ignored("local.yaml", false));
  CHECK_FALSE(r.ignored("sub/x/local.yaml", false));
  CHECK_FALSE(r.ignored("subway/local.yaml", false));
}

TEST_CASE("sourceignore: character classes and question marks stay in one segment") {
  IgnoreRules r;
  r.add("", "file?.cfg\n[!a]*.bak\nv[0-9].json\n");
  CHECK(r.ignored("file1.cfg", false));
  CHECK_FALSE(r.ignored("file/.cfg", false));
  CHECK_FALSE(r.ignored("file12.cfg", false));
  CHECK(r.ignored("b.bak", false));
  CHECK_FALSE(r.ignored("a.bak", false));
  CHECK(r.ignored("v3.json", false));
  CHECK_FALSE(r.ignored("vx.json", false));
}
