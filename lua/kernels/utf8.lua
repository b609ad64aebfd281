-- UTF-8 validation strategies of lua/kernels.lua (contract: lua/kernels.d.ts, `utf8Continue`); see
-- that file for how a strategy is chosen. All Lua here parses on Lua 5.1.

local Support = require("support")

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local compile, builtOnDemand = Support.compile, Support.builtOnDemand
local asciiEndByPattern, asciiEndByLoop = Support.asciiEndByPattern, Support.asciiEndByLoop

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
    "local byte, asciiEnd, ACCEPT, REJECT = ...",
    "return function(chunk, i)",
    "  local n, s = #chunk, ACCEPT",
    "  local lastBlock = n - " .. (block - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = byte(chunk, i, i + " .. (block - 1) .. ")",
    "    " .. concat(steps, " "),
    "    if s == REJECT then return REJECT end",
    "    i = i + " .. block,
    "    if s == ACCEPT then",
    "      i = asciiEnd(chunk, i) + 1",
    "    end",
    "  end",
    "  for p = i, n do s = s[byte(chunk, p)] end",
    "  return s",
    "end",
  }, "\n")
end

-- A strategy is { scan = scanner, asciiEnd = how it skips ASCII runs }. Each scanner validates
-- chunk[i..] starting between sequences (utf8Continue calls it at the first byte that is not ASCII),
-- and answers as utf8Continue does.
local function automatonStrategy(asciiEnd)
  local run = compile(automatonSource(UTF8_BLOCK), "kernels.utf8.dfa", byte, asciiEnd, ACCEPT, REJECT)
  local function scan(chunk, i)
    local state = run(chunk, i)
    if state == ACCEPT then return "" end
    if state == REJECT then return nil end
    return sub(chunk, incompleteTailStart(chunk, i))
  end
  return { scan = scan, asciiEnd = asciiEnd }
end

-- The automaton skipping ASCII with a loop where LuaJIT compiles code (see Support.asciiEndByLoop).
local function compiledAutomatonStrategy()
  local compiling = type(jit) == "table" and type(jit.status) == "function" and jit.status() == true
  if not compiling then return nil end
  return automatonStrategy(asciiEndByLoop)
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

local function utf8LenStrategy()
  local probe = probeUtf8Len()
  if not probe then return nil end
  local len = utf8.len
  local checkSurrogates = not probe.rejectsSurrogates
  local function scan(chunk, i)
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
  return { scan = scan, asciiEnd = asciiEndByPattern }
end

local UTF8_BUILDERS = {
  ["utf8.len"] = utf8LenStrategy,
  ["dfa-jit"] = compiledAutomatonStrategy,
  dfa = function() return automatonStrategy(asciiEndByPattern) end,
}
local UTF8_PREFERENCE = { "utf8.len", "dfa-jit", "dfa" }

local function makeUtf8Continue(strategy)
  local scan, asciiEnd = strategy.scan, strategy.asciiEnd
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
    local runEnd = asciiEnd(chunk, i)
    if runEnd == #chunk then return "" end
    return scan(chunk, runEnd + 1)
  end
end

return { BUILDERS = UTF8_BUILDERS, PREFERENCE = UTF8_PREFERENCE, makeContinue = makeUtf8Continue }
