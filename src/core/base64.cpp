#include "gitsync/core/base64.h"

#include <cstdint>

namespace gitsync::core {
namespace {

int value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool isWhitespace(char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; }

}  // namespace

std::optional<std::string> decodeBase64(std::string_view text, const Base64Options& options) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t acc = 0;
  int bits = 0;
  size_t data = 0;
  size_t padding = 0;
  for (char c : text) {
    if (isWhitespace(c)) {
      if (options.skipWhitespace) continue;
      return std::nullopt;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    int v = value(c);
    if (v < 0 || padding > 0) return std::nullopt;
    ++data;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Data only before '=' (checked above), so with whole quanta and at most two '=', the
  // padding stands at the end of the last quantum.
  if (options.requirePadding && ((data + padding) % 4 != 0 || padding > 2)) return std::nullopt;
  return out;
}

}  // namespace gitsync::core
