#!/usr/bin/env bash
# Line and branch coverage (gcc --coverage, gcovr) per layer, as a quality gate
# (docs/reliability.md#coverage).
#
#   COVERAGE_SUITES=all   (default) every C++ test suite of ctest (unit and integration, the
#                         PostgreSQL ones on their throwaway cluster); the end-to-end suite is
#                         not part of it
#   COVERAGE_SUITES=core  the suites that exercise domain and application: domain_tests,
#                         application_tests, use_case_tests (what CI runs: a fraction of the
#                         build)
#
# Prints line and branch coverage of each layer, writes the HTML report to
# build-coverage/coverage/index.html, and fails when domain + application line coverage is
# below COVERAGE_FLOOR (percent; the figure measured when the gate was set, see the docs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build-coverage
FLOOR=${COVERAGE_FLOOR:-$(grep -v '^#' tests/coverage/floor.txt | tr -d '[:space:]')}
SUITES=${COVERAGE_SUITES:-all}
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true

bash scripts/setup.sh --test
bash scripts/setup.sh --coverage
cmake --preset coverage >/dev/null
find "$BUILD" -name '*.gcda' -delete 2>/dev/null || true
case $SUITES in
  core)
    cmake --build --preset coverage -j2 --target domain_tests application_tests use_case_tests
    for suite in domain_tests application_tests use_case_tests; do
      "$BUILD/tests/$suite" --gtest_brief=1
    done
    ;;
  all)
    cmake --build --preset coverage -j2
    ctest --test-dir "$BUILD" -j2 --output-on-failure -L unit
    ;;
  *)
    echo "COVERAGE_SUITES must be all or core" >&2
    exit 2
    ;;
esac

mkdir -p "$BUILD/coverage"
# One JSON of every source under src/ (generated and test files left out), then one summary
# per layer from it. Branches of exception paths the compiler adds are not the code's own.
gcovr --root "$ROOT" --object-directory "$BUILD" --filter "$ROOT/src/" --exclude '.*_test\.cpp$' \
  --exclude-directories '.*/CMakeFiles/[0-9.]+$' \
  --exclude '.*test_support\.hpp$' --exclude-throw-branches --exclude-unreachable-branches \
  --json "$BUILD/coverage/all.json" --html-details "$BUILD/coverage/index.html" \
  --html-title "rampart coverage ($SUITES suites)" --print-summary >/dev/null

status=0
(python3 - "$BUILD/coverage/all.json" "$FLOOR" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
floor = float(sys.argv[2])
layers = {}
for f in data["files"]:
    parts = f["file"].split("/")
    layer = parts[1] if parts[1] != "infrastructure" else "infrastructure"
    if parts[1] == "api": layer = "api"
    totals = layers.setdefault(layer, [0, 0, 0, 0])
    for line in f["lines"]:
        if line.get("gcovr/noncode"): continue
        totals[0] += 1
        totals[1] += line["count"] > 0
        for branch in line.get("branches", []):
            totals[2] += 1
            totals[3] += branch["count"] > 0
def pct(a, b): return 100.0 * b / a if a else 0.0
print(f"{'layer':16} {'lines':>8} {'line %':>7} {'branches':>9} {'branch %':>8}")
for layer in sorted(layers):
    l, lc, b, bc = layers[layer]
    print(f"{layer:16} {l:8} {pct(l, lc):7.1f} {b:9} {pct(b, bc):8.1f}")
core = [layers.get(k, [0, 0, 0, 0]) for k in ("domain", "application")]
lines = sum(c[0] for c in core); covered = sum(c[1] for c in core)
figure = pct(lines, covered)
print(f"domain + application: {figure:.1f} % of {lines} lines (floor {floor:.1f} %)")
sys.exit(0 if figure + 1e-9 >= floor else 1)
EOF
) || status=$?
echo "HTML report: $BUILD/coverage/index.html"
exit $status
