#!/usr/bin/env python3
"""Generate the synthetic kustomize tree used to benchmark `gitsync build`.

    bench/gen-tree.py OUTDIR [--apps 400] [--json-patches 100]

Layout written under OUTDIR (which must be empty or absent):

    base/kustomization.yaml            resources: apps/app-000 ... app-399
    base/apps/app-NNN/kustomization.yaml
                     deployment.yaml  Deployment app-NNN
                     service.yaml     Service app-NNN
                     app.properties   file for the configMapGenerator
    overlay/kustomization.yaml         namespace, namePrefix, labels
                                       (includeSelectors), commonAnnotations,
                                       images, 1 strategic-merge patch on every
                                       Deployment, N inline JSON 6902 patches
    overlay/patches/all-deployments.yaml

Each app renders to 3 documents (ConfigMap from configMapGenerator with
literals and a file, Service, Deployment): 400 apps -> 1,200 documents.
The output is a pure function of the arguments (no randomness, no clock),
so two runs produce byte-identical trees. The overlay path is printed.
"""

import argparse
import os
import sys

IMAGES = [
    # (image as written in the base, tag)
    ("nginx", "1.25.4"),
    ("ghcr.io/stefanprodan/podinfo", "6.7.0"),
    ("registry.example.com/shop/api", "2.14.1"),
    ("redis", "7.2-alpine"),
    ("quay.io/prometheus/node-exporter", "v1.8.1"),
]

TIERS = ["frontend", "backend", "worker", "batch"]


def app_name(i):
    return "app-%03d" % i


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def gen_app(base, i, n_apps):
    name = app_name(i)
    image, tag = IMAGES[i % len(IMAGES)]
    tier = TIERS[i % len(TIERS)]
    port = 8080 + (i % 7)
    replicas = 1 + (i % 3)
    d = os.path.join(base, "apps", name)

    write(os.path.join(d, "kustomization.yaml"), f"""\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
  - service.yaml
configMapGenerator:
  - name: {name}-config
    files:
      - app.properties
    literals:
      - LOG_LEVEL={"debug" if i % 5 == 0 else "info"}
      - HTTP_PORT="{port}"
      - UPSTREAM=http://{app_name((i + 1) % n_apps)}:80
      - FEATURE_FLAGS=search,{"checkout" if i % 2 else "cart"},tier-{tier}
""")

    write(os.path.join(d, "app.properties"), f"""\
# {name} runtime settings
app.name={name}
app.tier={tier}
pool.size={4 + i % 13}
cache.ttl.seconds={60 * (1 + i % 10)}
retry.backoff=100ms,200ms,400ms
""")

    write(os.path.join(d, "deployment.yaml"), f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
    tier: {tier}
  annotations:
    app.example.com/owner: team-{i % 12:02d}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
        tier: {tier}
    spec:
      containers:
        - name: app
          image: {image}:{tag}
          ports:
            - name: http
              containerPort: {port}
          env:
            - name: APP_NAME
              value: {name}
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
          envFrom:
            - configMapRef:
                name: {name}-config
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
          resources:
            requests:
              cpu: {10 * (1 + i % 5)}m
              memory: {32 * (1 + i % 4)}Mi
            limits:
              memory: {64 * (1 + i % 4)}Mi
          volumeMounts:
            - name: config
              mountPath: /etc/{name}
              readOnly: true
      volumes:
        - name: config
          configMap:
            name: {name}-config
""")

    write(os.path.join(d, "service.yaml"), f"""\
apiVersion: v1
kind: Service
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  selector:
    app: {name}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
""")


def json_patch(k, n_apps, n_patches):
    """The k-th inline JSON 6902 patch (target + op list)."""
    # spread the targets evenly over the apps
    i = (k * n_apps) // n_patches
    name = app_name(i)
    kind = k % 5
    if kind == 4:
        # a Service patch
        return f"""\
  - target:
      version: v1
      kind: Service
      name: {name}
    patch: |-
      - op: add
        path: /metadata/annotations
        value:
          service.example.com/scrape: "true"
      - op: add
        path: /spec/ports/-
        value:
          name: metrics
          port: 9090
          targetPort: 9090
          protocol: TCP
"""
    ops = []
    if kind in (0, 3):
        ops.append(f"""\
      - op: replace
        path: /spec/replicas
        value: {2 + k % 4}""")
    if kind in (1, 3):
        ops.append(f"""\
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value:
          name: PATCHED_BY
          value: json6902-{k:03d}""")
    if kind in (2, 3):
        ops.append(f"""\
      - op: add
        path: /metadata/annotations/bench.example.com~1patch
        value: "{k}\"""")
    if kind == 3:
        ops.append("""\
      - op: test
        path: /spec/template/spec/containers/0/name
        value: app""")
    group = "      group: apps\n      version: v1\n" if k % 2 else ""
    return f"""\
  - target:
{group}      kind: Deployment
      name: {name}
    patch: |-
{chr(10).join(ops)}
"""


def gen_overlay(out, n_apps, n_patches):
    d = os.path.join(out, "overlay")
    write(os.path.join(d, "patches", "all-deployments.yaml"), """\
# strategic merge patch applied to every Deployment through its target
apiVersion: apps/v1
kind: Deployment
metadata:
  name: all-deployments
spec:
  revisionHistoryLimit: 3
  template:
    spec:
      terminationGracePeriodSeconds: 20
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          env:
            - name: ENVIRONMENT
              value: production
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
""")
    patches = "".join(json_patch(k, n_apps, n_patches) for k in range(n_patches))
    write(os.path.join(d, "kustomization.yaml"), f"""\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop-production
namePrefix: prod-
resources:
  - ../base
labels:
  - pairs:
      environment: production
      app.kubernetes.io/part-of: shop
    includeSelectors: true
  - pairs:
      cost-center: cc-4711
commonAnnotations:
  owner.example.com/team: platform
  owner.example.com/slack: "#shop-oncall"
images:
  - name: nginx
    newTag: 1.27.0
  - name: ghcr.io/stefanprodan/podinfo
    newTag: 6.7.1
  - name: registry.example.com/shop/api
    newName: registry.example.com/shop/api-server
    newTag: 2.15.0
  - name: redis
    digest: sha256:6c42cce2871e8dc5fb7e843ed5c4e7439d5e8f2b5e4e53ebbcc8e4e4e3b6f1a2
patches:
  - path: patches/all-deployments.yaml
    target:
      kind: Deployment
{patches}""")
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--apps", type=int, default=400)
    ap.add_argument("--json-patches", type=int, default=100)
    a = ap.parse_args()
    if a.apps < 1 or a.json_patches < 0 or a.json_patches > a.apps:
        sys.exit("gen-tree.py: need 1 <= apps and 0 <= json-patches <= apps")
    if os.path.exists(a.outdir) and os.listdir(a.outdir):
        sys.exit(f"gen-tree.py: {a.outdir} is not empty")

    base = os.path.join(a.outdir, "base")
    for i in range(a.apps):
        gen_app(base, i, a.apps)
    write(os.path.join(base, "kustomization.yaml"),
          "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
          "resources:\n" + "".join(f"  - apps/{app_name(i)}\n" for i in range(a.apps)))
    print(gen_overlay(a.outdir, a.apps, a.json_patches))


if __name__ == "__main__":
    main()
