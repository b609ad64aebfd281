-- One end-to-end measurement of the plugin against a local echo server, run by bench/e2e.mjs.
--
--   lua e2e-client.lua SCENARIO URL COUNT
--
-- Scenarios (COUNT is how many of each):
--   roundtrip  32-byte text messages, one in flight: each is sent once the echo of the last came back
--   pipelined  32-byte text messages, 100 in flight
--   binary     1 MiB binary messages echoed, one in flight
--   text       1 MiB multi-byte UTF-8 text messages echoed, one in flight
--   idle       COUNT connections opened and left idle: Lua heap per connection
--   loaded     the Lua heap the plugin keeps once loaded, before any connection: its code and the
--              tables its modules build at load time (every collection walks all of it, so it
--              costs time too where big messages make much garbage); COUNT is ignored
--   dispatch   the server sends COUNT 100-byte messages at once; once they are waiting in the socket,
--              one WebSockets.poll reads, decodes and dispatches them: its duration
-- Prints one line: RESULT key=value ... with `seconds` and what was counted. Every echo is compared
-- with what was sent; a mismatch is an error, not a figure.

-- "loaded" measures around the require, before anything else runs; the other scenarios start with
-- the collector as loading left it (full collections here would change its pace for them).
local measuringLoad = arg[1] == "loaded"
local function fullCollection()
  collectgarbage("collect")
  collectgarbage("collect")
end
if measuringLoad then fullCollection() end
local heapBeforeLoad = collectgarbage("count")
local WebSockets = require("plugin.websockets")
local loadedKiB
if measuringLoad then
  local client = WebSockets.new() -- a client object too: what a game holds before it connects
  fullCollection()
  loadedKiB = collectgarbage("count") - heapBeforeLoad
  assert(client:getState() == client.CLOSED)
end

local scenario, url, count = arg[1], arg[2], tonumber(arg[3])
if not (scenario and url and count) then
  io.stderr:write("usage: e2e-client.lua SCENARIO URL COUNT\n")
  os.exit(2)
end

-- A wall clock and a way to sleep: the Node host's transport has both natively; elsewhere LuaSocket.
local now, sleep
local hosted, host = pcall(require, "plugin.websockets_host")
if hosted and type(host) == "table" and host.now then
  now = host.now
  -- Waiting on no stream hands control to Node's event loop for `seconds`, so sockets fill up.
  sleep = function(seconds) host.wait({}, seconds) end
else
  local socket = require("socket")
  now, sleep = socket.gettime, socket.sleep
end

local MiB = 1024 * 1024
local SMALL = string.rep("x", 32)
local PIPELINE_DEPTH = 100

-- 1 MiB of valid UTF-8 made of 2-, 3- and 4-byte characters (kappa, e acute, CJK, euro, a die).
local function multi_byte_text()
  local unit = "\206\186\195\169\228\184\150\231\149\140\226\130\172\240\159\142\178"
  return string.rep(unit, math.floor(MiB / #unit)) .. string.rep(".", MiB % #unit)
end

-- 1 MiB running through every byte value.
local function binary_data()
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  return string.rep(table.concat(bytes), MiB / 256)
end

-- bench/e2e-profile.lua defines this to sample only what is measured; otherwise it does nothing.
local measuring = rawget(_G, "e2e_measuring") or function() end

local function fail(message)
  io.stderr:write(scenario .. ": " .. message .. "\n")
  os.exit(1)
end

-- Connects one client and services the plugin until it is open.
local function open(path, on_message)
  local ws = WebSockets.new()
  local state = { open = false, closed = false }
  ws:addEventListener(ws.WSEVENT, function(event)
    if event.type == ws.ONOPEN then
      state.open = true
    elseif event.type == ws.ONMESSAGE then
      on_message(event)
    elseif event.type == ws.ONERROR then
      fail("error: " .. tostring(event.reason))
    elseif event.type == ws.ONCLOSE then
      state.closed = true
    end
  end)
  ws:connect(url .. path, { maxMessageSize = 64 * MiB })
  return ws, state
end

local function service_until(condition)
  while not condition() do WebSockets.poll(0.1) end
end

local function report(fields)
  local parts = { "RESULT", "scenario=" .. scenario }
  for _, key in ipairs({ "seconds", "count", "bytes", "heapKiB", "polls", "dispatched" }) do
    if fields[key] ~= nil then parts[#parts + 1] = key .. "=" .. tostring(fields[key]) end
  end
  print(table.concat(parts, " "))
end

-- Echo scenarios: `depth` messages in flight until `count` came back, each checked.
local function echo_run(payload, binary, depth)
  local received = 0
  local ws, state = open("/echo", function(event)
    if event.data ~= payload or event.isBinary ~= binary then fail("echo differs from what was sent") end
    received = received + 1
  end)
  service_until(function() return state.open end)
  local options = { binary = binary }
  local sent = 0
  local started = now()
  measuring(true)
  while received < count do
    while sent < count and sent - received < depth do
      ws:send(payload, options)
      sent = sent + 1
    end
    WebSockets.poll(0.1)
  end
  measuring(false)
  local seconds = now() - started
  ws:close()
  service_until(function() return state.closed end)
  report({ seconds = seconds, count = count, bytes = count * #payload })
end

local function idle_run()
  -- One connection first, so that what every client shares (transport, loop) is not counted.
  local warm_up, warm_state = open("/echo", function() end)
  service_until(function() return warm_state.open end)
  warm_up:close()
  service_until(function() return warm_state.closed end)
  fullCollection()
  local before = collectgarbage("count")
  local clients = {}
  for i = 1, count do
    local ws, state = open("/echo", function() end)
    clients[i] = { ws = ws, state = state }
  end
  service_until(function()
    for i = 1, count do
      if not clients[i].state.open then return false end
    end
    return true
  end)
  -- A few idle services, as a game's frames would run, before the heap is measured.
  for _ = 1, 10 do WebSockets.poll(0) end
  fullCollection()
  local per_connection = (collectgarbage("count") - before) / count
  for i = 1, count do clients[i].ws:close() end
  service_until(function()
    for i = 1, count do
      if not clients[i].state.closed then return false end
    end
    return true
  end)
  report({ heapKiB = string.format("%.2f", per_connection), count = count })
end

local function dispatch_run()
  local dispatched = 0
  local expected = string.rep("m", 100)
  local ws, state = open("/burst", function(event)
    if event.data ~= expected then fail("burst message differs") end
    dispatched = dispatched + 1
  end)
  service_until(function() return state.open end)
  -- The server waits a moment before its burst, so this poll writes the request and nothing more;
  -- then every message of the burst arrives while the client sleeps.
  ws:send(tostring(count))
  WebSockets.poll(0)
  sleep(0.3)
  if dispatched > 0 then fail("the burst was dispatched before it was measured") end
  local started = now()
  local polls = 0
  measuring(true)
  while dispatched < count do
    WebSockets.poll(0)
    polls = polls + 1
    if polls > 1000 then fail("the burst never arrived whole") end
  end
  measuring(false)
  local seconds = now() - started
  ws:close()
  service_until(function() return state.closed end)
  report({ seconds = seconds, polls = polls, dispatched = dispatched, count = count })
end

if scenario == "roundtrip" then
  echo_run(SMALL, false, 1)
elseif scenario == "pipelined" then
  echo_run(SMALL, false, PIPELINE_DEPTH)
elseif scenario == "binary" then
  echo_run(binary_data(), true, 1)
elseif scenario == "text" then
  echo_run(multi_byte_text(), false, 1)
elseif scenario == "idle" then
  idle_run()
elseif scenario == "loaded" then
  report({ heapKiB = string.format("%.1f", loadedKiB), count = 1 })
elseif scenario == "dispatch" then
  dispatch_run()
else
  fail("unknown scenario")
end
os.exit(0)
