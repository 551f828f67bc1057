# plimsoll: `make spike [TARGET=https://…]`, `make test`. Settings (TARGET, RATE, PEAK, TIME_SCALE, …)
# are plain make variables; make hands them to the run as environment, and the bundle validates them.
K6_VERSION := $(shell cat install/k6.version)
SCENARIOS  := $(basename $(notdir $(wildcard scenarios/*.ts)))
SOURCES    := $(shell find lib scenarios -name '*.ts') package-lock.json
# Resolved in each recipe's shell, so `make help` never builds k6.
K6_BIN      = $$(install/k6.sh $(K6_VERSION))

.PHONY: all build typecheck test k6 clean help new $(SCENARIOS)
all: build

help:
	@echo "make <profile> [TARGET=url] [RATE=n] …   run a profile: $(SCENARIOS) (no TARGET: the demo target)"
	@echo "make test                                 type-check, unit and end-to-end tests"
	@echo "make build                                bundle scenarios/*.ts into dist/"
	@echo "make new NAME=checkout                    scenarios/checkout.ts from a template that runs against the demo"
	@echo "make baseline-save | compare [RUN=dir]    the baseline regression gate"
	@echo "make influx | influx-stop | dashboards    local InfluxDB, Grafana dashboards from TypeScript"
	@echo "make up | down                            InfluxDB + Grafana with Docker"

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

k6:
	@echo "k6: $(K6_BIN)"

typecheck: node_modules/.installed
	npx tsc --noEmit -p tsconfig.json
	npx tsc --noEmit -p tsconfig.node.json

dist/.built: node_modules/.installed $(SOURCES)
	npx tsx build/bundle.ts
	@touch $@

build: typecheck dist/.built

# A scenario's run is the command's (`npx plimsoll run <scenario>`); make reports any failure as 2, so CI
# that gates on 99 calls the command itself.
$(SCENARIOS): dist/.built
	@K6="$(K6_BIN)" && K6="$$K6" node --import tsx cli/plimsoll.ts run $@

test: build
	@K6="$(K6_BIN)" && K6="$$K6" node --import tsx --test --test-reporter=spec test/*.test.ts

new: node_modules/.installed
	@node --import tsx cli/plimsoll.ts new "$(NAME)"

# --- The baseline gate: save a run as its profile's reference (baselines/<profile>.json), compare a run
# with it (deltas into verdict.json and junit.xml; exit 99 on regression). RUN defaults to the newest run.
# A profile run compares itself with COMPARE=1 (or BASELINE=file).
RUN ?= $$(ls -td results/*/ 2>/dev/null | head -n 1)
.PHONY: baseline-save compare

baseline-save: node_modules/.installed
	@node --import tsx cli/plimsoll.ts baseline save "$(RUN)" $(if $(AS),--as $(AS))

compare: node_modules/.installed
	@node --import tsx cli/plimsoll.ts compare "$(RUN)" $(if $(BASELINE),--baseline $(BASELINE)) $(if $(TOLERANCE),--latency $(TOLERANCE))

# --- Live results: a loopback InfluxDB without Docker (Debian's influxd, state in .state/), the Grafana
# dashboards generated from live/dashboards/, and docker compose for InfluxDB + Grafana. ---
INFLUX_STATE := .state/influxdb
SUDO = $$([ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: influx influx-stop dashboards up down compose-plugin

influx: node_modules/.installed
	@command -v influxd >/dev/null || { echo "plimsoll: installing Debian's influxdb (influxd, influx)"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y --no-install-recommends influxdb influxdb-client; }
	@node --import tsx live/influxd.ts start --dir $(INFLUX_STATE) $(if $(INFLUX_PORT),--port $(INFLUX_PORT))

influx-stop: node_modules/.installed
	@node --import tsx live/influxd.ts stop --dir $(INFLUX_STATE)

dashboards: node_modules/.installed
	npx tsx live/dashboards/main.ts

up:
	docker compose up -d --wait

down:
	docker compose down

# The dashboards test runs `docker compose config`: the Compose plugin, built once into .tools/ if missing.
test: compose-plugin
compose-plugin:
	@install/compose.sh >/dev/null

# --- Benchmarks (issue 7): the framework's own costs against the engine's limits; prints a table and
# writes bench/results.md (about 12 minutes). Bench-only tools: webpack + babel in bench/.webpack/ (never
# installed by the project's npm ci), Debian's wrk, nginx, influxdb and valgrind (installed here when missing).
.PHONY: bench
bench/.webpack/node_modules/.installed: bench/.webpack/package.json bench/.webpack/package-lock.json
	cd bench/.webpack && npm ci --no-audit --no-fund
	@touch $@

bench: dist/.built bench/.webpack/node_modules/.installed
	@command -v wrk >/dev/null && command -v nginx >/dev/null && command -v influxd >/dev/null && command -v valgrind >/dev/null || { echo "plimsoll: installing Debian's wrk, nginx, influxdb and valgrind for the bench"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y --no-install-recommends wrk nginx-light influxdb valgrind; }
	@K6="$(K6_BIN)" && K6="$$K6" node --import tsx bench/bench.ts

# --- Beyond one machine: `make <profile> SHARDS=N` runs N k6 processes on execution segments (distributed/shards.ts);
# `make k8s-<profile> PARALLELISM=N TARGET=url` writes a k6-operator TestRun + ConfigMap (distributed/k8s.ts, into
# results/k8s-<testid>/ or K8S_DIR); `make verdict RUN=dir` judges all shards' samples (RUN/shard-*/), or with
# INFLUX_URL all samples of RUN's testid in InfluxDB (a TestRun's pods), as one run: exit 99 on a crossed SLA.
.PHONY: verdict
k8s-%: dist/.built
	@K6="$(K6_BIN)" && K6="$$K6" node --import tsx distributed/k8s.ts $*

verdict: node_modules/.installed
	@node --import tsx cli/plimsoll.ts verdict "$(RUN)" $(if $(INFLUX_URL),--influx $(INFLUX_URL)) $(if $(TESTID),--testid $(TESTID))

# `make backfill RUN=dir [INFLUX_URL=…]`: write into InfluxDB what it lacks of RUN (newest run by default), from
# the run's spool (samples.csv.gz, shard-*/): e.g. after InfluxDB was down for longer than the run. Idempotent.
.PHONY: backfill
backfill: node_modules/.installed
	@node --import tsx cli/plimsoll.ts backfill "$(RUN)" $(if $(INFLUX_URL),--influx $(INFLUX_URL))

clean:
	rm -rf dist results
