-- The deflater's two hot loops (contract: deflateScan and deflateEncode in lua/codec-kernels.d.ts),
-- hand-written in Lua:
--   scan     LZ77 over a slice of the message: trigrams looked up, the longest match taken, the
--            block's symbols and frequencies counted
--   encode   a block's symbols in its Huffman codes, appended to the bit stream
--
-- ts/codec/deflate.ts's scanPositions and encodeSymbols are the reference: these give the same
-- symbols, frequencies and bytes for every input (test/codec-lua-vectors.test.ts compares every
-- level's and window's payloads from each runtime, byte for byte, with the reference's under Node).
-- They are written by hand because what makes them cheaper cannot be said in TypeScript: all state
-- in locals, numeric for loops (TypeScript's for becomes a while loop), the match comparison inline
-- rather than a call per candidate, a position's trigram and the 8 bytes after it read by one
-- string.byte call (a C call costs a few hundred machine instructions on PUC Lua) and used again for
-- the comparisons, the byte a longer candidate must agree at (zlib's scan_end) and a short match's
-- inserted trigrams, and a bit buffer kept with its power of two. No bit operations: they run as they are on Lua 5.1 to 5.4, LuaJIT, wasmoon and
-- fengari (every integer here stays far below 2^31, the bit buffer below 2^44).
--
-- Index conventions: the arrays are the TypeScript deflater's (index k there is k + 1 here), except
-- `head`, which only this scan reads and writes on Lua runtimes: it is keyed by the trigram itself.

local byte, char = string.byte, string.char
local unpack = table.unpack or unpack

local MAX_MATCH = 258
-- A match's symbol is 256 + length + distance * MATCH_DISTANCE_UNIT (as in ts/codec/deflate.ts).
local MATCH_DISTANCE_UNIT = 1024
-- Below level 2, only the positions of matches up to this long go into the index (zlib's level 1).
local MAX_INSERT_LENGTH = 4

-- RFC 1951 section 3.2.5: the base and extra bits of the length codes 257..285 and distance codes 0..29.
local LENGTH_BASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 }
local LENGTH_EXTRA = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 }
local DIST_BASE = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 }
local DIST_EXTRA = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 }

-- LENGTH_SLOT[length]: the index of its length code's frequency (257 + code, plus one). DIST_SLOT_SMALL
-- [distance] for distances up to 256, DIST_SLOT_LARGE[(distance - 1) / 128, floored] above: the index
-- of its distance code's frequency (code plus one).
local LENGTH_SLOT, DIST_SLOT_SMALL, DIST_SLOT_LARGE = {}, {}, {}
for c = 1, 29 do
  for length = LENGTH_BASE[c], LENGTH_BASE[c] + 2 ^ LENGTH_EXTRA[c] - 1 do LENGTH_SLOT[length] = 257 + c end
end
LENGTH_SLOT[258] = 286
-- Codes above 256 cover whole 128-distance steps: a loop over steps, not over 32 K distances (load time).
for c = 1, 30 do
  local base, count = DIST_BASE[c], 2 ^ DIST_EXTRA[c]
  if base <= 256 then
    for d = base, base + count - 1 do DIST_SLOT_SMALL[d] = c end
  else
    for step = (base - 1) / 128, (base - 1 + count) / 128 - 1 do DIST_SLOT_LARGE[step] = c end
  end
end

-- How many bytes from a and b agree, up to limit: 8 at a time while they do (for the rare long match).
-- Also lua/codec-kernels.lua's matchLength, for the TypeScript reference of the scan.
local function agreeing(s, a, b, limit)
  local n = 0
  while n + 8 <= limit do
    local a1, a2, a3, a4, a5, a6, a7, a8 = byte(s, a + n, a + n + 7)
    local b1, b2, b3, b4, b5, b6, b7, b8 = byte(s, b + n, b + n + 7)
    if a1 ~= b1 then return n end
    if a2 ~= b2 then return n + 1 end
    if a3 ~= b3 then return n + 2 end
    if a4 ~= b4 then return n + 3 end
    if a5 ~= b5 then return n + 4 end
    if a6 ~= b6 then return n + 5 end
    if a7 ~= b7 then return n + 6 end
    if a8 ~= b8 then return n + 7 end
    n = n + 8
  end
  while n < limit and byte(s, a + n) == byte(s, b + n) do n = n + 1 end
  return n
end

local function scan(s, i, sliceEnd, offset, lowest, head, previous, chainSpan, chainLength, niceLength, maxDistance, insertAll,
                    symbols, symbolCount, symbolLimit, literalFrequencies, distanceFrequencies, progress)
  local stop = #s
  -- Positions up to here have a trigram; the last two bytes of the message are literals.
  local lastTrigram = stop - 2
  local trigrams = 0
  -- The positions with a trigram in one loop, the message's last two bytes (literals) after it: no
  -- test for the end of the message per position.
  local trigramEnd = sliceEnd
  if trigramEnd > lastTrigram then trigramEnd = lastTrigram end
  while i <= trigramEnd and symbolCount < symbolLimit do
    -- The trigram and the 8 bytes after it in one call: the comparisons and the short match's
    -- insertions below read them (past the message they are nil, which the limit cuts off).
    local b1, b2, b3, c1, c2, c3, c4, c5, c6, c7, c8 = byte(s, i, i + 10)
    local key = (b1 * 256 + b2) * 256 + b3
    local position = i + offset
    local candidate = head[key]
    head[key] = position
    -- A first occurrence writes its slot too (with nothing): see scanPositions.
    previous[position % chainSpan + 1] = candidate
    local bestLength, bestDistance = 0, 0
    if candidate == nil then
      trigrams = trigrams + 1
    else
      local floor = position - maxDistance
      if floor < lowest then floor = lowest end
      local room = stop - i + 1
      if room > MAX_MATCH then room = MAX_MATCH end
      -- Bytes past the first three that a match may take.
      local limit = room - 3
      local scanEnd
      local chain = chainLength
      local spanFloor = position - chainSpan
      while candidate >= floor do
        local from = candidate - offset
        if bestLength == 0 or byte(s, from + bestLength) == scanEnd then
          local d1, d2, d3, d4, d5, d6, d7, d8 = byte(s, from + 3, from + 10)
          -- n, and the byte of this position just past the match when it is in hand (c1 .. c8): a
          -- better match's scan_end without a string.byte call.
          local n, past
          if d1 ~= c1 then n, past = 0, c1
          elseif d2 ~= c2 then n, past = 1, c2
          elseif d3 ~= c3 then n, past = 2, c3
          elseif d4 ~= c4 then n, past = 3, c4
          elseif d5 ~= c5 then n, past = 4, c5
          elseif d6 ~= c6 then n, past = 5, c6
          elseif d7 ~= c7 then n, past = 6, c7
          elseif d8 ~= c8 then n, past = 7, c8
          elseif limit > 8 then n = 8 + agreeing(s, from + 11, i + 11, limit - 8)
          else n = 8 end
          -- Bytes past the message (nil) may have "agreed": the limit cuts them off.
          if n > limit then n = limit end
          local length = 3 + n
          if length > bestLength then
            bestLength = length
            bestDistance = position - candidate
            if length >= niceLength or length >= room then break end
            if n < 8 then scanEnd = past else scanEnd = byte(s, i + length) end
          end
        end
        chain = chain - 1
        -- Past the span (at or below spanFloor), the candidate's slot may hold a newer position's link.
        if chain <= 0 or candidate <= spanFloor then break end
        local older = previous[candidate % chainSpan + 1]
        if older == nil or older >= candidate then break end
        candidate = older
      end
    end
    if bestLength >= 3 then
      symbolCount = symbolCount + 1
      symbols[symbolCount] = 256 + bestLength + bestDistance * MATCH_DISTANCE_UNIT
      local slot = LENGTH_SLOT[bestLength]
      literalFrequencies[slot] = literalFrequencies[slot] + 1
      if bestDistance <= 256 then
        slot = DIST_SLOT_SMALL[bestDistance]
      else
        slot = DIST_SLOT_LARGE[(bestDistance - 1 - (bestDistance - 1) % 128) / 128]
      end
      distanceFrequencies[slot] = distanceFrequencies[slot] + 1
      if insertAll or bestLength <= MAX_INSERT_LENGTH then
        local last = i + bestLength - 1
        if last > lastTrigram then last = lastTrigram end
        -- The first three positions' trigrams are in hand (b2 .. c3): no string.byte call for a
        -- short match (level 1 inserts only matches up to 4 long, so up to these three).
        if last >= i + 1 then
          local p = i + 1 + offset
          local k = (b2 * 256 + b3) * 256 + c1
          local older = head[k]
          if older == nil then trigrams = trigrams + 1 end
          previous[p % chainSpan + 1] = older
          head[k] = p
          if last >= i + 2 then
            p = p + 1
            k = (b3 * 256 + c1) * 256 + c2
            older = head[k]
            if older == nil then trigrams = trigrams + 1 end
            previous[p % chainSpan + 1] = older
            head[k] = p
            if last >= i + 3 then
              p = p + 1
              k = (c1 * 256 + c2) * 256 + c3
              older = head[k]
              if older == nil then trigrams = trigrams + 1 end
              previous[p % chainSpan + 1] = older
              head[k] = p
            end
          end
        end
        for j = i + 4, last do
          local x1, x2, x3 = byte(s, j, j + 2)
          local k = (x1 * 256 + x2) * 256 + x3
          local p = j + offset
          local older = head[k]
          if older == nil then trigrams = trigrams + 1 end
          previous[p % chainSpan + 1] = older
          head[k] = p
        end
      end
      i = i + bestLength
    else
      symbolCount = symbolCount + 1
      symbols[symbolCount] = b1
      literalFrequencies[b1 + 1] = literalFrequencies[b1 + 1] + 1
      i = i + 1
    end
  end
  while i <= sliceEnd and symbolCount < symbolLimit do
    local literal = byte(s, i)
    symbolCount = symbolCount + 1
    symbols[symbolCount] = literal
    literalFrequencies[literal + 1] = literalFrequencies[literal + 1] + 1
    i = i + 1
  end
  progress[1], progress[2], progress[3] = i, symbolCount, trigrams
end

-- Output bytes gathered before they become a string: a run of ENCODE_RUN symbols adds at most
-- 6 bytes each, so a run starts with at most OUTPUT_CHUNK - 6 * ENCODE_RUN of them and the array stays
-- within 4096 values (one string.char call).
local OUTPUT_CHUNK = 4080
local ENCODE_RUN = 256
local POWERS = {}
for n = 0, 15 do POWERS[n] = 2 ^ n end

-- 2 ^ (bits of each literal, length and distance) of a block's codes, by the same indices except
-- that a length's (and its value, copied) are keyed by a match symbol's length part itself (256 +
-- length, one addition fewer per match): built once per codes table (the fixed code's once in all,
-- a dynamic block's once) and kept in it, as its field `scales` (which the TypeScript never reads):
-- it lives and goes with the table.
local function scales(codes)
  local found = codes.scales
  if found then return found[1], found[2], found[3], found[4] end
  local literalScale, lengthValue, lengthScale, distanceScale = {}, {}, {}, {}
  local literalLengths, lengthBits, distanceBits = codes.literalLengths, codes.lengthBits, codes.distanceBits
  for s = 1, 257 do literalScale[s] = POWERS[literalLengths[s]] end
  for length = 3, MAX_MATCH do
    lengthValue[256 + length] = codes.lengthValue[257 + length]
    lengthScale[256 + length] = 2 ^ lengthBits[257 + length]
  end
  for c = 1, 30 do distanceScale[c] = 2 ^ distanceBits[c] end
  codes.scales = { literalScale, lengthValue, lengthScale, distanceScale }
  return literalScale, lengthValue, lengthScale, distanceScale
end

-- The encoding of ts/codec/deflate.ts's encodeSymbols, byte for byte, with the bit buffer kept with
-- its power of two (2 ^ bits held) rather than its bit count, which spares a look-up per code;
-- whole bytes leave it two at a time once 16 bits are held (at most 43 are: far below the 53 bits
-- a float holds exactly); the check for a full output array once per run of symbols.
local function encode(symbols, count, codes, bytes, byteCount, bitBuffer, bitCount, parts, progress)
  local literalCodes = codes.literalCodes
  local distanceOffset, distanceScale = codes.distanceOffset, codes.distanceScale
  local literalScale, lengthValue, lengthScale, distanceBitsScale = scales(codes)
  local power = POWERS[bitCount]
  for first = 1, count, ENCODE_RUN do
    if byteCount > OUTPUT_CHUNK - 6 * ENCODE_RUN then
      parts[#parts + 1] = char(unpack(bytes, 1, byteCount))
      byteCount = 0
    end
    local last = first + ENCODE_RUN - 1
    if last > count then last = count end
    for k = first, last do
      local symbol = symbols[k]
      if symbol < 256 then
        local s = symbol + 1
        bitBuffer = bitBuffer + literalCodes[s] * power
        power = power * literalScale[s]
      else
        local lengthPart = symbol % MATCH_DISTANCE_UNIT
        local distance = (symbol - lengthPart) / MATCH_DISTANCE_UNIT
        bitBuffer = bitBuffer + lengthValue[lengthPart] * power
        power = power * lengthScale[lengthPart]
        -- Under 16 bits again before the distance: at most 15 + 28 are then held.
        if power >= 65536 then
          local word = bitBuffer % 65536
          local low = word % 256
          bytes[byteCount + 1] = low
          bytes[byteCount + 2] = (word - low) / 256
          byteCount = byteCount + 2
          bitBuffer = (bitBuffer - word) / 65536
          power = power / 65536
        end
        local code
        if distance <= 256 then
          code = DIST_SLOT_SMALL[distance]
        else
          code = DIST_SLOT_LARGE[(distance - 1 - (distance - 1) % 128) / 128]
        end
        bitBuffer = bitBuffer + (distanceOffset[code] + distance * distanceScale[code]) * power
        power = power * distanceBitsScale[code]
      end
      while power >= 65536 do
        local word = bitBuffer % 65536
        local low = word % 256
        bytes[byteCount + 1] = low
        bytes[byteCount + 2] = (word - low) / 256
        byteCount = byteCount + 2
        bitBuffer = (bitBuffer - word) / 65536
        power = power / 65536
      end
    end
  end
  bitBuffer = bitBuffer + literalCodes[257] * power
  power = power * literalScale[257]
  while power >= 256 do
    local low = bitBuffer % 256
    byteCount = byteCount + 1
    bytes[byteCount] = low
    bitBuffer = (bitBuffer - low) / 256
    power = power / 256
  end
  bitCount = 0
  while POWERS[bitCount] < power do bitCount = bitCount + 1 end
  progress[1], progress[2], progress[3] = byteCount, bitBuffer, bitCount
end

return { scan = scan, encode = encode, agreeing = agreeing }
