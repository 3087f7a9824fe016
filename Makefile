# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DATA ?= var
SHARED ?= ../shared
SEED ?=
BIN := $(BUILD)/cli/arxiv-triage
REPLAY := $(SHARED)/data/replay/rss

.PHONY: all deps configure build run test bench format clean install

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DARXIV_TRIAGE_SHARED_DATA=$(abspath $(SHARED)) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Imports SEED first when given; on a first run without an index, seeds from the shared replay
# listings when they are there. Exit code 3 (some files rejected) still shows the digest.
LISTEN ?= 127.0.0.1:8080

run: build
	@if [ -n "$(SEED)" ]; then \
	  $(BIN) --data $(DATA) import $(SEED) || [ $$? -eq 3 ]; \
	elif [ ! -d $(DATA)/index ] && [ -d $(REPLAY) ]; then \
	  echo "No index in $(DATA) yet: importing $(REPLAY) (about two minutes, once)"; \
	  $(BIN) --data $(DATA) import $(REPLAY) || [ $$? -eq 3 ]; \
	fi
	@$(BIN) --data $(DATA) digest --limit 3
	@echo "Open http://localhost:8080/ (digest, search, profiles, status); REST API under /api/v1/,"
	@echo "feeds under /feeds/PROFILE.atom. Ctrl-C stops it."
	@$(BIN) --data $(DATA) serve --listen $(LISTEN)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@BUILD=$(BUILD) ARXIV_TRIAGE_SHARED=$(abspath $(SHARED)) scripts/bench

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	@rm -rf $(BUILD)

# Installs what `make build` built (never builds, so `sudo make install` writes nothing to the build
# directory): the executable to PREFIX/bin, web/ to PREFIX/share/arxiv-triage/web, the --web-dir
# to give `serve`. DESTDIR stages the tree elsewhere (the Dockerfile does).
PREFIX ?= /usr/local
WEB_DEST := $(DESTDIR)$(PREFIX)/share/arxiv-triage/web

install:
	@test -x $(BIN) || { echo "make install: no $(BIN); run 'make build' first" >&2; exit 1; }
	@install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/arxiv-triage
	@rm -rf $(WEB_DEST) && mkdir -p $(WEB_DEST) && cp -R web/. $(WEB_DEST)/
	@chmod -R u=rwX,go=rX $(WEB_DEST)
	@echo "installed $(DESTDIR)$(PREFIX)/bin/arxiv-triage and $(WEB_DEST)"
