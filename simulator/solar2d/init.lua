-- The part of the Solar2D runtime a project needs to run headless in the simulator
-- (simulator/simulator.mjs): the globals Runtime, display, timer, system, native; config.lua's
-- content size and fps; and, for the host, the exported functions `frame` (one frame: due timers,
-- then "enterFrame" to Runtime's listeners), `tap` (a tap on a display object) and `config`.

local control, project_dir, here, natives = ...

local function load_sibling(name, ...)
  local path = here .. "/" .. name .. ".lua"
  local chunk = assert(load(assert(natives.readfile(path), "cannot read " .. path), "@" .. path))
  return chunk(...)
end

local started_at = natives.now_ms()
local function get_timer()
  return natives.now_ms() - started_at
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
  local chunk = assert(load(source, "@" .. path, "t", env))
  chunk()
  return type(env.application) == "table" and env.application or {}
end

local events = load_sibling("events")
local system, native = load_sibling("system", get_timer, project_dir, natives.platform)
local application = read_config({ pixelWidth = 320, pixelHeight = 480 }, system)
local content = application.content or {}
local fps = (content.fps == 60) and 60 or 30 -- Solar2D accepts 30 (the default) or 60

display = load_sibling("display", events, { width = content.width or 320, height = content.height or 480 })
timer = load_sibling("timer", get_timer)
_G.system = system
_G.native = native
Runtime = events.make_dispatcher({}, true)

local frame_count = 0

control.export("frame", function()
  frame_count = frame_count + 1
  timer._fire_due()
  Runtime:dispatchEvent({ name = "enterFrame", time = get_timer(), frame = frame_count })
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
