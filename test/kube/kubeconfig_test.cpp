// Kubeconfig loading as kubectl does it: files, merging, overrides and exact error messages.
#include <catch2/catch.hpp>

#include "gitsync/kube/kubeconfig.h"
#include "kube/kubeconfig_model.h"
#include "temp_dir.h"

using namespace gitsync;
using namespace gitsync::kube;
using gitsync::kube::testing::TempDir;

namespace {

const std::string kCaPem = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n";
const std::string kCertPem = "-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n";
const std::string kKeyPem = "-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n";

std::string base64(const std::string& in) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// A kubeconfig with embedded credentials (as scripts/dev-cluster.sh writes them).
std::string embedded(const std::string& server = "https://127.0.0.1:6443") {
  return "apiVersion: v1\nkind: Config\n"
         "clusters:\n- name: dev\n  cluster:\n    server: " + server + "\n"
         "    certificate-authority-data: " + base64(kCaPem) + "\n"
         "users:\n- name: admin\n  user:\n"
         "    client-certificate-data: " + base64(kCertPem) + "\n"
         "    client-key-data: " + base64(kKeyPem) + "\n"
         "contexts:\n- name: dev\n  context:\n    cluster: dev\n    user: admin\n"
         "current-context: dev\n";
}

Environment noEnv() {
  Environment env;
  env.serviceAccountDir = "/nonexistent";
  return env;
}

Result<RestConfig> loadFile(const std::string& file, LoadOptions options = {}) {
  options.kubeconfig = file;
  return loadRestConfig(options, noEnv());
}

}  // namespace

TEST_CASE("kubeconfig with embedded data gives server, decoded PEM and the default namespace") {
  TempDir dir;
  std::string file = dir.write("config", embedded());
  auto config = loadFile(file);
  INFO(config.status().message());
  REQUIRE(config.ok());
  CHECK(config->server == "https://127.0.0.1:6443");
  CHECK(config->caData == kCaPem);
  CHECK(config->certData == kCertPem);
  CHECK(config->keyData == kKeyPem);
  CHECK(config->caFile.empty());
  CHECK(config->ns == "default");
  CHECK_FALSE(config->insecureSkipTlsVerify);
  CHECK(config->source == "kubeconfig " + file + ", context \"dev\"");
}

TEST_CASE("relative file paths are relative to the kubeconfig's folder") {
  TempDir dir;
  dir.write("certs/ca.crt", kCaPem);
  dir.write("certs/admin.crt", kCertPem);
  dir.write("certs/admin.key", kKeyPem);
  dir.write("certs/token", "s3cret\n");
  std::string file = dir.write("kube/config",
      "clusters:\n- name: c\n  cluster:\n    server: https://k:6443/\n"
      "    certificate-authority: ../certs/ca.crt\n"
      "users:\n- name: u\n  user:\n    client-certificate: ../certs/admin.crt\n"
      "    client-key: ../certs/admin.key\n    tokenFile: ../certs/token\n"
      "contexts:\n- name: x\n  context: {cluster: c, user: u, namespace: team}\n"
      "current-context: x\n");
  auto config = loadFile(file);
  INFO(config.status().message());
  REQUIRE(config.ok());
  CHECK(config->server == "https://k:6443");
  CHECK(config->caFile == dir.str("certs/ca.crt"));
  CHECK(config->caData == kCaPem);
  CHECK(config->certFile == dir.str("certs/admin.crt"));
  CHECK(config->certData == kCertPem);
  CHECK(config->keyData == kKeyPem);
  CHECK(config->tokenFile == dir.str("certs/token"));
  CHECK(config->ns == "team");
}

TEST_CASE("Options --context and --namespace override the kubeconfig's choices") {
  TempDir dir;
  std::string file = dir.write("config",
      "clusters:\n- name: a\n  cluster: {server: https://a}\n"
      "- name: b\n  cluster: {server: 'b:443', insecure-skip-tls-verify: true}\n"
      "users:\n- name: t\n  user: {token: abc}\n"
      "contexts:\n- name: one\n  context: {cluster: a, user: t, namespace: n1}\n"
      "- name: two\n  context: {cluster: b, user: t}\n"
      "current-context: one\n");
  auto one = loadFile(file);
  REQUIRE(one.ok());
  CHECK(one->server == "https://a");
  CHECK(one->ns == "n1");
  CHECK(one->token == "abc");

  auto two = loadFile(file, {"", "two", ""});
  REQUIRE(two.ok());
  CHECK(two->server == "https://b:443");  // no scheme: https, as kubectl
  CHECK(two->insecureSkipTlsVerify);
  CHECK(two->ns == "default");

  auto overridden = loadFile(file, {"", "", "elsewhere"});
  REQUIRE(overridden.ok());
  CHECK(overridden->ns == "elsewhere");
}

TEST_CASE("KUBECONFIG files merge: the first to set a key wins it whole") {
  TempDir dir;
  std::string first = dir.write("first",
      "clusters:\n- name: shared\n  cluster: {server: https://first}\n"
      "users:\n- name: me\n  user: {token: first-token}\n"
      "contexts:\n- name: ctx\n  context: {cluster: shared, user: me}\n");
  std::string second = dir.write("second",
      "clusters:\n- name: shared\n  cluster: {server: https://second, insecure-skip-tls-verify: true}\n"
      "- name: only-second\n  cluster: {server: https://only-second}\n"
      "users:\n- name: me\n  user: {token: second-token, username: bob, password: pw}\n"
      "contexts:\n- name: ctx\n  context: {cluster: only-second, user: me}\n"
      "- name: other\n  context: {cluster: only-second}\n"
      "current-context: ctx\n");
  std::string third = dir.write("third", "current-context: other\n");
  Environment env = noEnv();
  env.kubeconfig = first + ":" + dir.str("missing") + "::" + second + ":" + third + ":" + first;
  auto config = loadRestConfig({}, env);
  INFO(config.status().message());
  REQUIRE(config.ok());
  // current-context from the second file (the first sets none), context "ctx" from the first.
  CHECK(config->server == "https://first");
  CHECK_FALSE(config->insecureSkipTlsVerify);  // nothing of the second file's "shared"
  CHECK(config->token == "first-token");
  CHECK(config->username.empty());  // nothing of the second file's "me"
  CHECK(config->source == "kubeconfig " + first + ":" + second + ":" + third +
                              ", context \"ctx\"");

  auto other = loadRestConfig({"", "other", ""}, env);
  REQUIRE(other.ok());
  CHECK(other->server == "https://only-second");
}

TEST_CASE("without KUBECONFIG, ~/.kube/config is read") {
  TempDir dir;
  dir.write(".kube/config", embedded("https://home:6443"));
  Environment env = noEnv();
  env.home = dir.str();
  auto config = loadRestConfig({}, env);
  REQUIRE(config.ok());
  CHECK(config->server == "https://home:6443");
  env.kubeconfig = "";  // set but empty: ignored, as kubectl does
  CHECK(loadRestConfig({}, env).ok());
}

TEST_CASE("no kubeconfig at all and no in-cluster environment is FailedPrecondition") {
  TempDir dir;
  Environment env = noEnv();
  env.home = dir.str();
  auto config = loadRestConfig({}, env);
  CHECK(config.status().code() == Code::FailedPrecondition);
  CHECK(config.status().message() == "kubeconfig: no configuration: " + dir.str(".kube/config") +
                                         " not found, and KUBERNETES_SERVICE_HOST is not set");
}

TEST_CASE("an explicit --kubeconfig must exist") {
  TempDir dir;
  auto config = loadFile(dir.str("nope"));
  CHECK(config.status().code() == Code::NotFound);
  CHECK(config.status().message() ==
        "kubeconfig " + dir.str("nope") + ": No such file or directory");
}

TEST_CASE("kubeconfig errors name the file and the entry") {
  TempDir dir;
  struct Case {
    std::string text;
    LoadOptions options;
    Code code;
    std::string message;  // after "kubeconfig <file>: "
  };
  std::string ok = "clusters:\n- name: c\n  cluster: {server: https://c}\n";
  std::vector<Case> cases = {
      {"clusters: [\n", {}, Code::InvalidArgument, "line 1: did not find expected node content"},
      {"- a\n", {}, Code::InvalidArgument, "expected a map at the top"},
      {"clusters: {}\n", {}, Code::InvalidArgument, "clusters: expected a list"},
      {"clusters:\n- cluster: {server: x}\n", {}, Code::InvalidArgument, "clusters[0]: missing name"},
      {"clusters:\n- name: c\n- name: c\n", {}, Code::InvalidArgument,
       "clusters: duplicate name \"c\""},
      {"clusters:\n- name: c\n  cluster: {certificate-authority-data: '!!'}\n", {},
       Code::InvalidArgument, "cluster \"c\": certificate-authority-data: invalid base64"},
      {"clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: maybe}\n", {},
       Code::InvalidArgument, "cluster \"c\": insecure-skip-tls-verify: expected true or false, "
                              "got \"maybe\""},
      {"users:\n- name: u\n  user: [1]\n", {}, Code::InvalidArgument,
       "user \"u\": user: expected a map"},
      {ok, {}, Code::FailedPrecondition, "current-context is not set and no context was given"},
      {ok + "current-context: nope\n", {}, Code::NotFound, "context \"nope\" not found"},
      {ok + "contexts:\n- name: x\n  context: {cluster: gone}\n", {"", "x", ""}, Code::NotFound,
       "context \"x\": cluster \"gone\" not found"},
      {ok + "contexts:\n- name: x\n  context: {user: u}\n", {"", "x", ""}, Code::InvalidArgument,
       "context \"x\": cluster is not set"},
      {ok + "contexts:\n- name: x\n  context: {cluster: c, user: ghost}\n", {"", "x", ""},
       Code::NotFound, "context \"x\": user \"ghost\" not found"},
      {"clusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: x\n  context: {cluster: c}\n",
       {"", "x", ""}, Code::InvalidArgument, "cluster \"c\": server is not set"},
      {"clusters:\n- name: c\n  cluster: {server: 'ftp://c'}\ncontexts:\n- name: x\n"
       "  context: {cluster: c}\n",
       {"", "x", ""}, Code::InvalidArgument,
       "cluster \"c\": server \"ftp://c\" is not an http(s) URL"},
      {"clusters:\n- name: c\n  cluster: {server: https://c, certificate-authority: ca,\n"
       "    certificate-authority-data: " + base64(kCaPem) + "}\n"
       "contexts:\n- name: x\n  context: {cluster: c}\n",
       {"", "x", ""}, Code::InvalidArgument,
       "cluster \"c\": certificate-authority and certificate-authority-data are both set"},
      {"clusters:\n- name: c\n  cluster: {server: https://c, insecure-skip-tls-verify: true,\n"
       "    certificate-authority-data: " + base64(kCaPem) + "}\n"
       "contexts:\n- name: x\n  context: {cluster: c}\n",
       {"", "x", ""}, Code::InvalidArgument,
       "cluster \"c\": insecure-skip-tls-verify and a certificate authority are both set"},
      {"clusters:\n- name: c\n  cluster: {server: https://c, certificate-authority-data: "
       "aGVsbG8=}\ncontexts:\n- name: x\n  context: {cluster: c}\n",
       {"", "x", ""}, Code::InvalidArgument,
       "cluster \"c\": certificate-authority-data: no PEM CERTIFICATE in it"},
      {"clusters:\n- name: c\n  cluster: {server: https://c, tls-server-name: k}\n"
       "contexts:\n- name: x\n  context: {cluster: c}\n",
       {"", "x", ""}, Code::Unimplemented, "cluster \"c\": tls-server-name is not supported"},
      {ok + "users:\n- name: u\n  user:\n    exec: {command: aws}\n"
            "contexts:\n- name: x\n  context: {cluster: c, user: u}\n",
       {"", "x", ""}, Code::Unimplemented, "user \"u\": exec credential plugins are not supported"},
      {ok + "users:\n- name: u\n  user: {client-certificate-data: " + base64(kCertPem) + "}\n"
            "contexts:\n- name: x\n  context: {cluster: c, user: u}\n",
       {"", "x", ""}, Code::InvalidArgument, "user \"u\": client-certificate without client-key"},
      {ok + "users:\n- name: u\n  user: {client-certificate: a.crt, client-certificate-data: " +
            base64(kCertPem) + "}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n",
       {"", "x", ""}, Code::InvalidArgument,
       "user \"u\": client-certificate and client-certificate-data are both set"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    std::string file = dir.write("config" + std::to_string(i), c.text);
    auto config = loadFile(file, c.options);
    INFO("case " << i << ": " << c.text);
    CHECK(config.status().code() == c.code);
    if (c.message.rfind("line ", 0) == 0) {
      CHECK_THAT(config.status().message(), Catch::StartsWith("kubeconfig " + file + ": " + c.message));
    } else {
      CHECK(config.status().message() == "kubeconfig " + file + ": " + c.message);
    }
  }
}

TEST_CASE("a missing certificate file names the kubeconfig entry and the file") {
  TempDir dir;
  std::string file = dir.write("config",
      "clusters:\n- name: c\n  cluster: {server: https://c, certificate-authority: ca.crt}\n"
      "contexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n");
  auto config = loadFile(file);
  CHECK(config.status().code() == Code::NotFound);
  CHECK(config.status().message() == "kubeconfig " + file +
                                         ": cluster \"c\": certificate-authority " +
                                         dir.str("ca.crt") + ": No such file or directory");
}

TEST_CASE("an error in the second KUBECONFIG file names that file") {
  TempDir dir;
  std::string first = dir.write("a", embedded());
  std::string second = dir.write("b", "users:\n- name: u\n  user: {client-key-data: '%%%'}\n");
  Environment env = noEnv();
  env.kubeconfig = first + ":" + second;
  auto config = loadRestConfig({}, env);
  CHECK(config.status().code() == Code::InvalidArgument);
  CHECK(config.status().message() ==
        "kubeconfig " + second + ": user \"u\": client-key-data: invalid base64");
}

TEST_CASE("an empty kubeconfig file is an empty configuration") {
  TempDir dir;
  std::string file = dir.write("config", "");
  auto parsed = readKubeconfig(file);
  REQUIRE(parsed.ok());
  CHECK(parsed->clusters.empty());
  auto config = loadFile(file);
  CHECK(config.status().message() ==
        "kubeconfig " + file + ": current-context is not set and no context was given");
}
