#pragma once
// Semantic versions (semver.org 2.0) and version constraints in the syntax Flux uses for
// GitRepository spec.ref.semver (Masterminds/semver): comparators `=`, `!=`, `>`, `>=`, `<`,
// `<=`, tilde `~1.2`, caret `^1.0`, x-ranges `1.x` / `1.2.*` / `*`, bare partial versions
// (`1.2` = `1.2.x`), AND by spaces or commas, OR by `||`.
// Pre-release versions match only when a comparator of the same AND group has a pre-release.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gitsync/core/status.h"

namespace gitsync::source {

struct Version {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers after '-'
  std::string build;                    // after '+', ignored in comparisons
};

// Parses "1.2.3", "v1.2.3", "1.2.3-rc.1+build". All three numbers are required; leading
// zeros are rejected. InvalidArgument: `semver: "<text>": <reason>`.
Result<Version> parseVersion(const std::string& text);

// semver.org precedence: <0 when a < b, 0 when equal (build ignored), >0 when a > b.
int compareVersions(const Version& a, const Version& b);

std::string formatVersion(const Version& v);

class Constraint {
 public:
  enum class Op { Eq, Ne, Gt, Ge, Lt, Le };
  struct Comparator {
    Op op;
    Version version;
  };

  // InvalidArgument: `semver: constraint "<text>": <reason>`.
  static Result<Constraint> parse(const std::string& text);

  bool matches(const Version& v) const;

 private:
  std::vector<std::vector<Comparator>> groups_;  // OR of ANDs; an empty group matches all
};

// The highest of `candidates` (tag names) that parses as a version and satisfies `c`, or
// nullopt. Names that are not versions are ignored.
std::optional<std::string> highestMatching(const Constraint& c,
                                           const std::vector<std::string>& candidates);

}  // namespace gitsync::source
