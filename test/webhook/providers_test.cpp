#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "gitsync/webhook/signature.h"

using namespace gitsync::webhook;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Headers looked up case-insensitively, as the server does.
struct Call {
  std::map<std::string, std::string> headers;
  std::string body = R"({"ref":"refs/heads/main"})";

  HookCall view() const {
    return {[this](std::string_view name) {
              for (const auto& [k, v] : headers) {
                if (lower(k) == lower(std::string(name))) return v;
              }
              return std::string();
            },
            body};
  }
};

const std::string kToken = "s3cr3t";
const std::string kBody = R"({"ref":"refs/heads/main"})";
// printf '%s' '{"ref":"refs/heads/main"}' | openssl dgst -sha256 -hmac s3cr3t
const std::string kBodySha256 = "sha256=" + hmacHex(HmacAlgorithm::Sha256, kToken, kBody);

CheckResult trigger(std::string detail) { return {Verdict::Trigger, std::move(detail)}; }
CheckResult ignore(std::string detail) { return {Verdict::Ignore, std::move(detail)}; }
CheckResult reject(std::string detail) { return {Verdict::Reject, std::move(detail)}; }

}  // namespace

TEST_CASE("the test body's HMAC is the one openssl computes") {
  CHECK(kBodySha256 == "sha256=8588fd50c04ac2c191575340c4c0fe284157898def8e4d10af822f05dd7c9bb5");
}

TEST_CASE("github: signature, ping and event filter") {
  Call call{{{"x-hub-signature-256", kBodySha256}, {"X-GitHub-Event", "push"}}};
  CHECK(checkGitHub(call.view(), kToken, {}) == trigger("event push"));
  CHECK(checkGitHub(call.view(), kToken, {"PUSH"}) == trigger("event push"));
  CHECK(checkGitHub(call.view(), kToken, {"release"}) ==
        ignore("event push not in spec.events"));
  CHECK(checkGitHub(call.view(), "other", {}) == reject("X-Hub-Signature-256 mismatch"));

  call.headers["X-GitHub-Event"] = "ping";
  CHECK(checkGitHub(call.view(), kToken, {"release"}) == ignore("ping"));

  Call tampered = call;
  tampered.body += " ";
  CHECK(checkGitHub(tampered.view(), kToken, {}) == reject("X-Hub-Signature-256 mismatch"));

  Call sha1Only{{{"X-Hub-Signature", "sha1=" + hmacHex(HmacAlgorithm::Sha1, kToken, kBody)},
                 {"X-GitHub-Event", "push"}}};
  CHECK(checkGitHub(sha1Only.view(), kToken, {}) == reject("X-Hub-Signature-256 missing"));
}

TEST_CASE("gitlab: token header and event filter") {
  Call call{{{"X-Gitlab-Token", kToken}, {"X-Gitlab-Event", "Push Hook"}}};
  CHECK(checkGitLab(call.view(), kToken, {}) == trigger("event Push Hook"));
  CHECK(checkGitLab(call.view(), kToken, {"push hook", "Tag Push Hook"}) ==
        trigger("event Push Hook"));
  CHECK(checkGitLab(call.view(), kToken, {"Tag Push Hook"}) ==
        ignore("event Push Hook not in spec.events"));
  CHECK(checkGitLab(call.view(), kToken + "x", {}) == reject("X-Gitlab-Token mismatch"));
  call.headers.erase("X-Gitlab-Token");
  CHECK(checkGitLab(call.view(), kToken, {}) == reject("X-Gitlab-Token missing"));
}

TEST_CASE("bitbucket server: X-Hub-Signature, diagnostics:ping and event keys") {
  Call call{{{"X-Hub-Signature", kBodySha256}, {"X-Event-Key", "repo:refs_changed"}}};
  CHECK(checkBitbucket(call.view(), kToken, {}) == trigger("event repo:refs_changed"));
  CHECK(checkBitbucket(call.view(), kToken, {"pr:merged"}) ==
        ignore("event repo:refs_changed not in spec.events"));
  call.headers["X-Event-Key"] = "diagnostics:ping";
  CHECK(checkBitbucket(call.view(), kToken, {"pr:merged"}) == ignore("ping"));
  call.headers["X-Hub-Signature"] = "sha1=" + hmacHex(HmacAlgorithm::Sha1, kToken, kBody);
  CHECK(checkBitbucket(call.view(), kToken, {}) == reject("X-Hub-Signature mismatch"));
  call.headers.erase("X-Hub-Signature");
  CHECK(checkBitbucket(call.view(), kToken, {}) == reject("X-Hub-Signature missing"));
}

TEST_CASE("generic: the path alone authenticates") {
  Call call;
  CHECK(checkGeneric(call.view()) == trigger("generic"));
  CHECK(checkCall(kGeneric, call.view(), kToken, {"push"}) == trigger("generic"));
}

TEST_CASE("generic-hmac: sha1, sha256 and sha512 signatures") {
  for (auto [name, algorithm] : std::vector<std::pair<std::string, HmacAlgorithm>>{
           {"sha1", HmacAlgorithm::Sha1},
           {"sha256", HmacAlgorithm::Sha256},
           {"sha512", HmacAlgorithm::Sha512}}) {
    Call call{{{"X-Signature", name + "=" + hmacHex(algorithm, kToken, kBody)}}};
    CHECK(checkGenericHmac(call.view(), kToken) == trigger("X-Signature " + name));
    CHECK(checkGenericHmac(call.view(), "wrong") == reject("X-Signature mismatch"));
  }
  Call md5{{{"X-Signature", "md5=00"}}};
  CHECK(checkGenericHmac(md5.view(), kToken) == reject("X-Signature: unsupported algorithm"));
  Call none;
  CHECK(checkGenericHmac(none.view(), kToken) == reject("X-Signature missing"));
}

TEST_CASE("checkCall dispatches on the type and rejects unknown types") {
  Call call{{{"X-Gitlab-Token", kToken}, {"X-Gitlab-Event", "Push Hook"}}};
  CHECK(checkCall(kGitLab, call.view(), kToken, {}) == trigger("event Push Hook"));
  CHECK(checkCall(kGitHub, call.view(), kToken, {}) == reject("X-Hub-Signature-256 missing"));
  CHECK(checkCall("gitea", call.view(), kToken, {}) ==
        reject("unknown receiver type \"gitea\""));
}
