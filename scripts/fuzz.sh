#!/usr/bin/env bash
# The libFuzzer harnesses of fuzz/ (docs/reliability.md#fuzzing): build them (clang 16, ASan +
# UBSan, the `fuzz` preset into build-fuzz/) and run them.
#
#   scripts/fuzz.sh run [NAME...]      each harness for FUZZ_SECONDS (default 60), starting from
#                                      its checked-in corpus; new inputs go to build-fuzz/corpus/
#   scripts/fuzz.sh regress [NAME...]  each harness once over its checked-in corpus (no mutation)
#   scripts/fuzz.sh ci                 regress, then every harness for FUZZ_SECONDS (CI: short)
#   scripts/fuzz.sh merge [NAME...]    minimise build-fuzz/corpus/NAME into fuzz/corpus/NAME
#
# A crash, leak, timeout or failed FUZZ_CHECK leaves its input in build-fuzz/artifacts/NAME/
# and makes the script exit 1 (after the other harnesses ran). Every run appends its numbers
# (executions, exec/s, edges covered, features, corpus size) to build-fuzz/fuzz-runs.tsv and
# prints them as a table. Fuzzers run one process each, at low priority (nice): the machine's
# two cores are shared.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build-fuzz
SECONDS_EACH=${FUZZ_SECONDS:-60}
# ccache hits across clones of the repository in different folders.
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true

all_harnesses() {
  for source in fuzz/*_fuzzer.cpp; do
    basename "$source" _fuzzer.cpp
  done
}

build() {
  bash scripts/setup.sh --fuzz
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j"${FUZZ_BUILD_JOBS:-2}" --target fuzzers
}

# run NAME LABEL ARGS...: one libFuzzer process; appends its numbers to the table.
run_one() {
  local name=$1 label=$2
  shift 2
  local binary=$BUILD/fuzz/${name}_fuzzer log=$BUILD/logs/$name.$label.log
  mkdir -p "$BUILD/artifacts/$name" "$BUILD/logs"
  local dict=()
  [ -f "fuzz/dict/$name.dict" ] && dict=(-dict="fuzz/dict/$name.dict")
  local status=0
  # detect_leaks: the harnesses keep their fixtures in statics, never per input.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    nice -n 10 "$binary" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$BUILD/artifacts/$name/" "${dict[@]}" "$@" >"$log" 2>&1 || status=$?
  local runs speed cov ft corpus
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$label" \
    "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$status" >>"$BUILD/fuzz-runs.tsv"
  printf '%-16s %-8s %12s %8s %6s %6s %6s  %s\n' "$name" "$label" "${runs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$([ "$status" = 0 ] && echo ok || echo "FAILED ($log)")"
  if [ "$status" != 0 ]; then
    grep -E 'ERROR: |FUZZ_CHECK|SUMMARY: |Test unit written' "$log" | head -5 >&2 || true
    return 1
  fi
}

header() {
  printf '%-16s %-8s %12s %8s %6s %6s %6s  %s\n' harness mode executions exec/s cov ft corpus result
}

regress() {
  local failed=0
  for name in "$@"; do
    run_one "$name" regress -runs=0 "fuzz/corpus/$name" || failed=1
  done
  return $failed
}

fuzz_for() {
  local failed=0
  for name in "$@"; do
    mkdir -p "$BUILD/corpus/$name"
    run_one "$name" fuzz -max_total_time="$SECONDS_EACH" "$BUILD/corpus/$name" "fuzz/corpus/$name" ||
      failed=1
  done
  return $failed
}

merge() {
  for name in "$@"; do
    nice -n 10 "$BUILD/fuzz/${name}_fuzzer" -merge=1 "fuzz/corpus/$name" "$BUILD/corpus/$name" \
      2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' || true
  done
}

mode=${1:-run}
shift || true
names=("$@")
[ ${#names[@]} -eq 0 ] && mapfile -t names < <(all_harnesses)

build
header
case $mode in
  run) fuzz_for "${names[@]}" ;;
  regress) regress "${names[@]}" ;;
  ci)
    status=0
    regress "${names[@]}" || status=1
    fuzz_for "${names[@]}" || status=1
    exit $status
    ;;
  merge) merge "${names[@]}" ;;
  *)
    echo "usage: $0 run|regress|ci|merge [harness...]" >&2
    exit 2
    ;;
esac
