// The end-to-end behaviour suite: one list of scenarios (Lua scripts in test/scenarios/ that use only
// the public API), run in every runtime against real servers (test/support/servers.ts).
//
// Each script checks its own expectations and the harness's invariants (harness.lua) and prints
// "RESULT ok"; a scenario may add checks that only this side can make: the servers' records of what
// arrived, and how long something took (the runner stamps every output line).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Adler32, startTestServers, type TestServers } from "./support/servers";
import { runtimesToTest, type Runtime } from "./support/runtimes";
import { runScenario, type ScenarioRun } from "./scenarios/runner";

interface Scenario {
  script: string;
  /** What the scenario shows; the test's name. */
  title: string;
  /** Extra arguments for one runtime (all get the server addresses and a unique `id`). */
  args?: (runtime: Runtime) => Record<string, string>;
  /** Checks made here, after the script said "RESULT ok". */
  check?: (run: ScenarioRun, servers: TestServers, id: string) => Promise<void> | void;
  timeoutMs?: number;
}

/** Milliseconds from the first `from` event of `client` to its first `to` event. */
function between(run: ScenarioRun, client: string, from: string, to: string): number {
  const start = run.events.find((e) => e.client === client && e.type === from);
  const end = run.events.find((e) => e.client === client && e.type === to);
  if (!start || !end) throw new Error(`${client}: no ${from} or ${to} event`);
  return end.at - start.at;
}

/** Milliseconds from MARK `mark` to the first `type` event of `client`. */
function sinceMark(run: ScenarioRun, mark: string, client: string, type: string): number {
  const start = run.marks.get(mark);
  const end = run.events.find((e) => e.client === client && e.type === type);
  if (start === undefined || !end) throw new Error(`no MARK ${mark} or no ${type} event of ${client}`);
  return end.at - start;
}

/** Adler-32 of the messages `count` messages made by `message(i)`, i = 1..count. */
function checksumOf(count: number, message: (i: number) => Buffer): string {
  const sum = new Adler32();
  for (let i = 1; i <= count; i++) sum.update(message(i));
  return sum.toString();
}

// Timing is read from when output lines reach this process, on 2 shared cores with several
// interpreters running: a timer may seem to overshoot by this much, or to fire a little early.
const TIMER_SLACK_MS = 1500;
const EARLY_SLACK_MS = 250;

// Interpreters running at once. More only queue for the 2 cores and blur the timings above.
const PARALLEL_RUNS = 3;

/** Runs `task` when fewer than `limit` tasks of this limiter are running. */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function <T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const inTurn = limiter(PARALLEL_RUNS);

const SCENARIOS: Scenario[] = [
  {
    script: "lifecycle.lua",
    title: "events only from poll and in order; one ONCLOSE per connect; reconnect; cancel while connecting",
  },
  { script: "listeners.lua", title: "table listeners, removal, listener errors propagate out of poll" },
  { script: "misuse.lua", title: "bad arguments raise, wrong-state calls return false, the client survives" },
  {
    script: "echo.lua",
    title: "every byte value, 1 MiB binary, UTF-8 text, order: echoed whole and once",
    // fengari is about 100 times slower than Lua 5.1; 256 KiB takes the same 64-bit-length path.
    args: (runtime) => (runtime === "fengari" ? { big_size: String(256 * 1024) } : {}),
  },
  {
    script: "server-messages.lua",
    title: "server's messages before its close, close without code, dropped TCP, fragments and long frames",
  },
  {
    script: "delivery.lua",
    title: "sends before a clean close arrive; backpressure shows in getBufferedAmount and loses nothing",
    async check(run, servers, id) {
      const [flushCount, flushBytes] = run.reports.get("flush") ?? [];
      const flush = await servers.receivedLog(`${id}-flush`);
      expect(flush.messages).toBe(Number(flushCount));
      expect(flush.bytes).toBe(Number(flushBytes));
      expect(flush.checksum).toBe(checksumOf(20, (i) => Buffer.alloc(i * 997, i)));
      expect([flush.closeCode, flush.closeReason]).toEqual([1000, "done"]);

      const [stallCount, , checksumSeenByClient] = run.reports.get("stall") ?? [];
      const stall = await servers.receivedLog(`${id}-stall`);
      const expected = checksumOf(Number(stallCount), (i) => Buffer.alloc(65536, i % 251));
      expect(stall.checksum).toBe(expected);
      expect(checksumSeenByClient).toBe(expected);
    },
  },
  {
    script: "handshake-options.lua",
    title: "subprotocols, headers, Origin, Basic auth (options and URI), the port option",
  },
  {
    script: "handshake-failures.lua",
    title: "dns, refused, 403, wrong accept, unrequested subprotocol, connect timeouts",
    check(run) {
      for (const client of ["never", "half"]) {
        const ms = sinceMark(run, "connect", client, "error");
        expect(ms, `${client}: ONERROR "timeout" ${ms} ms after connect with timeout = 0.5`).toBeGreaterThanOrEqual(500 - EARLY_SLACK_MS);
        expect(ms, `${client}: ONERROR "timeout" ${ms} ms after connect with timeout = 0.5`).toBeLessThan(500 + TIMER_SLACK_MS);
      }
    },
  },
  { script: "malformed.lua", title: "malformed frames end in ONERROR + ONCLOSE 1002/1007/1009/1006" },
  {
    script: "keepalive.lua",
    title: "ping/ONPONG, automatic pong, keep-alive survives, a silent server is detected",
    check(run) {
      // Keep-alive pings start 0.2 s after ONOPEN; the unanswered one times out 0.3 s later.
      const ms = between(run, "silent", "open", "error");
      expect(ms, `silent server detected ${ms} ms after ONOPEN`).toBeGreaterThanOrEqual(500 - EARLY_SLACK_MS);
      expect(ms, `silent server detected ${ms} ms after ONOPEN`).toBeLessThan(500 + TIMER_SLACK_MS);
    },
  },
  { script: "tls.lua", title: "certificate trust, verify = false, host name, TLS versions" },
  {
    script: "original-example.lua",
    title: "the original plugin's documented example works unchanged",
    check(run) {
      expect(run.lines).toEqual([
        "connected",
        "message\tHello WebSocket server",
        "disconnected\t1000\t",
        "RESULT ok",
      ]);
    },
  },
];

let servers: TestServers;
beforeAll(async () => {
  servers = await startTestServers();
});
afterAll(async () => {
  await servers?.close();
});

for (const runtime of runtimesToTest(["wasmoon", "fengari", "lua5.1", "luajit"])) {
  describe.concurrent(`scenarios in ${runtime}`, () => {
    for (const scenario of SCENARIOS) {
      const timeoutMs = scenario.timeoutMs ?? 30_000;
      // The test's own limit also covers waiting for a turn.
      it(`${scenario.script}: ${scenario.title}`, { timeout: 2 * timeoutMs }, async () => {
        const id = `${runtime}-${scenario.script.replace(/\.lua$/, "")}`;
        const args = { ...servers.args, id, ...scenario.args?.(runtime) };
        const run = await inTurn(() => runScenario(runtime, scenario.script, args, timeoutMs));
        expect(run.result, run.log).toBe("ok");
        expect(run.exitCode, run.log).toBe(0);
        await scenario.check?.(run, servers, id);
      });
    }
  });
}
