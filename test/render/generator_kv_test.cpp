#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../../src/render/generator_kv.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

std::string pairsText(const std::vector<KvPair>& pairs) {
  std::string out;
  for (const KvPair& kv : pairs) out += "[" + kv.key + "]=[" + kv.value + "]\n";
  return out;
}

std::string envText(std::string_view content) {
  auto r = parseEnvFile(content);
  REQUIRE(r.ok());
  return pairsText(*r);
}

}  // namespace

TEST_CASE("literal sources split at the first '=' and lose one pair of matching quotes") {
  auto check = [](std::string_view src, const std::string& key, const std::string& value) {
    auto kv = parseLiteralSource(src);
    REQUIRE(kv.ok());
    CHECK(kv->key == key);
    CHECK(kv->value == value);
  };
  check("A=1", "A", "1");
  check("D=x=y", "D", "x=y");
  check("B=\"quoted\"", "B", "quoted");
  check("C='single'", "C", "single");
  check("E=\"unbalanced", "E", "\"unbalanced");
  check("F=", "F", "");
  check("G=\" spaced \"", "G", " spaced ");
  check("H=\"", "H", "\"");
  check("I='mixed\"", "I", "'mixed\"");
  check("a b=x", "a b", "x");
}

TEST_CASE("literal sources without a key or '=' are errors") {
  auto noEq = parseLiteralSource("NOEQ");
  REQUIRE_FALSE(noEq.ok());
  CHECK(noEq.status().message() == "invalid literal source \"NOEQ\", expected key=value");
  auto noKey = parseLiteralSource("=x");
  REQUIRE_FALSE(noKey.ok());
  CHECK(noKey.status().message() == "invalid literal source \"=x\", expected key=value");
}

TEST_CASE("file sources take the base name as key unless key=path is given") {
  auto a = parseFileSource("sub/dir/app.properties");
  REQUIRE(a.ok());
  CHECK(a->key == "app.properties");
  CHECK(a->path == "sub/dir/app.properties");
  auto b = parseFileSource("k/x=f.txt");
  REQUIRE(b.ok());
  CHECK(b->key == "k/x");
  CHECK(b->path == "f.txt");
  auto c = parseFileSource("dir/");
  REQUIRE(c.ok());
  CHECK(c->key == "dir");
  auto d = parseFileSource("k=f.txt&z");
  REQUIRE(d.ok());
  CHECK(d->path == "f.txt&z");
}

TEST_CASE("file sources with a misplaced '=' are errors") {
  auto msg = [](std::string_view src) {
    auto r = parseFileSource(src);
    REQUIRE_FALSE(r.ok());
    return r.status().message();
  };
  CHECK(msg("=f.txt") == "missing key name for file path \"f.txt\" in source \"=f.txt\"");
  CHECK(msg("k=") == "missing file path for key name \"k\" in source \"k=\"");
  CHECK(msg("x=eq=name.txt") == "source \"x=eq=name.txt\" key name or file path contains '='");
}

TEST_CASE("env files: comments, blanks, quotes kept, bare keys empty, BOM and CR dropped") {
  std::string content =
      "\xEF\xBB\xBF"
      "FIRST=bom\n"
      "# comment\n"
      "\n"
      "   \n"
      "  INDENT=x\n"
      "Q=\"quoted\"\n"
      "S='single'\n"
      "NOVAL\n"
      "EMPTY=\n"
      "EQ=a=b\n"
      "TRAIL=  sp  \n"
      "\tTAB=t\r\n"
      " A B =x\n"
      "=skipped\n"
      "\xEF\xBB\xBFNOTFIRST=1\n"
      "LAST=no newline";
  CHECK(envText(content) ==
        "[FIRST]=[bom]\n"
        "[INDENT]=[x]\n"
        "[Q]=[\"quoted\"]\n"
        "[S]=['single']\n"
        "[NOVAL]=[]\n"
        "[EMPTY]=[]\n"
        "[EQ]=[a=b]\n"
        "[TRAIL]=[  sp  ]\n"
        "[TAB]=[t]\n"
        "[A B ]=[x]\n"
        "[\xEF\xBB\xBFNOTFIRST]=[1]\n"
        "[LAST]=[no newline]\n");
}

TEST_CASE("env files: unicode spaces are trimmed on the left only") {
  CHECK(envText("\xC2\xA0\xE3\x80\x80K=v\xC2\xA0\n") == "[K]=[v\xC2\xA0]\n");
}

TEST_CASE("env files: reading stops silently at a line longer than 64 KiB") {
  std::string ok(65535, 'x');
  CHECK(envText("A=1\n" + ok + "\nB=2\n") == "[A]=[1]\n[" + ok + "]=[]\n[B]=[2]\n");
  std::string tooLong(65536, 'x');
  CHECK(envText("A=1\n" + tooLong + "\nB=2\n") == "[A]=[1]\n");
  CHECK(envText("A=1\n" + tooLong) == "[A]=[1]\n");
}

TEST_CASE("env files: invalid UTF-8 is an error naming the line") {
  auto r = parseEnvFile("A=1\n# \xff comment\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "line 2: invalid UTF-8");
}
