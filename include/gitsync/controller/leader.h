#pragma once
// Leader election on a coordination.k8s.io/v1 Lease (client-go's leaderelection, small):
// the holder renews spec.renewTime every retryPeriod; others take the Lease over once they
// have seen the same record unchanged for leaseDuration (measured on their own clock, never
// by comparing the timestamps of another host). Writes use the Lease's resourceVersion, so
// two candidates never both win. On stop the leader clears spec.holderIdentity, so a
// successor takes over at its next retry instead of after leaseDuration.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "gitsync/kube/clock.h"
#include "gitsync/kube/http_client.h"

namespace gitsync::controller {

struct LeaderElectionOptions {
  std::string ns = "gitsync-system";
  std::string name = "gitsync-controller";
  std::string identity;  // empty: defaultLeaderIdentity()
  std::chrono::milliseconds leaseDuration{std::chrono::seconds(15)};
  // A leader that could not renew for this long gives up (before others may take over).
  std::chrono::milliseconds renewDeadline{std::chrono::seconds(10)};
  std::chrono::milliseconds retryPeriod{std::chrono::seconds(2)};
  // Called on the elector's thread; onStoppedLeading also when leadership was lost.
  std::function<void()> onStartedLeading;
  std::function<void()> onStoppedLeading;
};

// "<hostname>_<8 random hex digits>".
std::string defaultLeaderIdentity();

class LeaderElector {
 public:
  // `client` and `clock` must outlive the elector.
  LeaderElector(kube::HttpKubeClient& client, kube::Clock& clock, LeaderElectionOptions options);
  ~LeaderElector();  // stops

  // Tries to acquire until it leads, then renews until `stop` is requested (it then releases
  // the Lease) or a renewal failed for renewDeadline (leadership lost: it returns without
  // trying again; the process should exit and start over, as client-go's users do).
  void run(std::stop_token stop);
  // run() on a background thread; stop() requests the end and joins.
  void start();
  void stop();

  bool isLeader() const { return leading_.load(); }
  // True after run() returned because leadership was lost (not because of stop).
  bool lost() const { return lost_.load(); }
  const std::string& identity() const { return options_.identity; }
  // The holder last seen in the Lease (empty when nobody holds it).
  std::string observedLeader() const;

 private:
  // One attempt to create, take over or renew the Lease; true when we hold it afterwards.
  bool tryAcquireOrRenew();
  // Clears holderIdentity when we hold the Lease.
  void release();

  kube::HttpKubeClient& client_;
  kube::Clock& clock_;
  LeaderElectionOptions options_;
  std::atomic<bool> leading_{false};
  std::atomic<bool> lost_{false};
  mutable std::mutex mutex_;
  kube::Json observed_;  // the Lease's spec as last read
  kube::Clock::TimePoint observedAt_{};
  std::string observedVersion_;
  std::jthread thread_;
};

}  // namespace gitsync::controller
