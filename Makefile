# oo-jwt: `make` builds the release libraries, the header and the CLI; `make test` runs every suite,
# installing what it needs when it is missing. See README.md.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
CARGO ?= cargo
ROOT := $(CURDIR)
LIB_DIR := $(ROOT)/target/release
export OO_JWT_ROOT := $(ROOT)
export OO_JWT_LIB := $(LIB_DIR)/liboo_jwt.so
export OO_JWT_STATIC_LIB := $(LIB_DIR)/liboo_jwt.a
export OO_JWT_INCLUDE := $(ROOT)/include
export OO_JWT_VECTORS := $(ROOT)/tests/vectors
export OO_JWT_CLI := $(LIB_DIR)/oo-jwt

# Every wrapper is a self-contained package with its own Makefile (targets: test, bench, conformance).
BINDINGS := python php go csharp java node ruby

.PHONY: all release test deps test-vectors test-rust test-c test-examples header-check lint bench conformance demo \
        fuzz fuzz-tools fuzz-build test-fuzz test-timing test-fidelity soak test-soak \
        $(addprefix test-,$(BINDINGS)) $(addprefix bench-,$(BINDINGS))

all: release

release:
	$(CARGO) build --release --locked

# Tools the C suites need (the bindings install their own runtimes).
deps:
	@bash .ci/ensure-apt gcc:gcc g++:g++ valgrind:valgrind clang:clang -:libclang-rt-14-dev \
	    /usr/include/cjson/cJSON.h:libcjson-dev

test: deps release header-check lint test-vectors test-rust test-c test-soak test-examples test-fuzz test-fidelity $(addprefix test-,$(BINDINGS)) conformance
	@echo "make test: every suite passed"

test-rust:
	$(CARGO) test --locked --release

# The vector files themselves: their format and an independent re-check of every expectation
# (tests/vectors/generate/check.py), and manifest.json (file -> case count + SHA-256) up to date; every
# runner checks the files against that manifest before running.
test-vectors:
	python3 tests/vectors/generate/check.py | tail -1
	python3 tests/vectors/manifest.py --check

# The C suite: linked against the .so and the .a, then the shared build under Valgrind and an
# ASan+UBSan build (clang).
C_BUILD := $(ROOT)/target/c
C_FLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -I$(OO_JWT_INCLUDE)
C_LIBS := -lcjson -lpthread
STATIC_SYS_LIBS := -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc

$(C_BUILD)/test_vectors_shared: tests/c/test_vectors.c include/oo_jwt.h release deps
	@mkdir -p $(C_BUILD)
	gcc $(C_FLAGS) $< -L$(LIB_DIR) -Wl,-rpath,$(LIB_DIR) -loo_jwt $(C_LIBS) -o $@

$(C_BUILD)/test_vectors_static: tests/c/test_vectors.c include/oo_jwt.h release deps
	@mkdir -p $(C_BUILD)
	gcc $(C_FLAGS) $< $(OO_JWT_STATIC_LIB) $(C_LIBS) $(STATIC_SYS_LIBS) -o $@

$(C_BUILD)/test_vectors_asan: tests/c/test_vectors.c include/oo_jwt.h release deps
	@mkdir -p $(C_BUILD)
	clang $(C_FLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	    $< -L$(LIB_DIR) -Wl,-rpath,$(LIB_DIR) -loo_jwt $(C_LIBS) -o $@

VALGRIND := valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99

# run-suite LOG CMD...: runs CMD with output in LOG, shows failures and the summary, keeps the status.
RUN_SUITE := bash $(ROOT)/.ci/run-suite

test-c: $(C_BUILD)/test_vectors_shared $(C_BUILD)/test_vectors_static $(C_BUILD)/test_vectors_asan
	@echo "== C against liboo_jwt.so"; $(RUN_SUITE) $(C_BUILD)/shared.log $(C_BUILD)/test_vectors_shared
	@echo "== C against liboo_jwt.a";  $(RUN_SUITE) $(C_BUILD)/static.log $(C_BUILD)/test_vectors_static
	@echo "== C under Valgrind"; $(RUN_SUITE) $(C_BUILD)/valgrind.log $(VALGRIND) $(C_BUILD)/test_vectors_shared
	@echo "== C under ASan+UBSan"; ASAN_OPTIONS=detect_leaks=1 $(RUN_SUITE) $(C_BUILD)/asan.log $(C_BUILD)/test_vectors_asan
	@echo "== exported symbols"; bad=$$(nm -D --defined-only $(OO_JWT_LIB) | awk '{print $$3}' | grep -v '^oo_' || true); \
	    if [ -n "$$bad" ]; then echo "non-oo_ symbols exported: $$bad"; exit 1; fi; echo "only oo_ symbols"

# Soak: resident memory stays flat over SOAK_CALLS sign+verify pairs with one secret and over
# SOAK_SECRETS pairs with a new secret each, through the C ABI and through the Python wrapper; two
# long phases are compared (tests/soak/soak.c). `make soak` runs the full counts; `make test` runs
# test-soak, small counts (seconds) plus a deliberate leak that each check must see.
SOAK_CALLS ?= 1000000
SOAK_SECRETS ?= 100000
$(C_BUILD)/soak: tests/soak/soak.c include/oo_jwt.h release deps
	@mkdir -p $(C_BUILD)
	gcc $(C_FLAGS) $< -L$(LIB_DIR) -Wl,-rpath,$(LIB_DIR) -loo_jwt -o $@

soak: $(C_BUILD)/soak
	$(C_BUILD)/soak $(SOAK_CALLS) $(SOAK_SECRETS)
	python3 tests/soak/soak.py $(SOAK_CALLS) $(SOAK_SECRETS)

test-soak: $(C_BUILD)/soak
	@$(C_BUILD)/soak 200000 50000
	@$(C_BUILD)/soak 200000 50000 --leak-probe > $(C_BUILD)/soak-probe.log || { cat $(C_BUILD)/soak-probe.log; exit 1; }
	@python3 tests/soak/soak.py 100000 30000
	@python3 tests/soak/soak.py 100000 30000 --leak-probe > $(C_BUILD)/soak-probe-python.log || { cat $(C_BUILD)/soak-probe-python.log; exit 1; }
	@echo "soak: flat in C and Python; the deliberate leaks were seen"

# Docs fidelity, with the packages Docs pins (node-config 3.3.12, jsonwebtoken 9.0.2, locked in
# tests/fidelity/package-lock.json): seeded, generated config files resolve as `oo-jwt config show`
# resolves them; a fresh seeded batch of payloads signed by jsonwebtoken and URL pairs judged by node's
# WHATWG URL run through the C library (the committed seed-1 batch, tests/vectors/fidelity.json, runs
# in every layer's vector runner).
FIDELITY_SEEDS ?= 20261207 424242
test-fidelity: release $(C_BUILD)/test_vectors_shared
	@bash .ci/ensure-apt node:nodejs npm:npm
	@[ -d tests/fidelity/node_modules/config ] || (cd tests/fidelity && npm ci --no-audit --no-fund --silent)
	@node tests/fidelity/config.js $(OO_JWT_CLI)
	@set -e; for seed in $(FIDELITY_SEEDS); do \
	  node tests/fidelity/corpus.js --seed $$seed --count 1000 --out $(C_BUILD)/fidelity-$$seed/fidelity.json; \
	  python3 tests/vectors/manifest.py --write $(C_BUILD)/fidelity-$$seed > /dev/null; \
	  $(RUN_SUITE) $(C_BUILD)/fidelity-$$seed.log $(C_BUILD)/test_vectors_shared $(C_BUILD)/fidelity-$$seed; \
	done

header-check: release
	@git diff --exit-code -- include/oo_jwt.h || { echo "include/oo_jwt.h changed when regenerated: commit it"; exit 1; }

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

# The README's integration examples: built against the real library and run.
EXAMPLES := sign_config command_request callback download editor_method
test-examples: release
	@mkdir -p $(C_BUILD)/examples
	@for e in $(EXAMPLES); do \
	    gcc -std=c11 -Wall -Wextra -Werror -I$(OO_JWT_INCLUDE) examples/$$e.c -L$(LIB_DIR) -Wl,-rpath,$(LIB_DIR) \
	        -loo_jwt -o $(C_BUILD)/examples/$$e || exit 1; \
	    if $(C_BUILD)/examples/$$e > $(C_BUILD)/examples/$$e.log 2>&1; then echo "example $$e: ok"; \
	    else cat $(C_BUILD)/examples/$$e.log; echo "example $$e: FAILED"; exit 1; fi; \
	done
	@awk '/^```c$$/{on=1;next} /^```$$/{on=0} on' README.md > $(C_BUILD)/examples/readme.c
	@grep -q readme-example $(C_BUILD)/examples/readme.c
	@gcc -std=c11 -Wall -Wextra -Werror -I$(OO_JWT_INCLUDE) $(C_BUILD)/examples/readme.c -L$(LIB_DIR) \
	    -Wl,-rpath,$(LIB_DIR) -loo_jwt -o $(C_BUILD)/examples/readme
	@gcc -std=c11 -I$(OO_JWT_INCLUDE) $(C_BUILD)/examples/readme.c $(OO_JWT_STATIC_LIB) $(STATIC_SYS_LIBS) \
	    -o $(C_BUILD)/examples/readme_static
	@$(C_BUILD)/examples/readme && $(C_BUILD)/examples/readme_static > /dev/null && echo "README C example: ok"

# The main job, on a sample of the ONLYOFFICE documentation: sign a status-4 callback as Docs would,
# verify it as a storage service would, and inspect the documentation's own (empty-secret) sample.
DEMO_SECRET ?= demo-outbox-secret-0123456789abcdef
demo: release
	@echo '$$ oo-jwt request sign --placement header  (the callback sample of the ONLYOFFICE docs)'
	@token=$$(echo '{"key":"Khirz6zTPdfd7","status":4}' | OO_SECRET=$(DEMO_SECRET) $(OO_JWT_CLI) request sign --placement header --secret-env OO_SECRET) && \
	  echo "$$token" && echo && \
	  echo '$$ oo-jwt request verify --authorization "Bearer <token>"' && \
	  OO_SECRET=$(DEMO_SECRET) $(OO_JWT_CLI) request verify '' --authorization "Bearer $$token" --secret-env OO_SECRET && echo && \
	  echo '$$ oo-jwt inspect <the documentation sample token>' && \
	  $(OO_JWT_CLI) inspect eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6IktoaXJ6NnpUUGRmZDciLCJzdGF0dXMiOjR9fQ.MfVoGT-aYuPJfjQAaxwBv7-CqBylDae2AF9K5TpLf-E --secret ''

# Fuzzing (cargo-fuzz, libFuzzer). cargo-fuzz needs nightly-only rustc flags (-Zsanitizer=address);
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them, so no nightly install is needed.
# `make fuzz FUZZ_SECONDS=600` for a real run; `make test` runs each target for FUZZ_SMOKE seconds.
FUZZ_TARGETS := verify decode_unverified verify_request sign config
FUZZ_SECONDS ?= 60
FUZZ_SMOKE ?= 5
FUZZ := RUSTC_BOOTSTRAP=1 $(CARGO) fuzz

fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked --version 0.13.2

fuzz-build: fuzz-tools
	@python3 fuzz/seed.py 2>/dev/null
	$(FUZZ) build -O

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	    $(FUZZ) run -O $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 2>&1 | grep -E '^(Done|#[0-9]+ +DONE)|panicked|ERROR|SUMMARY' || exit 1; \
	done

test-fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    $(FUZZ) run -O $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SMOKE) -rss_limit_mb=2048 > target/fuzz-$$t.log 2>&1 \
	        && echo "fuzz $$t: $$(grep -E '^Done' target/fuzz-$$t.log)" \
	        || { grep -E 'panicked|ERROR|SUMMARY|^MS:' -A3 target/fuzz-$$t.log | head -30; echo "fuzz $$t: CRASH (artifact in fuzz/artifacts/$$t)"; exit 1; }; \
	done

# The conformance matrix: every layer x every vector group, and cross-signing between all layers and
# the peers (PyJWT, node jsonwebtoken, golang-jwt v5). Fails on any red cell. Needs the bindings'
# test environments, so it runs after them.
conformance: release $(C_BUILD)/test_vectors_shared
	@mkdir -p $(ROOT)/target/conformance
	@gcc -std=c11 -Wall -Werror -I$(OO_JWT_INCLUDE) tests/c/xsign.c -L$(LIB_DIR) -Wl,-rpath,$(LIB_DIR) -loo_jwt \
	    -o $(ROOT)/target/conformance/xsign_c
	@cd tests/conformance/peer_golang && GOFLAGS=-mod=mod go build -o $(ROOT)/target/conformance/peer_golang .
	@$(MAKE) -s --no-print-directory -C bindings/python deps   # PyJWT, in the binding's venv
	@$(MAKE) -s --no-print-directory -C bindings/node deps     # node jsonwebtoken
	@python3 tests/conformance/run.py

# Constant-time check of signature rejection (dudect-style Welch t-test); noisy, so not in `make test`.
test-timing:
	$(CARGO) test --release --locked --test main timing:: -- --ignored --nocapture --test-threads=1

$(addprefix test-,$(BINDINGS)): test-%: release
	@if [ -f bindings/$*/Makefile ]; then $(MAKE) -C bindings/$* test; else echo "bindings/$*/Makefile is missing"; exit 1; fi

$(addprefix bench-,$(BINDINGS)): bench-%: release
	@if [ -f bindings/$*/Makefile ]; then $(MAKE) -C bindings/$* bench; else echo "bindings/$*/Makefile is missing"; exit 1; fi

# `make bench`: every benchmark once, in turn (Rust core with criterion, C against libjwt, the seven
# wrappers), then docs/benchmarks.md and docs/benchmarks.svg from the same numbers (benches/report.py;
# raw outputs in target/bench-report/). BENCH_FLAGS=--full: each bench at its default length;
# BENCH_FLAGS=--no-run: remake both files from the last run; BENCH_FLAGS=--only=core,go: a subset.
BENCH_FLAGS ?=
bench: release
	python3 benches/report.py $(BENCH_FLAGS)
