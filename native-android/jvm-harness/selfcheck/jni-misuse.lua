-- Run by run.sh in a JVM of its own, expecting the JNI checker's reports: the bridge must go on
-- reproducing the two device crashes the transport avoids, or the scenarios would prove nothing.
case("a Java exception inside a coroutine", function()
  local ok = pcall(harness.throwJava) -- this case body is a coroutine
  check(not ok, "the exception became a Lua error")
end)

case("toString of a 4-byte UTF-8 character", function()
  check(harness.javaStringLength("\240\159\148\146") >= 0, "toString returned")
end)
