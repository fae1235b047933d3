// A port of the parts of goyaml.v2's emitter (itself a port of libyaml) that kustomize's
// output reaches: block mappings and sequences, empty flow collections, and the plain,
// single-quoted, double-quoted and literal scalar writers with their 80-column folding.
#include <algorithm>

#include "gitsync/core/scalar.h"
#include "gitsync/core/yaml.h"

namespace gitsync::core {
namespace {

constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;

using Bytes = std::string_view;

int width(unsigned char c) {
  if ((c & 0x80) == 0x00) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;
}
unsigned char at(Bytes b, size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0; }
bool isSpace(Bytes b, size_t i) { return at(b, i) == ' '; }
bool isTab(Bytes b, size_t i) { return at(b, i) == '\t'; }
bool isBlank(Bytes b, size_t i) { return isSpace(b, i) || isTab(b, i); }
bool isBreak(Bytes b, size_t i) {
  unsigned char c = at(b, i);
  return c == '\r' || c == '\n' || (c == 0xC2 && at(b, i + 1) == 0x85) ||
         (c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9));
}
bool isBlankz(Bytes b, size_t i) { return isBlank(b, i) || isBreak(b, i) || i >= b.size(); }
bool isPrintable(Bytes b, size_t i) {
  unsigned char c = at(b, i), c1 = at(b, i + 1), c2 = at(b, i + 2);
  return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) ||
         (c > 0xC2 && c < 0xED) || (c == 0xED && c1 < 0xA0) || c == 0xEE ||
         (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}
bool isBom(Bytes b, size_t i) { return at(b, i) == 0xEF && at(b, i + 1) == 0xBB && at(b, i + 2) == 0xBF; }

struct Analysis {
  bool multiline = false;
  bool blockPlainAllowed = true;
  bool singleQuotedAllowed = true;
  bool blockAllowed = true;
};

// yaml_emitter_analyze_scalar (goyaml.v2: tabs count as special characters).
Analysis analyze(Bytes value) {
  Analysis a;
  if (value.empty()) {
    a.blockAllowed = false;
    return a;
  }
  bool blockIndicators = false, lineBreaks = false, special = false;
  bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  bool breakSpace = false, spaceBreak = false;
  bool precededByWhitespace = true, previousSpace = false, previousBreak = false;
  if (value.size() >= 3 && (value.substr(0, 3) == "---" || value.substr(0, 3) == "...")) {
    blockIndicators = true;
  }
  for (size_t i = 0, w = 0; i < value.size(); i += w) {
    w = static_cast<size_t>(std::max(1, width(at(value, i))));
    bool followedByWhitespace = isBlankz(value, i + w);
    unsigned char c = at(value, i);
    if (i == 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
        case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
          blockIndicators = true;
          break;
        case '?': case ':':
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '-':
          if (followedByWhitespace) blockIndicators = true;
          break;
        default: break;
      }
    } else {
      switch (c) {
        case ':':
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '#':
          if (precededByWhitespace) blockIndicators = true;
          break;
        default: break;
      }
    }
    if (!isPrintable(value, i)) special = true;
    if (isBreak(value, i)) lineBreaks = true;
    if (isSpace(value, i)) {
      if (i == 0) leadingSpace = true;
      if (i + w == value.size()) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(value, i)) {
      if (i == 0) leadingBreak = true;
      if (i + w == value.size()) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(value, i);
  }
  a.multiline = lineBreaks;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

enum class Style { Plain, Single, Double, Literal };

class Emitter {
 public:
  Status emitDocument(const Node& root) {
    GITSYNC_RETURN_IF_ERROR(emitNode(root, Context::Root));
    if (column_ != 0 || out_.empty()) putBreak();
    return okStatus();
  }
  std::string take() { return std::move(out_); }

 private:
  enum class Context { Root, SequenceItem, MappingValue, MappingKey };

  void put(char c) {
    out_.push_back(c);
    ++column_;
  }
  void putBreak() {
    out_.push_back('\n');
    column_ = 0;
  }
  // Copies one UTF-8 character.
  void write(Bytes v, size_t& i) {
    size_t w = static_cast<size_t>(std::max(1, width(at(v, i))));
    out_.append(v.substr(i, w));
    ++column_;
    i += w;
  }
  void writeBreak(Bytes v, size_t& i) {
    if (at(v, i) == '\n') {
      putBreak();
      ++i;
    } else {
      write(v, i);
      column_ = 0;
    }
  }
  void writeIndent() {
    int indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) putBreak();
    while (column_ < indent) put(' ');
    whitespace_ = true;
    indention_ = true;
  }
  void writeIndicator(Bytes ind, bool needWhitespace, bool isWhitespace, bool isIndention) {
    if (needWhitespace && !whitespace_) put(' ');
    for (size_t i = 0; i < ind.size();) write(ind, i);
    whitespace_ = isWhitespace;
    indention_ = indention_ && isIndention;
  }

  void increaseIndent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }
  void popIndent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  Status emitNode(const Node& node, Context ctx) {
    switch (node.kind()) {
      case Node::Kind::Scalar: return emitScalar(node, ctx);
      case Node::Kind::Seq: return emitSequence(node, ctx);
      case Node::Kind::Map: return emitMapping(node);
    }
    return okStatus();
  }

  Status emitSequence(const Node& node, Context ctx) {
    if (node.items().empty()) {
      writeIndicator("[", true, true, false);
      writeIndicator("]", false, false, false);
      return okStatus();
    }
    increaseIndent(false, ctx == Context::MappingValue && !indention_);
    for (const Node& item : node.items()) {
      writeIndent();
      writeIndicator("-", true, false, true);
      GITSYNC_RETURN_IF_ERROR(emitNode(item, Context::SequenceItem));
    }
    popIndent();
    return okStatus();
  }

  Status emitMapping(const Node& node) {
    if (node.entries().empty()) {
      writeIndicator("{", true, true, false);
      writeIndicator("}", false, false, false);
      return okStatus();
    }
    std::vector<const Node::Entry*> sorted;
    sorted.reserve(node.entries().size());
    for (const auto& e : node.entries()) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(),
              [](const Node::Entry* a, const Node::Entry* b) { return keyLess(a->first, b->first); });
    increaseIndent(false, false);
    for (const Node::Entry* e : sorted) {
      writeIndent();
      GITSYNC_RETURN_IF_ERROR(emitKey(e->first));
      writeIndicator(":", false, false, false);
      GITSYNC_RETURN_IF_ERROR(emitNode(e->second, Context::MappingValue));
    }
    popIndent();
    return okStatus();
  }

  // goyaml.v2's keyList.Less: runs of digits compare as numbers, letters sort after
  // non-letters.
  static bool keyLess(const std::string& as, const std::string& bs) {
    std::u32string a = decode(as), b = decode(bs);
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (a[i] == b[i]) continue;
      bool al = isLetter(a[i]), bl = isLetter(b[i]);
      if (al && bl) return a[i] < b[i];
      if (al || bl) return bl;
      long long an = 0, bn = 0;
      size_t ai = i, bi = i;
      if (a[i] == U'0' || b[i] == U'0') {
        for (size_t j = i; j-- > 0 && isDigit(a[j]);) {
          if (a[j] != U'0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      for (ai = i; ai < a.size() && isDigit(a[ai]); ++ai) an = an * 10 + (a[ai] - U'0');
      for (bi = i; bi < b.size() && isDigit(b[bi]); ++bi) bn = bn * 10 + (b[bi] - U'0');
      if (an != bn) return an < bn;
      if (ai != bi) return ai < bi;
      return a[i] < b[i];
    }
    return a.size() < b.size();
  }
  static bool isDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
  static bool isLetter(char32_t c) {
    if (c < 0x80) return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
    return c >= 0xC0 && c != 0xD7 && c != 0xF7;  // Latin letters and beyond: approximate
  }
  static std::u32string decode(const std::string& s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      int w = std::max(1, width(c));
      char32_t cp = w == 1 ? c : w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
      for (int k = 1; k < w && i + static_cast<size_t>(k) < s.size(); ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
      }
      out.push_back(cp);
      i += static_cast<size_t>(w);
    }
    return out;
  }

  Status emitKey(const std::string& key) {
    // Keys go through the same typing as values: JSON keys are strings.
    EmittedScalar e{key, v2PlainIsString(key) ? EmittedScalar::Request::Plain
                                               : EmittedScalar::Request::DoubleQuoted};
    if (key.find('\n') != std::string::npos) e.request = EmittedScalar::Request::Literal;
    writeScalar(e, /*simpleKey=*/true);
    return okStatus();
  }

  Status emitScalar(const Node& node, Context) {
    auto e = emittedScalar(node);
    if (!e.ok()) return e.status();
    writeScalar(*e, /*simpleKey=*/false);
    return okStatus();
  }

  void writeScalar(const EmittedScalar& e, bool simpleKey) {
    Bytes v = e.text;
    Analysis a = analyze(v);
    Style style = e.request == EmittedScalar::Request::Plain          ? Style::Plain
                  : e.request == EmittedScalar::Request::DoubleQuoted ? Style::Double
                                                                      : Style::Literal;
    if (simpleKey && a.multiline) style = Style::Double;
    if (style == Style::Plain) {
      if (!a.blockPlainAllowed) style = Style::Single;
      if (v.empty() && simpleKey) style = Style::Single;
    }
    if (style == Style::Single && !a.singleQuotedAllowed) style = Style::Double;
    if (style == Style::Literal && (!a.blockAllowed || simpleKey)) style = Style::Double;
    increaseIndent(true, false);
    switch (style) {
      case Style::Plain: writePlain(v, !simpleKey); break;
      case Style::Single: writeSingle(v, !simpleKey); break;
      case Style::Double: writeDouble(v, !simpleKey); break;
      case Style::Literal: writeLiteral(v); break;
    }
    popIndent();
  }

  void writePlain(Bytes v, bool allowBreaks) {
    if (!whitespace_) put(' ');
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (isSpace(v, i)) {
        if (allowBreaks && !spaces && column_ > kBestWidth && !isSpace(v, i + 1)) {
          writeIndent();
          i += 1;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (isBreak(v, i)) {
        if (!breaks && at(v, i) == '\n') putBreak();
        writeBreak(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) writeIndent();
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void writeSingle(Bytes v, bool allowBreaks) {
    writeIndicator("'", true, false, false);
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (isSpace(v, i)) {
        if (allowBreaks && !spaces && column_ > kBestWidth && i > 0 && i < v.size() - 1 &&
            !isSpace(v, i + 1)) {
          writeIndent();
          i += 1;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (isBreak(v, i)) {
        if (!breaks && at(v, i) == '\n') putBreak();
        writeBreak(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) writeIndent();
        if (at(v, i) == '\'') put('\'');
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    writeIndicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void writeDouble(Bytes v, bool allowBreaks) {
    static const char* kHex = "0123456789ABCDEF";
    bool spaces = false;
    writeIndicator("\"", true, false, false);
    for (size_t i = 0; i < v.size();) {
      if (!isPrintable(v, i) || isBom(v, i) || isBreak(v, i) || at(v, i) == '"' ||
          at(v, i) == '\\') {
        unsigned char octet = at(v, i);
        int w = std::max(1, width(octet));
        uint32_t cp = w == 1 ? octet & 0x7F : w == 2 ? octet & 0x1F : w == 3 ? octet & 0x0F
                                                                             : octet & 0x07;
        for (int k = 1; k < w; ++k) cp = (cp << 6) | (at(v, i + static_cast<size_t>(k)) & 0x3F);
        i += static_cast<size_t>(w);
        put('\\');
        switch (cp) {
          case 0x00: put('0'); break;
          case 0x07: put('a'); break;
          case 0x08: put('b'); break;
          case 0x09: put('t'); break;
          case 0x0A: put('n'); break;
          case 0x0B: put('v'); break;
          case 0x0C: put('f'); break;
          case 0x0D: put('r'); break;
          case 0x1B: put('e'); break;
          case 0x22: put('"'); break;
          case 0x5C: put('\\'); break;
          case 0x85: put('N'); break;
          case 0xA0: put('_'); break;
          case 0x2028: put('L'); break;
          case 0x2029: put('P'); break;
          default: {
            int digits = 0;
            if (cp <= 0xFF) { put('x'); digits = 2; }
            else if (cp <= 0xFFFF) { put('u'); digits = 4; }
            else { put('U'); digits = 8; }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) put(kHex[(cp >> k) & 0x0F]);
          }
        }
        spaces = false;
      } else if (isSpace(v, i)) {
        if (allowBreaks && !spaces && column_ > kBestWidth && i > 0 && i < v.size() - 1) {
          writeIndent();
          if (isSpace(v, i + 1)) put('\\');
          i += 1;
        } else {
          write(v, i);
        }
        spaces = true;
      } else {
        write(v, i);
        spaces = false;
      }
    }
    writeIndicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void writeBlockHints(Bytes v) {
    if (isSpace(v, 0) || isBreak(v, 0)) {
      char hint[2] = {static_cast<char>('0' + kBestIndent), 0};
      writeIndicator(hint, false, false, false);
    }
    const char* chomp = nullptr;
    if (v.empty()) {
      chomp = "-";
    } else {
      size_t i = v.size() - 1;
      while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
      if (!isBreak(v, i)) {
        chomp = "-";
      } else if (i == 0) {
        chomp = "+";
      } else {
        --i;
        while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
        if (isBreak(v, i)) chomp = "+";
      }
    }
    if (chomp) writeIndicator(chomp, false, false, false);
  }

  void writeLiteral(Bytes v) {
    writeIndicator("|", true, false, false);
    writeBlockHints(v);
    putBreak();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (size_t i = 0; i < v.size();) {
      if (isBreak(v, i)) {
        writeBreak(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) writeIndent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  std::string out_;
  std::vector<int> indents_;
  int indent_ = -1;
  int column_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
};

Status goJson(const Node& node, std::string& out) {
  switch (node.kind()) {
    case Node::Kind::Scalar: {
      auto s = scalarToGoJson(node);
      if (!s.ok()) return s.status();
      out += *s;
      return okStatus();
    }
    case Node::Kind::Seq: {
      out.push_back('[');
      bool first = true;
      for (const Node& item : node.items()) {
        if (!first) out.push_back(',');
        first = false;
        GITSYNC_RETURN_IF_ERROR(goJson(item, out));
      }
      out.push_back(']');
      return okStatus();
    }
    case Node::Kind::Map: {
      std::vector<const Node::Entry*> sorted;
      for (const auto& e : node.entries()) sorted.push_back(&e);
      std::sort(sorted.begin(), sorted.end(),
                [](const Node::Entry* a, const Node::Entry* b) { return a->first < b->first; });
      out.push_back('{');
      bool first = true;
      for (const Node::Entry* e : sorted) {
        if (!first) out.push_back(',');
        first = false;
        out += goJsonString(e->first);
        out.push_back(':');
        GITSYNC_RETURN_IF_ERROR(goJson(e->second, out));
      }
      out.push_back('}');
      return okStatus();
    }
  }
  return okStatus();
}

}  // namespace

Result<std::string> emitKustomizeYaml(const Node& object) {
  Emitter e;
  GITSYNC_RETURN_IF_ERROR(e.emitDocument(object));
  return e.take();
}

Result<std::string> toGoJson(const Node& node) {
  std::string out;
  GITSYNC_RETURN_IF_ERROR(goJson(node, out));
  return out;
}

}  // namespace gitsync::core
