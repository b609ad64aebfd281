-- The server's side of bench/hostile.mjs's "serverbig" scenario: WebSockets.newServer() on loopback,
-- one client sends a SIZE-byte binary message and gets it echoed. Every WebSockets.poll from the
-- peer's ONCONNECTION until its ONCLOSE is timed in CPU time (os.clock) and on the wall clock, and
-- the Lua heap sampled after each, as bench/e2e-hostile-client.lua does for a client: guarantee 7 for
-- a server's peers, whose big messages must be read, unmasked and assembled over several services.
-- Usage: e2e-hostile-server.lua PORT SIZE
-- Prints "listening" once it listens, then one line: RESULT scenario=serverbig longest_poll_ms=...
local port, size = tonumber(arg[1]), tonumber(arg[2])
local WebSockets = require("plugin.websockets")

local clock = require("bench.e2e-clock")
local now, heapKiB, heapMeasurable = clock.now, clock.heapKiB, clock.heapMeasurable

local server = WebSockets.newServer()
local connected, done, echoed = false, false, 0
server:addEventListener(server.WSEVENT, function(event)
  if event.type == server.ONLISTEN then
    print("listening")
    if io.stdout.flush then io.stdout:flush() end
  elseif event.type == server.ONCONNECTION then
    connected = true
  elseif event.type == server.ONMESSAGE then
    echoed = #event.data
    event.client:send(event.data, { binary = true })
  elseif event.type == server.ONCLOSE and event.client ~= nil then
    done = true
  end
end)
assert(server:listen({ host = "127.0.0.1", port = port, maxMessageSize = 64 * 1024 * 1024 }))

if heapMeasurable then collectgarbage("collect") end
local baseKiB, peakKiB = heapKiB(), heapKiB()
local longest, longestWall, polls = 0, 0, 0
local started = now()
while not done and now() - started < 300 do
  local t, c = now(), os.clock()
  WebSockets.poll(0.001)
  local took, tookWall = os.clock() - c, now() - t
  if connected then
    if took > longest then longest = took end
    if tookWall > longestWall then longestWall = tookWall end
    polls = polls + 1
    peakKiB = math.max(peakKiB, heapKiB())
  end
end
local total = now() - started
server:close()
print(string.format(
  "RESULT scenario=serverbig longest_poll_ms=%.2f longest_poll_wall_ms=%.2f peak_heap_mib=%.2f heap_measured=%s polls=%d total_s=%.3f echoed=%d",
  longest * 1000, longestWall * 1000, (peakKiB - baseKiB) / 1024, heapMeasurable and 1 or 0, polls, total, echoed))
os.exit(0)
