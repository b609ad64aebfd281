-- The connect options that shape the opening handshake, seen from the server:
--   subprotocols (the server prefers chat.v2, then chat.v1), custom headers (string and array values),
--   Origin, HTTP Basic authentication from options and from the URI's user info, and `port`, which
--   wins over the URI's port. /inspect reports the request it got as "header name=value" messages.
local H = require("harness")

--- Connects `c` to /inspect with `options` and returns the report as a table: headers[name] = value.
local function inspect(c, uri, options)
  local report = { headers = {} }
  c:handle(function(e)
    if e.type ~= "message" then return end
    local name, value = string.match(e.data, "^header ([^=]+)=(.*)$")
    if name then report.headers[name] = value end
    local auth = string.match(e.data, "^auth (.*)$")
    if auth then report.auth = auth end
    if e.data == "end" then c.ws:close(1000) end
  end)
  H.equal(c:connect(uri, options), true, c.label .. ": connect")
  return report
end

H.run(function(args)
  local user, password = args.auth_user, args.auth_password
  local host = string.match(args.ws, "^ws://(.*)$")

  local offered = H.client("offer-both")
  local both = inspect(offered, args.ws .. "/inspect", { protocols = { "chat.v1", "chat.v2" } })
  local single = H.client("offer-one")
  local one = inspect(single, args.ws .. "/inspect", { protocols = "chat.v1" })
  local unknown = H.client("offer-unknown")
  inspect(unknown, args.ws .. "/inspect", { protocols = { "other.v9" } })

  local custom = H.client("headers")
  local headers = inspect(custom, args.ws .. "/inspect", {
    headers = { ["X-Game"] = "solar2d", ["X-Multi"] = { "alpha", "beta" } },
    origin = "http://game.example",
  })

  local byOptions = H.client("auth-options")
  local authOptions = inspect(byOptions, args.ws .. "/private", { username = user, password = password })
  local byUri = H.client("auth-uri")
  local authUri = inspect(byUri, "ws://" .. user .. ":" .. password .. "@" .. host .. "/private")
  local anonymous = H.client("auth-missing")
  H.equal(anonymous:connect(args.ws .. "/private"), true, "auth-missing: connect")

  local port = H.client("port-option")
  H.equal(port:connect("ws://127.0.0.1:1/echo", { port = tonumber(args.ws_port) }), true, "port-option: connect")
  port:handle(function(e) if e.type == "open" then port.ws:close(1000) end end)

  H.settle(10)

  -- Subprotocols: the server's choice among the offers, "" when it chose none.
  H.equal(offered.events[1] and offered.events[1].protocol, "chat.v2", "offer-both: ONOPEN.protocol")
  H.equal(both.headers["sec-websocket-protocol"], "chat.v1, chat.v2", "offer-both: offered in order")
  H.equal(single.events[1] and single.events[1].protocol, "chat.v1", "offer-one: ONOPEN.protocol")
  H.equal(one.headers["sec-websocket-protocol"], "chat.v1", "offer-one: the offer")
  H.equal(unknown.events[1] and unknown.events[1].protocol, "", "offer-unknown: ONOPEN.protocol")
  H.equal(headers.headers["sec-websocket-protocol"], nil, "headers: nothing offered")
  H.equal(custom.events[1] and custom.events[1].protocol, "", "headers: ONOPEN.protocol without offers")

  -- Headers and Origin, and the handshake's own headers (RFC 6455 section 4.1).
  H.equal(headers.headers["x-game"], "solar2d", "headers: a string value")
  H.equal(headers.headers["x-multi"], "alpha, beta", "headers: an array value")
  H.equal(headers.headers["origin"], "http://game.example", "headers: Origin")
  H.equal(headers.headers["host"], host, "headers: Host")
  H.equal(headers.headers["upgrade"] and string.lower(headers.headers["upgrade"]), "websocket", "headers: Upgrade")
  H.equal(headers.headers["sec-websocket-version"], "13", "headers: Sec-WebSocket-Version")
  -- SPEC section 6: compression is offered by default, as browsers offer it.
  H.equal(headers.headers["sec-websocket-extensions"], "permessage-deflate; client_max_window_bits", "headers: the default permessage-deflate offer")
  local key = headers.headers["sec-websocket-key"] or ""
  H.check(#key == 24 and string.match(key, "^[%w+/]+==$") ~= nil, "headers: Sec-WebSocket-Key is 16 bytes of base64, got " .. key)
  H.equal(both.headers["sec-websocket-key"] ~= key, true, "a fresh Sec-WebSocket-Key per connection")

  -- Basic authentication.
  H.equal(authOptions.auth, user .. ":" .. password, "auth-options: credentials the server got")
  H.equal(byOptions:count("open"), 1, "auth-options: ONOPEN")
  H.equal(authUri.auth, user .. ":" .. password, "auth-uri: credentials the server got")
  H.equal(byUri:count("open"), 1, "auth-uri: ONOPEN")
  local err = anonymous:expectFailure("handshake", 1006)
  if err then H.check(string.find(err.reason, "401", 1, true) ~= nil, "auth-missing: reason names the status, got " .. err.reason) end

  -- The port option wins over the URI's port (1, where nothing listens).
  H.equal(port:sequence(), "open close", "port-option: events")
end)
