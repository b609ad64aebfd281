-- Reconnect (SPEC section 8) over a scripted transport and a fake clock: which ends retry, the wait
-- schedule, the events and states around a wait, cancelling it, maxAttempts, and Solar2D's suspend /
-- resume. Nothing waits on the wall clock.
--
-- A stand-in `plugin.websockets_native` is preloaded (as in plugin-layer.lua):
--   now()     the fake clock `clock.t`, moved by the cases and by wait()
--   wait()    records its timeout and moves the clock by it
--   random()  every byte is RANDOM_BYTE, so each jitter draw (two bytes) is known exactly
--   open()    a stream shaped by the next entry of `plans` (else by `defaultPlan`): a plan sets
--             `stepResult` = { "failed", failure, message } for a refused attempt, or
--             { "connecting" } for one that never connects; otherwise the stream opens
-- Output: one line per case, "ok NAME" or "FAIL NAME: message", then "RESULT ok" or "RESULT fail".

local clock = { t = 1000 }
local waits = {}
local streams = {}
local plans = {}
local defaultPlan

local RANDOM_BYTE = 0xC0
local RANDOM_DRAW = (RANDOM_BYTE * 256 + RANDOM_BYTE) / 65536

local Stream = {}
Stream.__index = Stream

function Stream:step()
  local r = self.stepResult
  if r then return r[1], r[2], r[3] end
  return "open"
end

function Stream:write(data)
  self.out[#self.out + 1] = data
  return #data
end

function Stream:read()
  local pending = self.incoming
  if pending ~= "" then
    self.incoming = ""
    return pending
  end
  if self.eof then return nil, "closed", "the connection was closed by the peer" end
  return ""
end

function Stream:buffered() return 0 end
function Stream:close() self.closed = true end

package.preload["plugin.websockets_native"] = function()
  local transport = { name = "scripted" }
  function transport.open(options)
    local stream = setmetatable({ options = options, incoming = "", out = {} }, Stream)
    streams[#streams + 1] = stream
    local plan = table.remove(plans, 1) or defaultPlan
    if plan then plan(stream) end
    return stream
  end
  function transport.wait(_, timeout)
    waits[#waits + 1] = timeout
    clock.t = clock.t + timeout
  end
  function transport.now() return clock.t end
  function transport.random(count) return string.rep(string.char(RANDOM_BYTE), count) end
  return transport
end

local WebSockets = require("plugin.websockets")
local core = require("plugin.websockets._core")

---------------------------------------------------------------------------------------------------
-- The peer's side
---------------------------------------------------------------------------------------------------

local function u16(n) return string.char(math.floor(n / 256), n % 256) end

local function frame(opcode, payload)
  return string.char(128 + opcode, #payload) .. payload
end

local function closeFrame(code) return frame(8, code and u16(code) or "") end

local function accept(stream)
  local head = table.concat(stream.out)
  local key = head:match("Sec%-WebSocket%-Key: ([^\r]+)\r\n")
  assert(key, "no request head written yet")
  stream.incoming = stream.incoming .. "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
    .. "Connection: Upgrade\r\nSec-WebSocket-Accept: " .. core.handshake.expectedAccept(key) .. "\r\n\r\n"
end

local function refuse(failure)
  return function(stream) stream.stepResult = { "failed", failure, "scripted " .. failure .. " failure" } end
end

---------------------------------------------------------------------------------------------------
-- Cases
---------------------------------------------------------------------------------------------------

local failures = 0

local function fail(message) error({ message = message }, 0) end
local function check(condition, message) if not condition then fail(message) end end
local function equal(actual, expected, what)
  if actual ~= expected then
    fail(string.format("%s: expected %s, got %s", what, tostring(expected), tostring(actual)))
  end
end
local function near(actual, expected, what)
  if type(actual) ~= "number" or math.abs(actual - expected) > 1e-9 then
    fail(string.format("%s: expected %.12g, got %s", what, expected, tostring(actual)))
  end
end

local recordedClient = require("recorded-client")
local function newClient()
  return recordedClient(WebSockets)
end

local function pollUntil(done, limit)
  for _ = 1, limit or 100 do
    if done() then return true end
    WebSockets.poll(0)
  end
  return done()
end

-- Polls until the client has `n` ONCLOSE events; returns the last.
local function closes(c, n)
  check(pollUntil(function() return c:count("close") >= n end), "no ONCLOSE #" .. n .. ": " .. c:types())
  return c:last("close")
end

-- A connect whose first connection ends as `ending` makes it end; returns the client and the ONCLOSE.
local function endAs(options, plan, ending)
  local c = newClient()
  if plan then plans[#plans + 1] = plan end
  assert(c.ws:connect("ws://peer.test/", options))
  local stream = streams[#streams]
  WebSockets.poll(0)
  if ending then ending(stream, c) end
  return c, closes(c, 1)
end

-- Ends a client's reconnect wait (if any) and delivers what is left, so the next case starts clean.
local function finish(c)
  if c.ws:getState() == c.ws.OPEN then
    c.ws:close()
    streams[#streams].incoming = closeFrame(1000)
  elseif c.ws:getState() ~= c.ws.CLOSED then
    c.ws:close()
  end
  clock.t = clock.t + 1
  pollUntil(function() return c.ws:getState() == c.ws.CLOSED end)
  equal(c.ws:getState(), c.ws.CLOSED, "state after finishing")
end

local cases = {}
local function case(name, body) cases[#cases + 1] = { name = name, body = body } end

local QUICK = { reconnect = { delay = 1, jitter = 0 }, timeout = 5 }

local function openThen(inject)
  return function(stream, c)
    accept(stream)
    WebSockets.poll(0)
    inject(stream, c)
  end
end

-- Every end of SPEC section 8's list, with whether it retries.
local ENDS = {
  { "a refused connect", true, refuse("connect") },
  { "a failed name lookup", true, refuse("dns") },
  { "a connect timeout", true, function(s) s.stepResult = { "connecting" } end,
    function() clock.t = clock.t + 6 end },
  { "TCP closed while open", true, nil, openThen(function(s) s.eof = true end) },
  { "a 503 answer", true, nil, function(s) s.incoming = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n" end },
  { "a 500 answer", true, nil, function(s) s.incoming = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n" end },
  { "close 1001", true, nil, openThen(function(s) s.incoming = closeFrame(1001) end) },
  { "close 1011", true, nil, openThen(function(s) s.incoming = closeFrame(1011) end) },
  { "close 1012", true, nil, openThen(function(s) s.incoming = closeFrame(1012) end) },
  { "close 1013", true, nil, openThen(function(s) s.incoming = closeFrame(1013) end) },
  { "close 1014", true, nil, openThen(function(s) s.incoming = closeFrame(1014) end) },
  { "a TLS failure", false, refuse("tls") },
  { "a protocol error", false, nil, openThen(function(s) s.incoming = frame(3, "") end) },
  { "a message over maxMessageSize", false, nil, openThen(function(s) s.incoming = frame(1, string.rep("x", 40)) end),
    maxMessageSize = 16 },
  { "a 401 answer", false, nil, function(s) s.incoming = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n" end },
  { "a 404 answer", false, nil, function(s) s.incoming = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n" end },
  { "close 1000", false, nil, openThen(function(s) s.incoming = closeFrame(1000) end) },
  { "close 1008", false, nil, openThen(function(s) s.incoming = closeFrame(1008) end) },
  { "close 4000", false, nil, openThen(function(s) s.incoming = closeFrame(4000) end) },
  { "a close frame without a code", false, nil, openThen(function(s) s.incoming = closeFrame(nil) end) },
  { "the game's close() while open (the peer answers 1012)", false, nil, openThen(function(s, c)
    assert(c.ws:close())
    s.incoming = closeFrame(1012)
  end) },
  { "the game's disconnect() while open", false, nil, openThen(function(s, c)
    assert(c.ws:disconnect())
    s.incoming = closeFrame(1000)
  end) },
  { "the game's close() while connecting", false, nil, function(_, c) assert(c.ws:close()) end },
}

case("the ends that retry and the ends that never do", function()
  for _, e in ipairs(ENDS) do
    local name, retries, plan, ending = e[1], e[2], e[3], e[4]
    local options = { reconnect = QUICK.reconnect, timeout = QUICK.timeout, maxMessageSize = e.maxMessageSize }
    local before = #streams
    local c, closed = endAs(options, plan, ending)
    equal(closed.willReconnect, retries, name .. ": willReconnect")
    if retries then
      near(closed.reconnectDelay, 1, name .. ": reconnectDelay")
      equal(c.ws:getState(), c.ws.CONNECTING, name .. ": state during the wait")
    else
      equal(closed.reconnectDelay, nil, name .. ": reconnectDelay")
      equal(c.ws:getState(), c.ws.CLOSED, name .. ": state")
      clock.t = clock.t + 10
      WebSockets.poll(0)
      equal(#streams, before + 1, name .. ": no further attempt")
    end
    finish(c)
  end
end)

case("the schedule: delay * factor^(n-1) up to maxDelay, an attempt per wait, poll waits no longer", function()
  defaultPlan = refuse("connect")
  local c = newClient()
  assert(c.ws:connect("ws://peer.test/", { reconnect = { delay = 0.5, factor = 3, maxDelay = 10, jitter = 0 } }))
  local expected = { 0.5, 1.5, 4.5, 10, 10 }
  for n, delay in ipairs(expected) do
    local closed = closes(c, n)
    equal(closed.willReconnect, true, "wait " .. n .. ": willReconnect")
    near(closed.reconnectDelay, delay, "wait " .. n .. ": reconnectDelay")
    local before = #streams
    clock.t = clock.t + delay - 0.01
    WebSockets.poll(0)
    equal(#streams, before, "wait " .. n .. ": no attempt before its time")
    WebSockets.poll(100)
    near(waits[#waits], 0.01, "wait " .. n .. ": poll waits until the attempt is due")
    equal(#streams, before + 1, "wait " .. n .. ": the attempt starts when the delay has passed")
  end
  equal(c:count("error"), #expected + 1, "one ONERROR per refused attempt (the connect's and five)")
  defaultPlan = nil
  finish(c)
end)

case("jitter shortens each wait by up to its share, from the shared random source", function()
  defaultPlan = refuse("connect")
  local c = newClient()
  local jitter = 0.5
  assert(c.ws:connect("ws://peer.test/", { reconnect = { delay = 2, factor = 2, maxDelay = 8, jitter = jitter } }))
  for n, full in ipairs({ 2, 4, 8, 8 }) do
    local closed = closes(c, n)
    local delay = closed.reconnectDelay
    check(delay >= full * (1 - jitter) and delay <= full, "wait " .. n .. ": " .. tostring(delay) .. " outside its bounds")
    near(delay, full * (1 - jitter * RANDOM_DRAW), "wait " .. n .. ": delay from the scripted bytes")
    clock.t = clock.t + delay
    WebSockets.poll(0)
  end
  defaultPlan = nil
  finish(c)
end)

case("the default settings: reconnect = true waits 1 s, then 2 s, shortened by up to half", function()
  defaultPlan = refuse("connect")
  local c = newClient()
  assert(c.ws:connect("ws://peer.test/", { reconnect = true }))
  near(closes(c, 1).reconnectDelay, 1 * (1 - 0.5 * RANDOM_DRAW), "first wait")
  clock.t = clock.t + 1
  WebSockets.poll(0)
  near(closes(c, 2).reconnectDelay, 2 * (1 - 0.5 * RANDOM_DRAW), "second wait")
  defaultPlan = nil
  finish(c)
end)

case("during the wait: CONNECTING, send and ping refused, connect refused, nothing buffered", function()
  local c = endAs(QUICK, refuse("connect"))
  local ws = c.ws
  equal(ws:getState(), ws.CONNECTING, "state")
  local ok, message = ws:send("hello")
  equal(ok, false, "send")
  check(type(message) == "string" and message:find("not open", 1, true), "send's message: " .. tostring(message))
  equal(ws:ping(), false, "ping")
  local again = ws:connect("ws://peer.test/")
  equal(again, false, "connect during the wait")
  equal(ws:getBufferedAmount(), 0, "nothing buffered")
  -- The next attempt opens: nothing of the refused send goes out.
  clock.t = clock.t + 1
  WebSockets.poll(0)
  local stream = streams[#streams]
  accept(stream)
  check(pollUntil(function() return c:count("open") == 1 end), "no ONOPEN: " .. c:types())
  local written = table.concat(stream.out)
  check(not written:find("hello", 1, true), "the refused message was sent after all")
  equal(ws:getState(), ws.OPEN, "state after ONOPEN")
  equal(c:last("open").reconnected, true, "ONOPEN reconnected")
  finish(c)
end)

case("the first ONOPEN says reconnected = false; each attempt ends in its own ONCLOSE", function()
  local c = endAs(QUICK, nil, openThen(function(s) s.incoming = closeFrame(1012) end))
  equal(c:count("open"), 1, "one ONOPEN")
  equal(c.events[1].reconnected, false, "first ONOPEN reconnected")
  plans[#plans + 1] = refuse("connect")
  clock.t = clock.t + 1
  WebSockets.poll(0)
  closes(c, 2)
  equal(c:types(), "open close error close", "events")
  finish(c)
end)

case("close() during the wait cancels it: ONCLOSE 1006, no ONERROR, no further attempt", function()
  local c = endAs(QUICK, refuse("connect"))
  local errors = c:count("error")
  local before = #streams
  equal(c.ws:close(), true, "close during the wait")
  check(c.ws:getState() ~= c.ws.CONNECTING, "still CONNECTING after close()")
  local closed = closes(c, 2)
  equal(closed.code, 1006, "code")
  equal(closed.wasClean, false, "wasClean")
  equal(closed.willReconnect, false, "willReconnect")
  equal(c:count("error"), errors, "no ONERROR for the cancel")
  equal(c.ws:getState(), c.ws.CLOSED, "state")
  clock.t = clock.t + 30
  WebSockets.poll(0)
  equal(#streams, before, "no attempt after the cancel")
  equal(c.ws:close(), false, "a second close")
  -- The client can connect again.
  assert(c.ws:connect("ws://peer.test/", QUICK))
  equal(#streams, before + 1, "a new connect")
  finish(c)
end)

case("disconnect() during the wait cancels it too", function()
  local c = endAs(QUICK, refuse("dns"))
  equal(c.ws:disconnect(), true, "disconnect during the wait")
  local closed = closes(c, 2)
  equal(closed.code, 1006, "code")
  equal(closed.willReconnect, false, "willReconnect")
  equal(c:types(), "error close close", "events")
end)

case("maxAttempts: the last refused attempt ends with willReconnect = false", function()
  defaultPlan = refuse("connect")
  local c = newClient()
  assert(c.ws:connect("ws://peer.test/", { reconnect = { delay = 1, jitter = 0, maxAttempts = 2 } }))
  local first = #streams
  equal(closes(c, 1).willReconnect, true, "after the connect")
  clock.t = clock.t + 1
  WebSockets.poll(0)
  equal(closes(c, 2).willReconnect, true, "after attempt 1")
  near(c:last("close").reconnectDelay, 2, "second wait")
  clock.t = clock.t + 2
  WebSockets.poll(0)
  local last = closes(c, 3)
  equal(last.willReconnect, false, "after attempt 2")
  equal(c.ws:getState(), c.ws.CLOSED, "state")
  clock.t = clock.t + 100
  WebSockets.poll(0)
  equal(#streams, first + 2, "two attempts after the connect, no more")
  defaultPlan = nil
end)

case("an attempt that opens resets the count", function()
  local c = endAs({ reconnect = { delay = 1, jitter = 0, maxAttempts = 2 } }, refuse("connect"))
  plans[#plans + 1] = refuse("connect")
  clock.t = clock.t + 1
  WebSockets.poll(0)
  near(closes(c, 2).reconnectDelay, 2, "second wait")
  clock.t = clock.t + 2
  WebSockets.poll(0)
  accept(streams[#streams])
  check(pollUntil(function() return c:count("open") == 1 end), "no ONOPEN: " .. c:types())
  streams[#streams].incoming = closeFrame(1013)
  local closed = closes(c, 3)
  equal(closed.willReconnect, true, "after the open, the count starts again")
  near(closed.reconnectDelay, 1, "first wait again")
  finish(c)
end)

case("option errors name the setting", function()
  local ws = WebSockets.new()
  local bad = {
    { "yes", "option 'reconnect': boolean or table expected, got string" },
    { { delay = "1" }, "option 'reconnect.delay': number expected, got string" },
    { { delay = 0 }, "option 'reconnect.delay': must be positive, got 0" },
    { { maxDelay = -1 }, "option 'reconnect.maxDelay': must be positive, got -1" },
    { { delay = 5, maxDelay = 2 }, "option 'reconnect.maxDelay': must be at least delay (5), got 2" },
    { { factor = 0.5 }, "option 'reconnect.factor': must be at least 1, got 0.5" },
    { { jitter = 2 }, "option 'reconnect.jitter': must be from 0 to 1, got 2" },
    { { jitter = "x" }, "option 'reconnect.jitter': number expected, got string" },
    { { maxAttempts = 0 }, "option 'reconnect.maxAttempts': must be a whole number of at least 1, got 0" },
    { { maxAttempts = 1.5 }, "option 'reconnect.maxAttempts': must be a whole number of at least 1, got 1.5" },
  }
  for _, b in ipairs(bad) do
    local ok, err = pcall(ws.connect, ws, "ws://peer.test/", { reconnect = b[1] })
    equal(ok, false, b[2])
    check(tostring(err):find("bad argument #2 to 'connect' (" .. b[2] .. ")", 1, true), "message: " .. tostring(err))
  end
  equal(ws:getState(), ws.CLOSED, "no attempt after an option error")
  -- A misspelt setting is reported once, like an unknown option, and the connect runs.
  local printed, realPrint = {}, print
  print = function(text) printed[#printed + 1] = text end
  local ok = pcall(ws.connect, ws, "ws://peer.test/", { reconnect = { dealy = 3, delay = 1 } })
  print = realPrint
  equal(ok, true, "a connect with a misspelt setting runs")
  equal(#printed, 1, "warnings")
  equal(printed[1], "plugin.websockets: unknown reconnect option 'dealy' ignored", "the warning")
  finish({ ws = ws })
  -- reconnect = false is off: a refused connect ends for good.
  local c, closed = endAs({ reconnect = false }, refuse("connect"))
  equal(closed.willReconnect, false, "reconnect = false")
  equal(c.ws:getState(), c.ws.CLOSED, "state")
end)

-- Last: the fake Runtime stays, so the loop keeps using it.
case("inside Solar2D: no attempt while suspended, a pending one at once on resume", function()
  local listeners = { enterFrame = {}, system = {} }
  _G.Runtime = {
    addEventListener = function(_, name, f) table.insert(listeners[name], f) end,
    removeEventListener = function(_, name, f)
      for i, g in ipairs(listeners[name]) do if g == f then table.remove(listeners[name], i) return true end end
      return false
    end,
  }
  local function system(kind)
    for _, f in ipairs(listeners.system) do f({ name = "system", type = kind }) end
  end
  local function frame()
    for _, f in ipairs(listeners.enterFrame) do f({ name = "enterFrame" }) end
  end
  defaultPlan = refuse("connect")
  local c = newClient()
  assert(c.ws:connect("ws://peer.test/", { reconnect = { delay = 1, jitter = 0 } }))
  equal(#listeners.system, 1, "a system listener while reconnect is on")
  frame()
  equal(c:count("close"), 1, "ONCLOSE from enterFrame")
  equal(c:last("close").willReconnect, true, "willReconnect")
  equal(#listeners.enterFrame, 1, "the enterFrame listener stays during the wait")
  local before = #streams
  system("applicationSuspend")
  clock.t = clock.t + 50
  frame()
  WebSockets.poll(3)
  equal(#streams, before, "no attempt while suspended")
  near(waits[#waits], 3, "poll's wait is not cut short by a due attempt while suspended")
  equal(c.ws:getState(), c.ws.CONNECTING, "CONNECTING while suspended")
  system("applicationResume")
  equal(#streams, before + 1, "the pending attempt starts at once on resume")
  frame()
  equal(c:count("close"), 2, "the attempt ends in its own ONCLOSE")
  -- A resume with no wait pending starts nothing.
  c.ws:close()
  frame()
  equal(c.ws:getState(), c.ws.CLOSED, "closed")
  equal(#listeners.system, 0, "the system listener is removed once reconnect is over")
  system("applicationResume")
  equal(#streams, before + 1, "nothing after the end")
  frame()
  equal(#listeners.enterFrame, 0, "no enterFrame listener once idle")
  defaultPlan = nil
end)

---------------------------------------------------------------------------------------------------

local only = arg and arg[1]
for _, c in ipairs(cases) do
  if not only or c.name:find(only, 1, true) then
    local ok, err = xpcall(c.body, function(e)
      if type(e) == "table" then return e.message end
      return debug.traceback(tostring(e), 2)
    end)
    if ok then
      print("ok " .. c.name)
    else
      failures = failures + 1
      print("FAIL " .. c.name .. ": " .. tostring(err))
      defaultPlan = nil
      plans = {}
    end
  end
end
print(failures == 0 and "RESULT ok" or "RESULT fail")
