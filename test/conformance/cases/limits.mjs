// Section 9: limits and volume, smaller than Autobahn's section 9 but the same shape: big messages
// whole, in many fragments and in many TCP writes; many small messages, one at a time and pipelined;
// and a message one byte over the client's maxMessageSize, which it must refuse with 1009
// ("Message Too Big", RFC 6455 section 7.4.1) without first buffering it all.
import { Opcode, encodeHeader } from "../wire.mjs";
import { asciiText, binaryPattern, multiByteText } from "./payloads.mjs";
import { binary, binaryFrame, echoCase, failCase, fragmented, text, textFrame, wire } from "./builders.mjs";

const FRAGMENT_SIZES = [64, 256, 4096, 65536];
const CHOP_SIZES = [64, 4096, 65536];
const SMALL_MESSAGE = 16;
/** Over-limit payloads are streamed in writes of this size, stopping once the client gave up. */
const STREAM_CHUNK = 64 * 1024;

const sizeName = (bytes) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`);

export function limitCases(profile) {
  const cases = [];
  const echo = (fields) => cases.push(echoCase(profile, fields));
  const big = profile.bigSizes;
  const fragmentedSize = profile.fragmentedSize;

  big.forEach((size, i) => {
    const payload = asciiText(size);
    echo({ id: `9.1.${i + 1}`, description: `Send a text message of ${sizeName(size)}`, send: [textFrame(payload)], echoes: [text(payload)], bytes: size });
  });
  big.forEach((size, i) => {
    const payload = binaryPattern(size);
    echo({ id: `9.2.${i + 1}`, description: `Send a binary message of ${sizeName(size)}`, send: [binaryFrame(payload)], echoes: [binary(payload)], bytes: size });
  });
  const fragmentedText = asciiText(fragmentedSize);
  FRAGMENT_SIZES.forEach((fragment, i) => {
    echo({
      id: `9.3.${i + 1}`,
      description: `Send a text message of ${sizeName(fragmentedSize)} in fragments of ${fragment} bytes`,
      send: (peer) => peer.sendFrames(fragmented(Opcode.TEXT, fragmentedText, fragment)),
      echoes: [text(fragmentedText)],
      bytes: fragmentedSize,
    });
  });
  const choppedBinary = binaryPattern(fragmentedSize);
  CHOP_SIZES.forEach((chop, i) => {
    echo({
      id: `9.4.${i + 1}`,
      description: `Send a binary message of ${sizeName(fragmentedSize)} in TCP writes of ${chop} bytes`,
      send: (peer) => peer.sendChopped(wire(binaryFrame(choppedBinary)), chop),
      echoes: [binary(choppedBinary)],
      bytes: fragmentedSize,
    });
  });

  const overLimit = profile.clientLimit + 1;
  cases.push(
    failCase(profile, {
      id: "9.5.1",
      description: `Send a binary frame of ${overLimit} bytes, one more than the client's limit`,
      send: (peer) => streamPayload(peer, encodeHeader({ opcode: Opcode.BINARY, length: overLimit }), overLimit),
      codes: [1009],
      bytes: overLimit,
    }),
    failCase(profile, {
      id: "9.5.2",
      description: `Send a text message of ${overLimit} bytes in 2 fragments, each under the client's limit`,
      send: async (peer) => {
        const first = asciiText(1000);
        await peer.sendFrame(textFrame(first, { fin: false }));
        const rest = overLimit - first.length;
        await streamPayload(peer, encodeHeader({ opcode: Opcode.CONTINUATION, length: rest }), rest, asciiText);
      },
      codes: [1009],
      bytes: overLimit,
    }),
  );

  const multiByte = multiByteText(big[big.length - 1]);
  echo({ id: "9.6.1", description: `Send ${sizeName(multiByte.length)} of multi-byte text in one frame`, send: [textFrame(multiByte)], echoes: [text(multiByte)], bytes: multiByte.length });
  const multiByteFragmented = multiByteText(fragmentedSize);
  echo({
    id: "9.6.2",
    description: `Send ${sizeName(fragmentedSize)} of multi-byte text in fragments of 65535 bytes (cut inside sequences)`,
    send: (peer) => peer.sendFrames(fragmented(Opcode.TEXT, multiByteFragmented, 65535)),
    echoes: [text(multiByteFragmented)],
    bytes: fragmentedSize,
  });

  const count = profile.roundTrips;
  for (const [n, kind, frame, expect, make] of [
    [1, "text", textFrame, text, asciiText],
    [2, "binary", binaryFrame, binary, binaryPattern],
  ]) {
    const messages = Array.from({ length: count }, (_, i) => make(SMALL_MESSAGE + (i % 7)));
    echo({
      id: `9.7.${n}`,
      description: `Send ${count} ${kind} messages of about ${SMALL_MESSAGE} bytes, each after the echo of the one before`,
      send: async (peer) => {
        for (const [i, message] of messages.entries()) {
          await peer.sendFrame(frame(message));
          if (!(await peer.waitForObservations(i + 1, profile.baseTimeoutMs))) return;
        }
      },
      echoes: messages.map((m) => expect(m)),
      bytes: count * 1024, // round trips cost time, not bytes: budget them like 1 KiB each
    });
    echo({
      id: `9.8.${n}`,
      description: `Send ${count} ${kind} messages of about ${SMALL_MESSAGE} bytes in one TCP write`,
      send: (peer) => peer.sendFrames(messages.map((m) => frame(m))),
      echoes: messages.map((m) => expect(m)),
      bytes: count * SMALL_MESSAGE,
    });
  }
  return cases;
}

/**
 * Writes `header`, then `length` payload bytes in chunks, as long as the client is still reading:
 * a client that refuses the frame by its header makes the server stop at once.
 */
async function streamPayload(peer, header, length, make = binaryPattern) {
  await peer.sendBytes(header);
  const chunk = make(STREAM_CHUNK);
  for (let sent = 0; sent < length && !peer.stopped; sent += STREAM_CHUNK) {
    await peer.sendBytes(chunk.subarray(0, Math.min(STREAM_CHUNK, length - sent)));
  }
}
