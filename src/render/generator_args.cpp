#include "generator_args.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>

#include "gitsync/core/scalar.h"

namespace gitsync::render {
namespace {

bool equalFold(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The canonical field name `key` matches (encoding/json matches names case-insensitively), or
// "" when it matches none.
std::string_view knownField(std::string_view key, std::initializer_list<std::string_view> fields) {
  for (std::string_view f : fields) {
    if (equalFold(key, f)) return f;
  }
  return {};
}

bool inList(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// True when sigs.k8s.io/yaml (goyaml.v2) reads the scalar as a string. Besides what v2 would
// quote on output, it reads timestamps and "1:20"-style words as strings when decoding.
bool v2DecodesAsString(const core::Node& n) {
  if (n.tag() == "!!str") return true;
  if (!n.tag().empty()) return false;
  if (n.style() == core::Node::Style::Quoted) return true;
  const std::string& s = n.text();
  if (core::v2PlainIsString(s)) return true;
  if (s.find(':') != std::string::npos) return true;
  return s.size() >= 8 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-';
}

// A string field; null (or a missing value) reads as "".
Result<std::string> readString(const core::Node& n, const std::string& where) {
  if (n.isScalar() && n.isNull()) return std::string();
  if (!n.isScalar() || !v2DecodesAsString(n)) return invalidArgument(where + ": must be a string");
  return n.text();
}

Result<bool> readBool(const core::Node& n, const std::string& where) {
  if (n.isScalar() && n.isNull()) return false;
  bool plain = n.isScalar() && n.style() == core::Node::Style::Plain &&
               (n.tag().empty() || n.tag() == "!!bool");
  if (plain && inList(n.text(), {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on",
                                 "On", "ON"})) {
    return true;
  }
  if (plain && inList(n.text(), {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
                                 "Off", "OFF"})) {
    return false;
  }
  return invalidArgument(where + ": must be true or false");
}

Result<std::vector<std::string>> readStringList(const core::Node& n, const std::string& where) {
  std::vector<std::string> out;
  if (n.isScalar() && n.isNull()) return out;
  if (!n.isSeq()) return invalidArgument(where + ": must be a list of strings");
  for (size_t i = 0; i < n.items().size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(std::string s,
                             readString(n.items()[i], where + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::map<std::string, std::string>> readStringMap(const core::Node& n,
                                                         const std::string& where) {
  std::map<std::string, std::string> out;
  if (n.isScalar() && n.isNull()) return out;
  if (!n.isMap()) return invalidArgument(where + ": must be a map of strings");
  for (const auto& [key, value] : n.entries()) {
    GITSYNC_ASSIGN_OR_RETURN(std::string s, readString(value, where + "." + key));
    out[key] = std::move(s);
  }
  return out;
}

std::string unknownField(const std::string& where, const std::string& key) {
  return where + ": unknown field \"" + key + "\"";
}

}  // namespace

Result<GeneratorOptions> parseGeneratorOptions(const core::Node& node, const std::string& where) {
  GeneratorOptions opts;
  if (node.isScalar() && node.isNull()) return opts;
  if (!node.isMap()) return invalidArgument(where + ": must be a map");
  for (const auto& [key, value] : node.entries()) {
    std::string_view f =
        knownField(key, {"labels", "annotations", "disableNameSuffixHash", "immutable"});
    std::string at = where + ": " + std::string(f);
    if (f == "labels") {
      GITSYNC_ASSIGN_OR_RETURN(opts.labels, readStringMap(value, at));
    } else if (f == "annotations") {
      GITSYNC_ASSIGN_OR_RETURN(opts.annotations, readStringMap(value, at));
    } else if (f == "disableNameSuffixHash") {
      GITSYNC_ASSIGN_OR_RETURN(opts.disableNameSuffixHash, readBool(value, at));
    } else if (f == "immutable") {
      GITSYNC_ASSIGN_OR_RETURN(opts.immutable, readBool(value, at));
    } else {
      return invalidArgument(unknownField(where, key));
    }
  }
  return opts;
}

Result<GeneratorArgs> parseGeneratorArgs(const core::Node& entry, GeneratorKind kind,
                                         const std::string& where) {
  GeneratorArgs args;
  if (entry.isScalar() && entry.isNull()) return args;
  if (!entry.isMap()) return invalidArgument(where + ": must be a map");
  std::string env;
  for (const auto& [key, value] : entry.entries()) {
    std::string_view f = knownField(key, {"name", "namespace", "behavior", "literals", "files",
                                          "envs", "env", "options", "type"});
    if (f == "type" && kind != GeneratorKind::Secret) f = {};
    std::string at = where + ": " + std::string(f);
    if (f == "name") {
      GITSYNC_ASSIGN_OR_RETURN(args.name, readString(value, at));
    } else if (f == "namespace") {
      GITSYNC_ASSIGN_OR_RETURN(args.ns, readString(value, at));
    } else if (f == "behavior") {
      GITSYNC_ASSIGN_OR_RETURN(args.behavior, readString(value, at));
    } else if (f == "type") {
      GITSYNC_ASSIGN_OR_RETURN(args.type, readString(value, at));
    } else if (f == "literals") {
      GITSYNC_ASSIGN_OR_RETURN(args.literals, readStringList(value, at));
    } else if (f == "files") {
      GITSYNC_ASSIGN_OR_RETURN(args.files, readStringList(value, at));
    } else if (f == "envs") {
      GITSYNC_ASSIGN_OR_RETURN(args.envs, readStringList(value, at));
    } else if (f == "env") {
      GITSYNC_ASSIGN_OR_RETURN(env, readString(value, at));
    } else if (f == "options") {
      GITSYNC_ASSIGN_OR_RETURN(args.options, parseGeneratorOptions(value, at));
    } else {
      return invalidArgument(unknownField(where, key));
    }
  }
  // kustomize's FixKustomization folds the deprecated `env` in after `envs`.
  if (!env.empty()) args.envs.push_back(env);
  return args;
}

GeneratorOptions mergeGeneratorOptions(GeneratorOptions local, const GeneratorOptions& global) {
  for (const auto& [k, v] : global.labels) local.labels.emplace(k, v);
  for (const auto& [k, v] : global.annotations) local.annotations.emplace(k, v);
  local.disableNameSuffixHash = local.disableNameSuffixHash || global.disableNameSuffixHash;
  local.immutable = local.immutable || global.immutable;
  return local;
}

GeneratorBehavior generatorBehavior(const std::string& behavior) {
  if (behavior == "create") return GeneratorBehavior::Create;
  if (behavior == "merge") return GeneratorBehavior::Merge;
  if (behavior == "replace") return GeneratorBehavior::Replace;
  return GeneratorBehavior::Unspecified;
}

}  // namespace gitsync::render
