#pragma once
// RestMapper from the API server's discovery documents, cached and refreshed on unknown kinds.
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "gitsync/kube/clock.h"
#include "gitsync/kube/mapper.h"
#include "http.h"

namespace gitsync::kube {

// Where discovery documents come from (the transport; a fake in unit tests).
class DocumentFetcher {
 public:
  virtual ~DocumentFetcher() = default;
  // GET `path` with `accept`. Any HTTP response is ok; errors are transport failures.
  virtual Result<HttpResponse> fetch(const std::string& path, const std::string& accept) = 0;
};

// Accept header asking for aggregated discovery (v2, then v2beta1), else the legacy form.
extern const char kAggregatedDiscoveryAccept[];

// The mappings in an apidiscovery.k8s.io APIGroupDiscoveryList (/api or /apis).
Result<std::vector<RestMapping>> parseAggregatedDiscovery(const Json& document);
// The mappings in a legacy APIResourceList (/api/v1, /apis/apps/v1); subresources skipped.
Result<std::vector<RestMapping>> parseResourceList(const Json& document);
// The group versions listed by a legacy APIVersions (/api: "v1") or APIGroupList (/apis:
// "apps/v1", every served version, not only the preferred one).
std::vector<std::string> parseGroupVersions(const Json& document);

class Discovery final : public RestMapper {
 public:
  // `fetcher` and `clock` must outlive this.
  Discovery(DocumentFetcher& fetcher, Clock& clock, const DiscoveryOptions& options);

  Result<RestMapping> mapping(const GroupVersionKind& gvk) override;
  void invalidate() override;

  // Rounds of discovery fetched so far (each is 2 requests when aggregated).
  int refreshes() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  Status refreshLocked();
  // Sets `aggregated` false (and keeps a legacy /api answer in legacyCore) for old servers.
  Status fetchAggregated(std::vector<RestMapping>& out, bool& aggregated, Json& legacyCore);
  // `core`: the /api document when already fetched, else null.
  Status fetchLegacy(std::vector<RestMapping>& out, Json core);
  Result<Json> fetchJson(const std::string& path, const std::string& accept,
                         std::string* contentType = nullptr);

  DocumentFetcher& fetcher_;
  Clock& clock_;
  DiscoveryOptions options_;
  mutable std::mutex mutex_;
  std::map<Key, RestMapping> mappings_;
  bool loaded_ = false;
  Clock::TimePoint lastRefresh_{};
  int refreshes_ = 0;
};

}  // namespace gitsync::kube
