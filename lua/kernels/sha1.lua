-- SHA-1 of lua/kernels.lua (contract: lua/kernels.d.ts, `sha1`), on the portable bit layer
-- (lua/bits.lua). All Lua here parses on Lua 5.1.

local Support = require("support")

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local compile, builtOnDemand = Support.compile, Support.builtOnDemand

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

return { make = makeSha1 }
