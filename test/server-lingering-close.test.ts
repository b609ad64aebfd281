// How the plugin's server ends TCP after failing a peer that is still sending (RFC 6455 section
// 7.1.1: the server closes first). The client sends a valid message, a frame the core refuses, and
// then more bytes than the server will ever read, and keeps its event loop busy for a moment, so
// that the server's answer waits unread in the client's socket. A server that closed its socket with
// the client's bytes unread would make the kernel send a reset, and the reset erases what the client
// had received but not read yet: the echo and the close frame (Autobahn's 4.1.5 then grades
// NON-STRICT). The server must shut its sending side (FIN after the answer) and read until the
// client closes, so the client reads the echo, then the close frame 1002, then the end of stream.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { startAutobahnServer } from "../tools/autobahn-server.mjs";
import { runtimesToTest } from "./support/runtimes";

const HELLO = "Hello, world!";
/** More than the server reads in one service and than the sockets' buffers hold. */
const UNREAD_BYTES = 4 * 1024 * 1024;
const BUSY_MS = 150;
const ATTEMPTS = 3;

function maskedFrame(opcode: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const key = randomBytes(4);
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), key, payload.map((b, i) => b ^ key[i % 4])]);
}

interface Outcome {
  /** The frames' bytes the server sent after its 101. */
  received: Buffer;
  ended: boolean;
  error?: string;
}

function failWhileSending(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let head = Buffer.alloc(0);
    let received: Buffer | undefined;
    let ended = false;
    let error: string | undefined;
    socket.on("connect", () => {
      const key = randomBytes(16).toString("base64");
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    socket.on("data", (bytes: Buffer) => {
      if (received !== undefined) {
        received = Buffer.concat([received, bytes]);
        return;
      }
      head = Buffer.concat([head, bytes]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      received = head.subarray(end + 4);
      // A text message, then opcode 7 (reserved: RFC 6455 section 5.2), then bytes never read.
      socket.write(Buffer.concat([maskedFrame(0x1, HELLO), maskedFrame(0x7, HELLO)]));
      socket.write(Buffer.alloc(UNREAD_BYTES, 0x81));
      const until = Date.now() + BUSY_MS;
      while (Date.now() < until) {
        // busy: the server's answer arrives while this client is not reading
      }
    });
    socket.on("end", () => (ended = true));
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => resolve({ received: received ?? Buffer.alloc(0), ended, error }));
  });
}

const servers: { child: { kill(signal: string): void } }[] = [];
afterAll(() => servers.forEach((s) => s.child.kill("SIGKILL")));

describe.concurrent.each(runtimesToTest(["lua5.1", "luajit", "wasmoon"]))("the %s server failing a peer that is still sending", (runtime) => {
  it("answers with the echo and the close frame 1002, then ends TCP first without a reset", async () => {
    const server = startAutobahnServer({ runtime, port: 0 });
    servers.push(server);
    const port: number = await server.listening;
    const echo = Buffer.concat([Buffer.from([0x81, HELLO.length]), Buffer.from(HELLO)]);
    const close1002 = Buffer.from([0x88, 0x02, 0x03, 0xea]);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const outcome = await failWhileSending(port);
      expect(outcome.received.toString("hex")).toBe(Buffer.concat([echo, close1002]).toString("hex"));
      expect(outcome.ended).toBe(true);
    }
    server.child.kill("SIGKILL");
  });
});
