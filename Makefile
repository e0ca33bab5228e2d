# Porthole — the two commands of the README, and the steps behind them.
#
#   make dev    install what is missing, build, serve on http://127.0.0.1:8787 with the demo bot
#   make test   install what is missing, build, run every test suite (non-zero on any failure)
#   make bench  install what is missing, build, print the performance figures
#   make fuzz   install what is missing, build, send 10,000 malformed requests to wrangler dev
#   make deploy install what is missing, then `wrangler deploy` (builds, provisions, prints the setup link)
#
# Tool versions are pinned here (CLI tools) and in package.json / package-lock.json (npm tools).
# The wasm-bindgen CLI must equal the library pin in Cargo.toml; scripts/setup checks that.

SHELL := bash
.SHELLFLAGS := -e -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

export WORKER_BUILD_VERSION := 0.8.7
export WASM_BINDGEN_VERSION := 0.2.130
export WASM_TARGET := wasm32-unknown-unknown

CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# worker-build downloads wasm-bindgen and wasm-opt from GitHub unless told where they are.
export WASM_BINDGEN_BIN := $(CARGO_BIN)/wasm-bindgen
export WASM_OPT_BIN := $(CURDIR)/node_modules/.bin/wasm-opt
export ESBUILD_BIN := $(CURDIR)/node_modules/.bin/esbuild
export WRANGLER_SEND_METRICS := false
# wrangler dev would fetch request.cf's data from workers.cloudflare.com at every start (this
# machine's network refuses it); Porthole reads nothing from request.cf.
export CLOUDFLARE_CF_FETCH_ENABLED := false

sources = $(shell find $(1) -type f \( -name '*.rs' -o -name '*.html' -o -name '*.css' -o -name Cargo.toml \)) Cargo.toml Cargo.lock .cargo/config.toml
WORKER_SOURCES = $(call sources,shared edge) edge/openapi.json $(wildcard edge/lexicon/*.txt)
WIDGET_SOURCES = $(call sources,shared markdown widget) $(shell find static -type f) scripts/build-widget.mjs scripts/wasm.mjs
CONSOLE_SOURCES = $(call sources,shared markdown console) console/preview.js scripts/build-console.mjs scripts/wasm.mjs
WORKER := build/worker/index.js
WIDGET := dist/.built
CONSOLE_SITE := build/console/site/.built
CONSOLE := dist/console/.built

.PHONY: help install install-browser build programs deploy dev test test-build-native test-build-wasm test-unit test-api test-e2e test-widget bench fuzz clean

help:
	@echo "make dev    serve Porthole with the demo bot on http://127.0.0.1:8787"
	@echo "make test   run every test suite"
	@echo "make bench  print performance figures (bench/results/latest.md)"
	@echo "make deploy publish on Cloudflare (docs/deploy.md)"
	@echo "make fuzz   send 10,000 malformed requests to a fresh wrangler dev (FUZZ_SEED=N repeats a run)"

install:
	@scripts/setup tools

install-browser:
	@scripts/setup browser

# The worker builds beside the browser's programs (`-j3`): each is linked with LTO into one
# codegen unit, long stretches on one core, so a second core has work while another links
# (docs/testing.md). Cargo locks a build directory per target and profile: the worker's is
# `release`, the browser's `web`. The widget's build compiles the console with its app in one
# cargo call (scripts/wasm.mjs), so the console's follows it.
build:
	@$(MAKE) -j3 programs
	@if [[ "$${WRANGLER_COMMAND:-}" == deploy || "$${WRANGLER_COMMAND:-}" == "versions upload" ]]; then scripts/setup-link; fi

programs: $(WORKER) $(WIDGET) $(CONSOLE)

$(WORKER): $(WORKER_SOURCES)
	@echo "==> building the worker (release wasm; about 1 minute when cold)"
	@cd edge && worker-build --release -d ../build/worker >/dev/null
	@touch $@

$(WIDGET): $(WIDGET_SOURCES)
	@echo "==> building the widget (release wasm; about 2 minutes when cold)"
	@node scripts/build-widget.mjs
	@touch $@

$(CONSOLE_SITE): $(CONSOLE_SOURCES) | $(WIDGET)
	@echo "==> building the console (release wasm; about 2 minutes when cold)"
	@node scripts/build-console.mjs

# After the widget: its build replaces dist/ (keeping dist/console).
$(CONSOLE): $(CONSOLE_SITE)
	@node scripts/build-console.mjs install

# Publishes on Cloudflare (docs/deploy.md): wrangler runs the build (which prints the one-time
# setup link), creates the KV namespace and R2 bucket the first time, and uploads.
deploy: install
	@wrangler deploy

dev: install
	@$(MAKE) build
	@scripts/dev

# Each step says how long it took (scripts/timed; docs/testing.md says where the time goes).
# Work that waits on nothing else runs beside it: a cold run spends most of its time in
# compilers that use one core for long stretches. The native test programs compile while the
# tools install, and the widget's component tests while the release programs build. The suites
# run one after another: the browser suite beside the API suite made a timing test fail
# (docs/testing.md).
test:
	@scripts/timed install $(MAKE) -j3 install install-browser test-build-native
	@scripts/timed build $(MAKE) -j4 programs test-build-wasm
	@scripts/timed bundle-size scripts/bundle-size
	@scripts/timed test-unit $(MAKE) test-unit
	@scripts/timed test-api $(MAKE) test-api
	@scripts/timed test-widget $(MAKE) test-widget
	@scripts/timed test-e2e $(MAKE) test-e2e

UNIT_PACKAGES := -p porthole-shared -p porthole-markdown -p porthole-edge -p porthole-widget -p porthole-console

# Compile what test-unit, test-api and test-widget run, with the same flags (so those compile
# nothing more), each in a build directory of its own: native debug, and wasm debug.
test-build-native:
	@cargo test --quiet --no-run $(UNIT_PACKAGES)
	@cargo test --quiet --no-run -p porthole-tests

test-build-wasm:
	@scripts/test-widget --no-run --quiet

# Native unit tests: shared (parsers, SSE codec) and the edge's pure logic.
test-unit:
	@echo "==> unit tests (cargo test: shared, markdown, edge, widget and console logic)"
	@cargo test --quiet $(UNIT_PACKAGES)

# Integration tests against the real runtime (wrangler dev / workerd) over HTTP; with them a
# short bad-input run (tests/fuzz: 1,500 malformed requests, fixed seed).
test-api:
	@echo "==> API tests against wrangler dev (cargo test -p porthole-tests)"
	@cargo test --quiet -p porthole-tests

# Widget components in headless Chromium (wasm-bindgen-test).
test-widget:
	@echo "==> widget component tests in headless Chromium (wasm-bindgen-test)"
	@scripts/test-widget

# Browser end-to-end tests: playwright-core driving Debian's Chromium.
test-e2e:
	@echo "==> end-to-end tests in Chromium (playwright-core)"
	@node tests/e2e/run.mjs

FAKE_LLM := target/release/fake-llm

$(FAKE_LLM): $(call sources,shared tests)
	@echo "==> building the fake OpenAI-compatible upstream for the benchmarks"
	@cargo build --quiet --release -p porthole-tests --bin fake-llm

# Prints the figures and writes bench/results/latest.md. Takes about 10 minutes.
bench: install install-browser
	@scripts/setup bench
	@$(MAKE) build $(FAKE_LLM)
	@node --experimental-websocket bench/run.mjs

# Bad input: FUZZ_REQUESTS (10,000) malformed requests made from the OpenAPI document, against a
# fresh wrangler dev with the demo bot; prints its seed (FUZZ_SEED=N repeats a run) and a curl
# line per failure. See tests/src/fuzz/.
FUZZ_REQUESTS ?= 10000
fuzz: install
	@$(MAKE) build
	@echo "==> fuzzing every endpoint with $(FUZZ_REQUESTS) malformed requests (about a minute)"
	@cargo run --quiet -p porthole-tests --bin fuzz -- --requests $(FUZZ_REQUESTS)

clean:
	rm -rf build dist
