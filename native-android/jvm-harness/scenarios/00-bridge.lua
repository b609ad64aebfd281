-- The bridge itself behaves as Solar2D's JNLua does where the transport depends on it.

local function allBytes()
  local bytes = {}
  for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
  return table.concat(bytes)
end

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

case("bytes cross intact", function()
  local every = allBytes() .. "\0\0" .. allBytes()
  check(harness.bytesThrough(every) == every, "checkByteArray + pushString(byte[]) keep all 256 byte values and NULs")
  check(harness.bytesThrough("") == "", "an empty string stays empty")
  check(harness.bytesThrough(12.5) == "12.5", "a number reads as its string, as lua_tolstring does")
  check(harness.firstBytesThrough("abc\0def", 4) == "abc\0", "pushString(byte[], count) pushes the first count bytes")
  check(harness.firstBytesThrough("abc", 99) == "abc", "pushString(byte[], count) cuts a count past the end")
end)

case("Java strings go through modified UTF-8", function()
  check(harness.stringThrough("plain ASCII, é, €") == "plain ASCII, é, €", "BMP text survives toString + pushString(String)")
  check(harness.javaStringLength("ab\0cd") == 2, "toString stops at a NUL (NewStringUTF reads a C string)")
  check(hex(harness.pushJavaString("nul")) == "61c08062", "pushString(String) writes U+0000 as C0 80")
  check(hex(harness.pushJavaString("outside the BMP")) == "eda0bdedb492",
    "pushString(String) writes U+1F512 as two 3-byte surrogates, not as its 4-byte UTF-8")
end)

case("a Java exception becomes a Lua error", function()
  -- Raised outside any coroutine: inside one, JNLua restores its thread pointer with the exception
  -- pending, the JNI misuse this run must never see.
  local ok, message = onMainThread(pcall, harness.throwJava)
  check(not ok, "pcall sees the error")
  check(type(message) == "string" and message:find("java.lang.IllegalStateException: thrown by a Java function", 1, true) ~= nil,
    "the message names the exception, as JNLua's LuaError.toString() does", message)
  check(message:find("Java Stack Trace:", 1, true) ~= nil, "and carries the Java stack trace", message)
  local okArgs, argMessage = onMainThread(pcall, harness.checkBytesArgument, {})
  check(not okArgs and argMessage:find("bad argument #1 to '?'", 1, true) == nil
    and argMessage:find("com.naef.jnlua.LuaRuntimeException: bad argument #1", 1, true) ~= nil
    and argMessage:find("(expected string, got table)", 1, true) ~= nil,
    "checkByteArray's error reads as JNLua writes it: exception class, then 'expected string, got table'", argMessage)
end)

case("Java functions run on the calling coroutine's stack", function()
  -- This case body is itself a coroutine; a nested one checks the switch back and forth.
  local sum, count = harness.stackReport(1, 2, 3)
  check(sum == 6 and count == 3, "a Java function sees this coroutine's arguments", sum .. " " .. count)
  local inner = coroutine.wrap(function(a, b)
    local s, n = harness.stackReport(a, b)
    coroutine.yield(s, n)
    return harness.stackReport(a, b, 100)
  end)
  local s1, n1 = inner(10, 20)
  local s2, n2 = inner()
  check(s1 == 30 and n1 == 2 and s2 == 130 and n2 == 3, "and a nested coroutine's, across a yield",
    table.concat({ s1, n1, s2, n2 }, " "))
  local after, afterCount = harness.stackReport(5)
  check(after == 5 and afterCount == 1, "and this one's again afterwards")
end)
