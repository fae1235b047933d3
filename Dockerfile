# gitsync's container image: the `gitsync` binary on Debian bookworm, run as 65532:65532.
#   docker build -t ghcr.io/gitsync/gitsync:v0.1.0 .
# The build stage installs what scripts/install-deps.sh lists and builds only the gitsync
# target; the final stage holds the binary and the shared libraries it links.

FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN bash scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
 && ninja -C /build gitsync \
 && strip /build/gitsync

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libcpp-httplib0.11 libcurl4 libfmt9 libgit2-1.5 libspdlog1.10 libssl3 \
      libyaml-0-2 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 gitsync \
 && useradd --uid 65532 --gid 65532 --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin gitsync
COPY --from=build /build/gitsync /usr/local/bin/gitsync
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/gitsync"]
