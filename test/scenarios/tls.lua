-- wss:// with certificates the test made (test/support/certs.ts), on parallel clients:
--   untrusted    the test CA is in no trust store: ONERROR "tls" + ONCLOSE 1006 by default
--   trusted      the same server with ca = the test CA: open, echo, clean close
--   localhost    the same by host name (the certificate names localhost and 127.0.0.1)
--   no-verify    verify = false accepts the untrusted server
--   wrong-host   a certificate from the test CA for another host name: "tls", even with ca
--   tls13-only   tls = TLS_1_3 against a server capped at TLS 1.2: "tls", and the reason says why
--   tls12        the default minimum (TLS 1.2) against that server: open
--   tls10-min    tls = TLS_1_0 (the original plugin's option) is only the minimum: open
--   ca-text      ca = the test CA's PEM text instead of its path: open
--   ca-relative  ca = a relative path, resolved against the working directory: open
local H = require("harness")

local function readFile(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

H.run(function(args)
  local ws0 = H.WebSockets
  local caText = readFile(args.ca)
  H.check(caText:find("-----BEGIN CERTIFICATE-----", 1, true) ~= nil, "the test CA file holds PEM text")
  H.check(args.ca_relative:sub(1, 1) ~= "/", "ca_relative is a relative path: " .. args.ca_relative)
  local cases = {
    { label = "untrusted", uri = args.wss .. "/echo", fails = true },
    { label = "trusted", uri = args.wss .. "/echo", options = { ca = args.ca } },
    { label = "localhost", uri = args.wss_localhost .. "/echo", options = { ca = args.ca } },
    { label = "no-verify", uri = args.wss .. "/echo", options = { verify = false } },
    { label = "wrong-host", uri = args.wss_wrong_host .. "/echo", options = { ca = args.ca }, fails = true },
    { label = "tls13-only", uri = args.wss_tls12 .. "/echo", options = { ca = args.ca, tls = ws0.TLS_1_3 }, fails = true,
      reasonHas = { "version", "protocol", "1.3" } },
    { label = "tls12", uri = args.wss_tls12 .. "/echo", options = { ca = args.ca } },
    { label = "tls10-min", uri = args.wss .. "/echo", options = { ca = args.ca, tls = ws0.TLS_1_0 } },
    { label = "ca-text", uri = args.wss_localhost .. "/echo", options = { ca = caText } },
    { label = "ca-relative", uri = args.wss .. "/echo", options = { ca = args.ca_relative } },
  }
  for _, case in ipairs(cases) do
    local c = H.client(case.label)
    case.client = c
    c:handle(function(e)
      if e.type == "open" then
        c.ws:send("secret " .. case.label)
      elseif e.type == "message" then
        c.ws:close(1000)
      end
    end)
    H.equal(c:connect(case.uri, case.options), true, case.label .. ": connect")
  end
  H.settle(8)
  for _, case in ipairs(cases) do
    local c = case.client
    if case.fails then
      H.equal(c:sequence(), "error close", case.label .. ": events")
      local err = c:expectFailure("tls", 1006)
      if err and case.reasonHas then
        local lower, found = string.lower(err.reason), false
        for _, word in ipairs(case.reasonHas) do
          if string.find(lower, word, 1, true) then found = true end
        end
        H.check(found, case.label .. ": ONERROR.reason says why (" .. table.concat(case.reasonHas, "/") .. "), got " .. err.reason)
      end
    else
      H.equal(c:sequence(), "open message close", case.label .. ": events")
      H.equal(c:messages()[1], "secret " .. case.label, case.label .. ": echo over TLS")
      local close = c:last("close")
      if close then H.equal(close.wasClean, true, case.label .. ": ONCLOSE.wasClean") end
    end
  end
end)
