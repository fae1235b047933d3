#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

std::string images(std::string_view imageList, std::string_view objectYaml) {
  Context c;
  return emit(applyImages(objects(objectYaml), doc(imageList), c.ctx));
}

constexpr std::string_view kPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - image: nginx:1.25
  - image: nginx
  - image: nginx@sha256:aaa
  - image: nginx:1.2@sha256:bbb
  - image: nginx-other:1
  - image: docker.io/library/nginx:1
  - image: my.reg:5000/team/app:v1
)";

std::string podImages(std::string_view imageList) {
  std::string out = images(imageList, kPod);
  std::string result;
  for (size_t at = out.find("image: "); at != std::string::npos; at = out.find("image: ", at)) {
    at += 7;
    result += out.substr(at, out.find('\n', at) - at) + " ";
  }
  return result;
}

}  // namespace

TEST_CASE("images: newTag replaces tag and digest of matching images") {
  CHECK(podImages("- name: nginx\n  newTag: v2\n") ==
        "nginx:v2 nginx:v2 nginx:v2 nginx:v2 nginx-other:1 docker.io/library/nginx:1 "
        "my.reg:5000/team/app:v1 ");
}

TEST_CASE("images: digest replaces tag and digest") {
  CHECK(podImages("- name: nginx\n  digest: sha256:ccc\n") ==
        "nginx@sha256:ccc nginx@sha256:ccc nginx@sha256:ccc nginx@sha256:ccc nginx-other:1 "
        "docker.io/library/nginx:1 my.reg:5000/team/app:v1 ");
}

TEST_CASE("images: newName keeps tag and digest") {
  CHECK(podImages("- name: nginx\n  newName: apache\n") ==
        "apache:1.25 apache apache@sha256:aaa apache:1.2@sha256:bbb nginx-other:1 "
        "docker.io/library/nginx:1 my.reg:5000/team/app:v1 ");
}

TEST_CASE("images: newTag with digest sets both") {
  CHECK(podImages("- name: nginx\n  newTag: \"1.3\"\n  digest: sha256:x\n") ==
        "nginx:1.3@sha256:x nginx:1.3@sha256:x nginx:1.3@sha256:x nginx:1.3@sha256:x "
        "nginx-other:1 docker.io/library/nginx:1 my.reg:5000/team/app:v1 ");
}

TEST_CASE("images: a registry with a port is part of the name") {
  CHECK(podImages("- name: my.reg:5000/team/app\n  newName: other.reg:5001/app2\n  newTag: v2\n") ==
        "nginx:1.25 nginx nginx@sha256:aaa nginx:1.2@sha256:bbb nginx-other:1 "
        "docker.io/library/nginx:1 other.reg:5001/app2:v2 ");
}

TEST_CASE("images: the name is a regular expression, as in kustomize") {
  CHECK(podImages("- name: nginx.other\n  newTag: v9\n") ==
        "nginx:1.25 nginx nginx@sha256:aaa nginx:1.2@sha256:bbb nginx-other:v9 "
        "docker.io/library/nginx:1 my.reg:5000/team/app:v1 ");
}

TEST_CASE("images: a name that is not a valid pattern is an error (kustomize crashes)") {
  Context c;
  CHECK(error(applyImages(objects(kPod), doc("- name: \"nginx[\"\n  newTag: v9\n"), c.ctx)) ==
        "app/kustomization.yaml: images[0].name: 'nginx[' is not a valid pattern (image names are "
        "regular expressions)");
}

TEST_CASE("images: tagSuffix is applied once per pass, so twice to pod template images") {
  CHECK(images("- name: redis\n  tagSuffix: -alpine\n", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - image: redis:6.2
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  deep:
    containers:
    - image: redis
  image: redis
)") == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - image: redis:6.2-alpine-alpine
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  deep:
    containers:
    - image: redis:-alpine
  image: redis
)");
}

TEST_CASE("images: CustomResourceDefinitions are left alone; image fields are never created") {
  CHECK(images("- name: nginx\n  newTag: v2\n", R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crd
spec:
  containers:
  - image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: no-image
  initContainers:
  - image: nginx:1
)") == R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crd
spec:
  containers:
  - image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: no-image
  initContainers:
  - image: nginx:v2
)");
}

TEST_CASE("images: custom field specs") {
  TransformerConfig extra;
  extra.images.push_back(FieldSpec{Gvk{"", "", "Widget"}, "spec/runner/image", true});
  Context c(extra);
  auto set = objects(R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  runner:
    image: busybox
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w2
)");
  CHECK(emit(applyImages(set, doc("- name: busybox\n  newTag: \"1.36\"\n"), c.ctx)) ==
        R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  runner:
    image: busybox:1.36
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w2
)");
}

TEST_CASE("images: entries are checked like kustomize's Image struct") {
  Context c;
  auto set = objects(kPod);
  CHECK(error(applyImages(set, doc("- name: nginx\n  newTag: 1.3\n"), c.ctx)) ==
        "app/kustomization.yaml: images[0].newTag: must be a string, not a number");
  CHECK(error(applyImages(set, doc("- name: nginx\n  tag: x\n"), c.ctx)) ==
        "app/kustomization.yaml: images[0]: unknown field \"tag\"");
}

TEST_CASE("images: an image that is not a scalar is an error") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
                     "  - image: {a: b}\n");
  CHECK(error(applyImages(set, doc("- name: nginx\n  newTag: v2\n"), c.ctx)) ==
        "app/kustomization.yaml: images[0]: Pod/p: spec/containers/image: expected a scalar "
        "value, got a map");
}
