// Server-side apply, staged, with change detection (docs/apply.md).
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "gitsync/apply/applier.h"
#include "gitsync/apply/compare.h"
#include "gitsync/apply/stages.h"
#include "prepare.h"

namespace gitsync::apply {
namespace {

using kube::Json;
using kube::ObjectRef;

// Live objects found by the LISTs of one stage, by (group, kind, namespace, name).
struct LiveIndex {
  std::set<std::tuple<std::string, std::string, std::string>> listedKinds;  // group, version, kind
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Json> objects;
};

// The message of `status` without the "<subject>: " the client put in front.
std::string withoutSubject(const Status& status, const ObjectRef& ref) {
  std::string prefix = ref.subject() + ": ";
  const std::string& m = status.message();
  return m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m;
}

class ServerSideApplier final : public Applier {
 public:
  ServerSideApplier(kube::KubeClient& client, kube::RestMapper& mapper, kube::Clock& clock)
      : client_(client), mapper_(mapper), clock_(clock) {}

  ApplyResult apply(const render::ObjectSet& desired, const ApplyOptions& options) override {
    ApplyResult result;
    auto items = prepare(desired, options);
    if (!items.ok()) {
      result.status = items.status();
      return result;
    }
    std::map<Stage, std::vector<Item>> stages;
    for (Item& item : *items) stages[stageOf(item.ref.gvk.kind)].push_back(std::move(item));
    std::vector<Status> failures;
    for (auto& [stage, stageItems] : stages) {
      size_t first = result.changes.entries.size();
      applyStage(stageItems, options, result.changes, failures);
      if (failures.empty() && stage == Stage::Definitions && !options.dryRun) {
        Status ready = waitForDefinitions(result.changes, first, options);
        if (!ready.ok()) failures.push_back(ready);
      }
      if (!failures.empty()) break;
    }
    result.status = summarizeFailures(failures);
    return result;
  }

 private:
  void applyStage(std::vector<Item>& items, const ApplyOptions& options, ChangeSet& changes,
                  std::vector<Status>& failures) {
    // Resolve scopes; objects whose kind is unknown fail here.
    std::vector<Item*> ready;
    for (Item& item : items) {
      auto mapping = mapper_.mapping(item.ref.gvk);
      if (!mapping.ok()) {
        Status s = mapping.status().withPrefix(item.ref.subject() + ": apply");
        failures.push_back(s);
        changes.entries.push_back({item.ref, Action::Failed, withoutSubject(s, item.ref)});
        if (options.onEntry) options.onEntry(changes.entries.back());
        continue;
      }
      Json& meta = item.object["metadata"];
      if (mapping->namespaced) {
        if (item.ref.ns.empty()) item.ref.ns = options.defaultNamespace;
        meta["namespace"] = item.ref.ns;
      } else {
        item.ref.ns.clear();
        meta.erase("namespace");
      }
      ready.push_back(&item);
    }
    std::stable_sort(ready.begin(), ready.end(), [](const Item* a, const Item* b) {
      return appliedBefore(a->ref, b->ref);
    });
    LiveIndex live = listLive(ready, options);
    for (size_t i = 0; i < ready.size(); ++i) {
      ChangeSetEntry entry = applyOne(*ready[i], live, options, failures);
      changes.entries.push_back(std::move(entry));
      if (options.onEntry) options.onEntry(changes.entries.back());
      // An API server that cannot be reached fails every other object the same way, each
      // after its own retries: stop, and record the rest as not attempted.
      if (!failures.empty() && (failures.back().code() == Code::Unavailable ||
                                failures.back().code() == Code::DeadlineExceeded)) {
        for (size_t j = i + 1; j < ready.size(); ++j) {
          changes.entries.push_back(
              {ready[j]->ref, Action::Skipped, "not attempted: the API server is unavailable"});
          if (options.onEntry) options.onEntry(changes.entries.back());
        }
        break;
      }
    }
  }

  // One LIST per kind: in the namespace all its objects share, else cluster-wide; both with
  // the owner's label selector. Kinds whose LIST failed are absent (objects are read by GET).
  LiveIndex listLive(const std::vector<Item*>& items, const ApplyOptions& options) {
    std::map<std::tuple<std::string, std::string, std::string>, std::set<std::string>> kinds;
    std::map<std::tuple<std::string, std::string, std::string>, kube::GroupVersionKind> gvks;
    for (const Item* item : items) {
      if (item->reconcileDisabled || item->ssa == "Ignore") continue;
      auto key = std::make_tuple(item->ref.gvk.group, item->ref.gvk.version, item->ref.gvk.kind);
      kinds[key].insert(item->ref.ns);
      gvks[key] = item->ref.gvk;
    }
    LiveIndex index;
    for (const auto& [key, namespaces] : kinds) {
      kube::ListOptions list;
      list.ns = namespaces.size() == 1 ? *namespaces.begin() : std::string();
      list.labelSelector = options.owner.labelSelector();
      auto objects = client_.list(gvks[key], list);
      if (!objects.ok()) continue;
      index.listedKinds.insert(key);
      for (Json& object : objects->items) {
        const Json& meta = object["metadata"];
        auto id = std::make_tuple(std::get<0>(key), std::get<2>(key),
                                  meta.value("namespace", ""), meta.value("name", ""));
        index.objects[std::move(id)] = std::move(object);
      }
    }
    return index;
  }

  // The live object: from the LIST; null when the LIST of its kind succeeded without it (it
  // is new, or exists without the owner's labels: see createdNow). Read by GET when the LIST
  // failed or `mustKnow` (IfNotPresent must not touch an unlabeled object). Null: not found.
  Result<Json> liveOf(const Item& item, const LiveIndex& index, bool mustKnow) {
    auto found = index.objects.find(
        {item.ref.gvk.group, item.ref.gvk.kind, item.ref.ns, item.ref.name});
    if (found != index.objects.end()) return found->second;
    bool listed = index.listedKinds.count(
                      {item.ref.gvk.group, item.ref.gvk.version, item.ref.gvk.kind}) > 0;
    if (listed && !mustKnow) return Json();
    auto got = client_.get(item.ref);
    if (got.ok()) return std::move(*got);
    if (got.status().code() == Code::NotFound) return Json();
    return got.status();
  }

  // Whether the apply that answered `applied` created the object: its creation time is the
  // time of gitsync's only field entry. An object adopted from another manager (it existed
  // without the owner's labels, so the LIST did not return it) has older or other entries.
  static bool createdNow(const Json& applied, const std::string& manager) {
    const Json& meta = applied["metadata"];
    auto managed = meta.find("managedFields");
    if (managed == meta.end() || !managed->is_array() || managed->size() != 1) return false;
    const Json& entry = (*managed)[0];
    return entry.value("manager", "") == manager &&
           entry.value("time", "") == meta.value("creationTimestamp", "-");
  }

  Result<Json> serverApply(const Item& item, const ApplyOptions& options, bool dryRun) {
    kube::ApplyOptions apply;
    apply.fieldManager = options.fieldManager;
    apply.force = true;  // as Flux: gitsync's source wins conflicts with other managers
    apply.dryRun = dryRun;
    return client_.apply(item.object, apply);
  }

  // Deletes the object and applies it again once it is gone.
  Result<Json> recreate(const Item& item, const Json& live, const ApplyOptions& options) {
    kube::DeleteOptions del;
    del.propagation = kube::Propagation::Background;
    del.dryRun = options.dryRun;
    del.preconditionUid = live["metadata"].value("uid", "");
    auto deleted = client_.del(item.ref, del);
    if (!deleted.ok() && deleted.status().code() != Code::NotFound) return deleted.status();
    if (!options.dryRun) {
      auto deadline = clock_.now() + options.waitTimeout;
      while (true) {
        auto got = client_.get(item.ref);
        if (!got.ok() && got.status().code() == Code::NotFound) break;
        if (clock_.now() >= deadline) {
          return Status(Code::DeadlineExceeded,
                        item.ref.subject() + ": apply: still present " +
                            std::to_string(options.waitTimeout.count()) +
                            "ms after deleting it to re-create it");
        }
        clock_.sleepFor(options.pollInterval);
      }
    }
    return serverApply(item, options, options.dryRun);
  }

  ChangeSetEntry applyOne(Item& item, const LiveIndex& index, const ApplyOptions& options,
                          std::vector<Status>& failures) {
    auto fail = [&](const Status& s) {
      failures.push_back(s);
      return ChangeSetEntry{item.ref, Action::Failed, withoutSubject(s, item.ref)};
    };
    if (item.reconcileDisabled) {
      return {item.ref, Action::Skipped, std::string(kReconcileAnnotation) + ": disabled"};
    }
    if (item.ssa == "Ignore") {
      return {item.ref, Action::Skipped, std::string(kSsaAnnotation) + ": Ignore"};
    }
    auto live = liveOf(item, index, item.ssa == "IfNotPresent");
    if (!live.ok()) return fail(live.status());
    if (live->is_null()) {
      auto applied = serverApply(item, options, options.dryRun);
      if (!applied.ok() && kube::isImmutableFieldError(applied.status())) {
        // It exists without the owner's labels: read it to re-create it (or fail clearly).
        auto got = client_.get(item.ref);
        if (!got.ok()) return fail(got.status());
        return immutable(item, *got, applied.status(), options, failures);
      }
      if (!applied.ok()) return fail(applied.status());
      bool created = createdNow(*applied, options.fieldManager);
      return {item.ref, created ? Action::Created : Action::Configured, ""};
    }
    if (item.ssa == "IfNotPresent") {
      return {item.ref, Action::Skipped, std::string(kSsaAnnotation) + ": IfNotPresent: exists"};
    }
    Comparison cmp = compare(item.object, *live, options.fieldManager);
    if (cmp.verdict == Verdict::Unchanged) return {item.ref, Action::Unchanged, ""};
    Result<Json> applied = Json();
    bool dryRunOnly = false;
    if (cmp.verdict == Verdict::Doubtful) {
      applied = serverApply(item, options, true);
      if (applied.ok() && sameState(*applied, *live)) return {item.ref, Action::Unchanged, ""};
      dryRunOnly = applied.ok();
    }
    if (applied.ok() && (!dryRunOnly || !options.dryRun)) {
      applied = serverApply(item, options, options.dryRun);
    }
    if (applied.ok()) {
      std::string before = (*live)["metadata"].value("resourceVersion", "");
      if (!options.dryRun && (*applied)["metadata"].value("resourceVersion", "") == before) {
        return {item.ref, Action::Unchanged, ""};
      }
      return {item.ref, Action::Configured, ""};
    }
    if (!kube::isImmutableFieldError(applied.status())) return fail(applied.status());
    return immutable(item, *live, applied.status(), options, failures);
  }

  // The apply failed on an immutable field: re-create with force, else a clear error.
  ChangeSetEntry immutable(const Item& item, const Json& live, const Status& error,
                           const ApplyOptions& options, std::vector<Status>& failures) {
    auto fail = [&](const Status& s) {
      failures.push_back(s);
      return ChangeSetEntry{item.ref, Action::Failed, withoutSubject(s, item.ref)};
    };
    if (!options.force && !item.forceRecreate) {
      return fail(Status(error.code(), error.message() + " (re-create it with --force or the " +
                                           "annotation " + kForceAnnotation + ": enabled)"));
    }
    auto recreated = recreate(item, live, options);
    if (!recreated.ok()) return fail(recreated.status());
    return {item.ref, Action::Configured, "recreated"};
  }

  // After stage 1: CustomResourceDefinitions Established and Namespaces Active (only those
  // this apply created or configured), then discovery is refreshed for the new kinds.
  Status waitForDefinitions(const ChangeSet& changes, size_t first, const ApplyOptions& options) {
    bool definitionsChanged = false;
    auto deadline = clock_.now() + options.waitTimeout;
    for (size_t i = first; i < changes.entries.size(); ++i) {
      const ChangeSetEntry& e = changes.entries[i];
      if (e.action != Action::Created && e.action != Action::Configured) continue;
      bool crd = e.ref.gvk.kind == "CustomResourceDefinition";
      if (!crd && e.ref.gvk.kind != "Namespace") continue;
      definitionsChanged = definitionsChanged || crd;
      while (true) {
        auto got = client_.get(e.ref);
        if (got.ok() && (crd ? established(*got) : active(*got))) break;
        if (!got.ok() && got.status().code() != Code::NotFound) {
          return got.status().withPrefix("apply: waiting");
        }
        if (clock_.now() >= deadline) {
          return Status(Code::DeadlineExceeded,
                        e.ref.subject() + ": apply: not " + (crd ? "Established" : "Active") +
                            " after " + std::to_string(options.waitTimeout.count()) + "ms");
        }
        clock_.sleepFor(options.pollInterval);
      }
    }
    if (definitionsChanged) mapper_.invalidate();
    return okStatus();
  }

  static bool established(const Json& crd) {
    auto status = crd.find("status");
    if (status == crd.end() || !status->contains("conditions")) return false;
    for (const Json& c : (*status)["conditions"]) {
      if (c.value("type", "") == "Established" && c.value("status", "") == "True") return true;
    }
    return false;
  }

  static bool active(const Json& ns) {
    auto status = ns.find("status");
    return status != ns.end() && status->value("phase", "") == "Active";
  }

  kube::KubeClient& client_;
  kube::RestMapper& mapper_;
  kube::Clock& clock_;
};

}  // namespace

std::unique_ptr<Applier> makeServerSideApplier(kube::KubeClient& client, kube::RestMapper& mapper,
                                               kube::Clock& clock) {
  return std::make_unique<ServerSideApplier>(client, mapper, clock);
}

}  // namespace gitsync::apply
