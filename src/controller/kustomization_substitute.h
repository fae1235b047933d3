#pragma once
// The variables of spec.postBuild: substituteFrom (ConfigMaps and Secrets of the
// Kustomization's namespace, in order, a later one winning) and substitute (winning over all).
#include <map>
#include <optional>
#include <string>

#include "gitsync/controller/api.h"
#include "gitsync/core/base64.h"
#include "gitsync/kube/client.h"

namespace gitsync::controller {

// Secret data as the API server sends it (Go's StdEncoding): padded, no white space.
inline constexpr core::Base64Options kSecretData{.skipWhitespace = false};

// An optional reference that does not exist is skipped; any other failure to read one is an
// error naming it ("substituteFrom: Secret/apps/vars: get: NotFound: ..."). Secret values are
// base64-decoded (InvalidArgument for bad base64, naming the key).
Result<std::map<std::string, std::string>> substitutionVariables(kube::KubeClient& client,
                                                                const std::string& ns,
                                                                const PostBuild& postBuild);

}  // namespace gitsync::controller
