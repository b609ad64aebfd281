-- Guarantee 3 from the server's side: nothing the server sent before it closed is lost, and messages
-- arrive whole however the server framed them. Four connections at once:
--   burst       100 messages, then the server closes with 4001 "bye": all 100, in order, then ONCLOSE
--   no-code     the server closes with an empty close frame: ONCLOSE 1005
--   dropped     the server echoes one message and drops TCP without a close frame: the echo, then
--               ONERROR "closed" + ONCLOSE 1006
--   framing     a text message in three fragments split inside a UTF-8 character, with a ping between
--               fragments (the rest is sent only after the client's automatic pong), binary messages
--               with 16-bit (300 bytes) and 64-bit (70000 bytes) lengths, an empty message, close 1000
local H = require("harness")

local function bytesModulo256(count)
  local parts = {}
  for i = 0, count - 1 do parts[#parts + 1] = string.char(i % 256) end
  return table.concat(parts)
end

H.run(function(args)
  local burst = H.client("burst")
  local noCode = H.client("no-code")
  local dropped = H.client("dropped")
  local framing = H.client("framing")
  H.equal(burst:connect(args.ws .. "/close?n=100&code=4001&reason=bye"), true, "connect burst")
  H.equal(noCode:connect(args.ws .. "/close?n=0&code=none"), true, "connect no-code")
  H.equal(dropped:connect(args.ws .. "/destroy"), true, "connect dropped")
  H.equal(framing:connect(args.raw .. "/fragmented"), true, "connect framing")

  dropped:handle(function(e)
    if e.type == "open" then dropped.ws:send("last words") end
  end)
  H.settle(10)

  -- burst
  local messages = burst:messages()
  H.equal(#messages, 100, "burst: messages before ONCLOSE")
  for i = 1, #messages do
    if not H.equal(messages[i], "message " .. i, "burst: message " .. i) then break end
  end
  H.equal(burst:sequence():match("(%a+)$"), "close", "burst: ONCLOSE comes last")
  local close = burst:last("close")
  if close then
    H.equal(close.code, 4001, "burst: ONCLOSE.code")
    H.equal(close.reason, "bye", "burst: ONCLOSE.reason")
    H.equal(close.wasClean, true, "burst: ONCLOSE.wasClean")
  end
  H.equal(burst:count("error"), 0, "burst: ONERROR count")

  -- no-code
  close = noCode:last("close")
  if H.check(close ~= nil, "no-code: ONCLOSE") then
    H.equal(close.code, 1005, "no-code: ONCLOSE.code for a close frame without a code")
    H.equal(close.wasClean, true, "no-code: ONCLOSE.wasClean")
  end

  -- dropped
  H.equal(dropped:sequence(), "open message error close", "dropped: events")
  H.equal(dropped:messages()[1], "last words", "dropped: the echo that came before the drop")
  dropped:expectFailure("closed", 1006)

  -- framing
  H.equal(framing:sequence(), "open message message message message close", "framing: events")
  local m = framing:messages()
  H.equal(m[1], "\208\151\208\180\209\128\208\176\208\178\208\190, \208\188\208\184\209\128", "framing: fragmented UTF-8 text")
  H.equal(m[2], bytesModulo256(300), "framing: 300 bytes (16-bit length)")
  H.equal(m[3], bytesModulo256(70000), "framing: 70000 bytes (64-bit length)")
  H.equal(m[4], "", "framing: empty text message")
  local kinds = {}
  for _, e in ipairs(framing.events) do
    if e.type == "message" then kinds[#kinds + 1] = tostring(e.isBinary) end
  end
  H.equal(table.concat(kinds, " "), "false true true false", "framing: isBinary of each message")
  close = framing:last("close")
  if close then
    H.equal(close.code, 1000, "framing: ONCLOSE.code")
    H.equal(close.reason, "done", "framing: ONCLOSE.reason")
    H.equal(close.wasClean, true, "framing: ONCLOSE.wasClean")
  end
end)
