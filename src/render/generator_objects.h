#pragma once
// Building the ConfigMap or Secret of one generator entry, as kustomize's generators package
// and kyaml's data-map helpers build them.
#include <string>
#include <string_view>
#include <vector>

#include "generator_args.h"
#include "generator_kv.h"
#include "gitsync/core/node.h"
#include "gitsync/core/status.h"

namespace gitsync::render {

// Go's utf8.Valid.
bool isValidUtf8(std::string_view s);

// kyaml's encodeBase64: standard base64; when it is 70 characters or longer, it is broken into
// lines of 70, each (the last one too) followed by "\n".
std::string base64Lines(std::string_view data);

// kyaml gives ConfigMap values that span lines the literal block style; yaml.v3 writes a block
// that starts with a tab without an indentation indicator, and kustomize then fails to read its
// own output ("found a tab character where an indentation space is expected"). True for such a
// value: multi-line, first character a tab, and one yaml.v3 may write as a block (no space at the
// end or before a line break, no control characters).
bool breaksKustomizeLiteral(std::string_view value);

// The object for `args` with data `pairs` (in source order). ConfigMap values that are valid
// UTF-8 go to `data`, others base64-encoded to `binaryData`; Secret values are all base64 in
// `data` (present even when empty). Fails when a key is given twice, or for a ConfigMap value
// kustomize cannot print (breaksKustomizeLiteral). The caller checks that
// args.name is set (kustomize does that before reading any file).
Result<core::Node> makeGeneratedObject(GeneratorKind kind, const GeneratorArgs& args,
                                       const std::vector<KvPair>& pairs);

}  // namespace gitsync::render
