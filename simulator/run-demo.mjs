#!/usr/bin/env node
// Runs the demo (demo/) in the headless simulator as a scripted session:
//   node simulator/run-demo.mjs [--url ws://HOST:PORT/path] [--runtime lua5.1|luajit|lua5.3|lua5.4|wasmoon|fengari] [--timeout SECONDS] [--html5]
//   node simulator/run-demo.mjs --lan [--runtime ...] [--timeout SECONDS]
// (`npm run demo` builds the plugin first; the runtime is lua5.1, as in Solar2D, when it is installed
// with LuaSocket, else wasmoon.) Without --url it starts an echo server on loopback that
// sends every message back with its type and bytes. The demo prints each event as it happens; the
// exit status is the demo's: 0 when the whole session went as expected. With --html5 the demo runs
// as an HTML5 build would, in headless Chromium (simulator/html5/), over the browser's WebSocket.
// With --lan it plays the demo's LAN mode (demo/lan.lua): a host and two joining players, each in
// its own simulator process (simulator/cli.mjs) on loopback; every line is printed as it happens,
// named after its process, and the exit status is 0 when all three sessions completed.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { defaultRuntime, runProject, SIMULATOR_RUNTIMES } from "./simulator.mjs";

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../demo");
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "cli.mjs");
const USAGE = `usage: run-demo.mjs [--url ws://HOST:PORT/path | --lan] [--runtime ${SIMULATOR_RUNTIMES.join("|")}] [--timeout SECONDS] [--html5]`;
/** The players that join the host in --lan. */
const LAN_PLAYERS = ["alice", "bob"];

function parse(argv) {
  const options = { url: undefined, runtime: defaultRuntime(), timeoutSeconds: 60, html5: false, lan: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === "--url") options.url = value();
    else if (flag === "--runtime") options.runtime = value();
    else if (flag === "--timeout") options.timeoutSeconds = Number(value());
    else if (flag === "--html5") options.html5 = true;
    else if (flag === "--lan") options.lan = true;
    else {
      process.stderr.write(`run-demo: unknown argument '${argv[i]}'\n${USAGE}\n`);
      process.exit(2);
    }
  }
  if (!SIMULATOR_RUNTIMES.includes(options.runtime) || !(options.timeoutSeconds > 0) || (options.lan && (options.html5 || options.url))) {
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

/**
 * One copy of the demo in its own simulator process; its lines are printed as they come, after
 * `[label]`. Resolves with its exit status; `onLine` sees each line.
 */
function startCopy(label, launchArgs, onLine = () => {}) {
  const args = [CLI, DEMO_DIR, "--runtime", options.runtime, "--timeout", String(options.timeoutSeconds), "--", "--scripted", ...launchArgs];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines = (stream, out) => {
    let partial = "";
    stream.setEncoding("utf8").on("data", (text) => {
      const parts = (partial + text).split("\n");
      partial = parts.pop();
      for (const line of parts) {
        out.write(`[${label}] ${line}\n`);
        onLine(line);
      }
    });
  };
  lines(child.stdout, process.stdout);
  lines(child.stderr, process.stderr);
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, exited };
}

/** The LAN mode: a host on a free loopback port, then the players once it listens. */
async function runLan() {
  let announcePort;
  const listening = new Promise((resolve) => (announcePort = resolve));
  const host = startCopy("host", ["--lan=host", "--address=127.0.0.1", "--port=0", `--players=${LAN_PLAYERS.length}`], (line) => {
    const found = /^\[lan\] hosting on [^ ]*:(\d+)$/.exec(line);
    if (found) announcePort(Number(found[1]));
  });
  const port = await Promise.race([listening, host.exited.then(() => undefined)]);
  if (port === undefined) return host.exited;
  const players = LAN_PLAYERS.map((name) => startCopy(name, ["--lan=join", "--address=127.0.0.1", `--port=${port}`, `--name=${name}`]));
  const statuses = await Promise.all([host, ...players].map((copy) => copy.exited));
  const failed = statuses.map((status, i) => [i === 0 ? "host" : LAN_PLAYERS[i - 1], status]).filter(([, status]) => status !== 0);
  for (const [label, status] of failed) process.stderr.write(`run-demo: ${label} exited ${status}\n`);
  return failed.length === 0 ? 0 : 1;
}

const options = parse(process.argv.slice(2));
if (options.lan) process.exit(await runLan());
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
