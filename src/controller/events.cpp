#include "gitsync/controller/events.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>

#include "gitsync/controller/api.h"

namespace gitsync::controller {
namespace {

constexpr size_t kMaxMessageBytes = 1024;

// Cuts `text` to `max` bytes without splitting a UTF-8 sequence.
std::string truncateUtf8(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Distinct suffixes in one process (a counter) and across restarts (a random start).
uint64_t nextSuffix() {
  static std::atomic<uint64_t> counter{std::random_device{}() * 0x100000000ull};
  return counter.fetch_add(1) ^
         static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
}

}  // namespace

kube::Json makeEvent(const InvolvedObject& object, EventType type, const std::string& reason,
                     const std::string& message, const std::string& revision,
                     const std::string& component, const std::string& now, uint64_t suffix) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(suffix));
  kube::Json event = {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata", {{"name", object.name + "." + hex}, {"namespace", object.ns}}},
      {"involvedObject",
       {{"apiVersion", object.apiVersion},
        {"kind", object.kind},
        {"namespace", object.ns},
        {"name", object.name},
        {"uid", object.uid},
        {"resourceVersion", object.resourceVersion}}},
      {"reason", reason},
      {"message", truncateUtf8(message, kMaxMessageBytes)},
      {"type", type == EventType::Normal ? "Normal" : "Warning"},
      {"source", {{"component", component}}},
      {"reportingComponent", component},
      {"reportingInstance", component},
      {"count", 1},
      {"firstTimestamp", now},
      {"lastTimestamp", now},
  };
  if (!revision.empty()) {
    event["metadata"]["annotations"] = {{"gitsync.dev/revision", revision}};
  }
  return event;
}

InvolvedObject involvedObject(const char* kind, const ObjectMeta& meta) {
  return {kApiVersion, kind, meta.ns, meta.name, meta.uid, meta.resourceVersion};
}

EventRecorder::EventRecorder(kube::HttpKubeClient& client, std::string component)
    : client_(client), component_(std::move(component)) {}

Status EventRecorder::record(const InvolvedObject& object, EventType type,
                             const std::string& reason, const std::string& message,
                             const std::string& revision) {
  kube::Json event =
      makeEvent(object, type, reason, message, revision, component_, nowRfc3339(), nextSuffix());
  Result<kube::Json> created = client_.create(event, {});
  return created.status();
}

}  // namespace gitsync::controller
