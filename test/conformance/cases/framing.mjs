// Section 1: framing. Text and binary messages at every payload-length boundary of RFC 6455
// section 5.2 (7-bit up to 125, 16-bit from 126 to 65535, 64-bit from 65536), whole and written in
// odd-sized TCP chops, and a 64-bit length whose most significant bit is set.
import { encodeHeader, Opcode } from "../wire.mjs";
import { asciiText, binaryPattern } from "./payloads.mjs";
import { binary, binaryFrame, echoCase, failCase, text, textFrame } from "./builders.mjs";

const BOUNDARY_LENGTHS = [0, 125, 126, 127, 128, 65535, 65536];
/** Autobahn's odd chop size: TCP writes that never line up with the frame header. */
const ODD_CHOP = 997;

export function framingCases(profile) {
  const cases = [];
  for (const [group, kind, make, frame, expect] of [
    ["1.1", "text", asciiText, textFrame, text],
    ["1.2", "binary", binaryPattern, binaryFrame, binary],
  ]) {
    BOUNDARY_LENGTHS.forEach((length, i) => {
      const payload = make(length);
      cases.push(
        echoCase(profile, {
          id: `${group}.${i + 1}`,
          description: `Send a ${kind} message with a payload of ${length} bytes`,
          send: [frame(payload)],
          echoes: [expect(payload)],
          bytes: length,
        }),
      );
    });
    const payload = make(65536);
    cases.push(
      echoCase(profile, {
        id: `${group}.${BOUNDARY_LENGTHS.length + 1}`,
        description: `Send a ${kind} message of 65536 bytes in TCP writes of ${ODD_CHOP} bytes`,
        send: (peer) => peer.sendChopped(Buffer.concat([encodeHeader({ opcode: frame("").opcode, length: 65536 }), payload]), ODD_CHOP),
        echoes: [expect(payload)],
        bytes: 65536,
      }),
    );
  }
  cases.push(
    failCase(profile, {
      id: "1.3.1",
      description: "Send a frame whose 64-bit payload length has the most significant bit set (section 5.2: it MUST be 0)",
      send: (peer) => {
        const header = encodeHeader({ opcode: Opcode.BINARY, length: 65536 });
        header[2] = 0x80;
        return peer.sendBytes(Buffer.concat([header, binaryPattern(64)]));
      },
      // 1009 is what a client says when it refuses the length as too big, which is also fair.
      codes: [1002, 1009],
    }),
  );
  return cases;
}
