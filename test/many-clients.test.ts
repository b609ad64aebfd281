// Many clients in one Lua 5.1 process: the built plugin over the LuaSocket transport against a local
// ws echo server. 200 clients open at the same time and all talk at once; then 1,000 connect/close
// cycles must leave no socket open and no Lua memory growing per cycle.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/many-clients.lua");
const CLIENTS = 200;
const MESSAGES_PER_CLIENT = 10;
const CYCLES = 1000;
const CYCLES_AT_ONCE = 50;
// Lua memory may grow by at most this much over the second half of the cycles (kilobytes). The end
// figure is the same in every run (2764 KB on lua5.1), but what is held midway varies by up to
// ~400 KB either side of it with what is still in flight then (lingering streams, pooled tables), so
// the bound leaves room for ~120 KB reached after midway; a leak of 400 bytes per cycle would add
// ~180 KB.
const GROWTH_BOUND_KB = 160;

let server: WebSocketServer;
let port: number;
let openNow = 0;
let mostOpenAtOnce = 0;

function output(stdout: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) result[line.slice(0, space)] = line.slice(space + 1);
  }
  return result;
}

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (socket) => {
    openNow++;
    mostOpenAtOnce = Math.max(mostOpenAtOnce, openNow);
    socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
    socket.on("close", () => openNow--);
  });
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe.each(runtimesToTest(["lua5.1"]))("many clients in one %s process", (runtime) => {
  it(`keeps ${CLIENTS} connections open at once, each echoing ${MESSAGES_PER_CLIENT} messages`, async () => {
    mostOpenAtOnce = 0;
    const run = await runLua(runtime, SCRIPT, ["concurrent", String(port), String(CLIENTS), String(MESSAGES_PER_CLIENT)], {
      timeoutMs: 30_000,
    });
    expect(run.stderr).toBe("");
    const out = output(run.stdout);
    expect(out).toMatchObject({
      opened: String(CLIENTS),
      "all-open-in-time": "true",
      echoed: String(CLIENTS * MESSAGES_PER_CLIENT),
      mismatched: "0",
      errors: "0",
      closes: String(CLIENTS),
      "clean-closes": String(CLIENTS),
    });
    expect(mostOpenAtOnce).toBe(CLIENTS);
  });

  it(`leaves no socket and no growing memory after ${CYCLES} connect/close cycles`, async () => {
    const run = await runLua(runtime, SCRIPT, ["cycles", String(port), String(CYCLES), String(CYCLES_AT_ONCE)], {
      timeoutMs: 30_000,
    });
    expect(run.stderr).toBe("");
    const out = output(run.stdout);
    console.log(
      `${runtime}: ${CYCLES} cycles; Lua memory ${out["kb-after-warmup"]} KB after 100, ` +
        `${out["kb-midway"]} KB midway, ${out["kb-after"]} KB at the end; ` +
        `descriptors ${out["fds-before"]} before, ${out["fds-after"]} after`,
    );
    expect(out).toMatchObject({
      finished: "true",
      closes: String(CYCLES),
      "clean-closes": String(CYCLES),
      errors: "0",
      "poll-after": "0",
    });
    // Sockets open before the first connection (the standard streams, which Node passes as socket
    // pairs) are all that remain.
    expect(out["sockets-after"]).toBe(out["sockets-before"]);
    // The only descriptor that stays is /dev/urandom, opened once by the first connection.
    expect(Number(out["fds-after"])).toBe(Number(out["fds-after-warmup"]));
    expect(Number(out["fds-after"]) - Number(out["fds-before"])).toBeLessThanOrEqual(1);
    expect(Number(out["kb-after"]) - Number(out["kb-midway"])).toBeLessThan(GROWTH_BOUND_KB);
    // The server saw every connection end too (its close events may trail the process's exit).
    for (let i = 0; i < 50 && openNow > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openNow).toBe(0);
  });
});
