-- Shared by the bench/lua scripts: bearer tokens (one per line in $BENCH_TOKENS, used round robin),
-- and a done() that prints one JSON line (requests/s, p50/p99 in ms, non-2xx/3xx and socket errors)
-- for bench/run.sh to parse.
local common = {}

function common.read_lines(path)
  local lines = {}
  if path == nil or path == "" then return lines end
  local f = io.open(path, "r")
  if f == nil then return lines end
  for line in f:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

common.tokens = common.read_lines(os.getenv("BENCH_TOKENS"))

function common.auth(i)
  local n = #common.tokens
  if n == 0 then return nil end
  return "Bearer " .. common.tokens[(i % n) + 1]
end

-- The statuses of answers that were not 2xx, counted in each thread (the scripts that write set
-- `response = common.response` and call common.track(thread) in setup; reading responses in Lua costs wrk
-- some speed, so the read-only scripts do not).
common.threads = {}
function common.track(thread) table.insert(common.threads, thread) end
statuses = {}
function common.response(status, headers, body)
  if status < 200 or status > 299 then statuses[status] = (statuses[status] or 0) + 1 end
end

local function statuses_json()
  local total = {}
  for _, thread in ipairs(common.threads) do
    for status, count in pairs(thread:get("statuses") or {}) do total[status] = (total[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(total) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

function common.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"non2xx":%d,"socket_errors":%d,"statuses":%s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, statuses_json()))
end

return common
