#include "fetch_callbacks.h"

#include <algorithm>
#include <vector>

#include "known_hosts.h"
#include "tls_verify.h"

namespace gitsync::source::detail {
namespace {

using Clock = std::chrono::steady_clock;

// libgit2 asks again after the server refused what it was given: the second time is a failure.
// Messages never include the credentials.
int offerCredentials(git_credential** out, const char* userFromUrl, unsigned int allowed,
                     CallbackState* state) {
  const FetchOptions::Credentials& c = *state->credentials;
  // SSH: libgit2 first asks for the user name alone when the url has none.
  const std::string user = userFromUrl != nullptr && *userFromUrl != '\0' ? userFromUrl : "git";
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0) {
    return git_credential_username_new(out, user.c_str());
  }
  if ((allowed & GIT_CREDENTIAL_SSH_MEMORY) != 0) {
    if (c.sshPrivateKey.empty()) {
      git_error_set_str(GIT_ERROR_SSH, "authentication required (no SSH key given)");
      return GIT_EAUTH;
    }
    if (state->sshKeyAttempts++ > 0) {
      git_error_set_str(GIT_ERROR_SSH, "authentication failed (SSH key refused)");
      return GIT_EAUTH;
    }
    return git_credential_ssh_key_memory_new(
        out, user.c_str(), nullptr, c.sshPrivateKey.c_str(),
        c.sshPassphrase.empty() ? nullptr : c.sshPassphrase.c_str());
  }
  if (!c.username.empty() && (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
    if (state->credentialAttempts++ > 0) {
      git_error_set_str(GIT_ERROR_NET, "authentication failed (username and password refused)");
      return GIT_EAUTH;
    }
    return git_credential_userpass_plaintext_new(out, c.username.c_str(), c.password.c_str());
  }
  if (!c.bearerToken.empty()) {
    git_error_set_str(GIT_ERROR_NET, "authentication failed (bearer token refused)");
    return GIT_EAUTH;
  }
  git_error_set_str(GIT_ERROR_NET, "authentication required (no credentials given)");
  return GIT_EAUTH;
}

int onCredentials(git_credential** out, const char*, const char* userFromUrl,
                  unsigned int allowed, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  int rc = offerCredentials(out, userFromUrl, allowed, state);
  if (rc < 0) state->authFailed = true;
  return rc;
}

int refuse(CallbackState& state, Status status) {
  git_error_set_str(GIT_ERROR_NET, status.message().c_str());
  state.refusal = std::move(status);
  return GIT_ECERTIFICATE;
}

// SSH: the server's host key must be in known_hosts under the url's host (and port).
int checkSshHostKey(const git_cert_hostkey& cert, CallbackState& state) {
  const std::string name = state.endpoint ? knownHostsName(*state.endpoint) : "";
  if (state.credentials->knownHosts.empty() || !state.endpoint) {
    return refuse(state, failedPrecondition("known_hosts: required for SSH (none given)"));
  }
  ServerHostKey key;
  if ((cert.type & GIT_CERT_SSH_RAW) != 0 && cert.hostkey != nullptr) {
    key.blob = std::string(cert.hostkey, cert.hostkey_len);
  } else if ((cert.type & GIT_CERT_SSH_SHA256) != 0) {
    key.sha256 = std::string(reinterpret_cast<const char*>(cert.hash_sha256),
                             sizeof(cert.hash_sha256));
  } else {
    return refuse(state, failedPrecondition("known_hosts: the SSH library gives neither the "
                                            "host key nor its SHA-256 digest"));
  }
  switch (checkHostKey(state.credentials->knownHosts, name, key)) {
    case HostKeyVerdict::Match:
      return 0;
    case HostKeyVerdict::Unknown:
      return refuse(state, failedPrecondition("known_hosts: no key for " + name));
    case HostKeyVerdict::Revoked:
      return refuse(state, failedPrecondition("known_hosts: host key for " + name +
                                              " is marked @revoked"));
    case HostKeyVerdict::Mismatch:
      break;
  }
  // libssh2 1.10 picks the host key type by its own preference, not by what known_hosts lists
  // (OpenSSH does): say so when the types differ, the fix is then to add the other key.
  std::string hint;
  if (key.blob) {
    const std::string offered = keyTypeOf(*key.blob);
    std::vector<std::string> types = knownKeyTypes(state.credentials->knownHosts, name);
    if (std::find(types.begin(), types.end(), offered) == types.end()) {
      std::string listed;
      for (const std::string& t : types) listed += (listed.empty() ? "" : ", ") + t;
      hint = "; the server offered an " + offered + " key, known_hosts lists " + listed +
             " for it";
    }
  }
  return refuse(state, failedPrecondition("known_hosts: host key for " + name +
                                          " does not match known_hosts (possible "
                                          "man-in-the-middle)" + hint));
}

// HTTPS: accepted when the system CAs accept it; else, with a caCert, when it verifies against
// that CA for this fetch only.
int onCertificate(git_cert* cert, int valid, const char* host, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
    return checkSshHostKey(*reinterpret_cast<git_cert_hostkey*>(cert), *state);
  }
  if (valid != 0) return 0;
  if (cert->cert_type != GIT_CERT_X509) return GIT_PASSTHROUGH;
  const std::string& ca = state->credentials->caCert;
  if (ca.empty()) {
    return refuse(*state, failedPrecondition("tls: certificate of " + std::string(host) +
                                             " not trusted by the system CAs (no caCert given)"));
  }
  const auto* x509 = reinterpret_cast<git_cert_x509*>(cert);
  std::string why = verifyServerCertificate(ca, static_cast<const unsigned char*>(x509->data),
                                            x509->len, host);
  if (why.empty()) return 0;
  return refuse(*state, failedPrecondition("tls: certificate of " + std::string(host) +
                                           " not trusted with caCert: " + why));
}

int onTransfer(const git_indexer_progress*, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (Clock::now() > state->deadline) {
    state->timedOut = true;
    return -1;
  }
  return 0;
}

int onSideband(const char*, int, void* payload) { return onTransfer(nullptr, payload); }

}  // namespace

void setCallbacks(git_remote_callbacks& cb, CallbackState& state) {
  git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
  cb.credentials = onCredentials;
  cb.certificate_check = onCertificate;
  cb.transfer_progress = onTransfer;
  cb.sideband_progress = onSideband;
  cb.payload = &state;
}

}  // namespace gitsync::source::detail
