// The plugin against the fuzzing server, in every runtime the Autobahn runner supports, through the
// runner itself (`npm run autobahn` = tools/autobahn.mjs): all 301 cases of Autobahn's sections
// 1-7, 9 and 10, none FAILED and none NON-STRICT. Runtimes play
// at the same time, each against its own server. LuaJIT, the fastest, plays Autobahn's full sizes
// (messages up to 16 MiB, 1,000 round trips); lua5.1, lua5.4 and wasmoon the "standard" profile
// (section 9 at 1/16), lua5.3 and fengari the "small" one (1/64), which keeps the file near half a minute
// (docs/conformance.md says why). `node tools/autobahn.mjs --all --write-docs` records the full run.
// Sections 12 and 13 (permessage-deflate, 216 cases) run for LuaJIT against a server of their own
// with one message per case (their sizes unchanged), so they add seconds, not minutes;
// `node tools/autobahn.mjs --all --compression --cases 12.,13. --compression-count 2 --write-docs`
// records them for every runtime (docs/conformance.md).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { FuzzingServer } from "../conformance/server.mjs";
import { PROJECT_ROOT, runtimesToTest, type Runtime } from "./support/runtimes";

const AUTOBAHN_RUNTIMES: Runtime[] = ["lua5.1", "luajit", "lua5.3", "lua5.4", "wasmoon", "fengari"];
const RUNNER = path.join(PROJECT_ROOT, "tools/autobahn.mjs");
const RUN_TIMEOUT_MS = 120_000;

interface CaseResult {
  id: string;
  verdict: "OK" | "NON-STRICT" | "INFORMATIONAL" | "UNIMPLEMENTED" | "FAILED";
  description: string;
  reasons: string[];
}

/**
 * Per runtime: the profile, the fixed waits (5.19, 5.20, 6.4) at half the suite's (fengari, some 20
 * times slower, at the suite's), and the deadlines lengthened (a busy machine must not turn a slow
 * echo into a FAILED; an answer in time ends a case at once anyway).
 */
const SETTINGS: Record<string, { profile: string; timeScale: number; deadlineScale: number }> = {
  luajit: { profile: "full", timeScale: 0.5, deadlineScale: 3 },
  fengari: { profile: "small", timeScale: 1, deadlineScale: 6 },
  // Added last and kept cheap: section 9 at 1/64 (the docs run plays it at full size).
  "lua5.3": { profile: "small", timeScale: 0.5, deadlineScale: 3 },
};
const DEFAULT_SETTINGS = { profile: "standard", timeScale: 0.5, deadlineScale: 3 };

/** The suite's own INFORMATIONAL cases: behaviour the RFC leaves open. */
const INFORMATIONAL = ["7.1.6", "7.13.1", "7.13.2"];

/** `node tools/autobahn.mjs --runtime R --url U --agent R`, to completion. */
function runRunner(runtime: Runtime, url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, "--runtime", runtime, "--url", url, "--agent", runtime, "--quiet"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => output.push(b));
    child.stderr.on("data", (b: Buffer) => output.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(output).toString("latin1") });
    });
  });
}

const servers: FuzzingServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** Every runtime starts at once; each test below awaits its own. */
/** The compression sections, LuaJIT only: every case OK. */
const COMPRESSION_RUNTIME: Runtime = "luajit";
const compressionRun = runtimesToTest([COMPRESSION_RUNTIME]).map((runtime) => {
  const server = new FuzzingServer({
    ...DEFAULT_SETTINGS,
    compression: true,
    compressionCount: 1,
    cases: (id: string) => id.startsWith("12.") || id.startsWith("13."),
  });
  servers.push(server);
  const done = server.listen().then((url: string) => runRunner(runtime, url));
  done.catch(() => {});
  return { runtime, server, done };
});

const runs = new Map(
  runtimesToTest(AUTOBAHN_RUNTIMES).map((runtime) => {
    const server = new FuzzingServer(SETTINGS[runtime] ?? DEFAULT_SETTINGS);
    servers.push(server);
    const done = server.listen().then((url: string) => runRunner(runtime, url));
    done.catch(() => {}); // reported by the runtime's own test
    return [runtime, { server, done }] as const;
  }),
);

describe("Autobahn conformance", () => {
  for (const [runtime, { server, done }] of runs) {
    it(`${runtime} (${server.profile.name} profile): 301 cases, none FAILED, none NON-STRICT`, { timeout: RUN_TIMEOUT_MS + 10_000 }, async () => {
      const run = await done;
      expect(run.code, `the runner exited ${run.code}:\n${run.output.slice(-2000)}`).toBe(0);
      const report = server.reportFor(runtime);
      expect(report.updatedAt, "the runner never asked for /updateReports").not.toBeNull();
      expect(server.cases.length).toBe(301);
      expect(report.summary.run).toBe(301);
      const cases = report.cases as CaseResult[];
      const failed = cases.filter((c) => c.verdict === "FAILED").map((c) => `${c.id} ${c.description}: ${c.reasons.join("; ")}`);
      expect(failed).toEqual([]);
      // A valid message followed in one read by a frame the core refuses (3.2-3.4, 4.1.3-4.1.5,
      // 4.2.3-4.2.5, 5.15) is echoed before the failure takes effect: failures keep their place in
      // event order, so no case is NON-STRICT, however TCP cuts the bytes.
      expect(cases.filter((c) => c.verdict === "NON-STRICT").map((c) => c.id)).toEqual([]);
      expect(cases.filter((c) => c.verdict === "INFORMATIONAL").map((c) => c.id)).toEqual(INFORMATIONAL);
      expect(cases.filter((c) => c.verdict === "UNIMPLEMENTED")).toEqual([]);
    });
  }
  for (const { runtime, server, done } of compressionRun) {
    it(`${runtime}: sections 12 and 13 (permessage-deflate), one message per case, every case OK`, { timeout: RUN_TIMEOUT_MS + 10_000 }, async () => {
      const run = await done;
      expect(run.code, `the runner exited ${run.code}:\n${run.output.slice(-2000)}`).toBe(0);
      const cases = server.reportFor(runtime).cases as CaseResult[];
      expect(cases.length).toBe(216);
      const notOk = cases.filter((c) => c.verdict !== "OK").map((c) => `${c.id} ${c.verdict} ${c.description}: ${c.reasons.join("; ")}`);
      expect(notOk).toEqual([]);
    });
  }
});
