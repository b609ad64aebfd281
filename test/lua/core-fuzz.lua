-- Seeded fuzzing of the protocol core in the built plugin: random and mutated server byte streams fed
-- to a ClientConnection at random split points. Every input must end in valid events, or in a failure
-- with close code 1002, 1007 or 1009 (1006 for a broken handshake) and the matching close frame sent;
-- never in a Lua error. Unmutated streams must deliver exactly the messages and pongs they carry.
--
--   lua core-fuzz.lua <seed> [inputs]
-- Prints "FUZZ seed=<seed> inputs=<n> ..." and "OK", or "FAIL <why>" with the input (hex) and exits 1.

require("plugin.websockets") -- which registers plugin.websockets._core
local core = require("plugin.websockets._core")
local kernels = core.kernels

local SEED = assert(tonumber(arg[1]), "usage: core-fuzz.lua <seed> [inputs]")
local INPUTS = tonumber(arg[2]) or 100000

-- Park-Miller "minimal standard" generator in floats: exact on every runtime, fengari included.
local MODULUS = 2147483647.0
local state = SEED % (MODULUS - 1) + 1.0
local function random()
  state = (state * 16807.0) % MODULUS
  return state / MODULUS
end
local function randint(n) -- 0 .. n-1
  return math.floor(random() * n)
end

local char, byte, concat, floor = string.char, string.byte, table.concat, math.floor

local function randomBytes(n)
  local t = {}
  for i = 1, n do t[i] = randint(256) end
  local parts = {}
  for i = 1, n, 4000 do parts[#parts + 1] = char((table.unpack or unpack)(t, i, math.min(i + 3999, n))) end
  return concat(parts)
end

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", byte(c)) end))
end

-- ---- the handshake ----
local NONCE = "the sample nonce"
local ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
local HANDSHAKE = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
  .. "Sec-WebSocket-Accept: " .. ACCEPT .. "\r\n\r\n"
local URL = core.url.parseWebSocketUrl("ws://fuzz.example/").url

-- ---- server frames (RFC 6455 section 5.2), built here independently of the core ----
local function lengthField(n, form)
  if form == 7 then return char(n) end
  if form == 16 then return char(126, floor(n / 256), n % 256) end
  local b = {}
  local rest = n
  for i = 8, 1, -1 do
    b[i] = rest % 256
    rest = floor(rest / 256)
  end
  return char(127, b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8])
end

local function frame(fin, opcode, payload)
  local n = #payload
  local minimal = n <= 125 and 7 or (n <= 65535 and 16 or 64)
  -- Now and then a data frame uses a longer length form than needed: allowed, and a path worth
  -- covering. (A control frame's 7-bit field must hold its length, section 5.5.)
  local form = minimal
  if opcode < 8 and randint(10) == 0 then form = ({ 7, 16, 64 })[randint(3) + 1] end
  if form < minimal then form = minimal end
  return char((fin and 128 or 0) + opcode) .. lengthField(n, form) .. payload
end

local TEXT_PIECES = { "a", "Hello", " ", "\195\169", "\226\130\172", "\240\157\132\158", "0123456789", "" }

local function randomText(maxPieces)
  local parts = {}
  for i = 1, randint(maxPieces) do parts[i] = TEXT_PIECES[randint(#TEXT_PIECES) + 1] end
  return concat(parts)
end

--- A valid stream: messages (some fragmented, split anywhere, even inside UTF-8 sequences), pings and
--- pongs between fragments, and sometimes a close at the end. Returns the bytes, the frame start
--- offsets and the events it must produce.
local function validStream()
  local frames, starts, expected = {}, {}, {}
  local size = 0
  local function add(f)
    frames[#frames + 1] = f
    starts[#starts + 1] = size + 1
    size = size + #f
  end
  local function maybeControl()
    local roll = randint(8)
    if roll == 0 then
      add(frame(true, 9, randomBytes(randint(6))))
    elseif roll == 1 then
      local data = randomBytes(randint(6))
      add(frame(true, 10, data))
      expected[#expected + 1] = { type = "pong", data = data }
    end
  end
  for _ = 1, randint(5) do
    local binary = randint(2) == 0
    local data = binary and randomBytes(randint(200)) or randomText(40)
    local fragments = randint(3) == 0 and (randint(4) + 2) or 1
    local at = 0
    for k = 1, fragments do
      local stop = k == fragments and #data or math.min(#data, at + randint(#data - at + 1))
      local opcode = k == 1 and (binary and 2 or 1) or 0
      add(frame(k == fragments, opcode, data:sub(at + 1, stop)))
      at = stop
      if k < fragments then maybeControl() end
    end
    expected[#expected + 1] = { type = "message", data = data, binary = binary }
    maybeControl()
  end
  if randint(3) == 0 then
    local codes = { 1000, 1001, 1003, 1011, 3000, 4999 }
    local code = codes[randint(#codes) + 1]
    add(frame(true, 8, char(floor(code / 256), code % 256) .. "bye"))
    expected[#expected + 1] = { type = "close", code = code, wasClean = true }
  elseif randint(5) == 0 then
    add(frame(true, 8, ""))
    expected[#expected + 1] = { type = "close", code = 1005, wasClean = true }
  end
  return concat(frames), starts, expected
end

-- ---- mutations ----
local function replaceByte(s, i, value)
  return s:sub(1, i - 1) .. char(value) .. s:sub(i + 1)
end

local function mutate(s, starts)
  for _ = 1, randint(3) + 1 do
    local n = #s
    local kind = randint(7)
    if n == 0 then kind = 3 end
    if kind == 0 then -- flip a byte
      local i = randint(n) + 1
      s = replaceByte(s, i, (byte(s, i) + randint(255) + 1) % 256)
    elseif kind == 1 then -- flip a bit of a header byte (opcode, FIN, RSV, MASK, length)
      local at = starts[randint(#starts) + 1] + randint(2)
      if at <= n then
        local bit = 2 ^ randint(8)
        local b = byte(s, at)
        s = replaceByte(s, at, floor(b / bit / 2) * bit * 2 + ((floor(b / bit) % 2 == 1) and 0 or bit) + b % bit)
      end
    elseif kind == 2 then -- truncate
      s = s:sub(1, randint(n + 1))
    elseif kind == 3 then -- insert random bytes
      local i = randint(n + 1)
      s = s:sub(1, i) .. randomBytes(randint(12) + 1) .. s:sub(i + 1)
    elseif kind == 4 then -- splice: repeat a segment elsewhere
      local a = randint(n) + 1
      local b = math.min(n, a + randint(32))
      local i = randint(n + 1)
      s = s:sub(1, i) .. s:sub(a, b) .. s:sub(i + 1)
    elseif kind == 5 then -- a random length field
      local at = starts[randint(#starts) + 1]
      if at + 1 <= n then
        local choices = { randint(128), 126, 127, 125 + randint(3) }
        s = replaceByte(s, at + 1, choices[randint(#choices) + 1])
      end
    else -- cut a segment out
      local a = randint(n) + 1
      s = s:sub(1, a - 1) .. s:sub(a + randint(16) + 1)
    end
  end
  return s
end

-- ---- the reference model ----
-- A second, deliberately plain reading of RFC 6455 sections 5 and 7 for the server bytes after the
-- handshake: the whole input at once, byte by byte, with its own UTF-8 check. The core (incremental,
-- split anywhere) must report exactly what the model predicts.

--- "complete", "partial" (valid so far, ends inside a sequence) or "invalid" (RFC 3629).
local function utf8State(s)
  local i, n = 1, #s
  while i <= n do
    local c = byte(s, i)
    local need, lo, hi = 0, 0x80, 0xBF
    if c < 0x80 then need = 0
    elseif c >= 0xC2 and c <= 0xDF then need = 1
    elseif c == 0xE0 then need, lo = 2, 0xA0
    elseif c == 0xED then need, hi = 2, 0x9F
    elseif c >= 0xE1 and c <= 0xEF then need = 2
    elseif c == 0xF0 then need, lo = 3, 0x90
    elseif c == 0xF4 then need, hi = 3, 0x8F
    elseif c >= 0xF1 and c <= 0xF3 then need = 3
    else return "invalid" end
    for k = 1, need do
      local d = byte(s, i + k)
      if d == nil then return "partial" end
      if k == 1 then
        if d < lo or d > hi then return "invalid" end
      elseif d < 0x80 or d > 0xBF then
        return "invalid"
      end
    end
    i = i + need + 1
  end
  return "complete"
end

local function validReceivedCode(code)
  return (code >= 1000 and code <= 1003) or (code >= 1007 and code <= 1014) or (code >= 3000 and code <= 4999)
end

--- The events the bytes must produce after "open", ending with a failure code when there is one.
local function model(bytes, maxMessageSize)
  local events = {}
  local pos, n = 1, #bytes
  local messageOpcode, parts, size = nil, {}, 0
  local function failWith(code)
    events[#events + 1] = { type = "error", code = code }
    events[#events + 1] = { type = "close", code = code, wasClean = false }
    return events
  end
  while true do
    if n - pos + 1 < 2 then return events end
    local b0, b1 = byte(bytes, pos), byte(bytes, pos + 1)
    local fin, rsv, opcode = b0 >= 128, floor(b0 / 16) % 8, b0 % 16
    local masked, len7 = b1 >= 128, b1 % 128
    local control = opcode >= 8
    if rsv ~= 0 then return failWith(1002) end
    if not (opcode <= 2 or (opcode >= 8 and opcode <= 10)) then return failWith(1002) end
    if masked then return failWith(1002) end
    if control and (not fin or len7 > 125) then return failWith(1002) end
    local length, header = len7, 2
    if len7 == 126 then
      if n - pos + 1 < 4 then return events end
      length, header = byte(bytes, pos + 2) * 256 + byte(bytes, pos + 3), 4
    elseif len7 == 127 then
      if n - pos + 1 < 10 then return events end
      if byte(bytes, pos + 2) >= 128 then return failWith(1002) end
      length = 0.0 -- a float: fengari's integers are 32-bit and would wrap
      for k = 2, 9 do length = length * 256 + byte(bytes, pos + k) end
      header = 10
    end
    if not control then
      if opcode == 0 and messageOpcode == nil then return failWith(1002) end
      if opcode ~= 0 and messageOpcode ~= nil then return failWith(1002) end
      if opcode ~= 0 then messageOpcode, parts, size = opcode, {}, 0 end
      if size + length > maxMessageSize then return failWith(1009) end
    end
    if n - pos + 1 < header + length then
      -- The input ends inside this frame. Text fails fast (section 8.1): if the bytes of the message
      -- that did arrive, this frame's included, are already invalid, the failure comes out now.
      if not control and messageOpcode == 1 then
        local arrived = bytes:sub(pos + header)
        if utf8State(concat(parts) .. arrived) == "invalid" then return failWith(1007) end
      end
      return events
    end
    local payload = bytes:sub(pos + header, pos + header + length - 1)
    pos = pos + header + length
    if opcode == 10 then
      events[#events + 1] = { type = "pong", data = payload }
    elseif opcode == 8 then
      if #payload == 1 then return failWith(1002) end
      local code = #payload == 0 and 1005 or byte(payload, 1) * 256 + byte(payload, 2)
      if #payload >= 2 and not validReceivedCode(code) then return failWith(1002) end
      if #payload > 2 and utf8State(payload:sub(3)) ~= "complete" then return failWith(1007) end
      events[#events + 1] = { type = "close", code = code, wasClean = true }
      return events
    elseif opcode ~= 9 then
      parts[#parts + 1] = payload
      size = size + length
      local text = messageOpcode == 1
      if text and utf8State(concat(parts)) == "invalid" then return failWith(1007) end
      if fin then
        local data = concat(parts)
        if text and utf8State(data) ~= "complete" then return failWith(1007) end
        events[#events + 1] = { type = "message", data = data, binary = not text }
        messageOpcode = nil
      end
    end
  end
end

-- ---- checking ----
local failures = 0
local function fail(why, input)
  print("FAIL " .. why)
  print("seed=" .. SEED .. " input=" .. hex(input))
  os.exit(1)
end

local function isValidUtf8(s)
  return kernels.utf8Continue("", s) == ""
end

local FAILURE_CODES = { [1002] = true, [1007] = true, [1009] = true }

--- The bytes after the handshake request must end with a masked close frame carrying `code`.
local function sentCloseCode(sent)
  if #sent < 8 then return nil end
  local tail = sent:sub(-8)
  if byte(tail, 1) ~= 0x88 or byte(tail, 2) ~= 0x82 then return nil end
  local body = kernels.mask(tail:sub(7, 8), tail:sub(3, 6))
  return byte(body, 1) * 256 + byte(body, 2)
end

local function checkEvents(events, sent, input, handshakeMutated)
  local opened, errored, closed = false, nil, false
  for i, e in ipairs(events) do
    if closed then fail("event after the close event: " .. tostring(e.type), input) end
    if e.type == "open" then
      if i ~= 1 then fail("open is not first", input) end
      opened = true
    elseif e.type == "message" then
      if not opened or errored then fail("message outside the open connection", input) end
      if type(e.data) ~= "string" or type(e.binary) ~= "boolean" then fail("malformed message event", input) end
      if not e.binary and not isValidUtf8(e.data) then fail("text message with invalid UTF-8 delivered", input) end
    elseif e.type == "pong" then
      if not opened or errored then fail("pong outside the open connection", input) end
    elseif e.type == "error" then
      if errored then fail("two error events", input) end
      errored = e
      if opened then
        if not FAILURE_CODES[e.code] then fail("failure with close code " .. tostring(e.code), input) end
        local expectedType = e.code == 1009 and "limit" or "protocol"
        if e.errorType ~= expectedType then fail("errorType " .. tostring(e.errorType) .. " for " .. e.code, input) end
        if sentCloseCode(sent) ~= e.code then fail("no close frame with code " .. e.code .. " was sent", input) end
      elseif not (handshakeMutated and e.code == 1006 and e.errorType == "handshake") then
        fail("error before open: " .. tostring(e.errorType) .. " " .. tostring(e.code), input)
      end
      failures = failures + 1
    elseif e.type == "close" then
      closed = true
      if errored then
        if e.code ~= errored.code or e.wasClean ~= false then fail("close event does not match the error", input) end
      else
        if not opened or e.wasClean ~= true then fail("unexpected clean close", input) end
        if not (e.code == 1005 or core.closeCodes.isValidWireCloseCode(e.code)) then fail("close code " .. e.code, input) end
      end
    else
      fail("unknown event type " .. tostring(e.type), input)
    end
  end
end

--- Whether `events` (after "open") match `expected` in the fields `expected` names.
local function sameEvents(events, expected)
  if #events ~= #expected + 1 then return false end
  for i, want in ipairs(expected) do
    local got = events[i + 1]
    for k, v in pairs(want) do
      if got[k] ~= v then return false end
    end
  end
  return true
end

--- Takes every event queued so far into `events`.
local function drain(conn, events)
  local e = conn:nextEvent()
  while e do
    events[#events + 1] = e
    e = conn:nextEvent()
  end
end

--- Feeds `bytes` in random pieces; with `events`, takes the events at random moments too (as a
--- host does once per service), which is when receiveFragments hands out what arrived.
local function feed(conn, bytes, events)
  local at = 1
  while at <= #bytes do
    -- Split points anywhere: single bytes, small pieces, or the rest at once.
    local roll = randint(4)
    local size = roll == 0 and 1 or (roll == 1 and randint(8) + 1 or (roll == 2 and randint(64) + 1 or #bytes))
    conn:receive(bytes:sub(at, at + size - 1))
    at = at + size
    if events and randint(3) == 0 then drain(conn, events) end
  end
end

--- receiveFragments: checks each piece (valid UTF-8 by itself, never empty but the last, one type)
--- and joins the pieces of each message into one message event where its last piece came, so the
--- events compare with the reference model. Pieces of a message the connection failed are dropped.
local function joinPieces(events, input)
  local joined, held, heldBinary = {}, nil, nil
  for _, e in ipairs(events) do
    if e.type == "message" then
      if not e.binary and not isValidUtf8(e.data) then fail("a text piece is not valid UTF-8 by itself", input) end
      if held and heldBinary ~= e.binary then fail("pieces of one message of two types", input) end
      if e.partial then
        if e.data == "" then fail("an empty piece before the last", input) end
        held = held or {}
        held[#held + 1] = e.data
        heldBinary = e.binary
      elseif held then
        held[#held + 1] = e.data
        joined[#joined + 1] = { type = "message", data = table.concat(held), binary = e.binary }
        held = nil
      else
        joined[#joined + 1] = e
      end
    else
      joined[#joined + 1] = e
    end
  end
  return joined
end

local function runOne(index)
  local handshake = HANDSHAKE
  local handshakeMutated = randint(50) == 0
  if handshakeMutated then handshake = mutate(handshake, { 1 }) end

  local stream, starts, expected
  local mutated = true
  local roll = randint(10)
  if roll == 0 then
    stream, starts = randomBytes(randint(64)), { 1 }
  else
    stream, starts, expected = validStream()
    if #starts == 0 then starts = { 1 } end
    if roll <= 3 then mutated = false else stream = mutate(stream, starts) end
  end
  local input = handshake .. stream

  local maxMessageSize = randint(4) == 0 and randint(300) or 16777216
  -- One input in five is received in pieces (SPEC section 9).
  local fragments = randint(5) == 0
  local conn = core.newConnection({
    url = URL,
    protocols = {},
    headers = {},
    maxMessageSize = maxMessageSize,
    random = function(n) return n == 16 and NONCE or randomBytes(n) end,
    receiveFragments = fragments,
  })
  conn:takeOutgoing()
  -- Events first: effects such as a failure's close frame come as the events are taken.
  local events = {}
  feed(conn, input, fragments and events or nil)
  drain(conn, events)
  local sent = conn:takeOutgoing()
  checkEvents(events, sent, input, handshakeMutated)
  if fragments then events = joinPieces(events, input) end
  if not handshakeMutated then
    if not sameEvents(events, model(stream, maxMessageSize)) then fail("the events differ from the reference model", input) end
    local limited = maxMessageSize < 16777216
    if not mutated and not limited and not sameEvents(events, expected) then fail("a valid stream did not produce its events", input) end
  end
  return #events
end

local eventsSeen = 0
for i = 1, INPUTS do
  local ok, result = pcall(runOne, i)
  if not ok then
    print("FAIL Lua error at input " .. i .. ": " .. tostring(result))
    print("seed=" .. SEED)
    os.exit(1)
  end
  eventsSeen = eventsSeen + result
end
print(string.format("FUZZ seed=%d inputs=%d events=%d failures=%d", SEED, INPUTS, eventsSeen, failures))
print("OK")
