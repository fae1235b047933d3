#include <catch2/catch.hpp>

#include <filesystem>

#include "kube/token_source.h"
#include "temp_dir.h"

using gitsync::kube::TokenSource;
using gitsync::kube::testing::TempDir;

TEST_CASE("a static token is returned as is") {
  TokenSource source("abc", {});
  CHECK(source.token() == "abc");
  TokenSource none("", {});
  CHECK(none.token().empty());
}

TEST_CASE("a token file is re-read when it changes, and kept when it disappears") {
  TempDir dir;
  std::string file = dir.write("token", "first\n");
  auto t0 = std::filesystem::last_write_time(file);
  TokenSource source("static", file);
  CHECK(source.token() == "first");
  CHECK(source.token() == "first");

  dir.write("token", "second-token\n");
  std::filesystem::last_write_time(file, t0 + std::chrono::seconds(5));
  CHECK(source.token() == "second-token");

  // Same size, newer time (a rotation that kept the length).
  dir.write("token", "third-token!\n");
  std::filesystem::last_write_time(file, t0 + std::chrono::seconds(10));
  CHECK(source.token() == "third-token!");

  std::filesystem::remove(file);
  CHECK(source.token() == "third-token!");
}

TEST_CASE("an unreadable token file falls back to the static token") {
  TempDir dir;
  TokenSource source("static", dir.path() / "missing");
  CHECK(source.token() == "static");
}
