-- A client that reconnects, against the real server of test/reconnect-e2e.test.ts (which closes with
-- 1012, answers 503, restarts so an attempt is refused, and at last closes with 1000). Prints one
-- line per event: "EVENT type key=value ...", then "DONE" after the ONCLOSE that does not reconnect.
local WebSockets = require("plugin.websockets")

local url = assert(arg[1], "usage: reconnect-e2e.lua ws://127.0.0.1:PORT/")
local ws = WebSockets.new()
local done = false

ws:addEventListener(ws.WSEVENT, function(event)
  local fields = { "EVENT", event.type }
  for _, key in ipairs({ "code", "errorType", "data", "reconnected", "willReconnect", "reconnectDelay" }) do
    if event[key] ~= nil then fields[#fields + 1] = key .. "=" .. tostring(event[key]) end
  end
  if event.type == ws.ONCLOSE and event.willReconnect then
    fields[#fields + 1] = "stateDuringWait=" .. tostring(ws:getState() == ws.CONNECTING)
    fields[#fields + 1] = "sendDuringWait=" .. tostring((ws:send("lost")))
  end
  if event.type == ws.ONOPEN then ws:send("hi") end
  print(table.concat(fields, " "))
  if event.type == ws.ONCLOSE and not event.willReconnect then done = true end
end)

assert(ws:connect(url, { reconnect = { delay = 0.2, factor = 1, maxDelay = 0.2, jitter = 0 }, timeout = 3 }))
for _ = 1, 2000 do
  if done then break end
  WebSockets.poll(0.02)
end
print(done and "DONE" or "TIMEOUT")
