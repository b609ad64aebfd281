-- plugin.websockets demo: connect, send text and binary, ping, close with a code and reason,
-- reconnect; every event is printed and the latest ones are shown on screen.
--
-- Interactive (the Solar2D Simulator, a device): tap the buttons.
-- Scripted (launch arguments "--scripted" and optionally "--url=ws://..."): the session below taps
-- the same buttons itself, checks every event, and exits with os.exit(0) when all went as
-- expected, os.exit(1) on anything unexpected. `npm run demo` runs it that way in the headless
-- simulator against a local echo server.
--
-- LAN mode (lan.lua): one copy hosts a match, the others join it by address; lan_settings.lua (or
-- the launch arguments --lan=host|join, --address=, --port=, --name=) chooses.

local WebSockets = require("plugin.websockets")
-- In HTML5 builds the browser's WebSocket carries the messages; a browser cannot send pings.
local html5 = system.getInfo("platform") == "html5"

-- A public echo server for interactive use. It greets first ("Request served by ..."), then echoes.
local DEFAULT_URL = "wss://echo.websocket.org/"
local LOG_LINES = 8

-------------------------------------------------------------------------------------------------
-- Launch arguments (Solar2D passes them to main.lua as launchArgs; desktop builds as .args)
-------------------------------------------------------------------------------------------------

local launchArgs = ...
local scripted = false
local url = DEFAULT_URL
-- The LAN mode (lan.lua): chosen in lan_settings.lua, or by launch arguments.
local lan = require("lan_settings")
if type(launchArgs) == "table" and type(launchArgs.args) == "table" then
  for _, a in ipairs(launchArgs.args) do
    local name, value = a:match("^%-%-([%w-]+)=(.*)$")
    if a == "--scripted" then
      scripted = true
    elseif name == "url" then
      url = value
    elseif name == "lan" then
      lan.mode = value
    elseif name == "address" then
      lan.listenAddress, lan.hostAddress = value, value
    elseif name == "port" then
      lan.port = tonumber(value)
    elseif name == "name" then
      lan.name = value
    elseif name == "players" then
      lan.players = tonumber(value)
    end
  end
end
if lan.mode == "host" or lan.mode == "join" then
  require("lan").start(lan, scripted)
  return
end

-------------------------------------------------------------------------------------------------
-- Screen: a status line, a log of recent events, and one button per action
-------------------------------------------------------------------------------------------------

display.setStatusBar(display.HiddenStatusBar)
local cx = display.contentCenterX

display.newText("plugin.websockets " .. WebSockets.VERSION, cx, 30, native.systemFontBold, 18)
display.newText(url, cx, 56, native.systemFont, 12)
local status = display.newText("closed", cx, 84, native.systemFont, 16)

local logLines = {}
for i = 1, LOG_LINES do
  logLines[i] = display.newText("", cx, 300 + i * 20, native.systemFont, 12)
end

--- Prints a line and scrolls it into the on-screen log.
local function log(line)
  print("[demo] " .. line)
  for i = 1, LOG_LINES - 1 do
    logLines[i].text = logLines[i + 1].text
  end
  logLines[LOG_LINES].text = line
end

--- Printable form of a payload: text as is, bytes outside printable ASCII as \ddd.
local function printable(data)
  local shown = data:sub(1, 40):gsub("[^\32-\126]", function(c)
    return "\\" .. c:byte()
  end)
  if #data > 40 then
    shown = shown .. "..."
  end
  return shown
end

local buttons = {}

--- A button is a rounded rectangle (its id names the action) with a label on top.
local function newButton(id, label, x, y, onTap)
  local button = display.newRoundedRect(x, y, 140, 40, 8)
  button:setFillColor(0.2, 0.4, 0.8)
  button.id = id
  button.label = display.newText(label, x, y, native.systemFont, 16)
  button:addEventListener("tap", function()
    onTap()
    return true
  end)
  buttons[id] = button
  return button
end

-------------------------------------------------------------------------------------------------
-- The client
-------------------------------------------------------------------------------------------------

local ws = WebSockets.new()
local TEXT = "Hello from Solar2D"
-- Every byte value, NUL and 255 included: binary messages are byte strings.
local BINARY
do
  local bytes = {}
  for i = 0, 255 do
    bytes[#bytes + 1] = string.char(i)
  end
  BINARY = table.concat(bytes)
end
local PING = "are you there?"

local session -- the scripted session, when there is one; it sees every event

local function onEvent(event)
  if event.type == ws.ONOPEN then
    status.text = "open"
    log("ONOPEN protocol='" .. tostring(event.protocol) .. "'")
  elseif event.type == ws.ONMESSAGE then
    local kind = event.isBinary and "binary" or "text"
    log("ONMESSAGE " .. kind .. " " .. #event.data .. " bytes: " .. printable(event.data))
  elseif event.type == ws.ONPONG then
    log("ONPONG " .. printable(event.data))
  elseif event.type == ws.ONERROR then
    log("ONERROR " .. tostring(event.errorType) .. " code=" .. tostring(event.code) .. " " .. tostring(event.reason))
    if not scripted then
      native.showAlert("WebSocket error", tostring(event.reason), { "OK" })
    end
  elseif event.type == ws.ONCLOSE then
    status.text = "closed (" .. tostring(event.code) .. ")"
    buttons.connect.label.text = "Reconnect"
    log("ONCLOSE code=" .. tostring(event.code) .. " reason='" .. tostring(event.reason) .. "' wasClean=" .. tostring(event.wasClean))
  end
  if session then
    session.onEvent(event)
  end
end
ws:addEventListener(ws.WSEVENT, onEvent)

local lastAnswer -- what the last button's call answered

--- Logs what a call that can refuse (wrong state) answered.
local function report(what, ok, message)
  lastAnswer = ok
  if ok then
    log(what)
  else
    log(what .. " refused: " .. tostring(message))
  end
  return ok
end

local top = 130
newButton("connect", "Connect", cx - 75, top, function()
  status.text = "connecting"
  report("connect " .. url, ws:connect(url, { timeout = 10 }))
end)
newButton("sendText", "Send text", cx + 75, top, function()
  report("send text '" .. TEXT .. "'", ws:send(TEXT))
end)
newButton("sendBinary", "Send binary", cx - 75, top + 55, function()
  report("send binary " .. #BINARY .. " bytes", ws:send(BINARY, { binary = true }))
end)
newButton("ping", "Ping", cx + 75, top + 55, function()
  report("ping '" .. PING .. "'", ws:ping(PING))
end)
newButton("close", "Close", cx, top + 110, function()
  report("close 1000 'demo done'", ws:close(1000, "demo done"))
end)

-------------------------------------------------------------------------------------------------
-- The scripted session: taps the buttons in order and checks each outcome
-------------------------------------------------------------------------------------------------

if scripted then
  local SESSION_TIMEOUT_MS = 20000

  local function finish(code, why)
    print("[demo] session " .. (code == 0 and "completed" or "FAILED: " .. why))
    os.exit(code)
  end

  local function tap(id)
    buttons[id]:dispatchEvent({ name = "tap", target = buttons[id] })
  end

  local function isEcho(expectedData, expectedBinary)
    return function(event)
      return event.type == ws.ONMESSAGE and event.data == expectedData and event.isBinary == expectedBinary
    end
  end

  -- Each step taps one button and names the event that must come next.
  local steps = {
    { tap = "connect", expect = "ONOPEN", check = function(e) return e.type == ws.ONOPEN end },
    { tap = "sendText", expect = "the text echoed", check = isEcho(TEXT, false) },
    { tap = "sendBinary", expect = "the bytes echoed", check = isEcho(BINARY, true) },
    html5 and { tap = "ping", expect = "ping refused (browsers cannot send pings)", refused = true }
      or { tap = "ping", expect = "ONPONG with the payload", check = function(e) return e.type == ws.ONPONG and e.data == PING end },
    { tap = "close", expect = "a clean ONCLOSE 1000", check = function(e) return e.type == ws.ONCLOSE and e.code == 1000 and e.wasClean end },
    { tap = "connect", expect = "ONOPEN again (reconnect)", check = function(e) return e.type == ws.ONOPEN end },
    { tap = "sendText", expect = "the text echoed", check = isEcho(TEXT, false) },
    { tap = "close", expect = "a clean ONCLOSE 1000", check = function(e) return e.type == ws.ONCLOSE and e.code == 1000 and e.wasClean end },
  }
  local current = 0
  -- Until the first echo on a connection, a message that is no echo is the server's greeting.
  local echoed = false

  local function nextStep()
    current = current + 1
    local step = steps[current]
    if not step then
      return finish(0)
    end
    print("[demo] step " .. current .. ": tap '" .. step.tap .. "', expect " .. step.expect)
    if step.tap == "connect" then
      echoed = false
    end
    tap(step.tap)
    if step.refused then
      if lastAnswer ~= false then
        return finish(1, "step " .. current .. " expected the call to be refused")
      end
      timer.performWithDelay(50, nextStep)
    end
  end

  session = {}
  function session.onEvent(event)
    local step = steps[current]
    if step and step.check and step.check(event) then
      echoed = echoed or event.type == ws.ONMESSAGE
      -- Let the listener return before the next tap, as a person would.
      timer.performWithDelay(50, nextStep)
    elseif event.type == ws.ONMESSAGE and not echoed then
      print("[demo] (ignoring a message the server sent on its own)")
    else
      finish(1, "step " .. current .. " expected " .. (step and step.expect or "nothing") .. ", got " .. event.type)
    end
  end

  timer.performWithDelay(SESSION_TIMEOUT_MS, function()
    finish(1, "timed out at step " .. current)
  end)
  timer.performWithDelay(100, nextStep)
end
