#!/usr/bin/env node
// Core benchmarks: every core benchmark script (bench/*.lua except the end-to-end helpers, e2e-*.lua)
// in every Lua runtime, one after another so they never compete for the CPU, as one table.
//
//   node bench/run.mjs                       full sizes; rewrites the core section of docs/benchmarks.md
//   node bench/run.mjs --quick               tiny sizes, one round: proves every script runs; prints only
//   node bench/run.mjs --runtime lua5.1 --runtime luajit    only these runtimes; prints only
//   node bench/run.mjs --no-write            prints only
//
// It runs the built plugin (plugin/websockets.lua) and builds nothing: `npm run bench` builds first.
//
// A core benchmark script runs in every runtime with `require("plugin.websockets")` available. It
// receives `--quick` (tiny sizes, one round) and, in runtimes much slower than the others (fengari),
// `--small` (smaller inputs). It prints, one per line, anything among:
//   BENCH <name> <value> <unit>         a measurement (best of its rounds, CPU time via os.clock)
//   TARGET <name> <runtime> <minimum>   the figure this project promises for <name> on <runtime>
//   NOTE <name> <text>                  context for the table, such as the strategy or the input size
// Other lines are ignored. A script that exits with an error or prints no BENCH line fails the run.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(BENCH_DIR, "..");
const DOCS = path.join(PROJECT_ROOT, "docs/benchmarks.md");
const BEGIN = "<!-- core:begin -->";
const END = "<!-- core:end -->";

export const RUNTIMES = ["lua5.1", "luajit", "lua5.3", "lua5.4", "wasmoon", "fengari"];
const NODE_HOSTED = ["wasmoon", "fengari"];
/** Runtimes whose Lua is interpreted by JavaScript: scripts get `--small` there. */
const SLOW = ["fengari"];
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

/** The core benchmark scripts, in a stable order. */
export function coreScripts() {
  return fs
    .readdirSync(BENCH_DIR)
    .filter((name) => name.endsWith(".lua") && !name.startsWith("e2e-"))
    .sort()
    .map((name) => path.join(BENCH_DIR, name));
}

function isInstalled(runtime) {
  if (NODE_HOSTED.includes(runtime)) return true;
  return spawnSync(runtime, ["-e", "os.exit(0)"], { stdio: "ignore" }).status === 0;
}

function commandFor(runtime, script, args) {
  const luaPath = [BENCH_DIR, PROJECT_ROOT].flatMap((d) => [`${d}/?.lua`, `${d}/?/init.lua`]).join(";") + ";;";
  const env = { ...process.env, LUA_PATH: luaPath, LUA_PATH_5_3: luaPath, LUA_PATH_5_4: luaPath };
  if (NODE_HOSTED.includes(runtime)) {
    return { command: process.execPath, args: [path.join(PROJECT_ROOT, "host/run-lua.mjs"), "--runtime", runtime, script, ...args], env };
  }
  return { command: runtime, args: [script, ...args], env };
}

function runScript(runtime, script, args) {
  const { command, args: argv, env } = commandFor(runtime, script, args);
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), SCRIPT_TIMEOUT_MS);
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout: "", stderr: String(e) });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed by ${signal}` : code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

/** The BENCH, TARGET and NOTE lines of one script's output. */
export function parseOutput(stdout) {
  const figures = [];
  const targets = [];
  const notes = [];
  for (const line of stdout.split(/\r?\n/)) {
    const words = line.trim().split(/\s+/);
    if (words[0] === "BENCH" && words.length >= 4 && Number.isFinite(Number(words[2]))) {
      figures.push({ name: words[1], value: Number(words[2]), unit: words.slice(3).join(" ") });
    } else if (words[0] === "TARGET" && words.length === 4 && Number.isFinite(Number(words[3]))) {
      targets.push({ name: words[1], runtime: words[2], minimum: Number(words[3]) });
    } else if (words[0] === "NOTE" && words.length >= 3) {
      notes.push({ name: words[1], text: words.slice(2).join(" ") });
    }
  }
  return { figures, targets, notes };
}

function formatValue(value) {
  if (value >= 100) return String(Math.round(value));
  return value.toFixed(1);
}

/**
 * One table: a row per measurement (and per note), a column per runtime. `results` holds, per
 * runtime, its parsed output or the reason it has none.
 */
export function renderTable(runtimes, results) {
  const rows = new Map(); // row label -> Map(runtime -> cell)
  const cell = (label, runtime, text) => {
    if (!rows.has(label)) rows.set(label, new Map());
    rows.get(label).set(runtime, text);
  };
  for (const runtime of runtimes) {
    const result = results.get(runtime);
    if (!result || result.missing) continue;
    for (const note of result.notes) cell(note.name, runtime, note.text);
    for (const figure of result.figures) cell(`${figure.name} (${figure.unit})`, runtime, formatValue(figure.value));
  }
  const lines = [`| measurement | ${runtimes.join(" | ")} |`, `|---|${runtimes.map(() => "---:").join("|")}|`];
  for (const [label, cells] of rows) {
    lines.push(`| ${label} | ${runtimes.map((r) => cells.get(r) ?? (results.get(r)?.missing ? "not installed" : "–")).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Each target against its measurement: met, missed, or not measured. */
export function renderTargets(results) {
  const lines = [];
  const seen = new Set();
  for (const result of results.values()) {
    for (const target of result.targets ?? []) {
      const key = `${target.name} ${target.runtime}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const measured = results.get(target.runtime);
      const figure = measured?.figures?.find((f) => f.name === target.name);
      const verdict = !figure
        ? "not measured"
        : figure.value >= target.minimum
          ? `met (${formatValue(figure.value)})`
          : `**missed** (${formatValue(figure.value)})`;
      const unit = figure ? ` ${figure.unit}` : "";
      lines.push(`- ${target.name} on ${target.runtime}: at least ${target.minimum}${unit}: ${verdict}`);
    }
  }
  return lines.join("\n");
}

/** `document` with the text between the core markers replaced (markers added at the end if absent). */
export function rewriteCoreSection(document, content) {
  const section = `${BEGIN}\n${content.trim()}\n${END}`;
  const begin = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (begin === -1 || end === -1 || end < begin) return `${document.trimEnd()}\n\n${section}\n`;
  return document.slice(0, begin) + section + document.slice(end + END.length);
}

function sectionText(table, targets, date) {
  return [
    `Measured ${date} by \`npm run bench\` (bench/run.mjs) on this project's development machine: 2 cores,`,
    "shared with other work, so figures vary by about ±30% from run to run. Each figure is the best of",
    "several rounds of CPU time (`os.clock`), measured on the built plugin. fengari, whose Lua runs in",
    "JavaScript, gets smaller inputs (`--small`).",
    "",
    table,
    "",
    "Targets:",
    "",
    targets || "- none declared",
  ].join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      runtime: { type: "string", multiple: true },
      "no-write": { type: "boolean", default: false },
    },
  });
  const runtimes = values.runtime ?? RUNTIMES;
  for (const r of runtimes) {
    if (!RUNTIMES.includes(r)) {
      console.error(`unknown runtime '${r}' (expected one of ${RUNTIMES.join(", ")})`);
      process.exit(2);
    }
  }
  if (!fs.existsSync(path.join(PROJECT_ROOT, "plugin/websockets.lua"))) {
    console.error("plugin/websockets.lua is missing: run `npm run build` first (or `npm run bench`)");
    process.exit(2);
  }
  const scripts = coreScripts();
  const results = new Map();
  let failed = false;
  for (const runtime of runtimes) {
    if (!isInstalled(runtime)) {
      console.error(`${runtime}: not installed, skipped`);
      results.set(runtime, { missing: true, figures: [], targets: [], notes: [] });
      continue;
    }
    const merged = { figures: [], targets: [], notes: [] };
    for (const script of scripts) {
      const args = [...(values.quick ? ["--quick"] : []), ...(SLOW.includes(runtime) ? ["--small"] : [])];
      const name = path.basename(script);
      const started = Date.now();
      const run = await runScript(runtime, script, args);
      const parsed = parseOutput(run.stdout);
      if (run.code !== 0 || parsed.figures.length === 0) {
        failed = true;
        console.error(`${runtime} ${name}: failed (exit ${run.code})\n${run.stderr.trim()}`);
      } else {
        console.error(`${runtime} ${name}: ${parsed.figures.length} figures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      merged.figures.push(...parsed.figures);
      merged.targets.push(...parsed.targets);
      merged.notes.push(...parsed.notes);
    }
    results.set(runtime, merged);
  }

  const table = renderTable(runtimes, results);
  // Quick runs measure nothing worth comparing with a target.
  const targets = values.quick ? "" : renderTargets(results);
  console.log(table);
  if (targets) console.log(`\n${targets}`);

  const partial = values.runtime !== undefined;
  if (!values.quick && !values["no-write"] && !partial && !failed) {
    const document = fs.existsSync(DOCS) ? fs.readFileSync(DOCS, "utf8") : `# Benchmarks\n\n## Core\n\n${BEGIN}\n${END}\n`;
    const date = new Date().toISOString().slice(0, 10);
    fs.writeFileSync(DOCS, rewriteCoreSection(document, sectionText(table, targets, date)));
    console.error(`wrote the core section of ${path.relative(PROJECT_ROOT, DOCS)}`);
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
