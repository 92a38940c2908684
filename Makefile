# Panier's two commands are `make run` and `make test` (see README.md). The other targets
# are their steps. Each installs what it needs on Debian 12, and only what is missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

# A newer Node, when Debian's was too old for Vite (see scripts/install-deps.sh), and the
# tools `cargo install` puts in ~/.cargo/bin (tauri-driver).
export PATH := $(CURDIR)/target/node-toolchain/bin:$(HOME)/.cargo/bin:$(PATH)
export DEBIAN_FRONTEND := noninteractive

CARGO ?= cargo
DEMO_DB := $(CURDIR)/target/panier-demo.sqlite
# Xvfb's default screen is 640x480 in 8 bits: too small and too grey for screenshots.
XVFB_RUN := xvfb-run -a -s "-screen 0 1440x900x24"

.PHONY: run test deps deps-test deps-package ui ui-test desktop demo e2e lint bindings server-load \
	package package-check

## make run: install, build, and open the desktop app on $PANIER_DB, else on a demo association.
run: deps ui
	$(CARGO) build -p panier-desktop
	@if [ -z "$${PANIER_DB:-}" ]; then $(MAKE) --no-print-directory demo; fi
	PANIER_DB="$${PANIER_DB:-$(DEMO_DB)}" $(CARGO) run -q -p panier-desktop

## make test: every test: formatting, lints, core and CLI, the team server (a workspace
## default member, so in `cargo test`; then schemathesis, and the browser UI in headless
## Chromium), UI, the desktop app end to end, and last the Debian package (built in release
## once, validated, installed, started from its menu entry, removed: scripts/package-check.sh).
test: deps-test ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test
	scripts/server-schemathesis.sh
	scripts/browser-e2e.sh
	cd ui && npm run check && npm test
	$(XVFB_RUN) $(CARGO) test -p panier-desktop
	scripts/package-check.sh

deps:
	scripts/install-deps.sh run

deps-test:
	scripts/install-deps.sh test

deps-package:
	scripts/install-deps.sh package

# npm ci only when the lock file changed since the last install.
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci
	touch $@

## make ui: build the front end into ui/dist (the desktop binary embeds it when compiled).
## Only when a source is newer than ui/dist/index.html: a rebuilt ui/dist makes cargo
## recompile the desktop app (its build.rs watches the folder), in debug and in release.
UI_SOURCES := $(shell find ui -path ui/node_modules -prune -o -path ui/dist -prune \
	-o -path ui/e2e -prune -o -type f -print 2>/dev/null)
ui: ui/dist/index.html

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build
	touch $@

ui-test: ui
	cd ui && npm run check && npm test

desktop: deps ui
	$(CARGO) build -p panier-desktop

## make e2e: only the desktop tests (unit and end to end, in a virtual X display).
e2e: deps-test ui
	$(XVFB_RUN) $(CARGO) test -p panier-desktop

## make package: the Debian package target/release/bundle/deb/panier_<version>_amd64.deb
## (the desktop app, the `panier` CLI, menu entry, icons, AppStream metadata, manual pages), built by
## Tauri's bundler (`cargo tauri`, tauri-cli pinned in scripts/install-deps.sh). The
## version is Cargo.toml's. Both programs are built first: the package takes the CLI from
## target/release, and its Depends are computed from both (scripts/deb-depends.sh).
## Built in one cargo invocation so the dependencies are compiled once, with the features both
## programs need; `cargo tauri build --no-bundle` then finds the app up to date (same features,
## no --config, so no TAURI_CONFIG to recompile it with) and `cargo tauri bundle` packs it.
package: deps-package ui
	$(CARGO) build --release -p panier -p panier-desktop
	cd src-tauri && $(CARGO) tauri build --ci --no-bundle
	@# The manual pages, compressed as Debian wants them (-n: no name or date, reproducible).
	mkdir -p target/package-man
	for page in src-tauri/packaging/man/*.1; do \
	  gzip -9n <"$$page" >"target/package-man/$$(basename "$$page").gz"; \
	done
	cd src-tauri && $(CARGO) tauri bundle --ci --bundles deb \
	  --config "$$(../scripts/deb-depends.sh ../target/release/panier ../target/release/panier-desktop)"

## make package-check: builds the package, validates it (desktop-file-validate, appstreamcli,
## lintian), installs it, starts the app from its menu entry under Xvfb, removes it.
package-check: deps-test
	scripts/package-check.sh

## make bindings: regenerate ui/src/generated/ (TypeScript types) from the Rust types.
bindings: ui
	UPDATE_BINDINGS=1 $(CARGO) test -q -p panier-desktop --lib bindings

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The demo association `make run` opens: created once with the CLI, then reused.
demo:
	@if [ -e "$(DEMO_DB)" ]; then \
	  echo "Démo : $(DEMO_DB)"; \
	else \
	  echo "Création de la démo $(DEMO_DB) (2000 membres)…"; \
	  $(CARGO) run -q -p panier -- --db "$(DEMO_DB)" init --name "AMIPO (démo)" \
	    && $(CARGO) run -q -p panier -- --db "$(DEMO_DB)" seed --members 2000 \
	    || { rm -f "$(DEMO_DB)"; exit 1; }; \
	fi

## make server-load: the team server's benchmark (not a test): 50 volunteers, mixed roles,
## reads and writes, for 20 s on loopback; prints p50/p99 per operation.
server-load:
	$(CARGO) build --release -p panier-server --bins --example load
	target/release/examples/load 20 50
