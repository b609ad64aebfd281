-- The plugin's server (SPEC section 7) as test/server.test.ts drives it: it listens on 127.0.0.1
-- with the options given as name=value arguments, prints every event it dispatches, echoes every
-- message with its type, and obeys commands the clients send as text messages:
--
--   cmd:close:CODE:REASON   peer:close(CODE, REASON)        cmd:disconnect   peer:disconnect()
--   cmd:ping:DATA           peer:ping(DATA)                 cmd:broadcast:T  server:broadcast(T)
--   cmd:clients             answers "clients N"             cmd:info         answers "info ..."
--   cmd:extensions          answers "extensions " .. peer:getExtensions()
--   cmd:shutdown            server:close()                  cmd:misuse       answers "misuse ok|..."
--   cmd:flood:SIZE          sends SIZE-byte messages until send refuses, then says how far it got
--   cmd:pieces              sends "Hel\226\130\172lo" in pieces with a ping between, answers "pieces ok|..."
--
-- Output, one line per fact:  port N | EVENT <who> <type> key=value ... | LUAERROR <message> |
-- HEAP <kib> | RESULT ok (after the server's own ONCLOSE).
-- verify=1 installs a verifyClient that refuses "?deny=STATUS" with STATUS and raises for "?boom".
local WebSockets = require("plugin.websockets")

if io and io.stdout and io.stdout.setvbuf then pcall(io.stdout.setvbuf, io.stdout, "no") end
local function emit(line)
  print(line)
  if io and io.stdout and io.stdout.flush then pcall(io.stdout.flush, io.stdout) end
end

local args = {}
for _, a in ipairs(arg or {}) do
  local name, value = string.match(a, "^([%w_]+)=(.*)$")
  if name then args[name] = value end
end

local function encode(s)
  return (string.gsub(tostring(s), "[^%w%.%-_:/,;!?#@+*()]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local options = { host = args.host or "127.0.0.1", port = tonumber(args.port) or 0 }
if args.path then options.path = args.path end
-- tls=DIR: DIR/server_certificate.lua returns { certificate = PEM, key = PEM } (a module, since the
-- Node host's Lua has no io library).
if args.tls then
  package.path = args.tls .. "/?.lua;" .. package.path
  options.tls = require("server_certificate")
end
if args.protocols then
  options.protocols = {}
  for p in string.gmatch(args.protocols, "[^,]+") do options.protocols[#options.protocols + 1] = p end
end
for _, key in ipairs({ "maxClients", "handshakeTimeout", "pingInterval", "pongTimeout", "maxMessageSize" }) do
  if args[key] then options[key] = tonumber(args[key]) end
end
if args.verify == "1" then
  options.verifyClient = function(request)
    emit("EVENT server verify path=" .. encode(request.path) .. " query=" .. encode(request.query)
      .. " origin=" .. encode(request.origin) .. " agent=" .. encode(request.headers["user-agent"])
      .. " protocol=" .. encode(request.protocol) .. " address=" .. encode(request.address)
      .. " portType=" .. type(request.port))
    if string.find(request.query, "boom", 1, true) then error("verify boom") end
    local status = string.match(request.query, "deny=(%d+)")
    if status then return false, tonumber(status), "denied by the test" end
    return true
  end
end
local quiet = args.quiet == "1"

local server = WebSockets.newServer()
local names = {}
local count = 0
local done = false

local function who(peer)
  if names[peer] == nil then
    count = count + 1
    names[peer] = "peer" .. count
  end
  return names[peer]
end

server:addEventListener(server.WSEVENT, function(event)
  local t = event.type
  if event.client == nil then
    emit("EVENT server " .. t .. " port=" .. tostring(event.port) .. " code=" .. tostring(event.code)
      .. " errorType=" .. tostring(event.errorType) .. " reason=" .. encode(event.reason)
      .. " state=" .. tostring(server:getState()) .. " clients=" .. #server:getClients())
    if t == server.ONLISTEN then emit("port " .. server:getPort()) end
    if t == server.ONCLOSE then done = true end
    return
  end
  local peer = event.client
  local name = who(peer)
  if event.target ~= peer and t ~= server.ONCONNECTION then emit("LUAERROR target is not the peer") end
  if event.server ~= server then emit("LUAERROR event.server is not the server") end
  if t == server.ONCONNECTION then
    if not quiet then
      emit("EVENT " .. name .. " connection protocol=" .. encode(peer:getProtocol()) .. " path=" .. encode(event.request.path)
        .. " state=" .. peer:getState())
    end
  elseif t == server.ONMESSAGE then
    local data = event.data
    local command, rest = string.match(data, "^cmd:(%a+):?(.*)$")
    if not event.isBinary and command then
      if not quiet then emit("EVENT " .. name .. " command " .. command) end
      if command == "close" then
        local code, reason = string.match(rest, "^(%d+):?(.*)$")
        emit("EVENT " .. name .. " closecall ok=" .. tostring((peer:close(tonumber(code), reason))))
      elseif command == "disconnect" then
        peer:disconnect()
      elseif command == "ping" then
        peer:ping(rest)
      elseif command == "broadcast" then
        emit("EVENT server broadcast count=" .. server:broadcast(rest))
      elseif command == "flood" then
        -- Sends SIZE-byte messages until send refuses: the client reads nothing meanwhile.
        local size = tonumber(rest)
        local chunk = string.rep("f", size)
        local sent, ok, message = 0, true, nil
        while ok and sent < 200 do
          ok, message = peer:send(chunk, { binary = true })
          if ok then sent = sent + 1 end
        end
        emit("EVENT " .. name .. " flooded sent=" .. sent .. " buffered=" .. peer:getBufferedAmount()
          .. " reason=" .. encode(message) .. " broadcast=" .. server:broadcast("x"))
      elseif command == "extensions" then
        peer:send("extensions " .. peer:getExtensions())
      elseif command == "clients" then
        peer:send("clients " .. #server:getClients())
      elseif command == "info" then
        local ip, port = peer:getRemoteAddress()
        peer:send("info " .. tostring(ip) .. " " .. type(port) .. " " .. peer:getProtocol() .. " " .. peer:getState())
      elseif command == "shutdown" then
        emit("EVENT server closecall ok=" .. tostring((server:close())) .. " state=" .. server:getState())
      elseif command == "pieces" then
        -- A message in pieces (SPEC section 9): "Hel", a character cut, a ping between, "lo" with
        -- FIN; a broadcast skips this peer meanwhile, and broadcast(fin = false) is an argument error.
        local problems = {}
        if not peer:send("Hel", { fin = false }) then problems[#problems + 1] = "piece 1" end
        if not peer:send("\226", { fin = false }) then problems[#problems + 1] = "piece 2" end
        if not peer:ping("between") then problems[#problems + 1] = "ping" end
        if server:broadcast("x") ~= 0 then problems[#problems + 1] = "broadcast reached a peer amid a message" end
        local wrong = peer:send("\0", { binary = true })
        if wrong ~= false then problems[#problems + 1] = "binary piece accepted" end
        local ok, err = pcall(server.broadcast, server, "y", { fin = false })
        if ok or not string.find(tostring(err), "bad argument #2 to 'broadcast'", 1, true) then problems[#problems + 1] = "broadcast fin=false" end
        if not peer:send("\130\172lo") then problems[#problems + 1] = "last piece" end
        peer:send(#problems == 0 and "pieces ok" or ("pieces " .. table.concat(problems, ",")))
      elseif command == "misuse" then
        local problems = {}
        local function expectError(what, f, ...)
          local ok, err = pcall(f, ...)
          if ok or not string.find(tostring(err), "bad argument", 1, true) then problems[#problems + 1] = what end
        end
        expectError("send(nil)", peer.send, peer, nil)
        expectError("send(bad utf8)", peer.send, peer, "\255")
        expectError("close(1005)", peer.close, peer, 1005)
        expectError("ping(long)", peer.ping, peer, string.rep("x", 126))
        expectError("broadcast(table)", server.broadcast, server, {})
        expectError("listen(port=-1)", server.listen, server, { port = -1 })
        local again, message = server:listen({ port = 0 })
        if again ~= false or type(message) ~= "string" then problems[#problems + 1] = "listen while open" end
        peer:send(#problems == 0 and "misuse ok" or ("misuse " .. table.concat(problems, ",")))
      end
    else
      local ok, message = peer:send(data, { binary = event.isBinary })
      if not ok then emit("EVENT " .. name .. " sendfailed reason=" .. encode(message)) end
    end
  elseif t == server.ONPONG then
    emit("EVENT " .. name .. " pong data=" .. encode(event.data))
  elseif t == server.ONERROR then
    emit("EVENT " .. name .. " error code=" .. tostring(event.code) .. " errorType=" .. tostring(event.errorType)
      .. " reason=" .. encode(event.reason))
  elseif t == server.ONCLOSE then
    if not quiet then
      emit("EVENT " .. name .. " close code=" .. tostring(event.code) .. " reason=" .. encode(event.reason)
        .. " wasClean=" .. tostring(event.wasClean) .. " state=" .. peer:getState())
    end
    names[peer] = nil
  end
end)

local ok, message = server:listen(options)
if not ok then
  emit("LUAERROR listen returned " .. tostring(message))
end

local lifetime = tonumber(args.lifetime) or 60
local started = os.time()
local lastHeap = os.time()
while not done do
  local fine, err = pcall(WebSockets.poll, 0.05)
  if not fine then emit("LUAERROR " .. encode(err)) end
  if args.heap == "1" and os.time() ~= lastHeap then
    lastHeap = os.time()
    collectgarbage("collect")
    emit("HEAP " .. math.floor(collectgarbage("count")))
  end
  if os.time() - started > lifetime then
    emit("LUAERROR lifetime over")
    break
  end
end
-- What finished streams still hold is let go before the verdict.
for _ = 1, 5 do WebSockets.poll(0.01) end
emit("RESULT ok")
