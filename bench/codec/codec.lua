-- The permessage-deflate codec benchmark, run by bench/codec.mjs in each runtime on the corpus it
-- wrote (bench/.tmp/codec-corpus.lua: game-like JSON, and the same messages compressed by zlib
-- level 1 with context takeover). Prints BENCH lines (best of several rounds, CPU time):
--   inflate          MB/s of output, the whole corpus as one connection receives it
--   inflate-small    inflates/s of the small state updates alone (about 230 bytes, context takeover)
--   deflate-1        MB/s of input, level 1, the whole corpus with context takeover
--   deflate-size     bytes of our level-1 output for the whole corpus (zlib's is in the corpus)
--   heap             KiB of Lua heap one connection's codecs hold (both directions, after traffic)
--
--   lua codec.lua <corpus.lua> [--quick] [--small] [--rounds N]
local corpusFile = assert(arg and arg[1], "usage: codec.lua <corpus.lua> [--quick] [--small] [--rounds N]")
local quick, small, roundsAsked = false, false, nil
for i = 2, #arg do
  if arg[i] == "--quick" then quick = true end
  if arg[i] == "--small" then small = true end
  if arg[i] == "--rounds" then roundsAsked = tonumber(arg[i + 1]) end
end
local folder, name = corpusFile:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local corpus = require(name)
require("plugin.websockets") -- which registers plugin.websockets._core
local codec = require("plugin.websockets._core").codec

local rounds = roundsAsked or (quick and 1 or 5)
-- fengari is two orders of magnitude slower: a prefix of the corpus there.
local count = #corpus.messages
local smallCount = #corpus.small
if small or quick then
  count = math.min(count, 12)
  smallCount = math.min(smallCount, 40)
end
local BUDGET = 65536
local concat = table.concat

local function inflateStream(messages, compressed, n, check)
  local inflater = codec.newPureInflater({ windowBits = 15, noContextTakeover = false, maxMessageSize = 16 * 1024 * 1024 })
  for i = 1, n do
    inflater:write(compressed[i], true)
    local parts, k = {}, 0
    while true do
      local step = inflater:read(BUDGET)
      k = k + 1
      parts[k] = step.data
      if step.status == "done" then break end
      if step.status ~= "more" then error("inflate " .. step.status .. ": " .. tostring(step.error)) end
    end
    if check and concat(parts) ~= messages[i] then error("inflate mismatch at message " .. i) end
  end
end

local function deflateStream(messages, n)
  local deflater = codec.newPureDeflater({ windowBits = 15, noContextTakeover = false, level = 1 })
  local size = 0
  for i = 1, n do
    deflater:write(messages[i])
    while true do
      local step = deflater:read(BUDGET)
      size = size + #step.data
      if step.status == "done" then break end
    end
  end
  return size
end

-- fengari has no collectgarbage: no collections there, and no heap figure.
local function collect()
  pcall(collectgarbage)
  pcall(collectgarbage)
end
local function heapKiB()
  local ok, kib = pcall(collectgarbage, "count")
  return ok and type(kib) == "number" and kib or nil
end

local function best(run)
  local fastest = math.huge
  for _ = 1, rounds do
    collect()
    local start = os.clock()
    run()
    local took = os.clock() - start
    if took < fastest then fastest = took end
  end
  return math.max(fastest, 1e-6)
end

local function total(list, n)
  local bytes = 0
  for i = 1, n do bytes = bytes + #list[i] end
  return bytes
end

inflateStream(corpus.messages, corpus.compressed, count, true)
local inflateBytes = total(corpus.messages, count)
local t = best(function() inflateStream(corpus.messages, corpus.compressed, count) end)
print(string.format("BENCH inflate %.2f MB/s", inflateBytes / t / 1e6))

inflateStream(corpus.small, corpus.smallCompressed, smallCount, true)
t = best(function() inflateStream(corpus.small, corpus.smallCompressed, smallCount) end)
print(string.format("BENCH inflate-small %.0f inflates/s", smallCount / t))

local size
t = best(function() size = deflateStream(corpus.messages, count) end)
print(string.format("BENCH deflate-1 %.2f MB/s", inflateBytes / t / 1e6))
print(string.format("BENCH deflate-size %d bytes", size))
print(string.format("BENCH zlib-size %d bytes", total(corpus.compressed, count)))
print(string.format("NOTE corpus %d messages, %d bytes", count, inflateBytes))

-- The heap one connection's codecs hold: both directions after some small messages each way. A
-- first connection runs before, so that what the module builds once (fixed Huffman tables) is not
-- counted.
local function connection()
  local inflater = codec.newPureInflater({ windowBits = 15, noContextTakeover = false, maxMessageSize = 16 * 1024 * 1024 })
  local deflater = codec.newPureDeflater({ windowBits = 15, noContextTakeover = false, level = 1 })
  for i = 1, smallCount do
    inflater:write(corpus.smallCompressed[i], true)
    repeat local step = inflater:read(BUDGET) until step.status ~= "more"
    deflater:write(corpus.small[i])
    repeat local step = deflater:read(BUDGET) until step.status == "done"
  end
  return { inflater, deflater }
end
connection()
collect()
local before = heapKiB()
local kept = connection()
collect()
local after = heapKiB()
if before and after then print(string.format("BENCH heap %.0f KiB", after - before)) end
-- Keep the connection alive until the count above is taken.
assert(kept[1] and kept[2])
