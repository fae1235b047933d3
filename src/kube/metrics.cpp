#include "gitsync/kube/http_client.h"

namespace gitsync::kube {

uint64_t RequestMetrics::total() const {
  uint64_t n = 0;
  for (const auto& [verb, byCode] : counts) {
    for (const auto& [code, count] : byCode) n += count;
  }
  return n;
}

uint64_t RequestMetrics::count(std::string_view verb) const {
  auto it = counts.find(verb);
  if (it == counts.end()) return 0;
  uint64_t n = 0;
  for (const auto& [code, count] : it->second) n += count;
  return n;
}

uint64_t RequestMetrics::count(std::string_view verb, long code) const {
  auto it = counts.find(verb);
  if (it == counts.end()) return 0;
  auto c = it->second.find(code);
  return c == it->second.end() ? 0 : c->second;
}

}  // namespace gitsync::kube
