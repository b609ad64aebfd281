-- One compressed echo measurement of the plugin against bench/codec-e2e.mjs's `ws` echo server
-- with permessage-deflate, run by bench/codec-e2e.mjs:
--
--   lua e2e-client.lua URL MESSAGES_FILE COUNT DEPTH
--
-- MESSAGES_FILE returns a list of game-like JSON messages; COUNT of them are sent (round the list
-- again if COUNT is larger), DEPTH in flight, each compressed (threshold 0, level 1) and each echo,
-- compressed by the server, checked against what was sent. Prints one line:
--   RESULT seconds=... cpu=... count=... bytes=... extensions=...
-- `seconds` is the wall clock from the first send to the last echo, `cpu` this process's CPU time
-- over the same span (os.clock), `bytes` the uncompressed bytes echoed.

local WebSockets = require("plugin.websockets")

local url, file, count, depth = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4])
if not (url and file and count and depth) then
  io.stderr:write("usage: e2e-client.lua URL MESSAGES_FILE COUNT DEPTH\n")
  os.exit(2)
end
-- Loaded with require from its folder: the Node host's runtimes have no dofile of their own.
local folder, name = file:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local messages = require(name)

local now = require("bench.e2e-clock").now

local function fail(message)
  io.stderr:write("compressed echo: " .. message .. "\n")
  os.exit(1)
end

local ws = WebSockets.new()
local opened, closed = false, false
local sent, received, bytes = 0, 0, 0
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    opened = true
  elseif event.type == ws.ONMESSAGE then
    received = received + 1
    local expected = messages[(received - 1) % #messages + 1]
    if event.data ~= expected then fail("echo " .. received .. " differs from what was sent") end
    bytes = bytes + #event.data
  elseif event.type == ws.ONERROR then
    fail("error: " .. tostring(event.reason))
  elseif event.type == ws.ONCLOSE then
    closed = true
  end
end)
ws:connect(url, { maxMessageSize = 16 * 1024 * 1024, compression = { threshold = 0, level = 1 } })
while not opened do WebSockets.poll(0.1) end
local extensions = ws:getExtensions()
if not extensions:find("permessage-deflate", 1, true) then fail("permessage-deflate was not negotiated") end

local started, startedCpu = now(), os.clock()
while received < count do
  while sent < count and sent - received < depth do
    ws:send(messages[sent % #messages + 1])
    sent = sent + 1
  end
  WebSockets.poll(0.1)
end
local seconds, cpu = now() - started, os.clock() - startedCpu
ws:close()
while not closed do WebSockets.poll(0.1) end
print(string.format("RESULT seconds=%.6f cpu=%.6f count=%d bytes=%d extensions=%s", seconds, cpu, count, bytes,
  (extensions:gsub("[%s;]+", ","))))
os.exit(0)
