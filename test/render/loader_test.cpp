#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "gitsync/render/context.h"

using namespace gitsync;
using namespace gitsync::render;
namespace fs = std::filesystem;

namespace {
struct TempTree {
  fs::path root;
  TempTree() {
    root = fs::temp_directory_path() / ("gitsync-loader-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "repo/app/sub");
    fs::create_directories(root / "repo/base");
    std::ofstream(root / "repo/app/a.yaml") << "a: 1\n";
    std::ofstream(root / "repo/app/sub/b.yaml") << "b: 2\n";
    std::ofstream(root / "repo/secret.yaml") << "s: 3\n";
    std::ofstream(root / "outside.yaml") << "o: 4\n";
    fs::create_symlink("../secret.yaml", root / "repo/app/link.yaml");
    fs::create_symlink("../../outside.yaml", root / "repo/app/out.yaml");
  }
  ~TempTree() { fs::remove_all(root); }
};
}  // namespace

TEST_CASE("FileLoader reads files in or below its folder") {
  TempTree t;
  FileLoader loader(t.root / "repo", t.root / "repo/app");
  REQUIRE(*loader.read("a.yaml") == "a: 1\n");
  REQUIRE(*loader.read("sub/b.yaml") == "b: 2\n");
  auto missing = loader.read("nope.yaml");
  REQUIRE(missing.status().code() == Code::NotFound);
  REQUIRE(missing.status().message() == "file 'app/nope.yaml' not found");
}

TEST_CASE("FileLoader refuses ../ and symlinks leaving the folder or the repository") {
  TempTree t;
  FileLoader loader(t.root / "repo", t.root / "repo/app");
  REQUIRE(loader.read("../secret.yaml").status().message() ==
          "security; file 'secret.yaml' is not in or below 'app'");
  REQUIRE(loader.read("link.yaml").status().message() ==
          "security; file 'secret.yaml' is not in or below 'app'");
  REQUIRE(loader.read("out.yaml").status().message() ==
          "security; file 'out.yaml' resolves outside the repository root");
}

TEST_CASE("FileLoader::resolveDir allows siblings but not ancestors") {
  TempTree t;
  FileLoader loader(t.root / "repo", t.root / "repo/app");
  REQUIRE(loader.resolveDir("../base").ok());
  REQUIRE(loader.resolveDir("..").status().message() == "cycle detected: '.' contains 'app'");
  REQUIRE(loader.resolveDir("../..").status().message() ==
          "security; folder '../..' resolves outside the repository root");
  REQUIRE(loader.resolveDir("a.yaml").status().code() == Code::NotFound);
}
