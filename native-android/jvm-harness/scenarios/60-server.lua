-- The plugin's listening server over the Java transport (native.listen: LuaListeners,
-- SocketListener), with the plugin's own client in the same Lua state connecting to it: both ends
-- of every message go through the JNI bridge. Text, binary of every byte value, a big
-- message, both close paths, TLS, a port in use, and misuse of the listener in Lua's own words.
local WebSockets = require("plugin.websockets")
local clients = require("clients")
local native = require("plugin.websockets_native")

local function allBytes(times)
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  return string.rep(table.concat(bytes), times)
end

-- A server on 127.0.0.1, port 0; returns it and its log once ONLISTEN came (or ONCLOSE).
local function startServer(options)
  local server = WebSockets.newServer()
  local log = { events = {}, messages = {}, peerCloses = {} }
  server:addEventListener(server.WSEVENT, function(event)
    log.events[#log.events + 1] = event.type .. (event.client and "(peer)" or "")
    if event.type == server.ONLISTEN then
      log.listen = event
    elseif event.type == server.ONCONNECTION then
      log.peer = event.client
    elseif event.type == server.ONMESSAGE then
      log.messages[#log.messages + 1] = event
      event.client:send(event.data, { binary = event.isBinary }) -- echo
    elseif event.type == server.ONERROR and event.client == nil then
      log.error = event
    elseif event.type == server.ONCLOSE then
      if event.client == nil then log.close = event else log.peerCloses[#log.peerCloses + 1] = event end
    end
  end)
  local options = options or {}
  options.host = options.host or "127.0.0.1"
  options.port = options.port or 0
  log.started = server:listen(options)
  waitFor("ONLISTEN or ONCLOSE", function() return log.listen ~= nil or log.close ~= nil end, 5)
  return server, log
end

local function urlOf(server)
  return "ws://127.0.0.1:" .. tostring(server:getPort())
end

case("listen on port 0 and a client of the same state connects", function()
  local server, log = startServer()
  check(log.started == true, "listen() returns true")
  check(log.listen ~= nil and type(log.listen.port) == "number" and log.listen.port > 0, "ONLISTEN with the chosen port", log.listen and log.listen.port)
  check(server:getPort() == (log.listen and log.listen.port), "getPort() is the port of ONLISTEN")
  local ws, clog = clients.open(urlOf(server))
  waitFor("ONCONNECTION", function() return log.peer ~= nil end, 5)
  check(log.peer ~= nil and #server:getClients() == 1, "the server announced one peer")
  local address = log.peer and log.peer:getRemoteAddress()
  check(address == "127.0.0.1", "the peer's remote address is the loopback", address)

  local text = "héllo — ☃ \240\159\148\146"
  local binary = allBytes(8) .. "\0"
  ws:send(text)
  ws:send(binary, { binary = true })
  ws:send("", { binary = true })
  clients.waitMessages(clog, 3, 5)
  check(log.messages[1] and log.messages[1].data == text and not log.messages[1].isBinary, "the server received the UTF-8 text byte for byte")
  check(log.messages[2] and log.messages[2].data == binary and log.messages[2].isBinary, "the server received every byte value and the NUL")
  check(clog.messages[1] and clog.messages[1].data == text, "the client got the text echoed")
  check(clog.messages[2] and clog.messages[2].data == binary and clog.messages[2].isBinary, "the client got every byte value echoed")
  check(clog.messages[3] and clog.messages[3].data == "" and clog.messages[3].isBinary, "an empty binary message both ways")

  -- 3 MiB of bytes that do not compress well (so the transport sees most of them), in partial writes.
  local parts = {}
  local x = 12345
  for i = 1, 3 * 65536 do
    x = (x * 1103515245 + 12345) % 2147483648
    parts[i] = string.char(x % 256, math.floor(x / 256) % 256, math.floor(x / 65536) % 256, 7,
      (i * 13) % 256, 0, 255, math.floor(x / 8) % 256, 1, 2, 3, 4, 5, 6, 7, 8)
  end
  local big = table.concat(parts)
  ws:send(big, { binary = true })
  clients.waitMessages(clog, 4, 20)
  check(log.messages[4] and log.messages[4].data == big, "the server received 3 MiB intact", log.messages[4] and #log.messages[4].data)
  check(clog.messages[4] and clog.messages[4].data == big, "the client got 3 MiB back intact", clog.messages[4] and #clog.messages[4].data)

  -- The client closes: both sides see 4001 and the reason.
  ws:close(4001, "client leaves")
  clients.waitClosed(clog, 5)
  waitFor("the peer's ONCLOSE", function() return #log.peerCloses == 1 end, 5)
  check(clog.close and clog.close.code == 4001 and clog.close.wasClean, "client's ONCLOSE: 4001, clean", clog.close and clog.close.code)
  local peerClose = log.peerCloses[1]
  check(peerClose and peerClose.code == 4001 and peerClose.reason == "client leaves", "peer's ONCLOSE: 4001 with the reason", peerClose and peerClose.code)
  check(#server:getClients() == 0, "no peer left")

  -- The server closes: every peer's ONCLOSE with its code, then the server's own ONCLOSE.
  local ws2, clog2 = clients.open(urlOf(server))
  waitFor("a second peer", function() return #server:getClients() == 1 end, 5)
  server:close(4002, "server stops")
  clients.waitClosed(clog2, 5)
  waitFor("the server's ONCLOSE", function() return log.close ~= nil end, 5)
  check(clog2.close and clog2.close.code == 4002 and clog2.close.reason == "server stops" and clog2.close.wasClean,
    "the client sees the server's close: 4002, its reason, clean", clog2.close and clog2.close.code)
  check(#log.peerCloses == 2 and log.peerCloses[2].code == 4002, "the peer's ONCLOSE came with 4002")
  check(log.events[#log.events] == "onClose", "the server's own ONCLOSE comes last", table.concat(log.events, ","))
  check(server:getState() == server.CLOSED and server:getPort() == nil, "the server is CLOSED, without a port", server:getState())
  ws2:close()
  waitFor("no enterFrame listener", function() return listenerCount() == 0 end, 5)
  check(listenerCount() == 0, "the enterFrame listener is gone once nothing is active", listenerCount())
end)

case("wss:// to the plugin's server, its identity given as PEM text and as files", function()
  local function readFile(name)
    local file = assert(io.open(name, "rb"))
    local text = file:read("*a")
    file:close()
    return text
  end
  local identities = {
    { label = "PEM text", tls = { certificate = readFile(harness.config.serverCertFile), key = readFile(harness.config.serverKeyFile) } },
    { label = "files", tls = { certificate = harness.config.serverCertFile, key = harness.config.serverKeyFile } },
  }
  for _, identity in ipairs(identities) do
    local server, log = startServer({ tls = identity.tls })
    check(log.listen ~= nil, identity.label .. ": ONLISTEN with TLS", log.error and log.error.reason)
    local ws, clog = clients.open("wss://localhost:" .. tostring(server:getPort()), { ca = harness.config.caFile })
    local binary = allBytes(4)
    ws:send(binary, { binary = true })
    clients.waitMessages(clog, 1, 5)
    check(clog.messages[1] and clog.messages[1].data == binary, identity.label .. ": every byte value echoed over TLS")
    ws:close()
    clients.waitClosed(clog, 5)
    server:close()
    waitFor("the TLS server's ONCLOSE", function() return log.close ~= nil end, 5)
  end
  -- A key that is not PEM: the listener fails, ONERROR + ONCLOSE, no Lua error.
  local server, log = startServer({ tls = { certificate = readFile(harness.config.serverCertFile), key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" } })
  waitFor("ONCLOSE", function() return log.close ~= nil end, 5)
  check(log.listen == nil and log.error ~= nil and log.close ~= nil, "a broken key: ONERROR, then ONCLOSE", log.error and log.error.reason)
  check(server:getState() == server.CLOSED, "the server is CLOSED")
end)

case("a port in use", function()
  local server, log = startServer({ port = tonumber(harness.config.plainPort) })
  waitFor("ONCLOSE", function() return log.close ~= nil end, 5)
  check(log.listen == nil, "no ONLISTEN")
  check(log.error ~= nil and type(log.error.reason) == "string", "ONERROR with a reason", log.error and log.error.reason)
  check(log.close ~= nil and log.events[#log.events] == "onClose" and log.events[#log.events - 1] == "onError",
    "ONERROR, then ONCLOSE", table.concat(log.events, ","))
  check(server:getState() == server.CLOSED, "the server is CLOSED", server:getState())
end)

case("the listener's misuse raises Lua's own kind of error", function()
  local function raised(expected, f)
    local ok, message = pcall(f)
    check(not ok and type(message) == "string" and message:find(expected, 1, true) ~= nil
      and message:find("Java", 1, true) == nil and message:find("\n", 1, true) == nil, expected, message)
    check(not ok and message:find("60-server:", 1, true) == 1, "placed at the caller's line: " .. expected, message)
  end
  raised("bad argument #1 to 'listen' (table expected, got nil)", function() local r = native.listen(nil); return r end)
  local listener = native.listen({ host = "127.0.0.1", port = 0, backlog = 4 })
  waitFor("listening", function() return listener:step() == "listening" end, 5)
  check(listener:port() > 0, "the raw listener has a port")
  raised("calling 'accept' on bad self (websockets_native listener expected, got string)", function() local r = listener.accept("x"); return r end)
  raised("calling 'port' on bad self (websockets_native listener expected, got table)", function() local r = listener.port({}); return r end)
  check(listener:accept() == nil, "accept() with nobody waiting is nil")
  listener:close()
  listener:close()
  check(true, "close() twice is fine")
  local busy = native.listen({ host = "127.0.0.1", port = tonumber(harness.config.plainPort) })
  local status, category, message
  waitFor("the busy listener's verdict", function() status, category, message = busy:step(); return status ~= "starting" end, 5)
  check(status == "failed" and type(category) == "string" and type(message) == "string", "listening on a port in use fails as a value", tostring(category) .. ": " .. tostring(message))
  busy:close()
end)
