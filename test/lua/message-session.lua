-- The HTML5 path of the built plugin with a scripted browser: `system.getInfo("platform")` says
-- "html5" and package.preload holds a stand-in for plugin_websockets_js (the JavaScript module)
-- that returns what Solar2D's bridge would hand back after JSON (Lua tables, base64 for binary).
-- The clock is Solar2D's system.getTimer, driven by the script. Each check raises on failure;
-- the script prints "ok" at the end.
local clockMs = 0
system = {
  getInfo = function(key)
    return key == "platform" and "html5" or nil
  end,
  getTimer = function()
    return clockMs
  end,
}

-- The stand-in module: sockets whose events the script queues, and a record of every call.
local sockets, calls = {}, {}
local lastId = 0
local function record(entry)
  calls[#calls + 1] = entry
end
local module = {}
function module.open(url, protocols, maxMessageSize)
  lastId = lastId + 1
  sockets[lastId] = { url = url, protocols = protocols, max = maxMessageSize, queue = {}, sent = {}, pieces = {} }
  record("open " .. url .. " [" .. protocols .. "]")
  return { id = lastId }
end
function module.send(id, data, binary)
  local s = sockets[id]
  s.sent[#s.sent + 1] = { data = data, binary = binary }
  return { buffered = 7 }
end
function module.append(id, piece, binary, final)
  local s = sockets[id]
  s.pieces[#s.pieces + 1] = { piece = piece, binary = binary }
  if final then
    s.sent[#s.sent + 1] = { pieces = s.pieces, binary = binary }
    s.pieces = {}
  end
  return { buffered = 0 }
end
function module.close(id, code, reason)
  record("close " .. id .. " " .. code .. " " .. reason)
end
function module.poll(id, budget)
  local s = sockets[id]
  local events = s.queue
  s.queue = {}
  s.polls = (s.polls or 0) + 1
  return { buffered = 3, events = events }
end
function module.release(id)
  sockets[id].released = true
  record("release " .. id)
end
package.preload["plugin_websockets_js"] = function()
  return module
end

local WebSockets = require("plugin.websockets")
local b64 = require("plugin.websockets._core").bridgeBase64

local function check(condition, what)
  if not condition then
    error("check failed: " .. what, 2)
  end
end
local function equal(actual, expected, what)
  if actual ~= expected then
    error(what .. ": expected " .. tostring(expected) .. ", got " .. tostring(actual), 2)
  end
end

--- A client and the events it got, with a guard that no event comes inside a call.
local function newClient()
  local ws = WebSockets.new()
  local client = { ws = ws, events = {}, inside = false }
  ws:addEventListener(ws.WSEVENT, function(event)
    check(not client.inside, "an event inside a call into the plugin")
    client.events[#client.events + 1] = event
  end)
  function client.call(method, ...)
    client.inside = true
    local results = { ws[method](ws, ...) }
    client.inside = false
    return unpack(results)
  end
  function client.types()
    local types = {}
    for i, e in ipairs(client.events) do
      types[i] = e.type
    end
    client.events = {}
    return table.concat(types, ",")
  end
  return client
end
unpack = unpack or table.unpack

local function socket()
  return sockets[lastId]
end
local function push(event)
  local queue = socket().queue
  queue[#queue + 1] = event
end

-- Open, protocol and extensions, text and binary messages, a message in pieces, a clean close.
local c = newClient()
check(c.call("connect", "ws://example.test:8080/game", { protocols = { "chat.v2", "chat.v1" }, port = 9000 }), "connect")
equal(calls[#calls], "open ws://example.test:9000/game [chat.v2,chat.v1]", "the URL with the port option, the protocols")
WebSockets.poll()
equal(c.types(), "", "nothing before the browser reports")
push({ t = "open", d = "chat.v2", x = "permessage-deflate" })
push({ t = "message", d = "h\195\169llo", b = false })
push({ t = "message", d = b64.encodeBase64("\0\1\255"), b = true })
push({ t = "message", d = b64.encodeBase64("abc"), b = true, more = true })
push({ t = "message", d = b64.encodeBase64("def"), b = true, more = true })
push({ t = "message", d = b64.encodeBase64("g"), b = true })
equal(WebSockets.poll(), 4, "events dispatched")
local open, text, binary, joined = unpack(c.events)
equal(open.protocol, "chat.v2", "ONOPEN protocol")
equal(open.extensions, "permessage-deflate", "ONOPEN extensions")
equal(c.ws:getProtocol(), "chat.v2", "getProtocol")
equal(c.ws:getExtensions(), "permessage-deflate", "getExtensions")
equal(text.data, "h\195\169llo", "text")
equal(text.isBinary, false, "text isBinary")
equal(binary.data, "\0\1\255", "binary bytes")
equal(binary.isBinary, true, "binary isBinary")
equal(joined.data, "abcdefg", "a message in pieces, joined")
equal(c.types(), "onOpen,onMessage,onMessage,onMessage", "events")
equal(c.ws:getBufferedAmount(), 3, "the browser's bufferedAmount")
-- Sends: small ones at once (binary as base64), and never an event inside the call.
check(c.call("send", "hi"), "send text")
check(c.call("send", "\0\255", { binary = true }), "send binary")
local sent = socket().sent
equal(sent[1].data, "hi", "text as it is")
equal(sent[2].data, b64.encodeBase64("\0\255"), "binary in base64")
equal(sent[2].binary, true, "binary flag")
local ok, message = c.call("ping", "x")
equal(ok, false, "ping")
check(message:find("not supported in HTML5 builds", 1, true), "ping message")
check(c.call("close", 4000, "bye"), "close")
equal(calls[#calls], "close 1 4000 bye", "close handed to the browser")
equal(c.ws:getState(), c.ws.CLOSING, "CLOSING")
push({ t = "close", c = 4000, d = "bye", w = true })
push({ t = "message", d = "after the end", b = false }) -- never delivered: the socket is done
WebSockets.poll()
local close = c.events[1]
equal(c.types(), "onClose", "one ONCLOSE")
equal(close.code, 4000, "close code")
equal(close.wasClean, true, "clean")
equal(c.ws:getState(), c.ws.CLOSED, "CLOSED")
check(socket().released, "the socket is released")
WebSockets.poll()
equal(c.types(), "", "nothing after ONCLOSE")

-- Refused options, and the one warning per ignored option.
local printed = {}
local print0 = print
print = function(line)
  printed[#printed + 1] = line
end
for _, option in ipairs({ "headers", "username", "password", "origin" }) do
  local value = option == "headers" and { ["X-A"] = "1" } or "x"
  local refused, why = c.call("connect", "ws://example.test/", { [option] = value })
  equal(refused, false, option)
  check(why:find("'" .. option .. "'", 1, true), "the message names " .. option .. ": " .. why)
end
check(c.call("connect", "ws://example.test/", { tls = c.ws.TLS_1_3, verify = false, ca = "x.pem" }), "connect with tls options")
check(c.call("close"), "cancel")
WebSockets.poll()
check(c.call("connect", "ws://example.test/", { tls = c.ws.TLS_1_3, verify = false }), "again")
print = print0
equal(#printed, 3, "one warning for each of tls, verify, ca: " .. table.concat(printed, " | "))
-- close() while connecting: ONCLOSE 1006 without ONERROR, the browser socket let go.
equal(c.types(), "onClose", "the cancelled attempt")
check(c.call("close"), "cancel again")
WebSockets.poll()
local cancelled = c.events[1]
equal(c.types(), "onClose", "cancelled: ONCLOSE only")
equal(cancelled.code, 1006, "cancelled code")
check(socket().released, "released after a cancel")

-- A failure before the open: the browser's error, then its close.
check(c.call("connect", "wss://example.test/"), "connect")
push({ t = "error" })
push({ t = "close", c = 1006, d = "", w = false })
WebSockets.poll()
local err = c.events[1]
equal(c.types(), "onError,onClose", "failure before open")
equal(err.errorType, "connect", "errorType before open")
equal(err.code, 1006, "error code")

-- A connection lost after the open.
check(c.call("connect", "ws://example.test/"), "connect")
push({ t = "open", d = "", x = "" })
WebSockets.poll()
push({ t = "error" })
push({ t = "close", c = 1006, d = "", w = false })
WebSockets.poll()
equal(c.types(), "onOpen,onError,onClose", "lost after open")

-- maxMessageSize: the module's verdict wins over the browser's clean close with 1000.
check(c.call("connect", "ws://example.test/", { maxMessageSize = 100 }), "connect")
equal(socket().max, 100, "maxMessageSize handed to the module")
push({ t = "open", d = "", x = "" })
push({ t = "error", k = "limit", c = 1009, d = "message of 101 bytes exceeds maxMessageSize (100 bytes)" })
push({ t = "close", c = 1000, d = "message too big", w = true })
WebSockets.poll()
local _, limit, limitClose = unpack(c.events)
equal(c.types(), "onOpen,onError,onClose", "limit")
equal(limit.errorType, "limit", "limit errorType")
equal(limitClose.code, 1009, "limit close code")
equal(limitClose.wasClean, false, "limit not clean")

-- Connect timeout on Solar2D's clock; what arrived is read before the timer is judged.
check(c.call("connect", "ws://example.test/", { timeout = 2 }), "connect")
clockMs = clockMs + 1900
WebSockets.poll()
equal(c.types(), "", "not yet")
clockMs = clockMs + 5000 -- a long hitch, but the open had arrived in time
push({ t = "open", d = "", x = "" })
WebSockets.poll()
equal(c.types(), "onOpen", "an open that arrived before the hitch ended wins")
c.call("close")
push({ t = "close", c = 1005, d = "", w = true })
WebSockets.poll()
equal(c.types(), "onClose", "closed")
check(c.call("connect", "ws://example.test/", { timeout = 2 }), "connect")
clockMs = clockMs + 2001
WebSockets.poll()
local timeout = c.events[1]
equal(c.types(), "onError,onClose", "connect timeout")
equal(timeout.errorType, "timeout", "timeout errorType")
check(socket().released, "released after the timeout")

-- Close-handshake timeout.
check(c.call("connect", "ws://example.test/", { timeout = 1 }), "connect")
push({ t = "open", d = "", x = "" })
WebSockets.poll()
c.call("close")
clockMs = clockMs + 1001
WebSockets.poll()
equal(c.types(), "onOpen,onError,onClose", "close timeout")

-- A big send crosses in pieces within the budget per service, in order, then the close.
check(c.call("connect", "ws://example.test/"), "connect")
push({ t = "open", d = "", x = "" })
WebSockets.poll()
c.types()
local big = string.rep("\1\2\3\4\5\6\7", 20000) -- 140,000 bytes
local text = string.rep("\226\156\147", 20000) -- 60,000 bytes of three-byte characters
check(c.call("send", big, { binary = true }), "big send")
check(c.call("send", text), "big text")
check(c.call("send", "small"), "small send behind them")
check(c.ws:getBufferedAmount() > 150000, "buffered counts what waits: " .. c.ws:getBufferedAmount())
check(c.call("close", 1000, "done"), "close behind them")
check(calls[#calls]:sub(1, 5) ~= "close", "the close waits for the messages")
for _ = 1, 20 do
  WebSockets.poll()
end
sent = socket().sent
equal(#sent, 3, "three messages")
local joinedBinary, largest = {}, 0
for i, p in ipairs(sent[1].pieces) do
  local bytes = b64.decodeBase64(p.piece)
  if i < #sent[1].pieces then
    equal(#bytes % 3, 0, "binary pieces are whole base64 groups")
  end
  largest = math.max(largest, #bytes)
  joinedBinary[i] = bytes
end
check(#sent[1].pieces > 3, "several pieces")
check(largest <= 32 * 1024, "a piece is at most the budget: " .. largest)
equal(table.concat(joinedBinary), big, "binary pieces join to the message")
local joinedText = {}
for i, p in ipairs(sent[2].pieces) do
  check(not p.piece:find("^[\128-\191]"), "text pieces start on a character")
  joinedText[i] = p.piece
end
equal(table.concat(joinedText), text, "text pieces join to the message")
-- Queued behind the big ones, the small message crossed as one final piece.
equal(#sent[3].pieces, 1, "the small message in one piece")
equal(sent[3].pieces[1].piece, "small", "the small message last")
equal(calls[#calls], "close " .. lastId .. " 1000 done", "then the close")
push({ t = "close", c = 1000, d = "done", w = true })
WebSockets.poll()
equal(c.types(), "onClose", "closed after the messages")

-- The server closes while a send still waits to cross the bridge: what send accepted never reached
-- the browser, so the close is not clean (SPEC guarantee 3): ONERROR "closed" + ONCLOSE 1006.
check(c.call("connect", "ws://example.test/"), "connect")
push({ t = "open", d = "", x = "" })
WebSockets.poll()
c.types()
check(c.call("send", string.rep("\9", 200000), { binary = true }), "a send that needs several services")
push({ t = "close", c = 1000, d = "bye", w = true })
WebSockets.poll()
local lostClose = c.events[2]
equal(c.types(), "onError,onClose", "the server's close with the send still waiting")
equal(lostClose.code, 1006, "its code")
equal(lostClose.wasClean, false, "not clean")


-- Reconnect (SPEC section 8) works the same over the browser's WebSocket: a 1012 close waits, the
-- next attempt is a new browser socket, its ONOPEN says reconnected; a 1000 close is final.
c = newClient()
check(c.call("connect", "ws://example.test/chat", { reconnect = { delay = 2, jitter = 0 } }), "connect with reconnect")
local firstId = lastId
push({ t = "open", d = "" })
WebSockets.poll()
equal(c.events[1].reconnected, false, "first ONOPEN")
c.types()
push({ t = "close", c = 1012, d = "restart", w = true })
WebSockets.poll()
local closed = c.events[1]
equal(c.types(), "onClose", "the 1012 close")
equal(closed.willReconnect, true, "willReconnect after 1012")
equal(closed.reconnectDelay, 2, "reconnectDelay")
equal(c.ws:getState(), c.ws.CONNECTING, "CONNECTING during the wait")
equal((c.call("send", "lost")), false, "send during the wait")
clockMs = clockMs + 1900
WebSockets.poll()
equal(lastId, firstId, "no browser socket before the delay")
clockMs = clockMs + 200
WebSockets.poll()
equal(lastId, firstId + 1, "a new browser socket after the delay")
equal(calls[#calls], "open ws://example.test/chat []", "the same URL")
push({ t = "open", d = "" })
WebSockets.poll()
equal(c.events[1].reconnected, true, "ONOPEN after the reconnect")
c.types()
push({ t = "close", c = 1000, d = "bye", w = true })
WebSockets.poll()
equal(c.events[1].willReconnect, false, "no reconnect after 1000")
equal(c.ws:getState(), c.ws.CLOSED, "closed")

-- Streamed messages (SPEC section 9) over the browser's WebSocket, which sends whole messages only:
-- the pieces cross the bridge as they come (text held back to a character boundary), and the page
-- sends the message at its last piece; a piece of the other type is refused; a piece past
-- maxMessageSize is refused. With receiveFragments, what crossed the bridge of a big message in one
-- service comes as one ONMESSAGE with isFinal = false.
c = newClient()
check(c.call("connect", "ws://example.test/stream", { receiveFragments = true, maxMessageSize = 10 }), "connect")
push({ t = "open", d = "" })
WebSockets.poll()
c.types()
local s = socket()
equal((c.call("send", "ab\226", { fin = false })), true, "a text piece ending inside a character")
equal((c.call("send", "\0", { binary = true, fin = false })), false, "a binary piece refused")
equal((c.call("send", "\130\172", { fin = false })), true, "the rest of the character")
local tooBig, why = c.call("send", "123456", { fin = false })
equal(tooBig, false, "a piece past maxMessageSize refused")
check(tostring(why):find("maxMessageSize", 1, true), "the refusal names maxMessageSize: " .. tostring(why))
equal((c.call("send", "")), true, "an empty last piece")
WebSockets.poll()
equal(#s.sent, 1, "one message sent by the page")
local crossed = {}
for i, p in ipairs(s.sent[1].pieces) do crossed[i] = p.piece end
equal(table.concat(crossed, "|"), "ab|\226\130\172|", "pieces on character boundaries, the last empty")
equal(s.sent[1].binary, false, "a text message")
equal(#s.pieces, 0, "nothing left with the page")
push({ t = "message", d = b64.encodeBase64("abc"), b = true, more = true })
push({ t = "message", d = b64.encodeBase64("def"), b = true, more = true })
WebSockets.poll()
push({ t = "message", d = b64.encodeBase64("g"), b = true })
push({ t = "message", d = "whole", b = false })
WebSockets.poll()
local got = {}
for i, e in ipairs(c.events) do got[i] = e.data .. (e.isFinal and "+" or "-") end
equal(table.concat(got, " "), "abcdef- g+ whole+", "pieces of a big message, then a whole one")
c.types()
c.call("close")
push({ t = "close", c = 1000, d = "", w = true })
WebSockets.poll()

print("ok")
