// Secret data -> credentials, the tree digest, spec.ignore.
#include <catch2/catch.hpp>

#include <fstream>

#include "controller/gitrepository_artifact.h"
#include "controller/kustomization_substitute.h"

using namespace gitsync::controller;
namespace fs = std::filesystem;

namespace {

struct Dir {
  fs::path root;
  Dir() {
    std::string tmpl = (fs::temp_directory_path() / "gitsync-artifact-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root = tmpl;
  }
  ~Dir() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
};

std::vector<std::string> files(const fs::path& dir) {
  std::vector<std::string> out;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    out.push_back(e.path().lexically_relative(dir).generic_string() +
                  (e.is_directory() ? "/" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("credentials: Flux's secret keys", "[artifact]") {
  auto basic = credentialsOf({{"username", "u"}, {"password", "p"}, {"ca.crt", "PEM"}});
  CHECK(basic.username == "u");
  CHECK(basic.password == "p");
  CHECK(basic.caCert == "PEM");
  CHECK(basic.sshPrivateKey.empty());

  auto ssh = credentialsOf({{"identity", "KEY"}, {"password", "pass"}, {"known_hosts", "KH"}});
  CHECK(ssh.sshPrivateKey == "KEY");
  CHECK(ssh.sshPassphrase == "pass");
  CHECK(ssh.knownHosts == "KH");
  CHECK(ssh.password.empty());  // the password is the key's passphrase here

  CHECK(credentialsOf({{"bearerToken", "t"}}).bearerToken == "t");
}

TEST_CASE("base64 of Secret data", "[artifact]") {
  const auto decode = [](const char* text) { return gitsync::core::decodeBase64(text, kSecretData); };
  CHECK(*decode("") == "");
  CHECK(*decode("YQ==") == "a");
  CHECK(*decode("YWI=") == "ab");
  CHECK(*decode("YWJj") == "abc");
  CHECK_FALSE(decode("YWJ"));
  CHECK_FALSE(decode("Y!==").has_value());
  CHECK_FALSE(decode("YWJj\n"));  // the API server never wraps lines
}

TEST_CASE("digestTree: same tree same digest; content, names and modes count", "[artifact]") {
  Dir a, b;
  for (const Dir* d : {&a, &b}) {
    d->write("x/one.yaml", "1\n");
    d->write("two.yaml", "22\n");
  }
  auto da = digestTree(a.root), db = digestTree(b.root);
  REQUIRE(da.ok());
  REQUIRE(db.ok());
  CHECK(da->digest == db->digest);
  CHECK(da->size == 5);
  CHECK(da->digest.size() == 71);

  b.write("two.yaml", "23\n");
  CHECK(digestTree(b.root)->digest != da->digest);
  b.write("two.yaml", "22\n");
  CHECK(digestTree(b.root)->digest == da->digest);
  fs::permissions(b.root / "two.yaml", fs::perms::owner_exec, fs::perm_options::add);
  CHECK(digestTree(b.root)->digest != da->digest);
  fs::permissions(b.root / "two.yaml", fs::perms::owner_exec, fs::perm_options::remove);
  fs::rename(b.root / "x", b.root / "y");
  CHECK(digestTree(b.root)->digest != da->digest);
}

TEST_CASE("applyIgnore: a filtered copy, made once", "[artifact]") {
  Dir tree, cache;
  tree.write("apps/a.yaml", "a");
  tree.write("apps/a_test.yaml", "t");
  tree.write("docs/readme.md", "r");
  tree.write("docs/keep.yaml", "k");
  auto same = applyIgnore(tree.root, "", cache.root);
  REQUIRE(same.ok());
  CHECK(*same == tree.root);

  auto filtered = applyIgnore(tree.root, "# tests and docs\n*_test.yaml\ndocs/\n", cache.root);
  INFO(filtered.status().message());
  REQUIRE(filtered.ok());
  CHECK(files(*filtered) == std::vector<std::string>{"apps/", "apps/a.yaml"});
  CHECK(files(tree.root).size() == 6);  // the tree itself is untouched
  auto again = applyIgnore(tree.root, "# tests and docs\n*_test.yaml\ndocs/\n", cache.root);
  CHECK(*again == *filtered);
}
