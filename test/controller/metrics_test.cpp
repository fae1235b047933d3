#include "gitsync/controller/metrics.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace gitsync::controller;

TEST_CASE("the registry writes the Prometheus text format 0.0.4") {
  Registry registry;
  auto& total = registry.counter("gitsync_reconcile_total", "Reconciles by kind and result.",
                                 {"kind", "result"});
  auto& depth = registry.gauge("gitsync_workqueue_depth", "Keys waiting.", {"kind"});
  auto& leader = registry.gauge("gitsync_leader", "1 while leading.", {});
  auto& duration = registry.histogram("gitsync_reconcile_duration_seconds",
                                      "Reconcile duration.", {"kind"}, {0.1, 1, 2.5});
  total.inc({"Kustomization", "success"});
  total.inc({"Kustomization", "success"});
  total.inc({"GitRepository", "error"});
  depth.set({"Kustomization"}, 3);
  leader.set({}, 1);
  duration.observe({"Kustomization"}, 0.05);
  duration.observe({"Kustomization"}, 0.1);  // upper bounds are inclusive
  duration.observe({"Kustomization"}, 2);
  duration.observe({"Kustomization"}, 30);
  int collected = 0;
  registry.addCollector([&] { depth.set({"GitRepository"}, ++collected); });

  CHECK(registry.expose() ==
        "# HELP gitsync_reconcile_total Reconciles by kind and result.\n"
        "# TYPE gitsync_reconcile_total counter\n"
        "gitsync_reconcile_total{kind=\"GitRepository\",result=\"error\"} 1\n"
        "gitsync_reconcile_total{kind=\"Kustomization\",result=\"success\"} 2\n"
        "# HELP gitsync_workqueue_depth Keys waiting.\n"
        "# TYPE gitsync_workqueue_depth gauge\n"
        "gitsync_workqueue_depth{kind=\"GitRepository\"} 1\n"
        "gitsync_workqueue_depth{kind=\"Kustomization\"} 3\n"
        "# HELP gitsync_leader 1 while leading.\n"
        "# TYPE gitsync_leader gauge\n"
        "gitsync_leader 1\n"
        "# HELP gitsync_reconcile_duration_seconds Reconcile duration.\n"
        "# TYPE gitsync_reconcile_duration_seconds histogram\n"
        "gitsync_reconcile_duration_seconds_bucket{kind=\"Kustomization\",le=\"0.1\"} 2\n"
        "gitsync_reconcile_duration_seconds_bucket{kind=\"Kustomization\",le=\"1\"} 2\n"
        "gitsync_reconcile_duration_seconds_bucket{kind=\"Kustomization\",le=\"2.5\"} 3\n"
        "gitsync_reconcile_duration_seconds_bucket{kind=\"Kustomization\",le=\"+Inf\"} 4\n"
        "gitsync_reconcile_duration_seconds_sum{kind=\"Kustomization\"} 32.15\n"
        "gitsync_reconcile_duration_seconds_count{kind=\"Kustomization\"} 4\n");
  CHECK(collected == 1);
  CHECK(total.value({"Kustomization", "success"}) == 2);
  CHECK(duration.count({"Kustomization"}) == 4);
}

TEST_CASE("label values and help texts are escaped") {
  Registry registry;
  auto& c = registry.counter("c", "a \\ back\nslash", {"v"});
  c.inc({"q\"uote\\ and\nnewline"}, 2.5);
  CHECK(registry.expose() ==
        "# HELP c a \\\\ back\\nslash\n"
        "# TYPE c counter\n"
        "c{v=\"q\\\"uote\\\\ and\\nnewline\"} 2.5\n");
}

TEST_CASE("numbers use Prometheus' syntax") {
  CHECK(formatMetricValue(0) == "0");
  CHECK(formatMetricValue(42) == "42");
  CHECK(formatMetricValue(0.005) == "0.005");
  CHECK(formatMetricValue(1e-7) == "1e-07");
  CHECK(formatMetricValue(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(formatMetricValue(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(formatMetricValue(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}
