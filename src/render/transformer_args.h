#pragma once
// Reading the arguments of the field-spec transformers (kustomization fields and
// `configurations:` files) with the typing kustomize applies to them: sigs.k8s.io/yaml reads
// them with YAML 1.1 rules (yes/no/on/off are booleans) and decodes the result as strict JSON,
// so `commonLabels: {a: 1}` is an error rather than the label "1".
// Every error names `where` (the file and field), e.g. `kustomization.yaml: replicas[0]: ...`.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/fieldspec.h"
#include "gitsync/render/resource.h"

namespace gitsync::render::args {

// A scalar decoded into a Go string: quoted text, plain text that YAML 1.1 reads as a string,
// or "" for null. Numbers and booleans are errors.
Result<std::string> toString(const core::Node& node, std::string_view where);
// A Go bool: true/false and the YAML 1.1 words (yes, on, y, ...); null is false.
Result<bool> toBool(const core::Node& node, std::string_view where);
// A Go int64: an integer, or a float with an integral value; null is 0.
Result<int64_t> toInt64(const core::Node& node, std::string_view where);

// A map[string]string in document order (null is empty).
using StringPairs = std::vector<std::pair<std::string, std::string>>;
Result<StringPairs> toStringMap(const core::Node& node, std::string_view where);

// A struct: `node` must be a map or null. When `strict` (kustomize's DisallowUnknownFields),
// keys not in `known` are errors.
Status checkFields(const core::Node& node, std::initializer_list<std::string_view> known,
                   std::string_view where, bool strict = true);

// The items of a list field; null is empty.
Result<const std::vector<core::Node>*> toList(const core::Node& node, std::string_view where);

// A field spec: keys group, version, kind, path, create (others are errors when `strict`).
Result<FieldSpec> toFieldSpec(const core::Node& node, std::string_view where, bool strict = true);
Result<std::vector<FieldSpec>> toFieldSpecs(const core::Node& node, std::string_view where,
                                            bool strict = true);

// "<where>[i]".
std::string indexed(std::string_view where, size_t i);

// A scalar holding `text` that keeps the style of `old` (quoted stays quoted) and drops its tag,
// as kyaml's FieldSetter does when it replaces a scalar with an untagged one.
core::Node restyled(const core::Node& old, std::string text);

// "Deployment", "apps/StatefulSet", "apps/v1/StatefulSet": the non-empty parts of a selector.
std::string gvkDisplay(const Gvk& gvk);

// kustomize's sort order of kinds for field specs and name references (Gvk.IsLessThan).
bool gvkLess(const Gvk& a, const Gvk& b);

// The error for a field of an object that has the wrong shape:
// "<where>: Deployment/web: metadata/labels: expected a map, got a list".
Status objectFieldError(std::string_view where, const Resource& r, std::string_view path,
                        std::string_view problem);

// "a map", "a list", "a string", "null" for messages.
std::string describe(const core::Node& node);

// Runs forEachField for `spec` on r.object, turning a shape error from the walk into one that
// names `where` and the object.
Status forEachFieldOf(Resource& r, const FieldSpec& spec, std::string_view where,
                      const std::function<Status(core::Node& field)>& fn);

// Sets every pair as a string entry of the map each spec selects in each object (kustomize's
// labels and annotations filters). A missing or null map is created when the spec says so.
Status setStringEntries(ObjectSet& set, const std::vector<FieldSpec>& specs,
                        const StringPairs& pairs, std::string_view where);

}  // namespace gitsync::render::args
