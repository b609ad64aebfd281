#!/usr/bin/env node
// End-to-end benchmarks: the plugin in lua5.1, luajit, lua5.4 and wasmoon next to the `ws` Node
// client, all against one local `ws` echo server, in one run, interleaved (every round runs every
// scenario in every client, so a busy moment of the machine hits them all alike; the best round
// counts).
//
//   node bench/e2e.mjs            full counts, 5 rounds; writes the e2e section of docs/benchmarks.md
//   node bench/e2e.mjs --quick    tiny counts, 1 round, prints only (proves the harness works)
//   node bench/e2e.mjs --clients ws,luajit --rounds 1 --no-docs
//
// Each measurement is its own child process (bench/e2e-client.lua or bench/e2e-ws-client.mjs),
// timed from inside, so process start-up is not measured; the server runs in this process.
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { isRuntimeInstalled, luaCommand } from "../tools/autobahn.mjs";
import { SCENARIOS, figureOf, renderReport, writeDocs } from "./e2e-report.mjs";
import { runForResult } from "./result-line.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const LUA_CLIENT = path.join(BENCH_DIR, "e2e-client.lua");
const WS_CLIENT = path.join(BENCH_DIR, "e2e-ws-client.mjs");
export const CLIENTS = ["ws", "lua5.1", "luajit", "lua5.4", "wasmoon"];
const BURST_MESSAGE = Buffer.from("m".repeat(100));

/** How many of each per scenario, full and quick. */
const COUNTS = {
  full: { roundtrip: 5000, pipelined: 50000, binary: 64, text: 32, idle: 100, loaded: 1, dispatch: 1000 },
  quick: { roundtrip: 20, pipelined: 300, binary: 2, text: 2, idle: 20, loaded: 1, dispatch: 100 },
};

/** How long /burst waits before answering, so that the client's request write returns first. */
const BURST_DELAY_MS = 50;

/**
 * The echo server: /echo echoes every message with its type; /burst answers a text message "N" with
 * N messages of 100 bytes, all at once, after BURST_DELAY_MS.
 */
export async function startEchoServer() {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
  server.on("connection", (ws, request) => {
    if (request.url === "/burst") {
      ws.on("message", (data) => {
        const count = Number(data.toString());
        setTimeout(() => {
          for (let i = 0; i < count; i++) ws.send(BURST_MESSAGE, { binary: false });
        }, BURST_DELAY_MS);
      });
    } else {
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    }
  });
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, url: `ws://127.0.0.1:${server.address().port}` };
}

/** Runs one measurement; resolves with the parsed RESULT fields, or `{ error }`. */
async function measure(client, scenario, url, count, timeoutMs) {
  const { command, args, env } =
    client === "ws"
      ? { command: process.execPath, args: ["--expose-gc", WS_CLIENT, scenario, url, String(count)], env: process.env }
      : luaCommand(client, LUA_CLIENT, [scenario, url, String(count)]);
  const run = await runForResult(command, args, { env, timeoutMs });
  if (run.error) return { error: run.error };
  return Object.fromEntries(Object.entries(run.fields).map(([k, v]) => [k, k === "scenario" ? v : Number(v)]));
}

/**
 * Every round runs every scenario in every client; per client and scenario the best round is kept.
 * Resolves with `results[scenario][client] = { value, raw }` (or `{ error }`).
 */
export async function runBenchmarks({ quick = false, clients = CLIENTS, rounds = quick ? 1 : 5, log = () => {} } = {}) {
  const counts = quick ? COUNTS.quick : COUNTS.full;
  const { server, url } = await startEchoServer();
  const results = {};
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const scenario of SCENARIOS) {
        results[scenario.id] ??= {};
        for (const client of clients) {
          const raw = await measure(client, scenario.id, url, counts[scenario.id], quick ? 60_000 : 180_000);
          const previous = results[scenario.id][client];
          if (raw.error) {
            log(`round ${round} ${scenario.id} ${client}: ${raw.error}`);
            if (!previous) results[scenario.id][client] = { error: raw.error };
            continue;
          }
          const value = figureOf(scenario, raw);
          log(`round ${round} ${scenario.id} ${client}: ${value.toFixed(2)} ${scenario.unit}`);
          const better = !previous || previous.error || (scenario.higherIsBetter ? value > previous.value : value < previous.value);
          if (better) results[scenario.id][client] = { value, raw };
        }
      }
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return { results, counts, rounds, clients, quick };
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      clients: { type: "string" },
      rounds: { type: "string" },
      "no-docs": { type: "boolean", default: false },
    },
  });
  const wanted = values.clients ? values.clients.split(",") : CLIENTS;
  const clients = wanted.filter((c) => c === "ws" || isRuntimeInstalled(c));
  const missing = wanted.filter((c) => !clients.includes(c));
  if (missing.length > 0) console.warn(`skipping (not installed): ${missing.join(", ")}`);
  const run = await runBenchmarks({
    quick: values.quick,
    clients,
    rounds: values.rounds ? Number(values.rounds) : undefined,
    log: (line) => console.log(line),
  });
  console.log("\n" + renderReport(run).text);
  if (!values.quick && !values["no-docs"]) {
    const written = writeDocs(run);
    console.log(`\nwritten: ${written.join(", ")}`);
  }
  const errors = Object.values(run.results).flatMap((byClient) => Object.values(byClient).filter((r) => r.error));
  process.exit(errors.length > 0 ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
