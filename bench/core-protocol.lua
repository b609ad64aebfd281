-- Protocol core throughput, on the built plugin (require("plugin.websockets._core")):
--   BENCH decode_1mib_binary <MiB/s> MiB/s   a 1 MiB unmasked binary frame arriving in 64 KiB reads,
--                                            through ClientConnection:receive to the message event
--   BENCH roundtrip_32b <n> msg/s            send a 32-byte text message (frame + mask + take the
--                                            bytes) and receive a 32-byte server frame as an event
--   BENCH decode_small_100b <n> msg/s        1,000 100-byte text frames arriving in one read (a burst
--                                            queued in the socket), through ClientConnection:receive
--                                            and nextEvent to 1,000 message events
--   BENCH send_pieces_64k <MiB/s> MiB/s      a 1 MiB binary message sent in 64 KiB pieces (sendPiece,
--                                            SPEC section 9), each piece's masked frame taken
--   BENCH send_whole_1mib <MiB/s> MiB/s      the same bytes as one message (send), for comparison
--   BENCH receive_pieces_64k <MiB/s> MiB/s   a 1 MiB frame in 64 KiB reads with receiveFragments, the
--                                            piece each read brought taken after it
-- Usage: lua bench/core-protocol.lua [--quick]   (--quick: small sizes, a smoke test of the script)
-- Each figure runs for a fixed CPU time (os.clock) rather than a fixed count, so the slowest runtimes
-- (fengari) finish in seconds too.

require("plugin.websockets") -- which registers plugin.websockets._core
local core = require("plugin.websockets._core")

local quick = false
for _, a in ipairs(arg or {}) do
  if a == "--quick" then quick = true end
end

local MIB = 1024 * 1024
local READ_SIZE = 64 * 1024
local MIN_SECONDS = quick and 0.05 or 1.0
local MESSAGE_BYTES = quick and 64 * 1024 or MIB

local NONCE = "the sample nonce"
local HANDSHAKE = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
  .. "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

--- An open connection. Its random source is a constant: randomness is the plugin's business, and this
--- measures the protocol alone.
local function openConnection()
  local conn = core.newConnection({
    url = core.url.parseWebSocketUrl("ws://bench.example/").url,
    protocols = {},
    headers = {},
    maxMessageSize = 64 * MIB,
    random = function(n) return n == 16 and NONCE or ("\55\250\33\61"):sub(1, n) end,
  })
  conn:takeOutgoing()
  conn:receive(HANDSHAKE)
  local open = conn:nextEvent()
  assert(open and open.type == "open", "handshake failed")
  return conn
end

--- An unmasked binary server frame with a 64-bit length (RFC 6455 section 5.2).
local function binaryFrame(payload)
  local n = #payload
  local header = string.char(0x82, 127, 0, 0, 0, 0, math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256,
    math.floor(n / 256) % 256, n % 256)
  return header .. payload
end

--- Runs `body` in rounds until MIN_SECONDS of CPU time have passed; returns rounds and seconds.
--- Each figure starts from a collected heap, so it does not depend on the garbage the previous one
--- (or the set-up) left: on Lua 5.1 that alone swung decode_1mib_binary by a factor of 4.
local function timed(body)
  pcall(collectgarbage, "collect") -- fengari has no collector to drive: lua_gc is not implemented

  local rounds, start = 0, os.clock()
  local elapsed = 0
  repeat
    body()
    rounds = rounds + 1
    elapsed = os.clock() - start
  until elapsed >= MIN_SECONDS
  return rounds, elapsed
end

-- decode_1mib_binary
do
  local payload = string.rep("\0\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15", MESSAGE_BYTES / 16)
  local frame = binaryFrame(payload)
  local reads = {}
  for i = 1, #frame, READ_SIZE do reads[#reads + 1] = frame:sub(i, i + READ_SIZE - 1) end
  local conn = openConnection()
  local rounds, seconds = timed(function()
    for i = 1, #reads do conn:receive(reads[i]) end
    local event = conn:nextEvent()
    assert(event and event.type == "message" and #event.data == MESSAGE_BYTES, "message not decoded")
  end)
  print(string.format("BENCH decode_1mib_binary %.1f MiB/s", rounds * MESSAGE_BYTES / MIB / seconds))
end

-- roundtrip_32b
do
  local text = string.rep("0123456789abcdef", 2)
  local serverFrame = string.char(0x81, 32) .. text
  local conn = openConnection()
  local BATCH = 100
  local rounds, seconds = timed(function()
    for _ = 1, BATCH do
      conn:send(text, false)
      local bytes = conn:takeOutgoing()
      conn:receive(serverFrame)
      local event = conn:nextEvent()
      if #bytes ~= 38 or event.data ~= text then error("round trip failed") end
    end
  end)
  print(string.format("BENCH roundtrip_32b %d msg/s", math.floor(rounds * BATCH / seconds)))
end

-- decode_small_100b
do
  local text = string.rep("0123456789", 10)
  local FRAMES = quick and 100 or 1000
  local burst = string.rep(string.char(0x81, #text) .. text, FRAMES)
  local conn = openConnection()
  local rounds, seconds = timed(function()
    conn:receive(burst)
    for _ = 1, FRAMES do
      local event = conn:nextEvent()
      if event.data ~= text then error("message not decoded") end
    end
    if conn:nextEvent() ~= nil then error("more events than frames") end
  end)
  print(string.format("BENCH decode_small_100b %d msg/s", math.floor(rounds * FRAMES / seconds)))
end

-- What the project promises (issue: no per-byte work on receive).
print("TARGET decode_1mib_binary lua5.1 200")

-- Streamed messages (SPEC section 9): send_pieces_64k, send_whole_1mib, receive_pieces_64k
do
  local payload = string.rep("\0\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15", MESSAGE_BYTES / 16)
  local pieces = {}
  for i = 1, #payload, READ_SIZE do pieces[#pieces + 1] = payload:sub(i, i + READ_SIZE - 1) end
  local mibPerSecond = function(rounds, seconds) return rounds * MESSAGE_BYTES / MIB / seconds end
  local conn = openConnection()
  local rounds, seconds = timed(function()
    for i = 1, #pieces do
      if conn:sendPiece(pieces[i], true, i == #pieces) ~= 0 then error("piece refused") end
      conn:takeOutgoing()
    end
  end)
  print(string.format("BENCH send_pieces_64k %.1f MiB/s", mibPerSecond(rounds, seconds)))
  rounds, seconds = timed(function()
    conn:send(payload, true)
    conn:takeOutgoing()
  end)
  print(string.format("BENCH send_whole_1mib %.1f MiB/s", mibPerSecond(rounds, seconds)))

  local frame = binaryFrame(payload)
  local reads = {}
  for i = 1, #frame, READ_SIZE do reads[#reads + 1] = frame:sub(i, i + READ_SIZE - 1) end
  local streaming = core.newConnection({
    url = core.url.parseWebSocketUrl("ws://bench.example/").url,
    protocols = {}, headers = {}, maxMessageSize = 64 * MIB, receiveFragments = true,
    random = function(n) return n == 16 and NONCE or ("\55\250\33\61"):sub(1, n) end,
  })
  streaming:takeOutgoing()
  streaming:receive(HANDSHAKE)
  streaming:nextEvent()
  rounds, seconds = timed(function()
    local got = 0
    for i = 1, #reads do
      streaming:receive(reads[i])
      local event = streaming:nextEvent()
      while event do
        got = got + #event.data
        event = streaming:nextEvent()
      end
    end
    if got ~= MESSAGE_BYTES then error("pieces lost") end
  end)
  print(string.format("BENCH receive_pieces_64k %.1f MiB/s", mibPerSecond(rounds, seconds)))
end
