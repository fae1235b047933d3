#include "token_source.h"

#include <fstream>
#include <sstream>

namespace gitsync::kube {

namespace {
std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r')) ++i;
  return s.substr(i);
}
}  // namespace

TokenSource::TokenSource(std::string staticToken, std::filesystem::path file)
    : staticToken_(std::move(staticToken)), file_(std::move(file)) {}

std::string TokenSource::token() {
  std::lock_guard lock(mutex_);
  if (file_.empty()) return staticToken_;
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(file_, ec);
  uintmax_t size = ec ? 0 : std::filesystem::file_size(file_, ec);
  if (ec) return haveCached_ ? cached_ : staticToken_;
  if (haveCached_ && mtime == mtime_ && size == size_) return cached_;
  std::ifstream in(file_, std::ios::binary);
  if (!in) return haveCached_ ? cached_ : staticToken_;
  std::ostringstream text;
  text << in.rdbuf();
  cached_ = trimmed(text.str());
  haveCached_ = true;
  mtime_ = mtime;
  size_ = size;
  return cached_;
}

}  // namespace gitsync::kube
