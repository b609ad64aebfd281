-- The hot byte kernels of the protocol core (contract: lua/kernels.d.ts):
--   mask(data, key)            XOR masking of client frames (RFC 6455 section 5.3)
--   utf8Continue(carry, chunk) incremental UTF-8 validation of text messages (RFC 3629, as RFC 6455
--                              section 8.1 requires)
--   sha1(data)                 Sec-WebSocket-Accept (RFC 6455 section 4.2.2; SHA-1 per RFC 3174)
--
-- They are written in Lua, not TypeScript, because the fastest form differs per runtime and none of
-- the fast forms can be expressed portably. Each kernel picks its strategy once, at load time, from
-- the ones the runtime can run (fastest first; figures in docs/benchmarks.md):
--   masking   "ffi"      LuaJIT: 32-bit words in an FFI buffer
--             "words64"  Lua 5.3/5.4, wasmoon: string.unpack/pack of 8-byte words and native `~`
--             "words32"  fengari (32-bit integers): the same on 4-byte words
--             "lookup"   plain Lua 5.1 (Solar2D): 64 bytes per string.byte call, each XORed through a
--                        per-key-byte table, 64 values per string.char call; needs no bit operations
--   UTF-8     "utf8.len" where the runtime's utf8.len is exactly RFC 3629 (probed at load time; Lua
--                        5.3's and fengari's accept surrogates, so those are rejected with a pattern)
--             "dfa"      elsewhere: a table-driven automaton, 64 bytes per string.byte call
--   both skip runs of ASCII with one anchored string.find, which runs at C speed; a chunk that is
--   all ASCII is answered by that find alone.
--   Masking a payload of up to a block (64 to 256 bytes), or the rest of a longer one, takes one
--   call for all of it, so short messages cost few calls and allocate nothing but the result.
--   SHA-1     on the portable bit layer (lua/bits.lua); only ever hashes a handshake key.
--
-- Every other combination the runtime can run stays reachable through `_with` so that the tests
-- cover the fallbacks (the arithmetic bit layer, the lookup masking, the automaton) everywhere.
-- All Lua here parses on Lua 5.1: code that needs newer syntax is compiled from strings.

local Bits = require("bits")

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local load = loadstring or load

-- Compiles generated Lua; returns nil where this runtime cannot parse or run it.
local function compile(source, name, ...)
  local chunk = load(source, "=" .. name)
  if not chunk then return nil end
  local ok, result = pcall(chunk, ...)
  if ok then return result end
  return nil
end

-- Matches the run of ASCII bytes (0x00-0x7F) that starts at the init position of string.find. An
-- anchored `*` run is the fastest scan Lua patterns offer: over 200 MiB/s even on Lua 5.1.
local ASCII_RUN = "^[^\128-\255]*"

---------------------------------------------------------------------------------------------------
-- Masking (RFC 6455 section 5.3): octet i of the masked data is octet i of the data XOR octet
-- (i MOD 4) of the masking key. Every strategy below works on blocks whose size is a multiple of 4,
-- so the key's phase is the same at the start of every block and of the remainder.
---------------------------------------------------------------------------------------------------

-- Payloads of up to this many bytes are masked into buffers and tables reused from call to call,
-- not into new ones: game messages are mostly far shorter, and there the allocations of a call would
-- cost more than its masking (about half of a 32-byte call on Lua 5.1, measured).
local SCRATCH_BYTES = 4096

-- A table whose entry n is made by make(n) the first time it is used: the spans below are compiled
-- for the lengths that occur, not for every length up to a block.
local function builtOnDemand(make)
  return setmetatable({}, {
    __index = function(built, n)
      local value = make(n)
      built[n] = value
      return value
    end,
  })
end

-- Masks the pieces of a long payload into `pieces`, then joins them: the block loop fills
-- pieces[1..count], `span` masks what remains from position i. Tables of short payloads are the
-- reused `scratch`, emptied again so that it holds on to no payload.
local function joinMasked(data, n, scratch, maskBlocks, maskRest, ...)
  local pieces = n <= SCRATCH_BYTES and scratch or {}
  local count, i = maskBlocks(data, pieces, ...)
  if i <= n then
    count = count + 1
    pieces[count] = maskRest(data, i, n, ...)
  end
  local masked = concat(pieces, "", 1, count)
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
    if n <= blockBytes then return maskRest(data, 1, n, k) end
    return joinMasked(data, n, scratch, maskBlocks, maskRest, k)
  end
end

-- The XOR of two bytes, by arithmetic: the lookup strategy must not depend on any bit library.
local function xorBytes(a, b)
  local result, place = 0, 1
  for _ = 1, 8 do
    local bitA, bitB = a % 2, b % 2
    if bitA ~= bitB then result = result + place end
    a, b, place = (a - bitA) / 2, (b - bitB) / 2, place * 2
  end
  return result
end

-- XOR_ROWS[k][b] == b XOR k, each row built the first time a key contains the byte k (a key uses at
-- most 4 of the 256 rows; building one costs about 2000 arithmetic operations).
local XOR_ROWS = builtOnDemand(function(k)
  local row = {}
  for b = 0, 255 do row[b] = xorBytes(b, k) end
  return row
end)

-- 64 values per string.byte / string.char call: measured fastest on Lua 5.1 while well inside its
-- limits on registers and C stack.
local LOOKUP_BLOCK = 64

-- `block` bytes per string.byte call, each XORed through the table of its key byte (k1..k4), and as
-- many per string.char call. Every block starts at the key's first byte, as 64 is a multiple of 4.
local function lookupBlocksSource(block)
  local names, masked = {}, {}
  for j = 1, block do
    names[j] = "b" .. j
    masked[j] = "k" .. ((j - 1) % 4 + 1) .. "[b" .. j .. "]"
  end
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
  local names, masked = {}, {}
  for j = 1, length do
    names[j] = "b" .. j
    masked[j] = "k" .. ((j - 1) % 4 + 1) .. "[b" .. j .. "]"
  end
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

local MASK_BUILDERS = {
  ffi = ffiMask,
  words64 = function()
    if hasStringPack() and (math.maxinteger or 0) > 2 ^ 53 then return wordsMask(8, 32) end
  end,
  words32 = function()
    if hasStringPack() then return wordsMask(4, 32) end
  end,
  lookup = lookupMask,
}
local MASK_PREFERENCE = { "ffi", "words64", "words32", "lookup" }

---------------------------------------------------------------------------------------------------
-- UTF-8 (RFC 3629 section 4): the well-formed byte sequences are
--   00-7F | C2-DF 80-BF | E0 A0-BF 80-BF | E1-EC 80-BF 80-BF | ED 80-9F 80-BF | EE-EF 80-BF 80-BF
--   | F0 90-BF 80-BF 80-BF | F1-F3 80-BF 80-BF 80-BF | F4 80-8F 80-BF 80-BF
-- which excludes overlong forms (C0, C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF), code points
-- above U+10FFFF (F4 90-BF, F5-FF) and continuation bytes (80-BF) without a lead.
---------------------------------------------------------------------------------------------------

-- The automaton of that grammar. A state is a table from the next byte to the next state, so one
-- step is one table index. ACCEPT is "between sequences"; REJECT absorbs every byte.
local ACCEPT, REJECT = {}, {}
local NEED_1, NEED_2, NEED_3 = {}, {}, {} -- continuation bytes 80-BF still to come
local NEED_2_AFTER_E0, NEED_2_AFTER_ED = {}, {} -- the second byte is restricted (overlong, surrogate)
local NEED_3_AFTER_F0, NEED_3_AFTER_F4 = {}, {} -- the second byte is restricted (overlong, > U+10FFFF)

local function transitions(state, first, last, nextState)
  for b = first, last do state[b] = nextState end
end

for _, state in ipairs({ ACCEPT, REJECT, NEED_1, NEED_2, NEED_3, NEED_2_AFTER_E0, NEED_2_AFTER_ED,
  NEED_3_AFTER_F0, NEED_3_AFTER_F4 }) do
  transitions(state, 0, 255, REJECT)
end
transitions(ACCEPT, 0x00, 0x7F, ACCEPT)
transitions(ACCEPT, 0xC2, 0xDF, NEED_1)
transitions(ACCEPT, 0xE0, 0xE0, NEED_2_AFTER_E0)
transitions(ACCEPT, 0xE1, 0xEC, NEED_2)
transitions(ACCEPT, 0xED, 0xED, NEED_2_AFTER_ED)
transitions(ACCEPT, 0xEE, 0xEF, NEED_2)
transitions(ACCEPT, 0xF0, 0xF0, NEED_3_AFTER_F0)
transitions(ACCEPT, 0xF1, 0xF3, NEED_3)
transitions(ACCEPT, 0xF4, 0xF4, NEED_3_AFTER_F4)
transitions(NEED_1, 0x80, 0xBF, ACCEPT)
transitions(NEED_2, 0x80, 0xBF, NEED_1)
transitions(NEED_3, 0x80, 0xBF, NEED_2)
transitions(NEED_2_AFTER_E0, 0xA0, 0xBF, NEED_1)
transitions(NEED_2_AFTER_ED, 0x80, 0x9F, NEED_1)
transitions(NEED_3_AFTER_F0, 0x90, 0xBF, NEED_2)
transitions(NEED_3_AFTER_F4, 0x80, 0x8F, NEED_2)

-- The state after the bytes first..last of s, starting from `state`.
local function stepBytes(state, s, first, last)
  for p = first, last do state = state[byte(s, p)] end
  return state
end

-- Where the last sequence of chunk[from..n] starts when that sequence is incomplete: at the last
-- byte that is not a continuation byte. An incomplete sequence has at most 3 bytes, so the search
-- stops at n - 2.
local function incompleteTailStart(chunk, from)
  local n = #chunk
  local p = n
  while p > from and p > n - 2 do
    local b = byte(chunk, p)
    if b < 0x80 or b > 0xBF then break end
    p = p - 1
  end
  return p
end

local UTF8_BLOCK = 64

-- Runs the automaton over chunk[i..n] from ACCEPT, 64 bytes per string.byte call; checks for REJECT
-- once per block (fail-fast within 64 bytes) and skips ASCII runs whenever a block ends between
-- sequences. Returns the final state.
local function automatonSource(block)
  local names, steps = {}, {}
  for j = 1, block do
    names[j] = "b" .. j
    steps[j] = "s = s[b" .. j .. "]"
  end
  return concat({
    "local byte, find, ACCEPT, REJECT, ASCII_RUN = ...",
    "return function(chunk, i)",
    "  local n, s = #chunk, ACCEPT",
    "  local lastBlock = n - " .. (block - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = byte(chunk, i, i + " .. (block - 1) .. ")",
    "    " .. concat(steps, " "),
    "    if s == REJECT then return REJECT end",
    "    i = i + " .. block,
    "    if s == ACCEPT then",
    "      local _, runEnd = find(chunk, ASCII_RUN, i)",
    "      i = runEnd + 1",
    "    end",
    "  end",
    "  for p = i, n do s = s[byte(chunk, p)] end",
    "  return s",
    "end",
  }, "\n")
end

-- Each scanner validates chunk[i..] starting between sequences (utf8Continue calls it at the first
-- byte that is not ASCII), and answers as utf8Continue does.
local function automatonScanner()
  local run = compile(automatonSource(UTF8_BLOCK), "kernels.utf8.dfa", byte, find, ACCEPT, REJECT, ASCII_RUN)
  return function(chunk, i)
    local state = run(chunk, i)
    if state == ACCEPT then return "" end
    if state == REJECT then return nil end
    return sub(chunk, incompleteTailStart(chunk, i))
  end
end

-- Sequences utf8.len must accept, with their lengths in characters, and must reject.
local UTF8_LEN_PROBE_VALID = {
  { "\0\127", 2 }, { "\194\128\223\191", 2 }, { "\224\160\128\237\159\191\238\128\128\239\191\191", 4 },
  { "\240\144\128\128\244\143\191\191", 2 },
}
local UTF8_LEN_PROBE_INVALID = {
  "\128", "\191", "\192\128", "\193\191", "\194", "\194\127", "\224\159\191", "\224\160", "\240\143\191\191",
  "\244\144\128\128", "\245\128\128\128", "\248\136\128\128\128", "\254", "\255", "\194\128\128",
}
local SURROGATE = "\237[\160-\191]" -- ED A0-BF: U+D800-DFFF, reserved for UTF-16

-- What the runtime's utf8.len gets right: nil when it cannot be used, else whether it also rejects
-- surrogates by itself (Lua 5.4 and wasmoon do; Lua 5.3 and fengari accept them).
local function probeUtf8Len()
  if type(utf8) ~= "table" or type(utf8.len) ~= "function" then return nil end
  local len = utf8.len
  for _, case in ipairs(UTF8_LEN_PROBE_VALID) do
    local ok, count = pcall(len, case[1])
    if not ok or count ~= case[2] then return nil end
  end
  for _, bytes in ipairs(UTF8_LEN_PROBE_INVALID) do
    local ok, count = pcall(len, bytes)
    if not ok or count ~= nil then return nil end
  end
  local ok, count = pcall(len, "\237\160\128")
  if not ok then return nil end
  return { rejectsSurrogates = count == nil }
end

-- The lead byte's sequence length, 0 when it cannot lead one.
local function sequenceLength(lead)
  if lead < 0x80 then return 1 end
  if lead >= 0xC2 and lead <= 0xDF then return 2 end
  if lead >= 0xE0 and lead <= 0xEF then return 3 end
  if lead >= 0xF0 and lead <= 0xF4 then return 4 end
  return 0
end

local function utf8LenScanner()
  local probe = probeUtf8Len()
  if not probe then return nil end
  local len = utf8.len
  local checkSurrogates = not probe.rejectsSurrogates
  return function(chunk, i)
    local n = #chunk
    -- Split off an incomplete last sequence: utf8.len would call it invalid.
    local tail = incompleteTailStart(chunk, i)
    if sequenceLength(byte(chunk, tail)) <= n - tail + 1 then tail = n + 1 end
    if checkSurrogates and find(chunk, SURROGATE, i) then return nil end
    -- A sequence of the body that runs into the tail meets its lead byte and is rejected.
    if tail > i and not len(chunk, i, tail - 1) then return nil end
    if tail > n then return "" end
    if stepBytes(ACCEPT, chunk, tail, n) == REJECT then return nil end
    return sub(chunk, tail)
  end
end

local UTF8_BUILDERS = { ["utf8.len"] = utf8LenScanner, dfa = automatonScanner }
local UTF8_PREFERENCE = { "utf8.len", "dfa" }

local function makeUtf8Continue(scan)
  return function(carry, chunk)
    local i = 1
    if carry ~= "" then
      -- Finish the sequence the previous chunk left open, byte by byte (at most 3 bytes).
      local state = stepBytes(ACCEPT, carry, 1, #carry)
      local n = #chunk
      while state ~= ACCEPT and state ~= REJECT and i <= n do
        state = state[byte(chunk, i)]
        i = i + 1
      end
      if state == REJECT then return nil end
      if state ~= ACCEPT then return carry .. chunk end
    end
    -- Most text is ASCII, and short game messages are mostly nothing else: one anchored find
    -- answers for those, before any strategy's set-up.
    local _, asciiEnd = find(chunk, ASCII_RUN, i)
    if asciiEnd == #chunk then return "" end
    return scan(chunk, asciiEnd + 1)
  end
end

---------------------------------------------------------------------------------------------------
-- SHA-1 (RFC 3174), on 32-bit words held as unsigned numbers. Sums are taken modulo 2^32 with `%`
-- on floats, which is exact far beyond the five terms added here.
---------------------------------------------------------------------------------------------------

local TWO32, TWO24, TWO16 = 2 ^ 32, 2 ^ 24, 2 ^ 16
-- Written in decimal: a hexadecimal literal >= 2^31 wraps to a negative integer on fengari.
local H0, H1, H2, H3, H4 = 1732584193, 4023233417, 2562383102, 271733878, 3285377520
local K1, K2, K3, K4 = 1518500249, 1859775393, 2400959708, 3395469782

local function bigEndian32(word)
  return char(floor(word / TWO24) % 256, floor(word / TWO16) % 256, floor(word / 256) % 256, word % 256)
end

local function makeSha1(ops)
  local band, bor, bxor, bnot, lrotate = ops.band, ops.bor, ops.bxor, ops.bnot, ops.lrotate
  return function(data)
    local length = #data
    -- Section 4: append 1 bit, zeros up to 448 mod 512 bits, then the bit length in 64 bits.
    local bitLength = length * 8
    local message = data .. "\128" .. rep("\0", (55 - length) % 64)
      .. bigEndian32(floor(bitLength / TWO32)) .. bigEndian32(bitLength % TWO32)
    local h0, h1, h2, h3, h4 = H0, H1, H2, H3, H4
    local w = {}
    for block = 1, #message, 64 do
      for t = 0, 15 do
        local b1, b2, b3, b4 = byte(message, block + t * 4, block + t * 4 + 3)
        w[t] = b1 * TWO24 + b2 * TWO16 + b3 * 256 + b4
      end
      for t = 16, 79 do
        w[t] = lrotate(bxor(bxor(w[t - 3], w[t - 8]), bxor(w[t - 14], w[t - 16])), 1)
      end
      local a, b, c, d, e = h0, h1, h2, h3, h4
      for t = 0, 79 do
        local f, k
        if t < 20 then
          f, k = bor(band(b, c), band(bnot(b), d)), K1
        elseif t < 40 then
          f, k = bxor(bxor(b, c), d), K2
        elseif t < 60 then
          f, k = bor(bor(band(b, c), band(b, d)), band(c, d)), K3
        else
          f, k = bxor(bxor(b, c), d), K4
        end
        local temp = (lrotate(a, 5) + f + e + k + w[t]) % TWO32
        e, d, c, b, a = d, c, lrotate(b, 30), a, temp
      end
      h0, h1, h2 = (h0 + a) % TWO32, (h1 + b) % TWO32, (h2 + c) % TWO32
      h3, h4 = (h3 + d) % TWO32, (h4 + e) % TWO32
    end
    return bigEndian32(h0) .. bigEndian32(h1) .. bigEndian32(h2) .. bigEndian32(h3) .. bigEndian32(h4)
  end
end

---------------------------------------------------------------------------------------------------
-- Assembly: one kernels table per choice of bit layer, masking and UTF-8 strategy.
---------------------------------------------------------------------------------------------------

local function buildOnce(builders)
  local cache = {}
  return function(name)
    if cache[name] == nil then
      local builder = builders[name]
      if not builder then return nil end
      cache[name] = builder() or false
    end
    return cache[name] or nil
  end
end

local maskStrategy = buildOnce(MASK_BUILDERS)
local utf8Scanner = buildOnce(UTF8_BUILDERS)

local function available(preference, build)
  local names = {}
  for _, name in ipairs(preference) do
    if build(name) then names[#names + 1] = name end
  end
  return names
end

-- The first strategy in order of preference that this runtime can run; builds no other.
local function firstAvailable(preference, build)
  for _, name in ipairs(preference) do
    if build(name) then return name end
  end
end

-- A kernels table with the named strategies (each defaults to this runtime's fastest); raises an
-- error naming a strategy this runtime cannot run. For tests and benchmarks.
local function with(choice)
  choice = choice or {}
  local bitsName = choice.bits or Bits.best().backend
  local maskName = choice.mask or firstAvailable(MASK_PREFERENCE, maskStrategy)
  local utf8Name = choice.utf8 or firstAvailable(UTF8_PREFERENCE, utf8Scanner)
  local ops = Bits.build(bitsName)
  local maskFunction = maskStrategy(maskName)
  local scan = utf8Scanner(utf8Name)
  if not (ops and maskFunction and scan) then
    error(("this runtime cannot run bits=%s mask=%s utf8=%s"):format(tostring(bitsName), tostring(maskName),
      tostring(utf8Name)), 2)
  end
  return {
    backend = bitsName,
    maskStrategy = maskName,
    utf8Strategy = utf8Name,
    bits = ops,
    mask = maskFunction,
    utf8Continue = makeUtf8Continue(scan),
    sha1 = makeSha1(ops),
    byte = string.byte,
    sub = string.sub,
    _with = with,
    _available = function()
      return {
        bits = Bits.available(),
        mask = available(MASK_PREFERENCE, maskStrategy),
        utf8 = available(UTF8_PREFERENCE, utf8Scanner),
      }
    end,
  }
end

return with()
