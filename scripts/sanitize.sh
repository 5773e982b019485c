#!/usr/bin/env bash
# The test suites on sanitizer builds (docs/reliability.md#sanitizers-and-static-analysis).
#
#   scripts/sanitize.sh asan   every unit suite and the end-to-end suite (on SQLite) on the  # rampart:only(sqlite)
# rampart:begin(sqlite)
# rampart:else
# #   scripts/sanitize.sh asan   every unit suite and the end-to-end suite (on PostgreSQL) on the
# rampart:end
#                              `debug` preset: g++, AddressSanitizer + UndefinedBehaviorSanitizer,
#                              LeakSanitizer on (build-debug/)
#   scripts/sanitize.sh tsan   the concurrency-heavy suites (worker pool and server, caches,
#                              outbox, PostgreSQL pipeline, the race suites) on the `tsan` preset
#                              (build-tsan/), suppressions in tests/sanitizers/tsan.supp
#
# Every process (test executables, the rampart servers the end-to-end tests start, the CLI)
# writes its sanitizer reports to <build>/sanitizer-logs/; the run fails when a suite fails or
# when any report was written, and prints the reports. SANITIZE_TESTS narrows the ctest regex,
# SANITIZE_TARGETS the build (space-separated targets; default: what the mode needs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true
mode=${1:-asan}

bash scripts/setup.sh --test

case $mode in
  asan)
    preset=debug
    build_dir=$ROOT/build-debug
    tests=${SANITIZE_TESTS:-.}
    exclude='^$'
    # rampart:begin(postgres)
    # rampart:begin(sqlite)
    # e2e.http.postgres: the same end-to-end files again on PostgreSQL, which exercises no C++
    # the SQLite run and the PostgreSQL unit suites do not (CI time, docs/reliability.md).
    # fault.postgres: kill -9 timing under a 3x slower binary.
    exclude='^(e2e\.http\.postgres|fault\.postgres)$'
    # rampart:else
    # # fault.postgres: kill -9 timing under a 3x slower binary.
    # exclude='^fault\.postgres$'
    # rampart:end
    # rampart:end
    # rampart:begin(template)
    # template.generator: the generator's own Python tests, no binary of ours (CI time).
    exclude="^template\.generator$|$exclude"
    # rampart:end
    # shellcheck disable=SC2206 # target names: split on whitespace
    targets=(${SANITIZE_TARGETS:-})  # default: everything (the unit suites, the binary)
    ;;
  tsan)
    preset=tsan
    build_dir=$ROOT/build-tsan
    default_targets="http_server_tests middleware_tests cache_memory_tests use_case_tests
             messaging_local_tests application_tests http_client_tests resilience_tests security_tests"
    default_targets+=" race_tests"  # rampart:only(iam)
    default_tests="HttpServer|Server|WorkerPool|RunBlocking|InFlight|MemoryCache|Cache|RateLimit|Race|OutboxDispatcher|VisibilityHeartbeat|LocalQueue|HttpClient|Dependency|CircuitBreaker|Jwks"
    default_targets+=" cache_redis_tests rate_limit_redis_tests"  # rampart:only(redis)
    default_tests+="|Redis"  # rampart:only(redis)
    default_targets+=" postgres_tests"  # rampart:only(postgres)
    default_tests+="|Postgres|Pg|postgres\."  # rampart:only(postgres)
    # shellcheck disable=SC2206
    targets=(${SANITIZE_TARGETS:-$default_targets})
    tests=${SANITIZE_TESTS:-^($default_tests)}
    exclude='^$'
    ;;
  *)
    echo "usage: $0 asan|tsan" >&2
    exit 2
    ;;
esac

logs=$build_dir/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
# abort_on_error: a report kills the process (a test then fails); log_path: reports also of
# processes whose exit status no test reads (servers stopped by SIGKILL).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:log_path=$logs/asan"
export LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$ROOT/tests/sanitizers/tsan.supp:log_path=$logs/tsan"

cmake --preset "$preset" >/dev/null
if [ ${#targets[@]} -eq 0 ]; then
  cmake --build --preset "$preset" -j2
else
  cmake --build --preset "$preset" -j2 --target "${targets[@]}"
fi
if [ "$mode" = asan ] && [ -z "${SANITIZE_TARGETS:-}" ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  (cd tests/aws && npm ci --no-audit --no-fund --loglevel=error)
  (cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error)  # rampart:only(iam)
fi
# Tells the Node suites they drive a sanitizer build (tests/soak: no RSS bound under ASan).
export SANITIZE_MODE=$mode

status=0
ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 1200 -R "$tests" -E "$exclude" || status=1

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
  echo "sanitize ($mode): sanitizer reports were written:" >&2
  for report in $reports; do
    echo "--- $report" >&2
    head -60 "$report" >&2
  done
  status=1
fi
exit $status
