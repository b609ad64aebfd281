-- The portable 32-bit bit layer that the kernels build on (SHA-1 above all).
--
-- Every runtime the plugin runs on offers bit operations differently, or not at all:
--   "native-ops"        Lua 5.3/5.4 and wasmoon: the operators & | ~ << >> on 64-bit integers. 5.1
--                       cannot even parse them, so their code is compiled from a string at load time.
--   "native-ops-int32"  fengari: the same operators, but its integers are 32-bit and wrap silently
--                       (0xFFFFFFFF == -1), so operands are folded into int32 first.
--   "bitop"             LuaBitOp: LuaJIT's builtin `bit`, `require "bit"` (lua-bitop on PUC Lua 5.1),
--                       Solar2D's `require "plugin.bit"`. Results are signed int32, brought back.
--   "bit32"             Lua 5.2's library (and 5.3 built with 5.2 compatibility).
--   "arith"             plain arithmetic on nibbles, for a Lua 5.1 that has none of the above.
--
-- Whatever the backend, every function takes operands in [-2^31, 2^32) (a negative operand stands
-- for its two's complement, so -1 is 0xFFFFFFFF), shift counts in [0, 31], and returns an unsigned
-- 32-bit result in [0, 2^32). The choice is made once, at load time (see `Bits.available`).

local Bits = {}

local floor = math.floor
local load = loadstring or load
local TWO32 = 2 ^ 32 -- a float on every runtime, so sums never wrap on fengari's 32-bit integers

-- The operations every backend provides, for tests and for readers.
Bits.OPERATIONS = { "band", "bor", "bxor", "bnot", "lshift", "rshift", "lrotate", "rrotate" }

-- True when the integer type is at least 64 bits wide (Lua 5.3/5.4, wasmoon; not fengari).
local function hasWideIntegers()
  local maxinteger = math.maxinteger
  return maxinteger ~= nil and maxinteger > 2 ^ 53
end

-- True when the integer type is 32 bits wide (fengari).
local function hasInt32Integers()
  return math.maxinteger == 2147483647
end

-- Compiles Lua source that Lua 5.1 could not parse; nil where the operators do not exist.
local function compile(source, name)
  local chunk = load(source, "=" .. name)
  if not chunk then return nil end
  local ok, result = pcall(chunk)
  if ok then return result end
  return nil
end

local NATIVE_SOURCE = [[
local M = 0xFFFFFFFF
return {
  band = function(a, b) return (a & b) & M end,
  bor = function(a, b) return (a | b) & M end,
  bxor = function(a, b) return (a ~ b) & M end,
  bnot = function(a) return (a ~ M) & M end,
  lshift = function(a, n) return (a << n) & M end,
  rshift = function(a, n) return (a & M) >> n end,
  lrotate = function(a, n) a = a & M; return ((a << n) | (a >> (32 - n))) & M end,
  rrotate = function(a, n) a = a & M; return ((a >> n) | (a << (32 - n))) & M end,
}
]]

-- fengari: every operand is folded into int32 (an unsigned value >= 2^31 has no int32 form and the
-- operators would raise), and a negative int32 result is unfolded to its unsigned value as a float.
local NATIVE_INT32_SOURCE = [[
local TWO31, TWO32 = 2147483648.0, 4294967296.0
local function fold(a) if a >= TWO31 then return a - TWO32 end return a end
local function unfold(r) if r < 0 then return r + TWO32 end return r end
return {
  band = function(a, b) return unfold(fold(a) & fold(b)) end,
  bor = function(a, b) return unfold(fold(a) | fold(b)) end,
  bxor = function(a, b) return unfold(fold(a) ~ fold(b)) end,
  bnot = function(a) return unfold(fold(a) ~ -1) end, -- fengari's unary ~ raises on floats
  lshift = function(a, n) return unfold(fold(a) << n) end,
  rshift = function(a, n) return unfold(fold(a) >> n) end,
  lrotate = function(a, n) a = fold(a); return unfold((a << n) | (a >> (32 - n))) end,
  rrotate = function(a, n) a = fold(a); return unfold((a >> n) | (a << (32 - n))) end,
}
]]

-- LuaBitOp, wherever it lives: LuaJIT's global, the lua-bitop module, Solar2D's plugin.
local function findBitOp()
  if type(bit) == "table" and bit.bxor then return bit end
  for _, name in ipairs({ "bit", "plugin.bit" }) do
    local ok, library = pcall(require, name)
    if ok and type(library) == "table" and library.bxor then return library end
  end
  return nil
end

local function findBit32()
  if type(bit32) == "table" and bit32.bxor then return bit32 end
  return nil
end

local function fromBitOp(library)
  local band, bor, bxor, bnot = library.band, library.bor, library.bxor, library.bnot
  local lshift, rshift, rol, ror = library.lshift, library.rshift, library.rol, library.ror
  -- LuaBitOp answers in signed int32; `%` (floored) brings every answer into [0, 2^32).
  return {
    band = function(a, b) return band(a, b) % TWO32 end,
    bor = function(a, b) return bor(a, b) % TWO32 end,
    bxor = function(a, b) return bxor(a, b) % TWO32 end,
    bnot = function(a) return bnot(a) % TWO32 end,
    lshift = function(a, n) return lshift(a, n) % TWO32 end,
    rshift = function(a, n) return rshift(a, n) % TWO32 end,
    lrotate = function(a, n) return rol(a, n) % TWO32 end,
    rrotate = function(a, n) return ror(a, n) % TWO32 end,
  }
end

local function fromBit32(library)
  -- bit32 already answers in [0, 2^32); only the names differ.
  return {
    band = library.band,
    bor = library.bor,
    bxor = library.bxor,
    bnot = library.bnot,
    lshift = library.lshift,
    rshift = library.rshift,
    lrotate = library.lrotate,
    rrotate = library.rrotate,
  }
end

-- The arithmetic fallback: 8 nibbles per operation, each answered by a 16x16 table.
local function nibbleTable(combine)
  local t = {}
  for a = 0, 15 do
    for b = 0, 15 do
      local r, p = 0, 1
      for _ = 1, 4 do
        local x, y = a % (p * 2) >= p, b % (p * 2) >= p
        if combine(x, y) then r = r + p end
        p = p * 2
      end
      t[a * 16 + b] = r
    end
  end
  return t
end

local function arithmetic()
  local AND = nibbleTable(function(x, y) return x and y end)
  local OR = nibbleTable(function(x, y) return x or y end)
  local XOR = nibbleTable(function(x, y) return x ~= y end)
  local function nibbleWise(t, a, b)
    a, b = a % TWO32, b % TWO32
    local r, p = 0, 1.0 -- a float: 15 * 16^7 overflows fengari's 32-bit integers
    for _ = 1, 8 do
      local na, nb = a % 16, b % 16
      r = r + t[na * 16 + nb] * p
      a, b, p = (a - na) / 16, (b - nb) / 16, p * 16
    end
    return r
  end
  local function lshift(a, n) return (a % TWO32) * 2 ^ n % TWO32 end
  local function rshift(a, n) return floor((a % TWO32) / 2 ^ n) end
  return {
    band = function(a, b) return nibbleWise(AND, a, b) end,
    bor = function(a, b) return nibbleWise(OR, a, b) end,
    bxor = function(a, b) return nibbleWise(XOR, a, b) end,
    bnot = function(a) return TWO32 - 1 - a % TWO32 end,
    lshift = lshift,
    rshift = rshift,
    -- The two halves of a rotation share no bit, so adding them is or-ing them.
    lrotate = function(a, n) return lshift(a, n) + rshift(a, 32 - n) end,
    rrotate = function(a, n) return rshift(a, n) + lshift(a, 32 - n) end,
  }
end

-- Each backend: a function that builds its operations table, or returns nil where it cannot run.
local BUILDERS = {
  ["native-ops"] = function()
    if hasWideIntegers() then return compile(NATIVE_SOURCE, "bits.native-ops") end
  end,
  ["native-ops-int32"] = function()
    if hasInt32Integers() then return compile(NATIVE_INT32_SOURCE, "bits.native-ops-int32") end
  end,
  ["bitop"] = function()
    local library = findBitOp()
    if library then return fromBitOp(library) end
  end,
  ["bit32"] = function()
    local library = findBit32()
    if library then return fromBit32(library) end
  end,
  ["arith"] = arithmetic,
}

-- Fastest first (see docs/benchmarks.md and the runtime notes on bit operations).
Bits.PREFERENCE = { "native-ops", "native-ops-int32", "bitop", "bit32", "arith" }

local built = {}

-- The operations table of backend `name` (with `name` as its field `backend`), or nil when this
-- runtime cannot run that backend.
function Bits.build(name)
  if built[name] == nil then
    local builder = BUILDERS[name]
    if not builder then error("unknown bit backend '" .. tostring(name) .. "'", 2) end
    local ops = builder()
    if ops then ops.backend = name end
    built[name] = ops or false
  end
  return built[name] or nil
end

-- The names of the backends this runtime can run, fastest first.
function Bits.available()
  local names = {}
  for _, name in ipairs(Bits.PREFERENCE) do
    if Bits.build(name) then names[#names + 1] = name end
  end
  return names
end

-- The fastest backend this runtime can run ("arith" runs everywhere).
function Bits.best()
  for _, name in ipairs(Bits.PREFERENCE) do
    local ops = Bits.build(name)
    if ops then return ops end
  end
end

return Bits
