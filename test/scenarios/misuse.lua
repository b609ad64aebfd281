-- Guarantee 4, calls: wrong argument types and values raise "bad argument #N to 'name' (...)";
-- calls in the wrong state return false + message; neither changes the client, which then works.
local H = require("harness")

local function expectRefused(what, ok, message)
  H.equal(ok, false, what .. " returns false")
  H.check(type(message) == "string" and #message > 0, what .. " returns a message, got " .. tostring(message))
end

H.run(function(args)
  local c = H.client("misuse")
  local ws = c.ws

  -- Wrong types and values while CLOSED.
  H.raises("bad argument #1 to 'connect' (string expected, got nil)", "connect(nil)", ws.connect, ws, nil)
  H.raises("bad argument #1 to 'connect' (string expected, got number)", "connect(123)", ws.connect, ws, 123)
  H.raises("bad argument #2 to 'connect' (table expected, got string)", "connect(uri, 'x')", ws.connect, ws, args.ws .. "/echo", "x")
  H.raises("bad argument #1 to 'send' (string expected, got nil)", "send(nil)", ws.send, ws, nil)
  H.raises("bad argument #1 to 'close' (number expected, got string)", "close('x')", ws.close, ws, "x")
  H.equal(ws:getState(), ws.CLOSED, "state after argument errors while CLOSED")

  -- Wrong state while CLOSED.
  expectRefused("send() before connect", ws:send("too early"))
  H.equal(ws:getState(), ws.CLOSED, "state after send() before connect")

  -- Wrong state while CONNECTING.
  H.equal(c:connect(args.ws .. "/echo"), true, "connect")
  expectRefused("send() while CONNECTING", ws:send("too early"))
  expectRefused("connect() while CONNECTING", ws:connect(args.ws .. "/echo"))
  H.equal(ws:getState(), ws.CONNECTING, "state after refused calls while CONNECTING")
  H.runUntil("ONOPEN", function() return c:count("open") == 1 or c:count("close") > 0 end, 5)

  -- Wrong types and values while OPEN: bad close codes and reasons (RFC 6455 §7.4) and ping payloads.
  local longReason = string.rep("r", 124)
  H.raises("bad argument #1 to 'close' (", "close(1001)", ws.close, ws, 1001)
  H.raises("bad argument #1 to 'close' (", "close(2999)", ws.close, ws, 2999)
  H.raises("bad argument #1 to 'close' (", "close(5000)", ws.close, ws, 5000)
  H.raises("bad argument #2 to 'close' (", "close(1000, 124-byte reason)", ws.close, ws, 1000, longReason)
  H.raises("bad argument #2 to 'close' (", "close(1000, invalid UTF-8)", ws.close, ws, 1000, "\255\254")
  H.raises("bad argument #1 to 'send' (string expected, got table)", "send({})", ws.send, ws, {})
  H.raises("bad argument #1 to 'ping' (", "ping(126 bytes)", ws.ping, ws, string.rep("p", 126))
  expectRefused("connect() while OPEN", ws:connect(args.ws .. "/echo"))
  H.equal(ws:getState(), ws.OPEN, "state after misuse while OPEN")

  -- Still intact: an echo works, and the largest legal reason (123 bytes) closes cleanly.
  H.equal(ws:send("still fine"), true, "send after misuse")
  H.runUntil("the echo", function() return c:count("message") == 1 or c:count("close") > 0 end, 5)
  H.equal(c:messages()[1], "still fine", "echo after misuse")
  local reason = string.rep("\226\130\172", 41) -- 41 euro signs: 123 bytes of UTF-8
  ws:close(4321, reason)
  H.equal(ws:getState(), ws.CLOSING, "state after close()")
  expectRefused("send() while CLOSING", ws:send("too late"))
  expectRefused("connect() while CLOSING", ws:connect(args.ws .. "/echo"))
  H.settle(5)
  local close = c:last("close")
  if close then
    H.equal(close.code, 4321, "ONCLOSE.code echoed by the server")
    H.equal(close.reason, reason, "ONCLOSE.reason echoed by the server (123 bytes)")
    H.equal(close.wasClean, true, "ONCLOSE.wasClean")
  end
  expectRefused("send() after ONCLOSE", ws:send("closed"))
  H.equal(c:sequence(), "open message close", "events")
end)
