-- What game code can reach from the objects the plugin hands it (ts/plugin/facade.ts): a client, a
-- server and a peer show their public methods and the constants, and nothing leads from them, or
-- from any event, to the objects doing the work. A peer is the same table in every event and in
-- getClients(), so games can key tables by it. Argument errors and dot calls name the game's line.
-- One real server and client over 127.0.0.1 (a port the system picks). Prints "ok" or the problems.
local WebSockets = require("plugin.websockets")

local problems = {}
local function check(condition, what)
  if not condition then problems[#problems + 1] = what end
end

local PUBLIC = {
  client = { "addEventListener", "removeEventListener", "connect", "send", "ping", "close", "disconnect",
    "getState", "getBufferedAmount", "getProtocol", "getExtensions", "getUrl" },
  server = { "addEventListener", "removeEventListener", "listen", "getState", "getPort", "getClients",
    "broadcast", "close" },
  peer = { "addEventListener", "removeEventListener", "send", "ping", "close", "disconnect", "getState",
    "getBufferedAmount", "getProtocol", "getExtensions", "getRemoteAddress" },
}
local CONSTANTS = { "WSEVENT", "ONOPEN", "ONMESSAGE", "ONCLOSE", "ONERROR", "ONPONG", "ONLISTEN",
  "ONCONNECTION", "TLS_1_0", "TLS_1_1", "TLS_1_2", "TLS_1_3", "CONNECTING", "OPEN", "CLOSING", "CLOSED" }

local function sortedList(set)
  local list = {}
  for key in pairs(set) do list[#list + 1] = tostring(key) end
  table.sort(list)
  return table.concat(list, ",")
end

local function setOf(list)
  local set = {}
  for _, name in ipairs(list) do set[name] = true end
  return set
end

-- `pairs` over a facade yields exactly its kind's public methods, each a function.
local function checkKeys(label, object)
  local keys = {}
  for key, value in pairs(object) do
    keys[key] = true
    check(type(value) == "function", label .. ": key '" .. tostring(key) .. "' is a " .. type(value))
  end
  local want = sortedList(setOf(PUBLIC[label]))
  check(sortedList(keys) == want, label .. ": pairs gave " .. sortedList(keys) .. ", want " .. want)
  -- The constants come through the metatable's __index, and only they do.
  local index = getmetatable(object) and getmetatable(object).__index
  check(type(index) == "table", label .. ": no __index table for the constants")
  if type(index) == "table" then
    local names = {}
    for key in pairs(index) do names[key] = true end
    check(sortedList(names) == sortedList(setOf(CONSTANTS)), label .. ": __index holds " .. sortedList(names))
  end
  for _, name in ipairs(CONSTANTS) do
    check(object[name] == WebSockets[name], label .. "." .. name .. " differs from the module's")
  end
end

-- Every table reachable from `root` through keys, values and metatables (functions are not
-- entered: their upvalues are where the objects doing the work live).
local function reachable(root, into)
  into = into or {}
  local function visit(value)
    if type(value) ~= "table" or into[value] then return end
    into[value] = true
    for key, item in next, value do
      visit(key)
      visit(item)
    end
    visit(getmetatable(value))
  end
  visit(root)
  return into
end

-- The object behind a facade, found the only way there is: the upvalue of one of its methods.
-- (Game code could do this too, with the debug library; the point is that no field leads there.)
local function objectBehind(facade)
  local method = rawget(facade, "getState")
  if type(method) ~= "function" then return nil end
  for i = 1, 20 do
    local name, value = debug.getupvalue(method, i)
    if name == nil then break end
    if name == "object" then return value end
  end
  return nil
end

local hidden = {} -- object behind a facade -> its label
local function rememberObject(label, facade)
  local object = objectBehind(facade)
  check(type(object) == "table", label .. ": the object behind the facade was not found")
  if type(object) == "table" then
    check(object ~= facade, label .. ": the facade is the object itself")
    hidden[object] = label
  end
end

local function checkNothingLeadsIn(label, root)
  for t in pairs(reachable(root)) do
    if hidden[t] then check(false, label .. " leads to the " .. hidden[t] .. "'s object") end
    check(rawget(t, "session") == nil, label .. " leads to a table with a 'session' field")
  end
end

-- The "file:line:" of the line that calls here: where an error raised at the game's line points.
local function here()
  local info = debug.getinfo(2, "Sl")
  return info.short_src .. ":" .. info.currentline .. ":"
end

local function checkRaisedAt(what, at, ok, err, text)
  check(not ok, what .. ": did not raise")
  err = tostring(err)
  check(err:sub(1, #at) == at, what .. ": the error does not name the game's line " .. at .. " " .. err)
  check(err:find(text, 1, true) ~= nil, what .. ": '" .. err .. "' lacks '" .. text .. "'")
end

-- A client --------------------------------------------------------------------------------------
local ws = WebSockets.new()
checkKeys("client", ws)
rememberObject("client", ws)
checkNothingLeadsIn("a client", ws)

local ok, err = pcall(function() local _ = ws:send({}) end); local at = here()
checkRaisedAt("ws:send({})", at, ok, err, "bad argument #1 to 'send' (string expected, got table)")
ok, err = pcall(function() local _ = ws:send("caf\233") end); at = here()
checkRaisedAt("ws:send(latin-1 text)", at, ok, err, "bad argument #1 to 'send' (text message is not valid UTF-8; send bytes with { binary = true })")
ok, err = pcall(function() local _ = ws:send("caf\233", {}) end); at = here()
checkRaisedAt("ws:send(latin-1 text, {})", at, ok, err, "bad argument #1 to 'send' (text message is not valid UTF-8")
ok, err = pcall(function() local _ = ws:send("x", 5) end); at = here()
checkRaisedAt("ws:send('x', 5)", at, ok, err, "bad argument #2 to 'send' (table expected, got number)")
check(not ws:send(2 ^ 53) and not ws:send("caf\233", { binary = true }), "sends before connecting are refused, not raised")
ok, err = pcall(function() local _ = ws:connect(nil) end); at = here()
checkRaisedAt("ws:connect(nil)", at, ok, err, "bad argument #1 to 'connect' (string expected, got nil)")
ok, err = pcall(function() local _ = ws:connect("ws://127.0.0.1:1/", { port = "x" }) end); at = here()
checkRaisedAt("ws:connect(url, { port = 'x' })", at, ok, err, "bad argument #2 to 'connect'")
ok, err = pcall(function() local _ = ws.connect("ws://127.0.0.1:1/") end); at = here()
checkRaisedAt("ws.connect(url)", at, ok, err, "bad argument #1 to 'connect' (calling 'connect' on bad self: use ws:connect(...), not ws.connect(...))")
ok, err = pcall(function() local _ = ws:addEventListener("x", print) end); at = here()
checkRaisedAt("ws:addEventListener('x')", at, ok, err, "bad argument #1 to 'addEventListener'")
ok, err = pcall(function() local _ = ws:addEventListener(ws.WSEVENT, 42) end); at = here()
checkRaisedAt("ws:addEventListener(WSEVENT, 42)", at, ok, err, "bad argument #2 to 'addEventListener' (function or table expected, got number)")
ok, err = pcall(function() local _ = ws:removeEventListener("x", print) end); at = here()
checkRaisedAt("ws:removeEventListener('x')", at, ok, err, "bad argument #1 to 'removeEventListener' (expected ws.WSEVENT")
check(select("#", ws:getState()) == 1, "ws:getState() returns " .. select("#", ws:getState()) .. " values")
check(select("#", ws:send("early")) == 2, "a refused send returns false and a message")

-- Games may keep their own fields on a client (as on the original plugin's objects).
ws.player = "ada"
check(ws.player == "ada", "a game field on the client did not stay")

-- A server and a peer ---------------------------------------------------------------------------
local server = WebSockets.newServer()
checkKeys("server", server)
rememberObject("server", server)
checkNothingLeadsIn("a server", server)
ok, err = pcall(function() local _ = server:listen("x") end); at = here()
checkRaisedAt("server:listen('x')", at, ok, err, "bad argument #1 to 'listen' (table expected, got string)")
ok, err = pcall(function() local _ = server.listen({}) end); at = here()
checkRaisedAt("server.listen({})", at, ok, err, "use server:listen(...), not server.listen(...)")
ok, err = pcall(function() local _ = server:broadcast(nil) end); at = here()
checkRaisedAt("server:broadcast(nil)", at, ok, err, "bad argument #1 to 'broadcast' (string expected, got nil)")
ok, err = pcall(function() local _ = server:removeEventListener("x", print) end); at = here()
checkRaisedAt("server:removeEventListener('x')", at, ok, err, "bad argument #1 to 'removeEventListener' (expected server.WSEVENT")

local peer, port
local byPeer = {} -- the game's table keyed by peers
local serverEvents, clientEvents = {}, {}
local serverClosed, clientClosed = false, false

server:addEventListener(server.WSEVENT, function(event)
  serverEvents[#serverEvents + 1] = event
  if event.type == server.ONLISTEN then
    port = event.port
    check(ws:connect("ws://127.0.0.1:" .. port .. "/"), "connect")
  elseif event.type == server.ONCONNECTION then
    peer = event.client
    byPeer[peer] = "first"
    local clients = server:getClients()
    check(#clients == 1 and clients[1] == peer, "getClients() does not hold ONCONNECTION's client")
    peer:send("hello")
  elseif event.type == server.ONMESSAGE then
    check(byPeer[event.client] == "first", "ONMESSAGE's client is not the ONCONNECTION's table")
    check(server:getClients()[1] == event.client, "getClients() changed its peer table")
    event.client:close(1000, "done")
  elseif event.type == server.ONCLOSE and event.client ~= nil then
    check(byPeer[event.client] == "first", "ONCLOSE's client is not the ONCONNECTION's table")
    server:close()
  elseif event.type == server.ONCLOSE then
    serverClosed = true
  end
end)
ws:addEventListener(ws.WSEVENT, function(event)
  clientEvents[#clientEvents + 1] = event
  if event.type == ws.ONMESSAGE then
    check(select("#", ws:send("back")) == 1, "an accepted send returns more than true")
  elseif event.type == ws.ONCLOSE then
    clientClosed = true
  end
end)
check(server:listen({ host = "127.0.0.1", port = 0 }), "listen")

local deadline = os.time() + 10
local peerChecked = false
while not (serverClosed and clientClosed) and os.time() < deadline do
  WebSockets.poll(0.01)
  if peer ~= nil and not peerChecked then
    peerChecked = true
    checkKeys("peer", peer)
    rememberObject("peer", peer)
    checkNothingLeadsIn("a peer", peer)
    ok, err = pcall(function() local _ = peer:send({}) end); at = here()
    checkRaisedAt("peer:send({})", at, ok, err, "bad argument #1 to 'send' (string expected, got table)")
    ok, err = pcall(function() local _ = peer:close(1, "x") end); at = here()
    checkRaisedAt("peer:close(1)", at, ok, err, "bad argument #1 to 'close'")
    ok, err = pcall(function() local _ = peer.send("x") end); at = here()
    checkRaisedAt("peer.send('x')", at, ok, err, "use peer:send(...), not peer.send(...)")
    check(select("#", peer:getRemoteAddress()) == 2, "getRemoteAddress() does not return two values")
    local address, remotePort = peer:getRemoteAddress()
    check(address == "127.0.0.1" and type(remotePort) == "number", "getRemoteAddress() gave " .. tostring(address) .. ", " .. tostring(remotePort))
  end
end
check(serverClosed and clientClosed, "the exchange did not finish in 10 s")
check(peerChecked, "no peer connected")

-- Every event's object keys are the facades, and nothing in any event leads to an object behind one.
local seen = {}
for _, event in ipairs(serverEvents) do
  seen[#seen + 1] = event.type
  check(event.server == server, event.type .. ": event.server is not the server's table")
  if event.client ~= nil then
    check(event.client == peer and event.target == (event.type == server.ONCONNECTION and server or peer),
      event.type .. ": event.client/target are not the peer's and server's tables")
  else
    check(event.target == server, event.type .. ": event.target is not the server's table")
  end
  checkNothingLeadsIn("the server's " .. event.type, event)
end
for _, event in ipairs(clientEvents) do
  seen[#seen + 1] = "client " .. event.type
  check(event.target == ws, event.type .. ": event.target is not the client's table")
  check(event.target.player == "ada", event.type .. ": the game's field is not on event.target")
  checkNothingLeadsIn("the client's " .. event.type, event)
end
local want = "onListen onConnection onMessage onClose onClose client onOpen client onMessage client onClose"
check(table.concat(seen, " ") == want, "events: " .. table.concat(seen, " "))

if #problems == 0 then
  print("ok")
else
  for _, problem in ipairs(problems) do print(problem) end
end
