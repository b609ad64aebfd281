#!/usr/bin/env node
// A/B throughput of two builds of plugin/websockets.lua on the same echo server, interleaved, so a
// shared machine's load falls on both alike: every round runs each scenario with the old build, then
// with the new one (the order alternating from round to round), each in a fresh Lua process, and
// counts that process's CPU time after the plugin has loaded (os.clock, bench/e2e-cpu.lua; loading
// the file is shown apart) besides the client's own wall-clock figure. The old build is any plugin/websockets.lua, e.g. one built from an earlier commit outside
// this checkout; it is never needed in git.
//
//   node bench/ab.mjs --old /tmp/first-release/plugin/websockets.lua
//   node bench/ab.mjs --old OLD.lua [--new NEW.lua] [--runtime lua5.1] [--rounds 7]
//                     [--scenario binary --scenario pipelined] [--instructions] [--times 4]
//
// --instructions counts machine instructions instead of timing (valgrind's callgrind, the
// interpreter's whole process less a process that only loads the plugin file): a count that a busy
// machine does not move, where CPU times swing by 20% from round to round on a shared machine. The
// count is close to deterministic (the network splits the reads a little differently each run), so
// 1-3 rounds do. For the interpreters run directly (lua5.1, luajit, lua5.3, lua5.4), and slow: about
// 50 times the run's CPU time.
//
// wasmoon and fengari run through the Node host and are timed by the client's own wall clock.
//
// Scenarios are bench/e2e-client.lua's: binary (16 x 1 MiB binary echoes, one in flight) and
// pipelined (20,000 32-byte text messages, 100 in flight) by default. Prints per scenario the median
// and best CPU seconds of each build and new/old as a ratio (< 1: the new build is cheaper).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { startEchoServer } from "./e2e.mjs";
import { runForResult } from "./result-line.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(BENCH_DIR, "..");
const NODE_HOSTED = ["wasmoon", "fengari"];
const COUNTS = { binary: 16, pipelined: 20_000, roundtrip: 2_000, text: 8 };
/** --times N: every scenario N times as long (the counts above scaled), for runtimes whose short runs
 *  are too noisy to compare. */
let TIMES = 1;
const countOf = (scenario) => String(COUNTS[scenario] * TIMES);

/** A folder holding `file` as plugin/websockets.lua, for LUA_PATH, and the clients beside it: the
 *  Node-hosted runtimes look for modules in the script's own folder first. */
function stage(file, name, root) {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, "plugin"), { recursive: true });
  fs.copyFileSync(file, path.join(dir, "plugin/websockets.lua"));
  for (const client of ["e2e-cpu.lua", "e2e-client.lua"]) fs.copyFileSync(path.join(BENCH_DIR, client), path.join(dir, client));
  return dir;
}

/** The command that runs `script args` in `runtime`: the interpreter, or the Node host for wasmoon. */
function commandFor(runtime, script, args) {
  if (NODE_HOSTED.includes(runtime)) return [process.execPath, [path.join(PROJECT_ROOT, "host/run-lua.mjs"), "--runtime", runtime, script, ...args]];
  return [runtime, [script, ...args]];
}

function luaEnv(dir) {
  const luaPath = [dir, BENCH_DIR].map((d) => `${d}/?.lua`).join(";") + ";;";
  return { ...process.env, LUA_PATH: luaPath, LUA_PATH_5_3: luaPath, LUA_PATH_5_4: luaPath };
}

async function run(runtime, dir, scenario, url) {
  // The Node-hosted runtimes cannot dofile the client from the CPU wrapper (their Lua reads files
  // only through require) and their os.clock counts the whole Node process: there the client runs
  // alone and its own wall-clock seconds stand for both figures.
  const hosted = NODE_HOSTED.includes(runtime);
  const script = path.join(dir, hosted ? "e2e-client.lua" : "e2e-cpu.lua");
  const [command, args] = commandFor(runtime, script, [scenario, url, countOf(scenario)]);
  const run = await runForResult(command, args, { cwd: dir, env: luaEnv(dir) });
  if (hosted && !run.error) {
    const seconds = Number(run.fields.seconds);
    return { cpu: seconds, load: 0, wall: seconds };
  }
  const cpu = run.output && /^CPU seconds=([\d.]+) load=([\d.]+)$/m.exec(run.output);
  if (run.error || !cpu) return { error: run.error ?? "no CPU line" };
  return { cpu: Number(cpu[1]), load: Number(cpu[2]), wall: Number(run.fields.seconds) };
}

const CALLGRIND = ["--tool=callgrind", "--callgrind-out-file=/dev/null"];

/** Machine instructions of `runtime args` from start to exit, as callgrind counts them. */
async function countInstructions(runtime, dir, args) {
  const run = await runForResult("valgrind", [...CALLGRIND, runtime, ...args], { cwd: dir, env: luaEnv(dir) });
  const collected = run.output && /Collected : (\d+)/.exec(run.output);
  if (run.error || !collected) return { error: run.error ?? "no instruction count" };
  return { instructions: Number(collected[1]) };
}

/** A process that loads the plugin file and stops: what every count below has in it besides the run. */
const LOAD_ONLY = ["-e", 'require("plugin.websockets") print("RESULT scenario=load")'];

async function countRun(runtime, dir, scenario, url, loaded) {
  const r = await countInstructions(runtime, dir, [path.join(dir, "e2e-cpu.lua"), scenario, url, countOf(scenario)]);
  return r.error ? r : { instructions: r.instructions - loaded };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const { values } = parseArgs({
    options: {
      old: { type: "string" },
      new: { type: "string", default: path.join(PROJECT_ROOT, "plugin/websockets.lua") },
      runtime: { type: "string", default: "lua5.1" },
      rounds: { type: "string", default: "7" },
      scenario: { type: "string", multiple: true },
      instructions: { type: "boolean", default: false },
      times: { type: "string", default: "1" },
    },
  });
  if (!values.old) {
    console.error("usage: node bench/ab.mjs --old OLD/plugin/websockets.lua [--new NEW.lua] [--runtime lua5.1] [--rounds N] [--scenario S]");
    process.exit(2);
  }
  const scenarios = values.scenario ?? ["binary", "pipelined"];
  TIMES = Number(values.times);
  const rounds = Number(values.rounds);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ws-ab-"));
  const builds = { old: stage(values.old, "old", root), new: stage(values.new, "new", root) };
  const { server, url } = await startEchoServer();
  const samples = {};
  if (values.instructions) {
    try {
      await compareInstructions(values.runtime, builds, scenarios, rounds, url);
    } finally {
      for (const c of server.clients) c.terminate();
      server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
    process.exit(0);
  }
  try {
    for (let round = 0; round < rounds; round++) {
      for (const scenario of scenarios) {
        const order = round % 2 === 0 ? ["old", "new"] : ["new", "old"];
        for (const which of order) {
          const r = await run(values.runtime, builds[which], scenario, url);
          if (r.error) throw new Error(`${which} ${scenario}: ${r.error}`);
          ((samples[scenario] ??= { old: [], new: [] })[which]).push(r);
        }
      }
      console.log(`round ${round + 1}/${rounds} done`);
    }
  } finally {
    for (const c of server.clients) c.terminate();
    server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n${values.runtime}, ${rounds} interleaved rounds, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log("| scenario | old CPU s (median / best) | new CPU s (median / best) | new/old (median) | old wall s | new wall s |");
  console.log("|---|---:|---:|---:|---:|---:|");
  const loads = (which) => scenarios.flatMap((s) => samples[s][which].map((r) => r.load));
  for (const scenario of scenarios) {
    const { old, new: fresh } = samples[scenario];
    const cpu = (xs) => xs.map((r) => r.cpu);
    const wall = (xs) => xs.map((r) => r.wall);
    const mo = median(cpu(old));
    const mn = median(cpu(fresh));
    console.log(
      `| ${scenario} (${countOf(scenario)}) | ${mo.toFixed(3)} / ${Math.min(...cpu(old)).toFixed(3)} | ${mn.toFixed(3)} / ${Math.min(...cpu(fresh)).toFixed(3)} | ${(mn / mo).toFixed(2)} | ${median(wall(old)).toFixed(3)} | ${median(wall(fresh)).toFixed(3)} |`,
    );
  }
  console.log(`loading the plugin file, CPU s (median): old ${median(loads("old")).toFixed(4)}, new ${median(loads("new")).toFixed(4)} (not counted above)`);
  process.exit(0);
}

/** The --instructions report: per scenario the median count of each build and new/old. */
async function compareInstructions(runtime, builds, scenarios, rounds, url) {
  const loaded = {};
  for (const which of ["old", "new"]) {
    const r = await countInstructions(runtime, builds[which], LOAD_ONLY);
    if (r.error) throw new Error(`${which} load: ${r.error}`);
    loaded[which] = r.instructions;
  }
  const samples = {};
  for (let round = 0; round < rounds; round++) {
    for (const scenario of scenarios) {
      const order = round % 2 === 0 ? ["old", "new"] : ["new", "old"];
      for (const which of order) {
        const r = await countRun(runtime, builds[which], scenario, url, loaded[which]);
        if (r.error) throw new Error(`${which} ${scenario}: ${r.error}`);
        ((samples[scenario] ??= { old: [], new: [] })[which]).push(r.instructions);
      }
    }
    console.log(`round ${round + 1}/${rounds} done`);
  }
  const millions = (n) => (n / 1e6).toFixed(1);
  console.log(`\n${runtime}, ${rounds} round(s), machine instructions (callgrind), loading the plugin file excluded`);
  console.log("| scenario | old (millions) | new (millions) | new/old |");
  console.log("|---|---:|---:|---:|");
  for (const scenario of scenarios) {
    const mo = median(samples[scenario].old);
    const mn = median(samples[scenario].new);
    console.log(`| ${scenario} (${countOf(scenario)}) | ${millions(mo)} | ${millions(mn)} | ${(mn / mo).toFixed(3)} |`);
  }
  console.log(`loading the plugin file (millions): old ${millions(loaded.old)}, new ${millions(loaded.new)} (not counted above)`);
}

await main();
