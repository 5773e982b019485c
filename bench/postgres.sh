#!/usr/bin/env bash
# PostgreSQL rows of the benchmark: rampart on a PostgreSQL 15 cluster holding 1,000,000 users,
# next to `pgbench -S` (select-only) against the same cluster in the same run as the baseline.
#
#   bash bench/postgres.sh [--duration 10] [--warmup 2] [--connections 64] [--users 1000000]
#                          [--build-dir build] [--no-build] [--results DIR]
#
# It starts its own cluster (tests/services/postgres.sh; durable settings: fsync and
# synchronous_commit on) and its own rampart, and stops both by PID on exit. Nothing is pinned:
# rampart, PostgreSQL and the load generator share the machine's cores, as they would on one box.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root lua_dir="$repo_root/bench/lua" sql_dir="$repo_root/bench/sql"

duration=10
warmup=2
connections=64
users=1000000
build_dir="build"
do_build=1
results_dir=""

Die() { echo "bench/postgres: error: $*" >&2; exit 1; }
Log() { echo "bench/postgres: $*" >&2; }

while (($#)); do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --results) results_dir=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) Die "unknown argument: $1" ;;
  esac
done
for tool in wrk curl psql pgbench awk; do
  command -v "$tool" >/dev/null || Die "'$tool' is not installed (bash scripts/setup.sh --test)"
done
cd "$repo_root"
[[ $build_dir = /* ]] || build_dir="$repo_root/$build_dir"
if ((do_build)); then
  cmake --preset default >/dev/null
  cmake --build "$build_dir" --parallel "$(nproc)" --target rampart
fi
readonly rampart_bin="$build_dir/rampart"
[[ -x $rampart_bin ]] || Die "$rampart_bin is missing"
[[ -n $results_dir ]] || results_dir="$repo_root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results_dir"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/rampart-bench-pg.XXXXXX")"
chmod 755 "$work_dir"
readonly work_dir state="$work_dir/cluster"

server_pid=""
Cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  bash "$repo_root/tests/services/postgres.sh" stop "$state" >/dev/null 2>&1 || true
  rm -rf "$work_dir"
  exit "$status"
}
trap Cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the cluster ------------------------------------------------------------------------------
Log "starting PostgreSQL 15 (durable: fsync, synchronous_commit, full_page_writes on)"
bash "$repo_root/tests/services/postgres.sh" start "$state" -c fsync=on -c full_page_writes=on \
  -c synchronous_commit=on -c shared_buffers=512MB -c max_wal_size=4GB >/dev/null
admin_url=$(cat "$state/url")
base_url_pg=${admin_url%/postgres}
[[ $(psql "$admin_url" -qAtc 'SHOW fsync') == on ]] || Die "the bench cluster is not durable"
psql "$admin_url" -qc 'CREATE DATABASE rampart_bench' -c 'CREATE DATABASE pgbench_base'
database_url="$base_url_pg/rampart_bench"
pgbench_url="$base_url_pg/pgbench_base"
Log "pgbench -i -s 10 (1,000,000 accounts) for the baseline"
pgbench -q -i -s 10 "$pgbench_url" >"$results_dir/pgbench-init.txt" 2>&1

# --- rampart ----------------------------------------------------------------------------------
FreePort() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
port=$(FreePort)
base_url="http://127.0.0.1:$port"
admin_password="S1-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
user_password="S2-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
user_email="bench.user@example.com"
login_body="{\"email\":\"$user_email\",\"password\":\"$user_password\"}"
# StartRampart <log name> [VAR=value...]: rampart on $port against the bench database. The port
# was free when FreePort probed it; when something else took it meanwhile (rampart exits with
# "Address already in use"), it starts again on another one (base_url follows).
StartRampart() {
  local log="$results_dir/$1.server.log" attempt
  shift
  for attempt in 1 2 3; do
    env RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data" \
      RAMPART_DATABASE_URL="$database_url" RAMPART_ADMIN_EMAIL="admin@example.com" \
      RAMPART_ADMIN_PASSWORD="$admin_password" RAMPART_RATE_LIMIT_ENABLED=false \
      RAMPART_LOG_LEVEL=warn "$@" "$rampart_bin" serve >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 300); do
      if ! kill -0 "$server_pid" 2>/dev/null; then
        grep -q 'Address already in use' "$log" || Die "rampart exited; see $log"
        Log "port $port was taken meanwhile (attempt $attempt); starting on another one"
        port=$(FreePort)
        base_url="http://127.0.0.1:$port"
        continue 2
      fi
      curl -fsS -o /dev/null --max-time 1 "$base_url/health/ready" 2>/dev/null && return
      sleep 0.1
    done
    Die "rampart did not become ready; see $log"
  done
  Die "rampart found no free port in 3 attempts; see $log"
}
StartRampart rampart-pg

Log "seeding $users users with generate_series (and the trigram index)"
seed_start=$(date +%s.%N)
sed "s/generate_series(1, 1000000)/generate_series(1, $users)/" "$sql_dir/seed_users.sql" |
  psql "$database_url" -v ON_ERROR_STOP=1 -q
seed_s=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
rows=$(psql "$database_url" -qAtc 'SELECT count(*) FROM users')

Curl() { curl -sS -o "$1" -w '%{http_code}' --max-time 30 -X POST "$2" -H 'Content-Type: application/json' --data-binary "$3" || true; }
status=$(Curl "$work_dir/register.json" "$base_url/api/v1/auth/register" \
  "{\"email\":\"$user_email\",\"password\":\"$user_password\",\"displayName\":\"Bench User\"}")
[[ $status == 201 ]] || Die "register answered $status"

# LoginMany <count> <file>: that many sessions' refresh tokens, one per line (8 logins at once).
LoginMany() {
  local count=$1 file=$2 i pids=()
  for ((i = 1; i <= count; i++)); do
    Curl "$work_dir/login.$i.json" "$base_url/api/v1/auth/login" "$login_body" >/dev/null &
    pids+=($!)
    if ((${#pids[@]} == 8 || i == count)); then wait "${pids[@]}"; pids=(); fi
  done
  : >"$file"
  for ((i = 1; i <= count; i++)); do
    grep -o '"refreshToken":"[^"]*"' "$work_dir/login.$i.json" | sed 's/.*:"\(.*\)"/\1/' >>"$file"
  done
  [[ $(grep -c . "$file") -eq $count ]] || Die "not every login returned a refresh token"
}

CpuTicks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
ResultField() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

labels=() rps=() p50=() p99=() errors=() cpu=()
AddRow() { labels+=("$1"); rps+=("$2"); p50+=("$3"); p99+=("$4"); errors+=("$5"); cpu+=("$6"); }

# Wrk <key> <label> <threads> <url> <script> [VAR=value...]: warm-up, then the measured run.
Wrk() {
  local key=$1 label=$2 threads=$3 url=$4 script=$5
  shift 5
  local clients=${bench_connections:-$connections}
  local args=(--latency --timeout 10s -c "$clients" -t "$threads" -s "$script")
  env "$@" BENCH_PHASE=warmup wrk "${args[@]}" -d "${warmup}s" "$url" >"$results_dir/pg-$key.warmup.txt" 2>&1
  local before after line requests
  before=$(CpuTicks "$server_pid")
  env "$@" BENCH_PHASE=main wrk "${args[@]}" -d "${duration}s" "$url" >"$results_dir/pg-$key.txt" 2>&1
  after=$(CpuTicks "$server_pid")
  line=$(grep '^BENCH_RESULT ' "$results_dir/pg-$key.txt") || Die "wrk printed no result for $label"
  requests=$(ResultField "$line" requests)
  AddRow "$label (c=$clients)" \
    "$(awk -v n="$requests" -v us="$(ResultField "$line" duration_us)" 'BEGIN { printf "%.0f", n / (us / 1e6) }')" \
    "$(awk -v us="$(ResultField "$line" p50_us)" 'BEGIN { printf "%.2f", us / 1000 }')" \
    "$(awk -v us="$(ResultField "$line" p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')" \
    "$(($(ResultField "$line" non2xx) + $(ResultField "$line" socket_errors)))" \
    "$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')"
  Log "$label: ${rps[-1]} req/s, p99 ${p99[-1]} ms, ${errors[-1]} errors"
}

# Pgbench <key> <label> <clients> <pgbench args...>: tps and latency percentiles from the
# per-transaction log.
Pgbench() {
  local key=$1 label=$2 clients=$3
  shift 3
  pgbench -n -c "$clients" -j 2 -T "$warmup" "$@" >/dev/null 2>&1
  rm -rf "$work_dir/log.$key" && mkdir -p "$work_dir/log.$key"
  pgbench -n -c "$clients" -j 2 -T "$duration" -l --log-prefix="$work_dir/log.$key/tx" "$@" \
    >"$results_dir/pg-$key.txt" 2>&1 || Die "pgbench failed; see $results_dir/pg-$key.txt"
  local tps failed
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$results_dir/pg-$key.txt" | head -1)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$results_dir/pg-$key.txt")
  read -r median tail99 < <(cat "$work_dir/log.$key"/tx* | awk '{ print $3 }' | sort -n |
    awk '{ v[NR] = $1 } END { printf "%.2f %.2f\n", v[int(NR * 0.5) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000 }')
  AddRow "$label (c=$clients)" "$(printf '%.0f' "$tps")" "$median" "$tail99" "${failed:-0}" "-"
  Log "$label: $tps tps, p99 $tail99 ms"
}

# --- rows -------------------------------------------------------------------------------------
Pgbench baseline "pgbench -S (select by PK, prepared) — baseline" 16 -S -M prepared "$pgbench_url"

Log "preparing $((2 * connections)) sessions for the refresh chains"
LoginMany "$connections" "$work_dir/warmup.tokens"
LoginMany "$connections" "$work_dir/main.tokens"
Wrk refresh "rampart POST /api/v1/auth/refresh (write, 3 round trips)" "$connections" \
  "$base_url/api/v1/auth/refresh" "$lua_dir/refresh.lua" BENCH_TOKENS_DIR="$work_dir"

access=$(Curl "$work_dir/login.json" "$base_url/api/v1/auth/login" "$login_body" >/dev/null;
         grep -o '"accessToken":"[^"]*"' "$work_dir/login.json" | sed 's/.*:"\(.*\)"/\1/')
Wrk me "rampart GET /api/v1/users/me (identity cache on: the I/O-thread fast path)" 1 \
  "$base_url/api/v1/users/me" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $access"

Pgbench list "users list query: search + page + total at $rows users (SQL)" 2 \
  -M extended -f "$sql_dir/users_list.sql" "$database_url"

# --- the admin users API over HTTP --------------------------------------------------------------
# First as deployed (identity cache on: the admin's token state and permissions come from the
# cache; the list itself always reads PostgreSQL), then with every cache off.
admin_body="{\"email\":\"admin@example.com\",\"password\":\"$admin_password\"}"
AdminToken() {
  Curl "$work_dir/admin-login.json" "$base_url/api/v1/auth/login" "$admin_body" >/dev/null
  grep -o '"accessToken":"[^"]*"' "$work_dir/admin-login.json" | sed 's/.*:"\(.*\)"/\1/'
}
admin_access=$(AdminToken)
[[ -n $admin_access ]] || Die "the administrator could not log in"
bench_connections=2 Wrk users_list_cached "rampart GET /api/v1/users?search=&page= (identity cache on, $rows users)" 1 \
  "$base_url/api/v1/users" "$lua_dir/users_list.lua" BENCH_AUTHORIZATION="Bearer $admin_access" \
  BENCH_USERS="$users"

# A fresh rampart on the same database with the identity cache and the verified-token cache off
# (cache.enabled=false, cache.verified_tokens=0), so every request verifies the ES256 signature
# and reads the token state, the admin's permissions and the answer from PostgreSQL.
Log "restarting rampart with every cache off for the admin users rows"
kill -TERM "$server_pid" && wait "$server_pid" || true
server_pid=""
StartRampart rampart-pg-uncached RAMPART_CACHE_ENABLED=false RAMPART_CACHE_VERIFIED_TOKENS=0
admin_access=$(AdminToken)
[[ -n $admin_access ]] || Die "the administrator could not log in"
psql "$database_url" -qAtc 'SELECT id FROM users WHERE deleted_at IS NULL ORDER BY random() LIMIT 10000' \
  >"$work_dir/user_ids.txt"
Wrk user_by_id "rampart GET /api/v1/users/{id} (uncached, random of 10,000 ids)" 1 \
  "$base_url/api/v1/users/x" "$lua_dir/users_by_id.lua" BENCH_AUTHORIZATION="Bearer $admin_access" \
  BENCH_IDS="$work_dir/user_ids.txt"
bench_connections=2 Wrk users_list "rampart GET /api/v1/users?search=&page= (uncached, $rows users)" 1 \
  "$base_url/api/v1/users" "$lua_dir/users_list.lua" BENCH_AUTHORIZATION="Bearer $admin_access" \
  BENCH_USERS="$users"
bench_connections=2 Wrk users_all "rampart GET /api/v1/users?page= (no filter, pages 1-50, uncached)" 1 \
  "$base_url/api/v1/users" "$lua_dir/users_list.lua" BENCH_AUTHORIZATION="Bearer $admin_access" \
  BENCH_LIST=all

# --- report -------------------------------------------------------------------------------------
baseline_tps=${rps[0]}
{
  echo "PostgreSQL rows $(date -u +'%Y-%m-%d %H:%M UTC'): $(nproc) CPUs shared by rampart, PostgreSQL 15"
  echo "(fsync and synchronous_commit on) and the load generator; $rows users seeded in ${seed_s} s;"
  echo "${duration} s per row after ${warmup} s warm-up. Ratio = req/s ÷ pgbench -S tps of this run."
  echo
  echo "| scenario | req/s | p50 ms | p99 ms | errors | rampart CPU µs/req | vs pgbench -S |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for i in "${!labels[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${labels[$i]}" "${rps[$i]}" "${p50[$i]}" \
      "${p99[$i]}" "${errors[$i]}" "${cpu[$i]}" \
      "$(awk -v r="${rps[$i]}" -v b="$baseline_tps" 'BEGIN { printf "%.3f×", r / b }')"
  done
  echo
  echo "The users list query row runs the adapter's list SQL through pgbench; the GET /api/v1/users"
  echo "row sends the same mix over HTTP (a last name: ~1 % of users, or an e-mail number; pages"
  echo "1-5; page and exact total), once as deployed and once with every cache off (as the"
  echo "GET /api/v1/users/{id} and unfiltered rows: each request verifies ES256 and reads the"
  echo "token state and the admin's permissions from PostgreSQL too)."
} | tee "$results_dir/postgres.md"
