// The built plugin against servers that misbehave on purpose, over each runtime's real transport:
// LuaSocket in lua5.1 and luajit, the Node host in wasmoon and fengari. The servers here speak raw
// TCP (net), so they can do what no WebSocket library would: flood empty frames, flood pings while
// never reading, close while the client's sends are still queued, drop TCP after their close frame.
// test/lua/hostile-peer.lua is the client; the assertions are on its output and what the server saw.
// Speeds are not asserted here (that is npm run bench); counts, bytes and memory are.
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { MAX_QUEUED_EVENTS } from "../ts/core/connection";
import { FEED_SLICE } from "../ts/plugin/service-budget";
import { PROJECT_ROOT, runLua, runtimesToTest, type Runtime } from "./support/runtimes";
import { logs, startHostileServer } from "./support/hostile-servers.mjs";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/hostile-peer.lua");
const runtimes = runtimesToTest(["lua5.1", "luajit", "wasmoon", "fengari"]);
/** fengari is an order of magnitude slower: smaller floods that still exceed every bound. */
const scale = (runtime: Runtime, full: number, small: number) => (runtime === "fengari" ? small : full);
/** The empty-frame flood is 2,000,000 frames (4 MB of `82 00`) right after the 101: luajit
 *  takes all of it in about a second; the others take as much as keeps the case to a few seconds
 *  (each frame is an event the game is handed: about 6 us in lua5.1, 7 in wasmoon, 70 in fengari),
 *  every one of them over the read budget (131,072 frames) and the event bound many times over. */
const FLOOD_FRAMES: Record<Runtime, number> = {
  luajit: 2_000_000,
  "lua5.1": 500_000,
  "lua5.3": 500_000,
  "lua5.4": 500_000,
  wasmoon: 400_000,
  fengari: 12_000,
};

let closeRaw: () => Promise<void>;
let echo: WebSocketServer;
let rawUrl: string;
let echoUrl: string;

beforeAll(async () => {
  ({ url: rawUrl, close: closeRaw } = await startHostileServer());
  echo = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
  echo.on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise((resolve) => echo.once("listening", resolve));
  echoUrl = `ws://127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await closeRaw();
  for (const client of echo.clients) client.terminate();
  await new Promise((resolve) => echo.close(resolve));
});

function fields(stdout: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) result[line.slice(0, space)] = line.slice(space + 1);
  }
  return result;
}

async function client(runtime: Runtime, mode: string, url: string, size = 0): Promise<Record<string, string>> {
  const run = await runLua(runtime, SCRIPT, [mode, url, String(size)], { timeoutMs: 100_000 });
  const out = fields(run.stdout);
  expect(out.RESULT, run.stdout + run.stderr).toBe("ok");
  if (process.env.SHOW_PEER_OUTPUT) console.log(mode, runtime, run.stdout.replace(/\n/g, " | "));
  return out;
}

describe.concurrent("the client under hostile and slow peers", () => {
  for (const runtime of runtimes) {
    it(`${runtime}: an empty-frame flood costs a bounded heap and loses no frame`, async () => {
      const frames = FLOOD_FRAMES[runtime];
      const out = await client(runtime, "flood", `${rawUrl}/flood?frames=${frames}`);
      expect(out.MESSAGES).toBe(String(frames));
      expect(out.CLOSE).toBe("1000 true");
      // Backpressure: a poll reads on only while the core wants input (fewer than MAX_QUEUED_EVENTS,
      // 256, events wait), and stops at the first 4 KiB slice that reaches the bound (2,048 empty
      // frames at most), so no poll hands the game more than this. A client that read its whole
      // 256 KiB budget regardless would dispatch 131,072 of these frames in one poll (as it does with
      // queueFull() forced false, but in fengari, where the 4 ms of feeding per poll, FEED_SECONDS,
      // binds before the event bound).
      expect(Number(out.MAX_EVENTS_PER_POLL)).toBeGreaterThan(0);
      expect(Number(out.MAX_EVENTS_PER_POLL)).toBeLessThanOrEqual(MAX_QUEUED_EVENTS + FEED_SLICE / 2);
      // Read all at once, 2,000,000 events would take hundreds of MiB of Lua heap.
      if (out.HEAP_MEASURED === "yes") expect(Number(out.GROWTH_KIB)).toBeLessThan(8 * 1024);
    }, 120_000);

    it(`${runtime}: a ping flood from a peer that never reads queues a few KiB at most`, async () => {
      const out = await client(runtime, "pingflood", `${rawUrl}/pingflood?pings=${scale(runtime, 40_000, 5_000)}`);
      expect(out.MESSAGES).toBe("1");
      expect(Number(out.MAX_BUFFERED)).toBeLessThanOrEqual(8 * 1024);
    }, 120_000);

    it(`${runtime}: sends queued when the server closes are written before the clean ONCLOSE`, async () => {
      const id = `${runtime}-queued`;
      const size = scale(runtime, 512 * 1024, 128 * 1024);
      const out = await client(runtime, "closequeued", `${rawUrl}/closequeued?id=${id}`, size);
      expect(out.CLOSE).toBe("1000 true");
      expect(out.ERRORS).toBe("");
      expect(out.BUFFERED_IN_CLOSE).toBe("0");
      const log = logs.get(id)!;
      // The client may exit as soon as its ONCLOSE came: what it wrote is in the kernel's hands, and
      // the server, which paused reading, reads it afterwards.
      await log.ended;
      expect(log.messages.length).toBe(8);
      log.messages.forEach((message, i) => expect(message.equals(Buffer.alloc(size, i + 1))).toBe(true));
      expect(log.closeFrameAfterMessages).toBe(true);
    }, 120_000);

    it(`${runtime}: a server that drops TCP with sends still queued gives ONERROR and 1006`, async () => {
      const size = scale(runtime, 2 * 1024 * 1024, 512 * 1024);
      const out = await client(runtime, "dropqueued", `${rawUrl}/closequeued?id=${runtime}-drop&drop=1`, size);
      expect(out.CLOSE).toBe("1006 false");
      expect(out.ERRORS).toBe("closed");
    }, 120_000);

    it(`${runtime}: a big message each way moves over many polls and arrives whole`, async () => {
      const size = scale(runtime, 4 * 1024 * 1024, 1024 * 1024);
      const out = await client(runtime, "bigecho", `${echoUrl}/`, size);
      expect(out.ECHO).toBe("whole");
      expect(out.CLOSE).toBe("1000 true");
      // 256 KiB per poll each way at most: the echo cannot come back in fewer polls than this.
      expect(Number(out.POLLS)).toBeGreaterThanOrEqual((2 * size) / (256 * 1024));
    }, 120_000);
  }
});
