/**
 * Building length-limited Huffman codes for the deflater (RFC 1951 section 3.2.2 and 3.2.7).
 *
 * Code lengths come from a Huffman tree built with two queues over the symbols sorted by frequency;
 * lengths beyond the limit are then pulled back as zlib's gen_bitlen does (each overflowing leaf
 * takes the place of a shorter one, which moves one level down with it as its brother), and the
 * lengths go back to the symbols, the shortest to the most frequent.
 */
import * as codecKernels from "../../lua/codec-kernels";
import { reverseBits } from "./deflate-format";

const sortNumbers = codecKernels.sortNumbers;

/** Symbols are below this: a sort key is frequency * SYMBOL_UNIT + symbol. */
const SYMBOL_UNIT = 512;

/**
 * Code lengths for `frequencies[0 .. count - 1]`, none above `maxBits`. At least two symbols get a
 * code (two of length 1 if only one or none is used), so the code is always complete: every
 * decoder, zlib's included, accepts it.
 */
export function buildCodeLengths(frequencies: number[], count: number, maxBits: number): number[] {
  const lengths: number[] = [];
  // Sort keys (frequency, then symbol: every runtime gives the same code) as plain numbers, so that
  // Lua's table.sort compares them in C rather than calling a comparator.
  const used: number[] = [];
  let n = 0;
  for (let s = 0; s < count; s++) {
    lengths[s] = 0;
    if (frequencies[s] > 0) {
      used[n] = frequencies[s] * SYMBOL_UNIT + s;
      n += 1;
    }
  }
  if (n < 2) {
    const first = n === 1 ? used[0] % SYMBOL_UNIT : 0;
    const second = first === 0 ? 1 : 0;
    lengths[first] = 1;
    lengths[second] = 1;
    return lengths;
  }
  sortNumbers(used);

  // Two-queue Huffman: leaves 0..n-1 (ascending frequency), inner nodes n.. in order of creation.
  const weight: number[] = [];
  const parent: number[] = [];
  for (let i = 0; i < n; i++) {
    const symbol = used[i] % SYMBOL_UNIT;
    weight[i] = (used[i] - symbol) / SYMBOL_UNIT;
    used[i] = symbol;
  }
  let leaf = 0;
  let inner = n;
  let created = n;
  for (let k = 0; k < n - 1; k++) {
    let pick1: number;
    let pick2: number;
    if (leaf < n && (inner >= created || weight[leaf] <= weight[inner])) pick1 = leaf++;
    else pick1 = inner++;
    if (leaf < n && (inner >= created || weight[leaf] <= weight[inner])) pick2 = leaf++;
    else pick2 = inner++;
    weight[created] = weight[pick1] + weight[pick2];
    parent[pick1] = created;
    parent[pick2] = created;
    created += 1;
  }
  const depth: number[] = [];
  depth[created - 1] = 0;
  for (let i = created - 2; i >= 0; i--) depth[i] = depth[parent[i]] + 1;

  const countOfLength: number[] = [];
  for (let l = 0; l <= maxBits; l++) countOfLength[l] = 0;
  let overflow = 0;
  for (let i = 0; i < n; i++) {
    let d = depth[i];
    if (d > maxBits) {
      d = maxBits;
      overflow += 1;
    }
    countOfLength[d] += 1;
  }
  while (overflow > 0) {
    let bits = maxBits - 1;
    while (countOfLength[bits] === 0) bits -= 1;
    countOfLength[bits] -= 1;
    countOfLength[bits + 1] += 2;
    countOfLength[maxBits] -= 1;
    overflow -= 2;
  }
  // Longest lengths to the least frequent symbols.
  let i = 0;
  for (let l = maxBits; l >= 1; l--) {
    for (let k = 0; k < countOfLength[l]; k++) {
      lengths[used[i]] = l;
      i += 1;
    }
  }
  return lengths;
}

/** The canonical codes (section 3.2.2) of `lengths`, bit-reversed for sending least significant bit first. */
export function canonicalCodes(lengths: number[], count: number): number[] {
  const lengthCount: number[] = [];
  for (let l = 0; l <= 15; l++) lengthCount[l] = 0;
  for (let s = 0; s < count; s++) lengthCount[lengths[s]] += 1;
  lengthCount[0] = 0;
  const nextCode: number[] = [0];
  let code = 0;
  for (let l = 1; l <= 15; l++) {
    nextCode[l] = code;
    code = (code + lengthCount[l]) * 2;
  }
  const codes: number[] = [];
  for (let s = 0; s < count; s++) {
    const l = lengths[s];
    if (l > 0) {
      codes[s] = reverseBits(nextCode[l], l);
      nextCode[l] += 1;
    } else {
      codes[s] = 0;
    }
  }
  return codes;
}
