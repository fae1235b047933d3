// The in-cluster service-account configuration (client-go's rest.InClusterConfig).
#include <algorithm>
#include <cctype>

#include "gitsync/core/yaml.h"
#include "gitsync/kube/kubeconfig.h"

namespace gitsync::kube {

namespace {
constexpr size_t kMaxFileBytes = 1u << 20;

std::string trim(std::string s) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
  s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
  return s;
}
}  // namespace

Result<RestConfig> inClusterConfig(const Environment& env, const std::string& nsOverride) {
  if (!env.serviceHost || env.serviceHost->empty() || !env.servicePort ||
      env.servicePort->empty()) {
    return failedPrecondition(
        "in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
  }
  const auto& dir = env.serviceAccountDir;
  RestConfig out;
  std::string host = *env.serviceHost;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6 literal
  out.server = "https://" + host + ":" + *env.servicePort;
  out.tokenFile = (dir / "token").string();
  auto token = core::readFileLimited(out.tokenFile, kMaxFileBytes);
  if (!token.ok()) {
    return Status(token.status().code(), "in-cluster config: " + token.status().message());
  }
  out.caFile = (dir / "ca.crt").string();
  auto ca = core::readFileLimited(out.caFile, kMaxFileBytes);
  if (!ca.ok()) return Status(ca.status().code(), "in-cluster config: " + ca.status().message());
  out.caData = std::move(ca).value();
  if (!nsOverride.empty()) {
    out.ns = nsOverride;
  } else if (auto ns = core::readFileLimited(dir / "namespace", kMaxFileBytes);
             ns.ok() && !trim(*ns).empty()) {
    out.ns = trim(*ns);
  }
  out.source = "in-cluster";
  return out;
}

}  // namespace gitsync::kube
