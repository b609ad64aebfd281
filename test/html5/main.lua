-- End-to-end scenarios of plugin.websockets in an HTML5 build, run in headless Chromium by
-- test/html5-browser.test.ts (simulator/html5/: the page, wasmoon, the emulated Solar2D bridge).
--
-- Launch arguments: "scenarios=A,B,..." and the servers' addresses as "name=value". The scenarios
-- run one after another in this one Lua state (booting a page costs more than most scenarios);
-- each is a coroutine resumed once per frame from an enterFrame listener, and `nextEvent` waits
-- for the next event of a client. Each prints "BEGIN NAME", its events, then "PASS NAME" or
-- "FAIL NAME: why"; the run exits 0 when all passed, else 1.

local WebSockets = require("plugin.websockets")
local unpack = table.unpack or unpack

local args = {}
for _, a in ipairs((...).args) do
  local key, value = a:match("^([^=]+)=(.*)$")
  if key then
    args[key] = value
  end
end
local FAILURE = {}

local function fail(why)
  error({ FAILURE, why }, 0)
end

local function check(condition, why)
  if not condition then
    fail(why)
  end
end

local function equal(actual, expected, what)
  if actual ~= expected then
    fail(what .. ": expected " .. tostring(expected) .. ", got " .. tostring(actual))
  end
end

local function describe(event)
  local parts = { event.type }
  for _, key in ipairs({ "code", "reason", "wasClean", "errorType", "protocol", "isBinary" }) do
    if event[key] ~= nil then
      parts[#parts + 1] = key .. "=" .. tostring(event[key])
    end
  end
  if event.data then
    parts[#parts + 1] = "#data=" .. #event.data
  end
  return table.concat(parts, " ")
end

-- Guarantee 1: no event reaches a listener while game code is inside a call into the plugin.
local insideCall = false
local function call(f, ...)
  insideCall = true
  local results = { f(...) }
  insideCall = false
  return unpack(results)
end

--- A client whose events queue up for the scenario; each is printed as it arrives.
local function newClient()
  local ws = WebSockets.new()
  local queue = {}
  local violation
  ws:addEventListener(ws.WSEVENT, function(event)
    print("event " .. describe(event))
    if insideCall then
      violation = violation or ("event " .. event.type .. " dispatched inside a call into the plugin")
    end
    if event.name ~= ws.WSEVENT or event.target ~= ws then
      violation = violation or "event name/target"
    end
    queue[#queue + 1] = event
  end)
  local client = { ws = ws }
  function client.nextEvent(timeoutMs)
    local deadline = system.getTimer() + (timeoutMs or 5000)
    while #queue == 0 do
      check(violation == nil, tostring(violation))
      if system.getTimer() > deadline then
        fail("no event within " .. (timeoutMs or 5000) .. " ms")
      end
      coroutine.yield()
    end
    check(violation == nil, tostring(violation))
    return table.remove(queue, 1)
  end
  function client.expect(eventType, timeoutMs)
    local event = client.nextEvent(timeoutMs)
    equal(event.type, eventType, "event type")
    return event
  end
  --- Guarantee 2: after ONCLOSE nothing more comes (waits a few frames to see).
  function client.expectQuiet(frames)
    for _ = 1, frames or 5 do
      coroutine.yield()
    end
    check(#queue == 0, "an event after ONCLOSE: " .. (queue[1] and queue[1].type or ""))
    check(violation == nil, tostring(violation))
  end
  function client.connect(url, options)
    local ok, message = call(ws.connect, ws, url, options)
    check(ok == true, "connect refused: " .. tostring(message))
  end
  return client
end

--- Waits for ONOPEN then echoes `data` and checks it comes back byte for byte.
local function echoes(client, data, binary)
  local ok, message = call(client.ws.send, client.ws, data, { binary = binary })
  check(ok == true, "send refused: " .. tostring(message))
  local event = client.expect(client.ws.ONMESSAGE, 20000)
  equal(event.isBinary, binary, "isBinary")
  equal(#event.data, #data, "echo length")
  check(event.data == data, "echo differs from what was sent")
end

--- A byte string of `size` bytes, period 251 (a prime), so a misplaced slice would show.
local function pattern(size)
  local bytes = {}
  for i = 0, 250 do
    bytes[#bytes + 1] = string.char((i * 7 + 3) % 256)
  end
  local block = table.concat(bytes)
  return string.rep(block, math.ceil(size / 251)):sub(1, size)
end

local ALL_BYTES
do
  local bytes = {}
  for i = 0, 255 do
    bytes[#bytes + 1] = string.char(i)
  end
  ALL_BYTES = table.concat(bytes)
end

local scenarios = {}

function scenarios.text()
  local c = newClient()
  c.connect(args.echo)
  equal(c.ws:getState(), c.ws.CONNECTING, "state after connect")
  local open = c.expect(c.ws.ONOPEN)
  equal(open.protocol, "", "protocol")
  equal(c.ws:getState(), c.ws.OPEN, "state after ONOPEN")
  echoes(c, "hello", false)
  -- Two-, three- and four-byte UTF-8, and a NUL: text crosses the bridge as JSON.
  echoes(c, "h\195\169llo \226\156\147 \240\159\152\128 nul:\0 end", false)
  echoes(c, "", false)
  call(c.ws.close, c.ws)
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1000, "close code")
  equal(close.wasClean, true, "wasClean")
  equal(c.ws:getState(), c.ws.CLOSED, "state after ONCLOSE")
  c.expectQuiet()
end

function scenarios.binary()
  local c = newClient()
  c.connect(args.echo)
  c.expect(c.ws.ONOPEN)
  echoes(c, ALL_BYTES, true)
  echoes(c, string.rep("\0", 1000), true)
  echoes(c, string.rep("\255", 999), true)
  echoes(c, "\1", true)
  echoes(c, "", true)
  -- Every length modulo 3 around the base64 padding.
  for n = 1, 7 do
    echoes(c, ALL_BYTES:sub(256 - n), true)
  end
  call(c.ws.close, c.ws, 1000)
  c.expect(c.ws.ONCLOSE)
end

function scenarios.big()
  local c = newClient()
  c.connect(args.echo)
  c.expect(c.ws.ONOPEN)
  local started = system.getTimer()
  -- Bigger than one service takes from the browser (MESSAGE_BUDGET): it arrives in slices.
  echoes(c, pattern(256 * 1024 + 1), true)
  local binaryMs = system.getTimer() - started
  started = system.getTimer()
  echoes(c, string.rep("text \226\156\147 ", 128 * 1024 / 8), false)
  local textMs = system.getTimer() - started
  print(string.format("timing: 256 KiB binary echo %.0f ms, 128 KiB text echo %.0f ms", binaryMs, textMs))
  call(c.ws.close, c.ws)
  c.expect(c.ws.ONCLOSE)
  -- A big send crosses the bridge over several frames; what follows it, and the close, wait
  -- their turn (guarantee 3). The /record server keeps what it got, in order, for the test to
  -- check: browsers drop messages that arrive once close() was called, so no echo can tell.
  c.connect(args.record)
  c.expect(c.ws.ONOPEN)
  local big = pattern(100 * 1024)
  check(call(c.ws.send, c.ws, big, { binary = true }), "big send")
  check(c.ws:getBufferedAmount() >= #big - 64 * 1024, "buffered amount counts what waits: " .. c.ws:getBufferedAmount())
  check(call(c.ws.send, c.ws, "after the big one"), "small send")
  check(call(c.ws.close, c.ws, 4001, "in order"), "close")
  local close = c.expect(c.ws.ONCLOSE, 20000)
  equal(close.code, 4001, "the close, after the messages")
  equal(close.wasClean, true, "clean")
end

function scenarios.streams()
  -- SPEC section 9 in a browser: pieces cross to the page and go out as one message at the last;
  -- with receiveFragments a big message that crosses the bridge over several frames comes in
  -- pieces, isFinal on the last.
  local c = newClient()
  c.connect(args.echo, { receiveFragments = true })
  c.expect(c.ws.ONOPEN)
  check(call(c.ws.send, c.ws, "Hel", { fin = false }), "text piece")
  check(call(c.ws.send, c.ws, "\226", { fin = false }), "a piece inside a character")
  check(call(c.ws.send, c.ws, "\130\172lo"), "last text piece")
  local echo = c.expect(c.ws.ONMESSAGE, 20000)
  equal(echo.data, "Hel\226\130\172lo", "the pieces as one message")
  equal(echo.isFinal, true, "a small message in one piece")
  local big = pattern(160 * 1024)
  for at = 1, #big, 40 * 1024 do
    check(call(c.ws.send, c.ws, big:sub(at, at + 40 * 1024 - 1), { binary = true, fin = at + 40 * 1024 > #big }), "binary piece")
  end
  local parts, pieces = {}, 0
  repeat
    local piece = c.expect(c.ws.ONMESSAGE, 20000)
    parts[#parts + 1] = piece.data
    pieces = pieces + 1
  until piece.isFinal
  check(pieces > 1, "the big echo in pieces, got " .. pieces)
  check(table.concat(parts) == big, "the pieces make the message")
  call(c.ws.close, c.ws, 1000)
  c.expect(c.ws.ONCLOSE)
end

function scenarios.closeCodes()
  -- The client closes: the server echoes the code and reason.
  local c = newClient()
  c.connect(args.echo)
  c.expect(c.ws.ONOPEN)
  check(call(c.ws.close, c.ws, 4000, "bye \226\156\147"), "close refused")
  equal(c.ws:getState(), c.ws.CLOSING, "state after close")
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 4000, "echoed code")
  equal(close.reason, "bye \226\156\147", "echoed reason")
  equal(close.wasClean, true, "wasClean")
  c.expectQuiet()
  -- The server closes with a code and reason, and without a code (1005).
  c.connect(args.close .. "?code=4321&reason=server%20done")
  c.expect(c.ws.ONOPEN)
  close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 4321, "server's code")
  equal(close.reason, "server done", "server's reason")
  equal(close.wasClean, true, "wasClean")
  c.connect(args.close .. "?code=none")
  c.expect(c.ws.ONOPEN)
  close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1005, "no code")
  -- Bad codes are argument errors, as everywhere.
  c.connect(args.echo)
  c.expect(c.ws.ONOPEN)
  check(not pcall(c.ws.close, c.ws, 1006), "close(1006) must raise")
  call(c.ws.disconnect, c.ws)
  close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1000, "disconnect")
end

function scenarios.serverDrop()
  local c = newClient()
  c.connect(args.destroy)
  c.expect(c.ws.ONOPEN)
  call(c.ws.send, c.ws, "last words")
  c.expect(c.ws.ONMESSAGE)
  local err = c.expect(c.ws.ONERROR)
  equal(err.errorType, "closed", "errorType")
  equal(err.code, 1006, "error code")
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1006, "close code")
  equal(close.wasClean, false, "wasClean")
  c.expectQuiet()
end

function scenarios.refusedPort()
  local c = newClient()
  c.connect(args.refused)
  local err = c.expect(c.ws.ONERROR)
  equal(err.errorType, "connect", "errorType")
  check(err.reason:find(args.refused, 1, true), "reason names the URL: " .. err.reason)
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1006, "close code")
  equal(close.wasClean, false, "wasClean")
  -- The client can connect again after ONCLOSE.
  c.connect(args.echo)
  c.expect(c.ws.ONOPEN)
  call(c.ws.close, c.ws)
  c.expect(c.ws.ONCLOSE)
end

function scenarios.tls()
  -- The trusted certificate: wss works; tls/verify/ca are ignored with one warning each.
  local warnings = {}
  local print0 = print
  print = function(line)
    warnings[#warnings + 1] = line
    print0(line)
  end
  local c = newClient()
  c.connect(args.wss, { tls = c.ws.TLS_1_2, verify = true, ca = "ca.pem" })
  c.expect(c.ws.ONOPEN)
  echoes(c, ALL_BYTES, true)
  call(c.ws.close, c.ws)
  c.expect(c.ws.ONCLOSE)
  c.connect(args.wss, { verify = false })
  c.expect(c.ws.ONOPEN)
  call(c.ws.close, c.ws)
  c.expect(c.ws.ONCLOSE)
  print = print0
  local count = {}
  for _, line in ipairs(warnings) do
    local option = line:match("^plugin%.websockets: connect option '(%w+)' is ignored")
    if option then
      count[option] = (count[option] or 0) + 1
    end
  end
  for _, option in ipairs({ "tls", "verify", "ca" }) do
    equal(count[option], 1, "warnings for '" .. option .. "'")
  end
  -- An untrusted certificate: the browser refuses, whatever `verify` says.
  c.connect(args.badWss, { verify = false })
  local err = c.expect(c.ws.ONERROR)
  equal(err.errorType, "connect", "errorType")
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1006, "close code")
end

function scenarios.subprotocols()
  local c = newClient()
  c.connect(args.echo, { protocols = { "chat.v1", "chat.v2" } })
  local open = c.expect(c.ws.ONOPEN)
  equal(open.protocol, "chat.v2", "the server's choice")
  equal(c.ws:getProtocol(), "chat.v2", "getProtocol")
  check(c.ws:getExtensions():find("permessage-deflate", 1, true), "getExtensions: '" .. c.ws:getExtensions() .. "'")
  equal(type(c.ws:getBufferedAmount()), "number", "getBufferedAmount")
  call(c.ws.close, c.ws)
  c.expect(c.ws.ONCLOSE)
  equal(c.ws:getBufferedAmount(), 0, "buffered after close")
  -- A server that picks none of those offered: browsers fail the handshake (RFC 6455 section
  -- 4.1 lets a client do so), where the plugin's own core opens without a subprotocol.
  c.connect(args.echo, { protocols = "unknown.v9" })
  equal(c.expect(c.ws.ONERROR).errorType, "connect", "no protocol in common")
  equal(c.expect(c.ws.ONCLOSE).code, 1006, "no protocol in common")
end

function scenarios.refusedOptions()
  local c = newClient()
  local function refused(option, url, options)
    local ok, message = call(c.ws.connect, c.ws, url or args.echo, options)
    equal(ok, false, "connect with " .. option)
    check(type(message) == "string" and message:find(option, 1, true), "message names '" .. option .. "': " .. tostring(message))
    equal(c.ws:getState(), c.ws.CLOSED, "state after a refused connect")
  end
  refused("headers", nil, { headers = { ["X-Game"] = "1" } })
  refused("username", nil, { username = "player" })
  refused("password", nil, { password = "s3cret" })
  refused("origin", nil, { origin = "https://example.com" })
  refused("user info", (args.echo:gsub("^ws://", "ws://player:s3cret@")))
  -- Argument errors are raised as on every platform.
  check(not pcall(c.ws.connect, c.ws, 42), "connect(42) must raise")
  -- ping: false + message, in every state.
  local ok, message = call(c.ws.ping, c.ws, "x")
  equal(ok, false, "ping while closed")
  c.connect(args.echo)
  c.expect(c.ws.ONOPEN)
  ok, message = call(c.ws.ping, c.ws, "x")
  equal(ok, false, "ping while open")
  check(message:find("ping", 1, true), "ping message: " .. tostring(message))
  -- send in the wrong state, connect while open.
  ok = call(c.ws.connect, c.ws, args.echo)
  equal(ok, false, "connect while open")
  call(c.ws.close, c.ws)
  ok, message = call(c.ws.send, c.ws, "late")
  equal(ok, false, "send while closing")
  c.expect(c.ws.ONCLOSE)
  c.expectQuiet()
end

function scenarios.maxMessageSize()
  local c = newClient()
  c.connect(args.echo, { maxMessageSize = 1000 })
  c.expect(c.ws.ONOPEN)
  echoes(c, pattern(1000), true)
  call(c.ws.send, c.ws, pattern(1001), { binary = true })
  local err = c.expect(c.ws.ONERROR)
  equal(err.errorType, "limit", "errorType")
  equal(err.code, 1009, "error code")
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1009, "close code")
  equal(close.wasClean, false, "wasClean")
  c.expectQuiet()
  -- Text is counted in UTF-8 bytes: 400 three-byte characters are 1200 bytes.
  c.connect(args.echo, { maxMessageSize = 1000 })
  c.expect(c.ws.ONOPEN)
  call(c.ws.send, c.ws, string.rep("\226\156\147", 400))
  equal(c.expect(c.ws.ONERROR).errorType, "limit", "text over the limit")
  c.expect(c.ws.ONCLOSE)
end

function scenarios.timeouts()
  -- A server that accepts TCP and never answers the handshake.
  local c = newClient()
  c.connect(args.stall, { timeout = 0.5 })
  local started = system.getTimer()
  local err = c.expect(c.ws.ONERROR, 3000)
  equal(err.errorType, "timeout", "errorType")
  check(system.getTimer() - started >= 400, "timed out too early")
  local close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1006, "close code")
  c.expectQuiet()
  -- close() while connecting cancels: ONCLOSE 1006 and no ONERROR.
  c.connect(args.stall)
  check(call(c.ws.close, c.ws), "close while connecting")
  close = c.expect(c.ws.ONCLOSE)
  equal(close.code, 1006, "cancelled")
  equal(close.wasClean, false, "wasClean")
  c.expectQuiet()
end

function scenarios.bridge()
  -- The emulated bridge itself (simulator/html5/), through test/html5/bridge_probe.js.
  local probe = require("bridge_probe")
  local echoed = probe.echo({ 1, 2.5, true, "h\195\169", { a = 1 } })
  equal(echoed[1], 1, "number")
  equal(echoed[2], 2.5, "fraction")
  equal(echoed[3], true, "boolean")
  equal(echoed[4], "h\195\169", "UTF-8 string")
  equal(echoed[5].a, 1, "object")
  equal(probe.echo("nul \0 inside"), "nul \0 inside", "escaped control bytes")
  -- Bytes that are not UTF-8 do not survive the bridge: emscripten's UTF8ToString reads a byte
  -- such as 255 as the start of a sequence and swallows what follows, so the call's JSON breaks.
  -- That is why binary messages cross as base64.
  local crossed, mangled = pcall(probe.echo, "\255\254")
  check(not crossed or mangled ~= "\255\254", "a non-UTF-8 string crossed unchanged")
  print("a non-UTF-8 string: " .. (crossed and "came back changed" or ("the call failed: " .. tostring(mangled))))
  equal(probe.nothing(), nil, "undefined")
  equal(probe.throws(), nil, "an exception")
  equal(probe.argumentCount(1, 2, 3), 3, "arguments")
  -- A Lua function argument is a reference, released when the method returns...
  local calls = 0
  local function callback(x)
    calls = calls + x
    return "from lua"
  end
  equal(probe.callNow(callback, 2), "from lua", "called through LuaCreateFunction")
  equal(calls, 2, "calls")
  equal(probe.keepRaw(callback), true, "a reference during the call")
  equal(probe.rawStillValid(), false, "the reference after the call")
  -- ...unless LuaCreateFunction made a reference of its own, until LuaReleaseFunction.
  probe.keepCreated(callback)
  equal(probe.callKept(3), "from lua", "a created function after the call")
  equal(calls, 5, "calls")
  probe.releaseKept()
  equal(probe.callKept(1), nil, "a released function")
  equal(calls, 5, "a released function is not called")
  -- A Lua function assigned to a property becomes callable from JavaScript; values copy through JSON.
  probe.handler = function(x)
    calls = calls + x
  end
  probe.callHandler(10)
  equal(calls, 15, "a function property")
  probe.value = { score = 42 } -- (not `n`: dkjson reads a numeric `n` as an array length)
  equal(probe.value.score, 42, "a value property")
end

local names = {}
for scenario in (args.scenarios or ""):gmatch("[^,]+") do
  names[#names + 1] = scenario
end
local current, routine = 0, nil
local failures = 0

local function step()
  if not routine then
    current = current + 1
    local name = names[current]
    if not name then
      Runtime:removeEventListener("enterFrame", step)
      os.exit(failures == 0 and 0 or 1)
      return
    end
    print("BEGIN " .. name)
    routine = coroutine.create(scenarios[name] or function()
      fail("no such scenario")
    end)
  end
  local ok, problem = coroutine.resume(routine)
  local name = names[current]
  if not ok then
    local why = type(problem) == "table" and problem[1] == FAILURE and problem[2] or ("Lua error: " .. tostring(problem))
    print("FAIL " .. name .. ": " .. why)
    failures = failures + 1
    routine = nil
  elseif coroutine.status(routine) == "dead" then
    print("PASS " .. name)
    routine = nil
  end
end
Runtime:addEventListener("enterFrame", step)
