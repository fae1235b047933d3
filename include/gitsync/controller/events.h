#pragma once
// Kubernetes Events (core/v1) about the controller's objects, as Flux's controllers emit them:
// the reason is the Ready condition's reason, the message what happened (with the ChangeSet
// summary after an apply), the revision in an annotation.
#include <cstdint>
#include <memory>
#include <string>

#include "gitsync/controller/api.h"
#include "gitsync/core/status.h"
#include "gitsync/kube/http_client.h"

namespace gitsync::controller {

enum class EventType { Normal, Warning };

// The object an Event is about (involvedObject).
struct InvolvedObject {
  std::string apiVersion;  // "gitsync.dev/v1"
  std::string kind;        // "Kustomization"
  std::string ns;
  std::string name;
  std::string uid;
  std::string resourceVersion;
};

// The involvedObject of one of the controller's own objects: apiVersion gitsync.dev/v1,
// `kind` ("GitRepository", "Kustomization"), namespace, name, uid and resourceVersion of `meta`.
InvolvedObject involvedObject(const char* kind, const ObjectMeta& meta);

// The Event object: metadata.name "<name>.<16 hex digits>" in the object's namespace,
// involvedObject, reason, message (cut to 1024 bytes), type, source.component and
// reportingComponent = `component`, count 1, first/lastTimestamp = `now` (RFC 3339), and the
// annotation "gitsync.dev/revision" when `revision` is not empty. `suffix` makes the name
// unique.
kube::Json makeEvent(const InvolvedObject& object, EventType type, const std::string& reason,
                     const std::string& message, const std::string& revision,
                     const std::string& component, const std::string& now, uint64_t suffix);

class EventRecorder {
 public:
  // `client` must outlive the recorder.
  explicit EventRecorder(kube::HttpKubeClient& client, std::string component = "gitsync");

  // Creates the Event. An Event is a best-effort record: callers may ignore the status
  // (a failure is the API's: "Event/<ns>/<name>: create: ...").
  Status record(const InvolvedObject& object, EventType type, const std::string& reason,
                const std::string& message, const std::string& revision = {});

 private:
  kube::HttpKubeClient& client_;
  std::string component_;
};

}  // namespace gitsync::controller
