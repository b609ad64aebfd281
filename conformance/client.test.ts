// The fuzzing client checked against the reference server: `ws`'s WebSocket.Server, echoing every
// message with its type. It must pass all 301 cases, except where ws is NON-STRICT (the fail-fast
// cases 6.4.x: ws checks UTF-8 once a message or frame is complete) and the suite's INFORMATIONAL
// cases, as Autobahn's own fuzzing client grades ws. And the client must be able to say FAILED:
// servers that break a rule in a known way are graded FAILED on exactly those cases.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
// @ts-expect-error plain JavaScript module without types
import { FuzzingClient } from "./client.mjs";

interface CaseResult {
  id: string;
  verdict: "OK" | "NON-STRICT" | "INFORMATIONAL" | "UNIMPLEMENTED" | "FAILED";
  behaviorClose: string;
  reasons: string[];
}

const WS_NON_STRICT = ["6.4.1", "6.4.2", "6.4.3", "6.4.4"];
const INFORMATIONAL = ["7.1.6", "7.13.1", "7.13.2"];

type Echo = (ws: WebSocket, data: Buffer, isBinary: boolean) => void;
const faithfulEcho: Echo = (ws, data, isBinary) => ws.send(data, { binary: isBinary });

const servers: WebSocketServer[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve)))));

/** A ws echo server on a free loopback port; resolves with its URL. */
async function echoServer(echo: Echo = faithfulEcho, options: WebSocket.ServerOptions = {}): Promise<string> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024, ...options });
  servers.push(wss);
  wss.on("connection", (ws) => {
    ws.on("error", () => {}); // a server logs and drops a client that broke the protocol
    ws.on("message", (data: Buffer, isBinary: boolean) => echo(ws, data, isBinary));
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  return `ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}`;
}

/** Fixed waits at a quarter (ws answers at once), deadlines doubled (a busy machine) unless given. */
const play = (url: string, cases?: (id: string) => boolean, timeScale = 0.25, deadlineScale = 2) =>
  new FuzzingClient({ url, agent: "ws", profile: "standard", timeScale, deadlineScale, cases }).run() as Promise<{ summary: { run: number }; cases: CaseResult[] }>;

describe("fuzzing client", () => {
  it("grades ws's server OK on all 301 cases but the documented NON-STRICT and INFORMATIONAL ones", { timeout: 60_000 }, async () => {
    const report = await play(await echoServer());
    expect(report.summary.run).toBe(301);
    const notOk = report.cases.filter((c) => c.verdict !== "OK" && ![...WS_NON_STRICT, ...INFORMATIONAL].includes(c.id));
    expect(notOk.map((c) => `${c.id} ${c.verdict}: ${c.reasons.join("; ")}`)).toEqual([]);
    expect(report.cases.filter((c) => c.verdict === "NON-STRICT").map((c) => c.id)).toEqual(WS_NON_STRICT);
    expect(report.cases.filter((c) => c.verdict === "INFORMATIONAL").map((c) => c.id)).toEqual(INFORMATIONAL);
    // ws closes TCP itself after the close handshake, as a server should (RFC 6455 section 7.1.1).
    expect(report.cases.filter((c) => c.behaviorClose === "FAILED BY CLIENT").map((c) => c.id)).toEqual([]);
  });

  it("fails a server that echoes binary messages as text", { timeout: 30_000 }, async () => {
    const report = await play(await echoServer((ws, data) => ws.send(data, { binary: false })), (id) => id.startsWith("1.2."), 0.05, 0.05);
    expect(report.cases.length).toBe(8);
    for (const c of report.cases) expect(c.verdict, c.id).toBe("FAILED");
  });

  it("fails a server that accepts invalid UTF-8", { timeout: 30_000 }, async () => {
    const report = await play(await echoServer(faithfulEcho, { skipUTF8Validation: true }), (id) => id.startsWith("6.3.") || id.startsWith("6.12."), 0.05, 0.05);
    expect(report.cases.length).toBe(10);
    for (const c of report.cases) expect(c.verdict, c.id).toBe("FAILED");
  });

  it("fails a server that masks its frames and leaves closing TCP to the client", { timeout: 30_000 }, async () => {
    // A raw server: a correct handshake, then every message echoed in a masked frame; after the
    // close handshake it keeps TCP open.
    const { createHash } = await import("node:crypto");
    const raw = net.createServer((socket) => {
      let buffered = Buffer.alloc(0);
      let open = false;
      socket.on("error", () => {});
      socket.on("data", (bytes) => {
        buffered = Buffer.concat([buffered, bytes]);
        if (!open) {
          const end = buffered.indexOf("\r\n\r\n");
          if (end < 0) return;
          const key = /sec-websocket-key: *(\S+)/i.exec(buffered.subarray(0, end).toString("latin1"))![1];
          const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
          socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
          buffered = buffered.subarray(end + 4);
          open = true;
        }
        // Small unfragmented frames only (the cases below send nothing else).
        while (buffered.length >= 6 && buffered.length >= 6 + (buffered[1] & 0x7f)) {
          const length = buffered[1] & 0x7f;
          const key = buffered.subarray(2, 6);
          const payload = Buffer.from(buffered.subarray(6, 6 + length));
          for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
          const opcode = buffered[0] & 0x0f;
          buffered = buffered.subarray(6 + length);
          const answerKey = Buffer.from([1, 2, 3, 4]);
          const masked = Buffer.from(payload);
          for (let i = 0; i < masked.length; i++) masked[i] ^= answerKey[i & 3];
          const answer = opcode === 0x9 ? 0x8a : opcode === 0x8 ? 0x88 : 0x80 | opcode;
          socket.write(Buffer.concat([Buffer.from([answer, 0x80 | payload.length]), answerKey, masked]));
        }
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    try {
      const report = await play(`ws://127.0.0.1:${(raw.address() as net.AddressInfo).port}`, (id) => id === "1.1.2" || id === "2.2", 0.05, 0.05);
      for (const c of report.cases) {
        expect(c.verdict, c.id).toBe("FAILED");
        expect(c.reasons.join(" "), c.id).toContain("the server sent a masked frame");
        // The client had to drop TCP itself: not the clean close section 7.1.1 asks for.
        expect(c.behaviorClose, c.id).toBe("UNCLEAN");
      }
    } finally {
      raw.close();
    }
  });
});
