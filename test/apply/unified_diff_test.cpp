#include <catch2/catch.hpp>

#include "gitsync/apply/diff.h"

using gitsync::apply::unifiedDiff;

TEST_CASE("unifiedDiff: equal texts give nothing") {
  CHECK(unifiedDiff("a\nb\n", "a\nb\n", "x", "y").empty());
}

TEST_CASE("unifiedDiff: a changed line with 3 lines of context") {
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  CHECK(unifiedDiff(before, after, "a (live)", "a (merged)") ==
        "--- a (live)\n+++ a (merged)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("unifiedDiff: distant changes are separate hunks; creation and deletion") {
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
  std::string after = "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n";
  CHECK(unifiedDiff(before, after, "a", "b") ==
        "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n"
        "-12\n+twelve\n");
  CHECK(unifiedDiff("", "x\ny\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  CHECK(unifiedDiff("x\n", "", "a", "b") == "--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x\n");
}
