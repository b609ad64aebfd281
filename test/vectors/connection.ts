// The whole client connection (RFC 6455 sections 4-7): a scripted conversation with a server, and the
// events, client bytes and final state that must come out of it.
import { clientFrame, closeBody, countingBytes, hex, letters, serverFrame, serverHeader, utf8 } from "./bytes";
import { RFC_MASK_KEY } from "./frames";

/** The nonce of RFC 6455 section 1.3: base64 "dGhlIHNhbXBsZSBub25jZQ==". */
export const RFC_NONCE = "the sample nonce";
export const RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
/** "the server would ... return the |Sec-WebSocket-Accept| header field ... s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" */
export const RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/** A 101 answer to the RFC key, with the header lines given. */
export function response(lines: string[], status = "HTTP/1.1 101 Switching Protocols"): string {
  return [status, ...lines].join("\r\n") + "\r\n\r\n";
}

export const HANDSHAKE_OK = response(["Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]);

export type Step =
  | { receive: string }
  | { send: string; binary?: boolean }
  /** Connection.sendPiece (SPEC section 9); its verdict joins the observed `verdicts`. */
  | { piece: string; binary?: boolean; fin: boolean }
  | { ping: string }
  | { close: true; code?: number; reason?: string }
  | { lost: "dns" | "connect" | "tls" | "closed"; reason: string }
  | { fail: "timeout" | "closed"; code: number; reason: string }
  | { abort: string }
  /** The peer ended its side of the TCP connection. */
  | { eof: true }
  /** The host writes what is queued now (it joins `sent`). */
  | { write: true }
  /** The application takes the events queued so far (they join the observed events): what the
   *  connection found while decoding takes effect in event order, so a peer's close frame behind
   *  events not yet taken closes the connection only once they are taken. A number takes only
   *  that many. */
  | { take: true | number };

/** An expected event: the fields given must match; `reasonIncludes` checks part of the reason. */
export type ExpectedEvent =
  | { type: "open"; protocol: string; extensions?: string }
  | { type: "message"; data: string; binary: boolean; partial?: boolean }
  | { type: "pong"; data: string }
  | { type: "error"; errorType: string; code: number; reason?: string; reasonIncludes?: string; status?: number; headers?: { name: string; value: string }[]; body?: string }
  | { type: "close"; code: number; wasClean: boolean; reason?: string; reasonIncludes?: string };

export interface ConnectionVector {
  name: string;
  url?: string;
  protocols?: string[];
  headers?: [string, string | string[]][];
  origin?: string;
  username?: string;
  password?: string;
  maxMessageSize?: number;
  /** SPEC section 9: messages handed out in pieces as they arrive. */
  receiveFragments?: boolean;
  /** The verdicts of the `piece` steps, in order (PieceVerdict: 0 accepted ... 4 unfinished UTF-8). */
  verdicts?: number[];
  /** What successive calls of `random` return; the last repeats. Default: the RFC nonce, then the
   *  RFC masking key 37 fa 21 3d for every frame. */
  random?: string[];
  steps: Step[];
  events: ExpectedEvent[];
  /** The handshake request, when the vector checks it. */
  request?: string;
  /** Every byte the client wrote after the request, when the vector checks it. */
  sent?: string;
  /** Ready state at the end (3 = CLOSED). */
  state: number;
}

export const DEFAULT_URL = "ws://server.example.com/chat";
const K = RFC_MASK_KEY;
const OPEN: ExpectedEvent = { type: "open", protocol: "" };
const open: Step = { receive: HANDSHAKE_OK };
const CONNECTING = 0;
const OPEN_STATE = 1;
const CLOSING = 2;
const CLOSED = 3;

/** A server breaking the protocol: the client sends a close frame with the code, then reports it. */
function violation(name: string, frames: string[], code: number, errorType = "protocol", extra: Partial<ConnectionVector> = {}): ConnectionVector {
  return {
    name,
    ...extra,
    steps: [open, ...frames.map((f) => ({ receive: f }))],
    events: [OPEN, { type: "error", errorType, code }, { type: "close", code, wasClean: false }],
    sent: clientFrame(8, closeBody(code), K),
    state: CLOSED,
  };
}

/** A handshake answer the client must refuse: ErrorEvent "handshake" + CloseEvent 1006, nothing sent. */
function rejected(name: string, answer: string, reasonIncludes: string, extra: Partial<ConnectionVector> = {}): ConnectionVector {
  return {
    name,
    ...extra,
    steps: [{ receive: answer }, { receive: serverFrame(1, "ignored") }],
    events: [
      { type: "error", errorType: "handshake", code: 1006, reasonIncludes },
      { type: "close", code: 1006, wasClean: false, reasonIncludes },
    ],
    sent: "",
    state: CLOSED,
  };
}

/** Autobahn 6.5.x's text: "\u03ba\u1f79\u03c3\u03bc\u03b5" (11 bytes), then F4 90 80 80 (a code point above
 *  U+10FFFF, invalid from the 90), then "edited". */
const AUTOBAHN_6_5 = utf8("\u03ba\u1f79\u03c3\u03bc\u03b5") + hex("f4 90 80 80") + "edited";

/** 200 bytes of valid text whose two-byte sequences straddle the reads at 61 and 139. */
const SPLIT_TEXT = utf8("\u00e9t\u00e9 ").repeat(40).slice(0, 200);

function serverClose(code: number, reason = ""): string {
  return serverFrame(8, closeBody(code, reason));
}

export const connectionVectors: ConnectionVector[] = [
  // ---- the opening handshake (section 4.1) ----
  {
    name: "RFC 1.3 handshake: request fields, subprotocol chosen by the server",
    protocols: ["chat", "superchat"],
    origin: "http://example.com",
    steps: [{ receive: response(["Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, "Sec-WebSocket-Protocol: chat"]) }],
    request:
      "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: ${RFC_KEY}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://example.com\r\n` +
      "Sec-WebSocket-Protocol: chat, superchat\r\n\r\n",
    events: [{ type: "open", protocol: "chat", extensions: "" }],
    sent: "",
    state: OPEN_STATE,
  },
  {
    name: "Host carries a non-default port; extra headers, several values, Basic authentication (RFC 7617 example)",
    url: "ws://example.com:8080/game?room=1",
    headers: [["X-Token", "abc"], ["X-Multi", ["one", "two"]]],
    username: "Aladdin",
    password: "open sesame",
    steps: [],
    request:
      "GET /game?room=1 HTTP/1.1\r\nHost: example.com:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: ${RFC_KEY}\r\nSec-WebSocket-Version: 13\r\n` +
      "X-Token: abc\r\nX-Multi: one\r\nX-Multi: two\r\nAuthorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n",
    events: [],
    state: CONNECTING,
  },
  {
    name: "IPv6 host in brackets; user information of the URL becomes Basic authentication",
    url: "wss://us%40er:pw@[::1]:9001",
    steps: [],
    request:
      "GET / HTTP/1.1\r\nHost: [::1]:9001\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: ${RFC_KEY}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Basic ${Buffer.from("us@er:pw").toString("base64")}\r\n\r\n`,
    events: [],
    state: CONNECTING,
  },
  {
    name: "wss on the default port leaves the port out of Host",
    url: "wss://Example.com:443/",
    random: [hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f")],
    steps: [],
    request:
      "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    events: [],
    state: CONNECTING,
  },
  {
    name: "header names and tokens are case-insensitive; Connection may list other tokens",
    steps: [{ receive: response(["upgrade: WebSocket", "CONNECTION: keep-alive, Upgrade", `sec-websocket-accept: ${RFC_ACCEPT}`, "Server: test"]) }],
    events: [OPEN],
    state: OPEN_STATE,
  },
  {
    name: "offered subprotocol the server does not pick: open without one",
    protocols: ["chat"],
    steps: [open],
    events: [OPEN],
    state: OPEN_STATE,
  },
  {
    name: "frames in the same read as the 101 are not lost",
    steps: [{ receive: HANDSHAKE_OK + serverFrame(1, "Hello") + serverFrame(2, "x") }],
    events: [OPEN, { type: "message", data: "Hello", binary: false }, { type: "message", data: "x", binary: true }],
    state: OPEN_STATE,
  },
  rejected("403 Forbidden: the status line is in the reason", response(["Content-Length: 0"], "HTTP/1.1 403 Forbidden"), "HTTP/1.1 403 Forbidden"),
  rejected("200 OK instead of 101", response(["Content-Length: 0"], "HTTP/1.1 200 OK"), "HTTP/1.1 200 OK"),
  rejected("not HTTP at all", "SSH-2.0-OpenSSH_9.0\r\n\r\n", "not an HTTP response"),
  rejected("missing Upgrade", response(["Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]), "no Upgrade"),
  rejected("wrong Upgrade", response(["Upgrade: h2c", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]), "Upgrade: h2c"),
  rejected("missing Connection", response(["Upgrade: websocket", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]), "no Connection"),
  rejected("Connection without upgrade", response(["Upgrade: websocket", "Connection: keep-alive", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]), "upgrade token"),
  rejected("missing Sec-WebSocket-Accept", response(["Upgrade: websocket", "Connection: Upgrade"]), "no Sec-WebSocket-Accept"),
  rejected("wrong Sec-WebSocket-Accept", response(["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ=="]), "Sec-WebSocket-Accept"),
  rejected(
    "subprotocol that was not offered",
    response(["Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, "Sec-WebSocket-Protocol: superchat"]),
    "not offered",
    { protocols: ["chat"] },
  ),
  rejected(
    "subprotocol when none was offered",
    response(["Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, "Sec-WebSocket-Protocol: chat"]),
    "none was offered",
  ),
  rejected(
    "extensions, though none were offered",
    response(["Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, "Sec-WebSocket-Extensions: permessage-deflate"]),
    "permessage-deflate",
  ),
  rejected("malformed header line", response(["Upgrade websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]), "malformed header line"),
  rejected("obsolete line folding", response(["Upgrade: websocket", " continued", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`]), "malformed header line"),
  rejected("oversized header block", "HTTP/1.1 101 Switching Protocols\r\nX-Filler: " + letters(16400), "larger than"),
  {
    name: "close() while connecting cancels: CloseEvent 1006 only",
    steps: [{ close: true, code: 1000 }, { receive: HANDSHAKE_OK }],
    events: [{ type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },
  {
    name: "abort while connecting: CloseEvent 1006 only",
    steps: [{ abort: "cancelled by the game" }],
    events: [{ type: "close", code: 1006, wasClean: false, reason: "cancelled by the game" }],
    sent: "",
    state: CLOSED,
  },
  {
    name: "transport fails while connecting",
    steps: [{ lost: "dns", reason: "no such host: nowhere.invalid" }],
    events: [
      { type: "error", errorType: "dns", code: 1006, reason: "no such host: nowhere.invalid" },
      { type: "close", code: 1006, wasClean: false },
    ],
    sent: "",
    state: CLOSED,
  },
  {
    name: "connect timeout while waiting for the 101",
    steps: [{ receive: "HTTP/1.1 101 Switching" }, { fail: "timeout", code: 1006, reason: "connect timed out" }],
    events: [
      { type: "error", errorType: "timeout", code: 1006, reason: "connect timed out" },
      { type: "close", code: 1006, wasClean: false },
    ],
    sent: "",
    state: CLOSED,
  },

  // ---- data frames (sections 5.4, 5.6, 5.7) ----
  {
    name: "RFC 5.7: single-frame unmasked text Hello",
    steps: [open, { receive: hex("81 05 48 65 6c 6c 6f") }],
    events: [OPEN, { type: "message", data: "Hello", binary: false }],
    state: OPEN_STATE,
  },
  {
    name: "RFC 5.7: fragmented text Hel + lo",
    steps: [open, { receive: hex("01 03 48 65 6c") }, { receive: hex("80 02 6c 6f") }],
    events: [OPEN, { type: "message", data: "Hello", binary: false }],
    state: OPEN_STATE,
  },
  {
    name: "RFC 5.7: unmasked ping Hello is answered by the masked pong",
    steps: [open, { receive: hex("89 05 48 65 6c 6c 6f") }],
    events: [OPEN],
    sent: hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
    state: OPEN_STATE,
  },
  {
    name: "RFC 5.7: sending Hello writes the masked frame",
    steps: [open, { send: "Hello" }],
    events: [OPEN],
    sent: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
    state: OPEN_STATE,
  },
  {
    name: "each frame gets the next masking key from random",
    random: [RFC_NONCE, hex("01 02 03 04"), hex("a0 b0 c0 d0")],
    steps: [open, { send: "ab" }, { send: countingBytes(3), binary: true }, { ping: "p" }],
    events: [OPEN],
    sent: clientFrame(1, "ab", hex("01 02 03 04")) + clientFrame(2, countingBytes(3), hex("a0 b0 c0 d0")) + clientFrame(9, "p", hex("a0 b0 c0 d0")),
    state: OPEN_STATE,
  },
  {
    name: "sends at every length boundary",
    steps: [open, ...[0, 125, 126, 65535, 65536].map((n) => ({ send: countingBytes(n), binary: true }))],
    events: [OPEN],
    sent: [0, 125, 126, 65535, 65536].map((n) => clientFrame(2, countingBytes(n), K)).join(""),
    state: OPEN_STATE,
  },
  {
    name: "receives at every length boundary",
    steps: [open, ...[0, 125, 126, 65535, 65536].map((n) => ({ receive: serverFrame(2, countingBytes(n)) }))],
    events: [OPEN, ...[0, 125, 126, 65535, 65536].map((n): ExpectedEvent => ({ type: "message", data: countingBytes(n), binary: true }))],
    state: OPEN_STATE,
  },
  {
    name: "empty text message",
    steps: [open, { receive: serverFrame(1, "") }],
    events: [OPEN, { type: "message", data: "", binary: false }],
    state: OPEN_STATE,
  },
  {
    name: "fragments with ping and pong between them",
    steps: [
      open,
      { receive: serverFrame(2, "ab", { fin: false }) + serverFrame(9, "p1") },
      { receive: serverFrame(0, "", { fin: false }) + serverFrame(10, "p2") + serverFrame(0, "cd") },
    ],
    events: [OPEN, { type: "pong", data: "p2" }, { type: "message", data: "abcd", binary: true }],
    sent: clientFrame(10, "p1", K),
    state: OPEN_STATE,
  },
  {
    name: "UTF-8 sequence split across fragments",
    steps: [open, { receive: serverFrame(1, hex("e2 82"), { fin: false }) + serverFrame(0, hex("ac")) }],
    events: [OPEN, { type: "message", data: utf8("\u20ac"), binary: false }],
    state: OPEN_STATE,
  },
  {
    name: "message exactly maxMessageSize bytes over two fragments",
    maxMessageSize: 10,
    steps: [open, { receive: serverFrame(1, "12345", { fin: false }) + serverFrame(0, "67890") }],
    events: [OPEN, { type: "message", data: "1234567890", binary: false }],
    state: OPEN_STATE,
  },

  // ---- failures: the client sends a close frame with the code, then ErrorEvent + CloseEvent ----
  violation("RSV1 set", [serverFrame(1, "Hello", { rsv: 4 })], 1002),
  violation("reserved opcode", [serverFrame(5, "")], 1002),
  violation("masked server frame", [serverFrame(1, "Hello", { maskKey: K })], 1002),
  violation("fragmented control frame", [serverFrame(9, "", { fin: false })], 1002),
  violation("control frame over 125 bytes", [serverFrame(10, letters(126))], 1002),
  violation("64-bit length with the high bit set", [hex("82 7f 80 00 00 00 00 00 00 01")], 1002),
  violation("continuation without a message", [serverFrame(0, "lo")], 1002),
  violation("new data frame inside a fragmented message", [serverFrame(1, "Hel", { fin: false }), serverFrame(1, "lo")], 1002),
  violation("invalid UTF-8 in a text message", [serverFrame(1, hex("48 c3 28"))], 1007),
  violation("text ends inside a UTF-8 sequence", [serverFrame(1, hex("48 e2 82"))], 1007),
  violation("UTF-8 fails fast: first fragment invalid, message never finished", [serverFrame(1, hex("ed a0 80"), { fin: false })], 1007),
  violation("UTF-8 of a later fragment invalid", [serverFrame(1, "ok", { fin: false }), serverFrame(0, hex("ff"), { fin: false })], 1007),
  // Fail fast inside one frame (section 8.1; Autobahn 6.5.3/6.5.4 send one text frame in several writes):
  // the frame's header promises more payload than is ever fed, so the 1007 can only come from the
  // bytes that did arrive, before the rest of the frame.
  violation(
    "UTF-8 fails fast inside a frame: F4 90 80 80 in the second of three reads, the third never sent (Autobahn 6.5.3)",
    [serverHeader(1, AUTOBAHN_6_5.length) + AUTOBAHN_6_5.slice(0, 11), AUTOBAHN_6_5.slice(11, 15)],
    1007,
  ),
  violation(
    "UTF-8 fails fast inside a frame: F4 ending the first read, 90 starting the second (Autobahn 6.5.4)",
    [serverHeader(1, AUTOBAHN_6_5.length) + AUTOBAHN_6_5.slice(0, 12), AUTOBAHN_6_5.slice(12, 13)],
    1007,
  ),
  violation(
    "UTF-8 fails fast inside a frame: a sequence begun in one read and broken by the next",
    [serverHeader(1, 100) + "ab" + hex("e2"), hex("28") + "cd"],
    1007,
  ),
  violation(
    "UTF-8 fails fast inside a continuation frame",
    [serverFrame(1, "ok", { fin: false }), serverHeader(0, 1000) + "fine so far " + hex("c0 af")],
    1007,
  ),
  violation(
    "UTF-8 fails fast inside a 64-bit-length frame, after the valid start of it",
    [serverHeader(1, 70000) + letters(300), utf8("\u00e9") + hex("80")],
    1007,
  ),
  {
    name: "a text frame in many reads, with sequences split between them, is delivered once and whole",
    steps: [
      open,
      { receive: serverHeader(1, 200) + SPLIT_TEXT.slice(0, 61) },
      { receive: SPLIT_TEXT.slice(61, 139) },
      { receive: SPLIT_TEXT.slice(139) + serverFrame(1, "next") },
    ],
    events: [OPEN, { type: "message", data: SPLIT_TEXT, binary: false }, { type: "message", data: "next", binary: false }],
    state: OPEN_STATE,
  },
  {
    name: "a ping split between reads inside a fragmented text message",
    steps: [
      open,
      { receive: serverFrame(1, utf8("\u00e9"), { fin: false }) + serverHeader(9, 4) + "pi" },
      { receive: "ng" + serverHeader(0, 3) + utf8("\u20ac").slice(0, 1) },
      { receive: utf8("\u20ac").slice(1) },
    ],
    events: [OPEN, { type: "message", data: utf8("\u00e9\u20ac"), binary: false }],
    sent: clientFrame(10, "ping", K),
    state: OPEN_STATE,
  },
  violation("message over maxMessageSize fails on its header alone", [serverHeader(2, 11)], 1009, "limit", { maxMessageSize: 10 }),
  violation("running total over maxMessageSize", [serverFrame(2, "123456", { fin: false }), serverHeader(0, 5)], 1009, "limit", { maxMessageSize: 10 }),
  violation("huge declared length fails at once", [serverHeader(2, 2 ** 40)], 1009, "limit"),
  {
    name: "binary frames need no UTF-8",
    steps: [open, { receive: serverFrame(2, hex("ff fe c3 28")) }],
    events: [OPEN, { type: "message", data: hex("ff fe c3 28"), binary: true }],
    state: OPEN_STATE,
  },
  {
    name: "messages before a protocol error are delivered, nothing after it",
    steps: [open, { receive: serverFrame(1, "first") + serverFrame(1, "x", { rsv: 2 }) + serverFrame(1, "after") }],
    events: [OPEN, { type: "message", data: "first", binary: false }, { type: "error", errorType: "protocol", code: 1002 }, { type: "close", code: 1002, wasClean: false }],
    sent: clientFrame(8, closeBody(1002), K),
    state: CLOSED,
  },

  // ---- closing (sections 5.5.1, 7) ----
  {
    name: "server closes with 1000: the client echoes the code",
    steps: [open, { receive: serverClose(1000, "bye") }],
    events: [OPEN, { type: "close", code: 1000, wasClean: true, reason: "bye" }],
    sent: clientFrame(8, closeBody(1000), K),
    state: CLOSED,
  },
  {
    name: "server close without a code: reported as 1005, answered with an empty close",
    steps: [open, { receive: serverFrame(8, "") }],
    events: [OPEN, { type: "close", code: 1005, wasClean: true, reason: "" }],
    sent: clientFrame(8, "", K),
    state: CLOSED,
  },
  ...[1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999].map(
    (code): ConnectionVector => ({
      name: `valid close code ${code} is echoed`,
      steps: [open, { receive: serverClose(code) }],
      events: [OPEN, { type: "close", code, wasClean: true }],
      sent: clientFrame(8, closeBody(code), K),
      state: CLOSED,
    }),
  ),
  ...[0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535].map((code) => violation(`invalid close code ${code}`, [serverClose(code)], 1002)),
  violation("close payload of 1 byte", [serverFrame(8, hex("03"))], 1002),
  violation("close reason not UTF-8", [serverClose(1000, hex("ff fe"))], 1007),
  {
    name: "client closes, still receives, then the server's close completes it",
    steps: [open, { close: true, code: 1000, reason: "done" }, { receive: serverFrame(1, "late") }, { receive: serverFrame(9, "p") }, { receive: serverClose(1000) }],
    events: [OPEN, { type: "message", data: "late", binary: false }, { type: "close", code: 1000, wasClean: true }],
    sent: clientFrame(8, closeBody(1000, "done"), K),
    state: CLOSED,
  },
  {
    name: "client close without a code sends an empty close frame",
    steps: [open, { close: true }],
    events: [OPEN],
    sent: clientFrame(8, "", K),
    state: CLOSING,
  },
  {
    name: "server answers the client's close with another code: its code is reported",
    steps: [open, { close: true, code: 4000 }, { receive: serverClose(1001) }],
    events: [OPEN, { type: "close", code: 1001, wasClean: true }],
    sent: clientFrame(8, closeBody(4000), K),
    state: CLOSED,
  },
  {
    name: "close twice sends one close frame; send while closing is refused",
    steps: [open, { close: true, code: 1000 }, { close: true, code: 3000 }, { send: "no" }, { ping: "no" }],
    events: [OPEN],
    sent: clientFrame(8, closeBody(1000), K),
    state: CLOSING,
  },
  {
    name: "data after the server's close frame is ignored (section 7.1.1)",
    steps: [open, { receive: serverClose(1000) + serverFrame(1, "after") }, { receive: serverFrame(1, "later") }],
    events: [OPEN, { type: "close", code: 1000, wasClean: true }],
    sent: clientFrame(8, closeBody(1000), K),
    state: CLOSED,
  },
  {
    name: "transport lost while open: 1006 and no close frame",
    steps: [open, { receive: serverFrame(1, "a") }, { lost: "closed", reason: "connection reset" }, { receive: serverFrame(1, "b") }],
    events: [OPEN, { type: "message", data: "a", binary: false }, { type: "error", errorType: "closed", code: 1006, reason: "connection reset" }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },
  {
    name: "transport lost while closing: not clean",
    steps: [open, { close: true, code: 1000 }, { lost: "closed", reason: "eof" }],
    events: [OPEN, { type: "error", errorType: "closed", code: 1006 }, { type: "close", code: 1006, wasClean: false }],
    sent: clientFrame(8, closeBody(1000), K),
    state: CLOSED,
  },
  {
    name: "pong timeout while open: 1006, no close frame",
    steps: [open, { fail: "timeout", code: 1006, reason: "no pong within 30 s" }],
    events: [OPEN, { type: "error", errorType: "timeout", code: 1006 }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },
  {
    name: "after CLOSED: nothing is sent, queued or reported",
    steps: [open, { receive: serverClose(1000) }, { take: true }, { send: "x" }, { ping: "y" }, { close: true, code: 1000 }, { lost: "closed", reason: "eof" }, { abort: "late" }],
    events: [OPEN, { type: "close", code: 1000, wasClean: true }],
    sent: clientFrame(8, closeBody(1000), K),
    state: CLOSED,
  },
  // ---- bounded control frames, effects in event order (RFC 6455 section 5.5.3; SPEC guarantee 5) ----
  {
    name: "pongs waiting to be written are bounded: 16 at most, the last for the most recent ping (section 5.5.3)",
    steps: [open, { receive: Array.from({ length: 30 }, (_, i) => serverFrame(9, `p${i}`)).join("") }, { receive: serverFrame(9, "latest") }],
    events: [OPEN],
    sent: Array.from({ length: 15 }, (_, i) => clientFrame(10, `p${i}`, K)).join("") + clientFrame(10, "latest", K),
    state: OPEN_STATE,
  },
  {
    name: "a ping answered and written, then more: their pongs go before queued data",
    steps: [open, { receive: serverFrame(9, "p1") }, { write: true }, { send: "x" }, { receive: serverFrame(9, "p2") + serverFrame(9, "p3") }],
    events: [OPEN],
    // Pongs go before data not yet begun.
    sent: clientFrame(10, "p1", K) + clientFrame(10, "p2", K) + clientFrame(10, "p3", K) + clientFrame(1, "x", K),
    state: OPEN_STATE,
  },
  {
    name: "a valid message and a bad frame in one read: the answer to the message goes out before the failure's close frame",
    steps: [open, { receive: serverFrame(1, "first") + serverFrame(1, "x", { rsv: 2 }) }, { take: 2 }, { send: "echo" }],
    events: [OPEN, { type: "message", data: "first", binary: false }, { type: "error", errorType: "protocol", code: 1002 }, { type: "close", code: 1002, wasClean: false }],
    sent: clientFrame(1, "echo", K) + clientFrame(8, closeBody(1002), K),
    state: CLOSED,
  },
  {
    name: "invalid UTF-8 behind a valid message fails only when its turn comes",
    steps: [open, { receive: serverFrame(1, "ok") + serverFrame(1, hex("ff")) }, { take: 2 }, { send: "echo" }, { take: true }, { send: "refused" }],
    events: [OPEN, { type: "message", data: "ok", binary: false }, { type: "error", errorType: "protocol", code: 1007 }, { type: "close", code: 1007, wasClean: false }],
    sent: clientFrame(1, "echo", K) + clientFrame(8, closeBody(1007), K),
    state: CLOSED,
  },
  {
    name: "the server's close behind a message: the answer goes out before the echoed close",
    steps: [open, { receive: serverFrame(1, "last words") + serverClose(1000) }, { take: 2 }, { send: "reply" }],
    events: [OPEN, { type: "message", data: "last words", binary: false }, { type: "close", code: 1000, wasClean: true }],
    sent: clientFrame(1, "reply", K) + clientFrame(8, closeBody(1000), K),
    state: CLOSED,
  },
  {
    name: "the server ends TCP while open: ErrorEvent closed + 1006 after the events before it",
    steps: [open, { receive: serverFrame(1, "a") }, { eof: true }],
    events: [OPEN, { type: "message", data: "a", binary: false }, { type: "error", errorType: "closed", code: 1006 }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },

  {
    name: "the server's close and its end of TCP behind a message: the message, then a clean close",
    steps: [open, { receive: serverFrame(1, "last words") + serverClose(1000) }, { eof: true }],
    events: [OPEN, { type: "message", data: "last words", binary: false }, { type: "close", code: 1000, wasClean: true }],
    sent: clientFrame(8, closeBody(1000), K),
    state: CLOSED,
  },
  {
    name: "the end of TCP behind input not decoded yet (the event bound): every message, then the close",
    steps: [open, { receive: serverFrame(2, "").repeat(300) + serverClose(1001) }, { eof: true }],
    events: [OPEN, ...Array.from({ length: 300 }, () => ({ type: "message" as const, data: "", binary: true })), { type: "close", code: 1001, wasClean: true }],
    sent: clientFrame(8, closeBody(1001), K),
    state: CLOSED,
  },
  {
    name: "the end of TCP behind a message and half a frame: the message, then 1006",
    steps: [open, { receive: serverFrame(1, "a") + serverFrame(1, "cut short").substring(0, 5) }, { eof: true }],
    events: [OPEN, { type: "message", data: "a", binary: false }, { type: "error", errorType: "closed", code: 1006 }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },

  // ---- a refused handshake carries status, header fields and the start of the body (SPEC section 2) ----
  {
    name: "refused: status, lower-case header names and the body of Content-Length bytes, arriving later",
    steps: [{ receive: response(["Content-Type: text/plain", "Content-Length: 12", "X-Why:  quota "], "HTTP/1.1 403 Forbidden") + "go " }, { receive: "away!\n" }, { receive: "more" }],
    events: [
      { type: "error", errorType: "handshake", code: 1006, status: 403, headers: [{ name: "content-type", value: "text/plain" }, { name: "content-length", value: "12" }, { name: "x-why", value: "quota" }], body: "go away!\nmor", reasonIncludes: "403 Forbidden" },
      { type: "close", code: 1006, wasClean: false },
    ],
    sent: "",
    state: CLOSED,
  },
  {
    name: "refused without Content-Length: the body ends with the stream",
    steps: [{ receive: response([], "HTTP/1.1 503 Service Unavailable") + "busy" }, { eof: true }],
    events: [{ type: "error", errorType: "handshake", code: 1006, status: 503, headers: [], body: "busy" }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },
  {
    name: "refused: the body is cut at 4 KiB",
    steps: [{ receive: response(["Content-Length: 10000"], "HTTP/1.1 500 Internal Server Error") + letters(5000) }],
    events: [{ type: "error", errorType: "handshake", code: 1006, status: 500, body: letters(4096) }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },
  {
    name: "refused, and the connect timeout strikes while the body is awaited: the refusal is reported",
    steps: [{ receive: response(["Content-Length: 100"], "HTTP/1.1 401 Unauthorized") + "par" }, { fail: "timeout", code: 1006, reason: "connect timeout" }],
    events: [{ type: "error", errorType: "handshake", code: 1006, status: 401, body: "par", reasonIncludes: "401 Unauthorized" }, { type: "close", code: 1006, wasClean: false }],
    sent: "",
    state: CLOSED,
  },
];
