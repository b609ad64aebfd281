#!/usr/bin/env node
// The plugin's Autobahn server runner (SPEC section 5):
//
//   node tools/autobahn-server.mjs --runtime RUNTIME --port N [--host 127.0.0.1]
//       Runs tools/autobahn-server.lua in RUNTIME (lua5.1, luajit, lua5.3, lua5.4, wasmoon, fengari): the
//       plugin's server as an echo server for an Autobahn|TestSuite-compatible fuzzing client (our
//       own: `node conformance/cli-client.mjs --url ws://127.0.0.1:N`), until SIGINT or SIGTERM.
//       Prints "listening on HOST:PORT" once it listens; exits 1 when it cannot listen.
//
//   node tools/autobahn-server.mjs --fuzz [--runtimes lua5.1,luajit] [--profile full|standard|small]
//                                  [--deadline-scale X] [--compression] [--cases 12.,13.]
//                                  [--compression-count N] [--write-docs]
//       Starts the server in each runtime and plays the fuzzing client (conformance/client.mjs)
//       against each at the same time; prints the tables and with --write-docs puts them into
//       docs/conformance.md ("Results: the plugin's server"). Profiles as for the client runner
//       (fengari "small" unless --profile says otherwise), each runtime's fuzzing client in a worker
//       thread of its own (tools/autobahn-fuzz-worker.mjs); --deadline-scale lengthens the cases
//       deadlines, so that a machine busy with six servers at once does not turn a slow echo into
//       a FAILED (an answer in time ends a case at once anyway). --compression, --cases and
//       --compression-count as for the client runner; a run of sections 12-13 only goes into the
//       block "compression-server" instead. Exits 1 when a case FAILED.
import { spawn } from "node:child_process";
import { Worker } from "node:worker_threads";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { AUTOBAHN_RUNTIMES, caseTable, defaultProfileFor, isRuntimeInstalled, luaCommand, notOkList, onlyCompression, PROJECT_ROOT, sectionTable, summaryTable, writeBetween } from "./autobahn.mjs";

const SERVER_BEGIN = "<!-- plugin-server:begin -->";
const SERVER_END = "<!-- plugin-server:end -->";
const COMPRESSION_BEGIN = "<!-- compression-server:begin -->";
const COMPRESSION_END = "<!-- compression-server:end -->";

const SERVER_SCRIPT = path.join(PROJECT_ROOT, "tools/autobahn-server.lua");

/** Starts the echo server; resolves with the child and the port once it listens. */
export function startAutobahnServer({ runtime, port = 0, host = "127.0.0.1", onLine }) {
  const { command, args, env } = luaCommand(runtime, SERVER_SCRIPT, [`port=${port}`, `host=${host}`]);
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const listening = new Promise((resolve, reject) => {
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (text) => {
      const lines = (partial + text).split("\n");
      partial = lines.pop();
      for (const line of lines) {
        onLine?.(line);
        const found = /^listening on .*:(\d+)$/.exec(line);
        if (found) resolve(Number(found[1]));
        if (line.startsWith("cannot listen")) reject(new Error(line));
      }
    });
    child.stderr.setEncoding("utf8").on("data", (text) => onLine?.(text.trimEnd()));
    child.on("close", (code) => reject(new Error(`the ${runtime} server exited ${code}`)));
  });
  listening.catch(() => {});
  return { child, listening };
}

/**
 * The fuzzing client against the plugin's server in each runtime, all at once: one row each. Each
 * runtime's fuzzing client runs in a worker thread of its own (tools/autobahn-fuzz-worker.mjs).
 */
async function fuzzAll({ runtimes, profile, deadlineScale, compression, cases, compressionCount }) {
  return Promise.all(runtimes.map(async (runtime) => {
    const { child, listening } = startAutobahnServer({ runtime, port: 0 });
    const chosen = profile ?? defaultProfileFor(runtime);
    try {
      const port = await listening;
      const started = performance.now();
      const worker = new Worker(new URL("./autobahn-fuzz-worker.mjs", import.meta.url), {
        workerData: { url: `ws://127.0.0.1:${port}`, agent: runtime, profile: chosen, deadlineScale, compression, cases, compressionCount },
      });
      const report = await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the ${runtime} fuzzing worker exited ${code}`)));
      });
      await worker.terminate();
      return { runtime, profile: chosen, code: 0, durationMs: Math.round(performance.now() - started), report };
    } finally {
      child.kill("SIGKILL");
    }
  }));
}

async function main() {
  const { values } = parseArgs({
    options: {
      runtime: { type: "string" },
      port: { type: "string", default: "9002" },
      host: { type: "string", default: "127.0.0.1" },
      fuzz: { type: "boolean", default: false },
      runtimes: { type: "string" },
      profile: { type: "string" },
      "deadline-scale": { type: "string" },
      compression: { type: "boolean", default: false },
      cases: { type: "string" },
      "compression-count": { type: "string" },
      "write-docs": { type: "boolean", default: false },
    },
  });
  if (values.fuzz) {
    const runtimes = (values.runtimes ? values.runtimes.split(",") : AUTOBAHN_RUNTIMES).filter(isRuntimeInstalled);
    const deadlineScale = values["deadline-scale"] ? Number(values["deadline-scale"]) : undefined;
    const rows = await fuzzAll({
      runtimes,
      profile: values.profile,
      deadlineScale,
      compression: values.compression,
      cases: values.cases,
      compressionCount: values["compression-count"] ? Number(values["compression-count"]) : undefined,
    });
    const command = `node tools/autobahn-server.mjs ${process.argv.slice(2).join(" ")}`;
    const notOk = notOkList(rows);
    const body = [
      `Last run: ${new Date().toISOString().slice(0, 10)}, \`${command}\` (all runtimes at once on one machine, so durations include sharing the CPU).`,
      "",
      summaryTable(rows),
      "",
      sectionTable(rows),
      "",
      notOk.length === 0 ? "Every case was OK in every runtime." : "Cases other than OK:\n\n" + notOk.join("\n"),
      "",
      caseTable(rows),
    ].join("\n");
    console.log(body);
    if (values["write-docs"]) {
      if (onlyCompression(rows)) writeBetween(COMPRESSION_BEGIN, COMPRESSION_END, body);
      else writeBetween(SERVER_BEGIN, SERVER_END, body);
    }
    process.exit(rows.some((row) => row.report.summary.FAILED > 0) ? 1 : 0);
  }
  if (!AUTOBAHN_RUNTIMES.includes(values.runtime)) {
    console.error(`usage: autobahn-server.mjs --runtime ${AUTOBAHN_RUNTIMES.join("|")} --port N [--host ADDRESS]`);
    process.exit(2);
  }
  const { child, listening } = startAutobahnServer({ runtime: values.runtime, port: Number(values.port), host: values.host, onLine: (line) => console.log(line) });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await listening;
  } catch (error) {
    console.error(error.message);
    child.kill("SIGKILL");
    process.exit(1);
  }
  child.on("close", () => process.exit(0));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main();
}
