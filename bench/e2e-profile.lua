-- Where the time of one end-to-end scenario goes, by module of the plugin (the bundle's TypeScript
-- files and lua/ sources) and by function, in any Lua runtime with the debug library.
--
--   lua e2e-profile.lua SCENARIO URL COUNT      (the arguments of e2e-client.lua)
--
-- While the client measures (it calls e2e_measuring around that part), a count hook fires every few
-- hundred VM instructions and charges the wall time since the last one to the function running and
-- to every module on the stack (self and inclusive). Time spent in C
-- functions (string.byte, table.concat, the socket) is charged to the Lua function that called them,
-- which is where it can be fixed. Figures are approximate; compare them with each other.

local HOOK_EVERY = 200
local MAX_DEPTH = 40

local clock = os.clock
do
  local ok, socket = pcall(require, "socket")
  if ok and socket.gettime then clock = socket.gettime end
end

-- The bundle keeps each TypeScript file in a block that starts with ["ts.core.frame-decoder"] =
-- function(...): map line numbers of plugin/websockets.lua to those module names.
local bundle_modules = {}
do
  local file
  for template in package.path:gmatch("[^;]+") do
    file = io.open((template:gsub("%?", "plugin/websockets")), "r")
    if file then break end
  end
  if file then
    local line_number = 0
    for line in file:lines() do
      line_number = line_number + 1
      local name = line:match('^%["([%w%._%-/]+)"%]%s*=%s*function')
      if name then bundle_modules[#bundle_modules + 1] = { first = line_number, name = name } end
    end
    file:close()
  end
end

local function module_of(info)
  local source = info.short_src or "?"
  if source:find("websockets%.lua$") then
    local name = "plugin (bundle)"
    for i = 1, #bundle_modules do
      if bundle_modules[i].first <= info.linedefined then name = bundle_modules[i].name else break end
    end
    return name
  end
  return source:match("([^/]+)$") or source
end

local self_time, inclusive_time, function_time = {}, {}, {}
local last = clock()
local total = 0

local function charge(map, key, dt)
  map[key] = (map[key] or 0) + dt
end

local getinfo = debug.getinfo
local function hook()
  local t = clock()
  local dt = t - last
  total = total + dt
  local seen = {}
  for level = 2, MAX_DEPTH do
    local info = getinfo(level, "Sn")
    if not info then break end
    if info.what ~= "C" then
      local module = module_of(info)
      if level == 2 then
        charge(self_time, module, dt)
        charge(function_time, module .. ":" .. tostring(info.name or "?") .. ":" .. info.linedefined, dt)
      end
      if not seen[module] then
        charge(inclusive_time, module, dt)
        seen[module] = true
      end
    end
  end
  last = clock()
end

local function top(map, n)
  local list = {}
  for key, value in pairs(map) do list[#list + 1] = { key = key, value = value } end
  table.sort(list, function(a, b) return a.value > b.value end)
  local out = {}
  for i = 1, math.min(n, #list) do
    out[#out + 1] = string.format("  %5.1f%%  %s", 100 * list[i].value / total, list[i].key)
  end
  return table.concat(out, "\n")
end

-- Run the client with the hook on; it ends with os.exit, so report from a wrapped os.exit.
local exit = os.exit
os.exit = function(code)
  debug.sethook()
  print(string.format("profile: %.3f s sampled", total))
  print("self time by module:\n" .. top(self_time, 12))
  print("inclusive time by module:\n" .. top(inclusive_time, 12))
  print("self time by function:\n" .. top(function_time, 25))
  exit(code)
end

-- The client calls this around what it measures: sample only that.
rawset(_G, "e2e_measuring", function(on)
  if on then
    last = clock()
    debug.sethook(hook, "", HOOK_EVERY)
  else
    debug.sethook()
  end
end)

local script = (arg[0] or ""):gsub("e2e%-profile%.lua$", "e2e-client.lua")
if script == "" or script == arg[0] then script = "bench/e2e-client.lua" end
dofile(script)
