#include "gitsync/apply/compare.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace gitsync::apply {
namespace {

using kube::Json;

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Kubernetes quantities ("500m", "0.5", "64Mi", "1e3") as numbers; false when `s` is not one.
bool quantityValue(const std::string& s, long double& out) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = i;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == digits) return false;
  std::string number = s.substr(0, i);
  std::string suffix = s.substr(i);
  long double scale = 1;
  static const std::pair<const char*, long double> kSuffixes[] = {
      {"", 1},          {"n", 1e-9L},     {"u", 1e-6L},     {"m", 1e-3L},
      {"k", 1e3L},      {"M", 1e6L},      {"G", 1e9L},      {"T", 1e12L},
      {"P", 1e15L},     {"E", 1e18L},     {"Ki", 1024.0L},  {"Mi", 1048576.0L},
      {"Gi", 1073741824.0L}, {"Ti", 1099511627776.0L}, {"Pi", 1125899906842624.0L},
      {"Ei", 1152921504606846976.0L}};
  bool known = false;
  for (const auto& [name, factor] : kSuffixes) {
    if (suffix == name) {
      scale = factor;
      known = true;
    }
  }
  if (!known) {
    if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return false;
    char* end = nullptr;
    long exponent = std::strtol(suffix.c_str() + 1, &end, 10);
    if (end == nullptr || *end != '\0') return false;
    scale = std::pow(10.0L, static_cast<long double>(exponent));
  }
  char* end = nullptr;
  long double value = std::strtold(number.c_str(), &end);
  if (end == nullptr || *end != '\0') return false;
  out = value * scale;
  return true;
}

// Maps whose values are resource quantities the server canonicalizes ("1000m" is stored "1").
bool quantityParent(std::string_view key) {
  return key == "limits" || key == "requests" || key == "hard" || key == "capacity" ||
         key == "overhead" || key == "default" || key == "defaultRequest" || key == "max" ||
         key == "min";
}

bool sameQuantity(const Json& desired, const Json& live) {
  auto text = [](const Json& v, std::string& out) {
    if (v.is_string()) {
      out = v.get<std::string>();
      return true;
    }
    if (v.is_number()) {
      out = v.dump();
      return true;
    }
    return false;
  };
  std::string a, b;
  long double x = 0, y = 0;
  if (!text(desired, a) || !text(live, b) || !quantityValue(a, x) || !quantityValue(b, y)) {
    return false;
  }
  long double scale = std::max(std::fabs(x), std::fabs(y));
  return std::fabs(x - y) <= scale * 1e-15L;
}

// True with the path of the first value of `desired` the live object does not have.
bool firstDifference(const Json& desired, const Json& live, const std::string& path,
                     std::string& out, std::string_view parentKey = {}) {
  if (desired.is_object()) {
    if (!live.is_object()) {
      out = path;
      return true;
    }
    for (const auto& [key, value] : desired.items()) {
      auto it = live.find(key);
      if (value.is_null()) {
        if (it != live.end() && !it->is_null()) {
          out = join(path, key);
          return true;
        }
        continue;
      }
      if (it == live.end()) {
        out = join(path, key);
        return true;
      }
      if (quantityParent(parentKey) && sameQuantity(value, *it)) continue;
      if (firstDifference(value, *it, join(path, key), out, key)) return true;
    }
    return false;
  }
  if (desired.is_array()) {
    if (!live.is_array() || live.size() != desired.size()) {
      out = path;
      return true;
    }
    for (size_t i = 0; i < desired.size(); ++i) {
      if (firstDifference(desired[i], live[i], path + "[" + std::to_string(i) + "]", out)) {
        return true;
      }
    }
    return false;
  }
  if (desired == live) return false;
  out = path;
  return true;
}

std::string base64(const std::string& in) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63],
                       kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

// A Secret's stringData as the server stores it: base64 in data (stringData wins).
Json storedForm(const Json& desired) {
  if (!desired.is_object() || desired.value("kind", "") != "Secret" ||
      desired.value("apiVersion", "") != "v1" || !desired.contains("stringData") ||
      !desired["stringData"].is_object()) {
    return desired;
  }
  Json stored = desired;
  Json& data = stored["data"];
  if (!data.is_object()) data = Json::object();
  for (const auto& [key, value] : desired["stringData"].items()) {
    if (!value.is_string()) return desired;
    data[key] = base64(value.get<std::string>());
  }
  stored.erase("stringData");
  return stored;
}

bool onlySelf(const Json& fields) {
  for (const auto& [key, value] : fields.items()) {
    if (key != ".") return false;
  }
  return true;
}

// Whether the list item `element` is the one named by a "k:{...}" key: every key field the
// element sets has the key's value, and it sets at least one (the server defaults the others,
// e.g. a port's protocol).
bool matchesKey(const Json& element, const Json& key) {
  if (!element.is_object() || !key.is_object()) return false;
  int present = 0;
  for (const auto& [name, value] : key.items()) {
    auto it = element.find(name);
    if (it == element.end()) continue;
    if (*it != value) return false;
    ++present;
  }
  return present > 0;
}

bool ignoredField(int depth, bool inMetadata, const std::string& key) {
  if (depth == 0) return key == "apiVersion" || key == "kind";
  if (depth == 1 && inMetadata) return key == "name" || key == "namespace";
  return false;
}

// `fields` (a fieldsV1 node) names exactly the fields of `desired`.
bool fieldsMatch(const Json& desired, const Json& fields, int depth, bool inMetadata) {
  if (!fields.is_object()) return false;
  if (fields.empty()) return true;  // a leaf, or a map/list owned as a whole
  if (desired.is_object()) {
    for (const auto& [key, value] : desired.items()) {
      if (ignoredField(depth, inMetadata, key)) continue;
      bool childInMetadata = depth == 0 && key == "metadata";
      auto it = fields.find("f:" + key);
      if (it == fields.end()) {
        // metadata with only name/namespace is not tracked at all.
        if (childInMetadata && value.is_object() &&
            std::all_of(value.items().begin(), value.items().end(), [](const auto& item) {
              return ignoredField(1, true, item.key());
            })) {
          continue;
        }
        return false;
      }
      if ((value.is_object() || value.is_array()) &&
          !fieldsMatch(value, *it, depth + 1, childInMetadata)) {
        return false;
      }
    }
    for (const auto& [key, value] : fields.items()) {
      if (key == ".") continue;
      if (!startsWith(key, "f:")) return false;
      std::string name = key.substr(2);
      if (!desired.contains(name)) return false;
    }
    return true;
  }
  if (desired.is_array()) {
    std::vector<bool> matched(desired.size(), false);
    for (const auto& [key, value] : fields.items()) {
      if (key == ".") continue;
      bool isKey = startsWith(key, "k:");
      bool isValue = startsWith(key, "v:");
      if (!isKey && !isValue) return false;
      Json parsed = Json::parse(key.substr(2), nullptr, false);
      if (parsed.is_discarded()) return false;
      bool found = false;
      for (size_t i = 0; i < desired.size(); ++i) {
        if (matched[i]) continue;
        if (isKey ? matchesKey(desired[i], parsed) : desired[i] == parsed) {
          if (isKey && !fieldsMatch(desired[i], value, depth + 1, false)) return false;
          matched[i] = true;
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    for (bool m : matched) {
      if (!m) return false;
    }
    return true;
  }
  return onlySelf(fields);
}

Json withoutVolatile(Json object) {
  if (!object.is_object()) return object;
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return object;
  meta->erase("resourceVersion");
  meta->erase("generation");
  auto managed = meta->find("managedFields");
  if (managed != meta->end() && managed->is_array()) {
    for (Json& entry : *managed) {
      if (entry.is_object()) entry.erase("time");
    }
  }
  return object;
}

}  // namespace

Comparison compareValues(const Json& desired, const Json& live) {
  std::string path;
  if (!firstDifference(storedForm(desired), live, "", path)) return {};
  bool certain = startsWith(path, "metadata.labels") || startsWith(path, "metadata.annotations");
  if (desired.value("kind", "") == "ConfigMap" && desired.value("apiVersion", "") == "v1" &&
      (startsWith(path, "data") || startsWith(path, "binaryData"))) {
    certain = true;
  }
  return {certain ? Verdict::Changed : Verdict::Doubtful, path};
}

bool ownsExactly(const Json& desired, const Json& live, const std::string& manager) {
  if (!live.is_object() || !live.contains("metadata")) return false;
  const Json& meta = live["metadata"];
  auto managed = meta.find("managedFields");
  if (managed == meta.end() || !managed->is_array()) return false;
  for (const Json& entry : *managed) {
    if (!entry.is_object() || entry.value("manager", "") != manager ||
        entry.value("operation", "") != "Apply" || !entry.value("subresource", "").empty()) {
      continue;
    }
    auto fields = entry.find("fieldsV1");
    if (fields == entry.end()) return false;
    return fieldsMatch(desired, *fields, 0, false);
  }
  return false;
}

Comparison compare(const Json& desired, const Json& live, const std::string& manager) {
  Comparison values = compareValues(desired, live);
  if (values.verdict != Verdict::Unchanged) return values;
  if (!ownsExactly(desired, live, manager)) return {Verdict::Doubtful, "metadata.managedFields"};
  return {};
}

bool sameState(const Json& a, const Json& b) { return withoutVolatile(a) == withoutVolatile(b); }

}  // namespace gitsync::apply
