// sync() with fake stages: the inventory bookkeeping and prune safety rules.
#include "gitsync/apply/sync.h"

#include <catch2/catch.hpp>

using namespace gitsync;
using namespace gitsync::apply;
using gitsync::kube::ObjectRef;

namespace {

ObjectRef cm(const std::string& name) { return {{"", "v1", "ConfigMap"}, "ns", name}; }

class FakeApplier : public Applier {
 public:
  ApplyResult result;
  int calls = 0;
  ApplyResult apply(const render::ObjectSet&, const ApplyOptions&) override {
    ++calls;
    return result;
  }
};

class FakePruner : public Pruner {
 public:
  std::vector<ObjectRef> asked;
  std::string failName;
  ApplyResult prune(const std::vector<ObjectRef>& objects, const PruneOptions&) override {
    asked = objects;
    ApplyResult r;
    for (const auto& ref : objects) {
      if (ref.name == failName) {
        r.changes.entries.push_back({ref, Action::Failed, "prune: boom"});
        r.status = unavailable(ref.subject() + ": prune: boom");
      } else {
        r.changes.entries.push_back({ref, Action::Deleted, ""});
      }
    }
    return r;
  }
};

class FakeStore : public InventoryStore {
 public:
  Inventory stored;
  int saves = 0;
  Result<Inventory> load() override { return stored; }
  Status save(const Inventory& inventory) override {
    ++saves;
    stored = inventory;
    return okStatus();
  }
};

std::vector<std::string> names(const Inventory& inventory) {
  std::vector<std::string> out;
  for (const auto& e : inventory.entries) out.push_back(e.id);
  return out;
}

}  // namespace

TEST_CASE("sync: an unchanged sync writes no inventory and prunes nothing") {
  FakeApplier applier;
  FakePruner pruner;
  FakeStore store;
  store.stored = Inventory::of({cm("a")});
  applier.result.changes.entries = {{cm("a"), Action::Unchanged, ""}};
  SyncOptions options;
  options.prune = true;
  SyncResult r = sync({}, applier, pruner, store, options);
  CHECK(r.status.ok());
  CHECK(store.saves == 0);
  CHECK(pruner.asked.empty());
  CHECK(r.pruneStart == 1);
}

TEST_CASE("sync: prunes old - new and stores the new set") {
  FakeApplier applier;
  FakePruner pruner;
  FakeStore store;
  store.stored = Inventory::of({cm("a"), cm("b")});
  applier.result.changes.entries = {{cm("a"), Action::Unchanged, ""},
                                    {cm("c"), Action::Created, ""}};
  SyncOptions options;
  options.prune = true;
  SyncResult r = sync({}, applier, pruner, store, options);
  CHECK(r.status.ok());
  REQUIRE(pruner.asked.size() == 1);
  CHECK(pruner.asked[0].subject() == "ConfigMap/ns/b");
  CHECK(names(store.stored) == std::vector<std::string>{"ns_a__ConfigMap", "ns_c__ConfigMap"});
  CHECK(store.saves == 2);  // old + new after the apply, new after the prune
  CHECK(r.changes.summary() == "1 created, 1 unchanged, 1 deleted");
  CHECK(r.pruneStart == 2);
}

TEST_CASE("sync: a failed apply stores applied + old and prunes nothing") {
  FakeApplier applier;
  FakePruner pruner;
  FakeStore store;
  store.stored = Inventory::of({cm("a"), cm("b")});
  applier.result.changes.entries = {{cm("c"), Action::Created, ""},
                                    {cm("d"), Action::Failed, "apply: bad"}};
  applier.result.status = invalidArgument("ConfigMap/ns/d: apply: bad");
  SyncOptions options;
  options.prune = true;
  SyncResult r = sync({}, applier, pruner, store, options);
  CHECK(r.status.message() == "ConfigMap/ns/d: apply: bad");
  CHECK(pruner.asked.empty());
  CHECK(names(store.stored) ==
        std::vector<std::string>{"ns_a__ConfigMap", "ns_b__ConfigMap", "ns_c__ConfigMap"});
}

TEST_CASE("sync: deleting everything is refused unless allowEmpty") {
  FakeApplier applier;
  FakePruner pruner;
  FakeStore store;
  store.stored = Inventory::of({cm("a"), cm("b")});
  SyncOptions options;
  options.prune = true;
  SyncResult r = sync({}, applier, pruner, store, options);
  CHECK(r.status.code() == Code::FailedPrecondition);
  CHECK(r.status.message() ==
        "prune: refusing to delete all 2 objects of the inventory (the render shares none of "
        "them); allow it with allow-empty");
  CHECK(pruner.asked.empty());
  CHECK(store.saves == 0);

  options.allowEmpty = true;
  r = sync({}, applier, pruner, store, options);
  CHECK(r.status.ok());
  CHECK(pruner.asked.size() == 2);
  CHECK(store.stored.empty());
}

TEST_CASE("sync: objects whose deletion failed stay in the inventory") {
  FakeApplier applier;
  FakePruner pruner;
  FakeStore store;
  store.stored = Inventory::of({cm("a"), cm("b"), cm("c")});
  applier.result.changes.entries = {{cm("a"), Action::Unchanged, ""}};
  pruner.failName = "b";
  SyncOptions options;
  options.prune = true;
  SyncResult r = sync({}, applier, pruner, store, options);
  CHECK(r.status.code() == Code::Unavailable);
  CHECK(names(store.stored) == std::vector<std::string>{"ns_a__ConfigMap", "ns_b__ConfigMap"});
}

TEST_CASE("sync: a dry run writes no inventory") {
  FakeApplier applier;
  FakePruner pruner;
  FakeStore store;
  applier.result.changes.entries = {{cm("a"), Action::Created, ""}};
  SyncOptions options;
  options.apply.dryRun = true;
  SyncResult r = sync({}, applier, pruner, store, options);
  CHECK(r.status.ok());
  CHECK(store.saves == 0);
}

TEST_CASE("appliedRefs: created, configured and unchanged objects before the prune entries") {
  SyncResult result;
  result.changes.entries = {{cm("a"), Action::Created, ""},    {cm("b"), Action::Skipped, "x"},
                            {cm("c"), Action::Configured, ""}, {cm("d"), Action::Failed, "e"},
                            {cm("e"), Action::Unchanged, ""},  {cm("f"), Action::Deleted, ""},
                            {cm("g"), Action::Unchanged, ""}};
  result.pruneStart = 5;
  std::vector<std::string> got;
  for (const ObjectRef& ref : appliedRefs(result)) got.push_back(ref.name);
  CHECK(got == std::vector<std::string>{"a", "c", "e"});
}
