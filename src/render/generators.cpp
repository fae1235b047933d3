#include "gitsync/render/generators.h"

#include <utility>

#include "generator_absorb.h"
#include "generator_args.h"
#include "generator_kv.h"
#include "generator_objects.h"

namespace gitsync::render {
namespace {

struct Entry {
  GeneratorKind kind;
  std::string where;  // "kustomization.yaml: configMapGenerator[0]"
  GeneratorArgs args;
};

// Reads every generator entry first: kustomize decodes the whole kustomization (and so reports a
// malformed entry) before it generates anything.
Result<std::vector<Entry>> readEntries(const core::Node& k, const std::string& file) {
  GeneratorOptions global;
  if (const core::Node* g = k.get("generatorOptions")) {
    GITSYNC_ASSIGN_OR_RETURN(global, parseGeneratorOptions(*g, file + ": generatorOptions"));
  }
  std::vector<Entry> entries;
  for (auto [field, kind] : {std::pair{"configMapGenerator", GeneratorKind::ConfigMap},
                             std::pair{"secretGenerator", GeneratorKind::Secret}}) {
    const core::Node* list = k.get(field);
    if (!list || list->isNull()) continue;
    if (!list->isSeq()) return invalidArgument(file + ": " + field + ": must be a list");
    for (size_t i = 0; i < list->items().size(); ++i) {
      std::string where = file + ": " + field + "[" + std::to_string(i) + "]";
      GITSYNC_ASSIGN_OR_RETURN(GeneratorArgs args,
                               parseGeneratorArgs(list->items()[i], kind, where));
      args.options = mergeGeneratorOptions(std::move(args.options), global);
      entries.push_back(Entry{kind, std::move(where), std::move(args)});
    }
  }
  return entries;
}

Result<Resource> generate(const Entry& e, const BuildContext& ctx) {
  if (e.args.name.empty()) {
    return invalidArgument(std::string("a ") +
                           (e.kind == GeneratorKind::Secret ? "secret" : "configmap") +
                           " must have a name");
  }
  auto pairs = loadKvPairs(e.args, ctx.loader);
  if (!pairs.ok()) return pairs.status();
  auto object = makeGeneratedObject(e.kind, e.args, *pairs);
  if (!object.ok()) return object.status();
  Resource r;
  r.object = std::move(object).value();
  r.origin = ctx.kustomizationFile;
  r.needsHashSuffix = !e.args.options.disableNameSuffixHash;
  r.behavior = generatorBehavior(e.args.behavior);
  return r;
}

}  // namespace

Status checkGeneratorFields(const core::Node& kustomization, const std::string& file) {
  auto entries = readEntries(kustomization, file);
  return entries.ok() ? okStatus() : entries.status();
}

Result<ObjectSet> runGenerators(ObjectSet set, const core::Node& kustomization,
                                const BuildContext& ctx) {
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                           readEntries(kustomization, ctx.kustomizationFile));
  for (const Entry& e : entries) {
    std::string where = e.where;
    if (!e.args.name.empty()) where += " \"" + e.args.name + "\"";
    auto generated = generate(e, ctx);
    if (!generated.ok()) return generated.status().withPrefix(where);
    Status s = absorbGenerated(set, std::move(generated).value());
    if (!s.ok()) return s.withPrefix(where);
  }
  return set;
}

Result<ObjectSet> addHashSuffixes(ObjectSet set) {
  for (Resource& r : set) {
    if (!r.needsHashSuffix) continue;
    auto hash = contentHash(r.object);
    if (!hash.ok()) return hash.status().withPrefix(r.id().display());
    r.setName(std::string(r.name()) + "-" + *hash);
    r.needsHashSuffix = false;
  }
  return set;
}

}  // namespace gitsync::render
