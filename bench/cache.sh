# Sourced by bench/run.sh (uses its helpers and state): the cached GET /api/v1/users/me with the
# identity cache on Redis. The in-process cache is rampart's default, so run.sh's own
# "GET /api/v1/users/me (Bearer)" row is the memory-cache row; this adds the Redis one.
#
# redis-server runs on the client's CPU (0) so that the server's CPU (1) is rampart's alone;
# its own CPU per request is reported in a note. Started on a free port in a temp dir, stopped
# by PID.

redis_pid=""
StopRedis() {
  [[ -n $redis_pid ]] || return 0
  kill -TERM "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  redis_pid=""
}

CacheRows() {
  if ! command -v redis-server >/dev/null; then
    Log "redis-server is not installed: skipping the Redis cache row (scripts/setup.sh --test)"
    peak_notes+=("Redis cache row skipped: redis-server not installed")
    return 0
  fi
  local redis_port redis_dir
  redis_port=$(FreePort)
  redis_dir="$work_dir/redis"
  mkdir -p "$redis_dir"
  "${client_pin[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' \
    --appendonly no --dir "$redis_dir" >"$results_dir/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.05
  done

  port=$(FreePort)
  base_url="http://127.0.0.1:$port"
  StartServer rampart-redis "$base_url/health/live" env \
    RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data" \
    RAMPART_ADMIN_EMAIL="admin@example.com" RAMPART_ADMIN_PASSWORD="$admin_password" \
    RAMPART_REDIS_URL="redis://127.0.0.1:$redis_port/0" \
    RAMPART_RATE_LIMIT_ENABLED=false RAMPART_LOG_LEVEL=warn \
    "$rampart_bin" serve
  # Wait until the cache is connected, so that the warm-up fills Redis rather than missing.
  for _ in $(seq 100); do
    curl -fsS --max-time 1 "$base_url/health/ready" 2>/dev/null | grep -q '"status":"up"' && break
    sleep 0.05
  done

  Login "$work_dir/login-redis.json"
  local token
  token=$(JsonString "$work_dir/login-redis.json" accessToken)
  [[ -n $token ]] || Die "login returned no accessToken"

  local redis_before redis_after requests
  redis_before=$(CpuTicks "$redis_pid")
  MeasureRow me-redis "GET /api/v1/users/me (Bearer, Redis cache)" "$connections" 1 \
    "$base_url/api/v1/users/me" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $token"
  redis_after=$(CpuTicks "$redis_pid")
  requests=$(ResultField "$(grep '^BENCH_RESULT ' "$results_dir/me-redis.txt")" requests)
  peak_notes+=("redis-server (on CPU 0, beside wrk) spent $(awk -v t="$((redis_after - redis_before))" \
    -v hz="$clock_ticks" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }') µs CPU per \
request of the Redis row (warm-up excluded)")
  NotePeak "rampart with Redis cache"
  StopServer
  StopRedis
}
