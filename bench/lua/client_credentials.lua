-- POST grant_type=client_credentials with BENCH_AUTHORIZATION (Basic, the service account's
-- client id and secret) on every request: one SHA-256, one audited write and one ES256 signature.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = assert(os.getenv("BENCH_AUTHORIZATION"), "BENCH_AUTHORIZATION is not set")
wrk.body = "grant_type=client_credentials"
