# Sourced by bench/run.sh (uses its helpers and state, and bench/redis.sh): the cached GET
# /api/v1/users/me with the identity cache on Redis. The in-process cache is rampart's default,
# so run.sh's own "GET /api/v1/users/me (Bearer)" row is the memory-cache row; this adds the
# Redis one, and notes redis-server's own CPU per request.

CacheRows() {
  StartRedis redis "Redis cache" || return 0
  local token
  StartOnRedis rampart-redis RAMPART_RATE_LIMIT_ENABLED=false

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
