-- Guarantees 2 and 5 before the connection opens: every way to fail connecting ends in ONERROR with
-- the right errorType, then ONCLOSE 1006, all at once on parallel clients:
--   dns (ws://nonexistent.invalid/), connect (a refused port), handshake (403 with its status line
--   in the reason; a wrong Sec-WebSocket-Accept; a subprotocol the client never offered), and timeout
--   (timeout = 0.5) against a server that accepts TCP and never answers, and one that sends half a
--   handshake and stalls. The test times the two timeouts from the MARK lines.
local H = require("harness")

H.run(function(args)
  local cases = {
    { label = "dns", uri = args.dns, errorType = "dns", reasonHas = "nonexistent.invalid" },
    { label = "refused", uri = args.refused, errorType = "connect" },
    { label = "forbidden", uri = args.raw .. "/forbidden", errorType = "handshake", reasonHas = "403 Forbidden" },
    { label = "busy", uri = args.raw .. "/busy", errorType = "handshake", reasonHas = "503",
      status = 503, headers = { ["retry-after"] = "30", ["x-shard"] = "a, b" }, body = "server busy\r\n" },
    { label = "bad-accept", uri = args.raw .. "/bad-accept", errorType = "handshake" },
    { label = "bad-protocol", uri = args.raw .. "/bad-protocol", errorType = "handshake" },
    { label = "bad-protocol-offered", uri = args.raw .. "/bad-protocol", errorType = "handshake",
      options = { protocols = { "chat.v1" } } },
    { label = "never", uri = args.raw .. "/never", errorType = "timeout", options = { timeout = 0.5 } },
    { label = "half", uri = args.raw .. "/half", errorType = "timeout", options = { timeout = 0.5 } },
  }
  H.mark("connect")
  for _, case in ipairs(cases) do
    case.client = H.client(case.label)
    H.equal(case.client:connect(case.uri, case.options), true, case.label .. ": connect returns true")
  end
  H.settle(8)
  for _, case in ipairs(cases) do
    local c = case.client
    H.equal(c:sequence(), "error close", case.label .. ": events")
    local err = c:expectFailure(case.errorType, 1006)
    if err and case.reasonHas then
      H.check(string.find(err.reason, case.reasonHas, 1, true) ~= nil,
        case.label .. ": ONERROR.reason contains " .. case.reasonHas .. ", got " .. err.reason)
    end
    if err and case.status then
      H.equal(err.status, case.status, case.label .. ": ONERROR.status")
      for name, value in pairs(case.headers) do
        H.equal(err.headers and err.headers[name], value, case.label .. ": ONERROR.headers['" .. name .. "']")
      end
      H.equal(err.body, case.body, case.label .. ": ONERROR.body")
    end
    H.equal(c.ws:getState(), c.ws.CLOSED, case.label .. ": state after ONCLOSE")
  end
end)
