#pragma once
// Counters, gauges and histograms with labels, written in the Prometheus text exposition
// format 0.0.4 (what /metrics serves). Thread-safe. A family is registered once with its label
// names; each call names the label values in the same order.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gitsync::controller {

using LabelValues = std::vector<std::string>;

class Registry;

class Counter {
 public:
  void inc(const LabelValues& labels, double by = 1);
  // For counters mirrored from another source at scrape time (never lower than before).
  void set(const LabelValues& labels, double value);
  double value(const LabelValues& labels) const;

 private:
  friend class Registry;
  explicit Counter(std::mutex& mutex) : mutex_(mutex) {}
  std::mutex& mutex_;
  std::map<LabelValues, double> values_;
};

class Gauge {
 public:
  void set(const LabelValues& labels, double value);
  void add(const LabelValues& labels, double by);
  double value(const LabelValues& labels) const;

 private:
  friend class Registry;
  explicit Gauge(std::mutex& mutex) : mutex_(mutex) {}
  std::mutex& mutex_;
  std::map<LabelValues, double> values_;
};

class Histogram {
 public:
  void observe(const LabelValues& labels, double value);
  uint64_t count(const LabelValues& labels) const;

 private:
  friend class Registry;
  struct Series {
    std::vector<uint64_t> buckets;  // per upper bound, not cumulative
    double sum = 0;
    uint64_t count = 0;
  };
  Histogram(std::mutex& mutex, std::vector<double> bounds) : mutex_(mutex), bounds_(bounds) {}
  std::mutex& mutex_;
  std::vector<double> bounds_;  // ascending, without +Inf
  std::map<LabelValues, Series> series_;
};

// Prometheus' default buckets (seconds): .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
std::vector<double> defaultBuckets();

class Registry {
 public:
  // The returned references live as long as the registry. Families are written in the order
  // they were registered, series in the order of their label values.
  Counter& counter(const std::string& name, const std::string& help,
                   std::vector<std::string> labelNames);
  Gauge& gauge(const std::string& name, const std::string& help,
               std::vector<std::string> labelNames);
  Histogram& histogram(const std::string& name, const std::string& help,
                       std::vector<std::string> labelNames,
                       std::vector<double> buckets = defaultBuckets());

  // Runs before every expose(), outside the registry's lock (to copy values kept elsewhere,
  // such as a queue's depth, into gauges).
  void addCollector(std::function<void()> collect);

  // The text exposition format 0.0.4 of every family.
  std::string expose();

 private:
  struct Family {
    std::string name;
    std::string help;
    std::string type;  // counter, gauge, histogram
    std::vector<std::string> labelNames;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  std::mutex mutex_;  // guards every family's values too
  std::vector<std::unique_ptr<Family>> families_;
  std::vector<std::function<void()>> collectors_;
};

// Prometheus' number syntax: shortest round-trip decimal, +Inf, -Inf, NaN.
std::string formatMetricValue(double value);

}  // namespace gitsync::controller
