-- Runs bench/e2e-client.lua with its arguments and adds the CPU time the Lua process spent after
-- loading the plugin (os.clock: user and system time, which a busy machine's scheduling does not
-- inflate) as one more line, "CPU seconds=... load=...", when the client exits; `load` is what
-- loading plugin/websockets.lua itself took, apart, since a bigger file takes longer to load whatever
-- its throughput. Used by bench/ab.mjs.
--   lua e2e-cpu.lua SCENARIO URL COUNT
local here = string.match(arg[0], "^(.*)[/\\]") or "."
local exit = os.exit
local loadStarted = os.clock()
require("plugin.websockets")
local loaded = os.clock()
local function reportCpu()
  print(string.format("CPU seconds=%.4f load=%.4f", os.clock() - loaded, loaded - loadStarted))
  io.stdout:flush()
end
os.exit = function(code)
  reportCpu()
  exit(code)
end
local client = here .. "/e2e-client.lua"
arg = { [0] = client, arg[1], arg[2], arg[3] }
dofile(client)
reportCpu()
