// Starts a Lua state inside Node, in wasmoon (Lua 5.4 compiled to WebAssembly) or fengari (Lua 5.3
// written in JavaScript), with what a plain Lua script expects from a command-line interpreter
// (`require` from the project, `print`, `arg`, `os.exit`) and the Node transport preloaded as
// `plugin.websockets_host` (host/prelude.lua, host/websockets_host.lua).
//
// The script's main chunk runs as a coroutine. When it waits for I/O (the transport's `wait`, e.g.
// from `WebSockets.poll(0.05)`) it yields, this file awaits the armed wait on Node's event loop, and
// resumes it: a blocking Lua loop and Node's non-blocking sockets make progress together.
//
// Printing goes through fs.writeSync so that os.exit (process.exit) never cuts output short.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createWasmoonState } from "./vm-wasmoon.mjs";
import { createFengariState } from "./vm-fengari.mjs";
import { createTransportNatives } from "./transport-natives.mjs";

const HOST_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HOST_DIR, "..");
export const NODE_RUNTIMES = ["wasmoon", "fengari"];

/** Where `require("a.b")` looks, in order: the script's folder, then the project root. */
function searchPath(scriptDir) {
  const roots = [...new Set([scriptDir, PROJECT_ROOT])];
  return roots.flatMap((r) => [`${r}/?.lua`, `${r}/?/init.lua`]).join(";");
}

/** os.exit's argument as a process exit status, as the C interpreter maps it. */
function exitCodeOf(value) {
  if (value === undefined || value === null || value === true) return 0;
  if (value === false) return 1;
  return Number(value) | 0;
}

/** A Lua error raised by the script or host-side Lua, with its traceback as the message. */
export class LuaScriptError extends Error {}

/**
 * Runs `scriptPath` with `args` in the given runtime. Resolves with 0 when the script returns, or 1
 * after printing a Lua error with its traceback; os.exit(code) ends the Node process at once.
 * `setup(vm)` runs before the script.
 */
export async function runLuaFile(runtime, scriptPath, args = [], setup) {
  const vm = await createVm(runtime, path.dirname(path.resolve(scriptPath)));
  if (setup) await setup(vm);
  return vm.runFile(path.resolve(scriptPath), args);
}

export async function createVm(runtime, scriptDir = PROJECT_ROOT) {
  if (runtime === "wasmoon") return new LuaVm(await createWasmoonState(), scriptDir);
  if (runtime === "fengari") return new LuaVm(createFengariState(), scriptDir);
  throw new Error(`unknown Node Lua runtime '${runtime}' (expected ${NODE_RUNTIMES.join(" or ")})`);
}

/**
 * Writes every byte to `fd`. stdout may be a non-blocking pipe: writeSync then takes only what fits
 * (or throws EAGAIN), and the rest must be offered again, or large outputs arrive truncated.
 */
function writeAll(fd, bytes) {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      if (e.code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // the reader needs a moment
    }
  }
}

/** The C library's words for the errors a read can meet, as Lua's io.open reports them. */
const READ_ERROR_TEXT = { ENOENT: "No such file or directory", EACCES: "Permission denied", EISDIR: "Is a directory" };

/** A native for Lua: `readfile(path)` returns the file's bytes, or nil and "path: reason" (the shape
 *  of io.open's message) when it cannot be read. */
export function readFileNative(call) {
  const path = call.text(1);
  let source;
  try {
    source = fs.readFileSync(path);
  } catch (e) {
    call.pushNil();
    call.pushText(`${path}: ${READ_ERROR_TEXT[e.code] ?? e.code ?? e.message}`);
    return 2;
  }
  call.pushBytes(source);
  return 1;
}

class LuaVm {
  constructor(state, scriptDir) {
    this.state = state;
    this.kind = state.kind;
    this.armedWait = null;
    const hostNatives = {
      write(call) {
        writeAll(1, call.bytes(1));
        return 0;
      },
      exit(call) {
        const type = call.typeOf(1);
        const code = type === "boolean" ? call.boolean(1) : type === "number" ? call.number(1) : undefined;
        process.exit(exitCodeOf(code));
      },
      readfile: readFileNative,
    };
    const transportNatives = createTransportNatives((start) => {
      this.armedWait = start;
    });
    const prelude = path.join(HOST_DIR, "prelude.lua");
    [this.control, this.resumeMain] = state.run(fs.readFileSync(prelude), `@${prelude}`, [
      hostNatives,
      searchPath(scriptDir),
      path.join(HOST_DIR, "websockets_host.lua"),
      transportNatives,
    ]);
  }

  /**
   * Runs `file`'s main chunk with `args` as a coroutine until it returns: 0, or 1 after printing its
   * error and traceback on stderr.
   */
  async runFile(file, args = []) {
    const startError = this.controlCall("start", file, args)[0];
    if (startError) return this.reportError(startError);
    for (;;) {
      const [status, message] = this.state.callRef(this.resumeMain);
      if (status === "done") return 0;
      if (status === "error") return this.reportError(message);
      await this.takeWait();
    }
  }

  /** What the main coroutine yielded for: the armed wait, or one turn of the event loop. */
  takeWait() {
    const start = this.armedWait;
    this.armedWait = null;
    return start ? start() : new Promise((resolve) => setImmediate(resolve));
  }

  /** Runs a host-side Lua file (e.g. the simulator's Solar2D runtime) with the control table. */
  runHostFile(file, ...args) {
    return this.controlCall("run_host_file", file, ...args);
  }

  /** Calls a function host-side Lua exported; throws LuaScriptError with the traceback on error. */
  callExport(name, ...args) {
    const [status, ...results] = this.controlCall("call", name, ...args);
    if (status !== "ok") throw new LuaScriptError(results[0]);
    return results;
  }

  controlCall(name, ...args) {
    return this.state.callField(this.control, name, args);
  }

  reportError(message) {
    process.stderr.write(`lua: ${message}\n`);
    return 1;
  }

  close() {
    this.state.close();
  }
}
