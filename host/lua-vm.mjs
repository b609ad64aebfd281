// Starts a Lua state inside Node, in wasmoon (Lua 5.4 compiled to WebAssembly) or fengari (Lua 5.3
// written in JavaScript), with what a plain Lua script expects from a command-line interpreter:
// `require` that finds modules under the project root, `print` on stdout, `arg`, and `os.exit`.
//
// Printing goes through fs.writeSync so that os.exit (process.exit) never cuts output short.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const NODE_RUNTIMES = ["wasmoon", "fengari"];

/** Where `require("a.b")` looks, in order: the script's folder, then the project root. */
function searchPath(scriptDir) {
  const roots = [...new Set([scriptDir, PROJECT_ROOT])];
  return roots.flatMap((r) => [`${r}/?.lua`, `${r}/?/init.lua`]).join(";");
}

/**
 * Runs `scriptPath` with `args` in the given runtime. Resolves with 0 when the script returns, or 1
 * after printing a Lua error with its traceback; os.exit(code) ends the Node process at once.
 * `setup(vm)` runs before the script: hosts use it to preload modules (vm.kind tells which runtime).
 */
export async function runLuaFile(runtime, scriptPath, args = [], setup) {
  const vm = await createVm(runtime, path.dirname(path.resolve(scriptPath)));
  if (setup) await setup(vm);
  return vm.runFile(path.resolve(scriptPath), args);
}

export async function createVm(runtime, scriptDir = PROJECT_ROOT) {
  if (runtime === "wasmoon") return createWasmoonVm(scriptDir);
  if (runtime === "fengari") return createFengariVm(scriptDir);
  throw new Error(`unknown Node Lua runtime '${runtime}' (expected ${NODE_RUNTIMES.join(" or ")})`);
}

function writeOut(text) {
  fs.writeSync(1, text);
}

function exitCodeOf(value) {
  if (value === undefined || value === null || value === true) return 0;
  if (value === false) return 1;
  return Number(value) | 0;
}

async function createWasmoonVm(scriptDir) {
  const { LuaFactory } = require("wasmoon");
  const factory = new LuaFactory();
  const engine = await factory.createEngine({ injectObjects: false, enableProxy: false });
  const g = engine.global;
  g.set("__host_readfile", (file) => {
    try {
      return fs.readFileSync(file, "latin1");
    } catch {
      return undefined;
    }
  });
  g.set("__host_write", (text) => writeOut(String(text)));
  g.set("__host_exit", (code) => process.exit(exitCodeOf(code)));
  // wasmoon's virtual file system is empty: a searcher reads modules from the real disk instead.
  await engine.doString(`
    package.path = ${JSON.stringify(searchPath(scriptDir))}
    local readfile = __host_readfile
    table.insert(package.searchers, 2, function(name)
      local tried = {}
      local file = name:gsub("%.", "/")
      for template in package.path:gmatch("[^;]+") do
        local candidate = template:gsub("%?", file)
        local source = readfile(candidate)
        if source then
          local chunk, err = load(source, "@" .. candidate)
          if not chunk then error(err, 0) end
          return chunk, candidate
        end
        tried[#tried + 1] = "\\n\\tno file '" .. candidate .. "'"
      end
      return table.concat(tried)
    end)
    local write = __host_write
    print = function(...)
      local parts = {}
      for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
      write(table.concat(parts, "\\t") .. "\\n")
    end
    os.exit = __host_exit
    __host_readfile, __host_write, __host_exit = nil, nil, nil
  `);
  return {
    kind: "wasmoon",
    engine,
    async runFile(file, args) {
      g.set("__host_args", [file, ...args]);
      const source = fs.readFileSync(file, "latin1");
      g.set("__host_source", source);
      try {
        await engine.doString(`
          local a = __host_args
          arg = { [0] = a[1] }
          for i = 2, #a do arg[i - 1] = a[i] end
          local chunk = assert(load(__host_source, "@" .. a[1]))
          __host_args, __host_source = nil, nil
          local ok, err = xpcall(chunk, function(e) return debug.traceback(tostring(e), 2) end, table.unpack(arg))
          if not ok then error(err, 0) end
        `);
        return 0;
      } catch (e) {
        process.stderr.write(`lua: ${e && e.message ? e.message : e}\n`);
        return 1;
      } finally {
        engine.global.close();
      }
    },
  };
}

async function createFengariVm(scriptDir) {
  const { lua, lauxlib, lualib, to_luastring } = require("fengari");
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const run = (code, name) => {
    if (lauxlib.luaL_loadbuffer(L, to_luastring(code), null, to_luastring(name)) !== lua.LUA_OK) {
      throw new Error(lua.lua_tojsstring(L, -1));
    }
    if (lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
  };
  // fengari's strings are byte arrays: print writes them to stdout untouched.
  lua.lua_pushcfunction(L, (Ls) => {
    const n = lua.lua_gettop(Ls);
    const chunks = [];
    for (let i = 1; i <= n; i++) {
      if (i > 1) chunks.push(Buffer.from("\t"));
      chunks.push(Buffer.from(lauxlib.luaL_tolstring(Ls, i)));
      lua.lua_pop(Ls, 1);
    }
    chunks.push(Buffer.from("\n"));
    fs.writeSync(1, Buffer.concat(chunks));
    return 0;
  });
  lua.lua_setglobal(L, to_luastring("print"));
  lua.lua_pushcfunction(L, (Ls) => {
    const v = lua.lua_type(Ls, 1) === lua.LUA_TBOOLEAN ? lua.lua_toboolean(Ls, 1) : lua.lua_tonumber(Ls, 1);
    process.exit(exitCodeOf(lua.lua_isnoneornil(Ls, 1) ? undefined : v));
  });
  lua.lua_setglobal(L, to_luastring("__host_exit"));
  run(`package.path = ${JSON.stringify(searchPath(scriptDir))}; os.exit = __host_exit; __host_exit = nil`, "=host");
  return {
    kind: "fengari",
    L,
    async runFile(file, args) {
      lua.lua_createtable(L, args.length, 1);
      lua.lua_pushstring(L, to_luastring(file));
      lua.lua_rawseti(L, -2, 0);
      args.forEach((a, i) => {
        lua.lua_pushstring(L, to_luastring(String(a)));
        lua.lua_rawseti(L, -2, i + 1);
      });
      lua.lua_setglobal(L, to_luastring("arg"));
      try {
        run(
          `local chunk = assert(loadfile(${JSON.stringify(file)}))
           local ok, err = xpcall(function() return chunk(table.unpack(arg)) end, function(e)
             return debug.traceback(tostring(e), 2)
           end)
           if not ok then error(err, 0) end`,
          "=runner",
        );
        return 0;
      } catch (e) {
        process.stderr.write(`lua: ${e && e.message ? e.message : e}\n`);
        return 1;
      }
    },
  };
}
