# Sourced by bench/run.sh (needs its server, pins and helpers): the login rows over their floor.
#
# The floor is raw Argon2id (bench_argon2_floor: libsodium, rampart's default parameters) on the
# server's CPU. The server hashes with libargon2 on pooled memory instead (cheaper than libsodium,
# which maps and unmaps its memory per hash), so each slice also measures that hash core alone
# (bench_argon2_floor ... rampart): the sign-ins over it are what a login costs beyond its hash. On this kind of machine the speed of a memory-bound hash drifts by several per
# cent within a minute (memory bandwidth shared with other tenants of the host): two floor
# samples around the login rows (sessions 24–26: 27,396 and 29,274 µs in one run) moved more
# than the gap being measured. So the floor and both kinds of sign-in are measured in turn,
# LOGIN_FLOOR_SLICES times (floor, password step, password + TOTP, floor, ...), and each side
# sums its slices: a drift falls on all three alike.

# shellcheck shell=bash
# LoginOverFloor: fills login_floor_note with the two ratios and their parts. The sign-ins'
# CPU is read to the nanosecond (bench/login_totp.mjs), the floor's by getrusage.
LoginOverFloor() {
  local slices=${LOGIN_FLOOR_SLICES:-12} i line floor_slice floors=()
  local floor_us=0 floor_count=0 password_us=0 password_logins=0 totp_us=0 totp_logins=0
  local core_us=0 core_slice
  local per_slice=8 password_count=$((3 * login_connections)) totp_count=$((3 * login_connections / 2))
  Log "login over its floor: $slices alternating slices (floor $per_slice verifications," \
    "$password_count password sign-ins, $totp_count TOTP sign-ins)"
  for ((i = 1; i <= slices; i++)); do
    line=$("${server_pin[@]}" "$floor_bin" 19456 2 "$per_slice" 1 | grep '^BENCH_FLOOR ') ||
      Die "bench_argon2_floor failed"
    floor_slice=$(ResultField "$line" cpu_us_per_verification)
    floors+=("$floor_slice")
    floor_us=$(awk -v s="$floor_us" -v u="$floor_slice" -v n="$per_slice" 'BEGIN { printf "%.1f", s + u * n }')
    floor_count=$((floor_count + per_slice))
    line=$("${server_pin[@]}" "$floor_bin" 19456 2 "$per_slice" 1 rampart | grep '^BENCH_FLOOR ') ||
      Die "bench_argon2_floor (rampart's hasher) failed"
    core_slice=$(ResultField "$line" cpu_us_per_verification)
    core_us=$(awk -v s="$core_us" -v u="$core_slice" -v n="$per_slice" 'BEGIN { printf "%.1f", s + u * n }')

    # A client that waits for every answer: wrk stopped after a second leaves sign-ins in
    # flight whose hashing falls outside (or, for a warm-up, inside) the window it reads.
    "${client_pin[@]}" node "$repo_root/bench/login_totp.mjs" --mode password --base-url "$base_url" --pid "$server_pid" \
      --count "$password_count" --connections "$login_connections" \
      >"$results_dir/login_floor_password.$i.txt" ||
      Die "password slice $i failed; see $results_dir/login_floor_password.$i.txt"
    line=$(grep '^BENCH_TOTP ' "$results_dir/login_floor_password.$i.txt")
    password_us=$((password_us + $(ResultField "$line" cpu_us)))
    password_logins=$((password_logins + $(ResultField "$line" logins)))

    "${client_pin[@]}" node "$repo_root/bench/login_totp.mjs" --base-url "$base_url" --pid "$server_pid" \
      --count "$totp_count" --connections "$login_connections" >"$results_dir/login_floor_totp.$i.txt" ||
      Die "TOTP slice $i failed; see $results_dir/login_floor_totp.$i.txt"
    line=$(grep '^BENCH_TOTP ' "$results_dir/login_floor_totp.$i.txt")
    totp_us=$((totp_us + $(ResultField "$line" cpu_us)))
    totp_logins=$((totp_logins + $(ResultField "$line" logins)))
  done
  local floor core password totp
  floor=$(awk -v s="$floor_us" -v n="$floor_count" 'BEGIN { printf "%.1f", s / n }')
  core=$(awk -v s="$core_us" -v n="$floor_count" 'BEGIN { printf "%.1f", s / n }')
  password=$(awk -v t="$password_us" -v n="$password_logins" 'BEGIN { printf "%.1f", t / n }')
  totp=$(awk -v t="$totp_us" -v n="$totp_logins" 'BEGIN { printf "%.1f", t / n }')
  login_floor_note="login CPU over its floor, $slices alternating slices (raw Argon2id, libsodium, same"
  login_floor_note+=" parameters, on the server's CPU: $floor µs per verification over $floor_count;"
  login_floor_note+=" its slices ranged $(printf '%s\n' "${floors[@]}" | sort -n | head -1)–$(printf '%s\n' "${floors[@]}" | sort -n | tail -1) µs):"
  login_floor_note+=" password step $(awk -v a="$password" -v f="$floor" 'BEGIN { printf "%.3f×", a / f }')"
  login_floor_note+=" ($password µs over $password_logins logins), with the TOTP step"
  login_floor_note+=" $(awk -v a="$totp" -v f="$floor" 'BEGIN { printf "%.3f×", a / f }')"
  login_floor_note+=" ($totp µs over $totp_logins sign-ins) (target ≤ 1.05×); over the server's own"
  login_floor_note+=" hash core (libargon2 on pooled memory, no server: $core µs):"
  login_floor_note+=" password step $(awk -v a="$password" -v f="$core" 'BEGIN { printf "%.3f×", a / f }'),"
  login_floor_note+=" with the TOTP step $(awk -v a="$totp" -v f="$core" 'BEGIN { printf "%.3f×", a / f }')"
}
