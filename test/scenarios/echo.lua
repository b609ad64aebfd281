-- Guarantee 3: a message is delivered whole, byte for byte, once, with its type, in order.
-- Against the echo server: every byte value as binary, 1 MiB of binary, multi-byte UTF-8 text, an
-- empty message, and 50 numbered messages that must come back in order; then a clean close.
local H = require("harness")

H.run(function(args)
  local c = H.client("echo")
  local ws = c.ws
  local bigSize = tonumber(args.big_size) or 1048576

  local allBytes = {}
  for i = 0, 255 do allBytes[#allBytes + 1] = string.char(i) end
  allBytes = table.concat(allBytes)
  local big = H.pattern(bigSize, 3)
  -- Cyrillic "Privet", CJK "sekai", an emoji (4 bytes), NUL in text, a 2-byte sign: all UTF-8.
  local text = "\208\159\209\128\208\184\208\178\208\181\209\130, \228\184\150\231\149\140 \240\159\152\128 a\0b \194\169"

  local sent = {
    { data = allBytes, binary = true, what = "every byte value 0..255" },
    { data = text, binary = false, what = "multi-byte UTF-8 text" },
    { data = "", binary = false, what = "an empty text message" },
    { data = "", binary = true, what = "an empty binary message" },
    { data = big, binary = true, what = bigSize .. " bytes of binary" },
  }
  for i = 1, 50 do sent[#sent + 1] = { data = "numbered " .. i, binary = false, what = "message " .. i } end

  H.equal(c:connect(args.ws .. "/echo"), true, "connect")
  H.runUntil("ONOPEN", function() return c:count("open") == 1 or c:count("close") > 0 end, 5)
  H.equal(ws:getState(), ws.OPEN, "state after ONOPEN")

  for _, m in ipairs(sent) do
    local ok, message = ws:send(m.data, m.binary and { binary = true } or nil)
    H.equal(ok, true, "send " .. m.what .. " (" .. tostring(message) .. ")")
  end
  H.check(ws:getBufferedAmount() >= 0, "getBufferedAmount() is a number")

  H.runUntil("all echoes", function() return c:count("message") >= #sent or c:count("close") > 0 end, 20)
  local received = {}
  for _, e in ipairs(c.events) do
    if e.type == "message" then received[#received + 1] = e end
  end
  H.equal(#received, #sent, "number of echoes")
  for i, m in ipairs(sent) do
    local e = received[i]
    if e then
      H.equal(e.isBinary, m.binary, "isBinary of " .. m.what)
      H.equal(#e.data, #m.data, "length of " .. m.what)
      H.equal(e.data, m.data, "bytes of " .. m.what)
    end
  end
  H.runUntil("the send buffer to drain", function() return ws:getBufferedAmount() == 0 end, 5)

  ws:close(1000, "bye")
  H.equal(ws:getState(), ws.CLOSING, "state right after close()")
  H.settle(5)
  local close = c:last("close")
  if H.check(close ~= nil, "ONCLOSE arrived") then
    H.equal(close.code, 1000, "ONCLOSE.code (the server echoes the client's code)")
    H.equal(close.reason, "bye", "ONCLOSE.reason (the server echoes the client's reason)")
    H.equal(close.wasClean, true, "ONCLOSE.wasClean")
  end
  H.equal(c:count("error"), 0, "ONERROR count")
end)
