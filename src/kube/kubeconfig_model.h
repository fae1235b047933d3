#pragma once
// The parsed form of kubeconfig files (clientcmd's api.Config, reduced to what gitsync uses),
// their merge and the resolution of one context into a RestConfig.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/kube/kubeconfig.h"

namespace gitsync::kube {

struct KubeconfigCluster {
  std::string server;
  std::string caFile;  // absolute (resolved against the defining file's folder)
  std::string caData;  // decoded PEM
  bool insecureSkipTlsVerify = false;
  std::string tlsServerName;
  std::string proxyUrl;
  std::string origin;  // the file that defined this entry
};

struct KubeconfigUser {
  std::string certFile;
  std::string certData;
  std::string keyFile;
  std::string keyData;
  std::string token;
  std::string tokenFile;
  std::string username;
  std::string password;
  bool exec = false;
  bool authProvider = false;
  std::string as;                    // impersonated user
  std::vector<std::string> asGroups;  // impersonated groups
  bool impersonateUnsupported = false;  // as-uid, as-user-extra
  std::string origin;
};

struct KubeconfigContext {
  std::string cluster;
  std::string user;
  std::string ns;
  std::string origin;
};

struct Kubeconfig {
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
  std::string currentContext;
  std::vector<std::string> files;  // in load order
};

// Parses one kubeconfig file's text. Errors: "kubeconfig <file>: <where>: <what>".
Result<Kubeconfig> parseKubeconfig(std::string_view text, const std::filesystem::path& file);

// Reads and parses one file (at most 4 MiB).
Result<Kubeconfig> readKubeconfig(const std::filesystem::path& file);

// Merges `next` into `into` with kubectl's rules: map keys already present stay as they are
// (whole entries, nothing merged inside them), current-context only when still empty.
void mergeKubeconfig(Kubeconfig& into, Kubeconfig next);

// The RestConfig of options.context (else current-context), with options.ns applied. Reads
// the CA, certificate and key files so that errors name the kubeconfig entry.
Result<RestConfig> resolveKubeconfig(const Kubeconfig& config, const LoadOptions& options);

}  // namespace gitsync::kube
