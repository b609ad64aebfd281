-- permessage-deflate negotiation through the plugin (RFC 7692 section 7.1, SPEC section 6), driven
-- by test/compression-negotiation.test.ts. Every client connects at once; args.clients names them:
--   uri_<label>      where it connects
--   opts_<label>     its `compression` option: "true", "false", or "key:value;key:value" (a table;
--                    threshold = 0 is added so that every message is compressed)
--   expect_<label>   "open": ONOPEN, then it sends the messages below, checks their echoes, reports
--                    ONOPEN.extensions and ws:getExtensions() and closes; "handshake": ONERROR
--                    "handshake" + ONCLOSE 1006 and no ONOPEN or ONMESSAGE, the reason reported;
--                    "behind": ONOPEN and the one text "behind" the raw server sent after its 101.
-- The messages: a JSON-like text twice (the second is a copy of the first, so with context takeover
-- it becomes back-references into the first), then 6000 pseudo-random bytes twice (with a window
-- above 12 bits the second copy is back-references 6000 bytes back).
local H = require("harness")

local function jsonLike(count)
  local parts = {}
  for i = 1, count do
    parts[#parts + 1] = string.format('{"id":%d,"x":%d,"name":"player%d","alive":true}', i, i * 7 % 1000, i % 50)
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

local function noise(count)
  local bytes, x = {}, 12345
  for i = 1, count do
    -- Park-Miller: every product stays below 2^53, exact in doubles and in Lua 5.3+ integers alike.
    x = (x * 16807) % 2147483647
    bytes[i] = string.char(math.floor(x / 65536) % 256)
  end
  return table.concat(bytes)
end

local function compressionOption(text)
  if text == nil or text == "true" then return true end
  if text == "false" then return false end
  local t = { threshold = 0 }
  for key, value in string.gmatch(text, "(%w+):(%w+)") do
    if value == "true" then t[key] = true
    elseif value == "false" then t[key] = false
    else t[key] = tonumber(value) end
  end
  return t
end

H.run(function(args)
  local messages = {
    { data = jsonLike(60), binary = false },
    { data = jsonLike(60), binary = false },
    { data = noise(6000), binary = true },
    { data = noise(6000), binary = true },
  }
  local cases = {}
  for label in string.gmatch(args.clients, "[^,]+") do
    local case = { label = label, expect = args["expect_" .. label], client = H.client(label) }
    cases[#cases + 1] = case
    local ok = case.client:connect(args["uri_" .. label], { compression = compressionOption(args["opts_" .. label]) })
    H.equal(ok, true, label .. ": connect returns true")
  end
  H.runUntil("every ONOPEN or ONCLOSE", function()
    for _, case in ipairs(cases) do
      if case.client:count("open") == 0 and case.client:count("close") == 0 then return false end
    end
    return true
  end, 10)
  for _, case in ipairs(cases) do
    local c = case.client
    if case.expect == "open" or case.expect == "behind" then
      local open = c:last("open")
      if H.check(open ~= nil, case.label .. ": expected ONOPEN, got " .. c:sequence()) then
        H.report("extensions_" .. case.label, c.ws:getExtensions(), open.extensions)
        if case.expect == "open" then
          for i, m in ipairs(messages) do
            H.equal(c.ws:send(m.data, { binary = m.binary }), true, case.label .. ": send " .. i)
          end
        end
      end
    end
  end
  H.runUntil("every echo", function()
    for _, case in ipairs(cases) do
      local c = case.client
      local wanted = case.expect == "open" and #messages or case.expect == "behind" and 1 or 0
      if c:count("message") < wanted and c:count("close") == 0 then return false end
    end
    return true
  end, 20)
  for _, case in ipairs(cases) do
    local c = case.client
    if case.expect == "open" then
      local received = {}
      for _, e in ipairs(c.events) do
        if e.type == "message" then received[#received + 1] = e end
      end
      H.equal(#received, #messages, case.label .. ": echoes")
      for i, m in ipairs(messages) do
        local e = received[i]
        H.check(e ~= nil and e.isBinary == m.binary and e.data == m.data, case.label .. ": echo " .. i .. " intact")
      end
      c.ws:close()
    elseif case.expect == "behind" then
      local e = c:last("message")
      H.check(c:count("message") == 1 and e.data == "behind", case.label .. ": the frame behind the 101, got " .. c:sequence())
      c.ws:close()
    else
      H.equal(c:sequence(), "error close", case.label .. ": events")
      local err = c:expectFailure(case.expect, 1006)
      if err then H.report("reason_" .. case.label, err.reason) end
    end
  end
  H.settle(5)
end)
