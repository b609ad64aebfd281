#!/usr/bin/env node
// The plugin's Autobahn client runner (SPEC "Autobahn client").
//
//   node tools/autobahn.mjs --runtime RUNTIME --url ws://127.0.0.1:9001 --agent NAME
//       Runs tools/autobahn-client.lua in RUNTIME (lua5.1, luajit, lua5.3, lua5.4, wasmoon, fengari) against
//       the fuzzing server at URL: every case in turn, then /updateReports. Exits with the client's
//       status: 0 when the reports were updated, whatever the verdicts.
//
//   node tools/autobahn.mjs --all [--runtimes lua5.1,luajit] [--profile full|standard|small]
//                              [--time-scale X] [--deadline-scale X] [--compression] [--cases 12.,13.]
//                              [--compression-count N] [--write-docs]
//       Starts the project's fuzzing server (conformance/) once per runtime, runs every runtime at
//       the same time, and prints each one's summary: Autobahn's 301 cases of sections 1-7, 9 and
//       10; with --compression also sections 12 and 13 (permessage-deflate: UNIMPLEMENTED for a
//       client that does not negotiate it). fengari gets the "small" profile unless --profile says
//       otherwise. --cases keeps the ids with those prefixes; --compression-count sets the messages
//       per compression case (the profile's otherwise: full 1000, standard 10, small 3).
//       --write-docs puts the tables into docs/conformance.md: a run of sections 12-13 only
//       (--compression --cases 12.,13.) into the compression block, any other into the summary
//       block. Exits 1 when a client did not finish or a case FAILED.
//
//   node tools/autobahn.mjs --ws-server [--profile full|standard|small] [--compression] [--write-docs]
//       The fuzzing client (conformance/client.mjs) against ws's WebSocket.Server as the reference
//       echo server (with perMessageDeflate when --compression), as docs/conformance.md records it.
//       The plugin's own server will be run the same way, through conformance/cli-client.mjs.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const AUTOBAHN_RUNTIMES = ["lua5.1", "luajit", "lua5.3", "lua5.4", "wasmoon", "fengari"];
const NODE_HOSTED = ["wasmoon", "fengari"];
const CLIENT_SCRIPT = path.join(PROJECT_ROOT, "tools/autobahn-client.lua");
const DOCS_FILE = path.join(PROJECT_ROOT, "docs/conformance.md");
const SUMMARY_BEGIN = "<!-- summary:begin -->";
const SUMMARY_END = "<!-- summary:end -->";
const WS_SERVER_BEGIN = "<!-- ws-server:begin -->";
const WS_SERVER_END = "<!-- ws-server:end -->";
const COMPRESSION_BEGIN = "<!-- compression:begin -->";
const COMPRESSION_END = "<!-- compression:end -->";

/** `--cases 12.,13.` as a filter on case ids (prefixes), or undefined for every case. */
export function casePrefixFilter(list) {
  if (!list) return undefined;
  const prefixes = list.split(",").filter(Boolean);
  return (id) => prefixes.some((prefix) => id === prefix.replace(/\.$/, "") || id.startsWith(prefix.endsWith(".") ? prefix : prefix + "."));
}

/** True when every row played only compression cases (sections 12 and 13). */
export function onlyCompression(rows) {
  const cases = rows.flatMap((row) => row.report?.cases ?? []);
  return cases.length > 0 && cases.every((c) => /^1[23]\./.test(c.id));
}

/**
 * The command that runs a Lua script in `runtime`, with `require("plugin.websockets")` resolving to
 * the built plugin/websockets.lua (as test/support/runtimes.ts sets it up for the tests).
 */
export function luaCommand(runtime, script, args = []) {
  const luaPath = [path.dirname(script), PROJECT_ROOT].flatMap((d) => [`${d}/?.lua`, `${d}/?/init.lua`]).join(";") + ";;";
  const env = { ...process.env, LUA_PATH: luaPath, LUA_PATH_5_3: luaPath, LUA_PATH_5_4: luaPath };
  if (NODE_HOSTED.includes(runtime)) {
    return { command: process.execPath, args: [path.join(PROJECT_ROOT, "host/run-lua.mjs"), "--runtime", runtime, script, ...args], env };
  }
  return { command: runtime, args: [script, ...args], env };
}

export function isRuntimeInstalled(runtime) {
  if (NODE_HOSTED.includes(runtime)) return true;
  return spawnSync(runtime, ["-e", "os.exit(0)"], { stdio: "ignore" }).status === 0;
}

/**
 * Runs the Lua client once. Resolves with `{ code, output, durationMs }`; `onLine` sees each line the
 * client prints. `timeoutMs` kills a client that hangs.
 */
export function runAutobahnClient({ runtime, url, agent, onLine, timeoutMs = 30 * 60_000 }) {
  const { command, args, env } = luaCommand(runtime, CLIENT_SCRIPT, [url, agent]);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    let pending = "";
    const take = (chunk) => {
      const text = pending + chunk.toString("latin1");
      const lines = text.split("\n");
      pending = lines.pop();
      for (const line of lines) {
        output.push(line);
        onLine?.(line);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (pending) output.push(pending);
      resolve({ code: code ?? (signal ? 128 : 1), signal, output: output.join("\n"), durationMs: Math.round(performance.now() - started) });
    });
  });
}

/** The profile a runtime gets unless one is asked for: fengari is Lua in JavaScript, and slow. */
export function defaultProfileFor(runtime) {
  return runtime === "fengari" ? "small" : "full";
}

/**
 * Plays the whole suite for each runtime at once, each against its own server. Resolves with one
 * row per runtime: `{ runtime, profile, code, durationMs, report }`.
 */
export async function runAll({ runtimes, profile, timeScale, deadlineScale, compression = false, cases, compressionCount, onCase } = {}) {
  const { FuzzingServer } = await import("../conformance/server.mjs");
  return Promise.all(
    runtimes.map(async (runtime) => {
      const profileName = profile ?? defaultProfileFor(runtime);
      const server = new FuzzingServer({ profile: profileName, timeScale, deadlineScale, compression, cases, compressionCount });
      if (onCase) server.on("caseDone", (agent, testCase, result) => onCase(runtime, testCase, result));
      const url = await server.listen();
      try {
        const run = await runAutobahnClient({ runtime, url, agent: runtime });
        return { runtime, profile: profileName, code: run.code, output: run.output, durationMs: run.durationMs, report: server.reportFor(runtime) };
      } finally {
        await server.close();
      }
    }),
  );
}

// ---- the summary -----------------------------------------------------------------------------

const VERDICT_COLUMNS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"];

export function summaryTable(rows) {
  const lines = [
    `| runtime | profile | cases | ${VERDICT_COLUMNS.join(" | ")} | duration |`,
    `|---|---|---:|${VERDICT_COLUMNS.map(() => "---:").join("|")}|---:|`,
  ];
  for (const row of rows) {
    const s = row.report?.summary;
    if (!s) {
      lines.push(`| ${row.runtime} | ${row.profile} | – | ${VERDICT_COLUMNS.map(() => "–").join(" | ")} | client exited ${row.code} |`);
      continue;
    }
    lines.push(`| ${row.runtime} | ${row.profile} | ${s.run}/${s.cases} | ${VERDICT_COLUMNS.map((v) => s[v]).join(" | ")} | ${(row.durationMs / 1000).toFixed(1)} s |`);
  }
  return lines.join("\n");
}

/** Cases per section with each runtime's verdict counts ("301 OK" style cells: OK/NON-STRICT/...). */
export function sectionTable(rows) {
  const sections = [...new Set(rows.flatMap((row) => Object.keys(row.report?.summary.sections ?? {})))];
  const cell = (counts) =>
    counts ? VERDICT_COLUMNS.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`).join(", ") : "–";
  const lines = [
    `| section | cases | ${rows.map((row) => row.runtime).join(" | ")} |`,
    `|---|---:|${rows.map(() => "---").join("|")}|`,
  ];
  for (const section of sections) {
    const cases = Math.max(...rows.map((row) => row.report?.summary.sections[section]?.cases ?? 0));
    lines.push(`| ${section} | ${cases} | ${rows.map((row) => cell(row.report?.summary.sections[section])).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Every case with each runtime's verdict, in a collapsed block (301 rows). */
export function caseTable(rows) {
  const byRuntime = rows.map((row) => new Map((row.report?.cases ?? []).map((c) => [c.id, c])));
  const ids = [...new Set(rows.flatMap((row) => (row.report?.cases ?? []).map((c) => c.id)))];
  const lines = [
    "<details><summary>Every case, every runtime</summary>",
    "",
    `| case | ${rows.map((row) => row.runtime).join(" | ")} |`,
    `|---|${rows.map(() => "---").join("|")}|`,
    ...ids.map((id) => `| ${id} | ${byRuntime.map((cases) => cases.get(id)?.verdict ?? "–").join(" | ")} |`),
    "",
    "</details>",
  ];
  return lines.join("\n");
}

/** Every case that was not OK, grouped by case, with the runtimes it concerns and the reason. */
export function notOkList(rows) {
  const byCase = new Map();
  for (const row of rows) {
    for (const c of row.report?.cases ?? []) {
      if (c.verdict === "OK") continue;
      const key = `${c.id} ${c.verdict}`;
      if (!byCase.has(key)) byCase.set(key, { id: c.id, verdict: c.verdict, description: c.description.replace(/\.$/, ""), reason: `${c.reasons.join("; ")} (sent back: ${c.sentBack})`, runtimes: [] });
      byCase.get(key).runtimes.push(row.runtime);
    }
  }
  return [...byCase.values()].map((c) => `- ${c.id} **${c.verdict}** (${c.runtimes.join(", ")}): ${c.description}. ${c.reason}`);
}

/** Replaces what lies between two markers of docs/conformance.md. */
export function writeBetween(begin, end, body) {
  const current = fs.readFileSync(DOCS_FILE, "utf8");
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOCS_FILE} has no ${begin} ... ${end} section`);
  fs.writeFileSync(DOCS_FILE, current.slice(0, from) + [begin, body, end].join("\n") + current.slice(to + end.length));
}

/** The fuzzing client against ws's WebSocket.Server; one row like runAll's. */
export async function runAgainstWsServer({ profile = "full", compression = false } = {}) {
  const { WebSocketServer } = await import("ws");
  const { FuzzingClient } = await import("../conformance/client.mjs");
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024, perMessageDeflate: compression });
  wss.on("connection", (ws) => {
    ws.on("error", () => {});
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  const started = performance.now();
  try {
    const client = new FuzzingClient({ url: `ws://127.0.0.1:${wss.address().port}`, agent: "ws", profile, compression });
    const report = await client.run();
    return { runtime: compression ? "ws (perMessageDeflate)" : "ws", profile, code: 0, durationMs: Math.round(performance.now() - started), report };
  } finally {
    wss.close();
  }
}

function writeDocs(rows, command, [blockBegin, blockEnd] = [SUMMARY_BEGIN, SUMMARY_END]) {
  const when = new Date().toISOString().slice(0, 10);
  const notOk = notOkList(rows);
  const block = [
    blockBegin,
    `Last run: ${when}, \`${command}\` (all runtimes at once on one machine, so durations include sharing the CPU).`,
    "",
    summaryTable(rows),
    "",
    sectionTable(rows),
    "",
    notOk.length === 0 ? "Every case was OK in every runtime." : "Cases other than OK:\n\n" + notOk.join("\n"),
    "",
    caseTable(rows),
    blockEnd,
  ].join("\n");
  const current = fs.readFileSync(DOCS_FILE, "utf8");
  const begin = current.indexOf(blockBegin);
  const end = current.indexOf(blockEnd);
  if (begin < 0 || end < begin) throw new Error(`${DOCS_FILE} has no ${blockBegin} ... ${blockEnd} section`);
  fs.writeFileSync(DOCS_FILE, current.slice(0, begin) + block + current.slice(end + blockEnd.length));
}

// ---- command line ----------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      runtime: { type: "string" },
      url: { type: "string", default: "ws://127.0.0.1:9001" },
      agent: { type: "string" },
      all: { type: "boolean", default: false },
      runtimes: { type: "string" },
      profile: { type: "string" },
      "time-scale": { type: "string" },
      "deadline-scale": { type: "string" },
      compression: { type: "boolean", default: false },
      cases: { type: "string" },
      "compression-count": { type: "string" },
      "write-docs": { type: "boolean", default: false },
      "ws-server": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
    },
  });

  if (values["ws-server"]) {
    const row = await runAgainstWsServer({ profile: values.profile ?? "full", compression: values.compression });
    const command = `node tools/autobahn.mjs ${process.argv.slice(2).join(" ")}`;
    const body = [
      `Last run: ${new Date().toISOString().slice(0, 10)}, \`${command}\`.`,
      "",
      summaryTable([row]),
      "",
      sectionTable([row]),
      "",
      notOkList([row]).join("\n") || "Every case was OK.",
    ].join("\n");
    console.log(body);
    if (values["write-docs"]) writeBetween(WS_SERVER_BEGIN, WS_SERVER_END, body);
    process.exit(row.report.summary.FAILED > 0 ? 1 : 0);
  }

  if (values.all) {
    const wanted = values.runtimes ? values.runtimes.split(",") : AUTOBAHN_RUNTIMES;
    const missing = wanted.filter((r) => !isRuntimeInstalled(r));
    if (missing.length > 0) {
      console.error(`not installed: ${missing.join(", ")}`);
      process.exit(2);
    }
    const rows = await runAll({
      runtimes: wanted,
      profile: values.profile,
      timeScale: values["time-scale"] ? Number(values["time-scale"]) : undefined,
      deadlineScale: values["deadline-scale"] ? Number(values["deadline-scale"]) : undefined,
      compression: values.compression,
      cases: casePrefixFilter(values.cases),
      compressionCount: values["compression-count"] ? Number(values["compression-count"]) : undefined,
      onCase: values.quiet ? undefined : (runtime, testCase, result) => {
        if (result.verdict !== "OK" && result.verdict !== "INFORMATIONAL") console.log(`${runtime} ${testCase.id} ${result.verdict}: ${result.reasons.join("; ")}`);
      },
    });
    console.log(summaryTable(rows));
    console.log(sectionTable(rows));
    for (const row of rows) if (row.code !== 0) console.log(`\n${row.runtime} client exited ${row.code}:\n${row.output.split("\n").slice(-15).join("\n")}`);
    if (values["write-docs"]) {
      const markers = onlyCompression(rows) ? [COMPRESSION_BEGIN, COMPRESSION_END] : [SUMMARY_BEGIN, SUMMARY_END];
      writeDocs(rows, `node tools/autobahn.mjs ${process.argv.slice(2).join(" ")}`, markers);
      console.log(`summary written to ${path.relative(process.cwd(), DOCS_FILE)}`);
    }
    const failed = rows.some((row) => row.code !== 0 || !row.report || row.report.summary.FAILED > 0);
    process.exit(failed ? 1 : 0);
  }

  if (!AUTOBAHN_RUNTIMES.includes(values.runtime) || !values.agent) {
    console.error(`usage: autobahn.mjs --runtime ${AUTOBAHN_RUNTIMES.join("|")} --url URL --agent NAME\n       autobahn.mjs --all [--runtimes LIST] [--profile NAME] [--time-scale X] [--compression] [--cases PREFIXES] [--compression-count N] [--write-docs]`);
    process.exit(2);
  }
  const run = await runAutobahnClient({
    runtime: values.runtime,
    url: values.url,
    agent: values.agent,
    onLine: (line) => {
      if (!values.quiet || !line.startsWith("case ")) console.log(line);
    },
  });
  process.exit(run.code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
