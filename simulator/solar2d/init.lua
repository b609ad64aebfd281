-- The part of the Solar2D runtime a project needs to run headless in the simulator
-- (simulator/simulator.mjs): the globals Runtime, display, timer, system, native, the `json`
-- module; config.lua's content size and fps; and, for the host, exported functions: `frame` (one
-- frame: due timers, then "enterFrame" to Runtime's listeners), `started` (the "system" event
-- applicationStart, after main.lua), `suspend` / `resume`, `idle`, `tap` and `config`.
--
-- The same files run in every runtime of the simulator: wasmoon and fengari inside Node
-- (host/prelude.lua is the control table) and lua5.1 or LuaJIT as real interpreters
-- (simulator/native-host.lua is). So they keep to what Lua 5.1 to 5.4 share.
--
-- `natives` is what the host gives: now_ms() (a monotonic clock in ms), readfile(path) (the file's
-- bytes or nil), platform, data_dir (this run's folder for the writable base directories), url_map
-- (a list of { from = prefix or "", to = prefix }: connect URLs to rewrite, see simulator/README.md).

local control, project_dir, here, natives = ...

--- Compiles `source` as a chunk named `name` whose globals are `env` (nil: the real globals), in
--- Lua 5.1 (loadstring + setfenv) and later (load with an environment) alike.
local function compile(source, name, env)
  if setfenv and loadstring then
    local chunk, err = loadstring(source, name)
    if chunk and env then
      setfenv(chunk, env)
    end
    return chunk, err
  end
  if env then
    return load(source, name, "t", env)
  end
  return load(source, name, "t") -- an explicit nil environment would be _ENV = nil
end

local function load_sibling(name, ...)
  local path = here .. "/" .. name .. ".lua"
  local chunk = assert(compile(assert(natives.readfile(path), "cannot read " .. path), "@" .. path))
  return chunk(...)
end

-- The game's clock: system.getTimer, timers and enterFrame's event.time. It stops while the app
-- is suspended, as in Solar2D, so a timer never fires early because of time spent in the
-- background.
local started_at = natives.now_ms()
local suspended_since = nil
local suspended_total = 0
local function get_timer()
  return (suspended_since or natives.now_ms()) - started_at - suspended_total
end

--- config.lua's `application` table, read the way Solar2D does: before main.lua, with display and
--- system available for computed sizes.
local function read_config(display_info, system)
  local env = setmetatable({ display = display_info, system = system }, { __index = _G })
  local path = project_dir .. "/config.lua"
  local source = natives.readfile(path)
  if not source then
    return {}
  end
  local chunk = assert(compile(source, "@" .. path, env))
  chunk()
  return type(env.application) == "table" and env.application or {}
end

local unavailable = load_sibling("unavailable")
local events = load_sibling("events")
local host_info = {
  platform = natives.platform,
  data_dir = natives.data_dir,
  lua_version = (jit and jit.version) or _VERSION,
  exists = function(path)
    return natives.readfile(path) ~= nil
  end,
}
local system, native = load_sibling("system", get_timer, project_dir, host_info)
local application = read_config({ pixelWidth = 320, pixelHeight = 480 }, system)
local content = application.content or {}
local fps = (content.fps == 60) and 60 or 30 -- Solar2D accepts 30 (the default) or 60

display = unavailable.guard(load_sibling("display", events, { width = content.width or 320, height = content.height or 480 }), "display")
timer = load_sibling("timer", get_timer)
_G.system = unavailable.guard(system, "system")
_G.native = unavailable.guard(native, "native")
Runtime = events.make_dispatcher({}, true)
for _, name in ipairs({ "graphics", "media", "audio", "transition", "easing", "network", "store" }) do
  if _G[name] == nil then
    _G[name] = unavailable.library(name)
  end
end

-- Modules Solar2D has built in. `json` is the real thing (simulator/solar2d/json.lua); the others
-- load, so that a game's require at the top of a file works, and say what is missing when used.
local json = load_sibling("json")
package.preload["json"] = function()
  return json
end
for _, name in ipairs({ "composer", "widget", "physics" }) do
  package.preload[name] = function()
    return unavailable.library(name)
  end
end

-- URL mapping (--url FROM=TO): a project that hard-codes wss://game.example.com/ connects to the
-- local server the run names instead, with no change to the project. The plugin passes every
-- connect URL through the function registered under this name in package.loaded
-- (ts/plugin/url-rewrite.ts); nothing else about its clients changes.
local url_map = natives.url_map or {}
local function map_url(url)
  for i = 1, #url_map do
    local from, to = url_map[i].from, url_map[i].to
    if from == "" then
      return to
    elseif url:sub(1, #from) == from then
      return to .. url:sub(#from + 1)
    end
  end
  return url
end

if #url_map > 0 then
  package.loaded["plugin.websockets_url_rewrite"] = map_url
end

local frame_count = 0

control.export("frame", function()
  if suspended_since then
    return -- a suspended app gets no frames, so no timers and no enterFrame
  end
  frame_count = frame_count + 1
  timer._fire_due()
  Runtime:dispatchEvent({ name = "enterFrame", time = get_timer(), frame = frame_count })
end)

control.export("started", function()
  Runtime:dispatchEvent({ name = "system", type = "applicationStart" })
end)

--- applicationSuspend / applicationResume, as Solar2D sends them when the app leaves or returns to
--- the foreground. Returns false when the app already was in that state.
control.export("suspend", function()
  if suspended_since then
    return false
  end
  Runtime:dispatchEvent({ name = "system", type = "applicationSuspend" })
  suspended_since = natives.now_ms()
  return true
end)

control.export("resume", function()
  if not suspended_since then
    return false
  end
  suspended_total = suspended_total + (natives.now_ms() - suspended_since)
  suspended_since = nil
  Runtime:dispatchEvent({ name = "system", type = "applicationResume" })
  return true
end)

--- True when nothing can happen any more without outside help: no enterFrame listener (the plugin
--- has one exactly while a client is connecting or open, or a finished stream lingers) and no timer
--- left to fire. A suspended app is never idle: a resume may follow.
control.export("idle", function()
  return not suspended_since and not Runtime:hasEventListener("enterFrame") and timer._running_count() == 0
end)

control.export("tap", function(key)
  local object = display._find(key)
  if not object then
    return false
  end
  object:dispatchEvent({ name = "tap", target = object, numTaps = 1, x = object.x, y = object.y, time = get_timer() })
  return true
end)

control.export("config", function()
  return fps
end)
