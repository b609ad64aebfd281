#!/usr/bin/env node
// Hostile-peer benchmarks (SPEC guarantees 5 and 7): per runtime, the longest single
// WebSockets.poll (CPU time by os.clock, and wall time) and the Lua heap's growth while
//   pingflood   a server floods 40,000 125-byte pings and never reads
//   emptyflood  a server sends 2,000,000 empty binary frames (4 MB of 82 00) after the 101
//   bigboth     a 16 MiB binary message goes out while its 16 MiB echo comes in; next to it the floor:
//               what making one 16 MiB string of 2 MiB parts costs in a fresh process of that runtime
//   serverbig   the same from the server's side: WebSockets.newServer() gets a 16 MiB binary message
//               from a `ws` client and echoes it (bench/e2e-hostile-server.lua)
// One run per runtime and scenario, one after another, so they never compete for the CPU. fengari,
// an order of magnitude slower, gets a sixteenth of each size.
//
//   node bench/hostile.mjs              rewrites the hostile-peer section of docs/benchmarks.md
//   node bench/hostile.mjs --no-docs    prints only
//   node bench/hostile.mjs --runtime lua5.1 --runtime wasmoon
//   node bench/hostile.mjs --scenario bigboth --runtime lua5.1   (prints only)
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import net from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { isRuntimeInstalled, luaCommand } from "../tools/autobahn.mjs";
import { startHostileServer } from "../test/support/hostile-servers.mjs";
import { runForResult } from "./result-line.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(BENCH_DIR, "..");
const CLIENT = path.join(BENCH_DIR, "e2e-hostile-client.lua");
const SERVER = path.join(BENCH_DIR, "e2e-hostile-server.lua");
const DOCS = path.join(PROJECT_ROOT, "docs/benchmarks.md");
const BEGIN = "<!-- hostile:begin -->";
const END = "<!-- hostile:end -->";
const RUNTIMES = ["lua5.1", "luajit", "lua5.3", "lua5.4", "wasmoon", "fengari"];
const SLOW = ["fengari"];
/** How much smaller each input is there. */
const SLOW_DIVISOR = 16;
const MIB = 1024 * 1024;

const SCENARIOS = [
  { id: "pingflood", title: "ping flood, peer never reads", path: (n) => `/pingflood?pings=${n}`, full: 40_000 },
  { id: "emptyflood", title: "empty-frame flood", path: (n) => `/flood?frames=${n}`, full: 2_000_000 },
  { id: "bigboth", title: "16 MiB out while 16 MiB comes in", echo: true, full: 16 * MIB },
  { id: "serverbig", title: "server: 16 MiB in from a client, echoed", server: true, full: 16 * MIB },
];

async function measure(runtime, scenario, url, size) {
  const { command, args, env } = luaCommand(runtime, CLIENT, [scenario.id, url, String(size)]);
  const run = await runForResult(command, args, { cwd: PROJECT_ROOT, env, timeoutMs: 10 * 60_000 });
  return run.error ? { error: run.error } : run.fields;
}

/** A port nothing listens on now, for the Lua server to listen on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** serverbig: the plugin's server in `runtime`, and a `ws` client that sends it `size` bytes once it
 *  listens, waits for the echo and closes. */
async function measureServer(runtime, size) {
  const port = await freePort();
  const { command, args, env } = luaCommand(runtime, SERVER, [String(port), String(size)]);
  const server = runForResult(command, args, { cwd: PROJECT_ROOT, env, timeoutMs: 10 * 60_000 });
  const payload = Buffer.alloc(size, 0x5a);
  let clientError;
  for (let attempt = 0; attempt < 200; attempt++) {
    const outcome = await new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false, maxPayload: 64 * MIB });
      ws.on("open", () => ws.send(payload));
      ws.on("message", (data) => {
        resolve(data.length === size && data.equals(payload) ? "echoed" : "echo differs");
        ws.close();
      });
      ws.on("error", (e) => resolve(e.code === "ECONNREFUSED" ? "retry" : e.message));
    });
    if (outcome === "retry") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (outcome !== "echoed") clientError = outcome;
    break;
  }
  const run = await server;
  if (clientError) return { error: clientError };
  return run.error ? { error: run.error } : run.fields;
}

function render(results, runtimes, scenarios) {
  const lines = [
    "| scenario | figure | " + runtimes.join(" | ") + " |",
    "|---|---|" + runtimes.map(() => "---:").join("|") + "|",
  ];
  const cell = (r, f) => (r.error ? "error" : f(r));
  for (const s of scenarios) {
    const row = (label, f) => lines.push(`| ${s.title} | ${label} | ` + runtimes.map((rt) => cell(results[s.id][rt], f)).join(" | ") + " |");
    row("longest poll, CPU (ms)", (r) => Number(r.longest_poll_ms).toFixed(1));
    row("longest poll, wall (ms)", (r) => Number(r.longest_poll_wall_ms).toFixed(1));
    row("Lua heap growth, peak (MiB)", (r) => (r.heap_measured === "1" ? Number(r.peak_heap_mib).toFixed(1) : "n/a"));
    if (s.id === "pingflood") row("largest getBufferedAmount (bytes)", (r) => r.max_buffered);
    if (s.id === "emptyflood") row("messages / whole run (s)", (r) => `${r.messages} / ${Number(r.total_s).toFixed(1)}`);
    if (s.id === "serverbig") row("polls / whole echo (s)", (r) => `${r.polls} / ${Number(r.total_s).toFixed(2)}`);
    if (s.id === "bigboth") {
      row("floor: one table.concat of 16 MiB in 2 MiB parts, fresh process, CPU (ms)", (r) => (r.floor_ms === "error" ? "error" : Number(r.floor_ms).toFixed(1)));
      row("the `send` call itself, CPU (ms)", (r) => Number(r.send_ms).toFixed(0));
      row("polls / whole echo (s)", (r) => `${r.polls} / ${Number(r.total_s).toFixed(2)}`);
    }
  }
  return lines.join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      runtime: { type: "string", multiple: true },
      scenario: { type: "string", multiple: true },
      "no-docs": { type: "boolean", default: false },
    },
  });
  const scenarios = SCENARIOS.filter((s) => values.scenario === undefined || values.scenario.includes(s.id));
  const runtimes = (values.runtime ?? RUNTIMES).filter((rt) => {
    const ok = isRuntimeInstalled(rt);
    if (!ok) console.warn(`skipping (not installed): ${rt}`);
    return ok;
  });
  const hostile = await startHostileServer();
  const echo = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * MIB, perMessageDeflate: false });
  echo.on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise((resolve) => echo.once("listening", resolve));
  const echoUrl = `ws://127.0.0.1:${echo.address().port}/`;
  const results = {};
  try {
    for (const s of scenarios) {
      results[s.id] = {};
      for (const rt of runtimes) {
        const size = SLOW.includes(rt) ? s.full / SLOW_DIVISOR : s.full;
        const url = s.echo ? echoUrl : s.server ? undefined : hostile.url + s.path(size);
        const r = s.server ? await measureServer(rt, size) : await measure(rt, s, url, size);
        if (s.id === "bigboth" && !r.error) {
          const floor = await measure(rt, { id: "floor" }, "-", size);
          r.floor_ms = floor.error ? "error" : floor.floor_ms;
        }
        console.log(`${s.id} ${rt}: ${r.error ?? `longest poll ${r.longest_poll_ms} ms, heap +${r.peak_heap_mib} MiB`}`);
        results[s.id][rt] = r;
      }
    }
  } finally {
    await hostile.close();
    for (const c of echo.clients) c.terminate();
    echo.close();
  }
  const table = render(results, runtimes, scenarios);
  console.log("\n" + table);
  if (!values["no-docs"] && !values.runtime && !values.scenario) {
    const docs = fs.readFileSync(DOCS, "utf8");
    const begin = docs.indexOf(BEGIN);
    const end = docs.indexOf(END);
    if (begin >= 0 && end > begin) {
      fs.writeFileSync(DOCS, docs.slice(0, begin + BEGIN.length) + "\n" + table + "\n" + docs.slice(end));
      console.log(`written: ${path.relative(PROJECT_ROOT, DOCS)}`);
    }
  }
  const failed = Object.values(results).some((byRt) => Object.values(byRt).some((r) => r.error));
  process.exit(failed ? 1 : 0);
}

await main();
