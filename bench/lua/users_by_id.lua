-- GET /api/v1/users/{id} for a random id out of the file BENCH_IDS (one UUID per line).
-- BENCH_AUTHORIZATION: the admin's token.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  if line ~= "" then ids[#ids + 1] = line end
end
assert(#ids > 0, "BENCH_IDS holds no ids")

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

request = function()
  return wrk.format("GET", "/api/v1/users/" .. ids[math.random(1, #ids)])
end
