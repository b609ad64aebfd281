-- The plugin's server under bench/server.mjs's load: WebSockets.newServer() on loopback, serviced
-- by WebSockets.poll as a game's enterFrame would. Prints "listening on PORT" once it listens.
--   a text or binary message    echoed with its type
--   "!broadcast N"              N messages of 100 bytes to every open peer (server:broadcast)
--   "!heap"                     answered with "heap KIB": the Lua heap after a full collection
-- Arguments: port=N (0: any free port).
local WebSockets = require("plugin.websockets")

local args = {}
for _, a in ipairs(arg or {}) do
  local name, value = string.match(a, "^([%w_]+)=(.*)$")
  if name then args[name] = value end
end
if io and io.stdout and io.stdout.setvbuf then pcall(io.stdout.setvbuf, io.stdout, "no") end

local BROADCAST = string.rep("b", 100)

local server = WebSockets.newServer()
local stopped = false
server:addEventListener(server.WSEVENT, function(event)
  local kind = event.type
  if kind == server.ONMESSAGE then
    local data = event.data
    if string.byte(data, 1) ~= 33 then -- "!"
      event.client:send(data, { binary = event.isBinary })
      return
    end
    local count = string.match(data, "^!broadcast (%d+)$")
    if count then
      for _ = 1, tonumber(count) do
        server:broadcast(BROADCAST)
      end
    elseif data == "!heap" then
      collectgarbage("collect")
      collectgarbage("collect")
      event.client:send("heap " .. string.format("%.1f", collectgarbage("count")))
    end
  elseif kind == server.ONLISTEN then
    print("listening on " .. event.port)
  elseif event.client == nil and kind == server.ONERROR then
    print("cannot listen: " .. tostring(event.reason))
  elseif event.client == nil and kind == server.ONCLOSE then
    stopped = true
  end
end)
server:listen({ host = "127.0.0.1", port = tonumber(args.port) or 0, maxClients = 2000, compression = false })
while not stopped do
  WebSockets.poll(0.05)
end
os.exit(1)
