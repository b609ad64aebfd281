/**
 * The few byte primitives the DEFLATE codec (ts/codec/) needs from Lua itself, hand-written in Lua
 * (lua/codec-kernels.lua) because TypeScript's `charCodeAt` / `String.fromCharCode` compile to helpers
 * that check their arguments on every call, and because only Lua can pass many values at once
 * (`string.char(unpack(t, i, j))`). Under Node the codec runs on the twin in
 * test/support/codec-kernels-twin.ts instead.
 *
 * Arrays here are TypeScript arrays (0-based in TypeScript, 1-based tables in Lua): `first` and `end`
 * are TypeScript indices, `end` exclusive.
 *
 * @noSelfInFile
 */
import type { SymbolCodes } from "../ts/codec/deflate";

/** Lua's `string.byte(s, index)`: the byte at 1-based `index`, undefined past the end. */
export declare function byte(s: string, index: number): number;

/** Lua's `string.byte(s, first, last)`: the bytes at 1-based `first` .. `last`, as many values. */
export declare function bytes(s: string, first: number, last: number): LuaMultiReturn<number[]>;

/** Lua's `string.sub(s, first, last)` (1-based, `last` inclusive). */
export declare function sub(s: string, first: number, last?: number): string;

/** The bytes `values[first]` .. `values[end - 1]` as a string (`string.char` over blocks of values). */
export declare function chars(values: number[], first: number, end: number): string;

/** `values[first + k] = values[first + k - distance]` for k = 0 .. length - 1, in that order (an LZ77 copy, which may overlap itself). */
export declare function copyBack(values: number[], first: number, distance: number, length: number): void;

/** `values[i] = value` for i = first, first + step, first + 2 * step, ... while i < stop (a strided fill: step >= 1). */
export declare function fill(values: number[], first: number, step: number, stop: number, value: number): void;

/**
 * `values[first + k] = byte(s, from + k)` for k = 0 .. count - 1 (`from` 1-based, count >= 1): a match
 * copied from the window's string. It may also write `values[first + count]` .. `values[first + count + 6]`
 * (anything, nil included): they must be free.
 */
export declare function copyFromString(values: number[], first: number, s: string, from: number, count: number): void;

/** Matches shorter than this are copied by the caller's own loop rather than by copyBack (1 on PUC Lua, 17 on LuaJIT). */
export declare const inlineCopyBelow: number;

/**
 * Leaves a function to LuaJIT's interpreter (`jit.off(fn)`; nothing elsewhere): for a function whose
 * traces LuaJIT aborts again and again, each attempt costing more than interpreting it.
 */
export declare function leaveUncompiled(fn: unknown): void;

/** How many bytes agree from 1-based positions `a` and `b` of `s`, up to `limit` (both runs lie inside `s`). */
export declare function matchLength(s: string, a: number, b: number, limit: number): number;


/** Sorts an array of numbers in ascending order, in place (Lua's table.sort, without a comparator). */
export declare function sortNumbers(values: number[]): void;

/**
 * The deflater's LZ77 scan hand-written in Lua (lua/kernels/deflate.lua): the contract and the
 * answers of `scanPositions` in ts/codec/deflate.ts, which the deflater runs where this is absent
 * (under Node). Arrays are TypeScript arrays; `progress` gets [next index, symbol count, new trigrams].
 */
export declare const deflateScan:
  | ((
      buffer: string,
      i: number,
      sliceEnd: number,
      offset: number,
      lowest: number,
      head: number[],
      previous: number[],
      chainSpan: number,
      chainLength: number,
      niceLength: number,
      maxDistance: number,
      insertAll: boolean,
      symbols: number[],
      symbolCount: number,
      symbolLimit: number,
      literalFrequencies: number[],
      distanceFrequencies: number[],
      progress: number[],
    ) => void)
  | undefined;

/**
 * The deflater's Huffman encoding of a block's symbols hand-written in Lua (lua/kernels/deflate.lua):
 * the contract and the bytes of `encodeSymbols` in ts/codec/deflate.ts, which runs where this is
 * absent. `progress` gets [byte count, bit buffer, bit count]. It may keep a field of its own in `codes`.
 */
export declare const deflateEncode:
  | ((
      symbols: number[],
      count: number,
      codes: SymbolCodes,
      bytes: number[],
      byteCount: number,
      bitBuffer: number,
      bitCount: number,
      parts: string[],
      progress: number[],
    ) => void)
  | undefined;

/**
 * The inflater's inner loop in hand-written Lua (lua/kernels/inflate.lua), decodeFast of
 * ts/codec/inflate.ts with the same state and answers: decodes while more than 6 input bytes are left
 * and `out <= limit - 258`. Returns the stop (0 end of block, 3 error, -1 the careful loop goes on),
 * the new `out`, `next`, `bits` and `bitCount`, and an error's message. Undefined where the codec runs
 * on the TypeScript twin (under Node): the TypeScript loop runs instead.
 */
export declare const inflateFast:
  | ((
      window: number[],
      out: number,
      input: string,
      next: number,
      bits: number,
      bitCount: number,
      limit: number,
      literals: number[],
      literalRoot: number,
      distances: number[],
      distanceRoot: number,
      windowSize: number,
      history: string,
    ) => LuaMultiReturn<[number, number, number, number, number, string | undefined]>)
  | undefined;

/**
 * buildDecodeTable of ts/codec/huffman-decode.ts in hand-written Lua (lua/kernels/inflate.lua): the
 * same table or the same error message for the same arguments. Undefined under Node, where the
 * TypeScript function runs.
 */
export declare const buildDecodeTable:
  | ((lengths: number[], count: number, maxRootBits: number, complete: boolean, reuse: number[] | undefined) => { entries: number[]; rootBits: number; rootSize: number } | string)
  | undefined;
