-- Guarantee 5 after the connection opened: whatever the server sends, the client fails the
-- connection with the RFC 6455 close code, as ONERROR + ONCLOSE, after delivering what came before
-- (each server first sends the text "before"). Never a Lua error, never a hang. Parallel clients:
--   1002 protocol   reserved bits without an extension (5.2), a reserved opcode (5.2), a masked frame
--                   from the server (5.1), a close frame with code 1005 (7.4.1)
--   1007 protocol   a text message that is not UTF-8 (8.1)
--   1009 limit      a message larger than maxMessageSize (1024): in one frame, and in two fragments;
--                   the reason names the limit
--   1006 closed     TCP ends in the middle of a frame; TCP is reset while open
local H = require("harness")

H.run(function(args)
  local cases = {
    { path = "/frame/reserved-bits", errorType = "protocol", code = 1002 },
    { path = "/frame/bad-opcode", errorType = "protocol", code = 1002 },
    { path = "/frame/masked", errorType = "protocol", code = 1002 },
    { path = "/frame/bad-close-code", errorType = "protocol", code = 1002 },
    { path = "/frame/bad-utf8", errorType = "protocol", code = 1007 },
    { path = "/frame/too-big", errorType = "limit", code = 1009, reasonHas = "1024" },
    { path = "/frame/too-big-fragmented", errorType = "limit", code = 1009, reasonHas = "1024" },
    { path = "/drop-mid-frame", errorType = "closed", code = 1006 },
    { path = "/reset", errorType = "closed", code = 1006 },
  }
  for _, case in ipairs(cases) do
    case.client = H.client(string.match(case.path, "([^/]+)$"))
    H.equal(case.client:connect(args.raw .. case.path, { maxMessageSize = 1024 }), true, case.path .. ": connect")
  end
  H.settle(8)
  for _, case in ipairs(cases) do
    local c = case.client
    H.equal(c:sequence(), "open message error close", c.label .. ": events")
    H.equal(c:messages()[1], "before", c.label .. ": the message before the fault")
    local err = c:expectFailure(case.errorType, case.code)
    if err and case.reasonHas then
      H.check(string.find(err.reason, case.reasonHas, 1, true) ~= nil,
        c.label .. ": ONERROR.reason names the limit " .. case.reasonHas .. ", got " .. err.reason)
    end
  end
end)
