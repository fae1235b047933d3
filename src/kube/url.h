#pragma once
// API paths and query strings.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitsync/kube/types.h"

namespace gitsync::kube {

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string percentEncode(std::string_view text);

// "/api/v1" for the core group, else "/apis/<group>/<version>".
std::string apiPrefix(const GroupVersionKind& gvk);

// The collection (`name` empty) or object path of `mapping`; `ns` is used only for
// namespaced kinds and may be empty there too (all namespaces, for lists and watches).
std::string resourcePath(const RestMapping& mapping, std::string_view ns,
                         std::string_view name = {}, std::string_view subresource = {});

// "?a=1&b=x%2Cy" (empty when there is nothing), in the order added; empty values skipped.
class Query {
 public:
  Query& add(std::string_view key, std::string_view value);
  std::string str() const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace gitsync::kube
