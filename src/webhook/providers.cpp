// The per-provider checks: which header carries the secret, which names the event.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/webhook/signature.h"

namespace gitsync::webhook {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Ignore unless `event` is one of `events` (case-insensitive); every event when empty.
CheckResult filterEvent(const std::string& event, const std::vector<std::string>& events) {
  bool wanted = events.empty() ||
                std::any_of(events.begin(), events.end(),
                            [&](const std::string& e) { return equalsIgnoreCase(e, event); });
  if (!wanted) return {Verdict::Ignore, "event " + event + " not in spec.events"};
  return {Verdict::Trigger, "event " + event};
}

// A "<algorithm>=<hex>" HMAC in `name`, or Reject naming what is wrong.
std::optional<CheckResult> rejectHmac(const HookCall& call, std::string_view name,
                                      HmacAlgorithm algorithm, std::string_view token) {
  std::string value = call.header(name);
  if (value.empty()) return CheckResult{Verdict::Reject, std::string(name) + " missing"};
  if (!verifyHmacHeader(value, algorithm, token, call.body)) {
    return CheckResult{Verdict::Reject, std::string(name) + " mismatch"};
  }
  return std::nullopt;
}

}  // namespace

CheckResult checkGitHub(const HookCall& call, std::string_view token,
                        const std::vector<std::string>& events) {
  if (auto rejected = rejectHmac(call, "X-Hub-Signature-256", HmacAlgorithm::Sha256, token)) {
    return *rejected;
  }
  std::string event = call.header("X-GitHub-Event");
  if (event == "ping") return {Verdict::Ignore, "ping"};
  return filterEvent(event, events);
}

CheckResult checkGitLab(const HookCall& call, std::string_view token,
                        const std::vector<std::string>& events) {
  std::string given = call.header("X-Gitlab-Token");
  if (given.empty()) return {Verdict::Reject, "X-Gitlab-Token missing"};
  if (!constantTimeEquals(given, token)) return {Verdict::Reject, "X-Gitlab-Token mismatch"};
  return filterEvent(call.header("X-Gitlab-Event"), events);
}

CheckResult checkBitbucket(const HookCall& call, std::string_view token,
                           const std::vector<std::string>& events) {
  if (auto rejected = rejectHmac(call, "X-Hub-Signature", HmacAlgorithm::Sha256, token)) {
    return *rejected;
  }
  std::string event = call.header("X-Event-Key");
  if (event == "diagnostics:ping") return {Verdict::Ignore, "ping"};
  return filterEvent(event, events);
}

CheckResult checkGeneric(const HookCall&) { return {Verdict::Trigger, "generic"}; }

CheckResult checkGenericHmac(const HookCall& call, std::string_view token) {
  std::string value = call.header("X-Signature");
  if (value.empty()) return {Verdict::Reject, "X-Signature missing"};
  std::string_view algorithm = std::string_view(value).substr(0, value.find('='));
  HmacAlgorithm chosen;
  if (algorithm == "sha1") {
    chosen = HmacAlgorithm::Sha1;
  } else if (algorithm == "sha256") {
    chosen = HmacAlgorithm::Sha256;
  } else if (algorithm == "sha512") {
    chosen = HmacAlgorithm::Sha512;
  } else {
    return {Verdict::Reject, "X-Signature: unsupported algorithm"};
  }
  if (!verifyHmacHeader(value, chosen, token, call.body)) {
    return {Verdict::Reject, "X-Signature mismatch"};
  }
  return {Verdict::Trigger, "X-Signature " + std::string(algorithm)};
}

CheckResult checkCall(std::string_view type, const HookCall& call, std::string_view token,
                      const std::vector<std::string>& events) {
  if (type == kGitHub) return checkGitHub(call, token, events);
  if (type == kGitLab) return checkGitLab(call, token, events);
  if (type == kBitbucket) return checkBitbucket(call, token, events);
  if (type == kGeneric) return checkGeneric(call);
  if (type == kGenericHmac) return checkGenericHmac(call, token);
  return {Verdict::Reject, "unknown receiver type \"" + std::string(type) + "\""};
}

}  // namespace gitsync::webhook
