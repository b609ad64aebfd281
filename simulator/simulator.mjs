// A headless Solar2D simulator: runs a project folder's main.lua in wasmoon or fengari with the
// plugin, the Node transport and the part of the Solar2D runtime a project needs
// (simulator/solar2d/). After main.lua's chunk returns, frames run at config.lua's fps: due timers,
// then "enterFrame", which is where the plugin services its clients, as in Solar2D.
//
// A run ends when the project calls os.exit(code) (the process exits with that code), when a Lua
// error escapes (its traceback is printed, status 1), or after the timeout (status 124).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { createVm, LuaScriptError, readFileNative } from "../host/lua-vm.mjs";

const SOLAR2D_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "solar2d");
export const TIMEOUT_STATUS = 124;
export const LUA_ERROR_STATUS = 1;

/** system.getInfo("platform") values, as Solar2D names the desktop platforms. */
const PLATFORMS = { linux: "linux", darwin: "macos", win32: "win32" };

/**
 * Starts `projectDir`. Resolves with the exit status when the run ends without os.exit: 1 after a
 * Lua error, 124 after `timeoutSeconds`.
 * @param options.launchArgs strings given to main.lua as `(...).args`, as Solar2D's launchArgs
 * @param options.taps       [{ id, atSeconds }]: simulated taps on display objects by id/name/text
 */
export async function runProject(projectDir, { runtime = "wasmoon", timeoutSeconds, launchArgs = [], taps = [] } = {}) {
  projectDir = path.resolve(projectDir);
  const mainFile = path.join(projectDir, "main.lua");
  if (!fs.existsSync(mainFile)) throw new Error(`no main.lua in ${projectDir}`);

  const vm = await createVm(runtime, projectDir);
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

    if (timeoutSeconds !== undefined) {
      timers.push(setTimeout(() => finish(TIMEOUT_STATUS, `simulator: timed out after ${timeoutSeconds} s`), timeoutSeconds * 1000));
    }

    const started = performance.now();
    vm.runHostFile(path.join(SOLAR2D_DIR, "init.lua"), projectDir, SOLAR2D_DIR, {
      platform: PLATFORMS[process.platform] ?? process.platform,
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
      nextFrameAt = Math.max(nextFrameAt + frameMs, performance.now());
      frameTimer = setTimeout(frame, nextFrameAt - performance.now());
    };

    vm.runFile(mainFile, [{ args: launchArgs }]).then((status) => {
      if (status !== 0) return finish(status);
      for (const { id, atSeconds } of taps) {
        timers.push(setTimeout(() => {
          const [found] = guarded(() => vm.callExport("tap", id)) ?? [true];
          if (!found) finish(LUA_ERROR_STATUS, `simulator: no display object with id, name or text '${id}' to tap`);
        }, atSeconds * 1000));
      }
      frame();
    });
  });
}
