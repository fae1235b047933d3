#include "transformer_args.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gitsync/core/scalar.h"

namespace gitsync::render::args {
namespace {

// How sigs.k8s.io/yaml (goyaml.v2, YAML 1.1) types a scalar before it becomes JSON.
enum class V2Type { Null, Bool, Number, NotJson, String };

bool inList(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

constexpr std::string_view kTrueWords[] = {"y",  "Y",  "yes",  "Yes",  "YES", "on",
                                           "On", "ON", "true", "True", "TRUE"};
constexpr std::string_view kFalseWords[] = {"n",   "N",   "no",    "No",    "NO",   "off",
                                            "Off", "OFF", "false", "False", "FALSE"};

bool inWords(std::string_view s, const auto& words) {
  return std::find(std::begin(words), std::end(words), s) != std::end(words);
}

bool isDigits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    int v = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : 99;
    if (v >= base) return false;
  }
  return true;
}

std::string withoutUnderscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

std::string_view unsigned_(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

// Go's strconv.ParseInt(s, 0, 64) syntax (range not checked): 0x, 0o, 0b prefixes, a leading
// 0 for octal.
bool goIntSyntax(std::string_view s) {
  std::string_view u = unsigned_(s);
  if (u.size() > 2 && u[0] == '0') {
    char p = u[1];
    if (p == 'x' || p == 'X') return isDigits(u.substr(2), 16);
    if (p == 'o' || p == 'O') return isDigits(u.substr(2), 8);
    if (p == 'b' || p == 'B') return isDigits(u.substr(2), 2);
  }
  if (u.size() > 1 && u[0] == '0') return isDigits(u.substr(1), 8);
  return isDigits(u, 10);
}

// goyaml.v2's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool yamlStyleFloat(std::string_view s) {
  std::string_view u = unsigned_(s);
  size_t i = 0;
  auto digits = [&]() {
    size_t start = i;
    while (i < u.size() && u[i] >= '0' && u[i] <= '9') ++i;
    return i > start;
  };
  if (i < u.size() && u[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < u.size() && u[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < u.size() && (u[i] == 'e' || u[i] == 'E')) {
    ++i;
    if (i < u.size() && (u[i] == '+' || u[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == u.size();
}

V2Type v2Type(const core::Node& node) {
  const std::string& tag = node.tag();
  if (tag == "!!str" || tag == "!!binary") return V2Type::String;
  if (tag == "!!null") return V2Type::Null;
  if (tag == "!!bool") return V2Type::Bool;
  if (tag == "!!int" || tag == "!!float") return V2Type::Number;
  if (node.style() == core::Node::Style::Quoted) return V2Type::String;
  std::string_view t = node.text();
  if (inList(t, {"", "~", "null", "Null", "NULL"})) return V2Type::Null;
  if (core::v2PlainIsString(t)) return V2Type::String;
  if (inWords(t, kTrueWords) || inWords(t, kFalseWords)) return V2Type::Bool;
  if (inList(t, {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                 "-.inf", "-.Inf", "-.INF"})) {
    return V2Type::NotJson;
  }
  std::string plain = withoutUnderscores(t);
  if (goIntSyntax(plain) || yamlStyleFloat(plain)) return V2Type::Number;
  return V2Type::String;  // timestamps and base-60 numbers stay strings
}

std::string v2TypeName(V2Type t) {
  switch (t) {
    case V2Type::Null: return "null";
    case V2Type::Bool: return "a boolean";
    case V2Type::Number: return "a number";
    case V2Type::NotJson: return "a number JSON cannot hold";
    case V2Type::String: return "a string";
  }
  return "a value";
}

Status wrongType(std::string_view where, std::string_view want, const core::Node& node) {
  std::string got = node.isScalar() ? v2TypeName(v2Type(node)) : describe(node);
  return invalidArgument(std::string(where) + ": must be " + std::string(want) + ", not " + got);
}

// Go's strconv.ParseInt(s, 0, 64) value; false on overflow.
bool parseGoInt(std::string_view s, int64_t& out) {
  bool neg = !s.empty() && s[0] == '-';
  std::string_view u = unsigned_(s);
  int base = 10;
  if (u.size() > 2 && u[0] == '0' && std::string_view("xXoObB").find(u[1]) != std::string::npos) {
    char p = u[1];
    base = p == 'x' || p == 'X' ? 16 : p == 'o' || p == 'O' ? 8 : 2;
    u.remove_prefix(2);
  } else if (u.size() > 1 && u[0] == '0') {
    base = 8;
    u.remove_prefix(1);
  }
  if (!isDigits(u, base)) return false;
  uint64_t v = 0;
  const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (char c : u) {
    uint64_t d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (v > (limit - d) / base) return false;
    v = v * base + d;
  }
  out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

}  // namespace

std::string describe(const core::Node& node) {
  if (node.isMap()) return "a map";
  if (node.isSeq()) return "a list";
  if (node.isNull()) return "null";
  return "a scalar";
}

Result<std::string> toString(const core::Node& node, std::string_view where) {
  if (!node.isScalar()) return wrongType(where, "a string", node);
  switch (v2Type(node)) {
    case V2Type::String: return node.text();
    case V2Type::Null: return std::string();
    default: return wrongType(where, "a string", node);
  }
}

Result<bool> toBool(const core::Node& node, std::string_view where) {
  if (!node.isScalar()) return wrongType(where, "a boolean", node);
  V2Type t = v2Type(node);
  if (t == V2Type::Null) return false;
  if (t != V2Type::Bool) return wrongType(where, "a boolean", node);
  if (inWords(node.text(), kTrueWords)) return true;
  if (inWords(node.text(), kFalseWords)) return false;
  return invalidArgument(std::string(where) + ": '" + node.text() + "' is not a boolean");
}

Result<int64_t> toInt64(const core::Node& node, std::string_view where) {
  if (!node.isScalar()) return wrongType(where, "an integer", node);
  V2Type t = v2Type(node);
  if (t == V2Type::Null) return int64_t{0};
  if (t != V2Type::Number) return wrongType(where, "an integer", node);
  std::string plain = withoutUnderscores(node.text());
  int64_t v = 0;
  if (goIntSyntax(plain)) {
    if (parseGoInt(plain, v)) return v;
    if (!yamlStyleFloat(plain)) {
      return invalidArgument(std::string(where) + ": " + node.text() + " overflows an integer");
    }
  }
  // A float: JSON writes integral values without a fraction, which an int64 accepts.
  double d = std::strtod(plain.c_str(), nullptr);
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
    return static_cast<int64_t>(d);
  }
  return invalidArgument(std::string(where) + ": must be an integer, not " + node.text());
}

Result<StringPairs> toStringMap(const core::Node& node, std::string_view where) {
  StringPairs out;
  if (node.isNull()) return out;
  if (!node.isMap()) return wrongType(where, "a map of strings", node);
  for (const auto& [key, value] : node.entries()) {
    GITSYNC_ASSIGN_OR_RETURN(std::string v,
                             toString(value, std::string(where) + ": \"" + key + "\""));
    out.emplace_back(key, std::move(v));
  }
  return out;
}

Status checkFields(const core::Node& node, std::initializer_list<std::string_view> known,
                   std::string_view where, bool strict) {
  if (node.isNull()) return okStatus();
  if (!node.isMap()) return wrongType(where, "a map", node);
  if (!strict) return okStatus();
  for (const auto& entry : node.entries()) {
    if (!inList(entry.first, known)) {
      return invalidArgument(std::string(where) + ": unknown field \"" + entry.first + "\"");
    }
  }
  return okStatus();
}

Result<const std::vector<core::Node>*> toList(const core::Node& node, std::string_view where) {
  static const std::vector<core::Node> kEmpty;
  if (node.isNull()) return &kEmpty;
  if (!node.isSeq()) return wrongType(where, "a list", node);
  return &node.items();
}

std::string indexed(std::string_view where, size_t i) {
  return std::string(where) + "[" + std::to_string(i) + "]";
}

Result<FieldSpec> toFieldSpec(const core::Node& node, std::string_view where, bool strict) {
  GITSYNC_RETURN_IF_ERROR(
      checkFields(node, {"group", "version", "kind", "path", "create"}, where, strict));
  FieldSpec spec;
  if (node.isNull()) return spec;
  auto str = [&](std::string_view key, std::string& out) -> Status {
    const core::Node* v = node.get(key);
    if (!v) return okStatus();
    auto s = toString(*v, std::string(where) + "." + std::string(key));
    if (!s.ok()) return s.status();
    out = std::move(s).value();
    return okStatus();
  };
  GITSYNC_RETURN_IF_ERROR(str("group", spec.gvk.group));
  GITSYNC_RETURN_IF_ERROR(str("version", spec.gvk.version));
  GITSYNC_RETURN_IF_ERROR(str("kind", spec.gvk.kind));
  GITSYNC_RETURN_IF_ERROR(str("path", spec.path));
  if (const core::Node* v = node.get("create")) {
    GITSYNC_ASSIGN_OR_RETURN(spec.create, toBool(*v, std::string(where) + ".create"));
  }
  return spec;
}

Result<std::vector<FieldSpec>> toFieldSpecs(const core::Node& node, std::string_view where,
                                            bool strict) {
  GITSYNC_ASSIGN_OR_RETURN(const std::vector<core::Node>* items, toList(node, where));
  std::vector<FieldSpec> specs;
  for (size_t i = 0; i < items->size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(FieldSpec spec, toFieldSpec((*items)[i], indexed(where, i), strict));
    specs.push_back(std::move(spec));
  }
  return specs;
}

core::Node restyled(const core::Node& old, std::string text) {
  return core::Node::scalar(std::move(text), old.isScalar() ? old.style() : core::Node::Style::Plain);
}

std::string gvkDisplay(const Gvk& gvk) {
  std::string out;
  for (const std::string* part : {&gvk.group, &gvk.version, &gvk.kind}) {
    if (part->empty()) continue;
    if (!out.empty()) out += "/";
    out += *part;
  }
  return out.empty() ? "any kind" : out;
}

bool gvkLess(const Gvk& a, const Gvk& b) {
  static constexpr std::string_view kFirst[] = {
      "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition",
      "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding",
      "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange",
      "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet",
      "CronJob", "PodDisruptionBudget"};
  static constexpr std::string_view kLast[] = {"MutatingWebhookConfiguration",
                                               "ValidatingWebhookConfiguration"};
  auto order = [](const std::string& kind) {
    constexpr int n = static_cast<int>(std::size(kFirst));
    for (int i = 0; i < n; ++i) {
      if (kFirst[i] == kind) return i - n;
    }
    for (int i = 0; i < static_cast<int>(std::size(kLast)); ++i) {
      if (kLast[i] == kind) return i + 1;
    }
    return 0;
  };
  int oa = order(a.kind), ob = order(b.kind);
  if (oa != ob) return oa < ob;
  auto key = [](const Gvk& g) {
    return (g.group.empty() ? "~G" : g.group) + "_" + (g.version.empty() ? "~V" : g.version) +
           "_" + (g.kind.empty() ? "~K" : g.kind);
  };
  return key(a) < key(b);
}

Status objectFieldError(std::string_view where, const Resource& r, std::string_view path,
                        std::string_view problem) {
  return invalidArgument(std::string(where) + ": " + r.id().display() + ": " +
                         std::string(path) + ": " + std::string(problem));
}

Status forEachFieldOf(Resource& r, const FieldSpec& spec, std::string_view where,
                      const std::function<Status(core::Node& field)>& fn) {
  Status s = forEachField(r.object, spec, fn);
  if (s.ok() || s.message().rfind(std::string(where) + ": ", 0) == 0) return s;
  return s.withPrefix(std::string(where));
}

Status setStringEntries(ObjectSet& set, const std::vector<FieldSpec>& specs,
                        const StringPairs& pairs, std::string_view where) {
  if (pairs.empty()) return okStatus();
  for (Resource& r : set) {
    for (const FieldSpec& spec : specs) {
      GITSYNC_RETURN_IF_ERROR(forEachFieldOf(r, spec, where, [&](core::Node& field) -> Status {
        if (field.isNull()) {
          // kyaml turns a null into a map only where it may create one.
          if (!spec.create) return okStatus();
          field = core::Node::map();
        }
        if (!field.isMap()) {
          return objectFieldError(where, r, spec.path, "expected a map, got " + describe(field));
        }
        for (const auto& [key, value] : pairs) field.set(key, core::Node::string(value));
        return okStatus();
      }));
    }
  }
  return okStatus();
}

}  // namespace gitsync::render::args
