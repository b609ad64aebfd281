-- Listeners: functions and tables (Solar2D's convention: listener:websocket(event)), removal, and
-- guarantee 4's last part: an error raised by a listener propagates out of poll, and the remaining
-- events arrive on the next poll, each once.
local H = require("harness")

H.run(function(args)
  -- kinds: a table listener, a function listener removed after ONOPEN, one removed before connect.
  local kinds = H.client("kinds")
  local ws = kinds.ws
  local tableListener = { calls = 0 }
  function tableListener:websocket(event)
    H.check(self == tableListener, "a table listener is called as a method")
    H.equal(event.name, "websocket", "event.name given to a table listener")
    self.calls = self.calls + 1
  end
  local removedLater = { calls = 0 }
  local function removedLaterListener(event)
    removedLater.calls = removedLater.calls + 1
    if event.type == ws.ONOPEN then ws:removeEventListener(ws.WSEVENT, removedLaterListener) end
  end
  local neverCalled = 0
  local function removedBefore() neverCalled = neverCalled + 1 end
  ws:addEventListener(ws.WSEVENT, tableListener)
  ws:addEventListener(ws.WSEVENT, removedLaterListener)
  ws:addEventListener(ws.WSEVENT, removedBefore)
  ws:removeEventListener(ws.WSEVENT, removedBefore)
  kinds:handle(function(e)
    if e.type == "open" then ws:send("one") ; ws:send("two")
    elseif e.type == "message" and kinds:count("message") == 2 then ws:close(1000) end
  end)
  H.equal(kinds:connect(args.ws .. "/echo"), true, "kinds: connect")

  -- throwing: the server sends 3 messages and closes; the listener raises on the first two.
  local throwing = H.client("throwing")
  local raised = 0
  throwing:handle(function(e)
    if e.type == "message" and raised < 2 then
      raised = raised + 1
      error("listener boom " .. raised)
    end
  end)
  H.equal(throwing:connect(args.ws .. "/close?n=3&code=1000"), true, "throwing: connect")

  -- The game's loop: a listener's error comes out of poll; the game goes on polling.
  local errors = {}
  local deadline = os.time() + 10
  while not (kinds:settled() and throwing:settled()) and os.time() < deadline do
    local ok, err = pcall(H.poll, 0.02)
    if not ok then errors[#errors + 1] = tostring(err) end
  end

  H.equal(kinds:sequence(), "open message message close", "kinds: events")
  H.equal(tableListener.calls, 4, "kinds: calls of the table listener")
  H.equal(removedLater.calls, 1, "kinds: calls of the listener removed in ONOPEN")
  H.equal(neverCalled, 0, "kinds: calls of the listener removed before connect")

  H.equal(#errors, 2, "throwing: errors out of poll")
  for i = 1, 2 do
    H.check(errors[i] ~= nil and string.find(errors[i], "listener boom " .. i, 1, true) ~= nil,
      "throwing: poll raised the listener's error " .. i .. ", got " .. tostring(errors[i]))
  end
  H.equal(throwing:sequence(), "open message message message close", "throwing: every event once, in order")
  H.equal(table.concat(throwing:messages(), ","), "message 1,message 2,message 3", "throwing: messages")
  local close = throwing:last("close")
  if close then H.equal(close.wasClean, true, "throwing: ONCLOSE.wasClean") end
end)
