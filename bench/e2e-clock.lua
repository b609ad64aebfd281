-- What the benchmark clients measure with, the same way in every runtime: the wall clock (the Node
-- host's in wasmoon and fengari, LuaSocket's elsewhere) and the Lua heap, where collectgarbage can
-- count it (fengari cannot). require("bench.e2e-clock"), with the project's root on the Lua path.
-- Named e2e- as the end-to-end helpers are, so bench/run.mjs does not take it for a core benchmark.
local clock = {}

local hosted, host = pcall(require, "plugin.websockets_host")
if hosted and type(host) == "table" and host.now then
  clock.now = host.now
else
  clock.now = require("socket").gettime
end

clock.heapMeasurable = pcall(collectgarbage, "count")

--- The Lua heap in KiB, garbage included; 0 where it cannot be counted.
function clock.heapKiB()
  return clock.heapMeasurable and collectgarbage("count") or 0
end

return clock
