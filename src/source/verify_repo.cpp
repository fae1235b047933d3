// verifyArtifact: reads the fetched commit and tag objects from the fetch cache (libgit2) and
// verifies their signatures.
#include "git_util.h"
#include "gitsync/source/verify.h"

namespace gitsync::source {
namespace {

using namespace detail;

using OdbObjectPtr = std::unique_ptr<git_odb_object, Deleter<git_odb_object, git_odb_object_free>>;

// The raw object text of `id` and its type.
Result<std::pair<std::string, git_object_t>> readObject(git_repository* repo, const git_oid& id,
                                                         const std::string& prefix) {
  git_odb* rawOdb = nullptr;
  if (int rc = git_repository_odb(&rawOdb, repo); rc < 0) {
    return gitStatus(rc, prefix, "object database");
  }
  OdbPtr odb(rawOdb);
  git_odb_object* raw = nullptr;
  if (int rc = git_odb_read(&raw, odb.get(), &id); rc < 0) {
    if (rc == GIT_ENOTFOUND) return notFound(prefix + ": not in the cache (fetch it first)");
    return gitStatus(rc, prefix, "read");
  }
  OdbObjectPtr object(raw);
  std::string text(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
  return std::pair{std::move(text), git_odb_object_type(raw)};
}

// The tag name the reference resolved to, or "" when it is no tag (commit > name > semver >
// tag > branch, as GitRef says).
std::string tagName(const GitRef& ref, const Artifact& artifact) {
  if (!ref.commit.empty() || !ref.name.empty()) return "";
  if (!ref.semver.empty()) return artifact.revision.substr(0, artifact.revision.rfind("@sha1:"));
  return ref.tag;
}

}  // namespace

Result<std::vector<std::string>> verifyArtifact(const std::string& url, const GitRef& ref,
                                                const Artifact& artifact,
                                                const FetchOptions& fetchOptions,
                                                const VerifyOptions& verify) {
  const std::string prefix = url + ": source: verify";
  const bool head = verify.mode != VerifyMode::Tag;
  const bool tag = verify.mode != VerifyMode::Head;
  const std::string name = tagName(ref, artifact);
  if (tag && name.empty()) {
    return invalidArgument(prefix + ": mode Tag and TagAndHEAD need a tag or semver reference");
  }
  ensureLibgit2();
  git_repository* rawRepo = nullptr;
  const auto dir = fetchOptions.cacheDir / sha256Hex(url);
  if (int rc = git_repository_open_bare(&rawRepo, dir.c_str()); rc < 0) {
    return gitStatus(rc, prefix, "open cache repository");
  }
  RepoPtr repo(rawRepo);
  std::vector<std::string> verified;
  if (tag) {
    const std::string subject = prefix + ": tag " + name;
    git_oid id;
    if (git_reference_name_to_id(&id, repo.get(), ("refs/tags/" + name).c_str()) != 0) {
      return notFound(subject + ": not in the cache (fetch it first)");
    }
    GITSYNC_ASSIGN_OR_RETURN(auto object, readObject(repo.get(), id, subject));
    if (object.second != GIT_OBJECT_TAG) {
      return failedPrecondition(subject + ": is a lightweight tag (no tag object to verify)");
    }
    if (object.first.rfind("object " + artifact.commit + "\n", 0) != 0) {
      return failedPrecondition(subject + ": does not point at the fetched commit " +
                                artifact.commit);
    }
    Result<std::string> key = verifyTagSignature(object.first, verify.publicKeys);
    if (!key.ok()) return key.status().withPrefix(subject);
    verified.push_back("tag " + name + " signed by " + *key);
  }
  if (head) {
    const std::string subject = prefix + ": commit " + artifact.commit;
    git_oid id;
    if (git_oid_fromstr(&id, artifact.commit.c_str()) != 0) {
      return invalidArgument(subject + ": not a commit id");
    }
    GITSYNC_ASSIGN_OR_RETURN(auto object, readObject(repo.get(), id, subject));
    Result<std::string> key = verifyCommitSignature(object.first, verify.publicKeys);
    if (!key.ok()) return key.status().withPrefix(subject);
    verified.push_back("commit " + artifact.commit + " signed by " + *key);
  }
  return verified;
}

}  // namespace gitsync::source
