// Section 4: opcodes. "%x3-7 are reserved for further non-control frames", "%xB-F are reserved for
// further control frames" (RFC 6455 section 5.2); receiving one, the client must fail the connection.
import { binaryPattern } from "./payloads.mjs";
import { failCase, pingFrame, text, textFrame, wire } from "./builders.mjs";

export function opcodeCases(profile) {
  const cases = [];
  for (const [group, kind, opcodes] of [
    ["4.1", "non-control", [3, 4, 5, 6, 7]],
    ["4.2", "control", [11, 12, 13, 14, 15]],
  ]) {
    const [a, b, c, d, e] = opcodes;
    const reserved = (opcode, payload = "") => ({ opcode, payload: Buffer.from(payload) });
    const fail = (n, description, send, before) => failCase(profile, { id: `${group}.${n}`, description, send, before });
    cases.push(
      fail(1, `Send a frame with reserved ${kind} opcode ${a}`, [reserved(a)]),
      fail(2, `Send a frame with reserved ${kind} opcode ${b} and a payload`, [reserved(b, "reserved opcode payload")]),
      fail(3, `Send a small text message, then a frame with reserved ${kind} opcode ${c}, then a ping`, [
        textFrame("valid first"),
        reserved(c),
        pingFrame("never answered"),
      ], [text("valid first")]),
      fail(4, `Send a small text message, a frame with reserved ${kind} opcode ${d} and a payload, a ping, in one TCP write`, (peer) =>
        peer.sendBytes(wire(textFrame("valid first"), reserved(d, binaryPattern(20)), pingFrame("never answered"))),
        [text("valid first")],
      ),
      fail(5, `Send a frame with reserved ${kind} opcode ${e} in TCP writes of 1 byte`, (peer) =>
        peer.sendChopped(wire(reserved(e, "chopped")), 1, 1),
      ),
    );
  }
  return cases;
}
