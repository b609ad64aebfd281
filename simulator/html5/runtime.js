// A Solar2D HTML5 build, emulated in a real browser page for tests and the demo: Lua 5.4 in
// wasmoon (the Solar2D engine runs Lua 5.1 compiled to wasm), the app's files served from /app/,
// Solar2D's JavaScript plugin bridge (js-bridge.lua + the functions below), and the same minimal
// Solar2D globals as the headless simulator (simulator/solar2d/: Runtime, system, timer, display),
// with "enterFrame" driven by requestAnimationFrame at config.lua's fps.
//
// Page parameters: ?args=<JSON array of launch arguments>. The run's lines go to the page, to
// console.log and to window.__hostLine when the driver (browser.mjs) exposes it; os.exit(code)
// sets window.__exitStatus.
(function () {
  "use strict";

  var output = document.getElementById("output");
  window.__exitStatus = undefined;

  function line(text) {
    output.textContent += text + "\n";
    console.log(text);
    if (typeof window.__hostLine === "function") window.__hostLine(text);
  }

  function exit(status) {
    if (window.__exitStatus === undefined) window.__exitStatus = status;
  }

  // The app's file system: synchronous, as emscripten's preloaded files are to fopen.
  function readFile(path) {
    var request = new XMLHttpRequest();
    request.open("GET", path, false);
    request.overrideMimeType("text/plain; charset=utf-8");
    request.send(null);
    return request.status === 200 ? request.responseText : undefined;
  }

  // ---- the JavaScript side of the plugin bridge (Rtt_EmscriptenJSPluginLoader.cpp) ----

  var lua; // the wasmoon engine, once created
  function luaFunctionRef(action, ref) {
    return lua.global.get("bridge_function_ref")(action, ref);
  }

  function refOf(value) {
    var ref = (value || {})._refId || value || 0;
    return typeof ref === "number" && ref !== 0 ? ref : 0;
  }

  // Installed the first time a JavaScript module loads, as the loader does.
  function installFunctionHelpers() {
    if (Object.prototype.hasOwnProperty.call(window, "LuaCreateFunction")) return;
    window.LuaIsFunction = function (value) {
      var ref = refOf(value);
      return ref !== 0 && luaFunctionRef(1, ref) !== 0;
    };
    window.LuaCreateFunction = function (value) {
      var ref = refOf(value);
      if (ref === 0) return null;
      var created = luaFunctionRef(2, ref);
      if (created === 0) return null;
      var f = function () {
        if (typeof f._action === "function") return f._action.apply(null, arguments);
        console.log("Warning: trying to invoke released Lua Function!");
      };
      f._refId = created;
      f._action = function () {
        var json = JSON.stringify({ data: Array.prototype.slice.call(arguments) });
        return JSON.parse(lua.global.get("bridge_function_call")(f._refId, json)).data;
      };
      return f;
    };
    window.LuaReleaseFunction = function (value) {
      var ref = refOf(value);
      if (ref !== 0) luaFunctionRef(3, ref);
      if (value) {
        delete value._refId;
        delete value._action;
      }
    };
  }

  var bridgeHost = {
    load_module: function (module, subdir) {
      var source = readFile("/app/" + module + ".js");
      if (source === undefined) source = readFile("/app/" + subdir + ".js");
      if (source === undefined) return "no file '" + module + ".js' or '" + subdir + ".js'";
      var script = document.createElement("script");
      script.setAttribute("type", "text/javascript");
      script.setAttribute("charset", "utf-8");
      script.appendChild(document.createTextNode(source));
      document.head.appendChild(script);
      installFunctionHelpers();
      return Object.prototype.hasOwnProperty.call(window, module) ? true : "JS library is loaded, but object '" + module + "' is not found!";
    },
    index: function (module, property) {
      var value = window[module][property];
      return typeof value === "function" ? "function" : JSON.stringify({ data: value });
    },
    call: function (module, property, json) {
      var args = JSON.parse(json);
      var object = window[module];
      var result = null;
      try {
        result = object[property].apply(object, args.data || []);
      } catch (e) {
        console.error("Error while calling '" + module + "." + property + "()': ", e);
      }
      // Function references passed as arguments live only as long as the call.
      (args.functions || []).forEach(function (ref) {
        window.LuaReleaseFunction(ref);
      });
      return JSON.stringify({ data: result });
    },
    set_function: function (module, key, ref) {
      var object = window[module];
      if (typeof object[key] === "function" && window.LuaIsFunction(object[key])) window.LuaReleaseFunction(object[key]);
      object[key] = window.LuaCreateFunction(ref);
    },
    set_value: function (module, key, json) {
      window[module][key] = JSON.parse(json).data;
    },
  };

  // ---- boot ----

  var BOOT = [
    "local host, args_json = ...",
    "print = function(...)",
    "  local parts = {}",
    "  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end",
    "  host.print(table.concat(parts, '\\t'))",
    "end",
    "os.exit = function(code)",
    "  host.exit(code == true and 0 or code == false and 1 or code or 0)",
    "  error('os.exit', 0)",
    "end",
    // The app's Lua files (Solar2D compiles them into its archive) after package.preload.
    "package.searchers = { package.searchers[1], function(name)",
    "  local path = '/app/' .. name:gsub('%.', '/') .. '.lua'",
    "  local source = host.readfile(path)",
    "  if not source then return '\\n\\tno file ' .. path end",
    "  return assert(load(source, '@' .. path))",
    "end }",
    "assert(load(host.readfile('/html5/js-bridge.lua'), '@js-bridge.lua'))(host)",
    "local exports = {}",
    "local control = { export = function(name, f) exports[name] = f end }",
    // The writable base directories live in the page's in-memory file system.
    "local natives = { platform = 'html5', now_ms = host.now_ms, readfile = host.readfile, data_dir = '/tmp/app-data' }",
    "assert(load(host.readfile('/solar2d/init.lua'), '@init.lua'))(control, '/app', '/solar2d', natives)",
    "__frame = exports.frame",
    "__started = exports.started or function() end",
    "__fps = exports.config()",
    "local launch = { args = {} }",
    "for i, a in ipairs(require('dkjson').decode(args_json)) do launch.args[i] = a end",
    "local main = assert(load(host.readfile('/app/main.lua'), '@main.lua'))",
    "__main = function() main(launch) end",
  ].join("\n");

  async function start() {
    var params = new URLSearchParams(location.search);
    var args = params.get("args") || "[]";
    var factory = new wasmoon.LuaFactory("/wasmoon/glue.wasm");
    lua = await factory.createEngine({ injectObjects: false, enableProxy: false });
    var started = performance.now();
    var host = {
      print: line,
      exit: exit,
      readfile: readFile,
      now_ms: function () {
        return performance.now() - started;
      },
    };
    Object.keys(bridgeHost).forEach(function (name) {
      host[name] = bridgeHost[name];
    });
    lua.global.set("__boot_host", host);
    lua.global.set("__boot_args", args);
    lua.doStringSync("assert(load(" + JSON.stringify(BOOT) + ", '@boot'))(__boot_host, __boot_args)");
    var frame = lua.global.get("__frame");
    var frameMs = 1000 / lua.global.get("__fps");

    function guarded(f) {
      try {
        f();
      } catch (e) {
        if (window.__exitStatus !== undefined) return; // os.exit unwinding
        line("lua: " + (e && e.message ? e.message : String(e)));
        exit(1);
      }
    }

    guarded(lua.global.get("__main"));
    guarded(lua.global.get("__started")); // the "system" event applicationStart, as the simulator sends it
    var nextFrameAt = performance.now();
    function onAnimationFrame(time) {
      if (window.__exitStatus !== undefined) return;
      if (time >= nextFrameAt - 1) {
        nextFrameAt = Math.max(nextFrameAt + frameMs, time);
        guarded(frame);
      }
      requestAnimationFrame(onAnimationFrame);
    }
    requestAnimationFrame(onAnimationFrame);
  }

  start().catch(function (e) {
    line("runtime: " + (e && e.stack ? e.stack : String(e)));
    exit(1);
  });
})();
