#pragma once
// The libgit2 remote callbacks of one fetch: credentials (HTTPS Basic, SSH key from memory),
// the certificate check (known_hosts for SSH, the caCert for HTTPS) and the deadline checks in
// the progress callbacks. Private to the source stage.
#include <git2.h>

#include <chrono>
#include <optional>
#include <string>

#include "gitsync/core/status.h"
#include "gitsync/source/source.h"
#include "remote_url.h"

namespace gitsync::source::detail {

// State shared with the callbacks for one fetch (their payload).
struct CallbackState {
  std::chrono::steady_clock::time_point deadline;
  bool timedOut = false;
  // A credentials callback refused to go on (nothing to offer, or the server refused what it
  // was given): the failure is an authentication failure.
  bool authFailed = false;
  const FetchOptions::Credentials* credentials = nullptr;
  // The endpoint of the url (nullopt for local paths): the known_hosts name is made from it.
  std::optional<RemoteEndpoint> endpoint;
  int credentialAttempts = 0;
  // How often an SSH key was handed to libssh2.
  int sshKeyAttempts = 0;
  // Set by a callback that refused the server (known_hosts, caCert); it wins over libgit2's
  // message. Its message has no url prefix.
  std::optional<Status> refusal;
};

// Fills `cb` with the callbacks and `state` as their payload.
void setCallbacks(git_remote_callbacks& cb, CallbackState& state);

}  // namespace gitsync::source::detail
