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

.PHONY: all release test deps test-vectors test-rust test-c test-examples header-check abi-check lint bench conformance demo selftest-lib \
        fuzz fuzz-tools fuzz-build test-fuzz test-timing test-fidelity test-sim test-demo soak test-soak \
        $(addprefix test-,$(BINDINGS)) $(addprefix bench-,$(BINDINGS)) bench-serve bench-cold

all: release

release:
	$(CARGO) build --release --locked

# Tools the C suites need (the bindings install their own runtimes).
deps:
	@bash .ci/ensure-apt gcc:gcc g++:g++ valgrind:valgrind clang:clang -:libclang-rt-14-dev \
	    /usr/include/cjson/cJSON.h:libcjson-dev

test: deps release header-check abi-check lint test-vectors test-rust test-c test-soak test-examples test-fuzz test-fidelity test-sim test-demo $(addprefix test-,$(BINDINGS)) conformance test-platforms test-dist
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

# The panic boundary: a debug build with the `selftest` feature (its own target dir, so the release
# build and `cargo test` are not rebuilt) exports oo_selftest_panic; the smoke test calls it there.
SELFTEST_LIB_DIR := $(ROOT)/target/selftest/debug
selftest-lib:
	$(CARGO) build --locked --lib --features selftest --target-dir $(ROOT)/target/selftest

$(C_BUILD)/selftest_smoke: tests/c/platform_smoke.c include/oo_jwt.h selftest-lib
	@mkdir -p $(C_BUILD)
	gcc $(C_FLAGS) -DOO_SELFTEST $< -L$(SELFTEST_LIB_DIR) -Wl,-rpath,$(SELFTEST_LIB_DIR) -loo_jwt -lpthread -o $@

test-c: $(C_BUILD)/test_vectors_shared $(C_BUILD)/test_vectors_static $(C_BUILD)/test_vectors_asan $(C_BUILD)/selftest_smoke
	@echo "== C against liboo_jwt.so"; $(RUN_SUITE) $(C_BUILD)/shared.log $(C_BUILD)/test_vectors_shared
	@echo "== C against liboo_jwt.a";  $(RUN_SUITE) $(C_BUILD)/static.log $(C_BUILD)/test_vectors_static
	@echo "== C under Valgrind"; $(RUN_SUITE) $(C_BUILD)/valgrind.log $(VALGRIND) $(C_BUILD)/test_vectors_shared
	@echo "== C under ASan+UBSan"; ASAN_OPTIONS=detect_leaks=1 $(RUN_SUITE) $(C_BUILD)/asan.log $(C_BUILD)/test_vectors_asan
	@echo "== the panic boundary (selftest build)"; $(RUN_SUITE) $(C_BUILD)/selftest.log $(C_BUILD)/selftest_smoke
	@echo "== exported symbols"; bad=$$(nm -D --defined-only $(OO_JWT_LIB) | awk '{print $$3}' | grep -v '^oo_' || true); \
	    if [ -n "$$bad" ]; then echo "non-oo_ symbols exported: $$bad"; exit 1; fi; echo "only oo_ symbols"; \
	    nm -D --defined-only $(SELFTEST_LIB_DIR)/liboo_jwt.so | grep -qw oo_selftest_panic || \
	        { echo "the selftest build does not export oo_selftest_panic: this check sees nothing"; exit 1; }; \
	    if nm -D --defined-only $(OO_JWT_LIB) | grep -qw oo_selftest_panic; then \
	        echo "the release liboo_jwt.so exports oo_selftest_panic"; exit 1; fi; echo "no oo_selftest_panic in the release library"

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

# The Docs simulator (`oo-jwt docs-sim`, docs/docs-sim.md) against Docs' own signer, node jsonwebtoken
# 9.0.2 (tests/fidelity's lock): a handler built on it accepts every callback and download of the
# session, and requests it signs are answered with Docs' codes. Loopback only; bounded in time.
test-sim: release
	@bash .ci/ensure-apt node:nodejs npm:npm
	@[ -d tests/fidelity/node_modules/jsonwebtoken ] || (cd tests/fidelity && npm ci --no-audit --no-fund --silent)
	@timeout -s KILL 300 node tests/sim/run.js $(OO_JWT_CLI)

header-check: release
	@git diff --exit-code -- include/oo_jwt.h || { echo "include/oo_jwt.h changed when regenerated: commit it"; exit 1; }

# ABI 1.x only grows (docs/abi.md): every declaration of the 1.0 header is still in include/oo_jwt.h,
# unchanged. The checker's self-test first shows it fails on a removed function, a renumbered
# constant or enum member, reordered or retyped OoOptions fields and swapped parameters.
abi-check:
	@python3 tests/abi/check.py --self-test
	@python3 tests/abi/check.py tests/abi/oo_jwt-1.0.h include/oo_jwt.h

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

# The main jobs of an integration, each printed as a command that runs when pasted, then run as
# printed (examples/demo.sh): sign-config, a request, a callback verified, inspect's hints, the
# Python wrapper, and where to go next.
demo: release
	@bash examples/demo.sh $(ROOT)

# The demo's commands, taken from its output and pasted into a fresh shell with an empty
# environment: each must run as printed.
test-demo: release
	@mkdir -p $(ROOT)/target/demo
	@bash examples/demo.sh $(ROOT) > $(ROOT)/target/demo/demo.log
	@grep -q '^\$$ oo-jwt sign-config ' $(ROOT)/target/demo/demo.log && grep -q 'oo_jwt.sign_config' $(ROOT)/target/demo/demo.log \
	    && grep -q '^# Where to go next' $(ROOT)/target/demo/demo.log
	@sed -n 's/^\$$ //p' $(ROOT)/target/demo/demo.log > $(ROOT)/target/demo/pasted.sh
	@cd /tmp && env -i HOME=$$HOME PATH=/usr/bin:/bin bash -euo pipefail $(ROOT)/target/demo/pasted.sh > $(ROOT)/target/demo/pasted.log 2>&1 \
	    || { cat $(ROOT)/target/demo/pasted.log; echo "test-demo: a command printed by make demo fails when pasted"; exit 1; }
	@echo "test-demo: every command make demo prints runs when pasted ($$(wc -l < $(ROOT)/target/demo/pasted.sh) commands)"

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
# wrappers, then per request under real servers and cold start, both on the packages `make dist`
# builds), then docs/benchmarks.md and docs/benchmarks.svg from the same numbers (benches/report.py;
# raw outputs in target/bench-report/). BENCH_FLAGS=--full: each bench at its default length;
# BENCH_FLAGS=--no-run: remake both files from the last run; BENCH_FLAGS=--only=core,go,serve: a subset.
# `make bench-serve` / `make bench-cold` rerun one of the two alone (BENCH_ONLY=php,go: some languages)
# and remake the report.
BENCH_FLAGS ?=
BENCH_ONLY ?=
bench: release dist
	python3 benches/report.py $(BENCH_FLAGS)

bench-serve: release dist
	python3 benches/serve/drive.py $(if $(BENCH_ONLY),--only $(BENCH_ONLY))
	python3 benches/report.py --no-run

bench-cold: release dist
	python3 benches/coldstart/drive.py $(if $(BENCH_ONLY),--only $(BENCH_ONLY))
	python3 benches/report.py --no-run

# Platforms: `make dist-libs` builds the library once for each platform and writes
# dist/native/<platform>/ (shared and static libraries, the header, SHA256SUMS); `make test-platforms`
# checks and runs them: the glibc floor, the C suites under qemu-aarch64, Wine and musl.
# The Linux libraries are linked by cargo-zigbuild (zig from PyPI, in target/platforms/zig): the
# `.2.28` suffix links against glibc 2.28's symbol versions, whatever glibc the build machine has,
# and for musl zig links its own unwinder into the .so. Windows is linked with Debian's mingw-w64,
# statically (no MinGW runtime DLL). Linkers are set per target here, never in a .cargo/config, so a
# plain `cargo build` is unchanged.
DIST_NATIVE := $(ROOT)/dist/native
PLAT_BUILD := $(ROOT)/target/platforms
GLIBC_FLOOR := 2.28
ZIG_VENV := $(PLAT_BUILD)/zig
ZIGBUILD := PATH=$(ZIG_VENV)/bin:$$PATH $(CARGO) zigbuild --release --locked --lib
CROSS_TRIPLES := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu x86_64-unknown-linux-musl
# -crt-static: Rust's musl target links libc statically by default and then builds no cdylib; the
# shared library links musl's libc.so, as Alpine's own libraries do (the .a needs no libc).
MUSL_ENV := CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS='-C target-feature=-crt-static'
WIN_ENV := CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
T_LINUX := target/x86_64-unknown-linux-gnu/release
T_ARM := target/aarch64-unknown-linux-gnu/release
T_MUSL := target/x86_64-unknown-linux-musl/release
T_WIN := target/x86_64-pc-windows-gnu/release

.PHONY: platform-tools cross-libs dist-libs test-platforms test-glibc-floor test-linux-x86_64 test-windows \
        test-aarch64 test-musl plat-src test-windows-go

platform-tools:
	@for t in $(CROSS_TRIPLES); do rustup target list --installed | grep -qx $$t || rustup target add $$t; done
	@bash .ci/ensure-apt aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu \
	    /usr/aarch64-linux-gnu/lib/libc.so.6:libc6-dev-arm64-cross x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 \
	    musl-gcc:musl-tools qemu-aarch64:qemu-user /usr/lib/wine/wine64:wine64 -:python3-venv
	@# cJSON for the arm64 vector runner: Debian's own arm64 build, through multiarch.
	@dpkg --print-foreign-architectures | grep -qx arm64 || $$( [ $$(id -u) -ne 0 ] && echo sudo) dpkg --add-architecture arm64
	@bash .ci/ensure-apt /usr/lib/aarch64-linux-gnu/libcjson.so.1:libcjson-dev:arm64
	@[ -x $(ZIG_VENV)/bin/cargo-zigbuild ] || { python3 -m venv $(ZIG_VENV) && \
	    $(ZIG_VENV)/bin/pip install -q cargo-zigbuild==0.24.0 ziglang==0.17.0; }

cross-libs: platform-tools
	$(ZIGBUILD) --target x86_64-unknown-linux-gnu.$(GLIBC_FLOOR)
	$(ZIGBUILD) --target aarch64-unknown-linux-gnu.$(GLIBC_FLOOR)
	$(MUSL_ENV) $(ZIGBUILD) --target x86_64-unknown-linux-musl
	$(WIN_ENV) $(CARGO) build --release --locked --lib --target x86_64-pc-windows-gnu

dist-libs: cross-libs
	@rm -rf $(DIST_NATIVE) && mkdir -p $(addprefix $(DIST_NATIVE)/,linux-x86_64 linux-aarch64 linux-x86_64-musl windows-x86_64)
	@cp $(T_LINUX)/liboo_jwt.so $(T_LINUX)/liboo_jwt.a $(DIST_NATIVE)/linux-x86_64/
	@cp $(T_ARM)/liboo_jwt.so $(T_ARM)/liboo_jwt.a $(DIST_NATIVE)/linux-aarch64/
	@cp $(T_MUSL)/liboo_jwt.so $(T_MUSL)/liboo_jwt.a $(DIST_NATIVE)/linux-x86_64-musl/
	@# oo_jwt.def: MSVC users make an import library with `lib /def:oo_jwt.def /machine:x64`.
	@cp $(T_WIN)/oo_jwt.dll $(T_WIN)/liboo_jwt.dll.a $(T_WIN)/liboo_jwt.a $(DIST_NATIVE)/windows-x86_64/
	@{ echo "LIBRARY oo_jwt.dll"; echo "EXPORTS"; bash .ci/dll-exports $(T_WIN)/oo_jwt.dll | sed 's/^/    /'; } \
	    > $(DIST_NATIVE)/windows-x86_64/oo_jwt.def
	@for p in $(DIST_NATIVE)/*/; do cp include/oo_jwt.h $$p; (cd $$p && sha256sum $$(ls) > SHA256SUMS); done
	@cd $(DIST_NATIVE) && for p in */; do echo "dist/native/$$p $$(ls $$p | tr '\n' ' ')"; done

test-platforms: test-glibc-floor test-linux-x86_64 test-aarch64 test-windows test-windows-go test-musl
	@echo "test-platforms: linux-x86_64 (glibc $(GLIBC_FLOOR)), linux-aarch64, windows-x86_64, linux-x86_64-musl passed"

# No glibc symbol version newer than the floor, in either glibc library.
test-glibc-floor: dist-libs
	@bash .ci/glibc-floor $(GLIBC_FLOOR) $(DIST_NATIVE)/linux-x86_64/liboo_jwt.so $(DIST_NATIVE)/linux-aarch64/liboo_jwt.so

# The README example, the examples and the smoke test, compiled for each platform from $(PLAT_SRC);
# `.ci/run-plat DIR RUNNER NAME...` runs each (RUNNER: qemu or Wine) and shows failures.
PLAT_EXAMPLES := $(EXAMPLES) readme platform_smoke
PLAT_SRC := $(PLAT_BUILD)/src
plat-src:
	@mkdir -p $(PLAT_SRC); cp $(addprefix examples/,$(addsuffix .c,$(EXAMPLES))) tests/c/platform_smoke.c $(PLAT_SRC)/
	@awk '/^```c$$/{on=1;next} /^```$$/{on=0} on' README.md > $(PLAT_SRC)/readme.c
RUN_PLAT := bash $(ROOT)/.ci/run-plat

# The floor-linked x86-64 library, here natively: the whole C vector suite, the examples, the smoke test.
test-linux-x86_64: dist-libs plat-src deps
	@d=$(DIST_NATIVE)/linux-x86_64 o=$(PLAT_BUILD)/linux-x86_64; mkdir -p $$o; \
	gcc $(C_FLAGS) tests/c/test_vectors.c -L$$d -Wl,-rpath,$$d -loo_jwt $(C_LIBS) -o $$o/test_vectors && \
	echo "== linux-x86_64 (glibc $(GLIBC_FLOOR) floor): C vectors" && $(RUN_SUITE) $$o/vectors.log $$o/test_vectors $(OO_JWT_VECTORS) && \
	for e in $(PLAT_EXAMPLES); do \
	  gcc -std=c11 -Wall -Wextra -Werror -I$$d $(PLAT_SRC)/$$e.c -L$$d -Wl,-rpath,$$d -loo_jwt -lpthread -o $$o/$$e || exit 1; \
	done; $(RUN_PLAT) $$o "" $(PLAT_EXAMPLES)

# ARM64 under qemu-aarch64 with Debian's arm64 cross libc; cJSON is Debian's arm64 build (multiarch).
# Debian 12's qemu-user hangs in the guest's pthread_create on this machine, so the thread checks
# are skipped under it (they run natively, under Valgrind, ASan, musl and Wine). A hung qemu ignores
# SIGTERM, so each run is bounded by a generous SIGKILL timeout rather than left to hang CI.
QEMU_ARM := timeout -s KILL 600 qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu -E OO_JWT_NO_THREADS=1
test-aarch64: dist-libs plat-src
	@d=$(DIST_NATIVE)/linux-aarch64 o=$(PLAT_BUILD)/linux-aarch64; mkdir -p $$o/include; \
	ln -sfn /usr/include/cjson $$o/include/cjson; \
	aarch64-linux-gnu-gcc $(C_FLAGS) -I$$o/include tests/c/test_vectors.c -L$$d -Wl,-rpath,$$d -loo_jwt \
	    /usr/lib/aarch64-linux-gnu/libcjson.so.1 -lpthread -o $$o/test_vectors && \
	echo "== linux-aarch64 under qemu: C vectors" && $(RUN_SUITE) $$o/vectors.log $(QEMU_ARM) $$o/test_vectors $(OO_JWT_VECTORS) && \
	for e in $(PLAT_EXAMPLES); do \
	  aarch64-linux-gnu-gcc -std=c11 -Wall -Wextra -Werror -I$$d $(PLAT_SRC)/$$e.c -L$$d -Wl,-rpath,$$d -loo_jwt -lpthread \
	      -o $$o/$$e || exit 1; \
	done; $(RUN_PLAT) $$o "$(QEMU_ARM)" $(PLAT_EXAMPLES)

# The release libraries export no test entry point, so the panic boundary is checked per platform
# against a debug static library with the `selftest` feature (only the .a: no link step is needed),
# with the smoke test built with -DOO_SELFTEST: the platform's unwinder must carry the panic to the
# library's catch_unwind.
SELFTEST_TARGET := $(ROOT)/target/selftest
SELFTEST_STATIC := $(CARGO) rustc --locked --lib --crate-type staticlib --features selftest --target-dir $(SELFTEST_TARGET) --target

# cJSON for the vector runner where no package provides it (musl, Windows): tests/c/vendor/cjson.
CJSON_VENDOR := $(ROOT)/tests/c/vendor

# musl: the whole C vector suite against the .so (with the vendored cJSON); the examples and the smoke
# test against the .so (musl's dynamic loader) and the .a (static).
# The .a needs an unwinder, as on Alpine (-lgcc_eh there): Debian's libgcc_eh is built for glibc, so
# here it is the musl libunwind that rustup ships with the target. gcc leaves --eh-frame-hdr out of
# static links, and without it that unwinder finds no frame: a panic the library catches would abort.
MUSL_STATIC_LIBS := $(shell rustc --print sysroot 2>/dev/null)/lib/rustlib/x86_64-unknown-linux-musl/lib/self-contained/libunwind.a
test-musl: dist-libs plat-src
	@d=$(DIST_NATIVE)/linux-x86_64-musl o=$(PLAT_BUILD)/linux-x86_64-musl; mkdir -p $$o/static; \
	for e in $(PLAT_EXAMPLES); do \
	  musl-gcc -std=c11 -Wall -Wextra -Werror -I$$d $(PLAT_SRC)/$$e.c -L$$d -Wl,-rpath,$$d -loo_jwt -lpthread -o $$o/$$e || exit 1; \
	  musl-gcc -std=c11 -static -I$$d $(PLAT_SRC)/$$e.c $$d/liboo_jwt.a $(MUSL_STATIC_LIBS) -Wl,--eh-frame-hdr -o $$o/static/$$e || exit 1; \
	done; \
	readelf -l $$o/readme | grep -q 'ld-musl' || { echo "not linked against musl"; exit 1; }; \
	musl-gcc $(C_FLAGS) -I$(CJSON_VENDOR) tests/c/test_vectors.c $(CJSON_VENDOR)/cjson/cJSON.c -L$$d -Wl,-rpath,$$d \
	    -loo_jwt -lpthread -lm -o $$o/test_vectors || exit 1; \
	echo "== linux-x86_64-musl, shared: C vectors" && $(RUN_SUITE) $$o/vectors.log $$o/test_vectors $(OO_JWT_VECTORS) && \
	echo "== linux-x86_64-musl, shared" && $(RUN_PLAT) $$o "" $(PLAT_EXAMPLES) && \
	echo "== linux-x86_64-musl, static" && $(RUN_PLAT) $$o/static "" $(PLAT_EXAMPLES) && \
	echo "== linux-x86_64-musl, static, a panic caught (selftest build)" && \
	$(SELFTEST_STATIC) x86_64-unknown-linux-musl && \
	musl-gcc -std=c11 -Wall -Wextra -Werror -static -DOO_SELFTEST -I$$d $(PLAT_SRC)/platform_smoke.c \
	    $(SELFTEST_TARGET)/x86_64-unknown-linux-musl/debug/liboo_jwt.a $(MUSL_STATIC_LIBS) -Wl,--eh-frame-hdr \
	    -o $$o/static/selftest_smoke && $(RUN_PLAT) $$o/static "" selftest_smoke

# Windows: the DLL's imports (system DLLs only) and exports (oo_* only, as the header declares), the
# header as MSVC's compiler reads it (clang in MSVC mode), then the whole C vector suite (with the
# vendored cJSON) against the DLL, and the examples and the smoke test built with mingw-w64 against
# the import library and against the static library, run under Wine.
WIN_SYSTEM_DLLS := ^(api-ms-win-[a-z0-9-]+|kernel32|ntdll|msvcrt|advapi32|bcrypt|bcryptprimitives|userenv|ws2_32)\.dll$$
WIN_STATIC_LIBS := -lws2_32 -luserenv -lbcrypt -lntdll -ladvapi32 -lkernel32
WINE := env WINEPREFIX=$(PLAT_BUILD)/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=' /usr/lib/wine/wine64
test-windows: dist-libs plat-src
	@d=$(DIST_NATIVE)/windows-x86_64 o=$(PLAT_BUILD)/windows-x86_64; mkdir -p $$o/static; \
	bad=$$(objdump -p $$d/oo_jwt.dll | awk '/DLL Name:/{print tolower($$3)}' | grep -Ev '$(WIN_SYSTEM_DLLS)' || true); \
	[ -z "$$bad" ] || { echo "oo_jwt.dll needs non-system DLLs: $$bad"; exit 1; }; \
	diff <(bash .ci/dll-exports $$d/oo_jwt.dll) <(grep -oE '\boo_[a-z_]+\(' include/oo_jwt.h | tr -d '(' | sort -u) \
	    || { echo "oo_jwt.dll exports differ from the header's functions"; exit 1; }; \
	echo "oo_jwt.dll: imports only system DLLs, exports exactly the header's oo_* functions"; \
	for x in c c++; do clang --target=x86_64-pc-windows-msvc -ffreestanding -fms-extensions -fsyntax-only -Wall -Werror \
	    -x $$x include/oo_jwt.h || { echo "include/oo_jwt.h does not compile as MSVC $$x"; exit 1; }; done; \
	echo "include/oo_jwt.h: compiles as C and C++ for x86_64-pc-windows-msvc"; \
	for e in $(PLAT_EXAMPLES); do \
	  x86_64-w64-mingw32-gcc -std=c11 -Wall -Wextra -Werror -I$$d $(PLAT_SRC)/$$e.c $$d/liboo_jwt.dll.a -o $$o/$$e.exe || exit 1; \
	  x86_64-w64-mingw32-gcc -std=c11 -static -I$$d $(PLAT_SRC)/$$e.c $$d/liboo_jwt.a $(WIN_STATIC_LIBS) -o $$o/static/$$e.exe || exit 1; \
	done; cp $$d/oo_jwt.dll $$o/; \
	x86_64-w64-mingw32-gcc $(C_FLAGS) -I$(CJSON_VENDOR) tests/c/test_vectors.c $(CJSON_VENDOR)/cjson/cJSON.c \
	    $$d/liboo_jwt.dll.a -static -lpthread -o $$o/test_vectors.exe || exit 1; \
	$(WINE) wineboot -i >/dev/null 2>&1 || true; \
	if [ ! -e $(PLAT_BUILD)/wineprefix/drive_c/windows/system32/bcryptprimitives.dll ]; then \
	  echo "(this Wine has no bcryptprimitives.dll: tests/c/wine_bcryptprimitives.c stands in for it)"; \
	  x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror tests/c/wine_bcryptprimitives.c -lbcrypt -o $$o/bcryptprimitives.dll && \
	  cp $$o/bcryptprimitives.dll $$o/static/ || exit 1; fi; \
	echo "== windows-x86_64 under Wine, oo_jwt.dll: C vectors" && \
	(cd $$o && $(RUN_SUITE) $$o/vectors.log $(WINE) ./test_vectors.exe $(OO_JWT_VECTORS)) && \
	echo "== windows-x86_64 under Wine, oo_jwt.dll" && $(RUN_PLAT) $$o "$(WINE)" $(addsuffix .exe,$(PLAT_EXAMPLES)) && \
	echo "== windows-x86_64 under Wine, static" && $(RUN_PLAT) $$o/static "$(WINE)" $(addsuffix .exe,$(PLAT_EXAMPLES)) && \
	echo "== windows-x86_64 under Wine, static, a panic caught (selftest build)" && \
	$(SELFTEST_STATIC) x86_64-pc-windows-gnu && \
	x86_64-w64-mingw32-gcc -std=c11 -Wall -Wextra -Werror -static -DOO_SELFTEST -I$$d $(PLAT_SRC)/platform_smoke.c \
	    $(SELFTEST_TARGET)/x86_64-pc-windows-gnu/debug/liboo_jwt.a $(WIN_STATIC_LIBS) -o $$o/static/selftest_smoke.exe && \
	$(RUN_PLAT) $$o/static "$(WINE)" selftest_smoke.exe

# The Go wrapper cross-compiled for Windows (cgo with mingw-w64, the static archive staged from
# dist/native into bindings/go/lib/windows-amd64/, linked by bindings/go/link_static_windows_amd64.go)
# and run under Wine: its xsign command signs, verifies, and refuses a wrong secret. (The Go test
# suite itself measures memory with glibc's mallinfo2.)
test-windows-go: test-windows
	@$(MAKE) -s --no-print-directory -C bindings/go deps stage-dist-libs
	@o=$(PLAT_BUILD)/windows-x86_64; \
	cd bindings/go && GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOTOOLCHAIN=local \
	    GOMODCACHE=$${GOMODCACHE:-$$HOME/.cache/oo-jwt/go-mod} \
	    $$(command -v go || echo /usr/local/go/bin/go) build -o $$o/static/xsign.exe ./cmd/xsign || exit 1; \
	cd $$o/static && secret=go-on-windows-secret-0123456789ab && \
	tok=$$($(WINE) ./xsign.exe sign $$secret '{"key":"Khirz6zTPdfd7","status":2}' | tr -d '\r') && \
	[ "$$($(WINE) ./xsign.exe verify $$secret "$$tok" | tr -d '\r')" = '{"key":"Khirz6zTPdfd7","status":2}' ] && \
	[ "$$($(WINE) ./xsign.exe verify wrong-secret-0123456789abcdefghij "$$tok" 2>&1 | tr -d '\r')" = "error: bad_signature" ] && \
	echo "== windows-x86_64 under Wine, Go wrapper (static): sign, verify, wrong secret refused: ok" || \
	{ echo "Go wrapper under Wine: FAILED"; exit 1; }

# Packages (make dist, make test-dist): packaging/dist.mk.
include packaging/dist.mk

# --- C# (NuGet) packaging: dist/nuget/OoJwt.<version>.nupkg and OoJwt.AspNet.<version>.nupkg, built
# without the .NET SDK from the Mono build and dist/native/; test-dist-csharp checks the layout and runs
# the README's Mono program from the package in a scratch directory outside the repository.
.PHONY: dist-csharp test-dist-csharp
dist-csharp: dist-libs
	@$(MAKE) -s --no-print-directory -C bindings/csharp dist DIST_NATIVE=$(DIST_NATIVE) DIST_NUGET=$(ROOT)/dist/nuget

test-dist-csharp: dist-csharp
	@$(MAKE) -s --no-print-directory -C bindings/csharp test-dist DIST_NUGET=$(ROOT)/dist/nuget

# PHP packaging: the Composer package oo-jwt/oo-jwt with every platform's library, in dist/php/
# (a zip for an `artifact` repository and the same unpacked for a `path` one), and its install test
# (bindings/php/Makefile: dist, test-dist).
.PHONY: dist-php test-dist-php
dist-php: dist-libs
	$(MAKE) -C bindings/php dist

test-dist-php: dist-php
	$(MAKE) -C bindings/php test-dist

# C package: `make dist-c` writes dist/c/oo_jwt-<version>-<platform>.tar.gz from dist/native/ (header,
# libraries, lib/pkgconfig/oo_jwt.pc, the CMake config in lib/cmake/oo_jwt/, LICENSE, README;
# packaging/c/dist.sh). `make test-dist-c` runs the README's C section in a scratch directory outside
# the repository (CMake and pkg-config, shared and static), checks every tarball's layout, builds the
# example against the Windows tarball with mingw-w64 and runs it under Wine (packaging/c/test-dist.sh).
DIST_C_BUILD := $(PLAT_BUILD)/dist-c
.PHONY: dist-c test-dist-c
dist-c: dist-libs
	@timeout 300 bash packaging/c/dist.sh $(ROOT) $(ROOT)/dist/c

test-dist-c: dist-c
	@bash .ci/ensure-apt cmake:cmake pkg-config:pkg-config gcc:gcc
	@mkdir -p $(DIST_C_BUILD); $(WINE) wineboot -i >/dev/null 2>&1 || true; extra=; \
	if [ ! -e $(PLAT_BUILD)/wineprefix/drive_c/windows/system32/bcryptprimitives.dll ]; then \
	  x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror tests/c/wine_bcryptprimitives.c -lbcrypt \
	      -o $(DIST_C_BUILD)/bcryptprimitives.dll && extra=$(DIST_C_BUILD)/bcryptprimitives.dll || exit 1; fi; \
	WINE_EXTRA_DLL=$$extra timeout 900 bash packaging/c/test-dist.sh $(ROOT) "$(WINE)"

# Packaging, Go: the module github.com/oo-jwt/oo-jwt-go with each platform's static archive inside,
# written to dist/go/ and used from a scratch module outside the repository (bindings/go/Makefile).
.PHONY: dist-go test-dist-go
dist-go: dist-libs
	@$(MAKE) -s --no-print-directory -C bindings/go deps dist
test-dist-go: dist-go
	@$(MAKE) -s --no-print-directory -C bindings/go test-dist

# Packaging, Ruby: platform gems (x86_64-linux, aarch64-linux, x86_64-linux-musl, x64-mingw-ucrt) with
# the library inside and the source gem, written to dist/ruby/ and installed into a scratch GEM_HOME
# (bindings/ruby/Makefile).
.PHONY: dist-ruby test-dist-ruby
dist-ruby: dist-libs
	@$(MAKE) -s --no-print-directory -C bindings/ruby dist
test-dist-ruby: dist-ruby
	@$(MAKE) -s --no-print-directory -C bindings/ruby test-dist
