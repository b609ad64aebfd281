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
//                     [--scenario binary --scenario pipelined]
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
const WRAPPER = path.join(BENCH_DIR, "e2e-cpu.lua");
const COUNTS = { binary: 16, pipelined: 20_000, roundtrip: 2_000, text: 8 };

/** A folder holding `file` as plugin/websockets.lua, for LUA_PATH. */
function stage(file, name, root) {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, "plugin"), { recursive: true });
  fs.copyFileSync(file, path.join(dir, "plugin/websockets.lua"));
  return dir;
}

async function run(runtime, dir, scenario, url) {
  const luaPath = [dir, BENCH_DIR].map((d) => `${d}/?.lua`).join(";") + ";;";
  const env = { ...process.env, LUA_PATH: luaPath, LUA_PATH_5_3: luaPath, LUA_PATH_5_4: luaPath };
  const run = await runForResult(runtime, [WRAPPER, scenario, url, String(COUNTS[scenario])], { cwd: dir, env });
  const cpu = run.output && /^CPU seconds=([\d.]+) load=([\d.]+)$/m.exec(run.output);
  if (run.error || !cpu) return { error: run.error ?? "no CPU line" };
  return { cpu: Number(cpu[1]), load: Number(cpu[2]), wall: Number(run.fields.seconds) };
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
    },
  });
  if (!values.old) {
    console.error("usage: node bench/ab.mjs --old OLD/plugin/websockets.lua [--new NEW.lua] [--runtime lua5.1] [--rounds N] [--scenario S]");
    process.exit(2);
  }
  const scenarios = values.scenario ?? ["binary", "pipelined"];
  const rounds = Number(values.rounds);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ws-ab-"));
  const builds = { old: stage(values.old, "old", root), new: stage(values.new, "new", root) };
  const { server, url } = await startEchoServer();
  const samples = {};
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
      `| ${scenario} (${COUNTS[scenario]}) | ${mo.toFixed(3)} / ${Math.min(...cpu(old)).toFixed(3)} | ${mn.toFixed(3)} / ${Math.min(...cpu(fresh)).toFixed(3)} | ${(mn / mo).toFixed(2)} | ${median(wall(old)).toFixed(3)} | ${median(wall(fresh)).toFixed(3)} |`,
    );
  }
  console.log(`loading the plugin file, CPU s (median): old ${median(loads("old")).toFixed(4)}, new ${median(loads("new")).toFixed(4)} (not counted above)`);
  process.exit(0);
}

await main();
