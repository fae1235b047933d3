// Choosing a context and turning it into a RestConfig; loadRestConfig's file search.
#include <cstdlib>
#include <set>

#include "gitsync/core/yaml.h"
#include "kubeconfig_model.h"

namespace gitsync::kube {

namespace {

constexpr size_t kMaxPemBytes = 1u << 20;

std::string joinFiles(const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : ":") + f;
  return out;
}

bool looksLikePem(std::string_view data, std::string_view what) {
  return data.find("-----BEGIN ") != std::string_view::npos &&
         data.find(what) != std::string_view::npos;
}

// Reads `file` into `data` (when set) and checks that the bytes are PEM of `what`
// ("CERTIFICATE", "PRIVATE KEY"). `where` starts messages; `field` names the entry.
Status loadPem(const std::string& where, const std::string& field, const std::string& file,
               std::string& data, std::string_view what) {
  std::string shown = field;
  if (!file.empty()) {
    auto text = core::readFileLimited(file, kMaxPemBytes);
    if (!text.ok()) return Status(text.status().code(), where + ": " + field + " " +
                                                            text.status().message());
    data = std::move(text).value();
    shown = field + " " + file;
  } else {
    shown = field + "-data";
  }
  if (!data.empty() && !looksLikePem(data, what)) {
    return invalidArgument(where + ": " + shown + ": no PEM " + std::string(what) + " in it");
  }
  return okStatus();
}

Result<std::string> normalizeServer(const std::string& where, std::string server) {
  if (server.empty()) return invalidArgument(where + ": server is not set");
  if (server.find("://") == std::string::npos) server = "https://" + server;
  if (server.rfind("https://", 0) != 0 && server.rfind("http://", 0) != 0) {
    return invalidArgument(where + ": server \"" + server + "\" is not an http(s) URL");
  }
  while (server.size() > 1 && server.back() == '/') server.pop_back();
  return server;
}

Status resolveCluster(const std::string& name, const KubeconfigCluster& c, RestConfig& out) {
  std::string where = "kubeconfig " + c.origin + ": cluster \"" + name + "\"";
  GITSYNC_ASSIGN_OR_RETURN(out.server, normalizeServer(where, c.server));
  if (!c.tlsServerName.empty()) {
    return unimplemented(where + ": tls-server-name is not supported");
  }
  if (!c.caFile.empty() && !c.caData.empty()) {
    return invalidArgument(where +
                           ": certificate-authority and certificate-authority-data are both set");
  }
  if (c.insecureSkipTlsVerify && (!c.caFile.empty() || !c.caData.empty())) {
    return invalidArgument(where + ": insecure-skip-tls-verify and a certificate authority are "
                                   "both set");
  }
  out.caFile = c.caFile;
  out.caData = c.caData;
  GITSYNC_RETURN_IF_ERROR(
      loadPem(where, "certificate-authority", c.caFile, out.caData, "CERTIFICATE"));
  out.insecureSkipTlsVerify = c.insecureSkipTlsVerify;
  out.proxyUrl = c.proxyUrl;
  return okStatus();
}

Status resolveUser(const std::string& name, const KubeconfigUser& u, RestConfig& out) {
  std::string where = "kubeconfig " + u.origin + ": user \"" + name + "\"";
  if (u.exec) return unimplemented(where + ": exec credential plugins are not supported");
  if (u.authProvider) return unimplemented(where + ": auth-provider plugins are not supported");
  if (u.impersonateUnsupported) {
    return unimplemented(where + ": impersonation by as-uid or as-user-extra is not supported");
  }
  if (!u.asGroups.empty() && u.as.empty()) return invalidArgument(where + ": as-groups without as");
  out.impersonateUser = u.as;
  out.impersonateGroups = u.asGroups;
  if (!u.certFile.empty() && !u.certData.empty()) {
    return invalidArgument(where + ": client-certificate and client-certificate-data are both set");
  }
  if (!u.keyFile.empty() && !u.keyData.empty()) {
    return invalidArgument(where + ": client-key and client-key-data are both set");
  }
  bool hasCert = !u.certFile.empty() || !u.certData.empty();
  bool hasKey = !u.keyFile.empty() || !u.keyData.empty();
  if (hasCert && !hasKey) return invalidArgument(where + ": client-certificate without client-key");
  if (hasKey && !hasCert) return invalidArgument(where + ": client-key without client-certificate");
  out.certFile = u.certFile;
  out.certData = u.certData;
  out.keyFile = u.keyFile;
  out.keyData = u.keyData;
  GITSYNC_RETURN_IF_ERROR(
      loadPem(where, "client-certificate", u.certFile, out.certData, "CERTIFICATE"));
  GITSYNC_RETURN_IF_ERROR(loadPem(where, "client-key", u.keyFile, out.keyData, "PRIVATE KEY"));
  if (!u.tokenFile.empty()) {
    auto text = core::readFileLimited(u.tokenFile, kMaxPemBytes);
    if (!text.ok()) {
      return Status(text.status().code(), where + ": tokenFile " + text.status().message());
    }
  }
  out.token = u.token;
  out.tokenFile = u.tokenFile;
  out.username = u.username;
  out.password = u.password;
  return okStatus();
}

std::vector<std::string> splitList(const std::string& list) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    std::string item = list.substr(start, end - start);
    if (!item.empty() && seen.insert(item).second) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<RestConfig> resolveKubeconfig(const Kubeconfig& config, const LoadOptions& options) {
  std::string files = "kubeconfig " + joinFiles(config.files);
  std::string contextName = options.context.empty() ? config.currentContext : options.context;
  if (contextName.empty()) {
    return failedPrecondition(files + ": current-context is not set and no context was given");
  }
  auto ctx = config.contexts.find(contextName);
  if (ctx == config.contexts.end()) {
    return notFound(files + ": context \"" + contextName + "\" not found");
  }
  std::string where = "kubeconfig " + ctx->second.origin + ": context \"" + contextName + "\"";
  if (ctx->second.cluster.empty()) return invalidArgument(where + ": cluster is not set");
  auto cluster = config.clusters.find(ctx->second.cluster);
  if (cluster == config.clusters.end()) {
    return notFound(where + ": cluster \"" + ctx->second.cluster + "\" not found");
  }
  RestConfig out;
  GITSYNC_RETURN_IF_ERROR(resolveCluster(cluster->first, cluster->second, out));
  if (!ctx->second.user.empty()) {
    auto user = config.users.find(ctx->second.user);
    if (user == config.users.end()) {
      return notFound(where + ": user \"" + ctx->second.user + "\" not found");
    }
    GITSYNC_RETURN_IF_ERROR(resolveUser(user->first, user->second, out));
  }
  if (!options.ns.empty()) {
    out.ns = options.ns;
  } else if (!ctx->second.ns.empty()) {
    out.ns = ctx->second.ns;
  }
  out.source = files + ", context \"" + contextName + "\"";
  return out;
}

Environment Environment::fromProcess() {
  auto var = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at startup
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  Environment env;
  env.kubeconfig = var("KUBECONFIG");
  env.home = var("HOME");
  env.serviceHost = var("KUBERNETES_SERVICE_HOST");
  env.servicePort = var("KUBERNETES_SERVICE_PORT");
  return env;
}

Result<RestConfig> loadRestConfig(const LoadOptions& options, const Environment& env) {
  if (!options.kubeconfig.empty()) {
    GITSYNC_ASSIGN_OR_RETURN(Kubeconfig config, readKubeconfig(options.kubeconfig));
    return resolveKubeconfig(config, options);
  }
  std::vector<std::string> candidates;
  if (env.kubeconfig && !env.kubeconfig->empty()) {
    candidates = splitList(*env.kubeconfig);
  } else if (env.home && !env.home->empty()) {
    candidates.push_back((std::filesystem::path(*env.home) / ".kube" / "config").string());
  }
  Kubeconfig merged;
  bool loaded = false;
  for (const auto& file : candidates) {
    std::error_code ec;
    // Files of the list that do not exist are skipped, as kubectl does.
    if (!std::filesystem::exists(file, ec)) continue;
    GITSYNC_ASSIGN_OR_RETURN(Kubeconfig config, readKubeconfig(file));
    mergeKubeconfig(merged, std::move(config));
    loaded = true;
  }
  if (loaded) return resolveKubeconfig(merged, options);
  if (env.serviceHost && !env.serviceHost->empty()) return inClusterConfig(env, options.ns);
  std::string tried = candidates.empty() ? "no KUBECONFIG and no HOME"
                                         : joinFiles(candidates) + " not found";
  return failedPrecondition("kubeconfig: no configuration: " + tried +
                            ", and KUBERNETES_SERVICE_HOST is not set");
}

}  // namespace gitsync::kube
