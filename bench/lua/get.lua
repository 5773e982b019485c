-- GET the URL given to wrk; with BENCH_AUTHORIZATION set, send it as the Authorization header
-- (the same access token on every connection, as a client holding one session would).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
