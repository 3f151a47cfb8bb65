# Build, run and test the Trend Vision One receiver and its collector,
# otelcol-visionone. Everything comes from the Go module mirror through
# `go build` / `go run`: nothing is installed by hand. `make help` lists the
# targets; each is documented by the `## name: text` line above it.

# The mirror serves only some versions; without a `direct` fallback a
# missing one fails fast and clearly.
export GOPROXY := https://proxy.golang.org

GO        ?= go
BUILD_DIR := _build
OCB       := $(GO) run go.opentelemetry.io/collector/cmd/builder@v0.164.0

COLLECTOR := $(BUILD_DIR)/otelcol-visionone/otelcol-visionone
SIMULATOR := $(BUILD_DIR)/visionone-sim
RUNNER    := $(BUILD_DIR)/visionone-run

# make run's simulator: 3h of history and live arrivals fast enough to move
# every stream, ingestion delays of 2-20 s, and alerts, cases and tasks that
# change within minutes so their updates streams move too. config/run.yaml's
# ingestion_delay (30s) and initial_lookback (1h) are chosen to match.
RUN_SIM_FLAGS ?= -history 3h -ingest-delay-min 2s -ingest-delay-max 20s \
	-rates workbench/alerts=120,oat/detections=1200,audit/logs=600,search/detections=1800,search/endpointActivities=3600,search/networkActivities=2400,search/emailActivities=600,search/cloudActivities=1200,search/mobileActivities=600,search/identityActivities=900,search/containerActivities=1200,containerSecurity/kubernetesAuditEventLogs=600,containerSecurity/kubernetesSensorEventLogs=1200,containerSecurity/kubernetesEvaluationEventLogs=300,containerSecurity/amazonEcsSensorEventLogs=300,caseManagement/cases=60,response/tasks=120,securityPlaybooks/tasks=120,endpointSecurity/tasks=120,asrm/accountCompromiseIndicators=60 \
	-change-ranges workbench/alerts=2m..30m,caseManagement/cases=2m..30m,response/tasks=30s..10m,securityPlaybooks/tasks=30s..10m,endpointSecurity/tasks=30s..10m

.DEFAULT_GOAL := help

## help: list the targets
.PHONY: help
help:
	@awk '/^## / { sub(/^## /, ""); i = index($$0, ": "); \
		printf "  %-12s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' $(MAKEFILE_LIST)

## build: build the collector, the simulator and make run's launcher under _build/
.PHONY: build
build: collector simulator runner

## collector: build otelcol-visionone with ocb (builder-config.yaml)
# ocb holds back `go build`'s output until it ends (runGoCommand in
# cmd/builder/internal/builder/main.go), so the minutes a first build spends
# compiling would show nothing. ocb therefore only generates the sources and
# gets the modules first; `go build -v` then compiles them, a line every 100
# packages, with the flags of ocb's own build (its Compile: -trimpath,
# -ldflags="-s -w", CGO_ENABLED=0); ocb's build, which makes the binary, then
# finds it up to date (it would relink, no more, if the flags drifted).
# The packages `go build -v` names are counted, not shown, in a shell loop
# (mawk holds a pipe's output back until it ends).
COLLECTOR_SRC := $(BUILD_DIR)/otelcol-visionone
.PHONY: collector
collector:
	@mkdir -p $(BUILD_DIR)
	@echo 'make collector: ocb generates $(COLLECTOR_SRC), go build compiles it.'
	@echo 'make collector: a first build (empty Go caches) downloads ~280 modules and'
	@echo 'make collector: compiles ~1,000 packages: 7 CPU minutes, 9+ minutes on 2 cores;'
	@echo 'make collector: later builds take seconds.'
	$(OCB) --config builder-config.yaml --skip-compilation
	@cd $(COLLECTOR_SRC) && total=$$($(GO) list -deps . | wc -l) && t0=$$(date +%s) && \
	echo "make collector: compiling what of its $$total packages is not in the build cache yet" && \
	{ CGO_ENABLED=0 $(GO) build -v -trimpath -ldflags='-s -w' -o otelcol-visionone . 2>&1; echo "exit $$?"; } | \
	{ n=0; code=1; while IFS= read -r line; do case $$line in \
		"exit "*) code=$${line#exit } ;; \
		""|*[!A-Za-z0-9._/~+-]*) printf '%s\n' "$$line" ;; \
		*) n=$$((n + 1)); [ $$((n % 100)) -ne 0 ] || \
			echo "make collector: $$n packages compiled, $$(($$(date +%s) - t0)) s" ;; \
	esac; done; [ $$((n % 100)) -eq 0 ] || echo "make collector: $$n packages compiled, $$(($$(date +%s) - t0)) s"; \
	exit $$code; }
	$(OCB) --config builder-config.yaml --skip-generate --skip-get-modules

## image: build the container image IMAGE (default otelcol-visionone:dev) from the Dockerfile; needs Docker and its registries
IMAGE  ?= otelcol-visionone:dev
DOCKER ?= docker
.PHONY: image
image:
	$(DOCKER) build -t $(IMAGE) .

.PHONY: simulator runner
simulator:
	$(GO) build -o $(SIMULATOR) ./cmd/visionone-sim
runner:
	$(GO) build -o $(RUNNER) ./cmd/visionone-run

## run: start the simulator and the collector (config/run.yaml); per-stream table every 5 s; Ctrl-C stops both
# The collector's output goes to _build/run/collector.log; -records is the
# file exporter's path in config/run.yaml. RUN_FLAGS adds launcher flags,
# e.g. RUN_FLAGS=-samples=false (_build/visionone-run -h lists them).
RUN_FLAGS ?=
.PHONY: run
run: build
	$(RUNNER) -simulator $(SIMULATOR) -collector $(COLLECTOR) -config config/run.yaml \
		-collector-log $(BUILD_DIR)/run/collector.log -records $(BUILD_DIR)/run/logs.jsonl $(RUN_FLAGS) -- $(RUN_SIM_FLAGS)

## test: vet, unit and integration tests (race), brief fuzzing, the collector build, the end-to-end and short reliability tests
# Two lanes side by side — vet and the unit tests; the builds and the brief
# fuzzing — since the tests leave the cores idle half the time
# (--output-sync keeps each lane's output together). Then the end-to-end
# tests alone: they run processes on real time, and other work on the two
# cores would only slow them.
.PHONY: test test-lane-checks test-lane-builds
test:
	$(MAKE) --no-print-directory -j2 --output-sync=target test-lane-checks test-lane-builds
	$(E2E_TEST)
test-lane-checks:
	$(MAKE) --no-print-directory vet
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory monitoring
test-lane-builds:
	$(MAKE) --no-print-directory collector
	$(MAKE) --no-print-directory simulator
	$(MAKE) --no-print-directory fuzz-short

## vet: go vet, the end-to-end test included
.PHONY: vet
vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/

## unit: unit and integration tests with the race detector
# The stream engine's tests run a second time reading windows ahead (its
# failure table and resume checks included); the receiver's read ahead by
# default.
.PHONY: unit
unit:
	$(GO) test -race ./...
	$(GO) test -race ./internal/stream -windows-in-flight 4

## monitoring: vet and test the monitoring kit's alert rules (monitoring/, a Go module of its own)
# Prometheus's rule parser and PromQL engine evaluate the rules on the test
# series of monitoring/prometheus/alerts_test.yaml; the dashboard's and the
# rules' metric names are checked by monitoring_test.go in `make unit`.
.PHONY: monitoring
monitoring:
	$(GO) -C monitoring vet ./...
	$(GO) -C monitoring test ./...

## promtool: the same rule tests with Prometheus's promtool (not in make test: ~16 CPU minutes and 1.8 GB of modules cold)
# Keep the version at monitoring/go.mod's github.com/prometheus/prometheus.
PROMTOOL := $(GO) run github.com/prometheus/prometheus/cmd/promtool@v0.316.0
.PHONY: promtool
promtool:
	cd monitoring/prometheus && $(PROMTOOL) check rules alerts.yaml && $(PROMTOOL) test rules alerts_test.yaml

## e2e: build, then test the built collector against the simulator process
# -parallel: the tests mostly wait on processes working in real time, so
# they run all at once rather than GOMAXPROCS (2) at a time.
E2E_TEST = $(GO) test -tags e2e -race -count=1 -timeout 12m -parallel 4 ./e2e/ \
	-collector $(CURDIR)/$(COLLECTOR) -simulator $(CURDIR)/$(SIMULATOR)
.PHONY: e2e
e2e: collector simulator
	$(E2E_TEST)

# Fuzz targets as package:Target (go test -fuzz takes one target at a
# time). make test fuzzes one per kind of input for FUZZ_SHORT_TIME: page
# JSON, time parsing, filter/query syntax, stored checkpoints (their seed
# corpora already run in every go test); make fuzz fuzzes all of them for
# FUZZTIME each.
FUZZ_TARGETS := ./internal/client:FuzzDecodePage ./internal/client:FuzzNextLink \
	./internal/translate:FuzzParseTime ./internal/translate:FuzzTranslate ./internal/translate:FuzzCanonicalJSON \
	./internal/feeds:FuzzFilterSyntax ./internal/feeds:FuzzQuerySyntax ./internal/checkpoint:FuzzDecode \
	./simulator/internal/filterlang:FuzzParseFilter ./simulator/internal/filterlang:FuzzParseQuery \
	./internal/ocsf:FuzzValidate ./cmd/visionone-run:FuzzFirstRecords ./cmd/visionone-run:FuzzParseZapLine \
	./internal/translate:FuzzContentKeyLegacy ./internal/translate:FuzzJSONWriter ./internal/translate:FuzzCompactJSON
FUZZ_SHORT      := ./internal/client:FuzzDecodePage ./internal/translate:FuzzParseTime ./internal/feeds:FuzzFilterSyntax ./internal/checkpoint:FuzzDecode
FUZZ_SHORT_TIME ?= 3s
FUZZTIME        ?= 1m

# fuzz_each runs each package:Target of $(1) for $(2).
define fuzz_each
	@set -e; for t in $(1); do \
		echo "$(GO) test -run '^$$' -fuzz '^$${t##*:}$$' -fuzztime $(2) $${t%%:*}"; \
		$(GO) test -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(2) "$${t%%:*}"; \
	done
endef

## fuzz: every fuzz target for FUZZTIME each (default 1m: about 11 minutes)
.PHONY: fuzz fuzz-short
fuzz:
	$(call fuzz_each,$(FUZZ_TARGETS),$(FUZZTIME))
fuzz-short:
	$(call fuzz_each,$(FUZZ_SHORT),$(FUZZ_SHORT_TIME))

## reliability: the long reliability runs (RELIABILITY.md): 30 kill -9s, a 6-minute outage, 20 tenants for 10 minutes
.PHONY: reliability
reliability: collector simulator
	$(GO) test -tags e2e -race -count=1 -timeout 45m -parallel 4 -v -run '^(TestCrashLoop|TestDownstreamOutage|TestLoad)$$' ./e2e/ \
		-long -collector $(CURDIR)/$(COLLECTOR) -simulator $(CURDIR)/$(SIMULATOR)

# make bench: Go page benchmarks (-count BENCH_COUNT) and the end-to-end
# driver (BENCHMARKS.md). BENCH_QUICK=1 is a short run (about a minute).
ifdef BENCH_QUICK
BENCH_COUNT ?= 1
BENCH_FLAGS ?= -records 100000 -smaller 10000 -runs 1 -backfill-days 1 -pipeline-records 50000 -latency-days 1
else
BENCH_COUNT ?= 5
BENCH_FLAGS ?=
endif

## bench: page and end-to-end benchmarks, results under _build/bench/ (about 17 min; BENCH_QUICK=1: 2 min)
.PHONY: bench
bench: collector simulator
	@mkdir -p $(BUILD_DIR)/bench
	$(GO) build -o $(BUILD_DIR)/visionone-bench ./cmd/visionone-bench
	$(GO) test ./internal/client -run '^$$' -bench BenchmarkPage -count $(BENCH_COUNT) -timeout 30m > $(BUILD_DIR)/bench/page.txt
	$(BUILD_DIR)/visionone-bench -gobench $(BUILD_DIR)/bench/page.txt > $(BUILD_DIR)/bench/page.md
	@cat $(BUILD_DIR)/bench/page.md
	$(GO) test ./internal/stream -run '^$$' -bench BenchmarkPinnedWindowKeys -benchtime 5x -count $(BENCH_COUNT) | tee $(BUILD_DIR)/bench/keys.txt
	$(GO) test ./internal/stream -run '^$$' -bench BenchmarkPackage -benchtime 2x -count $(BENCH_COUNT) | tee $(BUILD_DIR)/bench/packages.txt
	$(GO) test ./internal/stream -run '^$$' -bench BenchmarkBacklogShare -benchtime 1x -count $(BENCH_COUNT) | tee $(BUILD_DIR)/bench/share.txt
	$(GO) test ./internal/feeds -run '^$$' -bench BenchmarkOCSF -benchtime 30x -count $(BENCH_COUNT) | tee $(BUILD_DIR)/bench/ocsf.txt
	$(BUILD_DIR)/visionone-bench -simulator $(SIMULATOR) -collector $(COLLECTOR) $(BENCH_FLAGS) > $(BUILD_DIR)/bench/e2e.md
	@cat $(BUILD_DIR)/bench/e2e.md

## ocsf-digest: regenerate internal/ocsf/digest.json; OCSF_SCHEMA= a checkout of github.com/ocsf/ocsf-schema at v1.8.0
# The schema is not in the repository: the committed digest is what the
# tests and the build use (internal/ocsf/README.md).
OCSF_SCHEMA ?=
.PHONY: ocsf-digest
ocsf-digest:
	@test -n "$(OCSF_SCHEMA)" || { echo 'make ocsf-digest: set OCSF_SCHEMA to a checkout of github.com/ocsf/ocsf-schema at v1.8.0' >&2; exit 2; }
	@mkdir -p $(BUILD_DIR)
	$(GO) run ./cmd/ocsf-digest -schema $(OCSF_SCHEMA) -o $(BUILD_DIR)/ocsf-digest-1.json
	$(GO) run ./cmd/ocsf-digest -schema $(OCSF_SCHEMA) -o $(BUILD_DIR)/ocsf-digest-2.json
	cmp $(BUILD_DIR)/ocsf-digest-1.json $(BUILD_DIR)/ocsf-digest-2.json # the tool is deterministic
	cp $(BUILD_DIR)/ocsf-digest-1.json internal/ocsf/digest.json

## clean: remove _build/ (binaries, make run's checkpoints and output)
.PHONY: clean
clean:
	rm -rf $(BUILD_DIR)
