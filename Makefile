# Thin wrapper over CMake. `make run` and `make test` are the README's quick start.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DATA ?= var
SHARED ?= ../shared
SEED ?=
BIN := $(BUILD)/cli/arxiv-triage
REPLAY := $(SHARED)/data/replay/rss

.PHONY: all deps configure build run test test-asan test-tsan bench format clean install fuzz \
  fuzz-build

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
	  echo "No index in $(DATA) yet: importing $(REPLAY) (about half a minute, once)"; \
	  $(BIN) --data $(DATA) import $(REPLAY) || [ $$? -eq 3 ]; \
	fi
	@$(BIN) --data $(DATA) digest --limit 3
	@echo "Open http://localhost:8080/ (digest, search, profiles, status); REST API under /api/v1/,"
	@echo "feeds under /feeds/PROFILE.atom. Ctrl-C stops it."
	@$(BIN) --data $(DATA) serve --listen $(LISTEN)

# The tests three times: the normal build (everything, end-to-end and browser included), then the
# libraries and their unit tests under ASan + UBSan, with the fuzz targets run briefly, then the
# server tests (the threaded code) under TSan. The sanitizer builds use clang at -O1 (see
# CMakeLists.txt); precompiled headers keep the three builds inside CI's 30 minutes on two cores.
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
# Sanitizer reports fail the test that triggered them; TSan's second stack shows the other side,
# and tests/tsan.supp holds the one false report (from uninstrumented spdlog) with its reason.
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1:suppressions=$(abspath tests/tsan.supp)

sanitizer_configure = CXX=clang++ cmake -S . -B $(1) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DARXIV_TRIAGE_SANITIZE=$(2) -DARXIV_TRIAGE_SHARED_DATA=$(abspath $(SHARED)) >/dev/null

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory test-tsan

test-asan: deps
	@$(call sanitizer_configure,$(ASAN_BUILD),address)
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS)

test-tsan: deps
	@$(call sanitizer_configure,$(TSAN_BUILD),thread)
	@cmake --build $(TSAN_BUILD) -j $(JOBS)
	@cd $(TSAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (tests/fuzz), built with clang, ASan and UBSan in FUZZ_BUILD; each runs for
# FUZZ_SECONDS over its seeds (real captures, cut small by scripts/fuzz-seeds), its checked-in
# regressions/ and what earlier runs found (FUZZ_BUILD/corpus). A crash, leak or UB fails the run
# and leaves the input in FUZZ_BUILD/crashes. `make test` runs each for FUZZ_TEST_SECONDS.
FUZZ_BUILD ?= $(ASAN_BUILD)
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 10
FUZZ_TARGETS ?= api_parser listing_parser metadata_json oai_parser profile_file query source_format

fuzz-build: deps
	@$(call sanitizer_configure,$(FUZZ_BUILD),address)
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target seed_profiles $(addsuffix _fuzz,$(FUZZ_TARGETS))
	@scripts/fuzz-seeds $(SHARED) $(FUZZ_BUILD)/seeds
	@$(FUZZ_BUILD)/tests/fuzz/seed_profiles $(FUZZ_BUILD)/seeds/profile_file_fuzz \
	  $(FUZZ_BUILD)/seeds/query_fuzz

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in query|profile_file) len=8192 ;; metadata_json) len=16384 ;; *) len=65536 ;; esac; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$${t}_fuzz $(FUZZ_BUILD)/crashes; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/tests/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=$$len -timeout=30 \
	    -artifact_prefix=$(FUZZ_BUILD)/crashes/$${t}- $(FUZZ_BUILD)/corpus/$${t}_fuzz \
	    $(FUZZ_BUILD)/seeds/$${t}_fuzz tests/fuzz/regressions/$${t}_fuzz \
	    >$(FUZZ_BUILD)/$${t}.log 2>&1 \
	    || { tail -n 60 $(FUZZ_BUILD)/$${t}.log; echo "fuzz: $$t failed (log: $(FUZZ_BUILD)/$${t}.log)"; exit 1; }; \
	  grep -E '^Done [0-9]+ runs' $(FUZZ_BUILD)/$${t}.log || true; \
	done

bench: build
	@BUILD=$(BUILD) ARXIV_TRIAGE_SHARED=$(abspath $(SHARED)) scripts/bench

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	@rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)

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
