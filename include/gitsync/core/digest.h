#pragma once
// Lower-case hex and SHA-256, as every stage names content by digest: cache folders and refs
// (source), build output digests (controller), content hashes (render), webhook paths and HMACs.
#include <string>
#include <string_view>

namespace gitsync::core {

// Two lower-case hex digits per byte ("\x01\xab" -> "01ab").
std::string hexLower(std::string_view bytes);

// SHA-256 of `data` in lower-case hex (64 characters).
std::string sha256Hex(std::string_view data);

}  // namespace gitsync::core
