#pragma once
// The parts of `gitsync controller` shared by its files.
#include <string>

#include "gitsync/controller/manager.h"
#include "gitsync/webhook/server.h"

namespace gitsync::cli {

// Replaces the default logger with a thread-safe one on stderr: text, or with "json" one JSON
// object per line ({"time","level","msg", fields of a structured message}).
void setupControllerLogging(const std::string& format, const std::string& level);

// One line per reconcile: kind, name, namespace, result, revision, duration (seconds) and,
// when there is one, error and requeueAfter (seconds).
void logReconcile(const controller::ReconcileRecord& record, bool json);

// One line per webhook call: receiver, status, result (never a token or the body).
void logWebhookCall(const webhook::CallRecord& call, bool json);

}  // namespace gitsync::cli
