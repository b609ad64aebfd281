// The client connection (RFC 6455 sections 4-7) on the TypeScript core: every vector with input as
// written and one byte at a time. The same vectors run on the built Lua in core-lua-vectors.test.ts.
import { describe, expect, it } from "vitest";
import { ClientConnection } from "../ts/core/client-connection";
import { parseWebSocketUrl } from "../ts/core/url";
import { HANDSHAKE_OK, connectionVectors } from "./vectors/connection";
import { converse, DEFAULT_RANDOM, expectedConversation, projectConversation, scriptedRandom, SPLITS } from "./vectors/run";
import { serverFrame } from "./vectors/bytes";

describe("ClientConnection", () => {
  for (const vector of connectionVectors) {
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
});
