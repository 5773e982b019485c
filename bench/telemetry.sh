# Sourced by bench/run.sh (uses its helpers and state): what tracing costs. The authenticated
# rampart:begin(iam)
# GET /api/v1/users/me on two rampart processes over the same data, both pinned to the server
# rampart:else
# # GET /api/v1/notes/{id} on two rampart processes over the same data, both pinned to the server
# rampart:end
# CPU and loaded one at a time:
#   tracing off  no exporter: spans are neither recorded nor exported (the default);
#   tracing on   every request sampled (RAMPART_TRACE_SAMPLE_RATIO=1) and exported over
#                OTLP/HTTP to a live receiver (bench/otlp_sink.mjs, node) that parses every batch;
#                protobuf, the default encoding, or BENCH_OTLP_PROTOCOL=http/json.
# The measured time is cut into slices run alternately (off, on, off, on, ...: 2 s each, as
# many as fit in --duration per server), so that the neighbours' noise on this shared machine
# falls on both rows alike; each row sums its slices (requests, server CPU time; p50/p99 are
# the medians of the slices' percentiles). The note under the table gives on ÷ off (target
# ≥ 0.90), the spans the receiver got and what rampart counted as exported or dropped.
#
# The receiver runs on the client's CPU (0), like wrk, so that the server
# CPU (1) is rampart's alone — including its exporter thread, whose cost is the point.

otlp_pid=""
tracing_pids=()
StopTelemetryBench() {
  local pid
  for pid in "${tracing_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  tracing_pids=()
  if [[ -n $otlp_pid ]]; then
    kill -TERM "$otlp_pid" 2>/dev/null || true
    wait "$otlp_pid" 2>/dev/null || true
    otlp_pid=""
  fi
}

# MetricValue <metrics file> <sample name with labels>: the value, 0 when absent.
MetricValue() {
  awk -v name="$2" 'index($0, name " ") == 1 { value = $2 } END { print value + 0 }' "$1"
}

# Median of the numbers given.
Median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# rampart:begin(iam)
# TracingServer <key> [VAR=value...]: starts rampart on the shared data, logs in, and leaves
# its PID, URL and access token in tracing_pid_<key>, tracing_url_<key>, tracing_token_<key>.
# rampart:else
# # TracingServer <key> [VAR=value...]: starts rampart on the shared data and leaves its PID, URL
# # and access token (the issuer's) in tracing_pid_<key>, tracing_url_<key>, tracing_token_<key>.
# rampart:end
TracingServer() {
  local key=$1
  shift
  port=$(FreePort)
  base_url="http://127.0.0.1:$port"
  StartServer "tracing-$key" "$base_url/health/live" env \
    RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data" "${server_env[@]}" \
    RAMPART_RATE_LIMIT_ENABLED=false RAMPART_LOG_LEVEL=warn "$@" \
    "$rampart_bin" serve
  tracing_pids+=("$server_pid")
  printf -v "tracing_pid_$key" '%s' "$server_pid"
  server_pid=""  # stopped by StopTelemetryBench, not by StopServer
  printf -v "tracing_url_$key" '%s' "$base_url"
  # rampart:begin(iam)
  Login "$work_dir/login-tracing-$key.json"
  local token
  token=$(JsonString "$work_dir/login-tracing-$key.json" accessToken)
  [[ -n $token ]] || Die "login returned no accessToken"
  printf -v "tracing_token_$key" '%s' "$token"
  # rampart:else
  # printf -v "tracing_token_$key" '%s' "$issuer_token"
  # rampart:end
}

# Slice <key> <phase> <seconds> <slice number>: one wrk run against that server; adds to the
# row's totals unless it is the warm-up.
Slice() {
  local key=$1 phase=$2 seconds=$3 number=$4
  local pid_var="tracing_pid_$key" url_var="tracing_url_$key" token_var="tracing_token_$key"
  local pid=${!pid_var} output="$results_dir/me-tracing-$key.$phase.$number.txt"
  local before after line sink_before sink_after
  before=$(CpuTicks "$pid")
  sink_before=$(CpuTicks "$otlp_pid")
  # rampart:begin(iam)
  RunWrk "$output" BENCH_PHASE="$phase" BENCH_AUTHORIZATION="Bearer ${!token_var}" -- \
    --latency --timeout "${wrk_timeout}s" -c "$connections" -t 1 -s "$lua_dir/get.lua" \
    -d "${seconds}s" "${!url_var}/api/v1/users/me"
  # rampart:else
  # RunWrk "$output" BENCH_PHASE="$phase" BENCH_AUTHORIZATION="Bearer ${!token_var}" -- \
  #   --latency --timeout "${wrk_timeout}s" -c "$connections" -t 1 -s "$lua_dir/get.lua" \
  #   -d "${seconds}s" "${!url_var}$read_path"
  # rampart:end
  after=$(CpuTicks "$pid")
  sink_after=$(CpuTicks "$otlp_pid")
  [[ $phase == main ]] || return 0
  line=$(grep '^BENCH_RESULT ' "$output")
  local -n totals="tracing_totals_$key"
  totals[requests]=$((totals[requests] + $(ResultField "$line" requests)))
  totals[duration_us]=$((totals[duration_us] + $(ResultField "$line" duration_us)))
  totals[errors]=$((totals[errors] + $(ResultField "$line" non2xx) + $(ResultField "$line" socket_errors)))
  totals[ticks]=$((totals[ticks] + after - before))
  totals[sink_ticks]=$((totals[sink_ticks] + sink_after - sink_before))
  totals[p50]+=" $(ResultField "$line" p50_us)"
  totals[p99]+=" $(ResultField "$line" p99_us)"
}

# AddTracingRow <key> <label>: one table row from the slices' totals.
AddTracingRow() {
  local key=$1 label=$2
  local -n totals="tracing_totals_$key"
  local pid_var="tracing_pid_$key"
  ((totals[requests] > 0)) || Die "$label: no request completed"
  # shellcheck disable=SC2086  # word splitting of the percentile lists is intended
  local p50 p99
  p50=$(Median ${totals[p50]})
  p99=$(Median ${totals[p99]})
  row_labels+=("$label (c=$connections)")
  row_rps+=("$(awk -v n="${totals[requests]}" -v us="${totals[duration_us]}" 'BEGIN { printf "%.0f", n / (us / 1e6) }')")
  row_p50+=("$(awk -v us="$p50" 'BEGIN { printf "%.2f", us / 1000 }')")
  row_p99+=("$(awk -v us="$p99" 'BEGIN { printf "%.2f", us / 1000 }')")
  row_errors+=("${totals[errors]}")
  row_rss+=("$(awk -v kib="$(StatusKib "${!pid_var}" VmRSS)" 'BEGIN { printf "%.1f", kib / 1024 }')")
  row_cpu+=("$(awk -v t="${totals[ticks]}" -v hz="$clock_ticks" -v n="${totals[requests]}" \
    'BEGIN { printf "%.1f", t * 1e6 / hz / n }')")
  if ((totals[errors] > 0)); then
    error_notes+=("$label: see $results_dir/me-tracing-$key.main.*.txt")
  fi
}

TelemetryRows() {
  if ! command -v node >/dev/null; then
    Log "node is not installed: skipping the tracing rows (scripts/setup.sh --test)"
    peak_notes+=("tracing rows skipped: node not installed")
    return 0
  fi
  local port_file otlp_port
  # The encoding of the "on" server: the default (http/protobuf) unless BENCH_OTLP_PROTOCOL says.
  local otlp_protocol=${BENCH_OTLP_PROTOCOL:-http/protobuf}
  port_file="$work_dir/otlp.port"
  "${client_pin[@]}" node "$repo_root/bench/otlp_sink.mjs" "$port_file" \
    >"$results_dir/otlp-sink.log" 2>&1 &
  otlp_pid=$!
  for _ in $(seq 100); do
    [[ -s $port_file ]] && break
    kill -0 "$otlp_pid" 2>/dev/null || Die "the OTLP receiver exited; see $results_dir/otlp-sink.log"
    sleep 0.05
  done
  otlp_port=$(cat "$port_file")
  [[ -n $otlp_port ]] || Die "the OTLP receiver did not start"

  TracingServer off RAMPART_OTLP_ENDPOINT=
  TracingServer on RAMPART_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port" RAMPART_TRACE_SAMPLE_RATIO=1 \
    RAMPART_OTLP_PROTOCOL="$otlp_protocol"
  declare -gA tracing_totals_off=([requests]=0 [duration_us]=0 [errors]=0 [ticks]=0 [sink_ticks]=0 [p50]= [p99]=)
  declare -gA tracing_totals_on=([requests]=0 [duration_us]=0 [errors]=0 [ticks]=0 [sink_ticks]=0 [p50]= [p99]=)

  local slice_seconds=2 slices i
  slices=$(((duration + slice_seconds - 1) / slice_seconds))
  Log "tracing off/on: warm-up ${warmup} s each, then $slices alternating ${slice_seconds} s slices each"
  Slice off warmup "$warmup" 0
  Slice on warmup "$warmup" 0
  for ((i = 1; i <= slices; i++)); do
    Slice off main "$slice_seconds" "$i"
    Slice on main "$slice_seconds" "$i"
  done
  local off_index=${#row_labels[@]}
  # rampart:begin(iam)
  AddTracingRow off "GET /api/v1/users/me (tracing off)"
  AddTracingRow on "GET /api/v1/users/me (tracing on: 100 %, OTLP $otlp_protocol)"
  # rampart:else
  # AddTracingRow off "GET /api/v1/notes/{id} (tracing off)"
  # AddTracingRow on "GET /api/v1/notes/{id} (tracing on: 100 %, OTLP $otlp_protocol)"
  # rampart:end
  local on_index=$((off_index + 1))
  Log "tracing off: ${row_rps[$off_index]} req/s; on: ${row_rps[$on_index]} req/s"

  local metrics="$results_dir/tracing-on.metrics.txt"
  curl -fsS --max-time 5 -o "$metrics" "$tracing_url_on/metrics" ||
    Die "GET /metrics failed on the tracing server"
  peak_notes+=("rampart with tracing on: peak RSS (VmHWM) $(awk -v kib="$(StatusKib "$tracing_pid_on" VmHWM)" \
    'BEGIN { printf "%.1f", kib / 1024 }') MiB")
  # SIGTERM first: the exporter drains its queue before the process exits.
  local pid
  for pid in "${tracing_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  tracing_pids=()
  local stats spans
  stats=$(curl -fsS --max-time 5 "http://127.0.0.1:$otlp_port/stats") ||
    Die "the OTLP receiver did not answer /stats"
  StopTelemetryBench
  spans=$(sed -n 's/.*"spans":\([0-9]*\).*/\1/p' <<<"$stats")
  local bad
  bad=$(sed -n 's/.*"badRequests":\([0-9]*\).*/\1/p' <<<"$stats")
  ((bad == 0)) || Die "the OTLP receiver refused $bad export(s); see $results_dir/otlp-sink.log"

  peak_notes+=("tracing on ÷ off (alternating slices): server capacity (CPU µs/req off ÷ on) $(awk \
    -v on="${row_cpu[$on_index]}" -v off="${row_cpu[$off_index]}" 'BEGIN { printf "%.3f", off / on }'); \
measured req/s $(awk -v on="${row_rps[$on_index]}" -v off="${row_rps[$off_index]}" \
    'BEGIN { printf "%.3f", on / off }') (the receiver runs on the client's CPU, beside wrk). \
Target ≥ 0.90")
  peak_notes+=("tracing on: the receiver got $spans spans (warm-up included; ${tracing_totals_on[requests]} \
measured requests); rampart counted $(MetricValue "$metrics" 'rampart_telemetry_spans_total{outcome="exported"}') \
exported, $(MetricValue "$metrics" 'rampart_telemetry_spans_total{outcome="dropped_queue_full"}') dropped \
(queue full), $(MetricValue "$metrics" 'rampart_telemetry_spans_total{outcome="dropped_export_failed"}') \
dropped (export failed) before its shutdown drain; the receiver used $(awk \
-v t="${tracing_totals_on[sink_ticks]}" -v hz="$clock_ticks" -v us="${tracing_totals_on[duration_us]}" \
'BEGIN { printf "%.0f", 100 * t / hz / (us / 1e6) }') % of the client's CPU during the on slices")
}
