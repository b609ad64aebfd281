-- The Java transport's Lua face used directly, against a raw TCP echo server: bytes, partial
-- writes, and misuse, which must raise Lua's own kind of error, from the main thread and from a
-- coroutine alike, without a Java exception (the -Xcheck:jni run fails on one inside a coroutine).
local native = require("plugin.websockets_native")

local function openRaw()
  local stream = native.open({ host = "127.0.0.1", port = tonumber(harness.config.rawPort), secure = false,
    serverName = "127.0.0.1", minTls = "1.2", verify = true, timeout = 5 })
  waitFor("the raw stream to open", function() return stream:step() == "open" end, 5)
  return stream
end

local function readExactly(stream, count, seconds)
  local parts, have = {}, 0
  waitFor(count .. " bytes", function()
    local data = stream:read()
    if data == nil then return true end
    parts[#parts + 1] = data
    have = have + #data
    return have >= count
  end, seconds)
  return table.concat(parts)
end

case("bytes through the stream", function()
  local stream = openRaw()
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  local every = table.concat(bytes) .. "\0"
  check(stream:write(every) == #every, "write takes all 257 bytes")
  check(readExactly(stream, #every, 5) == every, "read returns every byte value and the NUL, in order")
  check(#native.random(16) == 16, "random(16) gives 16 bytes")
  check(#native.random("4") == 4, "random takes a numeric string, as Lua's own functions do")
  check(type(native.now()) == "number", "now() is a number")
  stream:close()
  stream:close()
  check(true, "close() twice is fine")
end)

case("a write larger than the transport takes at once", function()
  local stream = openRaw()
  local big = string.rep("0123456789abcdef", 6 * 65536) -- 6 MiB
  local accepted = stream:write(big)
  check(accepted > 0 and accepted < #big, "write accepts part of 6 MiB and says how much", accepted)
  local offset = accepted
  local parts, have = {}, 0
  waitFor("6 MiB back", function()
    if offset < #big then offset = offset + stream:write(big:sub(offset + 1)) end
    local data = stream:read()
    parts[#parts + 1] = data
    have = have + #data
    return have >= #big
  end, 20)
  check(table.concat(parts) == big, "every byte of the partial writes comes back in order")
  check(stream:buffered() == 0, "buffered() is 0 once everything is written")
  stream:close()
end)

local function misuse(label)
  local stream = openRaw()
  -- (not as tail calls: like Lua's own errors, a tail call has no caller line to name)
  local function raised(expected, f)
    local ok, message = pcall(f)
    check(not ok and type(message) == "string" and message:find(expected, 1, true) ~= nil
      and message:find("Java", 1, true) == nil and message:find("\n", 1, true) == nil,
      label .. ": " .. expected, message)
    check(not ok and message:find("05-transport:", 1, true) == 1, label .. ": the error is placed at the caller's line", message)
  end
  raised("bad argument #1 to 'write' (string expected, got table)", function() local r = stream:write({}); return r end)
  raised("bad argument #1 to 'write' (string expected, got no value)", function() local r = stream:write(); return r end)
  raised("calling 'read' on bad self (websockets_native stream expected, got string)", function() local r = stream.read("x"); return r end)
  raised("bad argument #1 to 'open' (table expected, got nil)", function() local r = native.open(nil); return r end)
  raised("bad argument #1 to 'random' (number expected, got string)", function() local r = native.random("many"); return r end)
  raised("bad argument #1 to 'random' (count must not be negative)", function() local r = native.random(-1); return r end)
  check(stream:write("still") == 5, label .. ": the stream still works after the errors")
  check(readExactly(stream, 5, 5) == "still", label .. ": and echoes")
  stream:close()
end

case("misuse inside a coroutine", function()
  misuse("in a coroutine") -- case bodies run in coroutines
end)

case("misuse on the main thread", function()
  onMainThread(function()
    -- openRaw waits, which needs the coroutine: open here, check after
    local stream = native.open({ host = "127.0.0.1", port = tonumber(harness.config.rawPort) })
    local ok, message = pcall(function() local r = stream:write(true); return r end)
    check(not ok and message == "05-transport:" .. debug.getinfo(1, "l").currentline - 1
      .. ": bad argument #1 to 'write' (string expected, got boolean)",
      "on the main thread: the same error, at the caller's line", message)
    stream:close()
  end)
end)
