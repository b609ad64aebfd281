-- Runs the DEFLATE codec vectors (written out as a Lua chunk by test/codec-lua-vectors.test.ts)
-- against the built plugin, through require("plugin.websockets._core").codec, and prints what it
-- observed as one JSON line per vector and split; the test judges. Strings are printed as raw bytes
-- with only what JSON cannot hold raw escaped (the test reads stdout as latin1).
--
--   lua codec-vectors.lua <vectors.lua> [pieceLimit [fengari [native]]]    ("-" for an argument not given)
-- With "fengari", only the vectors marked fengari (short messages: fengari is slow per call).
-- With "native", the codec is the one the host transport offers (selectCodec), not the pure one.
-- In the "pieces" split an inflate payload goes in one byte per write, except that a payload longer
-- than pieceLimit (when given: wasmoon and fengari, slower per call) goes in pieces of pieceLimit
-- bytes unless its vector is marked bytePieces.

require("plugin.websockets") -- which registers plugin.websockets._core
local core_codec = require("plugin.websockets._core").codec

local vectorsFile = assert(arg and arg[1], "usage: codec-vectors.lua <vectors.lua> [pieceLimit]")
local folder, name = vectorsFile:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local vectors = require(name)
local pieceLimit = tonumber(arg[2])
local fengariOnly = arg[3] == "fengari"
local factory = core_codec.pureCodec
if arg[4] == "native" then
  factory = core_codec.selectCodec(require("plugin.websockets_host"))
  assert(factory.name ~= "lua", "the host offers no native codec")
end

local JSON_ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\" }
for byte = 0, 31 do JSON_ESCAPES[string.char(byte)] = string.format("\\u%04x", byte) end
JSON_ESCAPES["\127"] = "\\u007f"
local NEEDS_ESCAPE = _VERSION == "Lua 5.1" and '[%z\1-\31"\\\127]' or '[\0-\31"\\\127]'

local function json(v)
  local kind = type(v)
  if kind == "string" then return '"' .. v:gsub(NEEDS_ESCAPE, JSON_ESCAPES) .. '"' end
  if kind == "number" then return string.format("%.17g", v) end
  if kind == "boolean" or kind == "nil" then return tostring(v) end
  if #v > 0 or next(v) == nil then
    local parts = {}
    for i = 1, #v do parts[i] = json(v[i]) end
    return "[" .. table.concat(parts, ",") .. "]"
  end
  local keys, parts = {}, {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do parts[#parts + 1] = '"' .. k .. '":' .. json(v[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function emit(kind, index, split, observation)
  print('{"kind":"' .. kind .. '","index":' .. index .. ',"split":"' .. split .. '","observation":' .. json(observation) .. "}")
end

local function piecesOf(payload, split, bytePieces)
  if split == "whole" or #payload == 0 then return { payload } end
  local size = (pieceLimit and #payload > pieceLimit and not bytePieces) and pieceLimit or 1
  local pieces = {}
  for i = 1, #payload, size do pieces[#pieces + 1] = payload:sub(i, i + size - 1) end
  return pieces
end

-- Inflates each payload in turn; returns the outputs and, if a read failed, how.
local function inflateAll(inflater, payloads, split, budget, bytePieces)
  local outputs, largest = {}, 0
  for m = 1, #payloads do
    local pieces = piecesOf(payloads[m], split, bytePieces)
    local parts = {}
    for p = 1, #pieces do
      inflater:write(pieces[p], p == #pieces)
      while true do
        local step = inflater:read(budget)
        parts[#parts + 1] = step.data
        if #step.data > largest then largest = #step.data end
        if step.status == "input" or step.status == "done" then break end
        if step.status ~= "more" then
          return { outputs = outputs, failure = { status = step.status, error = step.error, message = m - 1, delivered = #table.concat(parts) }, largestRead = largest }
        end
      end
    end
    outputs[#outputs + 1] = table.concat(parts)
  end
  return { outputs = outputs, largestRead = largest }
end

for i, v in ipairs(vectors.inflate) do
  if v.fengari or not fengariOnly then
    for _, split in ipairs({ "whole", "pieces" }) do
      local inflater = factory.newInflater({ windowBits = v.windowBits, noContextTakeover = v.noContextTakeover, maxMessageSize = v.maxMessageSize })
      emit("inflate", i, split, inflateAll(inflater, v.payloads, split, split == "whole" and 65536 or 300, v.bytePieces))
    end
  end
end

for i, v in ipairs(vectors.deflate) do
  if v.fengari or not fengariOnly then
    local deflater = factory.newDeflater({ level = v.level, windowBits = v.windowBits, noContextTakeover = v.noContextTakeover })
    local payloads = {}
    for m = 1, #v.messages do
      deflater:write(v.messages[m])
      local parts = {}
      repeat
        local step = deflater:read(v.budget)
        parts[#parts + 1] = step.data
      until step.status == "done"
      payloads[m] = table.concat(parts)
    end
    emit("deflate", i, "whole", { payloads = payloads })
  end
end

print("DONE")
