// The codec vectors: message sequences compressed by Node's zlib at test time, in every setting a
// permessage-deflate peer may use (every level, window 8-15, context takeover on and off, the
// strategies that force fixed Huffman, Huffman-only and run-length blocks, memLevel 1's small
// blocks, stored blocks of incompressible data, empty and 1-byte messages, a sync flush inside a
// message, a final block, a lone distance code), plus corrupt streams built bit by bit.
// Plain JavaScript so that both vitest (through test/codec/vectors.ts, which adds the types) and
// plain Node (test/codec/native-vectors.mjs, for the Java and C codecs' tests) build the same set.
import zlib from "node:zlib";
import { makeCorpus } from "../../bench/codec/corpus.mjs";
import { zlibDeflateMessages } from "../../bench/codec/zlib-messages.mjs";

/** A deterministic byte string that does not compress (so zlib stores it). */
export function noise(length, seed) {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(Math.floor(state / 8388608) % 256);
  }
  return out;
}

/** The messages the vectors compress: JSON updates and a snapshot, text with long repeats, binary noise, empty and 1-byte messages. */
export function sampleMessages(big, tiny = false) {
  if (tiny) {
    const { messages } = makeCorpus({ small: 3, every: 100 });
    const block = noise(100, 11);
    return [...messages, "", "x", "a".repeat(300), noise(200, 3), "", block + noise(20, 12) + block, messages[1]];
  }
  const { messages } = makeCorpus({ small: big ? 60 : 12, every: big ? 30 : 100 });
  const list = [...messages.slice(0, big ? 40 : 12)];
  list.push("");
  list.push("x");
  list.push("a".repeat(big ? 70000 : 3000));
  list.push(noise(big ? 70000 : 1500, 3));
  list.push("");
  // Repeats 300 and 600 bytes back: beyond small windows.
  const block = noise(300, 11);
  list.push(block + block + noise(300, 12) + block);
  list.push(messages[1] ?? "tail");
  return list;
}

/** Every zlib setting the vectors cover. */
export function inflateSettings() {
  const settings = [];
  for (let level = 0; level <= 9; level++) settings.push({ name: `level ${level}`, options: { level }, noContextTakeover: false });
  for (let windowBits = 8; windowBits <= 15; windowBits++) {
    settings.push({ name: `window ${windowBits}`, options: { level: 6, windowBits }, noContextTakeover: false });
    settings.push({ name: `window ${windowBits}, no context takeover`, options: { level: 1, windowBits }, noContextTakeover: true });
  }
  settings.push({ name: "fixed Huffman blocks", options: { strategy: zlib.constants.Z_FIXED }, noContextTakeover: false });
  settings.push({ name: "Huffman only", options: { strategy: zlib.constants.Z_HUFFMAN_ONLY }, noContextTakeover: false });
  settings.push({ name: "run-length", options: { strategy: zlib.constants.Z_RLE }, noContextTakeover: false });
  settings.push({ name: "memLevel 1 (small blocks)", options: { level: 9, memLevel: 1 }, noContextTakeover: false });
  return settings;
}

export async function inflateVectors(big, tiny = false) {
  const messages = sampleMessages(big, tiny);
  const vectors = [];
  for (const s of inflateSettings()) {
    const payloads = await zlibDeflateMessages(messages, s.options, s.noContextTakeover);
    vectors.push({ name: s.name, windowBits: s.options.windowBits ?? 15, noContextTakeover: s.noContextTakeover, messages, payloads });
  }
  // A message made of several sync flushes (zlib flushed mid-message, as a streaming sender does).
  const halves = await zlibDeflateMessages(["first half of the message, ", "second half of the message"], { level: 1 });
  vectors.push({ name: "sync flush inside a message", windowBits: 15, noContextTakeover: false, messages: ["first half of the message, second half of the message"], payloads: [halves[0] + "\x00\x00\xff\xff" + halves[1]] });
  // A message that ends with a final block (BFINAL=1): accepted, the appended tail ignored.
  const finished = zlib.deflateRawSync(Buffer.from("finished with a final block", "latin1")).toString("latin1");
  vectors.push({ name: "final block (BFINAL=1)", windowBits: 15, noContextTakeover: true, messages: ["finished with a final block"], payloads: [finished] });
  // Incomplete distance codes, a short message (decoded near the input's end) and a long one.
  vectors.push({ name: "lone distance code of one bit", windowBits: 15, noContextTakeover: false, messages: ["aaaa", "a".repeat(64 + 3)], payloads: [loneDistanceCodeBlock(1), loneDistanceCodeBlock(64)] });
  return vectors;
}

/**
 * A dynamic block whose distance code is a single code of one bit, the incomplete code RFC 1951
 * section 3.2.7 allows (zlib never sends one; other encoders may): `repeat` literals "a", a match
 * of 3 at distance 1 through code 0 (or, with `emptySlot`, through the unused code 1: invalid),
 * end of block, then a sync flush's empty stored block header. The literal/length code: "a" 1 bit,
 * end of block and length code 257 2 bits each.
 */
export function loneDistanceCodeBlock(repeat, emptySlot = false) {
  const fields = [[0, 1], [2, 2], [1, 5], [0, 5], [14, 4]];
  // Code length code lengths in their order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1:
  // 18 one bit (code 0), 1 and 2 two bits (codes 10, 11).
  for (const length of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) fields.push([length, 3]);
  // Lengths of literal/length codes 0-257 and distance code 0: 97 zeros, 1 ("a"), 158 zeros (138 + 20:
  // code 18 repeats at most 138), 2, 2, 1.
  fields.push(["huffman", 0, 1], [97 - 11, 7], ["huffman", 2, 2], ["huffman", 0, 1], [138 - 11, 7], ["huffman", 0, 1], [20 - 11, 7]);
  fields.push(["huffman", 3, 2], ["huffman", 3, 2], ["huffman", 2, 2]);
  for (let i = 0; i < repeat; i++) fields.push(["huffman", 0, 1]);
  fields.push(["huffman", 3, 2], ["huffman", emptySlot ? 1 : 0, 1], ["huffman", 2, 2], [0, 3]);
  if (emptySlot) fields.push([0, 32], [0, 32]);
  return bitString(fields);
}

/** Bits to bytes, least significant bit first (RFC 1951 section 3.1.1). `huffman` entries are sent most significant bit first. */
export function bitString(fields) {
  let bits = "";
  for (const f of fields) {
    if (f[0] === "huffman") {
      const [, code, length] = f;
      for (let i = length - 1; i >= 0; i--) bits += Math.floor(code / 2 ** i) % 2;
    } else {
      const [value, length] = f;
      for (let i = 0; i < length; i++) bits += Math.floor(value / 2 ** i) % 2;
    }
  }
  while (bits.length % 8 !== 0) bits += "0";
  let out = "";
  for (let i = 0; i < bits.length; i += 8) {
    let v = 0;
    for (let k = 0; k < 8; k++) v += Number(bits[i + k]) * 2 ** k;
    out += String.fromCharCode(v);
  }
  return out;
}

/** Streams that must fail (1007): each breaks one rule of RFC 1951. See CorruptVector in vectors.ts for `truncated`. */
export function corruptVectors() {
  const fixedLiteral = (byte) => ["huffman", 0x30 + byte, 8];
  const overSubscribedCodeLengths = [[0, 1], [2, 2], [0, 5], [0, 5], [15, 4]];
  for (let i = 0; i < 19; i++) overSubscribedCodeLengths.push([1, 3]);
  // Code lengths code: symbols 1 and 2 of one bit each (complete); then 258 lengths of 1: over-subscribed.
  const overSubscribedLiterals = [[0, 1], [2, 2], [0, 5], [0, 5], [14, 4]];
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
  for (const symbol of order) overSubscribedLiterals.push([symbol === 1 || symbol === 2 ? 1 : 0, 3]);
  for (let i = 0; i < 258; i++) overSubscribedLiterals.push([0, 1]);
  return [
    { name: "invalid block type 3", payload: bitString([[0, 1], [3, 2]]), errorIncludes: "invalid block type" },
    { name: "stored block lengths that disagree", payload: "\x00\x05\x00\x00\x00hello", errorIncludes: "stored block lengths" },
    {
      name: "distance too far back (a match before any output)",
      payload: bitString([[0, 1], [1, 2], ["huffman", 1, 7], [0, 5], ["huffman", 0, 7]]),
      errorIncludes: "too far back",
    },
    {
      name: "distance too far back (4 bytes back after 2)",
      payload: bitString([[0, 1], [1, 2], fixedLiteral(0x61), fixedLiteral(0x62), ["huffman", 1, 7], ["huffman", 3, 5], ["huffman", 0, 7]]),
      errorIncludes: "too far back",
    },
    { name: "invalid literal/length code 286 (fixed)", payload: bitString([[0, 1], [1, 2], ["huffman", 0xc6, 8]]), errorIncludes: "literal/length" },
    { name: "invalid distance code 30 (fixed)", payload: bitString([[0, 1], [1, 2], fixedLiteral(0x61), ["huffman", 1, 7], ["huffman", 30, 5]]), errorIncludes: "distance code" },
    // The same three with 16 literals in front, so that they come where the fast loop of the pure
    // inflater runs (enough input left for any symbol), not its careful tail.
    {
      name: "invalid literal/length code 286 (fixed) after 16 literals",
      payload: bitString([[0, 1], [1, 2], ...Array.from({ length: 16 }, (_, i) => fixedLiteral(0x61 + i)), ["huffman", 0xc6, 8], [0, 32], [0, 32]]),
      errorIncludes: "literal/length",
    },
    {
      name: "invalid distance code 30 (fixed) after 16 literals",
      payload: bitString([[0, 1], [1, 2], ...Array.from({ length: 16 }, (_, i) => fixedLiteral(0x61 + i)), ["huffman", 1, 7], ["huffman", 30, 5], [0, 32], [0, 32]]),
      errorIncludes: "distance code",
    },
    {
      name: "distance too far back (20 bytes back after 16)",
      payload: bitString([[0, 1], [1, 2], ...Array.from({ length: 16 }, (_, i) => fixedLiteral(0x61 + i)), ["huffman", 1, 7], ["huffman", 8, 5], [3, 3], [0, 32], [0, 32]]),
      errorIncludes: "too far back",
    },
    { name: "a lone distance code's empty slot", payload: loneDistanceCodeBlock(1, true), errorIncludes: "distance code" },
    { name: "a lone distance code's empty slot after 64 literals", payload: loneDistanceCodeBlock(64, true), errorIncludes: "distance code" },
    { name: "over-subscribed code lengths code", payload: bitString(overSubscribedCodeLengths), errorIncludes: "over-subscribed" },
    { name: "over-subscribed literal/length code", payload: bitString(overSubscribedLiterals), errorIncludes: "over-subscribed" },
    { name: "too many length codes (HLIT 30)", payload: bitString([[0, 1], [2, 2], [30, 5], [0, 5], [0, 4]]), errorIncludes: "too many" },
    { name: "truncated stored block", payload: "\x00\x64\x00\x9b\xffhel", errorIncludes: "truncated", truncated: true },
    { name: "empty payload (no block at all)", payload: "", errorIncludes: "", truncated: true },
  ];
}
