# The otelcol-visionone image: `make image` (IMAGE=<registry>/otelcol-visionone:<tag>
# to name it for your registry). The collector is ocb's build of
# builder-config.yaml with the ocb version `make collector` runs, static
# (CGO_ENABLED=0), on a distroless base (CA certificates, no shell) as the
# non-root user 65532. Checkpoints and the exporter's queue go to the volume
# /var/lib/otelcol/file_storage: OTELCOL_STORAGE_DIR, which the examples'
# file_storage reads. The default configuration is examples/tenant.yaml;
# mount your own over /etc/otelcol-visionone/ (as the Kubernetes example
# does) or pass --config. image_test.go checks this file against the
# Makefile, go.mod and the Kubernetes examples.
#
# Needs BuildKit (Docker's default builder) for the cache mounts.

FROM golang:1.26 AS build
# The module mirror; a --build-arg sets another (e.g. a company proxy).
ARG GOPROXY=https://proxy.golang.org
ENV GOPROXY=${GOPROXY} CGO_ENABLED=0
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go run go.opentelemetry.io/collector/cmd/builder@v0.164.0 --config builder-config.yaml \
 && mkdir -p /out/otelcol/file_storage \
 && cp _build/otelcol-visionone/otelcol-visionone /out/otelcol-visionone

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/otelcol-visionone /otelcol-visionone
# The volume's directory, owned by the collector's user: a new volume
# (docker volume, or a Kubernetes one with fsGroup) starts out writable.
COPY --from=build --chown=65532:65532 /out/otelcol /var/lib/otelcol
COPY examples/tenant.yaml /etc/otelcol-visionone/config.yaml
ENV OTELCOL_STORAGE_DIR=/var/lib/otelcol/file_storage
USER 65532:65532
VOLUME /var/lib/otelcol/file_storage
# health_check (examples/tenant.yaml binds it to 127.0.0.1; the Kubernetes
# examples to the pod's address) and the collector's own metrics.
EXPOSE 13133 8888
ENTRYPOINT ["/otelcol-visionone"]
CMD ["--config=/etc/otelcol-visionone/config.yaml"]
