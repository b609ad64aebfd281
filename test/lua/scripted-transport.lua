-- The harness of the plugin-layer cases in real Lua (plugin-layer.lua, plugin-streams.lua): a
-- scripted transport and a fake clock, so time and bytes are explicit, nothing waits on the wall
-- clock, and every case says exactly what one poll may read, write and dispatch.
--
-- Requiring it preloads a stand-in `plugin.websockets_native`, so the plugin selects it as its
-- transport, and loads the plugin. The stand-in gives the plugin:
--   now()     the fake clock `clock.t`, moved only by the cases and by wait()
--   wait()    records its timeout and moves the clock by it (nothing arrives while it "sleeps")
--   random()  zero bytes: masking keys of zeros leave the client's payloads readable as they are
--   open()    a scripted stream: `incoming` holds what "arrived", `room` caps what write() takes
--             (nil: all), `held` is what the shim reports as buffered(), `eof`/`broken` end it
--   listen()  a scripted listener whose `pending` streams are accepted one per accept()
-- A script declares its cases with case(name, body) and ends with run(filter): one line per case,
-- "ok NAME" or "FAIL NAME: message", then "RESULT ok" or "RESULT fail".

local clock = { t = 1000 }
local waits = {}
local streams = {}
local listeners = {}

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
  -- A shim that buffers (Node's): what it took stays in buffered() until the case drains it.
  if self.buffersWrites then self.held = (self.held or 0) + take end
  -- A write that costs time (as masking it did on a slow runtime): the fake clock moves by it.
  if self.secondsPerWrite then clock.t = clock.t + self.secondsPerWrite end
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
  self.bufferedCalls = (self.bufferedCalls or 0) + 1
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
  -- A scripted listener: `listener.pending` holds streams that "arrived", taken one per accept().
  function transport.listen(options)
    local listener = { options = options, pending = {} }
    function listener.step() return "listening" end
    function listener.accept()
      local stream = table.remove(listener.pending, 1)
      if stream then return stream, "10.0.0.2", 50000 end
      return nil
    end
    function listener.port() return 8080 end
    function listener.close() listener.closed = true end
    listeners[#listeners + 1] = listener
    return listener
  end
  -- A stream for a listener's `pending`, as open() makes them.
  function transport.incomingStream()
    return setmetatable({ incoming = "", out = {}, writes = {}, reads = {}, bytesRead = 0 }, Stream)
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

-- The bounds the cases check the plugin keeps to, as the built plugin has them (ts/plugin/service-budget.ts,
-- and the core's backpressure bound, MAX_QUEUED_EVENTS, from ts/core/connection.ts).
local READ_BUDGET = core.budgets.READ_BUDGET
local WRITE_BUDGET = core.budgets.WRITE_BUDGET
local MAX_QUEUED_EVENTS = core.budgets.MAX_QUEUED_EVENTS
local FEED_SLICE = core.budgets.FEED_SLICE

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

-- Frames written after the head (the client's request, a server's 101): { opcode, payload } each.
-- A client's are masked with keys of zeros, so its payloads read as they are; a server's are not.
local function writtenFrames(stream)
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
    if b2 >= 128 then at = at + 4 end -- the (zero) masking key
    if at + len - 1 > #bytes then break end
    frames[#frames + 1] = { opcode = b1 % 16, payload = bytes:sub(at, at + len - 1), fin = b1 >= 128, rsv1 = math.floor(b1 / 64) % 2 == 1 }
    pos = at + len
  end
  return frames
end

local function framesOf(stream, opcode)
  local found = {}
  for _, f in ipairs(writtenFrames(stream)) do
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
local recordedClient = require("recorded-client")
local function newClient(handler)
  return recordedClient(WebSockets, handler)
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

-- A server's peers --------------------------------------------------------------------------------

-- A client's frame, masked with the all-zero key (so the payload reads as it is), of any length;
-- `rsv1` marks a compressed message's first frame.
local function maskedFrame(opcode, payload, rsv1)
  local n = #payload
  local length
  if n < 126 then
    length = string.char(128 + n)
  elseif n < 65536 then
    length = string.char(128 + 126) .. u16(n)
  else
    length = string.char(128 + 127, 0, 0, 0, 0, math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256) .. u16(n % 65536)
  end
  return string.char(128 + (rsv1 and 64 or 0) + opcode) .. length .. "\0\0\0\0" .. payload
end

-- A listening server with one accepted peer: the server (its events recorded as a client's are;
-- `s.raiseAt` makes the listener raise at the message with that text), the peer and the peer's
-- stream. `options.listen`: more listen options; `options.headers`: more request header lines
-- ("Name: value\r\n" each); `options.wrap`: applied to the stream before it is accepted.
local function openPeer(options)
  options = options or {}
  local s = newClient() -- only for its event recording
  s.ws = WebSockets.newServer()
  s.ws:addEventListener(s.ws.WSEVENT, function(event)
    event.kind = event.type:gsub("^on", ""):lower()
    s.events[#s.events + 1] = event
    if event.kind == "message" and event.data == s.raiseAt then
      s.raiseAt = nil
      error("listener failure", 0)
    end
  end)
  local listenOptions = { host = "127.0.0.1", port = 0 }
  for k, v in pairs(options.listen or {}) do listenOptions[k] = v end
  assert(s.ws:listen(listenOptions))
  WebSockets.poll(0)
  local listener = listeners[#listeners]
  local stream = require("plugin.websockets_native").incomingStream()
  if options.wrap then stream = options.wrap(stream) end
  stream.incoming = "GET / HTTP/1.1\r\nHost: peer.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    .. "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" .. (options.headers or "") .. "\r\n"
  listener.pending[#listener.pending + 1] = stream
  pollUntil(function() return s:count("connection") == 1 end, 10)
  check(s:count("connection") == 1, "no ONCONNECTION: " .. s:types())
  return s, s:last("connection").client, stream
end

-- Closes the server of openPeer and lets its lingering streams expire.
local function closeServer(s)
  s.ws:close()
  pollUntil(function() return s:last("close") ~= nil and s:last("close").client == nil end, 50)
  clock.t = clock.t + 10
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

local function run(only)
  local failures = 0
  for _, c in ipairs(cases) do
    if not only or c.name:find(only, 1, true) then
      local started = os.clock()
      local ok, err = xpcall(c.body, function(e)
        if type(e) == "table" then return e.message end
        return debug.traceback(tostring(e), 2)
      end)
      if ok then
        print(string.format("ok %s (%.2f s)", c.name, os.clock() - started))
      else
        failures = failures + 1
        print("FAIL " .. c.name .. ": " .. tostring(err))
        -- Leave nothing active for the next case.
        clock.t = clock.t + 100
        pcall(WebSockets.poll, 0)
        pcall(WebSockets.poll, 0)
      end
    end
  end
  print(failures == 0 and "RESULT ok" or "RESULT fail")
end

return {
  clock = clock, waits = waits, streams = streams, listeners = listeners,
  WebSockets = WebSockets, core = core,
  READ_BUDGET = READ_BUDGET, WRITE_BUDGET = WRITE_BUDGET, MAX_QUEUED_EVENTS = MAX_QUEUED_EVENTS,
  FEED_SLICE = FEED_SLICE,
  u16 = u16, frame = frame, closeFrame = closeFrame, writtenFrames = writtenFrames, framesOf = framesOf,
  accept = accept, fail = fail, check = check, equal = equal, newClient = newClient,
  openClient = openClient, pollUntil = pollUntil, finish = finish,
  maskedFrame = maskedFrame, openPeer = openPeer, closeServer = closeServer,
  HEAP_MEASURABLE = HEAP_MEASURABLE, SMALL = SMALL, liveHeapKiB = liveHeapKiB,
  case = case, run = run,
}
