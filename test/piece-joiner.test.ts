// The joiner that keeps a big incoming message's slices (ts/core/piece-joiner.ts): whatever the
// slice sizes, the joined message is the slices in order, byte for byte, and the joiner is empty and
// reusable afterwards. Sizes cross its run boundaries (256 KiB, or 64 slices) and the join kernel's
// group (more than 64 runs: a last join of two levels).
import { describe, expect, it } from "vitest";
import { PieceJoiner } from "../ts/core/piece-joiner";

/** `count` bytes whose values depend on their offset from `start`, so a slice out of place shows. */
const PATTERN = Array.from({ length: 251 * 64 }, (_, i) => String.fromCharCode(i % 251)).join("");
function bytes(start: number, count: number): string {
  const parts: string[] = [];
  for (let at = start; count > 0; ) {
    const from = at % 251;
    const take = Math.min(count, PATTERN.length - from);
    parts.push(PATTERN.substring(from, from + take));
    count -= take;
    at += take;
  }
  return parts.join("");
}

function joinSlices(sizes: number[]): { joined: string; expected: string } {
  const joiner = new PieceJoiner();
  const slices: string[] = [];
  let offset = 0;
  for (const size of sizes) {
    const slice = bytes(offset, size);
    offset += size;
    slices.push(slice);
    joiner.add(slice);
  }
  expect(joiner.count).toBe(sizes.length);
  const joined = joiner.join();
  expect(joiner.count).toBe(0);
  return { joined, expected: slices.join("") };
}

const KIB = 1024;
const MIB = 1024 * KIB;

describe("PieceJoiner", () => {
  const cases: [string, number[]][] = [
    ["nothing", []],
    ["one slice", [10]],
    ["4 KiB slices up to just under one run", Array(63).fill(4 * KIB).concat([4 * KIB - 1])],
    ["4 KiB slices making 3 MiB and a bit (12 runs and an open one)", Array(3 * 256 + 5).fill(4 * KIB)],
    ["one 256 KiB read after another, 20 MiB: more than 64 runs", Array(80).fill(256 * KIB)],
    ["100-byte slices: runs closed by their count, not their bytes", Array(64 * 3 + 1).fill(100)],
    ["uneven slices: 1 byte, a big read, 64 KiB slices, a 3 MiB read", [1, 700 * KIB, ...Array(40).fill(64 * KIB), 3 * MIB, 7, 300 * KIB]],
  ];
  for (const [name, sizes] of cases) {
    it(name, () => {
      const { joined, expected } = joinSlices(sizes);
      expect(joined.length).toBe(expected.length);
      expect(joined === expected).toBe(true);
    });
  }

  it("is reusable: a second message joined after the first holds nothing of it", () => {
    const joiner = new PieceJoiner();
    for (let i = 0; i < 70; i++) joiner.add(bytes(i * 4096, 4096));
    joiner.join();
    joiner.add("b");
    joiner.add("c");
    expect(joiner.join()).toBe("bc");
  });
});
