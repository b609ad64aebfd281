/**
 * Decoding tables for canonical Huffman codes (RFC 1951 section 3.2.2), looked up by the next bits
 * of the stream rather than walked bit by bit.
 *
 * A table is indexed by the next `rootBits` bits (in stream order, least significant first). Each
 * entry is a number:
 *   - `symbol * 16 + length` (length 1..15) for a code of at most rootBits bits, repeated at every
 *     index whose low `length` bits are that code;
 *   - `-(offset * 16 + subBits)` for the root slot of codes longer than rootBits: the next `subBits`
 *     bits past the first rootBits index a sub-table that starts at `offset` in the same array, whose
 *     entries are `symbol * 16 + length` with the code's full length;
 *   - EMPTY (-1) in a root slot where no code lies, 0 in a sub-table slot where none lies (only
 *     possible in the incomplete codes the format tolerates): a decoder tests `entry < 0` first, so
 *     an empty root slot costs nothing on the way of a valid code.
 * One array and one number per entry: the decoder does one table read per symbol and splits the
 * number with `%` and `/`, which is cheaper than a second table read on every runtime.
 */
import * as codecKernels from "../../lua/codec-kernels";
import { POW2, REVERSED_BYTE } from "./deflate-format";

const fill = codecKernels.fill;
const buildInLua = codecKernels.buildDecodeTable;

/** A root slot no code reaches (see the module comment). */
export const EMPTY = -1;

export interface DecodeTable {
  entries: number[];
  /** The number of bits the root is indexed by. */
  rootBits: number;
  /** 2^rootBits: `bits % rootSize` is the root index. */
  rootSize: number;
}

/**
 * Builds the table for the code lengths `lengths[0 .. count - 1]` (0 = symbol unused), with a root of
 * at most `maxRootBits` bits. Returns an error message for an over-subscribed set of lengths, or an
 * incomplete one other than a single code of one bit (which zlib accepts, and RFC 1951 section 3.2.7
 * implies for a lone distance code). No codes at all is accepted: such a table only holds zeros.
 * With `complete`, every incomplete set is refused (zlib's rule for the code lengths code). With
 * `reuse`, the entries are written into that array (whatever it held past them is never read).
 */
export function buildDecodeTable(lengths: number[], count: number, maxRootBits: number, complete = false, reuse?: number[]): DecodeTable | string {
  // Where the codec runs on lua/codec-kernels.lua, the hand-written Lua twin of what follows
  // (lua/kernels/inflate.lua): numeric for loops and inline fills, half the VM instructions.
  if (buildInLua !== undefined) return buildInLua(lengths, count, maxRootBits, complete, reuse);
  return buildDecodeTableHere(lengths, count, maxRootBits, complete, reuse);
}

/** buildDecodeTable in TypeScript: the reference, and what runs under Node. */
export function buildDecodeTableHere(lengths: number[], count: number, maxRootBits: number, complete = false, reuse?: number[]): DecodeTable | string {
  const lengthCount: number[] = [];
  for (let l = 0; l <= 15; l++) lengthCount[l] = 0;
  let longest = 0;
  for (let s = 0; s < count; s++) {
    const l = lengths[s];
    if (l > 0) {
      lengthCount[l] += 1;
      if (l > longest) longest = l;
    }
  }
  // Kraft: each length l takes 2^-l of the code space.
  let left = 1;
  let codes = 0;
  for (let l = 1; l <= 15; l++) {
    left = left * 2 - lengthCount[l];
    codes += lengthCount[l];
    if (left < 0) return "over-subscribed Huffman code";
  }
  if (left > 0 && (complete || (codes > 0 && !(codes === 1 && lengthCount[1] === 1)))) return "incomplete Huffman code";

  const rootBits = longest === 0 ? 1 : Math.min(longest, maxRootBits);
  const rootSize = POW2[rootBits];
  // A table reused from block to block keeps its size: no allocation and no rehash each block. A
  // complete code covers every root slot (with a code or a sub-table), so only an incomplete one
  // needs the zeros first.
  const entries: number[] = reuse ?? [];
  if (left > 0 || reuse === undefined) fill(entries, 0, 1, rootSize, EMPTY);

  // Canonical codes: the first code of each length follows the last of the length before.
  const nextCode: number[] = [0];
  let code = 0;
  for (let l = 1; l <= 15; l++) {
    nextCode[l] = code;
    code = (code + lengthCount[l]) * 2;
  }

  // Every block of a dynamic stream builds its tables here, so the loops avoid what compiles to
  // costly Lua: no `continue` (a flagged repeat-until), no call per symbol (reverseBits inlined).
  const reversed: number[] = [];
  const reversedByte = REVERSED_BYTE;
  let anyLong = false;
  for (let s = 0; s < count; s++) {
    const l = lengths[s];
    if (l > 0) {
      // The code's l bits reversed (Huffman codes are sent most significant bit first, RFC 1951
      // section 3.1.1): both bytes reversed and swapped reverse all 16 bits, then the low ones drop off.
      const c = nextCode[l];
      nextCode[l] = c + 1;
      const low = c % 256;
      const r = (reversedByte[low] * 256 + reversedByte[(c - low) / 256]) / POW2[16 - l];
      reversed[s] = r;
      if (l <= rootBits) fill(entries, r, POW2[l], rootSize, s * 16 + l);
      else anyLong = true;
    }
  }
  if (!anyLong) return { entries, rootBits, rootSize };

  // Codes longer than the root: one sub-table per root prefix, as deep as its longest code.
  const deepest: number[] = [];
  for (let s = 0; s < count; s++) {
    const l = lengths[s];
    if (l > rootBits) {
      const prefix = reversed[s] % rootSize;
      if (deepest[prefix] === undefined || l > deepest[prefix]) deepest[prefix] = l;
    }
  }
  const offsetOf: number[] = [];
  let size = rootSize;
  for (let prefix = 0; prefix < rootSize; prefix++) {
    const d = deepest[prefix];
    if (d !== undefined) {
      const subBits = d - rootBits;
      offsetOf[prefix] = size;
      entries[prefix] = -(size * 16 + subBits);
      const subSize = POW2[subBits];
      // A complete code fills each sub-table whole too.
      if (left > 0) fill(entries, size, 1, size + subSize, 0);
      size += subSize;
    }
  }
  for (let s = 0; s < count; s++) {
    const l = lengths[s];
    if (l > rootBits) {
      const r = reversed[s];
      const prefix = r % rootSize;
      const high = (r - prefix) / rootSize;
      const subSize = POW2[deepest[prefix] - rootBits];
      const offset = offsetOf[prefix];
      fill(entries, offset + high, POW2[l - rootBits], offset + subSize, s * 16 + l);
    }
  }
  return { entries, rootBits, rootSize };
}
