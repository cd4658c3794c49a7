-- POST /api/orders with a unique Idempotency-Key per request (thread id, counter, random run id), one
-- line of quantity 1 from the products of $BENCH_PRODUCTS, users of $BENCH_TOKENS round robin. Each
-- answer 201 is a new order (which then goes through the checkout saga: stock reservation by events).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local products = common.read_lines(os.getenv("BENCH_PRODUCTS"))
local run = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local threads = 0
local i = 0
local id = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
  common.track(thread)
end

function init(args) id = tonumber(wrk.thread:get("id")) or 0 end

function request()
  i = i + 1
  local product = products[(i % #products) + 1]
  local body = '{"items":[{"productId":"' .. product .. '","quantity":1}],"shippingAddress":'
    .. '{"name":"Bench","line1":"1 Load Street","city":"Paris","postalCode":"75001","country":"FR"}}'
  return wrk.format("POST", "/api/orders", {
    ["Authorization"] = common.auth(i),
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. id .. "-" .. i,
  }, body)
end

response = common.response
done = common.done
