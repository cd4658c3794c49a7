-- GET $BENCH_PATH with one fixed header ($BENCH_HEADER, "Name: value"): the shopper's session cookie for a
-- rendered page, or the bearer token for the API call behind it.
local path = os.getenv("BENCH_PATH")
local name, value = string.match(os.getenv("BENCH_HEADER") or "", "^([^:]+):%s*(.*)$")

function request()
  local headers = {}
  if name then headers[name] = value end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  io.stderr:write(string.format('{"requests":%d,"errors":%d,"non2xx":%d,"seconds":%.3f,"p50":%.3f,"p99":%.3f}\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
