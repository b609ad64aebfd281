-- The plugin's server as an echo server for an Autobahn|TestSuite-compatible fuzzing client (SPEC
-- section 5): every message is sent back with its type, messages up to 64 MiB are accepted (the
-- suite sends up to 16 MiB), and it serves until the process is stopped (tools/autobahn-server.mjs
-- stops it on SIGINT or SIGTERM). Arguments: port=N [host=ADDRESS].
local WebSockets = require("plugin.websockets")

local args = {}
for _, a in ipairs(arg or {}) do
  local name, value = string.match(a, "^([%w_]+)=(.*)$")
  if name then args[name] = value end
end

if io and io.stdout and io.stdout.setvbuf then pcall(io.stdout.setvbuf, io.stdout, "no") end

local server = WebSockets.newServer()
local stopped = false
server:addEventListener(server.WSEVENT, function(event)
  if event.type == server.ONMESSAGE then
    event.client:send(event.data, { binary = event.isBinary })
  elseif event.type == server.ONLISTEN then
    print("listening on " .. event.host .. ":" .. event.port)
  elseif event.client == nil and event.type == server.ONERROR then
    print("cannot listen: " .. tostring(event.reason))
  elseif event.client == nil and event.type == server.ONCLOSE then
    stopped = true
  end
end)
server:listen({
  host = args.host or "127.0.0.1",
  port = tonumber(args.port) or 9002,
  maxMessageSize = 64 * 1024 * 1024,
  maxClients = 256,
})
while not stopped do
  WebSockets.poll(0.1)
end
os.exit(1)
