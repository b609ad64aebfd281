-- One hostile-peer measurement for bench/hostile.mjs: the built plugin over the runtime's real
-- transport against a misbehaving server, timing every WebSockets.poll in CPU time (os.clock: the
-- work a poll does, which a busy machine's scheduling does not inflate) and on the wall clock, and
-- sampling the Lua heap after each.
-- Usage: e2e-hostile-client.lua SCENARIO URL [SIZE]
--   pingflood   URL floods pings and never reads, then sends "done"
--   emptyflood  URL floods empty binary frames, then closes
--   bigboth     URL echoes: one SIZE-byte binary message goes out while its echo comes in
--   floor       (no network) in this fresh process, the CPU time of joining SIZE bytes held as 2 MiB
--               strings into one string with one table.concat: the least a poll that hands over a
--               SIZE-byte message as one Lua string can cost (the message must be one string, made
--               in one step), memory as fresh as in the poll that completes bigboth's echo
-- Prints one line: RESULT scenario=... longest_poll_ms=... peak_heap_mib=... (and more).
local scenario, url, size = arg[1], arg[2], tonumber(arg[3] or "0")
if scenario == "floor" then
  local parts, part = {}, 2 * 1024 * 1024
  for i = 1, math.ceil(size / part) do parts[i] = string.rep(string.char(64 + i % 64), math.min(part, size - (i - 1) * part)) end
  local c = os.clock()
  local whole = table.concat(parts)
  local floorMs = (os.clock() - c) * 1000
  assert(#whole == size)
  print(string.format("RESULT scenario=floor floor_ms=%.2f", floorMs))
  os.exit(0)
end
local WebSockets = require("plugin.websockets")

local clock = require("bench.e2e-clock")
local now, heapKiB, heapMeasurable = clock.now, clock.heapKiB, clock.heapMeasurable

local ws = WebSockets.new()
local done, messages, sendSeconds = false, 0, 0
local echoed
-- Polls are timed from ONOPEN on: the flood and the transfer, not loading LuaSocket or connecting.
local opened = false
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then opened = true end
  if event.type == ws.ONMESSAGE then
    messages = messages + 1
    if scenario == "pingflood" and event.data == "done" then done = true end
    if scenario == "bigboth" then
      echoed = #event.data
      done = true
    end
  elseif event.type == ws.ONCLOSE then
    done = true
  end
end)

if heapMeasurable then collectgarbage("collect") end
local baseKiB, peakKiB = heapKiB(), heapKiB()
assert(ws:connect(url, { maxMessageSize = 64 * 1024 * 1024 }))
local longest, longestWall, polls, maxBuffered = 0, 0, 0, 0
local started = now()
local sent = false
while not done and now() - started < 300 do
  if opened and scenario == "bigboth" and not sent then
    -- Sent between polls, and timed on its own: today's core frames and masks a message whole in
    -- `send`, so that cost is not a poll's.
    sent = true
    local block = {}
    for i = 1, 256 do block[i] = string.char(i - 1) end
    local payload = string.rep(table.concat(block), size / 256)
    local c = os.clock()
    ws:send(payload, { binary = true })
    sendSeconds = os.clock() - c
  end
  local t, c = now(), os.clock()
  WebSockets.poll(0.001)
  local took, tookWall = os.clock() - c, now() - t
  if opened and took > longest then longest = took end
  if opened and tookWall > longestWall then longestWall = tookWall end
  polls = polls + 1
  peakKiB = math.max(peakKiB, heapKiB())
  maxBuffered = math.max(maxBuffered, ws:getBufferedAmount())
end
local total = now() - started
print(string.format(
  "RESULT scenario=%s longest_poll_ms=%.2f longest_poll_wall_ms=%.2f peak_heap_mib=%.2f heap_measured=%s polls=%d messages=%d total_s=%.3f send_ms=%.1f max_buffered=%d echoed=%d",
  scenario, longest * 1000, longestWall * 1000, (peakKiB - baseKiB) / 1024, heapMeasurable and 1 or 0, polls, messages, total,
  sendSeconds * 1000, maxBuffered, echoed or 0))
os.exit(0)
