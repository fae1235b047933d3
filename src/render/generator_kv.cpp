#include "generator_kv.h"

#include <cstdint>

#include "generator_objects.h"

namespace gitsync::render {
namespace {

// bufio.Scanner's default limit: a line (with its newline) must fit in 64 KiB; kustomize stops
// reading the file at the first line that does not, without an error.
constexpr size_t kMaxLineWithNewline = 64 * 1024;

// Decodes the UTF-8 rune at `s[i]` (s is valid UTF-8), advancing i.
uint32_t decodeRune(std::string_view s, size_t& i) {
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[k])); };
  uint32_t c = b(i);
  if (c < 0x80) {
    i += 1;
    return c;
  }
  if (c < 0xE0) {
    uint32_t r = ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
    i += 2;
    return r;
  }
  if (c < 0xF0) {
    uint32_t r = ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    i += 3;
    return r;
  }
  uint32_t r = ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
               (b(i + 3) & 0x3F);
  i += 4;
  return r;
}

// Go's unicode.IsSpace.
bool isGoSpace(uint32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

std::string_view trimLeftSpace(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i;
    if (!isGoSpace(decodeRune(s, next))) break;
    i = next;
  }
  return s.substr(i);
}

// Go's path.Base.
std::string pathBase(std::string_view p) {
  if (p.empty()) return ".";
  while (!p.empty() && p.back() == '/') p.remove_suffix(1);
  size_t slash = p.rfind('/');
  if (slash != std::string_view::npos) p = p.substr(slash + 1);
  if (p.empty()) return "/";
  return std::string(p);
}

bool isRemote(std::string_view p) {
  return p.rfind("http://", 0) == 0 || p.rfind("https://", 0) == 0;
}

Result<std::string> readSource(const FileLoader& loader, const std::string& path) {
  if (isRemote(path)) {
    return unimplemented("'" + path + "': remote files are not supported");
  }
  return loader.read(path);
}

}  // namespace

Result<KvPair> parseLiteralSource(std::string_view source) {
  size_t eq = source.find('=');
  if (eq == 0 || eq == std::string_view::npos) {
    return invalidArgument("invalid literal source \"" + std::string(source) +
                           "\", expected key=value");
  }
  std::string_view value = source.substr(eq + 1);
  if (value.size() >= 2 && value.front() == value.back() &&
      (value.front() == '"' || value.front() == '\'')) {
    value = value.substr(1, value.size() - 2);
  }
  return KvPair{std::string(source.substr(0, eq)), std::string(value)};
}

Result<FileSource> parseFileSource(std::string_view source) {
  size_t count = 0;
  for (char c : source) count += c == '=';
  std::string src(source);
  if (count == 0) return FileSource{pathBase(source), src};
  if (count > 1) {
    return invalidArgument("source \"" + src + "\" key name or file path contains '='");
  }
  size_t eq = source.find('=');
  if (eq == 0) {
    return invalidArgument("missing key name for file path \"" + src.substr(1) +
                           "\" in source \"" + src + "\"");
  }
  if (eq + 1 == source.size()) {
    return invalidArgument("missing file path for key name \"" + src.substr(0, eq) +
                           "\" in source \"" + src + "\"");
  }
  return FileSource{src.substr(0, eq), src.substr(eq + 1)};
}

Result<std::vector<KvPair>> parseEnvFile(std::string_view content) {
  std::vector<KvPair> pairs;
  size_t pos = 0;
  for (size_t lineNo = 1; pos < content.size(); ++lineNo) {
    size_t nl = content.find('\n', pos);
    size_t end = nl == std::string_view::npos ? content.size() : nl;
    if (end - pos + 1 > kMaxLineWithNewline) break;
    std::string_view line = content.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (!isValidUtf8(line)) {
      return invalidArgument("line " + std::to_string(lineNo) + ": invalid UTF-8");
    }
    if (lineNo == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    line = trimLeftSpace(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    KvPair kv;
    kv.key = std::string(line.substr(0, eq));
    if (eq != std::string_view::npos) kv.value = std::string(line.substr(eq + 1));
    // A line "=value" has an empty key, which kustomize skips like a blank line.
    if (kv.key.empty()) continue;
    pairs.push_back(std::move(kv));
  }
  return pairs;
}

Result<std::vector<KvPair>> loadKvPairs(const GeneratorArgs& args, const FileLoader& loader) {
  std::vector<KvPair> all;
  for (const std::string& path : args.envs) {
    auto content = readSource(loader, path);
    if (!content.ok()) return content.status().withPrefix("envs");
    auto pairs = parseEnvFile(*content);
    if (!pairs.ok()) return pairs.status().withPrefix("envs: " + path);
    for (KvPair& kv : *pairs) all.push_back(std::move(kv));
  }
  for (const std::string& literal : args.literals) {
    auto kv = parseLiteralSource(literal);
    if (!kv.ok()) return kv.status().withPrefix("literals");
    all.push_back(std::move(kv).value());
  }
  for (const std::string& source : args.files) {
    auto fs = parseFileSource(source);
    if (!fs.ok()) return fs.status().withPrefix("files");
    auto content = readSource(loader, fs->path);
    if (!content.ok()) return content.status().withPrefix("files");
    all.push_back(KvPair{fs->key, std::move(content).value()});
  }
  return all;
}

}  // namespace gitsync::render
