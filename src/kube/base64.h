#pragma once
// Strict standard base64 (RFC 4648 with padding), as Go's encoding/json decodes []byte fields
// such as certificate-authority-data. Line breaks and spaces are skipped.
#include <optional>
#include <string>
#include <string_view>

namespace gitsync::kube {

// nullopt when `text` is not valid base64.
std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace gitsync::kube
