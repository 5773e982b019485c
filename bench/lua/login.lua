-- POST BENCH_LOGIN_BODY ({"email":...,"password":...}, the right password) on every request.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = assert(os.getenv("BENCH_LOGIN_BODY"), "BENCH_LOGIN_BODY is not set")
