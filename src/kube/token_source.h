#pragma once
// The bearer token of a RestConfig: the token file re-read whenever it changes (projected
// service-account tokens rotate every hour), else the static token.
#include <filesystem>
#include <mutex>
#include <string>

#include "gitsync/core/status.h"

namespace gitsync::kube {

class TokenSource {
 public:
  TokenSource(std::string staticToken, std::filesystem::path file);

  // The current token ("" for none). The file (when set) is stat()ed on every call and read
  // again when its modification time or size changed; when it cannot be read the last token
  // read (or the static one) is kept. Thread-safe.
  std::string token();

 private:
  std::mutex mutex_;
  std::string staticToken_;
  std::filesystem::path file_;
  std::string cached_;
  bool haveCached_ = false;
  std::filesystem::file_time_type mtime_{};
  uintmax_t size_ = 0;
};

}  // namespace gitsync::kube
