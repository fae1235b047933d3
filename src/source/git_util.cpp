#include "git_util.h"

#include <cctype>
#include <mutex>

namespace gitsync::source::detail {

void ensureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string lastGitError(int rc) {
  const git_error* e = git_error_last();
  std::string message = e != nullptr && e->message != nullptr ? e->message : "";
  // Remote errors (an SSH server's stderr) end with a newline.
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back()))) {
    message.pop_back();
  }
  if (!message.empty()) return message;
  return "libgit2 error " + std::to_string(rc);
}

namespace {

bool contains(const std::string& s, const char* needle) {
  return s.find(needle) != std::string::npos;
}

}  // namespace

Status gitStatus(int rc, const std::string& prefix, const std::string& what) {
  const git_error* e = git_error_last();
  int klass = e != nullptr ? e->klass : GIT_ERROR_NONE;
  std::string msg = lastGitError(rc);
  std::string text = prefix + ": " + what + ": " + msg;
  if (rc == GIT_EAUTH || contains(msg, "authentication") || contains(msg, "status code: 401") ||
      contains(msg, "status code: 403")) {
    return failedPrecondition(text);
  }
  if (contains(msg, "not found") || contains(msg, "does not appear to be a git repository") ||
      contains(msg, "repository not exported") || contains(msg, "status code: 404")) {
    return notFound(text);
  }
  if (rc == GIT_ENOTFOUND) return notFound(text);
  if (klass == GIT_ERROR_NET || klass == GIT_ERROR_SSL || klass == GIT_ERROR_HTTP ||
      klass == GIT_ERROR_SSH || rc == GIT_EEOF || contains(msg, "failed to connect") ||
      contains(msg, "failed to resolve address") || contains(msg, "early EOF") ||
      rc == GIT_ECERTIFICATE) {
    return unavailable(text);
  }
  return internalError(text);
}

std::string oidHex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), &oid);
  return buf;
}

}  // namespace gitsync::source::detail
