// Section 1: framing. Text (1.1) and binary (1.2) messages of every payload-length encoding's edges
// (RFC 6455 section 5.2: 7-bit up to 125, 16-bit from 126, 64-bit from 65536), whole and cut into TCP
// writes of 997 bytes. Each must come back as sent, then close cleanly.
import { Opcode } from "../wire.mjs";
import { defineCase, expect, expectCleanClose, message, repeat } from "./case.mjs";

const LENGTHS = [0, 125, 126, 127, 128, 65535, 65536];
const CHOP = 997;

export function framingCases() {
  const cases = [];
  for (const [group, kind, opcode, pattern] of [
    ["1.1", "text", Opcode.TEXT, "*"],
    ["1.2", "binary", Opcode.BINARY, "\xfe"],
  ]) {
    const binary = opcode === Opcode.BINARY;
    const one = (n, length, chopsize) =>
      defineCase({
        id: `${group}.${n}`,
        description: `Send ${kind} message with payload of length ${length}${chopsize ? `. Sent out data in chops of ${chopsize} octets` : ""}.`,
        expectation: `Receive echo'ed ${kind} message (with payload as sent). Clean close with normal code.`,
        open: (run) => {
          const payload = repeat(pattern, length);
          expect(run, [message(payload, binary)]);
          expectCleanClose(run);
          run.p.sendFrame({ opcode, payload, chopsize });
          run.p.killAfter(length > 128 ? 10 : 1);
        },
      });
    LENGTHS.forEach((length, i) => cases.push(one(i + 1, length)));
    cases.push(one(LENGTHS.length + 1, 65536, CHOP));
  }
  return cases;
}
