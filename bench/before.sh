# rampart:begin(iam)
# Sourced by bench/run.sh (uses its helpers and state) when --before BIN is given: the two rows a
# refactoring must not slow down — GET /api/v1/users/me (Bearer, memory cache) and
# POST /api/v1/auth/refresh — again on another rampart binary (e.g. one built from the commit
# before the change), in the same run and on the same pinned CPUs, so that the table holds
# before and after side by side. The data dir is its own: the older binary migrates a fresh one.
# rampart:else
# # Sourced by bench/run.sh (uses its helpers and state) when --before BIN is given: the row a
# # refactoring must not slow down — GET /api/v1/notes/{id} (Bearer) — again on another rampart
# # binary (e.g. one built from the commit before the change), in the same run and on the same
# # pinned CPUs, so that the table holds before and after side by side. The data dir is its own:
# # the older binary migrates a fresh one.
# rampart:end

BeforeRows() {
  local before_bin=$1
  [[ -x $before_bin ]] || Die "--before: $before_bin is not an executable"
  port=$(FreePort)
  base_url="http://127.0.0.1:$port"
  StartServer rampart-before "$base_url/health/live" env \
    RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data-before" "${server_env[@]}" \
    RAMPART_RATE_LIMIT_ENABLED=false RAMPART_LOG_LEVEL=warn \
    "$before_bin" serve
  # rampart:begin(iam)
  local status token
  status=$(Curl "$work_dir/register-before.json" POST "$base_url/api/v1/auth/register" \
    -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"$user_email\",\"password\":\"$user_password\",\"displayName\":\"Bench User\"}")
  [[ $status == 201 ]] || Die "--before: register answered $status"
  Login "$work_dir/login-before.json"
  token=$(JsonString "$work_dir/login-before.json" accessToken)
  [[ -n $token ]] || Die "--before: login returned no accessToken"
  MeasureRow me-before "GET /api/v1/users/me (Bearer, memory cache) — before" "$connections" 1 \
    "$base_url/api/v1/users/me" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $token"
  mkdir -p "$work_dir/before"
  LoginMany "$connections" "$work_dir/before/warmup.tokens"
  LoginMany "$connections" "$work_dir/before/main.tokens"
  MeasureRow refresh-before "POST /api/v1/auth/refresh — before" "$connections" "$connections" \
    "$base_url/api/v1/auth/refresh" "$lua_dir/refresh.lua" BENCH_TOKENS_DIR="$work_dir/before"
  # rampart:else
  # local path
  # path=$(NoteToRead before)
  # MeasureRow note-before "GET /api/v1/notes/{id} (Bearer) — before" "$connections" 1 \
  #   "$base_url$path" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $issuer_token"
  # rampart:end
  peak_notes+=("rows marked \"before\": $before_bin ($("$before_bin" --version 2>/dev/null | head -n 1))")
  StopServer
}
