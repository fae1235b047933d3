// Semantic versions and Masterminds-style constraints (see semver.h).
#include "gitsync/source/semver.h"

#include <cctype>

namespace gitsync::source {
namespace {

bool isNumeric(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Parses a number without leading zeros; false when `s` is not one.
bool parseNumber(const std::string& s, std::uint64_t& out) {
  if (!isNumeric(s) || (s.size() > 1 && s[0] == '0') || s.size() > 18) return false;
  out = std::stoull(s);
  return true;
}

bool isWildcard(const std::string& s) { return s == "x" || s == "X" || s == "*"; }

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

// A version whose trailing components may be missing or wildcards: `concrete` of them are set.
struct Partial {
  Version version;
  int concrete = 0;
};

// Splits "1.2.3-rc.1+b" into core "1.2.3", prerelease and build; reports a reason on error.
bool splitSuffixes(std::string text, std::string& core, Version& v, std::string& why) {
  if (auto plus = text.find('+'); plus != std::string::npos) {
    v.build = text.substr(plus + 1);
    text.resize(plus);
    if (v.build.empty()) return why = "empty build metadata", false;
  }
  if (auto dash = text.find('-'); dash != std::string::npos) {
    for (const std::string& id : split(text.substr(dash + 1), '.')) {
      if (id.empty()) return why = "empty pre-release identifier", false;
      for (char c : id) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
          return why = "invalid character in pre-release", false;
        }
      }
      if (isNumeric(id) && id.size() > 1 && id[0] == '0') {
        return why = "leading zero in pre-release", false;
      }
      v.prerelease.push_back(id);
    }
    text.resize(dash);
  }
  core = text;
  return true;
}

bool parsePartial(const std::string& text, Partial& p, std::string& why) {
  std::string s = text;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.erase(0, 1);
  std::string core;
  if (!splitSuffixes(s, core, p.version, why)) return false;
  std::vector<std::string> parts = split(core, '.');
  if (parts.size() > 3) return why = "more than three version numbers", false;
  std::uint64_t* fields[] = {&p.version.major, &p.version.minor, &p.version.patch};
  bool wild = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (isWildcard(parts[i])) {
      wild = true;
      continue;
    }
    if (wild) return why = "a number after a wildcard", false;
    if (!parseNumber(parts[i], *fields[i])) {
      return why = "\"" + parts[i] + "\" is not a number", false;
    }
    p.concrete = static_cast<int>(i) + 1;
  }
  if (p.concrete < 3 && !p.version.prerelease.empty()) {
    return why = "a pre-release needs a full version", false;
  }
  return true;
}

int compareIdentifiers(const std::string& a, const std::string& b) {
  bool na = isNumeric(a), nb = isNumeric(b);
  if (na && nb) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  if (na != nb) return na ? -1 : 1;  // numeric identifiers sort first
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

Version make(std::uint64_t major, std::uint64_t minor, std::uint64_t patch) {
  Version v;
  v.major = major;
  v.minor = minor;
  v.patch = patch;
  return v;
}

using Op = Constraint::Op;
using Comparator = Constraint::Comparator;

// The first version above the range a partial version denotes (`1.2` -> 1.3.0).
Version upperOf(const Partial& p) {
  const Version& v = p.version;
  if (p.concrete == 1) return make(v.major + 1, 0, 0);
  if (p.concrete == 2) return make(v.major, v.minor + 1, 0);
  return make(v.major, v.minor, v.patch + 1);
}

Version lowerOf(const Partial& p) {
  Version v = p.version;
  v.build.clear();
  return v;
}

// Appends the comparators `op` + `p` expands to; false (with a reason) when unsupported.
bool expand(const std::string& op, const Partial& p, std::vector<Comparator>& out,
             std::string& why) {
  const Version& v = p.version;
  const bool full = p.concrete == 3;
  if (p.concrete == 0) {
    if (op.empty() || op == "=" || op == ">=" || op == "<=" || op == "~" || op == "~>" ||
        op == "^") {
      return true;  // matches every version
    }
    return why = "\"" + op + "\" needs a version, not a wildcard", false;
  }
  if (op.empty() || op == "=") {
    if (full) {
      out.push_back({Op::Eq, lowerOf(p)});
    } else {
      out.push_back({Op::Ge, lowerOf(p)});
      out.push_back({Op::Lt, upperOf(p)});
    }
  } else if (op == "!=") {
    if (!full) return why = "\"!=\" needs a full version", false;
    out.push_back({Op::Ne, lowerOf(p)});
  } else if (op == ">") {
    out.push_back(full ? Comparator{Op::Gt, lowerOf(p)} : Comparator{Op::Ge, upperOf(p)});
  } else if (op == ">=") {
    out.push_back({Op::Ge, lowerOf(p)});
  } else if (op == "<") {
    out.push_back({Op::Lt, lowerOf(p)});
  } else if (op == "<=") {
    out.push_back(full ? Comparator{Op::Le, lowerOf(p)} : Comparator{Op::Lt, upperOf(p)});
  } else if (op == "~" || op == "~>") {
    out.push_back({Op::Ge, lowerOf(p)});
    out.push_back(
        {Op::Lt, p.concrete == 1 ? make(v.major + 1, 0, 0) : make(v.major, v.minor + 1, 0)});
  } else if (op == "^") {
    out.push_back({Op::Ge, lowerOf(p)});
    if (v.major > 0 || p.concrete == 1) {
      out.push_back({Op::Lt, make(v.major + 1, 0, 0)});
    } else if (v.minor > 0 || p.concrete == 2) {
      out.push_back({Op::Lt, make(0, v.minor + 1, 0)});
    } else {
      out.push_back({Op::Lt, make(0, 0, v.patch + 1)});
    }
  } else {
    return why = "unknown operator \"" + op + "\"", false;
  }
  return true;
}

bool satisfies(const Comparator& c, const Version& v) {
  int r = compareVersions(v, c.version);
  switch (c.op) {
    case Op::Eq: return r == 0;
    case Op::Ne: return r != 0;
    case Op::Gt: return r > 0;
    case Op::Ge: return r >= 0;
    case Op::Lt: return r < 0;
    case Op::Le: return r <= 0;
  }
  return false;
}

bool isOpChar(char c) {
  return c == '<' || c == '>' || c == '=' || c == '!' || c == '~' || c == '^';
}

}  // namespace

Result<Version> parseVersion(const std::string& text) {
  Partial p;
  std::string why;
  if (!parsePartial(text, p, why)) return invalidArgument("semver: \"" + text + "\": " + why);
  if (p.concrete != 3) {
    return invalidArgument("semver: \"" + text + "\": not a full version (major.minor.patch)");
  }
  return p.version;
}

int compareVersions(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease.empty() != b.prerelease.empty()) return a.prerelease.empty() ? 1 : -1;
  for (size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    if (int r = compareIdentifiers(a.prerelease[i], b.prerelease[i]); r != 0) return r;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

std::string formatVersion(const Version& v) {
  std::string s = std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
                  std::to_string(v.patch);
  for (size_t i = 0; i < v.prerelease.size(); ++i) s += (i == 0 ? "-" : ".") + v.prerelease[i];
  if (!v.build.empty()) s += "+" + v.build;
  return s;
}

Result<Constraint> Constraint::parse(const std::string& text) {
  auto fail = [&](const std::string& why) {
    return invalidArgument("semver: constraint \"" + text + "\": " + why);
  };
  Constraint c;
  std::string rest = text;
  std::vector<std::string> alternatives;
  for (size_t pos; (pos = rest.find("||")) != std::string::npos;) {
    alternatives.push_back(rest.substr(0, pos));
    rest.erase(0, pos + 2);
  }
  alternatives.push_back(rest);
  for (const std::string& alt : alternatives) {
    std::vector<std::string> tokens;
    std::string cur;
    for (char ch : alt + " ") {
      if (std::isspace(static_cast<unsigned char>(ch)) || ch == ',') {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
      } else {
        cur += ch;
      }
    }
    if (tokens.empty()) return fail("empty constraint");
    std::vector<Comparator> group;
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string tok = tokens[i];
      size_t opLen = 0;
      while (opLen < tok.size() && isOpChar(tok[opLen])) ++opLen;
      std::string op = tok.substr(0, opLen);
      std::string ver = tok.substr(opLen);
      if (ver.empty()) {  // "> = 1.2" style: the version is the next token
        if (i + 1 >= tokens.size()) return fail("\"" + op + "\" without a version");
        ver = tokens[++i];
      }
      Partial p;
      std::string why;
      if (!parsePartial(ver, p, why)) return fail("\"" + ver + "\": " + why);
      if (!expand(op, p, group, why)) return fail(why);
    }
    c.groups_.push_back(std::move(group));
  }
  return c;
}

bool Constraint::matches(const Version& v) const {
  for (const auto& group : groups_) {
    bool allowPre = false;
    for (const auto& cmp : group) allowPre = allowPre || !cmp.version.prerelease.empty();
    if (!v.prerelease.empty() && !allowPre) continue;
    bool all = true;
    for (const auto& cmp : group) all = all && satisfies(cmp, v);
    if (all) return true;
  }
  return false;
}

std::optional<std::string> highestMatching(const Constraint& c,
                                           const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  Version bestVersion;
  for (const std::string& name : candidates) {
    Result<Version> v = parseVersion(name);
    if (!v.ok() || !c.matches(*v)) continue;
    if (!best || compareVersions(*v, bestVersion) > 0) {
      best = name;
      bestVersion = *v;
    }
  }
  return best;
}

}  // namespace gitsync::source
