-- Garbage collection: streams the plugin is done with, and the Java objects behind them, are freed.
local clients = require("clients")

local function roundTrip(text)
  local ws, log = clients.open(clients.plainUrl)
  ws:send(text)
  clients.waitMessages(log, 1)
  ws:close()
  clients.waitClosed(log)
end

case("closed clients leave nothing behind", function()
  roundTrip("warm-up") -- the module's functions and the stream methods are made on first use
  waitFor("no enterFrame listener", function() return listenerCount() == 0 end, 5)
  collectgarbage("collect")
  collectgarbage("collect")
  local before = harness.liveJavaObjects()
  for round = 1, 5 do roundTrip("round " .. round) end
  waitFor("no enterFrame listener", function() return listenerCount() == 0 end, 5)
  collectgarbage("collect")
  collectgarbage("collect")
  local after = harness.liveJavaObjects()
  check(after <= before, "Java objects referenced from Lua: " .. before .. " before, " .. after .. " after five connections", after)
end)

case("a stream dropped without close is collected", function()
  local native = require("plugin.websockets_native")
  collectgarbage("collect")
  local before = harness.liveJavaObjects()
  do
    local stream = native.open({ host = "127.0.0.1", port = tonumber(harness.config.rawPort), secure = false,
      serverName = "127.0.0.1", minTls = "1.2", verify = true, timeout = 5 })
    waitFor("open", function() return stream:step() == "open" end, 5)
    check(harness.liveJavaObjects() > before, "a stream holds a Java object while Lua references it")
  end -- never closed: onExiting closes its socket at the end of this runtime
  collectgarbage("collect")
  collectgarbage("collect")
  check(harness.liveJavaObjects() <= before, "its Java object is released by __gc", harness.liveJavaObjects() .. " vs " .. before)
end)
