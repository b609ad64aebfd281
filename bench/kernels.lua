-- Throughput of the hot kernels inside the built plugin: masking (what sending costs), UTF-8
-- validation of ASCII and of multi-byte text (what receiving text costs) and joining the slices of a
-- big message (next to table.concat), on large inputs in MiB/s,
-- and on the 32-byte payloads typical of game messages in calls per second, where the cost of a
-- call itself (allocations, set-up) matters more than the cost per byte.
--
-- usage: kernels.lua [--small | --quick]   (bench/run.mjs passes the flags)
--   (none)    1 MiB inputs, best of 5 rounds
--   --small   256 KiB inputs, best of 3 rounds (fengari, whose Lua runs in JavaScript)
--   --quick   4 KiB inputs, one short round: proves the benchmark runs, measures nothing
-- Prints the lines bench/run.mjs reads:
--   BENCH <name> <value> <unit>       a measurement
--   TARGET <name> <runtime> <minimum> the figure this project promises for a runtime
--   NOTE <name> <text>                context shown in the table

require("plugin.websockets") -- which registers plugin.websockets._core
local kernels = require("plugin.websockets._core").kernels

local MODES = {
  full = { bytes = 1024 * 1024, rounds = 5, minSeconds = 0.2, label = "1 MiB" },
  small = { bytes = 256 * 1024, rounds = 3, minSeconds = 0.2, label = "256 KiB" },
  quick = { bytes = 4 * 1024, rounds = 1, minSeconds = 0.01, label = "4 KiB" },
}
local mode = MODES.full
for _, flag in ipairs(arg or {}) do
  if flag == "--small" and mode ~= MODES.quick then mode = MODES.small end
  if flag == "--quick" then mode = MODES.quick end
end

-- `unit` repeated and cut to exactly `bytes` bytes, cut back to a whole character for text.
local function sized(unit, bytes)
  local text = string.rep(unit, math.floor(bytes / #unit) + 1):sub(1, bytes)
  local complete = kernels.utf8Continue("", text)
  return complete and text:sub(1, #text - #complete) or text
end

local ASCII_TEXT = sized("The quick brown fox jumps over the lazy dog; 0123456789. ", mode.bytes)
-- Russian, Chinese, Japanese and emoji, with the spaces and punctuation real text has.
local MULTIBYTE_TEXT = sized(table.concat({
  "\208\159\209\128\208\184\208\178\208\181\209\130, \208\188\208\184\209\128! ",
  "\228\189\160\229\165\189\239\188\140\228\184\150\231\149\140\227\128\130 ",
  "\227\129\147\227\130\147\227\129\171\227\129\161\227\129\175 ",
  "\240\159\152\128\240\159\142\137 ",
}), mode.bytes)
local BINARY = {}
for i = 1, 256 do BINARY[i] = string.char((i * 37 + 11) % 256) end
local BINARY_DATA = sized(table.concat(BINARY), mode.bytes)

-- MiB/s of `run` over `bytes` bytes: the best of the rounds, each repeating `run` for at least
-- minSeconds of CPU time (os.clock), which shared machines disturb less than wall time.
local function throughput(bytes, run)
  local best = 0
  for _ = 1, mode.rounds do
    local repetitions, started = 0, os.clock()
    local elapsed
    repeat
      run()
      repetitions = repetitions + 1
      elapsed = os.clock() - started
    until elapsed >= mode.minSeconds
    if elapsed > 0 then
      local rate = bytes * repetitions / elapsed / (1024 * 1024)
      if rate > best then best = rate end
    end
  end
  return best
end

-- Calls per second of `run`: the best of the rounds, each repeating `run` in batches of 100 (so the
-- clock is read rarely) for at least minSeconds of CPU time.
local BATCH = 100
local function callRate(run)
  local best = 0
  for _ = 1, mode.rounds do
    local calls, started = 0, os.clock()
    local elapsed
    repeat
      for _ = 1, BATCH do run() end
      calls = calls + BATCH
      elapsed = os.clock() - started
    until elapsed >= mode.minSeconds
    if elapsed > 0 then
      local rate = calls / elapsed
      if rate > best then best = rate end
    end
  end
  return best
end

local function report(name, value, unit)
  print(("BENCH %s %.1f %s"):format(name, value, unit))
end

assert(kernels.utf8Continue("", ASCII_TEXT) == "" and kernels.utf8Continue("", MULTIBYTE_TEXT) == "",
  "benchmark texts must be valid UTF-8")
local key = "\55\250\33\61"
assert(kernels.mask(kernels.mask(BINARY_DATA, key), key) == BINARY_DATA, "masking must be its own inverse")

print("NOTE kernel-strategies " .. kernels.backend .. " / " .. kernels.maskStrategy .. " / " .. kernels.utf8Strategy)
print("NOTE kernel-input " .. mode.label)
report("mask", throughput(#BINARY_DATA, function() kernels.mask(BINARY_DATA, key) end), "MiB/s")
report("utf8-ascii", throughput(#ASCII_TEXT, function() kernels.utf8Continue("", ASCII_TEXT) end), "MiB/s")
report("utf8-multibyte", throughput(#MULTIBYTE_TEXT, function() kernels.utf8Continue("", MULTIBYTE_TEXT) end), "MiB/s")

-- Joining a big message's slices (the piece joiner's last step, and masking's pieces): the join
-- kernel next to table.concat, its reference, on 4 KiB slices adding up to the input size.
local SLICES = {}
for i = 1, math.max(1, math.floor(mode.bytes / 4096)) do SLICES[i] = BINARY_DATA:sub(1, 4096) end
assert(kernels.join(SLICES) == table.concat(SLICES), "the join kernel must join as table.concat does")
print("NOTE join-strategy " .. kernels.joinStrategy)
report("join-4k-slices", throughput(#SLICES * 4096, function() kernels.join(SLICES) end), "MiB/s")
report("table.concat-4k-slices", throughput(#SLICES * 4096, function() table.concat(SLICES) end), "MiB/s")

-- A typical game message: 32 bytes, masked once when sent, its text validated when sent and received.
local SHORT_BINARY = BINARY_DATA:sub(1, 32)
local SHORT_TEXT = ASCII_TEXT:sub(1, 32)
assert(kernels.mask(kernels.mask(SHORT_BINARY, key), key) == SHORT_BINARY and kernels.utf8Continue("", SHORT_TEXT) == "")
report("mask-32b", callRate(function() kernels.mask(SHORT_BINARY, key) end), "ops/s")
report("utf8-ascii-32b", callRate(function() kernels.utf8Continue("", SHORT_TEXT) end), "ops/s")

-- The promises (docs/benchmarks.md): sending at least this fast on the runtimes games use, and
-- validating text far faster than the byte-at-a-time loops of other Lua WebSocket libraries.
print("TARGET mask lua5.1 45")
print("TARGET mask luajit 350")
print("TARGET mask lua5.4 120")
print("TARGET mask wasmoon 75")
print("TARGET utf8-ascii lua5.1 150")
print("TARGET utf8-multibyte lua5.1 15")
