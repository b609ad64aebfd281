-- permessage-deflate (RFC 7692, SPEC section 6) against real `ws` servers with perMessageDeflate:
-- for each server mode (args.modes: default, no context takeover both ways, a 12-bit server window)
-- the negotiated extensions, then text and binary echoes of small and big messages through
-- compression both ways, `compress = false`, and how many bytes reached the server; then a
-- compression bomb (1009), corrupt compressed data (1007) and RSV1 on a ping (1002).
local H = require("harness")

local function jsonLike(count)
  local parts = {}
  for i = 1, count do
    parts[#parts + 1] = string.format('{"id":%d,"x":%d.5,"y":%d,"name":"player%d","alive":true}', i, i * 7 % 1000, i * 13 % 777, i % 50)
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

local function openClient(label, uri, options)
  local c = H.client(label)
  H.equal(c:connect(uri, options), true, label .. ": connect")
  H.runUntil(label .. " ONOPEN", function() return c:count("open") == 1 or c:count("close") > 0 end, 5)
  return c
end

local function closeClient(c)
  c.ws:close()
  H.runUntil(c.label .. " ONCLOSE", function() return c:count("close") == 1 end, 5)
end

H.run(function(args)
  local big = jsonLike(tonumber(args.big_count) or 3000)
  local binaryBig = H.pattern(tonumber(args.binary_size) or 100000, 5)
  for mode in string.gmatch(args.modes, "[^,]+") do
    local c = openClient(mode, args.ws .. "/" .. mode)
    local ws = c.ws
    local open = c:last("open")
    -- The runner compares this with the answer the server sent.
    H.report("extensions_" .. mode, ws:getExtensions(), open and open.extensions)
    local sent = {
      { data = "small", binary = false },
      { data = big, binary = false },
      { data = binaryBig, binary = true },
      { data = big, binary = false },
      { data = string.rep("z", 5000), binary = false, options = { compress = false } },
      { data = "", binary = true },
    }
    for i, m in ipairs(sent) do
      local options = m.options or {}
      options.binary = m.binary
      H.equal(ws:send(m.data, options), true, mode .. ": send " .. i)
    end
    H.runUntil(mode .. " echoes", function() return c:count("message") >= #sent or c:count("close") > 0 end, 30)
    local received = {}
    for _, e in ipairs(c.events) do
      if e.type == "message" then received[#received + 1] = e end
    end
    H.equal(#received, #sent, mode .. ": number of echoes")
    for i, m in ipairs(sent) do
      local e = received[i]
      if e then
        H.equal(e.isBinary, m.binary, mode .. ": isBinary of " .. i)
        H.equal(#e.data, #m.data, mode .. ": length of " .. i)
        H.check(e.data == m.data, mode .. ": bytes of " .. i)
      end
    end
    -- The server reports how many bytes it read: the two big JSON texts went compressed.
    ws:send("stats")
    H.runUntil(mode .. " stats", function() return c:count("message") > #sent or c:count("close") > 0 end, 10)
    local stats = c:last("message")
    local read = stats and tonumber(string.match(stats.data, "read=(%d+)"))
    H.check(read ~= nil and read < #binaryBig + 5000 + 2 * #big / 3, mode .. ": bytes the server read: " .. tostring(read))
    H.report(mode .. "_read", read, 2 * #big + #binaryBig + 5000)
    closeClient(c)
    H.check(open ~= nil and open.protocol == "", mode .. ": ONOPEN")
    if mode == "default" then
      -- level = 0 negotiates, inflates what comes, and compresses nothing it sends.
      local l0 = openClient("level0", args.ws .. "/level0", { compression = { level = 0, threshold = 0 } })
      H.check(l0.ws:getExtensions() ~= "", "level0: negotiated")
      l0.ws:send(big)
      l0.ws:send("stats")
      H.runUntil("level0 stats", function() return l0:count("message") >= 2 or l0:count("close") > 0 end, 10)
      local echoed, counted = l0.events[2], l0:last("message")
      H.check(echoed ~= nil and echoed.data == big, "level0: the echo")
      local bytes = counted and tonumber(string.match(counted.data, "read=(%d+)"))
      H.check(bytes ~= nil and bytes > #big, "level0: the server read the message uncompressed: " .. tostring(bytes))
      closeClient(l0)
    end
  end

  -- Mistakes in the compression option raise at connect, naming the key.
  local probe = require("plugin.websockets").new()
  local mistakes = {
    { "yes", "option 'compression': boolean or table expected, got string" },
    { { level = 10 }, "option 'compression.level': integer from 0 to 9 expected, got 10" },
    { { clientMaxWindowBits = 7 }, "option 'compression.clientMaxWindowBits': integer from 8 to 15 expected, got 7" },
    { { serverMaxWindowBits = 12.5 }, "option 'compression.serverMaxWindowBits': integer from 8 to 15 expected" },
    { { threshold = -1 }, "option 'compression.threshold': must not be negative" },
    { { serverNoContextTakeover = 1 }, "option 'compression.serverNoContextTakeover': boolean expected, got number" },
  }
  for _, m in ipairs(mistakes) do
    H.raises(m[2], "compression mistake " .. m[2], probe.connect, probe, args.ws .. "/plain", { compression = m[1] })
  end

  local failures = {
    { path = "bomb", errorType = "limit", code = 1009 },
    { path = "corrupt", errorType = "protocol", code = 1007 },
    { path = "rsv1ping", errorType = "protocol", code = 1002 },
  }
  if args.skip_failures then failures = {} end
  for _, f in ipairs(failures) do
    local c = openClient(f.path, args.ws .. "/" .. f.path, { maxMessageSize = 100000 })
    c.ws:send("go")
    H.runUntil(f.path .. " ONCLOSE", function() return c:count("close") == 1 end, 10)
    c:expectFailure(f.errorType, f.code, f.path)
  end

  -- compression = false offers nothing: the server compresses nothing either.
  local plain = openClient("plain", args.ws .. "/plain", { compression = false })
  H.equal(plain.ws:getExtensions(), "", "plain: getExtensions()")
  closeClient(plain)
end)
