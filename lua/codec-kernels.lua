-- The byte primitives of the DEFLATE codec (contract: lua/codec-kernels.d.ts). Arrays come from the
-- compiled TypeScript, so TypeScript index k is Lua index k + 1. Parses and runs on Lua 5.1 to 5.4,
-- LuaJIT, wasmoon and fengari: no bit operations at all.

local char, byte, sub = string.char, string.byte, string.sub
local concat = table.concat
local unpack = table.unpack or unpack

-- Values per string.char(unpack(...)) call: well inside Lua 5.1's C stack limit (about 8000).
local BLOCK = 4096

local function chars(values, first, stop)
  local count = stop - first
  if count <= 0 then return "" end
  if count <= BLOCK then return char(unpack(values, first + 1, stop)) end
  local parts, n = {}, 0
  for i = first + 1, stop, BLOCK do
    local j = i + BLOCK - 1
    if j > stop then j = stop end
    n = n + 1
    parts[n] = char(unpack(values, i, j))
  end
  return concat(parts)
end

-- LuaJIT with its compiler on: string.char(unpack(...)) is not compiled and was 11-13% of
-- inflating there; a compiled loop into an FFI buffer and one ffi.string cost a fraction of it.
local function ffiChars()
  if type(jit) ~= "table" or not jit.status() then return nil end
  local ok, ffi = pcall(require, "ffi")
  if not ok then return nil end
  local bytesOf = ffi.typeof("uint8_t[?]")
  local size = BLOCK
  local buffer = bytesOf(size)
  return function(values, first, stop)
    local count = stop - first
    if count <= 0 then return "" end
    if count > size then
      size = count
      buffer = bytesOf(size)
    end
    for k = 0, count - 1 do
      buffer[k] = values[first + 1 + k]
    end
    return ffi.string(buffer, count)
  end
end
chars = ffiChars() or chars

local function copyBack(values, first, distance, length)
  for i = first + 1, first + length do
    values[i] = values[i - distance]
  end
end

-- Eight bytes per string.byte call, the last eight possibly past `count` (values beyond first + count
-- are not output yet, so the caller leaves room for 7 more): a call per byte costs more than the
-- stores, and most matches are short.
local function copyFromString(values, first, s, from, count)
  local i, stop = first + 1, first + count
  local k = from - i
  -- One store a statement: a multiple assignment moves every value to a register first.
  repeat
    local b1, b2, b3, b4, b5, b6, b7, b8 = byte(s, i + k, i + k + 7)
    values[i] = b1
    values[i + 1] = b2
    values[i + 2] = b3
    values[i + 3] = b4
    values[i + 4] = b5
    values[i + 5] = b6
    values[i + 6] = b7
    values[i + 7] = b8
    i = i + 8
  until i > stop
end

-- values[i] = value for i = first, first + step, ... below stop (TypeScript indices): the strided
-- fill of a Huffman decoding table, as a numeric for loop.
local function fill(values, first, step, stop, value)
  for i = first + 1, stop, step do
    values[i] = value
  end
end

-- Lua 5.3+ (and wasmoon, fengari) move ranges of a table in C: a long match that does not overlap
-- itself (measured: no faster than the loop below 64 values on Lua 5.4).
local move = table.move
if move then
  local loopCopy = copyBack
  copyBack = function(values, first, distance, length)
    if length >= 64 and distance >= length then
      move(values, first + 1 - distance, first + length - distance, first + 1)
    else
      loopCopy(values, first, distance, length)
    end
  end
end

-- Matches shorter than this are copied by the inflater's own loop rather than by copyBack. On PUC
-- Lua that is only the empty rest of a match that came whole from the history: a call to copyBack's
-- numeric for loop costs less than the while loop TypeScript's for compiles to. On LuaJIT it is
-- every match up to 16 bytes: the short loop compiles inline into the decoding trace, where a call
-- to a function with a loop of its own would leave that trace for another.
local inlineCopyBelow = rawget(_G, "jit") ~= nil and 17 or 1

-- LuaJIT's jit.off(fn): the inflater's careful loop (decodeCodes) and the call around the kernel
-- (decodeFast) have traces that LuaJIT aborts over and over ("register coalescing too complex",
-- and the side traces from the kernel's return into them); recording each attempt cost more than
-- interpreting the few symbols per call that loop decodes.
local function leaveUncompiled(fn)
  local jit = rawget(_G, "jit")
  if type(jit) == "table" and type(jit.off) == "function" then jit.off(fn) end
end

-- How many bytes from a and b (a < b) agree, up to limit: the deflate kernel's own comparison.
local matchLength = require("kernels.deflate").agreeing

-- The inflater's inner loop, hand-written (lua/kernels/inflate.lua says why).
local Inflate = require("kernels.inflate")
local inflateFast, buildDecodeTable = Inflate.inflateFast, Inflate.buildDecodeTable

-- table.sort without a comparator compares numbers in C.
local sort = table.sort
local function sortNumbers(values)
  sort(values)
end

-- The deflater's LZ77 scan and Huffman encoding, hand-written (lua/kernels/deflate.lua says why).
local Deflate = require("kernels.deflate")

return {
  byte = byte, bytes = byte, sub = sub, chars = chars, copyBack = copyBack, copyFromString = copyFromString, fill = fill, inlineCopyBelow = inlineCopyBelow,
  matchLength = matchLength, sortNumbers = sortNumbers, deflateScan = Deflate.scan, deflateEncode = Deflate.encode,
  inflateFast = inflateFast, buildDecodeTable = buildDecodeTable, leaveUncompiled = leaveUncompiled,
}
