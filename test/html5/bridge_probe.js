// A JavaScript module for the "bridge" scenario (test/html5/main.lua): it checks that the page's
// emulation of Solar2D's plugin bridge behaves as Rtt_EmscriptenJSPluginLoader.cpp does, with
// values copied through JSON and Lua functions crossing as references that live as long as the
// call unless LuaCreateFunction keeps them.
window.bridge_probe = {
  echo: function (value) {
    return value;
  },
  nothing: function () {},
  throws: function () {
    throw new Error("thrown on purpose by bridge_probe.throws");
  },
  argumentCount: function () {
    return arguments.length;
  },
  callNow: function (ref, x) {
    var f = LuaCreateFunction(ref);
    var result = f(x);
    LuaReleaseFunction(f);
    return result;
  },
  keepRaw: function (ref) {
    this.raw = ref;
    return LuaIsFunction(ref);
  },
  rawStillValid: function () {
    return LuaIsFunction(this.raw);
  },
  keepCreated: function (ref) {
    this.kept = LuaCreateFunction(ref);
  },
  callKept: function (x) {
    return this.kept(x);
  },
  releaseKept: function () {
    LuaReleaseFunction(this.kept);
  },
  callHandler: function (x) {
    return this.handler(x);
  },
};
