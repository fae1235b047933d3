#include "source_fetch.h"

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "gitsync/source/verify.h"

namespace gitsync::cli {

Result<source::Artifact> fetchTimed(const SourceRequest& request, long long& ms) {
  auto started = std::chrono::steady_clock::now();
  auto artifact = source::makeGitSource()->fetch(request.url, request.ref, request.fetch);
  ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                             started)
           .count();
  return artifact;
}

Status verifyAndPrint(const SourceRequest& request, const source::Artifact& artifact,
                      std::ostream& out) {
  if (!request.verify) return okStatus();
  GITSYNC_ASSIGN_OR_RETURN(
      std::vector<std::string> verified,
      source::verifyArtifact(request.url, request.ref, artifact, request.fetch, *request.verify));
  for (const std::string& line : verified) out << "verified " << line << "\n";
  return okStatus();
}

}  // namespace gitsync::cli
