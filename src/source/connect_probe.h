#pragma once
// A connect timeout for libgit2 1.5, which has none (GIT_OPT_SET_SERVER_CONNECT_TIMEOUT came in
// 1.7): before libgit2 connects, open and close one TCP connection ourselves, non-blocking and
// bounded by the deadline. Private to the source stage.
#include <chrono>
#include <string>

#include "gitsync/core/status.h"

namespace gitsync::source::detail {

// Resolves `host` and connects to `port` on its addresses in order until one accepts, then
// closes the connection. Returns OK, DeadlineExceeded "no TCP connection to <host>:<port>
// within <limit>s" when neither the name lookup nor a connection finish before `deadline`,
// Unavailable "failed to connect to <host>:<port>: <reason>" / "cannot resolve <host>: <reason>".
// The name lookup runs on its own thread so that a hanging resolver is bounded too (the thread
// finishes by itself later).
Status probeConnect(const std::string& host, int port,
                    std::chrono::steady_clock::time_point deadline, std::chrono::seconds limit);

}  // namespace gitsync::source::detail
