#pragma once
// Authenticating one webhook call, one function per Receiver type. Each decides from the
// headers and the raw body alone (no I/O), so every provider's rules are unit-tested with
// known vectors. Secrets are compared in constant time (CRYPTO_memcmp) and never appear in
// the returned detail.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gitsync::webhook {

// Receiver spec.type values.
inline constexpr char kGitHub[] = "github";
inline constexpr char kGitLab[] = "gitlab";
inline constexpr char kBitbucket[] = "bitbucket";
inline constexpr char kGeneric[] = "generic";
inline constexpr char kGenericHmac[] = "generic-hmac";

enum class Verdict {
  Trigger,  // authentic and wanted: annotate the targets (200)
  Ignore,   // authentic, nothing to do: a ping or an event spec.events filters out (200)
  Reject,   // missing or wrong signature or token, unknown type (401)
};

struct CheckResult {
  Verdict verdict = Verdict::Reject;
  // For the log: "event push", "ping", "event issues not in spec.events",
  // "X-Hub-Signature-256 missing", "X-Hub-Signature-256 mismatch". Never a secret.
  std::string detail;
  bool operator==(const CheckResult&) const = default;
};

// One call as the checks see it. `header` looks a header up by name, case-insensitively,
// and returns "" when it is absent.
struct HookCall {
  std::function<std::string(std::string_view name)> header;
  std::string_view body;
};

// X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body keyed with the token>;
// X-GitHub-Event "ping" is ignored, other events are filtered by `events`.
CheckResult checkGitHub(const HookCall& call, std::string_view token,
                        const std::vector<std::string>& events);
// X-Gitlab-Token equals the token; X-Gitlab-Event filtered by `events`.
CheckResult checkGitLab(const HookCall& call, std::string_view token,
                        const std::vector<std::string>& events);
// Bitbucket Server: X-Hub-Signature: sha256=<hex>; X-Event-Key "diagnostics:ping" is
// ignored, other keys are filtered by `events`.
CheckResult checkBitbucket(const HookCall& call, std::string_view token,
                           const std::vector<std::string>& events);
// The secret path alone authenticates: always Trigger.
CheckResult checkGeneric(const HookCall& call);
// X-Signature: sha1=<hex> | sha256=<hex> | sha512=<hex>, HMAC of the body with the token.
CheckResult checkGenericHmac(const HookCall& call, std::string_view token);

// The check of Receiver `type`; Reject ("unknown receiver type \"x\"") for other types.
CheckResult checkCall(std::string_view type, const HookCall& call, std::string_view token,
                      const std::vector<std::string>& events);

enum class HmacAlgorithm { Sha1, Sha256, Sha512 };

// Lower-case hex HMAC of `data` keyed with `key`.
std::string hmacHex(HmacAlgorithm algorithm, std::string_view key, std::string_view data);
// Lower-case hex SHA-256 of `data`.
std::string sha256Hex(std::string_view data);

// True when `header` is "<prefix>=<hex>" with `prefix` the name of `algorithm` ("sha1",
// "sha256", "sha512") and hex (either case) the HMAC of `data` keyed with `key`. The digest
// is compared in constant time.
bool verifyHmacHeader(std::string_view header, HmacAlgorithm algorithm, std::string_view key,
                      std::string_view data);

// Constant-time equality of two byte strings (the length is not hidden).
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace gitsync::webhook
