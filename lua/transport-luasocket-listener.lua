-- Listening sockets for the LuaSocket + LuaSec transport: the server side of
-- ts/transport/contract.ts (listen, Listener). It carries bytes and knows nothing of WebSocket.
--
-- Design:
--  * Polled. listen() binds at once (local and quick) and step() reports the outcome; accept()
--    takes one connection the operating system has already queued and never waits. A listener has a `socket` and an interest() like a
--    stream, so the transport's wait() (socket.select) also wakes when a connection arrives.
--  * Accepted connections are the transport's own streams (transport-luasocket.lua's accepted()):
--    the session code drives them exactly like a client's. Under TLS the stream comes back before
--    its handshake, which step() then drives without blocking.
--  * Never raises for network reasons: every failure is a category of the contract plus a message
--    that names the address and the cause.

-- A path relative to this folder, as lua/kernels.lua requires "bits": the bundler maps it onto the
-- bundled module, and plain Lua finds it with lua/ on package.path.
local transport = require("transport-luasocket")

local M = {}

-- TLS versions a server refuses; as for clients, 1.2 is the lowest accepted (RFC 8996 deprecates
-- 1.0 and 1.1).
local SERVER_TLS_OPTIONS = { "all", "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1" }

local HostNames = require("host-names")
local isIpv4Literal, isIpv6Literal = HostNames.isIpv4Literal, HostNames.isIpv6Literal

local function endpoint(host, port)
  if isIpv6Literal(host) then
    return "[" .. host .. "]:" .. tostring(port)
  end
  return host .. ":" .. tostring(port)
end

-- LuaSocket's texts for bind() and listen() failures (its socket_strerror, or the C library's
-- strerror) to the contract's categories.
local function categoryOf(message)
  local text = tostring(message):lower()
  if text:find("already in use", 1, true) then
    return "address in use"
  elseif text:find("permission denied", 1, true) or text:find("not permitted", 1, true) then
    return "permission denied"
  elseif text:find("assign requested address", 1, true) or text:find("not available", 1, true)
    or text:find("not supported", 1, true) or text:find("invalid argument", 1, true) then
    return "bad host"
  end
  return "listen"
end

local function isPemText(text)
  return text:find("-----BEGIN", 1, true) ~= nil
end

-- LuaSec loads certificates and keys from files only, so PEM text goes through temporary files
-- (os.tmpname creates them readable by this user alone) that are removed at once; a path is used
-- as it is.
local function withPemFiles(certificate, key, use)
  if not isPemText(certificate) and not isPemText(key) then
    return use(certificate, key)
  end
  if not (os and os.tmpname and io and io.open) then
    return nil, "this Lua has no temporary files (os.tmpname) to hand the certificate to LuaSec"
  end
  local okNames, certificatePath, keyPath = pcall(function()
    return os.tmpname(), os.tmpname()
  end)
  if not okNames then
    return nil, "cannot create a temporary file for the certificate: " .. tostring(certificatePath)
  end
  local function put(path, text)
    local file = io.open(path, "wb")
    if not file then
      return false
    end
    file:write(text)
    file:close()
    return true
  end
  local result, message
  local certificateText, keyText = isPemText(certificate), isPemText(key)
  if (not certificateText or put(certificatePath, certificate)) and (not keyText or put(keyPath, key)) then
    result, message = use(certificateText and certificatePath or certificate, keyText and keyPath or key)
  else
    message = "cannot write a temporary file for the certificate"
  end
  os.remove(certificatePath)
  os.remove(keyPath)
  return result, message
end

-- A LuaSec server context for the PEM certificate chain and key, or nil and a message.
local function serverContext(ssl, tls)
  if type(tls.certificate) ~= "string" or type(tls.key) ~= "string" then
    return nil, "tls needs a certificate and a key, each PEM text or the path of a PEM file"
  end
  return withPemFiles(tls.certificate, tls.key, function(certificatePath, keyPath)
    local ok, context, message = pcall(ssl.newcontext, {
      mode = "server",
      protocol = "any",
      options = SERVER_TLS_OPTIONS,
      verify = "none",
      certificate = certificatePath,
      key = keyPath,
    })
    if not ok or not context then
      return nil, "cannot load the certificate and key: " .. tostring(ok and message or context)
    end
    return context
  end)
end

---------------------------------------------------------------------------------------------------
-- Listeners
---------------------------------------------------------------------------------------------------

local Listener = {}
Listener.__index = Listener

function Listener:step()
  if self.failureCategory then
    return "failed", self.failureCategory, self.failureMessage
  elseif not self.socket then
    return "failed", "listen", self.closedMessage
  end
  return "listening"
end

function Listener:accept()
  if not self.socket then
    return nil
  end
  local client = self.socket:accept()
  if not client then
    -- "timeout": nothing is queued. Anything else (a connection reset while queued, out of file
    -- descriptors) concerns one attempt, not the listener: the next call tries again.
    return nil
  end
  client:settimeout(0)
  local peerHost, peerPort = client:getpeername()
  if not peerHost then
    -- Reset between the kernel's accept and here: nothing to hand over.
    client:close()
    return nil
  end
  local connection
  if self.context then
    local ok, wrapped = pcall(self.ssl.wrap, client, self.context)
    if not ok or not wrapped then
      client:close()
      return nil
    end
    connection = wrapped
  end
  return transport.accepted(client, peerHost, math.floor(tonumber(peerPort)), connection), peerHost,
    math.floor(tonumber(peerPort))
end

function Listener:port()
  return self.boundPort
end

-- Closing the listening socket makes the operating system reset every connection still in its
-- queue: a pending client sees its connection refused or reset, never a silent hang.
function Listener:close()
  if self.socket then
    pcall(self.socket.close, self.socket)
    self.socket = nil
    self.closedMessage = "the listener on " .. self.name .. " was closed"
  end
end

-- For transport.wait(): a listening socket turns readable when a connection is queued.
function Listener:interest()
  return self.socket and "read" or nil
end

-- A listener that never listened: step() tells why.
local function failed(category, message)
  return setmetatable({ boundPort = 0, failureCategory = category, failureMessage = message }, Listener)
end

function M.listen(options)
  local host = tostring(options.host or "0.0.0.0")
  local port = tonumber(options.port) or 0
  local backlog = math.max(1, math.floor(tonumber(options.backlog) or 128))
  local name = endpoint(host, port)

  local socket = transport.loadSocket()
  if not socket then
    local socketError = transport.loadErrors()
    return failed("listen", "cannot listen on " .. name .. ": LuaSocket is missing (" .. socketError
      .. "); this transport needs LuaSocket (require 'socket')")
  end

  local ssl, context
  if options.tls then
    ssl = transport.loadSsl()
    if not ssl then
      local _, sslErrors = transport.loadErrors()
      return failed("tls unsupported here", "serving wss:// on " .. name .. " needs LuaSec, which is "
        .. "not available (" .. sslErrors .. ")")
    end
    local message
    context, message = serverContext(ssl, options.tls)
    if not context then
      return failed("tls", "cannot serve TLS on " .. name .. ": " .. message)
    end
  end

  -- Names go through the resolver, which blocks, as for clients; the first address is bound.
  local addresses, lookupError = HostNames.resolve(socket, host)
  local address = addresses and addresses[1]
  if not address then
    return failed("bad host", "cannot listen on " .. name .. ": " .. host .. " does not resolve ("
      .. tostring(lookupError) .. ")")
  end
  local create = address.family == "inet6" and socket.tcp6 or socket.tcp4 or socket.tcp
  if not create then
    return failed("bad host", "cannot listen on " .. name .. ": this LuaSocket has no IPv6")
  end
  local tcp, createError = create()
  if not tcp then
    return failed("listen", "cannot listen on " .. name .. ": " .. tostring(createError))
  end
  -- As socket.bind() and Node do: a port whose last connections linger in TIME_WAIT can be reused
  -- at once. Two listeners on one port still fail with "address already in use".
  tcp:setoption("reuseaddr", true)
  if address.family == "inet6" then
    pcall(tcp.setoption, tcp, "ipv6-v6only", false) -- "::" also takes IPv4 where the system allows
  end
  local ok, bindError = tcp:bind(address.addr, port)
  if ok then
    ok, bindError = tcp:listen(backlog)
  end
  if not ok then
    tcp:close()
    return failed(categoryOf(bindError), "cannot listen on " .. name .. ": " .. tostring(bindError))
  end
  tcp:settimeout(0)
  local _, boundPort = tcp:getsockname()
  boundPort = math.floor(tonumber(boundPort) or port)
  return setmetatable({
    socket = tcp,
    boundPort = boundPort,
    name = endpoint(host, boundPort),
    ssl = ssl,
    context = context,
  }, Listener)
end

return M
