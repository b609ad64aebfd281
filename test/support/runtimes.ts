// The six Lua runtimes the one built plugin file must run on, and how tests start a script in each.
//
// Native interpreters (lua5.1, luajit, lua5.3, lua5.4) run as child processes with LUA_PATH pointing
// at the project root, so `require("plugin.websockets")` finds plugin/websockets.lua. wasmoon and
// fengari run through host/run-lua.mjs in a child Node process. On a developer's machine a missing
// interpreter is skipped with a message; under CI (CI=true) it is an error, because CI installs them.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const NATIVE_RUNTIMES = ["lua5.1", "luajit", "lua5.3", "lua5.4"] as const;
export const NODE_RUNTIMES = ["wasmoon", "fengari"] as const;
export const ALL_RUNTIMES = [...NATIVE_RUNTIMES, ...NODE_RUNTIMES] as const;
export type Runtime = (typeof ALL_RUNTIMES)[number];

const installed = new Map<string, boolean>();

/** True when the runtime can be started here (wasmoon and fengari always can). */
export function isInstalled(runtime: Runtime): boolean {
  if ((NODE_RUNTIMES as readonly string[]).includes(runtime)) return true;
  if (!installed.has(runtime)) {
    const probe = spawnSync(runtime, ["-e", "os.exit(0)"], { stdio: "ignore" });
    installed.set(runtime, probe.status === 0);
  }
  return installed.get(runtime)!;
}

/**
 * The runtimes a test suite should cover here. A missing native interpreter is reported once and
 * skipped on a developer's machine, and fails the run under CI, where nothing may be skipped.
 */
export function runtimesToTest(wanted: readonly Runtime[] = ALL_RUNTIMES): Runtime[] {
  const missing = wanted.filter((r) => !isInstalled(r));
  if (missing.length > 0) {
    const message = `Lua runtime(s) not installed: ${missing.join(", ")} (apt-get install ${missing.join(" ")})`;
    if (process.env.CI) throw new Error(`${message}; CI must have every runtime`);
    console.warn(`skipping: ${message}`);
  }
  return wanted.filter((r) => isInstalled(r));
}

export function luaPathEnv(extraDirs: string[] = []): Record<string, string> {
  const dirs = [...extraDirs, PROJECT_ROOT];
  const luaPath = dirs.flatMap((d) => [`${d}/?.lua`, `${d}/?/init.lua`]).join(";") + ";;";
  return { LUA_PATH: luaPath, LUA_PATH_5_3: luaPath, LUA_PATH_5_4: luaPath };
}

/** The command line that runs `script` in `runtime`. */
export function commandFor(runtime: Runtime, script: string, args: string[] = []): [string, string[]] {
  if ((NODE_RUNTIMES as readonly string[]).includes(runtime)) {
    return [process.execPath, [path.join(PROJECT_ROOT, "host/run-lua.mjs"), "--runtime", runtime, script, ...args]];
  }
  return [runtime, [script, ...args]];
}

export interface LuaRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a Lua script to completion (or until `timeoutMs`, then kills it) and collects its output. */
export function runLua(
  runtime: Runtime,
  script: string,
  args: string[] = [],
  options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<LuaRun> {
  const [cmd, argv] = commandFor(runtime, script, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: { ...process.env, ...luaPathEnv([path.dirname(path.resolve(script))]), ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 60_000);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("latin1"),
        stderr: Buffer.concat(err).toString("latin1"),
        timedOut,
      });
    });
    if (child.stdin) {
      // A script may exit before reading its input; that is not the test's failure.
      child.stdin.on("error", () => {});
      child.stdin.end(options.input);
    }
  });
}
