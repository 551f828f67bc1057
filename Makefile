# plimsoll: `make spike [TARGET=https://…]`, `make test`. Settings (TARGET, RATE, PEAK, TIME_SCALE, …)
# are plain make variables; make hands them to the run as environment, and the bundle validates them.
K6_VERSION := v1.8.1
SCENARIOS  := $(basename $(notdir $(wildcard scenarios/*.ts)))
SOURCES    := $(shell find lib scenarios -name '*.ts') package-lock.json
# Resolved in each recipe's shell, so `make help` never builds k6.
K6_BIN      = $$(build/ensure-k6.sh $(K6_VERSION))

.PHONY: all build typecheck test unit e2e k6 clean help $(SCENARIOS)
all: build

help:
	@echo "make spike [TARGET=url] [RATE=n] [PEAK=n] [TIME_SCALE=f]   run a profile (no TARGET: the demo target)"
	@echo "make test                                                  type-check, unit and end-to-end tests"
	@echo "make build                                                 bundle scenarios/*.ts into dist/"

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

$(SCENARIOS): dist/.built
	@K6="$(K6_BIN)" && K6="$$K6" node --import tsx build/run.ts $@

test: build
	@K6="$(K6_BIN)" && K6="$$K6" node --import tsx --test --test-reporter=spec test/*.test.ts

clean:
	rm -rf dist results
