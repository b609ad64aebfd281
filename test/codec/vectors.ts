// The codec vectors (see test/codec/vector-set.mjs, where they are built), with their types. They
// are built in a plain ES module so that test/codec/native-vectors.mjs, run by plain Node for the
// Java and C codecs' tests, writes out this same set.
import type zlib from "node:zlib";
// @ts-expect-error: a plain ES module without type declarations
import * as set from "./vector-set.mjs";

export interface InflateVector {
  name: string;
  windowBits: number;
  noContextTakeover: boolean;
  messages: string[];
  payloads: string[];
}

export interface CorruptVector {
  name: string;
  payload: string;
  errorIncludes: string;
  /**
   * A message cut short inside a block: zlib's inflate (and so the native codecs) waits for more
   * input and cannot say so, like ws and browsers, which deliver what came; only the pure codec,
   * which knows where the stream stands, fails it.
   */
  truncated?: boolean;
}

type BitField = [number, number] | ["huffman", number, number];

/** A deterministic byte string that does not compress (so zlib stores it). */
export const noise: (length: number, seed: number) => string = set.noise;
/** The messages the vectors compress: JSON updates and a snapshot, text with long repeats, binary noise, empty and 1-byte messages. */
export const sampleMessages: (big: boolean, tiny?: boolean) => string[] = set.sampleMessages;
/** Every zlib setting the vectors cover. */
export const inflateSettings: () => { name: string; options: zlib.ZlibOptions; noContextTakeover: boolean }[] = set.inflateSettings;
/** Every setting's messages as zlib compressed them, then the hand-made streams that must inflate. */
export const inflateVectors: (big: boolean, tiny?: boolean) => Promise<InflateVector[]> = set.inflateVectors;
/** A dynamic block whose distance code is a single code of one bit (RFC 1951 section 3.2.7). */
export const loneDistanceCodeBlock: (repeat: number, emptySlot?: boolean) => string = set.loneDistanceCodeBlock;
/** Bits to bytes, least significant bit first (RFC 1951 section 3.1.1). `huffman` entries are sent most significant bit first. */
export const bitString: (fields: BitField[]) => string = set.bitString;
/** Streams that must fail (1007): each breaks one rule of RFC 1951. */
export const corruptVectors: () => CorruptVector[] = set.corruptVectors;
