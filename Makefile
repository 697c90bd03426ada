# PromptOps. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GO       ?= go
SUDO     := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PG_FOUND := $(shell command -v postgres >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && echo yes)

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

.PHONY: run
run: deps ## serve the API on :3001 with a private PostgreSQL in ./.promptops
	$(GO) run ./cmd/promptops serve

.PHONY: build
build: ## build the binary into ./.promptops/bin/promptops
	$(GO) build -o .promptops/bin/promptops ./cmd/promptops

.PHONY: test
test: deps ## run every test against a real PostgreSQL
	$(GO) test -count=1 ./...

.PHONY: generate
generate: generate/oapi generate/sqlc ## regenerate gen/ from openapi/ and sql/

.PHONY: generate/oapi
generate/oapi: ## gen/api from openapi/openapi.yaml (oapi-codegen)
	$(GO) tool oapi-codegen -config oapi.yaml openapi/openapi.yaml

.PHONY: generate/sqlc
generate/sqlc: ## gen/dbsqlc from sql/ (sqlc)
	$(GO) tool sqlc generate

.PHONY: check-generated
check-generated: generate ## fail when gen/ or go.mod differ from a fresh generation
	git diff --exit-code -- gen/
	@test -z "$$(git status --porcelain -- gen/)" || { git status --porcelain -- gen/; echo "gen/ has files generation did not commit"; exit 1; }
	$(GO) mod tidy -diff

.PHONY: lint
lint: ## go vet and gofmt
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal)" || { gofmt -l cmd internal; exit 1; }
