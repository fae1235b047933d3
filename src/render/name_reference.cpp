// kustomize's name-reference fix-up (api/internal/accumulator/namereferencetransformer.go,
// api/filters/nameref, resmap's SubsetThatCouldBeReferencedByResource).
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "gitsync/core/yaml.h"
#include "gitsync/render/builtin_transformers.h"
#include "gitsync/render/references.h"
#include "refs_util.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace {

using core::Node;

bool clusterScoped(const ResId& id) { return isClusterScoped(id.gvk); }

std::vector<std::string> nonEmpty(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const std::string& s : v) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

// kustomize's utils.SameEndingSubSlice.
bool sameEnding(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto& shortest = a.size() <= b.size() ? a : b;
  const auto& longest = a.size() <= b.size() ? b : a;
  size_t diff = longest.size() - shortest.size();
  if (shortest.empty()) return diff == 0;
  return std::equal(shortest.begin(), shortest.end(), longest.begin() + diff);
}

bool prefixSuffixEquals(const Resource& r, const Resource& o, bool allowEmpty) {
  auto rp = nonEmpty(r.prefixes), op = nonEmpty(o.prefixes);
  auto rs = nonEmpty(r.suffixes), os = nonEmpty(o.suffixes);
  if (allowEmpty) {
    return (rp.empty() || op.empty() || sameEnding(rp, op)) &&
           (rs.empty() || os.empty() || sameEnding(rs, os));
  }
  return sameEnding(rp, op) && sameEnding(rs, os);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// The object as kustomize prints it in errors: with the build annotations it carries.
std::string dumpForError(const Resource& r) {
  Node object = r.object;
  std::vector<std::pair<std::string, std::string>> notes;
  if (r.needsHashSuffix || r.behavior != GeneratorBehavior::Unspecified) {
    static constexpr const char* kNames[] = {"unspecified", "create", "replace", "merge"};
    notes.emplace_back("generatorBehavior", kNames[static_cast<int>(r.behavior)]);
  }
  if (r.needsHashSuffix) notes.emplace_back("needsHashSuffix", "enabled");
  if (!r.previousIds.empty()) {
    std::vector<std::string> kinds, names, namespaces;
    for (const ResId& id : r.previousIds) {
      kinds.push_back(id.gvk.kind);
      names.push_back(id.name);
      namespaces.push_back(id.effectiveNamespace());
    }
    notes.emplace_back("previousKinds", join(kinds, ","));
    notes.emplace_back("previousNames", join(names, ","));
    notes.emplace_back("previousNamespaces", join(namespaces, ","));
  }
  if (!nonEmpty(r.prefixes).empty()) notes.emplace_back("prefixes", join(nonEmpty(r.prefixes), ","));
  if (!nonEmpty(r.suffixes).empty()) notes.emplace_back("suffixes", join(nonEmpty(r.suffixes), ","));
  if (!notes.empty() && object.isMap()) {
    Node& annotations = object.ensureMap("metadata").ensureMap("annotations");
    for (const auto& [k, v] : notes) {
      annotations.set("internal.config.kubernetes.io/" + k, Node::string(v));
    }
  }
  auto yaml = core::emitKustomizeYaml(object);
  return yaml.ok() ? *yaml : std::string();
}

// What the fix-up reads of every object; name references never change these.
struct Info {
  ResId id;
  std::string ns;          // effective namespace
  std::string originalNs;  // effective namespace of the original id
  bool clusterScoped = false;
};

struct Index {
  std::vector<Info> info;
  // Objects by each name they had before a rename, in set order.
  std::unordered_map<std::string, std::vector<size_t>> byPreviousName;

  explicit Index(const ObjectSet& set) {
    info.reserve(set.size());
    for (size_t i = 0; i < set.size(); ++i) {
      const Resource& r = set[i];
      Info in;
      in.id = r.id();
      in.ns = in.id.effectiveNamespace();
      in.originalNs = r.originalId().effectiveNamespace();
      in.clusterScoped = clusterScoped(in.id);
      info.push_back(std::move(in));
      std::vector<std::string_view> seen;
      for (const ResId& prev : r.previousIds) {
        if (std::find(seen.begin(), seen.end(), prev.name) != seen.end()) continue;
        seen.push_back(prev.name);
        byPreviousName[prev.name].push_back(i);
      }
    }
  }
};

// resmap's SubsetThatCouldBeReferencedByResource, as a membership flag per object.
Result<std::vector<char>> referable(const Index& index, const Resource& referrer,
                                    const Info& referrerInfo) {
  std::vector<char> out(index.info.size(), 0);
  if (referrerInfo.clusterScoped) {
    std::fill(out.begin(), out.end(), 1);
    return out;
  }
  // A RoleBinding may name ServiceAccounts of other namespaces in its subjects.
  std::vector<std::string> saNamespaces;
  const Node* subjects = referrer.object.get("subjects");
  if (referrerInfo.id.gvk.kind == "RoleBinding" && subjects && subjects->isSeq()) {
    for (const Node& s : subjects->items()) {
      const Node* ns = s.isMap() ? s.get("namespace") : nullptr;
      const Node* kind = s.isMap() ? s.get("kind") : nullptr;
      if (!ns || !kind || kind->text() != "ServiceAccount") continue;
      if (!ns->isScalar() || ns->isNull()) {
        return invalidArgument("Invalid Input: namespace is blank for resource \"" +
                               kustomizeIdString(referrerInfo.id) + "\"\n");
      }
      saNamespaces.push_back(ns->text());
    }
  }
  for (size_t i = 0; i < index.info.size(); ++i) {
    const Info& in = index.info[i];
    out[i] = in.clusterScoped || in.ns == referrerInfo.ns ||
             std::find(saNamespaces.begin(), saNamespaces.end(), in.id.ns) != saNamespaces.end();
  }
  return out;
}

// One nameref.Filter: a referrer field spec and the kind it refers to.
class Fixer {
 public:
  Fixer(ObjectSet& set, const Index& index, size_t referrer, const std::vector<char>& candidates,
        const FieldSpec& spec, const Gvk& target)
      : set_(set),
        index_(index),
        referrer_(referrer),
        candidates_(candidates),
        spec_(spec),
        target_(target) {}

  Status run() {
    Status s = walkFieldPath(set_[referrer_].object, spec_.path,
                             [this](Node& n) { return setNode(n); });
    return s.withPrefix("updating name reference in '" + spec_.path + "' field of '" +
                        kustomizeIdString(set_[referrer_].id()) + "'");
  }

 private:
  const Resource& referrer() const { return set_[referrer_]; }
  const Info& info(size_t i) const { return index_.info[i]; }

  Status setNode(Node& node) {
    if (node.isNull()) return okStatus();
    if (node.isScalar()) return setScalar(node);
    if (node.isMap()) return setMapping(node);
    for (Node& item : node.items()) {
      if (item.isNull()) continue;
      if (item.isScalar()) {
        GITSYNC_RETURN_IF_ERROR(setScalar(item));
      } else if (item.isMap()) {
        GITSYNC_RETURN_IF_ERROR(setMapping(item));
      } else {
        auto yaml = core::emitKustomizeYaml(item);
        return invalidArgument((yaml.ok() ? *yaml : std::string()) +
                               " is expected to be either a string or a map of string");
      }
    }
    return okStatus();
  }

  Status setScalar(Node& node) {
    GITSYNC_ASSIGN_OR_RETURN(std::optional<size_t> referral,
                             select(node.text(), std::nullopt, false));
    if (!referral) return okStatus();
    const std::string& name = info(*referral).id.name;
    if (name != node.text()) node = Node::scalar(name, node.style());
    return okStatus();
  }

  Status setMapping(Node& node) {
    Node* nameNode = node.get("name");
    if (!nameNode) return invalidArgument("path config error; no 'name' field in node");
    std::optional<std::string> ns;
    if (const Node* nsNode = node.get("namespace")) ns = nsNode->text();
    std::string oldName = nameNode->text();
    GITSYNC_ASSIGN_OR_RETURN(std::optional<size_t> referral, select(oldName, ns, true));
    if (!referral) return okStatus();
    const std::string& name = info(*referral).id.name;
    const std::string& refNs = info(*referral).id.ns;
    if (name == oldName && refNs.empty()) return okStatus();
    *nameNode = Node::scalar(name, nameNode->style());
    if (refNs.empty()) return okStatus();  // an empty namespace must not replace "default"
    if (Node* nsNode = node.get("namespace")) {
      *nsNode = Node::scalar(refNs, nsNode->style());
    } else {
      node.set("namespace", Node::string(refNs));
    }
    return okStatus();
  }

  // filterMapCandidatesByNamespace: the candidates whose original namespace is `ns` when there
  // are any, else those whose current namespace is.
  bool byOriginalNamespace(const std::string& ns) const {
    if (ns == "_non_namespaceable_") return false;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      if (candidates_[i] && info(i).originalNs == ns) return true;
    }
    return false;
  }

  bool previousIdSelected(size_t i, const Gvk& gvk) const {
    for (const ResId& id : set_[i].previousIds) {
      if (gvkSelected(gvk, id.gvk)) return true;
    }
    return false;
  }

  // For roleRef/name, the roleRef's apiGroup and kind narrow the candidates.
  std::optional<Gvk> roleRefGvk() const {
    const std::string& p = spec_.path;
    static constexpr std::string_view kSuffix = "roleRef/name";
    if (p.size() < kSuffix.size() ||
        p.compare(p.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
      return std::nullopt;
    }
    const Node* roleRef = referrer().object.get("roleRef");
    if (!roleRef || !roleRef->isMap()) return std::nullopt;
    const Node* group = roleRef->get("apiGroup");
    const Node* kind = roleRef->get("kind");
    if (!group || !kind) return std::nullopt;
    return Gvk{group->text(), "", kind->text()};
  }

  template <typename Pred>
  static std::vector<size_t> sieve(const std::vector<size_t>& in, Pred pred) {
    std::vector<size_t> out;
    for (size_t i : in) {
      if (pred(i)) out.push_back(i);
    }
    return out;
  }

  // nameref's selectReferral. `ns`: the namespace written beside a name in a map.
  Result<std::optional<size_t>> select(const std::string& oldName,
                                       const std::optional<std::string>& ns,
                                       bool withNamespace) const {
    auto named = index_.byPreviousName.find(oldName);
    if (named == index_.byPreviousName.end()) return std::optional<size_t>();
    bool original = ns && byOriginalNamespace(*ns);
    std::vector<size_t> c = sieve(named->second, [&](size_t i) {
      if (!candidates_[i]) return false;
      if (!ns) return true;
      const std::string& objectNs = original ? info(i).originalNs : info(i).ns;
      return objectNs == *ns && objectNs != "_non_namespaceable_";
    });
    c = sieve(c, [&](size_t i) { return previousIdSelected(i, target_); });
    if (std::optional<Gvk> roleRef = roleRefGvk()) {
      c = sieve(c, [&](size_t i) { return previousIdSelected(i, *roleRef); });
    }
    const Info& referrerInfo = info(referrer_);
    if (!referrerInfo.clusterScoped) {
      c = sieve(c, [&](size_t i) {
        return info(i).clusterScoped || info(i).id.gvk.kind == "ServiceAccount" ||
               info(i).ns == referrerInfo.ns;
      });
    }
    if (c.size() == 1) return std::optional<size_t>(c[0]);
    c = sieve(c, [&](size_t i) { return prefixSuffixEquals(set_[i], referrer(), true); });
    if (c.size() > 1) {
      c = sieve(c, [&](size_t i) { return prefixSuffixEquals(set_[i], referrer(), false); });
    }
    if (c.size() == 1) return std::optional<size_t>(c[0]);
    if (c.empty()) return std::optional<size_t>();
    bool identical = std::all_of(c.begin(), c.end(), [&](size_t i) {
      return info(i).id.name == info(c[0]).id.name &&
             (!withNamespace || info(i).id.ns == info(c[0]).id.ns);
    });
    if (identical) return std::optional<size_t>(c[0]);
    std::vector<std::string> ids;
    for (size_t i : c) ids.push_back(kustomizeIdString(info(i).id));
    std::string details = "\n**** Too many possible referral targets to referrer:\n" +
                          dumpForError(referrer()) + "\n";
    for (size_t k = 0; k < c.size(); ++k) {
      details += "--- possible referral " + std::to_string(k) + ":\n" +
                 dumpForError(set_[c[k]]) + "\n";
    }
    return invalidArgument("found multiple possible referrals: " + join(ids, ", ") + "\n" +
                           details);
  }

  ObjectSet& set_;
  const Index& index_;
  size_t referrer_;
  const std::vector<char>& candidates_;
  const FieldSpec& spec_;
  const Gvk& target_;
};

}  // namespace

Result<ObjectSet> fixNameReferences(ObjectSet set, const TransformerConfig& config) {
  // kustomize keeps its merged config sorted by the referred kind.
  std::vector<const NameBackReference*> backRefs;
  for (const NameBackReference& b : config.nameReference) backRefs.push_back(&b);
  std::stable_sort(backRefs.begin(), backRefs.end(),
                   [](const NameBackReference* a, const NameBackReference* b) {
                     return args::gvkLess(a->gvk, b->gvk);  // kustomize's kind order
                   });
  const Index index(set);
  for (size_t r = 0; r < set.size(); ++r) {
    Gvk original = set[r].originalId().gvk;
    std::optional<std::vector<char>> candidates;
    for (const NameBackReference* backRef : backRefs) {
      for (const FieldSpec& spec : backRef->referrers) {
        if (!gvkSelected(spec.gvk, original)) continue;
        if (!candidates) {
          GITSYNC_ASSIGN_OR_RETURN(candidates, referable(index, set[r], index.info[r]));
        }
        GITSYNC_RETURN_IF_ERROR(Fixer(set, index, r, *candidates, spec, backRef->gvk).run());
      }
    }
  }
  return set;
}

}  // namespace gitsync::render
