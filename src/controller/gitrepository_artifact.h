#pragma once
// What a GitRepository reconcile needs besides the fetch: the credentials of spec.secretRef,
// the digest of an exported tree, and the tree with spec.ignore applied.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "gitsync/controller/api.h"
#include "gitsync/kube/client.h"
#include "gitsync/source/source.h"

namespace gitsync::controller {

// The data of Secret `ns`/`name`, base64-decoded. Errors name the Secret
// ("secret 'apps/git-auth': get: NotFound: ...").
Result<std::map<std::string, std::string>> readSecretData(kube::KubeClient& client,
                                                         const std::string& ns,
                                                         const std::string& name);

// Flux's secret keys: username + password (Basic), bearerToken, identity (+ password as its
// passphrase) + known_hosts (SSH), ca.crt (HTTPS CA; caFile is read too).
source::FetchOptions::Credentials credentialsOf(const std::map<std::string, std::string>& data);

struct TreeDigest {
  std::string digest;  // "sha256:<hex>"
  int64_t size = 0;    // bytes of the regular files
};

// A deterministic digest of a folder tree: every entry in path order with its kind, the
// executable bit of files, their bytes and the targets of symlinks. Internal on read errors.
Result<TreeDigest> digestTree(const std::filesystem::path& dir);

// `tree` with the files and folders `ignore` (.gitignore syntax) matches left out, as hard
// links (a copy on another file system) in `cacheDir`/ignored/<sha256 of tree and rules>; made
// once, then reused. Returns `tree` itself when `ignore` is empty.
Result<std::filesystem::path> applyIgnore(const std::filesystem::path& tree,
                                          const std::string& ignore,
                                          const std::filesystem::path& cacheDir);

}  // namespace gitsync::controller
