// Change detection: a sync of what the cluster already has writes nothing.
#include "fixture.h"

using namespace gitsync;
using namespace gitsync::apply;
using namespace gitsync::apply::testing;

namespace {

// Objects the server defaults heavily (Deployment pod template, Service ports and clusterIP),
// int/string and quantity forms, a Secret with data, and a cluster-scoped ClusterRole.
const char* kApp = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
  port: "8080"
---
apiVersion: v1
kind: Secret
metadata:
  name: token
type: Opaque
data:
  token: c2VjcmV0
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    team: blue
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
        resources:
          requests:
            cpu: 0.5
            memory: 64Mi
          limits:
            cpu: 1000m
        env:
        - name: MODE
          value: "production"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: NS-reader
  namespace: dropped-for-cluster-scoped-kinds
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
)";

}  // namespace

TEST_CASE("a second identical sync sends no write and keeps every resourceVersion",
          "[nochange]") {
  ApplyFixture f("apply-it-nochange");
  const std::string ns = f.name();
  auto first = f.sync(kApp);
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(ApplyFixture::lines(first.changes) ==
        std::vector<std::string>{
            "ClusterRole/" + ns + "-reader created", "ServiceAccount/" + ns + "/web created",
            "Secret/" + ns + "/token created", "ConfigMap/" + ns + "/settings created",
            "Service/" + ns + "/web created", "Deployment/" + ns + "/web created"});
  CHECK(first.inventory.entries.size() == 6);

  auto again = f.sync(kApp);
  REQUIRE(again.status.ok());
  CHECK(again.changes.summary() == "6 unchanged");

  // The Deployment's status settles (kwok's pods become Ready), then nothing may change.
  REQUIRE(eventually([&] {
    Json d = f.get("apps/v1", "Deployment", "web", ns);
    return d["status"].value("availableReplicas", 0) == 2 &&
           d["status"].value("observedGeneration", 0) == d["metadata"].value("generation", -1);
  }));
  std::map<std::string, std::string> before;
  for (const auto& e : first.changes.entries) {
    auto got = f.client().get(e.ref);
    REQUIRE(got.ok());
    before[e.ref.subject()] = rvOf(*got);
  }
  f.client().resetMetrics();
  auto third = f.sync(kApp);
  INFO(third.status.message());
  REQUIRE(third.status.ok());
  CHECK(third.changes.summary() == "6 unchanged");
  kube::RequestMetrics m = f.client().metrics();
  CHECK(m.count("APPLY") == 0);
  CHECK(m.count("PATCH") == 0);
  CHECK(m.count("CREATE") == 0);
  CHECK(m.count("UPDATE") == 0);
  CHECK(m.count("DELETE") == 0);
  // One LIST per kind (6 kinds) and one GET of the inventory: not one request per object.
  CHECK(m.count("LIST") == 6);
  CHECK(m.count("GET") == 1);
  CHECK(m.total() == 7);
  for (const auto& e : third.changes.entries) {
    auto got = f.client().get(e.ref);
    REQUIRE(got.ok());
    CHECK(rvOf(*got) == before[e.ref.subject()]);
  }
  (void)f.client().del({{"rbac.authorization.k8s.io", "v1", "ClusterRole"}, "", ns + "-reader"},
                       {});
}

TEST_CASE("common kinds, a Secret's stringData and LimitRange quantities need no write either",
          "[nochange]") {
  ApplyFixture f("apply-it-kinds");
  const char* kinds = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:16
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: backup, image: busybox, args: [sh, -c, "echo hi"]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: r}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: ServiceAccount, name: default}]
---
apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {password: hunter2}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 0.5Gi}
    defaultRequest: {cpu: 0.1}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: rq}
spec:
  hard: {pods: "10", requests.cpu: "2000m"}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1024Mi}}
)";
  auto first = f.sync(kinds);
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(first.changes.summary() == "12 created");
  f.client().resetMetrics();
  auto again = f.sync(kinds);
  INFO(again.status.message());
  REQUIRE(again.status.ok());
  CHECK(again.changes.summary() == "12 unchanged");
  kube::RequestMetrics m = f.client().metrics();
  CHECK(m.count("APPLY") == 0);  // not even a dry run
  CHECK(m.count("LIST") == 12);
  CHECK(m.total() == 13);
}
