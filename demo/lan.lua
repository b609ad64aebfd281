-- The demo's LAN mode: one copy hosts a match (WebSockets.newServer), the others join it by the
-- host's address (WebSockets.new). The host relays what each player says to every other player,
-- announces who joins and leaves, and starts the match once enough players are in.
--
-- What goes over the wire (text messages):
--   host -> player   "welcome NAME", "start N" (N players are in), "NAME: TEXT" (another player
--                    said TEXT), "left NAME"
--   player -> host   any text; the player's name travels in the URL's query (?name=NAME)
--
-- Scripted (launch argument --scripted, as `npm run demo -- --lan` runs it): a player says its
-- lines once the match starts, waits until it has heard every line of every other player, then
-- closes 1000 and exits 0; the host exits 0 once the expected players (--players=N) have joined and
-- left, after closing its server. Anything unexpected, or 20 s passing, exits 1.

local WebSockets = require("plugin.websockets")

local M = {}

local LOG_LINES = 12
local SESSION_TIMEOUT_MS = 20000
-- What a scripted player says once the match starts.
local LINES = { "hello", "I move to 3,4", "good game" }

local log
local scripted = false

local function finish(code, why)
  print("[lan] session " .. (code == 0 and "completed" or "FAILED: " .. why))
  os.exit(code)
end

--- The screen: a title, a status line and a log of the latest lines; log() also prints.
local function newScreen(title)
  local cx = display.contentCenterX
  display.setStatusBar(display.HiddenStatusBar)
  display.newText("plugin.websockets LAN " .. title, cx, 30, native.systemFontBold, 18)
  local status = display.newText("", cx, 60, native.systemFont, 12)
  local lines = {}
  for i = 1, LOG_LINES do
    lines[i] = display.newText("", cx, 130 + i * 22, native.systemFont, 12)
  end
  log = function(line)
    print("[lan] " .. line)
    for i = 1, LOG_LINES - 1 do
      lines[i].text = lines[i + 1].text
    end
    lines[LOG_LINES].text = line
  end
  return status
end

--- This device's address on the local network, for players to type in. A UDP socket "connected"
--- to any outside address sends nothing; its local name is the interface the LAN reaches.
local function localAddress()
  local ok, socket = pcall(require, "socket")
  if not ok or type(socket) ~= "table" or not socket.udp then
    return nil
  end
  local udp = socket.udp()
  if not udp then
    return nil
  end
  local address
  if udp:setpeername("192.0.2.1", 9) then
    address = udp:getsockname()
  end
  udp:close()
  if address and address ~= "0.0.0.0" then
    return address
  end
  return nil
end

--- The value of `key` in a URL query ("name=alice&x=1"), or nil.
local function queryValue(query, key)
  for pair in string.gmatch(query or "", "[^&]+") do
    local k, v = string.match(pair, "^([^=]*)=(.*)$")
    if k == key then
      return v
    end
  end
  return nil
end

-------------------------------------------------------------------------------------------------
-- Host
-------------------------------------------------------------------------------------------------

local function host(settings)
  local status = newScreen("host")
  local server = WebSockets.newServer()
  local names = {} -- peer -> name
  local joined, expected = 0, settings.players

  local function others(peer)
    local list = {}
    for _, other in ipairs(server:getClients()) do
      if other ~= peer then
        list[#list + 1] = other
      end
    end
    return list
  end

  server:addEventListener(server.WSEVENT, function(event)
    local peer = event.client
    if event.type == server.ONLISTEN then
      local address = not scripted and localAddress() or event.host
      status.text = "players join ws://" .. tostring(address) .. ":" .. event.port .. "/"
      log("hosting on " .. event.host .. ":" .. event.port)
    elseif event.type == server.ONCONNECTION then
      joined = joined + 1
      local name = queryValue(event.request.query, "name") or ("player" .. joined)
      names[peer] = name
      log(name .. " joined from " .. (peer:getRemoteAddress()))
      peer:send("welcome " .. name)
      if #server:getClients() == expected then
        log("match starts: " .. expected .. " players")
        server:broadcast("start " .. expected)
      end
    elseif event.type == server.ONMESSAGE and peer then
      log(names[peer] .. ": " .. event.data)
      for _, other in ipairs(others(peer)) do
        other:send(names[peer] .. ": " .. event.data)
      end
    elseif event.type == server.ONCLOSE and peer then
      log(tostring(names[peer]) .. " left (" .. tostring(event.code) .. ")")
      server:broadcast("left " .. tostring(names[peer]))
      names[peer] = nil
      if scripted and expected and joined >= expected and #server:getClients() == 0 then
        server:close(1000, "match over")
      end
    elseif event.type == server.ONERROR and not peer then
      log("cannot host: " .. tostring(event.reason))
    elseif event.type == server.ONCLOSE and not peer then
      log("server closed (" .. tostring(event.code) .. ")")
      if scripted then
        finish(joined == expected and event.code == 1000 and 0 or 1, "the server closed with " .. tostring(event.code))
      end
    end
  end)
  server:listen({ host = settings.listenAddress, port = settings.port, maxClients = 8 })
end

-------------------------------------------------------------------------------------------------
-- Player
-------------------------------------------------------------------------------------------------

local function join(settings)
  local name = settings.name or ("player" .. math.random(100, 999))
  local status = newScreen("player " .. name)
  local url = "ws://" .. settings.hostAddress .. ":" .. settings.port .. "/?name=" .. name
  status.text = url
  local ws = WebSockets.new()
  local heard = 0 -- lines of other players
  local players

  local function done()
    return players ~= nil and heard >= (players - 1) * #LINES
  end

  ws:addEventListener(ws.WSEVENT, function(event)
    if event.type == ws.ONOPEN then
      log("joined " .. settings.hostAddress .. ":" .. settings.port)
    elseif event.type == ws.ONMESSAGE then
      local data = event.data
      log("host: " .. data)
      local count = string.match(data, "^start (%d+)$")
      if count then
        players = tonumber(count)
        if scripted then
          for _, line in ipairs(LINES) do
            ws:send(line)
          end
        end
      elseif string.match(data, "^[^ ]+: ") then
        heard = heard + 1
      end
      if scripted and done() then
        ws:close(1000, "bye")
      end
    elseif event.type == ws.ONERROR then
      log("error " .. tostring(event.errorType) .. ": " .. tostring(event.reason))
    elseif event.type == ws.ONCLOSE then
      log("left (" .. tostring(event.code) .. ")")
      if scripted then
        finish(done() and event.code == 1000 and event.wasClean and 0 or 1, "closed with " .. tostring(event.code) .. " after " .. heard .. " lines")
      end
    end
  end)
  ws:connect(url, { timeout = 10 })

  if not scripted then
    -- A person says hello with a tap.
    local button = display.newRoundedRect(display.contentCenterX, 100, 160, 40, 8)
    button:setFillColor(0.2, 0.4, 0.8)
    display.newText("Say hello", display.contentCenterX, 100, native.systemFont, 16)
    button:addEventListener("tap", function()
      ws:send("hello")
      return true
    end)
  end
end

--- Starts the LAN mode; `settings` as lan_settings.lua, with `mode` "host" or "join".
function M.start(settings, isScripted)
  scripted = isScripted
  if scripted then
    timer.performWithDelay(SESSION_TIMEOUT_MS, function()
      finish(1, "timed out")
    end)
  end
  if settings.mode == "host" then
    host(settings)
  else
    join(settings)
  end
end

return M
