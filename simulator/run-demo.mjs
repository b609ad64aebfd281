#!/usr/bin/env node
// Runs the demo (demo/) in the headless simulator as a scripted session:
//   node simulator/run-demo.mjs [--url ws://HOST:PORT/path] [--runtime lua5.1|luajit|lua5.3|lua5.4|wasmoon|fengari] [--timeout SECONDS] [--html5]
// (`npm run demo` builds the plugin first; the runtime is lua5.1, as in Solar2D, when it is installed
// with LuaSocket, else wasmoon.) Without --url it starts an echo server on loopback that
// sends every message back with its type and bytes. The demo prints each event as it happens; the
// exit status is the demo's: 0 when the whole session went as expected. With --html5 the demo runs
// as an HTML5 build would, in headless Chromium (simulator/html5/), over the browser's WebSocket.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { defaultRuntime, runProject, SIMULATOR_RUNTIMES } from "./simulator.mjs";

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../demo");
const USAGE = `usage: run-demo.mjs [--url ws://HOST:PORT/path] [--runtime ${SIMULATOR_RUNTIMES.join("|")}] [--timeout SECONDS] [--html5]`;

function parse(argv) {
  const options = { url: undefined, runtime: defaultRuntime(), timeoutSeconds: 60, html5: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === "--url") options.url = value();
    else if (flag === "--runtime") options.runtime = value();
    else if (flag === "--timeout") options.timeoutSeconds = Number(value());
    else if (flag === "--html5") options.html5 = true;
    else {
      process.stderr.write(`run-demo: unknown argument '${argv[i]}'\n${USAGE}\n`);
      process.exit(2);
    }
  }
  if (!SIMULATOR_RUNTIMES.includes(options.runtime) || !(options.timeoutSeconds > 0)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  return options;
}

/** An echo server on an ephemeral loopback port: each message goes back with its type and bytes. */
function startEchoServer() {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => resolve(server));
    server.on("error", reject);
    server.on("connection", (socket) => {
      socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
      socket.on("error", () => {});
    });
  });
}

/** The demo in headless Chromium; its lines are printed as they happen (the page shows them too). */
async function runInBrowser(launchArgs) {
  const { missingForBrowser, openBrowser } = await import("./html5/browser.mjs");
  const missing = missingForBrowser();
  if (missing) {
    process.stderr.write(`run-demo: --html5 needs ${missing}\n`);
    return 2;
  }
  const browser = await openBrowser();
  try {
    const run = await browser.runProject(DEMO_DIR, {
      launchArgs,
      timeoutSeconds: options.timeoutSeconds,
      onLine: (line) => process.stdout.write(`${line}\n`),
    });
    if (run.status !== 0) process.stderr.write(`run-demo: browser console:\n${run.console.join("\n")}\n`);
    return run.status;
  } finally {
    await browser.close();
  }
}

const options = parse(process.argv.slice(2));
let url = options.url;
let server;
if (!url) {
  server = await startEchoServer();
  url = `ws://127.0.0.1:${server.address().port}/echo`;
  process.stdout.write(`[run-demo] echo server at ${url}\n`);
}
const launchArgs = ["--scripted", `--url=${url}`];
const status = options.html5
  ? await runInBrowser(launchArgs)
  : await runProject(DEMO_DIR, { runtime: options.runtime, timeoutSeconds: options.timeoutSeconds, launchArgs });
server?.close();
process.exit(status);
