// The codec vectors as the Lua runner (test/lua/codec-vectors.lua) takes them: a selection of
// test/codec/vectors.ts on the corpus, shorter messages for fengari, and on every runtime the whole
// settings matrix (every level, window 8-15 and takeover mode) on short messages plus, for every
// window, messages with repeats just inside and just beyond it. The hand-written Lua kernels
// (lua/kernels/*.lua) never run under vitest: these vectors are what proves them.
import zlib from "node:zlib";
// @ts-expect-error: a plain ES module without type declarations
import { makeCorpus } from "../../bench/codec/corpus.mjs";
// @ts-expect-error: a plain ES module without type declarations
import { zlibDeflateMessages } from "../../bench/codec/zlib-messages.mjs";
import { corruptVectors, inflateVectors, noise, sampleMessages } from "./vectors";

const LIMIT = 16 * 1024 * 1024;

export interface LuaInflateVector {
  name: string;
  /** Run on fengari too (which is two orders of magnitude slower per call). */
  fengari: boolean;
  /** Cut short inside a block: see CorruptVector.truncated. */
  truncated?: boolean;
  /** Pieces of one byte on every runtime (others: bigger pieces on wasmoon and fengari). */
  bytePieces?: boolean;
  windowBits: number;
  noContextTakeover: boolean;
  maxMessageSize: number;
  payloads: string[];
}
export interface LuaDeflateVector {
  name: string;
  /** Run on fengari too. */
  fengari: boolean;
  level: number;
  windowBits: number;
  noContextTakeover: boolean;
  budget: number;
  messages: string[];
}

/**
 * `matrix` (default true): the settings matrix and the window edges too. Those are for the pure
 * codec: the native one (codec-native.test.ts) keeps the selection, and zlib's inflate accepts a
 * distance beyond its window while the bytes are still in its output buffer.
 */
export async function buildLuaVectors({ matrix = true } = {}): Promise<{ inflate: LuaInflateVector[]; deflate: LuaDeflateVector[] }> {
  // A selection of the settings codec-pure.test.ts covers in full: the Lua is the same code compiled,
  // so each kind of block, window and takeover mode once is what the runtimes need to show.
  const wanted = /^(level [0169]|window (8|11|15)(, no context takeover)?|fixed|Huffman|run-length|memLevel|sync flush|final|lone)/;
  const inflate: LuaInflateVector[] = (await inflateVectors(false)).filter((v) => wanted.test(v.name)).map((v) => ({ ...v, maxMessageSize: LIMIT, fengari: false }));
  // For fengari too: every special kind on shorter messages, byte by byte on every runtime.
  const tiny = (await inflateVectors(false, true)).filter((v) => /^(level 1|window 8, no|fixed|Huffman|run-length|memLevel|sync|final|lone)/.test(v.name));
  for (const v of tiny) inflate.push({ ...v, name: `${v.name} (short messages)`, maxMessageSize: LIMIT, fengari: true, bytePieces: true });
  for (const v of corruptVectors()) inflate.push({ name: `corrupt: ${v.name}`, fengari: true, truncated: v.truncated, windowBits: 15, noContextTakeover: false, maxMessageSize: LIMIT, payloads: [v.payload] });
  const bomb = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1").slice(0, -4);
  inflate.push({ name: "bomb: 1 MiB of zeros, limit 4 KiB", fengari: true, windowBits: 15, noContextTakeover: false, maxMessageSize: 4096, payloads: [bomb] });
  const messages = sampleMessages(false);
  const deflate: LuaDeflateVector[] = [];
  // Some for fengari too: on short messages.
  const short = sampleMessages(false, true);
  deflate.push({ name: "level 1, short messages", fengari: true, level: 1, windowBits: 15, noContextTakeover: false, budget: 65536, messages: short });
  deflate.push({ name: "level 6, window 8, no takeover, short messages", fengari: true, level: 6, windowBits: 8, noContextTakeover: true, budget: 65536, messages: short });
  deflate.push({ name: "level 0, short messages", fengari: true, level: 0, windowBits: 15, noContextTakeover: false, budget: 100, messages: short });
  for (let level = 0; level <= 9; level++) {
    for (const noContextTakeover of level === 1 ? [false, true] : [false]) {
      for (const windowBits of level === 1 && noContextTakeover ? [8, 9, 12, 15] : [15]) {
        deflate.push({ name: `level ${level}, window ${windowBits}${noContextTakeover ? ", no takeover" : ""}`, fengari: false, level, windowBits, noContextTakeover, budget: 65536, messages });
      }
    }
  }
  deflate.push({ name: "level 1 in 1000-byte slices", fengari: false, level: 1, windowBits: 15, noContextTakeover: false, budget: 1000, messages });
  deflate.push({ name: "level 1, skewed bytes (dynamic codes 13 bits deep, several output chunks a block)", fengari: false, level: 1, windowBits: 15, noContextTakeover: false, budget: 65536, messages: [skewedBytes(), "x"] });
  if (matrix) await addMatrix(inflate, deflate);
  return { inflate, deflate };
}

/**
 * Short messages for the settings matrix (about 450 bytes, 160 settings each way): empty and 1-byte
 * messages, a short update, a repeat 268 bytes back (beyond window 8), incompressible bytes (a
 * stored block), the update again (a repeat across messages with takeover).
 */
export function matrixMessages(): string[] {
  const update = '{"type":"state","tick":7,"players":[{"id":3,"x":12.5,"y":40.25,"hp":97},{"id":4,"x":12.5,"y":40.5,"hp":96}]}';
  const block = noise(12, 21);
  return ["", "x", update, block + "a".repeat(256) + block, "", noise(48, 22), update, ""];
}

/**
 * Messages at the edge of window `windowBits` (2^w bytes): Y repeated exactly 2^w bytes back (in the
 * window), Z repeated 2^w + 1 bytes back (beyond it, where a window twice as big reaches), then
 * literals (so that an inflater's fast loop, with input to spare, decodes the repeats); then Z and
 * Y again, 16 and about 2^(w+1) bytes back with takeover.
 */
export function edgeMessages(windowBits: number): string[] {
  const size = 2 ** windowBits;
  const y = noise(16, 31);
  const z = noise(16, 32);
  return [y + "a".repeat(size - 16) + y + z + "b".repeat(size - 15) + z + noise(64, 33), "", z + y];
}

/**
 * Levels 0-9 x windows 8-15 x both takeover modes each way, and the window edges. fengari, two orders
 * of magnitude slower, runs a cover of the matrix (every window in both modes, every level, at
 * least once each way: level (w + 8 * noTakeover) mod 10) and the edges of windows 8-11.
 */
async function addMatrix(inflate: LuaInflateVector[], deflate: LuaDeflateVector[]): Promise<void> {
  const messages = matrixMessages();
  const modes = [false, true];
  for (let level = 0; level <= 9; level++) {
    for (let windowBits = 8; windowBits <= 15; windowBits++) {
      for (const noContextTakeover of modes) {
        const name = `matrix: level ${level}, window ${windowBits}${noContextTakeover ? ", no takeover" : ""}`;
        const fengari = level === (windowBits + (noContextTakeover ? 8 : 0)) % 10;
        // zlib's raw deflate makes window 8 a 9 (as in test/codec/vectors.ts): the inflater reads 8 as 9.
        const payloads: string[] = await zlibDeflateMessages(messages, { level, windowBits }, noContextTakeover);
        inflate.push({ name, fengari, bytePieces: true, windowBits, noContextTakeover, maxMessageSize: LIMIT, payloads });
        // The cover deflates in slices of one byte (the deflater's smallest), the rest whole.
        const budget = fengari ? 1 : 65536;
        deflate.push({ name: `${name}${budget === 1 ? ", 1-byte slices" : ""}`, fengari, level, windowBits, noContextTakeover, budget, messages });
      }
    }
  }
  for (let windowBits = 8; windowBits <= 15; windowBits++) {
    const edge = edgeMessages(windowBits);
    const fengari = windowBits <= 11;
    for (const noContextTakeover of modes) {
      const mode = noContextTakeover ? ", no takeover" : "";
      const payloads: string[] = await zlibDeflateMessages(edge, { level: 9, windowBits }, noContextTakeover);
      inflate.push({ name: `edge: window ${windowBits}${mode}`, fengari, windowBits, noContextTakeover, maxMessageSize: LIMIT, payloads });
      for (const level of [1, 6]) deflate.push({ name: `edge: level ${level}, window ${windowBits}${mode}`, fengari, level, windowBits, noContextTakeover, budget: 65536, messages: edge });
    }
    // A window twice as big reaches Z 2^w + 1 back: too far for this one (window 8 is read as 9,
    // so for 8 the edge of 9 at window 10).
    const reading = Math.max(windowBits, 9);
    if (reading === 15) continue;
    const far: string[] = await zlibDeflateMessages(edgeMessages(reading), { level: 9, windowBits: reading + 1 });
    inflate.push({ name: `beyond the window: window ${windowBits}, zlib's window ${reading + 1}`, fengari, windowBits, noContextTakeover: false, maxMessageSize: LIMIT, payloads: far });
  }
}

/**
 * 65536 bytes where byte k (k = 1..16) occurs 2^(k-1) times and byte 0 once, in a fixed
 * pseudo-random order: its two blocks get dynamic codes 11 and 13 bits deep (long codes and long
 * extra bits in the deflater's bit writer at once), and each block's output (about 12 KB) passes
 * the deflater's output chunk (4 KB) several times.
 */
function skewedBytes(): string {
  const values: number[] = [0];
  for (let k = 1; k <= 16; k++) for (let n = 0; n < 2 ** (k - 1); n++) values.push(k);
  // A Fisher-Yates shuffle by the MINSTD generator, whose products stay exact in a double.
  let seed = 12345;
  for (let i = values.length - 1; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
  return String.fromCharCode(...values.map((v) => v * 7 + 32));
}
