-- The module's `codec` field (LuaCodec over java.util.zip) called from Lua through the bridge:
-- what Node's zlib deflated (servers.mjs), inflated byte-exact, whole and in small pieces; Java's
-- deflater round-tripped through Java's inflater and through the plugin's pure Lua inflater, and
-- the pure deflater through Java's inflater; every byte value; invalid data as a value; misuse in
-- Lua's own words.
local native = require("plugin.websockets_native")
require("plugin.websockets") -- registers plugin.websockets._core, the protocol core for tests
local core = require("plugin.websockets._core")
local codec = native.codec

local function allBytes(times)
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  return string.rep(table.concat(bytes), times)
end

-- servers.mjs deflates the same message with zlib.
local message = allBytes(8) .. string.rep("the quick brown fox ", 50)

local function fromHex(hex)
  return (hex:gsub("%x%x", function(pair) return string.char(tonumber(pair, 16)) end))
end

local function randomBytes(n, seed)
  local parts, x = {}, seed
  for i = 1, n do
    x = (x * 1103515245 + 12345) % 2147483648
    parts[i] = string.char(math.floor(x / 65536) % 256)
  end
  return table.concat(parts)
end

-- Pulls until the inflate stream is drained, at most `max` bytes a pull.
local function pullAll(stream, max)
  local parts = {}
  while true do
    local data, state = stream:pull(max)
    if data == nil then return nil, state end
    parts[#parts + 1] = data
    if state ~= "full" then return table.concat(parts), state end
  end
end

-- Through the plugin's Inflater/Deflater interface (ts/codec/codec.ts).
local function inflateWith(factory, compressed)
  local inflater = factory.newInflater({ windowBits = 15, noContextTakeover = false, maxMessageSize = 16 * 1048576 })
  inflater:write(compressed, true)
  local parts = {}
  for _ = 1, 100000 do
    local step = inflater:read(4096)
    parts[#parts + 1] = step.data
    if step.status == "done" then break end
    if step.status ~= "more" and step.status ~= "input" then return nil, step.status .. ": " .. tostring(step.error) end
  end
  inflater:close()
  return table.concat(parts), inflater.implementation
end

local function deflateWith(factory, text)
  local deflater = factory.newDeflater({ windowBits = 15, noContextTakeover = false, level = 6 })
  deflater:write(text)
  local parts = {}
  for _ = 1, 100000 do
    local step = deflater:read(1000)
    parts[#parts + 1] = step.data
    if step.status == "done" then break end
  end
  deflater:close()
  return table.concat(parts), deflater.implementation
end

case("the plugin picks java.util.zip", function()
  check(type(codec) == "table" and codec.name == "java.util.zip", "the module's codec is java.util.zip")
  check(core.codec.selectCodec(native).name == "java.util.zip", "selectCodec(transport) chooses it")
end)

case("what zlib deflated, inflated byte-exact", function()
  for _, key in ipairs({ "zlibWindow15", "zlibWindow9" }) do
    local compressed = fromHex(harness.config[key])
    check(#compressed > 0 and #compressed < #message, key .. ": zlib compressed the message", #compressed)
    local whole = codec.newInflateStream(15)
    whole:push(compressed)
    local out, state = pullAll(whole, 65536)
    check(out == message, key .. ": inflated in one pull, byte for byte", out and #out)
    check(state == "drained", key .. ": the stream is drained after the sync flush", state)
    whole:close()

    -- In 7-byte pieces, pulling at most 100 bytes at a time.
    local pieces = codec.newInflateStream(15)
    local parts = {}
    for i = 1, #compressed, 7 do
      pieces:push(compressed:sub(i, i + 6))
      local part = pullAll(pieces, 100)
      parts[#parts + 1] = part
    end
    check(table.concat(parts) == message, key .. ": inflated from 7-byte pieces, byte for byte")
    pieces:close()
  end
end)

case("Java's deflater through Java's inflater, with context takeover", function()
  local deflater = codec.newDeflateStream(15, 6)
  local inflater = codec.newInflateStream(15)
  local messages = { allBytes(4) .. "\0", message, randomBytes(70000, 7), "", message }
  for i, text in ipairs(messages) do
    local compressed = deflater:deflate(text, true)
    -- (zlib writes nothing for a flush right after a flush: an empty message after one is "")
    check(compressed:sub(-4) == "\0\0\255\255" or (text == "" and compressed == ""), "message " .. i .. ": the sync flush ends it", #compressed)
    inflater:push(compressed)
    local out = pullAll(inflater, 8192)
    check(out == text, "message " .. i .. ": round trip byte-exact (" .. #text .. " bytes)", out and #out)
  end
  local again = deflater:deflate(message, true)
  inflater:push(again)
  check(pullAll(inflater, 8192) == message, "the repeated message inflates byte-exact")
  local first = codec.newDeflateStream(15, 6):deflate(message, true)
  check(#again < #first, "the shared window makes a repeated message smaller", #again .. " vs " .. #first)
  -- A message deflated in pieces (flush only on the last).
  local parts = {}
  local big = randomBytes(30000, 3) .. allBytes(16)
  for i = 1, #big, 4096 do
    parts[#parts + 1] = deflater:deflate(big:sub(i, i + 4095), i + 4096 > #big)
  end
  inflater:push(table.concat(parts))
  check(pullAll(inflater, 8192) == big, "a message deflated in pieces inflates byte-exact")
  deflater:reset()
  inflater:reset()
  inflater:push(deflater:deflate(message, true))
  check(pullAll(inflater, 8192) == message, "after reset() on both sides, still byte-exact")
  check(codec.newDeflateStream(9, 6) == nil, "no deflate stream below a 15-bit window (the pure codec does that)")
  deflater:close()
  inflater:close()
end)

case("Java against the plugin's pure codec, both ways", function()
  local java = core.codec.selectCodec(native)
  local pure = core.codec.pureCodec
  for _, text in ipairs({ allBytes(3), message, randomBytes(20000, 11) }) do
    local compressed, implementation = deflateWith(java, text)
    check(implementation == "java.util.zip", "the deflater is Java's", implementation)
    check(inflateWith(pure, compressed) == text, "Java deflated, pure Lua inflated: " .. #text .. " bytes byte-exact")
    local pureCompressed = deflateWith(pure, text)
    local out, inflaterName = inflateWith(java, pureCompressed)
    check(out == text and inflaterName == "java.util.zip", "pure Lua deflated, Java inflated: " .. #text .. " bytes byte-exact", inflaterName)
  end
end)

case("invalid data and misuse", function()
  local inflater = codec.newInflateStream(15)
  inflater:push("\255\255\255\255garbage")
  local data, problem = inflater:pull(100)
  check(data == nil and type(problem) == "string", "invalid deflate data: nil and a message, as a value", problem)
  inflater:close()
  local function raised(expected, f)
    local ok, err = pcall(f)
    check(not ok and type(err) == "string" and err:find(expected, 1, true) ~= nil
      and err:find("Java", 1, true) == nil and err:find("\n", 1, true) == nil, expected, err)
    check(not ok and err:find("70-codec:", 1, true) == 1, "placed at the caller's line: " .. expected, err)
  end
  local stream = codec.newInflateStream(15)
  raised("bad argument #1 to 'newInflateStream' (number expected, got string)", function() local r = codec.newInflateStream("x"); return r end)
  raised("bad argument #1 to 'newInflateStream' (window bits must be 8-15)", function() local r = codec.newInflateStream(16); return r end)
  raised("bad argument #2 to 'newDeflateStream' (level must be 0-9)", function() local r = codec.newDeflateStream(15, 10); return r end)
  raised("bad argument #1 to 'push' (string expected, got table)", function() local r = stream:push({}); return r end)
  raised("bad argument #1 to 'pull' (number expected, got no value)", function() local r = stream:pull(); return r end)
  raised("calling 'pull' on bad self (websockets_native codec stream expected, got string)", function() local r = stream.pull("x", 1); return r end)
  stream:push(codec.newDeflateStream(15, 1):deflate("still works", true))
  check(pullAll(stream, 100) == "still works", "the stream still works after the errors")
  stream:close()
end)
