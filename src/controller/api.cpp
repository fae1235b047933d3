// Reading the gitsync.dev/v1 objects. Missing optional fields take the CRD defaults; a field of
// the wrong type or a malformed duration is an InvalidArgument naming the object and field.
#include "gitsync/controller/api.h"

#include <cctype>
#include <ctime>

namespace gitsync::controller {
namespace {

using Ms = std::chrono::milliseconds;

// Reads fields of one object, remembering the first error with the object's subject.
class Reader {
 public:
  explicit Reader(std::string subject) : subject_(std::move(subject)) {}

  const Json* at(const Json& parent, const char* key) const {
    if (!parent.is_object()) return nullptr;
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    return &*it;
  }
  std::string str(const Json& parent, const char* key, const std::string& field,
                  std::string fallback = "") {
    const Json* v = at(parent, key);
    if (!v) return fallback;
    if (!v->is_string()) return fail(field, "expected a string"), fallback;
    return v->get<std::string>();
  }
  bool boolean(const Json& parent, const char* key, const std::string& field, bool fallback) {
    const Json* v = at(parent, key);
    if (!v) return fallback;
    if (!v->is_boolean()) return fail(field, "expected a boolean"), fallback;
    return v->get<bool>();
  }
  int64_t integer(const Json& parent, const char* key, const std::string& field) {
    const Json* v = at(parent, key);
    if (!v) return 0;
    if (!v->is_number_integer()) return fail(field, "expected an integer"), 0;
    return v->get<int64_t>();
  }
  std::optional<Ms> duration(const Json& parent, const char* key, const std::string& field) {
    const Json* v = at(parent, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) return fail(field, "expected a duration string"), std::nullopt;
    auto d = parseDuration(v->get<std::string>());
    if (!d) return fail(field, "invalid duration \"" + v->get<std::string>() + "\""), std::nullopt;
    return d;
  }
  std::map<std::string, std::string> stringMap(const Json& parent, const char* key,
                                               const std::string& field) {
    std::map<std::string, std::string> out;
    const Json* v = at(parent, key);
    if (!v) return out;
    if (!v->is_object()) return fail(field, "expected a map of strings"), out;
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!it.value().is_string()) {
        fail(field + "." + it.key(), "expected a string");
        continue;
      }
      out[it.key()] = it.value().get<std::string>();
    }
    return out;
  }
  std::vector<std::string> strings(const Json& parent, const char* key, const std::string& field) {
    std::vector<std::string> out;
    const Json* v = at(parent, key);
    if (!v) return out;
    if (!v->is_array()) return fail(field, "expected a list of strings"), out;
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) {
        fail(field + "[" + std::to_string(i) + "]", "expected a string");
        continue;
      }
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }
  // The elements of a list field (objects); an absent field is an empty list.
  std::vector<const Json*> objects(const Json& parent, const char* key, const std::string& field) {
    std::vector<const Json*> out;
    const Json* v = at(parent, key);
    if (!v) return out;
    if (!v->is_array()) return fail(field, "expected a list"), out;
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_object()) {
        fail(field + "[" + std::to_string(i) + "]", "expected an object");
        continue;
      }
      out.push_back(&(*v)[i]);
    }
    return out;
  }
  const Json& object(const Json& parent, const char* key, const std::string& field) {
    static const Json kEmpty = Json::object();
    const Json* v = at(parent, key);
    if (!v) return kEmpty;
    if (!v->is_object()) return fail(field, "expected an object"), kEmpty;
    return *v;
  }
  void fail(const std::string& field, const std::string& what) {
    if (status_.ok()) status_ = invalidArgument(subject_ + ": " + field + ": " + what);
  }
  const Status& status() const { return status_; }

 private:
  std::string subject_;
  Status status_;
};

std::string subjectOf(const Json& object, const char* kind) {
  std::string ns, name;
  if (object.is_object() && object.contains("metadata") && object["metadata"].is_object()) {
    const Json& m = object["metadata"];
    if (m.contains("namespace") && m["namespace"].is_string()) ns = m["namespace"];
    if (m.contains("name") && m["name"].is_string()) name = m["name"];
  }
  return std::string(kind) + "/" + (ns.empty() ? "" : ns + "/") + name;
}

ObjectMeta readMeta(Reader& r, const Json& object) {
  ObjectMeta meta;
  const Json& m = r.object(object, "metadata", "metadata");
  meta.ns = r.str(m, "namespace", "metadata.namespace");
  meta.name = r.str(m, "name", "metadata.name");
  meta.uid = r.str(m, "uid", "metadata.uid");
  meta.resourceVersion = r.str(m, "resourceVersion", "metadata.resourceVersion");
  meta.generation = r.integer(m, "generation", "metadata.generation");
  meta.labels = r.stringMap(m, "labels", "metadata.labels");
  meta.annotations = r.stringMap(m, "annotations", "metadata.annotations");
  meta.finalizers = r.strings(m, "finalizers", "metadata.finalizers");
  meta.deleting = r.at(m, "deletionTimestamp") != nullptr;
  return meta;
}

std::vector<Condition> readConditions(Reader& r, const Json& status) {
  std::vector<Condition> out;
  for (const Json* c : r.objects(status, "conditions", "status.conditions")) {
    Condition cond;
    cond.type = r.str(*c, "type", "status.conditions.type");
    cond.status = r.str(*c, "status", "status.conditions.status");
    cond.reason = r.str(*c, "reason", "status.conditions.reason");
    cond.message = r.str(*c, "message", "status.conditions.message");
    cond.observedGeneration =
        r.integer(*c, "observedGeneration", "status.conditions.observedGeneration");
    cond.lastTransitionTime =
        r.str(*c, "lastTransitionTime", "status.conditions.lastTransitionTime");
    out.push_back(std::move(cond));
  }
  return out;
}

CrossNamespaceObjectReference readReference(Reader& r, const Json& ref, const std::string& field) {
  CrossNamespaceObjectReference out;
  out.apiVersion = r.str(ref, "apiVersion", field + ".apiVersion");
  out.kind = r.str(ref, "kind", field + ".kind");
  out.name = r.str(ref, "name", field + ".name");
  out.ns = r.str(ref, "namespace", field + ".namespace");
  out.matchLabels = r.stringMap(ref, "matchLabels", field + ".matchLabels");
  return out;
}

std::string secretName(Reader& r, const Json& spec, const char* key, const std::string& field) {
  return r.str(r.object(spec, key, field), "name", field + ".name");
}

void readKustomizationSpec(Reader& r, const Json& spec, KustomizationSpec& s) {
  s.sourceRef = readReference(r, r.object(spec, "sourceRef", "spec.sourceRef"), "spec.sourceRef");
  if (s.sourceRef.name.empty()) r.fail("spec.sourceRef.name", "required");
  if (s.sourceRef.kind.empty()) s.sourceRef.kind = "GitRepository";
  if (s.sourceRef.kind != "GitRepository") {
    r.fail("spec.sourceRef.kind",
           "unsupported kind \"" + s.sourceRef.kind + "\" (supported: GitRepository)");
  }
  s.path = r.str(spec, "path", "spec.path");
  if (auto d = r.duration(spec, "interval", "spec.interval")) s.interval = *d;
  s.retryInterval = r.duration(spec, "retryInterval", "spec.retryInterval");
  s.timeout = r.duration(spec, "timeout", "spec.timeout");
  s.prune = r.boolean(spec, "prune", "spec.prune", false);
  s.wait = r.boolean(spec, "wait", "spec.wait", false);
  for (const Json* h : r.objects(spec, "healthChecks", "spec.healthChecks")) {
    s.healthChecks.push_back(readReference(r, *h, "spec.healthChecks"));
  }
  for (const Json* d : r.objects(spec, "dependsOn", "spec.dependsOn")) {
    s.dependsOn.push_back({r.str(*d, "name", "spec.dependsOn.name"),
                           r.str(*d, "namespace", "spec.dependsOn.namespace")});
  }
  s.targetNamespace = r.str(spec, "targetNamespace", "spec.targetNamespace");
  s.namePrefix = r.str(spec, "namePrefix", "spec.namePrefix");
  s.nameSuffix = r.str(spec, "nameSuffix", "spec.nameSuffix");
  if (const Json* p = r.at(spec, "patches")) {
    if (p->is_array()) s.patches = *p;
    else r.fail("spec.patches", "expected a list");
  }
  if (const Json* p = r.at(spec, "images")) {
    if (p->is_array()) s.images = *p;
    else r.fail("spec.images", "expected a list");
  }
  s.components = r.strings(spec, "components", "spec.components");
  if (const Json* pb = r.at(spec, "postBuild"); pb && pb->is_object()) {
    PostBuild post;
    post.substitute = r.stringMap(*pb, "substitute", "spec.postBuild.substitute");
    for (const Json* f : r.objects(*pb, "substituteFrom", "spec.postBuild.substituteFrom")) {
      SubstituteReference ref;
      ref.kind = r.str(*f, "kind", "spec.postBuild.substituteFrom.kind");
      ref.name = r.str(*f, "name", "spec.postBuild.substituteFrom.name");
      ref.optional = r.boolean(*f, "optional", "spec.postBuild.substituteFrom.optional", false);
      if (ref.kind != "ConfigMap" && ref.kind != "Secret") {
        r.fail("spec.postBuild.substituteFrom.kind",
               "unsupported kind \"" + ref.kind + "\" (supported: ConfigMap, Secret)");
      }
      post.substituteFrom.push_back(std::move(ref));
    }
    s.postBuild = std::move(post);
  }
  s.force = r.boolean(spec, "force", "spec.force", false);
  s.suspend = r.boolean(spec, "suspend", "spec.suspend", false);
  s.serviceAccountName = r.str(spec, "serviceAccountName", "spec.serviceAccountName");
}

}  // namespace

kube::GroupVersionKind gitRepositoryGvk() { return {kGroup, kVersion, "GitRepository"}; }
kube::GroupVersionKind kustomizationGvk() { return {kGroup, kVersion, "Kustomization"}; }
kube::GroupVersionKind receiverGvk() { return {kGroup, kVersion, "Receiver"}; }

std::string ObjectMeta::requestedAt() const {
  auto it = annotations.find(kRequestedAtAnnotation);
  return it == annotations.end() ? "" : it->second;
}

std::chrono::milliseconds KustomizationSpec::effectiveRetryInterval() const {
  return retryInterval.value_or(interval);
}
std::chrono::milliseconds KustomizationSpec::effectiveTimeout() const {
  return timeout.value_or(interval);
}

std::optional<std::chrono::milliseconds> parseDuration(const std::string& text) {
  // The subset of Go's time.ParseDuration the CRDs allow: ([0-9]+(\.[0-9]+)?(ms|s|m|h))+
  if (text.empty()) return std::nullopt;
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i - start > 12) return std::nullopt;
    if (i < text.size() && text[i] == '.') {
      ++i;
      size_t frac = i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == frac) return std::nullopt;
    }
    double n = std::stod(text.substr(start, i - start));
    size_t unit = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string u = text.substr(unit, i - unit);
    if (u == "ms") total += n;
    else if (u == "s") total += n * 1000;
    else if (u == "m") total += n * 60'000;
    else if (u == "h") total += n * 3'600'000;
    else return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total + 0.5));
}

Result<ObjectMeta> parseMeta(const Json& object) {
  Reader r(subjectOf(object, "object"));
  ObjectMeta meta = readMeta(r, object);
  if (!r.status().ok()) return r.status();
  return meta;
}

Result<GitRepository> parseGitRepository(const Json& object) {
  Reader r(subjectOf(object, "GitRepository"));
  GitRepository out;
  out.meta = readMeta(r, object);
  const Json& spec = r.object(object, "spec", "spec");
  out.spec.url = r.str(spec, "url", "spec.url");
  if (out.spec.url.empty()) r.fail("spec.url", "required");
  const Json& ref = r.object(spec, "ref", "spec.ref");
  out.spec.ref.branch = r.str(ref, "branch", "spec.ref.branch");
  out.spec.ref.tag = r.str(ref, "tag", "spec.ref.tag");
  out.spec.ref.semver = r.str(ref, "semver", "spec.ref.semver");
  out.spec.ref.name = r.str(ref, "name", "spec.ref.name");
  out.spec.ref.commit = r.str(ref, "commit", "spec.ref.commit");
  if (auto d = r.duration(spec, "interval", "spec.interval")) out.spec.interval = *d;
  if (auto d = r.duration(spec, "timeout", "spec.timeout")) out.spec.timeout = *d;
  out.spec.secretRef = secretName(r, spec, "secretRef", "spec.secretRef");
  if (r.at(spec, "ignore")) out.spec.ignore = r.str(spec, "ignore", "spec.ignore");
  out.spec.suspend = r.boolean(spec, "suspend", "spec.suspend", false);
  const Json& verify = r.object(spec, "verify", "spec.verify");
  out.spec.verifyMode = r.str(verify, "mode", "spec.verify.mode");
  out.spec.verifySecretRef = secretName(r, verify, "secretRef", "spec.verify.secretRef");

  const Json& status = r.object(object, "status", "status");
  GitRepositoryStatus& st = out.status;
  st.observedGeneration = r.integer(status, "observedGeneration", "status.observedGeneration");
  st.conditions = readConditions(r, status);
  st.lastHandledReconcileAt =
      r.str(status, "lastHandledReconcileAt", "status.lastHandledReconcileAt");
  if (const Json* a = r.at(status, "artifact"); a && a->is_object()) {
    ArtifactStatus art;
    art.path = r.str(*a, "path", "status.artifact.path");
    art.url = r.str(*a, "url", "status.artifact.url");
    art.revision = r.str(*a, "revision", "status.artifact.revision");
    art.digest = r.str(*a, "digest", "status.artifact.digest");
    art.lastUpdateTime = r.str(*a, "lastUpdateTime", "status.artifact.lastUpdateTime");
    art.size = r.integer(*a, "size", "status.artifact.size");
    st.artifact = art;
  }
  if (!r.status().ok()) return r.status();
  return out;
}

Result<Kustomization> parseKustomization(const Json& object) {
  Reader r(subjectOf(object, "Kustomization"));
  Kustomization out;
  out.meta = readMeta(r, object);
  readKustomizationSpec(r, r.object(object, "spec", "spec"), out.spec);
  const Json& status = r.object(object, "status", "status");
  KustomizationStatus& st = out.status;
  st.observedGeneration = r.integer(status, "observedGeneration", "status.observedGeneration");
  st.conditions = readConditions(r, status);
  st.lastAppliedRevision = r.str(status, "lastAppliedRevision", "status.lastAppliedRevision");
  st.lastAttemptedRevision =
      r.str(status, "lastAttemptedRevision", "status.lastAttemptedRevision");
  st.lastHandledReconcileAt =
      r.str(status, "lastHandledReconcileAt", "status.lastHandledReconcileAt");
  if (const Json* inv = r.at(status, "inventory"); inv && inv->is_object()) {
    apply::Inventory inventory;
    for (const Json* e : r.objects(*inv, "entries", "status.inventory.entries")) {
      inventory.entries.push_back({r.str(*e, "id", "status.inventory.entries.id"),
                                   r.str(*e, "v", "status.inventory.entries.v")});
    }
    st.inventory = std::move(inventory);
  }
  if (!r.status().ok()) return r.status();
  return out;
}

Result<Receiver> parseReceiver(const Json& object) {
  Reader r(subjectOf(object, "Receiver"));
  Receiver out;
  out.meta = readMeta(r, object);
  const Json& spec = r.object(object, "spec", "spec");
  out.spec.type = r.str(spec, "type", "spec.type");
  static const char* kTypes[] = {"github", "gitlab", "bitbucket", "generic", "generic-hmac"};
  bool known = false;
  for (const char* t : kTypes) known = known || out.spec.type == t;
  if (!known) {
    r.fail("spec.type", "unsupported type \"" + out.spec.type +
                            "\" (supported: github, gitlab, bitbucket, generic, generic-hmac)");
  }
  out.spec.events = r.strings(spec, "events", "spec.events");
  out.spec.secretRef = secretName(r, spec, "secretRef", "spec.secretRef");
  if (out.spec.secretRef.empty()) r.fail("spec.secretRef.name", "required");
  for (const Json* res : r.objects(spec, "resources", "spec.resources")) {
    out.spec.resources.push_back(readReference(r, *res, "spec.resources"));
  }
  out.spec.suspend = r.boolean(spec, "suspend", "spec.suspend", false);
  const Json& status = r.object(object, "status", "status");
  ReceiverStatus& st = out.status;
  st.observedGeneration = r.integer(status, "observedGeneration", "status.observedGeneration");
  st.conditions = readConditions(r, status);
  st.webhookPath = r.str(status, "webhookPath", "status.webhookPath");
  st.lastHandledReconcileAt =
      r.str(status, "lastHandledReconcileAt", "status.lastHandledReconcileAt");
  if (!r.status().ok()) return r.status();
  return out;
}

Json conditionsToJson(const std::vector<Condition>& conditions) {
  Json out = Json::array();
  for (const Condition& c : conditions) {
    out.push_back({{"type", c.type},
                   {"status", c.status},
                   {"reason", c.reason},
                   {"message", c.message},
                   {"observedGeneration", c.observedGeneration},
                   {"lastTransitionTime", c.lastTransitionTime}});
  }
  return out;
}

Json inventoryToJson(const apply::Inventory& inventory) {
  Json entries = Json::array();
  for (const auto& e : inventory.entries) entries.push_back({{"id", e.id}, {"v", e.version}});
  return Json{{"entries", entries}};
}

const Condition* findCondition(const std::vector<Condition>& conditions, const std::string& type) {
  for (const Condition& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

void setCondition(std::vector<Condition>& conditions, Condition condition, const std::string& now) {
  for (Condition& c : conditions) {
    if (c.type != condition.type) continue;
    bool same = c.status == condition.status && !c.lastTransitionTime.empty();
    condition.lastTransitionTime = same ? c.lastTransitionTime : now;
    c = std::move(condition);
    return;
  }
  condition.lastTransitionTime = now;
  conditions.push_back(std::move(condition));
}

void removeCondition(std::vector<Condition>& conditions, const std::string& type) {
  std::erase_if(conditions, [&](const Condition& c) { return c.type == type; });
}

bool isReady(const ObjectMeta& meta, const std::vector<Condition>& conditions) {
  const Condition* ready = findCondition(conditions, kReady);
  return ready && ready->status == "True" && ready->observedGeneration == meta.generation;
}

std::string nowRfc3339() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace gitsync::controller
