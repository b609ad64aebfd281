-- A server in an HTML5 build (SPEC section 7, "HTML5 builds cannot listen"): with
-- `system.getInfo("platform")` saying "html5" and a stand-in for the JavaScript module loaded,
-- `listen` returns true and the service loop then dispatches ONERROR (errorType "unsupported")
-- and ONCLOSE, each once, never a Lua error. Prints "ok", or raises.
system = {
  getInfo = function(key)
    return key == "platform" and "html5" or nil
  end,
  getTimer = function()
    return 0
  end,
}
package.preload["plugin_websockets_js"] = function()
  return {}
end
local WebSockets = require("plugin.websockets")

local server = WebSockets.newServer()
local events = {}
server:addEventListener(server.WSEVENT, function(event)
  events[#events + 1] = event
end)
local ok, message = server:listen({ port = 0 })
assert(ok == true, "listen returned " .. tostring(ok) .. " " .. tostring(message))
assert(#events == 0, "an event inside listen()")
assert(server:getState() == server.CONNECTING, "state after listen: " .. tostring(server:getState()))
for _ = 1, 3 do WebSockets.poll(0) end
assert(#events == 2, "expected ONERROR and ONCLOSE, got " .. #events .. " events")
assert(events[1].type == server.ONERROR, "first event " .. tostring(events[1].type))
assert(events[1].errorType == "unsupported", "errorType " .. tostring(events[1].errorType))
assert(string.find(events[1].reason, "HTML5", 1, true), "reason " .. tostring(events[1].reason))
assert(events[1].client == nil and events[1].target == server, "the server's own ONERROR")
assert(events[2].type == server.ONCLOSE and events[2].code == events[1].code, "ONCLOSE with the same code")
assert(events[2].wasClean == false, "not clean")
assert(server:getState() == server.CLOSED, "CLOSED after ONCLOSE")
assert(server:getPort() == nil, "no port")
-- Closed again: listen may be called again, and ends the same way.
assert(server:listen() == true, "listen again")
WebSockets.poll(0)
assert(#events == 4 and events[3].errorType == "unsupported", "the second listen fails the same way")
print("ok")
