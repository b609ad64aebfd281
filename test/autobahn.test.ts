// The plugin against the conformance server, in every runtime the Autobahn runner supports, through
// the runner itself (`npm run autobahn` = tools/autobahn.mjs): no case may be FAILED. Runtimes play
// at the same time, each against its own server; native Lua and wasmoon get the "standard" profile
// (messages up to 2 MiB), fengari the "small" one, which keeps the whole file well under a minute.
// `node tools/autobahn.mjs --all --write-docs` runs the full profile and records it in
// docs/conformance.md.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { FuzzingServer } from "../conformance/server.mjs";
import { PROJECT_ROOT, runtimesToTest, type Runtime } from "./support/runtimes";

const AUTOBAHN_RUNTIMES: Runtime[] = ["lua5.1", "luajit", "lua5.4", "wasmoon", "fengari"];
const RUNNER = path.join(PROJECT_ROOT, "tools/autobahn.mjs");
const RUN_TIMEOUT_MS = 90_000;

interface CaseResult {
  id: string;
  verdict: "OK" | "NON-STRICT" | "FAILED";
  description: string;
  reasons: string[];
}

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
const runs = new Map(
  runtimesToTest(AUTOBAHN_RUNTIMES).map((runtime) => {
    const server = new FuzzingServer({ profile: runtime === "fengari" ? "small" : "standard" });
    servers.push(server);
    const done = server.listen().then((url: string) => runRunner(runtime, url));
    done.catch(() => {}); // reported by the runtime's own test
    return [runtime, { server, done }] as const;
  }),
);

describe("Autobahn conformance", () => {
  for (const [runtime, { server, done }] of runs) {
    it(`${runtime}: every case is OK or NON-STRICT`, { timeout: RUN_TIMEOUT_MS + 10_000 }, async () => {
      const run = await done;
      expect(run.code, `the runner exited ${run.code}:\n${run.output.slice(-2000)}`).toBe(0);
      const report = server.reportFor(runtime);
      expect(report.updatedAt, "the runner never asked for /updateReports").not.toBeNull();
      expect(report.summary.run).toBe(server.cases.length);
      const failed = (report.cases as CaseResult[])
        .filter((c) => c.verdict === "FAILED")
        .map((c) => `${c.id} ${c.description}: ${c.reasons.join("; ")}`);
      expect(failed).toEqual([]);
    });
  }
});
