-- POST /api/cart/items {productId, quantity: 1}: request i uses user (i mod U) and product
-- ((i / U) mod P), so that no line reaches the 99 limit in a short run (U users x P products x 99 adds)
-- and two requests in flight rarely touch the same cart. Products: one id per line in $BENCH_PRODUCTS.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local products = common.read_lines(os.getenv("BENCH_PRODUCTS"))
local i = 0

function setup(thread)
  thread:set("offset", math.random(0, 100000))
  common.track(thread)
end
function init(args) i = tonumber(wrk.thread:get("offset")) or 0 end

function request()
  i = i + 1
  local users = #common.tokens
  local product = products[(math.floor(i / users) % #products) + 1]
  local body = '{"productId":"' .. product .. '","quantity":1}'
  return wrk.format("POST", "/api/cart/items", {
    ["Authorization"] = common.auth(i),
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }, body)
end

response = common.response
done = common.done
