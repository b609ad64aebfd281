-- Connect options as game code meets them, over a scripted transport that records what it was
-- asked to open: `ca` as PEM text or a path (relative to the working directory, or a project file
-- through Solar2D's system.pathForFile), option errors in one shape, a warning per unknown key and
-- run, URL errors that say the problem once, and getUrl.
--
-- Usage (the working directory is FIXTURE_DIR): connect-options.lua FIXTURE_DIR
-- FIXTURE_DIR holds certs/test-ca.pem, certs/not-pem.txt and project/certs/game-ca.pem.
-- Prints "ok <check>" / "FAIL <check>" lines, the captured warnings as "WARNING <text>", and
-- "RESULT ok" when every check passed.
local fixtures = assert(arg[1], "usage: connect-options.lua FIXTURE_DIR")

local say = print
local failures = 0
local function check(ok, what, detail)
  if ok then
    say("ok " .. what)
  else
    failures = failures + 1
    say("FAIL " .. what .. (detail ~= nil and (": " .. tostring(detail)) or ""))
  end
end

-- Everything the plugin prints goes here, so the test sees each warning exactly as a game would.
local printed = {}
print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  printed[#printed + 1] = table.concat(parts, "\t")
end

-- The scripted transport: every open is recorded and refused at once.
local opened = {}
package.preload["plugin.websockets_native"] = function()
  local transport = { name = "scripted" }
  function transport.open(options)
    opened[#opened + 1] = options
    local stream = {}
    function stream:step() return "failed", "connect", "refused by the scripted transport" end
    function stream:write(data) return #data end
    function stream:read() return "" end
    function stream:buffered() return 0 end
    function stream:close() end
    return stream
  end
  return transport
end

local function readFile(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local WebSockets = require("plugin.websockets")
local ws = WebSockets.new()
local closes = 0
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONCLOSE then closes = closes + 1 end
end)

-- Connects, expecting it to start, and services the client until its ONCLOSE.
local function connectAndFinish(what, uri, options)
  local before = closes
  local ok, started = pcall(ws.connect, ws, uri, options)
  check(ok and started == true, what .. ": connect starts", started)
  for _ = 1, 100 do
    if closes > before then break end
    WebSockets.poll(0)
  end
  check(closes == before + 1, what .. ": ends in ONCLOSE")
  return opened[#opened]
end

-- Expects connect to raise exactly `expected` (after Lua's position prefix) and change nothing.
local function refuses(what, expected, uri, options)
  local opens, url = #opened, ws:getUrl()
  local ok, message = pcall(ws.connect, ws, uri, options)
  message = tostring(message)
  check(not ok and message:sub(-#expected) == expected, what .. ": " .. expected, message)
  check(#opened == opens and ws:getState() == ws.CLOSED and ws:getUrl() == url, what .. ": the client is unchanged")
  return message
end

local TEST_CA = readFile("certs/test-ca.pem")
local GAME_CA = readFile(fixtures .. "/project/certs/game-ca.pem")
local PEM_TEXT = "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n"

-- getUrl: "" before any connect, then the URI of the current or last connection.
check(ws:getUrl() == "", "getUrl before any connect is empty", ws:getUrl())

-- ca as PEM text reaches the transport as it is.
local options = connectAndFinish("ca as PEM text", "wss://example.com/text", { ca = PEM_TEXT })
check(options.ca == PEM_TEXT, "ca as PEM text: the transport gets the same text", options.ca)
check(ws:getUrl() == "wss://example.com/text", "getUrl after ONCLOSE is the last connection's URI", ws:getUrl())

-- ca as a path: the plugin reads the file and hands over its bytes.
options = connectAndFinish("ca as a relative path", "wss://example.com/relative", { ca = "certs/test-ca.pem" })
check(options.ca == TEST_CA, "ca as a relative path: the transport gets the file's PEM", options.ca)
options = connectAndFinish("ca as an absolute path", "wss://example.com/absolute", { ca = fixtures .. "/certs/test-ca.pem" })
check(options.ca == TEST_CA, "ca as an absolute path: the transport gets the file's PEM", options.ca)
options = connectAndFinish("no ca", "wss://example.com/none")
check(options.ca == nil, "no ca: the transport gets none", options.ca)

-- Inside Solar2D a relative path is a project file (system.ResourceDirectory), not the working directory's.
system = {
  ResourceDirectory = {},
  pathForFile = function(name, base)
    assert(base == system.ResourceDirectory, "the plugin asks for a project file")
    local path = fixtures .. "/project/" .. name
    local file = io.open(path, "rb")
    if not file then return nil end -- Solar2D answers nil for a project file that does not exist
    file:close()
    return path
  end,
}
options = connectAndFinish("Solar2D: ca as a project file", "wss://example.com/project", { ca = "certs/game-ca.pem" })
check(options.ca == GAME_CA, "Solar2D: the relative path is the project's file", options.ca)
refuses("Solar2D: a file only in the working directory",
  "bad argument #2 to 'connect' (option 'ca': cannot read 'certs/test-ca.pem': no such file in the project (system.ResourceDirectory))",
  "wss://example.com/", { ca = "certs/test-ca.pem" })
system = nil

-- A ca that names no readable PEM is the game's mistake: an argument error naming option and path.
refuses("a missing file",
  "bad argument #2 to 'connect' (option 'ca': cannot read 'certs/missing.pem': No such file or directory)",
  "wss://example.com/", { ca = "certs/missing.pem" })
refuses("a file without PEM",
  "bad argument #2 to 'connect' (option 'ca': 'certs/not-pem.txt' holds no PEM data: no '-----BEGIN' line)",
  "wss://example.com/", { ca = "certs/not-pem.txt" })
refuses("an empty ca",
  "bad argument #2 to 'connect' (option 'ca': PEM text or the path of a PEM file expected, got an empty string)",
  "wss://example.com/", { ca = "" })

-- Every option error has the one shape: (option 'name': what was wrong).
local wrong = {
  { { timeout = "5" }, "option 'timeout': number expected, got string" },
  { { timeout = -1 }, "option 'timeout': must be positive, got -1" },
  { { timeout = 0 }, "option 'timeout': must be positive, got 0" },
  { { timeout = 1 / 0 }, "option 'timeout': must be finite, got inf" },
  { { maxMessageSize = 0 }, "option 'maxMessageSize': must be positive, got 0" },
  { { pongTimeout = {} }, "option 'pongTimeout': number expected, got table" },
  { { pingInterval = -2 }, "option 'pingInterval': must be positive, got -2" },
  { { port = "80" }, "option 'port': number expected, got string" },
  { { port = 70000 }, "option 'port': must be an integer from 1 to 65535, got 70000" },
  { { tls = 12 }, "option 'tls': ws.TLS_1_0, ws.TLS_1_1, ws.TLS_1_2 or ws.TLS_1_3 expected, got 12" },
  { { verify = "yes" }, "option 'verify': boolean expected, got string" },
  { { ca = 5 }, "option 'ca': string expected, got number" },
  { { origin = true }, "option 'origin': string expected, got boolean" },
  { { headers = 5 }, "option 'headers': table expected, got number" },
  { { protocols = { "chat", 2 } }, "option 'protocols': item 2: string expected, got number" },
  { { compression = "yes" }, "option 'compression': boolean or table expected, got string" },
  { { reconnect = 1 }, "option 'reconnect': boolean or table expected, got number" },
  { { receiveFragments = 1 }, "option 'receiveFragments': boolean expected, got number" },
}
for _, case in ipairs(wrong) do
  refuses(case[2], "bad argument #2 to 'connect' (" .. case[2] .. ")", "ws://example.com/", case[1])
end

-- URL errors say the problem once.
local badUrls = {
  { "http://x", "invalid WebSocket URL \"http://x\": unsupported scheme \"http\" (use ws:// or wss://)" },
  { "ws://", "invalid WebSocket URL \"ws://\": missing host" },
  { "ws://h:99999/", "invalid WebSocket URL \"ws://h:99999/\": port out of range" },
}
for _, case in ipairs(badUrls) do
  local message = refuses(case[1], "bad argument #1 to 'connect' (" .. case[2] .. ")", case[1])
  local _, mentions = message:gsub("invalid WebSocket", "")
  check(mentions == 1, case[1] .. ": the problem is said once", message)
end

-- Known keys print nothing; unknown keys print one warning per key and run, and the connect runs.
check(#printed == 0, "known options print nothing", printed[1])
connectAndFinish("unknown keys", "ws://example.com/typos",
  { tsl = WebSockets.TLS_1_2, pingIntervall = 5, compression = true, reconnect = false, receiveFragments = false })
table.sort(printed)
check(#printed == 2
  and printed[1] == "plugin.websockets: unknown connect option 'pingIntervall' ignored"
  and printed[2] == "plugin.websockets: unknown connect option 'tsl' ignored",
  "one warning for each unknown key", table.concat(printed, " | "))
connectAndFinish("the same unknown keys again", "ws://example.com/typos", { tsl = 1, pingIntervall = 5, Timeout = 3 })
check(#printed == 3 and printed[3] == "plugin.websockets: unknown connect option 'Timeout' ignored",
  "only a key not reported before is reported", table.concat(printed, " | "))
check(ws:getUrl() == "ws://example.com/typos", "getUrl is the last connection's URI", ws:getUrl())
for _, line in ipairs(printed) do say("WARNING " .. line) end

say(failures == 0 and "RESULT ok" or ("RESULT fail " .. failures))
