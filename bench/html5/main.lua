-- What crossing Solar2D's HTML5 bridge costs, measured inside the browser page (bench/html5.mjs):
-- the plugin's base64 codec, dkjson (the bridge's JSON), one bridge call, and echo throughput
-- through the browser's WebSocket. Prints one "figure: name value unit" line per measure.
local WebSockets = require("plugin.websockets")
local b64 = require("plugin.websockets._core").bridgeBase64
local dkjson = require("dkjson")
local MiB = 1024 * 1024

local function clock()
  return system.getTimer()
end

--- Milliseconds per run of f, the best of `rounds`.
local function best(rounds, f)
  local fastest = math.huge
  for _ = 1, rounds do
    local started = clock()
    f()
    fastest = math.min(fastest, clock() - started)
  end
  return fastest
end

local function figure(name, value, unit)
  print(string.format("figure: %s %.1f %s", name, value, unit))
end

local bytes = {}
for i = 0, 255 do
  bytes[#bytes + 1] = string.char((i * 167 + 13) % 256)
end
local binary = string.rep(table.concat(bytes), MiB / 256)
local encoded = b64.encodeBase64(binary)
local ascii = string.rep("plain ascii text ", MiB / 16):sub(1, MiB)
local utf8 = string.rep("text \226\156\147 ", MiB / 8)

figure("base64 encode", best(3, function() b64.encodeBase64(binary) end), "ms/MiB")
figure("base64 decode", best(3, function() b64.decodeBase64(encoded) end), "ms/MiB")
figure("dkjson.encode base64 of 1 MiB", best(3, function() dkjson.encode({ data = { encoded } }) end), "ms")
figure("dkjson.encode 1 MiB ASCII text", best(3, function() dkjson.encode({ data = { ascii } }) end), "ms")
figure("dkjson.encode 1 MiB non-ASCII text", best(3, function() dkjson.encode({ data = { utf8 } }) end), "ms")
local json = dkjson.encode({ data = encoded })
figure("dkjson.decode base64 of 1 MiB", best(3, function() dkjson.decode(json) end), "ms")
local module = require("plugin_websockets_js")
local poll = module.poll
figure("one bridge call (poll, nothing waiting)", best(3, function()
  for _ = 1, 100 do
    poll(0, 0)
  end
end) / 100, "ms")

-- Echo throughput through the browser: 8 MiB of binary messages of 256 KiB, then 1,000 small ones.
local url = (...).args[1]
local ws = WebSockets.new()
local phase, started, received = "big", 0, 0
local BIG, BIG_COUNT, SMALL_COUNT = 256 * 1024, 32, 1000
local bigMessage = binary:sub(1, BIG)
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    started = clock()
    for _ = 1, BIG_COUNT do
      ws:send(bigMessage, { binary = true })
    end
  elseif event.type == ws.ONMESSAGE then
    received = received + 1
    if phase == "big" and received == BIG_COUNT then
      local seconds = (clock() - started) / 1000
      figure("binary echo 32 x 256 KiB", BIG * BIG_COUNT / MiB / seconds, "MiB/s")
      phase, received, started = "small", 0, clock()
      for i = 1, SMALL_COUNT do
        ws:send("small message " .. i)
      end
    elseif phase == "small" and received == SMALL_COUNT then
      figure("text echo 1,000 x 20 bytes", SMALL_COUNT / ((clock() - started) / 1000), "messages/s")
      ws:close()
    end
  elseif event.type == ws.ONCLOSE or event.type == ws.ONERROR then
    os.exit(event.type == ws.ONCLOSE and 0 or 1)
  end
end)
ws:connect(url)
