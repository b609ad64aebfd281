// The Solar2D runtime of the headless simulator (simulator/solar2d/) in the runtimes it runs in:
// lua5.1 and LuaJIT (real interpreters, as Solar2D embeds Lua 5.1), lua5.4, and wasmoon and fengari
// (inside Node). Each project checks itself with asserts and prints what the test compares, so a runtime
// that behaves differently shows as a different output. Also: json (Solar2D's API), complete
// timers, system paths and info, "system" events with suspend/resume on SIGUSR1/SIGUSR2,
// --exit-when-idle, and the message for a Solar2D API the simulator does not have.
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { PROJECT_ROOT, runtimesToTest } from "../test/support/runtimes";

const CLI = path.join(PROJECT_ROOT, "simulator/cli.mjs");
const projectsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ws-solar2d-"));
afterAll(() => fs.rmSync(projectsRoot, { recursive: true, force: true }));

function project(name: string, main: string): string {
  const dir = path.join(projectsRoot, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "main.lua"), main);
  return dir;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function simulate(
  dir: string,
  args: string[],
  onStart?: (child: ChildProcess, output: () => string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, dir, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    });
    onStart?.(child, () => stdout);
  });
}

const LIBRARIES_PROJECT = project("libraries", String.raw`
local json = require("json")
assert(require("json") == json, "one module")

-- encode: sorted keys, arrays, nesting, escapes, numbers, null
print(json.encode({ b = { 1, 2, { c = true } }, a = "x\"\\\n\t\1", n = json.null, e = {} }))
print(json.encode({ 0.1, -3, 1e300, 2^53, 1/3, 0/0, math.huge }))
print(json.encode("caf\195\169"), json.encode(false), json.encode(nil))
print(json.encode({ [1] = "a", [3] = "c" }))
print(json.encode({ x = { 1 } }, { indent = true }))

-- decode: values, positions, escapes (surrogate pairs), null handling
local v, pos = json.decode(' {"k": [1, -2.5e2, "a\\u00e9\\ud83d\\ude00\\n", true, null, {}], "z": null} ')
assert(v.k[1] == 1 and v.k[2] == -250 and v.k[4] == true and v.k[5] == nil and next(v.k[6]) == nil)
assert(v.k[3] == "a\195\169\240\159\152\128\n", "escapes become UTF-8")
assert(v.z == nil, "null is nil by default")
print("pos", pos)
local withNull = json.decode('[null, 1]', 1, json.null)
assert(withNull[1] == json.null and withNull[2] == 1, "the null argument stands for JSON null")
print("second value from position", (json.decode('[1] [2]', 4))[1])

-- decode errors: nil, position, message; never a Lua error
for _, bad in ipairs({ '[1,', '{"a" 1}', '[01]', '[1.]', '-', '"\\ud800"', '"a\nb"', '"abc', '[1 2]', 'nul', '' }) do
  local value, at, message = json.decode(bad)
  assert(value == nil and type(at) == "number" and type(message) == "string", bad)
  print("bad", bad:gsub("\n", "\\n"), at, message)
end

-- encode errors: raised, naming the problem
local cycle = {}
cycle.self = cycle
for _, case in ipairs({ { cycle }, { { f = print } }, { { [true] = 1 } } }) do
  local ok, message = pcall(json.encode, case[1])
  assert(not ok)
  print("encode error", message)
end

-- prettify: a table or a JSON text
print(json.prettify('{"b":[1,2],"a":{}}'))
print(json.prettify({ 1, "two" }))
print(json.prettify("{bad"))

-- round trips of generated values: decode(encode(v)) == v, deterministic in every runtime (the
-- generator is float arithmetic, so fengari's 32-bit integers never overflow)
local seed = 12345
local function random(n)
  seed = (seed * 16807.0) % 2147483647.0
  return math.floor(seed / 2147483647.0 * n)
end
local function generate(depth)
  local kind = random(depth > 2 and 4 or 6)
  if kind == 0 then
    return random(2) == 0
  elseif kind == 1 then
    return (random(2000000) - 1000000) / (random(3) == 0 and 1 or 7)
  elseif kind <= 3 then
    local bytes = {}
    for i = 1, random(12) do bytes[i] = string.char(random(128)) end
    return table.concat(bytes) .. (random(4) == 0 and "Xz" or "")
  elseif kind == 4 then
    local array = {}
    for i = 1, random(5) do array[i] = generate(depth + 1) end
    return array
  end
  local object = {}
  for _ = 1, random(5) do object["k" .. random(100)] = generate(depth + 1) end
  return object
end
local function same(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then
    return a == b
  end
  for key, value in pairs(a) do
    if not same(value, b[key]) then return false end
  end
  for key in pairs(b) do
    if a[key] == nil then return false end
  end
  return true
end
local checked = 0
for _ = 1, 100 do
  local value = generate(0)
  local text = json.encode(value)
  local back, next_pos = json.decode(text)
  assert(same(value, back), "round trip of " .. text)
  assert(next_pos == #text + 1)
  -- prettify reads a string as JSON text, so only tables go through it here
  if type(value) == "table" then
    assert(same(value, (json.decode(json.prettify(value)))), "round trip of the prettified " .. text)
  end
  checked = checked + 1
end
print("round trips " .. checked)
print("-- system")
print(system.getInfo("environment"), system.getInfo("platform"), system.getInfo("appName"), system.getInfo("targetAppStore"))
local here = system.pathForFile(nil, system.ResourceDirectory)
assert(system.pathForFile("main.lua") == here .. "/main.lua", "resource files are in the project folder")
assert(system.pathForFile("missing.txt") == nil, "a missing resource file has no path")
local docs, tmp, caches = system.pathForFile(nil, system.DocumentsDirectory), system.pathForFile(nil, system.TemporaryDirectory), system.pathForFile(nil, system.CachesDirectory)
assert(docs ~= here and tmp ~= here and caches ~= here and docs ~= tmp and tmp ~= caches, "writable directories of their own")
assert(system.pathForFile("save.json", system.DocumentsDirectory) == docs .. "/save.json")
print(docs:match("/Documents$"), tmp:match("/tmp$"), caches:match("/Caches$"))
print(pcall(system.pathForFile, "x", "NoSuchDirectory"))
local t0 = system.getTimer()
assert(type(t0) == "number" and t0 >= 0)
timer.performWithDelay(100, function()
  local elapsed = system.getTimer() - t0
  assert(elapsed >= 90 and elapsed < 1000, "getTimer counts ms: " .. elapsed)
  print("getTimer ok")
end)
`);

const TIMER_PROJECT = project("timers", String.raw`
local log = {}
local function say(s) log[#log + 1] = s end

-- iterations 0 and -1 mean forever; event.count and event.source; the handle is returned
local forever
forever = timer.performWithDelay(10, function(event)
  assert(event.source == forever and event.name == "timer")
  if event.count == 5 then
    local ms, left = timer.cancel(event.source)
    say("forever0 cancelled at 5, iterations left " .. left)
  end
end, 0)
local minusOne = timer.performWithDelay(10, function(event)
  if event.count == 3 then timer.cancel(event.source) say("forever-1 cancelled at 3") end
end, -1)

-- cancel returns the time and iterations left; a second cancel returns nothing
local three = timer.performWithDelay(1000, function() say("three fired") end, 3)
local ms, iterations = timer.cancel(three)
assert(ms > 900 and ms <= 1000 and iterations == 3, "cancel returns ms and iterations left")
assert(timer.cancel(three) == nil, "cancelling twice")

-- pause / resume return the ms left; a paused timer does not fire
local paused = timer.performWithDelay(60, function() say("paused timer fired after resume") end)
local left = timer.pause(paused)
assert(left > 30 and left <= 60, "pause returns ms left")
assert(timer.pause(paused) == nil, "pausing twice")
timer.performWithDelay(100, function()
  local again = timer.resume(paused)
  assert(again == left, "resume returns the ms that were left")
  say("resumed")
end)

-- tags: cancel, pause, resume by tag
timer.performWithDelay(30, function() say("tagged fired") end, 1, "group")
timer.performWithDelay(30, function() say("tagged fired") end, "group")
timer.cancel("group")
timer.performWithDelay(20, function() say("other tag fired") end, 1, "other")

-- a table listener
timer.performWithDelay(20, { timer = function(self, event) say("table listener " .. event.count) end })

-- argument errors name the function and argument
print(select(2, pcall(timer.performWithDelay, "10", print)))
print(select(2, pcall(timer.performWithDelay, 10, 42)))

Runtime:addEventListener("system", function(event)
  if event.type == "applicationStart" then say("applicationStart") end
end)
-- Report once all seven outcomes are in (frames may be slow on a busy machine; the test's
-- --timeout ends a run that never gets there).
local report
report = timer.performWithDelay(50, function()
  if #log >= 7 then
    timer.cancel(report)
    table.sort(log)
    print(table.concat(log, "; "))
  end
end, 0)
`);


const MISSING_API = project("missing-api", String.raw`
local widget = require("widget") -- loads, as in Solar2D
print(pcall(function() return widget.newButton({}) end))
print(pcall(function() return graphics.newImageSheet("sheet.png", {}) end))
print(pcall(function() return native.newTextField(0, 0, 100, 20) end))
local image = display.newImageRect("hero.png", 32, 32)
`);

/** The output every runtime must print, with the project folder's name for the runtime's own. */
const EXPECTED_TIMER_LOG = [
  "applicationStart",
  "forever-1 cancelled at 3",
  "forever0 cancelled at 5, iterations left 0",
  "other tag fired",
  "paused timer fired after resume",
  "resumed",
  "table listener 1",
].join("; ");

const runtimes = runtimesToTest(["lua5.1", "luajit", "lua5.4", "wasmoon", "fengari"]);

// Each run is a child process that mostly waits on timers: they run side by side.
const outputs: Record<string, Record<string, string>> = {};

describe.concurrent("the simulator's Solar2D runtime", () => {
  describe.each(runtimes)("in %s", (runtime) => {
    const opts = ["--runtime", runtime, "--exit-when-idle", "--timeout", "30"];
    const record = (name: string, run: Run) => ((outputs[name] ??= {})[runtime] = run.stdout);

    it("has Solar2D's json (encode, decode, prettify, null, errors as Solar2D returns them) and system (getTimer, getInfo, pathForFile with the base directories)", async () => {
      const run = await simulate(LIBRARIES_PROJECT, opts);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const [jsonPart, systemPart] = run.stdout.split("-- system\n");
      const lines = jsonPart.split("\n");
      expect(lines[0]).toBe(String.raw`{"a":"x\"\\\n\t\u0001","b":[1,2,{"c":true}],"e":[],"n":null}`);
      expect(lines[1]).toBe("[0.1,-3,1e+300,9007199254740992,0.3333333333333333,null,null]");
      expect(lines[2]).toBe('"café"\tfalse\tnull');
      expect(lines[3]).toBe('{"1":"a","3":"c"}');
      expect(jsonPart).toContain('{\n  "x": [\n    1\n  ]\n}\n');
      expect(jsonPart).toContain("pos\t72\n");
      expect(jsonPart).toContain("second value from position\t2\n");
      expect(jsonPart).toMatch(/\nround trips 100\n$/);
      expect(jsonPart).toContain("bad\t[1,\t4\tjson.decode: unexpected end of input at position 4\n");
      expect(jsonPart).toContain("bad\t[01]\t3\tjson.decode: ',' or ']' expected at position 3\n");
      expect(jsonPart).toContain('bad\t"\\ud800"\t2\tjson.decode: lone UTF-16 surrogate at position 2\n');
      expect(run.stdout.match(/^bad\t/gm)).toHaveLength(11);
      expect(jsonPart).toContain("encode error\tjson.encode: reference cycle\n");
      expect(jsonPart).toContain("encode error\tjson.encode: type 'function' is not supported by JSON\n");
      expect(jsonPart).toContain("encode error\tjson.encode: a table key of type boolean has no JSON form\n");
      expect(jsonPart).toContain('{\n  "a": [],\n  "b": [\n    1,\n    2\n  ]\n}\n[\n  1,\n  "two"\n]\nnil\tjson.decode: string key expected at position 2\n');
      expect(systemPart).toMatch(/^simulator\t(linux|macos|win32)\tlibraries\tnone\n\/Documents\t\/tmp\t\/Caches\nfalse\t.*bad argument #2 to 'pathForFile'.*\ngetTimer ok\n$/);
      record("libraries", run);
    });

    it("has complete timers: iterations (0 and -1 forever), handles, cancel, pause, resume, tags", async () => {
      const run = await simulate(TIMER_PROJECT, opts);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines[0]).toMatch(/bad argument #1 to 'performWithDelay' \(number expected, got string\)/);
      expect(lines[1]).toMatch(/bad argument #2 to 'performWithDelay' \(listener expected, got number\)/);
      expect(lines[2]).toBe(EXPECTED_TIMER_LOG);
      record("timers", run);
    });

    it("names the Solar2D API the simulator does not have, where the game used it", async () => {
      const run = await simulate(MISSING_API, opts);
      expect(run.stdout).toMatch(/^false\t.*main\.lua:3: widget\.newButton is not available in the headless simulator\n/);
      expect(run.stdout).toMatch(/\nfalse\t.*main\.lua:4: graphics\.newImageSheet is not available in the headless simulator\n/);
      expect(run.stdout).toMatch(/\nfalse\t.*main\.lua:5: native\.newTextField is not available in the headless simulator\n/);
      expect(run.stderr).toMatch(/main\.lua:6: display\.newImageRect is not available in the headless simulator/);
      expect(run.status).toBe(1);
    });
  });
});

describe("the simulator's Solar2D runtime, compared across runtimes", () => {
  it("prints the same in every runtime", () => {
    for (const [name, byRuntime] of Object.entries(outputs)) {
      const distinct = new Set(Object.values(byRuntime));
      expect(distinct.size, `${name}: ${JSON.stringify(byRuntime, null, 1)}`).toBe(1);
    }
    expect(Object.keys(outputs).sort()).toEqual(["libraries", "timers"]);
    for (const byRuntime of Object.values(outputs)) expect(Object.keys(byRuntime).sort()).toEqual([...runtimes].sort());
  });
});

const SUSPEND_PROJECT = project("suspend", String.raw`
local frames, fired, framesWhileSuspended, firedWhileSuspended = 0, 0, 0, 0
local suspended = false
local suspendedAt
Runtime:addEventListener("enterFrame", function()
  frames = frames + 1
  if suspended then framesWhileSuspended = framesWhileSuspended + 1 end
end)
timer.performWithDelay(20, function()
  fired = fired + 1
  if suspended then firedWhileSuspended = firedWhileSuspended + 1 end
end, 0)
Runtime:addEventListener("system", function(event)
  print(event.type)
  if event.type == "applicationSuspend" then
    suspended, suspendedAt = true, system.getTimer()
  elseif event.type == "applicationResume" then
    suspended = false
    local gap = system.getTimer() - suspendedAt
    print("frames while suspended " .. framesWhileSuspended, "timers while suspended " .. firedWhileSuspended)
    print(gap < 150 and "getTimer paused" or ("getTimer ran on: " .. gap .. " ms"))
    timer.performWithDelay(100, function()
      print(frames > 0 and fired > 0 and "frames and timers again" or "nothing after resume")
      os.exit(0)
    end)
  end
end)
`);

const SUSPENDED_CLIENT = project("suspended-client", String.raw`
local WebSockets = require("plugin.websockets")
local ws = WebSockets.new()
local suspended = false
ws:addEventListener(ws.WSEVENT, function(event)
  if event.type == ws.ONOPEN then
    print("open")
  elseif event.type == ws.ONMESSAGE then
    print("message " .. event.data .. (suspended and " while suspended" or " after resume"))
    ws:close(1000, "done")
  else
    print(event.type, event.code, event.errorType)
  end
end)
ws:connect("ws://game.example.invalid/")
Runtime:addEventListener("system", function(event)
  print(event.type)
  suspended = event.type == "applicationSuspend"
end)
`);

const IDLE_PROJECTS = {
  timer: project("idle-timer", `timer.performWithDelay(150, function() print("fired at " .. (system.getTimer() >= 150 and "150+" or "early")) end)`),
  listener: project("idle-listener", `Runtime:addEventListener("enterFrame", function() end)`),
  nothing: project("idle-nothing", `print(_VERSION)`),
};

describe.concurrent.each(runtimesToTest(["lua5.1", "wasmoon"]))("the simulator in %s", (runtime) => {
  it("sends applicationSuspend on SIGUSR1 and applicationResume on SIGUSR2; frames, timers and getTimer stop in between", async () => {
    const run = await simulate(SUSPEND_PROJECT, ["--runtime", runtime, "--timeout", "10"], (child, output) => {
      const step = setInterval(() => {
        if (output() === "applicationStart\n") {
          clearInterval(step);
          setTimeout(() => child.kill("SIGUSR1"), 100);
          setTimeout(() => child.kill("SIGUSR2"), 600);
        }
      }, 10);
      child.on("close", () => clearInterval(step));
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      "applicationStart\napplicationSuspend\napplicationResume\nframes while suspended 0\ttimers while suspended 0\ngetTimer paused\nframes and timers again\n",
    );
    expect(run.status).toBe(0);
  });

  it("keeps a connection's messages that arrive while suspended for the first frames after resume", async () => {
    const server = await new Promise<WebSocketServer>((resolve) => {
      const s: WebSocketServer = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    let peer: WebSocket | undefined;
    server.on("connection", (socket) => (peer = socket));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const run = await simulate(SUSPENDED_CLIENT, ["--runtime", runtime, "--exit-when-idle", "--timeout", "10", "--url", `ws://127.0.0.1:${port}/`], (child, output) => {
        const step = setInterval(() => {
          if (output().endsWith("open\n")) {
            clearInterval(step);
            child.kill("SIGUSR1");
            setTimeout(() => peer!.send("sent while away"), 200);
            setTimeout(() => child.kill("SIGUSR2"), 500);
          }
        }, 10);
        child.on("close", () => clearInterval(step));
      });
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe("applicationStart\nopen\napplicationSuspend\napplicationResume\nmessage sent while away after resume\nonClose\t1000\tnil\n");
      expect(run.status).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses a --url that is neither FROM=TO nor a ws:// or wss:// URL", async () => {
    const run = await simulate(IDLE_PROJECTS.nothing, ["--runtime", runtime, "--url", "http://127.0.0.1/"]);
    expect(run.stderr).toMatch(/--url needs FROM=TO or a ws:\/\/ or wss:\/\/ URL, got 'http:\/\/127\.0\.0\.1\/'/);
    expect(run.status).toBe(2);
  });

  it("--exit-when-idle waits for the last timer, then exits 0", async () => {
    const run = await simulate(IDLE_PROJECTS.timer, ["--runtime", runtime, "--exit-when-idle", "--timeout", "10"]);
    expect(run).toEqual({ status: 0, stdout: "fired at 150+\n", stderr: "" });
  });

  it("--exit-when-idle keeps running while an enterFrame listener is there", async () => {
    const run = await simulate(IDLE_PROJECTS.listener, ["--runtime", runtime, "--exit-when-idle", "--timeout", "0.5"]);
    expect(run.status).toBe(124);
  });

  it("runs Lua 5.1 in lua5.1, and by default when lua5.1 is installed", async () => {
    const run = await simulate(IDLE_PROJECTS.nothing, runtime === "lua5.1" ? ["--exit-when-idle"] : ["--runtime", runtime, "--exit-when-idle"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(runtime === "lua5.1" ? "Lua 5.1\n" : "Lua 5.4\n");
    expect(run.status).toBe(0);
  });
});

describe("the default runtime", () => {
  // Runs on every machine: an empty PATH hides whatever interpreters are installed.
  it("is wasmoon without lua5.1", async () => {
    const run = await simulate(IDLE_PROJECTS.nothing, ["--exit-when-idle"], undefined, { ...process.env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), "no-lua-")) });
    expect(run.stdout).toBe("Lua 5.4\n");
  });
});
