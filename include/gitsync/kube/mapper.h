#pragma once
// Kind -> REST resource mapping from the API server's discovery documents.
#include <chrono>

#include "gitsync/core/status.h"
#include "gitsync/kube/types.h"

namespace gitsync::kube {

class RestMapper {
 public:
  virtual ~RestMapper() = default;

  // The mapping of `gvk`. An unknown kind triggers one discovery refresh, at most once per
  // DiscoveryOptions::minRefreshInterval; NotFound
  //   no matches for kind "Foo" in version "example.com/v1"
  // when the server still does not serve it. Unavailable/DeadlineExceeded when discovery
  // cannot be fetched.
  virtual Result<RestMapping> mapping(const GroupVersionKind& gvk) = 0;

  // Forgets the cached discovery so the next mapping() fetches it again whatever the
  // interval. Call after a CustomResourceDefinition becomes Established.
  virtual void invalidate() = 0;
};

struct DiscoveryOptions {
  // Shortest time between two refreshes caused by unknown kinds (a storm of lookups of a kind
  // the server does not serve costs one discovery round per interval).
  std::chrono::milliseconds minRefreshInterval{10'000};
  // Ask for aggregated discovery (apidiscovery.k8s.io v2/v2beta1: two requests in all); when
  // false, or when the server answers with the legacy documents, walk /api, /apis and every
  // group version (1 + 1 + one request per group version).
  bool aggregated = true;
};

}  // namespace gitsync::kube
