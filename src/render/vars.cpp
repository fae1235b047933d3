// kustomize's vars (api/internal/accumulator: MergeVars, ResolveVars; api/filters/refvar).
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>

#include "gitsync/core/scalar.h"
#include "gitsync/render/references.h"
#include "kyaml_path.h"
#include "refs_util.h"

namespace gitsync::render {
namespace {

using core::Node;
using core::ScalarType;

struct Var {
  std::string name;
  ResId target;             // objref, apiVersion split into group and version
  std::string fieldPath;    // as written (may be empty)
  const VarDecl* decl = nullptr;

  std::string path() const { return fieldPath.empty() ? "metadata.name" : fieldPath; }
  // Go's %v of kustomize's types.Var, before (`defaulted` false) or after Defaulting().
  std::string display(bool defaulted) const {
    return "{" + name + " " + kustomizeGvkString(target.gvk) + " {" +
           (defaulted ? path() : fieldPath) + "}}";
  }
};

bool knownKey(std::string_view key, std::initializer_list<std::string_view> known) {
  for (std::string_view k : known) {
    if (k.size() == key.size() &&
        std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

// Go's encoding/json matches field names case-insensitively.
const Node* field(const Node& map, std::string_view key) {
  const Node* found = nullptr;
  for (const auto& [k, v] : map.entries()) {
    if (knownKey(k, {key})) found = &v;
  }
  return found;
}

std::string text(const Node* n) { return n && n->isScalar() && !n->isNull() ? n->text() : ""; }

Status checkMap(const Node* n, std::initializer_list<std::string_view> known,
                const std::string& where) {
  if (!n || n->isNull()) return okStatus();
  if (!n->isMap()) return invalidArgument(where + ": must be a map");
  for (const auto& [k, v] : n->entries()) {
    if (!knownKey(k, known)) {
      return invalidArgument("invalid Kustomization: json: unknown field \"" + k + "\"");
    }
  }
  return okStatus();
}

Result<Var> parseVar(const VarDecl& decl) {
  const Node& spec = decl.spec;
  if (!spec.isMap()) return invalidArgument(decl.file + ": vars: each var must be a map");
  const Node* objref = field(spec, "objref");
  const Node* fieldref = field(spec, "fieldref");
  Status s = checkMap(&spec, {"name", "objref", "fieldref"}, "vars");
  if (s.ok()) {
    s = checkMap(objref, {"apiVersion", "group", "version", "kind", "name", "namespace"},
                 "vars: objref");
  }
  if (s.ok()) s = checkMap(fieldref, {"fieldPath"}, "vars: fieldref");
  if (!s.ok()) return s.withPrefix(decl.file);
  Var v;
  v.decl = &decl;
  v.name = text(field(spec, "name"));
  if (objref && objref->isMap()) {
    v.target.gvk = {text(field(*objref, "group")), text(field(*objref, "version")),
                    text(field(*objref, "kind"))};
    std::string apiVersion = text(field(*objref, "apiVersion"));
    if (!apiVersion.empty()) {
      size_t slash = apiVersion.find('/');
      if (slash == std::string::npos) {
        v.target.gvk.version = apiVersion;
      } else if (apiVersion.find('/', slash + 1) == std::string::npos) {
        v.target.gvk.group = apiVersion.substr(0, slash);
        v.target.gvk.version = apiVersion.substr(slash + 1);
      }
    }
    v.target.name = text(field(*objref, "name"));
    v.target.ns = text(field(*objref, "namespace"));
  }
  if (fieldref && fieldref->isMap()) v.fieldPath = text(field(*fieldref, "fieldPath"));
  return v;
}

std::vector<ResId> history(const Resource& r) {
  std::vector<ResId> ids = r.previousIds;
  ids.push_back(r.id());
  return ids;
}

// kustomize's ResId.Equals (objref with a namespace) or GvknEquals (without), against any id
// the object ever had.
bool matches(const Var& v, const Resource& r) {
  for (const ResId& id : history(r)) {
    if (id.name != v.target.name || !(id.gvk == v.target.gvk)) continue;
    if (v.target.ns.empty()) return true;
    std::string ns = v.target.ns == "default" ? "default" : v.target.ns;
    if (id.effectiveNamespace() == ns) return true;
  }
  return false;
}

Result<std::vector<const Resource*>> matching(const Var& v, const ObjectSet& set) {
  std::vector<const Resource*> found;
  for (const Resource& r : set) {
    if (matches(v, r)) found.push_back(&r);
  }
  if (found.size() > 1) {
    return invalidArgument(v.decl->file + ": vars: found " + std::to_string(found.size()) +
                           " resId matches for var " + v.display(false) +
                           " (unable to disambiguate)");
  }
  return found;
}

bool startsWith(const std::vector<ResId>& ids, const std::vector<ResId>& prefix) {
  return ids.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), ids.begin());
}

// A var's value as kyaml's GetFieldValue types it.
struct Value {
  enum class Type { String, Int, Float, Bool, Composite } type = Type::String;
  std::string str;
  long long integer = 0;
  double floating = 0;
  bool boolean = false;
};

// Go's strconv.Atoi.
bool goAtoi(const std::string& s, long long& out) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
  }
  errno = 0;
  out = std::strtoll(s.c_str(), nullptr, 10);
  return errno == 0;
}

// Go's strconv.ParseFloat for the texts YAML calls floats (".inf" and ".nan" fail there).
bool goParseFloat(const std::string& s, double& out) {
  if (s.empty() || s.find_first_of("_xXnN") != std::string::npos) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

Result<Value> fieldValue(Node& object, const Var& v) {
  Status notFound = invalidArgument(v.decl->file + ": vars: field specified in var '" +
                                    v.display(true) + "' not found in corresponding resource");
  auto found = lookupFieldPath(object, splitSliceIndexes(splitFieldPath(v.path())));
  if (!found.ok() || *found == nullptr) return notFound;
  const Node& n = **found;
  Value out;
  if (!n.isScalar()) {
    out.type = Value::Type::Composite;
    return out;
  }
  const std::string& tag = n.tag();
  bool custom = !tag.empty() && tag != "!!int" && tag != "!!float" && tag != "!!bool" &&
                tag != "!!null" && tag != "!!str";
  ScalarType type = custom ? ScalarType::String : core::resolveScalar(n).type;
  switch (type) {
    case ScalarType::Int:
    case ScalarType::Uint:
      out.type = Value::Type::Int;
      if (!goAtoi(n.text(), out.integer)) return notFound;
      return out;
    case ScalarType::Float:
      out.type = Value::Type::Float;
      if (!goParseFloat(n.text(), out.floating)) return notFound;
      return out;
    case ScalarType::Bool:
      out.type = Value::Type::Bool;
      out.boolean = n.text() == "true" || n.text() == "True" || n.text() == "TRUE";
      return out;
    case ScalarType::Null:
    case ScalarType::String:
      out.str = n.text();
      return out;
  }
  return out;
}

using VarMap = std::map<std::string, Value>;

std::string asText(const Value& v) {
  switch (v.type) {
    case Value::Type::Int: return std::to_string(v.integer);
    case Value::Type::Float: return core::goFormatFloat(v.floating, 'g');
    case Value::Type::Bool: return v.boolean ? "true" : "false";
    default: return v.str;
  }
}

Node asNode(const Value& v) {
  switch (v.type) {
    case Value::Type::Int: return Node::scalar(std::to_string(v.integer));
    case Value::Type::Float: return Node::scalar(core::goFormatFloat(v.floating, 'f'),
                                                 Node::Style::Plain, "!!float");
    case Value::Type::Bool: return Node::scalar(v.boolean ? "true" : "false");
    default: return Node::string(v.str);
  }
}

// refvar.DoReplacements: $(NAME) expands to the var's value, $$ is a literal $, unknown or
// non-scalar vars stay as written. A string that is exactly "$(NAME)" takes the value's type.
Node expand(const std::string& in, const VarMap& vars) {
  std::string out;
  size_t checkpoint = 0;
  for (size_t cursor = 0; cursor < in.size(); ++cursor) {
    if (in[cursor] != '$' || cursor + 1 >= in.size()) continue;
    out.append(in, checkpoint, cursor - checkpoint);
    size_t advance = 1;
    char next = in[cursor + 1];
    if (next == '$') {
      out.push_back('$');
    } else if (next == '(') {
      size_t close = in.find(')', cursor + 2);
      if (close == std::string::npos) {
        out += "$(";
      } else {
        std::string name = in.substr(cursor + 2, close - cursor - 2);
        auto it = vars.find(name);
        bool known = it != vars.end() && it->second.type != Value::Type::Composite;
        if (in.size() == name.size() + 3) {
          return known ? asNode(it->second) : Node::string(in);
        }
        out += known ? asText(it->second) : "$(" + name + ")";
        advance = close - cursor;
      }
    } else {
      out.push_back('$');
      out.push_back(next);
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  if (checkpoint < in.size()) out.append(in, checkpoint, std::string::npos);
  return Node::string(out);
}

bool isString(const Node& n) {
  if (!n.isScalar()) return false;
  if (n.tag() == "!!str") return true;
  return n.tag().empty() && core::resolveScalar(n).type == ScalarType::String;
}

Status substitute(Node& node, const VarMap& vars) {
  if (node.isNull()) return okStatus();
  if (node.isScalar()) {
    if (isString(node)) node = expand(node.text(), vars);
    return okStatus();
  }
  if (node.isMap()) {
    for (auto& [key, value] : node.entries()) {
      if (isString(value)) value = expand(value.text(), vars);
    }
    return okStatus();
  }
  for (Node& item : node.items()) {
    if (!isString(item)) return invalidArgument("invalid value type expect a string");
    item = expand(item.text(), vars);
  }
  return okStatus();
}

}  // namespace

Status bindVar(VarDecl& var, const ObjectSet& set) {
  GITSYNC_ASSIGN_OR_RETURN(Var v, parseVar(var));
  GITSYNC_ASSIGN_OR_RETURN(std::vector<const Resource*> found, matching(v, set));
  var.boundTo = found.empty() ? std::vector<ResId>{} : history(*found.front());
  return okStatus();
}

Result<ObjectSet> resolveVars(ObjectSet set, const std::vector<VarDecl>& vars,
                              const TransformerConfig& config) {
  if (vars.empty()) return set;
  std::vector<Var> parsed;
  for (const VarDecl& decl : vars) {
    GITSYNC_ASSIGN_OR_RETURN(Var v, parseVar(decl));
    parsed.push_back(std::move(v));
  }
  // kustomize resolves its var set in name order; the first failure is reported.
  std::stable_sort(parsed.begin(), parsed.end(),
                   [](const Var& a, const Var& b) { return a.name < b.name; });
  VarMap values;
  for (const Var& v : parsed) {
    Resource* source = nullptr;
    if (v.decl->boundTo) {
      const std::vector<ResId>& bound = *v.decl->boundTo;
      for (Resource& r : set) {
        if (!bound.empty() && startsWith(history(r), bound)) {
          source = &r;
          break;
        }
      }
    } else {
      GITSYNC_ASSIGN_OR_RETURN(std::vector<const Resource*> found, matching(v, set));
      if (!found.empty()) source = const_cast<Resource*>(found.front());
    }
    if (!source) {
      return invalidArgument(v.decl->file + ": vars: var '" + v.display(true) +
                             "' cannot be mapped to a field in the set of known resources");
    }
    GITSYNC_ASSIGN_OR_RETURN(values[v.name], fieldValue(source->object, v));
  }
  for (Resource& r : set) {
    Gvk gvk = Gvk::fromApiVersion(r.apiVersion(), r.kind());
    for (const FieldSpec& spec : config.varReference) {
      if (!gvkSelected(spec.gvk, gvk)) continue;
      GITSYNC_RETURN_IF_ERROR(
          walkFieldPath(r.object, spec.path, [&](Node& n) { return substitute(n, values); }));
    }
  }
  return set;
}

}  // namespace gitsync::render
