-- What a scenario sees of Solar2D, and how its cases run.
--
-- Solar2D's side, as small as the plugin needs it:
--   Runtime:addEventListener / removeEventListener for "enterFrame" (function or table listeners),
--   dispatched once per frame by the Java frame loop (harness/Main.java) through harness_frame;
--   system.getTimer(): milliseconds since the runtime started;
--   system.pathForFile(name, system.ResourceDirectory): the file in harness.config.resourceDir, nil
--   when it is missing, as Solar2D answers for a project file.
--
-- The scenario's side:
--   case(name, body)       adds a case; cases run one after another, each in a coroutine of its own
--                          (so every call a case makes into the plugin, and from there into the Java
--                          transport, happens inside a coroutine, as it does in many games)
--   check(ok, name, detail) one pass/fail line
--   waitFor(what, predicate, seconds) yields frame after frame until predicate() is true; false on timeout
--   sleep(seconds)
--   listenerCount()        enterFrame listeners installed now
--   onMainThread(f, ...)   calls f(...) outside any coroutine (from the frame, as an enterFrame
--                          listener runs) and returns what it returned
--   harness.config         the servers' addresses (strings): plainPort, tlsPort, rawPort,
--                          refusedPort, caFile, oddCaFile, resourceDir, serverCertFile and
--                          serverKeyFile (the TLS server's own, signed by the CA), zlibWindow15/9
-- A case that raises fails with the error; every case must end within CASE_LIMIT seconds.

local CASE_LIMIT = 20

local now = 0 -- ms, from the frame loop
local frameListeners = {}

Runtime = {}

function Runtime:addEventListener(name, listener)
  assert(name == "enterFrame", "this Runtime knows only enterFrame, not " .. tostring(name))
  for _, present in ipairs(frameListeners) do
    if present == listener then return end
  end
  frameListeners[#frameListeners + 1] = listener
end

function Runtime:removeEventListener(name, listener)
  for i, present in ipairs(frameListeners) do
    if present == listener then
      table.remove(frameListeners, i)
      return
    end
  end
end

system = system or {}
function system.getTimer() return now end

system.ResourceDirectory = setmetatable({}, { __tostring = function() return "ResourceDirectory" end })
function system.pathForFile(name, base)
  assert(base == nil or base == system.ResourceDirectory, "this system knows only ResourceDirectory")
  local path = harness.config.resourceDir .. "/" .. name
  local file = io.open(path, "rb")
  if not file then return nil end
  file:close()
  return path
end

function listenerCount() return #frameListeners end

local cases = {}
local current -- { name, thread, predicate, deadline }

function case(name, body)
  cases[#cases + 1] = { name = name, body = body }
end

function check(ok, name, detail)
  harness.report(ok and true or false, name, (not ok and detail ~= nil) and tostring(detail) or nil)
  return ok
end

function waitFor(what, predicate, seconds)
  local deadline = now + (seconds or 10) * 1000
  while not predicate() do
    if now >= deadline then
      check(false, "waiting for " .. what, "timed out after " .. (seconds or 10) .. " s")
      return false
    end
    coroutine.yield()
  end
  return true
end

function sleep(seconds)
  local deadline = now + seconds * 1000
  while now < deadline do coroutine.yield() end
end

local MAIN_THREAD_CALL = {}

function onMainThread(f, ...)
  return coroutine.yield(MAIN_THREAD_CALL, f, ...)
end

local function dispatchEnterFrame()
  local event = { name = "enterFrame", time = now }
  local snapshot = { unpack(frameListeners) }
  for _, listener in ipairs(snapshot) do
    if type(listener) == "function" then
      listener(event)
    else
      listener:enterFrame(event)
    end
  end
end

local function startNextCase()
  local next = table.remove(cases, 1)
  if next == nil then return false end
  current = { name = next.name, thread = coroutine.create(next.body), deadline = now + CASE_LIMIT * 1000 }
  return true
end

-- One frame: enterFrame listeners first (the plugin's service loop), then the current case.
function harness_frame(milliseconds)
  now = milliseconds
  local ok, err = pcall(dispatchEnterFrame)
  if not ok then check(false, "an enterFrame listener raised no error", err) end
  if current == nil and not startNextCase() then return true end
  local results = { coroutine.resume(current.thread, unpack(current.pass or {})) }
  current.pass = nil
  local resumed, failure = results[1], results[2]
  if resumed and results[2] == MAIN_THREAD_CALL then
    current.pass = { results[3](unpack(results, 4)) }
  end
  if not resumed then
    check(false, current.name .. " raised no error", debug.traceback(current.thread, failure))
    current = nil
  elseif coroutine.status(current.thread) == "dead" then
    current = nil
  elseif now > current.deadline then
    check(false, current.name .. " finished within " .. CASE_LIMIT .. " s", "it did not")
    current = nil
  end
  return false
end
