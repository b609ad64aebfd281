-- How the plugin ends TCP (RFC 6455 section 7.1.1), in real Lua over the scripted transport and fake
-- clock of scripted-transport.lua. The core decides (Connection.transportEnd, drainTimeout,
-- peerFinTimeout: a client waits for the server's FIN, a server writes its last bytes, shuts its
-- sending side and waits for the client's FIN, and either closes at once once the peer's FIN came);
-- these cases check that the client session, the peer session and the lingering streams carry out
-- exactly that, to the second of the core's timeouts. The timeouts are restated here on purpose: a
-- plugin with timings of its own, or a core whose answer changed, fails a case.

local H = require("scripted-transport")
local clock = H.clock
local WebSockets = H.WebSockets
local u16, frame, closeFrame, framesOf = H.u16, H.frame, H.closeFrame, H.framesOf
local check, equal = H.check, H.equal
local newClient, openClient, pollUntil, finish = H.newClient, H.openClient, H.pollUntil, H.finish
local case = H.case
local maskedFrame, closeServer = H.maskedFrame, H.closeServer

-- ts/core/connection.ts, restated.
local CLIENT_FIN_WAIT_SECONDS = 2
local SERVER_DRAIN_SECONDS = 2
local SERVER_FIN_WAIT_SECONDS = 2

-- A stream that can shut its sending side, noting when it did.
local function shutdownable(stream)
  stream.shutdown = function(self)
    self.shutAt = clock.t
    return true
  end
  return stream
end

-- A peer whose stream can shut down.
local function openPeer()
  local s, _, stream = H.openPeer({ wrap = shutdownable })
  return s, stream
end

-- Polls once at `t` on the fake clock.
local function pollAt(t)
  clock.t = t
  WebSockets.poll(0)
end

-- The client ---------------------------------------------------------------------------------------

case("client: after the close handshake it waits CLIENT_FIN_WAIT_SECONDS for the server's FIN, reading, then closes", function()
  local c, stream = openClient()
  shutdownable(stream)
  c.ws:close(1000)
  WebSockets.poll(0)
  stream.incoming = closeFrame(1000)
  WebSockets.poll(0)
  equal(c:types(), "open close", "events")
  equal(c:last("close").wasClean, true, "wasClean")
  local t0 = clock.t
  check(not stream.closed, "closed at once: the client must wait for the server to close TCP first")
  -- What arrives meanwhile is read and dropped, so closing later sends no reset.
  stream.incoming = frame(1, "late")
  pollAt(t0 + CLIENT_FIN_WAIT_SECONDS - 0.01)
  check(not stream.closed, "closed before the core's FIN wait was over")
  equal(stream.incoming, "", "what arrived while waiting was not read")
  pollAt(t0 + CLIENT_FIN_WAIT_SECONDS)
  check(stream.closed, "still open once the core's FIN wait was over")
  equal(stream.shutAt, nil, "a client does not half-close")
  equal(c:types(), "open close", "the game heard nothing more")
end)

case("client: the server's FIN while it waits closes the stream at once", function()
  local c, stream = openClient()
  c.ws:close(1000)
  WebSockets.poll(0)
  stream.incoming = closeFrame(1000)
  WebSockets.poll(0)
  local t0 = clock.t
  check(not stream.closed, "closed before the server's FIN")
  stream.eof = true
  pollAt(t0 + 0.5)
  check(stream.closed, "still open after the server's FIN")
  finish(c, stream)
end)

case("client: the server's FIN read while the close waits for the game's sends: closed at once after them", function()
  local c, stream = openClient()
  shutdownable(stream)
  stream.room = 0
  check(c.ws:send(string.rep("s", 1000)), "send")
  stream.incoming = closeFrame(1000)
  WebSockets.poll(0)
  -- The close is held until the send is written; meanwhile the server's FIN is read.
  stream.eof = true
  WebSockets.poll(0)
  equal(c:types(), "open", "events while the send waits")
  check(not stream.closed, "closed before the send was written")
  stream.room = nil
  pollUntil(function() return c:count("close") == 1 end, 10)
  equal(c:last("close").wasClean, true, "wasClean")
  equal(#framesOf(stream, 8), 1, "the close frame written")
  check(stream.closed, "the stream waited although the server's FIN had come")
  equal(stream.shutAt, nil, "shut down instead of closed")
end)

case("client: failing the connection while the server sends: the close frame, then it waits for the FIN, reading", function()
  local c, stream = openClient()
  -- A masked frame from a server: the client fails the connection with 1002 (section 5.1).
  stream.incoming = maskedFrame(1, "hi")
  WebSockets.poll(0)
  equal(c:types(), "open error close", "events")
  equal(c:last("close").code, 1002, "code")
  equal(framesOf(stream, 8)[1], u16(1002), "the close frame written")
  local t0 = clock.t
  check(not stream.closed, "closed at once with the server still sending")
  stream.incoming = string.rep("x", 5000)
  pollAt(t0 + 1)
  check(not stream.closed, "closed before the FIN wait was over")
  equal(stream.incoming, "", "what the server sent meanwhile was not read")
  pollAt(t0 + CLIENT_FIN_WAIT_SECONDS)
  check(stream.closed, "still open once the core's FIN wait was over")
end)

-- The server ---------------------------------------------------------------------------------------

case("server: the client's close: the echo, a half-close, then reading until the client's FIN", function()
  local s, stream = openPeer()
  stream.incoming = maskedFrame(8, u16(1000))
  pollUntil(function() return s:count("close") == 1 end, 10)
  equal(s:last("close").wasClean, true, "wasClean")
  equal(framesOf(stream, 8)[1], u16(1000), "the echo")
  check(stream.shutAt ~= nil, "the server did not shut its sending side")
  check(not stream.closed, "closed at once: the client's unread bytes would reset the connection")
  local t0 = stream.shutAt
  stream.incoming = string.rep("y", 3000)
  pollAt(t0 + 1)
  check(not stream.closed, "closed before the client's FIN")
  equal(stream.incoming, "", "what the client sent meanwhile was not read")
  stream.eof = true
  pollAt(t0 + 1.5)
  check(stream.closed, "still open after the client's FIN")
  closeServer(s)
end)

case("server: a client that never sends its FIN: closed SERVER_FIN_WAIT_SECONDS after the half-close", function()
  local s, stream = openPeer()
  stream.incoming = maskedFrame(8, u16(1000))
  pollUntil(function() return s:count("close") == 1 end, 10)
  local t0 = stream.shutAt
  check(t0 ~= nil, "the server did not shut its sending side")
  pollAt(t0 + SERVER_FIN_WAIT_SECONDS - 0.01)
  check(not stream.closed, "closed before the core's FIN wait was over")
  pollAt(t0 + SERVER_FIN_WAIT_SECONDS)
  check(stream.closed, "still open once the core's FIN wait was over")
  closeServer(s)
end)

case("server: the client's FIN without a close frame: 1006, closed at once without a half-close", function()
  local s, stream = openPeer()
  stream.eof = true
  pollUntil(function() return s:count("close") == 1 end, 10)
  equal(s:last("close").code, 1006, "code")
  check(stream.closed, "the stream waited although the client's FIN had come")
  equal(stream.shutAt, nil, "shut down instead of closed")
  closeServer(s)
end)

case("server: last bytes the client does not take: closed SERVER_DRAIN_SECONDS later, without a FIN", function()
  local s, stream = openPeer()
  stream.room = 0
  stream.incoming = maskedFrame(8, u16(1000))
  WebSockets.poll(0)
  local t0 = clock.t
  pollUntil(function() return s:count("close") == 1 end, 10)
  pollAt(t0 + SERVER_DRAIN_SECONDS - 0.01)
  check(not stream.closed, "closed before the core's drain time was over")
  pollAt(t0 + SERVER_DRAIN_SECONDS)
  check(stream.closed, "still open once the core's drain time was over")
  equal(stream.shutAt, nil, "a FIN after bytes that never left")
  closeServer(s)
end)

case("server: last bytes taken late: the half-close then, and SERVER_FIN_WAIT_SECONDS from it", function()
  local s, stream = openPeer()
  stream.room = 0
  stream.incoming = maskedFrame(8, u16(1000))
  WebSockets.poll(0)
  local t0 = clock.t
  pollUntil(function() return s:count("close") == 1 end, 10)
  stream.room = nil
  pollAt(t0 + 1)
  equal(framesOf(stream, 8)[1], u16(1000), "the echo")
  equal(stream.shutAt, t0 + 1, "the half-close once the echo was written")
  pollAt(t0 + 1 + SERVER_FIN_WAIT_SECONDS - 0.01)
  check(not stream.closed, "closed before the core's FIN wait was over")
  pollAt(t0 + 1 + SERVER_FIN_WAIT_SECONDS)
  check(stream.closed, "still open once the core's FIN wait was over")
  closeServer(s)
end)

H.run(arg and arg[1])
