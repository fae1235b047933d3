#pragma once
// What the apply engine and the health checker depend on: reading, applying and deleting
// objects (KubeClient) and watching them (Watcher). HttpKubeClient (http_client.h) talks to a
// real API server; tests of higher stages may use fakes in addition to real-cluster tests.
//
// Errors start with the subject and the verb, then the API's reason and message:
//   ConfigMap/prod/settings: get: NotFound: configmaps "settings" not found
//   Service/prod/web: apply: Invalid: Service "web" is invalid: spec.clusterIP: ... field is immutable
// Codes: 404 NotFound; 409 AlreadyExists (reason AlreadyExists) or Aborted (conflict);
// 400/422 InvalidArgument; 401/403 FailedPrecondition; 410 Aborted (re-list); 429, 5xx and
// connection errors Unavailable (after the retries); timeouts DeadlineExceeded.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/kube/types.h"

namespace gitsync::kube {

struct ListOptions {
  std::string ns;  // empty: all namespaces (and the only choice for cluster-scoped kinds)
  std::string labelSelector;
  std::string fieldSelector;
  int64_t limit = 500;  // page size (the "limit" parameter); 0: the whole list at once
  std::string continueToken;  // resume paging where an earlier singlePage list stopped
  bool singlePage = false;    // return after one page, with its continue token
};

struct ObjectList {
  std::vector<Json> items;  // each with apiVersion and kind set
  std::string resourceVersion;  // of the list: watch from here
  std::string continueToken;    // non-empty when singlePage stopped before the end
};

struct ApplyOptions {
  std::string fieldManager = "gitsync";
  bool force = false;   // take fields owned by other managers instead of failing (409)
  bool dryRun = false;  // dryRun=All: validated and defaulted, not stored
};

enum class Propagation { Background, Foreground, Orphan };

struct DeleteOptions {
  Propagation propagation = Propagation::Background;  // kubectl's default
  bool dryRun = false;
  std::optional<int64_t> gracePeriodSeconds;  // unset: the object's default
  std::string preconditionUid;               // delete only this incarnation
  std::string preconditionResourceVersion;   // delete only this version
};

// create, update and patchStatus.
struct WriteOptions {
  std::string fieldManager = "gitsync";
  bool dryRun = false;
};

class KubeClient {
 public:
  virtual ~KubeClient() = default;

  // The object, as the server has it.
  virtual Result<Json> get(const ObjectRef& ref) = 0;

  // Objects of `gvk`, following continue tokens until the end unless options.singlePage.
  // Aborted when a continue token expired (410): list again from the start.
  virtual Result<ObjectList> list(const GroupVersionKind& gvk, const ListOptions& options) = 0;

  // Server-side apply (PATCH application/apply-patch+yaml) of a whole object; returns the
  // object the server stored (or would store, for dryRun). An apply that changes nothing
  // leaves metadata.resourceVersion unchanged. InvalidArgument without metadata.name.
  virtual Result<Json> apply(const Json& object, const ApplyOptions& options) = 0;

  // Deletes the object; returns what the server answered: the object with
  // metadata.deletionTimestamp when finalizers keep it for now (Foreground, Orphan,
  // finalizers), or a Status of Success when it is gone.
  virtual Result<Json> del(const ObjectRef& ref, const DeleteOptions& options) = 0;
};

// True for an InvalidArgument (422) whose API message says a field cannot change:
// "field is immutable" (Job selectors, Deployment selectors, ConfigMaps with immutable: true,
// CEL rules) or "may not change once set" (Service spec.clusterIP(s) in v1.36). The apply stage
// decides what to do (recreate when allowed).
bool isImmutableFieldError(const Status& status);

enum class WatchEventType { Added, Modified, Deleted, Bookmark };

struct WatchEvent {
  WatchEventType type = WatchEventType::Added;
  Json object;  // for Bookmark only apiVersion, kind and metadata.resourceVersion
};

struct WatchOptions {
  std::string ns;  // empty: all namespaces
  std::string labelSelector;
  std::string fieldSelector;
  // Resume after this version (from a list or the last event); empty: start with synthetic
  // ADDED events for every existing object, then changes.
  std::string resourceVersion;
  bool allowWatchBookmarks = true;
  // The server closes the watch after this long (timeoutSeconds); the call returns Closed.
  std::chrono::seconds timeout{300};
  // Polled about once a second while the stream is idle and after every event; true ends the
  // watch with Stopped. May be empty.
  std::function<bool()> stopRequested;
};

enum class WatchEndReason {
  Closed,   // the server ended the stream (timeout): watch again from resourceVersion
  Stopped,  // the callback returned false or stopRequested() returned true
  Expired,  // 410 Gone: resourceVersion is too old; list again, then watch from the list's
};

struct WatchEnd {
  WatchEndReason reason = WatchEndReason::Closed;
  std::string resourceVersion;  // the last one seen (events and bookmarks), else the requested one
};

// Returns false to stop watching. Exceptions it throws end the watch with Internal.
using WatchCallback = std::function<bool(const WatchEvent&)>;

class Watcher {
 public:
  virtual ~Watcher() = default;

  // Streams changes of `gvk` objects to `onEvent` until the server closes the stream, the
  // caller stops it, or the resource version expires (all three are ok results). An ERROR
  // event other than 410 and failures to connect are errors.
  virtual Result<WatchEnd> watch(const GroupVersionKind& gvk, const WatchOptions& options,
                                 const WatchCallback& onEvent) = 0;
};

}  // namespace gitsync::kube
