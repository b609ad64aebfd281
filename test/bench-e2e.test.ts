// bench/e2e.mjs --quick: the end-to-end benchmark harness works in every runtime it measures (every
// scenario gives a figure, every echo matched what was sent). Its speed is not judged here.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { runBenchmarks } from "../bench/e2e.mjs";
// @ts-expect-error plain JavaScript module without types
import { SCENARIOS, renderReport } from "../bench/e2e-report.mjs";
import { runtimesToTest } from "./support/runtimes";

describe("end-to-end benchmark, quick mode", () => {
  it("measures every scenario for ws and each Lua runtime", { timeout: 120_000 }, async () => {
    const clients = ["ws", ...runtimesToTest(["lua5.1", "luajit", "lua5.4", "wasmoon"])];
    const run = await runBenchmarks({ quick: true, clients });
    for (const scenario of SCENARIOS as { id: string }[]) {
      for (const client of clients) {
        const result = run.results[scenario.id][client];
        expect(result.error, `${scenario.id} in ${client}`).toBeUndefined();
        if (client === "ws" && (scenario.id === "loaded" || scenario.id === "idle")) {
          // ws's heap figures are Node's heap after gc(), which moves by more than one client object
          // (or a few idle ones) weighs, so they may come out below zero; that they were measured is
          // what counts here. The Lua figures are collectgarbage("count") after a full collection.
          expect(Number.isFinite(result.value), `${scenario.id} in ${client}`).toBe(true);
        } else {
          expect(result.value, `${scenario.id} in ${client}`).toBeGreaterThan(0);
        }
      }
    }
    const { table } = renderReport(run);
    for (const client of clients) expect(table).toContain(client);
  });
});

// bench/server.mjs --quick: the server benchmark works against ws's server and the plugin's server
// in each runtime it measures (every scenario gives a figure). Its speed is not judged here.
describe("server benchmark, quick mode", () => {
  it("measures every scenario for ws's server and the plugin's", { timeout: 120_000 }, async () => {
    // @ts-expect-error plain JavaScript module without types
    const { runServerBenchmarks, renderServerReport, SCENARIOS: SERVER_SCENARIOS } = await import("../bench/server.mjs");
    const servers = ["ws", ...runtimesToTest(["lua5.1", "luajit", "wasmoon"])];
    const run = await runServerBenchmarks({ quick: true, servers });
    for (const scenario of SERVER_SCENARIOS as { id: string }[]) {
      for (const server of servers) {
        const result = run.results[scenario.id][server];
        expect(result.error, `${scenario.id} in ${server}`).toBeUndefined();
        if (scenario.id === "heap" && server === "ws") {
          // Node's heap after gc() moves by more than a few idle peers weigh in quick mode, so ws's
          // figure may come out below zero; that it was measured is what counts here.
          expect(Number.isFinite(result.value), `${scenario.id} in ${server}`).toBe(true);
        } else {
          expect(result.value, `${scenario.id} in ${server}`).toBeGreaterThan(0);
        }
      }
    }
    const { table } = renderServerReport(run);
    for (const server of servers) expect(table).toContain(server);
  });
});
