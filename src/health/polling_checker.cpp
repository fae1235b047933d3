// The polling HealthChecker: read every object, compute its status, sleep, repeat.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "gitsync/health/health.h"

namespace gitsync::health {
namespace {

// Transient read failures leave the object Unknown for this round; other codes end the wait.
bool isTransient(Code code) {
  return code == Code::Unavailable || code == Code::DeadlineExceeded || code == Code::Aborted;
}

std::string formatDuration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

std::string countObjects(size_t n) {
  return std::to_string(n) + (n == 1 ? " object" : " objects");
}

// "Deployment/prod/web: InProgress: Ready: 1/2; Job/prod/migrate: Failed: ..." for the objects
// whose status `select` accepts.
template <typename Select>
std::pair<size_t, std::string> describe(const HealthReport& report, Select select) {
  size_t count = 0;
  std::string text;
  for (const ObjectHealth& object : report.objects) {
    if (!select(object.status)) continue;
    if (count++ > 0) text += "; ";
    text += object.ref.subject() + ": " + statusName(object.status) + ": " + object.message;
  }
  return {count, text};
}

class PollingHealthChecker final : public HealthChecker {
 public:
  PollingHealthChecker(kube::KubeClient& client, kube::Clock& clock)
      : client_(client), clock_(clock) {}

  WaitResult wait(const std::vector<kube::ObjectRef>& objects,
                  const WaitOptions& options) override {
    WaitResult result;
    result.report.objects.resize(objects.size());
    for (size_t i = 0; i < objects.size(); ++i) result.report.objects[i].ref = objects[i];
    if (options.pollInterval <= std::chrono::milliseconds::zero()) {
      result.status = invalidArgument("health: pollInterval must be positive, got " +
                                      formatDuration(options.pollInterval));
      return result;
    }
    const auto deadline = clock_.now() + options.timeout;
    for (;;) {
      if (isCanceled(options)) return canceled(std::move(result));
      Status readError = poll(objects, options, result.report);
      if (!readError.ok()) {
        result.status = readError.withPrefix("health");
        return result;
      }
      if (result.report.allCurrent()) return result;
      auto [failed, failedText] =
          describe(result.report, [](HealthStatus s) { return s == HealthStatus::Failed; });
      if (options.failFast && failed > 0) {
        result.status = failedPrecondition("health: " + countObjects(failed) + " failed: " +
                                           failedText);
        return result;
      }
      const auto now = clock_.now();
      if (now >= deadline) {
        auto [notReady, text] =
            describe(result.report, [](HealthStatus s) { return s != HealthStatus::Current; });
        std::string message = "health: timed out after " + formatDuration(options.timeout) +
                              " with " + countObjects(notReady) + " not ready: " + text;
        result.status = failed > 0 ? failedPrecondition(message)
                                   : Status(Code::DeadlineExceeded, message);
        return result;
      }
      pause(std::min<kube::Clock::Duration>(options.pollInterval, deadline - now), options);
    }
  }

 private:
  // One round of reads into report.objects[i] for objects[i]. Returns a non-transient read
  // error, which ends the wait.
  Status poll(const std::vector<kube::ObjectRef>& objects, const WaitOptions& options,
              HealthReport& report) {
    // Objects of one kind in one namespace; an empty namespace may mean the client's
    // default or a cluster-scoped kind, so those are always read one by one.
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::vector<size_t>>
        groups;
    for (size_t i = 0; i < objects.size(); ++i) {
      const kube::ObjectRef& ref = objects[i];
      groups[{ref.gvk.group, ref.gvk.version, ref.gvk.kind, ref.ns}].push_back(i);
    }
    for (const auto& [key, indices] : groups) {
      const kube::ObjectRef& first = objects[indices.front()];
      if (!first.ns.empty() && indices.size() > options.listThreshold) {
        GITSYNC_RETURN_IF_ERROR(pollByList(objects, indices, report));
      } else {
        for (size_t i : indices) GITSYNC_RETURN_IF_ERROR(pollByGet(objects[i], report.objects[i]));
      }
    }
    return okStatus();
  }

  Status pollByGet(const kube::ObjectRef& ref, ObjectHealth& out) {
    Result<kube::Json> live = client_.get(ref);
    if (live.ok()) {
      out = computeStatus(*live);
      out.ref = ref;
      return okStatus();
    }
    return readFailed(ref, live.status(), out);
  }

  Status pollByList(const std::vector<kube::ObjectRef>& objects, const std::vector<size_t>& indices,
                    HealthReport& report) {
    const kube::ObjectRef& first = objects[indices.front()];
    kube::ListOptions listOptions;
    listOptions.ns = first.ns;
    Result<kube::ObjectList> list = client_.list(first.gvk, listOptions);
    if (!list.ok()) {
      for (size_t i : indices) {
        GITSYNC_RETURN_IF_ERROR(readFailed(objects[i], list.status(), report.objects[i]));
      }
      return okStatus();
    }
    std::unordered_map<std::string, const kube::Json*> byName;
    for (const kube::Json& item : list->items) {
      auto name = item.find("metadata");
      if (name == item.end() || !name->is_object()) continue;
      auto it = name->find("name");
      if (it != name->end() && it->is_string()) byName[it->get<std::string>()] = &item;
    }
    for (size_t i : indices) {
      auto found = byName.find(objects[i].name);
      if (found == byName.end()) {
        report.objects[i] = {objects[i], HealthStatus::NotFound, "Resource not found"};
      } else {
        report.objects[i] = computeStatus(*found->second);
        report.objects[i].ref = objects[i];
      }
    }
    return okStatus();
  }

  static Status readFailed(const kube::ObjectRef& ref, const Status& error, ObjectHealth& out) {
    out.ref = ref;
    out.message = error.message();
    if (error.code() == Code::NotFound) {
      out.status = HealthStatus::NotFound;
      return okStatus();
    }
    out.status = HealthStatus::Unknown;
    return isTransient(error.code()) ? okStatus() : error;
  }

  static bool isCanceled(const WaitOptions& options) {
    return options.canceled && options.canceled();
  }

  static WaitResult canceled(WaitResult result) {
    auto [notReady, text] =
        describe(result.report, [](HealthStatus s) { return s != HealthStatus::Current; });
    result.canceled = true;
    result.status = Status(Code::Aborted, "health: canceled with " + countObjects(notReady) +
                                              " not ready" + (text.empty() ? "" : ": " + text));
    return result;
  }

  // Sleeps `d`, in slices of at most 100 ms when the wait can be canceled, so that a cancel
  // ends it promptly; returns early once canceled.
  void pause(kube::Clock::Duration d, const WaitOptions& options) {
    if (!options.canceled) {
      clock_.sleepFor(d);
      return;
    }
    constexpr kube::Clock::Duration kSlice = std::chrono::milliseconds(100);
    while (d > kube::Clock::Duration::zero() && !options.canceled()) {
      auto slice = std::min(d, kSlice);
      clock_.sleepFor(slice);
      d -= slice;
    }
  }

  kube::KubeClient& client_;
  kube::Clock& clock_;
};

}  // namespace

std::unique_ptr<HealthChecker> makePollingHealthChecker(kube::KubeClient& client,
                                                        kube::Clock& clock) {
  return std::make_unique<PollingHealthChecker>(client, clock);
}

}  // namespace gitsync::health
