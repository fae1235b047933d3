// Standalone check of the generated merge key table (no test framework).
// From the repository root:
//   g++ -std=c++20 -O2 -Wall -Wextra -Iinclude tools/gen-merge-keys/selfcheck/selfcheck.cpp
//   src/render/merge_keys_table.cpp -o selfcheck && ./selfcheck tools/gen-merge-keys/list_paths.txt
// It compares every line of list_paths.txt (computed directly with kyaml's
// ResourceSchema API) against lookupListMerge, plus hand-written expectations.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "gitsync/render/merge_keys.h"

using namespace gitsync::render;

namespace {

int failures = 0;
int checks = 0;

void expect(bool ok, const std::string& what) {
  ++checks;
  if (!ok) {
    ++failures;
    std::cerr << "FAIL: " << what << "\n";
  }
}

const char* name(ListStrategy s) {
  switch (s) {
    case ListStrategy::Replace: return "Replace";
    case ListStrategy::MergeByKeys: return "MergeByKeys";
    case ListStrategy::MergeScalars: return "MergeScalars";
  }
  return "?";
}

std::string keysOf(const ListMergeInfo& i) {
  std::string s;
  for (auto k : i.keys) {
    if (!s.empty()) s += ',';
    s += k;
  }
  return s.empty() ? "-" : s;
}

void expectList(std::string_view av, std::string_view kind, std::string_view path,
                ListStrategy strategy, std::string keys) {
  const ListMergeInfo* i = lookupListMerge(av, kind, path);
  std::string what = std::string(av) + " " + std::string(kind) + " " + std::string(path);
  if (!i) {
    expect(false, what + ": no list info");
    return;
  }
  expect(i->strategy == strategy && keysOf(*i) == keys,
         what + ": got " + name(i->strategy) + " " + keysOf(*i) + ", want " + name(strategy) + " " + keys);
}

void expectNull(std::string_view av, std::string_view kind, std::string_view path) {
  expect(lookupListMerge(av, kind, path) == nullptr,
         std::string(av) + " " + std::string(kind) + " " + std::string(path) + ": expected nullptr");
}

}  // namespace

int main(int argc, char** argv) {
  // --- golden listing ---
  if (argc > 1) {
    std::ifstream in(argv[1]);
    if (!in) {
      std::cerr << "cannot open " << argv[1] << "\n";
      return 2;
    }
    std::string line, av, kind;
    int kinds = 0, paths = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (line.rfind("KIND ", 0) == 0) {
        std::istringstream ss(line.substr(5));
        ss >> av >> kind;
        expect(isKnownKind(av, kind), "isKnownKind " + av + " " + kind);
        ++kinds;
        continue;
      }
      std::vector<std::string> cols;
      std::istringstream ss(line);
      for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
      if (cols.size() != 5) {
        expect(false, "bad line: " + line);
        continue;
      }
      ListStrategy st = cols[1] == "Replace"       ? ListStrategy::Replace
                        : cols[1] == "MergeByKeys" ? ListStrategy::MergeByKeys
                                                   : ListStrategy::MergeScalars;
      expectList(av, kind, cols[0], st, cols[2]);
      ++paths;
    }
    expect(kinds > 200 && paths > 3000, "listing too small");
    std::cout << "listing: " << kinds << " kinds, " << paths << " list paths checked\n";
  }

  // --- hand-written expectations ---
  const auto R = ListStrategy::Replace, K = ListStrategy::MergeByKeys, S = ListStrategy::MergeScalars;
  expectList("apps/v1", "Deployment", "spec.template.spec.containers", K, "name");
  expectList("apps/v1", "Deployment", "spec.template.spec.initContainers", K, "name");
  expectList("apps/v1", "Deployment", "spec.template.spec.containers[].ports", K, "containerPort,protocol");
  expectList("apps/v1", "Deployment", "spec.template.spec.containers[].env", K, "name");
  expectList("apps/v1", "Deployment", "spec.template.spec.containers[].volumeMounts", K, "mountPath");
  expectList("apps/v1", "Deployment", "spec.template.spec.containers[].args", R, "-");
  expectList("apps/v1", "Deployment", "spec.template.spec.containers[].envFrom", R, "-");
  expectList("apps/v1", "Deployment", "spec.template.spec.volumes", K, "name");
  expectList("apps/v1", "Deployment", "spec.template.spec.tolerations", R, "-");
  expectList("apps/v1", "Deployment", "spec.template.spec.imagePullSecrets", K, "name");
  expectList("apps/v1", "Deployment", "spec.template.spec.topologySpreadConstraints", K,
             "topologyKey,whenUnsatisfiable");
  expectList("apps/v1", "Deployment", "metadata.finalizers", S, "-");
  expectList("apps/v1", "Deployment", "metadata.ownerReferences", K, "uid");
  expectList("apps/v1", "StatefulSet", "spec.volumeClaimTemplates", R, "-");
  expectList("v1", "Pod", "spec.containers[].ports", K, "containerPort,protocol");
  expectList("v1", "Pod", "spec.ephemeralContainers[].ports", R, "-");
  expectList("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec.containers[].env", K, "name");
  expectList("v1", "Service", "spec.ports", K, "port,protocol");
  expectList("v1", "Service", "spec.clusterIPs", R, "-");
  expectList("v1", "Node", "spec.podCIDRs", S, "-");
  expectList("v1", "ServiceAccount", "secrets", K, "name");
  expectList("certificates.k8s.io/v1", "CertificateSigningRequest", "status.conditions", R, "-");
  expectList("kustomize.config.k8s.io/v1beta1", "Kustomization", "configMapGenerator", K, "name");
  // Recursive JSONSchemaProps through a map (additionalProperties), any depth.
  // `items` is JSONSchemaPropsOrArray: a property-less definition, not a list.
  expectNull("apiextensions.k8s.io/v1", "CustomResourceDefinition",
             "spec.versions[].schema.openAPIV3Schema.properties.a.properties.b.items");
  expectList("apiextensions.k8s.io/v1", "CustomResourceDefinition",
             "spec.versions[].schema.openAPIV3Schema.properties.a.properties.b.required", R, "-");

  // Not lists / unknown.
  expectNull("apps/v1", "Deployment", "spec.replicas");
  expectNull("apps/v1", "Deployment", "spec.template");
  expectNull("apps/v1", "Deployment", "spec.template.spec.containers[].image");
  expectNull("apps/v1", "Deployment", "spec.template.spec.containers[].nope");
  expectNull("apps/v1", "Deployment", "spec.template.spec.replicas[].x");
  expectNull("apps/v1", "Deployment", "");
  expectNull("example.com/v1", "Foo", "spec.items");
  expectNull("apps/v1", "Foo", "spec.template.spec.containers");
  expectNull("v1", "Deployment", "spec.template.spec.containers");
  expect(!isKnownKind("example.com/v1", "Foo"), "CRD kind unknown");
  expect(!isKnownKind("apps/v1beta1", "Deployment"), "apps/v1beta1 Deployment not in 1.21.2 schema");
  expect(isKnownKind("apps/v1", "Deployment") && isKnownKind("v1", "Service") &&
             isKnownKind("networking.k8s.io/v1", "Ingress") && isKnownKind("apps/v1", "DeleteOptions"),
         "known kinds");

  // Node API and re-rooting semantics.
  SchemaNode d = schemaForKind("apps/v1", "Deployment");
  expect(d.known() && !schemaForKind("example.com/v1", "Foo"), "schemaForKind");
  SchemaNode c = d.field("spec").field("template").field("spec").field("containers");
  expect(c.list() && c.list()->keys.size() == 1 && c.list()->keys[0] == "name", "node containers");
  expect(c.elements().field("image").known() && !c.elements().field("image").list(), "image is a known scalar");
  expect(!c.elements().field("image").field("x").known(), "scalar has no children");
  expect(!d.field("spec").field("x-extra").known(), "undeclared field is unknown (re-root point)");
  expect(d.field("metadata").field("labels").field("app.kubernetes.io/name").known(), "map value via additionalProperties");
  SchemaNode data = schemaForKind("apps/v1", "ControllerRevision").field("data");
  expect(data.known() && !data.list() && !data.field("inner").known(), "RawExtension: known, children unknown");
  expect(!c.field("name").known() && !d.elements().known(), "list has no fields; object has no elements");

  std::printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}
