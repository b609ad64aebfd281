// Section 2: ping and pong (RFC 6455 sections 5.5.2 and 5.5.3). A ping is answered with a pong that
// carries the same "Application data"; a control frame's payload is at most 125 bytes; an
// unsolicited pong needs no answer.
import { binaryPattern } from "./payloads.mjs";
import { echoCase, failCase, pingFrame, pong, pongFrame, wire } from "./builders.mjs";

const BINARY_PING = Buffer.from([0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff]);
const PING_COUNT = 10;

export function pingPongCases(profile) {
  const echo = (id, description, send, echoes, extra = {}) => echoCase(profile, { id, description, send, echoes, ...extra });
  const manyPings = Array.from({ length: PING_COUNT }, (_, i) => `payload-${i}`);
  return [
    echo("2.1", "Send a ping without payload", [pingFrame()], [pong()]),
    echo("2.2", "Send a ping with a small text payload", [pingFrame("Hello, pong!")], [pong("Hello, pong!")]),
    echo("2.3", "Send a ping with a small binary payload", [pingFrame(BINARY_PING)], [pong(BINARY_PING)]),
    echo("2.4", "Send a ping with a payload of 125 bytes, the most a control frame holds", [pingFrame(binaryPattern(125))], [
      pong(binaryPattern(125)),
    ]),
    failCase(profile, {
      id: "2.5",
      description: "Send a ping with a payload of 126 bytes (section 5.5: control frames hold at most 125)",
      send: [pingFrame(binaryPattern(126))],
    }),
    echo(
      "2.6",
      "Send a ping with a payload of 125 bytes in TCP writes of 1 byte",
      (peer) => peer.sendChopped(wire(pingFrame(binaryPattern(125))), 1, 1),
      [pong(binaryPattern(125))],
    ),
    echo("2.7", "Send an unsolicited pong without payload: nothing comes back", [pongFrame()], []),
    echo("2.8", "Send an unsolicited pong with payload: nothing comes back", [pongFrame("unsolicited")], []),
    echo("2.9", "Send an unsolicited pong, then a ping: only the ping is answered", [pongFrame("unsolicited"), pingFrame("solicited")], [
      pong("solicited"),
    ]),
    echo(
      "2.10",
      `Send ${PING_COUNT} pings in one TCP write`,
      (peer) => peer.sendFrames(manyPings.map((p) => pingFrame(p))),
      manyPings.map((p) => pong(p)),
      // Section 5.5.3: an endpoint MAY answer only the most recent of several pings.
      { ok: [manyPings.map((p) => pong(p)), [pong(manyPings[PING_COUNT - 1])]] },
    ),
    echo(
      "2.11",
      `Send ${PING_COUNT} pings, each frame in TCP writes of 1 byte`,
      (peer) => peer.sendChopped(wire(...manyPings.map((p) => pingFrame(p))), 1, 1),
      manyPings.map((p) => pong(p)),
      { ok: [manyPings.map((p) => pong(p)), [pong(manyPings[PING_COUNT - 1])]] },
    ),
  ];
}
