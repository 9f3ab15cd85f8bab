# Packages: `make dist` writes one package per ecosystem into dist/ (README.md, "Packages"), all
# carrying Cargo.toml's version and the libraries `make dist-libs` builds into dist/native/, then
# dist/SHA256SUMS; `make test-dist` installs each into a scratch project outside the repository (no
# OO_JWT_* or LD_LIBRARY_PATH) and signs and verifies through it (tests/dist/).
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' $(ROOT)/Cargo.toml | head -1)
DIST := $(ROOT)/dist
# Build tools for the Python packages (build, setuptools, wheel, auditwheel), pinned, from PyPI.
DIST_TOOLS := $(ROOT)/target/dist-tools
DIST_PY := $(DIST_TOOLS)/bin/python
DIST_TOOL_PINS := build==1.2.2.post1 setuptools==75.8.0 wheel==0.45.1 auditwheel==6.2.0
# Everything a test-dist scratch project sees of this shell: no OO_JWT_*, no LD_LIBRARY_PATH.
DIST_ENV := env -i HOME=$(HOME) PATH=$(PATH) LANG=C.UTF-8 CARGO_BUILD_JOBS=$${CARGO_BUILD_JOBS:-2}

.PHONY: dist dist-tools dist-versions dist-python dist-node dist-java test-dist test-dist-python test-dist-node test-dist-java

dist-tools:
	@bash .ci/ensure-apt -:python3-venv unzip:unzip zip:zip node:nodejs npm:npm
	@[ -f $(DIST_TOOLS)/.installed ] || { rm -rf $(DIST_TOOLS) && python3 -m venv $(DIST_TOOLS) && \
	    $(DIST_TOOLS)/bin/pip install -q --disable-pip-version-check $(DIST_TOOL_PINS) && touch $(DIST_TOOLS)/.installed; }

dist-versions: dist-tools
	@bash packaging/check-versions.sh $(ROOT) $(VERSION)

dist-python: dist-libs dist-tools dist-versions
	@bash packaging/python.sh $(ROOT) $(VERSION) $(DIST_PY)

dist-node: dist-libs dist-tools dist-versions
	@bash packaging/node.sh $(ROOT)

dist-java: dist-libs dist-versions
	@bash .ci/ensure-apt javac:openjdk-17-jdk-headless mvn:maven
	@bash packaging/java.sh $(ROOT) $(VERSION)

dist: dist-python dist-node dist-java dist-csharp dist-php dist-c dist-go dist-ruby
	@cd $(DIST) && rm -f SHA256SUMS && find . -type f ! -path ./SHA256SUMS | LC_ALL=C sort | xargs sha256sum > $(ROOT)/target/SHA256SUMS.tmp && \
	    mv $(ROOT)/target/SHA256SUMS.tmp SHA256SUMS
	@echo "make dist: version $(VERSION), $$(wc -l < $(DIST)/SHA256SUMS) files in dist/ (dist/SHA256SUMS)"

test-dist: dist test-dist-python test-dist-node test-dist-java test-dist-csharp test-dist-php test-dist-c test-dist-go test-dist-ruby
	@cd $(DIST) && sha256sum --quiet -c SHA256SUMS && echo "test-dist: dist/SHA256SUMS matches every file"

test-dist-python: dist
	@$(DIST_ENV) timeout -s KILL 900 bash tests/dist/python.sh $(DIST) $(VERSION) $(DIST_PY)

test-dist-node: dist
	@$(DIST_ENV) timeout -s KILL 300 bash tests/dist/node.sh $(DIST) $(ROOT)/target/dist/node-deps

test-dist-java: dist
	@$(DIST_ENV) timeout -s KILL 300 bash tests/dist/java.sh $(DIST) $(VERSION)
