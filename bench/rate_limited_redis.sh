# Sourced by bench/run.sh (uses its helpers and state, and bench/redis.sh): the authenticated
# read with rate limits ON and their buckets in Redis (one Lua script per bucket: the per-user
# and the per-IP one, so two round trips per request), every limit far above what wrk can reach.
# rampart:begin(iam)
# Compare with the "rate limits on" row (in-process buckets) and the memory-cache row of the
# same run.
# rampart:else
# # Compare with the "rate limits on" row (in-process buckets) of the same run.
# rampart:end

RateLimitRedisRows() {
  StartRedis redis-rl "Redis rate-limit" || return 0
  local token
  local limits=(RAMPART_RATE_LIMIT_ENABLED=true RAMPART_RATE_LIMIT_IP_LIMIT=1000000
                RAMPART_RATE_LIMIT_IP_WINDOW=1s RAMPART_RATE_LIMIT_USER_LIMIT=1000000
                RAMPART_RATE_LIMIT_USER_WINDOW=1s)
  limits+=(RAMPART_RATE_LIMIT_AUTH_LIMIT=1000000)  # rampart:only(iam)
  StartOnRedis rampart-limited-redis "${limits[@]}"
  # rampart:begin(iam)
  MeasureRow me-limited-redis "GET /api/v1/users/me (Bearer, rate limits in Redis)" \
    "$connections" 1 "$base_url/api/v1/users/me" "$lua_dir/get.lua" \
    BENCH_AUTHORIZATION="Bearer $token"
  # rampart:else
  # MeasureRow me-limited-redis "GET /api/v1/notes/{id} (Bearer, rate limits in Redis)" \
  #   "$connections" 1 "$base_url$read_path" "$lua_dir/get.lua" \
  #   BENCH_AUTHORIZATION="Bearer $token"
  # rampart:end
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
  StopRedis
}
