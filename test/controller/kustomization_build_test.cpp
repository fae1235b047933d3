// buildKustomization: the spec's overrides added to the kustomization of spec.path, as Flux
// does, in a private copy; the artifact itself is never written.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "controller/kustomization_build.h"
#include "gitsync/core/yaml.h"
#include "gitsync/render/render.h"

using namespace gitsync::controller;
using gitsync::Code;
namespace fs = std::filesystem;

namespace {

struct Tree {
  fs::path root;
  Tree() {
    std::string tmpl = (fs::temp_directory_path() / "gitsync-build-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root = tmpl;
  }
  ~Tree() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(root / rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
)";

std::string emit(const gitsync::render::ObjectSet& objects) {
  auto text = gitsync::render::emitObjects(objects);
  REQUIRE(text.ok());
  return *text;
}

KustomizationSpec specAt(const std::string& path) {
  KustomizationSpec spec;
  spec.path = path;
  return spec;
}

}  // namespace

TEST_CASE("build: overrides go into the kustomization of spec.path", "[build]") {
  Tree t;
  t.write("artifact/apps/web/kustomization.yaml",
          "resources:\n- deploy.yaml\nimages:\n- name: nginx\n  newTag: \"1.1\"\n");
  t.write("artifact/apps/web/deploy.yaml", kDeployment);
  t.write("artifact/apps/extra/kustomization.yaml",
          "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
          "commonLabels:\n  tier: web\n");
  const std::string original = t.read("artifact/apps/web/kustomization.yaml");

  KustomizationSpec spec = specAt("./apps/web");
  spec.targetNamespace = "prod";
  spec.namePrefix = "p-";
  spec.nameSuffix = "-s";
  spec.images = Json::parse(R"([{"name": "nginx", "newTag": "2.0"}])");
  spec.patches = Json::parse(R"([{"patch": "- op: add\n  path: /spec/replicas\n  value: 3",
                                  "target": {"kind": "Deployment"}}])");
  spec.components = {"../extra"};
  BuildOptions options;
  options.artifactDir = t.root / "artifact";
  options.scratchDir = t.root / "scratch";
  auto built = buildKustomization(spec, options);
  INFO(built.status().message());
  REQUIRE(built.ok());
  CHECK(emit(built->objects) == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    tier: web
  name: p-web-s
  namespace: prod
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: web
  template:
    metadata:
      labels:
        tier: web
    spec:
      containers:
      - image: nginx:2.0
        name: web
)");
  CHECK(built->digest.rfind("sha256:", 0) == 0);
  CHECK(built->digest.size() == 7 + 64);
  // The shared artifact is untouched and the private copy is gone.
  CHECK(t.read("artifact/apps/web/kustomization.yaml") == original);
  CHECK(fs::is_empty(t.root / "scratch"));
}

TEST_CASE("build: a plain folder gets a generated kustomization with the overrides", "[build]") {
  Tree t;
  t.write("artifact/plain/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
  t.write("artifact/plain/sub/a.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  t.write("artifact/plain/.hidden/c.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  KustomizationSpec spec = specAt("plain");
  spec.targetNamespace = "ns1";
  BuildOptions options;
  options.artifactDir = t.root / "artifact";
  options.scratchDir = t.root / "scratch";
  auto built = buildKustomization(spec, options);
  INFO(built.status().message());
  REQUIRE(built.ok());
  CHECK(emit(built->objects) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns1\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: ns1\n");
  CHECK_FALSE(fs::exists(t.root / "artifact/plain/kustomization.yaml"));
}

TEST_CASE("build: without overrides the artifact is rendered in place, with substitution",
          "[build]") {
  Tree t;
  t.write("artifact/cm.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  env: ${ENV}\n"
          "  region: ${REGION:=eu}\n");
  BuildOptions options;
  options.artifactDir = t.root / "artifact";
  options.scratchDir = t.root / "scratch";
  options.substitute = true;
  options.variables = {{"ENV", "prod"}};
  auto built = buildKustomization(specAt(""), options);
  INFO(built.status().message());
  REQUIRE(built.ok());
  CHECK(emit(built->objects) ==
        "apiVersion: v1\ndata:\n  env: prod\n  region: eu\nkind: ConfigMap\nmetadata:\n"
        "  name: cm\n");
  CHECK_FALSE(fs::exists(t.root / "scratch"));

  // The same output gives the same digest; another output another one.
  auto again = buildKustomization(specAt("."), options);
  REQUIRE(again.ok());
  CHECK(again->digest == built->digest);
  options.variables["ENV"] = "dev";
  auto other = buildKustomization(specAt("."), options);
  REQUIRE(other.ok());
  CHECK(other->digest != built->digest);
}

TEST_CASE("build: spec.path may not leave the artifact", "[build]") {
  CHECK(resolvePath("/a/art", "../x").status().message() ==
        "spec.path \"../x\" leaves the source artifact");
  CHECK(resolvePath("/a/art", "apps/../../x").status().code() == Code::InvalidArgument);
  CHECK(resolvePath("/a/art", "/etc").status().code() == Code::InvalidArgument);
  CHECK(*resolvePath("/a/art", "./apps/web/") == fs::path("/a/art/apps/web/"));
  CHECK(*resolvePath("/a/art", "") == fs::path("/a/art"));
  CHECK(*resolvePath("/a/art", "./") == fs::path("/a/art"));
}

TEST_CASE("build: images replace the one of the same name, others are appended", "[build]") {
  auto docs = gitsync::core::parseYamlStream(
      "resources: [a.yaml]\nimages:\n- name: nginx\n  newTag: '1'\n- name: redis\n"
      "  newTag: '6'\nnamespace: old\n",
      "k.yaml");
  REQUIRE(docs.ok());
  KustomizationSpec spec;
  spec.targetNamespace = "new";
  spec.images = Json::parse(R"([{"name":"redis","newName":"r","digest":"sha256:00"},
                                {"name":"busybox","newTag":"2"}])");
  REQUIRE(addOverrides((*docs)[0], spec).ok());
  auto yaml = gitsync::core::emitKustomizeYaml((*docs)[0]);
  REQUIRE(yaml.ok());
  CHECK(*yaml == R"(images:
- name: nginx
  newTag: "1"
- digest: sha256:00
  name: redis
  newName: r
- name: busybox
  newTag: "2"
namespace: new
resources:
- a.yaml
)");
}
