// The TypeScript twin of lua/codec-kernels.lua (contract: lua/codec-kernels.d.ts), on which the
// DEFLATE codec runs under vitest. Written to be obviously right; the Lua file is held to the same
// answers by running the codec vectors on the built plugin in every runtime.

/** Lua's string.byte(s, i): the byte at 1-based `index` (undefined past the end). */
export function byte(s: string, index: number): number {
  return index >= 1 && index <= s.length ? s.charCodeAt(index - 1) : (undefined as unknown as number);
}

/** Lua's string.byte(s, i, j): the bytes at 1-based i .. j, as many values (an array here). */
export function bytes(s: string, first: number, last: number): number[] {
  const values: number[] = [];
  for (let i = first; i <= last && i <= s.length; i++) values.push(s.charCodeAt(i - 1));
  return values;
}

/** Lua's string.sub(s, i, j) for 1-based i >= 1 and j >= i - 1. */
export function sub(s: string, first: number, last?: number): string {
  return s.substring(first - 1, last === undefined ? s.length : last);
}

export function chars(values: number[], first: number, end: number): string {
  let out = "";
  for (let i = first; i < end; i += 4096) out += String.fromCharCode(...values.slice(i, Math.min(end, i + 4096)));
  return out;
}

export function copyBack(values: number[], first: number, distance: number, length: number): void {
  for (let i = first; i < first + length; i++) values[i] = values[i - distance];
}

/** Both ways of copying run under Node: short matches inline, the rest through copyBack. */
export const inlineCopyBelow = 17;

/** No compiler to leave a function to the interpreter of under Node. */
export function leaveUncompiled(_fn: unknown): void {}

export function fill(values: number[], first: number, step: number, stop: number, value: number): void {
  for (let i = first; i < stop; i += step) values[i] = value;
}

export function copyFromString(values: number[], first: number, s: string, from: number, count: number): void {
  for (let k = 0; k < count; k++) values[first + k] = s.charCodeAt(from - 1 + k);
}

export function matchLength(s: string, a: number, b: number, limit: number): number {
  let n = 0;
  while (n < limit && s.charCodeAt(a - 1 + n) === s.charCodeAt(b - 1 + n)) n++;
  return n;
}

export function sortNumbers(values: number[]): void {
  values.sort((a, b) => a - b);
}

/** No hand-written deflate scan under Node: the deflater runs its TypeScript reference (scanPositions). */
export const deflateScan = undefined;

/** Nor a hand-written Huffman encoding: the deflater runs encodeSymbols. */
export const deflateEncode = undefined;
