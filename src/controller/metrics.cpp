#include "gitsync/controller/metrics.h"

#include <charconv>
#include <cmath>

namespace gitsync::controller {
namespace {

std::string escape(const std::string& text, bool quotes) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// {a="x",b="y"} with an optional extra label (le); empty when there are no labels.
std::string labelText(const std::vector<std::string>& names, const LabelValues& values,
                      const std::string& extraName = {}, const std::string& extraValue = {}) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"" + escape(values[i], true) + "\"";
  }
  if (!extraName.empty()) {
    out += out.empty() ? "{" : ",";
    out += extraName + "=\"" + extraValue + "\"";
  }
  if (!out.empty()) out += "}";
  return out;
}

}  // namespace

std::string formatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::vector<double> defaultBuckets() {
  return {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
}

void Counter::inc(const LabelValues& labels, double by) {
  std::lock_guard lock(mutex_);
  values_[labels] += by;
}
void Counter::set(const LabelValues& labels, double value) {
  std::lock_guard lock(mutex_);
  values_[labels] = value;
}
double Counter::value(const LabelValues& labels) const {
  std::lock_guard lock(mutex_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void Gauge::set(const LabelValues& labels, double value) {
  std::lock_guard lock(mutex_);
  values_[labels] = value;
}
void Gauge::add(const LabelValues& labels, double by) {
  std::lock_guard lock(mutex_);
  values_[labels] += by;
}
double Gauge::value(const LabelValues& labels) const {
  std::lock_guard lock(mutex_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void Histogram::observe(const LabelValues& labels, double value) {
  std::lock_guard lock(mutex_);
  Series& s = series_[labels];
  s.buckets.resize(bounds_.size());
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (value <= bounds_[i]) {
      ++s.buckets[i];
      break;
    }
  }
  s.sum += value;
  ++s.count;
}
uint64_t Histogram::count(const LabelValues& labels) const {
  std::lock_guard lock(mutex_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

Counter& Registry::counter(const std::string& name, const std::string& help,
                           std::vector<std::string> labelNames) {
  std::lock_guard lock(mutex_);
  auto family = std::make_unique<Family>(Family{name, help, "counter", std::move(labelNames)});
  family->counter.reset(new Counter(mutex_));
  families_.push_back(std::move(family));
  return *families_.back()->counter;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help,
                       std::vector<std::string> labelNames) {
  std::lock_guard lock(mutex_);
  auto family = std::make_unique<Family>(Family{name, help, "gauge", std::move(labelNames)});
  family->gauge.reset(new Gauge(mutex_));
  families_.push_back(std::move(family));
  return *families_.back()->gauge;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               std::vector<std::string> labelNames, std::vector<double> buckets) {
  std::lock_guard lock(mutex_);
  auto family =
      std::make_unique<Family>(Family{name, help, "histogram", std::move(labelNames)});
  family->histogram.reset(new Histogram(mutex_, std::move(buckets)));
  families_.push_back(std::move(family));
  return *families_.back()->histogram;
}

void Registry::addCollector(std::function<void()> collect) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::expose() {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard lock(mutex_);
    collectors = collectors_;
  }
  for (auto& collect : collectors) collect();

  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& f : families_) {
    out += "# HELP " + f->name + " " + escape(f->help, false) + "\n";
    out += "# TYPE " + f->name + " " + f->type + "\n";
    const std::map<LabelValues, double>* values =
        f->counter ? &f->counter->values_ : f->gauge ? &f->gauge->values_ : nullptr;
    if (values) {
      for (const auto& [labels, value] : *values) {
        out += f->name + labelText(f->labelNames, labels) + " " + formatMetricValue(value) + "\n";
      }
      continue;
    }
    const Histogram& h = *f->histogram;
    for (const auto& [labels, s] : h.series_) {
      uint64_t cumulative = 0;
      for (std::size_t i = 0; i < h.bounds_.size(); ++i) {
        cumulative += s.buckets[i];
        out += f->name + "_bucket" +
               labelText(f->labelNames, labels, "le", formatMetricValue(h.bounds_[i])) + " " +
               std::to_string(cumulative) + "\n";
      }
      out += f->name + "_bucket" + labelText(f->labelNames, labels, "le", "+Inf") + " " +
             std::to_string(s.count) + "\n";
      out += f->name + "_sum" + labelText(f->labelNames, labels) + " " +
             formatMetricValue(s.sum) + "\n";
      out += f->name + "_count" + labelText(f->labelNames, labels) + " " +
             std::to_string(s.count) + "\n";
    }
  }
  return out;
}

}  // namespace gitsync::controller
