-- Prints every name game code can reach on the module, a client, a server and a peer, one per line
-- as "<object> <name>": each object's own keys and those of the tables its metatables' __index
-- lead to. Then it makes every kind of event happen once and prints the keys each carried, as
-- "event <listener> <type> <key,key,...>" (listener: the client's or the server's, which also
-- hears its peers' events). test/typings.test.ts compares both with what the editor typings declare.
-- Everything runs over 127.0.0.1 with ports the system picks.
local WebSockets = require("plugin.websockets")

local function sortedKeys(t)
  local keys = {}
  for key in pairs(t) do
    if type(key) == "string" then keys[#keys + 1] = key end
  end
  table.sort(keys)
  return keys
end

local function names(object)
  local seen, found, t = {}, {}, object
  while type(t) == "table" and not seen[t] do
    seen[t] = true
    for _, key in ipairs(sortedKeys(t)) do found[key] = true end
    local mt = getmetatable(t)
    t = mt and mt.__index
  end
  return sortedKeys(found)
end

local function report(label, object)
  for _, key in ipairs(names(object)) do print(label .. " " .. key) end
end

local function recordEvent(listener, event)
  print("event " .. listener .. " " .. tostring(event.type) .. " " .. table.concat(sortedKeys(event), ","))
end

local server = WebSockets.newServer()
local client = WebSockets.new()
local peer, port
local serverClosed, clientClosed = false, false

server:addEventListener(server.WSEVENT, function(event)
  recordEvent("server", event)
  if event.type == server.ONLISTEN then
    port = event.port
    client:connect("ws://127.0.0.1:" .. port .. "/game")
  elseif event.type == server.ONCONNECTION then
    peer = event.client
    peer:send("hello")
  elseif event.type == server.ONMESSAGE then
    peer:ping("p")
  elseif event.type == server.ONPONG then
    client:close(1000, "done")
  elseif event.type == server.ONCLOSE and event.client == nil then
    serverClosed = true
  end
end)
client:addEventListener(client.WSEVENT, function(event)
  recordEvent("client", event)
  if event.type == client.ONMESSAGE then
    client:ping("q")
  elseif event.type == client.ONPONG then
    client:send("back")
  elseif event.type == client.ONCLOSE then
    clientClosed = true
  end
end)
server:listen({ host = "127.0.0.1", port = 0, path = "/game" })

local function serviceUntil(done, seconds)
  local deadline = os.time() + seconds
  while not done() and os.time() < deadline do WebSockets.poll(0.01) end
  return done()
end

if not serviceUntil(function() return peer ~= nil end, 10) then
  print("FAIL no peer connected")
  os.exit(1)
end
report("module", WebSockets)
report("client", client)
report("server", server)
report("peer", peer)

if not serviceUntil(function() return clientClosed end, 10) then
  print("FAIL the client did not close")
  os.exit(1)
end

-- A second server on the port in use: the server's own ONERROR and ONCLOSE.
local taken = WebSockets.newServer()
local takenClosed = false
taken:addEventListener(taken.WSEVENT, function(event)
  recordEvent("server", event)
  if event.type == taken.ONCLOSE then takenClosed = true end
end)
taken:listen({ host = "127.0.0.1", port = port })
serviceUntil(function() return takenClosed end, 10)

-- A client asking for another path: 404, the ONERROR of a refused handshake (status, headers, body).
local lost = WebSockets.new()
local lostClosed = false
lost:addEventListener(lost.WSEVENT, function(event)
  recordEvent("client", event)
  if event.type == lost.ONCLOSE then lostClosed = true end
end)
lost:connect("ws://127.0.0.1:" .. port .. "/elsewhere")
serviceUntil(function() return lostClosed end, 10)

server:close()
serviceUntil(function() return serverClosed end, 10)

-- A client refused at the closed port: the client's ONERROR and ONCLOSE.
local refused = WebSockets.new()
local refusedClosed = false
refused:addEventListener(refused.WSEVENT, function(event)
  recordEvent("client", event)
  if event.type == refused.ONCLOSE then refusedClosed = true end
end)
refused:connect("ws://127.0.0.1:" .. port .. "/", { timeout = 5 })
serviceUntil(function() return refusedClosed end, 10)
print("END")
