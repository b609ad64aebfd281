-- The headless simulator's host inside a real interpreter (lua5.1, as Solar2D embeds, LuaJIT, or
-- lua5.3 / lua5.4 to see what a newer Lua makes of the project):
-- the same Solar2D runtime (simulator/solar2d/) as in wasmoon and fengari, the plugin over its
-- LuaSocket transport, and the frame loop. simulator/simulator.mjs starts it:
--
--   lua5.1 simulator/native-host.lua PROJECT_DIR SOLAR2D_DIR DATA_DIR PLATFORM EXIT_WHEN_IDLE(0|1)
--          MAP_COUNT [FROM TO]... [LAUNCH_ARGS...]
--
-- Commands arrive on stdin, one a line: "suspend", "resume", "tap ID" (the Node side turns signals
-- and --tap into them). Exit status: the project's os.exit code; 1 after a Lua error (the traceback
-- on stderr); 0 when --exit-when-idle finds nothing left to do.

local project_dir, solar2d_dir, data_dir, platform, exit_when_idle = arg[1], arg[2], arg[3], arg[4], arg[5] == "1"
local url_map = {}
local next_arg = 7
for _ = 1, tonumber(arg[6]) do
  url_map[#url_map + 1] = { from = arg[next_arg], to = arg[next_arg + 1] }
  next_arg = next_arg + 2
end
local launch_args = {}
for i = next_arg, #arg do
  launch_args[#launch_args + 1] = arg[i]
end

local loadstring = loadstring or load
local unpack = unpack or table.unpack

local has_socket, socket = pcall(require, "socket")
if not has_socket then
  io.stderr:write("simulator: the " .. ((jit and "LuaJIT") or _VERSION) .. " runtime needs LuaSocket, as Solar2D bundles it (apt-get install lua-socket)\n")
  os.exit(2)
end

io.stdout:setvbuf("line")

local function now_ms()
  return socket.gettime() * 1000
end

local function readfile(path)
  local file = io.open(path, "rb")
  if not file then
    return nil
  end
  local bytes = file:read("*a")
  file:close()
  return bytes
end

local function fail(message)
  io.stderr:write("lua: " .. tostring(message) .. "\n")
  os.exit(1)
end

local function traceback(e)
  return debug.traceback(tostring(e), 2)
end

--- Calls fn(...) with a traceback on error; a Lua error ends the run, as in the Node runtimes.
local function guarded(fn, ...)
  local args, n = { ... }, select("#", ...)
  local results = { xpcall(function()
    return fn(unpack(args, 1, n))
  end, traceback) }
  if not results[1] then
    fail(results[2])
  end
  return unpack(results, 2)
end

local exports = {}
local control = {
  export = function(name, fn)
    exports[name] = fn
  end,
}

local init_path = solar2d_dir .. "/init.lua"
local init = assert(loadstring(assert(readfile(init_path), "cannot read " .. init_path), "@" .. init_path))
guarded(init, control, project_dir, solar2d_dir, {
  now_ms = now_ms,
  readfile = readfile,
  platform = platform,
  data_dir = data_dir,
  url_map = url_map,
})
local frame_ms = 1000 / exports.config()

local main_path = project_dir .. "/main.lua"
local main_source = readfile(main_path)
if not main_source then
  fail("cannot read " .. main_path)
end
local main, compile_error = loadstring(main_source, "@" .. main_path)
if not main then
  fail(compile_error)
end
arg = { [0] = main_path }
for i = 1, #launch_args do
  arg[i] = launch_args[i]
end
guarded(main, { args = launch_args })
guarded(exports.started)

-- stdin as LuaSocket's select sees it: anything with getfd.
local stdin = {
  getfd = function()
    return 0
  end,
  dirty = function()
    return false
  end,
}
local stdin_open = true

local function run_command(line)
  local command, rest = line:match("^(%S+)%s*(.-)%s*$")
  if command == "suspend" then
    guarded(exports.suspend)
  elseif command == "resume" then
    guarded(exports.resume)
  elseif command == "tap" then
    if not guarded(exports.tap, rest) then
      io.stderr:write("simulator: no display object with id, name or text '" .. rest .. "' to tap\n")
      os.exit(1)
    end
  elseif command then
    io.stderr:write("simulator: unknown command '" .. command .. "' (suspend, resume, tap ID)\n")
  end
end

--- Waits until `deadline` (ms), running the commands that arrive meanwhile.
local function wait_until(deadline)
  while true do
    local left = (deadline - now_ms()) / 1000
    if not stdin_open then
      if left > 0 then
        socket.sleep(left)
      end
      return
    end
    local readable = socket.select({ stdin }, nil, math.max(left, 0))
    if #readable == 0 then
      return
    end
    local line = io.stdin:read("*l")
    if line == nil then
      stdin_open = false
    else
      run_command(line)
    end
  end
end

-- Frames on a fixed schedule: a slow frame delays the next one, never makes frames pile up.
local next_frame_at = now_ms()
while true do
  guarded(exports.frame)
  if exit_when_idle and guarded(exports.idle) then
    os.exit(0)
  end
  next_frame_at = math.max(next_frame_at + frame_ms, now_ms())
  wait_until(next_frame_at)
end
