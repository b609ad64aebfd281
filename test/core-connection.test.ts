// The client connection (RFC 6455 sections 4-7) on the TypeScript core: every vector with input as
// written and one byte at a time. The same vectors run on the built Lua in core-lua-vectors.test.ts.
import { describe, expect, it } from "vitest";
import { ClientConnection } from "../ts/core/client-connection";
import { parseWebSocketUrl } from "../ts/core/url";
import { HANDSHAKE_OK, connectionVectors } from "./vectors/connection";
import { streamVectors } from "./vectors/streams";
import { converse, DEFAULT_RANDOM, expectedConversation, projectConversation, scriptedRandom, SPLITS } from "./vectors/run";
import { clientFrame, countingBytes, serverFrame } from "./vectors/bytes";
import { Connection, MAX_PENDING_PONGS, MAX_QUEUED_EVENTS } from "../ts/core/connection";
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

  it("TCP close roles (section 7.1.1): a client waits for the server's FIN, a server closes at once", () => {
    const client = openClient();
    client.receive(serverFrame(8, ""));
    expect(client.nextEvent()?.type).toBe("close");
    expect(client.wantsTransportClosed()).toBe(true);
    expect(client.peerFinTimeout()).toBeGreaterThan(0);
    client.receiveEof();
    expect(client.peerFinTimeout()).toBe(0);
    expect(client.nextEvent()).toBeUndefined();

    const server = new ServerConnection({ maxMessageSize: 100 });
    expect(server.peerFinTimeout()).toBe(0);
    const bare = new Connection({ role: Role.Server, maxMessageSize: 100 });
    bare.open("", "");
    bare.receive(clientFrame(8, "", "abcd"));
    expect(bare.nextEvent()?.type).toBe("open");
    expect(bare.nextEvent()).toMatchObject({ type: "close", code: 1005, wasClean: true });
    expect(bare.takeOutgoing()).toBe("\x88\x00");
    expect(bare.wantsTransportClosed()).toBe(true);
    expect(bare.peerFinTimeout()).toBe(0);
  });
});
