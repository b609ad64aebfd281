// Section 6: UTF-8. Text messages are UTF-8 (RFC 3629); "When an endpoint is to interpret a byte
// stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint
// MUST _Fail the WebSocket Connection_" (RFC 6455 section 8.1), with 1007 (section 7.4.1). Valid
// text must come back byte for byte however it was cut; invalid text must be refused whole, in
// fragments, and as early as possible ("fail fast", as Autobahn grades it).
import { Opcode, encodeHeader } from "../wire.mjs";
import { NON_STRICT } from "../verdict.mjs";
import { multiByteText } from "./payloads.mjs";
import { continuationFrame, echoCase, failCase, fragmented, text, textFrame, wire } from "./builders.mjs";

const b = (...parts) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

/** "Greek kosme, German, Chinese, euro sign and a die", every UTF-8 sequence length. */
const MIXED = b("\u03ba\u1f79\u03c3\u03bc\u03b5 Gr\u00fc\u00dfe \u4e16\u754c \u20ac \u{1f3b2}!");

/** Code points at the edges of each UTF-8 sequence length and around the surrogates. */
const BOUNDARY_CODE_POINTS = [0x0000, 0x007f, 0x0080, 0x07ff, 0x0800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff];

/** Byte sequences no UTF-8 decoder may accept, each named by the rule it breaks. */
const INVALID_SEQUENCES = [
  ["a lone continuation byte 0x80", [0x80]],
  ["a lone continuation byte 0xBF", [0xbf]],
  ["an overlong 2-byte NUL (C0 80)", [0xc0, 0x80]],
  ["an overlong 2-byte form (C1 BF)", [0xc1, 0xbf]],
  ["an overlong 3-byte form (E0 80 80)", [0xe0, 0x80, 0x80]],
  ["an overlong 3-byte form (E0 9F BF)", [0xe0, 0x9f, 0xbf]],
  ["an overlong 4-byte form (F0 80 80 80)", [0xf0, 0x80, 0x80, 0x80]],
  ["an overlong 4-byte form (F0 8F BF BF)", [0xf0, 0x8f, 0xbf, 0xbf]],
  ["the high surrogate U+D800 (ED A0 80)", [0xed, 0xa0, 0x80]],
  ["the low surrogate U+DFFF (ED BF BF)", [0xed, 0xbf, 0xbf]],
  ["a code point above U+10FFFF (F4 90 80 80)", [0xf4, 0x90, 0x80, 0x80]],
  ["the lead byte F5", [0xf5, 0x80, 0x80, 0x80]],
  ["the byte FE", [0xfe]],
  ["the byte FF", [0xff]],
  ["a 3-byte sequence cut short inside the text (E2 82 then ASCII)", [0xe2, 0x82, 0x41]],
  ["a 2-byte lead byte followed by ASCII (C3 28)", [0xc3, 0x28]],
];

export function utf8Cases(profile) {
  const cases = [];
  const echo = (id, description, send, echoes) => cases.push(echoCase(profile, { id, description, send, echoes }));
  const fail = (id, description, send, extra = {}) => cases.push(failCase(profile, { id, description, send, codes: [1007], ...extra }));

  // 6.1: valid text, however it is cut.
  echo("6.1.1", "Send an empty text message in 3 empty fragments", (peer) =>
    peer.sendFrames([textFrame("", { fin: false }), continuationFrame("", { fin: false }), continuationFrame("")]),
    [text("")],
  );
  echo("6.1.2", "Send valid text with 1- to 4-byte sequences in one frame", [textFrame(MIXED)], [text(MIXED)]);
  echo("6.1.3", "Send the same text in fragments of 1 byte, splitting every multi-byte sequence", (peer) =>
    peer.sendFrames(fragmented(Opcode.TEXT, MIXED, 1)),
    [text(MIXED)],
  );
  echo("6.1.4", "Send the same text in fragments of 3 bytes", (peer) => peer.sendFrames(fragmented(Opcode.TEXT, MIXED, 3)), [text(MIXED)]);
  echo("6.1.5", "Send the same text in one frame, in TCP writes of 1 byte", (peer) => peer.sendChopped(wire(textFrame(MIXED)), 1, 1), [
    text(MIXED),
  ]);
  const longText = multiByteText(65536);
  echo("6.1.6", "Send 64 KiB of multi-byte text in fragments of 1001 bytes (cut inside sequences)", (peer) =>
    peer.sendFrames(fragmented(Opcode.TEXT, longText, 1001)),
    [text(longText)],
  );

  // 6.2: every boundary code point, alone in a message.
  BOUNDARY_CODE_POINTS.forEach((codePoint, i) => {
    const bytes = Buffer.from(String.fromCodePoint(codePoint), "utf8");
    const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    echo(`6.2.${i + 1}`, `Send the code point ${name} (${bytes.toString("hex")}) as a text message`, [textFrame(bytes)], [text(bytes)]);
  });

  // 6.3: invalid sequences inside otherwise valid text, whole.
  INVALID_SEQUENCES.forEach(([name, bytes], i) => {
    fail(`6.3.${i + 1}`, `Send a text message containing ${name}`, [textFrame(b("valid prefix ", bytes, " valid suffix"))]);
  });
  fail(`6.3.${INVALID_SEQUENCES.length + 1}`, "Send a text message that ends inside a 3-byte sequence (E2 82)", [textFrame(b("ends early ", [0xe2, 0x82]))]);

  // 6.4: invalid text in fragments.
  fail("6.4.1", "Send a text message in 2 fragments, the second starting with an invalid continuation", [
    textFrame(b("caf", [0xc3]), { fin: false }),
    continuationFrame(b([0x28], "rest")),
  ]);
  fail("6.4.2", "Send a text message in 3 fragments that together spell a surrogate (ED | A0 | 80)", [
    textFrame(b("surrogate ", [0xed]), { fin: false }),
    continuationFrame(b([0xa0]), { fin: false }),
    continuationFrame(b([0x80])),
  ]);
  fail("6.4.3", "Send a text message whose last fragment ends inside a sequence", [
    textFrame("valid start ", { fin: false }),
    continuationFrame(b("end ", [0xe2, 0x82])),
  ]);
  fail("6.4.4", "Send a valid text message, then an invalid one in fragments", [
    textFrame(MIXED),
    textFrame("valid start ", { fin: false }),
    continuationFrame(b([0xf4, 0x90, 0x80, 0x80])),
  ], { before: [text(MIXED)] });

  // 6.5: fail fast. The bad bytes arrive, the server waits, and only then sends the rest of the
  // message. A client that fails before the rest arrives is OK; one that waits for the end of the
  // message to notice is NON-STRICT, as in Autobahn.
  const failFast = (id, description, parts) =>
    fail(id, description, async (peer) => {
      await peer.sendBytes(parts[0]);
      await peer.sleep(50);
      await peer.sendBytes(parts[1]);
      peer.facts.failedFast = await peer.waitFor(() => peer.stopped, profile.failFastMs);
      await peer.sendBytes(parts[2]);
    }, { judge: failedFastJudge });
  const valid = b("\u03ba\u1f79\u03c3\u03bc\u03b5");
  failFast("6.5.1", "Fail fast: fragment 1 valid, fragment 2 holds F4 90 80 80, fragment 3 sent later", [
    wire(textFrame(valid, { fin: false })),
    wire(continuationFrame(b([0xf4, 0x90, 0x80, 0x80], "edited"), { fin: false })),
    wire(continuationFrame("the end")),
  ]);
  failFast("6.5.2", "Fail fast: fragment 1 ends with F4, fragment 2 starts with 90 (above U+10FFFF)", [
    wire(textFrame(b(valid, [0xf4]), { fin: false })),
    wire(continuationFrame(b([0x90]), { fin: false })),
    wire(continuationFrame(b([0x80, 0x80], "the end"))),
  ]);
  const single = (payload, cutA, cutB) => {
    const frame = Buffer.concat([encodeHeader({ opcode: Opcode.TEXT, length: payload.length }), payload]);
    const header = frame.length - payload.length;
    return [frame.subarray(0, header + cutA), frame.subarray(header + cutA, header + cutB), frame.subarray(header + cutB)];
  };
  const inOneFrame = b(valid, [0xf4, 0x90, 0x80, 0x80], "edited and the rest of a long frame");
  failFast("6.5.3", "Fail fast: one frame in 3 TCP writes, the second holding F4 90 80 80", single(inOneFrame, valid.length, valid.length + 4));
  failFast("6.5.4", "Fail fast: one frame in 3 TCP writes, F4 ending the first and 90 starting the second", single(inOneFrame, valid.length + 1, valid.length + 2));
  return cases;
}

function failedFastJudge(outcome) {
  if (outcome.facts.failedFast) return undefined;
  return { verdict: NON_STRICT, reason: "failed only once the rest of the message arrived, not as soon as the text became invalid" };
}
