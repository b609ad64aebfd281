-- Messages over the Java transport: text, binary of every byte value, NULs, and big ones that the
-- transport takes in several partial writes (it accepts at most 4 MiB at a time).
local WebSockets = require("plugin.websockets")
local clients = require("clients")

local function allBytes(times)
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  return string.rep(table.concat(bytes), times)
end

local function pattern(n)
  -- byte i = (i * 7 + 3) % 256: the server's please-send answer
  local period = {}
  for i = 0, 255 do period[#period + 1] = string.char((i * 7 + 3) % 256) end
  local whole = string.rep(table.concat(period), math.floor(n / 256))
  return whole .. table.concat(period):sub(1, n % 256)
end

case("the plugin picks the Java transport", function()
  local native = require("plugin.websockets_native")
  check(type(native) == "table" and native.name == "android", "require('plugin.websockets_native') is the Android module")
  check(harness.loaderInstantiations() == 1, "its LuaLoader was instantiated once")
  check(listenerCount() == 0, "no enterFrame listener before any client")
end)

case("text and binary echo", function()
  local ws, log = clients.open(clients.plainUrl)
  check(listenerCount() == 1, "one enterFrame listener while a client is open", listenerCount())
  local text = "héllo, wörld — ☃ \240\159\148\146"
  ws:send(text)
  local binary = allBytes(4) .. "\0\0\0"
  ws:send(binary, { binary = true })
  ws:send("", { binary = true })
  ws:send("\0")
  clients.waitMessages(log, 4)
  local m = log.messages
  check(m[1] and m[1].data == text and not m[1].isBinary, "UTF-8 text (a 4-byte character too) arrives as text, byte for byte")
  check(m[2] and m[2].data == binary and m[2].isBinary, "binary with every byte value and NULs arrives intact")
  check(m[3] and m[3].data == "" and m[3].isBinary, "an empty binary message")
  check(m[4] and m[4].data == "\0" and not m[4].isBinary, "a text message that is one NUL")
  ws:close(1000, "done")
  clients.waitClosed(log)
end)

case("big messages, written in partial writes", function()
  local ws, log = clients.open(clients.plainUrl)
  local big = allBytes(6 * 4096) -- 6 MiB: more than the transport's 4 MiB write limit
  ws:send(big, { binary = true })
  check(ws:getBufferedAmount() > 0, "getBufferedAmount counts what the transport has not written yet")
  clients.waitMessages(log, 1, 20)
  check(log.messages[1] and log.messages[1].data == big, "6 MiB out and back, every byte in order",
    log.messages[1] and #log.messages[1].data)
  ws:send("please-send:5000000")
  clients.waitMessages(log, 2, 20)
  check(log.messages[2] and log.messages[2].data == pattern(5000000), "a 5 MB message from the server, every byte in order")
  waitFor("an empty send buffer", function() return ws:getBufferedAmount() == 0 end, 5)
  ws:close()
  clients.waitClosed(log)
  check(log.close and log.close.code == 1000 and log.close.wasClean, "closed cleanly afterwards")
end)
