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
--             "host"     wasmoon and fengari in the Node host: its native XOR from 1 KiB on (the
--                        words kernels below that), offered by the preloaded plugin.websockets_host
--             "words64"  Lua 5.3/5.4, wasmoon: string.unpack/pack of 8-byte words and native `~`
--             "words32"  fengari (32-bit integers): the same on 4-byte words
--             "lookup"   plain Lua 5.1 (Solar2D): 64 bytes per string.byte call, each XORed through a
--                        per-key-byte table, 64 values per string.char call; needs no bit operations
--   UTF-8     "utf8.len" where the runtime's utf8.len is exactly RFC 3629 (probed at load time; Lua
--                        5.3's and fengari's accept surrogates, so those are rejected with a pattern)
--             "dfa-jit"  LuaJIT with its compiler on: the automaton below, skipping ASCII with a loop
--                        of 8 bytes per string.byte call (LuaJIT cannot compile a pattern search)
--             "dfa"      elsewhere: a table-driven automaton, 64 bytes per string.byte call
--   all skip runs of ASCII (with one anchored string.find, which runs at C speed, but for
--   "dfa-jit"); a chunk that is all ASCII is answered by that skip alone.
--   Masking a payload of up to a block (64 to 512 bytes), or the rest of a longer one, takes one
--   call for all of it, so short messages cost few calls and allocate nothing but the result.
--   SHA-1     on the portable bit layer (lua/bits.lua); only ever hashes a handshake key.
--   joining   "one-pass" plain Lua 5.1: generated concatenations of up to 64 values, since its
--                        table.concat copies big joins about log2(values) times
--             "concat"   elsewhere: table.concat
--
-- Every other combination the runtime can run stays reachable through `_with` so that the tests
-- cover the fallbacks (the arithmetic bit layer, the lookup masking, the automaton) everywhere.
-- All Lua here parses on Lua 5.1: code that needs newer syntax is compiled from strings.
--
-- One file per concern, each with its strategies: lua/kernels/mask.lua, lua/kernels/utf8.lua,
-- lua/kernels/sha1.lua, lua/kernels/join.lua (what they share: lua/kernels/support.lua). This file
-- only assembles them; a new kernel (inflate, deflate) gets a file of its own beside them.


local Bits = require("bits")
local Mask = require("kernels.mask")
local Utf8 = require("kernels.utf8")
local Sha1 = require("kernels.sha1")
local Join = require("kernels.join")

local MASK_BUILDERS, MASK_PREFERENCE = Mask.BUILDERS, Mask.PREFERENCE
local UTF8_BUILDERS, UTF8_PREFERENCE = Utf8.BUILDERS, Utf8.PREFERENCE
local JOIN_BUILDERS, JOIN_PREFERENCE = Join.BUILDERS, Join.PREFERENCE
local makeUtf8Continue, makeSha1 = Utf8.makeContinue, Sha1.make

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
local utf8Strategy = buildOnce(UTF8_BUILDERS)
local joinStrategy = buildOnce(JOIN_BUILDERS)

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
  local utf8Name = choice.utf8 or firstAvailable(UTF8_PREFERENCE, utf8Strategy)
  local joinName = choice.join or firstAvailable(JOIN_PREFERENCE, joinStrategy)
  local ops = Bits.build(bitsName)
  local maskFunction = maskStrategy(maskName)
  local utf8Functions = utf8Strategy(utf8Name)
  local joinFunction = joinStrategy(joinName)
  if not (ops and maskFunction and utf8Functions and joinFunction) then
    error(("this runtime cannot run bits=%s mask=%s utf8=%s join=%s"):format(tostring(bitsName),
      tostring(maskName), tostring(utf8Name), tostring(joinName)), 2)
  end
  return {
    backend = bitsName,
    maskStrategy = maskName,
    utf8Strategy = utf8Name,
    joinStrategy = joinName,
    bits = ops,
    mask = maskFunction,
    utf8Continue = makeUtf8Continue(utf8Functions),
    sha1 = makeSha1(ops),
    byte = string.byte,
    sub = string.sub,
    join = joinFunction,
    joinGroup = Join.GROUP,
    -- PUC Lua 5.1's table.concat merges the values on its stack pairwise (luaL_Buffer's levels), so
    -- joining thousands of slices copies everything about log2(slices) times; 5.2+ and LuaJIT grow
    -- one buffer instead. ts/core/piece-joiner.ts joins big messages as they arrive only where needed.
    concatMergesPairwise = Join.concatMergesPairwise,
    _with = with,
    _available = function()
      return {
        bits = Bits.available(),
        mask = available(MASK_PREFERENCE, maskStrategy),
        utf8 = available(UTF8_PREFERENCE, utf8Strategy),
        join = available(JOIN_PREFERENCE, joinStrategy),
      }
    end,
  }
end

return with()
