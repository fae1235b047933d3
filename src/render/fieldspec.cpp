#include "gitsync/render/fieldspec.h"

#include <algorithm>

namespace gitsync::render {
namespace {

// Splits a field spec path on '/', keeping bracketed parts ("[name=a/b]") whole.
std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (c == '/' && depth == 0) {
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

bool containsSpec(const std::vector<FieldSpec>& specs, const FieldSpec& s) {
  return std::find(specs.begin(), specs.end(), s) != specs.end();
}

void mergeSpecs(std::vector<FieldSpec>& into, const std::vector<FieldSpec>& from) {
  for (const FieldSpec& s : from) {
    if (!containsSpec(into, s)) into.push_back(s);
  }
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

void TransformerConfig::merge(const TransformerConfig& other) {
  mergeSpecs(namePrefix, other.namePrefix);
  mergeSpecs(nameSuffix, other.nameSuffix);
  mergeSpecs(nameSpace, other.nameSpace);
  mergeSpecs(commonLabels, other.commonLabels);
  mergeSpecs(templateLabels, other.templateLabels);
  mergeSpecs(commonAnnotations, other.commonAnnotations);
  mergeSpecs(varReference, other.varReference);
  mergeSpecs(images, other.images);
  mergeSpecs(replicas, other.replicas);
  for (const NameBackReference& ref : other.nameReference) {
    auto it = std::find_if(nameReference.begin(), nameReference.end(),
                           [&](const NameBackReference& r) { return r.gvk == ref.gvk; });
    if (it == nameReference.end()) {
      nameReference.push_back(ref);
    } else {
      mergeSpecs(it->referrers, ref.referrers);
    }
  }
}

}  // namespace gitsync::render
