/**
 * The constants of the DEFLATE format (RFC 1951 section 3.2.5-3.2.7), shared by the inflater and
 * the deflater, plus the powers of two that stand in for shifts (the codec has no bit operators:
 * `x % POW2[n]` is the low n bits, `(x - x % POW2[n]) / POW2[n]` is `x >> n`). Powers are floats
 * (`2 ** n`) so that fengari's 32-bit integers never wrap.
 */

/** POW2[n] == 2^n for n = 0..32. */
export const POW2: number[] = [];
for (let n = 0; n <= 32; n++) POW2[n] = 2 ** n;

/** Length codes 257..285: base lengths and extra bits (section 3.2.5), indexed by code - 257. */
export const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
export const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

/** Distance codes 0..29: base distances and extra bits (section 3.2.5). */
export const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
export const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** The order in which code length code lengths are sent (section 3.2.7). */
export const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

export const END_OF_BLOCK = 256;
export const MAX_MATCH = 258;

/** The fixed literal/length code lengths (section 3.2.6): 0-143 8 bits, 144-255 9, 256-279 7, 280-287 8. */
export function fixedLiteralLengths(): number[] {
  const lengths: number[] = [];
  for (let s = 0; s < 288; s++) lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
  return lengths;
}

/** The fixed distance code lengths: 30 codes (and the two unused 30, 31) of 5 bits. */
export function fixedDistanceLengths(): number[] {
  const lengths: number[] = [];
  for (let s = 0; s < 32; s++) lengths[s] = 5;
  return lengths;
}

/** REVERSED_BYTE[b]: the 8 bits of b in reverse order. */
export const REVERSED_BYTE: number[] = [];
for (let b = 0; b < 256; b++) {
  let reversed = 0;
  let rest = b;
  for (let i = 0; i < 8; i++) {
    const low = rest % 2;
    reversed = reversed * 2 + low;
    rest = (rest - low) / 2;
  }
  REVERSED_BYTE[b] = reversed;
}

/** `code` (of `length` bits, at most 16) with its bits in reverse order: Huffman codes are sent most significant bit first (section 3.1.1). */
export function reverseBits(code: number, length: number): number {
  const low = code % 256;
  // Both bytes reversed and swapped reverse all 16 bits; the extra low bits then drop off exactly.
  return (REVERSED_BYTE[low] * 256 + REVERSED_BYTE[(code - low) / 256]) / POW2[16 - length];
}
