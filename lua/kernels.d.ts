/**
 * The hot byte kernels of the protocol core, hand-written in Lua (lua/kernels.lua) because the fastest
 * form differs per runtime (native operators on Lua 5.3+, LuaBitOp `bit` on LuaJIT and Solar2D's
 * `plugin.bit`, table look-ups on plain Lua 5.1) and TypeScript can express none of that portably.
 * Under Node the core runs on the TypeScript twin in test/support/kernels-twin.ts instead.
 *
 * Byte strings: every `string` here is a string of bytes (a Lua string; in the twin, a JavaScript
 * string whose char codes are 0-255).
 *
 * @noSelfInFile
 */

/**
 * The bit layer chosen at load time for this runtime (lua/bits.lua): "native-ops" (Lua 5.3/5.4,
 * wasmoon), "native-ops-int32" (fengari), "bitop" (LuaJIT, lua-bitop, Solar2D's plugin.bit), "bit32"
 * or "arith" (plain arithmetic). "twin" under Node.
 */
export declare const backend: string;

/** How `mask` works on this runtime: "ffi" (LuaJIT), "host" (wasmoon and fengari in the Node host), "words64" (Lua 5.3/5.4), "words32" or "lookup" (Lua 5.1). */
export declare const maskStrategy: string;

/** How `utf8Continue` works on this runtime: "utf8.len" (Lua 5.3+, where it is exact) or "dfa". */
export declare const utf8Strategy: string;

/**
 * XORs `data` with the 4-byte `key` repeated from the first byte (RFC 6455 section 5.3).
 * Masking is its own inverse. Returns a new string of the same length.
 */
export declare function mask(data: string, key: string): string;

/**
 * Incremental UTF-8 validation (RFC 3629, as RFC 6455 section 8.1 requires), for text messages that
 * arrive in fragments. `carry` is what the previous call returned for the same message ("" at the
 * start). Returns the bytes at the end of `chunk` that begin a sequence not yet complete (0-3 bytes,
 * always a valid prefix), or `undefined` as soon as the bytes can no longer be valid UTF-8: overlong
 * forms, surrogates, code points above U+10FFFF, stray continuation bytes, or a prefix that no byte
 * could complete. A message is valid when its last call returns "".
 */
export declare function utf8Continue(carry: string, chunk: string): string | undefined;

/** SHA-1 digest (20 raw bytes) of `data`, for Sec-WebSocket-Accept (RFC 6455 section 4.2.2). */
export declare function sha1(data: string): string;

/**
 * Lua's own `string.byte(s, i)` and `string.sub(s, i, j)` (1-based, `j` inclusive), for the core's
 * per-frame paths. TypeScript's `charCodeAt` and `slice` compile to helper functions that check
 * their arguments on every call; these are the C functions themselves. `byte` returns the byte at
 * `index`, or undefined past the end.
 */
export declare function byte(s: string, index: number): number;
export declare function sub(s: string, first: number, last?: number): string;

/** How `join` works on this runtime: "one-pass" (PUC Lua 5.1) or "concat" (table.concat). */
export declare const joinStrategy: string;

/**
 * The one string made of list[0 .. count - 1] (all of `list` when count is undefined), as
 * `list.join("")` makes it, with as few copies of the bytes as this runtime allows: on PUC Lua 5.1,
 * where table.concat copies a big join about log2(values) times, each group of up to `joinGroup`
 * values is copied twice, whatever their number.
 */
export declare function join(list: string[], count?: number): string;

/** Values the "one-pass" strategy joins in one pass (a larger list takes one more level per group). */
export declare const joinGroup: number;

/** True where table.concat merges its values pairwise (PUC Lua 5.1: luaL_Buffer's levels), so that
 *  joining many slices at once copies everything about log2(slices) times; false where it grows one
 *  buffer (Lua 5.2+, LuaJIT). */
export declare const concatMergesPairwise: boolean;
