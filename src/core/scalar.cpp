#include "gitsync/core/scalar.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace gitsync::core {
namespace {

enum class ParseErr { Ok, Syntax, Range };

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// strconv.ParseUint(s, base, 64); base 0 detects 0b, 0o, 0x and leading-0 octal prefixes.
ParseErr goParseUint(std::string_view s, int base, uint64_t& out) {
  if (s.empty()) return ParseErr::Syntax;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : 0;
      if (p == 'b') { base = 2; s.remove_prefix(2); }
      else if (p == 'o') { base = 8; s.remove_prefix(2); }
      else if (p == 'x') { base = 16; s.remove_prefix(2); }
      else { base = 8; s.remove_prefix(1); }
    }
  }
  uint64_t n = 0;
  bool range = false;
  for (char c : s) {
    int d = digitValue(c);
    if (d >= base) return ParseErr::Syntax;
    if (!range) {
      if (n > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) {
        range = true;
      } else {
        n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
      }
    }
  }
  if (range) return ParseErr::Range;
  out = n;
  return ParseErr::Ok;
}

// strconv.ParseInt(s, base, 64).
ParseErr goParseInt(std::string_view s, int base, int64_t& out) {
  if (s.empty()) return ParseErr::Syntax;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t un = 0;
  ParseErr e = goParseUint(s, base, un);
  if (e != ParseErr::Ok) return e;
  const uint64_t cutoff = uint64_t{1} << 63;
  if (!neg && un >= cutoff) return ParseErr::Range;
  if (neg && un > cutoff) return ParseErr::Range;
  out = neg ? static_cast<int64_t>(0 - un) : static_cast<int64_t>(un);
  return ParseErr::Ok;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool matchesYamlStyleFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && isDigit(s[i])) ++i;
    if (i == start) return false;
  } else {
    size_t start = i;
    while (i < s.size() && isDigit(s[i])) ++i;
    if (i == start) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && isDigit(s[i])) ++i;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < s.size() && isDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

// strconv.ParseFloat for the decimal forms admitted above (and ".5"-style strings); false on
// syntax or range errors.
bool goParseDecimalFloat(std::string_view s, double& out) {
  if (s.empty()) return false;
  // Go accepts only digits, sign, '.', exponent here; reject anything strtod would read more
  // liberally (hex floats, inf, nan).
  for (char c : s) {
    if (!(isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return false;
  }
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (std::isinf(v)) return false;  // ErrRange
  out = v;
  return true;
}

int daysIn(int month, int year) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Reads 1 or 2 digits (Go's getnum with fixed=false).
bool getNum(std::string_view s, size_t& i, int& out) {
  if (i >= s.size() || !isDigit(s[i])) return false;
  out = s[i] - '0';
  ++i;
  if (i < s.size() && isDigit(s[i])) {
    out = out * 10 + (s[i] - '0');
    ++i;
  }
  return true;
}

// goyaml's parseTimestamp: the layouts 2006-1-2T15:4:5.999999999Z07:00 (also with 't'),
// "2006-1-2 15:4:5.999999999" and 2006-1-2.
bool isTimestamp(std::string_view s, std::string* rfc3339 = nullptr) {
  if (s.size() < 5) return false;
  for (int k = 0; k < 4; ++k) {
    if (!isDigit(s[k])) return false;
  }
  if (s[4] != '-') return false;
  int year = std::atoi(std::string(s.substr(0, 4)).c_str());
  size_t i = 5;
  int month = 0, day = 0;
  if (!getNum(s, i, month) || month < 1 || month > 12) return false;
  if (i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!getNum(s, i, day) || day < 1 || day > daysIn(month, year)) return false;
  auto two = [](int v) {
    std::string o = std::to_string(v);
    return o.size() < 2 ? "0" + o : o;
  };
  std::string date = std::string(s.substr(0, 4)) + "-" + two(month) + "-" + two(day);
  if (i == s.size()) {
    if (rfc3339) *rfc3339 = date + "T00:00:00Z";
    return true;
  }
  char sep = s[i];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  ++i;
  int hh = 0, mm = 0, ss = 0;
  if (!getNum(s, i, hh) || hh > 23) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!getNum(s, i, mm) || mm > 59) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!getNum(s, i, ss) || ss > 59) return false;
  std::string frac;
  if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && isDigit(s[i + 1])) {
    ++i;
    while (i < s.size() && isDigit(s[i])) frac.push_back(s[i++]);
    if (frac.size() > 9) frac.resize(9);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  std::string zone;
  if (sep == ' ') {
    if (i != s.size()) return false;
    zone = "Z";
  } else if (i < s.size() && s[i] == 'Z') {
    if (i + 1 != s.size()) return false;
    zone = "Z";
  } else if (s.size() - i == 6 && (s[i] == '+' || s[i] == '-') && isDigit(s[i + 1]) &&
             isDigit(s[i + 2]) && s[i + 3] == ':' && isDigit(s[i + 4]) && isDigit(s[i + 5])) {
    zone = std::string(s.substr(i));
    if (zone.substr(1) == "00:00") zone = "Z";
  } else {
    return false;
  }
  if (rfc3339) {
    *rfc3339 = date + "T" + two(hh) + ":" + two(mm) + ":" + two(ss) +
               (frac.empty() ? "" : "." + frac) + zone;
  }
  return true;
}

std::string withoutUnderscores(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

bool inList(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view w : list) {
    if (s == w) return true;
  }
  return false;
}

// yaml.v3's resolve() for an untagged plain scalar.
ResolvedScalar resolvePlainV3(std::string_view in) {
  ResolvedScalar r;
  if (in.empty() || inList(in, {"~", "null", "Null", "NULL"})) {
    r.type = ScalarType::Null;
    return r;
  }
  if (inList(in, {"true", "True", "TRUE"})) {
    r.type = ScalarType::Bool;
    r.boolean = true;
    return r;
  }
  if (inList(in, {"false", "False", "FALSE"})) {
    r.type = ScalarType::Bool;
    return r;
  }
  if (inList(in, {".nan", ".NaN", ".NAN"})) {
    r.type = ScalarType::Float;
    r.floating = std::nan("");
    return r;
  }
  if (inList(in, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    r.type = ScalarType::Float;
    r.floating = INFINITY;
    return r;
  }
  if (inList(in, {"-.inf", "-.Inf", "-.INF"})) {
    r.type = ScalarType::Float;
    r.floating = -INFINITY;
    return r;
  }
  char c = in[0];
  if (c == '.') {
    double f = 0;
    if (goParseDecimalFloat(in, f)) {
      r.type = ScalarType::Float;
      r.floating = f;
    }
    return r;
  }
  if (!(isDigit(c) || c == '+' || c == '-')) return r;
  if (isTimestamp(in, &r.timestamp)) return r;  // kyaml decodes a time: JSON prints RFC 3339
  std::string plain = withoutUnderscores(in);
  int64_t iv = 0;
  if (goParseInt(plain, 0, iv) == ParseErr::Ok) {
    r.type = ScalarType::Int;
    r.integer = iv;
    return r;
  }
  uint64_t uv = 0;
  if (goParseUint(plain, 0, uv) == ParseErr::Ok) {
    r.type = ScalarType::Uint;
    r.unsignedInteger = uv;
    return r;
  }
  double f = 0;
  if (matchesYamlStyleFloat(plain) && goParseDecimalFloat(plain, f)) {
    r.type = ScalarType::Float;
    r.floating = f;
    return r;
  }
  std::string_view p = plain;
  if (p.substr(0, 2) == "0b" || p.substr(0, 3) == "-0b") {
    bool neg = p[0] == '-';
    std::string digits = (neg ? "-" : "") + std::string(p.substr(neg ? 3 : 2));
    if (goParseInt(digits, 2, iv) == ParseErr::Ok) {
      r.type = ScalarType::Int;
      r.integer = iv;
      return r;
    }
    if (!neg && goParseUint(p.substr(2), 2, uv) == ParseErr::Ok) {
      r.type = ScalarType::Uint;
      r.unsignedInteger = uv;
      return r;
    }
  } else if (p.substr(0, 2) == "0o" || p.substr(0, 3) == "-0o") {
    bool neg = p[0] == '-';
    std::string digits = (neg ? "-" : "") + std::string(p.substr(neg ? 3 : 2));
    if (goParseInt(digits, 8, iv) == ParseErr::Ok) {
      r.type = ScalarType::Int;
      r.integer = iv;
      return r;
    }
  }
  return r;
}

bool isBase60Float(std::string_view s) {
  // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
  if (s.empty()) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || isDigit(c)) || s.find(':') == std::string_view::npos) return false;
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= s.size() || !isDigit(s[i])) return false;
  ++i;
  while (i < s.size() && (isDigit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    // [0-5]?[0-9]: one digit, or two digits with the first in 0-5.
    if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && isDigit(s[i + 1])) {
      i += 2;
    } else if (i < s.size() && isDigit(s[i])) {
      ++i;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (isDigit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

std::string sanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) { out.push_back(static_cast<char>(c)); ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (valid) {
      if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
          cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        valid = false;
      }
    }
    if (valid) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

bool needsSanitize(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::string stringOf(std::string_view s) {
  return needsSanitize(s) ? sanitizeUtf8(s) : std::string(s);
}

// Go's encoding/json float: 'f' unless the exponent is large or small, and e-09 -> e-9.
std::string goJsonFloat(double f) {
  double a = std::fabs(f);
  char fmt = 'f';
  if (a != 0 && (a < 1e-6 || a >= 1e21)) fmt = 'e';
  std::string s = goFormatFloat(f, fmt);
  if (fmt == 'e') {
    size_t n = s.size();
    if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
      s[n - 2] = s[n - 1];
      s.pop_back();
    }
  }
  return s;
}

}  // namespace

bool v2PlainIsString(std::string_view s) {
  if (s.empty()) return false;
  char c = s[0];
  bool sign = c == '+' || c == '-';
  bool digit = isDigit(c);
  bool mapHint = std::strchr("yYnNtTfFoO~", c) != nullptr && c != 0;
  if (!(sign || digit || mapHint || c == '.')) return true;
  if (inList(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n",
                 "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "~",
                 "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf",
                 "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"})) {
    return false;
  }
  if (mapHint) return !isBase60Float(s);
  if (c == '.') {
    double f = 0;
    return !goParseDecimalFloat(s, f);
  }
  if (isTimestamp(s)) return false;
  std::string plain = withoutUnderscores(s);
  int64_t iv = 0;
  if (goParseInt(plain, 0, iv) == ParseErr::Ok) return false;
  uint64_t uv = 0;
  ParseErr uerr = goParseUint(plain, 0, uv);
  if (uerr == ParseErr::Ok) return false;
  double f = 0;
  if (matchesYamlStyleFloat(plain) && goParseDecimalFloat(plain, f)) return false;
  std::string_view p = plain;
  if (p.substr(0, 2) == "0b") {
    if (goParseUint(p.substr(2), 2, uv) == ParseErr::Ok) return false;
  } else if (p.substr(0, 3) == "-0b") {
    if (goParseInt("-" + std::string(p.substr(3)), 2, iv) == ParseErr::Ok) return false;
  }
  if (uerr == ParseErr::Range) return false;  // a big.Int
  return !isBase60Float(s);
}

std::string goFormatFloat(double f, char fmt) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  bool neg = std::signbit(f);
  double a = std::fabs(f);
  // Shortest round-trip digits and decimal exponent.
  std::string digits;
  int dp = 0;  // position of the decimal point relative to the digits
  if (a == 0) {
    digits = "0";
    dp = 1;
  } else {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
    std::string_view sv(buf, static_cast<size_t>(res.ptr - buf));
    size_t e = sv.find('e');
    std::string_view mant = sv.substr(0, e);
    int exp10 = std::atoi(std::string(sv.substr(e + 1)).c_str());
    for (char c : mant) {
      if (c != '.') digits.push_back(c);
    }
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    dp = exp10 + 1;
  }
  int nd = static_cast<int>(digits.size());
  auto fmtE = [&]() {
    std::string out = neg ? "-" : "";
    out.push_back(digits[0]);
    if (nd > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    int exp = a == 0 ? 0 : dp - 1;
    out.push_back('e');
    out.push_back(exp < 0 ? '-' : '+');
    int ae = exp < 0 ? -exp : exp;
    if (ae < 10) out.push_back('0');
    out.append(std::to_string(ae));
    return out;
  };
  auto fmtF = [&]() {
    std::string out = neg ? "-" : "";
    if (dp <= 0) {
      out.append("0.");
      out.append(static_cast<size_t>(-dp), '0');
      out.append(digits);
    } else if (dp >= nd) {
      out.append(digits);
      out.append(static_cast<size_t>(dp - nd), '0');
    } else {
      out.append(digits, 0, static_cast<size_t>(dp));
      out.push_back('.');
      out.append(digits, static_cast<size_t>(dp), std::string::npos);
    }
    return out;
  };
  if (fmt == 'e') return fmtE();
  if (fmt == 'f') return fmtF();
  int exp = dp - 1;
  if (a != 0 && (exp < -4 || exp >= 6)) return fmtE();
  return fmtF();
}

ResolvedScalar resolveScalar(const Node& node) {
  ResolvedScalar r;
  const std::string& tag = node.tag();
  if (!tag.empty()) {
    if (tag == "!!null") {
      r.type = ScalarType::Null;
      return r;
    }
    if (tag == "!!int" || tag == "!!float" || tag == "!!bool") {
      ResolvedScalar p = resolvePlainV3(node.text());
      if (tag == "!!float" && p.type == ScalarType::Int) {
        p.type = ScalarType::Float;
        p.floating = static_cast<double>(p.integer);
      }
      if (tag == "!!float" && p.type == ScalarType::Uint) {
        p.type = ScalarType::Float;
        p.floating = static_cast<double>(p.unsignedInteger);
      }
      return p;
    }
    return r;  // !!str, !!binary, !!timestamp and custom tags decode as strings
  }
  if (node.style() == Node::Style::Quoted) return r;
  return resolvePlainV3(node.text());
}

std::string goJsonString(std::string_view in) {
  static const char* kHex = "0123456789abcdef";
  std::string s = stringOf(in);
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out.append("\\\""); continue;
      case '\\': out.append("\\\\"); continue;
      case '\n': out.append("\\n"); continue;
      case '\r': out.append("\\r"); continue;
      case '\t': out.append("\\t"); continue;
      case '<': case '>': case '&':
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
        continue;
      default: break;
    }
    if (c < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out.append(static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029");
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  out.push_back('"');
  return out;
}

Result<std::string> scalarToGoJson(const Node& node) {
  ResolvedScalar r = resolveScalar(node);
  switch (r.type) {
    case ScalarType::Null: return std::string("null");
    case ScalarType::Bool: return std::string(r.boolean ? "true" : "false");
    case ScalarType::Int: return std::to_string(r.integer);
    case ScalarType::Uint: return std::to_string(r.unsignedInteger);
    case ScalarType::Float:
      if (std::isnan(r.floating) || std::isinf(r.floating)) {
        return invalidArgument("json: unsupported value: " + goFormatFloat(r.floating, 'g') +
                               " (from '" + node.text() + "')");
      }
      return goJsonFloat(r.floating);
    case ScalarType::String: return goJsonString(r.timestamp.empty() ? node.text() : r.timestamp);
  }
  return internalError("unreachable scalar type");
}

Result<EmittedScalar> emittedScalar(const Node& node) {
  ResolvedScalar r = resolveScalar(node);
  EmittedScalar e;
  switch (r.type) {
    case ScalarType::Null: e.text = "null"; return e;
    case ScalarType::Bool: e.text = r.boolean ? "true" : "false"; return e;
    case ScalarType::Int: e.text = std::to_string(r.integer); return e;
    case ScalarType::Uint: e.text = std::to_string(r.unsignedInteger); return e;
    case ScalarType::Float: {
      if (std::isnan(r.floating) || std::isinf(r.floating)) {
        return invalidArgument("json: unsupported value: " + goFormatFloat(r.floating, 'g') +
                               " (from '" + node.text() + "')");
      }
      // JSON text, read back by goyaml.v2: integers stay integers, the rest print with %g.
      std::string json = goJsonFloat(r.floating);
      int64_t iv = 0;
      uint64_t uv = 0;
      if (goParseInt(json, 0, iv) == ParseErr::Ok) {
        e.text = std::to_string(iv);
      } else if (goParseUint(json, 0, uv) == ParseErr::Ok) {
        e.text = std::to_string(uv);
      } else {
        e.text = goFormatFloat(r.floating, 'g');
      }
      return e;
    }
    case ScalarType::String: {
      e.text = stringOf(r.timestamp.empty() ? node.text() : r.timestamp);
      if (e.text.find('\n') != std::string::npos) {
        e.request = EmittedScalar::Request::Literal;
      } else if (!v2PlainIsString(e.text)) {
        e.request = EmittedScalar::Request::DoubleQuoted;
      }
      return e;
    }
  }
  return internalError("unreachable scalar type");
}

}  // namespace gitsync::core
