#pragma once
// Key/value pairs of a generator, read as kustomize's kv loader reads them: env files, then
// literals, then files. kubectl kustomize validates no key names (it runs with a validator that
// accepts everything), so neither does this.
#include <string>
#include <string_view>
#include <vector>

#include "generator_args.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"

namespace gitsync::render {

struct KvPair {
  std::string key;
  std::string value;
};

// `KEY=VALUE` (the value may hold '='; one pair of surrounding quotes, " or ', is removed).
Result<KvPair> parseLiteralSource(std::string_view source);

struct FileSource {
  std::string key;
  std::string path;
};
// `path` (key: the path's base name) or `key=path`.
Result<FileSource> parseFileSource(std::string_view source);

// The lines of an env file: `KEY=VALUE` (value kept verbatim, quotes included), `KEY` (empty
// value), comments and blank lines skipped, a UTF-8 BOM dropped from the first line. Errors
// start with "line N" (1-based).
Result<std::vector<KvPair>> parseEnvFile(std::string_view content);

// Every pair of `args` in kustomize's order, files read through `loader`. Errors start with the
// field ("envs: ...", "literals: ...", "files: ...").
Result<std::vector<KvPair>> loadKvPairs(const GeneratorArgs& args, const FileLoader& loader);

}  // namespace gitsync::render
