// Runs test/lua/server.lua (the plugin's server, SPEC section 7) in one runtime and follows what it
// prints: its port, every event it dispatched (EVENT <who> <type> key=value ...), LUAERROR lines.
import { spawn } from "node:child_process";
import path from "node:path";
import { commandFor, luaPathEnv, PROJECT_ROOT, type Runtime } from "./runtimes";

export const SERVER_SCRIPT = path.join(PROJECT_ROOT, "test/lua/server.lua");

export interface ServerLine {
  who: string;
  type: string;
  fields: Record<string, string>;
}

export interface LuaServer {
  pid: number;
  port: Promise<number>;
  lines: string[];
  events: ServerLine[];
  /** Resolves with the first event matching, waiting for it when need be. */
  waitFor(match: (line: ServerLine) => boolean, what: string, timeoutMs?: number): Promise<ServerLine>;
  /** Resolves with the exit code once the script has ended. */
  exited: Promise<number | null>;
  log(): string;
  kill(): void;
}

function decode(value: string): string {
  return decodeURIComponent(value.replace(/%(?![0-9A-F]{2})/g, "%25"));
}

export function startLuaServer(runtime: Runtime, params: Record<string, string | number>, timeoutMs = 60_000): LuaServer {
  const [command, argv] = commandFor(runtime, SERVER_SCRIPT, Object.entries(params).map(([k, v]) => `${k}=${v}`));
  const child = spawn(command, argv, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...luaPathEnv([path.dirname(SERVER_SCRIPT)]) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const events: ServerLine[] = [];
  const waiters: { match: (l: ServerLine) => boolean; resolve: (l: ServerLine) => void }[] = [];
  let stderr = "";
  let partial = "";
  let announce: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => (announce = resolve));
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  child.stdout.setEncoding("latin1").on("data", (text: string) => {
    const pieces = (partial + text).split("\n");
    partial = pieces.pop()!;
    for (const line of pieces) {
      lines.push(line);
      const found = /^port (\d+)$/.exec(line);
      if (found) announce(Number(found[1]));
      if (line.startsWith("EVENT ")) {
        const [, who, type, ...pairs] = line.split(" ");
        const fields: Record<string, string> = {};
        for (const pair of pairs) {
          const eq = pair.indexOf("=");
          fields[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
        }
        const event = { who, type, fields };
        events.push(event);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i].match(event)) {
            waiters[i].resolve(event);
            waiters.splice(i, 1);
          }
        }
      }
    }
  });
  child.stderr.setEncoding("latin1").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => {
    clearTimeout(killer);
    resolve(code);
  }));
  const log = () => `${runtime} server.lua:\n${lines.join("\n")}\n${partial}\nstderr:\n${stderr}`;
  return {
    pid: child.pid!,
    port,
    lines,
    events,
    exited,
    log,
    kill: () => child.kill("SIGKILL"),
    waitFor(match, what, waitMs = 10_000) {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${waitMs} ms\n${log()}`)), waitMs);
        waiters.push({ match, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      });
    },
  };
}
