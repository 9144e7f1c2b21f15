# PanelRelay — the same targets run locally and in CI.
#   make run    install what running needs if missing (wasm target, trunk, wasm-bindgen-cli, wasm-opt), build the SPA and the server, start on SQLite
#   make test   everything CI checks (also installs cargo-nextest and Playwright if missing)
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

ROOT := $(CURDIR)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
BIN := $(TARGET_DIR)/debug/panelrelay
TRUNK_VERSION := 0.21.14
WBG_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export PATH := $(ROOT)/e2e/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

.PHONY: run test wasm-target spa-tools nextest playwright test-tools frontend backend openapi openapi-check fmt lint test-sqlite test-postgres wasm-check e2e bench-channels bench-cluster clean

## Tool installs: each skips what is already there (idempotent) and needs only the package registries.
wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

## Build tools are installed without their release profile's fat LTO (trunk's alone took 20 minutes on 2 cores):
## they only drive the build, so a faster install matters more than a faster tool.
TOOL_INSTALL := CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install

## What building the SPA (and so `make run`) needs.
spa-tools: wasm-target
	@[ "$$(trunk --version 2>/dev/null)" = "trunk $(TRUNK_VERSION)" ] || $(TOOL_INSTALL) trunk --locked --version "$(TRUNK_VERSION)"
	# wasm-bindgen-cli must equal the lockfile's wasm-bindgen; --locked fails for it (a yanked dependency).
	[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WBG_VERSION)" ] || $(TOOL_INSTALL) wasm-bindgen-cli --version "$(WBG_VERSION)"
	# binaryen 132's wasm-opt, the npm `dependencies` of e2e/ (Debian's 108 breaks the wasm); Playwright (devDependencies)
	# is left out here, and kept when already installed.
	if [ ! -x e2e/node_modules/.bin/wasm-opt ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then \
	  if [ -x e2e/node_modules/.bin/playwright ]; then omit=; else omit=--omit=dev; fi; \
	  (cd e2e && npm ci --no-audit --no-fund $$omit); fi
	# Trunk.toml has offline = true, so trunk runs cargo --offline: fetch the crates first.
	cargo fetch --locked

nextest:
	@command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked

## Playwright (the npm devDependencies of e2e/), driving Debian's Chromium: never `npx playwright install`.
## After spa-tools, so that the two never run `npm ci` in e2e/ at the same time (make -j).
playwright: spa-tools
	@if [ ! -x e2e/node_modules/.bin/playwright ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then \
	  (cd e2e && npm ci --no-audit --no-fund); fi

## Everything `make test` needs.
test-tools: spa-tools nextest playwright

## The SPA, into dist/.
frontend: spa-tools
	trunk build --release
	# Two more bundles, so a panel owner's first load carries neither: the workspace's Billing and
	# Support pages (files under /account/), and the master admin console under /admin/.
	trunk build frontend/account.html --release --dist dist/account --public-url /account/
	trunk build frontend/console.html --release --dist dist/admin --public-url /admin/

backend:
	cargo build --locked -p backend -p fakes

run: frontend backend
	PANELRELAY_DIST_DIR="$(ROOT)/dist" "$(BIN)" serve --sandbox

openapi: backend
	"$(BIN)" openapi > openapi/openapi.json

openapi-check:
	cargo run --locked -q -p backend -- openapi | diff -u openapi/openapi.json - > /dev/null || { echo "openapi/openapi.json is stale: run make openapi"; exit 1; }

fmt:
	cargo fmt --all -- --check

## Clippy on every crate: all host crates with all their targets, and the wasm-only frontend for wasm32.
lint: wasm-target
	cargo clippy --locked --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

## `shared` must stay a client crate: builds for wasm32 and pulls no server crates.
wasm-check: wasm-target
	cargo check --locked -p shared --target wasm32-unknown-unknown
	if cargo tree -p shared --target wasm32-unknown-unknown -e normal --prefix none | grep -E '^(tokio|sea-orm|sqlx|actix-web|actix-http|mio) '; then \
	  echo "shared depends on a server crate (listed above)"; exit 1; fi
	echo "shared: wasm32 build ok, no server crates"

test-sqlite: nextest
	cargo nextest run --locked --no-fail-fast 2>&1 | tee "$(TARGET_DIR)/nextest-sqlite.log"

## The same suite on PostgreSQL when 127.0.0.1:5432 answers (one fresh database per test).
test-postgres: nextest
	if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then \
	  TEST_DATABASE_URL="$(PG_URL)" cargo nextest run --locked --no-fail-fast 2>&1 | tee "$(TARGET_DIR)/nextest-postgres.log"; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432: skipping the PostgreSQL run" | tee "$(TARGET_DIR)/nextest-postgres.log"; fi

e2e: frontend backend playwright
	PANELRELAY_BIN="$(BIN)" PANELRELAY_DIST_DIR="$(ROOT)/dist" e2e/run.sh 2>&1 | tee "$(TARGET_DIR)/e2e.log"

## Everything CI checks. Each step runs; the closing line counts all tests.
## Every step is a sub-make, so `make -n test` only prints what would run.
test: test-tools
	@mkdir -p "$(TARGET_DIR)"
	status=0
	run() { printf '\n=== %s  [t=%ss]\n' "$$1" "$$SECONDS"; shift; "$$@" || { echo "FAILED: $$*"; status=1; }; }
	run "format" $(MAKE) --no-print-directory fmt
	run "clippy" $(MAKE) --no-print-directory lint
	run "shared compiles to wasm32" $(MAKE) --no-print-directory wasm-check
	run "tests on SQLite" $(MAKE) --no-print-directory test-sqlite
	run "tests on PostgreSQL" $(MAKE) --no-print-directory test-postgres
	run "OpenAPI drift" $(MAKE) --no-print-directory openapi-check
	run "SPA release build" $(MAKE) --no-print-directory frontend
	run "end-to-end in Chromium" $(MAKE) --no-print-directory e2e
	count() { sed -nE "s/.*Summary \[.*\] +[0-9]+ tests? run: ([0-9]+) passed(, ([0-9]+) failed)?.*/\1 \3/p" "$$1" 2>/dev/null | tail -1; }
	read -r p1 f1 _ <<< "$$(count $(TARGET_DIR)/nextest-sqlite.log) 0 0"; read -r p2 f2 _ <<< "$$(count $(TARGET_DIR)/nextest-postgres.log) 0 0"
	read -r p3 f3 _ <<< "$$(sed -nE 's/^e2e: ([0-9]+) passed, ([0-9]+) failed/\1 \2/p' $(TARGET_DIR)/e2e.log 2>/dev/null | tail -1) 0 0"
	printf '\n=== summary  [t=%ss]\nsqlite: %s passed, %s failed; postgres: %s passed, %s failed; e2e: %s passed, %s failed\n' "$$SECONDS" "$${p1:-0}" "$${f1:-0}" "$${p2:-0}" "$${f2:-0}" "$${p3:-0}" "$${f3:-0}"
	[ "$$status" -eq 0 ] || echo "some steps FAILED (see above)"
	echo "$$(( $${p1:-0} + $${p2:-0} + $${p3:-0} )) passed, $$(( $${f1:-0} + $${f2:-0} + $${f3:-0} + ($$status != 0 && $${f1:-0} + $${f2:-0} + $${f3:-0} == 0) )) failed"
	exit $$status

clean:
	cargo clean
	rm -rf dist e2e/output

## The channels' figures (webhook ingest, end to end, memory with 1,000 polling bots).
bench-channels:
	cargo build --release --locked -p backend --bins
	"$(TARGET_DIR)/release/bench-channels"

## Several instances on PostgreSQL: commands/s with 1, 2 and 3 `panelrelay serve` processes, and the failover time.
bench-cluster:
	cargo build --release --locked -p backend --bins
	"$(TARGET_DIR)/release/bench-cluster"
