-- Ping, pong and keep-alive, on parallel clients:
--   ping       ws:ping("hello") and ws:ping() each give one ONPONG with the same payload
--   auto-pong  the server pings with "hey" and reports the payload of the client's automatic pong
--   alive      pingInterval 0.2 / pongTimeout 1 against a server that answers pings (it reports how
--              many came in the 1.2 s after the first): the connection stays open, pinging on
--   silent     the same options against a server that stops reading after the upgrade: ONERROR
--              "timeout" + ONCLOSE 1006 (the test checks it came 0.5 s after ONOPEN, give or take)
--   silent-ping  no keep-alive, but ws:ping() with pongTimeout 0.3 to a silent server: "timeout" too
local H = require("harness")

H.run(function(args)
  local ping = H.client("ping")
  ping:handle(function(e)
    if e.type == "open" then
      ping.ws:ping("hello")
      ping.ws:ping()
    elseif e.type == "pong" and ping:count("pong") == 2 then
      ping.ws:close(1000)
    end
  end)
  H.equal(ping:connect(args.ws .. "/echo"), true, "ping: connect")

  local auto = H.client("auto-pong")
  auto:handle(function(e)
    if e.type == "message" then auto.ws:close(1000) end
  end)
  H.equal(auto:connect(args.ws .. "/ping?data=hey"), true, "auto-pong: connect")

  local alive = H.client("alive")
  alive:handle(function(e)
    if e.type == "message" then alive.ws:close(1000) end
  end)
  H.equal(alive:connect(args.ws .. "/keepalive?after=1200", { pingInterval = 0.2, pongTimeout = 1 }), true, "alive: connect")

  local silent = H.client("silent")
  H.equal(silent:connect(args.ws .. "/silent", { pingInterval = 0.2, pongTimeout = 0.3 }), true, "silent: connect")

  local silentPing = H.client("silent-ping")
  silentPing:handle(function(e)
    if e.type == "open" then silentPing.ws:ping("anyone?") end
  end)
  H.equal(silentPing:connect(args.ws .. "/silent", { pongTimeout = 0.3 }), true, "silent-ping: connect")

  H.settle(8)

  H.equal(ping:sequence(), "open pong pong close", "ping: events")
  local pongs = {}
  for _, e in ipairs(ping.events) do
    if e.type == "pong" then pongs[#pongs + 1] = e.data end
  end
  H.equal(pongs[1], "hello", "ping: first ONPONG.data")
  H.equal(pongs[2], "", "ping: second ONPONG.data (no payload)")

  H.equal(auto:messages()[1], "pong hey", "auto-pong: the payload the server got back")

  H.equal(alive:sequence(), "open message close", "alive: events")
  local pings = tonumber(string.match(alive:messages()[1] or "", "^pings (%d+)$"))
  H.check(pings ~= nil and pings >= 3, "alive: keep-alive pings in 1.2 s at 0.2 s intervals: " .. tostring(pings))
  local close = alive:last("close")
  if close then H.equal(close.wasClean, true, "alive: ONCLOSE.wasClean") end

  H.equal(silent:sequence(), "open error close", "silent: events")
  silent:expectFailure("timeout", 1006)
  H.equal(silentPing:sequence(), "open error close", "silent-ping: events")
  silentPing:expectFailure("timeout", 1006)
end)
