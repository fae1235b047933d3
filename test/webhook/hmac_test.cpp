#include <catch2/catch.hpp>

#include <string>

#include "gitsync/webhook/signature.h"

using namespace gitsync::webhook;

// RFC 2202 / RFC 4231 test case 2.
constexpr char kKey[] = "Jefe";
constexpr char kData[] = "what do ya want for nothing?";
constexpr char kSha1[] = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
constexpr char kSha256[] = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
constexpr char kSha512[] =
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";

TEST_CASE("hmacHex matches the RFC 2202 and RFC 4231 vectors") {
  CHECK(hmacHex(HmacAlgorithm::Sha1, kKey, kData) == kSha1);
  CHECK(hmacHex(HmacAlgorithm::Sha256, kKey, kData) == kSha256);
  CHECK(hmacHex(HmacAlgorithm::Sha512, kKey, kData) == kSha512);
}

TEST_CASE("hmacHex matches GitHub's documented example") {
  // docs.github.com "Validating webhook deliveries".
  CHECK(hmacHex(HmacAlgorithm::Sha256, "It's a Secret to Everybody", "Hello, World!") ==
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
}

TEST_CASE("sha256Hex matches FIPS 180-2") {
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("verifyHmacHeader accepts the right digest in either case and nothing else") {
  std::string upper = kSha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(verifyHmacHeader(std::string("sha256=") + kSha256, HmacAlgorithm::Sha256, kKey, kData));
  CHECK(verifyHmacHeader("sha256=" + upper, HmacAlgorithm::Sha256, kKey, kData));
  CHECK(verifyHmacHeader(std::string("sha1=") + kSha1, HmacAlgorithm::Sha1, kKey, kData));
  CHECK(verifyHmacHeader(std::string("sha512=") + kSha512, HmacAlgorithm::Sha512, kKey, kData));

  CHECK_FALSE(verifyHmacHeader(kSha256, HmacAlgorithm::Sha256, kKey, kData));  // no prefix
  CHECK_FALSE(verifyHmacHeader(std::string("sha1=") + kSha256, HmacAlgorithm::Sha256, kKey, kData));
  CHECK_FALSE(verifyHmacHeader(std::string("sha256=") + kSha256, HmacAlgorithm::Sha256, "jefe",
                               kData));
  CHECK_FALSE(verifyHmacHeader(std::string("sha256=") + kSha256, HmacAlgorithm::Sha256, kKey,
                               "what do ya want for nothing!"));
  std::string truncated = std::string("sha256=") + kSha256;
  truncated.pop_back();
  CHECK_FALSE(verifyHmacHeader(truncated, HmacAlgorithm::Sha256, kKey, kData));
  std::string notHex = std::string("sha256=") + kSha256;
  notHex.back() = 'g';
  CHECK_FALSE(verifyHmacHeader(notHex, HmacAlgorithm::Sha256, kKey, kData));
  CHECK_FALSE(verifyHmacHeader("sha256=", HmacAlgorithm::Sha256, kKey, kData));
  CHECK_FALSE(verifyHmacHeader("", HmacAlgorithm::Sha256, kKey, kData));
}

TEST_CASE("constantTimeEquals compares bytes and lengths") {
  CHECK(constantTimeEquals("token", "token"));
  CHECK(constantTimeEquals("", ""));
  CHECK_FALSE(constantTimeEquals("token", "Token"));
  CHECK_FALSE(constantTimeEquals("token", "token "));
  CHECK_FALSE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}
