-- The Lua face of the shim against ts/transport/contract.ts: options in, step/write/read/buffered/
-- close out. run_tests.c provides `native` (open, now: the shim's own functions) and `network`,
-- which plays Network.framework's side through the same state the real link writes into.
-- Each case raises on failure; the file returns how many cases ran.

local cases = {}
local function case(name, body) cases[#cases + 1] = { name = name, body = body } end

-- `f` is a Lua closure that makes the call, so Lua 5.1 can name the C function in the message.
local function expect_error(pattern, f)
  local ok, message = pcall(f)
  assert(not ok, "expected an error matching " .. pattern)
  assert(string.find(message, pattern, 1, true), "error '" .. tostring(message) .. "' lacks '" .. pattern .. "'")
end

-- Every byte value, NUL first: what a binary WebSocket frame may carry.
local ALL_BYTES = {}
for i = 0, 255 do ALL_BYTES[#ALL_BYTES + 1] = string.char(i) end
ALL_BYTES = table.concat(ALL_BYTES)

case("open reads the options and applies the contract's defaults", function()
  local stream = native.open({ host = "example.com", port = 443, secure = true })
  local options = network.options()
  assert(options.host == "example.com" and options.port == 443 and options.secure == true)
  assert(options.serverName == "example.com", "serverName defaults to host")
  assert(options.minTlsWire == 0x0303, "minTls defaults to TLS 1.2")
  assert(options.verify == true, "verification is on unless asked otherwise")
  assert(options.ca == nil and options.timeout == 10)
  stream:close()
  network.release()
end)

case("open passes every option through, ca as PEM bytes", function()
  -- ca is PEM text, never a path; its bytes arrive whole, a NUL and a long bundle included.
  local pem = "-----BEGIN CERTIFICATE-----\nMIIB\0x\n-----END CERTIFICATE-----\n" .. string.rep("#", 5000)
  local stream = native.open({ host = "::1", port = 8443, secure = true, serverName = "localhost",
    minTls = "1.3", verify = false, ca = pem, timeout = 2.5 })
  local options = network.options()
  assert(options.host == "::1" and options.port == 8443 and options.serverName == "localhost")
  assert(options.minTlsWire == 0x0304 and options.verify == false)
  assert(options.ca == pem and options.timeout == 2.5)
  stream:close()
  network.release()
end)

case("malformed options raise, naming the option", function()
  expect_error("bad argument #1 to 'open' (table expected, got nil)", function() native.open(nil) end)
  expect_error("bad option 'host' to 'open' (string expected, got nil)", function() native.open({ port = 80 }) end)
  expect_error("bad option 'port' to 'open' (number expected, got string)", function() native.open({ host = "h", port = "80" }) end)
  expect_error("bad option 'port' to 'open' (integer 1-65535", function() native.open({ host = "h", port = 70000 }) end)
  expect_error("bad option 'port' to 'open' (integer 1-65535", function() native.open({ host = "h", port = 80.5 }) end)
  expect_error("bad option 'secure' to 'open' (boolean expected, got number)", function() native.open({ host = "h", port = 80, secure = 1 }) end)
  expect_error("bad option 'minTls' to 'open'", function() native.open({ host = "h", port = 80, minTls = "1.4" }) end)
  expect_error("bad option 'timeout' to 'open' (positive number expected)", function() native.open({ host = "h", port = 80, timeout = 0 }) end)
end)

case("a string that cannot be used fails the stream instead of raising", function()
  local unusable = {
    { { host = "a\0b", port = 80 }, "dns", "unusable 'host' option: embedded NUL" },
    { { host = string.rep("a", 300), port = 80 }, "dns", "unusable 'host' option: too long" },
    { { host = "h", port = 443, secure = true, serverName = "" }, "dns", "unusable 'serverName' option: empty string" },
    { { host = "h", port = 443, secure = true, ca = "" }, "tls", "unusable 'ca' option: empty string" },
    { { host = "h", port = 443, secure = true, ca = string.rep("x", 4 * 1024 * 1024 + 1) }, "tls",
      "unusable 'ca' option: larger than 4 MiB" },
    { { host = "", port = 80, ca = "x\0y" }, "dns", "unusable 'host' option: empty string" },
  }
  for _, example in ipairs(unusable) do
    local stream = native.open(example[1])
    local state, category, message = stream:step()
    assert(state == "failed" and category == example[2] and message == example[3],
      "got " .. tostring(state) .. ", " .. tostring(category) .. ", " .. tostring(message))
    local data, read_category = stream:read()
    assert(data == nil and read_category == example[2])
    stream:close()
  end
end)

case("a stream connects, then reads every byte exactly once, binary-safe", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  assert(stream:step() == "connecting")
  assert(stream:read() == "", "nothing has arrived yet")
  network.opened()
  assert(stream:step() == "open")
  network.receive(ALL_BYTES)
  network.receive("\0tail")
  local data = stream:read()
  assert(data == ALL_BYTES .. "\0tail", "read returns everything since the last call, NUL included")
  assert(stream:read() == "", "and each byte only once")
  stream:close()
  network.release()
end)

case("writes reach the network byte for byte and count as buffered until taken", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  network.opened()
  assert(stream:write(ALL_BYTES) == 256)
  assert(stream:write("") == 0)
  assert(stream:buffered() == 256, "accepted but not yet taken by the network")
  assert(network.sent() == ALL_BYTES, "the link got the exact bytes")
  network.complete(200)
  assert(stream:buffered() == 56)
  network.complete(56)
  assert(stream:buffered() == 0)
  expect_error("bad argument #1 to 'write' (string expected, got no value)", function() stream:write() end)
  stream:close()
  network.release()
end)

case("a full send window takes part of a write, then nothing, never failing", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  network.opened()
  local window = 1024 * 1024
  local big = string.rep("w", window - 10)
  assert(stream:write(big) == window - 10)
  assert(stream:write("0123456789abc") == 10, "only what fits")
  assert(stream:write("more") == 0, "a full window accepts 0 bytes")
  network.complete(window)
  assert(stream:write("more") == 4, "room again once the network took the bytes")
  stream:close()
  network.release()
end)

case("read(maxBytes) returns at most that many bytes, the rest in order on the next calls", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  network.opened()
  network.receive(ALL_BYTES)
  network.receive("tail")
  assert(stream:read(100) == ALL_BYTES:sub(1, 100), "the first 100 bytes")
  network.receive("newer")
  assert(stream:read(200) == ALL_BYTES:sub(101, 256) .. "tail", "the rest of what was moved over, before anything newer")
  assert(stream:read(3) == "new", "then the newer bytes, cut too")
  assert(stream:read() == "er", "without a limit, all that is left")
  assert(stream:read(10) == "", "and each byte only once")
  network.finish("closed", "the server closed the connection")
  local data, category = stream:read(10)
  assert(data == nil and category == "closed", "the end after the bytes")
  stream:close()
  network.release()
end)

case("the end of an open stream shows in read only after the bytes before it", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  network.opened()
  network.receive("last words")
  network.finish("closed", "the server closed the connection")
  assert(stream:step() == "open", "an open stream keeps answering open")
  assert(stream:read() == "last words")
  local data, category, message = stream:read()
  assert(data == nil and category == "closed" and message == "the server closed the connection")
  local written, write_category = stream:write("x")
  assert(written == nil and write_category == "closed", "writing to an ended stream fails the same way")
  stream:close()
  network.release()
end)

case("failing while connecting is reported by step with its category", function()
  for _, category in ipairs({ "dns", "connect", "tls" }) do
    local stream = native.open({ host = "nowhere.invalid", port = 80 })
    network.finish(category, "reason for " .. category)
    local state, got_category, message = stream:step()
    assert(state == "failed" and got_category == category and message == "reason for " .. category)
    stream:close()
    network.release()
  end
end)

case("a link that cannot start fails the stream instead of raising", function()
  network.fail_next_open("bad `ca` certificates: no certificate")
  local stream = native.open({ host = "h", port = 443, secure = true, ca = "no PEM here" })
  local state, category, message = stream:step()
  assert(state == "failed" and category == "tls" and message == "bad `ca` certificates: no certificate")
  assert(stream:write("x") == nil)
  assert(stream:buffered() == 0)
  stream:close()
end)

case("a paused receive is resumed once Lua has read", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  network.opened()
  local limit = 4 * 1024 * 1024
  assert(network.receive(string.rep("r", limit)) == "pause")
  assert(network.resume_requests() == 0)
  assert(#stream:read() == limit)
  assert(network.resume_requests() == 1, "reading asks the link to resume")
  stream:close()
  network.release()
end)

case("close is idempotent, closes the link, and later calls fail cleanly", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  network.opened()
  stream:close()
  assert(network.closed(), "close reaches the link")
  stream:close()
  local data, category = stream:read()
  assert(data == nil and category == "closed")
  network.release()
end)

case("garbage collection closes a forgotten stream", function()
  native.open({ host = "127.0.0.1", port = 9001 })
  collectgarbage("collect")
  collectgarbage("collect")
  assert(network.closed(), "__gc closed the link")
  network.release()
end)

case("methods check that self is a stream", function()
  local stream = native.open({ host = "127.0.0.1", port = 9001 })
  expect_error("bad argument #1 to 'read'", function() stream.read({}) end)
  assert(getmetatable(stream) == "stream", "the metatable is protected")
  assert(string.find(tostring(stream), "websockets_native stream", 1, true))
  stream:close()
  network.release()
end)

case("now is a monotonic clock in seconds", function()
  local a = native.now()
  local b = native.now()
  assert(type(a) == "number" and b >= a)
end)

for _, c in ipairs(cases) do
  local ok, message = pcall(c.body)
  if not ok then error(c.name .. ": " .. tostring(message), 0) end
end
return #cases
