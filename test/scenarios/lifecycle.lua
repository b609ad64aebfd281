-- Guarantees 1 and 2, and the ready states: events come only from the service loop and in order;
-- every connect ends in exactly one ONCLOSE; a client connects again after ONCLOSE (also from inside
-- its ONCLOSE listener); close() while CONNECTING cancels with ONCLOSE 1006 and no ONERROR.
local H = require("harness")
local WebSockets = H.WebSockets

local EVENT_CONSTANTS = { "ONOPEN", "ONMESSAGE", "ONCLOSE", "ONERROR", "ONPONG" }
local OTHER_CONSTANTS = { "WSEVENT", "TLS_1_0", "TLS_1_1", "TLS_1_2", "TLS_1_3", "CONNECTING", "OPEN", "CLOSING", "CLOSED" }

H.run(function(args)
  -- The module and its constants.
  H.check(type(WebSockets.VERSION) == "string" and string.match(WebSockets.VERSION, "^%d+%.%d+%.%d+$") ~= nil,
    "VERSION is MAJOR.MINOR.PATCH, got " .. tostring(WebSockets.VERSION))
  local c = H.client("life")
  local ws = c.ws
  H.equal(ws.WSEVENT, "websocket", "WSEVENT")
  H.equal(ws.CONNECTING, 0, "CONNECTING")
  H.equal(ws.OPEN, 1, "OPEN")
  H.equal(ws.CLOSING, 2, "CLOSING")
  H.equal(ws.CLOSED, 3, "CLOSED")
  local seen = {}
  for _, name in ipairs(EVENT_CONSTANTS) do
    H.check(ws[name] ~= nil, "client constant " .. name .. " exists")
    H.equal(WebSockets[name], ws[name], "module constant " .. name)
    H.check(not seen[tostring(ws[name])], "event constant " .. name .. " is distinct")
    seen[tostring(ws[name])] = true
  end
  for _, name in ipairs(OTHER_CONSTANTS) do
    H.check(ws[name] ~= nil, "client constant " .. name .. " exists")
    H.equal(WebSockets[name], ws[name], "module constant " .. name)
  end
  H.equal(WebSockets.poll(0), 0, "poll() with no client active")
  H.equal(ws:getState(), ws.CLOSED, "state of a new client")
  H.equal(ws:getProtocol(), "", "getProtocol() of a new client")
  H.equal(ws:getBufferedAmount(), 0, "getBufferedAmount() of a new client")

  -- First connection: events only from poll, in order; a listener's own calls dispatch nothing.
  local order = {}
  c:handle(function(e)
    if e.type == "open" then
      local before = #c.events
      for i = 1, 5 do H.equal(ws:send("in order " .. i), true, "send " .. i .. " from ONOPEN") end
      H.equal(#c.events, before, "events dispatched inside send() called by a listener")
    elseif e.type == "message" then
      order[#order + 1] = e.data
      if #order == 5 then
        local before = #c.events
        ws:disconnect() -- the original API: close(1000)
        H.equal(ws:getState(), ws.CLOSING, "state right after disconnect()")
        H.equal(#c.events, before, "events dispatched inside disconnect() called by a listener")
      end
    end
  end)
  H.equal(c:connect(args.ws .. "/echo"), true, "first connect")
  H.equal(#c.events, 0, "events dispatched inside connect()")
  H.equal(ws:getState(), ws.CONNECTING, "state right after connect()")
  H.settle(5)
  H.equal(c:sequence(), "open message message message message message close", "first connection")
  H.equal(table.concat(order, ","), "in order 1,in order 2,in order 3,in order 4,in order 5", "echo order")
  local close = c:last("close")
  if close then
    H.equal(close.code, 1000, "ONCLOSE.code after disconnect()")
    H.equal(close.wasClean, true, "ONCLOSE.wasClean after disconnect()")
  end
  H.equal(ws:getState(), ws.CLOSED, "state after ONCLOSE")

  -- Second and third connections: the third starts from inside the second's ONCLOSE listener.
  local reconnected
  c:handle(function(e)
    if e.type == "open" then
      ws:close(1000, "again")
    elseif e.type == "close" and not reconnected then
      reconnected = true
      H.equal(ws:getState(), ws.CLOSED, "state inside ONCLOSE")
      H.equal(c:connect(args.ws .. "/echo"), true, "connect from inside ONCLOSE")
      H.equal(ws:getState(), ws.CONNECTING, "state after connecting from inside ONCLOSE")
    end
  end)
  H.equal(c:connect(args.ws .. "/echo"), true, "connect after ONCLOSE")
  H.settle(5)
  H.equal(c.connects, 3, "connects so far")
  H.equal(c:count("close"), 3, "ONCLOSE count after three connections")
  H.equal(c:count("error"), 0, "ONERROR count after three clean connections")

  -- close() while CONNECTING: ONCLOSE 1006 on the next poll, no ONERROR, nothing inside the calls.
  c:handle(nil)
  local before = #c.events
  H.equal(c:connect(args.raw .. "/never"), true, "connect to a server that never answers")
  ws:close()
  H.equal(#c.events, before, "events dispatched inside connect() + close()")
  H.settle(5)
  H.equal(#c.events, before + 1, "events after close() while CONNECTING")
  close = c:last("close")
  if close then
    H.equal(close.code, 1006, "ONCLOSE.code after close() while CONNECTING")
    H.equal(close.wasClean, false, "ONCLOSE.wasClean after close() while CONNECTING")
  end
  H.equal(ws:getState(), ws.CLOSED, "state after the cancelled connect")

  -- The same for a connect that fails at once (refused port): the failure waits for poll too.
  before = #c.events
  H.equal(c:connect(args.refused), true, "connect to a refused port returns true")
  H.equal(#c.events, before, "events dispatched inside connect() to a refused port")
  H.settle(5)
  c:expectFailure("connect", 1006, "refused")

  -- Idle again: poll returns 0 after waiting its timeout (SPEC section 1), so a loop paced by it
  -- never spins. Timed on the transport's own clock (the Node host's, or LuaSocket's).
  local hosted, host = pcall(require, "plugin.websockets_host")
  local clock = (hosted and type(host) == "table" and host.now) or require("socket").gettime
  local start = clock()
  H.equal(H.poll(0.3), 0, "poll(0.3) with no client active")
  local waited = clock() - start
  H.check(waited >= 0.25, "poll(0.3) with no client active returned after " .. waited .. " s")
end)
