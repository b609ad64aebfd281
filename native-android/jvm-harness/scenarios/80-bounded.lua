-- Bounded queues over the Java transport: a peer of the plugin's server floods 8 MiB of pings (each
-- asking for a pong) and empty messages, and never reads what the server sends back, while the server's
-- Lua side works through the flood at its per-frame budget. Everything that waits stays bounded:
-- the Lua heap (collectgarbage("count")), what the Java streams hold (buffered()), and the flood
-- itself is slowed by TCP flow control instead of piling up anywhere.
local WebSockets = require("plugin.websockets")
local native = require("plugin.websockets_native")

local MIB = 1048576
local FLOOD = 8 * MIB
local JAVA_WRITE_LIMIT = 4 * MIB + 16 * 1024 -- the write queue plus one slice (README, "Backpressure")

-- The streams the server accepts, seen through the module table the plugin listens with.
local accepted = {}
local realListen = native.listen
native.listen = function(options)
  local listener = realListen(options)
  local realAccept = listener.accept
  return setmetatable({
    accept = function(self, ...)
      local stream, host, port = realAccept(listener, ...)
      if stream then accepted[#accepted + 1] = stream end
      return stream, host, port
    end,
  }, { __index = function(_, key)
    local method = listener[key]
    return function(_, ...) return method(listener, ...) end
  end })
end

local function heapKiB()
  collectgarbage("collect")
  return collectgarbage("count")
end

case("a peer that floods pings and empty messages and reads nothing", function()
  local server = WebSockets.newServer()
  local messages, peerClose = 0, nil
  server:addEventListener(server.WSEVENT, function(event)
    if event.type == server.ONMESSAGE then
      messages = messages + 1
    elseif event.type == server.ONCLOSE and event.client ~= nil then
      peerClose = event
    end
  end)
  server:listen({ host = "127.0.0.1", port = 0 })
  waitFor("listening", function() return server:getPort() ~= nil end, 5)
  native.listen = realListen

  local flooder = native.open({ host = "127.0.0.1", port = server:getPort(), secure = false,
    serverName = "127.0.0.1", minTls = "1.2", verify = true, timeout = 5 })
  waitFor("the flooder's TCP connection", function() return flooder:step() == "open" end, 5)
  flooder:write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    .. "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
  local head = ""
  waitFor("the 101 answer", function() head = head .. (flooder:read() or ""); return head:find("\r\n\r\n", 1, true) ~= nil end, 5)
  check(head:find("HTTP/1.1 101", 1, true) == 1, "the server accepted the flooder's handshake", head:sub(1, 40))

  -- A masked ping with 125 bytes of payload (its pong is 127 bytes) and a masked empty binary
  -- message, 3000 of each per piece (~400 KB); the zero mask leaves the payload as it is.
  local ping = "\137\253\0\0\0\0" .. string.rep("p", 125)
  local empty = "\130\128\0\0\0\0"
  local piece = string.rep(ping .. empty, 3000)
  local baseline = heapKiB()
  local written, pending, peakHeap, peakPeer, peakFlooder, frames = 0, piece, 0, 0, 0, 0
  waitFor("8 MiB of flood", function()
    local n = flooder:write(pending)
    if n then
      written = written + n
      pending = n < #pending and pending:sub(n + 1) or piece
    end
    frames = frames + 1
    if frames % 25 == 0 then peakHeap = math.max(peakHeap, heapKiB() - baseline) end
    if accepted[1] then peakPeer = math.max(peakPeer, accepted[1]:buffered()) end
    peakFlooder = math.max(peakFlooder, flooder:buffered())
    return written >= FLOOD
  end, 20)
  peakHeap = math.max(peakHeap, heapKiB() - baseline)
  io.stdout:write(string.format("# flood: %.1f MiB written, %d empty messages seen; peaks: Lua heap +%.0f KiB, peer's Java write queue %.0f KiB, flooder's %.0f KiB",
    written / MIB, messages, peakHeap, peakPeer / 1024, peakFlooder / 1024) .. "\n")
  io.stdout:flush()

  check(written >= FLOOD, "the peer flooded 8 MiB, twice the heap's bound (MiB)", written / MIB)
  check(messages > 1000, "the server's Lua side worked through the flood (empty messages seen)", messages)
  check(#accepted == 1, "one stream accepted")
  check(peakPeer <= JAVA_WRITE_LIMIT, "what waits for the peer in Java stays bounded (pongs it never reads), KiB", peakPeer / 1024)
  check(peakFlooder <= JAVA_WRITE_LIMIT, "what waits in the flooder's own write queue stays bounded, KiB", peakFlooder / 1024)
  check(peakHeap < 4 * 1024, "the Lua heap grew by less than 4 MiB during the flood (KiB)", peakHeap)
  check(#server:getClients() == 1, "the flooding peer is still connected")

  flooder:close()
  waitFor("the peer's ONCLOSE", function() return peerClose ~= nil end, 10)
  check(peerClose ~= nil, "the flooder's end reaches the server as the peer's ONCLOSE", peerClose and peerClose.code)
  server:close()
  waitFor("the server closed", function() return server:getState() == server.CLOSED end, 5)
  local after = heapKiB()
  check(after - baseline < 2 * 1024, "after the flood the heap is back near where it was (KiB)", after - baseline)
end)
