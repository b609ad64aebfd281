-- The plugin as a client of an Autobahn|TestSuite-compatible fuzzing server (SPEC "Autobahn client").
--
--   lua autobahn-client.lua URL AGENT
--
-- Asks /getCaseCount, plays every case at /runCase?case=N&agent=AGENT by echoing each message with
-- its type (text stays text, binary stays binary), then asks /updateReports?agent=AGENT. Cases run
-- one after another: the next connects as soon as the previous one closed or failed. Only the public
-- plugin API and WebSockets.poll are used, as a game would. Exits 0 when the reports were updated,
-- whatever the verdicts; the server grades the cases.

local WebSockets = require("plugin.websockets")

local url, agent = arg[1], arg[2]
if not url or not agent then
  io.stderr:write("usage: autobahn-client.lua URL AGENT\n")
  os.exit(2)
end
url = url:gsub("/+$", "")

local CONNECT_OPTIONS = {
  maxMessageSize = 16 * 1024 * 1024, -- the fuzzing server sends one byte more in its limit cases
  timeout = 3, -- seconds for TCP + handshake; Autobahn clients stay under 4
}
-- How long one poll may wait for I/O; it returns as soon as anything happens.
local POLL_WAIT = 0.05

-- Opens `path`, hands every event to `on_event`, services the plugin until ONCLOSE, and returns
-- that close event (or nil and a message when connect refused to start).
local function session(path, on_event)
  local ws = WebSockets.new()
  local close_event
  ws:addEventListener(ws.WSEVENT, function(event)
    if on_event then on_event(ws, event) end
    if event.type == ws.ONCLOSE then close_event = event end
  end)
  local started, message = ws:connect(url .. path, CONNECT_OPTIONS)
  if not started then return nil, message end
  while not close_event do
    WebSockets.poll(POLL_WAIT)
  end
  return close_event
end

local function escape(text)
  return (tostring(text):gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- 1. How many cases there are: the first text message of /getCaseCount.
local case_count
local closed, failure = session("/getCaseCount", function(ws, event)
  if event.type == ws.ONMESSAGE and not case_count then case_count = tonumber(event.data) end
end)
if not case_count then
  io.stderr:write("could not read the case count from " .. url .. "/getCaseCount: "
    .. tostring(failure or (closed and closed.reason)) .. "\n")
  os.exit(1)
end
print(string.format("%d cases at %s for agent %s", case_count, url, agent))

-- 2. Every case: echo each message with its type.
local function echo(ws, event)
  if event.type == ws.ONMESSAGE then
    ws:send(event.data, { binary = event.isBinary })
  end
end

for case_number = 1, case_count do
  local event, message = session(string.format("/runCase?case=%d&agent=%s", case_number, escape(agent)), echo)
  if event then
    print(string.format("case %d: closed %d%s", case_number, event.code, event.wasClean and "" or " (not clean)"))
  else
    print(string.format("case %d: could not connect: %s", case_number, tostring(message)))
  end
end

-- 3. Ask the server to write the reports; a clean close means it did.
local updated = session("/updateReports?agent=" .. escape(agent))
if not (updated and updated.wasClean) then
  io.stderr:write("updating the reports failed: " .. tostring(updated and updated.reason) .. "\n")
  os.exit(1)
end
print("reports updated")
os.exit(0)
