#!/usr/bin/env bash
# `make template-check` (docs/template.md#checking-the-template): generates `orders` with the
# smallest and the largest choice, as a new user would, and runs each one's `make test` (setup,
# full build, every ctest suite). Both are generated into the same folder one after the other,
# so that ccache (CCACHE_BASEDIR: the service's folder) serves the second build every file the
# two share. Each variant's time goes to stdout; the trees stay in TEMPLATE_CHECK_DIR.
#
#   bash scripts/template_check.sh [smallest|largest|largest-none|postgres|postgres-smallest ...]
#                                          (default: smallest largest)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${TEMPLATE_CHECK_DIR:-$root/build-template-check}
declare -A choices=(
  [smallest]="--db sqlite --cache memory --queue local --iam none --no-deploy"
  [largest]="--db both --cache redis --queue sqs --deploy"
  [largest-none]="--db both --cache redis --queue sqs --iam none --deploy"
  [postgres]="--db postgres --cache redis --queue sqs --deploy"
  [postgres-smallest]="--db postgres --cache memory --queue local --iam none --no-deploy"
)
variants=("$@")
((${#variants[@]})) || variants=(smallest largest)

mkdir -p "$work"
for variant in "${variants[@]}"; do
  [[ -n ${choices[$variant]:-} ]] || { echo "template-check: unknown variant $variant" >&2; exit 2; }
  rm -rf "${work:?}/orders" "${work:?}/orders-$variant"
  # shellcheck disable=SC2086 # the choices are words
  python3 "$root/scripts/new_service.py" orders --dir "$work/orders" ${choices[$variant]}
  start=$(date +%s)
  (cd "$work/orders" && CCACHE_BASEDIR="$work/orders" CCACHE_NOHASHDIR=true make test)
  echo "template-check: $variant (${choices[$variant]}): make test passed in $(($(date +%s) - start)) s"
  mv "$work/orders" "$work/orders-$variant"
done
