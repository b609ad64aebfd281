-- Streamed messages end to end (SPEC section 9), against the real server of test/streams-e2e.test.ts,
-- which records every frame the client writes and the messages it assembles from them:
--   1. a text message in pieces with a UTF-8 character cut between two of them and a ping between;
--   2. a binary message of 128 KiB + 3 bytes in three pieces (compressed across its frames when
--      permessage-deflate is in force), and a small one in two pieces (under the threshold);
--   3. "download": the server answers with one big binary frame, received with receiveFragments in
--      pieces as it arrives, each checked against the pattern it must be, then closes.
--   lua streams-e2e.lua <ws url> <download size> [compression on|off]
-- Prints "PIECES <count of pieces before the last> <bytes>", "EXTENSIONS <...>", then "RESULT ok" or
-- "RESULT fail".
local WebSockets = require("plugin.websockets")

local url, size, compression = arg[1], tonumber(arg[2]), arg[3] ~= "off"
local failures = 0
local function check(condition, what)
  if not condition then
    failures = failures + 1
    print("FAIL " .. what)
  end
end

local block = string.rep("0123456789abcdef", 4096) -- 64 KiB, compressible
local expected = string.rep("0123456789abcdef", math.ceil(size / 16)):sub(1, size)
local received, pieces, closed = 0, 0, false

local ws = WebSockets.new()
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    print("EXTENSIONS " .. event.extensions)
    check(ws:send("Hel", { fin = false }), "text piece 1")
    check(ws:send("\226", { fin = false }), "text piece 2, inside a character")
    check(ws:ping("between"), "ping between pieces")
    check(ws:send("\130\172lo"), "text piece 3")
    check(ws:send(block, { binary = true, fin = false }), "binary piece 1")
    check(ws:send(block, { binary = true, fin = false }), "binary piece 2")
    check(ws:send("end", { binary = true, fin = true }), "binary piece 3")
    check(ws:send("s", { fin = false }) and ws:send("mall"), "small message in pieces")
    check(ws:send("download"), "ask for the download")
  elseif event.type == ws.ONMESSAGE then
    check(event.isBinary, "the download is binary")
    check(#event.data > 0 or event.isFinal, "an empty piece that is not the last")
    check(expected:sub(received + 1, received + #event.data) == event.data, "piece at " .. received .. " is the pattern")
    received = received + #event.data
    if event.isFinal then
      check(received == size, "the whole download: " .. received .. " of " .. size)
      ws:close(1000)
    else
      pieces = pieces + 1
    end
  elseif event.type == ws.ONERROR then
    check(false, "ONERROR " .. tostring(event.errorType) .. " " .. tostring(event.reason))
  elseif event.type == ws.ONCLOSE then
    check(event.code == 1000 and event.wasClean, "clean close, got " .. tostring(event.code))
    closed = true
  end
end)
check(ws:connect(url, { receiveFragments = true, compression = compression }), "connect")
local deadline = os.time() + 30
while not closed and os.time() < deadline do WebSockets.poll(0.01) end
check(closed, "closed in time")
print("PIECES " .. pieces .. " " .. received)
print(failures == 0 and "RESULT ok" or "RESULT fail")
