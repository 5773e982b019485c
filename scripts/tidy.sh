#!/usr/bin/env bash
# clang-tidy with the checked-in .clang-tidy as a gate on new warnings
# (docs/reliability.md#static-analysis): a warning on a line changed since TIDY_BASE fails the
# run; warnings on lines nobody touched do not (the code base had some when the gate came).
#
# TIDY_BASE defaults to the merge base with main; on main itself (CI after a landing), to the
# previous commit on main, i.e. what the last landing changed. clang-tidy-diff (LLVM 16) runs
# clang-tidy 16 on the changed .cpp files with the default preset's compile commands and keeps
# the warnings on changed lines (a changed header's lines count when a changed .cpp includes it).
# -std=c++2b (clang 16 does not know the spelling c++23 that g++ uses) and
# -D__cpp_concepts=202002L: libstdc++ 12's <expected> needs it under clang
# (cmake/clang_compat.cmake). fuzz/ harnesses are compiled by the fuzz preset only and are
# checked by `make fuzz`'s build (-Wall -Wextra), not here.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true

bash scripts/setup.sh --tidy
# The compile commands, and the generated sources some files include.
bash scripts/setup.sh
cmake --preset default >/dev/null

base=${TIDY_BASE:-}
if [ -z "$base" ]; then
  base=$(git merge-base HEAD main 2>/dev/null || git rev-parse HEAD)
  [ "$base" = "$(git rev-parse HEAD)" ] && base=$(git rev-parse --verify -q HEAD^ || echo "$base")
fi
changed=$(git diff --name-only --diff-filter=d "$base" -- 'src/*.cpp' 'tests/*.cpp' | wc -l)
echo "tidy: $changed .cpp file(s) changed since ${base:0:12}"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
git diff -U0 --diff-filter=d "$base" -- 'src/*' 'tests/*' |
  nice -n 10 clang-tidy-diff-16.py -p1 -path build -j "${TIDY_JOBS:-2}" -iregex '.*\.(cpp|hpp)' \
    -quiet -extra-arg=-std=c++2b -extra-arg=-D__cpp_concepts=202002L -extra-arg=-Wno-macro-redefined \
    -extra-arg=-Wno-unknown-warning-option >"$out" 2>/dev/null || true

# clang 16 cannot instantiate every use of libstdc++ 12's std::expected (copying one is
# "implicitly deleted" for it): such compiler errors are not warnings of ours and do not fail
# the gate; the checks still run on the rest of the file.
errors=$(grep -cE '\[clang-diagnostic-error\]$' "$out" || true)
[ "${errors:-0}" -gt 0 ] && echo "tidy: note: $errors clang 16 compile error(s) ignored (std::expected)"
warnings=$(grep -cE '^/.*:[0-9]+:[0-9]+: warning: .*\]$' "$out" || true)
if [ "${warnings:-0}" -gt 0 ]; then
  echo "tidy: $warnings new warning(s) on changed lines:" >&2
  grep -E -A3 '^/.*:[0-9]+:[0-9]+: warning: ' "$out" | sed "s#$PWD/##" >&2
  exit 1
fi
echo "tidy: no new warnings"
