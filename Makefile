# oo-jwt: `make` builds the release libraries, the header and the CLI; `make test` runs every suite,
# installing what it needs when it is missing. See README.md.

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

.PHONY: all release test deps test-rust test-c test-examples header-check lint bench conformance \
        $(addprefix test-,$(BINDINGS)) $(addprefix bench-,$(BINDINGS))

all: release

release:
	$(CARGO) build --release --locked

# Tools the C suites need (the bindings install their own runtimes).
deps:
	@bash .ci/ensure-apt gcc:gcc valgrind:valgrind clang:clang pkg-config:pkg-config \
	    /usr/include/cjson/cJSON.h:libcjson-dev

test: release header-check test-rust test-c test-examples $(addprefix test-,$(BINDINGS))
	@echo "make test: every suite passed"

test-rust:
	$(CARGO) test --locked --release

header-check: release
	@git diff --exit-code -- include/oo_jwt.h || { echo "include/oo_jwt.h changed when regenerated: commit it"; exit 1; }

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

$(addprefix test-,$(BINDINGS)): test-%: release
	@if [ -f bindings/$*/Makefile ]; then $(MAKE) -C bindings/$* test; else echo "bindings/$*: not present"; fi

$(addprefix bench-,$(BINDINGS)): bench-%: release
	@if [ -f bindings/$*/Makefile ]; then $(MAKE) -C bindings/$* bench; fi

bench: release $(addprefix bench-,$(BINDINGS))
