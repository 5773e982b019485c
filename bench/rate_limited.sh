# Sourced by bench/run.sh (uses its helpers and variables): the authenticated read again on a
# second server with rate limiting ON, every limit far above what wrk can reach, so the row
# shows what the per-IP and per-user bucket look-ups cost each request (compare its CPU µs/req
# rampart:begin(iam)
# with the "GET /api/v1/users/me" row of the same run).
# rampart:else
# # with the "GET /api/v1/notes/{id}" row of the same run).
# rampart:end

limits=(RAMPART_RATE_LIMIT_ENABLED=true RAMPART_RATE_LIMIT_IP_LIMIT=1000000
        RAMPART_RATE_LIMIT_IP_WINDOW=1s RAMPART_RATE_LIMIT_USER_LIMIT=1000000
        RAMPART_RATE_LIMIT_USER_WINDOW=1s)
limits+=(RAMPART_RATE_LIMIT_AUTH_LIMIT=1000000)  # rampart:only(iam)
port=$(FreePort)
base_url="http://127.0.0.1:$port"
StartServer rampart-limited "$base_url/health/live" env \
  RAMPART_LISTEN="127.0.0.1:$port" RAMPART_DATA_DIR="$work_dir/data-limited" "${server_env[@]}" \
  "${limits[@]}" RAMPART_LOG_LEVEL=warn "$rampart_bin" serve

# rampart:begin(iam)
Log "preparing data (rate limits on): registering $user_email"
status=$(Curl "$work_dir/register-limited.json" POST "$base_url/api/v1/auth/register" \
  -H 'Content-Type: application/json' \
  --data-binary "{\"email\":\"$user_email\",\"password\":\"$user_password\",\"displayName\":\"Bench User\"}")
[[ $status == 201 ]] || Die "register answered $status: $(head -c 300 "$work_dir/register-limited.json")"
Login "$work_dir/login-limited.json"
access_token=$(JsonString "$work_dir/login-limited.json" accessToken)
[[ -n $access_token ]] || Die "login returned no accessToken"
MeasureRow me_limited "GET /api/v1/users/me (Bearer, rate limits on)" "$connections" 1 \
  "$base_url/api/v1/users/me" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $access_token"
# rampart:else
# limited_path=$(NoteToRead limited)
# MeasureRow note_limited "GET /api/v1/notes/{id} (Bearer, rate limits on)" "$connections" 1 \
#   "$base_url$limited_path" "$lua_dir/get.lua" BENCH_AUTHORIZATION="Bearer $issuer_token"
# rampart:end
StopServer
