-- Runs the protocol-core vectors (test/vectors, written out as a Lua chunk by the test suite) against
-- the built plugin, through require("plugin.websockets._core"), and prints what it observed as one
-- JSON line per vector and split. The test compares those lines with the vectors, so this script only
-- executes; it judges nothing.
--
--   lua core-vectors.lua <vectors.lua> [byteSplitLimit]
-- In the "bytes" split every input goes in one byte per call, except that an input longer than
-- byteSplitLimit (when given) goes byte by byte only for its first and last byteSplitLimit/2 bytes,
-- with the middle in one piece: fengari runs about 20 us per call, so 64 KiB payloads fed byte by
-- byte would take it seconds each, and the other five runtimes cover them fully.
-- Strings are printed as raw bytes (the test reads stdout as latin1), with only the bytes JSON cannot
-- hold raw escaped, by one gsub with a replacement table: no Lua call per byte, even on fengari.

require("plugin.websockets") -- which registers plugin.websockets._core
local core = require("plugin.websockets._core")

-- The vectors file is loaded with require, which every host can do (wasmoon has no loadfile on the
-- real disk): its folder goes first on package.path.
local vectorsFile = assert(arg and arg[1], "usage: core-vectors.lua <vectors.lua>")
local folder, name = vectorsFile:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local vectors = require(name)

local JSON_ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\" }
for byte = 0, 31 do JSON_ESCAPES[string.char(byte)] = string.format("\\u%04x", byte) end
JSON_ESCAPES["\127"] = "\\u007f"
-- Lua 5.1 patterns cannot hold a NUL byte; %z stands for it there (and only there).
local NEEDS_ESCAPE = _VERSION == "Lua 5.1" and '[%z\1-\31"\\\127]' or '[\0-\31"\\\127]'

local function jsonString(s)
  return '"' .. s:gsub(NEEDS_ESCAPE, JSON_ESCAPES) .. '"'
end

-- Minimal JSON: tables with an array part (or empty) are arrays, others objects; strings are hex.
local json
local function jsonObject(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = '"' .. k .. '":' .. json(t[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end
function json(v)
  local kind = type(v)
  if kind == "string" then return jsonString(v) end
  if kind == "number" then return string.format("%.17g", v) end
  if kind == "boolean" then return tostring(v) end
  if kind == "nil" then return "null" end
  if kind == "table" then
    if #v > 0 or next(v) == nil then
      local parts = {}
      for i = 1, #v do parts[i] = json(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    return jsonObject(v)
  end
  error("cannot encode " .. kind)
end

local function emit(kind, index, split, observation)
  -- print, not io.write: the Node hosts route print through a binary-safe write.
  print('{"kind":"' .. kind .. '","index":' .. index .. ',"split":"' .. split .. '","observation":' .. json(observation) .. "}")
end

local byteSplitLimit = tonumber(arg[2])

local function chunksOf(bytes, split)
  if split == "whole" then return { bytes } end
  local out = {}
  local n = #bytes
  local edge = byteSplitLimit and n > byteSplitLimit and math.floor(byteSplitLimit / 2) or n
  for i = 1, math.min(edge, n) do out[#out + 1] = bytes:sub(i, i) end
  if edge < n then
    out[#out + 1] = bytes:sub(edge + 1, n - edge)
    for i = n - edge + 1, n do out[#out + 1] = bytes:sub(i, i) end
  end
  return out
end

local SPLITS = { "whole", "bytes" }

-- URLs
for i, v in ipairs(vectors.url) do
  emit("url", i, "whole", core.url.parseWebSocketUrl(v.input))
end

-- Frame encoder and headers
for i, v in ipairs(vectors.encode) do
  emit("encode", i, "whole", { bytes = core.frameEncoder.encodeFrame(v.opcode, v.fin, v.payload, v.maskKey) })
end
for i, v in ipairs(vectors.header) do
  emit("header", i, "whole", { header = core.frameEncoder.encodeFrameHeader(v.opcode, v.fin, v.length, v.maskKey) })
end

-- Frame decoder: next() returns 1 for a header, 2 for a further payload slice (DecoderStep), or a
-- failure; each frame's slices are joined and reported once the frame is complete.
local HEADER, PAYLOAD = 1, 2
for i, v in ipairs(vectors.decode) do
  for _, split in ipairs(SPLITS) do
    local decoder = core.newFrameDecoder()
    local outputs = {}
    local slices = {}
    for _, chunk in ipairs(chunksOf(v.input, split)) do
      decoder:push(chunk)
      local step = decoder:next()
      while step ~= nil do
        if step == HEADER then
          outputs[#outputs + 1] = { header = { fin = decoder.fin, opcode = decoder.opcode, length = decoder.length } }
        elseif step ~= PAYLOAD then
          outputs[#outputs + 1] = { failure = step.code }
        end
        if step == HEADER or step == PAYLOAD then
          slices[#slices + 1] = decoder.payload
          if decoder.frameComplete then
            outputs[#outputs + 1] = { payload = table.concat(slices) }
            slices = {}
          end
        end
        step = decoder:next()
      end
    end
    emit("decode", i, split, outputs)
  end
end

-- Connections
local function scriptedRandom(entries)
  local calls = 0
  return function(count)
    calls = calls + 1
    local value = entries[math.min(calls, #entries)]
    assert(#value == count, "random(" .. count .. ") scripted with " .. #value .. " bytes")
    return value
  end
end

for i, v in ipairs(vectors.connection) do
  for _, split in ipairs(SPLITS) do
    local parsed = core.url.parseWebSocketUrl(v.url)
    assert(parsed.url, parsed.error)
    local conn = core.newConnection({
      url = parsed.url,
      protocols = v.protocols,
      headers = v.headers,
      origin = v.origin,
      username = v.username,
      password = v.password,
      maxMessageSize = v.maxMessageSize,
      random = scriptedRandom(v.random),
      receiveFragments = v.receiveFragments,
    })
    local request = conn:takeOutgoing()
    local events = {}
    local verdicts = {}
    local written = ""
    local function takeEvents(count)
      local left = count == true and math.huge or count
      while left > 0 do
        local event = conn:nextEvent()
        if event == nil then break end
        events[#events + 1] = event
        left = left - 1
      end
    end
    for _, step in ipairs(v.steps) do
      if step.take then
        takeEvents(step.take)
      elseif step.write then
        written = written .. conn:takeOutgoing()
      elseif step.eof then
        conn:receiveEof()
      elseif step.receive then
        for _, chunk in ipairs(chunksOf(step.receive, split)) do conn:receive(chunk) end
      elseif step.send then
        conn:send(step.send, step.binary or false)
      elseif step.piece then
        verdicts[#verdicts + 1] = conn:sendPiece(step.piece, step.binary or false, step.fin)
      elseif step.ping then
        conn:ping(step.ping)
      elseif step.close then
        conn:close(step.code, step.reason)
      elseif step.lost then
        conn:connectionLost(step.lost, step.reason)
      elseif step.fail then
        conn:fail(step.fail, step.code, step.reason)
      else
        conn:abort(step.abort)
      end
    end
    -- Events first: effects such as a failure's close frame come as the events are taken.
    takeEvents(true)
    local sent = written .. conn:takeOutgoing()
    emit("connection", i, split, { request = request, sent = sent, events = events, state = conn.state, verdicts = verdicts })
  end
end
-- The server role. x-double is the test-only extension of test/vectors/toy-extension.ts, written again
-- here: it claims RSV1, doubles every byte of an RSV1 frame on the way in, handing its output on in
-- slices of at most maxBytes, and halves a message of equal byte pairs on the way out.
local PASS, TRANSFORM, RSV1_BIT = 1, 2, 64
local function newDoublingExtension()
  local ext = { name = "x-double", claimsRsv1 = true, claimsRsv2 = false, claimsRsv3 = false, input = "" }
  function ext:decodeFrame(header)
    if not header.rsv1 then return PASS end
    if header.opcode >= 8 then return { type = "failure", code = 1002, reason = "RSV1 on a control frame", errorType = "protocol" } end
    return TRANSFORM
  end
  function ext:decodePush(bytes)
    self.input = self.input .. bytes
  end
  function ext:decodePull(maxBytes)
    local take = math.min(#self.input, math.floor(maxBytes / 2))
    local chunk = self.input:sub(1, take)
    self.input = self.input:sub(take + 1)
    return (chunk:gsub(".", "%0%0"))
  end
  function ext:encodeMessage(_, payload)
    if #payload == 0 or #payload % 2 ~= 0 then return { payload = payload, rsv = 0 } end
    local half = payload:gsub("(.)(.)", function(a, b) return a == b and a or nil end)
    if #half * 2 ~= #payload then return { payload = payload, rsv = 0 } end
    return { payload = half, rsv = RSV1_BIT }
  end
  return ext
end

for i, v in ipairs(vectors.server) do
  for _, split in ipairs(SPLITS) do
    local conn = core.newServerConnection({ maxMessageSize = v.maxMessageSize })
    local events, output, seen = {}, {}, nil
    local function accept(protocol)
      local request = conn.request
      seen = { path = request.path, query = request.query, protocols = request.protocols, extensions = request.extensions, origin = request.origin }
      local chosen = protocol or core.serverHandshake.chooseSubprotocol(request.protocols, v.protocols)
      if v.extension then conn:accept(chosen, "x-double", newDoublingExtension()) else conn:accept(chosen) end
    end
    for _, step in ipairs(v.steps) do
      if step.receive then
        for _, chunk in ipairs(chunksOf(step.receive, split)) do conn:receive(chunk) end
        if not v.decide and conn.request ~= nil then accept() end
      elseif step.take then
        local event = conn:nextEvent()
        while event ~= nil do
          events[#events + 1] = event
          event = conn:nextEvent()
        end
      elseif step.accept then
        accept(step.protocol)
      elseif step.reject then
        conn:reject(step.reject, step.reason)
      elseif step.send then
        conn:send(step.send, step.binary or false)
      elseif step.ping then
        conn:ping(step.ping)
      elseif step.close then
        conn:close(step.code, step.reason)
      elseif step.lost then
        conn:connectionLost(step.lost, step.reason)
      else
        conn:receiveEof()
      end
      -- Taken in small windows, as test/vectors/run.ts does.
      local piece = conn:takeOutgoing(1000)
      while piece ~= "" do
        output[#output + 1] = piece
        piece = conn:takeOutgoing(1000)
      end
    end
    local event = conn:nextEvent()
    while event ~= nil do
      events[#events + 1] = event
      event = conn:nextEvent()
    end
    output[#output + 1] = conn:takeOutgoing()
    emit("server", i, split, { output = table.concat(output), events = events, state = conn.state, request = seen })
  end
end

-- Bounded decoding (SPEC guarantee 7): 20,000 empty binary frames in one read must not become 20,000
-- queued events at once. The heap growth after receive() is printed for the test to judge.
do
  local conn = core.newConnection({
    url = core.url.parseWebSocketUrl("ws://flood.example/").url,
    protocols = {}, headers = {}, maxMessageSize = 1024,
    random = function(n) return n == 16 and "the sample nonce" or "\55\250\33\61" end,
  })
  conn:takeOutgoing()
  conn:receive("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    .. "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
  local FRAMES = 20000
  local flood = string.rep("\130\0", FRAMES)
  -- fengari has no collectgarbage (its heap is JavaScript's): there the figure is left out.
  local measurable = pcall(collectgarbage, "count")
  local before = measurable and collectgarbage("count")
  if measurable then collectgarbage("collect"); before = collectgarbage("count") end
  conn:receive(flood)
  local grown
  if measurable then collectgarbage("collect"); grown = collectgarbage("count") - before end
  local wantsInput = conn:wantsInput()
  local count = 0
  local event = conn:nextEvent()
  while event ~= nil do
    if event.type == "message" then count = count + 1 end
    event = conn:nextEvent()
  end
  emit("flood", 1, "whole", { heapKiB = grown, wantsInputAfterReceive = wantsInput, messages = count })
end
print("DONE")
