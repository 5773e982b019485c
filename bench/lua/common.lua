-- Shared by the scenario scripts (loaded with dofile): counts the responses of every wrk thread
-- by HTTP status and prints one machine-readable line that bench/run.sh parses:
--   BENCH_RESULT requests=N duration_us=N p50_us=N p99_us=N non2xx=N socket_errors=N statuses=200:N,...
-- wrk alone only counts statuses >= 400; a benchmark that silently measured 3xx/4xx/5xx would
-- be worthless, so every response is counted (this costs wrk no measurable throughput).

bench = {}

-- Per-thread state (each wrk thread loads this file into its own Lua state).
statuses = {}

-- Main state: the thread objects, so that done() can collect their counters.
local threads = {}

function bench.track(thread)
  threads[#threads + 1] = thread
end

function bench.count(status)
  statuses[status] = (statuses[status] or 0) + 1
end

setup = bench.track

function response(status, headers, body)
  bench.count(status)
end

function done(summary, latency, requests)
  local totals, codes, non2xx = {}, {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      if totals[status] == nil then codes[#codes + 1] = status end
      totals[status] = (totals[status] or 0) + n
      if status < 200 or status > 299 then non2xx = non2xx + n end
    end
  end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do parts[#parts + 1] = status .. ":" .. totals[status] end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d " ..
    "connect=%d read=%d write=%d timeout=%d statuses=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout,
    #parts > 0 and table.concat(parts, ",") or "none"))
end
