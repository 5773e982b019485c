# Sourced by bench/run.sh (uses its helpers and state): the authenticated read with rate limits
# ON and their buckets in Redis (one Lua script per bucket: the per-user and the per-IP one, so
# two round trips per request), every limit far above what wrk can reach. Compare with the
# "rate limits on" row (in-process buckets) and the memory-cache row of the same run.
#
# redis-server runs on the client's CPU (0) like bench/cache.sh's; started on a free port in a
# temp dir, stopped by PID.

rl_redis_pid=""
StopRateLimitRedis() {
  [[ -n $rl_redis_pid ]] || return 0
  kill -TERM "$rl_redis_pid" 2>/dev/null || true
  wait "$rl_redis_pid" 2>/dev/null || true
  rl_redis_pid=""
}

RateLimitRedisRows() {
  if ! command -v redis-server >/dev/null; then
    Log "redis-server is not installed: skipping the Redis rate-limit row (scripts/setup.sh --test)"
    peak_notes+=("Redis rate-limit row skipped: redis-server not installed")
    return 0
  fi
  local redis_port redis_dir
  redis_port=$(FreePort)
  redis_dir="$work_dir/redis-rl"
  mkdir -p "$redis_dir"
  "${client_pin[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save '' \
    --appendonly no --dir "$redis_dir" >"$results_dir/redis-rl.log" 2>&1 &
  rl_redis_pid=$!
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.05
  done

  port=$(FreePort)
  base_url="http://127.0.0.1:$port"
  StartServer rampart-limited-redis "$base_url/health/live" env \
    RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data" \
    RAMPART_ADMIN_EMAIL="admin@example.com" RAMPART_ADMIN_PASSWORD="$admin_password" \
    RAMPART_REDIS_URL="redis://127.0.0.1:$redis_port/0" \
    RAMPART_RATE_LIMIT_ENABLED=true RAMPART_RATE_LIMIT_IP_LIMIT=1000000 \
    RAMPART_RATE_LIMIT_IP_WINDOW=1s RAMPART_RATE_LIMIT_USER_LIMIT=1000000 \
    RAMPART_RATE_LIMIT_USER_WINDOW=1s RAMPART_RATE_LIMIT_AUTH_LIMIT=1000000 \
    RAMPART_LOG_LEVEL=warn "$rampart_bin" serve
  # Until Redis is connected the limits would be decided locally: wait for it.
  for _ in $(seq 100); do
    curl -fsS --max-time 1 "$base_url/health/ready" 2>/dev/null | grep -q '"status":"up"' && break
    sleep 0.05
  done

  Login "$work_dir/login-limited-redis.json"
  local token
  token=$(JsonString "$work_dir/login-limited-redis.json" accessToken)
  [[ -n $token ]] || Die "login returned no accessToken"
  MeasureRow me-limited-redis "GET /api/v1/users/me (Bearer, rate limits in Redis)" \
    "$connections" 1 "$base_url/api/v1/users/me" "$lua_dir/get.lua" \
    BENCH_AUTHORIZATION="Bearer $token"
  # The decisions came from Redis: two scripts (user and IP bucket) per measured request at
  # least (the buckets themselves expire within a millisecond at these limits).
  local requests scripts
  requests=$(ResultField "$(grep '^BENCH_RESULT ' "$results_dir/me-limited-redis.txt")" requests)
  scripts=$(redis-cli -p "$redis_port" INFO commandstats | tr -d '\r' |
    sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),.*/\1/p')
  ((${scripts:-0} >= 2 * requests)) ||
    Die "Redis ran ${scripts:-0} rate-limit scripts for $requests requests"
  peak_notes+=("rate limits in Redis: $scripts EVALSHA for $requests measured requests (warm-up included)")
  NotePeak "rampart with rate limits in Redis"
  StopServer
  StopRateLimitRedis
}
