-- The built plugin against a misbehaving server (test/hostile-peers.test.ts), over the runtime's
-- real transport (LuaSocket, or the Node host in wasmoon and fengari).
-- Usage: hostile-peer.lua MODE URL [SIZE]
--   flood        the server floods empty frames then closes: count them, watch the Lua heap and
--                the most messages one poll dispatched
--   pingflood    the server floods pings and never reads, then sends "done": the largest
--                getBufferedAmount() seen
--   closequeued  on ONOPEN send 8 binary messages of SIZE bytes; the server closes while they are
--                queued and reads them later: how the close ended
--   dropqueued   the same, but the server drops TCP after its close frame
--   bigecho      send SIZE bytes to an echo server: how many polls the echo took, and whether it
--                came back whole
-- Output: KEY value lines, then "RESULT ok" once the run ended as it should.
local mode, url, size = arg[1], arg[2], tonumber(arg[3] or "0")
local WebSockets = require("plugin.websockets")
local ws = WebSockets.new()

local heapMeasurable = pcall(collectgarbage, "count")
local function heapKiB()
  return heapMeasurable and collectgarbage("count") or 0
end

local messages, errors, closed = 0, {}, nil
local maxBuffered, bufferedInClose = 0, nil
local echo
local function say(key, value) print(key .. " " .. tostring(value)) end

ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    if mode == "closequeued" or mode == "dropqueued" then
      for i = 1, 8 do assert(ws:send(string.rep(string.char(i), size), { binary = true })) end
    elseif mode == "bigecho" then
      local payload = {}
      for i = 1, 256 do payload[i] = string.char(i - 1) end
      assert(ws:send(string.rep(table.concat(payload), size / 256), { binary = true }))
    end
  elseif event.type == ws.ONMESSAGE then
    messages = messages + 1
    if mode == "pingflood" and event.data == "done" then closed = closed or { code = "done" } end
    if mode == "bigecho" then
      echo = event.data
      ws:close()
    end
  elseif event.type == ws.ONERROR then
    errors[#errors + 1] = event.errorType
  elseif event.type == ws.ONCLOSE then
    closed = event
    bufferedInClose = ws:getBufferedAmount()
  end
end)

assert(ws:connect(url, { maxMessageSize = 64 * 1024 * 1024 }))
if heapMeasurable then collectgarbage("collect") end
local baseKiB, peakKiB = heapKiB(), heapKiB()
local polls, pollsAfterSend = 0, 0
local deadline = os.time() + 60
-- The most messages one poll dispatched: what a full queue stopping the reading bounds.
local maxEventsPerPoll = 0
while not closed and os.time() < deadline do
  local before = messages
  WebSockets.poll(0.01)
  maxEventsPerPoll = math.max(maxEventsPerPoll, messages - before)
  polls = polls + 1
  peakKiB = math.max(peakKiB, heapKiB())
  maxBuffered = math.max(maxBuffered, ws:getBufferedAmount())
end

say("MESSAGES", messages)
say("ERRORS", table.concat(errors, ","))
say("GROWTH_KIB", string.format("%.0f", peakKiB - baseKiB))
say("HEAP_MEASURED", heapMeasurable and "yes" or "no")
say("MAX_BUFFERED", maxBuffered)
say("POLLS", polls)
say("MAX_EVENTS_PER_POLL", maxEventsPerPoll)
if closed then
  say("CLOSE", tostring(closed.code) .. " " .. tostring(closed.wasClean))
  say("BUFFERED_IN_CLOSE", tostring(bufferedInClose))
end
if mode == "bigecho" then
  local expected = {}
  for i = 1, 256 do expected[i] = string.char(i - 1) end
  say("ECHO", echo == string.rep(table.concat(expected), size / 256) and "whole" or "wrong")
end
print(closed and "RESULT ok" or "RESULT timeout")
os.exit(0)
