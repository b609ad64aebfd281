-- A client of the plugin whose events are recorded, for the cases of the scripted-transport
-- harnesses (test/lua/scripted-transport.lua, test/lua/reconnect.lua): c.events in order, each with
-- `kind` ("onOpen" -> "open", so that sequences read short), and c:types(), c:count(kind),
-- c:last(kind) over them. `handler(event, c)`, when given, sees each event after it is recorded.
return function(WebSockets, handler)
  local c = { events = {}, ws = WebSockets.new() }
  c.ws:addEventListener(c.ws.WSEVENT, function(event)
    event.kind = event.type:gsub("^on", ""):lower()
    c.events[#c.events + 1] = event
    if handler then handler(event, c) end
  end)
  function c:types()
    local names = {}
    for i, e in ipairs(self.events) do names[i] = e.kind end
    return table.concat(names, " ")
  end
  function c:count(kind)
    local n = 0
    for _, e in ipairs(self.events) do if e.kind == kind then n = n + 1 end end
    return n
  end
  function c:last(kind)
    for i = #self.events, 1, -1 do
      if self.events[i].kind == kind then return self.events[i] end
    end
  end
  return c
end
