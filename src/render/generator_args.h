#pragma once
// The arguments of one configMapGenerator / secretGenerator entry and of generatorOptions, read
// the way kustomize's strict JSON decoding reads them (field names matched case-insensitively,
// a later key overriding an earlier one, null meaning "unset", YAML 1.1 scalars typed as
// goyaml.v2 types them).
#include <map>
#include <string>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

enum class GeneratorKind { ConfigMap, Secret };

struct GeneratorOptions {
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  bool disableNameSuffixHash = false;
  bool immutable = false;
};

struct GeneratorArgs {
  std::string name;
  std::string ns;
  std::string behavior;  // as written; kustomize treats unknown values as unspecified
  std::string type;      // Secret only
  std::vector<std::string> literals;
  std::vector<std::string> files;
  std::vector<std::string> envs;  // `envs`, then the deprecated `env` appended
  GeneratorOptions options;
};

// Parses `generatorOptions` (null gives the defaults). `where` prefixes errors
// ("kustomization.yaml: generatorOptions").
Result<GeneratorOptions> parseGeneratorOptions(const core::Node& node, const std::string& where);

// Parses one generator entry. `where` prefixes errors ("kustomization.yaml: configMapGenerator[0]").
Result<GeneratorArgs> parseGeneratorArgs(const core::Node& entry, GeneratorKind kind,
                                         const std::string& where);

// kustomize's MergeGlobalOptionsIntoLocal: labels and annotations of `local` win, the global
// ones fill in; a global true for disableNameSuffixHash or immutable cannot be undone locally.
GeneratorOptions mergeGeneratorOptions(GeneratorOptions local, const GeneratorOptions& global);

// kustomize's NewGenerationBehavior: "create", "merge", "replace", anything else Unspecified.
GeneratorBehavior generatorBehavior(const std::string& behavior);

}  // namespace gitsync::render
