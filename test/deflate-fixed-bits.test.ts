// The fixed code's size of a small block, counted from its symbols (fixedCodedBits, what the pure
// deflater uses below 100 symbols to choose between stored and fixed coding), must equal the count
// from the block's frequencies (codedBits). The frequencies here come from the RFC 1951 tables
// directly (section 3.2.5), by search rather than the deflater's look-up tables, and the blocks take
// every length and the distances at each code's edges.
import { describe, expect, it } from "vitest";
import { codedBits, fixedCodedBits } from "../ts/codec/deflate";
import { DIST_BASE, END_OF_BLOCK, fixedDistanceLengths, fixedLiteralLengths, LENGTH_BASE } from "../ts/codec/deflate-format";

const MATCH_DISTANCE_UNIT = 1024;

function codeOf(bases: number[], value: number): number {
  let c = bases.length - 1;
  while (bases[c] > value) c -= 1;
  return c;
}

/** The frequencies codedBits reads: literals and length codes 257.., distance codes, end of block once. */
function frequenciesOf(symbols: number[]): { literals: number[]; distances: number[] } {
  const literals = new Array<number>(286).fill(0);
  const distances = new Array<number>(30).fill(0);
  for (const symbol of symbols) {
    if (symbol < END_OF_BLOCK) {
      literals[symbol] += 1;
    } else {
      const length = (symbol % MATCH_DISTANCE_UNIT) - 256;
      const distance = (symbol - (symbol % MATCH_DISTANCE_UNIT)) / MATCH_DISTANCE_UNIT;
      literals[length === 258 ? 285 : 257 + codeOf(LENGTH_BASE.slice(0, 28), length)] += 1;
      distances[codeOf(DIST_BASE, distance)] += 1;
    }
  }
  literals[END_OF_BLOCK] = 1;
  return { literals, distances };
}

function match(length: number, distance: number): number {
  return 256 + length + distance * MATCH_DISTANCE_UNIT;
}

describe("the fixed code's bits of a small block", () => {
  it("equal codedBits over the block's frequencies, for every length and each distance code's edges", () => {
    const edges: number[] = [];
    for (let c = 0; c < 30; c++) edges.push(DIST_BASE[c], c === 29 ? 32768 : DIST_BASE[c + 1] - 1);
    // Deterministic blocks (no randomness): literals across both fixed literal lengths, matches of
    // every length 3..258 against every edge distance in turn, up to 99 symbols each.
    let k = 0;
    const blocks: number[][] = [[]];
    for (let length = 3; length <= 258; length++) {
      const block: number[] = [];
      for (let j = 0; j < 99; j++) {
        k += 1;
        block.push(j % 3 === 0 ? (k * 37) % 256 : match(length, edges[k % edges.length]));
      }
      blocks.push(block);
    }
    const literalLengths = fixedLiteralLengths();
    const distanceLengths = fixedDistanceLengths();
    for (const block of blocks) {
      const { literals, distances } = frequenciesOf(block);
      expect(fixedCodedBits(block, block.length)).toBe(codedBits(literals, literalLengths, distances, distanceLengths));
    }
    // Only `count` symbols count: the array's stale rest is ignored.
    const stale = [65, match(10, 300), 200];
    expect(fixedCodedBits(stale, 1)).toBe(7 + 8);
  });
});
