#include "gitsync/controller/leader.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <climits>
#include <random>

#include "manager_wait.h"

namespace gitsync::controller {
namespace {

const kube::GroupVersionKind kLease{"coordination.k8s.io", "v1", "Lease"};

// A MicroTime: "2026-11-22T02:16:10.123456Z".
std::string microTimeNow() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buffer + n, sizeof buffer - n, ".%06lldZ",
                static_cast<long long>(micros.count() % 1'000'000));
  return buffer;
}

int64_t seconds(std::chrono::milliseconds d) {
  return std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

std::string defaultLeaderIdentity() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  std::random_device rd;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", rd());
  return std::string(host) + "_" + suffix;
}

LeaderElector::LeaderElector(kube::HttpKubeClient& client, kube::Clock& clock,
                             LeaderElectionOptions options)
    : client_(client), clock_(clock), options_(std::move(options)) {
  if (options_.identity.empty()) options_.identity = defaultLeaderIdentity();
}

LeaderElector::~LeaderElector() { stop(); }

void LeaderElector::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void LeaderElector::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

std::string LeaderElector::observedLeader() const {
  std::lock_guard lock(mutex_);
  if (!observed_.is_object()) return {};
  return observed_.value("holderIdentity", "");
}

bool LeaderElector::tryAcquireOrRenew() {
  const std::string subject = "Lease/" + options_.ns + "/" + options_.name;
  std::string now = microTimeNow();
  kube::Json spec = {{"holderIdentity", options_.identity},
                     {"leaseDurationSeconds", seconds(options_.leaseDuration)},
                     {"acquireTime", now},
                     {"renewTime", now},
                     {"leaseTransitions", 0}};
  auto current = client_.get({kLease, options_.ns, options_.name});
  if (!current.ok() && current.status().code() == Code::NotFound) {
    kube::Json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                        {"kind", "Lease"},
                        {"metadata", {{"name", options_.name}, {"namespace", options_.ns}}},
                        {"spec", spec}};
    auto created = client_.create(lease, {});
    if (!created.ok()) {
      spdlog::debug("leader election: {}", created.status().message());
      return false;
    }
    std::lock_guard lock(mutex_);
    observed_ = (*created)["spec"];
    observedAt_ = clock_.now();
    observedVersion_ = (*created)["metadata"].value("resourceVersion", "");
    return true;
  }
  if (!current.ok()) {
    spdlog::warn("leader election: {}", current.status().message());
    return false;
  }
  kube::Json lease = std::move(current).value();
  kube::Json old = lease.value("spec", kube::Json::object());
  std::string version = lease["metadata"].value("resourceVersion", "");
  std::string holder = old.value("holderIdentity", "");
  {
    std::lock_guard lock(mutex_);
    if (version != observedVersion_) {  // the record changed: its lease starts now for us
      observed_ = old;
      observedVersion_ = version;
      observedAt_ = clock_.now();
    }
    bool expired = clock_.now() >= observedAt_ + options_.leaseDuration;
    if (!holder.empty() && holder != options_.identity && !expired) return false;
  }
  if (holder == options_.identity) {
    spec["acquireTime"] = old.value("acquireTime", now);
    spec["leaseTransitions"] = old.value("leaseTransitions", 0);
  } else {
    spec["leaseTransitions"] = old.value("leaseTransitions", 0) + 1;
  }
  lease["spec"] = spec;
  auto updated = client_.update(lease, {});
  if (!updated.ok()) {
    spdlog::debug("leader election: {}: {}", subject, updated.status().message());
    return false;
  }
  std::lock_guard lock(mutex_);
  observed_ = (*updated)["spec"];
  observedVersion_ = (*updated)["metadata"].value("resourceVersion", "");
  observedAt_ = clock_.now();
  return true;
}

void LeaderElector::release() {
  auto current = client_.get({kLease, options_.ns, options_.name});
  if (!current.ok()) return;
  kube::Json lease = std::move(current).value();
  if (lease["spec"].value("holderIdentity", "") != options_.identity) return;
  lease["spec"]["holderIdentity"] = "";
  lease["spec"]["leaseDurationSeconds"] = 1;
  lease["spec"]["renewTime"] = microTimeNow();
  auto updated = client_.update(lease, {});
  if (!updated.ok()) {
    spdlog::warn("leader election: release: {}", updated.status().message());
  }
}

void LeaderElector::run(std::stop_token stop) {
  const std::string lease = options_.ns + "/" + options_.name;
  spdlog::info("leader election: {} waits for Lease {}", options_.identity, lease);
  while (!tryAcquireOrRenew()) {
    if (!sleepUnlessStopped(clock_, stop, options_.retryPeriod)) return;
  }
  leading_ = true;
  spdlog::info("leader election: {} leads (Lease {})", options_.identity, lease);
  if (options_.onStartedLeading) options_.onStartedLeading();

  auto lastRenew = clock_.now();
  while (sleepUnlessStopped(clock_, stop, options_.retryPeriod)) {
    if (tryAcquireOrRenew()) {
      lastRenew = clock_.now();
    } else if (clock_.now() - lastRenew >= options_.renewDeadline) {
      spdlog::error("leader election: {} lost Lease {} (no renewal for {} ms)",
                    options_.identity, lease, options_.renewDeadline.count());
      lost_ = true;
      break;
    }
  }
  leading_ = false;
  // The callback first: the manager's workers end before a successor may start its own.
  if (options_.onStoppedLeading) options_.onStoppedLeading();
  if (!lost_) release();
}

}  // namespace gitsync::controller
