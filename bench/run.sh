#!/usr/bin/env bash
# One-command benchmark: rampart's hot endpoints against a minimal Boost.Beast server, measured
# with wrk on this machine, printed as one table. See bench/README.md for what each column means.
#
# rampart:begin(iam)
#   bash bench/run.sh [--duration 10] [--warmup 2] [--connections 64] [--login-connections 8]
# rampart:else
# #   bash bench/run.sh [--duration 10] [--warmup 2] [--connections 64]
# rampart:end
# rampart:begin(postgres & iam)
#                     [--build-dir build] [--no-build] [--baseline-only] [--no-pin] [--no-postgres]
# rampart:else
# #                     [--build-dir build] [--no-build] [--baseline-only] [--no-pin]
# rampart:end
#                     [--before BIN]
#
# Everything it starts (servers, wrk) is stopped by PID on exit; the temporary data directory
# (database, keys, tokens) is deleted. Raw wrk outputs and the table go to bench/results/<time>/.
# rampart:begin(sqlite)
# rampart:else
# # rampart runs on a throwaway PostgreSQL cluster (tests/services/postgres.sh; durable settings,
# # not pinned), a database per data directory; it is stopped and removed on exit.
# rampart:end
# Then bench/postgres.sh adds the PostgreSQL rows (own cluster, 1M users; --no-postgres skips).  # rampart:only(postgres & iam)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root
readonly lua_dir="$repo_root/bench/lua"

duration=10
warmup=2
connections=64
login_connections=8  # rampart:only(iam)
build_dir="build"
do_build=1
baseline_only=0
before_bin=""
pin=1
postgres=1  # rampart:only(postgres & iam)
# rampart:begin(iam)
readonly wrk_timeout=10  # seconds; a login waits behind others for Argon2, never this long
# rampart:else
# readonly wrk_timeout=10  # seconds
# rampart:end

# The synopsis at the top of this file (the template's alternatives left out).
Usage() {
  awk 'NR == 1 { next } /^# rampart[:]else/ { skip = 1; next } /^# rampart[:]/ { skip = 0; next }
       !skip { sub(/^# ?/, ""); print } /\[--before BIN\]/ { exit }' "${BASH_SOURCE[0]}"
  exit "${1:-0}"
}

Die() {
  echo "bench: error: $*" >&2
  exit 1
}

Log() { echo "bench: $*" >&2; }

IsCount() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

while (($#)); do
  case "$1" in
    # rampart:begin(iam)
    --duration | --warmup | --connections | --login-connections | --build-dir | --before)
      (($# >= 2)) || Die "$1 needs a value" ;;&
    # rampart:else
    # --duration | --warmup | --connections | --build-dir | --before)
    #   (($# >= 2)) || Die "$1 needs a value" ;;&
    # rampart:end
    --duration) duration="${2:-}"; shift 2 ;;
    --warmup) warmup="${2:-}"; shift 2 ;;
    --connections) connections="${2:-}"; shift 2 ;;
    --login-connections) login_connections="${2:-}"; shift 2 ;;  # rampart:only(iam)
    --build-dir) build_dir="${2:-}"; shift 2 ;;
    --before) before_bin="${2:-}"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --baseline-only) baseline_only=1; shift ;;
    --no-pin) pin=0; shift ;;
    --no-postgres) postgres=0; shift ;;  # rampart:only(postgres & iam)
    -h | --help) Usage 0 ;;
    *) echo "bench: unknown argument: $1" >&2; Usage 2 ;;
  esac
done
for value in "$duration" "$warmup" "$connections" "$login_connections"; do  # rampart:only(iam)
# rampart:begin(iam)
# rampart:else
# for value in "$duration" "$warmup" "$connections"; do
# rampart:end
  IsCount "$value" || Die "durations and connection counts must be positive integers (got '$value')"
done

for tool in wrk curl taskset awk; do  # rampart:only(iam)
# rampart:begin(iam)
# rampart:else
# # node: the issuer of the access tokens (bench/issuer.mjs) and the OTLP receiver.
# for tool in wrk curl taskset awk node; do
# rampart:end
  command -v "$tool" >/dev/null || Die "'$tool' is not installed (bash scripts/setup.sh installs it)"
done
# rampart:begin(sqlite)
# rampart:else
# command -v psql >/dev/null || Die "'psql' is not installed (bash scripts/setup.sh --test installs it)"
# rampart:end

[[ -z $before_bin || $before_bin = /* ]] || before_bin="$PWD/$before_bin"
cd "$repo_root"
[[ $build_dir = /* ]] || build_dir="$repo_root/$build_dir"

# --- build ----------------------------------------------------------------------------------
if ((do_build)); then
  targets=(bench_hello_server)
  ((baseline_only)) || targets+=(rampart bench_argon2_floor)  # rampart:only(iam)
  # rampart:begin(iam)
  # rampart:else
  # ((baseline_only)) || targets+=(rampart)
  # rampart:end
  if [[ $build_dir == "$repo_root/build" ]]; then
    cmake --preset default >/dev/null
  else
    cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  Log "building ${targets[*]} (Release) in $build_dir"
  cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"
fi
readonly hello_bin="$build_dir/bench/bench_hello_server"
readonly rampart_bin="$build_dir/rampart"
readonly floor_bin="$build_dir/bench/bench_argon2_floor"  # rampart:only(iam)
[[ -x $hello_bin ]] || Die "$hello_bin is missing (build target bench_hello_server)"
((baseline_only)) || [[ -x $rampart_bin ]] || Die "$rampart_bin is missing (build target rampart)"
((baseline_only)) || [[ -x $floor_bin ]] || Die "$floor_bin is missing (build target bench_argon2_floor)"  # rampart:only(iam)

# --- environment ----------------------------------------------------------------------------
# Two cores or more: wrk on core 0 and the server on core 1, so neither steals the other's CPU
# and the server's CPU time is its own. The server still runs its default io-thread count.
client_pin=()
server_pin=()
if ((pin)) && (($(nproc) >= 2)); then
  client_pin=(taskset -c 0)
  server_pin=(taskset -c 1)
  pinning="wrk pinned to CPU 0, server pinned to CPU 1 (taskset)"
else
  pinning="not pinned (nproc = $(nproc)$( ((pin)) || echo ', --no-pin'))"
fi
# rampart's default io-thread count is std::thread::hardware_concurrency() (online CPUs, not
# the affinity mask); the baseline gets the same number.
io_threads="$(getconf _NPROCESSORS_ONLN)"
clock_ticks="$(getconf CLK_TCK)"
readonly io_threads clock_ticks

results_dir="$repo_root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
readonly results_dir
mkdir -p "$results_dir"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/rampart-bench.XXXXXX")"
readonly work_dir

server_pid=""
wrk_pid=""
# rampart:begin(iam)
# rampart:else
# issuer_pid=""
#
# # StopIssuer: stops the issuer of the access tokens (bench/issuer.mjs), if it runs.
# StopIssuer() {
#   [[ -n $issuer_pid ]] || return 0
#   kill -TERM "$issuer_pid" 2>/dev/null || true
#   wait "$issuer_pid" 2>/dev/null || true
#   issuer_pid=""
# }
# rampart:end

StopServer() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid
  server_pid=""
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

Cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $wrk_pid ]]; then
    kill -TERM "$wrk_pid" 2>/dev/null || true
    wait "$wrk_pid" 2>/dev/null || true
  fi
  StopServer
  # rampart:begin(iam)
  # rampart:else
  # StopIssuer
  # rampart:end
  # rampart:begin(sqlite)
  # rampart:else
  # bash "$repo_root/tests/services/postgres.sh" stop "$work_dir/postgres" >/dev/null 2>&1 || true
  # rampart:end
  rm -rf "$work_dir"
  exit "$status"
}
trap Cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody listens on (connecting to it is refused). The server fails loudly if it is
# taken in between.
FreePort() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  Die "found no free port"
}

# StartServer <name> <readiness url> <command...>: starts it pinned, in the background, and
# waits until the URL answers 2xx. The PID is the server's own (taskset execs it). The command
# listens on $port (from FreePort); when something else took that port between the probe and
# the bind (the server exits with "Address already in use"), it starts again on a new port:
# `127.0.0.1:<port>` and a bare `<port>` argument are rewritten, and $port and $base_url follow.
StartServer() {
  local name=$1 ready_url=$2 attempt old i
  shift 2
  local command=("$@") log="$results_dir/$name.server.log"
  # rampart:begin(sqlite)
  # rampart:else
  # # Each data directory has a database of its own on the cluster, as it would have its own file.
  # for i in "${!command[@]}"; do
  #   if [[ ${command[i]} == RAMPART_DATA_DIR=* ]]; then
  #     command=("${command[@]:0:i+1}" "RAMPART_DATABASE_URL=$(DatabaseFor "${command[i]#*=}")" "${command[@]:i+1}")
  #     break
  #   fi
  # done
  # rampart:end
  for attempt in 1 2 3; do
    "${server_pin[@]}" "${command[@]}" >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 300); do
      if ! kill -0 "$server_pid" 2>/dev/null; then
        grep -q 'Address already in use' "$log" || Die "$name exited during start-up; see $log"
        old=$port
        port=$(FreePort)
        Log "$name: port $old was taken meanwhile (attempt $attempt); starting on $port"
        for i in "${!command[@]}"; do
          if [[ ${command[i]} == "$old" ]]; then command[i]=$port; fi
          command[i]=${command[i]//127.0.0.1:$old/127.0.0.1:$port}
        done
        ready_url=${ready_url//127.0.0.1:$old/127.0.0.1:$port}
        base_url=${base_url:+http://127.0.0.1:$port}
        continue 2
      fi
      if curl -fsS -o /dev/null --max-time 1 "$ready_url" 2>/dev/null; then return; fi
      sleep 0.1
    done
    Die "$name did not answer $ready_url within 30 s"
  done
  Die "$name found no free port in 3 attempts; see $log"
}

CpuTicks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# WaitIdle <pid>: returns once the process used no CPU for 200 ms (at most 10 s): what a warm-up
# left in flight (a slow request queued behind others) is finished before a measured window.
WaitIdle() {
  local last now i
  last=$(CpuTicks "$1")
  for ((i = 0; i < 50; i++)); do
    sleep 0.2
    now=$(CpuTicks "$1")
    [[ $now == "$last" ]] && return
    last=$now
  done
}
StatusKib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

# Field of a BENCH_RESULT line: ResultField <line> <name>.
ResultField() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# JSON string member of a response body (tokens are base64url: no escapes to undo).
JsonString() { grep -o "\"$2\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" "$1" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/'; }

# RunWrk <output file> <env assignments...> -- <wrk arguments...>
RunWrk() {
  local output=$1 environment=()
  shift
  while [[ $1 != -- ]]; do environment+=("$1"); shift; done
  shift
  env "${environment[@]}" "${client_pin[@]}" wrk "$@" >"$output" 2>&1 &
  wrk_pid=$!
  if ! wait "$wrk_pid"; then
    wrk_pid=""
    Die "wrk failed; see $output"
  fi
  wrk_pid=""
  grep -q '^BENCH_RESULT ' "$output" || Die "wrk printed no result; see $output"
}

# Table rows, filled by MeasureRow.
row_labels=()
row_rps=()
row_p50=()
row_p99=()
row_errors=()
row_rss=()
row_cpu=()
error_notes=()
baseline_rps=""

# MeasureRow <key> <label> <connections> <threads> <url> <lua script> [VAR=value...]
# Warm-up run (discarded), then the measured run with the server's CPU time read around it.
# wrk gets BENCH_PHASE=warmup|main so a script can use different data in each.
MeasureRow() {
  local key=$1 label=$2 conns=$3 threads=$4 url=$5 script=$6
  shift 6
  local wrk_args=(--latency --timeout "${wrk_timeout}s" -c "$conns" -t "$threads" -s "$script")
  Log "$label: warm-up ${warmup} s"
  RunWrk "$results_dir/$key.warmup.txt" "$@" BENCH_PHASE=warmup -- \
    "${wrk_args[@]}" -d "${warmup}s" "$url"
  WaitIdle "$server_pid"
  Log "$label: measuring ${duration} s with $conns connections"
  local cpu_before cpu_after
  cpu_before=$(CpuTicks "$server_pid")
  RunWrk "$results_dir/$key.txt" "$@" BENCH_PHASE=main -- "${wrk_args[@]}" -d "${duration}s" "$url"
  cpu_after=$(CpuTicks "$server_pid")

  local line requests duration_us non2xx socket_errors
  line=$(grep '^BENCH_RESULT ' "$results_dir/$key.txt")
  requests=$(ResultField "$line" requests)
  duration_us=$(ResultField "$line" duration_us)
  non2xx=$(ResultField "$line" non2xx)
  socket_errors=$(ResultField "$line" socket_errors)
  ((requests > 0)) || Die "$label: no request completed; see $results_dir/$key.txt"

  local rps
  rps=$(awk -v n="$requests" -v us="$duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
  [[ -n $baseline_rps ]] || baseline_rps=$rps
  row_labels+=("$label (c=$conns)")
  row_rps+=("$rps")
  row_p50+=("$(awk -v us="$(ResultField "$line" p50_us)" 'BEGIN { printf "%.2f", us / 1000 }')")
  row_p99+=("$(awk -v us="$(ResultField "$line" p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')")
  row_errors+=("$((non2xx + socket_errors))")
  row_rss+=("$(awk -v kib="$(StatusKib "$server_pid" VmRSS)" 'BEGIN { printf "%.1f", kib / 1024 }')")
  row_cpu+=("$(awk -v t="$((cpu_after - cpu_before))" -v hz="$clock_ticks" -v n="$requests" \
    'BEGIN { printf "%.1f", t * 1e6 / hz / n }')")
  if ((non2xx + socket_errors > 0)); then
    error_notes+=("$label: statuses $(ResultField "$line" statuses); socket errors: connect \
$(ResultField "$line" connect), read $(ResultField "$line" read), write $(ResultField "$line" write), \
timeout $(ResultField "$line" timeout)")
  fi
  Log "$label: $rps req/s, $((non2xx + socket_errors)) errors"
}

peak_notes=()
NotePeak() { peak_notes+=("$1: peak RSS (VmHWM) $(awk -v kib="$(StatusKib "$server_pid" VmHWM)" \
  'BEGIN { printf "%.1f", kib / 1024 }') MiB"); }

# --- baseline -------------------------------------------------------------------------------
port=$(FreePort)
StartServer baseline "http://127.0.0.1:$port/" "$hello_bin" "$port" "$io_threads"
MeasureRow baseline "baseline hello-world GET /" "$connections" 1 "http://127.0.0.1:$port/" \
  "$lua_dir/get.lua"
NotePeak "baseline (bench_hello_server)"
StopServer

# --- rampart --------------------------------------------------------------------------------
# Curl <output file> <method> <url> [curl arguments...]: the HTTP status on stdout.
Curl() {
  local output=$1 method=$2 url=$3
  shift 3
  # A refused connection prints 000 and is reported by the caller's status check.
  curl -sS -o "$output" -w '%{http_code}' --max-time 30 -X "$method" "$url" "$@" || true
}

# rampart:begin(iam)
# Login <output file>: logs the benchmark user in; fails loudly unless 200.
Login() {
  local status
  status=$(Curl "$1" POST "$base_url/api/v1/auth/login" -H 'Content-Type: application/json' \
    --data-binary "$login_body")
  if [[ $status != 200 ]]; then
    local body
    body=$(head -c 300 "$1")
    rm -f "$1"
    Die "login answered $status: $body"
  fi
}

# LoginMany <count> <token file>: <count> separate sessions, 8 logins in flight at a time
# (each costs one Argon2id verification), their refresh tokens one per line.
LoginMany() {
  local count=$1 file=$2 dir i pids=()
  dir=$(mktemp -d "$work_dir/logins.XXXXXX")
  for ((i = 1; i <= count; i++)); do
    Login "$dir/$i.json" &
    pids+=($!)
    if ((${#pids[@]} == 8 || i == count)); then
      wait "${pids[@]}" || true  # a failed login leaves no file; checked below
      pids=()
    fi
  done
  : >"$file"
  for ((i = 1; i <= count; i++)); do
    [[ -s $dir/$i.json ]] || Die "login $i of $count failed"
    JsonString "$dir/$i.json" refreshToken >>"$file"
  done
  [[ $(grep -c . "$file") -eq $count ]] || Die "not every login returned a refresh token"
}

# LoginTotpRow: the login with its second step (bench/login_totp.mjs): accounts with TOTP sign in
# once each, <login connections> in flight; a row of the table, CPU per completed sign-in.
LoginTotpRow() {
  local count=$((login_connections * duration)) line logins failures seconds cpu_us
  ((count >= 16)) || count=16
  Log "POST /auth/login + /auth/login/mfa: preparing $count accounts with TOTP, then one sign-in each"
  "${client_pin[@]}" node "$repo_root/bench/login_totp.mjs" --base-url "$base_url" --pid "$server_pid" \
    --count "$count" --connections "$login_connections" >"$results_dir/login_totp.txt" ||
    Die "the TOTP sign-ins failed; see $results_dir/login_totp.txt"
  line=$(grep '^BENCH_TOTP ' "$results_dir/login_totp.txt")
  logins=$(ResultField "$line" logins)
  failures=$(ResultField "$line" failures)
  seconds=$(ResultField "$line" seconds)
  cpu_us=$(ResultField "$line" cpu_us)
  row_labels+=("POST /api/v1/auth/login + /auth/login/mfa (Argon2id + TOTP, one sign-in per account) (c=$login_connections)")
  row_rps+=("$(awk -v n="$logins" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')")
  row_p50+=("—")
  row_p99+=("—")
  row_errors+=("$failures")
  row_rss+=("$(awk -v kib="$(StatusKib "$server_pid" VmRSS)" 'BEGIN { printf "%.1f", kib / 1024 }')")
  row_cpu+=("$(awk -v t="$cpu_us" -v n="$logins" 'BEGIN { printf "%.1f", t / n }')")
}

# shellcheck source=bench/login_floor.sh
source "$repo_root/bench/login_floor.sh"
# rampart:else
# # StartIssuer: the issuer whose access tokens every server of the run trusts (bench/issuer.mjs,
# # on the client's CPU beside wrk): its URL in issuer_url, the token of the rows' principal
# # (valid for a day, no permissions: a principal's own notes need none) in issuer_token.
# StartIssuer() {
#   local dir="$work_dir/issuer"
#   mkdir -p "$dir"
#   "${client_pin[@]}" node "$repo_root/bench/issuer.mjs" "$dir" rampart >"$results_dir/issuer.log" 2>&1 &
#   issuer_pid=$!
#   for _ in $(seq 100); do
#     [[ -s $dir/issuer ]] && break
#     kill -0 "$issuer_pid" 2>/dev/null || Die "the issuer exited; see $results_dir/issuer.log"
#     sleep 0.05
#   done
#   issuer_url=$(cat "$dir/issuer")
#   issuer_token=$(cat "$dir/token")
#   [[ -n $issuer_url && -n $issuer_token ]] || Die "the issuer did not start"
# }
#
# # NoteToRead <name>: a note of the token's principal, created on the server at $base_url; its
# # path (/api/v1/notes/<id>) on stdout, for the rows' authenticated read.
# NoteToRead() {
#   local status id
#   status=$(Curl "$work_dir/note-$1.json" POST "$base_url/api/v1/notes" \
#     -H "Authorization: Bearer $issuer_token" -H 'Content-Type: application/json' \
#     --data-binary '{"title":"Bench","body":"The note the benchmark reads."}')
#   [[ $status == 201 ]] || Die "creating a note answered $status: $(head -c 300 "$work_dir/note-$1.json")"
#   id=$(JsonString "$work_dir/note-$1.json" id)
#   [[ -n $id ]] || Die "the new note has no id"
#   echo "/api/v1/notes/$id"
# }
# rampart:end

# rampart:begin(sqlite)
# rampart:else
# # DatabaseFor <data dir>: the URL of that directory's database on the cluster (created once).
# DatabaseFor() {
#   local name
#   name="bench_$(basename "$1" | tr -c 'a-z0-9\n' '_')"
#   if [[ -z $(psql "$pg_url" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$name'") ]]; then
#     psql "$pg_url" -qc "CREATE DATABASE $name" >/dev/null
#   fi
#   echo "${pg_url%/postgres}/$name"
# }
# if ((!baseline_only)); then
#   Log "starting a PostgreSQL cluster for rampart (tests/services/postgres.sh)"
#   bash "$repo_root/tests/services/postgres.sh" start "$work_dir/postgres" -c fsync=on \
#     -c full_page_writes=on -c synchronous_commit=on >/dev/null
#   pg_url=$(cat "$work_dir/postgres/url")
# fi
#
# rampart:end
if ((!baseline_only)); then
  port=$(FreePort)
  base_url="http://127.0.0.1:$port"
  # rampart:begin(iam)
  # Ephemeral credentials for a throw-away database; never written to the results.
  admin_password="S1-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  user_password="S2-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  user_email="bench.user@example.com"
  login_body="{\"email\":\"$user_email\",\"password\":\"$user_password\"}"
  # What every rampart server of the run is started with (an admin is seeded).
  server_env=(RAMPART_ADMIN_EMAIL="admin@example.com" RAMPART_ADMIN_PASSWORD="$admin_password")
  # rampart:else
  # StartIssuer
  # # What every rampart server of the run is started with: the issuer it trusts.
  # server_env=(RAMPART_JWT_ISSUER="$issuer_url" RAMPART_JWT_AUDIENCE=rampart)
  # rampart:end

  # Rate limiting is off: it exists to stop one client hammering the service, which is exactly
  # what a load generator on one IP does; with it on, every row would measure 429s.
  StartServer rampart "$base_url/health/live" env \
    RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data" "${server_env[@]}" \
    RAMPART_RATE_LIMIT_ENABLED=false RAMPART_LOG_LEVEL=warn \
    "$rampart_bin" serve

  # rampart:begin(iam)
  Log "preparing data: registering $user_email"
  status=$(Curl "$work_dir/register.json" POST "$base_url/api/v1/auth/register" \
    -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"$user_email\",\"password\":\"$user_password\",\"displayName\":\"Bench User\"}")
  [[ $status == 201 ]] || Die "register answered $status: $(head -c 300 "$work_dir/register.json")"
  # rampart:end

  MeasureRow live "GET /health/live" "$connections" 1 "$base_url/health/live" "$lua_dir/get.lua"

  # rampart:begin(iam)
  Login "$work_dir/login.json"
  access_token=$(JsonString "$work_dir/login.json" accessToken)
  [[ -n $access_token ]] || Die "login returned no accessToken"
  status=$(Curl "$work_dir/me.json" GET "$base_url/api/v1/users/me" \
    -H "Authorization: Bearer $access_token")
  [[ $status == 200 ]] || Die "GET /api/v1/users/me answered $status with a fresh token"
  MeasureRow me "GET /api/v1/users/me (Bearer, memory cache)" "$connections" 1 "$base_url/api/v1/users/me" \
    "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $access_token"

  # The same read with an API key of the same user (docs/security.md#api-keys), as the bearer.
  status=$(Curl "$work_dir/api_key.json" POST "$base_url/api/v1/users/me/api-keys" \
    -H "Authorization: Bearer $access_token" -H 'Content-Type: application/json' \
    --data-binary '{"name":"bench"}')
  [[ $status == 201 ]] || Die "creating an API key answered $status"
  api_key=$(JsonString "$work_dir/api_key.json" key)
  rm -f "$work_dir/api_key.json"
  MeasureRow me_api_key "GET /api/v1/users/me (API key, memory cache)" "$connections" 1 \
    "$base_url/api/v1/users/me" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $api_key"

  # A client credentials grant per request (docs/security.md#service-accounts).
  admin_body="{\"email\":\"admin@example.com\",\"password\":\"$admin_password\"}"
  status=$(Curl "$work_dir/admin.json" POST "$base_url/api/v1/auth/login" \
    -H 'Content-Type: application/json' --data-binary "$admin_body")
  [[ $status == 200 ]] || Die "the administrator's login answered $status"
  admin_token=$(JsonString "$work_dir/admin.json" accessToken)
  status=$(Curl "$work_dir/account.json" POST "$base_url/api/v1/service-accounts" \
    -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    --data-binary '{"name":"bench","roles":["user"]}')
  [[ $status == 201 ]] || Die "creating a service account answered $status"
  client_basic=$(printf '%s:%s' "$(JsonString "$work_dir/account.json" clientId)" \
    "$(JsonString "$work_dir/account.json" clientSecret)" | base64 -w0)
  rm -f "$work_dir/admin.json" "$work_dir/account.json"
  MeasureRow client_credentials "POST /oauth/token (client credentials)" "$login_connections" 1 \
    "$base_url/oauth/token" "$lua_dir/client_credentials.lua" \
    BENCH_AUTHORIZATION="Basic $client_basic"

  # One token chain per connection, and fresh chains for the measured run: a chain's last
  # rotation may be cut off when wrk stops, and reusing its token would revoke the session.
  Log "preparing data: $((2 * connections)) logins for the refresh token chains"
  LoginMany "$connections" "$work_dir/warmup.tokens"
  LoginMany "$connections" "$work_dir/main.tokens"
  MeasureRow refresh "POST /api/v1/auth/refresh" "$connections" "$connections" \
    "$base_url/api/v1/auth/refresh" "$lua_dir/refresh.lua" BENCH_TOKENS_DIR="$work_dir"

  MeasureRow login "POST /api/v1/auth/login (Argon2id)" "$login_connections" 1 \
    "$base_url/api/v1/auth/login" "$lua_dir/login.lua" BENCH_LOGIN_BODY="$login_body"
  LoginTotpRow
  # Their CPU over the Argon2id floor, in slices alternating with the floor (bench/login_floor.sh).
  LoginOverFloor
  # rampart:else
  # # The authenticated read: a note of the token's principal (the later servers that share this
  # # data directory read it too).
  # read_path=$(NoteToRead main)
  # MeasureRow note "GET /api/v1/notes/{id} (Bearer)" "$connections" 1 "$base_url$read_path" \
  #   "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $issuer_token"
  # # A write per request: a note created (its row, its audit event and its event in the outbox).
  # MeasureRow note_create "POST /api/v1/notes (a write)" "$connections" 1 "$base_url/api/v1/notes" \
  #   "$lua_dir/post.lua" BENCH_AUTHORIZATION="Bearer $issuer_token" \
  #   BENCH_BODY='{"title":"Bench","body":"A note written by the benchmark."}'
  # rampart:end
  NotePeak "rampart (one process for all its rows)"
  StopServer
  if [[ -n $before_bin ]]; then
    # shellcheck source=bench/before.sh
    source "$repo_root/bench/before.sh"
    BeforeRows "$before_bin"
  fi

  # shellcheck source=bench/rate_limited.sh
  source "$repo_root/bench/rate_limited.sh"

  # What tracing costs: off vs on with a live OTLP receiver (bench/telemetry.sh).
  # shellcheck source=bench/telemetry.sh
  source "$repo_root/bench/telemetry.sh"
  # rampart:begin(redis)
  # The private redis-server of the Redis rows (bench/redis.sh).
  # shellcheck source=bench/redis.sh
  source "$repo_root/bench/redis.sh"
  # rampart:begin(iam)
  # The identity cache on Redis (bench/cache.sh).
  # shellcheck source=bench/cache.sh
  source "$repo_root/bench/cache.sh"
  # rampart:end
  # Rate limits with their buckets in Redis (bench/rate_limited_redis.sh).
  # shellcheck source=bench/rate_limited_redis.sh
  source "$repo_root/bench/rate_limited_redis.sh"
  trap 'bench_status=$?; StopRedis; StopTelemetryBench; (exit $bench_status); Cleanup' EXIT
  CacheRows  # rampart:only(iam)
  RateLimitRedisRows
  # rampart:else
  # trap 'bench_status=$?; StopTelemetryBench; (exit $bench_status); Cleanup' EXIT
  # rampart:end
  TelemetryRows
fi

# --- report ---------------------------------------------------------------------------------
git_rev="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z $(git -C "$repo_root" status --porcelain 2>/dev/null) ]] || git_rev+=" (uncommitted changes)"
cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
  echo "rampart benchmark $(date -u +'%Y-%m-%d %H:%M UTC'), commit $git_rev"
  echo "$(nproc) CPUs (${cpu_model:-unknown}); $pinning; servers run $io_threads io threads;"
  echo "wrk $((duration)) s per row after a ${warmup} s warm-up, c = connections."
  echo
  echo "| scenario | req/s | p50 ms | p99 ms | errors | RSS MiB | CPU µs/req | vs baseline |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!row_labels[@]}"; do
    ratio=$(awk -v r="${row_rps[$i]}" -v b="$baseline_rps" 'BEGIN { printf "%.3f×", r / b }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${row_labels[$i]}" "${row_rps[$i]}" \
      "${row_p50[$i]}" "${row_p99[$i]}" "${row_errors[$i]}" "${row_rss[$i]}" "${row_cpu[$i]}" "$ratio"
  done
  echo
  echo "errors = non-2xx responses + socket errors (connect/read/write/timeout) in the measured run."
  echo "RSS = server VmRSS after the row; CPU µs/req = server utime+stime over the run ÷ requests."
  if [[ -n ${login_floor_note:-} ]]; then echo "- $login_floor_note."; fi  # rampart:only(iam)
  for note in "${peak_notes[@]}"; do echo "- $note"; done
  for note in "${error_notes[@]}"; do echo "- errors in $note"; done
  if ((baseline_only)); then echo "- --baseline-only: rampart was not measured."; fi
} | tee "$results_dir/table.md"
Log "raw wrk outputs and the table: ${results_dir#"$repo_root"/}/"

if ((${#error_notes[@]} > 0)); then
  Die "some rows had errors; their numbers do not measure successful requests"
fi
# rampart:begin(postgres & iam)

if ((postgres && !baseline_only)); then
  echo
  bash "$repo_root/bench/postgres.sh" --no-build --build-dir "$build_dir" --duration "$duration" \
    --warmup "$warmup" --connections "$connections" --results "$results_dir"
fi
# rampart:end
