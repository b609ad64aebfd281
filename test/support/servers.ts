// The real servers the end-to-end scenarios talk to, all on 127.0.0.1 with ephemeral ports:
//
//   behaving     a `ws` server (plain and over TLS) whose behaviour per connection is chosen by the
//                request path: echo, send N messages then close, ping, destroy, go silent, count
//                what arrives (optionally reading nothing until resumed), keep-alive report, report
//                the handshake headers, Basic auth
//   TLS          the same routes behind Node `https`, with the certificates of ./certs.ts: a good
//                certificate, one for the wrong host name, and a server capped at TLS 1.2
//   misbehaving  a raw `net` server that reads the client's handshake and then breaks RFC 6455 in the
//                way its path names (rejections, broken upgrades, stalls, drops, malformed frames),
//                plus one route that is correct but exercises the framing edge cases
//
// Scenarios get the addresses as `name=value` script arguments (TestServers.args).
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { makeTestCertificates, type TestCertificates } from "./certs";
import { PROJECT_ROOT } from "./runtimes";

const LOOPBACK = "127.0.0.1";

/** RFC 6455 §1.3: the GUID appended to Sec-WebSocket-Key before hashing. */
const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** RFC 6455 §5.2 opcodes. */
const Opcode = { CONTINUATION: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa } as const;
const FIN_BIT = 0x80;
const RSV1_BIT = 0x40;
const MASK_BIT = 0x80;

/** Subprotocols the behaving server speaks, best first: it picks the first of these the client offers. */
export const SERVER_SUBPROTOCOLS = ["chat.v2", "chat.v1"];
/** The only credentials the /private route accepts. */
export const BASIC_AUTH = { username: "player", password: "s3cret" };

/** Adler-32 of a byte stream, as two numbers: the scenarios compute the same in plain Lua. */
export class Adler32 {
  a = 1;
  b = 0;
  update(bytes: Uint8Array): this {
    for (const byte of bytes) {
      this.a = (this.a + byte) % 65521;
      this.b = (this.b + this.a) % 65521;
    }
    return this;
  }
  toString(): string {
    return `${this.a}-${this.b}`;
  }
}

/** What the /count route saw on one connection, by the `id` the scenario gave it. */
export interface ReceivedLog {
  messages: number;
  bytes: number;
  /** Adler-32 over all message payloads in order ("a-b"). */
  checksum: string;
  /** Set when the connection ended: the close code and reason the client sent (1005/1006 if none). */
  closeCode?: number;
  closeReason?: string;
}

export interface TestServers {
  /** Addresses and files for the scenario scripts, passed as `name=value` arguments. */
  args: Record<string, string>;
  /** Resolves with the /count route's log for `id` once that connection has ended. */
  receivedLog(id: string, timeoutMs?: number): Promise<ReceivedLog>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The behaving server: `ws` routes, shared by the plain and the TLS listeners.
// ---------------------------------------------------------------------------------------------

type Route = (ws: WebSocket, url: URL, req: http.IncomingMessage) => void;

function echo(ws: WebSocket): void {
  ws.on("message", (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
}

/** /close?n=N&code=C&reason=R: N text messages "message 1".."message N", then a close frame
 *  (code "none": a close frame without a code, which the client reports as 1005). */
function sendThenClose(ws: WebSocket, url: URL): void {
  const count = Number(url.searchParams.get("n") ?? "0");
  for (let i = 1; i <= count; i++) ws.send(`message ${i}`);
  const code = url.searchParams.get("code") ?? "1000";
  if (code === "none") ws.close();
  else ws.close(Number(code), url.searchParams.get("reason") ?? "");
}

/** /ping?data=X: pings the client and reports the pong's payload as the text "pong <payload>". */
function pingClient(ws: WebSocket, url: URL): void {
  ws.on("pong", (payload) => ws.send(`pong ${payload.toString("latin1")}`));
  ws.ping(url.searchParams.get("data") ?? "");
}

/** /destroy: echoes the first message, then drops TCP without a close frame. */
function destroyAfterFirstMessage(ws: WebSocket): void {
  ws.once("message", (data, isBinary) => {
    ws.send(data as Buffer, { binary: isBinary }, () => ws.terminate());
  });
}

/** /silent: stops reading at once, so the client's pings are never answered. */
function goSilent(ws: WebSocket): void {
  ws.pause();
}

/** /keepalive?after=MS: answers pings (ws does that by itself), counts them, and reports
 *  "pings <count>" MS milliseconds after the first ping; "pings 0" when none came for 5 s. Timed from
 *  the first ping, not from the upgrade, so that a slow interpreter's start does not count. */
function keepAliveReport(ws: WebSocket, url: URL): void {
  let pings = 0;
  const report = () => ws.send(`pings ${pings}`);
  let timer = setTimeout(report, 5000);
  ws.on("ping", () => {
    if (pings++ > 0) return;
    clearTimeout(timer);
    timer = setTimeout(report, Number(url.searchParams.get("after") ?? "1000"));
  });
  ws.on("close", () => clearTimeout(timer));
}

/** /inspect: reports the handshake request as text messages, then "end":
 *  "header <name>=<value>" for every header (repeated headers joined by ", "), "auth <user:pass>"
 *  for Basic authentication, "path <path?query>". */
function inspectHandshake(ws: WebSocket, _url: URL, req: http.IncomingMessage): void {
  for (const [name, value] of Object.entries(req.headers)) {
    ws.send(`header ${name}=${Array.isArray(value) ? value.join(", ") : value}`);
  }
  const credentials = basicCredentials(req);
  if (credentials !== undefined) ws.send(`auth ${credentials}`);
  ws.send(`path ${req.url}`);
  ws.send("end");
}

function basicCredentials(req: http.IncomingMessage): string | undefined {
  const match = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
  return match ? Buffer.from(match[1], "base64").toString("latin1") : undefined;
}

/** /count?id=X[&stall=1]: counts the messages, bytes and checksum that arrive and keeps the log under
 *  X. With stall=1 it reads nothing (backpressure) until a connection to /resume?id=X comes. The text
 *  message "report" is not counted: it is answered with "received <messages> <bytes> <checksum>". */
function countReceived(logs: Map<string, ReceivedLog>, done: Map<string, () => void>, stalled: Map<string, WebSocket>): Route {
  return (ws, url) => {
    const id = url.searchParams.get("id") ?? "";
    const log: ReceivedLog = { messages: 0, bytes: 0, checksum: "" };
    const checksum = new Adler32();
    logs.set(id, log);
    ws.on("message", (data, isBinary) => {
      const bytes = data as Buffer;
      if (!isBinary && bytes.toString("latin1") === "report") {
        ws.send(`received ${log.messages} ${log.bytes} ${log.checksum || checksum.toString()}`);
        return;
      }
      log.messages++;
      log.bytes += bytes.length;
      log.checksum = checksum.update(bytes).toString();
    });
    ws.on("close", (code, reason) => {
      log.closeCode = code;
      log.closeReason = reason.toString("latin1");
      done.get(id)?.();
    });
    if (url.searchParams.get("stall") === "1") {
      ws.pause();
      stalled.set(id, ws);
    }
  };
}

/** /resume?id=X: the /count connection X reads again; this connection closes at once with 1000. */
function resumeStalled(stalled: Map<string, WebSocket>): Route {
  return (ws, url) => {
    const id = url.searchParams.get("id") ?? "";
    const target = stalled.get(id);
    stalled.delete(id);
    target?.resume();
    ws.close(1000, target ? "resumed" : "nothing to resume");
  };
}

/** /private: /inspect for clients with Basic authentication BASIC_AUTH; 401 for the rest. */
function isAuthorized(req: http.IncomingMessage): boolean {
  return basicCredentials(req) === `${BASIC_AUTH.username}:${BASIC_AUTH.password}`;
}

function createBehavingServer(logs: Map<string, ReceivedLog>, done: Map<string, () => void>) {
  const stalled = new Map<string, WebSocket>();
  const routes: Record<string, Route> = {
    "/echo": echo,
    "/private": inspectHandshake,
    "/close": sendThenClose,
    "/ping": pingClient,
    "/destroy": destroyAfterFirstMessage,
    "/silent": goSilent,
    "/keepalive": keepAliveReport,
    "/inspect": inspectHandshake,
    "/count": countReceived(logs, done, stalled),
    "/resume": resumeStalled(stalled),
  };
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => SERVER_SUBPROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  /** The 'upgrade' listener for both the plain and the TLS HTTP servers. */
  return function onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "ws://test");
    const route = routes[url.pathname];
    if (route === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    if (url.pathname === "/private" && !isAuthorized(req)) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="game"\r\nContent-Length: 0\r\n' +
          "Connection: close\r\n\r\n",
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => route(ws, url, req));
  };
}

// ---------------------------------------------------------------------------------------------
// The misbehaving server: raw TCP, the handshake and the frames written by hand.
// ---------------------------------------------------------------------------------------------

/** RFC 6455 §4.2.2: the Sec-WebSocket-Accept value for a key. */
function acceptFor(key: string): string {
  return crypto.createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
}

/** One server-to-client frame (RFC 6455 §5.2). Servers never mask; `mask` makes a broken one. */
function frame(
  opcode: number,
  payload: Buffer | string,
  options: { fin?: boolean; rsv1?: boolean; mask?: boolean } = {},
): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
  const first = (options.fin === false ? 0 : FIN_BIT) | (options.rsv1 ? RSV1_BIT : 0) | opcode;
  const maskBit = options.mask ? MASK_BIT : 0;
  let header: Buffer;
  if (body.length < 126) {
    header = Buffer.from([first, maskBit | body.length]);
  } else if (body.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | 126;
    header.writeUInt16BE(body.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(body.length), 2);
  }
  if (!options.mask) return Buffer.concat([header, body]);
  const key = crypto.randomBytes(4);
  const masked = Buffer.from(body.map((byte, i) => byte ^ key[i % 4]));
  return Buffer.concat([header, key, masked]);
}

function closeFrame(code: number, reason = ""): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return frame(Opcode.CLOSE, payload);
}

/** Client-to-server frames (always masked), parsed just enough for the raw routes' replies. */
class ClientFrameReader {
  private pending = Buffer.alloc(0);
  feed(bytes: Buffer): { opcode: number; payload: Buffer }[] {
    this.pending = Buffer.concat([this.pending, bytes]);
    const frames: { opcode: number; payload: Buffer }[] = [];
    for (;;) {
      if (this.pending.length < 2) return frames;
      const opcode = this.pending[0] & 0x0f;
      let length = this.pending[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.pending.length < 4) return frames;
        length = this.pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.pending.length < 10) return frames;
        length = Number(this.pending.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (this.pending[1] & MASK_BIT) !== 0;
      const end = offset + (masked ? 4 : 0) + length;
      if (this.pending.length < end) return frames;
      const key = masked ? this.pending.subarray(offset, offset + 4) : Buffer.alloc(4);
      const payload = Buffer.from(this.pending.subarray(end - length, end).map((b, i) => b ^ key[i % 4]));
      frames.push({ opcode, payload });
      this.pending = this.pending.subarray(end);
    }
  }
}

interface RawRequest {
  path: string;
  key: string;
  head: string;
}

type RawRoute = (socket: net.Socket, request: RawRequest) => void;

function switchingProtocols(key: string, extraHeaders: string[] = []): string {
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${acceptFor(key)}`,
    ...extraHeaders,
    "",
    "",
  ].join("\r\n");
}

/** A correct upgrade, one good text message "before", then `misbehave`. */
function openThen(misbehave: (socket: net.Socket) => void): RawRoute {
  return (socket, { key }) => {
    socket.write(switchingProtocols(key));
    socket.write(frame(Opcode.TEXT, "before"));
    misbehave(socket);
  };
}

/** A correct upgrade, "before", then one frame that breaks the protocol. The client must fail the
 *  connection itself; the server just waits for it to go. */
function openThenSend(badFrame: Buffer | Buffer[]): RawRoute {
  return openThen((socket) => {
    for (const part of Array.isArray(badFrame) ? badFrame : [badFrame]) socket.write(part);
  });
}

/** Valid framing at its edges: a text message in three fragments split inside a UTF-8 character, with
 *  a ping between fragments (the rest waits for the client's pong); a binary message with a 16-bit
 *  length (300 bytes) and one with a 64-bit length (70000 bytes), both bytes i % 256; an empty text
 *  message; then a close 1000 "done", and TCP ends when the client's close frame arrives. */
function fragmentedAndLong(socket: net.Socket, { key }: RawRequest): void {
  socket.write(switchingProtocols(key));
  // "Zdravo, mir" in Cyrillic: 2-byte characters, split after the first byte of one.
  const text = Buffer.from("\u0417\u0434\u0440\u0430\u0432\u043e, \u043c\u0438\u0440", "utf8");
  socket.write(frame(Opcode.TEXT, text.subarray(0, 5), { fin: false }));
  socket.write(frame(Opcode.PING, "between"));
  const reader = new ClientFrameReader();
  let pongSeen = false;
  socket.on("data", (bytes) => {
    for (const { opcode, payload } of reader.feed(bytes)) {
      if (opcode === Opcode.PONG && !pongSeen && payload.toString("latin1") === "between") {
        pongSeen = true;
        socket.write(frame(Opcode.CONTINUATION, text.subarray(5, 9), { fin: false }));
        socket.write(frame(Opcode.CONTINUATION, text.subarray(9)));
        const pattern = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i % 256));
        socket.write(frame(Opcode.BINARY, pattern(300)));
        socket.write(frame(Opcode.BINARY, pattern(70000)));
        socket.write(frame(Opcode.TEXT, ""));
        socket.write(closeFrame(1000, "done"));
      } else if (opcode === Opcode.CLOSE) {
        socket.end();
      }
    }
  });
}

const rawRoutes: Record<string, RawRoute> = {
  // Handshake rejections (RFC 6455 §4.1: the client must fail the connection).
  "/forbidden": (socket) => socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
  // A refusal a game can act on: its status, its headers (Retry-After, sent twice to be joined) and
  // its body reach ONERROR.
  "/busy": (socket) =>
    socket.end(
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nX-Shard: a\r\nX-Shard: b\r\nContent-Length: 13\r\nConnection: close\r\n\r\n" +
        "server busy\r\n",
    ),
  "/bad-accept": (socket) => socket.write(switchingProtocols("not the client's key")),
  "/bad-protocol": (socket, { key }) => socket.write(switchingProtocols(key, ["Sec-WebSocket-Protocol: chat.unrequested"])),
  // Stalls: only the client's timeout ends these.
  "/never": () => {},
  "/half": (socket) => socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"),
  // The connection ends without a close handshake.
  "/drop-mid-frame": openThen((socket) => {
    const whole = frame(Opcode.BINARY, Buffer.alloc(100, 7));
    socket.end(whole.subarray(0, 12));
  }),
  "/reset": openThen((socket) => setTimeout(() => socket.resetAndDestroy(), 50)),
  // Malformed frames (RFC 6455 §5.2, §5.5.1, §7.4.1, §8.1, §10.4).
  "/frame/reserved-bits": openThenSend(frame(Opcode.TEXT, "rsv1 without an extension", { rsv1: true })),
  "/frame/bad-opcode": openThenSend(frame(0x3, "opcode 3 is reserved")),
  "/frame/masked": openThenSend(frame(Opcode.TEXT, "servers must not mask", { mask: true })),
  "/frame/bad-utf8": openThenSend(frame(Opcode.TEXT, Buffer.from([0x6f, 0x6b, 0xc3, 0x28]))),
  "/frame/bad-close-code": openThenSend(closeFrame(1005)),
  "/frame/too-big": openThenSend(frame(Opcode.BINARY, Buffer.alloc(2048, 1))),
  "/frame/too-big-fragmented": openThenSend([
    frame(Opcode.BINARY, Buffer.alloc(600, 1), { fin: false }),
    frame(Opcode.CONTINUATION, Buffer.alloc(600, 2)),
  ]),
  // Correct, at the edges of framing.
  "/fragmented": fragmentedAndLong,
};

function createMisbehavingServer(sockets: Set<net.Socket>): net.Server {
  return net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // clients reset and drop these connections on purpose
    let request = "";
    const onData = (bytes: Buffer) => {
      request += bytes.toString("latin1");
      const end = request.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      const head = request.slice(0, end);
      const path = /^GET (\S+) HTTP\/1\.1/.exec(head)?.[1] ?? "";
      const key = /^sec-websocket-key:\s*(\S+)/im.exec(head)?.[1] ?? "";
      const route = rawRoutes[path];
      if (route) route(socket, { path, key, head });
      else socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    };
    socket.on("data", onData);
  });
}

// ---------------------------------------------------------------------------------------------
// Starting and stopping everything.
// ---------------------------------------------------------------------------------------------

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** A port on which nothing listens: bound once to learn a free number, then released. */
async function refusedPort(): Promise<number> {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Keeps every socket so that close() can end connections that clients left open. */
function tracked<T extends net.Server>(server: T, sockets: Set<net.Socket>): T {
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A client that fails the TLS handshake on purpose is not a test failure.
  server.on("tlsClientError", () => {});
  return server;
}

export async function startTestServers(): Promise<TestServers> {
  const certs: TestCertificates = makeTestCertificates();
  const logs = new Map<string, ReceivedLog>();
  const done = new Map<string, () => void>();
  const sockets = new Set<net.Socket>();
  const onUpgrade = createBehavingServer(logs, done);

  const plain = tracked(http.createServer(), sockets);
  const secure = tracked(https.createServer({ cert: certs.server.cert, key: certs.server.key }), sockets);
  const wrongHost = tracked(https.createServer({ cert: certs.wrongHost.cert, key: certs.wrongHost.key }), sockets);
  const tls12Only = tracked(
    https.createServer({ cert: certs.server.cert, key: certs.server.key, maxVersion: "TLSv1.2" }),
    sockets,
  );
  const httpServers = [plain, secure, wrongHost, tls12Only];
  for (const server of httpServers) server.on("upgrade", onUpgrade);
  const misbehaving = createMisbehavingServer(sockets);

  const [plainPort, securePort, wrongHostPort, tls12Port, rawPort, closedPort] = await Promise.all([
    ...[...httpServers, misbehaving].map(listen),
    refusedPort(),
  ]);

  return {
    args: {
      ws: `ws://${LOOPBACK}:${plainPort}`,
      ws_port: String(plainPort),
      raw: `ws://${LOOPBACK}:${rawPort}`,
      wss: `wss://${LOOPBACK}:${securePort}`,
      wss_localhost: `wss://localhost:${securePort}`,
      wss_wrong_host: `wss://${LOOPBACK}:${wrongHostPort}`,
      wss_tls12: `wss://${LOOPBACK}:${tls12Port}`,
      ca: certs.caFile,
      // The same file as a relative path: scenarios run in the project root, and a relative `ca` is
      // resolved against the working directory outside Solar2D.
      ca_relative: path.relative(PROJECT_ROOT, certs.caFile),
      refused: `ws://${LOOPBACK}:${closedPort}/`,
      dns: "ws://nonexistent.invalid/",
      auth_user: BASIC_AUTH.username,
      auth_password: BASIC_AUTH.password,
    },
    receivedLog(id, timeoutMs = 5000) {
      const log = logs.get(id);
      if (log?.closeCode !== undefined) return Promise.resolve(log);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no finished /count connection with id ${id}`)), timeoutMs);
        done.set(id, () => {
          clearTimeout(timer);
          resolve(logs.get(id)!);
        });
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [...httpServers, misbehaving].map((server) => new Promise((resolve) => server.close(resolve))),
      );
      certs.remove();
    },
  };
}
