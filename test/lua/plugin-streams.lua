-- Streamed messages (SPEC section 9) at the plugin layer, in real Lua over the scripted transport and
-- fake clock of plugin-layer.lua (its harness, restated here): ws:send's `fin`, what it returns and
-- raises, the frames it writes, and ONMESSAGE's `isFinal` with `receiveFragments`.
-- Output: one line per case, "ok NAME" or "FAIL NAME: message", then "RESULT ok" or "RESULT fail".

local clock = { t = 1000 }
local waits = {}
local streams = {}

local Stream = {}
Stream.__index = Stream

function Stream:step()
  return self.stepResult or "open"
end

function Stream:write(data)
  if self.broken then return nil, "closed", "the connection was reset by the peer" end
  local take = #data
  if self.room then
    take = math.min(take, self.room)
    self.room = self.room - take
  end
  if take > 0 then
    self.out[#self.out + 1] = data:sub(1, take)
    self.writes[#self.writes + 1] = take
  end
  return take
end

function Stream:read(maxBytes)
  self.reads[#self.reads + 1] = maxBytes or -1
  local pending = self.incoming
  if pending ~= "" then
    local take = (maxBytes and not self.ignoresMax) and math.min(maxBytes, #pending) or #pending
    self.incoming = pending:sub(take + 1)
    self.bytesRead = self.bytesRead + take
    return pending:sub(1, take)
  end
  if self.eof then return nil, "closed", "the connection was closed by the peer" end
  return ""
end

function Stream:buffered()
  return self.held or 0
end

function Stream:close()
  self.closed = true
end

-- What the client wrote, as one string.
function Stream:written()
  return table.concat(self.out)
end

package.preload["plugin.websockets_native"] = function()
  local transport = { name = "scripted" }
  function transport.open(options)
    local stream = setmetatable({
      options = options, incoming = "", out = {}, writes = {}, reads = {}, bytesRead = 0,
    }, Stream)
    streams[#streams + 1] = stream
    return stream
  end
  function transport.wait(_, timeout)
    waits[#waits + 1] = timeout
    clock.t = clock.t + timeout
  end
  function transport.now()
    return clock.t
  end
  function transport.random(count)
    return string.rep("\0", count)
  end
  return transport
end

local WebSockets = require("plugin.websockets")
local core = require("plugin.websockets._core")

-- Budgets of ts/plugin/service-budget.ts, restated: the cases check the plugin keeps to them.
local READ_BUDGET = 256 * 1024
local WRITE_BUDGET = 256 * 1024
local MAX_QUEUED_EVENTS = 1024
local FEED_SLICE = 4 * 1024

---------------------------------------------------------------------------------------------------
-- The peer's side: the 101, server frames, the client's frames decoded
---------------------------------------------------------------------------------------------------

local function u16(n)
  return string.char(math.floor(n / 256), n % 256)
end

-- An unmasked server frame.
local function frame(opcode, payload, fin)
  local first = string.char((fin == false and 0 or 128) + opcode)
  local n = #payload
  if n < 126 then return first .. string.char(n) .. payload end
  if n < 65536 then return first .. string.char(126) .. u16(n) .. payload end
  local high, low = math.floor(n / 4294967296), n % 4294967296
  return first .. string.char(127) .. u16(math.floor(high / 65536)) .. u16(high % 65536)
    .. u16(math.floor(low / 65536)) .. u16(low % 65536) .. payload
end

local function closeFrame(code, reason)
  return frame(8, u16(code) .. (reason or ""))
end

-- Frames the client wrote after its request head: { opcode, payload } each (mask keys are zeros).
local function clientFrames(stream)
  local bytes = stream:written()
  local headEnd = bytes:find("\r\n\r\n", 1, true)
  local frames, pos = {}, headEnd and headEnd + 4 or 1
  while pos + 1 <= #bytes do
    local b1, b2 = bytes:byte(pos, pos + 1)
    local len, at = b2 % 128, pos + 2
    if len == 126 then
      len, at = bytes:byte(at) * 256 + bytes:byte(at + 1), at + 2
    elseif len == 127 then
      len = 0
      for i = 0, 7 do len = len * 256 + bytes:byte(at + i) end
      at = at + 8
    end
    at = at + 4 -- the (zero) masking key
    if at + len - 1 > #bytes then break end
    frames[#frames + 1] = { opcode = b1 % 16, payload = bytes:sub(at, at + len - 1) }
    pos = at + len
  end
  return frames
end

local function framesOf(stream, opcode)
  local found = {}
  for _, f in ipairs(clientFrames(stream)) do
    if f.opcode == opcode then found[#found + 1] = f.payload end
  end
  return found
end

-- Answers the client's request head with a valid 101.
local function accept(stream)
  local head = stream:written()
  local key = head:match("Sec%-WebSocket%-Key: ([^\r]+)\r\n")
  assert(key, "no request head written yet")
  stream.incoming = stream.incoming .. "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
    .. "Connection: Upgrade\r\nSec-WebSocket-Accept: " .. core.handshake.expectedAccept(key) .. "\r\n\r\n"
end

---------------------------------------------------------------------------------------------------
-- Cases
---------------------------------------------------------------------------------------------------

local failures = 0
local current

local function fail(message)
  error({ message = message }, 0)
end

local function check(condition, message)
  if not condition then fail(message) end
end

local function equal(actual, expected, what)
  if actual ~= expected then
    fail(string.format("%s: expected %s, got %s", what, tostring(expected), tostring(actual)))
  end
end

-- A client with its events recorded; `handler(event)` may act on them.
local function newClient(handler)
  local c = { events = {}, ws = WebSockets.new() }
  c.ws:addEventListener(c.ws.WSEVENT, function(event)
    -- "onOpen" -> "open", so that sequences read short.
    event.kind = event.type:gsub("^on", ""):lower()
    c.events[#c.events + 1] = event
    if handler then handler(event, c) end
  end)
  function c:types()
    local names = {}
    for i, e in ipairs(self.events) do names[i] = e.kind end
    return table.concat(names, " ")
  end
  function c:count(kind)
    local n = 0
    for _, e in ipairs(self.events) do if e.kind == kind then n = n + 1 end end
    return n
  end
  function c:last(kind)
    for i = #self.events, 1, -1 do
      if self.events[i].kind == kind then return self.events[i] end
    end
  end
  return c
end

-- Connects, answers the handshake and polls until ONOPEN: returns the client and its stream.
local function openClient(options, handler)
  local c = newClient(handler)
  assert(c.ws:connect("ws://peer.test/", options))
  local stream = streams[#streams]
  WebSockets.poll(0)
  accept(stream)
  WebSockets.poll(0)
  check(c.events[1] and c.events[1].kind == "open", "no ONOPEN: " .. c:types())
  return c, stream
end

-- Polls (with timeout 0, so the clock stays) until `done()` or `limit` polls.
local function pollUntil(done, limit)
  for _ = 1, limit or 1000 do
    if done() then return true end
    WebSockets.poll(0)
  end
  return done()
end

-- Ends a case's client so the next case starts with nothing active.
local function finish(c, stream)
  if c.ws:getState() == c.ws.OPEN then c.ws:close() end
  if stream and not stream.closed and c.ws:getState() ~= c.ws.CLOSED then
    stream.room, stream.held, stream.broken = nil, nil, nil
    stream.incoming = stream.incoming .. closeFrame(1000)
  end
  pollUntil(function() return c.ws:getState() == c.ws.CLOSED end, 200)
  clock.t = clock.t + 5 -- lingering streams expire
  WebSockets.poll(0)
end

-- fengari has no collectgarbage: its heap is JavaScript's, and the flood case then checks the rest.
local HEAP_MEASURABLE = pcall(collectgarbage, "count")
-- fengari is an order of magnitude slower: there the cases use smaller inputs that still exceed
-- every bound they test.
local SMALL = not HEAP_MEASURABLE

local function liveHeapKiB()
  if not HEAP_MEASURABLE then return 0 end
  collectgarbage("collect")
  return collectgarbage("count")
end

local cases = {}
local function case(name, body) cases[#cases + 1] = { name = name, body = body } end

-- The client's frames with their FIN bits: "1+" is a Text frame with FIN, "0-" a Continuation
-- without, and so on, joined by spaces.
local function frameShapes(stream)
  local bytes = stream:written()
  local headEnd = bytes:find("\r\n\r\n", 1, true)
  local shapes, pos = {}, headEnd + 4
  while pos + 1 <= #bytes do
    local b1, b2 = bytes:byte(pos, pos + 1)
    local len = b2 % 128
    assert(len < 126, "short frames only")
    shapes[#shapes + 1] = (b1 % 16) .. (b1 >= 128 and "+" or "-")
    pos = pos + 2 + 4 + len
  end
  return table.concat(shapes, " ")
end

local function payloads(stream)
  local out = {}
  for i, f in ipairs(clientFrames(stream)) do out[i] = f.payload end
  return table.concat(out, "|")
end

case("send in pieces: Text without FIN, Continuations, FIN on the last; a ping between", function()
  local c, stream = openClient()
  local ws = c.ws
  check(ws:send("He", { fin = false }) == true, "first piece")
  check(ws:ping("p") == true, "ping between pieces")
  check(ws:send("\226", { fin = false }) == true, "a piece that ends inside a character")
  check(ws:send("\130\172!", { fin = true }) == true, "last piece")
  check(ws:send("next") == true, "a whole message after")
  WebSockets.poll(0)
  equal(frameShapes(stream), "1- 9+ 0- 0+ 1+", "frames")
  equal(payloads(stream), "He|p|\226|\130\172!|next", "payloads")
  finish(c, stream)
end)

case("a piece of the other type returns false, message; the message stays open", function()
  local c, stream = openClient()
  local ws = c.ws
  check(ws:send("ab", { fin = false }), "text piece")
  local ok, message = ws:send("\0\1", { binary = true, fin = false })
  equal(ok, false, "binary piece refused")
  check(tostring(message):find("text message is being sent in pieces", 1, true), "message: " .. tostring(message))
  check(ws:send("cd"), "a plain send ends the text message")
  check(ws:send("\0", { binary = true, fin = false }), "binary piece")
  ok, message = ws:send("x")
  equal(ok, false, "text piece refused")
  check(tostring(message):find("binary message is being sent in pieces", 1, true), "message: " .. tostring(message))
  check(ws:send("\1", { binary = true }), "binary last piece")
  WebSockets.poll(0)
  equal(frameShapes(stream), "1- 0+ 2- 0+", "frames")
  equal(payloads(stream), "ab|cd|\0|\1", "payloads")
  finish(c, stream)
end)

case("an invalid piece, or an unfinished last one, is an argument error and nothing of it is sent", function()
  local c, stream = openClient()
  local ws = c.ws
  check(ws:send("a\226", { fin = false }), "a first piece may end inside a character")
  local ok, err = pcall(function() ws:send("A", { fin = false }) end)
  equal(ok, false, "invalid continuation raises")
  check(tostring(err):find("plugin%-streams%.lua:%d+: bad argument #1 to 'send' %(text piece is not valid UTF%-8"), "error: " .. tostring(err))
  ok, err = pcall(function() ws:send("\130") end)
  equal(ok, false, "unfinished last piece raises")
  check(tostring(err):find("plugin%-streams%.lua:%d+: bad argument #1 to 'send' %(last text piece ends inside a UTF%-8 sequence"), "error: " .. tostring(err))
  ok, err = pcall(function() ws:send("\226", { fin = true }) end)
  equal(ok, false, "a whole message must be whole")
  check(ws:send("\130\172"), "the message is still open for a correct piece")
  WebSockets.poll(0)
  equal(frameShapes(stream), "1- 0+", "frames")
  equal(payloads(stream), "a\226|\130\172", "payloads")
  ok, err = pcall(function() ws:send("\255", { fin = false }) end)
  check(not ok and tostring(err):find("bad argument #1 to 'send' (text message is not valid UTF-8", 1, true), "an invalid first piece: " .. tostring(err))
  finish(c, stream)
end)

case("a piece when not open returns false, message", function()
  local ws = WebSockets.new()
  local ok, message = ws:send("ab", { fin = false })
  equal(ok, false, "refused")
  check(tostring(message):find("not open", 1, true), "message: " .. tostring(message))
end)

case("receiveFragments: pieces as they arrive, isFinal on the last, text on character boundaries", function()
  local c, stream = openClient({ receiveFragments = true })
  stream.incoming = frame(1, "ab\226\130", false)
  WebSockets.poll(0)
  stream.incoming = frame(0, "\172", false) .. frame(0, "cd")
  WebSockets.poll(0)
  local got = {}
  for _, e in ipairs(c.events) do
    if e.kind == "message" then got[#got + 1] = e.data .. (e.isFinal and "+" or "-") .. (e.isBinary and "b" or "t") end
  end
  equal(table.concat(got, " "), "ab-t \226\130\172cd+t", "pieces")
  finish(c, stream)
end)

case("receiveFragments: a big single frame gives what has arrived at each poll", function()
  local c, stream = openClient({ receiveFragments = true })
  local body = string.rep("x", 300)
  local whole = frame(2, body)
  stream.incoming = whole:sub(1, 4 + 100)
  WebSockets.poll(0)
  WebSockets.poll(0) -- nothing new: no empty piece
  stream.incoming = whole:sub(105, 4 + 250)
  WebSockets.poll(0)
  stream.incoming = whole:sub(255)
  WebSockets.poll(0)
  local sizes = {}
  for _, e in ipairs(c.events) do
    if e.kind == "message" then sizes[#sizes + 1] = #e.data .. (e.isFinal and "+" or "-") end
  end
  equal(table.concat(sizes, " "), "100- 150- 50+", "pieces")
  finish(c, stream)
end)

case("without receiveFragments a message arrives whole with isFinal = true", function()
  local c, stream = openClient()
  stream.incoming = frame(2, "ab", false)
  WebSockets.poll(0)
  stream.incoming = frame(0, "cd")
  WebSockets.poll(0)
  local e = c:last("message")
  check(e and e.data == "abcd" and e.isFinal == true and e.isBinary == true, "one whole message")
  equal(c:count("message"), 1, "messages")
  finish(c, stream)
end)

---------------------------------------------------------------------------------------------------

for _, c in ipairs(cases) do
  current = c.name
  local ok, err = xpcall(c.body, function(e)
    if type(e) == "table" then return e.message end
    return debug.traceback(tostring(e), 2)
  end)
  if ok then
    print("ok " .. c.name)
  else
    failures = failures + 1
    print("FAIL " .. c.name .. ": " .. tostring(err))
    clock.t = clock.t + 100
    pcall(WebSockets.poll, 0)
    pcall(WebSockets.poll, 0)
  end
end
print(failures == 0 and "RESULT ok" or "RESULT fail")
