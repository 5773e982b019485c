# Sourced by bench/run.sh (uses its helpers and state): the private redis-server and the
# rampart:begin(iam)
# rampart-on-Redis server of the Redis rows (bench/cache.sh, bench/rate_limited_redis.sh).
# rampart:else
# # rampart-on-Redis server of the Redis row (bench/rate_limited_redis.sh).
# rampart:end
#
# redis-server runs on the client's CPU (0) so that the server's CPU (1) is rampart's alone.
# Started on a free port in a temp dir, stopped by PID.

redis_pid=""
redis_port=""

# StartRedis NAME ROW: a fresh redis-server (data in $work_dir/NAME, its log $results_dir/NAME.log);
# fails (and notes ROW as skipped) when redis-server is not installed.
StartRedis() {
  local name=$1 row=$2
  if ! command -v redis-server >/dev/null; then
    Log "redis-server is not installed: skipping the $row row (scripts/setup.sh --test)"
    peak_notes+=("$row row skipped: redis-server not installed")
    return 1
  fi
  redis_port=$(FreePort)
  mkdir -p "$work_dir/$name"
  "${client_pin[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' \
    --appendonly no --dir "$work_dir/$name" >"$results_dir/$name.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.05
  done
}

StopRedis() {
  [[ -n $redis_pid ]] || return 0
  kill -TERM "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  redis_pid=""
}

# StartOnRedis NAME [VARIABLE=VALUE...]: rampart (server NAME) with its Redis URL on the running
# redis-server and the given settings; waits until Redis is connected (before that, the cache
# rampart:begin(iam)
# would miss and rate limits be decided locally), logs the admin in and sets `token`.
# rampart:else
# # would miss and rate limits be decided locally) and sets `token` (the issuer's).
# rampart:end
StartOnRedis() {
  local name=$1
  shift
  port=$(FreePort)
  base_url="http://127.0.0.1:$port"
  StartServer "$name" "$base_url/health/live" env \
    RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data" "${server_env[@]}" \
    RAMPART_REDIS_URL="redis://127.0.0.1:$redis_port/0" RAMPART_LOG_LEVEL=warn \
    "$@" "$rampart_bin" serve
  for _ in $(seq 100); do
    curl -fsS --max-time 1 "$base_url/health/ready" 2>/dev/null | grep -q '"status":"up"' && break
    sleep 0.05
  done
  # rampart:begin(iam)
  Login "$work_dir/login-$name.json"
  token=$(JsonString "$work_dir/login-$name.json" accessToken)
  [[ -n $token ]] || Die "login returned no accessToken"
  # rampart:else
  # token=$issuer_token
  # rampart:end
}
