#include "gitsync/kube/client.h"

namespace gitsync::kube {

bool isImmutableFieldError(const Status& status) {
  if (status.code() != Code::InvalidArgument) return false;
  const std::string& m = status.message();
  return m.find("field is immutable") != std::string::npos ||
         m.find("may not change once set") != std::string::npos;
}

}  // namespace gitsync::kube
