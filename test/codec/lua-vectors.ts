// The codec vectors as the Lua runner (test/lua/codec-vectors.lua) takes them: a selection of
// test/codec/vectors.ts, with shorter messages for fengari.
import zlib from "node:zlib";
import { corruptVectors, inflateVectors, sampleMessages } from "./vectors";

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

export async function buildLuaVectors(): Promise<{ inflate: LuaInflateVector[]; deflate: LuaDeflateVector[] }> {
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
  return { inflate, deflate };
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
