-- Prints every name game code can reach on the module, a client, a server and a peer, one per line
-- as "<object> <name>": each object's own keys and those of the tables its metatables' __index
-- lead to. test/typings.test.ts compares them with the names the editor typings declare. A peer
-- needs a connection, so a client connects to a server on 127.0.0.1 (port 0) first.
local WebSockets = require("plugin.websockets")

local function names(object)
  local seen, found, t = {}, {}, object
  while type(t) == "table" and not seen[t] do
    seen[t] = true
    for key in pairs(t) do
      if type(key) == "string" then found[key] = true end
    end
    local mt = getmetatable(t)
    t = mt and mt.__index
  end
  local sorted = {}
  for key in pairs(found) do sorted[#sorted + 1] = key end
  table.sort(sorted)
  return sorted
end

local function report(label, object)
  for _, key in ipairs(names(object)) do print(label .. " " .. key) end
end

local server = WebSockets.newServer()
local client = WebSockets.new()
local peer
server:addEventListener(server.WSEVENT, function(event)
  if event.type == server.ONLISTEN then
    client:connect("ws://127.0.0.1:" .. event.port .. "/")
  elseif event.type == server.ONCONNECTION then
    peer = event.client
  end
end)
server:listen({ host = "127.0.0.1", port = 0 })
local deadline = os.time() + 10
while peer == nil and os.time() < deadline do WebSockets.poll(0.01) end
if peer == nil then
  print("FAIL no peer connected")
  os.exit(1)
end

report("module", WebSockets)
report("client", client)
report("server", server)
report("peer", peer)
client:close()
server:close()
deadline = os.time() + 5
while server:getState() ~= server.CLOSED and os.time() < deadline do WebSockets.poll(0.01) end
print("END")
