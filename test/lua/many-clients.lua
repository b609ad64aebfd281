-- Many clients in one Lua process, through the built plugin over the LuaSocket transport, against the
-- ws echo server that test/many-clients.test.ts starts. Prints "key value" lines for the test.
--
--   lua many-clients.lua concurrent PORT CLIENTS MESSAGES
--     CLIENTS clients connect at once; when every one of them is open, each sends MESSAGES messages
--     (text and binary, alternating) and closes once all its echoes are back.
--   lua many-clients.lua cycles PORT CYCLES PARALLEL
--     CYCLES connect/close cycles, PARALLEL at a time, each on a new client; reports open file
--     descriptors and Lua memory before and after.

local WebSockets = require("plugin.websockets")

local MODE, PORT = arg[1], tonumber(arg[2])
local URL = "ws://127.0.0.1:" .. PORT .. "/"
local DEADLINE_SECONDS = 20

local function say(key, value)
  io.write(key, " ", tostring(value), "\n")
  io.flush()
end

local clock = require("socket").gettime

-- Services every client until `finished()` or the deadline; returns whether it finished.
local function serviceUntil(finished)
  local deadline = clock() + DEADLINE_SECONDS
  while not finished() do
    if clock() > deadline then
      return false
    end
    WebSockets.poll(0.05)
  end
  return true
end

-- The payload client `c` sends as message `m`: text names both; binary carries every byte value,
-- rotated so that no two messages are alike.
local function payload(c, m)
  if m % 2 == 1 then
    return "client " .. c .. " message " .. m .. " " .. string.rep("x", (c * 7 + m) % 300), false
  end
  local bytes = {}
  for i = 0, 255 do
    bytes[#bytes + 1] = string.char((i + c + m) % 256)
  end
  return table.concat(bytes), true
end

local function concurrent(clientCount, messageCount)
  local opened, closes, cleanCloses, errors, echoed, mismatched = 0, 0, 0, 0, 0, 0
  local firstError
  local clients = {}
  local allOpen = false

  for c = 1, clientCount do
    local ws = WebSockets.new()
    local state = { next = 1 }
    clients[c] = { ws = ws, state = state }
    ws:addEventListener(ws.WSEVENT, function(event)
      if event.type == ws.ONOPEN then
        opened = opened + 1
      elseif event.type == ws.ONMESSAGE then
        local expected, binary = payload(c, state.next)
        if event.data == expected and event.isBinary == binary then
          echoed = echoed + 1
        else
          mismatched = mismatched + 1
        end
        state.next = state.next + 1
        if state.next > messageCount then
          ws:close(1000, "done")
        end
      elseif event.type == ws.ONERROR then
        errors = errors + 1
        firstError = firstError or (event.errorType .. ": " .. tostring(event.reason))
      elseif event.type == ws.ONCLOSE then
        closes = closes + 1
        if event.wasClean then
          cleanCloses = cleanCloses + 1
        end
      end
    end)
    assert(ws:connect(URL))
  end

  allOpen = serviceUntil(function()
    return opened + closes == clientCount
  end)
  say("opened", opened)
  -- Every client is open at the same moment: now they all talk at once.
  for c, client in ipairs(clients) do
    for m = 1, messageCount do
      local data, binary = payload(c, m)
      assert(client.ws:send(data, { binary = binary }))
    end
  end
  serviceUntil(function()
    return closes == clientCount
  end)
  say("all-open-in-time", allOpen)
  say("echoed", echoed)
  say("mismatched", mismatched)
  say("errors", errors)
  say("first-error", firstError)
  say("closes", closes)
  say("clean-closes", cleanCloses)
end

-- Open descriptors of this process: how many in all and how many are sockets. /proc/self would name
-- the `ls` child, so the process's own id comes from /proc/self/stat read here. Pipes are left out:
-- the popen pipe of the measurement itself shows once or, while popen is forking, twice.
local function openFileDescriptors()
  local stat = assert(io.open("/proc/self/stat", "r"))
  local pid = stat:read("*l"):match("^(%d+)")
  stat:close()
  local listing = assert(io.popen("ls -l /proc/" .. pid .. "/fd"))
  local count, sockets = 0, 0
  for line in listing:lines() do
    local target = line:match(" %-> (.*)$")
    if target and not target:find("^pipe:") then
      count = count + 1
      if target:find("^socket:") then
        sockets = sockets + 1
      end
    end
  end
  listing:close()
  return count, sockets
end

local function luaKilobytes()
  collectgarbage("collect")
  collectgarbage("collect")
  return collectgarbage("count")
end

local function cycles(total, parallel)
  local closes, cleanCloses, errors = 0, 0, 0
  local firstError

  -- Runs `count` connect/close cycles, `parallel` at a time, each on a new client, and returns
  -- when all of them have closed.
  local function runCycles(count)
    local started, closedHere = 0, 0
    local function startOne()
      started = started + 1
      local ws = WebSockets.new()
      ws:addEventListener(ws.WSEVENT, function(event)
        if event.type == ws.ONOPEN then
          ws:close(1000)
        elseif event.type == ws.ONERROR then
          errors = errors + 1
          firstError = firstError or (event.errorType .. ": " .. tostring(event.reason))
        elseif event.type == ws.ONCLOSE then
          closes, closedHere = closes + 1, closedHere + 1
          if event.wasClean then
            cleanCloses = cleanCloses + 1
          end
          if started < count then
            startOne()
          end
        end
      end)
      assert(ws:connect(URL))
    end
    for _ = 1, math.min(parallel, count) do
      startOne()
    end
    return serviceUntil(function()
      return closedHere == count
    end)
  end

  local fdsBefore, socketsBefore = openFileDescriptors()

  -- A closed connection's socket lingers until the server has closed TCP (at most 2 s, the core's
  -- CLIENT_FIN_WAIT_SECONDS in ts/core/connection.ts, carried out by ts/plugin/lingering-streams.ts); poll until every socket of the cycles is gone, or 5 s passed.
  local function settle()
    local deadline = clock() + 5
    while clock() < deadline do
      local _, sockets = openFileDescriptors()
      if sockets <= socketsBefore then return end
      WebSockets.poll(0)
      require("socket").sleep(0.01)
    end
  end
  -- The first cycles warm up what is allocated once (lazily loaded modules, interned strings,
  -- /dev/urandom, tables that grow to the number of clients at once and stay that size).
  local warmup = math.min(100, total)
  local half = math.floor((total - warmup) / 2)
  local ok1 = runCycles(warmup)
  settle()
  local fdsAfterWarmup, kbAfterWarmup = openFileDescriptors(), luaKilobytes()
  local ok2 = runCycles(half)
  local kbMidway = luaKilobytes()
  local ok3 = runCycles(total - warmup - half)
  settle()
  say("finished", ok1 and ok2 and ok3)
  say("closes", closes)
  say("clean-closes", cleanCloses)
  say("errors", errors)
  say("first-error", firstError)
  -- Nothing is left to service: poll returns at once with no event.
  say("poll-after", WebSockets.poll(0))
  say("fds-before", fdsBefore)
  say("fds-after-warmup", fdsAfterWarmup)
  local fdsAfter, socketsAfter = openFileDescriptors()
  say("fds-after", fdsAfter)
  say("sockets-before", socketsBefore)
  say("sockets-after", socketsAfter)
  say("kb-after-warmup", string.format("%.1f", kbAfterWarmup))
  say("kb-midway", string.format("%.1f", kbMidway))
  say("kb-after", string.format("%.1f", luaKilobytes()))
end

if MODE == "concurrent" then
  concurrent(tonumber(arg[3]), tonumber(arg[4]))
elseif MODE == "cycles" then
  cycles(tonumber(arg[3]), tonumber(arg[4]))
else
  io.stderr:write("unknown mode " .. tostring(MODE) .. "\n")
  os.exit(2)
end
