# zkpush: the two commands a fresh Debian 12 machine needs are `make run` and
# `make test`. Both install whatever is missing with apt first.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
LISTEN ?= 0.0.0.0:8081
API_LISTEN ?= 127.0.0.1:8082
DATA ?= ./data

# Debian packages the server needs to build (libsodium: Argon2id for the
# console's passwords; libjs-*, node-popper2: Bootstrap, Chart.js and Popper,
# compiled into the binary with the console), and what the tests need on top (Google Test;
# python3 runs the source-tree checks; PostgreSQL's server, which the
# PostgreSQL store's tests start in a temporary folder of their own;
# headless Chromium driven by Selenium for the console's browser tests).
SERVER_PACKAGES := g++ cmake make ninja-build pkg-config \
	libboost-dev libsqlite3-dev libpq-dev libssl-dev nlohmann-json3-dev \
	libspdlog-dev libfmt-dev libcli11-dev libarchive-dev libyaml-cpp-dev libsodium-dev \
	libjs-bootstrap5 libjs-chart.js node-popper2
TEST_PACKAGES := python3 libgtest-dev libgmock-dev postgresql-15 \
	chromium chromium-driver python3-selenium

# What `make bench` needs on top: wrk (the HTTP load generator), nginx (the
# roof the idle-poll figures are compared with; Debian 12's nginx-light is only
# nginx plus a module, so plain nginx; bench/run.sh starts its own on a free
# port, the package's service is not used), python3 (bench/fanout.py), and
# PostgreSQL 15 and HAProxy for the pg-* and cluster-* sections (started in a
# temporary folder as tools/cluster.sh does; the packages' services are not used).
BENCH_PACKAGES := wrk nginx python3 libbenchmark-dev postgresql-15 haproxy

# What `make fuzz` and `make test-sanitize` need on top: clang with its
# libFuzzer and sanitizer runtimes (Debian 12: clang 14, libclang-rt-14-dev).
FUZZ_PACKAGES := clang libclang-rt-14-dev

# What `make cluster` needs on top of the server's: PostgreSQL 15 and HAProxy
# (tools/cluster.sh starts its own of each in a temporary folder, on free
# ports; the packages' services are not used) and curl (its health wait).
CLUSTER_PACKAGES := postgresql-15 haproxy curl

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: server-deps deps bench-deps fuzz-deps cluster-deps build server run cluster test test-sanitize fuzz fuzz-long bench clean

# install-missing PACKAGES: apt-get install of those not installed yet.
define install-missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

server-deps:
	$(call install-missing,$(SERVER_PACKAGES))

deps: server-deps  # after server-deps: one apt at a time under make -j
	$(call install-missing,$(TEST_PACKAGES))

bench-deps: deps  # after deps: one apt at a time under make -j
	$(call install-missing,$(BENCH_PACKAGES))

fuzz-deps: deps
	$(call install-missing,$(FUZZ_PACKAGES))

cluster-deps: server-deps  # after server-deps: one apt at a time under make -j
	$(call install-missing,$(CLUSTER_PACKAGES))

# Warnings fail the build in CI (CI is set there).
WERROR := $(if $(CI),ON,OFF)
CONFIGURE = cmake -G Ninja -S . -DZKPUSH_WERROR=$(WERROR)

build: deps
	$(CONFIGURE) -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The server alone: no tests, so `make run` needs nothing of Google Test.
server: server-deps
	$(CONFIGURE) -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
	cmake --build $(BUILD_DIR) -j $(JOBS) --target zkpush

run: server
	$(BUILD_DIR)/zkpush serve --listen $(LISTEN) --api-listen $(API_LISTEN) --data $(DATA)

# Two nodes on one PostgreSQL behind HAProxy, on this machine, in a temporary
# folder (tools/cluster.sh; docs/deploy.md). Ctrl-C stops it all.
cluster: server cluster-deps
	BUILD_DIR=$(BUILD_DIR) tools/cluster.sh

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Unit and integration tests (and the server they start) built with
# AddressSanitizer and UndefinedBehaviorSanitizer in $(SANITIZE_BUILD_DIR);
# any report fails the run. The console's browser tests are left out: they
# check pages, and the API they drive is run sanitized by the integration
# tests (it keeps CI within its 40 minutes).
SANITIZE_BUILD_DIR ?= build-sanitize
# -O1 and line tables only: a quick build on 2 cores, readable stack traces.
SANITIZE_FLAGS := "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
test-sanitize: deps
	$(CONFIGURE) -B $(SANITIZE_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(SANITIZE_FLAGS) -DZKPUSH_SANITIZE=ON
	cmake --build $(SANITIZE_BUILD_DIR) -j $(JOBS)
	cd $(SANITIZE_BUILD_DIR) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -E '^console_test_'

# libFuzzer targets (fuzz/) built with clang in $(FUZZ_BUILD_DIR), each run
# for FUZZ_SECONDS from its committed corpus (fuzz/run.sh prints executions per
# target; a crash fails the run and leaves its input in $(FUZZ_BUILD_DIR)/artifacts).
# `make test` already replays every corpus; `make fuzz` is the short search CI
# runs, `make fuzz-long` a campaign that merges what it finds into fuzz/corpus.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 10
fuzz-long: FUZZ_SECONDS = 600
fuzz-long: export FUZZ_MERGE = 1
fuzz-long: fuzz
fuzz: fuzz-deps
	$(CONFIGURE) -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(SANITIZE_FLAGS) -DZKPUSH_FUZZ=ON \
	  -DCMAKE_CXX_COMPILER=clang++
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fuzz_targets
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD_DIR=$(FUZZ_BUILD_DIR) fuzz/run.sh

# Benchmarks (bench/run.sh): a Release build of their own in $(BENCH_BUILD_DIR),
# so they never clobber build/; writes bench/results/latest.md. The server and
# the emulator are the one zkpush binary.
BENCH_BUILD_DIR ?= build-bench
bench: deps bench-deps
	$(CONFIGURE) -B $(BENCH_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DZKPUSH_BENCH=ON
	cmake --build $(BENCH_BUILD_DIR) -j $(JOBS) --target zkpush zkpush_parser_bench zkpush_storage_bench zkpush_pg_roof_bench
	BUILD_DIR=$(BENCH_BUILD_DIR) bench/run.sh

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_BUILD_DIR) $(FUZZ_BUILD_DIR)
