// The server role (RFC 6455 sections 4.2, 5-7; SPEC section 7): a scripted client's request and frames,
// and the answer, events, server bytes and final state that must come out of them. Unless a vector says
// `decide: true`, the runner accepts a valid request as soon as it arrives, with the subprotocol chosen
// by the server's preference order (`protocols`) and, when `extension` is set, the test-only x-double
// extension (toy-extension.ts) negotiated.
import { clientFrame, closeBody, countingBytes, hex, letters, utf8 } from "./bytes";
import { RFC_ACCEPT, RFC_KEY, type ExpectedEvent } from "./connection";
import { RFC_MASK_KEY } from "./frames";

const K = RFC_MASK_KEY;

export type ServerStep =
  | { receive: string }
  | { send: string; binary?: boolean }
  | { ping: string }
  | { close: true; code?: number; reason?: string }
  | { lost: "closed"; reason: string }
  | { eof: true }
  | { take: true }
  | { accept: true; protocol?: string }
  | { reject: number; reason: string };

export interface ServerVector {
  name: string;
  /** The server's subprotocols, in preference order. */
  protocols?: string[];
  maxMessageSize?: number;
  /** The host decides with accept/reject steps instead of accepting at once. */
  decide?: boolean;
  /** Negotiate the x-double test extension on accept (its answer header: "x-double"). */
  extension?: boolean;
  steps: ServerStep[];
  events: ExpectedEvent[];
  /** Every byte the server wrote, handshake answer included, when the vector checks it exactly. */
  output?: string;
  /** Parts the output must contain (refusals). */
  outputIncludes?: string[];
  /** What the parsed request must show (path, query, offered protocols and extensions). */
  request?: { path: string; query: string; protocols: string[]; extensions: { name: string; params: { name: string; value?: string }[] }[]; origin?: string };
  state: number;
}

/** A request head: the request line, then the header lines. */
export function request(lines: string[], requestLine = "GET /chat HTTP/1.1"): string {
  return [requestLine, ...lines].join("\r\n") + "\r\n\r\n";
}

const UPGRADE_LINES = ["Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${RFC_KEY}`, "Sec-WebSocket-Version: 13"];
/** The RFC 1.3 request, with the header lines given added. */
function upgrade(...extra: string[]): string {
  return request([...UPGRADE_LINES, ...extra]);
}
/** The request with one of its standard lines replaced (or dropped with ""). */
function upgradeWith(name: string, line: string): string {
  return request(UPGRADE_LINES.map((l) => (l.startsWith(name + ":") ? line : l)).filter((l) => l !== ""));
}

export const ACCEPTED = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${RFC_ACCEPT}\r\n`;
const ACCEPT_PLAIN = ACCEPTED + "\r\n";

/** An unmasked frame as the server writes it, written out independently of the core. */
function out(opcode: number, payload: string, rsv = 0): string {
  const first = 0x80 + rsv * 16 + opcode;
  const n = payload.length;
  if (n <= 125) return String.fromCharCode(first, n) + payload;
  if (n <= 65535) return String.fromCharCode(first, 126, Math.floor(n / 256), n % 256) + payload;
  return String.fromCharCode(first, 127, 0, 0, 0, 0, Math.floor(n / 2 ** 24) % 256, Math.floor(n / 65536) % 256, Math.floor(n / 256) % 256, n % 256) + payload;
}

const OPEN: ExpectedEvent = { type: "open", protocol: "" };
const open: ServerStep = { receive: upgrade() };
const OPEN_STATE = 1;
const CLOSING = 2;
const CLOSED = 3;

/** A client breaking the protocol: the server sends an unmasked close frame with the code, then reports it. */
function violation(name: string, frames: string[], code: number, errorType = "protocol", extra: Partial<ServerVector> = {}): ServerVector {
  return {
    name,
    steps: [open, ...frames.map((f) => ({ receive: f }))],
    events: [OPEN, { type: "error", errorType, code }, { type: "close", code, wasClean: false }],
    output: ACCEPT_PLAIN + out(8, closeBody(code)),
    state: CLOSED,
    ...extra,
  };
}

/** A request the server refuses by itself: the refusal is written, ErrorEvent "handshake" + CloseEvent 1006. */
function refused(name: string, head: string, status: number, includes: string[] = []): ServerVector {
  return {
    name,
    steps: [{ receive: head }, { receive: clientFrame(1, "ignored", K) }],
    events: [
      { type: "error", errorType: "handshake", code: 1006, status },
      { type: "close", code: 1006, wasClean: false },
    ],
    outputIncludes: [`HTTP/1.1 ${status} `, "Connection: close\r\n", ...includes],
    state: CLOSED,
  };
}

export const serverVectors: ServerVector[] = [
  // ---- the opening handshake, server side (section 4.2) ----
  {
    name: "RFC 1.3 request: the server picks by its own preference among the offered subprotocols",
    protocols: ["superchat", "chat"],
    steps: [{ receive: upgrade("Origin: http://example.com", "Sec-WebSocket-Protocol: chat, superchat") }],
    events: [{ type: "open", protocol: "superchat", extensions: "" }],
    output: ACCEPTED + "Sec-WebSocket-Protocol: superchat\r\n\r\n",
    request: { path: "/chat", query: "", protocols: ["chat", "superchat"], extensions: [], origin: "http://example.com" },
    state: OPEN_STATE,
  },
  {
    name: "no subprotocol in common: open without one; path and query split; offers across two fields",
    protocols: ["v2"],
    steps: [{ receive: request([...UPGRADE_LINES, "Sec-WebSocket-Protocol: a", "Sec-WebSocket-Protocol: b, c"], "GET /game/room?id=7&x= HTTP/1.1") }],
    events: [OPEN],
    output: ACCEPT_PLAIN,
    request: { path: "/game/room", query: "id=7&x=", protocols: ["a", "b", "c"], extensions: [] },
    state: OPEN_STATE,
  },
  {
    name: "extension offers with parameters, quoted values included, are parsed (and not taken up)",
    steps: [{ receive: upgrade('Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate; server_max_window_bits="10" ; server_no_context_takeover', "Sec-WebSocket-Extensions: x-foo") }],
    events: [OPEN],
    output: ACCEPT_PLAIN,
    request: {
      path: "/chat",
      query: "",
      protocols: [],
      extensions: [
        { name: "permessage-deflate", params: [{ name: "client_max_window_bits" }] },
        { name: "permessage-deflate", params: [{ name: "server_max_window_bits", value: "10" }, { name: "server_no_context_takeover" }] },
        { name: "x-foo", params: [] },
      ],
    },
    state: OPEN_STATE,
  },
  {
    name: "tokens and names are case-insensitive; Upgrade and Connection may list other tokens; HTTP/1.1 request-line",
    steps: [{ receive: request(["host: h", "UPGRADE: h2c, WebSocket", "connection: keep-alive, upgrade", `SEC-WEBSOCKET-KEY: ${RFC_KEY}`, "sec-websocket-version: 13"]) }],
    events: [OPEN],
    output: ACCEPT_PLAIN,
    state: OPEN_STATE,
  },
  {
    name: "frames right behind the request are decoded after the 101",
    steps: [{ receive: upgrade() + clientFrame(1, "Hello", K) + clientFrame(2, "x", hex("01 02 03 04")) }],
    events: [OPEN, { type: "message", data: "Hello", binary: false }, { type: "message", data: "x", binary: true }],
    output: ACCEPT_PLAIN,
    state: OPEN_STATE,
  },
  {
    name: "the host accepts later: frames that came meanwhile wait for the 101",
    decide: true,
    steps: [{ receive: upgrade() }, { receive: clientFrame(1, "early", K) }, { accept: true, protocol: "" }],
    events: [OPEN, { type: "message", data: "early", binary: false }],
    output: ACCEPT_PLAIN,
    state: OPEN_STATE,
  },
  refused("POST instead of GET", request(UPGRADE_LINES, "POST /chat HTTP/1.1"), 400, ["method POST"]),
  refused("HTTP/1.0", request(UPGRADE_LINES, "GET /chat HTTP/1.0"), 400, ["HTTP/1.0"]),
  refused("not a request line", request(UPGRADE_LINES, "GET /chat"), 400),
  refused("absolute target", request(UPGRADE_LINES, "GET ws://h/chat HTTP/1.1"), 400, ["not a path"]),
  refused("no Host", upgradeWith("Host", ""), 400, ["no Host"]),
  refused("two Host fields", upgrade("Host: other.example"), 400, ["2 Host"]),
  refused("no Upgrade", upgradeWith("Upgrade", ""), 400, ["Upgrade: websocket"]),
  refused("Upgrade: h2c", upgradeWith("Upgrade", "Upgrade: h2c"), 400, ["Upgrade: websocket"]),
  refused("no Connection", upgradeWith("Connection", ""), 400, ["upgrade token"]),
  refused("Connection: keep-alive only", upgradeWith("Connection", "Connection: keep-alive"), 400, ["upgrade token"]),
  refused("no Sec-WebSocket-Key", upgradeWith("Sec-WebSocket-Key", ""), 400, ["no Sec-WebSocket-Key"]),
  refused("a key of 15 bytes", upgradeWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: AAECAwQFBgcICQoLDA0O"), 400, ["not 16 bytes"]),
  refused("a key that is not base64", upgradeWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ!="), 400, ["not 16 bytes"]),
  refused("no Sec-WebSocket-Version", upgradeWith("Sec-WebSocket-Version", ""), 400, ["no Sec-WebSocket-Version"]),
  refused("version 8: 426 with the version we speak", upgradeWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"), 426, ["Sec-WebSocket-Version: 13\r\n"]),
  refused("an invalid subprotocol token", upgrade("Sec-WebSocket-Protocol: chat, sup{er"), 400, ["invalid subprotocol"]),
  refused("malformed extension offer: a parameter without a name", upgrade("Sec-WebSocket-Extensions: permessage-deflate; =1"), 400, ["Sec-WebSocket-Extensions"]),
  refused("malformed extension offer: an unterminated quoted value", upgrade('Sec-WebSocket-Extensions: x; a="b'), 400, ["Sec-WebSocket-Extensions"]),
  refused("malformed extension offer: a quoted value that is not a token", upgrade('Sec-WebSocket-Extensions: x; a="b c"'), 400, ["Sec-WebSocket-Extensions"]),
  refused("malformed header line", upgrade("Bad line"), 400, ["malformed header line"]),
  refused("obsolete line folding", upgrade("X-A: 1", " folded"), 400, ["malformed header line"]),
  refused("a request with a body", upgrade("Content-Length: 5"), 400, ["no body"]),
  refused("a head over 16 KiB with no end: 431 as soon as it is too long", "GET /chat HTTP/1.1\r\nX-Filler: " + letters(16400), 431),
  refused("a complete head over 16 KiB: 431", upgrade("X-Filler: " + letters(16400)), 431),
  ...[
    [403, "Forbidden"],
    [404, "Not Found"],
    [500, "Internal Server Error"],
    [503, "Service Unavailable"],
  ].map(
    ([status, text]): ServerVector => ({
      name: `the host refuses with ${status}`,
      decide: true,
      steps: [{ receive: upgrade() + clientFrame(1, "ignored", K) }, { reject: status as number, reason: "not today" }],
      events: [
        { type: "error", errorType: "handshake", code: 1006, status },
        { type: "close", code: 1006, wasClean: false },
      ],
      output: `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot today\n`,
      state: CLOSED,
    }),
  ),

  // ---- frames: masked in, unmasked out (section 5.1, 5.3) ----
  {
    name: "RFC 5.7: masked text Hello in; Hello out unmasked",
    steps: [open, { receive: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58") }, { send: "Hello" }],
    events: [OPEN, { type: "message", data: "Hello", binary: false }],
    output: ACCEPT_PLAIN + hex("81 05 48 65 6c 6c 6f"),
    state: OPEN_STATE,
  },
  {
    name: "RFC 5.7: masked ping Hello is answered by the unmasked pong",
    steps: [open, { receive: clientFrame(9, "Hello", K) }],
    events: [OPEN],
    output: ACCEPT_PLAIN + hex("8a 05 48 65 6c 6c 6f"),
    state: OPEN_STATE,
  },
  {
    name: "masked fragments with a different key each, a ping between them",
    steps: [open, { receive: clientFrame(1, "Hel", hex("01 02 03 04"), false) + clientFrame(9, "p", hex("05 06 07 08")) + clientFrame(0, "lo", hex("a0 b0 c0 d0")) }],
    events: [OPEN, { type: "message", data: "Hello", binary: false }],
    output: ACCEPT_PLAIN + out(10, "p"),
    state: OPEN_STATE,
  },
  {
    name: "masked frames at every length boundary (the key continues across reads)",
    steps: [open, ...[0, 125, 126, 65535, 65536].map((n) => ({ receive: clientFrame(2, countingBytes(n), hex("9a 0b fc 31")) }))],
    events: [OPEN, ...[0, 125, 126, 65535, 65536].map((n): ExpectedEvent => ({ type: "message", data: countingBytes(n), binary: true }))],
    state: OPEN_STATE,
  },
  {
    name: "unmasked sends at every length boundary",
    steps: [open, ...[0, 125, 126, 65535, 65536].map((n) => ({ send: countingBytes(n), binary: true }))],
    events: [OPEN],
    output: ACCEPT_PLAIN + [0, 125, 126, 65535, 65536].map((n) => out(2, countingBytes(n))).join(""),
    state: OPEN_STATE,
  },
  {
    name: "a masked text frame whose UTF-8 sequences straddle reads",
    steps: [open, { receive: clientFrame(1, utf8("\u00e9t\u00e9 \u20ac"), K).slice(0, 9) }, { receive: clientFrame(1, utf8("\u00e9t\u00e9 \u20ac"), K).slice(9) }],
    events: [OPEN, { type: "message", data: utf8("\u00e9t\u00e9 \u20ac"), binary: false }],
    state: OPEN_STATE,
  },

  // ---- failures: an unmasked close frame with the code, then ErrorEvent + CloseEvent ----
  violation("unmasked client frame", [hex("81 05 48 65 6c 6c 6f")], 1002),
  violation("unmasked client close frame", [hex("88 00")], 1002),
  violation("RSV1 without an extension", [clientFrame(1, "Hello", K, true, 4)], 1002),
  violation("RSV3 set", [clientFrame(1, "Hello", K, true, 1)], 1002),
  violation("reserved opcode", [clientFrame(3, "", K)], 1002),
  violation("fragmented ping", [clientFrame(9, "", K, false)], 1002),
  violation("ping over 125 bytes", [clientFrame(9, letters(126), K)], 1002),
  violation("continuation without a message", [clientFrame(0, "x", K)], 1002),
  violation("invalid UTF-8", [clientFrame(1, hex("48 c3 28"), K)], 1007),
  violation("message over maxMessageSize", [clientFrame(2, "12345678901", K)], 1009, "limit", { maxMessageSize: 10 }),
  violation("invalid close code 1005 on the wire", [clientFrame(8, closeBody(1005), K)], 1002),

  // ---- closing (sections 5.5.1, 7.1.1) ----
  {
    name: "the client closes with 1000: the server echoes it unmasked; clean",
    steps: [open, { receive: clientFrame(8, closeBody(1000, "bye"), K) }],
    events: [OPEN, { type: "close", code: 1000, wasClean: true, reason: "bye" }],
    output: ACCEPT_PLAIN + out(8, closeBody(1000)),
    state: CLOSED,
  },
  {
    name: "the server closes with 1001, then the client's answer completes it",
    steps: [open, { close: true, code: 1001, reason: "going away" }, { receive: clientFrame(1, "late", K) }, { receive: clientFrame(8, closeBody(1001), K) }],
    events: [OPEN, { type: "message", data: "late", binary: false }, { type: "close", code: 1001, wasClean: true }],
    output: ACCEPT_PLAIN + out(8, closeBody(1001, "going away")),
    state: CLOSED,
  },
  {
    name: "the client's TCP ends before any close: 1006, not clean",
    steps: [open, { receive: clientFrame(1, "a", K) }, { eof: true }],
    events: [OPEN, { type: "message", data: "a", binary: false }, { type: "error", errorType: "closed", code: 1006 }, { type: "close", code: 1006, wasClean: false }],
    output: ACCEPT_PLAIN,
    state: CLOSED,
  },
  {
    name: "the client's close and its end of TCP behind a message: the message, then a clean close",
    steps: [open, { receive: clientFrame(1, "a", K) + clientFrame(8, closeBody(1000), K) }, { eof: true }],
    events: [OPEN, { type: "message", data: "a", binary: false }, { type: "close", code: 1000, wasClean: true }],
    output: ACCEPT_PLAIN + out(8, closeBody(1000)),
    state: CLOSED,
  },
  {
    name: "closing: sends are refused",
    steps: [open, { close: true }, { send: "no" }, { ping: "no" }],
    events: [OPEN],
    output: ACCEPT_PLAIN + out(8, ""),
    state: CLOSING,
  },

  // ---- the extension hook, with the test-only x-double extension ----
  {
    name: "extension: an RSV1 frame is transformed on the way in; a plain frame passes",
    extension: true,
    steps: [open, { receive: clientFrame(1, "abc", K, true, 4) + clientFrame(1, "abc", K) }],
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "message", data: "aabbcc", binary: false }, { type: "message", data: "abc", binary: false }],
    output: ACCEPTED + "Sec-WebSocket-Extensions: x-double\r\n\r\n",
    state: OPEN_STATE,
  },
  {
    name: "extension: a transformed message in fragments; its output joins across frames",
    extension: true,
    steps: [open, { receive: clientFrame(2, "ab", K, false, 4) + clientFrame(0, "c", hex("11 22 33 44"), true, 4) }],
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "message", data: "aabbcc", binary: true }],
    state: OPEN_STATE,
  },
  {
    name: "extension: 40,000 bytes in become 80,000 out, handed on in slices",
    extension: true,
    steps: [open, { receive: clientFrame(2, letters(40000), K, true, 4) }],
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "message", data: letters(40000).replace(/(.)/g, "$1$1"), binary: true }],
    state: OPEN_STATE,
  },
  {
    name: "extension: sends go through it (RSV1 set when it transforms)",
    extension: true,
    steps: [open, { send: "aabb" }, { send: "abc" }],
    events: [{ type: "open", protocol: "", extensions: "x-double" }],
    output: ACCEPTED + "Sec-WebSocket-Extensions: x-double\r\n\r\n" + out(1, "ab", 4) + out(1, "abc"),
    state: OPEN_STATE,
  },
  violation("extension: maxMessageSize counts the transformed bytes (6 on the wire, 12 out)", [clientFrame(2, "abcdef", K, true, 4)], 1009, "limit", {
    extension: true,
    maxMessageSize: 10,
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "error", errorType: "limit", code: 1009 }, { type: "close", code: 1009, wasClean: false }],
    output: ACCEPTED + "Sec-WebSocket-Extensions: x-double\r\n\r\n" + out(8, closeBody(1009)),
  }),
  violation("extension: UTF-8 is checked on the transformed bytes", [clientFrame(1, hex("c3"), K, true, 4)], 1007, "protocol", {
    extension: true,
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "error", errorType: "protocol", code: 1007 }, { type: "close", code: 1007, wasClean: false }],
    output: ACCEPTED + "Sec-WebSocket-Extensions: x-double\r\n\r\n" + out(8, closeBody(1007)),
  }),
  violation("extension: RSV2, which it does not claim, still fails", [clientFrame(1, "a", K, true, 2)], 1002, "protocol", {
    extension: true,
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "error", errorType: "protocol", code: 1002 }, { type: "close", code: 1002, wasClean: false }],
    output: ACCEPTED + "Sec-WebSocket-Extensions: x-double\r\n\r\n" + out(8, closeBody(1002)),
  }),
  violation("extension: RSV1 on a control frame fails (the extension says so)", [clientFrame(9, "p", K, true, 4)], 1002, "protocol", {
    extension: true,
    events: [{ type: "open", protocol: "", extensions: "x-double" }, { type: "error", errorType: "protocol", code: 1002 }, { type: "close", code: 1002, wasClean: false }],
    output: ACCEPTED + "Sec-WebSocket-Extensions: x-double\r\n\r\n" + out(8, closeBody(1002)),
  }),
];
