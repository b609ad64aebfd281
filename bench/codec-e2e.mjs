#!/usr/bin/env node
// End-to-end compressed echo: the plugin in lua5.1, luajit (the pure-Lua codec) and wasmoon (the
// Node host's zlib) next to the `ws` Node client, all with permessage-deflate against one local
// `ws` echo server with perMessageDeflate, in one run, interleaved (each round runs every client
// once; the best round counts). The messages are the codec benchmark's game-like JSON
// (bench/codec/corpus.mjs): state updates of about 230 bytes with a 10-100 KB snapshot after every
// 50, sent in that order, DEPTH in flight, every echo checked. Both sides compress every message
// (threshold 0) at level 1, with context takeover and 15-bit windows.
//
//   node bench/codec-e2e.mjs            full run, 3 rounds; rewrites the codec-e2e section of docs/benchmarks.md
//   node bench/codec-e2e.mjs --quick    a few messages, one round, prints only (proves the harness works)
//   node bench/codec-e2e.mjs --clients ws,luajit --rounds 1
//
// Each measurement is its own child process (bench/codec/e2e-client.lua, bench/codec/e2e-ws-client.mjs),
// timed from inside, so start-up is not measured; the server runs in this process.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { isRuntimeInstalled, luaCommand } from "../tools/autobahn.mjs";
import { luaString, makeCorpus } from "./codec/corpus.mjs";
import { runForResult } from "./result-line.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const DOCS = path.join(BENCH_DIR, "../docs/benchmarks.md");
const LUA_CLIENT = path.join(BENCH_DIR, "codec/e2e-client.lua");
const WS_CLIENT = path.join(BENCH_DIR, "codec/e2e-ws-client.mjs");
const TMP = path.join(BENCH_DIR, ".tmp");
const BEGIN = "<!-- codec-e2e:begin -->";
const END = "<!-- codec-e2e:end -->";
export const CLIENTS = ["ws", "lua5.1", "luajit", "wasmoon"];
/** Messages echoed per measurement (the corpus is 408 messages, 534 KB) and how many are in flight. */
const COUNTS = { full: 816, quick: 12 };
const DEPTH = 8;

/** The server: echoes every message as it came, compressed as ws compresses (threshold 0, level 1). */
export async function startCompressedEchoServer() {
  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    maxPayload: 16 * 1024 * 1024,
    perMessageDeflate: { threshold: 0, zlibDeflateOptions: { level: 1 } },
  });
  server.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, url: `ws://127.0.0.1:${server.address().port}/echo` };
}

/** The corpus as the clients read it: a Lua file and a JSON file in bench/.tmp. */
function writeMessages() {
  const { messages } = makeCorpus();
  fs.mkdirSync(TMP, { recursive: true });
  const luaFile = path.join(TMP, "codec-e2e-messages.lua");
  const jsonFile = path.join(TMP, "codec-e2e-messages.json");
  fs.writeFileSync(luaFile, `return {\n${messages.map(luaString).join(",\n")}\n}\n`);
  fs.writeFileSync(jsonFile, JSON.stringify(messages), "latin1");
  return { messages, luaFile, jsonFile };
}

async function measure(client, url, files, count, timeoutMs) {
  const args = [url, client === "ws" ? files.jsonFile : files.luaFile, String(count), String(DEPTH)];
  const { command, args: commandArgs, env } =
    client === "ws" ? { command: process.execPath, args: [WS_CLIENT, ...args], env: process.env } : luaCommand(client, LUA_CLIENT, args);
  const run = await runForResult(command, commandArgs, { env, timeoutMs });
  if (run.error) return { error: run.error };
  const fields = run.fields;
  return { seconds: Number(fields.seconds), cpu: Number(fields.cpu), count: Number(fields.count), bytes: Number(fields.bytes), extensions: fields.extensions };
}

/** Every round runs every client once; the round with the shortest wall-clock time counts. */
export async function runCompressedEcho({ quick = false, clients = CLIENTS, rounds = quick ? 1 : 3, log = () => {} } = {}) {
  const count = quick ? COUNTS.quick : COUNTS.full;
  const files = writeMessages();
  const { server, url } = await startCompressedEchoServer();
  const results = {};
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const client of clients) {
        const raw = await measure(client, url, files, count, quick ? 60_000 : 300_000);
        if (raw.error) {
          log(`round ${round} ${client}: ${raw.error}`);
          results[client] ??= raw;
          continue;
        }
        log(`round ${round} ${client}: ${(raw.count / raw.seconds).toFixed(0)} messages/s, cpu ${raw.cpu.toFixed(3)} s`);
        const previous = results[client];
        if (!previous || previous.error || raw.seconds < previous.seconds) results[client] = raw;
      }
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return { results, count, rounds, clients, quick };
}

const CODEC = { ws: "Node zlib", "lua5.1": "pure Lua", luajit: "pure Lua", wasmoon: "Node zlib (host)" };

export function renderCompressedEcho({ results, count, rounds, clients }) {
  const lines = ["| client | codec | messages/s | MiB/s (uncompressed, one way) | CPU of the client (s) |", "|---|---|---:|---:|---:|"];
  for (const client of clients) {
    const r = results[client];
    if (!r || r.error) {
      lines.push(`| ${client} | ${CODEC[client] ?? ""} | failed | | |`);
      continue;
    }
    lines.push(`| ${client} | ${CODEC[client] ?? ""} | ${(r.count / r.seconds).toFixed(0)} | ${(r.bytes / r.seconds / 1048576).toFixed(2)} | ${r.cpu.toFixed(2)} |`);
  }
  lines.push("");
  lines.push(`${count} messages echoed per client (${DEPTH} in flight), best of ${rounds} rounds by wall clock.`);
  return lines.join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, clients: { type: "string" }, rounds: { type: "string" } } });
  const wanted = values.clients ? values.clients.split(",") : CLIENTS;
  const clients = wanted.filter((c) => c === "ws" || isRuntimeInstalled(c));
  const missing = wanted.filter((c) => !clients.includes(c));
  if (missing.length > 0) console.warn(`skipping (not installed): ${missing.join(", ")}`);
  const run = await runCompressedEcho({ quick: values.quick, clients, rounds: values.rounds ? Number(values.rounds) : undefined, log: (l) => console.error(l) });
  const table = renderCompressedEcho(run);
  console.log(table);
  if (!values.quick && !values.clients && !values.rounds) {
    const text = fs.readFileSync(DOCS, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (start < 0 || end < 0) throw new Error(`docs/benchmarks.md has no ${BEGIN} ... ${END} section`);
    fs.writeFileSync(DOCS, text.slice(0, start + BEGIN.length) + "\n" + table + "\n" + text.slice(end));
  }
  const failed = Object.values(run.results).some((r) => r.error);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
