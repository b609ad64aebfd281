// The headless simulator runs tiny throwaway Solar2D projects written here, in a child process as
// `npm run simulator` does, and the tests check what a project sees: enterFrame at config.lua's
// fps, timers, launch arguments, taps, Solar2D's require order, and how a run ends (os.exit code,
// Lua error, timeout). In lua5.1 (the real interpreter, as in Solar2D) and the two Node runtimes;
// simulator/solar2d.test.ts covers the Solar2D libraries in LuaJIT too.
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT, runtimesToTest } from "../test/support/runtimes";

const CLI = path.join(PROJECT_ROOT, "simulator/cli.mjs");
const projectsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "ws-simulator-"));
afterAll(() => fs.rmSync(projectsRoot, { recursive: true, force: true }));

/** Writes a project folder: { "main.lua": "...", "config.lua": "...", ... }. */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(projectsRoot, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function simulate(dir: string, args: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, dir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Counts enterFrame events for one second and checks their fields; prints "frames N". */
const COUNT_FRAMES = `
local count, last_frame, last_time = 0, 0, -1
Runtime:addEventListener("enterFrame", function(event)
  assert(event.name == "enterFrame")
  assert(event.frame == last_frame + 1, "frame numbers run on by one")
  assert(event.time > last_time, "event.time increases")
  last_frame, last_time = event.frame, event.time
  count = count + 1
  if system.getTimer() >= 1000 then
    print("frames " .. count)
    os.exit(0)
  end
end)
`;

const frames60 = project("frames60", {
  "main.lua": COUNT_FRAMES,
  "config.lua": `application = { content = { width = 320, height = 480, fps = 60 } }`,
});
const frames30 = project("frames30", { "main.lua": COUNT_FRAMES });

const timers = project("timers", {
  "main.lua": `
local log = {}
local repeating = timer.performWithDelay(50, function(event) log[#log + 1] = "repeat" .. event.count end, 3)
local cancelled = timer.performWithDelay(100, function() log[#log + 1] = "cancelled fired" end)
timer.cancel(cancelled)
local paused = timer.performWithDelay(100, function()
  log[#log + 1] = system.getTimer() >= 400 and "resumed" or "resumed too early"
end)
timer.pause(paused)
timer.performWithDelay(300, function() timer.resume(paused) end)
timer.performWithDelay(100, { timer = function(self, event) log[#log + 1] = "table" end })
timer.performWithDelay(600, function()
  print(table.concat(log, " "))
  os.exit(5)
end)
`,
});

const forever = project("forever", { "main.lua": `Runtime:addEventListener("enterFrame", function() end)` });

const frameError = project("frame-error", {
  "main.lua": `
local function explode() error("boom in frame") end
Runtime:addEventListener("enterFrame", function(event) if event.frame == 3 then explode() end end)
`,
});

const mainError = project("main-error", { "main.lua": `local x = nil\nprint(x.field)\n` });

const appLike = project("app-like", {
  "main.lua": `
local launchArgs = ...
local greeting = require("greeting")
print(greeting.text, table.concat(launchArgs.args, ","))
local button = display.newRoundedRect(display.contentCenterX, 100, 200, 50, 8)
button.id = "quit"
button:addEventListener("tap", function(event)
  print("tapped " .. event.target.id)
  os.exit(3)
end)
`,
  "greeting.lua": `return { text = "from the project folder" }`,
});

describe.each(runtimesToTest(["lua5.1", "wasmoon", "fengari"]))("headless simulator in %s", (runtime) => {
  const opts = ["--runtime", runtime, "--timeout", "10"];

  // Not in fengari: on a slow machine its VM alone takes over 16 ms a frame (32 frames in a second
  // were seen), so the count could not tell 60 fps from 30 there. Reading config.lua's fps is the
  // same simulator code in every runtime, and lua5.1 and wasmoon prove it.
  const countsFrames = runtime !== "fengari";
  if (countsFrames) it("dispatches enterFrame at config.lua's fps", async () => {
    const run = await simulate(frames60, opts);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const frames = Number(/frames (\d+)/.exec(run.stdout)![1]);
    // Frames keep a fixed schedule and never pile up, so a second holds at most 60 (+ the first at
    // 0 and one of rounding); a loaded machine delays some. More than 32 is more than a 30 fps
    // project could ever get, which is what tells config.lua's fps was read.
    expect(frames).toBeGreaterThan(32);
    expect(frames).toBeLessThanOrEqual(62);
  });

  it("runs at 30 fps without a config.lua", async () => {
    const run = await simulate(frames30, opts);
    expect(run.status).toBe(0);
    const frames = Number(/frames (\d+)/.exec(run.stdout)![1]);
    expect(frames).toBeGreaterThanOrEqual(15);
    expect(frames).toBeLessThanOrEqual(32);
  });

  it("fires timers, repeats them, honours cancel, pause and resume, and exits with os.exit's code", async () => {
    const run = await simulate(timers, opts);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(5);
    const log = run.stdout.trim().split(" ");
    expect(log.filter((entry) => entry.startsWith("repeat"))).toEqual(["repeat1", "repeat2", "repeat3"]);
    expect(log).toContain("table");
    expect(log.at(-1)).toBe("resumed");
    expect(log).toHaveLength(5); // the cancelled timer never fired
  });

  it("exits 124 when the timeout passes first", async () => {
    const run = await simulate(forever, ["--runtime", runtime, "--timeout", "0.5"]);
    expect(run.status).toBe(124);
    expect(run.stderr).toMatch(/timed out after 0.5 s/);
  });

  it("exits 1 with the traceback when a listener raises", async () => {
    const run = await simulate(frameError, opts);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/main\.lua:2: boom in frame/);
    expect(run.stderr).toMatch(/stack traceback:[\s\S]*in (upvalue|local|function) 'explode'/);
  });

  it("exits 1 with the traceback when main.lua raises", async () => {
    const run = await simulate(mainError, opts);
    expect(run.status).toBe(1);
    // Lua 5.1 names the variable: "attempt to index local 'x' (a nil value)".
    expect(run.stderr).toMatch(/main\.lua:2: attempt to index (a nil value|local 'x' \(a nil value\))/);
  });

  it("passes launch arguments, requires from the project folder, and taps objects by id", async () => {
    const run = await simulate(appLike, [...opts, "--tap", "quit@0.2", "--", "--scripted", "x=1"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("from the project folder\t--scripted,x=1\ntapped quit\n");
    expect(run.status).toBe(3);
  });
});
