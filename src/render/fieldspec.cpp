#include "gitsync/render/fieldspec.h"

#include <algorithm>

#include "transformer_args.h"

namespace gitsync::render {
namespace {

// Splits a field spec path on '/' as kustomize's PathSplitter does: "a\/b" is one key "a/b".
std::vector<std::string> splitPath(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::vector<std::string> parts;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty() && cur.back() == '\\') {
        cur.back() = '/';
        continue;
      }
      parts.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  parts.push_back(cur);
  return parts;
}

Status walk(core::Node& node, const std::vector<std::string>& path, size_t i, bool create,
            const std::function<Status(core::Node&)>& fn) {
  if (i == path.size()) return fn(node);
  if (node.isScalar()) {
    if (node.isNull()) return okStatus();
    return invalidArgument("expected sequence or mapping node");
  }
  if (node.isSeq()) {
    for (core::Node& item : node.items()) {
      GITSYNC_RETURN_IF_ERROR(walk(item, path, i, create, fn));
    }
    return okStatus();
  }
  std::string_view field = path[i];
  bool isSeq = field.size() > 2 && field.substr(field.size() - 2) == "[]";
  if (isSeq) field.remove_suffix(2);
  if (field.empty()) return invalidArgument("cannot set or create an empty field name");
  core::Node* child = node.get(field);
  if (!child) {
    if (!create || isSeq) return okStatus();
    bool leaf = i + 1 == path.size();
    child = &node.set(field, leaf ? core::Node::null() : core::Node::map());
  } else if (child->isNull() && create && !isSeq && i + 1 < path.size()) {
    *child = core::Node::map();
  }
  return walk(*child, path, i + 1, create, fn);
}

Status mergeSpecs(std::vector<FieldSpec>& into, const std::vector<FieldSpec>& from) {
  for (const FieldSpec& s : from) {
    auto present = std::find_if(into.begin(), into.end(), [&](const FieldSpec& e) {
      return e.path == s.path && gvkSelected(s.gvk, e.gvk);
    });
    if (present == into.end()) {
      into.push_back(s);
    } else if (present->create != s.create) {
      return invalidArgument("conflicting fieldspecs: path '" + s.path + "'");
    }
  }
  return okStatus();
}



}  // namespace

bool gvkSelected(const Gvk& spec, const Gvk& gvk) {
  if (!spec.group.empty() && spec.group != gvk.group) return false;
  if (!spec.version.empty() && spec.version != gvk.version) return false;
  if (!spec.kind.empty() && spec.kind != gvk.kind) return false;
  return true;
}

Status forEachField(core::Node& object, const FieldSpec& spec,
                    const std::function<Status(core::Node& field)>& fn) {
  Gvk gvk = Gvk::fromApiVersion(object.str({"apiVersion"}), object.str({"kind"}));
  if (!gvkSelected(spec.gvk, gvk)) return okStatus();
  Status s = walk(object, splitPath(spec.path), 0, spec.create, fn);
  if (!s.ok() && s.code() == Code::InvalidArgument &&
      s.message().rfind("expected sequence", 0) == 0) {
    return s.withPrefix("considering field '" + spec.path + "' of object " +
                        gvk.kind + "/" + std::string(object.str({"metadata", "name"})));
  }
  return s;
}

Status TransformerConfig::merge(const TransformerConfig& other) {
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(namePrefix, other.namePrefix));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(nameSuffix, other.nameSuffix));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(nameSpace, other.nameSpace));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(commonLabels, other.commonLabels));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(templateLabels, other.templateLabels));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(commonAnnotations, other.commonAnnotations));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(varReference, other.varReference));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(images, other.images));
  GITSYNC_RETURN_IF_ERROR(mergeSpecs(replicas, other.replicas));
  for (const NameBackReference& ref : other.nameReference) {
    auto it = std::find_if(nameReference.begin(), nameReference.end(),
                           [&](const NameBackReference& r) { return r.gvk == ref.gvk; });
    if (it == nameReference.end()) {
      nameReference.push_back(ref);
    } else {
      GITSYNC_RETURN_IF_ERROR(mergeSpecs(it->referrers, ref.referrers));
    }
  }
  std::stable_sort(nameReference.begin(), nameReference.end(),
                   [](const NameBackReference& a, const NameBackReference& b) {
                     return args::gvkLess(a.gvk, b.gvk);  // kustomize's kind order
                   });
  return okStatus();
}

}  // namespace gitsync::render
