#include "generator_objects.h"

#include <cstdint>
#include <map>

namespace gitsync::render {
namespace {

constexpr size_t kBase64LineLength = 70;

std::string base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t v = byte(i) << 16;
    if (rest == 2) v |= byte(i + 1) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool inRange(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

}  // namespace

bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    unsigned char c = at(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the first continuation byte
    if (inRange(c, 0xC2, 0xDF)) {
      need = 1;
    } else if (c == 0xE0) {
      need = 2, lo = 0xA0;
    } else if (c == 0xED) {
      need = 2, hi = 0x9F;
    } else if (inRange(c, 0xE1, 0xEF)) {
      need = 2;
    } else if (c == 0xF0) {
      need = 3, lo = 0x90;
    } else if (c == 0xF4) {
      need = 3, hi = 0x8F;
    } else if (inRange(c, 0xF1, 0xF3)) {
      need = 3;
    } else {
      return false;
    }
    if (i + need >= s.size()) return false;
    if (!inRange(at(i + 1), lo, hi)) return false;
    for (size_t k = 2; k <= need; ++k) {
      if (!inRange(at(i + k), 0x80, 0xBF)) return false;
    }
    i += need + 1;
  }
  return true;
}

bool breaksKustomizeLiteral(std::string_view v) {
  if (v.empty() || v.front() != '\t' || v.find('\n') == std::string_view::npos) return false;
  if (v.back() == ' ') return false;  // trailing space: yaml.v3 double-quotes it
  auto byte = [&](size_t k) { return k < v.size() ? static_cast<unsigned char>(v[k]) : 0; };
  bool previousSpace = false;
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = byte(i);
    bool lineOrParagraphSeparator = c == 0xE2 && byte(i + 1) == 0x80 &&
                                    (byte(i + 2) == 0xA8 || byte(i + 2) == 0xA9);
    if (previousSpace && (c == '\n' || lineOrParagraphSeparator)) return false;
    previousSpace = c == ' ';
    // Characters yaml.v3 does not print as they are (it falls back to double quotes).
    if (c != '\t' && c != '\n' && (c < 0x20 || c == 0x7F)) return false;
    if (c == 0xC2 && byte(i + 1) < 0xA0) return false;
    if (c >= 0xF0) return false;  // yaml.v3 escapes characters beyond U+FFFF
    if (c == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) return false;
    if (c == 0xEF && byte(i + 1) == 0xBF && (byte(i + 2) == 0xBE || byte(i + 2) == 0xBF)) {
      return false;
    }
  }
  return true;
}

std::string base64Lines(std::string_view data) {
  std::string encoded = base64(data);
  if (encoded.size() < kBase64LineLength) return encoded;
  std::string out;
  out.reserve(encoded.size() + encoded.size() / kBase64LineLength + 1);
  for (size_t i = 0; i < encoded.size(); i += kBase64LineLength) {
    out.append(encoded, i, kBase64LineLength);
    out += '\n';
  }
  return out;
}

Result<core::Node> makeGeneratedObject(GeneratorKind kind, const GeneratorArgs& args,
                                       const std::vector<KvPair>& pairs) {
  using core::Node;
  std::map<std::string, std::string> data;
  for (const KvPair& kv : pairs) {
    if (!data.emplace(kv.key, kv.value).second) {
      return invalidArgument("illegally repeats the key \"" + kv.key + "\"");
    }
  }
  bool secret = kind == GeneratorKind::Secret;
  const GeneratorOptions& o = args.options;
  Node meta = Node::map();
  meta.set("name", Node::string(args.name));
  if (!args.ns.empty()) meta.set("namespace", Node::string(args.ns));
  if (!o.labels.empty()) {
    Node labels = Node::map();
    for (const auto& [k, v] : o.labels) labels.set(k, Node::string(v));
    meta.set("labels", std::move(labels));
  }
  if (!o.annotations.empty()) {
    Node annotations = Node::map();
    for (const auto& [k, v] : o.annotations) annotations.set(k, Node::string(v));
    meta.set("annotations", std::move(annotations));
  }

  Node text = Node::map();
  Node binary = Node::map();
  for (const auto& [k, v] : data) {
    if (secret) {
      text.set(k, Node::string(base64Lines(v)));
    } else if (isValidUtf8(v)) {
      if (breaksKustomizeLiteral(v)) {
        return invalidArgument("key \"" + k +
                               "\": kustomize cannot print a value that spans lines and starts "
                               "with a tab (yaml: found a tab character where an indentation "
                               "space is expected)");
      }
      text.set(k, Node::string(v));
    } else {
      binary.set(k, Node::string(base64Lines(v)));
    }
  }

  Node obj = Node::map();
  obj.set("apiVersion", Node::string("v1"));
  obj.set("kind", Node::string(secret ? "Secret" : "ConfigMap"));
  obj.set("metadata", std::move(meta));
  if (secret) obj.set("type", Node::string(args.type.empty() ? "Opaque" : args.type));
  if (secret || text.size() > 0) obj.set("data", std::move(text));
  if (binary.size() > 0) obj.set("binaryData", std::move(binary));
  if (o.immutable) obj.set("immutable", Node::scalar("true"));
  return obj;
}

}  // namespace gitsync::render
