-- The plugin's own client against the plugin's own server (test/server.test.ts runs the server in
-- another runtime): url=ws://... count=N. Sends N text and N binary messages, checks each echo
-- byte for byte and in order, closes with 1000 and prints RESULT ok, or FAIL lines.
local WebSockets = require("plugin.websockets")

local args = {}
for _, a in ipairs(arg or {}) do
  local name, value = string.match(a, "^([%w_]+)=(.*)$")
  if name then args[name] = value end
end
local count = tonumber(args.count) or 20
local failures = 0
local function fail(message)
  failures = failures + 1
  print("FAIL " .. message)
end

local expected = {}
for i = 1, count do
  expected[#expected + 1] = { data = "text " .. i .. " \226\130\172", binary = false }
  local bytes = {}
  for j = 0, 255 do bytes[#bytes + 1] = string.char((i + j) % 256) end
  expected[#expected + 1] = { data = table.concat(bytes), binary = true }
end

local ws = WebSockets.new()
local received, closeEvent, protocol = 0, nil, nil
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    protocol = event.protocol
    for _, m in ipairs(expected) do ws:send(m.data, { binary = m.binary }) end
  elseif event.type == ws.ONMESSAGE then
    received = received + 1
    local m = expected[received]
    if not m or m.data ~= event.data or m.binary ~= event.isBinary then fail("echo " .. received .. " differs") end
    if received == #expected then ws:close(1000, "done") end
  elseif event.type == ws.ONERROR then
    fail("ONERROR " .. tostring(event.reason))
  elseif event.type == ws.ONCLOSE then
    closeEvent = event
  end
end)
ws:connect(args.url, { protocols = { "chat" } })
local deadline = os.time() + 20
while closeEvent == nil and os.time() < deadline do WebSockets.poll(0.05) end
if closeEvent == nil then fail("no ONCLOSE") end
if closeEvent and (closeEvent.code ~= 1000 or not closeEvent.wasClean) then fail("ONCLOSE " .. tostring(closeEvent.code)) end
if received ~= #expected then fail("received " .. received .. " of " .. #expected) end
if protocol ~= "chat" then fail("protocol " .. tostring(protocol)) end
print(failures == 0 and "RESULT ok" or "RESULT fail")
