// addSourceFlags and toFetchOptions: the flags both source commands parse, and what they read
// from the files the flags name (in a temp dir).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/source_flags.h"

namespace gitsync::cli {
namespace {
namespace fs = std::filesystem;

struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "source-flags-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return path / name;
  }
  fs::path path;
};

// Parses `args` (without the program name) into `options` through addSourceFlags; the
// CLI11 error message, or "" when the arguments parse.
std::string parse(std::vector<std::string> args, SourceCliOptions& options) {
  CLI::App app{"test"};
  addSourceFlags(app, options);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("source flags: the reference flags fill GitRef and exclude each other") {
  SourceCliOptions o;
  CHECK(parse({"--url", "git://h/r", "--ref-name", "refs/pull/7/head"}, o) == "");
  CHECK(o.url == "git://h/r");
  CHECK(o.ref.name == "refs/pull/7/head");
  CHECK(o.ref.branch.empty());
  SourceCliOptions both;
  CHECK(parse({"--branch", "main", "--commit", "abc"}, both) == "--branch excludes --commit");
  SourceCliOptions tagAndName;
  CHECK(parse({"--tag", "v1", "--ref-name", "refs/tags/v1"}, tagAndName) ==
        "--tag excludes --ref-name");
}

TEST_CASE("source flags: paired flags need each other, --verify-mode takes one of three") {
  SourceCliOptions o;
  CHECK(parse({"--verify-mode", "HEAD"}, o) == "--verify-mode requires --verify-key-file");
  CHECK(parse({"--ssh-key-passphrase-file", "p"}, o) ==
        "--ssh-key-passphrase-file requires --ssh-key");
  SourceCliOptions lower;
  CHECK(parse({"--verify-mode", "head", "--verify-key-file", "k"}, lower) ==
        "--verify-mode: head not in {HEAD,Tag,TagAndHEAD}");
}

TEST_CASE("source flags: toFetchOptions trims secrets and keeps keys, known_hosts and CAs") {
  TempDir tmp;
  SourceCliOptions o;
  o.url = "ssh://git@h/r";
  o.ref.branch = "main";
  o.cacheDir = (tmp.path / "cache").string();
  o.timeout = "90s";
  o.username = "alice";
  o.passwordFile = tmp.write("password", "s3cret\r\n").string();
  o.tokenFile = tmp.write("token", "tok\n\n").string();
  o.sshKeyFile = tmp.write("key", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n").string();
  o.sshPassphraseFile = tmp.write("passphrase", "pass\n").string();
  o.knownHostsFile = tmp.write("known_hosts", "h ssh-ed25519 AAAA\n").string();
  o.caFile = tmp.write("ca.pem", "-----BEGIN CERTIFICATE-----\n").string();
  auto r = toFetchOptions(o);
  REQUIRE(r.ok());
  CHECK(r->url == "ssh://git@h/r");
  CHECK(r->ref.branch == "main");
  CHECK(r->fetch.cacheDir == tmp.path / "cache");
  CHECK(r->timeout == std::chrono::seconds(90));
  CHECK(r->fetch.timeout == std::chrono::seconds(90));
  const auto& c = r->fetch.credentials;
  CHECK(c.username == "alice");
  CHECK(c.password == "s3cret");
  CHECK(c.bearerToken == "tok");
  CHECK(c.sshPrivateKey == "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n");
  CHECK(c.sshPassphrase == "pass");
  CHECK(c.knownHosts == "h ssh-ed25519 AAAA\n");
  CHECK(c.caCert == "-----BEGIN CERTIFICATE-----\n");
  CHECK_FALSE(r->verify.has_value());
}

TEST_CASE("source flags: toFetchOptions maps --verify-mode and reads every key file") {
  TempDir tmp;
  SourceCliOptions o;
  o.cacheDir = tmp.path.string();
  o.verifyKeyFiles = {tmp.write("a.pub", "ssh-ed25519 AAAA a\n").string(),
                      tmp.write("b.asc", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n").string()};
  for (auto [flag, mode] : {std::pair{"HEAD", source::VerifyMode::Head},
                            std::pair{"Tag", source::VerifyMode::Tag},
                            std::pair{"TagAndHEAD", source::VerifyMode::TagAndHead}}) {
    o.verifyMode = flag;
    auto r = toFetchOptions(o);
    REQUIRE(r.ok());
    REQUIRE(r->verify.has_value());
    CHECK(r->verify->mode == mode);
    CHECK(r->verify->publicKeys ==
          std::vector<std::string>{"ssh-ed25519 AAAA a", "-----BEGIN PGP PUBLIC KEY BLOCK-----"});
  }
}

TEST_CASE("source flags: toFetchOptions names the bad flag") {
  TempDir tmp;
  SourceCliOptions o;
  o.cacheDir = tmp.path.string();
  o.timeout = "5 minutes";
  auto r = toFetchOptions(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::InvalidArgument);
  CHECK(r.status().message() == "--timeout '5 minutes': expected a duration like 90s, 5m, 1h");

  o.timeout = "1m";
  std::string missing = (tmp.path / "missing").string();
  for (auto [member, flag] :
       {std::pair{&SourceCliOptions::passwordFile, "--password-file"},
        std::pair{&SourceCliOptions::tokenFile, "--token-file"},
        std::pair{&SourceCliOptions::sshKeyFile, "--ssh-key"},
        std::pair{&SourceCliOptions::sshPassphraseFile, "--ssh-key-passphrase-file"},
        std::pair{&SourceCliOptions::knownHostsFile, "--known-hosts"},
        std::pair{&SourceCliOptions::caFile, "--ca-file"}}) {
    SourceCliOptions one = o;
    one.*member = missing;
    auto bad = toFetchOptions(one);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().message() ==
          std::string(flag) + " '" + missing + "': cannot read the file");
  }
  o.verifyMode = "HEAD";
  o.verifyKeyFiles = {missing};
  auto bad = toFetchOptions(o);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "--verify-key-file '" + missing + "': cannot read the file");
}

}  // namespace
}  // namespace gitsync::cli
