// kustomize's content hash of a generated ConfigMap or Secret (api/hasher): SHA-256 over the Go
// JSON encoding of a few fields, the first 10 hex digits with some characters swapped so that
// the suffix never looks like a number or a word.
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gitsync/core/digest.h"
#include "gitsync/core/scalar.h"
#include "gitsync/core/yaml.h"
#include "gitsync/render/generators.h"

namespace gitsync::render {
namespace {

// encoding/json's float64 encoding.
std::string goJsonFloat64(double f) {
  double a = std::fabs(f);
  bool exp = a != 0 && (a < 1e-6 || a >= 1e21);
  std::string s = core::goFormatFloat(f, exp ? 'e' : 'f');
  size_t n = s.size();
  if (exp && n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
    s.erase(n - 2, 1);
  }
  return s;
}

// The hasher decodes each map into map[string]interface{} and encodes it again: numbers come
// back as float64 (so 12345678901234567890 becomes 12345678901234567000). Rewrites the number
// tokens of `json` that way.
std::string numbersAsFloat64(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool inString = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (inString) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) {
        out += json[++i];
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t end = i;
      while (end < json.size() && std::string_view("+-.eE0123456789").find(json[end]) !=
                                      std::string_view::npos) {
        ++end;
      }
      std::string token(json.substr(i, end - i));
      out += goJsonFloat64(std::strtod(token.c_str(), nullptr));
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

enum class Shape { Missing, Scalar, Map, Seq };

struct FieldJson {
  Shape shape = Shape::Missing;
  std::string json;
};

// What the hasher's getNodeValues yields for top-level field `field`, as JSON: "" when missing,
// a scalar's raw text as a string, a map as an object, a list as null (it fails to decode into a
// map). Note that the hasher looks "metadata/name" up as one key, so the name is always "".
Result<FieldJson> fieldJson(const core::Node& object, std::string_view field) {
  const core::Node* n = object.isMap() ? object.get(field) : nullptr;
  if (!n) return FieldJson{Shape::Missing, "\"\""};
  if (n->isScalar()) return FieldJson{Shape::Scalar, core::goJsonString(n->text())};
  if (n->isSeq()) return FieldJson{Shape::Seq, "null"};
  GITSYNC_ASSIGN_OR_RETURN(std::string json, core::toGoJson(*n));
  return FieldJson{Shape::Map, numbersAsFloat64(json)};
}

Result<std::string> encodeForHash(const core::Node& object, std::string_view kind) {
  GITSYNC_ASSIGN_OR_RETURN(FieldJson name, fieldJson(object, "metadata/name"));
  GITSYNC_ASSIGN_OR_RETURN(FieldJson data, fieldJson(object, "data"));
  if (kind == "ConfigMap") {
    GITSYNC_ASSIGN_OR_RETURN(FieldJson binary, fieldJson(object, "binaryData"));
    std::string out = "{";
    if (binary.shape == Shape::Map || binary.shape == Shape::Seq) {
      out += "\"binaryData\":" + binary.json + ",";
    }
    out += "\"data\":" + data.json + ",\"kind\":\"ConfigMap\",\"name\":" + name.json + "}";
    return out;
  }
  GITSYNC_ASSIGN_OR_RETURN(FieldJson stringData, fieldJson(object, "stringData"));
  GITSYNC_ASSIGN_OR_RETURN(FieldJson type, fieldJson(object, "type"));
  std::string out = "{\"data\":" + data.json + ",\"kind\":\"Secret\",\"name\":" + name.json;
  if (stringData.shape == Shape::Map || stringData.shape == Shape::Seq) {
    out += ",\"stringData\":" + stringData.json;
  }
  out += ",\"type\":" + type.json + "}";
  return out;
}

}  // namespace

Result<std::string> contentHash(const core::Node& object) {
  std::string_view kind = object.str({"kind"});
  if (kind != "ConfigMap" && kind != "Secret") {
    return unimplemented("contentHash: kind '" + std::string(kind) +
                         "': only ConfigMap and Secret names get a content hash");
  }
  GITSYNC_ASSIGN_OR_RETURN(std::string encoded, encodeForHash(object, kind));
  std::string hex = core::sha256Hex(encoded);
  std::string out = hex.substr(0, 10);
  for (char& c : out) {
    switch (c) {
      case '0': c = 'g'; break;
      case '1': c = 'h'; break;
      case '3': c = 'k'; break;
      case 'a': c = 'm'; break;
      case 'e': c = 't'; break;
      default: break;
    }
  }
  return out;
}

}  // namespace gitsync::render
