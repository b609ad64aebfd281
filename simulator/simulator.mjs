// A headless Solar2D simulator: runs a project folder's main.lua with the plugin and the part of the
// Solar2D runtime a project needs (simulator/solar2d/), in one of two kinds of runtime:
//
// - lua5.1 (the Lua Solar2D embeds), LuaJIT, lua5.3 or lua5.4: the real interpreter, in a child
//   process (simulator/native-host.lua), with the plugin's LuaSocket transport, as in the Solar2D
//   Simulator;
// - wasmoon (Lua 5.4) or fengari (Lua 5.3): inside Node, with the Node transport (host/).
//
// After main.lua's chunk returns, "system" applicationStart, then frames at config.lua's fps: due
// timers, then "enterFrame", which is where the plugin services its clients, as in Solar2D.
//
// A run ends when the project calls os.exit(code) (the process exits with that code), when a Lua
// error escapes (its traceback is printed, status 1), with `exitWhenIdle` once nothing is left to
// do (status 0), or after the timeout (status 124).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { createVm, LuaScriptError, NODE_RUNTIMES, PROJECT_ROOT, readFileNative } from "../host/lua-vm.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOLAR2D_DIR = path.join(HERE, "solar2d");
const NATIVE_HOST = path.join(HERE, "native-host.lua");
export const TIMEOUT_STATUS = 124;
export const LUA_ERROR_STATUS = 1;
/** Real interpreters: the project runs there with the plugin's LuaSocket transport. */
export const NATIVE_SIMULATOR_RUNTIMES = ["lua5.1", "luajit", "lua5.3", "lua5.4"];
export const SIMULATOR_RUNTIMES = [...NATIVE_SIMULATOR_RUNTIMES, ...NODE_RUNTIMES];

/** system.getInfo("platform") values, as Solar2D names the desktop platforms. */
const PLATFORMS = { linux: "linux", darwin: "macos", win32: "win32" };

/** True when `runtime` can run the simulator here: the interpreter starts and has LuaSocket. */
export function canRun(runtime) {
  if (NODE_RUNTIMES.includes(runtime)) return true;
  const probe = spawnSync(runtime, ["-e", 'require("socket")'], { stdio: "ignore" });
  return probe.status === 0;
}

/** lua5.1 with LuaSocket when installed, as Solar2D is Lua 5.1; wasmoon otherwise. */
export function defaultRuntime() {
  return canRun("lua5.1") ? "lua5.1" : "wasmoon";
}

/**
 * Parses `--url` values: "FROM=TO" rewrites connect URLs starting with FROM (the `=` before TO's
 * ws:// or wss://), a bare "TO" sends every connect there.
 */
export function parseUrlMapping(value) {
  const match = /^(.*)=(wss?:\/\/.*)$/s.exec(value);
  if (match) return { from: match[1], to: match[2] };
  if (!/^wss?:\/\//.test(value)) throw new Error(`--url needs FROM=TO or a ws:// or wss:// URL, got '${value}'`);
  return { from: "", to: value };
}

/**
 * Starts `projectDir`. Resolves with the exit status when the run ends without os.exit.
 * @param options.runtime      one of SIMULATOR_RUNTIMES (default: defaultRuntime())
 * @param options.launchArgs   strings given to main.lua as `(...).args`, as Solar2D's launchArgs
 * @param options.taps         [{ id, atSeconds }]: simulated taps on display objects by id/name/text
 * @param options.urlMap       [{ from, to }]: connect URLs to rewrite (parseUrlMapping)
 * @param options.exitWhenIdle exit 0 once no client, timer or enterFrame listener is left
 * @param options.platform     what system.getInfo("platform") says (default: the host's)
 * @param options.onControl    called with { suspend(), resume() } once the project runs
 */
export async function runProject(projectDir, options = {}) {
  projectDir = path.resolve(projectDir);
  const mainFile = path.join(projectDir, "main.lua");
  if (!fs.existsSync(mainFile)) throw new Error(`no main.lua in ${projectDir}`);
  const runtime = options.runtime ?? defaultRuntime();
  if (!SIMULATOR_RUNTIMES.includes(runtime)) throw new Error(`unknown runtime '${runtime}' (${SIMULATOR_RUNTIMES.join(", ")})`);

  // The writable base directories (Documents, tmp, Caches) of this run, removed when it ends.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "solar2d-headless-"));
  for (const dir of ["Documents", "tmp", "Caches", "ApplicationSupport"]) fs.mkdirSync(path.join(dataDir, dir));
  process.on("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));

  const settings = {
    projectDir,
    dataDir,
    platform: options.platform ?? PLATFORMS[process.platform] ?? process.platform,
    urlMap: options.urlMap ?? [],
    exitWhenIdle: options.exitWhenIdle ?? false,
    launchArgs: options.launchArgs ?? [],
    taps: options.taps ?? [],
    timeoutSeconds: options.timeoutSeconds,
    onControl: options.onControl ?? (() => {}),
  };
  const status = NATIVE_SIMULATOR_RUNTIMES.includes(runtime)
    ? await runNative(runtime, settings)
    : await runInNode(runtime, settings);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return status;
}

/** Where `require` looks in a real interpreter: the project, the repository root, the system. */
function luaPath(projectDir) {
  return [projectDir, PROJECT_ROOT].flatMap((d) => [`${d}/?.lua`, `${d}/?/init.lua`]).join(";") + ";;";
}

function runNative(runtime, s) {
  const mapArgs = s.urlMap.flatMap(({ from, to }) => [from, to]);
  const args = [NATIVE_HOST, s.projectDir, SOLAR2D_DIR, s.dataDir, s.platform, s.exitWhenIdle ? "1" : "0",
    String(s.urlMap.length), ...mapArgs, ...s.launchArgs];
  return new Promise((resolve) => {
    const child = spawn(runtime, args, {
      cwd: s.projectDir,
      env: { ...process.env, LUA_PATH: luaPath(s.projectDir), LUA_PATH_5_3: luaPath(s.projectDir), LUA_PATH_5_4: luaPath(s.projectDir) },
      stdio: ["pipe", "inherit", "inherit"],
    });
    const timers = [];
    let timedOut = false;
    const send = (line) => {
      if (child.exitCode === null && child.stdin.writable) child.stdin.write(`${line}\n`);
    };
    child.stdin.on("error", () => {}); // the project may exit while a command is on its way
    child.on("error", (e) => {
      process.stderr.write(`simulator: cannot start ${runtime}: ${e.message}\n`);
      resolve(LUA_ERROR_STATUS);
    });
    child.on("close", (code, signal) => {
      for (const t of timers) clearTimeout(t);
      if (timedOut) {
        process.stderr.write(`simulator: timed out after ${s.timeoutSeconds} s\n`);
        resolve(TIMEOUT_STATUS);
      } else {
        resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : LUA_ERROR_STATUS));
      }
    });
    if (s.timeoutSeconds !== undefined) {
      timers.push(setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, s.timeoutSeconds * 1000));
    }
    for (const { id, atSeconds } of s.taps) timers.push(setTimeout(() => send(`tap ${id}`), atSeconds * 1000));
    s.onControl({ suspend: () => send("suspend"), resume: () => send("resume") });
  });
}

async function runInNode(runtime, s) {
  const vm = await createVm(runtime, s.projectDir);
  return new Promise((resolve) => {
    let finished = false;
    const timers = [];
    let frameTimer = null;
    const finish = (status, message) => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      clearTimeout(frameTimer);
      if (message) process.stderr.write(`${message}\n`);
      resolve(status);
    };
    /** Runs host-called Lua; a Lua error ends the run as Solar2D's error handler would. */
    const guarded = (fn) => {
      try {
        return fn();
      } catch (e) {
        if (!(e instanceof LuaScriptError)) throw e;
        finish(LUA_ERROR_STATUS, `lua: ${e.message}`);
        return undefined;
      }
    };

    if (s.timeoutSeconds !== undefined) {
      timers.push(setTimeout(() => finish(TIMEOUT_STATUS, `simulator: timed out after ${s.timeoutSeconds} s`), s.timeoutSeconds * 1000));
    }

    const started = performance.now();
    vm.runHostFile(path.join(SOLAR2D_DIR, "init.lua"), s.projectDir, SOLAR2D_DIR, {
      platform: s.platform,
      data_dir: s.dataDir,
      url_map: s.urlMap,
      now_ms(call) {
        call.pushNumber(performance.now() - started);
        return 1;
      },
      readfile: readFileNative,
    });
    const [fps] = vm.callExport("config");
    const frameMs = 1000 / fps;

    /** Frames on a fixed schedule: a slow frame delays the next one, never makes frames pile up. */
    let nextFrameAt = performance.now();
    const frame = () => {
      if (finished) return;
      guarded(() => vm.callExport("frame"));
      if (s.exitWhenIdle && !finished && guarded(() => vm.callExport("idle"))?.[0]) return finish(0);
      nextFrameAt = Math.max(nextFrameAt + frameMs, performance.now());
      frameTimer = setTimeout(frame, nextFrameAt - performance.now());
    };

    vm.runFile(path.join(s.projectDir, "main.lua"), [{ args: s.launchArgs }]).then((status) => {
      if (status !== 0) return finish(status);
      guarded(() => vm.callExport("started"));
      for (const { id, atSeconds } of s.taps) {
        timers.push(setTimeout(() => {
          const [found] = guarded(() => vm.callExport("tap", id)) ?? [true];
          if (!found) finish(LUA_ERROR_STATUS, `simulator: no display object with id, name or text '${id}' to tap`);
        }, atSeconds * 1000));
      }
      s.onControl({
        suspend: () => !finished && guarded(() => vm.callExport("suspend")),
        resume: () => !finished && guarded(() => vm.callExport("resume")),
      });
      frame();
    });
  });
}
