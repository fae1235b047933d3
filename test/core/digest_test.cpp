#include <catch2/catch.hpp>

#include "gitsync/core/digest.h"

using gitsync::core::hexLower;
using gitsync::core::sha256Hex;

TEST_CASE("hexLower: two lower-case digits per byte") {
  CHECK(hexLower("") == "");
  CHECK(hexLower(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
}

TEST_CASE("sha256Hex: the SHA-256 of the bytes in lower-case hex") {
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
