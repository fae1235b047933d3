#include "discovery.h"

#include "api_status.h"

namespace gitsync::kube {

Discovery::Discovery(DocumentFetcher& fetcher, Clock& clock, const DiscoveryOptions& options)
    : fetcher_(fetcher), clock_(clock), options_(options) {}

int Discovery::refreshes() const {
  std::lock_guard lock(mutex_);
  return refreshes_;
}

void Discovery::invalidate() {
  std::lock_guard lock(mutex_);
  loaded_ = false;
}

Result<RestMapping> Discovery::mapping(const GroupVersionKind& gvk) {
  // Lookups wait for a refresh in progress instead of starting their own.
  std::lock_guard lock(mutex_);
  Key key{gvk.group, gvk.version, gvk.kind};
  bool refreshed = false;
  if (!loaded_) {
    GITSYNC_RETURN_IF_ERROR(refreshLocked());
    refreshed = true;
  }
  auto it = mappings_.find(key);
  if (it == mappings_.end() && !refreshed &&
      clock_.now() - lastRefresh_ >= options_.minRefreshInterval) {
    GITSYNC_RETURN_IF_ERROR(refreshLocked());
    it = mappings_.find(key);
  }
  if (it == mappings_.end()) {
    return notFound("no matches for kind \"" + gvk.kind + "\" in version \"" + gvk.apiVersion() +
                    "\"");
  }
  return it->second;
}

Result<Json> Discovery::fetchJson(const std::string& path, const std::string& accept,
                                  std::string* contentType) {
  GITSYNC_ASSIGN_OR_RETURN(HttpResponse r, fetcher_.fetch(path, accept));
  if (!isSuccess(r.code)) return statusFromResponse(r, "discovery", "GET " + path);
  Json doc = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return unavailable("discovery: GET " + path + ": invalid JSON");
  if (contentType != nullptr) *contentType = r.contentType;
  return doc;
}

Status Discovery::fetchAggregated(std::vector<RestMapping>& out, bool& aggregated,
                                  Json& legacyCore) {
  aggregated = true;
  for (const char* path : {"/api", "/apis"}) {
    std::string contentType;
    GITSYNC_ASSIGN_OR_RETURN(Json doc, fetchJson(path, kAggregatedDiscoveryAccept, &contentType));
    if (contentType.find("as=APIGroupDiscoveryList") == std::string::npos) {
      aggregated = false;  // an older server: legacy documents
      if (std::string(path) == "/api") legacyCore = std::move(doc);
      return okStatus();
    }
    GITSYNC_ASSIGN_OR_RETURN(auto mappings, parseAggregatedDiscovery(doc));
    out.insert(out.end(), mappings.begin(), mappings.end());
  }
  return okStatus();
}

Status Discovery::fetchLegacy(std::vector<RestMapping>& out, Json core) {
  std::vector<std::string> paths;
  if (core.is_null()) {
    GITSYNC_ASSIGN_OR_RETURN(core, fetchJson("/api", "application/json"));
  }
  for (const auto& v : parseGroupVersions(core)) paths.push_back("/api/" + v);
  GITSYNC_ASSIGN_OR_RETURN(Json groups, fetchJson("/apis", "application/json"));
  for (const auto& gv : parseGroupVersions(groups)) paths.push_back("/apis/" + gv);
  for (const auto& path : paths) {
    GITSYNC_ASSIGN_OR_RETURN(HttpResponse r, fetcher_.fetch(path, "application/json"));
    // An aggregated API server that is down (503) or a group version that went away (404)
    // hides only its own kinds, as in kubectl.
    if (r.code == 404 || r.code == 503) continue;
    if (!isSuccess(r.code)) return statusFromResponse(r, "discovery", "GET " + path);
    Json doc = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return unavailable("discovery: GET " + path + ": invalid JSON");
    GITSYNC_ASSIGN_OR_RETURN(auto mappings, parseResourceList(doc));
    out.insert(out.end(), mappings.begin(), mappings.end());
  }
  return okStatus();
}

Status Discovery::refreshLocked() {
  std::vector<RestMapping> fetched;
  bool aggregated = false;
  Json legacyCore;  // the legacy /api answer to the aggregated request, reused
  if (options_.aggregated) {
    GITSYNC_RETURN_IF_ERROR(fetchAggregated(fetched, aggregated, legacyCore));
  }
  if (!aggregated) {
    fetched.clear();
    GITSYNC_RETURN_IF_ERROR(fetchLegacy(fetched, std::move(legacyCore)));
  }
  mappings_.clear();
  for (auto& m : fetched) {
    Key key{m.gvk.group, m.gvk.version, m.gvk.kind};
    mappings_.emplace(std::move(key), std::move(m));  // the first resource of a kind wins
  }
  loaded_ = true;
  lastRefresh_ = clock_.now();
  ++refreshes_;
  return okStatus();
}

}  // namespace gitsync::kube
