// Section 3: reserved bits. "RSV1, RSV2, RSV3: MUST be 0 unless an extension is negotiated that
// defines meanings for non-zero values" (RFC 6455 section 5.2). No extension is ever negotiated here,
// so the client must fail the connection on any of them, on data and control frames alike.
import { binaryPattern } from "./payloads.mjs";
import { binaryFrame, failCase, pingFrame, pongFrame, text, textFrame, wire } from "./builders.mjs";
import { Opcode, closePayload } from "../wire.mjs";

export function reservedBitCases(profile) {
  const fail = (id, description, send, before) => failCase(profile, { id, description, send, before });
  return [
    fail("3.1", "Send a small text message with RSV = 1", [textFrame("Hello, reserved bits!", { rsv: 1 })]),
    fail("3.2", "Send a small text message, then one with RSV = 2, then a ping", [
      textFrame("valid first"),
      textFrame("reserved", { rsv: 2 }),
      pingFrame("never answered"),
    ], [text("valid first")]),
    fail(
      "3.3",
      "Send a small text message, then one with RSV = 3, then a ping, all in one TCP write",
      (peer) => peer.sendBytes(wire(textFrame("valid first"), textFrame("reserved", { rsv: 3 }), pingFrame("never answered"))),
      [text("valid first")],
    ),
    fail("3.4", "Send a small text message, then one with RSV = 4, then a ping, in TCP writes of 1 byte", (peer) =>
      peer.sendChopped(wire(textFrame("valid first"), textFrame("reserved", { rsv: 4 }), pingFrame("never answered")), 1, 1),
      [text("valid first")],
    ),
    fail("3.5", "Send a small binary message with RSV = 5", [binaryFrame(binaryPattern(8), { rsv: 5 })]),
    fail("3.6", "Send a ping with RSV = 6", [pingFrame("reserved", { rsv: 6 })]),
    fail("3.7", "Send a close frame with RSV = 7", [{ opcode: Opcode.CLOSE, payload: closePayload(1000), rsv: 7 }]),
    fail("3.8", "Send an unsolicited pong with RSV = 1", [pongFrame("reserved", { rsv: 1 })]),
  ];
}
