-- Guarantee 3 from the client's side: every send that returned true reaches the server, whole and in
-- order, even when the game closes right after sending or the server stops reading for a while.
--   flush   20 messages (message i: i * 997 bytes of the byte i) and close(1000, "done") at once,
--           without waiting: the server's log (checked by the test) must hold all 20 before the close
--   stall   the server reads nothing while the client sends `stall_count` messages of 64 KiB
--           (message i: 65536 bytes of the byte i % 251): getBufferedAmount() grows and stays above
--           0; then a second connection (/resume) lets the server read again, the buffer drains, and
--           the server's report counts every message and byte
-- The test recomputes both checksums from these recipes and compares them with the server's logs.
local H = require("harness")

H.run(function(args)
  local id = args.id or "delivery"
  local stallCount = tonumber(args.stall_count) or 96

  -- flush ------------------------------------------------------------------------------------------
  local flush = H.client("flush")
  local flushBytes = 0
  flush:handle(function(e)
    if e.type ~= "open" then return end
    for i = 1, 20 do
      local data = string.rep(string.char(i), i * 997)
      flushBytes = flushBytes + #data
      H.equal(flush.ws:send(data, { binary = true }), true, "flush: send " .. i)
    end
    flush.ws:close(1000, "done")
    H.equal(flush.ws:getState(), flush.ws.CLOSING, "flush: state right after close()")
  end)
  H.equal(flush:connect(args.ws .. "/count?id=" .. id .. "-flush"), true, "flush: connect")
  -- Settled before the stall part, whose sends keep slow interpreters away from poll for seconds.
  H.settle(10)
  local flushed = flush:last("close")
  if flushed then
    H.equal(flushed.code, 1000, "flush: ONCLOSE.code")
    H.equal(flushed.wasClean, true, "flush: ONCLOSE.wasClean")
  end
  H.report("flush", 20, flushBytes)

  -- stall ------------------------------------------------------------------------------------------
  local stall = H.client("stall")
  local ws = stall.ws
  H.equal(stall:connect(args.ws .. "/count?stall=1&id=" .. id .. "-stall"), true, "stall: connect")
  H.runUntil("stall: ONOPEN", function() return stall:count("open") == 1 or stall:count("close") > 0 end, 5)

  local sentBytes, afterFirst = 0, nil
  for i = 1, stallCount do
    local data = string.rep(string.char(i % 251), 65536)
    H.equal(ws:send(data, { binary = true }), true, "stall: send " .. i)
    sentBytes = sentBytes + #data
    if i == 1 then afterFirst = ws:getBufferedAmount() end
  end
  local afterLast = ws:getBufferedAmount()
  H.note("stall: getBufferedAmount() after the first send " .. afterFirst .. ", after the last " .. afterLast)
  H.check(afterLast > afterFirst, "stall: getBufferedAmount() grows while the server does not read ("
    .. afterFirst .. " after the first send, " .. afterLast .. " after the last)")
  for _ = 1, 10 do H.poll(0.02) end
  local whileStalled = ws:getBufferedAmount()
  H.note("stall: getBufferedAmount() after 10 polls with the server stalled " .. whileStalled)
  H.check(whileStalled > 0, "stall: getBufferedAmount() stays above 0 while the server does not read")
  H.equal(ws:getState(), ws.OPEN, "stall: state while the server does not read")

  local resume = H.client("resume")
  H.equal(resume:connect(args.ws .. "/resume?id=" .. id .. "-stall"), true, "resume: connect")
  H.runUntil("the buffer to drain", function() return ws:getBufferedAmount() == 0 or stall:count("close") > 0 end, 30)
  H.equal(ws:getBufferedAmount(), 0, "stall: getBufferedAmount() once the server reads again")
  H.equal(ws:send("report"), true, "stall: send report")
  H.runUntil("the server's report", function() return stall:count("message") == 1 or stall:count("close") > 0 end, 10)
  local report = stall:messages()[1] or ""
  local messages, bytes, checksum = string.match(report, "^received (%d+) (%d+) (%S+)$")
  H.equal(tonumber(messages), stallCount, "stall: messages the server received")
  H.equal(tonumber(bytes), sentBytes, "stall: bytes the server received")
  H.report("stall", stallCount, sentBytes, checksum)
  ws:close(1000, "done")
  H.settle(10)

  local resumed = resume:last("close")
  if resumed then H.equal(resumed.reason, "resumed", "resume: the server found the stalled connection") end
  local closed = stall:last("close")
  if closed then H.equal(closed.wasClean, true, "stall: ONCLOSE.wasClean") end
end)
