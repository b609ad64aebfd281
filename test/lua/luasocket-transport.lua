-- Drives lua/transport-luasocket.lua directly against the servers that test/luasocket-transport.test.ts
-- starts, and prints what happened as "key value" lines for the test to check.
--
--   lua luasocket-transport.lua SCENARIO key=value ...
--
-- Keys: host, port, secure (true/false), serverName, minTls, verify (true/false), ca (a PEM file,
-- whose text is passed as the contract's `ca`), caText (`ca` given as this text itself), size,
-- hide (socket | ssl: make that library impossible to load, as on a platform without it),
-- sendBuffer (bytes: give every new TCP socket a send buffer this small, as on a slow link, so
-- that large writes are taken only in part).

local SCENARIO = arg[1]
local params = {}
for i = 2, #arg do
  local key, value = arg[i]:match("^([%w_]+)=(.*)$")
  params[key] = value
end

if params.hide == "socket" then
  package.preload["socket"] = function()
    error("module 'socket' not found (hidden by the test)")
  end
elseif params.hide == "ssl" then
  -- Every name under which the transport looks for LuaSec.
  for _, name in ipairs({ "ssl", "plugin.openssl", "plugin_luasec_ssl" }) do
    package.preload[name] = function()
      error("module '" .. name .. "' not found (hidden by the test)")
    end
  end
end

if params.sendBuffer then
  local socket = require("socket")
  local createTcp = socket.tcp4
  socket.tcp4 = function()
    local tcp = assert(createTcp())
    assert(tcp:setoption("send-buffer-size", tonumber(params.sendBuffer)))
    return tcp
  end
end

-- The transport's own requires name its siblings in lua/ (require("host-names")), as the plugin's
-- bundle resolves them; loaded from source here, lua/ goes on the path for them.
package.path = "lua/?.lua;" .. package.path
local transport = require("lua.transport-luasocket")

local function say(key, value)
  io.write(key, " ", tostring(value), "\n")
  io.flush()
end

local function readFile(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local function openOptions()
  local ca = params.caText
  if params.ca then
    ca = readFile(params.ca)
  end
  return {
    host = params.host or "127.0.0.1",
    port = tonumber(params.port),
    secure = params.secure == "true",
    serverName = params.serverName or params.host or "127.0.0.1",
    minTls = params.minTls or "1.2",
    verify = params.verify ~= "false",
    ca = ca,
    timeout = 10,
  }
end

-- Steps a new stream until it is open or failed, sleeping in wait() in between.
local function openStream(seconds)
  local stream = transport.open(openOptions())
  local deadline = transport.now() + (seconds or 5)
  while true do
    local state, category, message = stream:step()
    if state ~= "connecting" then
      return stream, state, category, message
    end
    if transport.now() > deadline then
      return stream, "still-connecting"
    end
    transport.wait({ stream }, 0.5)
  end
end

local function hex(bytes)
  return (bytes:gsub(".", function(c)
    return string.format("%02x", c:byte())
  end))
end

-- Writes `data` in whatever pieces the stream accepts while reading back `expected` bytes; returns
-- what was read and how many writes were partial.
-- The largest piece one read() returned in exchange() (bulk with readMax: read(maxBytes)).
local largestRead = 0

local function exchange(stream, data, expectedLength, seconds)
  local offset, received, receivedLength, partialWrites = 1, {}, 0, 0
  local deadline = transport.now() + seconds
  while receivedLength < expectedLength do
    if offset <= #data then
      local pending = data:sub(offset)
      local accepted, category, message = stream:write(pending)
      if not accepted then
        say("write-failed", category .. ": " .. message)
        break
      end
      if accepted < #pending then
        partialWrites = partialWrites + 1
      end
      offset = offset + accepted
    end
    local chunk, category, message = stream:read(tonumber(params.readMax))
    if not chunk then
      say("read-ended", category .. ": " .. message)
      break
    end
    if #chunk > 0 then
      largestRead = math.max(largestRead, #chunk)
      received[#received + 1] = chunk
      receivedLength = receivedLength + #chunk
    end
    if transport.now() > deadline then
      say("timed-out-after", receivedLength)
      break
    end
    if receivedLength < expectedLength then
      transport.wait({ stream }, 0.5)
    end
  end
  return table.concat(received), partialWrites, offset - 1
end

-- Park-Miller generator: a byte sequence that does not repeat, so lost, doubled or reordered
-- chunks all show. 16807 * 2^31 stays below 2^53, so doubles compute it exactly.
local function pseudoRandomBytes(size)
  local state, chunks, chunk = 42, {}, {}
  for i = 1, size do
    state = (state * 16807) % 2147483647
    chunk[#chunk + 1] = string.char(state % 256)
    if #chunk == 4096 or i == size then
      chunks[#chunks + 1] = table.concat(chunk)
      chunk = {}
    end
  end
  return table.concat(chunks)
end

local scenarios = {}

-- Opens a stream and reports the outcome of connecting.
function scenarios.open()
  local stream, state, category, message = openStream()
  say("state", state)
  if category then
    say("category", category)
    say("message", message)
  end
  say("buffered", stream:buffered())
  stream:close()
  stream:close() -- idempotent
  say("after-close", (stream:step()))
end

-- Every byte value, through the echo server and back.
function scenarios.echo()
  local stream, state, category, message = openStream()
  say("state", state)
  if state ~= "open" then
    say("failure", tostring(category) .. ": " .. tostring(message))
    return
  end
  local bytes = {}
  for value = 0, 255 do
    bytes[#bytes + 1] = string.char(value)
  end
  local received = exchange(stream, table.concat(bytes), 256, 5)
  say("received", hex(received))
  stream:close()
end

-- `size` bytes both ways at once through the echo server.
function scenarios.bulk()
  local size = tonumber(params.size)
  local stream, state = openStream()
  say("state", state)
  if state ~= "open" then
    return
  end
  local data = pseudoRandomBytes(size)
  local started = transport.now()
  local received, partialWrites, sent = exchange(stream, data, size, 20)
  say("sent", sent)
  say("received", #received)
  say("identical", received == data)
  say("partial-writes", partialWrites)
  say("largest-read", largestRead)
  say("seconds", string.format("%.3f", transport.now() - started))
  stream:close()
end

-- wait() must return when data arrives and otherwise sleep for its timeout without spinning. The
-- server sends "hello" some time after the connection opens and nothing after that.
function scenarios.wait()
  local stream, state = openStream()
  say("state", state)
  if state ~= "open" then
    return
  end
  local started = transport.now()
  local data = ""
  while data == "" and transport.now() - started < 3 do
    transport.wait({ stream }, 2)
    data = assert(stream:read())
  end
  say("woke-after", string.format("%.3f", transport.now() - started))
  say("data", data)

  local wallBefore, cpuBefore = transport.now(), os.clock()
  transport.wait({ stream }, 0.3)
  say("idle-wall", string.format("%.3f", transport.now() - wallBefore))
  say("idle-cpu", string.format("%.4f", os.clock() - cpuBefore))
  say("idle-read", "[" .. assert(stream:read()) .. "]")
  stream:close()
end

-- The server closes right after sending: the bytes come first, then the end, exactly once each.
function scenarios.peerclose()
  local stream, state = openStream()
  say("state", state)
  if state ~= "open" then
    return
  end
  local received, deadline = {}, transport.now() + 5
  while transport.now() < deadline do
    local chunk, category, message = stream:read()
    if not chunk then
      say("ended", category .. ": " .. message)
      break
    end
    received[#received + 1] = chunk
    transport.wait({ stream }, 0.5)
  end
  say("data", table.concat(received))
  local again, category = stream:read()
  say("read-again", tostring(again) .. " " .. tostring(category))
  local written, writeCategory = stream:write("x")
  -- Writing to a connection the peer closed may still succeed once (the kernel takes the bytes);
  -- what matters is that nothing raises.
  say("write-after-end", tostring(written ~= nil or writeCategory == "closed"))
  stream:close()
end

function scenarios.random()
  local first, second = transport.random(16), transport.random(16)
  say("lengths", #first .. " " .. #second .. " " .. #transport.random(5000) .. " " .. #transport.random(0))
  say("differ", first ~= second)
  local counts, total = {}, 65536
  local sample = transport.random(total)
  for i = 1, total do
    local b = sample:byte(i)
    counts[b] = (counts[b] or 0) + 1
  end
  local distinct, most = 0, 0
  for _, n in pairs(counts) do
    distinct = distinct + 1
    most = math.max(most, n)
  end
  -- 65536 uniform bytes: every value appears, none far above its expected 256.
  say("distinct", distinct)
  say("most-frequent-below-400", most < 400)
  local a = transport.now()
  local b = transport.now()
  say("now-monotonic", b >= a)
  say("name", transport.name)
end

local run = scenarios[SCENARIO]
if not run then
  io.stderr:write("unknown scenario " .. tostring(SCENARIO) .. "\n")
  os.exit(2)
end
run()
