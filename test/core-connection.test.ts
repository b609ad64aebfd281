// The client connection (RFC 6455 sections 4-7) on the TypeScript core: every vector with input as
// written and one byte at a time. The same vectors run on the built Lua in core-lua-vectors.test.ts.
import { describe, expect, it } from "vitest";
import { ClientConnection } from "../ts/core/client-connection";
import { parseWebSocketUrl } from "../ts/core/url";
import { HANDSHAKE_OK, RFC_ACCEPT, connectionVectors, response } from "./vectors/connection";
import { DEFAULT_DEFLATE_SETTINGS, type DeflateSettings } from "../ts/core/deflate-negotiation";
import { pureCodec } from "../ts/codec/index";
import { ReadyState, type ConnectionEvent } from "../ts/core/events";
import { streamVectors } from "./vectors/streams";
import { converse, DEFAULT_RANDOM, expectedConversation, projectConversation, scriptedRandom, SPLITS } from "./vectors/run";
import { clientFrame, countingBytes, serverFrame } from "./vectors/bytes";
import {
  CLIENT_FIN_WAIT_SECONDS,
  Connection,
  MAX_PENDING_PONGS,
  MAX_QUEUED_EVENTS,
  SERVER_DRAIN_SECONDS,
  SERVER_FIN_WAIT_SECONDS,
  TransportEnd,
} from "../ts/core/connection";
import { Role } from "../ts/core/frame";
import { ServerConnection } from "../ts/core/server-connection";

describe("ClientConnection", () => {
  for (const vector of [...connectionVectors, ...streamVectors]) {
    for (const split of SPLITS) {
      it(`${vector.name} (${split})`, () => {
        expect(projectConversation(vector, converse(vector, split))).toEqual(expectedConversation(vector));
      });
    }
  }

  it("counts queued bytes until they are taken, and wants the transport closed once CLOSED", () => {
    const conn = new ClientConnection({
      url: parseWebSocketUrl("ws://h/").url!,
      protocols: [],
      headers: [],
      maxMessageSize: 1000,
      random: scriptedRandom(DEFAULT_RANDOM),
    });
    const requestSize = conn.outgoingSize();
    expect(requestSize).toBeGreaterThan(0);
    expect(conn.takeOutgoing().length).toBe(requestSize);
    expect(conn.outgoingSize()).toBe(0);
    expect(conn.takeOutgoing()).toBe("");
    conn.receive(HANDSHAKE_OK);
    // The close below takes effect in event order, so the open event is taken first.
    expect(conn.nextEvent()?.type).toBe("open");
    expect(conn.send("12345", false)).toBe(true);
    expect(conn.outgoingSize()).toBe(2 + 4 + 5);
    expect(conn.wantsTransportClosed()).toBe(false);
    conn.receive(serverFrame(8, ""));
    expect(conn.wantsTransportClosed()).toBe(true);
    expect(conn.outgoingSize()).toBe(11 + 6);
  });

  function openClient(maxMessageSize = 1 << 20): ClientConnection {
    const conn = new ClientConnection({ url: parseWebSocketUrl("ws://h/").url!, protocols: [], headers: [], maxMessageSize, random: scriptedRandom(DEFAULT_RANDOM) });
    conn.takeOutgoing();
    conn.receive(HANDSHAKE_OK);
    expect(conn.nextEvent()?.type).toBe("open");
    return conn;
  }

  it("takeOutgoing(max) hands a big frame out in windows, masking each from the right key byte", () => {
    const conn = openClient();
    const payload = countingBytes(200_003);
    conn.send(payload, true);
    conn.send("tail", false);
    const whole = clientFrame(2, payload, DEFAULT_RANDOM[1]) + clientFrame(1, "tail", DEFAULT_RANDOM[1]);
    expect(conn.outgoingSize()).toBe(whole.length);
    const pieces: string[] = [];
    // Odd window sizes, so windows end inside the header, inside the key and at every key offset.
    for (const size of [1, 3, 5, 7, 65_536, 9, 1_000_000]) {
      const piece = conn.takeOutgoing(size);
      expect(piece.length).toBe(Math.min(size, whole.length - pieces.join("").length));
      pieces.push(piece);
    }
    expect(pieces.join("") === whole).toBe(true);
    expect(conn.outgoingSize()).toBe(0);
  });

  it("decodes boundedly: a flood of frames in one read queues at most MAX_QUEUED_EVENTS and stops wanting input", () => {
    const conn = openClient();
    expect(conn.wantsInput()).toBe(true);
    const frames = 10 * MAX_QUEUED_EVENTS;
    conn.receive(serverFrame(2, "").repeat(frames));
    expect(conn.wantsInput()).toBe(false);
    expect(conn.bufferedInput()).toBe(2 * (frames - MAX_QUEUED_EVENTS));
    let taken = 0;
    while (conn.nextEvent() !== undefined) taken++;
    expect(taken).toBe(frames);
    expect(conn.bufferedInput()).toBe(0);
    expect(conn.wantsInput()).toBe(true);
  });

  it("payloadAhead: the bytes of a big frame's payload not fed yet, 0 at a frame boundary", () => {
    const conn = openClient();
    expect(conn.payloadAhead()).toBe(0);
    const payload = countingBytes(60_000);
    const whole = serverFrame(2, payload) + serverFrame(1, "next");
    // 10 bytes: the header (a 16-bit length: 4 bytes) and 6 bytes of payload.
    conn.receive(whole.slice(0, 10));
    expect(conn.payloadAhead()).toBe(60_000 - 6);
    conn.receive(whole.slice(10, 30_010));
    expect(conn.payloadAhead()).toBe(60_000 - 30_006);
    // The rest of the payload and the next frame: at a boundary again, both messages whole.
    conn.receive(whole.slice(30_010));
    expect(conn.payloadAhead()).toBe(0);
    const first = conn.nextEvent();
    expect(first?.type === "message" && first.data === payload).toBe(true);
    expect(conn.nextEvent()).toMatchObject({ type: "message", data: "next" });
    // Pushed but not decoded yet (a header split in two): nothing is ahead until the header is read.
    conn.receive(serverFrame(2, payload).slice(0, 1));
    expect(conn.payloadAhead()).toBe(0);
  });

  it("payloadAheadIsFree: only a client's binary payload costs nothing per byte (text is validated, a server unmasks)", () => {
    const conn = openClient();
    expect(conn.payloadAheadIsFree()).toBe(false);
    const payload = countingBytes(60_000);
    conn.receive(serverFrame(2, payload).slice(0, 10));
    expect(conn.payloadAhead()).toBe(60_000 - 6);
    expect(conn.payloadAheadIsFree()).toBe(true);
    conn.receive(serverFrame(2, payload).slice(10));
    expect(conn.nextEvent()).toMatchObject({ type: "message", binary: true });
    expect(conn.payloadAheadIsFree()).toBe(false);
    conn.receive(serverFrame(1, "t".repeat(60_000)).slice(0, 10));
    expect(conn.payloadAhead()).toBe(60_000 - 6);
    expect(conn.payloadAheadIsFree()).toBe(false);

    const server = new Connection({ role: Role.Server, maxMessageSize: 1 << 20 });
    server.open("", "");
    expect(server.nextEvent()?.type).toBe("open");
    server.receive(clientFrame(2, payload, "abcd").slice(0, 14));
    expect(server.payloadAhead()).toBe(60_000 - 6);
    expect(server.payloadAheadIsFree()).toBe(false);
  });

  it("decode(n) does at most n frames of work, even when they queue no events (a ping flood)", () => {
    const conn = openClient();
    conn.receive(serverFrame(9, "x").repeat(100_000));
    const left = conn.bufferedInput();
    conn.decode(10);
    expect(conn.bufferedInput()).toBe(left - 10 * 3);
    while (conn.bufferedInput() > 0) conn.decode(5000);
    // At most MAX_PENDING_PONGS pongs wait, however many pings arrived.
    expect(conn.outgoingSize()).toBe(MAX_PENDING_PONGS * (2 + 4 + 1));
  });

  it("TCP close roles (section 7.1.1): a client waits for the server's FIN, a server half-closes first", () => {
    const client = openClient();
    expect(client.transportEnd()).toBe(TransportEnd.Keep);
    expect(client.peerFinTimeout()).toBe(0);
    client.receive(serverFrame(8, ""));
    expect(client.nextEvent()?.type).toBe("close");
    expect(client.wantsTransportClosed()).toBe(true);
    expect(client.transportEnd()).toBe(TransportEnd.AwaitPeerFin);
    expect(client.peerFinTimeout()).toBe(CLIENT_FIN_WAIT_SECONDS);
    expect(client.drainTimeout()).toBe(0);
    // The server's FIN after CLOSED: nothing left to wait for.
    client.receiveEof();
    expect(client.transportEnd()).toBe(TransportEnd.Close);
    expect(client.peerFinTimeout()).toBe(0);
    expect(client.nextEvent()).toBeUndefined();

    // A client whose stream failed after CLOSED closes at once too.
    const lost = openClient();
    lost.receive(serverFrame(8, ""));
    expect(lost.nextEvent()?.type).toBe("close");
    lost.connectionLost("closed", "reset");
    expect(lost.transportEnd()).toBe(TransportEnd.Close);
    expect(lost.nextEvent()).toBeUndefined();

    const server = new ServerConnection({ maxMessageSize: 100 });
    expect(server.transportEnd()).toBe(TransportEnd.Keep);
    const bare = new Connection({ role: Role.Server, maxMessageSize: 100 });
    bare.open("", "");
    bare.receive(clientFrame(8, "", "abcd"));
    expect(bare.nextEvent()?.type).toBe("open");
    expect(bare.nextEvent()).toMatchObject({ type: "close", code: 1005, wasClean: true });
    expect(bare.takeOutgoing()).toBe("\x88\x00");
    expect(bare.wantsTransportClosed()).toBe(true);
    expect(bare.transportEnd()).toBe(TransportEnd.HalfClose);
    expect(bare.drainTimeout()).toBe(SERVER_DRAIN_SECONDS);
    expect(bare.peerFinTimeout()).toBe(SERVER_FIN_WAIT_SECONDS);
    // The client's FIN already came: close once the last bytes are out.
    bare.receiveEof();
    expect(bare.transportEnd()).toBe(TransportEnd.Close);
    expect(bare.peerFinTimeout()).toBe(0);
    expect(bare.drainTimeout()).toBe(SERVER_DRAIN_SECONDS);
  });
});

// RFC 7692 section 7.1: "the client MUST _Fail the WebSocket Connection_" on an answer that is not a
// valid response to its offer. The pure function's vectors (core-deflate-negotiation.test.ts) check
// the verdict; these check that the connection acts on it: ErrorEvent "handshake" + CloseEvent 1006,
// nothing sent, CLOSED, and the frame behind the answer never delivered.
describe("ClientConnection refuses invalid permessage-deflate answers as a handshake failure", () => {
  const answerWith = (extensions: string[]) =>
    response(["Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${RFC_ACCEPT}`, ...extensions.map((e) => `Sec-WebSocket-Extensions: ${e}`)]);

  function answered(extensions: string[], overrides: Partial<DeflateSettings> = {}): { request: string; events: ConnectionEvent[]; sent: string; state: number } {
    const conn = new ClientConnection({
      url: parseWebSocketUrl("ws://h/").url!,
      protocols: [],
      headers: [],
      maxMessageSize: 1 << 20,
      random: scriptedRandom(DEFAULT_RANDOM),
      compression: { ...DEFAULT_DEFLATE_SETTINGS, ...overrides },
      codec: pureCodec,
    });
    const request = conn.takeOutgoing();
    conn.receive(answerWith(extensions) + serverFrame(1, "behind the answer"));
    const events: ConnectionEvent[] = [];
    for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) events.push(e);
    return { request, events, sent: conn.takeOutgoing(), state: conn.state };
  }

  const REFUSED: { name: string; extensions: string[]; settings?: Partial<DeflateSettings>; reason: string }[] = [
    { name: "an unknown extension", extensions: ["x-webkit-deflate-frame"], reason: "not offered: x-webkit-deflate-frame" },
    { name: "permessage-deflate twice", extensions: ["permessage-deflate, permessage-deflate"], reason: "not offered" },
    { name: "permessage-deflate twice, on two lines", extensions: ["permessage-deflate", "permessage-deflate"], reason: "not offered" },
    { name: "permessage-deflate and another", extensions: ["permessage-deflate, x-foo"], reason: "not offered" },
    { name: "server_max_window_bits=7", extensions: ["permessage-deflate; server_max_window_bits=7"], reason: "server_max_window_bits needs a value from 8 to 15" },
    { name: "server_max_window_bits=16", extensions: ["permessage-deflate; server_max_window_bits=16"], reason: "server_max_window_bits needs a value" },
    { name: "server_max_window_bits=ten", extensions: ["permessage-deflate; server_max_window_bits=ten"], reason: "server_max_window_bits needs a value" },
    { name: "server_max_window_bits without a value", extensions: ["permessage-deflate; server_max_window_bits"], reason: "server_max_window_bits needs a value" },
    { name: "server_max_window_bits=010 (leading zero)", extensions: ["permessage-deflate; server_max_window_bits=010"], reason: "server_max_window_bits needs a value" },
    { name: "client_max_window_bits=7", extensions: ["permessage-deflate; client_max_window_bits=7"], reason: "client_max_window_bits needs a value" },
    { name: "client_max_window_bits without a value", extensions: ["permessage-deflate; client_max_window_bits"], reason: "client_max_window_bits needs a value" },
    { name: "client_max_window_bits above the 10 offered", extensions: ["permessage-deflate; client_max_window_bits=12"], settings: { clientMaxWindowBits: 10 }, reason: "client_max_window_bits must be at most 10" },
    { name: "server_max_window_bits above the 10 offered", extensions: ["permessage-deflate; server_max_window_bits=12"], settings: { serverMaxWindowBits: 10 }, reason: "server_max_window_bits must be at most 10" },
    { name: "server_max_window_bits offered and not answered", extensions: ["permessage-deflate"], settings: { serverMaxWindowBits: 10 }, reason: "server_max_window_bits must be at most 10" },
    { name: "server_no_context_takeover offered and not answered", extensions: ["permessage-deflate"], settings: { serverNoContextTakeover: true }, reason: "server_no_context_takeover was offered and not answered" },
    { name: "an unknown parameter", extensions: ["permessage-deflate; x_mode=fast"], reason: "unknown parameter x_mode" },
    { name: "a duplicate parameter", extensions: ["permessage-deflate; server_no_context_takeover; server_no_context_takeover"], reason: "server_no_context_takeover appears twice" },
    { name: "a duplicate window size", extensions: ["permessage-deflate; server_max_window_bits=10; server_max_window_bits=10"], reason: "server_max_window_bits appears twice" },
    { name: "a value on client_no_context_takeover", extensions: ["permessage-deflate; client_no_context_takeover=1"], reason: "client_no_context_takeover takes no value" },
    { name: "a malformed header", extensions: ["permessage-deflate; ;"], reason: "malformed Sec-WebSocket-Extensions" },
  ];

  it.each(REFUSED)("$name", ({ extensions, settings, reason }) => {
    const run = answered(extensions, settings);
    expect(run.request).toMatch(/\r\nSec-WebSocket-Extensions: permessage-deflate[^\r]*\r\n/);
    expect(run.events).toMatchObject([
      { type: "error", errorType: "handshake", code: 1006 },
      { type: "close", code: 1006, wasClean: false },
    ]);
    const [error, close] = run.events as { reason: string }[];
    expect(error.reason).toContain(reason);
    expect(close.reason).toContain(reason);
    expect(run.sent).toBe("");
    expect(run.state).toBe(ReadyState.Closed);
  });

  it("the same connection opens on each valid answer (the refusals above are not refusing everything)", () => {
    for (const answer of ["permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover", "permessage-deflate; server_max_window_bits=8", "permessage-deflate; client_max_window_bits=12"]) {
      const run = answered([answer]);
      expect(run.events, answer).toMatchObject([{ type: "open", extensions: answer }, { type: "message", data: "behind the answer" }]);
    }
    expect(answered([]).events).toMatchObject([{ type: "open", extensions: "" }, { type: "message" }]);
  });
});
