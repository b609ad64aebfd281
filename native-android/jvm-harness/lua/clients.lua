-- Clients of the plugin that record what they are told, for the scenarios.
local WebSockets = require("plugin.websockets")

local clients = {}

clients.plainUrl = "ws://127.0.0.1:" .. harness.config.plainPort
clients.tlsUrl = "wss://localhost:" .. harness.config.tlsPort

-- A client connecting to url; returns it and its log: events (in order), messages, open, error, close.
function clients.connect(url, options)
  local ws = WebSockets.new()
  local log = { events = {}, messages = {} }
  ws:addEventListener(ws.WSEVENT, function(event)
    log.events[#log.events + 1] = event.type
    if event.type == ws.ONOPEN then
      log.open = event
    elseif event.type == ws.ONMESSAGE then
      log.messages[#log.messages + 1] = event
    elseif event.type == ws.ONERROR then
      log.error = event
    elseif event.type == ws.ONCLOSE then
      log.close = event
    end
  end)
  log.started = ws:connect(url, options)
  return ws, log
end

-- Connects and waits for ONOPEN; false (after a failed check) if it did not come.
function clients.open(url, options)
  local ws, log = clients.connect(url, options)
  waitFor("ONOPEN from " .. url, function() return log.open ~= nil or log.close ~= nil end, 10)
  check(log.open ~= nil, "connected to " .. url, log.error and log.error.reason)
  return ws, log
end

function clients.waitMessages(log, count, seconds)
  return waitFor(count .. " message(s)", function() return #log.messages >= count or log.close ~= nil end, seconds)
end

function clients.waitClosed(log, seconds)
  return waitFor("ONCLOSE", function() return log.close ~= nil end, seconds)
end

-- The event types, in order, joined: "onOpen,onMessage,onClose".
function clients.sequence(log)
  return table.concat(log.events, ",")
end

return clients
