-- The original plugin's documented example (reference: solar2d-plugin-websockets-api.md, "Simple
-- Connect", with the send and disconnect calls of its method docs), unchanged apart from the URL.
-- Solar2D would service it from enterFrame; plain Lua polls, below the example. The test checks
-- what it prints.
local url = string.match(table.concat(arg, " "), "ws=(%S+)") .. "/echo"

local WebSockets = require("plugin.websockets")

local ws = WebSockets.new()

local function WsHandler(event)
  if event.type == ws.ONOPEN then
    print('connected')
    ws:send("Hello WebSocket server")
  elseif event.type == ws.ONMESSAGE then
    print('message', event.data)
    ws:disconnect()
  elseif event.type == ws.ONCLOSE then
    print('disconnected', event.code, event.reason)
  elseif event.type == ws.ONERROR then
    print('error', event.code, event.reason)
  end
end

ws:addEventListener(ws.WSEVENT, WsHandler)
ws:connect(url)

-- The host's service loop.
local deadline = os.time() + 6
repeat
  WebSockets.poll(0.02)
until ws:getState() == ws.CLOSED or os.time() >= deadline
print(ws:getState() == ws.CLOSED and "RESULT ok" or "RESULT fail the example did not finish")
