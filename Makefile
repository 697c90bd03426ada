# PromptOps. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GO       ?= go
NPM      ?= npm
SUDO     := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PG_FOUND := $(shell command -v postgres >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && echo yes)
CHROMIUM := $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
WRK      := $(shell command -v wrk)
HAPROXY  := $(shell command -v haproxy || ls /usr/sbin/haproxy 2>/dev/null)
TEST_LOG := .promptops/test.log

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z/_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## install PostgreSQL (apt) when its binaries are missing
ifneq ($(PG_FOUND),yes)
	@echo "PostgreSQL binaries not found: installing Debian's postgresql package"
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
endif
	@if [ "$$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then \
		echo "running as root: adding the unprivileged postgres user the private database runs as"; \
		useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres; fi

.PHONY: deps/test
deps/test: deps deps/image sdk/deps console/deps python/deps deps/jaeger deps/promtool ## deps, plus Chromium and HAProxy (apt), the CA bundle, Jaeger, promtool and the node packages the tests use
ifeq ($(CHROMIUM),)
	@echo "Chromium not found: installing Debian's chromium for the explorer's browser test"
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
endif
ifeq ($(HAPROXY),)
	@echo "HAProxy not found: installing Debian's haproxy, the load balancer of the cluster test"
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy
endif

CA_BUNDLE := /etc/ssl/certs/ca-certificates.crt
.PHONY: deps/image
deps/image: ## install Debian's ca-certificates (apt) when its bundle, which the image holds, is missing
	@if [ ! -f $(CA_BUNDLE) ]; then \
		echo "$(CA_BUNDLE) not found: installing Debian's ca-certificates for make image"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates; fi

.PHONY: image
image: deps/image ## build the container image without Docker (from scratch, non-root, needs DATABASE_URL): .promptops/image/oci and promptops.tar for docker load
	$(GO) run ./internal/build/image --out .promptops/image --ca-certificates $(CA_BUNDLE)

# Jaeger (v2, an OpenTelemetry Collector with a query API) is the OTLP receiver the tracing
# test exports to. Its go.mod replaces a module, which `go install module@version` refuses,
# so it is built from internal/testkit/jaeger's own small module (the version is pinned there),
# once: about 20 minutes on 2 shared cores the first time (downloads included), then never
# again while the binary is newer than that go.mod.
JAEGER_MOD := internal/testkit/jaeger
.PHONY: deps/jaeger
deps/jaeger: .promptops/bin/jaeger ## build Jaeger, the tracing test's OTLP receiver, into .promptops/bin (pinned by internal/testkit/jaeger/go.mod)

.promptops/bin/jaeger: $(JAEGER_MOD)/go.mod $(JAEGER_MOD)/go.sum
	cd $(JAEGER_MOD) && GOWORK=off $(GO) build -o $(CURDIR)/.promptops/bin/jaeger github.com/jaegertracing/jaeger/cmd/jaeger

# PROMTOOL_VERSION is the Prometheus release whose promtool checks the metrics and the alert
# rules (internal/metrics/alerts.yml) in the tests.
PROMTOOL_VERSION := v0.316.0

.PHONY: deps/promtool
deps/promtool: ## promtool (Prometheus's checker of metrics and rules) into .promptops/bin, from the Go module proxy
	@test -x .promptops/bin/promtool || GOBIN=$(CURDIR)/.promptops/bin $(GO) install github.com/prometheus/prometheus/cmd/promtool@$(PROMTOOL_VERSION)

.PHONY: deps/bench
deps/bench: deps ## deps, plus wrk (apt), the load generator of make bench
ifeq ($(WRK),)
	@echo "wrk not found: installing Debian's wrk for make bench"
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk
endif

.PHONY: run
# run builds, then runs the binary itself rather than `go run`: `go run` exits 1 when Ctrl-C
# reaches it, so make reported an error after every clean shutdown.
run: deps build ## serve the API on :3001 with a private PostgreSQL in ./.promptops
	.promptops/bin/promptops serve

.PHONY: build
build: ## build the binary into ./.promptops/bin/promptops
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops

# WITH_TEST_PG runs the command after it with one PostgreSQL for every package's tests:
# dbtest starts it in a temporary directory named by PROMPTOPS_TEST_POSTGRES and leaves it
# running for the next package; it is stopped, and the directory removed, when the command
# ends, however it ends. (A package tested alone starts a private one.)
WITH_TEST_PG = pg=$$(mktemp -d /tmp/promptops-test-pg-XXXXXX); \
	trap 'pid=$$(head -1 $$pg/pgdata/postmaster.pid 2>/dev/null); \
	if [ -n "$$pid" ] && kill -INT $$pid 2>/dev/null; then while kill -0 $$pid 2>/dev/null; do sleep 0.1; done; fi; \
	rm -rf $$pg' EXIT; trap 'exit 130' INT TERM HUP; \
	PROMPTOPS_TEST_POSTGRES=$$pg

# TEST_PARALLEL is how many tests of a package run at once (-parallel): more than the
# cores, since many wait (on a child process, Node.js, a browser, a retry) rather than work.
TEST_PARALLEL ?= 4

.PHONY: test
test: deps/test ## run every test: Go (real PostgreSQL), the TypeScript and Python SDKs, the explorer in Chromium (TEST_PARALLEL=4)
	@mkdir -p .promptops
	@echo "go test -race -parallel $(TEST_PARALLEL) ./... (full log: $(TEST_LOG))"
	@$(WITH_TEST_PG) $(GO) test -race -count=1 -parallel $(TEST_PARALLEL) -v ./... > $(TEST_LOG) 2>&1; code=$$?; \
	grep -E '^(ok|FAIL|panic:|contract:)|^--- SKIP|^\s+[a-z_]+_test\.go:[0-9]+: .*(skip|Skip|not installed|no Chromium)' $(TEST_LOG); \
	if [ $$code -ne 0 ]; then echo "--- failures:"; grep -v -E '^(=== (RUN|PAUSE|CONT|NAME)|--- PASS|PASS$$|ok )' $(TEST_LOG) | tail -300; fi; \
	exit $$code

.PHONY: test-short
test-short: deps ## the edit loop: go test -short, no race detector; the browser, Node.js, crash and every-constraint tests skip, saying so, as does the coverage gate
	@echo "go test -short ./... (one PostgreSQL for the run)"
	@$(WITH_TEST_PG) $(GO) test -short -count=1 ./...

.PHONY: generate
generate: generate/oapi generate/sqlc generate/explorer generate/console sdk generate/vectors generate/python ## regenerate gen/ (and the explorer's and console's assets) from openapi/ and sql/

.PHONY: generate/oapi
generate/oapi: ## gen/api from openapi/openapi.yaml (oapi-codegen: models, strict server, client, spec)
	$(GO) tool oapi-codegen -config oapi.yaml openapi/openapi.yaml

.PHONY: generate/sqlc
generate/sqlc: ## gen/dbsqlc from sql/ (sqlc)
	$(GO) tool sqlc generate

.PHONY: generate/vectors
generate/vectors: ## gen/conformance/vectors.json: what the Go prompt rules give for internal/prompt/conformance/testdata/cases.json
	$(GO) test ./internal/prompt/conformance -count=1 -run '^TestVectors$$' -update

PYTHON  ?= python3
PY_VENV := .promptops/venv
.PHONY: python/deps
python/deps: ## .promptops/venv: the Python SDK's tools and packages, pinned by gen/python/requirements-dev.txt (again only when that file changes)
	@[ $(PY_VENV)/.installed -nt gen/python/requirements-dev.txt ] || { \
		$(PYTHON) -m venv $(PY_VENV) && $(PY_VENV)/bin/pip install -q --disable-pip-version-check -r gen/python/requirements-dev.txt && \
		touch $(PY_VENV)/.installed; }

.PHONY: generate/python
generate/python: python/deps ## gen/python/promptops/generated from openapi/openapi.yaml (openapi-python-client)
	rm -rf gen/python/promptops/generated
	PATH=$(CURDIR)/$(PY_VENV)/bin:$$PATH openapi-python-client generate --path openapi/openapi.yaml --meta none \
		--config gen/python/openapi-python-client.yaml --output-path gen/python/promptops/generated

.PHONY: lint/python
lint/python: python/deps ## ruff (lint and format) and mypy --strict on the Python SDK (gen/python)
	cd gen/python && ../../$(PY_VENV)/bin/ruff check . && ../../$(PY_VENV)/bin/ruff format --check . && ../../$(PY_VENV)/bin/mypy

.PHONY: openapi/deps
openapi/deps: ## install the spec's node tools (Spectral, swagger-ui-dist) from openapi/package-lock.json
	@[ openapi/node_modules/.package-lock.json -nt openapi/package-lock.json ] || $(NPM) ci --prefix openapi --no-audit --no-fund

.PHONY: generate/explorer
generate/explorer: openapi/deps ## copy Swagger UI from swagger-ui-dist into internal/http/explorer/dist
	cp openapi/node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE} internal/http/explorer/dist/

.PHONY: console/deps
console/deps: ## install the console's vendored JavaScript (htmx, CodeMirror, esbuild) from internal/http/console/package-lock.json
	@# npm ci again whenever the lock file is newer than the last install (npm's hidden lockfile)
	@[ internal/http/console/node_modules/.package-lock.json -nt internal/http/console/package-lock.json ] || $(NPM) ci --prefix internal/http/console --no-audit --no-fund

.PHONY: generate/console
generate/console: console/deps ## copy htmx, and bundle CodeMirror (esbuild), into internal/http/console/assets
	cp internal/http/console/node_modules/htmx.org/dist/htmx.min.js internal/http/console/assets/htmx.min.js
	cp internal/http/console/node_modules/htmx.org/LICENSE internal/http/console/assets/htmx-LICENSE
	node internal/http/console/js/build.mjs

.PHONY: sdk/deps
sdk/deps: ## install the TypeScript SDK's packages from gen/ts/package-lock.json
	@# npm ci again whenever the lock file is newer than the last install (npm's hidden lockfile)
	@[ gen/ts/node_modules/.package-lock.json -nt gen/ts/package-lock.json ] || $(NPM) ci --prefix gen/ts --no-audit --no-fund

.PHONY: sdk
sdk: sdk/deps ## regenerate the TypeScript SDK's types (gen/ts/generated/schema.d.ts, openapi-typescript)
	cd gen/ts && $(NPM) run --silent generate

.PHONY: check-generated
check-generated: generate ## fail when gen/, the explorer or go.mod differ from a fresh generation
	git diff --exit-code -- gen/ internal/http/explorer/dist/ internal/http/console/assets/
	@test -z "$$(git status --porcelain -- gen/ internal/http/explorer/dist/ internal/http/console/assets/)" || { git status --porcelain -- gen/ internal/http/explorer/dist/ internal/http/console/assets/; echo "generation made files that are not committed"; exit 1; }
	$(GO) mod tidy -diff

.PHONY: lint
lint: lint/go lint/spec lint/python ## all linters

.PHONY: lint/go
lint/go: ## go vet, gofmt, staticcheck, deadcode (no function unreachable from a main or a test) and sqlc vet (queries against the schema, rules in sqlc.yaml)
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal openapi sql)" || { gofmt -l cmd internal openapi sql; exit 1; }
	$(GO) tool staticcheck ./...
	@dead="$$($(GO) tool deadcode -test ./...)"; test -z "$$dead" || { echo "$$dead"; exit 1; }
	$(GO) tool sqlc vet

.PHONY: lint/spec
lint/spec: openapi/deps ## Spectral on openapi/openapi.yaml (OpenAPI rules + .spectral.yaml): zero errors
	cd openapi && npx --no-install spectral lint --fail-severity=error --ruleset ../.spectral.yaml openapi.yaml

PROMPTS     ?= 1000
DURATION    ?= 10s
ROUNDS      ?= 3
MIN_CEILING ?= 50000
# The Go benchmarks run even when a check fails the load test; make still fails after them.
.PHONY: bench
bench: deps/bench ## load-test resolve and render with wrk (PROMPTS=1000 DURATION=10s ROUNDS=3 MIN_CEILING=50000; see README), then the edge (as make bench-edge), then the Go benchmarks and their allocation targets
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops
	$(GO) build -o .promptops/bin/promptops-bench ./cmd/promptops-bench
	.promptops/bin/promptops-bench run --bin .promptops/bin/promptops --prompts $(PROMPTS) --duration $(DURATION) \
		--rounds $(ROUNDS) --min-ceiling $(MIN_CEILING); code=$$?; \
	.promptops/bin/promptops-bench edge --bin .promptops/bin/promptops --prompts $(EDGE_PROMPTS) --duration $(EDGE_DURATION) \
		--rounds $(EDGE_ROUNDS) || code=1; \
	$(GO) test -run '^$$' -bench . -benchmem ./internal/http/httpapi ./internal/prompt/template ./internal/ratelimit \
		> .promptops/bench/go-bench.txt || code=1; \
	.promptops/bin/promptops-bench allocs < .promptops/bench/go-bench.txt || code=1; \
	exit $$code

BATCH ?= 500
.PHONY: bench-ingest
bench-ingest: deps/bench ## load-test analytics ingestion with wrk: BATCH=500 events per track request (DURATION=10s ROUNDS=3; see README), then time the analytics read over 1,000,000 events
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops
	$(GO) build -o .promptops/bin/promptops-bench ./cmd/promptops-bench
	.promptops/bin/promptops-bench ingest --bin .promptops/bin/promptops --batch $(BATCH) --duration $(DURATION) \
		--rounds $(ROUNDS); code=$$?; \
	$(GO) test -run '^$$' -bench 'Track$$|PromptAnalytics1M' -benchmem ./internal/http/httpapi && exit $$code

EDGE_PROMPTS  ?= 1000
EDGE_DURATION ?= 5s
EDGE_ROUNDS   ?= 2
.PHONY: bench-edge
bench-edge: deps/bench ## promptops edge in front of a server: resolve vs the bare server (wrk), promote→edge delay, server killed, restart from the snapshot; then the edge's Go benchmark
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops
	$(GO) build -o .promptops/bin/promptops-bench ./cmd/promptops-bench
	.promptops/bin/promptops-bench edge --bin .promptops/bin/promptops --prompts $(EDGE_PROMPTS) --duration $(EDGE_DURATION) \
		--rounds $(EDGE_ROUNDS); code=$$?; \
	$(GO) test -run '^$$' -bench . -benchmem ./internal/client/edge && exit $$code

SOAK_DURATION ?= 60s
.PHONY: cluster-test
cluster-test: deps/test ## three instances behind HAProxy on one PostgreSQL through an instance killed and PostgreSQL restarted (CLUSTER_PHASE=15s each); fails on a lost write, a failed resolve or a rate limit off by 10 %
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops
	$(GO) build -o .promptops/bin/promptops-bench ./cmd/promptops-bench
	.promptops/bin/promptops-bench cluster --bin .promptops/bin/promptops --phase $(CLUSTER_PHASE)

.PHONY: soak
soak: deps ## mixed load on two instances for SOAK_DURATION (default 60s) across a PostgreSQL restart; fails on a lost write or a served revoked key
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops
	$(GO) build -o .promptops/bin/promptops-bench ./cmd/promptops-bench
	.promptops/bin/promptops-bench soak --bin .promptops/bin/promptops --duration $(SOAK_DURATION)

CLUSTER_PHASE ?= 15s
FUZZTIME ?= 20s
# Fuzz targets are found by name (func FuzzXxx in a _test.go file). A run that fails with no
# failing input written and only "context deadline exceeded" is Go's coordinator missing its
# own deadline under load (golang/go#75804, fixed in Go 1.27), not a finding: it warns.
.PHONY: fuzz
fuzz: deps ## run each Go fuzz target for FUZZTIME (default 20s); failing inputs land in the package's testdata/fuzz
	@mkdir -p .promptops; failed=""; \
	for file in $$(grep -rl --include='*_test.go' '^func Fuzz' cmd internal); do \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
			echo "fuzz: $$target in ./$$(dirname $$file) for $(FUZZTIME)"; \
			log=.promptops/fuzz-$$target.log; \
			if $(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) ./$$(dirname $$file) > $$log 2>&1; then \
				grep -E '^fuzz: elapsed' $$log | tail -1; \
			elif ! grep -q 'Failing input written' $$log && grep -qE '^    context deadline exceeded$$' $$log; then \
				grep -E '^fuzz: elapsed' $$log | tail -1; \
				echo "fuzz: $$target: Go's fuzzing coordinator missed its deadline (golang/go#75804), no input failed"; \
			else \
				grep -vE '^fuzz: elapsed' $$log | tail -40; failed="$$failed $$target"; \
			fi; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (each failing input is now a test case in testdata/fuzz)"; exit 1; fi
