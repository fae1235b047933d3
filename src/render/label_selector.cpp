// k8s.io/apimachinery labels.Parse and Requirement.Matches, as vendored by kyaml v0.18.1.
#include "label_selector.h"

#include "go_format.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace gitsync::render {
namespace {


// ---- Validation (k8s.io/apimachinery/pkg/util/validation).

const char* kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* kQualifiedNameMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
const char* kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const char* kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

std::string regexError(std::string msg, const std::string& fmt,
                       std::initializer_list<const char*> examples) {
  msg += " (e.g. ";
  bool first = true;
  for (const char* e : examples) {
    if (!first) msg += " or ";
    first = false;
    msg += std::string("'") + e + "', ";
  }
  return msg + "regex used for validation is '" + fmt + "')";
}

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
bool isQualifiedNamePart(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool isDns1123Subdomain(std::string_view s) {
  auto lowerAlnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || !lowerAlnum(label.front()) || !lowerAlnum(label.back())) return false;
    for (char c : label) {
      if (!lowerAlnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::vector<std::string> qualifiedNameErrors(std::string_view value) {
  std::vector<std::string> errs;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = value.find('/', start);
    parts.push_back(value.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string_view name;
  if (parts.size() == 1) {
    name = parts[0];
  } else if (parts.size() == 2) {
    std::string_view prefix = parts[0];
    name = parts[1];
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > 253) errs.push_back("prefix part must be no more than 253 characters");
      if (!isDns1123Subdomain(prefix)) {
        errs.push_back("prefix part " +
                       regexError("a DNS-1123 subdomain must consist of lower case alphanumeric "
                                  "characters, '-' or '.', and must start and end with an "
                                  "alphanumeric character",
                                  kDns1123SubdomainFmt, {"example.com"}));
      }
    }
  } else {
    errs.push_back("a qualified name " +
                   regexError(kQualifiedNameMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
                   " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    return errs;
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part must be no more than 63 characters");
  }
  if (!isQualifiedNamePart(name)) {
    errs.push_back("name part " + regexError(kQualifiedNameMsg, kQualifiedNameFmt,
                                             {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

Status validateKey(std::string_view key) {
  auto errs = qualifiedNameErrors(key);
  if (errs.empty()) return okStatus();
  return invalidArgument("invalid label key " + goQuote(key) + ": " + join(errs, "; "));
}

Status validateValue(std::string_view key, std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!value.empty() && !isQualifiedNamePart(value)) {
    errs.push_back(regexError("a valid label must be an empty string or consist of alphanumeric "
                              "characters, '-', '_' or '.', and must start and end with an "
                              "alphanumeric character",
                              kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  if (errs.empty()) return okStatus();
  return invalidArgument("invalid label value: " + goQuote(value) + ": at key: " + goQuote(key) +
                         ": " + join(errs, "; "));
}

// ---- Label selector parsing (labels.Parse).

enum class Tok {
  Error, End, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier,
  In, LessThan, NotEquals, NotIn, OpenPar
};
enum class Op { Exists, DoesNotExist, Equals, DoubleEquals, NotEquals, In, NotIn, Gt, Lt };

struct Item {
  Tok tok;
  std::string lit;
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isSpecial(char c) { return std::string_view("=!(),><").find(c) != std::string_view::npos; }

Tok symbolToken(std::string_view s) {
  if (s == ")") return Tok::ClosedPar;
  if (s == ",") return Tok::Comma;
  if (s == "!") return Tok::DoesNotExist;
  if (s == "==") return Tok::DoubleEquals;
  if (s == "=") return Tok::Equals;
  if (s == ">") return Tok::GreaterThan;
  if (s == "<") return Tok::LessThan;
  if (s == "!=") return Tok::NotEquals;
  if (s == "(") return Tok::OpenPar;
  return Tok::Error;
}

std::vector<Item> lex(std::string_view s) {
  std::vector<Item> items;
  size_t pos = 0;
  auto at = [&](size_t i) { return i < s.size() ? s[i] : '\0'; };
  while (true) {
    while (isSpace(at(pos))) ++pos;
    char c = at(pos);
    if (c == '\0') {
      items.push_back({Tok::End, ""});
      return items;
    }
    if (isSpecial(c)) {
      std::string buf;
      Item last{Tok::Error, ""};
      while (isSpecial(at(pos))) {
        buf.push_back(at(pos));
        Tok t = symbolToken(buf);
        if (t != Tok::Error) {
          last = {t, buf};
          ++pos;
        } else if (last.tok != Tok::Error) {
          break;
        } else {
          ++pos;
        }
      }
      if (last.tok == Tok::Error) last.lit = "error expected: keyword found '" + buf + "'";
      items.push_back(last);
      continue;
    }
    std::string buf;
    while (at(pos) != '\0' && !isSpecial(at(pos)) && !isSpace(at(pos))) buf.push_back(s[pos++]);
    Tok t = buf == "in" ? Tok::In : buf == "notin" ? Tok::NotIn : Tok::Identifier;
    items.push_back({t, buf});
  }
}

struct Requirement {
  std::string key;
  Op op;
  std::vector<std::string> values;  // sorted, unique
};

class Parser {
 public:
  explicit Parser(std::string_view s) : items_(lex(s)) {}

  Result<std::vector<Requirement>> parse() {
    std::vector<Requirement> reqs;
    while (true) {
      auto [tok, lit] = peek(true);
      if (tok == Tok::Identifier || tok == Tok::DoesNotExist) {
        auto r = parseRequirement();
        if (!r.ok()) {
          return Status(invalidArgument("unable to parse requirement: " + r.status().message()));
        }
        reqs.push_back(std::move(r).value());
        auto [t, l] = next(true);
        if (t == Tok::End) return reqs;
        if (t != Tok::Comma) {
          return Status(invalidArgument("found '" + l + "', expected: ',' or 'end of string'"));
        }
        auto [t2, l2] = peek(true);
        if (t2 != Tok::Identifier && t2 != Tok::DoesNotExist) {
          return Status(invalidArgument("found '" + l2 + "', expected: identifier after ','"));
        }
      } else if (tok == Tok::End) {
        return reqs;
      } else {
        return Status(
            invalidArgument("found '" + lit + "', expected: !, identifier, or 'end of string'"));
      }
    }
  }

 private:
  // In value context `in` and `notin` are identifiers.
  Item peek(bool values) const {
    Item it = items_[std::min(pos_, items_.size() - 1)];
    if (values && (it.tok == Tok::In || it.tok == Tok::NotIn)) it.tok = Tok::Identifier;
    return it;
  }
  Item next(bool values) {
    Item it = peek(values);
    if (pos_ < items_.size()) ++pos_;
    return it;
  }

  Result<Requirement> parseRequirement() {
    Requirement r;
    bool notExists = false;
    Item it = next(true);
    if (it.tok == Tok::DoesNotExist) {
      notExists = true;
      it = next(true);
    }
    const Tok tok = it.tok;
    const std::string lit = it.lit;
    if (tok != Tok::Identifier) {
      return Status(invalidArgument("found '" + lit + "', expected: identifier"));
    }
    GITSYNC_RETURN_IF_ERROR(validateKey(lit));
    r.key = lit;
    Tok after = peek(true).tok;
    if (after == Tok::End || after == Tok::Comma) {
      r.op = notExists ? Op::DoesNotExist : Op::Exists;
      return r;
    }
    auto [opTok, opLit] = next(false);
    switch (opTok) {
      case Tok::In:
        r.op = Op::In;
        break;
      case Tok::Equals:
        r.op = Op::Equals;
        break;
      case Tok::DoubleEquals:
        r.op = Op::DoubleEquals;
        break;
      case Tok::GreaterThan:
        r.op = Op::Gt;
        break;
      case Tok::LessThan:
        r.op = Op::Lt;
        break;
      case Tok::NotIn:
        r.op = Op::NotIn;
        break;
      case Tok::NotEquals:
        r.op = Op::NotEquals;
        break;
      default:
        return Status(invalidArgument("found '" + opLit +
                                      "', expected: '=', '!=', '==', 'in', notin'"));
    }
    std::set<std::string> values;
    if (r.op == Op::In || r.op == Op::NotIn) {
      GITSYNC_ASSIGN_OR_RETURN(values, parseValues());
    } else {
      GITSYNC_ASSIGN_OR_RETURN(values, parseExactValue());
    }
    r.values.assign(values.begin(), values.end());
    if ((r.op == Op::Gt || r.op == Op::Lt)) {
      int64_t unused = 0;
      if (!parseInt(r.values[0], unused)) {
        return Status(
            invalidArgument("for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    }
    for (const std::string& v : r.values) GITSYNC_RETURN_IF_ERROR(validateValue(r.key, v));
    return r;
  }

  Result<std::set<std::string>> parseValues() {
    Item open = next(true);
    if (open.tok != Tok::OpenPar) {
      return Status(invalidArgument("found '" + open.lit + "' expected: '('"));
    }
    auto [tok, lit] = peek(true);
    if (tok == Tok::Identifier || tok == Tok::Comma) {
      GITSYNC_ASSIGN_OR_RETURN(auto s, parseIdentifiers());
      if (next(true).tok != Tok::ClosedPar) {
        return Status(invalidArgument("found '" + lit + "', expected: ')'"));
      }
      return s;
    }
    if (tok == Tok::ClosedPar) {
      next(true);
      return std::set<std::string>{""};
    }
    return Status(invalidArgument("found '" + lit + "', expected: ',', ')' or identifier"));
  }

  Result<std::set<std::string>> parseIdentifiers() {
    std::set<std::string> s;
    while (true) {
      auto [tok, lit] = next(true);
      if (tok == Tok::Identifier) {
        s.insert(lit);
        auto [t2, l2] = peek(true);
        if (t2 == Tok::Comma) continue;
        if (t2 == Tok::ClosedPar) return s;
        return Status(invalidArgument("found '" + l2 + "', expected: ',' or ')'"));
      }
      if (tok == Tok::Comma) {
        if (s.empty()) s.insert("");
        Tok t2 = peek(true).tok;
        if (t2 == Tok::ClosedPar) {
          s.insert("");
          return s;
        }
        if (t2 == Tok::Comma) {
          next(true);
          s.insert("");
        }
        continue;
      }
      return Status(invalidArgument("found '" + lit + "', expected: ',', or identifier"));
    }
  }

  Result<std::set<std::string>> parseExactValue() {
    Tok t = peek(true).tok;
    if (t == Tok::End || t == Tok::Comma) return std::set<std::string>{""};
    auto [tok, lit] = next(true);
    if (tok == Tok::Identifier) return std::set<std::string>{lit};
    return Status(invalidArgument("found '" + lit + "', expected: identifier"));
  }

 public:
  // strconv.ParseInt(s, 10, 64).
  static bool parseInt(const std::string& s, int64_t& out) {
    if (s.empty()) return false;
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (i == s.size()) return false;
    errno = 0;
    for (size_t j = i; j < s.size(); ++j) {
      if (s[j] < '0' || s[j] > '9') return false;
    }
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno == ERANGE) return false;
    out = v;
    return true;
  }

 private:
  std::vector<Item> items_;
  size_t pos_ = 0;
};

bool matches(const Requirement& req, const LabelMap& kv) {
  const std::string* value = nullptr;
  for (const auto& [k, v] : kv) {
    if (k == req.key) value = &v;
  }
  auto in = [&] {
    return std::find(req.values.begin(), req.values.end(), *value) != req.values.end();
  };
  switch (req.op) {
    case Op::In:
    case Op::Equals:
    case Op::DoubleEquals:
      return value && in();
    case Op::NotIn:
    case Op::NotEquals:
      return !value || !in();
    case Op::Exists:
      return value != nullptr;
    case Op::DoesNotExist:
      return value == nullptr;
    case Op::Gt:
    case Op::Lt: {
      int64_t have = 0, want = 0;
      if (!value || !Parser::parseInt(*value, have) || !Parser::parseInt(req.values[0], want)) {
        return false;
      }
      return req.op == Op::Gt ? have > want : have < want;
    }
  }
  return false;
}

}  // namespace

Result<bool> matchesLabelSelector(std::string_view selector, const LabelMap& labels) {
  Parser p(selector);
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Requirement> reqs, p.parse());
  for (const Requirement& req : reqs) {
    if (!matches(req, labels)) return false;
  }
  return true;
}

}  // namespace gitsync::render
