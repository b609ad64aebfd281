-- The Lua half of an emulation of Solar2D's HTML5 JavaScript plugin bridge, for the headless
-- browser runs (simulator/html5/). It follows platform/emscripten/Rtt_EmscriptenJSPluginLoader.cpp:
--
--  * a loader appended last to package.searchers: require("a.b") loads a_b.js (or a/b.js) from
--    the app, which must define window.a_b; the module is a table whose __index/__newindex reach
--    that object, registered like luaL_openlib does (package.loaded and a global of that name);
--  * reading a property that is a JavaScript function gives a Lua function that JSON-encodes its
--    arguments with dkjson as { data = {...} } (Lua functions among them become registry
--    references listed in `functions`), calls the function, and dkjson-decodes `data` of what
--    JSON.stringify({ data = result }) made of its return value;
--  * any other property is copied through JSON; assigning a Lua function to a property makes it
--    LuaCreateFunction(ref) on the JavaScript side.
--
-- `host` holds the JavaScript side (simulator/html5/runtime.js): load_module, index, call,
-- set_function, set_value. The functions below are what runtime.js's LuaCreateFunction,
-- LuaReleaseFunction and LuaIsFunction call, as the C++ exports JSLuaFunctionRef and
-- JSLuaFunctionWrapper are called there.

local host = ...
local unpack = table.unpack or unpack
local dkjson = require("dkjson")

-- luaL_ref on LUA_REGISTRYINDEX, as a table of its own.
local registry, free = {}, {}
local last_ref = 0
local function new_ref(value)
  local ref = table.remove(free)
  if not ref then
    last_ref = last_ref + 1
    ref = last_ref
  end
  registry[ref] = value
  return ref
end
local function unref(ref)
  if registry[ref] ~= nil then
    registry[ref] = nil
    free[#free + 1] = ref
  end
end

--- json_decode: dkjson.decode, then the `data` field; nil when it does not decode.
local function json_decode(json)
  local ok, decoded = pcall(dkjson.decode, json)
  if ok and type(decoded) == "table" then
    return decoded.data
  end
  return nil
end

--- json_encode: { data = value } through dkjson, with functions stored as references and listed in
--- a `functions` array appended to the object (string surgery, as the C++ does).
local function json_encode(value, store_functions)
  local functions = store_functions and {} or nil
  local state = {
    exception = function(reason, v)
      if type(v) == "function" and functions then
        local ref = new_ref(v)
        functions[#functions + 1] = ref
        return tostring(ref)
      end
      return "null"
    end,
  }
  local ok, json = pcall(dkjson.encode, { data = value }, state)
  if not ok or type(json) ~= "string" then
    json = "{}"
  end
  if functions and #functions > 0 then
    local list = dkjson.encode({ functions = functions })
    json = json:sub(1, -2) .. "," .. list:sub(2)
  end
  return json
end

-- JSLuaFunctionRef(L, action, refId): 1 = is it a function, 2 = new reference, 3 = release.
function bridge_function_ref(action, ref)
  local f = registry[ref]
  if type(f) ~= "function" then
    return 0
  end
  if action == 1 then
    return 1
  elseif action == 2 then
    return new_ref(f)
  elseif action == 3 then
    unref(ref)
  end
  return 0
end

-- JSLuaFunctionWrapper(L, refId, json): calls the function with the decoded argument array.
function bridge_function_call(ref, json)
  local f = registry[ref]
  if type(f) ~= "function" then
    return '{"data":null}'
  end
  local args = json_decode(json) or {}
  local ok, result = pcall(f, unpack(args, 1, #args))
  if not ok then
    print("Lua error in a function called from JavaScript: " .. tostring(result))
    return '{"data":null}'
  end
  return json_encode(result, true)
end

local function module_table(name)
  local module = {}
  setmetatable(module, {
    __index = function(_, property)
      local answer = host.index(name, tostring(property))
      if answer == "function" then
        return function(...)
          local n = select("#", ...)
          local args = { ... }
          local packed = {}
          for i = 1, n do
            packed[i] = args[i]
          end
          return json_decode(host.call(name, tostring(property), json_encode(packed, true)))
        end
      end
      return json_decode(answer)
    end,
    __newindex = function(_, key, value)
      if type(value) == "function" then
        local ref = new_ref(value)
        host.set_function(name, tostring(key), ref)
        unref(ref)
      else
        host.set_value(name, tostring(key), json_encode(value, false))
      end
    end,
  })
  return module
end

-- The loader, appended last as Solar2D appends it to package.loaders.
table.insert(package.searchers, function(requested)
  local module = requested:gsub("%.", "_")
  local subdir = requested:gsub("%.", "/")
  local loaded = host.load_module(module, subdir)
  if loaded ~= true then
    return "\n\t" .. tostring(loaded)
  end
  return function()
    local t = module_table(module)
    package.loaded[requested] = t
    _G[module] = t
    return t
  end
end)
