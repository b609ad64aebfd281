-- wss:// over the Java transport's TLS, trusting the test CA through the `ca` option.
local clients = require("clients")

case("TLS with the test CA", function()
  local ws, log = clients.open(clients.tlsUrl, { ca = harness.config.caFile })
  ws:send("over TLS \0 with a NUL")
  clients.waitMessages(log, 1)
  check(log.messages[1] and log.messages[1].data == "over TLS \0 with a NUL", "an echo over TLS")
  ws:close()
  clients.waitClosed(log)
  check(log.close and log.close.wasClean, "closed cleanly")
end)

case("TLS with the CA under a file name outside ASCII", function()
  -- The path holds a character outside the BMP: read as a Java String through modified UTF-8 it
  -- would name another file; read as bytes it is the file's real name.
  local ws, log = clients.open(clients.tlsUrl, { ca = harness.config.oddCaFile })
  ws:close()
  clients.waitClosed(log)
end)

case("TLS without the CA", function()
  local ws, log = clients.connect(clients.tlsUrl)
  clients.waitClosed(log)
  check(log.error and log.error.errorType == "tls", "the platform's trust store refuses the test CA: ONERROR tls",
    log.error and (log.error.errorType .. ": " .. tostring(log.error.reason)))
end)
