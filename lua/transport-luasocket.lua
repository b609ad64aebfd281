-- The LuaSocket + LuaSec transport: byte streams over TCP and TLS for the Solar2D Simulator and plain
-- Lua (5.1, LuaJIT, 5.3, 5.4). It implements ts/transport/contract.ts and nothing more: it carries
-- bytes and knows nothing of WebSocket.
--
-- Design:
--  * Polled. open() only records what to do; step() advances name lookup, TCP connect and the TLS
--    handshake as far as it can without waiting, and wait() is the only call that sleeps.
--  * Never raises for network reasons: every failure is a category ("dns", "connect", "tls",
--    "closed") plus a message that names the host and the cause.
--  * Loads lazily. require("socket") and require("ssl") happen on first use, so the module loads
--    everywhere, and a platform without them gets a clear failure from step() instead of an error.
--  * Nothing is buffered here: write() hands bytes straight to the operating system and reports how
--    many it took, so buffered() is always 0 and backpressure stays with the plugin.

local M = { name = "luasocket" }

-- Bytes asked of LuaSocket per receive() call; a read() loops until the socket would block.
local RECEIVE_CHUNK = 65536
-- A read() returns at most this much so that one fast peer cannot hold the service loop; what is
-- left stays readable (or, under TLS, "dirty") and wait() returns at once for it.
local READ_LIMIT_PER_CALL = 4 * 1024 * 1024
-- /dev/urandom is read in blocks of this size; mask keys take 4 bytes each.
local RANDOM_BLOCK = 4096

-- CA bundles of common systems, used when verification is on and no `ca` option was given. LuaSec
-- does not load OpenSSL's default trust store by itself.
local SYSTEM_CA_FILES = {
  "/etc/ssl/certs/ca-certificates.crt", -- Debian, Ubuntu, Arch, Gentoo
  "/etc/pki/tls/certs/ca-bundle.crt", -- Fedora, RHEL, CentOS
  "/etc/ssl/ca-bundle.pem", -- openSUSE
  "/etc/pki/tls/cacert.pem", -- OpenELEC
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", -- RHEL 7+
  "/etc/ssl/cert.pem", -- macOS, Alpine, OpenBSD
  "/usr/local/etc/openssl/cert.pem", -- Homebrew OpenSSL
  "/usr/local/share/certs/ca-root-nss.crt", -- FreeBSD
}
local SYSTEM_CA_DIRS = { "/etc/ssl/certs", "/etc/pki/tls/certs" }

-- Result codes of LuaSocket / LuaSec calls that only mean "not now, try again later".
local WOULD_BLOCK = { timeout = true, wantread = true, wantwrite = true }

---------------------------------------------------------------------------------------------------
-- Lazy loading of LuaSocket and LuaSec
---------------------------------------------------------------------------------------------------

local socketModule -- the LuaSocket table, false when it cannot be loaded, nil before the first try
local socketLoadError

local function loadSocket()
  if socketModule == nil then
    local ok, result = pcall(require, "socket")
    if ok and type(result) == "table" and result.tcp then
      socketModule = result
    else
      socketModule = false
      socketLoadError = tostring(result)
    end
  end
  return socketModule or nil
end

local sslModule
local sslLoadErrors

-- LuaSec is `ssl` in plain Lua. Solar2D ships it inside the plugin.openssl plugin, whose LuaSec
-- part becomes available as `plugin_luasec_ssl` once `plugin.openssl` has been required.
local function loadSsl()
  if sslModule == nil then
    sslModule = false
    sslLoadErrors = {}
    local ok, result = pcall(require, "ssl")
    if ok and type(result) == "table" and result.wrap then
      sslModule = result
    else
      sslLoadErrors[#sslLoadErrors + 1] = "require 'ssl': " .. tostring(result)
      local pluginOk, pluginError = pcall(require, "plugin.openssl")
      if pluginOk then
        ok, result = pcall(require, "plugin_luasec_ssl")
        if ok and type(result) == "table" and result.wrap then
          sslModule = result
        else
          sslLoadErrors[#sslLoadErrors + 1] = "require 'plugin_luasec_ssl': " .. tostring(result)
        end
      else
        sslLoadErrors[#sslLoadErrors + 1] = "require 'plugin.openssl': " .. tostring(pluginError)
      end
    end
  end
  return sslModule or nil
end

local function firstLine(text)
  return (tostring(text):match("^[^\n]*"))
end

local HostNames = require("host-names")
local isIpv4Literal, isIpv6Literal = HostNames.isIpv4Literal, HostNames.isIpv6Literal
local certificateMatchesHost = HostNames.certificateMatchesHost
local resolve = HostNames.resolve

---------------------------------------------------------------------------------------------------
-- TLS configuration
---------------------------------------------------------------------------------------------------

-- The lowest TLS version maps onto LuaSec's protocol "any" (OpenSSL negotiates the highest version
-- both sides support) with the older versions switched off.
local DISABLED_BELOW = {
  ["1.0"] = { "no_sslv2", "no_sslv3" },
  ["1.1"] = { "no_sslv2", "no_sslv3", "no_tlsv1" },
  ["1.2"] = { "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1" },
  ["1.3"] = { "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1", "no_tlsv1_2" },
}

local function fileExists(path)
  local file = io and io.open and io.open(path, "rb")
  if file then
    file:close()
    return true
  end
  return false
end

local systemTrust -- { cafile = ..., capath = ... }, false when none was found, nil before looking

local function findSystemTrust()
  if systemTrust == nil then
    systemTrust = false
    for _, path in ipairs(SYSTEM_CA_FILES) do
      if fileExists(path) then
        systemTrust = { cafile = path }
        break
      end
    end
    for _, dir in ipairs(SYSTEM_CA_DIRS) do
      -- A directory of hashed certificates; "<dir>/." opens on POSIX systems when it exists.
      if fileExists(dir .. "/.") then
        systemTrust = systemTrust or {}
        systemTrust.capath = dir
        break
      end
    end
  end
  return systemTrust or nil
end

-- Contexts are cached by their settings: loading a system CA bundle costs milliseconds, and a game
-- with many connections would pay it for each. A system CA file edited while the program runs is
-- not reread.
local contextCache = {}

-- A private file for `pem`: in Solar2D its TemporaryDirectory, elsewhere os.tmpname (which creates
-- the file, readable by this user only). Returns the path, or nil and a message.
local function writeTemporaryPem(pem)
  local path
  local solar2d = rawget(_G, "system")
  if type(solar2d) == "table" and type(solar2d.pathForFile) == "function" and solar2d.TemporaryDirectory then
    path = solar2d.pathForFile("plugin.websockets-ca-" .. tostring(os.time()) .. "-" .. #pem .. ".pem",
      solar2d.TemporaryDirectory)
  elseif os and os.tmpname then
    local ok, name = pcall(os.tmpname)
    if ok then path = name end
  end
  if not path then
    return nil, "no temporary file for the `ca` certificates can be made here"
  end
  local file, err = io.open(path, "wb")
  if not file then
    return nil, "cannot write the `ca` certificates to a temporary file (" .. tostring(err) .. ")"
  end
  local written, writeError = file:write(pem)
  file:close()
  if not written then
    os.remove(path)
    return nil, "cannot write the `ca` certificates to a temporary file (" .. tostring(writeError) .. ")"
  end
  return path
end

-- LuaSec 1.2 takes trusted CAs only as files (`cafile`, `capath`: context.locations); the `ca`
-- option brings PEM text. OpenSSL reads a cafile completely while the context is made, so the
-- text goes to a temporary file for exactly that moment and the file is removed right after; the
-- context (cached by the PEM text) keeps the certificates.
local function newContextTrusting(ssl, params, pem)
  local path, message = writeTemporaryPem(pem)
  if not path then
    return false, message
  end
  params.cafile = path
  local ok, context, contextError = pcall(ssl.newcontext, params)
  os.remove(path)
  params.cafile = nil
  return ok, context, contextError
end

-- Returns a LuaSec context for `options`, or nil and a message.
local function tlsContext(ssl, options)
  local minTls = DISABLED_BELOW[options.minTls] and options.minTls or "1.2"
  local verify = options.verify ~= false
  local key = table.concat({ minTls, tostring(verify), tostring(options.ca) }, "\0")
  if contextCache[key] then
    return contextCache[key]
  end

  local params = {
    mode = "client",
    protocol = "any",
    options = DISABLED_BELOW[minTls],
    verify = verify and "peer" or "none",
  }
  if minTls == "1.0" or minTls == "1.1" then
    -- OpenSSL 3 refuses TLS 1.0 and 1.1 handshakes at its default security level (their SHA-1
    -- signatures are "legacy sigalg disallowed"). A game that asks for them gets security level 0,
    -- which also admits weak ciphers; TLS_1_2 (the default) and TLS_1_3 are unaffected.
    params.ciphers = "DEFAULT:@SECLEVEL=0"
  end
  local ok, context, message
  if verify and options.ca then
    ok, context, message = newContextTrusting(ssl, params, options.ca)
  else
    if verify then
      local trust = findSystemTrust()
      if not trust then
        return nil, "no system CA certificates were found to verify the server; pass the `ca` option "
          .. "(trusted CA certificates as PEM text or a PEM file), or verify = false for development only"
      end
      params.cafile, params.capath = trust.cafile, trust.capath
    end
    ok, context, message = pcall(ssl.newcontext, params)
  end
  if not ok or not context then
    return nil, "cannot set up TLS: " .. firstLine(ok and message or context)
  end
  contextCache[key] = context
  return context
end

---------------------------------------------------------------------------------------------------
-- Streams
---------------------------------------------------------------------------------------------------

-- States: "resolving" (not stepped yet) -> "connecting" (TCP) -> "handshaking" (TLS) -> "open";
-- any of them -> "failed"; close() -> "closed".
local Stream = {}
Stream.__index = Stream

local function endpoint(self)
  if isIpv6Literal(self.host) then
    return "[" .. self.host .. "]:" .. tostring(self.port)
  end
  return self.host .. ":" .. tostring(self.port)
end

local function fail(self, category, message)
  if self.socket then
    pcall(self.socket.close, self.socket)
    self.socket = nil
  end
  self.state = "failed"
  self.failureCategory, self.failureMessage = category, message
  return "failed", category, message
end

-- A fresh non-blocking socket for `address`, connecting. Returns the connect outcome:
-- "connected", "pending", or nil and a message.
local function startConnect(self, socket, address)
  local create = address.family == "inet6" and socket.tcp6 or socket.tcp4 or socket.tcp
  if not create then
    return nil, "this LuaSocket cannot open IPv6 connections"
  end
  local tcp, message = create()
  if not tcp then
    return nil, tostring(message)
  end
  tcp:settimeout(0)
  pcall(tcp.setoption, tcp, "tcp-nodelay", true) -- WebSocket frames are small and latency matters
  self.socket, self.address = tcp, address
  local ok, err = tcp:connect(address.addr, self.port)
  if ok or err == "already connected" then
    return "connected"
  elseif err == "timeout" or err == "Operation already in progress" then
    return "pending"
  end
  return nil, tostring(err)
end

-- Tries the next resolved address; nil and the last message when none is left.
local function connectNextAddress(self, socket, lastError)
  while self.addressIndex < #self.addresses do
    self.addressIndex = self.addressIndex + 1
    if self.socket then
      self.socket:close()
      self.socket = nil
    end
    local outcome, message = startConnect(self, socket, self.addresses[self.addressIndex])
    if outcome then
      return outcome
    end
    lastError = message
  end
  return nil, lastError
end

local function connectFailure(self, message)
  return fail(self, "connect", "cannot connect to " .. endpoint(self) .. ": " .. tostring(message))
end

local function tlsFailure(self, message)
  local text = "TLS with " .. endpoint(self) .. " failed: " .. firstLine(message)
  if self.options.minTls and self.options.minTls ~= "1.0" and tostring(message):find("version") then
    text = text .. " (TLS " .. self.options.minTls .. " or later was required; the server may "
      .. "support only older versions)"
  end
  return fail(self, "tls", text)
end

local function startTls(self)
  local ssl = loadSsl()
  if not ssl then
    return fail(self, "tls", "wss:// needs LuaSec, which is not available ("
      .. table.concat(sslLoadErrors, "; ") .. "). In Solar2D add the plugin.openssl plugin to "
      .. "build.settings; in plain Lua install LuaSec (Debian: apt install lua-sec; LuaRocks: luasec)")
  end
  local context, message = tlsContext(ssl, self.options)
  if not context then
    return fail(self, "tls", "TLS with " .. endpoint(self) .. " failed: " .. message)
  end
  local ok, conn, wrapError = pcall(ssl.wrap, self.socket, context)
  if not ok or not conn then
    return tlsFailure(self, ok and wrapError or conn)
  end
  -- From here the TLS object owns the descriptor; closing it closes the TCP connection.
  self.socket = conn
  conn:settimeout(0)
  -- SNI (RFC 6066 section 3) carries host names only, never IP literals.
  local name = self.serverName
  if conn.sni and not isIpv4Literal(name) and not isIpv6Literal(name) then
    pcall(conn.sni, conn, name)
  end
  self.state = "handshaking"
  self.want = "write"
  return nil
end

local function finishTls(self)
  if self.options.verify == false then
    return nil
  end
  local conn = self.socket
  local ok, certificate = pcall(function()
    return conn:getpeercertificate()
  end)
  if not ok or not certificate then
    return fail(self, "tls", "TLS with " .. endpoint(self) .. " failed: the server sent no certificate "
      .. "whose host name could be checked")
  end
  local matches, why = certificateMatchesHost(certificate, self.serverName)
  if not matches then
    return fail(self, "tls", "TLS with " .. endpoint(self) .. " failed: host name mismatch: " .. why)
  end
  return nil
end

-- One round of the handshake; returns step()'s answer when it is final, nil to continue.
local function advanceHandshake(self)
  local done, err = self.socket:dohandshake()
  if done then
    local failed = finishTls(self)
    if failed then
      return failed, self.failureCategory, self.failureMessage
    end
    self.state, self.want = "open", nil
    return nil
  end
  if err == "wantread" then
    self.want = "read"
  elseif err == "wantwrite" or err == "timeout" then
    self.want = "write"
  else
    return tlsFailure(self, err)
  end
  return "connecting"
end

-- TCP is up: either the stream is open or TLS starts.
local function connected(self)
  if self.options.secure then
    local failed, category, message = startTls(self)
    if failed then
      return failed, category, message
    end
    return advanceHandshake(self)
  end
  self.state = "open"
  return nil
end

local function advanceConnect(self, socket)
  -- A connecting socket turns writable once the outcome is known (success or failure); a second
  -- connect() then reports it: 1 or "already connected" both mean success.
  local okSelect, _, writable = pcall(socket.select, nil, { self.socket }, 0)
  if okSelect and (not writable or #writable == 0) then
    return "connecting"
  end
  local ok, err = self.socket:connect(self.address.addr, self.port)
  if ok or err == "already connected" then
    return connected(self)
  end
  if WOULD_BLOCK[err] or err == "Operation already in progress" then
    return "connecting"
  end
  local outcome, message = connectNextAddress(self, socket, err)
  if outcome == "connected" then
    return connected(self)
  elseif outcome == "pending" then
    return "connecting"
  end
  return connectFailure(self, message)
end

function Stream:step()
  local state = self.state
  if state == "open" then
    return "open"
  elseif state == "failed" then
    return "failed", self.failureCategory, self.failureMessage
  elseif state == "closed" then
    return "failed", "closed", "the stream was closed"
  end

  local socket = loadSocket()
  if not socket then
    return fail(self, "connect", "cannot connect to " .. endpoint(self) .. ": LuaSocket is missing ("
      .. firstLine(socketLoadError) .. "); this transport needs LuaSocket (require 'socket')")
  end

  local answer, category, message
  if state == "resolving" then
    local addresses, lookupError = resolve(socket, self.host)
    if not addresses then
      return fail(self, "dns", "cannot resolve host " .. self.host .. ": " .. tostring(lookupError))
    end
    self.addresses, self.addressIndex = addresses, 0
    local outcome, connectError = connectNextAddress(self, socket, nil)
    if not outcome then
      return connectFailure(self, connectError)
    end
    self.state = "connecting"
    if outcome == "connected" then
      answer, category, message = connected(self)
    end
  elseif state == "connecting" then
    answer, category, message = advanceConnect(self, socket)
  elseif state == "handshaking" then
    answer, category, message = advanceHandshake(self)
  end
  if answer then
    return answer, category, message
  end
  return self.state == "open" and "open" or "connecting"
end

function Stream:write(data)
  if self.state ~= "open" then
    if self.state == "failed" then
      return nil, self.failureCategory, self.failureMessage
    elseif self.state == "closed" then
      return nil, "closed", "the stream was closed"
    end
    return 0
  end
  if self.writeError then
    return nil, "closed", self.writeError
  end
  if data == "" then
    return 0
  end
  local last, err, lastSent = self.socket:send(data)
  if last then
    self.writeBlocked = false
    return math.floor(last) -- LuaSocket counts in floats on Lua 5.3+; the contract wants integers
  end
  if WOULD_BLOCK[err] then
    -- The operating system took only part (lastSent bytes); wait() now also watches for room.
    self.writeBlocked = true
    return math.floor(lastSent or 0)
  end
  self.writeError = err == "closed" and "the connection was closed while sending"
    or "sending failed: " .. tostring(err)
  return nil, "closed", self.writeError
end

function Stream:read(maxBytes)
  if self.state ~= "open" then
    if self.state == "failed" then
      return nil, self.failureCategory, self.failureMessage
    elseif self.state == "closed" then
      return nil, "closed", "the stream was closed"
    end
    return ""
  end
  if self.endMessage then
    return nil, "closed", self.endMessage
  end
  -- What is not asked for stays in the operating system's buffer, so TCP flow control slows the peer.
  local limit = maxBytes and math.min(maxBytes, READ_LIMIT_PER_CALL) or READ_LIMIT_PER_CALL
  local parts, total = {}, 0
  while total < limit do
    -- A count pattern returns nil, "timeout", partial when fewer bytes are there: they count.
    local data, err, partial = self.socket:receive(math.min(RECEIVE_CHUNK, limit - total))
    data = data or partial
    if data and data ~= "" then
      parts[#parts + 1] = data
      total = total + #data
    end
    if err then
      if not WOULD_BLOCK[err] then
        self.endMessage = err == "closed" and "the connection was closed by the peer"
          or "the connection was lost: " .. tostring(err)
      end
      break
    end
  end
  if total == 0 and self.endMessage then
    return nil, "closed", self.endMessage
  end
  return table.concat(parts)
end

function Stream:buffered()
  return 0
end

-- Ends the sending side (TCP's FIN goes after every byte already written) and goes on reading: a
-- server closes first this way (RFC 6455 section 7.1.1) and reads what the client still sends until
-- it closes too, since closing with unread input would make the kernel answer with a reset that
-- erases what the client has not read yet (the last echo, the close frame). False when it cannot:
-- a TLS connection (LuaSec has no half-close), or a stream that is not open.
function Stream:shutdown()
  local socket = self.socket
  if self.state ~= "open" or self.writeError or not socket or type(socket.shutdown) ~= "function" then
    return false
  end
  local ok, done = pcall(socket.shutdown, socket, "send")
  return ok and done == 1
end

function Stream:close()
  if self.socket then
    pcall(self.socket.close, self.socket)
    self.socket = nil
  end
  self.state = "closed"
end

-- What wait() should watch for this stream: "read", "write", "both", "now" (it can make progress at
-- once) or nil (nothing will happen on it).
function Stream:interest()
  local state = self.state
  if state == "resolving" then
    return "now"
  elseif state == "connecting" then
    return "write"
  elseif state == "handshaking" then
    return self.want
  elseif state == "open" then
    if self.endMessage then
      return "now"
    end
    return self.writeBlocked and "both" or "read"
  end
  return nil
end

-- Starts opening a stream; the work happens in step().
function M.open(options)
  local stream = setmetatable({
    options = options,
    host = tostring(options.host),
    port = tonumber(options.port),
    serverName = tostring(options.serverName or options.host),
    state = "resolving",
  }, Stream)
  return stream
end

-- Sleeps in select() until one stream can make progress or `timeout` seconds have passed.
function M.wait(streams, timeout)
  local socket = loadSocket()
  if not socket or not timeout or timeout <= 0 then
    return
  end
  local readers, writers = {}, {}
  for _, stream in ipairs(streams) do
    local interest = stream.interest and stream:interest()
    if interest == "now" then
      return
    end
    if (interest == "read" or interest == "both") and stream.socket then
      readers[#readers + 1] = stream.socket
    end
    if (interest == "write" or interest == "both") and stream.socket then
      writers[#writers + 1] = stream.socket
    end
  end
  -- select() also reports a TLS stream whose library buffer holds decrypted bytes ("dirty").
  local ok = pcall(socket.select, readers, writers, timeout)
  if not ok then
    -- select() raises for descriptors beyond FD_SETSIZE: nap briefly rather than spin.
    socket.sleep(math.min(timeout, 0.01))
  end
end

---------------------------------------------------------------------------------------------------
-- Listening: lua/transport-luasocket-listener.lua, which builds on these
---------------------------------------------------------------------------------------------------

M.loadSocket, M.loadSsl = loadSocket, loadSsl

-- What loadSocket() / loadSsl() ran into, for the listener's messages.
function M.loadErrors()
  return firstLine(socketLoadError), table.concat(sslLoadErrors or {}, "; ")
end

-- A stream over a connection a listener accepted. It starts "open", or "handshaking" when
-- `tlsConnection` (the socket wrapped by LuaSec in server mode) is given, and step() drives the
-- handshake as for a client. There is no host name to verify on this side.
function M.accepted(tcp, peerHost, peerPort, tlsConnection)
  pcall(tcp.setoption, tcp, "tcp-nodelay", true)
  local stream = setmetatable({
    options = { verify = false },
    host = tostring(peerHost),
    port = tonumber(peerPort),
    serverName = tostring(peerHost),
    state = "open",
    socket = tcp,
  }, Stream)
  if tlsConnection then
    tlsConnection:settimeout(0)
    stream.socket, stream.state, stream.want = tlsConnection, "handshaking", "read"
  end
  return stream
end

-- Loaded on first use, so that a client-only game never loads the listener code.
function M.listen(options)
  return require("transport-luasocket-listener").listen(options)
end

---------------------------------------------------------------------------------------------------
-- Randomness and time
---------------------------------------------------------------------------------------------------

local urandom -- the open /dev/urandom, false where there is none, nil before the first try
local randomPool, randomPosition = "", 1
local fallbackSeeded = false

-- `count` random bytes from /dev/urandom, read in blocks and handed out from a pool. Where there is
-- no /dev/urandom (Windows) the bytes come from math.random, seeded once from the clocks: not
-- cryptographically strong, which RFC 6455 section 10.3 tolerates less well, but it keeps masking
-- keys varying. That seeding also resets the game's own math.random sequence once.
function M.random(count)
  if count <= 0 then
    return ""
  end
  if urandom == nil then
    urandom = io and io.open and io.open("/dev/urandom", "rb") or false
  end
  if urandom then
    local available = #randomPool - randomPosition + 1
    if available < count then
      local block = urandom:read(math.max(RANDOM_BLOCK, count))
      if block and #block >= count then
        randomPool, randomPosition = randomPool:sub(randomPosition) .. block, 1
      else
        urandom = false
      end
    end
    if urandom then
      local bytes = randomPool:sub(randomPosition, randomPosition + count - 1)
      randomPosition = randomPosition + count
      return bytes
    end
  end
  if not fallbackSeeded then
    local socket = loadSocket()
    local seed = (socket and socket.gettime() or os.time()) * 1000 + os.clock() * 1000000
    math.randomseed(math.floor(seed % 2147483647))
    fallbackSeeded = true
  end
  local bytes = {}
  for i = 1, count do
    bytes[i] = string.char(math.random(0, 255))
  end
  return table.concat(bytes)
end

local lastNow = 0

-- Seconds, from socket.gettime(). That is the wall clock, so it is held from ever going backwards
-- (a clock set back would otherwise stretch every timeout); without LuaSocket, os.clock().
function M.now()
  local socket = loadSocket()
  local now = socket and socket.gettime() or os.clock()
  if now < lastNow then
    now = lastNow
  end
  lastNow = now
  return now
end

return M
