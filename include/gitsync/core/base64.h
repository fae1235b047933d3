#pragma once
// Decoding of standard base64 (RFC 4648 alphabet "A-Za-z0-9+/"), the one decoder of every
// stage: kubeconfig certificate data and Secret data (Go's StdEncoding, padded), OpenSSH key
// blobs and armored signatures (padding optional).
#include <optional>
#include <string>
#include <string_view>

namespace gitsync::core {

struct Base64Options {
  // true (default): the text, without skipped white space, is a multiple of four characters
  // and '=' stands only at the end of the last quantum, at most twice (Go's StdEncoding).
  // false: padding is optional, any number of '=' may close the text, and trailing bits that
  // do not make a whole byte are dropped (OpenSSH blobs, known_hosts, armor bodies).
  bool requirePadding = true;
  // true (default): '\n', '\r', ' ' and '\t' are skipped anywhere; false: they are refused.
  bool skipWhitespace = true;
};

// The decoded bytes; nullopt when `text` holds a character outside the alphabet, a data
// character after '=', or (with requirePadding) a length or padding Go would refuse.
std::optional<std::string> decodeBase64(std::string_view text, const Base64Options& options = {});

}  // namespace gitsync::core
