-- GET $BENCH_PATH (default: the URL's path) with the bearer tokens of $BENCH_TOKENS, round robin.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local path = os.getenv("BENCH_PATH")
local i = 0

function setup(thread) thread:set("offset", math.random(0, 1000)) end
function init(args) i = tonumber(wrk.thread:get("offset")) or 0 end

function request()
  i = i + 1
  local headers = { ["Accept"] = "application/json" }
  local auth = common.auth(i)
  if auth then headers["Authorization"] = auth end
  return wrk.format("GET", path, headers)
end

done = common.done
