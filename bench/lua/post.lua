-- POST the JSON body BENCH_BODY to the URL given to wrk, with BENCH_AUTHORIZATION (when set) as
-- the Authorization header: the same write on every request (e.g. a new note each time).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = "application/json"
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
