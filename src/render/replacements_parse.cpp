// Reading `replacements:` (kustomize's ReplacementTransformerPlugin.Config).
#include <algorithm>
#include <cctype>

#include "gitsync/core/scalar.h"
#include "replacements_spec.h"

namespace gitsync::render::replacement {
namespace {

using core::Node;
using core::ScalarType;

// Go's encoding/json matches keys case-insensitively.
bool keyIs(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

class Parser {
 public:
  explicit Parser(bool strict) : strict_(strict) {}

  Result<Replacement> replacement(const Node& n, const std::string& where, std::string* path) {
    GITSYNC_RETURN_IF_ERROR(checkMap(n, {"source", "targets", "path"}, where));
    Replacement r;
    r.where = where;
    if (const Node* s = get(n, "source")) {
      GITSYNC_ASSIGN_OR_RETURN(r.source, source(*s, where + ": source"));
    }
    if (const Node* t = get(n, "targets")) {
      if (!t->isSeq()) return invalidArgument(where + ": targets: must be a list");
      r.targets.emplace();
      for (size_t i = 0; i < t->items().size(); ++i) {
        GITSYNC_ASSIGN_OR_RETURN(Target target,
                                 this->target(t->items()[i], where + ": targets[" +
                                                                 std::to_string(i) + "]"));
        r.targets->push_back(std::move(target));
      }
    }
    if (path) *path = text(get(n, "path"));
    return r;
  }

 private:
  static const Node* get(const Node& map, std::string_view key) {
    const Node* found = nullptr;
    for (const auto& [k, v] : map.entries()) {
      if (keyIs(k, key) && !v.isNull()) found = &v;
    }
    return found;
  }
  static std::string text(const Node* n) { return n && n->isScalar() ? n->text() : ""; }

  Status checkMap(const Node& n, std::initializer_list<std::string_view> known,
                  const std::string& where) const {
    if (!n.isMap()) return invalidArgument(where + ": must be a map");
    if (!strict_) return okStatus();
    for (const auto& [k, v] : n.entries()) {
      bool ok = std::any_of(known.begin(), known.end(), [&](std::string_view f) {
        return keyIs(k, f);
      });
      if (!ok) return invalidArgument("invalid Kustomization: json: unknown field \"" + k + "\"");
    }
    return okStatus();
  }

  Result<IdSelector> id(const Node& n) const {
    IdSelector s;
    s.gvk = {text(get(n, "group")), text(get(n, "version")), text(get(n, "kind"))};
    s.name = text(get(n, "name"));
    s.ns = text(get(n, "namespace"));
    return s;
  }

  Result<Options> options(const Node& n, const std::string& where) const {
    GITSYNC_RETURN_IF_ERROR(checkMap(n, {"delimiter", "index", "encoding", "create"}, where));
    Options o;
    o.delimiter = text(get(n, "delimiter"));
    if (const Node* idx = get(n, "index")) {
      core::ResolvedScalar r = core::resolveScalar(*idx);
      if (!idx->isScalar() || r.type != ScalarType::Int) {
        return invalidArgument(where + ": index: must be an integer");
      }
      o.index = r.integer;
    }
    if (const Node* create = get(n, "create")) {
      core::ResolvedScalar r = core::resolveScalar(*create);
      if (!create->isScalar() || r.type != ScalarType::Bool) {
        return invalidArgument(where + ": create: must be true or false");
      }
      o.create = r.boolean;
    }
    return o;
  }

  Result<Source> source(const Node& n, const std::string& where) const {
    GITSYNC_RETURN_IF_ERROR(checkMap(
        n, {"group", "version", "kind", "name", "namespace", "fieldPath", "options"}, where));
    Source s;
    GITSYNC_ASSIGN_OR_RETURN(s.id, id(n));
    s.fieldPath = text(get(n, "fieldPath"));
    if (const Node* o = get(n, "options")) {
      GITSYNC_ASSIGN_OR_RETURN(s.options, options(*o, where + ": options"));
    }
    return s;
  }

  Result<TargetSelector> selector(const Node& n, const std::string& where) const {
    GITSYNC_RETURN_IF_ERROR(checkMap(n, {"group", "version", "kind", "name", "namespace",
                                         "labelSelector", "annotationSelector"},
                                     where));
    TargetSelector s;
    GITSYNC_ASSIGN_OR_RETURN(s.id, id(n));
    s.labelSelector = text(get(n, "labelSelector"));
    s.annotationSelector = text(get(n, "annotationSelector"));
    return s;
  }

  Result<Target> target(const Node& n, const std::string& where) const {
    GITSYNC_RETURN_IF_ERROR(checkMap(n, {"select", "reject", "fieldPaths", "options"}, where));
    Target t;
    if (const Node* s = get(n, "select")) {
      GITSYNC_ASSIGN_OR_RETURN(t.select, selector(*s, where + ": select"));
    }
    if (const Node* r = get(n, "reject")) {
      if (!r->isSeq()) return invalidArgument(where + ": reject: must be a list");
      for (size_t i = 0; i < r->items().size(); ++i) {
        GITSYNC_ASSIGN_OR_RETURN(TargetSelector s,
                                 selector(r->items()[i],
                                          where + ": reject[" + std::to_string(i) + "]"));
        t.reject.push_back(std::move(s));
      }
    }
    if (const Node* f = get(n, "fieldPaths")) {
      if (!f->isSeq()) return invalidArgument(where + ": fieldPaths: must be a list");
      for (const Node& p : f->items()) t.fieldPaths.push_back(text(&p));
    }
    if (const Node* o = get(n, "options")) {
      GITSYNC_ASSIGN_OR_RETURN(t.options, options(*o, where + ": options"));
    }
    return t;
  }

  bool strict_;
};

}  // namespace

Result<std::vector<Replacement>> parseReplacements(const Node& field, const BuildContext& ctx) {
  if (!field.isSeq()) return invalidArgument("replacements: must be a list");
  std::vector<Replacement> out;
  for (size_t i = 0; i < field.items().size(); ++i) {
    const Node& entry = field.items()[i];
    std::string where = "replacements[" + std::to_string(i) + "]";
    std::string path;
    GITSYNC_ASSIGN_OR_RETURN(Replacement inline_, Parser(true).replacement(entry, where, &path));
    if (path.empty()) {
      out.push_back(std::move(inline_));
      continue;
    }
    if (inline_.source || (inline_.targets && !inline_.targets->empty())) {
      return invalidArgument(where + ": cannot specify both path and inline replacement");
    }
    auto docs = ctx.loader.readYaml(path);
    if (!docs.ok()) return docs.status().withPrefix(where);
    const Node content = docs->empty() ? Node() : docs->front();
    if (content.isSeq()) {
      for (size_t j = 0; j < content.items().size(); ++j) {
        GITSYNC_ASSIGN_OR_RETURN(
            Replacement r, Parser(false).replacement(content.items()[j],
                                                     where + ": " + path + "[" +
                                                         std::to_string(j) + "]",
                                                     nullptr));
        out.push_back(std::move(r));
      }
    } else if (content.isMap()) {
      GITSYNC_ASSIGN_OR_RETURN(Replacement r,
                               Parser(false).replacement(content, where + ": " + path, nullptr));
      out.push_back(std::move(r));
    } else {
      core::ResolvedScalar s = core::resolveScalar(content);
      const char* kind = content.isNull() ? "invalid"
                         : s.type == ScalarType::Bool ? "bool"
                         : s.type == ScalarType::Int || s.type == ScalarType::Uint ||
                                 s.type == ScalarType::Float
                             ? "float64"
                             : "string";
      return invalidArgument(where + ": unsupported replacement type encountered within " +
                             "replacement path: " + kind);
    }
  }
  return out;
}

}  // namespace gitsync::render::replacement
