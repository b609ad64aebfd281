// Section 10: delivery. However TCP cuts or glues the byte stream, the client must see the same
// frames: a long message auto-fragmented like a browser's, everything 1 byte per TCP write, and many
// messages, pings and a fragmented message glued into one TCP write.
import { Opcode } from "../wire.mjs";
import { asciiText, binaryPattern, multiByteText } from "./payloads.mjs";
import { binary, binaryFrame, continuationFrame, echoCase, fragmented, pingFrame, pong, text, textFrame, wire } from "./builders.mjs";

const COALESCED_MESSAGES = 100;

export function deliveryCases(profile) {
  const autoFragmented = asciiText(65536);
  const chopped = [textFrame(multiByteText(40)), binaryFrame(binaryPattern(40)), pingFrame("chopped ping")];
  const coalescedText = Array.from({ length: COALESCED_MESSAGES }, (_, i) => Buffer.from(`message ${i}`));
  const coalescedBinary = Array.from({ length: COALESCED_MESSAGES }, (_, i) => binaryPattern(i));
  const frames = [];
  const expected = [];
  for (let i = 0; i < COALESCED_MESSAGES; i++) {
    frames.push(textFrame(coalescedText[i]), binaryFrame(coalescedBinary[i]));
    expected.push(text(coalescedText[i]), binary(coalescedBinary[i]));
    if (i % 20 === 0) {
      frames.push(pingFrame(`ping ${i}`));
      expected.push(pong(`ping ${i}`));
    }
  }
  frames.push(textFrame("frag", { fin: false }), pingFrame("inside"), continuationFrame("mented"));
  expected.push(pong("inside"), text("fragmented"));

  return [
    echoCase(profile, {
      id: "10.1.1",
      description: "Send a text message of 65536 bytes in fragments of 1300 bytes",
      send: (peer) => peer.sendFrames(fragmented(Opcode.TEXT, autoFragmented, 1300)),
      echoes: [text(autoFragmented)],
      bytes: 65536,
    }),
    echoCase(profile, {
      id: "10.2.1",
      description: "Send a text message, a binary message and a ping in TCP writes of 1 byte, then close in TCP writes of 1 byte",
      send: async (peer) => {
        await peer.sendChopped(wire(...chopped), 1, 1);
        await peer.waitForObservations(3, profile.baseTimeoutMs);
        await peer.sendClose(1000, { chop: { size: 1, delayMs: 1 } });
      },
      echoes: [text(chopped[0].payload), binary(chopped[1].payload), pong("chopped ping")],
    }),
    echoCase(profile, {
      id: "10.3.1",
      description: `Send ${2 * COALESCED_MESSAGES} messages, pings and a fragmented message in one TCP write`,
      send: (peer) => peer.sendFrames(frames),
      echoes: expected,
    }),
  ];
}
