// How the pure deflater (ts/codec/deflate.ts) codes a block: a block of fewer than 100 symbols gets
// stored or fixed coding even where a dynamic code would be shorter (building one costs more than it
// saves on so few symbols), and from 100 symbols on the dynamic code is offered again. The messages
// alternate one byte with distinct others, so no trigram repeats (one literal per byte) and half the
// symbols are one byte: a dynamic code gives it one bit where the fixed code and storing take 8 or 9.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { PureDeflater } from "../ts/codec/deflate";
import { deflateAll } from "./codec/run-codec";

/** `count` bytes: 250, 150, 250, 151, 250, 152, ... (distinct trigrams). */
function skewedLiterals(count: number): string {
  let s = "";
  for (let i = 0; i < count; i++) s += String.fromCharCode(i % 2 === 0 ? 250 : 150 + (i - 1) / 2);
  return s;
}

/** BTYPE of the first block (RFC 1951 section 3.2.3): 0 stored, 1 fixed, 2 dynamic; BFINAL must be 0. */
function firstBlockType(payload: string): number {
  const first = payload.charCodeAt(0);
  expect(first % 2, "BFINAL").toBe(0);
  return ((first - (first % 2)) / 2) % 4;
}

function deflateOne(message: string): string {
  const [payload] = deflateAll(new PureDeflater({ windowBits: 15, noContextTakeover: true, level: 1 }), [message], 65536).payloads;
  // What the peer does: the sync flush's 00 00 ff ff back on, then inflate.
  const inflated = zlib.inflateRawSync(Buffer.concat([Buffer.from(payload, "latin1"), Buffer.from([0, 0, 255, 255])]), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  expect(inflated.toString("latin1")).toBe(message);
  return payload;
}

describe("block coding of the pure deflater", () => {
  it("stores a block of 99 symbols that a dynamic code would make shorter", () => {
    const payload = deflateOne(skewedLiterals(99));
    expect(firstBlockType(payload)).toBe(0);
    // The dynamic code would have been shorter than the stored block: 100 symbols, just past the
    // limit, already get one and come out shorter than 99 stored bytes.
    expect(deflateOne(skewedLiterals(100)).length).toBeLessThan(payload.length);
  });

  it("offers the dynamic code from 100 symbols on", () => {
    expect(firstBlockType(deflateOne(skewedLiterals(100)))).toBe(2);
  });

  it("codes a small block with the fixed code where that is shorter than storing it", () => {
    // 60 symbols of which most are matches (a repeated phrase): fixed beats stored.
    const payload = deflateOne("abcdefgh".repeat(20));
    expect(firstBlockType(payload)).toBe(1);
  });
});
