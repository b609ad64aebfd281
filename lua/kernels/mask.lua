-- Masking strategies of lua/kernels.lua (contract: lua/kernels.d.ts, `mask`); see that file for how
-- a strategy is chosen. All Lua here parses on Lua 5.1.

local Support = require("support")
local join = require("join").best

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local compile, builtOnDemand = Support.compile, Support.builtOnDemand

---------------------------------------------------------------------------------------------------
-- Masking (RFC 6455 section 5.3): octet i of the masked data is octet i of the data XOR octet
-- (i MOD 4) of the masking key. Every strategy below works on blocks whose size is a multiple of 4,
-- so the key's phase is the same at the start of every block and of the remainder.
---------------------------------------------------------------------------------------------------

-- Payloads of up to this many bytes are masked into buffers and tables reused from call to call,
-- not into new ones: game messages are mostly far shorter, and there the allocations of a call would
-- cost more than its masking (about half of a 32-byte call on Lua 5.1, measured).
local SCRATCH_BYTES = 4096

-- Masks the pieces of a long payload into `pieces`, then joins them (with the joining kernel: on Lua
-- 5.1 table.concat would copy a 256 KiB payload's 4096 pieces about five times): the block loop fills
-- pieces[1..count], `span` masks what remains from position i. Tables of short payloads are the
-- reused `scratch`, emptied again so that it holds on to no payload.
local function joinMasked(data, n, scratch, maskBlocks, maskRest, ...)
  local pieces = n <= SCRATCH_BYTES and scratch or {}
  local count, i = maskBlocks(data, pieces, ...)
  if i <= n then
    count = count + 1
    pieces[count] = maskRest(data, i, n, ...)
  end
  local masked = join(pieces, count)
  if pieces == scratch then
    for j = 1, count do pieces[j] = nil end
  end
  return masked
end

-- Words of `wordSize` bytes XORed with the key repeated to the word's width, read and written with
-- string.unpack/string.pack: `wordsPerBlock` of them per call in the loop over whole blocks, and
-- for what remains (or a payload shorter than a block) one call for all of it, padded with zeros
-- to whole words; the padding is cut off again after masking.
local function wordsBlocksSource(wordSize, wordsPerBlock)
  local blockBytes = wordSize * wordsPerBlock
  local names, masked = {}, {}
  for j = 1, wordsPerBlock do
    names[j] = "w" .. j
    masked[j] = "w" .. j .. " ~ k"
  end
  local keyWord = wordSize == 8 and "(k & 0xFFFFFFFF) | (k << 32)" or "k"
  return concat({
    "local pack, unpack, rep = string.pack, string.unpack, string.rep",
    "local BLOCK = '<' .. rep('i" .. wordSize .. "', " .. wordsPerBlock .. ")",
    "local function keyWord(key)",
    "  local k = unpack('<i4', key)",
    "  return " .. keyWord,
    "end",
    "local function maskBlocks(data, out, k)",
    "  local count, i, lastBlock = 0, 1, #data - " .. (blockBytes - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = unpack(BLOCK, data, i)",
    "    count = count + 1",
    "    out[count] = pack(BLOCK, " .. concat(masked, ", ") .. ")",
    "    i = i + " .. blockBytes,
    "  end",
    "  return count, i",
    "end",
    "return { keyWord = keyWord, maskBlocks = maskBlocks }",
  }, "\n")
end

-- Masks data[i..n], which fits in `words` words, with one unpack and one pack.
local function wordsSpanSource(wordSize, words)
  local names, masked = {}, {}
  for j = 1, words do
    names[j] = "w" .. j
    masked[j] = "w" .. j .. " ~ k"
  end
  local spanBytes = wordSize * words
  return concat({
    "local pack, unpack, sub, rep = string.pack, string.unpack, string.sub, string.rep",
    "local FORMAT = '<' .. rep('i" .. wordSize .. "', " .. words .. ")",
    "return function(data, i, n, k)",
    "  local length = n - i + 1",
    "  if length < " .. spanBytes .. " then",
    "    data, i = sub(data, i, n) .. rep('\\0', " .. spanBytes .. " - length), 1",
    "  end",
    "  local " .. concat(names, ", ") .. " = unpack(FORMAT, data, i)",
    "  local masked = pack(FORMAT, " .. concat(masked, ", ") .. ")",
    "  if length < " .. spanBytes .. " then return sub(masked, 1, length) end",
    "  return masked",
    "end",
  }, "\n")
end

local function hasStringPack()
  return type(string.pack) == "function" and type(string.unpack) == "function"
end

local function wordsMask(wordSize, wordsPerBlock)
  local name = "kernels.mask.words" .. (wordSize * 8)
  local blocks = compile(wordsBlocksSource(wordSize, wordsPerBlock), name)
  if not blocks then return nil end
  local keyWord, maskBlocks = blocks.keyWord, blocks.maskBlocks
  local blockBytes = wordSize * wordsPerBlock
  local spans = builtOnDemand(function(words)
    return compile(wordsSpanSource(wordSize, words), name .. ".span" .. words)
  end)
  local function maskRest(data, i, n, k)
    return spans[floor((n - i + wordSize) / wordSize)](data, i, n, k)
  end
  local scratch = {}
  return function(data, key)
    local n = #data
    if n == 0 then return "" end
    local k = keyWord(key)
    -- maskRest(data, 1, n, k) without its call: most game messages are this short.
    if n <= blockBytes then return spans[floor((n - 1 + wordSize) / wordSize)](data, 1, n, k) end
    return joinMasked(data, n, scratch, maskBlocks, maskRest, k)
  end
end

-- The XOR of two nibbles (0-15), by arithmetic: the lookup strategy must not depend on any bit
-- library. Only ever called to fill NIBBLE_XOR.
local function xorNibbles(a, b)
  local result, place = 0, 1
  for _ = 1, 4 do
    local bitA, bitB = a % 2, b % 2
    if bitA ~= bitB then result = result + place end
    a, b, place = (a - bitA) / 2, (b - bitB) / 2, place * 2
  end
  return result
end

-- NIBBLE_XOR[a * 16 + b] == a XOR b for nibbles a and b: 256 entries, filled with the first row.
local NIBBLE_XOR

-- XOR_ROWS[k][b] == b XOR k, each row built the first time a key contains the byte k (a key uses at
-- most 4 of the 256 rows; a client that sends many frames soon meets all of them). A row is
-- assembled from the nibble table, high nibble and low nibble apart: about 7 VM instructions per
-- entry, where working out each XOR bit by bit cost about 125 (every row built that way was 8
-- million instructions, a tenth of a second on Lua 5.1, paid in the first few hundred sends).
local XOR_ROWS = builtOnDemand(function(k)
  if not NIBBLE_XOR then
    NIBBLE_XOR = {}
    for a = 0, 15 do
      for b = 0, 15 do NIBBLE_XOR[a * 16 + b] = xorNibbles(a, b) end
    end
  end
  local kLow = k % 16
  local kHigh = (k - kLow) / 16
  local row = {}
  for high = 0, 15 do
    local highPart = NIBBLE_XOR[kHigh * 16 + high] * 16
    local at = high * 16
    for low = 0, 15 do
      row[at + low] = highPart + NIBBLE_XOR[kLow * 16 + low]
    end
  end
  return row
end)

-- 64 values per string.byte / string.char call: measured fastest on Lua 5.1 while well inside its
-- limits on registers and C stack.
local LOOKUP_BLOCK = 64

-- The locals b1..bn of n bytes, and each XORed through the table of its key byte: k1[b1], k2[b2], ...
local function lookupTerms(n)
  local names, masked = {}, {}
  for j = 1, n do
    names[j] = "b" .. j
    masked[j] = "k" .. ((j - 1) % 4 + 1) .. "[b" .. j .. "]"
  end
  return names, masked
end

-- `block` bytes per string.byte call, each XORed through the table of its key byte (k1..k4), and as
-- many per string.char call. Every block starts at the key's first byte, as 64 is a multiple of 4.
local function lookupBlocksSource(block)
  local names, masked = lookupTerms(block)
  return concat({
    "local byte, char = ...",
    "return function(data, out, k1, k2, k3, k4)",
    "  local count, i, lastBlock = 0, 1, #data - " .. (block - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = byte(data, i, i + " .. (block - 1) .. ")",
    "    count = count + 1",
    "    out[count] = char(" .. concat(masked, ", ") .. ")",
    "    i = i + " .. block,
    "  end",
    "  return count, i",
    "end",
  }, "\n")
end

-- Masks the `length` bytes from position i (at the key's first byte) with one string.byte and one
-- string.char call: a payload shorter than a block, or the rest of a longer one.
local function lookupSpanSource(length)
  local names, masked = lookupTerms(length)
  return concat({
    "local byte, char = ...",
    "return function(data, i, k1, k2, k3, k4)",
    "  local " .. concat(names, ", ") .. " = byte(data, i, i + " .. (length - 1) .. ")",
    "  return char(" .. concat(masked, ", ") .. ")",
    "end",
  }, "\n")
end

local function lookupMask()
  local maskBlocks = compile(lookupBlocksSource(LOOKUP_BLOCK), "kernels.mask.lookup", byte, char)
  local spans = builtOnDemand(function(length)
    return compile(lookupSpanSource(length), "kernels.mask.lookup.span" .. length, byte, char)
  end)
  local function maskRest(data, i, n, k1, k2, k3, k4)
    return spans[n - i + 1](data, i, k1, k2, k3, k4)
  end
  local scratch = {}
  return function(data, key)
    local n = #data
    if n == 0 then return "" end
    local k1, k2, k3, k4 = byte(key, 1, 4)
    k1, k2, k3, k4 = XOR_ROWS[k1], XOR_ROWS[k2], XOR_ROWS[k3], XOR_ROWS[k4]
    if n <= LOOKUP_BLOCK then return spans[n](data, 1, k1, k2, k3, k4) end
    return joinMasked(data, n, scratch, maskBlocks, maskRest, k1, k2, k3, k4)
  end
end

local function ffiMask()
  if type(jit) ~= "table" then return nil end
  local okFfi, ffi = pcall(require, "ffi")
  local okBit, bitop = pcall(require, "bit")
  if not (okFfi and okBit) then return nil end
  local bxor = bitop.bxor
  local bytesOf = ffi.typeof("uint8_t[?]")
  local wordsOf = ffi.typeof("uint32_t *")
  -- Reused by every call (short payloads also use `scratch`); ffi.new memory is suitably aligned
  -- for uint32_t.
  local keyBytes = bytesOf(4)
  local keyWord = ffi.cast(wordsOf, keyBytes)
  local scratch = bytesOf(SCRATCH_BYTES + 4)
  return function(data, key)
    local n = #data
    if n == 0 then return "" end
    -- The key and the data are read as words in the same (native) byte order, so each byte of a
    -- word meets the key byte of its position whatever that order is.
    ffi.copy(keyBytes, key, 4)
    local k = keyWord[0]
    local buffer = n <= SCRATCH_BYTES and scratch or bytesOf(n + 4)
    ffi.copy(buffer, data, n)
    local words = ffi.cast(wordsOf, buffer)
    local wholeWords = floor(n / 4)
    for w = 0, wholeWords - 1 do words[w] = bxor(words[w], k) end
    for p = wholeWords * 4, n - 1 do buffer[p] = bxor(buffer[p], keyBytes[p % 4]) end
    return ffi.string(buffer, n)
  end
end

-- Payloads shorter than this are masked in Lua even where the host offers a native kernel: below
-- it, the call into the host and the two copies across cost more than the Lua loop saves.
local HOST_MASK_FROM = 1024

-- The Node host's native masking (wasmoon, fengari), offered by the transport it preloads as
-- `plugin.websockets_host` (host/transport-natives.mjs): XOR in JavaScript, 15-30 times the speed of
-- the pure-Lua kernels there, so a service writes its whole budget in a fraction of its time. Only a
-- preloaded module counts: nothing is searched for elsewhere (a device has no such module).
local function hostMask(smallMask)
  local preload = package.preload and package.preload["plugin.websockets_host"]
  local host = package.loaded["plugin.websockets_host"]
  if host == nil and preload ~= nil then
    local ok, loaded = pcall(require, "plugin.websockets_host")
    if ok then host = loaded end
  end
  if type(host) ~= "table" or type(host.mask) ~= "function" or not smallMask then return nil end
  local native = host.mask
  return function(data, key)
    if #data < HOST_MASK_FROM then return smallMask(data, key) end
    return native(data, key)
  end
end

local MASK_BUILDERS
MASK_BUILDERS = {
  ffi = ffiMask,
  host = function()
    return hostMask(MASK_BUILDERS.words64() or MASK_BUILDERS.words32() or lookupMask())
  end,
  words64 = function()
    -- 64 words (512 bytes) per call: 4-9% faster than 32 on 1 MiB in Lua 5.4 and wasmoon, the same
    -- on a 32-byte message; 128 is slower (measured, bench/kernels.lua).
    if hasStringPack() and (math.maxinteger or 0) > 2 ^ 53 then return wordsMask(8, 64) end
  end,
  words32 = function()
    if hasStringPack() then return wordsMask(4, 32) end
  end,
  lookup = lookupMask,
}
local MASK_PREFERENCE = { "ffi", "host", "words64", "words32", "lookup" }

return { BUILDERS = MASK_BUILDERS, PREFERENCE = MASK_PREFERENCE }
