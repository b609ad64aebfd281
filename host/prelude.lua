-- The host side of every Lua state this project runs inside Node (host/lua-vm.mjs runs it first).
--
-- It gives a script what a command-line interpreter would: `require` that reads modules from the
-- real disk (wasmoon's own file system is empty), `print` on stdout, `os.exit`, `arg`. It preloads
-- the Node transport as `plugin.websockets_host`. And it runs the script's main chunk as a
-- coroutine: when the transport's `wait` yields, control returns to Node's event loop, which resumes
-- the script once a socket has news or the timeout has passed. That is how a script written for
-- plain Lua (`while running do WebSockets.poll(0.05) end`) blocks without blocking Node.
--
-- Returns the control table host/lua-vm.mjs drives (start, resume, run_host_file, call), and
-- control.resume again, which the host calls once per turn of the event loop.

local native, search_path, transport_path, transport_native = ...

local load, tostring, select, type = load, tostring, select, type
local unpack = table.unpack or unpack
local traceback = debug.traceback
local readfile = native.readfile

local function on_error(e)
  return traceback(tostring(e), 2)
end

local function load_file(path)
  local source = readfile(path)
  if not source then
    return nil, "cannot open " .. path
  end
  return load(source, "@" .. path)
end

-- Modules come from the real disk, along package.path: the script's folder, then the project root.
package.path = search_path
table.insert(package.searchers, 2, function(name)
  local tried = {}
  local file = name:gsub("%.", "/")
  for template in package.path:gmatch("[^;]+") do
    local candidate = template:gsub("%?", file)
    local source = readfile(candidate)
    if source then
      local chunk, err = load(source, "@" .. candidate)
      if not chunk then
        error(err, 0)
      end
      return chunk, candidate
    end
    tried[#tried + 1] = "\n\tno file '" .. candidate .. "'"
  end
  return table.concat(tried)
end)

-- io.open for reading reaches the real disk, as in a command-line interpreter and as Solar2D's io.open
-- reaches the project's files (the plugin reads a `ca` PEM file this way). Other modes stay with the
-- runtime's own io: wasmoon's in-memory file system, fengari's none.
local ReadOnlyFile = {}
ReadOnlyFile.__index = ReadOnlyFile

function ReadOnlyFile:read(format)
  local content, at = self.content, self.at
  format = format or "l"
  if type(format) == "number" then
    if at > #content then
      return nil
    end
    self.at = at + format
    return content:sub(at, at + format - 1)
  end
  format = format:gsub("^%*", ""):sub(1, 1)
  if format == "a" then
    self.at = #content + 1
    return content:sub(at)
  end
  if format == "l" or format == "L" then
    if at > #content then
      return nil
    end
    local newline = content:find("\n", at, true) or (#content + 1)
    self.at = newline + 1
    return content:sub(at, format == "L" and newline or newline - 1)
  end
  error("bad argument #1 to 'read' (invalid format)", 2)
end

function ReadOnlyFile:lines(format)
  return function()
    return self:read(format)
  end
end

function ReadOnlyFile:close()
  return true
end

local runtime_open = io and io.open
io = io or {}
io.open = function(path, mode)
  mode = mode or "r"
  if mode == "r" or mode == "rb" then
    local content, message = readfile(path)
    if not content then
      return nil, message or (tostring(path) .. ": cannot be read"), 2
    end
    return setmetatable({ content = content, at = 1 }, ReadOnlyFile)
  end
  if runtime_open then
    return runtime_open(path, mode)
  end
  return nil, tostring(path) .. ": writing files is not available in this runtime", 1
end

local write = native.write
print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do
    parts[i] = tostring((select(i, ...)))
  end
  write(table.concat(parts, "\t") .. "\n")
end

-- Ends the Node process at once with the code, as os.exit ends a command-line interpreter.
local exit = native.exit
os.exit = function(code)
  exit(code)
end

local control = {}
local main -- the coroutine that runs the script's main chunk

--- True while the script's main coroutine runs and may yield to Node (not inside a nested
--- coroutine, a C call boundary, or a host callback such as the simulator's enterFrame).
function control.can_block()
  local running = coroutine.running()
  return running ~= nil and running == main and coroutine.isyieldable()
end

package.preload["plugin.websockets_host"] = function()
  local chunk = assert(load_file(transport_path))
  return chunk(transport_native, control.can_block)
end

--- Prepares the main chunk of `path` with `args` (`...` and `arg`). Returns an error message when
--- the file cannot be read or compiled.
function control.start(path, args)
  local chunk, err = load_file(path)
  if not chunk then
    return err
  end
  arg = { [0] = path }
  for i = 1, #args do
    arg[i] = args[i]
  end
  main = coroutine.create(function()
    return xpcall(chunk, on_error, unpack(args, 1, #args))
  end)
  return nil
end

--- Runs the main chunk until it waits ("waiting"), returns ("done") or fails ("error", traceback).
function control.resume()
  local resumed, ran, err = coroutine.resume(main)
  if not resumed then
    return "error", traceback(main, tostring(ran))
  end
  if coroutine.status(main) == "suspended" then
    return "waiting"
  end
  if ran then
    return "done"
  end
  return "error", tostring(err)
end

-- Host-side Lua (the simulator's Solar2D runtime) registers functions here for JavaScript to call.
local exports = {}

function control.export(name, fn)
  exports[name] = fn
end

function control.run_host_file(path, ...)
  local chunk = assert(load_file(path))
  return chunk(control, ...)
end

local function call_result(ok, ...)
  if ok then
    return "ok", ...
  end
  return "error", ...
end

--- Calls an exported function; "ok", results... or "error", traceback.
function control.call(name, ...)
  local fn = exports[name]
  if type(fn) ~= "function" then
    return "error", "no exported host function '" .. tostring(name) .. "'"
  end
  return call_result(xpcall(fn, on_error, ...))
end

return control, control.resume
