// Streamed messages (SPEC section 9) end to end on LuaSocket (lua5.1) and the Node host (wasmoon),
// against a real `ws` server that records, besides the messages it assembles (so ws judges the
// fragments, their UTF-8 and their compression), every frame the client wrote, parsed from the raw
// bytes on the socket: FIN, RSV1, opcode and payload length, in order. The server's download is one
// big frame, which the client must deliver in pieces with receiveFragments (test/lua/streams-e2e.lua).
import path from "node:path";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import WebSocket from "ws";
import { startLuaServer } from "./support/lua-server";
import { PROJECT_ROOT, runLua, runtimesToTest, type Runtime } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/streams-e2e.lua");
const DOWNLOAD = 4 * 1024 * 1024;

interface WireFrame {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  length: number;
}

/** The client's frames, from the raw bytes after the handshake (masked, as clients send them). */
function frameParser(frames: WireFrame[]): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      let length = buffer[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        at = 10;
      }
      at += buffer[1] & 0x80 ? 4 : 0;
      if (buffer.length < at + length) return;
      frames.push({ fin: (buffer[0] & 0x80) !== 0, rsv1: (buffer[0] & 0x40) !== 0, opcode: buffer[0] & 0x0f, length });
      buffer = buffer.subarray(at + length);
    }
  };
}

function pattern(size: number): Buffer {
  return Buffer.from("0123456789abcdef".repeat(Math.ceil(size / 16)).slice(0, size), "latin1");
}

async function converse(runtime: string, compression: boolean) {
  const frames: WireFrame[] = [];
  const messages: { data: Buffer; isBinary: boolean }[] = [];
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: compression });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  server.on("connection", (socket: WebSocket) => {
    (socket as unknown as { _socket: NodeJS.EventEmitter })._socket.on("data", frameParser(frames));
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      messages.push({ data, isBinary });
      if (!isBinary && data.toString() === "download") socket.send(pattern(DOWNLOAD), { binary: true, compress: false });
    });
  });
  const port = (server.address() as AddressInfo).port;
  try {
    const run = await runLua(runtime as never, SCRIPT, [`ws://127.0.0.1:${port}/`, String(DOWNLOAD), compression ? "on" : "off"], { timeoutMs: 60_000 });
    return { run, frames, messages };
  } finally {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
}

const shape = (f: WireFrame) => `${f.opcode}${f.fin ? "+" : "-"}${f.rsv1 ? "c" : ""}`;

describe("streamed messages end to end", () => {
  for (const runtime of runtimesToTest(["lua5.1", "wasmoon"])) {
    for (const compression of [true, false]) {
      it(`${runtime}, compression ${compression ? "on" : "off"}`, async () => {
        const { run, frames, messages } = await converse(runtime, compression);
        const log = run.stdout + run.stderr;
        expect(run.stdout, log).toMatch(/^RESULT ok$/m);
        // ws assembled (and inflated, and validated) what the pieces make.
        expect(messages.map((m) => [m.isBinary, m.data.toString("latin1")]), log).toEqual([
          [false, Buffer.from("Hel\u20aclo").toString("latin1")],
          [true, "0123456789abcdef".repeat(8192) + "end"],
          [false, "small"],
          [false, "download"],
        ]);
        // On the wire: Text/Binary first without FIN, Continuations after, FIN on the last; the ping
        // between; RSV1 on the first frame of the compressed message only.
        const big = compression ? "c" : "";
        expect(frames.map(shape), log).toEqual(["1-", "0-", "9+", "0+", `2-${big}`, "0-", "0+", "1-", "0+", "1+", "8+"]);
        if (compression) {
          // Deflated piece by piece: 64 KiB of a 16-byte pattern is far smaller on the wire.
          expect(frames[4].length + frames[5].length, log).toBeLessThan(4096);
          expect(run.stdout, log).toMatch(/^EXTENSIONS permessage-deflate/m);
        }
        // The 4 MiB frame came in several pieces (LuaSocket and the Node host read it over several
        // services), all of it.
        const [, count, bytes] = /^PIECES (\d+) (\d+)$/m.exec(run.stdout) ?? [];
        expect(Number(bytes), log).toBe(DOWNLOAD);
        expect(Number(count), log).toBeGreaterThan(1);
      }, 90_000);
    }
  }

  // A server's peer has the client's calls (SPEC section 7): a message in pieces from test/lua/server.lua.
  for (const runtime of runtimesToTest(["lua5.1", "wasmoon"]) as Runtime[]) {
    it(`${runtime}, a server's peer sends in pieces`, async () => {
      const server = startLuaServer(runtime, {});
      try {
        const port = await server.port;
        const frames: WireFrame[] = [];
        const client = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
        await new Promise((resolve, reject) => client.once("open", resolve).once("error", reject));
        (client as unknown as { _socket: NodeJS.EventEmitter })._socket.on("data", frameParser(frames));
        const messages: string[] = [];
        const done = new Promise<void>((resolve) =>
          client.on("message", (data: Buffer) => {
            messages.push(data.toString("latin1"));
            if (messages.length === 2) resolve();
          }),
        );
        client.send("cmd:pieces");
        await done;
        expect(messages, server.log()).toEqual([Buffer.from("Hel\u20aclo").toString("latin1"), "pieces ok"]);
        expect(frames.map(shape), server.log()).toEqual(["1-", "0-", "9+", "0+", "1+"]);
        client.close(1000);
        await new Promise((resolve) => client.once("close", resolve));
      } finally {
        server.kill();
      }
    }, 60_000);
  }
});
