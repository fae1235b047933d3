#pragma once
// YAML reading with limits, and writing the way kustomize prints objects.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"

namespace gitsync::core {

struct YamlLimits {
  // Largest file read (bytes).
  size_t maxFileBytes = 32u << 20;
  // Most nodes one stream may produce after alias expansion; a "billion laughs" file exceeds
  // it long before it costs memory.
  size_t maxNodes = 2'000'000;
  // Most nodes that aliases may add by expansion (real manifests stay far below it).
  size_t maxAliasNodes = 100'000;
  // Deepest nesting of maps and sequences.
  int maxDepth = 200;
};

// Parses every document of a YAML stream. Empty documents are dropped. Errors name `source`
// and the line: "<source>: line 3: mapping key "a" already defined".
Result<std::vector<Node>> parseYamlStream(std::string_view text, std::string_view source,
                                          const YamlLimits& limits = {});

// Reads a whole file, refusing files over `maxBytes`.
Result<std::string> readFileLimited(const std::filesystem::path& path, size_t maxBytes);

// Writes one object as kustomize prints it: the JSON round trip (yaml.v3 decode, encoding/json)
// followed by goyaml.v2's Marshal: keys sorted, block style, strings quoted where YAML 1.1
// would read them as something else, long plain strings folded at 80 columns.
Result<std::string> emitKustomizeYaml(const Node& object);

// Go's encoding/json.Marshal of the value yaml.v3 decodes from `node` (map keys sorted).
Result<std::string> toGoJson(const Node& node);

}  // namespace gitsync::core
