-- POST /auth/refresh with a token chain per connection. Refresh tokens rotate and presenting a
-- spent one revokes its session, so wrk must run with one connection per thread (-tN -cN):
-- setup() hands token i of the file BENCH_TOKENS_DIR/<BENCH_PHASE>.tokens (one line per token,
-- from N separate logins) to thread i, and response() keeps the rotated token for the next
-- request on that connection. A broken chain shows up as non-2xx responses, never silently.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local tokens = nil
local handed_out = 0

local function ReadTokens()
  local path = assert(os.getenv("BENCH_TOKENS_DIR"), "BENCH_TOKENS_DIR is not set") .. "/" ..
               assert(os.getenv("BENCH_PHASE"), "BENCH_PHASE is not set") .. ".tokens"
  local list = {}
  for line in io.lines(path) do
    if line ~= "" then list[#list + 1] = line end
  end
  return list
end

function setup(thread)
  tokens = tokens or ReadTokens()
  handed_out = handed_out + 1
  local token = tokens[handed_out]
  assert(token, "fewer refresh tokens than wrk threads")
  thread:set("token", token)
  bench.track(thread)
end

function request()
  return wrk.format(nil, nil, nil, '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
  bench.count(status)
  if status == 200 then
    local rotated = body:match('"refreshToken"%s*:%s*"([^"]+)"')
    if rotated then token = rotated end
  end
end
