// permessage-deflate negotiation through the built plugin against real peers (RFC 7692 section 7.1,
// SPEC section 6), with test/scenarios/deflate-negotiation.lua as the client:
// - each `compression` table key from Lua reaches the Sec-WebSocket-Extensions offer exactly as
//   docs/api.md says, `ws` servers (perMessageDeflate options, one answering client_max_window_bits=12
//   as python-websockets does) answer it, getExtensions() and ONOPEN.extensions report the answer,
//   and the frames the server read keep it: under client_no_context_takeover each message inflates
//   with a fresh raw inflater, and under client_max_window_bits=N with an N-bit inflater;
// - a raw TCP server that answers a handcrafted 101 with an invalid or unoffered extension answer
//   (and a frame behind it) makes the connection fail as ONERROR "handshake" + ONCLOSE 1006.
import crypto from "node:crypto";
import { once } from "node:events";
import net from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { runtimesToTest } from "./support/runtimes";
import { runScenario } from "./scenarios/runner";

const LOOPBACK = "127.0.0.1";
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** What one server connection saw: the offer, the answer, and every byte the client wrote after the upgrade. */
interface Seen {
  offer: string | undefined;
  answer: string;
  bytes: Buffer[];
}
const seen = new Map<string, Seen>();
const closers: (() => void)[] = [];

/** A `ws` server with these perMessageDeflate options, echoing; what it saw is kept by request path. */
async function wsServer(perMessageDeflate: object | false): Promise<string> {
  const server = new WebSocketServer({ host: LOOPBACK, port: 0, perMessageDeflate });
  server.on("headers", (headers, request) => {
    const line = headers.find((h: string) => h.toLowerCase().startsWith("sec-websocket-extensions:"));
    const offer = request.headers["sec-websocket-extensions"];
    seen.set(request.url!, { offer: offer as string | undefined, answer: line === undefined ? "" : line.slice(line.indexOf(":") + 1).trim(), bytes: [] });
  });
  server.on("connection", (ws: WebSocket, request) => {
    const log = seen.get(request.url!)!;
    // First and copied: ws unmasks the frames it reads in place, in the very buffers it was given.
    (ws as unknown as { _socket: net.Socket })._socket.prependListener("data", (b: Buffer) => log.bytes.push(Buffer.from(b)));
    ws.on("message", (data: Buffer, isBinary) => ws.send(data, { binary: isBinary }));
  });
  await once(server, "listening");
  closers.push(() => {
    for (const client of server.clients) client.terminate();
    server.close();
  });
  return `ws://${LOOPBACK}:${(server.address() as net.AddressInfo).port}`;
}

/** Invalid or unoffered answers, by path; each offer below is the default unless `opts` says. The
 *  client always offers client_max_window_bits (bare at 15), so an unoffered one cannot be made:
 *  the bare answer and one above the offered 10 stand for it. */
const REFUSED: Record<string, { answer: string[]; opts?: string; reason: string }> = {
  unknown: { answer: ["x-webkit-deflate-frame"], reason: "not offered" },
  twice: { answer: ["permessage-deflate, permessage-deflate"], reason: "not offered" },
  twolines: { answer: ["permessage-deflate", "permessage-deflate"], reason: "not offered" },
  sbits7: { answer: ["permessage-deflate; server_max_window_bits=7"], reason: "server_max_window_bits needs a value from 8 to 15" },
  sbits16: { answer: ["permessage-deflate; server_max_window_bits=16"], reason: "server_max_window_bits needs a value from 8 to 15" },
  sbitsnan: { answer: ["permessage-deflate; server_max_window_bits=ten"], reason: "server_max_window_bits needs a value from 8 to 15" },
  cbitsbare: { answer: ["permessage-deflate; client_max_window_bits"], reason: "client_max_window_bits needs a value" },
  cbitsabove: { answer: ["permessage-deflate; client_max_window_bits=12"], opts: "clientMaxWindowBits:10", reason: "client_max_window_bits must be at most 10" },
  sbitsabove: { answer: ["permessage-deflate; server_max_window_bits=12"], opts: "serverMaxWindowBits:10", reason: "server_max_window_bits must be at most 10" },
  snctmissing: { answer: ["permessage-deflate"], opts: "serverNoContextTakeover:true", reason: "server_no_context_takeover was offered and not answered" },
  unknownparam: { answer: ["permessage-deflate; x_mode=fast"], reason: "unknown parameter x_mode" },
  duplicate: { answer: ["permessage-deflate; client_no_context_takeover; client_no_context_takeover"], reason: "client_no_context_takeover appears twice" },
  malformed: { answer: ["permessage-deflate; =12"], reason: "malformed Sec-WebSocket-Extensions" },
  // The control: the same raw server with a valid answer opens, and the frame behind it arrives.
  valid: { answer: ["permessage-deflate; client_max_window_bits=12"], reason: "" },
};

/** A raw TCP server answering /<name> with REFUSED[name]'s 101 and a text frame right behind it. */
async function rawServer(): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let head = "";
    const onData = (b: Buffer) => {
      head += b.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      const path = /^GET (\S+)/.exec(head)?.[1] ?? "";
      const key = /^sec-websocket-key:\s*(\S+)/im.exec(head)?.[1] ?? "";
      seen.set(path, { offer: /^sec-websocket-extensions:\s*(.*?)\r?$/im.exec(head)?.[1], answer: "", bytes: [] });
      const accept = crypto.createHash("sha1").update(key + GUID).digest("base64");
      const lines = (REFUSED[path.slice(1)]?.answer ?? []).map((e) => `Sec-WebSocket-Extensions: ${e}`);
      socket.write(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, ...lines, "", ""].join("\r\n"));
      socket.write(Buffer.concat([Buffer.from([0x81, 6]), Buffer.from("behind")]));
      socket.on("data", (more: Buffer) => {
        seen.get(path)!.bytes.push(more);
        // Whatever comes next is the client's close frame: answer it with 1000 and end.
        socket.end(Buffer.from([0x88, 2, 0x03, 0xe8]));
      });
    };
    socket.on("data", onData);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, LOOPBACK);
  await once(server, "listening");
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return `ws://${LOOPBACK}:${(server.address() as net.AddressInfo).port}`;
}

/** The G2 clients: the compression option from Lua, the server, the offer it must send and what the
 *  server answers. Offer order: client_no_context_takeover, server_no_context_takeover,
 *  server_max_window_bits, client_max_window_bits (bare at 15: the server may pick a smaller one). */
interface Negotiated {
  opts: string;
  server: "plain" | "python12" | "imposing" | "none";
  offer: string | undefined;
  answer: string;
  /** Agreed: client messages carry no context, and the client's window. */
  clientNoContext: boolean;
  clientBits: number;
}
const NEGOTIATED: Record<string, Negotiated> = {
  defaults: { opts: "true", server: "plain", offer: "permessage-deflate; client_max_window_bits", answer: "permessage-deflate", clientNoContext: false, clientBits: 15 },
  cnct: { opts: "clientNoContextTakeover:true", server: "plain", offer: "permessage-deflate; client_no_context_takeover; client_max_window_bits", answer: "permessage-deflate; client_no_context_takeover", clientNoContext: true, clientBits: 15 },
  snct: { opts: "serverNoContextTakeover:true", server: "plain", offer: "permessage-deflate; server_no_context_takeover; client_max_window_bits", answer: "permessage-deflate; server_no_context_takeover", clientNoContext: false, clientBits: 15 },
  sbits10: { opts: "serverMaxWindowBits:10", server: "plain", offer: "permessage-deflate; server_max_window_bits=10; client_max_window_bits", answer: "permessage-deflate; server_max_window_bits=10", clientNoContext: false, clientBits: 15 },
  cbits10: { opts: "clientMaxWindowBits:10", server: "plain", offer: "permessage-deflate; client_max_window_bits=10", answer: "permessage-deflate; client_max_window_bits=10", clientNoContext: false, clientBits: 10 },
  all: {
    opts: "clientNoContextTakeover:true;serverNoContextTakeover:true;clientMaxWindowBits:9;serverMaxWindowBits:11",
    server: "plain",
    offer: "permessage-deflate; client_no_context_takeover; server_no_context_takeover; server_max_window_bits=11; client_max_window_bits=9",
    answer: "permessage-deflate; client_no_context_takeover; server_no_context_takeover; server_max_window_bits=11; client_max_window_bits=9",
    clientNoContext: true,
    clientBits: 9,
  },
  // Defaults written out in the table are the defaults: no parameter but the bare client_max_window_bits.
  explicit: { opts: "clientNoContextTakeover:false;serverNoContextTakeover:false;clientMaxWindowBits:15;serverMaxWindowBits:15", server: "plain", offer: "permessage-deflate; client_max_window_bits", answer: "permessage-deflate", clientNoContext: false, clientBits: 15 },
  python12: { opts: "true", server: "python12", offer: "permessage-deflate; client_max_window_bits", answer: "permessage-deflate; client_max_window_bits=12", clientNoContext: false, clientBits: 12 },
  imposed: { opts: "true", server: "imposing", offer: "permessage-deflate; client_max_window_bits", answer: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10", clientNoContext: true, clientBits: 15 },
  off: { opts: "false", server: "plain", offer: undefined, answer: "", clientNoContext: false, clientBits: 15 },
  declined: { opts: "true", server: "none", offer: "permessage-deflate; client_max_window_bits", answer: "", clientNoContext: false, clientBits: 15 },
};

const urls: Record<string, string> = {};
beforeAll(async () => {
  urls.plain = await wsServer({ threshold: 0 });
  urls.python12 = await wsServer({ threshold: 0, clientMaxWindowBits: 12 });
  urls.imposing = await wsServer({ threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10 });
  urls.none = await wsServer(false);
  urls.raw = await rawServer();
});
afterAll(() => {
  for (const close of closers) close();
});

interface ClientMessage {
  compressed: boolean;
  opcode: number;
  payload: Buffer;
}

/** The client's (masked) frames joined into messages, without the close frame. */
function clientMessages(bytes: Buffer): ClientMessage[] {
  const messages: ClientMessage[] = [];
  let current: ClientMessage | undefined;
  let at = 0;
  while (at < bytes.length) {
    const b0 = bytes[at];
    let length = bytes[at + 1] & 127;
    let head = 2;
    if (length === 126) [length, head] = [bytes.readUInt16BE(at + 2), 4];
    else if (length === 127) [length, head] = [Number(bytes.readBigUInt64BE(at + 2)), 10];
    const mask = bytes.subarray(at + head, at + head + 4);
    const payload = Buffer.from(bytes.subarray(at + head + 4, at + head + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    at += head + 4 + length;
    const opcode = b0 & 15;
    if (opcode >= 8) continue;
    if (opcode !== 0) current = { compressed: (b0 & 0x40) !== 0, opcode, payload };
    else current!.payload = Buffer.concat([current!.payload, payload]);
    if (b0 & 0x80) messages.push(current!);
  }
  return messages;
}

const TAIL = Buffer.from([0, 0, 0xff, 0xff]);

/** Each message inflated with a fresh raw inflater, or the error it gave. */
function inflateEachAlone(messages: ClientMessage[]): (string | Error)[] {
  return messages.map((m) => {
    if (!m.compressed) return m.payload.toString("latin1");
    try {
      return zlib.inflateRawSync(Buffer.concat([m.payload, TAIL]), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1");
    } catch (e) {
      return e as Error;
    }
  });
}

/** The messages inflated in order by one raw inflater of `windowBits` (context carried over), or the error. */
async function inflateAsStream(messages: ClientMessage[], windowBits: number): Promise<string[] | Error> {
  const inflater = zlib.createInflateRaw({ windowBits });
  const out: string[] = [];
  let chunks: Buffer[] = [];
  inflater.on("data", (b: Buffer) => chunks.push(b));
  const failed = new Promise<Error>((resolve) => inflater.once("error", resolve));
  for (const m of messages) {
    if (!m.compressed) {
      out.push(m.payload.toString("latin1"));
      continue;
    }
    inflater.write(Buffer.concat([m.payload, TAIL]));
    const flushed = new Promise<void>((resolve) => inflater.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    const error = await Promise.race([failed, flushed.then(() => undefined)]);
    if (error) return error;
    out.push(Buffer.concat(chunks).toString("latin1"));
    chunks = [];
  }
  inflater.close();
  return out;
}

/** A message (or an inflation's error) as a short comparable text. */
function digest(message: string | Error): string {
  if (message instanceof Error) return `error: ${message.message}`;
  return `${message.length} bytes, sha1 ${crypto.createHash("sha1").update(message, "latin1").digest("hex").slice(0, 12)}`;
}

async function digests(messages: Promise<string[] | Error> | (string | Error)[]): Promise<string[] | string> {
  const result = await messages;
  return result instanceof Error ? digest(result) : result.map(digest);
}

/** The messages deflate-negotiation.lua sends, as Node builds them. */
function sentMessages(): string[] {
  const parts: string[] = [];
  for (let i = 1; i <= 60; i++) parts.push(`{"id":${i},"x":${(i * 7) % 1000},"name":"player${i % 50}","alive":true}`);
  const json = `[${parts.join(",")}]`;
  const noise = Buffer.alloc(6000);
  let x = 12345;
  for (let i = 0; i < 6000; i++) {
    x = (x * 16807) % 2147483647;
    noise[i] = Math.floor(x / 65536) % 256;
  }
  return [json, json, noise.toString("latin1"), noise.toString("latin1")];
}

describe.each(runtimesToTest(["lua5.1", "wasmoon"]))("permessage-deflate negotiation through the plugin on %s", (runtime) => {
  it("offers each compression key as documented, reports and keeps every answer, fails every invalid one as a handshake failure", async () => {
    const args: Record<string, string> = {};
    const labels: string[] = [];
    for (const [label, n] of Object.entries(NEGOTIATED)) {
      labels.push(label);
      Object.assign(args, { [`uri_${label}`]: `${urls[n.server]}/${runtime}-${label}`, [`opts_${label}`]: n.opts, [`expect_${label}`]: "open" });
    }
    for (const [label, r] of Object.entries(REFUSED)) {
      labels.push(label);
      Object.assign(args, { [`uri_${label}`]: `${urls.raw}/${label}`, [`opts_${label}`]: r.opts ?? "true", [`expect_${label}`]: label === "valid" ? "behind" : "handshake" });
    }
    // The raw server's paths are shared by the runtimes: its records are read before the next run.
    for (const label of Object.keys(REFUSED)) seen.delete(`/${label}`);
    const run = await runScenario(runtime, "deflate-negotiation.lua", { clients: labels.join(","), ...args }, 60_000);
    expect(run.result, run.log).toBe("ok");

    const sent = sentMessages();
    const sentDigests = sent.map(digest);
    for (const [label, n] of Object.entries(NEGOTIATED)) {
      const log = seen.get(`/${runtime}-${label}`)!;
      expect(log.offer, `${label}: the offer`).toBe(n.offer);
      expect(log.answer, `${label}: the answer`).toBe(n.answer);
      expect(run.reports.get(`extensions_${label}`), `${label}: getExtensions() and ONOPEN.extensions`).toEqual([n.answer, n.answer]);
      const messages = clientMessages(Buffer.concat(log.bytes));
      expect(messages.map((m) => m.compressed), `${label}: RSV1 on each message`).toEqual(sent.map(() => n.answer !== ""));
      if (n.answer === "") continue;
      const alone = inflateEachAlone(messages);
      if (n.clientNoContext) {
        expect(await digests(alone), `${label}: every message inflates alone`).toEqual(sentDigests);
      } else {
        // With context takeover the copies are back-references into the message before them.
        expect(digest(alone[1]), `${label}: the repeated text needs the context`).not.toEqual(sentDigests[1]);
      }
      expect(await digests(inflateAsStream(messages, n.clientBits)), `${label}: inflated with a ${n.clientBits}-bit window`).toEqual(sentDigests);
      if (n.clientBits > 12 && !n.clientNoContext) {
        // The control for the window checks: a 15-bit sender's copy 6000 bytes back breaks a 12-bit inflater.
        expect(await digests(inflateAsStream(messages, 12)), `${label}: a 12-bit inflater fails`).toMatch(/^error: invalid distance too far back/);
      }
    }

    for (const [label, r] of Object.entries(REFUSED)) {
      const log = seen.get(`/${label}`)!;
      expect(log.offer, `${label}: an offer was sent`).toMatch(/^permessage-deflate/);
      if (label === "valid") {
        expect(run.reports.get(`extensions_${label}`)).toEqual([r.answer[0], r.answer[0]]);
        continue;
      }
      expect(run.reports.get(`reason_${label}`)?.[0], `${label}: ONERROR.reason`).toContain(r.reason);
      // Failed during the handshake: nothing written after the request (no close frame, no message).
      expect(Buffer.concat(log.bytes).length, `${label}: bytes after the request`).toBe(0);
    }
  }, 90_000);
});
