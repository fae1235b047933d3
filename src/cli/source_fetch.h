#pragma once
// The source step that `gitsync fetch` and `gitsync reconcile --now` share: the timed fetch and
// the verification with its "verified" lines. Each command prints the fetch its own way.
#include <iosfwd>

#include "gitsync/core/status.h"
#include "gitsync/source/source.h"
#include "source_flags.h"

namespace gitsync::cli {

// Fetches the request with a new GitSource; `ms` gets how long the fetch took (wall clock), also
// when it failed. Errors as Source::fetch.
Result<source::Artifact> fetchTimed(const SourceRequest& request, long long& ms);

// Without request.verify: ok, prints nothing. With it: verifyArtifact, then one
// "verified <object>" line per verified object to `out`; errors as verifyArtifact (nothing
// printed).
Status verifyAndPrint(const SourceRequest& request, const source::Artifact& artifact,
                      std::ostream& out);

}  // namespace gitsync::cli
