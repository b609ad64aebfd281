-- wss:// over the Java transport's TLS, trusting the test CA through the `ca` option. The plugin
-- reads a path itself (in Lua, as Solar2D's io.open reads project files inside the APK) and hands
-- the Java transport PEM bytes; a relative path is a project file, found with system.pathForFile.
local clients = require("clients")

local function readFile(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local function echoOverTls(options)
  local ws, log = clients.open(clients.tlsUrl, options)
  ws:send("over TLS \0 with a NUL")
  clients.waitMessages(log, 1)
  check(log.messages[1] and log.messages[1].data == "over TLS \0 with a NUL", "an echo over TLS")
  ws:close()
  clients.waitClosed(log)
  check(log.close and log.close.wasClean, "closed cleanly")
end

case("TLS with the test CA given as PEM text", function()
  echoOverTls({ ca = readFile(harness.config.caFile) })
end)

case("TLS with the test CA as a project file (relative path)", function()
  echoOverTls({ ca = "certs/test-ca.pem" })
end)

case("TLS with the CA under an absolute file name outside ASCII", function()
  -- The path holds a character outside the BMP; the plugin opens it with io.open, so the name
  -- never passes through Java at all.
  local ws, log = clients.open(clients.tlsUrl, { ca = harness.config.oddCaFile })
  ws:close()
  clients.waitClosed(log)
end)

case("a project file that does not exist fails connect with an argument error", function()
  local ws = require("plugin.websockets").new()
  local ok, message = pcall(ws.connect, ws, clients.tlsUrl, { ca = "certs/missing.pem" })
  check(not ok and tostring(message):find("option 'ca': cannot read 'certs/missing.pem'", 1, true) ~= nil,
    "names the option and the path", message)
  check(ws:getState() == ws.CLOSED, "the client stays CLOSED")
end)

case("TLS without the CA", function()
  local ws, log = clients.connect(clients.tlsUrl)
  clients.waitClosed(log)
  check(log.error and log.error.errorType == "tls", "the platform's trust store refuses the test CA: ONERROR tls",
    log.error and (log.error.errorType .. ": " .. tostring(log.error.reason)))
end)
