-- Which transport carries the bytes: a module named plugin.websockets_native wins when present.
-- Usage: transport-selection.lua ECHO_URL native|none
-- With "native", a stand-in native module is preloaded: it wraps whatever transport the host has
-- (the Node host's in wasmoon) and counts the calls that go through it. The script prints
-- `OPENS n`, the echoed message, and `RESULT ok` when the session completed.
local url, mode = arg[1], arg[2]

local calls = { open = 0, write = 0, read = 0 }
if mode == "native" then
  local host = require("plugin.websockets_host")
  package.preload["plugin.websockets_native"] = function()
    local native = { name = "stand-in native" }
    function native.open(options)
      calls.open = calls.open + 1
      local inner = host.open(options)
      local stream = { inner = inner }
      function stream:step() return inner:step() end
      function stream:write(data) calls.write = calls.write + 1; return inner:write(data) end
      function stream:read() calls.read = calls.read + 1; return inner:read() end
      function stream:buffered() return inner:buffered() end
      function stream:close() return inner:close() end
      return stream
    end
    native.wait = function(streams, timeout)
      local inner = {}
      for i, stream in ipairs(streams) do inner[i] = stream.inner end
      return host.wait(inner, timeout)
    end
    native.random, native.now = host.random, host.now
    return native
  end
end

local WebSockets = require("plugin.websockets")
local ws = WebSockets.new()
local echoed, closed
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    ws:send("through the selected transport")
  elseif event.type == ws.ONMESSAGE then
    echoed = event.data
    ws:close()
  elseif event.type == ws.ONCLOSE then
    closed = event
  elseif event.type == ws.ONERROR then
    print("ERROR", event.errorType, event.reason)
  end
end)
assert(ws:connect(url))
local deadline = os.time() + 10
while not closed and os.time() < deadline do WebSockets.poll(0.02) end

print("OPENS " .. calls.open .. " WRITES " .. calls.write .. " READS " .. calls.read)
print("ECHO " .. tostring(echoed))
print(closed and closed.wasClean and "RESULT ok" or "RESULT fail")
