#!/usr/bin/env node
// Command-line Lua for the Node-hosted runtimes:
//   node host/run-lua.mjs --runtime wasmoon|fengari SCRIPT.lua [ARGS...]
// The exit status is the script's os.exit code, 0 when it returns, 1 on a Lua error (with its
// traceback on stderr). Scripts can require("plugin.websockets_host"), the Node transport, and
// block in its wait() (WebSockets.poll(timeout)) while Node's event loop keeps the sockets going.
import { runLuaFile, NODE_RUNTIMES } from "./lua-vm.mjs";

const argv = process.argv.slice(2);
let runtime = "wasmoon";
if (argv[0] === "--runtime") {
  runtime = argv[1];
  argv.splice(0, 2);
}
if (!NODE_RUNTIMES.includes(runtime) || argv.length === 0) {
  process.stderr.write(`usage: run-lua.mjs [--runtime ${NODE_RUNTIMES.join("|")}] SCRIPT.lua [ARGS...]\n`);
  process.exit(2);
}
const [script, ...args] = argv;
// Like a command-line interpreter, stop when the script ends, even if it left sockets open.
process.exit(await runLuaFile(runtime, script, args));
