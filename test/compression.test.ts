// permessage-deflate end to end (SPEC section 6): the Lua scenario test/scenarios/compression.lua
// against real `ws` servers with perMessageDeflate in each mode, and against a `ws` server that then
// writes raw frames of its own (a compression bomb, corrupt compressed data, RSV1 on a ping).
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocketClient, { WebSocketServer, type WebSocket } from "ws";
import { startLuaServer } from "./support/lua-server";
import { runtimesToTest } from "./support/runtimes";
import { runScenario } from "./scenarios/runner";

/** A raw unmasked server frame. */
function frame(firstByte: number, payload: Buffer): Buffer {
  if (payload.length < 126) return Buffer.concat([Buffer.from([firstByte, payload.length]), payload]);
  const head = Buffer.from([firstByte, 126, payload.length >> 8, payload.length & 255]);
  return Buffer.concat([head, payload]);
}

/** Deflated with a sync flush and without its 00 00 ff ff tail (RFC 7692 section 7.2.1). */
function deflated(data: Buffer): Buffer {
  const out = zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
}

const MODES: Record<string, object> = {
  default: { threshold: 0 },
  nocontext: { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true },
  window12: { threshold: 0, serverMaxWindowBits: 12 },
};

let servers: WebSocketServer[] = [];
const urls: Record<string, string> = {};
const answers: Record<string, string> = {};

async function listen(perMessageDeflate: object, onConnection: (ws: WebSocket, path: string) => void): Promise<string> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate });
  servers.push(server);
  server.on("headers", (headers, request) => {
    const answer = headers.find((h: string) => h.toLowerCase().startsWith("sec-websocket-extensions:"));
    answers[request.url!.slice(1)] = answer === undefined ? "" : answer.slice(answer.indexOf(":") + 1).trim();
  });
  server.on("connection", (ws, request) => onConnection(ws, request.url!.slice(1)));
  await once(server, "listening");
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function echo(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket: { bytesRead: number } })._socket;
  ws.on("message", (data, isBinary) => {
    if (!isBinary && data.toString() === "stats") ws.send(`read=${socket.bytesRead}`);
    else ws.send(data, { binary: isBinary });
  });
}

function hostile(ws: WebSocket, path: string): void {
  const socket = (ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
  ws.on("message", () => {
    if (path === "bomb") socket.write(frame(0xc1, deflated(Buffer.alloc(1 << 20, 97))));
    else if (path === "corrupt") socket.write(frame(0xc1, Buffer.from([0xff, 0xff, 0xff, 0xff])));
    else if (path === "rsv1ping") socket.write(frame(0xc9, Buffer.alloc(0)));
    else echo(ws);
  });
}

beforeAll(async () => {
  for (const [mode, options] of Object.entries(MODES)) urls[mode] = await listen(options, echo);
  urls.hostile = await listen({ threshold: 0 }, hostile);
});

afterAll(() => {
  for (const server of servers) {
    for (const client of server.clients) client.terminate();
    server.close();
  }
  servers = [];
});

describe.each(runtimesToTest(["lua5.1", "wasmoon"]))("permessage-deflate end to end on %s", (runtime) => {
  it("negotiates with ws in each mode, echoes compressed messages, fails bombs, corrupt data and RSV1 on a ping", async () => {
    // One scenario run per mode keeps the server per mode; the failures run on the hostile server.
    for (const mode of Object.keys(MODES)) {
      const run = await runScenario(runtime, "compression.lua", { ws: urls[mode], modes: mode, skip_failures: "1" }, 60_000);
      expect(run.result, run.log).toBe("ok");
      expect(answers[mode]).toMatch(EXPECTED_ANSWERS[mode]);
      // getExtensions() and ONOPEN.extensions report what the server accepted.
      expect(run.reports.get(`extensions_${mode}`)).toEqual([answers[mode], answers[mode]]);
    }
    const run = await runScenario(runtime, "compression.lua", { ws: urls.hostile, modes: "" }, 60_000);
    expect(run.result, run.log).toBe("ok");
  }, 120_000);
});

/** The next message of `ws`, as text or bytes. */
function nextMessage(ws: WebSocketClient): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once("message", (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })));
}

describe.each(runtimesToTest(["lua5.1", "wasmoon"]))("the plugin's server negotiates permessage-deflate on %s", (runtime) => {
  it("accepts a ws client's offer, inflates and deflates its echoes; answering each parameter", async () => {
    const server = startLuaServer(runtime, {});
    try {
      const port = await server.port;
      for (const perMessageDeflate of [true, { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, threshold: 0 }]) {
        const ws = new WebSocketClient(`ws://127.0.0.1:${port}/`, { perMessageDeflate });
        let answered = "";
        ws.once("upgrade", (response) => (answered = String(response.headers["sec-websocket-extensions"] ?? "")));
        await once(ws, "open");
        expect(answered).toMatch(/^permessage-deflate/);
        if (typeof perMessageDeflate === "object") {
          expect(answered).toBe("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10");
        }
        const socket = (ws as unknown as { _socket: { bytesRead: number; bytesWritten: number } })._socket;
        const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, x: i * 7, name: `player${i % 50}` })));
        const readBefore = socket.bytesRead;
        for (const [data, binary] of [[big, false], [Buffer.from(big), true], [big, false], ["small", false]] as const) {
          const echo = nextMessage(ws);
          ws.send(data, { binary });
          const got = await echo;
          expect(got.isBinary).toBe(binary);
          expect(got.data.toString()).toBe(data.toString());
        }
        // The three big echoes came back compressed: far fewer bytes than their length.
        expect(socket.bytesRead - readBefore).toBeLessThan(big.length);
        const reply = nextMessage(ws);
        ws.send("cmd:extensions");
        expect((await reply).data.toString()).toBe(`extensions ${answered}`);
        ws.close();
        await once(ws, "close");
      }
    } finally {
      server.kill();
    }
  }, 60_000);
});

/** What ws answers our default offer with in each mode. */
const EXPECTED_ANSWERS: Record<string, RegExp> = {
  default: /^permessage-deflate$/,
  nocontext: /^permessage-deflate; server_no_context_takeover; client_no_context_takeover$/,
  window12: /^permessage-deflate; server_max_window_bits=12$/,
};
