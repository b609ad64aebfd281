-- The harness of the end-to-end scenarios. Plain Lua 5.1 that also runs on LuaJIT, Lua 5.3/5.4,
-- wasmoon and fengari; it touches the plugin only through its public API.
--
-- A scenario is a script:
--
--   local H = require("harness")
--   H.run(function(args)
--     local c = H.client("echo")                 -- a client whose every event is recorded
--     c:connect(args.ws .. "/echo")
--     H.runUntil("the echo", function() return c:count("message") == 1 end, 5)
--     H.equal(c:last("message").data, "hi", "echoed text")
--   end)
--
-- Arguments come as name=value (server addresses from test/support/servers.ts). Output is one line
-- per fact, for test/scenarios.test.ts:
--
--   EVENT <client> <n> <type> key=value ...   every event, as dispatched (values percent-encoded)
--   MARK <name>                               a moment the test may time (the runner stamps lines)
--   REPORT <name> <value> ...                 a figure the test checks against the servers' records
--   NOTE <text>                               information for a reader of the log
--   FAIL <text>                               one failed check
--   RESULT ok | RESULT fail <first failure>   the verdict, always the last line
--
-- Whatever a scenario checks itself, the harness checks these on every client (SPEC guarantees):
--   1. events are dispatched only from inside WebSockets.poll, one at a time (never from inside
--      another listener's call into the plugin), and poll returns how many it dispatched;
--   2. each connect that returned true ends in exactly one ONCLOSE; a connection's events read
--      [ONOPEN] (ONMESSAGE | ONPONG)* [ONERROR] ONCLOSE; ONERROR carries the code of its ONCLOSE and
--      such an ONCLOSE is never clean; getState() is past CONNECTING in ONOPEN and CLOSED in ONCLOSE;
--      every event has name == ws.WSEVENT and target == the client.

local WebSockets = require("plugin.websockets")

local H = { WebSockets = WebSockets, args = {}, clients = {}, failures = {} }

-- Native interpreters buffer a pipe's output; lines must leave at once so the runner can time them.
if io and io.stdout and io.stdout.setvbuf then pcall(io.stdout.setvbuf, io.stdout, "no") end

local function emit(line)
  print(line)
  if io and io.stdout and io.stdout.flush then pcall(io.stdout.flush, io.stdout) end
end

for _, a in ipairs(arg or {}) do
  local name, value = string.match(a, "^([%w_]+)=(.*)$")
  if name then H.args[name] = value end
end

-- Text and bytes, readable in one line ----------------------------------------------------------

--- Percent-encodes every byte outside printable ASCII, and '%', ' ' and '=' (so lines split on spaces).
function H.encode(s)
  return (string.gsub(tostring(s), "[^%w%.%-_:/,;!?#@+*()'\"<>]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function H.hex(s)
  return (string.gsub(s, ".", function(c) return string.format("%02x", string.byte(c)) end))
end

--- Adler-32 over one or more strings, as "a-b" (test/support/servers.ts computes the same).
function H.checksum(...)
  local a, b = 1, 0
  for n = 1, select("#", ...) do
    local s = select(n, ...)
    for i = 1, #s, 4096 do
      local bytes = { string.byte(s, i, math.min(i + 4095, #s)) }
      for j = 1, #bytes do
        a = (a + bytes[j]) % 65521
        b = (b + a) % 65521
      end
    end
  end
  return a .. "-" .. b
end

--- `count` bytes of a repeating pattern that is not a multiple of any frame-size boundary.
function H.pattern(count, seed)
  local chunk = {}
  for i = 1, 251 do chunk[i] = string.char((i * 7 + (seed or 0)) % 256) end
  local unit = table.concat(chunk)
  local s = string.rep(unit, math.floor(count / #unit) + 1)
  return string.sub(s, 1, count)
end

-- Checks ----------------------------------------------------------------------------------------

function H.fail(message)
  H.failures[#H.failures + 1] = message
  emit("FAIL " .. message)
end

function H.check(condition, message)
  if not condition then H.fail(message) end
  return condition
end

local function show(v)
  if type(v) == "string" then
    if #v > 80 then return string.format("<%d bytes, checksum %s>", #v, H.checksum(v)) end
    return string.format("%q", v)
  end
  return tostring(v)
end

function H.equal(actual, expected, what)
  if actual ~= expected then H.fail(string.format("%s: expected %s, got %s", what, show(expected), show(actual))) end
  return actual == expected
end

--- Calls `f` expecting a Lua error whose message contains `expected` (plain text).
function H.raises(expected, what, f, ...)
  local ok, err = pcall(f, ...)
  if ok then return H.fail(what .. ": expected an error containing " .. show(expected) .. ", none was raised") end
  err = tostring(err)
  local at = string.find(err, expected, 1, true)
  if not at then return H.fail(what .. ": expected an error containing " .. show(expected) .. ", got " .. show(err)) end
  return true
end

function H.mark(name)
  emit("MARK " .. name)
end

function H.report(name, ...)
  local values = { "REPORT", name }
  for i = 1, select("#", ...) do values[#values + 1] = H.encode(tostring((select(i, ...)))) end
  emit(table.concat(values, " "))
end

function H.note(text)
  emit("NOTE " .. text)
end

-- The event recorder ----------------------------------------------------------------------------

local insidePoll = false
local insideHandler = false -- a scenario's handler (Client:handle) is running
local dispatchedThisPoll = 0
local sequence = 0

local Client = {}
Client.__index = Client

local TYPE_NAMES = { "ONOPEN", "ONMESSAGE", "ONPONG", "ONERROR", "ONCLOSE" }
local SHORT_NAMES = { ONOPEN = "open", ONMESSAGE = "message", ONPONG = "pong", ONERROR = "error", ONCLOSE = "close" }

local function typeName(ws, t)
  for _, name in ipairs(TYPE_NAMES) do
    if ws[name] ~= nil and t == ws[name] then return SHORT_NAMES[name] end
  end
  return "unknown:" .. tostring(t)
end

local function describe(record)
  local parts = { "EVENT", record.client, record.n, record.type }
  local function add(key, value)
    if value ~= nil then parts[#parts + 1] = key .. "=" .. H.encode(tostring(value)) end
  end
  add("code", record.code)
  add("reason", record.reason)
  add("wasClean", record.wasClean)
  add("errorType", record.errorType)
  add("protocol", record.protocol)
  add("isBinary", record.isBinary)
  if record.data ~= nil then
    add("len", #record.data)
    add("sum", H.checksum(record.data))
    if #record.data <= 64 then
      if record.isBinary then add("hex", H.hex(record.data)) else add("text", record.data) end
    end
  end
  return table.concat(parts, " ")
end

--- A new client (WebSockets.new()) with a recording listener. `label` names it in the output.
function H.client(label)
  local ws = WebSockets.new()
  local c = setmetatable({ ws = ws, label = label, events = {}, connects = 0 }, Client)
  c.recorder = function(event)
    sequence = sequence + 1
    dispatchedThisPoll = dispatchedThisPoll + 1
    local record = {
      client = label, n = sequence, type = typeName(ws, event.type), code = event.code, reason = event.reason,
      wasClean = event.wasClean, errorType = event.errorType, protocol = event.protocol, extensions = event.extensions,
      isBinary = event.isBinary, data = event.data, state = ws:getState(),
      status = event.status, headers = event.headers, body = event.body,
    }
    c.events[#c.events + 1] = record
    emit(describe(record))
    if not insidePoll then H.fail(label .. ": " .. record.type .. " was dispatched outside WebSockets.poll") end
    if insideHandler then H.fail(label .. ": " .. record.type .. " was dispatched inside a listener's call into the plugin") end
    if event.name ~= ws.WSEVENT then H.fail(label .. ": event.name is " .. show(event.name)) end
    if event.target ~= ws then H.fail(label .. ": event.target is not the client") end
    if record.type == "open" then
      -- OPEN, or already CLOSING when the server's close came in the same service as the upgrade.
      H.check(record.state == ws.OPEN or record.state == ws.CLOSING,
        label .. ": getState() in ONOPEN is " .. tostring(record.state))
      H.equal(event.protocol, ws:getProtocol(), label .. ": ONOPEN.protocol vs getProtocol()")
    elseif record.type == "close" then
      H.equal(record.state, ws.CLOSED, label .. ": getState() in ONCLOSE")
    end
    if c.onEvent then
      -- Events caused by calls the scenario's own handler makes must wait for a later dispatch.
      insideHandler = true
      local ok, err = pcall(c.onEvent, record, event)
      insideHandler = false
      if not ok then error(err, 0) end
    end
  end
  ws:addEventListener(ws.WSEVENT, c.recorder)
  H.clients[#H.clients + 1] = c
  return c
end

--- ws:connect, counted: each connect that returns true must end in exactly one ONCLOSE.
function Client:connect(uri, options)
  local ok, message = self.ws:connect(uri, options)
  if ok == true then self.connects = self.connects + 1 end
  return ok, message
end

--- Called with (record, event) after each event is recorded (inside the dispatch).
function Client:handle(f)
  self.onEvent = f
end

function Client:count(eventType)
  local n = 0
  for _, e in ipairs(self.events) do
    if e.type == eventType then n = n + 1 end
  end
  return n
end

function Client:last(eventType)
  for i = #self.events, 1, -1 do
    if self.events[i].type == eventType then return self.events[i] end
  end
  return nil
end

--- The data of every ONMESSAGE, in order.
function Client:messages()
  local list = {}
  for _, e in ipairs(self.events) do
    if e.type == "message" then list[#list + 1] = e.data end
  end
  return list
end

--- True once every successful connect has had its ONCLOSE.
function Client:settled()
  return self:count("close") >= self.connects
end

--- The types of all events so far, as one string ("open message close").
function Client:sequence()
  local types = {}
  for i, e in ipairs(self.events) do types[i] = e.type end
  return table.concat(types, " ")
end

--- Checks that the client's last connection ended with ONERROR(errorType, code) + ONCLOSE(code).
function Client:expectFailure(errorType, code, what)
  what = self.label .. (what and (" (" .. what .. ")") or "")
  local err, close = self:last("error"), self:last("close")
  if not H.check(err ~= nil, what .. ": expected ONERROR " .. errorType .. ", got " .. self:sequence()) then return end
  if not H.check(close ~= nil, what .. ": expected ONCLOSE after ONERROR, got " .. self:sequence()) then return end
  H.equal(err.errorType, errorType, what .. ": ONERROR.errorType")
  H.equal(err.code, code, what .. ": ONERROR.code")
  H.equal(close.code, code, what .. ": ONCLOSE.code")
  H.equal(close.wasClean, false, what .. ": ONCLOSE.wasClean")
  H.check(type(err.reason) == "string" and #err.reason > 0, what .. ": ONERROR.reason is empty")
  return err, close
end

--- Checks the event grammar of every connection of this client (see the header).
function Client:checkGrammar()
  local closes = 0
  local phase = "start" -- start -> open -> error -> (close) -> start
  local pendingError
  for _, e in ipairs(self.events) do
    local t = e.type
    local where = self.label .. " event #" .. e.n .. " (" .. t .. ") after " .. phase
    if t == "open" then
      H.check(phase == "start", where .. ": ONOPEN out of place")
      phase = "open"
    elseif t == "message" or t == "pong" then
      H.check(phase == "open", where .. ": data event while not open")
    elseif t == "error" then
      H.check(phase == "start" or phase == "open", where .. ": second ONERROR")
      phase, pendingError = "error", e
    elseif t == "close" then
      closes = closes + 1
      if pendingError then
        H.equal(e.code, pendingError.code, where .. ": ONCLOSE.code vs ONERROR.code")
        H.equal(e.wasClean, false, where .. ": ONCLOSE after ONERROR is clean")
      end
      H.check(type(e.code) == "number", where .. ": ONCLOSE.code is not a number")
      H.check(type(e.wasClean) == "boolean", where .. ": ONCLOSE.wasClean is not a boolean")
      phase, pendingError = "start", nil
    else
      H.fail(where .. ": unknown event type")
    end
  end
  H.equal(closes, self.connects, self.label .. ": ONCLOSE count vs successful connects")
  H.check(phase == "start", self.label .. ": events after the last ONCLOSE, or no ONCLOSE: " .. self:sequence())
end

-- The service loop ------------------------------------------------------------------------------

--- One WebSockets.poll(timeout), checking that events come only from here and that poll counts them.
function H.poll(timeout)
  insidePoll, dispatchedThisPoll = true, 0
  local ok, result = pcall(WebSockets.poll, timeout or 0.02)
  insidePoll = false
  if not ok then error(result, 0) end
  if type(result) ~= "number" then
    H.fail("WebSockets.poll returned " .. show(result) .. ", not a number")
  elseif result ~= dispatchedThisPoll then
    H.fail(string.format("WebSockets.poll returned %d but dispatched %d events", result, dispatchedThisPoll))
  end
  return result
end

--- Polls until `done()` is true; a failure named `what` after `seconds` (os.time() has whole seconds,
--- so the real limit lies between `seconds` and `seconds` + 1). Returns whether `done()` came true.
function H.runUntil(what, done, seconds)
  local deadline = os.time() + (seconds or 10) + 1
  while not done() do
    if os.time() >= deadline then
      H.fail("timed out waiting for " .. what)
      return false
    end
    H.poll(0.02)
  end
  return true
end

--- Polls until every client has had the ONCLOSE of each of its connects.
function H.settle(seconds)
  return H.runUntil("every connection to end", function()
    for _, c in ipairs(H.clients) do
      if not c:settled() then return false end
    end
    return true
  end, seconds)
end

--- Runs the scenario, then the harness's own checks, then prints the verdict.
function H.run(scenario)
  local ok, err = xpcall(function() scenario(H.args) end, function(e)
    return debug and debug.traceback and debug.traceback(tostring(e), 2) or tostring(e)
  end)
  if not ok then H.fail("Lua error: " .. string.gsub(tostring(err), "\n", " | ")) end
  if ok then H.settle(5) end
  for _, c in ipairs(H.clients) do c:checkGrammar() end
  if #H.failures == 0 then
    emit("RESULT ok")
  else
    emit("RESULT fail " .. H.failures[1])
  end
end

return H
