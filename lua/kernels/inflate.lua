-- The inner loop of the pure inflater (ts/codec/inflate.ts, decodeFast; contract:
-- lua/codec-kernels.d.ts, `inflateFast`): the literal/length and distance codes of a compressed
-- block (RFC 1951 section 3.2.5) while at least FAST_INPUT (7) bytes of input and room for a longest
-- match (258) are left, so that no symbol can run past either.
--
-- Why it is hand-written rather than compiled from TypeScript: inflating spends most of its time in
-- this loop, and the Lua that TypeScriptToLua emits for it costs VM instructions that hand-written
-- Lua avoids:
--   - a numeric `for` copies a match (4 VM instructions a byte) inline, where TypeScript's `for`
--     compiles to a `while` loop of 8 or a call to a kernel (lua/codec-kernels.lua, copyBack);
--   - the output index is kept 1-based (no `+ 1` on every store), and so are the tables below,
--     indexed by the decoding table's entry itself (huffman-decode.ts: symbol * 16 + code length):
--     the power of two to divide by, the literal, the length base and the power of two of its extra
--     bits, without the `% 16`, `/ 16` and POW2 look-ups per code of the TypeScript loop;
--   - the bit buffer is kept with its power of two (2^bits buffered) instead of its count, so that a
--     refill multiplies by it and consuming a code divides it: no POW2 look-up per refill.
-- It is plain arithmetic (no bit operations), so it runs unchanged on Lua 5.1 to 5.4, LuaJIT,
-- wasmoon and fengari: every value stays below 2^53 and every product that may pass 2^31 has a float
-- operand (fengari's integers are 32-bit). The careful loop for the end of the input or the output
-- stays in TypeScript, with the tables' building and everything else: this loop only ever runs with
-- its bounds checked once per symbol pair.
-- All Lua here parses on Lua 5.1.

local byte = string.byte

-- The stops decodeFast returns (ts/codec/inflate.ts).
local STOP_END_OF_BLOCK = 0
local STOP_ERROR = 3

-- POW[n + 1] = 2^n as a float (1-based: LuaJIT compiles no look-up in a table with a key 0 or
-- keys in its hash part).
local POW = {}
for n = 0, 64 do
  POW[n + 1] = 2.0 ^ n
end
local log, floor = math.log, math.floor
local LOG_2 = log(2)

-- A distance no window allows (windows are at most 2^15): the base of the distance codes 30 and 31,
-- which RFC 1951 section 3.2.6 says never occur, so that one test catches them and distances too far.
local INVALID_DISTANCE = POW[41]

local LENGTH_BASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 }
local LENGTH_EXTRA = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 }
local DISTANCE_BASE = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 }
local DISTANCE_EXTRA = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 }

-- By literal/length entry (symbol * 16 + length, symbols 0-287, lengths 1-15; every key from 1 on is
-- filled, so that the tables stay in their array parts):
--   CODE_DIVISOR    2^length, what consuming the code divides the bit buffer by
--   LITERAL         the byte of a literal (symbols 0-255)
--   MATCH_BASE      a length code's base length (symbols 257-285); 0 for the end of the block (256)
--                   and -1 for the symbols 286 and 287, which never occur in valid data
--   MATCH_DIVISOR   2^(the length's extra bits)
-- Built on the first inflate rather than when the plugin loads (about 10 million machine
-- instructions on lua5.1, and a connection that never compresses never needs them).
local CODE_DIVISOR, LITERAL, MATCH_BASE, MATCH_DIVISOR = {}, {}, {}, {}
local DISTANCE_CODE_DIVISOR, DISTANCE_BASE_OF, DISTANCE_FIELD_DIVISOR = {}, {}, {}
local tablesBuilt = false

local function buildTables()
  tablesBuilt = true
  for entry = 1, 288 * 16 - 1 do
    local length = entry % 16
    local symbol = (entry - length) / 16
    CODE_DIVISOR[entry] = POW[length + 1]
    LITERAL[entry] = symbol < 256 and symbol or 0
    if symbol < 256 then
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = -1, 1
    elseif symbol == 256 then
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = 0, 1
    elseif symbol <= 285 then
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = LENGTH_BASE[symbol - 256], POW[LENGTH_EXTRA[symbol - 256] + 1]
    else
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = -1, 1
    end
  end

  -- By distance entry (code * 16 + length, codes 0-31): 2^length, the distance's base (codes 30 and 31:
  -- INVALID_DISTANCE) and 2^(length + its extra bits), the field the code and its extra bits make.
  for entry = 1, 32 * 16 - 1 do
    local length = entry % 16
    local code = (entry - length) / 16
    DISTANCE_CODE_DIVISOR[entry] = POW[length + 1]
    if code < 30 then
      DISTANCE_BASE_OF[entry], DISTANCE_FIELD_DIVISOR[entry] = DISTANCE_BASE[code + 1], POW[length + DISTANCE_EXTRA[code + 1] + 1]
    else
      DISTANCE_BASE_OF[entry], DISTANCE_FIELD_DIVISOR[entry] = INVALID_DISTANCE, POW[length + 1]
    end
  end
end

-- window: the output array (TypeScript index k at Lua index k + 1), out: how many values it holds;
-- input, nextByte (1-based), bits, bitCount: the input and the bit buffer; limit: where the output
-- must stop (a TypeScript index); the decoding tables' entries and root sizes; windowSize, history:
-- the window and its bytes before window[1]. Returns the stop, then out, nextByte, bits and bitCount,
-- then the message of an error.
local function inflateFast(window, out, input, nextByte, bits, bitCount, limit, literals, literalRoot,
    distances, distanceRoot, windowSize, history)
  if not tablesBuilt then buildTables() end
  local byte = byte
  -- The tables in locals: an upvalue costs a VM instruction per use, a local none.
  local codeDivisor, literal, matchBase, matchDivisor = CODE_DIVISOR, LITERAL, MATCH_BASE, MATCH_DIVISOR
  local distanceCodeDivisor, distanceBase, distanceFieldDivisor = DISTANCE_CODE_DIVISOR, DISTANCE_BASE_OF, DISTANCE_FIELD_DIVISOR
  local pow = POW
  local fastInputEnd = #input - 6
  local at = out + 1
  -- out <= limit - 258, as a 1-based index.
  local fastLimit = limit - 257
  local historyLength = #history
  local power = POW[bitCount + 1]
  local stop, message = -1, nil -- STOP_CAREFUL
  while nextByte <= fastInputEnd and at <= fastLimit do
    -- At least 21 bits: a length code (15) and its extra bits (5); at most 52 after four bytes.
    if power < 2097152 then -- 2^21
      local b0, b1, b2, b3 = byte(input, nextByte, nextByte + 3)
      bits = bits + (b0 + b1 * 256 + b2 * 65536 + b3 * 16777216.0) * power
      nextByte = nextByte + 4
      power = power * 4294967296.0
    end
    local entry = literals[bits % literalRoot + 1]
    if entry < 0 then
      if entry ~= -1 then -- EMPTY
        entry = -entry
        local subBits = entry % 16
        entry = literals[(entry - subBits) / 16 + ((bits - bits % literalRoot) / literalRoot) % pow[subBits + 1] + 1]
      end
      if entry <= 0 then
        stop, message = STOP_ERROR, "invalid literal/length code"
        break
      end
    end
    local divisor = codeDivisor[entry]
    bits = (bits - bits % divisor) / divisor
    power = power / divisor
    if entry < 4096 then
      window[at] = literal[entry]
      at = at + 1
    else
      local length = matchBase[entry]
      if length <= 0 then
        if length == 0 then
          stop = STOP_END_OF_BLOCK
        else
          stop, message = STOP_ERROR, "invalid literal/length code"
        end
        break
      end
      divisor = matchDivisor[entry]
      if divisor > 1 then
        local extra = bits % divisor
        length = length + extra
        bits = (bits - extra) / divisor
        power = power / divisor
      end
      -- At least 28 bits: a distance code (15) and its extra bits (13); at most 51 after three bytes.
      if power < 268435456 then -- 2^28
        local b0, b1, b2 = byte(input, nextByte, nextByte + 2)
        bits = bits + (b0 + b1 * 256 + b2 * 65536) * power
        nextByte = nextByte + 3
        power = power * 16777216.0
      end
      entry = distances[bits % distanceRoot + 1]
      if entry < 0 then
        if entry ~= -1 then -- EMPTY
          entry = -entry
          local subBits = entry % 16
          entry = distances[(entry - subBits) / 16 + ((bits - bits % distanceRoot) / distanceRoot) % pow[subBits + 1] + 1]
        end
        if entry <= 0 then
          stop, message = STOP_ERROR, "invalid distance code"
          break
        end
      end
      -- The code and its extra bits (nearly every distance has some) consumed as one field: the
      -- extra bits are the field's bits above the code's.
      divisor = distanceFieldDivisor[entry]
      local field = bits % divisor
      bits = (bits - field) / divisor
      power = power / divisor
      divisor = distanceCodeDivisor[entry]
      local distance = distanceBase[entry] + (field - field % divisor) / divisor
      if distance > windowSize then
        stop = STOP_ERROR
        message = distance == INVALID_DISTANCE and "invalid distance code" or "invalid distance too far back"
        break
      end
      local from = at - distance
      if from < 1 then
        -- The match starts in the history string (at its byte historyLength + from), and may run on
        -- into the array: eight bytes per string.byte call, the last ones possibly past the match
        -- (the array has room for 7 more, which the copy below or later output overwrites).
        local first = historyLength + from
        if first < 1 then
          stop, message = STOP_ERROR, "invalid distance too far back"
          break
        end
        local count = 1 - from
        if count > length then count = length end
        local stopAt = at + count
        -- One store a statement: a multiple assignment moves every value to a register first.
        repeat
          local v1, v2, v3, v4, v5, v6, v7, v8 = byte(history, first, first + 7)
          window[at] = v1
          window[at + 1] = v2
          window[at + 2] = v3
          window[at + 3] = v4
          window[at + 4] = v5
          window[at + 5] = v6
          window[at + 6] = v7
          window[at + 7] = v8
          at = at + 8
          first = first + 8
        until at >= stopAt
        at = stopAt
        length = length - count
      end
      for i = at, at + length - 1 do
        window[i] = window[i - distance]
      end
      at = at + length
    end
  end
  -- The bit count back from its power of two (exact: log rounds to the nearest integer).
  return stop, at - 1, nextByte, bits, floor(log(power) / LOG_2 + 0.5), message
end

-- REVERSED[b + 1]: the 8 bits of b in reverse order. POW1[n + 1] = 2^n (1-based, array part only).
local REVERSED, POW1 = {}, {}
for b = 0, 255 do
  local reversed, rest = 0, b
  for _ = 1, 8 do
    local low = rest % 2
    reversed = reversed * 2 + low
    rest = (rest - low) / 2
  end
  REVERSED[b + 1] = reversed
end
for n = 0, 31 do POW1[n + 1] = 2 ^ n end

-- buildDecodeTable of ts/codec/huffman-decode.ts, entry for entry the same table (its comments say
-- what each step is for), with numeric for loops and the strided fills inline: every dynamic block
-- builds two tables, a fifth of the small messages carry one, and TypeScript's loops compile to
-- while loops of twice the VM instructions. lengths is a TypeScript array (lengths[s + 1] here).
local function buildDecodeTable(lengths, count, maxRootBits, complete, reuse)
  local lengthCount = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
  local longest = 0
  for s = 1, count do
    local l = lengths[s]
    if l > 0 then
      lengthCount[l + 1] = lengthCount[l + 1] + 1
      if l > longest then longest = l end
    end
  end
  local left, codes = 1, 0
  for l = 2, 16 do
    left = left * 2 - lengthCount[l]
    codes = codes + lengthCount[l]
    if left < 0 then return "over-subscribed Huffman code" end
  end
  if left > 0 and (complete or (codes > 0 and not (codes == 1 and lengthCount[2] == 1))) then
    return "incomplete Huffman code"
  end
  local rootBits = longest == 0 and 1 or (longest < maxRootBits and longest or maxRootBits)
  local rootSize = POW1[rootBits + 1]
  local entries = reuse or {}
  if left > 0 or reuse == nil then
    for i = 1, rootSize do entries[i] = -1 end
  end
  local nextCode = {}
  local code = 0
  for l = 1, 15 do
    nextCode[l] = code
    code = (code + lengthCount[l + 1]) * 2
  end
  local reversedByte, pow = REVERSED, POW1
  local reversed = {}
  local anyLong = false
  for s = 1, count do
    local l = lengths[s]
    if l > 0 then
      local c = nextCode[l]
      nextCode[l] = c + 1
      local low = c % 256
      local r = (reversedByte[low + 1] * 256 + reversedByte[(c - low) / 256 + 1]) / pow[17 - l]
      reversed[s] = r
      if l <= rootBits then
        local value = (s - 1) * 16 + l
        for i = r + 1, rootSize, pow[l + 1] do entries[i] = value end
      else
        anyLong = true
      end
    end
  end
  if not anyLong then return { entries = entries, rootBits = rootBits, rootSize = rootSize } end
  local deepest = {}
  for s = 1, count do
    local l = lengths[s]
    if l > rootBits then
      local prefix = reversed[s] % rootSize + 1
      local d = deepest[prefix]
      if d == nil or l > d then deepest[prefix] = l end
    end
  end
  local offsetOf = {}
  local size = rootSize
  for prefix = 1, rootSize do
    local d = deepest[prefix]
    if d ~= nil then
      local subBits = d - rootBits
      offsetOf[prefix] = size
      entries[prefix] = -(size * 16 + subBits)
      local subSize = pow[subBits + 1]
      if left > 0 then
        for i = size + 1, size + subSize do entries[i] = 0 end
      end
      size = size + subSize
    end
  end
  for s = 1, count do
    local l = lengths[s]
    if l > rootBits then
      local r = reversed[s]
      local prefix = r % rootSize
      local high = (r - prefix) / rootSize
      local subSize = pow[deepest[prefix + 1] - rootBits + 1]
      local offset = offsetOf[prefix + 1]
      local value = (s - 1) * 16 + l
      for i = offset + high + 1, offset + subSize, pow[l - rootBits + 1] do entries[i] = value end
    end
  end
  return { entries = entries, rootBits = rootBits, rootSize = rootSize }
end

return { inflateFast = inflateFast, buildDecodeTable = buildDecodeTable }
