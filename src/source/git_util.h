#pragma once
// libgit2 helpers private to the source stage: RAII handles, one-time init, error conversion.
#include <git2.h>

#include <memory>
#include <string>

#include "gitsync/core/digest.h"
#include "gitsync/core/status.h"

namespace gitsync::source::detail {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;

// git_libgit2_init exactly once per process (never shut down: other threads may use it).
void ensureLibgit2();

// The last libgit2 error message for return code `rc`.
std::string lastGitError(int rc);

// Converts a failed libgit2 call into a Status with `prefix` ("<url>: source") and `what`.
//   network/transport errors -> Unavailable, repository not found -> NotFound,
//   authentication -> FailedPrecondition, GIT_ENOTFOUND -> NotFound, others -> Internal.
Status gitStatus(int rc, const std::string& prefix, const std::string& what);

std::string oidHex(const git_oid& oid);

// Lower-case hex SHA-256 (cache folder and ref names).
using core::sha256Hex;

}  // namespace gitsync::source::detail
