#pragma once
// Where the API server is and how to authenticate, read the way kubectl reads it:
//   1. LoadOptions::kubeconfig (--kubeconfig): only that file, which must exist;
//   2. else $KUBECONFIG, a ':'-separated list: files that exist are merged, the first file to
//      set a map key (a cluster, user or context name) wins it whole, the first file to set
//      current-context wins;
//   3. else ~/.kube/config when it exists;
//   4. else, when KUBERNETES_SERVICE_HOST/PORT are set, the in-cluster service account.
// Relative file paths in a kubeconfig are relative to the file that defines the entry.
// Errors start with "kubeconfig <file>" and name the entry:
//   kubeconfig /home/u/.kube/config: context "dev": cluster "dev" not found
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gitsync/core/status.h"

namespace gitsync::kube {

// Everything needed to reach one API server. Data fields hold PEM bytes (already base64
// decoded); a data field wins over the file field of the same item.
struct RestConfig {
  std::string server;  // "https://host:port[/path]", no trailing '/'
  std::string caFile;
  std::string caData;
  std::string certFile;
  std::string certData;
  std::string keyFile;
  std::string keyData;
  std::string token;
  // Read for every request when its modification time or size changed (rotated tokens); wins
  // over `token` while it can be read.
  std::string tokenFile;
  std::string username;
  std::string password;
  bool insecureSkipTlsVerify = false;
  std::string proxyUrl;
  // Act as this user (Impersonate-User header on every request; the credentials above must
  // be allowed to impersonate). A service account is "system:serviceaccount:<ns>:<name>".
  // Empty: no impersonation. From a kubeconfig user's `as` / `as-groups` (kubectl's --as),
  // or set by callers (the controller's spec.serviceAccountName).
  std::string impersonateUser;
  std::vector<std::string> impersonateGroups;  // Impersonate-Group headers, with a user only
  // Namespace for namespaced objects that name none: --namespace, else the context's, else
  // "default" (in-cluster: the service account's namespace file).
  std::string ns = "default";
  // Where this came from, for messages: "kubeconfig <files>, context \"x\"" or "in-cluster".
  std::string source;
};

// The command-line overrides (kubectl's --kubeconfig, --context, --namespace).
struct LoadOptions {
  std::string kubeconfig;  // empty: $KUBECONFIG, then ~/.kube/config
  std::string context;     // empty: current-context
  std::string ns;          // empty: the context's namespace
};

// The process environment, passed in so tests never read the real one.
struct Environment {
  std::optional<std::string> kubeconfig;   // $KUBECONFIG
  std::optional<std::string> home;         // $HOME
  std::optional<std::string> serviceHost;  // $KUBERNETES_SERVICE_HOST
  std::optional<std::string> servicePort;  // $KUBERNETES_SERVICE_PORT
  std::filesystem::path serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

  // Reads the variables above from the process environment.
  static Environment fromProcess();
};

// Steps 1-4 above. InvalidArgument for unreadable or invalid kubeconfig content, NotFound for
// a missing --kubeconfig file or a missing context/cluster/user entry, FailedPrecondition when
// no configuration is found at all, Unimplemented for exec/auth-provider plugins,
// impersonation by as-uid / as-user-extra (as and as-groups are supported) and
// tls-server-name.
Result<RestConfig> loadRestConfig(const LoadOptions& options, const Environment& env);

// The in-cluster service account: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT,
// CA <dir>/ca.crt, token file <dir>/token, namespace from <dir>/namespace ("default" when
// missing) unless `nsOverride` is set. FailedPrecondition when the variables are unset,
// NotFound when the token or CA file is missing.
Result<RestConfig> inClusterConfig(const Environment& env, const std::string& nsOverride = {});

}  // namespace gitsync::kube
