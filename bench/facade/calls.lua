-- What a method call costs on the objects game code holds (ts/plugin/facade.ts), by hand, in any
-- runtime (not part of `npm run bench`):
--
--   LUA_PATH="./?.lua;;" lua5.1 bench/facade/calls.lua [COUNT]
--   node host/run-lua.mjs --runtime wasmoon bench/facade/calls.lua [COUNT]
--
-- calls: COUNT calls of ws:getState(), ws:getBufferedAmount() and a refused ws:send("x") on a
-- CLOSED client (argument checks, state check, `false, message`), in ns per call.
-- pipelined: COUNT / 10 text messages of 32 bytes, 100 in flight, from a client to the plugin's own
-- server over 127.0.0.1, which echoes each with peer:send; CPU seconds of the whole exchange (both
-- ends are in this process), as messages per second. CPU time (os.clock), best of 3 rounds.
local WebSockets = require("plugin.websockets")

local count = tonumber(arg and arg[1]) or 1000000

local function best(rounds, f)
  local fastest = math.huge
  for _ = 1, rounds do
    local started = os.clock()
    f()
    fastest = math.min(fastest, os.clock() - started)
  end
  return fastest
end

local ws = WebSockets.new()
local sink = 0 -- every result is used, so that no compiler drops the calls
local function perCall(name, f)
  local seconds = best(3, f)
  print(string.format("BENCH %s %.0f ns/call", name, seconds / count * 1e9))
end
perCall("getState", function()
  for _ = 1, count do sink = sink + ws:getState() end
end)
perCall("getBufferedAmount", function()
  for _ = 1, count do sink = sink + ws:getBufferedAmount() end
end)
perCall("refused-send", function()
  for _ = 1, count do
    local ok, message = ws:send("x")
    if not ok then sink = sink + #message end
  end
end)

-- Pipelined echo over loopback through the plugin's own server.
local messages = math.floor(count / 10)
local payload = string.rep("p", 32)
local server = WebSockets.newServer()
local client = WebSockets.new()
local port
server:addEventListener(server.WSEVENT, function(event)
  if event.type == server.ONLISTEN then
    port = event.port
  elseif event.type == server.ONMESSAGE then
    event.client:send(event.data)
  end
end)
local received, opened = 0, false
client:addEventListener(client.WSEVENT, function(event)
  if event.type == client.ONOPEN then
    opened = true
  elseif event.type == client.ONMESSAGE then
    if event.data ~= payload then error("echo differs") end
    received = received + 1
  end
end)
server:listen({ host = "127.0.0.1", port = 0 })
while port == nil do WebSockets.poll(0.01) end
client:connect("ws://127.0.0.1:" .. port .. "/", { compression = false })
while not opened do WebSockets.poll(0.01) end

local seconds = best(3, function()
  received = 0
  local sent = 0
  while received < messages do
    while sent < messages and sent - received < 100 do
      client:send(payload)
      sent = sent + 1
    end
    WebSockets.poll(0.001)
  end
end)
print(string.format("BENCH pipelined %.0f messages/s (%d messages, %.3f CPU s)", messages / seconds, messages, seconds))
client:close()
server:close()
for _ = 1, 200 do WebSockets.poll(0.01) end
