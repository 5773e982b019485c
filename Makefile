# Thin wrapper over CMake presets. Every target does its own set-up on a fresh Debian bookworm
# machine (scripts/setup.sh installs what is missing with apt).
SHELL := /bin/bash
BUILD := build
# ccache hits across clones of the repository in different folders.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all setup configure build run test bench format clean \
	fuzz fuzz-regress sanitize tsan coverage tidy
# rampart:begin(deploy)
.PHONY: deploy-check
# rampart:end
# rampart:begin(postgres & redis)
.PHONY: soak
# rampart:end
# rampart:begin(template)
.PHONY: template-check
# rampart:end

all: build

setup:
	@bash scripts/setup.sh

configure: setup
	@cmake --preset default >/dev/null

build: configure
	@cmake --build --preset default --target rampart

# Start the service on the embedded default (SQLite under ./data, no other dependency).  # rampart:only(sqlite)
# rampart:begin(sqlite)
# rampart:else
# # Start the service on the PostgreSQL database RAMPART_DATABASE_URL names (there is no default;
# # without it the service refuses to start): RAMPART_DATABASE_URL=postgresql://... make run
# rampart:end
run: build
	./$(BUILD)/rampart serve

# Build everything and run every suite (unit, integration, architecture, end-to-end) via ctest.
test:
	@bash scripts/setup.sh --test
	@cmake --preset default >/dev/null
	@cmake --build --preset default
	@cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error
	@cd tests/aws && npm ci --no-audit --no-fund --loglevel=error
# rampart:begin(iam)
	@cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error
# rampart:end
	@ctest --preset default

# rampart:begin(deploy)
# Offline checks of the deployment artefacts (tests/deploy/README.md): the Terraform checker
# against the AWS provider's schema, the Dockerfile's runtime stage rebuilt with debootstrap and
# run (as root: chroot and namespaces), the Compose files and the GitHub workflows.
deploy-check: build
	@bash scripts/setup.sh --deploy
	@cd tests/deploy && npm ci --no-audit --no-fund --loglevel=error
	@cd tests/deploy && node --test --test-reporter=spec .
# rampart:end

# rampart:begin(postgres & redis)
# The soak run (tests/soak/soak.test.mjs): SOAK_SECONDS (default 600) of mixed load on a private
# PostgreSQL + Redis + SMTP peer, then its invariants (no 5xx, RSS, files, connections, writes,
# audit, mail). ctest's soak.short runs the same for 60 s in `make test`.
SOAK_SECONDS ?= 600
soak: build
	@bash scripts/setup.sh --test
	@cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error
	@cd tests/soak && SOAK_SECONDS=$(SOAK_SECONDS) RAMPART_BIN=$(CURDIR)/$(BUILD)/rampart \
	  timeout $$(( $(SOAK_SECONDS) + 300 )) node --test --test-reporter=spec soak.test.mjs
# rampart:end
# rampart:begin(template)
# Generates `orders` with the smallest and the largest choice and runs each one's `make test`
# (scripts/template_check.sh, docs/template.md): two full builds, so not part of `make test`.
template-check:
	@bash scripts/template_check.sh
# rampart:end
# --- reliability and security checks (docs/reliability.md) ---------------------------------
# Every libFuzzer harness of fuzz/ for FUZZ_SECONDS each (clang 16, ASan + UBSan, build-fuzz/).
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh run
# Every harness once over its checked-in corpus, then briefly (what CI runs).
fuzz-regress:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh ci
# The unit suites and the end-to-end suite on an ASan + UBSan build (LeakSanitizer on).
sanitize:
	@bash scripts/sanitize.sh asan
# The concurrency-heavy suites on a ThreadSanitizer build.
tsan:
	@bash scripts/sanitize.sh tsan
# Line and branch coverage per layer, HTML report in build-coverage/coverage/index.html; fails
# below the floor for domain + application (COVERAGE_FLOOR).
coverage:
	@bash scripts/coverage.sh
# clang-tidy 16 (.clang-tidy) on the lines changed since TIDY_BASE (default: the merge base with
# main; on main, the previous commit), failing on any warning on a changed line.
tidy:
	@bash scripts/tidy.sh

bench: configure
	@bash bench/run.sh

format:
	@find src tests bench -name '*.[ch]pp' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
