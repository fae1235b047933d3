#include <catch2/catch.hpp>

#include "gitsync/core/base64.h"

using gitsync::core::decodeBase64;

TEST_CASE("decodeBase64 decodes standard base64 with padding and skips line breaks") {
  CHECK(decodeBase64("") == std::string());
  CHECK(decodeBase64("Zg==") == std::string("f"));
  CHECK(decodeBase64("Zm8=") == std::string("fo"));
  CHECK(decodeBase64("Zm9v") == std::string("foo"));
  CHECK(decodeBase64("Zm9v\nYmFy\r\n") == std::string("foobar"));
  CHECK(decodeBase64("AP8=") == std::string("\x00\xff", 2));
}

TEST_CASE("decodeBase64 refuses what Go's StdEncoding refuses") {
  CHECK_FALSE(decodeBase64("Zm9"));       // length not a multiple of 4
  CHECK_FALSE(decodeBase64("Zm9v!A=="));  // not in the alphabet
  CHECK_FALSE(decodeBase64("Z==="));      // three padding characters
  CHECK_FALSE(decodeBase64("Zg==Zg=="));  // padding before the end
  CHECK_FALSE(decodeBase64("Zm9v-_=="));  // URL alphabet
}

TEST_CASE("decodeBase64 without skipWhitespace refuses white space") {
  CHECK(decodeBase64("Zm9v", {.skipWhitespace = false}) == std::string("foo"));
  CHECK_FALSE(decodeBase64("Zm9v\n", {.skipWhitespace = false}));
  CHECK_FALSE(decodeBase64("Zm 9v", {.skipWhitespace = false}));
}

TEST_CASE("decodeBase64 without requirePadding takes unpadded text and drops partial bits") {
  const gitsync::core::Base64Options raw{.requirePadding = false};
  CHECK(decodeBase64("Zm9", raw) == std::string("fo"));
  CHECK(decodeBase64("Zg", raw) == std::string("f"));
  CHECK(decodeBase64("Zg==", raw) == std::string("f"));
  CHECK(decodeBase64("Zg===", raw) == std::string("f"));
  CHECK(decodeBase64("Z", raw) == std::string());
  CHECK(decodeBase64("Zm9v\nYg", raw) == std::string("foob"));
  CHECK_FALSE(decodeBase64("Zg=Zg", raw));  // data after padding
  CHECK_FALSE(decodeBase64("Zm9v!", raw));  // not in the alphabet
}
