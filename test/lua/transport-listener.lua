-- Drives a transport's listeners (ts/transport/contract.ts: listen, Listener) for
-- test/transport-listener.test.ts, and prints what happened as "key value" lines. The transport is
-- LuaSocket's (lua/transport-luasocket-listener.lua) in native interpreters, or the Node host's
-- (host/node-listener.mjs) with transport=host under wasmoon and fengari.
--
--   lua transport-listener.lua SCENARIO key=value ...
--
-- Scenarios:
--   echo     listen, print "port N", echo every byte on every accepted connection until `count`
--            connections have ended (tls=DIR: serve TLS with the certificate of DIR/listener_certificate.lua)
--   self     listen and connect `count` of this process's own client streams to it, 1 MiB each way
--   pending  listen, print "port N", wait until connections are queued, close without accepting
--   backlog  listen, print "port N", sleep while clients arrive, then accept all that waited
--   failures the error cases of listen(), one after another
--   client   connect `count` client streams to an echo scenario at `port` and check the echoes
--   listen   only call listen(host, port[, tls]) and print its answer
-- Other keys: transport (host | luasocket), host, port, backlog, count, size, settle, seconds,
-- tlsByPath (hand the certificate and key over as file paths instead of PEM text),
-- (deadline), hide (ssl: make LuaSec impossible to load).

local SCENARIO = arg[1]
local params = {}
for i = 2, #arg do
  local key, value = arg[i]:match("^([%w_]+)=(.*)$")
  params[key] = value
end

if params.hide == "ssl" then
  for _, name in ipairs({ "ssl", "plugin.openssl", "plugin_luasec_ssl" }) do
    package.preload[name] = function()
      error("module '" .. name .. "' not found (hidden by the test)")
    end
  end
end

local transport = params.transport == "host" and require("plugin.websockets_host")
  or require("transport-luasocket")

-- wait() with nothing to watch only sleeps (and in the Node host lets its event loop run).
local function sleep(seconds)
  transport.wait({}, seconds)
end

local function say(key, value)
  io.write(key, " ", tostring(value), "\n")
  io.flush()
end

-- The test certificate: DIR/listener_certificate.lua returns { certificate = PEM, key = PEM }.
-- A module rather than a file to read, since the Node host's Lua has no io library.
local function testCertificate(dir)
  if dir == "garbage" then
    return { certificate = "not a certificate", key = "not a key" }
  elseif params.tlsByPath then
    return { certificate = dir .. "/server.pem", key = dir .. "/server.key" }
  end
  package.path = dir .. "/?.lua;" .. package.path
  return require("listener_certificate")
end

local function listenOptions()
  local options = {
    host = params.host or "127.0.0.1",
    port = tonumber(params.port or 0),
    backlog = tonumber(params.backlog or 256),
  }
  if params.tls then
    options.tls = testCertificate(params.tls)
  end
  return options
end

local deadline = transport.now() + tonumber(params.seconds or 20)

-- A listener that listens (stepped until it says so), or the script ends saying why not.
local function startListening()
  local listener = transport.listen(listenOptions())
  local state, category, message = listener:step()
  while state == "starting" and transport.now() < deadline do
    transport.wait({ listener }, 0.05)
    state, category, message = listener:step()
  end
  if state ~= "listening" then
    say("failed", category or state)
    say("message", message)
    listener:close()
    return nil
  end
  return listener
end

local function listenOrSay()
  local listener = startListening()
  if not listener then
    os.exit(0)
  end
  return listener
end

-- Echo server: every accepted connection gets back what it sends. Connections whose TLS handshake
-- fails are counted, closed and forgotten; the listener keeps serving.
local function echo()
  local expected = tonumber(params.count or 1)
  local listener = listenOrSay()
  say("port", listener:port())
  local connections, open = {}, 0
  local accepted, ended, maxOpen, handshakeFailures, echoedBytes = 0, 0, 0, 0, 0
  local peers = {}
  while ended < expected and transport.now() < deadline do
    -- At most 16 new connections per turn, as the plugin's service loop will take them.
    for _ = 1, 16 do
      local stream, peerHost, peerPort = listener:accept()
      if not stream then
        break
      end
      accepted = accepted + 1
      peers[peerHost .. " " .. type(peerPort)] = true
      connections[#connections + 1] = { stream = stream, pending = "" }
      open = open + 1
      if open > maxOpen then
        maxOpen = open
      end
    end
    local watched = { listener }
    for i = #connections, 1, -1 do
      local connection = connections[i]
      local stream = connection.stream
      local state, category = stream:step()
      local finished = false
      if state == "failed" then
        handshakeFailures = handshakeFailures + 1
        say("handshakeFailure", category)
        finished = true
      elseif state == "open" then
        local data = stream:read()
        if data == nil then
          finished = true
        else
          connection.pending = connection.pending .. data
          if #connection.pending > 0 then
            local taken = assert(stream:write(connection.pending))
            echoedBytes = echoedBytes + taken
            connection.pending = connection.pending:sub(taken + 1)
          end
        end
      end
      if finished then
        stream:close()
        table.remove(connections, i)
        open = open - 1
        ended = ended + 1
      else
        watched[#watched + 1] = stream
      end
    end
    transport.wait(watched, 0.05)
  end
  local peerList = {}
  for peer in pairs(peers) do
    peerList[#peerList + 1] = peer
  end
  table.sort(peerList)
  say("accepted", accepted)
  say("ended", ended)
  say("maxOpen", maxOpen)
  say("handshakeFailures", handshakeFailures)
  say("echoedBytes", echoedBytes)
  say("peers", table.concat(peerList, ","))
  listener:close()
  say("afterClose", (listener:step()))
  say("acceptAfterClose", listener:accept())
end

-- `size` bytes cycling through every byte value, offset by `seed` so connections differ.
local function pattern(size, seed)
  local block = {}
  for i = 0, 255 do
    block[i + 1] = string.char((i + seed) % 256)
  end
  block = table.concat(block)
  return block:rep(math.ceil(size / 256)):sub(1, size)
end

-- This process's own client streams against its own listener: 1 MiB each way on every connection,
-- all driven by one loop and one wait(), as a game hosting and joining at once would.
local function selfConnect()
  local count = tonumber(params.count or 3)
  local size = tonumber(params.size or 1048576)
  local listener = listenOrSay()
  local clients, servers = {}, {}
  for i = 1, count do
    clients[i] = {
      stream = transport.open({ host = "127.0.0.1", port = listener:port(), secure = false,
        serverName = "127.0.0.1", minTls = "1.2", verify = false, timeout = 10 }),
      toSend = pattern(size, i), received = {}, receivedBytes = 0,
    }
  end
  -- Each side sends its pattern and reads everything; a server-side connection sends the pattern
  -- of the client whose first byte it received, so every direction carries a different pattern.
  local function pump(side)
    local state = side.stream:step()
    if state ~= "open" then
      return state
    end
    if side.toSend and #side.toSend > 0 then
      local taken = assert(side.stream:write(side.toSend))
      side.toSend = side.toSend:sub(taken + 1)
    end
    local data = side.stream:read()
    if data and #data > 0 then
      side.received[#side.received + 1] = data
      side.receivedBytes = side.receivedBytes + #data
      if side.isServer and not side.toSend then
        side.toSend = pattern(size, data:byte(1) + 100)
      end
    end
    return state
  end
  local function done()
    if #servers < count then
      return false
    end
    for _, side in ipairs(clients) do
      if side.receivedBytes < size then
        return false
      end
    end
    for _, side in ipairs(servers) do
      if side.receivedBytes < size then
        return false
      end
    end
    return true
  end
  while not done() and transport.now() < deadline do
    local stream = listener:accept()
    if stream then
      servers[#servers + 1] = { stream = stream, received = {}, receivedBytes = 0, isServer = true }
    end
    local watched = { listener }
    for _, side in ipairs(clients) do
      pump(side)
      watched[#watched + 1] = side.stream
    end
    for _, side in ipairs(servers) do
      pump(side)
      watched[#watched + 1] = side.stream
    end
    transport.wait(watched, 0.05)
  end
  local intact = 0
  for i, side in ipairs(clients) do
    -- Client i sent pattern(i); the server echoing it sent pattern(i + 100).
    if table.concat(side.received) == pattern(size, i + 100) then
      intact = intact + 1
    end
  end
  for _, side in ipairs(servers) do
    local data = table.concat(side.received)
    if #data == size and data == pattern(size, data:byte(1)) then
      intact = intact + 1
    end
  end
  say("accepted", #servers)
  say("intact", intact)
  listener:close()
end

-- Waits until a connection is queued (wait() on the listener returns), gives the rest a moment to
-- arrive, then closes the listener without accepting any.
local function pending()
  local listener = listenOrSay()
  say("port", listener:port())
  local started = transport.now()
  transport.wait({ listener }, 10)
  say("wokeAfterConnection", transport.now() - started < 9)
  sleep(tonumber(params.settle or 0.3))
  listener:close()
  say("closed", true)
  -- Stay alive a while so the clients see the reset from the closed listener, not the exit.
  sleep(0.7)
end

-- Sleeps while connections arrive (more than the backlog), then accepts all it can and says how
-- many it got.
local function backlog()
  local listener = listenOrSay()
  say("port", listener:port())
  sleep(tonumber(params.settle or 1))
  local streams = {}
  while true do
    local stream = listener:accept()
    if not stream then
      break
    end
    streams[#streams + 1] = stream
  end
  say("accepted", #streams)
  for _, stream in ipairs(streams) do
    stream:close()
  end
  listener:close()
end

-- The error cases in one run (one interpreter start): a port in use (inUse=PORT), a host that does
-- not resolve, an address that is not this machine's, a certificate that does not load. Prints
-- "<case>.failed CATEGORY" and "<case>.message TEXT" for each.
local function failures()
  local attempts = {
    { name = "inUse", options = { host = "127.0.0.1", port = tonumber(params.inUse), backlog = 8 } },
    { name = "unknownHost", options = { host = "no-such-host.invalid", port = 0, backlog = 8 } },
    -- TEST-NET-1 (RFC 5737): never an address of this machine.
    { name = "foreignAddress", options = { host = "192.0.2.1", port = 0, backlog = 8 } },
    { name = "badCertificate", options = { host = "127.0.0.1", port = 0, backlog = 8,
      tls = testCertificate("garbage") } },
  }
  for _, attempt in ipairs(attempts) do
    local listener = transport.listen(attempt.options)
    local state, category, message = listener:step()
    while state == "starting" and transport.now() < deadline do
      transport.wait({ listener }, 0.05)
      state, category, message = listener:step()
    end
    say(attempt.name .. ".failed", state == "failed" and category or state)
    say(attempt.name .. ".message", message)
    listener:close()
  end
  -- Closed before it ever listened (a name still being looked up): it must stay closed.
  local early = transport.listen({ host = "localhost", port = 0, backlog = 8 })
  early:close()
  sleep(0.2)
  say("closedWhileStarting", (early:step()))
end

-- The other side: `count` client streams of this transport to an echo scenario elsewhere (another
-- runtime's listener) at `port`, each sending its own pattern of `size` bytes and checking the echo.
local function client()
  local count, size = tonumber(params.count or 3), tonumber(params.size or 65536)
  local clients = {}
  for i = 1, count do
    clients[i] = {
      stream = transport.open({ host = "127.0.0.1", port = tonumber(params.port), secure = false,
        serverName = "127.0.0.1", minTls = "1.2", verify = false, timeout = 10 }),
      toSend = pattern(size, i), received = {}, receivedBytes = 0,
    }
  end
  local function done()
    for _, side in ipairs(clients) do
      if side.receivedBytes < size then
        return false
      end
    end
    return true
  end
  while not done() and transport.now() < deadline do
    local watched = {}
    for _, side in ipairs(clients) do
      if side.stream:step() == "open" then
        if #side.toSend > 0 then
          local taken = assert(side.stream:write(side.toSend))
          side.toSend = side.toSend:sub(taken + 1)
        end
        local data = side.stream:read()
        if data and #data > 0 then
          side.received[#side.received + 1] = data
          side.receivedBytes = side.receivedBytes + #data
        end
      end
      watched[#watched + 1] = side.stream
    end
    transport.wait(watched, 0.05)
  end
  local intact = 0
  for i, side in ipairs(clients) do
    if table.concat(side.received) == pattern(size, i) then
      intact = intact + 1
    end
    side.stream:close()
  end
  say("intact", intact)
end

local function listenOnly()
  local listener = startListening()
  if listener then
    say("listening", listener:port())
    listener:close()
  end
end

local scenarios = { echo = echo, self = selfConnect, pending = pending, backlog = backlog,
  failures = failures, client = client, listen = listenOnly }
assert(scenarios[SCENARIO], "unknown scenario " .. tostring(SCENARIO))()
